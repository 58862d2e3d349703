// Pure negotiation helpers: RDPGFX capability choice, the peeked Connection Request and
// client monitor layouts.
#include <gtest/gtest.h>

#include "graphics/graphics_channel.hpp"
#include "session/connection_request.hpp"
#include "session/display_control.hpp"

namespace wrd::rdp {
namespace {

constexpr uint32_t kV8 = 0x00080004, kV81 = 0x00080105, kV10 = 0x000A0002, kV107 = 0x000A0701;
constexpr uint32_t kAvc420Enabled = 0x10, kAvcDisabled = 0x20;

TEST(GfxCaps, PicksTheNewestVersionAndAvcAsTheClientAllows) {
    auto chosen = choose_gfx_caps({{kV8, 0}, {kV81, kAvc420Enabled}, {kV107, 0}}, true);
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->first.version, kV107);
    EXPECT_TRUE(chosen->second.avc420);
    EXPECT_TRUE(chosen->second.progressive);

    auto no_avc = choose_gfx_caps({{kV10, kAvcDisabled}}, true);
    ASSERT_TRUE(no_avc);
    EXPECT_FALSE(no_avc->second.avc420);

    auto v81 = choose_gfx_caps({{kV8, 0}, {kV81, kAvc420Enabled}}, false);  // no libx264 here
    ASSERT_TRUE(v81);
    EXPECT_EQ(v81->first.version, kV81);
    EXPECT_FALSE(v81->second.avc420);
    EXPECT_EQ(v81->first.flags & kAvc420Enabled, 0u) << "must not confirm AVC it will not send";

    auto v8 = choose_gfx_caps({{kV8, 0}}, true);
    ASSERT_TRUE(v8);
    EXPECT_FALSE(v8->second.avc420);
    EXPECT_FALSE(v8->second.progressive);

    EXPECT_FALSE(choose_gfx_caps({{0x12345678, 0}}, true));
}

std::vector<uint8_t> request(const std::string& cookie, std::optional<uint32_t> protocols) {
    std::vector<uint8_t> var(cookie.begin(), cookie.end());
    if (protocols)
        for (uint8_t b : {uint8_t(1), uint8_t(0), uint8_t(8), uint8_t(0), uint8_t(*protocols), uint8_t(*protocols >> 8),
                          uint8_t(*protocols >> 16), uint8_t(*protocols >> 24)})
            var.push_back(b);
    size_t li = 6 + var.size(), total = 5 + li;
    std::vector<uint8_t> out = {3, 0, uint8_t(total >> 8), uint8_t(total), uint8_t(li), 0xE0, 0, 0, 0, 0, 0};
    out.insert(out.end(), var.begin(), var.end());
    return out;
}

TEST(ConnectionRequest, ReadsRequestedProtocols) {
    EXPECT_EQ(requested_protocols(request("Cookie: mstshash=alice\r\n", 3)), 3u);
    EXPECT_EQ(requested_protocols(request("", kProtocolSsl)), kProtocolSsl);
    EXPECT_EQ(requested_protocols(request("", 0)), kProtocolRdp);
    EXPECT_EQ(requested_protocols(request("Cookie: mstshash=old\r\n", std::nullopt)), kProtocolRdp);
    auto whole = request("", 3);
    EXPECT_FALSE(requested_protocols(std::span(whole).first(10))) << "incomplete";
    whole[0] = 4;
    EXPECT_FALSE(requested_protocols(whole)) << "not TPKT";
}

TEST(ConnectionRequest, ReadsTheCookieUserForLogLines) {
    auto r = parse_connection_request(request("Cookie: mstshash=alice\r\n", kProtocolHybrid));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->cookie_user, "alice");
    EXPECT_EQ(r->protocols, kProtocolHybrid);
    // Nothing unprintable or overlong reaches a log line.
    EXPECT_EQ(parse_connection_request(request("Cookie: mstshash=a\x1b[2Jb\r\n", 1))->cookie_user, "");
    EXPECT_EQ(parse_connection_request(request("Cookie: mstshash=" + std::string(65, 'x') + "\r\n", 1))->cookie_user, "");
    EXPECT_EQ(parse_connection_request(request("Cookie: msts=alice\r\n", 1))->cookie_user, "");
    EXPECT_EQ(describe_requested_protocols(kProtocolHybrid | kProtocolSsl), "NLA, TLS");
    EXPECT_EQ(describe_requested_protocols(kProtocolRdstls), "RDSTLS");
    EXPECT_EQ(describe_requested_protocols(kProtocolRdp), "standard RDP security");
}

TEST(MonitorLayout, ValidatesAsMsRdpedispAsks) {
    EXPECT_TRUE(validate_layout({{{0, 0, 1920, 1080}, true, 100}}));
    EXPECT_TRUE(validate_layout({{{0, 0, 1920, 1080}, true, 100}, {{-1280, 0, 1280, 1024}, false, 100}}));
    EXPECT_FALSE(validate_layout({}));
    EXPECT_FALSE(validate_layout({{{0, 0, 1921, 1080}, true, 100}})) << "odd width";
    EXPECT_FALSE(validate_layout({{{0, 0, 100, 1080}, true, 100}})) << "too small";
    EXPECT_FALSE(validate_layout({{{10, 0, 1920, 1080}, true, 100}})) << "primary not at 0,0";
    EXPECT_FALSE(validate_layout({{{0, 0, 1920, 1080}, false, 100}})) << "no primary";
    EXPECT_FALSE(validate_layout({{{0, 0, 1920, 1080}, true, 100}, {{1000, 0, 1920, 1080}, false, 100}}))
        << "overlap";
}

}  // namespace
}  // namespace wrd::rdp
