// The cursor through wrd_session_v1: image with hotspot, hidden, position, composited or not.
#include <sys/mman.h>
#include <unistd.h>

#include "session_fixture.hpp"
#include "unique_fd.hpp"
#include "wayland/session_cursor.hpp"

namespace wrd::rdp::test {
namespace {

class CursorTest : public SessionTest {
protected:
    void SetUp() override { start(); }

    void move_pointer(uint32_t x, uint32_t y) {
        session_->pointer().motion_absolute(x, y, output_width, output_height);
        session_->pointer().frame();
    }
};

TEST_F(CursorTest, ClientCursorArrivesWithItsHotspotAndPosition) {
    ASSERT_TRUE(session_->has_session_protocol());
    // At once on connecting: the compositor's default image and where the pointer is.
    ASSERT_TRUE(pump_until([&] { return !cursor_images_.empty() && !cursor_positions_.empty(); }));
    ChildProcess& client = pattern_client({"--size", "200x100", "--cursor"});
    const Rect window = centred(200, 100);
    const size_t images = cursor_images_.size();
    move_pointer(window.x + 50, window.y + 60);
    ASSERT_TRUE(wait_line(client, "^pointer_enter "));
    ASSERT_TRUE(pump_until([&] {
        return cursor_images_.size() > images && cursor_images_.back().width == 16;
    })) << "the client's cursor image did not arrive";
    const CursorImage& image = cursor_images_.back();
    EXPECT_EQ(image.height, 16);
    EXPECT_EQ(image.hotspot_x, 3);
    EXPECT_EQ(image.hotspot_y, 5);
    EXPECT_GT(image.serial, cursor_images_.front().serial);
    ASSERT_EQ(image.pixels.size(), 256u);
    // tests/clients: opaque red top-left pixel, opaque green elsewhere.
    EXPECT_EQ(image.pixels[0], 0xffff0000u);
    EXPECT_EQ(image.pixels[1], 0xff00ff00u);
    EXPECT_EQ(image.pixels[255], 0xff00ff00u);
    ASSERT_TRUE(pump_until([&] {
        return cursor_positions_.back() == std::pair<double, double>(window.x + 50, window.y + 60);
    })) << "last position " << cursor_positions_.back().first << "," << cursor_positions_.back().second;
}

TEST_F(CursorTest, HiddenCursorIsReported) {
    pattern_client({"--size", "200x100", "--hide-cursor"});
    const Rect window = centred(200, 100);
    move_pointer(window.x + 20, window.y + 20);
    EXPECT_TRUE(pump_until([&] { return cursor_hidden_ > 0; }));
}

TEST_F(CursorTest, NotCompositedKeepsTheCursorOutOfFrames) {
    const auto cursor_pixels = [&] {
        const auto& view = frames_.back()->view();
        int count = 0;
        for (int32_t y = 96; y < 136; ++y)
            for (int32_t x = 96; x < 136; ++x) count += rgb_at(view, x, y) != 0x102030u;
        return count;
    };
    move_pointer(100, 100);
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(pump_until([&] { return !frames_.empty() && cursor_pixels() > 0; }))
        << "the composited cursor is not in the frames";
    session_->set_cursor_composited(false);
    ASSERT_TRUE(pump_until([&] { return cursor_pixels() == 0; })) << "the cursor stays in the frames";
    session_->set_cursor_composited(true);
    EXPECT_TRUE(pump_until([&] { return cursor_pixels() > 0; })) << "the cursor did not come back";
}

TEST(Unpremultiply, GivesStraightAlpha) {
    std::vector<uint32_t> pixels{
        0xff123456,  // opaque: unchanged
        0x00000000,  // transparent
        0x00ffffff,  // transparent with junk colour: cleared
        0x80404040,  // half alpha: colour doubles (64 * 255 / 128 = 127.5, rounded up)
        0x80808080,  // premultiplied white at half alpha
        0x10ff0000,  // invalid (colour above alpha): capped at 255
    };
    unpremultiply(pixels);
    EXPECT_EQ(pixels[0], 0xff123456u);
    EXPECT_EQ(pixels[1], 0x00000000u);
    EXPECT_EQ(pixels[2], 0x00000000u);
    EXPECT_EQ(pixels[3], 0x80808080u);
    EXPECT_EQ(pixels[4], 0x80ffffffu);
    EXPECT_EQ(pixels[5], 0x10ff0000u);
}

TEST(ReadCursorPixels, RejectsAFileTooSmallForTheImage) {
    UniqueFd fd(::memfd_create("cursor", MFD_CLOEXEC));
    ASSERT_TRUE(fd);
    ASSERT_EQ(::ftruncate(fd.get(), 16 * 4 * 15), 0);
    EXPECT_FALSE(read_cursor_pixels(fd.get(), 16, 16, 64));
    EXPECT_FALSE(read_cursor_pixels(fd.get(), 16, 15, 32));  // stride below a row
    auto ok = read_cursor_pixels(fd.get(), 16, 15, 64);
    ASSERT_TRUE(ok) << ok.error();
    EXPECT_EQ(ok->size(), 16u * 15u);
}

}  // namespace
}  // namespace wrd::rdp::test
