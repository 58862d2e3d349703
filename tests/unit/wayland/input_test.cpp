// Virtual keyboard and pointer through WaylandSession, checked by what a real client receives.
#include <linux/input-event-codes.h>
#include <xkbcommon/xkbcommon.h>

#include "session_fixture.hpp"

namespace wrd::rdp::test {
namespace {

// The us layout the compositor itself defaults to, as the front end would build it.
std::string us_keymap() {
    xkb_context* context = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
    const xkb_rule_names names{.rules = "evdev", .model = "pc105", .layout = "us", .variant = "", .options = ""};
    xkb_keymap* keymap = xkb_keymap_new_from_names(context, &names, XKB_KEYMAP_COMPILE_NO_FLAGS);
    std::string text;
    if (keymap) {
        char* raw = xkb_keymap_get_as_string(keymap, XKB_KEYMAP_FORMAT_TEXT_V1);
        text = raw;
        std::free(raw);
        xkb_keymap_unref(keymap);
    }
    xkb_context_unref(context);
    return text;
}

class InputTest : public SessionTest {
protected:
    void SetUp() override { start(); }

    void click(uint32_t button) {
        session_->pointer().button(button, true);
        session_->pointer().frame();
        session_->pointer().button(button, false);
        session_->pointer().frame();
    }
};

TEST_F(InputTest, MotionAndButtonsReachTheClientAtSurfaceCoordinates) {
    ChildProcess& client = pattern_client({"--size", "200x100"});
    const Rect window = centred(200, 100);
    session_->pointer().motion_absolute(window.x + 50, window.y + 60, output_width, output_height);
    session_->pointer().frame();
    EXPECT_TRUE(wait_line(client, R"(^pointer_enter 50 60$)"));
    const size_t mark = client.lines().size();
    click(BTN_LEFT);
    EXPECT_TRUE(wait_line(client, "^button 272 pressed$", mark));
    EXPECT_TRUE(wait_line(client, "^button 272 released$", mark));
    click(BTN_RIGHT);
    EXPECT_TRUE(wait_line(client, "^button 273 pressed$", mark));
}

TEST_F(InputTest, WheelScrollsByNotches) {
    ChildProcess& client = pattern_client({"--size", "200x100"});
    const Rect window = centred(200, 100);
    session_->pointer().motion_absolute(window.x + 10, window.y + 10, output_width, output_height);
    session_->pointer().frame();
    ASSERT_TRUE(wait_line(client, "^pointer_enter "));
    session_->pointer().axis(PointerSink::Axis::vertical, 15.0, 120);
    session_->pointer().frame();
    EXPECT_TRUE(wait_line(client, R"(^axis vertical 15$)"));
    session_->pointer().axis(PointerSink::Axis::horizontal, -15.0, -120);
    session_->pointer().frame();
    EXPECT_TRUE(wait_line(client, R"(^axis horizontal -15$)"));
}

TEST_F(InputTest, KeymapAndKeysTypeCharacters) {
    ChildProcess& client = pattern_client({"--size", "200x100"});
    ASSERT_TRUE(wait_line(client, "^keyboard_enter$"));
    const std::string keymap = us_keymap();
    ASSERT_FALSE(keymap.empty());
    KeyboardSink& keyboard = session_->keyboard();
    keyboard.key(KEY_B, true);  // before any keymap: dropped, not a protocol error
    keyboard.keymap(keymap);
    keyboard.key(KEY_A, true);
    keyboard.key(KEY_A, false);
    EXPECT_TRUE(wait_line(client, "^key 30 pressed a$"));
    EXPECT_TRUE(wait_line(client, "^key 30 released"));
    keyboard.key(KEY_LEFTSHIFT, true);
    keyboard.modifiers(1, 0, 0, 0);  // Shift, as the front end's own xkb_state would report it
    keyboard.key(KEY_Q, true);
    keyboard.key(KEY_Q, false);
    keyboard.key(KEY_LEFTSHIFT, false);
    keyboard.modifiers(0, 0, 0, 0);
    EXPECT_TRUE(wait_line(client, "^key 16 pressed Q$"));
    EXPECT_FALSE(client.find(std::regex("^key 48 ")));
    EXPECT_FALSE(session_->lost());
}

}  // namespace
}  // namespace wrd::rdp::test
