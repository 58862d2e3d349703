// ClipboardBridge end to end in one process: FreeRDP's cliprdr client (a stand-in for the
// Windows clipboard) <-> our server peer and bridge on the EventLoop <-> a real wrd-compositor
// <-> real wl-copy/wl-paste. Data must arrive byte-exact after the documented conversions, and
// every failure must end a paste instead of hanging it.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "clipboard/clipboard_bridge.hpp"
#include "clipboard/html_codec.hpp"
#include "clipboard/image_codec.hpp"
#include "clipboard/text_codec.hpp"
#include "rdp_loopback.hpp"
#include "wayland_fixture.hpp"

namespace wrd::rdp::test {
namespace {

const std::string utf8_text = "text/plain;charset=utf-8";

Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }

std::string big_text(size_t size) {
    std::string text;
    for (int i = 0; text.size() < size; ++i) text += "Zeile " + std::to_string(i) + " — grüße ✓\n";
    return text;
}

RgbaImage noisy_image(uint32_t w, uint32_t h, bool alpha) {
    RgbaImage image{w, h, Bytes(size_t{w} * h * 4)};
    std::mt19937 rng(11);
    for (size_t i = 0; i < image.rgba.size(); ++i)
        image.rgba[i] = i % 4 == 3 && !alpha ? 255 : static_cast<uint8_t>(rng());
    return image;
}

class Bridge : public ::testing::Test {
protected:
    void SetUp() override {
        connection_ = std::make_unique<WaylandConnection>(loop_, compositor_);
        watcher_ = std::make_unique<DataControlClipboard>(
            loop_, connection_->display(),
            [this](const std::vector<std::string>& m) { desktop_changes_.push_back(m); });
    }

    void TearDown() override {
        bridge_.reset();
        client_.reset();
        server_.reset();
    }

    // Connects the RDP client and starts the bridge, as the peer code will after activation.
    // Tests call it through ASSERT_NO_FATAL_FAILURE: a connection that fails ends the test at
    // once instead of leaving every later wait to run out its timeout.
    void connect(ClipboardBridge::Options options = {}) {
        server_ = std::make_unique<ServerPeer>(loop_, compositor_.runtime_dir() + "/tls");
        client_ = std::make_unique<TestClient>(server_->port());
        ASSERT_TRUE(run_until(
            loop_,
            [&] { return server_->activated() || server_->disconnected() || !client_->failure().empty(); }, 10s))
            << "the RDP connection neither came up nor failed";
        // The server may see the end first: give the client a moment to say why.
        if (!server_->activated()) run_until(loop_, [&] { return !client_->failure().empty(); }, 2s);
        ASSERT_TRUE(server_->activated()) << "the RDP connection failed: "
                                          << (server_->disconnected() ? "the server peer disconnected; " : "")
                                          << client_->failure();
        bridge_ = std::make_unique<ClipboardBridge>(loop_, server_->vcm(), connection_->display(), options);
        auto started = bridge_->start();
        ASSERT_TRUE(started) << started.error();
        ASSERT_TRUE(wait_client([](const ClientRecord& r) { return r.ready; }));
    }

    bool wait_client(const std::function<bool(const ClientRecord&)>& done, std::chrono::milliseconds timeout = 30s) {
        return run_until(loop_, [&] { return client_->inspect(done); }, timeout);
    }

    // Waits until the desktop's selection offers `mime` (seen by an independent watcher).
    bool wait_desktop_offers(const std::string& mime) {
        return run_until(loop_, [&] {
            return !desktop_changes_.empty() && std::ranges::contains(desktop_changes_.back(), mime);
        });
    }

    std::unique_ptr<Child> spawn(std::vector<std::string> argv, Bytes input = {}) {
        return std::make_unique<Child>(loop_, argv, compositor_.client_env(), std::move(input));
    }

    Bytes wl_paste(std::vector<std::string> args, std::chrono::milliseconds timeout = 30s) {
        args.insert(args.begin(), "wl-paste");
        auto child = spawn(args);
        EXPECT_TRUE(run_until(loop_, [&] { return child->done(); }, timeout)) << "wl-paste did not finish";
        return child->output();
    }

    std::unique_ptr<Child> wl_copy(std::vector<std::string> args, Bytes input) {
        size_t before = desktop_changes_.size();
        args.insert(args.begin(), {"wl-copy", "--foreground"});
        auto child = spawn(args, std::move(input));
        EXPECT_TRUE(run_until(loop_, [&] { return desktop_changes_.size() > before; }));
        return child;
    }

    // Waits for a server Format List holding `id`, requests it, and returns the response.
    std::optional<Bytes> client_paste(uint32_t id) {
        EXPECT_TRUE(wait_client([id](const ClientRecord& r) {
            return std::ranges::find(r.server_formats, id, &ClipFormat::id) != r.server_formats.end();
        })) << "the server never announced format " << id;
        size_t before = client_->inspect([](const ClientRecord& r) { return r.responses.size(); });
        client_->request(id);
        EXPECT_TRUE(wait_client([before](const ClientRecord& r) { return r.responses.size() > before; }));
        return client_->inspect([](const ClientRecord& r) { return r.responses.back(); });
    }

    std::vector<uint32_t> client_requests() {
        return client_->inspect([](const ClientRecord& r) { return r.requests; });
    }

    Compositor compositor_;
    EventLoop loop_;
    std::unique_ptr<WaylandConnection> connection_;
    std::unique_ptr<DataControlClipboard> watcher_;
    std::vector<std::vector<std::string>> desktop_changes_;
    std::unique_ptr<ServerPeer> server_;
    std::unique_ptr<TestClient> client_;
    std::unique_ptr<ClipboardBridge> bridge_;
};

TEST_F(Bridge, ClientTextIsPastedOnTheDesktop) {
    ASSERT_NO_FATAL_FAILURE(connect());
    client_->copy({{clip_format::unicode_text, ""}, {clip_format::text, ""}},
                  {{clip_format::unicode_text, utf8_to_utf16le("grüße ✓\nzweite Zeile")}});
    ASSERT_TRUE(wait_desktop_offers(utf8_text));
    EXPECT_EQ(wl_paste({"--no-newline", "--type", utf8_text}), bytes_of("grüße ✓\nzweite Zeile"));
    // Delayed rendering: one request, made by the paste; a second paste is served from cache.
    EXPECT_EQ(wl_paste({"--no-newline", "--type", "UTF8_STRING"}), bytes_of("grüße ✓\nzweite Zeile"));
    EXPECT_EQ(client_requests(), std::vector<uint32_t>{clip_format::unicode_text});
}

TEST_F(Bridge, DesktopTextIsPastedOnTheClient) {
    ASSERT_NO_FATAL_FAILURE(connect());
    auto copy = wl_copy({}, bytes_of("eins\nzwei ✓ 😀"));
    auto data = client_paste(clip_format::unicode_text);
    ASSERT_TRUE(data && *data == utf8_to_utf16le("eins\r\nzwei ✓ 😀"));
    EXPECT_TRUE(client_requests().empty());
}

TEST_F(Bridge, DesktopSelectionGoesToAClientThatHasNothing) {
    auto copy = wl_copy({}, bytes_of("there before the client"));
    ASSERT_NO_FATAL_FAILURE(connect());  // the client's first Format List is empty
    auto data = client_paste(clip_format::unicode_text);
    ASSERT_TRUE(data);
    EXPECT_EQ(utf16le_to_utf8(*data), "there before the client");
}

TEST_F(Bridge, HtmlBothWays) {
    ASSERT_NO_FATAL_FAILURE(connect());
    std::string fragment = "<b>fett</b> und <i>kursiv</i> ✓";
    Bytes cf_html = cf_html_from_html(as_bytes(fragment));
    client_->copy({{0xC0AB, "HTML Format"}}, {{0xC0AB, cf_html}});
    ASSERT_TRUE(wait_desktop_offers("text/html"));
    Bytes html = wl_paste({"--type", "text/html"});
    EXPECT_NE(as_chars(html).find("<!--StartFragment-->" + fragment + "<!--EndFragment-->"), std::string_view::npos);

    auto copy = wl_copy({"--type", "text/html"}, bytes_of("<p>vom Desktop</p>"));
    auto data = client_paste(clip_format::our_html);
    ASSERT_TRUE(data);
    auto header = parse_cf_html_header(as_chars(*data));
    ASSERT_TRUE(header);
    EXPECT_EQ(as_chars(*data).substr(header->start_fragment, header->end_fragment - header->start_fragment),
              "<p>vom Desktop</p>");
}

TEST_F(Bridge, UltraHdImagesBothWays) {
    ASSERT_NO_FATAL_FAILURE(connect());
    // CF_DIB has no alpha; the desktop-to-client direction checks it through CF_DIBV5.
    RgbaImage opaque = noisy_image(3840, 2160, false);
    client_->copy({{clip_format::dib, ""}}, {{clip_format::dib, encode_dib(opaque)}});
    ASSERT_TRUE(wait_desktop_offers("image/png"));
    auto pasted = decode_png(wl_paste({"--type", "image/png"}));
    ASSERT_TRUE(pasted) << pasted.error();
    EXPECT_TRUE(pasted->rgba == opaque.rgba);

    RgbaImage image = noisy_image(3840, 2160, true);
    Bytes png = *encode_png(image);
    auto copy = wl_copy({"--type", "image/png"}, png);
    auto v5 = client_paste(clip_format::dibv5);
    ASSERT_TRUE(v5);
    auto decoded = decode_dib(*v5);
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_TRUE(decoded->rgba == image.rgba);
    auto raw = client_paste(clip_format::our_png);
    ASSERT_TRUE(raw);
    EXPECT_TRUE(*raw == png);
}

TEST_F(Bridge, TenMegabytesBothWays) {
    ASSERT_NO_FATAL_FAILURE(connect());
    std::string text = big_text(10'000'000);
    client_->copy({{clip_format::unicode_text, ""}}, {{clip_format::unicode_text, utf8_to_utf16le(text)}});
    ASSERT_TRUE(wait_desktop_offers(utf8_text));
    Bytes pasted = wl_paste({"--no-newline", "--type", utf8_text}, 60s);
    EXPECT_EQ(pasted.size(), text.size());
    EXPECT_TRUE(pasted == bytes_of(text));

    std::string other = big_text(10'500'000);
    auto copy = wl_copy({"--type", utf8_text}, bytes_of(other));
    auto data = client_paste(clip_format::unicode_text);
    ASSERT_TRUE(data);
    EXPECT_TRUE(*data == utf8_to_utf16le(other));
}

TEST_F(Bridge, RequestsForFormatsNotOnOfferFail) {
    ASSERT_NO_FATAL_FAILURE(connect());
    client_->request(0x4242);
    ASSERT_TRUE(wait_client([](const ClientRecord& r) { return !r.responses.empty(); }));
    EXPECT_FALSE(client_->inspect([](const ClientRecord& r) { return r.responses.back(); }).has_value());
    // A client format that fails is an empty paste on the desktop, not a hang.
    client_->copy({{clip_format::unicode_text, ""}}, {});
    ASSERT_TRUE(wait_desktop_offers(utf8_text));
    EXPECT_TRUE(wl_paste({"--no-newline", "--type", utf8_text}, 10s).empty());
}

TEST_F(Bridge, AClientThatNeverAnswersDoesNotHangThePaste) {
    ASSERT_NO_FATAL_FAILURE(connect({.transfer = {}, .client_timeout = 500ms}));
    client_->set_answering(false);
    client_->copy({{clip_format::unicode_text, ""}}, {{clip_format::unicode_text, utf8_to_utf16le("never sent")}});
    ASSERT_TRUE(wait_desktop_offers(utf8_text));
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(wl_paste({"--no-newline", "--type", utf8_text}, 10s).empty());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
    // Its next copy works again.
    client_->set_answering(true);
    client_->copy({{clip_format::unicode_text, ""}}, {{clip_format::unicode_text, utf8_to_utf16le("answered")}});
    ASSERT_TRUE(run_until(loop_, [&] { return desktop_changes_.size() >= 2; }));
    EXPECT_EQ(wl_paste({"--no-newline", "--type", utf8_text}), bytes_of("answered"));
}

TEST_F(Bridge, ALateAnswerIsNotTakenForTheNextOne) {
    ASSERT_NO_FATAL_FAILURE(connect({.transfer = {}, .client_timeout = 1000ms}));
    std::string fragment = "<p>html</p>";
    client_->copy({{clip_format::unicode_text, ""}, {0xC0AB, "HTML Format"}},
                  {{clip_format::unicode_text, utf8_to_utf16le("late text")},
                   {0xC0AB, cf_html_from_html(as_bytes(fragment))}});
    ASSERT_TRUE(wait_desktop_offers("text/html"));
    // The text answer comes 500 ms after its timeout; the HTML request goes out at the timeout
    // and its answer queues behind the late one (a Windows client answers in order), still
    // 500 ms within its own timeout.
    client_->delay_next_answer(1500ms);
    EXPECT_TRUE(wl_paste({"--no-newline", "--type", utf8_text}, 10s).empty());
    Bytes html = wl_paste({"--type", "text/html"}, 10s);
    EXPECT_NE(as_chars(html).find("<!--StartFragment-->" + fragment), std::string_view::npos) << as_chars(html);
    // The late text answer was dropped, not cached: the next paste asks again and gets it.
    EXPECT_EQ(wl_paste({"--no-newline", "--type", utf8_text}, 10s), bytes_of("late text"));
    EXPECT_EQ(client_requests(), (std::vector<uint32_t>{clip_format::unicode_text, 0xC0AB, clip_format::unicode_text}));
}

TEST_F(Bridge, OversizedClientDataIsRefused) {
    ASSERT_NO_FATAL_FAILURE(connect({.transfer = {.max_bytes = 1000, .idle_timeout = 10s}, .client_timeout = 10s}));
    client_->copy({{clip_format::unicode_text, ""}}, {{clip_format::unicode_text, utf8_to_utf16le(big_text(5000))}});
    ASSERT_TRUE(wait_desktop_offers(utf8_text));
    EXPECT_TRUE(wl_paste({"--no-newline", "--type", utf8_text}, 10s).empty());
}

TEST_F(Bridge, ClientFilesEmptyTheDesktopSelection) {
    ASSERT_NO_FATAL_FAILURE(connect());
    client_->copy({{clip_format::unicode_text, ""}}, {{clip_format::unicode_text, utf8_to_utf16le("x")}});
    ASSERT_TRUE(wait_desktop_offers(utf8_text));
    size_t before = desktop_changes_.size();
    client_->copy({{0xC0F0, "FileGroupDescriptorW"}, {0xC0F1, "FileContents"}}, {});
    ASSERT_TRUE(run_until(loop_, [&] { return desktop_changes_.size() > before; }));
    EXPECT_TRUE(desktop_changes_.back().empty());
}

TEST_F(Bridge, OurOwnSelectionIsNotAnnouncedBack) {
    ASSERT_NO_FATAL_FAILURE(connect());
    client_->copy({{clip_format::unicode_text, ""}}, {{clip_format::unicode_text, utf8_to_utf16le("x")}});
    ASSERT_TRUE(wait_desktop_offers(utf8_text));
    run_for(loop_, 500ms);
    EXPECT_EQ(client_->inspect([](const ClientRecord& r) { return r.server_lists; }), 0);
}

}  // namespace
}  // namespace wrd::rdp::test
