// PointerTranslator: motion in desktop coordinates, buttons 1-5, wheel signs and magnitudes,
// frames, and release_all.
#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include "input/pointer_translator.hpp"
#include "input/rdp_input_flags.hpp"
#include "recording_sinks.hpp"

namespace wrd::rdp {
namespace {

using test::AxisSent;
using test::ButtonSent;
using test::FrameSent;
using test::MotionSent;
using test::PointerEvent;
using Events = std::vector<PointerEvent>;
using Axis = PointerSink::Axis;
namespace f = rdp_flags;

class PointerTest : public ::testing::Test {
protected:
    void SetUp() override { pointer.set_desktop_size(3840, 1080); }  // two 1920x1080 monitors
    Events take() { return std::exchange(sink.events, {}); }

    test::RecordingPointer sink;
    PointerTranslator pointer{sink};
};

TEST_F(PointerTest, MotionInDesktopCoordinates) {
    pointer.mouse(f::ptr_move, 2000, 500);  // on the second monitor
    EXPECT_EQ(take(), (Events{MotionSent{2000, 500, 3840, 1080}, FrameSent{}}));
    pointer.mouse(f::ptr_move, 2000, 500);  // no change, nothing to say
    EXPECT_TRUE(take().empty());
    pointer.mouse(f::ptr_move, 9000, 9000);
    EXPECT_EQ(take(), (Events{MotionSent{3839, 1079, 3840, 1080}, FrameSent{}}));
}

TEST_F(PointerTest, MotionWaitsForDesktopSize) {
    PointerTranslator fresh{sink};
    fresh.mouse(f::ptr_move, 10, 10);
    EXPECT_TRUE(take().empty());
    fresh.set_desktop_size(800, 600);
    fresh.mouse(f::ptr_move, 10, 10);
    EXPECT_EQ(take(), (Events{MotionSent{10, 10, 800, 600}, FrameSent{}}));
}

TEST_F(PointerTest, ButtonsOneToThree) {
    pointer.mouse(f::ptr_down | f::ptr_button1, 10, 20);
    EXPECT_EQ(take(), (Events{MotionSent{10, 20, 3840, 1080}, ButtonSent{BTN_LEFT, true}, FrameSent{}}));
    pointer.mouse(f::ptr_button1, 10, 20);
    EXPECT_EQ(take(), (Events{ButtonSent{BTN_LEFT, false}, FrameSent{}}));
    pointer.mouse(f::ptr_down | f::ptr_button2, 10, 20);
    pointer.mouse(f::ptr_button2, 10, 20);
    pointer.mouse(f::ptr_down | f::ptr_button3, 10, 20);
    pointer.mouse(f::ptr_button3, 10, 20);
    EXPECT_EQ(take(), (Events{ButtonSent{BTN_RIGHT, true}, FrameSent{}, ButtonSent{BTN_RIGHT, false}, FrameSent{},
                              ButtonSent{BTN_MIDDLE, true}, FrameSent{}, ButtonSent{BTN_MIDDLE, false}, FrameSent{}}));
}

TEST_F(PointerTest, ButtonsFourAndFive) {
    pointer.extended_mouse(f::ptrx_down | f::ptrx_button1, 5, 5);
    pointer.extended_mouse(f::ptrx_button1, 5, 5);
    pointer.extended_mouse(f::ptrx_down | f::ptrx_button2, 5, 5);
    pointer.extended_mouse(f::ptrx_button2, 5, 5);
    EXPECT_EQ(take(), (Events{MotionSent{5, 5, 3840, 1080}, ButtonSent{BTN_SIDE, true}, FrameSent{},
                              ButtonSent{BTN_SIDE, false}, FrameSent{}, ButtonSent{BTN_EXTRA, true}, FrameSent{},
                              ButtonSent{BTN_EXTRA, false}, FrameSent{}}));
}

TEST_F(PointerTest, DuplicatePressIsDropped) {
    pointer.mouse(f::ptr_down | f::ptr_button1, 1, 1);
    take();
    pointer.mouse(f::ptr_down | f::ptr_button1, 1, 1);
    EXPECT_TRUE(take().empty());
}

TEST_F(PointerTest, WheelRotationDecoding) {
    EXPECT_EQ(PointerTranslator::wheel_rotation(f::ptr_wheel | 0x078), 120);
    // xfreerdp's "down" notch: NEGATIVE | (0x100 - 0x78), 9-bit two's complement of -120.
    EXPECT_EQ(PointerTranslator::wheel_rotation(f::ptr_wheel | f::ptr_wheel_negative | 0x088), -120);
    EXPECT_EQ(PointerTranslator::wheel_rotation(f::ptr_wheel | 0x0FF), 255);
    EXPECT_EQ(PointerTranslator::wheel_rotation(f::ptr_wheel | 0x1FF), -1);
    EXPECT_EQ(PointerTranslator::wheel_rotation(f::ptr_wheel | f::ptr_wheel_negative), -256);
}

TEST_F(PointerTest, VerticalWheelSigns) {
    // Away from the user = scroll up = negative on Wayland's vertical axis. Position ignored.
    pointer.mouse(f::ptr_wheel | 0x078, 0, 0);
    EXPECT_EQ(take(), (Events{AxisSent{Axis::vertical, -15.0, -120}, FrameSent{}}));
    pointer.mouse(f::ptr_wheel | f::ptr_wheel_negative | 0x088, 0, 0);
    EXPECT_EQ(take(), (Events{AxisSent{Axis::vertical, 15.0, 120}, FrameSent{}}));
    pointer.mouse(f::ptr_wheel | 0x03C, 0, 0);  // half a notch from a high-resolution wheel
    EXPECT_EQ(take(), (Events{AxisSent{Axis::vertical, -7.5, -60}, FrameSent{}}));
    pointer.mouse(f::ptr_wheel | 0x0F0, 0, 0);  // two notches at once
    EXPECT_EQ(take(), (Events{AxisSent{Axis::vertical, -30.0, -240}, FrameSent{}}));
}

TEST_F(PointerTest, HorizontalWheelSigns) {
    // Positive = right (WM_MOUSEHWHEEL), Wayland's horizontal axis grows to the right.
    pointer.mouse(f::ptr_hwheel | 0x078, 0, 0);
    EXPECT_EQ(take(), (Events{AxisSent{Axis::horizontal, 15.0, 120}, FrameSent{}}));
    pointer.mouse(f::ptr_hwheel | f::ptr_wheel_negative | 0x088, 0, 0);
    EXPECT_EQ(take(), (Events{AxisSent{Axis::horizontal, -15.0, -120}, FrameSent{}}));
}

TEST_F(PointerTest, ZeroRotationSendsNothing) {
    pointer.mouse(f::ptr_wheel, 0, 0);
    EXPECT_TRUE(take().empty());
}

TEST_F(PointerTest, ReleaseAllReleasesHeldButtons) {
    pointer.mouse(f::ptr_down | f::ptr_button1, 1, 1);
    pointer.extended_mouse(f::ptrx_down | f::ptrx_button2, 1, 1);
    take();
    pointer.release_all();
    EXPECT_EQ(take(), (Events{ButtonSent{BTN_LEFT, false}, ButtonSent{BTN_EXTRA, false}, FrameSent{}}));
    pointer.release_all();
    EXPECT_TRUE(take().empty());
}

}  // namespace
}  // namespace wrd::rdp
