// The probe's pieces that need no server: step and option parsing, the US key map, UTF
// conversions, DIB <-> image, the JSON writer and percentiles.
#include <gtest/gtest.h>

#include "dib.hpp"
#include "json.hpp"
#include "keymap.hpp"
#include "options.hpp"
#include "stats.hpp"
#include "steps.hpp"
#include "utf.hpp"

namespace wrd::probe {
namespace {

TEST(Steps, ParsesEachKind) {
    EXPECT_EQ(std::get<step::WaitFrames>(parse_step("wait-frames 3")->action).count, 3);
    EXPECT_EQ(std::get<step::Screenshot>(parse_step("screenshot /tmp/a b.png")->action).path, "/tmp/a b.png");
    EXPECT_EQ(std::get<step::Type>(parse_step("type héllo wörld\\n")->action).text, "héllo wörld\n");
    const auto key = std::get<step::Key>(parse_step("key 0x1c ext")->action);
    EXPECT_EQ(key.scancode, 0x1c);
    EXPECT_TRUE(key.extended);
    const auto click = std::get<step::Click>(parse_step("click 10 20 right")->action);
    EXPECT_EQ(click.x, 10);
    EXPECT_EQ(click.button, Button::right);
    EXPECT_TRUE(std::get<step::Wheel>(parse_step("hwheel -2")->action).horizontal);
    EXPECT_EQ(std::get<step::Resize>(parse_step("resize 1280x720")->action).size.height, 720);
    const auto lat = std::get<step::Latency>(parse_step("latency 1 2 30 40 5 click")->action);
    EXPECT_EQ(lat.region.width, 30);
    EXPECT_EQ(lat.samples, 5);
    EXPECT_EQ(lat.trigger, step::Trigger::click);
    EXPECT_EQ(std::get<step::Latency>(parse_step("latency 1 2 30 40 5")->action).trigger, step::Trigger::key);
    EXPECT_TRUE(std::holds_alternative<step::Kill>(parse_step("kill")->action));
    EXPECT_EQ(std::get<step::WaitPointer>(parse_step("wait-pointer default")->action).event,
              step::PointerEvent::system_default);
    EXPECT_EQ(std::get<step::WaitPointer>(parse_step("wait-pointer null")->action).event, step::PointerEvent::null);
    EXPECT_EQ(std::get<step::PointerImage>(parse_step("pointer-image /tmp/p.png")->action).path, "/tmp/p.png");
    EXPECT_TRUE(std::get<step::SuppressOutput>(parse_step("suppress-output on")->action).suppress);
    EXPECT_FALSE(std::get<step::SuppressOutput>(parse_step("suppress-output off")->action).suppress);
    EXPECT_FALSE(std::get<step::AckFrames>(parse_step("ack-frames off")->action).on);
    EXPECT_TRUE(std::get<step::AckFrames>(parse_step("ack-frames on")->action).on);
}

TEST(Steps, RejectsNonsenseWithTheStepInTheMessage) {
    for (const char* bad : {"wait-frames", "wait-frames x", "wait-frames 0", "click 1", "click 1 2 thumb",
                            "resize 1281x720", "resize 100x100", "key 300", "latency 1 2 3 4", "latency 1 2 0 4 5",
                            "kill now", "frobnicate 1", "screenshot", "sleep -1", "pointer-image", "wait-pointer",
                            "wait-pointer arrow", "suppress-output", "suppress-output yes", "ack-frames",
                            "ack-frames on off"}) {
        auto r = parse_step(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_NE(r.error().find(bad), std::string::npos) << r.error();
    }
}

TEST(Options, MonitorsGiveTheDesktopTheirBoundingBox) {
    auto m = parse_monitors("1024x768+0+0;800x600+1024+0");
    ASSERT_TRUE(m);
    ASSERT_EQ(m->size(), 2u);
    EXPECT_EQ((*m)[1].x, 1024);
    EXPECT_EQ((*m)[1].height, 600);
    EXPECT_FALSE(parse_monitors("1024x768"));
    EXPECT_FALSE(parse_monitors("1024x768+0"));
    EXPECT_FALSE(parse_monitors(""));
}

TEST(Options, ParsesACommandLine) {
    std::vector<std::string> args{"wrd-probe", "--port",  "3390",   "--codec",       "rfx",    "--security", "tls",
                                  "--size",    "800x600", "--step", "wait-frames 2", "--step", "kill"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    auto o = parse_options(static_cast<int>(argv.size()), argv.data());
    ASSERT_TRUE(o);
    EXPECT_EQ(o->port, 3390);
    EXPECT_EQ(o->codec, Codec::rfx);
    EXPECT_EQ(o->security, Security::tls);
    EXPECT_EQ(o->width, 800);
    ASSERT_EQ(o->steps.size(), 2u);
    EXPECT_EQ(o->steps[0].text, "wait-frames 2");
}

TEST(Options, ABadStepIsABadArgument) {
    std::vector<std::string> args{"wrd-probe", "--step", "wait-frames many"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    auto o = parse_options(static_cast<int>(argv.size()), argv.data());
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error(), kExitBadArguments);
}

TEST(Keymap, UsLayout) {
    auto k = keystrokes_for("aZ1!\n ?");
    ASSERT_TRUE(k);
    ASSERT_EQ(k->size(), 7u);
    EXPECT_EQ((*k)[0].scancode, 0x1e);
    EXPECT_FALSE((*k)[0].shift);
    EXPECT_EQ((*k)[1].scancode, 0x2c);
    EXPECT_TRUE((*k)[1].shift);
    EXPECT_EQ((*k)[2].scancode, 0x02);
    EXPECT_EQ((*k)[3].scancode, 0x02);
    EXPECT_TRUE((*k)[3].shift);
    EXPECT_EQ((*k)[4].scancode, 0x1c);
    EXPECT_EQ((*k)[5].scancode, 0x39);
    EXPECT_EQ((*k)[6].scancode, 0x35);
    EXPECT_TRUE((*k)[6].shift);
    EXPECT_FALSE(keystrokes_for("é"));
}

TEST(Utf, RoundTripsAndReplacesGarbage) {
    const std::string text = "aé€😀";
    const std::u16string units = utf8_to_utf16(text);
    ASSERT_EQ(units.size(), 5u);  // the emoji is a surrogate pair
    EXPECT_EQ(units[3], 0xd83d);
    EXPECT_EQ(utf16_to_utf8(units), text);
    EXPECT_EQ(utf16_to_utf8(u"ab\0cd"), "ab");
    EXPECT_EQ(utf8_to_utf16("\xff"), u"\xfffd");
    EXPECT_EQ(utf16_to_utf8(std::u16string(1, char16_t(0xdc00))), "\xef\xbf\xbd");
}

tools::Image sample_image() {
    tools::Image img(3, 2);
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x) img.at(x, y) = static_cast<uint32_t>(0x102030 * (x + 1) + 0x010101 * y);
    return img;
}

TEST(Dib, RoundTripsA24BitDib) {
    const tools::Image img = sample_image();
    const auto dib = image_to_dib(img);
    EXPECT_EQ(dib.size(), 40u + 2 * 12);  // 3 pixels * 3 bytes, padded to 12
    auto back = dib_to_image(dib);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->pixels, img.pixels);
}

// A top-down 32-bit BI_BITFIELDS DIB with the masks after a 40-byte header, as Windows writes.
TEST(Dib, ReadsTopDownBitfields) {
    std::vector<uint8_t> dib(40 + 12 + 2 * 4);
    auto put = [&](size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) dib[at + i] = static_cast<uint8_t>(v >> (8 * i));
    };
    put(0, 40);
    put(4, 2);
    put(8, static_cast<uint32_t>(-1));  // one row, top-down
    dib[12] = 1;
    dib[14] = 32;
    put(16, 3);           // BI_BITFIELDS
    put(40, 0x0000ff00);  // red mask: unusual on purpose
    put(44, 0x00ff0000);
    put(48, 0x000000ff);
    put(52, 0x00aabbcc);
    put(56, 0x00112233);
    auto img = dib_to_image(dib);
    ASSERT_TRUE(img) << img.error();
    EXPECT_EQ(img->at(0, 0), 0xbbaaccu);
    EXPECT_EQ(img->at(1, 0), 0x221133u);
    dib.resize(50);
    EXPECT_FALSE(dib_to_image(dib));
}

TEST(Json, EscapesAndSeparates) {
    JsonWriter j;
    j.begin_object().key("a\"b").value("x\ny\x01").key("n").null().key("list").begin_array();
    j.value(1).value(2.5).value(true).end_array().end_object();
    EXPECT_EQ(j.str(), R"({"a\"b":"x\ny\u0001","n":null,"list":[1,2.500,true]})");
}

TEST(Stats, NearestRankPercentiles) {
    EXPECT_FALSE(percentile({}, 50));
    EXPECT_EQ(percentile({5}, 95), 5);
    EXPECT_EQ(percentile({4, 1, 3, 2}, 50), 2);
    EXPECT_EQ(percentile({4, 1, 3, 2}, 95), 4);
    std::vector<double> hundred;
    for (int i = 1; i <= 100; ++i) hundred.push_back(i);
    EXPECT_EQ(percentile(hundred, 95), 95);
}

// Updates count as frames only until the server shows how it delimits frames.
TEST(Stats, FramesFollowTheServersDelimiters) {
    Stats s;
    s.screen_updates = 5;
    EXPECT_EQ(s.frames(), 5u);
    const Stats start = s;
    s.screen_updates = 9;
    EXPECT_EQ(s.frames_since(start), 4u);
    s.gfx_frames = 2;
    s.screen_updates = 13;
    EXPECT_EQ(s.frames(), 2u);
    EXPECT_EQ(s.frames_since(start), 2u);
}

}  // namespace
}  // namespace wrd::probe
