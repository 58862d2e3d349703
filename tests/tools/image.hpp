// A small RGB image type for the test tools: load and save PNG and binary PPM, and look for the
// shared test pattern (tests/common/pattern.hpp) in a capture. Pixels are kept as 0x00RRGGBB
// words so a comparison with pattern_pixel() is one mask and one compare. Any thread; no state.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace wrd::tools {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<uint32_t> pixels;  // 0x00RRGGBB, row-major, no padding

    Image() = default;
    Image(int w, int h) : width(w), height(h), pixels(static_cast<size_t>(w) * static_cast<size_t>(h)) {}

    size_t index(int x, int y) const {
        return static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x);
    }
    uint32_t at(int x, int y) const { return pixels[index(x, y)]; }
    uint32_t& at(int x, int y) { return pixels[index(x, y)]; }
    bool contains(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }
};

// Errors are one readable line naming the file and the cause.
std::expected<Image, std::string> load_image(const std::string& path);  // PNG or PPM, by content
std::expected<void, std::string> save_image(const Image& img, const std::string& path);  // by extension

std::expected<Image, std::string> load_png(const std::string& path);
// A PNG held in memory (a clipboard's bytes); `what` names it in errors.
std::expected<Image, std::string> decode_png(const void* data, size_t size, const std::string& what);
std::expected<void, std::string> save_png(const Image& img, const std::string& path);
std::expected<Image, std::string> load_ppm(const std::string& path);
std::expected<void, std::string> save_ppm(const Image& img, const std::string& path);

struct Point {
    int x = 0;
    int y = 0;
    bool operator==(const Point&) const = default;
};

struct Mismatch {
    Point at;            // image coordinates
    uint32_t got = 0;    // 0xRRGGBB; 0 when `at` lies outside the image
    uint32_t want = 0;   // 0xRRGGBB
    bool outside = false;
};

struct PatternCheck {
    size_t mismatches = 0;        // pixels of the rectangle that are wrong (outside counts as wrong)
    std::vector<Mismatch> first;  // the first few, in row order
};

// How two images differ over one rectangle; what wrd-imgcheck --compare prints.
struct Comparison {
    size_t pixels = 0;           // compared
    size_t differing = 0;        // pixels with any channel different
    int max_difference = 0;      // the largest difference of one channel, 0..255
    double psnr = 0;             // over the R, G and B samples, in dB; infinity when identical
    std::optional<Point> first;  // the first differing pixel, in row order
};

// Compares the w x h rectangle at (x, y) of two images; both must contain it.
Comparison compare_images(const Image& a, const Image& b, int x, int y, int w, int h);

// Compares the w x h rectangle at (x, y) with pattern_pixel(px - x, py - y), ignoring alpha.
PatternCheck check_pattern(const Image& img, int x, int y, int w, int h, size_t keep = 5);

// Where a w x h pattern sits exactly (its whole rectangle matches), top-most then left-most.
// pattern_pixel repeats with period (128,128), (1024,0) and (0,1024), so inside a larger
// pattern window whose top-left is covered (by the cursor, say) this finds a later repeat.
std::optional<Point> find_pattern(const Image& img, int w, int h);

}  // namespace wrd::tools
