// The probe's byte-level pieces that need no server: picking frame acknowledgements out of
// drdynvc traffic, decoding pointer images, writing RGBA PNGs.
#include <png.h>

#include <cstring>

#include <gtest/gtest.h>

#include "frame_ack_gate.hpp"
#include "pointer.hpp"
#include "rgba_png.hpp"

namespace wrd::probe {
namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> list) {
    std::vector<uint8_t> out;
    for (int b : list) out.push_back(static_cast<uint8_t>(b));
    return out;
}

// MS-RDPEDYC 2.2.2.1: Cmd 1, cbChId 0 (one byte), channel 7, the graphics channel's name.
std::vector<uint8_t> create_request(uint8_t first, std::vector<uint8_t> id, std::string_view name) {
    std::vector<uint8_t> pdu{first};
    pdu.insert(pdu.end(), id.begin(), id.end());
    pdu.insert(pdu.end(), name.begin(), name.end());
    pdu.push_back(0);
    return pdu;
}

// A DATA PDU (Cmd 3) on a two-byte channel id carrying a Frame Acknowledge.
std::vector<uint8_t> frame_ack(uint16_t channel) {
    auto pdu = bytes({0x31, channel & 0xff, channel >> 8});
    const auto body = bytes({0x0d, 0, 0, 0, 20, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0});
    pdu.insert(pdu.end(), body.begin(), body.end());
    return pdu;
}

TEST(DvcHeader, ReadsEachChannelIdSize) {
    auto one = parse_dvc_header(bytes({0x30, 0x07}));
    ASSERT_TRUE(one);
    EXPECT_EQ(one->command, DATA_PDU);
    EXPECT_EQ(one->channel_id, 7u);
    EXPECT_EQ(one->size, 2u);
    auto two = parse_dvc_header(bytes({0x11, 0x34, 0x12}));
    ASSERT_TRUE(two);
    EXPECT_EQ(two->command, CREATE_REQUEST_PDU);
    EXPECT_EQ(two->channel_id, 0x1234u);
    auto four = parse_dvc_header(bytes({0x32, 0x78, 0x56, 0x34, 0x12}));
    ASSERT_TRUE(four);
    EXPECT_EQ(four->channel_id, 0x12345678u);
    EXPECT_EQ(four->size, 5u);
    EXPECT_FALSE(parse_dvc_header(bytes({0x32, 0x78, 0x56})));
    EXPECT_FALSE(parse_dvc_header({}));
}

TEST(DvcHeader, FindsTheGraphicsChannelByName) {
    EXPECT_EQ(created_channel(create_request(0x10, {7}, RDPGFX_DVC_CHANNEL_NAME), RDPGFX_DVC_CHANNEL_NAME), 7u);
    // The priority bits (Sp) do not matter; a longer or other name does.
    EXPECT_EQ(created_channel(create_request(0x15, {9, 0}, RDPGFX_DVC_CHANNEL_NAME), RDPGFX_DVC_CHANNEL_NAME), 9u);
    EXPECT_FALSE(created_channel(create_request(0x10, {7}, DISP_DVC_CHANNEL_NAME), RDPGFX_DVC_CHANNEL_NAME));
    EXPECT_FALSE(created_channel(create_request(0x10, {7}, "Microsoft::Windows::RDS::GraphicsX"),
                                 RDPGFX_DVC_CHANNEL_NAME));
    // A data PDU that happens to carry the name is not a create request.
    EXPECT_FALSE(created_channel(create_request(0x30, {7}, RDPGFX_DVC_CHANNEL_NAME), RDPGFX_DVC_CHANNEL_NAME));
    auto unterminated = create_request(0x10, {7}, RDPGFX_DVC_CHANNEL_NAME);
    unterminated.pop_back();
    EXPECT_FALSE(created_channel(unterminated, RDPGFX_DVC_CHANNEL_NAME));
}

TEST(DvcHeader, PicksOutFrameAcknowledgementsOnTheGraphicsChannel) {
    EXPECT_TRUE(is_frame_acknowledge(frame_ack(300), 300));
    EXPECT_FALSE(is_frame_acknowledge(frame_ack(300), 301));
    auto caps = frame_ack(300);
    caps[3] = 0x12;  // RDPGFX_CMDID_CAPSADVERTISE
    EXPECT_FALSE(is_frame_acknowledge(caps, 300));
    auto first = frame_ack(300);
    first[0] = 0x21;  // DATA_FIRST: a length field follows, not the PDU
    EXPECT_FALSE(is_frame_acknowledge(first, 300));
    auto longer = frame_ack(300);
    longer.push_back(0);
    EXPECT_FALSE(is_frame_acknowledge(longer, 300));
}

// A 2x2 32 bpp pointer as MS-RDPBCGR 2.2.9.1.1.4.4 lays it out: XOR rows bottom-up BGRA, AND
// rows of 1 bpp padded to 2 bytes.
struct TestPointer {
    std::vector<uint8_t> xor_mask = bytes({
        0x01, 0x02, 0x03, 0x80, 0x00, 0x00, 0x00, 0xff,  // bottom row: half-transparent, black
        0x00, 0x00, 0xff, 0xff, 0x00, 0xff, 0x00, 0xff,   // top row: red, green
    });
    std::vector<uint8_t> and_mask = bytes({0x40, 0, 0, 0});  // bottom row, second pixel
    rdpPointer pointer() {
        rdpPointer p{};
        p.width = 2;
        p.height = 2;
        p.xPos = 1;
        p.yPos = 0;
        p.xorBpp = 32;
        p.xorMaskData = xor_mask.data();
        p.lengthXorMask = static_cast<UINT32>(xor_mask.size());
        p.andMaskData = and_mask.data();
        p.lengthAndMask = static_cast<UINT32>(and_mask.size());
        return p;
    }
};

TEST(Pointer, DecodesA32BitPointerWithAlpha) {
    TestPointer t;
    auto image = decode_pointer(t.pointer());
    ASSERT_TRUE(image) << image.error();
    EXPECT_EQ(image->width, 2u);
    EXPECT_EQ(image->hotspot_x, 1u);
    EXPECT_EQ(image->xor_bpp, 32u);
    ASSERT_EQ(image->argb.size(), 4u);
    EXPECT_EQ(image->argb[0], 0xffff0000u);  // top-left: the last XOR row comes first
    EXPECT_EQ(image->argb[1], 0xff00ff00u);
    EXPECT_EQ(image->argb[2], 0x80030201u);  // alpha stays straight
    EXPECT_EQ(image->argb[3], 0x00000000u);  // black under a set AND bit is transparent
}

TEST(Pointer, RefusesMasksTooShortForTheSize) {
    TestPointer t;
    t.xor_mask.resize(12);
    EXPECT_FALSE(decode_pointer(t.pointer()));
    rdpPointer empty{};
    EXPECT_FALSE(decode_pointer(empty));
}

TEST(RgbaPng, KeepsAlpha) {
    const std::vector<uint32_t> argb{0xffff0000, 0x8000ff00, 0x00000000, 0x400000ff, 0x12345678, 0xff000000};
    const std::string path = testing::TempDir() + "/rgba.png";
    ASSERT_TRUE(save_rgba_png(argb, 3, 2, path));
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    ASSERT_TRUE(png_image_begin_read_from_file(&image, path.c_str())) << image.message;
    EXPECT_EQ(image.width, 3u);
    EXPECT_EQ(image.height, 2u);
    EXPECT_NE(image.format & PNG_FORMAT_FLAG_ALPHA, 0u);
    image.format = PNG_FORMAT_BGRA;
    std::vector<uint32_t> back(6);
    ASSERT_TRUE(png_image_finish_read(&image, nullptr, back.data(), 0, nullptr)) << image.message;
    EXPECT_EQ(back, argb);
    EXPECT_FALSE(save_rgba_png(argb, 4, 2, path));
    EXPECT_FALSE(save_rgba_png(argb, 3, 2, testing::TempDir() + "/no/such/dir/x.png"));
}

}  // namespace
}  // namespace wrd::probe
