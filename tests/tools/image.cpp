// Image loading and saving by file type, and binary PPM (P6), which needs no library and is
// what a shell test can produce with a few lines of printf. PNG lives in png_io.cpp.
#include "image.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>

namespace wrd::tools {
namespace {

bool ends_with_ci(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size()) return false;
    for (size_t i = 0; i < suffix.size(); ++i) {
        char c = s[s.size() - suffix.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != suffix[i]) return false;
    }
    return true;
}

// A PPM header is ASCII tokens separated by whitespace, with '#' comments to the end of a line.
class PpmHeader {
public:
    explicit PpmHeader(const std::string& data) : data_(data) {}

    std::optional<long> next_number() {
        skip_space_and_comments();
        long v = 0;
        size_t start = pos_;
        while (pos_ < data_.size() && data_[pos_] >= '0' && data_[pos_] <= '9') {
            v = v * 10 + (data_[pos_++] - '0');
            if (v > 1'000'000) return std::nullopt;
        }
        if (pos_ == start) return std::nullopt;
        return v;
    }
    // Exactly one whitespace byte separates the maxval from the raster (netpbm's ppm(5)).
    bool skip_one_space() {
        if (pos_ >= data_.size() || !is_space(data_[pos_])) return false;
        ++pos_;
        return true;
    }
    size_t pos() const { return pos_; }

private:
    static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
    void skip_space_and_comments() {
        while (pos_ < data_.size()) {
            if (is_space(data_[pos_])) {
                ++pos_;
            } else if (data_[pos_] == '#') {
                while (pos_ < data_.size() && data_[pos_] != '\n') ++pos_;
            } else {
                break;
            }
        }
    }

    const std::string& data_;
    size_t pos_ = 2;  // after "P6"
};

struct FileCloser {
    void operator()(FILE* f) const { std::fclose(f); }
};

std::expected<std::string, std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(path + ": cannot open for reading");
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return std::unexpected(path + ": read error");
    return data;
}

}  // namespace

std::expected<Image, std::string> load_image(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(path + ": cannot open for reading");
    char magic[8] = {};
    in.read(magic, sizeof magic);
    if (in.gcount() >= 8 && std::string(magic, 8) == "\x89PNG\r\n\x1a\n") return load_png(path);
    if (in.gcount() >= 2 && magic[0] == 'P' && magic[1] == '6') return load_ppm(path);
    return std::unexpected(path + ": neither a PNG nor a binary PPM (P6) file");
}

std::expected<void, std::string> save_image(const Image& img, const std::string& path) {
    if (ends_with_ci(path, ".png")) return save_png(img, path);
    if (ends_with_ci(path, ".ppm")) return save_ppm(img, path);
    return std::unexpected(path + ": unknown image type; use a .png or .ppm name");
}

std::expected<Image, std::string> load_ppm(const std::string& path) {
    auto data = read_file(path);
    if (!data) return std::unexpected(data.error());
    if (data->size() < 2 || data->compare(0, 2, "P6") != 0) return std::unexpected(path + ": not a binary PPM (P6)");
    PpmHeader header(*data);
    auto w = header.next_number();
    auto h = header.next_number();
    auto maxval = header.next_number();
    if (!w || !h || !maxval || *w < 1 || *h < 1 || *maxval < 1 || *maxval > 65535 || !header.skip_one_space())
        return std::unexpected(path + ": malformed PPM header");
    // Samples are one byte below 256 and two big-endian bytes from 256 on.
    const size_t sample = *maxval < 256 ? 1 : 2;
    const size_t need = static_cast<size_t>(*w) * static_cast<size_t>(*h) * 3 * sample;
    if (data->size() - header.pos() < need) return std::unexpected(path + ": PPM raster is truncated");
    const auto* p = reinterpret_cast<const unsigned char*>(data->data() + header.pos());
    auto read_sample = [&]() -> uint32_t {
        uint32_t v = *p++;
        if (sample == 2) v = (v << 8) | *p++;
        return static_cast<uint32_t>((v * 255 + static_cast<uint32_t>(*maxval) / 2) / static_cast<uint32_t>(*maxval));
    };
    Image img(static_cast<int>(*w), static_cast<int>(*h));
    for (uint32_t& px : img.pixels) {
        const uint32_t r = read_sample();
        const uint32_t g = read_sample();
        const uint32_t b = read_sample();
        px = (r << 16) | (g << 8) | b;
    }
    return img;
}

std::expected<void, std::string> save_ppm(const Image& img, const std::string& path) {
    std::unique_ptr<FILE, FileCloser> f(std::fopen(path.c_str(), "wb"));
    if (!f) return std::unexpected(path + ": cannot open for writing");
    std::fprintf(f.get(), "P6\n%d %d\n255\n", img.width, img.height);
    std::vector<unsigned char> row(static_cast<size_t>(img.width) * 3);
    for (int y = 0; y < img.height; ++y) {
        for (int x = 0; x < img.width; ++x) {
            const uint32_t px = img.at(x, y);
            row[static_cast<size_t>(x) * 3 + 0] = static_cast<unsigned char>(px >> 16);
            row[static_cast<size_t>(x) * 3 + 1] = static_cast<unsigned char>(px >> 8);
            row[static_cast<size_t>(x) * 3 + 2] = static_cast<unsigned char>(px);
        }
        if (std::fwrite(row.data(), 1, row.size(), f.get()) != row.size())
            return std::unexpected(path + ": write error");
    }
    if (std::fclose(f.release()) != 0) return std::unexpected(path + ": write error");
    return {};
}

Comparison compare_images(const Image& a, const Image& b, int x, int y, int w, int h) {
    Comparison c;
    double squared = 0;
    for (int py = y; py < y + h; ++py) {
        for (int px = x; px < x + w; ++px) {
            const uint32_t pa = a.at(px, py);
            const uint32_t pb = b.at(px, py);
            bool differs = false;
            for (int shift = 0; shift <= 16; shift += 8) {
                const int d = std::abs(static_cast<int>((pa >> shift) & 0xff) - static_cast<int>((pb >> shift) & 0xff));
                squared += static_cast<double>(d) * d;
                c.max_difference = std::max(c.max_difference, d);
                differs = differs || d != 0;
            }
            if (differs && c.differing++ == 0) c.first = Point{px, py};
            ++c.pixels;
        }
    }
    // PSNR = 10 log10(MAX^2 / MSE) with MAX = 255 for 8-bit samples.
    const double mse = c.pixels ? squared / (3.0 * static_cast<double>(c.pixels)) : 0;
    c.psnr = mse == 0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(255.0 * 255.0 / mse);
    return c;
}

}  // namespace wrd::tools
