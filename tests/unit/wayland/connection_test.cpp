// Connecting, and losing the connection, against a real wrd-compositor.
#include <sys/socket.h>
#include <sys/un.h>

#include <unistd.h>

#include <csignal>
#include <cstring>

#include "session_fixture.hpp"

namespace wrd::rdp::test {
namespace {

class ConnectionTest : public SessionTest {};

TEST_F(ConnectionTest, ThroughAnAlreadyConnectedSocket) {
    compositor_ = std::make_unique<TestCompositor>(std::vector<std::string>{"--no-xwayland", "--output", "640x480"});
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    ASSERT_TRUE(fd);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string path = compositor_->socket_path();
    ASSERT_LT(path.size(), sizeof address.sun_path);
    std::strcpy(address.sun_path, path.c_str());
    ASSERT_EQ(::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0) << std::strerror(errno);
    auto session =
        WaylandSession::connect(loop_, WaylandSession::Target::connected(std::move(fd)), recording_callbacks());
    ASSERT_TRUE(session) << session.error();
    session_ = std::move(*session);
    ASSERT_EQ(session_->outputs().size(), 1u);
    EXPECT_EQ(session_->outputs()[0].name, "HEADLESS-1");
}

TEST_F(ConnectionTest, NoCompositorIsAClearError) {
    auto session = WaylandSession::connect(loop_, WaylandSession::Target::named("/nonexistent/wrd-no-display"),
                                           recording_callbacks());
    ASSERT_FALSE(session);
    EXPECT_NE(session.error().find("cannot connect"), std::string::npos) << session.error();
    EXPECT_NE(session.error().find("wrd-no-display"), std::string::npos) << session.error();
}

// A compositor without the wlroots protocols (weston): connect() names what is missing.
TEST_F(ConnectionTest, AForeignCompositorWithoutTheProtocolsIsNamed) {
    const std::string weston = "/usr/bin/weston";
    if (::access(weston.c_str(), X_OK) != 0) GTEST_SKIP() << "weston is not installed";
    const TempDir dir;
    const std::string socket = dir.runtime_dir() + "/wrd-weston";
    ChildProcess process({weston, "--backend=headless", "--socket=wrd-weston", "--no-config", "--shell=kiosk-shell.so"},
                         child_environment(dir.runtime_dir()), dir.path() + "/weston.log");
    ASSERT_TRUE(pump_until([&] { return ::access(socket.c_str(), F_OK) == 0; })) << "weston made no socket";
    auto session = WaylandSession::connect(loop_, WaylandSession::Target::named(socket), recording_callbacks());
    ASSERT_FALSE(session);
    for (const char* global : {"zwlr_screencopy_manager_v1", "zwlr_virtual_pointer_manager_v1",
                               "zwp_virtual_keyboard_manager_v1"})
        EXPECT_NE(session.error().find(global), std::string::npos) << session.error();
    EXPECT_EQ(session.error().find("wl_shm"), std::string::npos) << "weston has wl_shm: " << session.error();
}

TEST_F(ConnectionTest, KillingTheCompositorCallsLostOnce) {
    start();
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(wait_frame_after(0));
    compositor_->kill();
    ASSERT_TRUE(pump_until([&] { return lost_ > 0; })) << "lost() was not called";
    EXPECT_NE(lost_reason_.find("broke"), std::string::npos) << lost_reason_;
    // Everything after the loss is refused or dropped, and lost() does not come again.
    EXPECT_TRUE(session_->lost());
    EXPECT_FALSE(session_->capturing("HEADLESS-1"));
    EXPECT_FALSE(session_->start_capture("HEADLESS-1"));
    session_->pointer().motion_absolute(10, 10, output_width, output_height);
    session_->pointer().frame();
    session_->keyboard().key(30, true);
    session_->set_cursor_composited(false);
    std::optional<std::expected<void, std::string>> resized;
    session_->resize_output("HEADLESS-1", 800, 600, [&](auto r) { resized = std::move(r); });
    ASSERT_TRUE(resized.has_value());
    EXPECT_FALSE(*resized);
    pump_for(300ms);
    EXPECT_EQ(lost_, 1);
}

TEST_F(ConnectionTest, AProtocolErrorIsReportedWithItsInterface) {
    start();
    // Another component on the same connection breaks the protocol: binding a global at a
    // version the compositor does not offer.
    WlProxy<wl_registry> registry(wl_display_get_registry(session_->display()));
    WlProxy<wl_seat> seat(static_cast<wl_seat*>(wl_registry_bind(registry.get(), 1, &wl_seat_interface, 9999)));
    ASSERT_TRUE(pump_until([&] { return lost_ > 0; })) << "lost() was not called";
    EXPECT_NE(lost_reason_.find("protocol error"), std::string::npos) << lost_reason_;
    EXPECT_NE(lost_reason_.find("wl_registry"), std::string::npos) << lost_reason_;
    seat.reset();
    registry.reset();
    pump_for(100ms);
    EXPECT_EQ(lost_, 1);
}

TEST_F(ConnectionTest, LostMayDestroyTheSession) {
    start();
    // As wrd-rdp does: the session ends itself from its lost() callback.
    auto callbacks = recording_callbacks();
    callbacks.lost = [this](const std::string&) {
        ++lost_;
        session_.reset();
    };
    session_.reset();
    auto session = WaylandSession::connect(loop_, WaylandSession::Target::named(compositor_->socket_path()), callbacks);
    ASSERT_TRUE(session) << session.error();
    session_ = std::move(*session);
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(wait_frame_after(0));
    compositor_->kill();
    ASSERT_TRUE(pump_until([&] { return lost_ > 0; }));
    EXPECT_EQ(session_, nullptr);
    frames_.clear();  // buffers handed back after the session is gone
    pump_for(100ms);
    EXPECT_EQ(lost_, 1);
}

}  // namespace
}  // namespace wrd::rdp::test
