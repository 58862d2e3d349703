// DataControlClipboard against a real headless wrd-compositor with real wl-copy and wl-paste:
// selections we offer are pasted byte-exact, selections others make are reported and read
// byte-exact, our own changes are not reported back, and no transfer can hang.
#include <gtest/gtest.h>

#include <random>

#include "clipboard/data_control_clipboard.hpp"
#include "clipboard/image_codec.hpp"
#include "timer.hpp"
#include "wayland_fixture.hpp"

namespace wrd::rdp::test {
namespace {

const std::string utf8_text = "text/plain;charset=utf-8";

Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }

Bytes big_text(size_t size) {
    std::string text;
    for (int i = 0; text.size() < size; ++i) text += "Zeile " + std::to_string(i) + " — grüße ✓\n";
    return bytes_of(text);
}

Bytes random_bytes(size_t size, unsigned seed) {
    std::mt19937 rng(seed);
    Bytes out(size);
    for (auto& b : out) b = static_cast<uint8_t>(rng());
    return out;
}

// A real 3840x2160 PNG with noisy content, so it does not compress to nothing.
Bytes uhd_png() {
    RgbaImage image{3840, 2160, random_bytes(size_t{3840} * 2160 * 4, 7)};
    return *encode_png(image);
}

class DataControl : public ::testing::Test {
protected:
    void SetUp() override {
        connection_ = std::make_unique<WaylandConnection>(loop_, compositor_);
        clipboard_ = make_clipboard(connection_->display(), changes_);
    }

    std::unique_ptr<DataControlClipboard> make_clipboard(wl_display* display,
                                                         std::vector<std::vector<std::string>>& changes,
                                                         TransferLimits limits = {}) {
        return std::make_unique<DataControlClipboard>(
            loop_, display, [&changes](const std::vector<std::string>& mimes) { changes.push_back(mimes); }, limits);
    }

    std::unique_ptr<Child> spawn(const std::vector<std::string>& argv, Bytes input = {}) {
        return std::make_unique<Child>(loop_, argv, compositor_.client_env(), std::move(input));
    }

    // Starts wl-copy and waits until our clipboard reports its selection.
    std::unique_ptr<Child> wl_copy(std::vector<std::string> args, Bytes input) {
        size_t before = changes_.size();
        args.insert(args.begin(), {"wl-copy", "--foreground"});
        auto child = spawn(args, std::move(input));
        EXPECT_TRUE(run_until(loop_, [&] { return changes_.size() > before; })) << "no selection change seen";
        return child;
    }

    BytesResult read(const std::string& mime, DataControlClipboard& clipboard) {
        std::optional<BytesResult> result;
        clipboard.read(mime, [&](BytesResult r) { result.emplace(std::move(r)); });
        EXPECT_TRUE(run_until(loop_, [&] { return result.has_value(); }, 30s)) << "read never finished";
        if (!result) return std::unexpected("timeout");
        return std::move(*result);
    }

    Bytes wl_paste(std::vector<std::string> args) {
        args.insert(args.begin(), "wl-paste");
        auto child = spawn(args);
        EXPECT_TRUE(run_until(loop_, [&] { return child->done(); }, 30s)) << "wl-paste did not finish";
        return child->output();
    }

    // Offers `data` under `mimes`, answering every paste at once.
    void offer(const std::vector<std::string>& mimes, Bytes data) {
        auto shared = std::make_shared<const Bytes>(std::move(data));
        clipboard_->offer(mimes, [this, shared](const std::string& mime, DataControlClipboard::Reply reply) {
            requested_.push_back(mime);
            reply(shared);
        });
    }

    Compositor compositor_;
    EventLoop loop_;
    std::unique_ptr<WaylandConnection> connection_;
    std::vector<std::vector<std::string>> changes_;
    std::unique_ptr<DataControlClipboard> clipboard_;
    std::vector<std::string> requested_;
};

TEST_F(DataControl, ReportsAndReadsTextFromWlCopy) {
    std::string text = "copied by wl-copy: grüße ✓\nsecond line";
    auto copy = wl_copy({}, bytes_of(text));
    const auto& mimes = changes_.back();
    EXPECT_NE(std::ranges::find(mimes, utf8_text), mimes.end());
    EXPECT_EQ(clipboard_->selection_mime_types(), mimes);
    auto data = read(utf8_text, *clipboard_);
    ASSERT_TRUE(data) << data.error();
    EXPECT_EQ(*data, bytes_of(text));
}

TEST_F(DataControl, ReadsTenMegabytesByteExact) {
    Bytes text = big_text(10'000'000);
    auto copy = wl_copy({"--type", utf8_text}, text);
    auto data = read(utf8_text, *clipboard_);
    ASSERT_TRUE(data) << data.error();
    EXPECT_EQ(data->size(), text.size());
    EXPECT_TRUE(*data == text);
}

TEST_F(DataControl, ReadsPngByteExact) {
    Bytes png = uhd_png();
    auto copy = wl_copy({"--type", "image/png"}, png);
    EXPECT_EQ(changes_.back(), std::vector<std::string>{"image/png"});
    auto data = read("image/png", *clipboard_);
    ASSERT_TRUE(data) << data.error();
    EXPECT_TRUE(*data == png) << data->size() << " bytes read, " << png.size() << " copied";
}

TEST_F(DataControl, WlPastePastesOurTextByteExact) {
    std::string text = "offered by us: grüße ✓\r\nwith CRLF and no newline at the end";
    offer({utf8_text, "text/plain"}, bytes_of(text));
    Bytes types = wl_paste({"--list-types"});
    EXPECT_EQ(std::string(types.begin(), types.end()), utf8_text + "\ntext/plain\n");
    EXPECT_EQ(wl_paste({"--no-newline", "--type", utf8_text}), bytes_of(text));
    EXPECT_EQ(requested_, std::vector<std::string>{utf8_text});
}

TEST_F(DataControl, WlPastePastesTenMegabytesAndPng) {
    Bytes text = big_text(10'000'000);
    offer({utf8_text}, text);
    Bytes pasted = wl_paste({"--no-newline", "--type", utf8_text});
    EXPECT_EQ(pasted.size(), text.size());
    EXPECT_TRUE(pasted == text);

    Bytes png = uhd_png();
    offer({"image/png"}, png);
    pasted = wl_paste({"--type", "image/png"});
    EXPECT_TRUE(pasted == png) << pasted.size() << " bytes pasted, " << png.size() << " offered";
}

TEST_F(DataControl, DelayedDataIsWaitedFor) {
    std::vector<std::unique_ptr<Timer>> timers;
    clipboard_->offer({utf8_text}, [&](const std::string&, DataControlClipboard::Reply reply) {
        // Like an RDP paste: the data arrives later, from the other side.
        auto timer =
            std::make_unique<Timer>(loop_, [reply] { reply(std::make_shared<const Bytes>(bytes_of("late"))); });
        timer->start(300ms);
        timers.push_back(std::move(timer));
    });
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(wl_paste({"--no-newline", "--type", utf8_text}), bytes_of("late"));
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 300ms);
}

TEST_F(DataControl, FailedOrDroppedRepliesEndThePaste) {
    clipboard_->offer({utf8_text}, [](const std::string&, DataControlClipboard::Reply reply) {
        reply(std::unexpected("the client refused"));
    });
    EXPECT_TRUE(wl_paste({"--no-newline", "--type", utf8_text}).empty());

    clipboard_->offer({utf8_text}, [](const std::string&, DataControlClipboard::Reply) {});  // dropped
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(wl_paste({"--no-newline", "--type", utf8_text}).empty());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

TEST_F(DataControl, OurOwnSelectionIsNotReportedBack) {
    offer({utf8_text}, bytes_of("ours"));
    run_for(loop_, 500ms);
    EXPECT_TRUE(changes_.empty()) << "our own selection came back as a change";
    EXPECT_TRUE(clipboard_->owns_selection());
    EXPECT_FALSE(read(utf8_text, *clipboard_));  // nothing foreign to read

    auto copy = wl_copy({}, bytes_of("theirs"));
    EXPECT_FALSE(clipboard_->owns_selection());
    ASSERT_EQ(changes_.size(), 1u);
    auto data = read(utf8_text, *clipboard_);
    ASSERT_TRUE(data) << data.error();
    EXPECT_EQ(*data, bytes_of("theirs"));
}

TEST_F(DataControl, SecondConnectionSeesOurSelection) {
    WaylandConnection other_connection(loop_, compositor_);
    std::vector<std::vector<std::string>> other_changes;
    auto other = make_clipboard(other_connection.display(), other_changes);
    Bytes data = random_bytes(3'000'000, 3);
    offer({"application/octet-stream"}, data);
    ASSERT_TRUE(run_until(loop_, [&] { return !other_changes.empty(); }));
    EXPECT_EQ(other_changes.back(), std::vector<std::string>{"application/octet-stream"});
    auto got = read("application/octet-stream", *other);
    ASSERT_TRUE(got) << got.error();
    EXPECT_TRUE(*got == data);
    EXPECT_TRUE(changes_.empty());
}

TEST_F(DataControl, ReadErrors) {
    EXPECT_FALSE(read(utf8_text, *clipboard_));  // no selection yet
    auto copy = wl_copy({"--type", utf8_text}, bytes_of("x"));
    auto missing = read("image/png", *clipboard_);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("no image/png"), std::string::npos);
}

TEST_F(DataControl, ReadOfAStalledSourceTimesOut) {
    WaylandConnection other_connection(loop_, compositor_);
    std::vector<std::vector<std::string>> ignored;
    auto other = make_clipboard(other_connection.display(), ignored);
    std::vector<DataControlClipboard::Reply> held;  // kept, never called: the source stalls
    other->offer({utf8_text}, [&](const std::string&, DataControlClipboard::Reply r) { held.push_back(r); });
    ASSERT_TRUE(run_until(loop_, [&] { return !changes_.empty(); }));

    auto impatient = make_clipboard(connection_->display(), ignored, {.max_bytes = 1 << 20, .idle_timeout = 300ms});
    run_for(loop_, 100ms);
    auto t0 = std::chrono::steady_clock::now();
    auto result = read(utf8_text, *impatient);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().find("no data for 300 ms"), std::string::npos) << result.error();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
}

TEST_F(DataControl, OversizedSelectionIsRefused) {
    std::vector<std::vector<std::string>> ignored;
    auto small = make_clipboard(connection_->display(), ignored, {.max_bytes = 100'000, .idle_timeout = 10s});
    auto copy = wl_copy({"--type", utf8_text}, big_text(1'000'000));
    auto result = read(utf8_text, *small);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().find("larger than 100000"), std::string::npos) << result.error();
}

}  // namespace
}  // namespace wrd::rdp::test
