// Outputs through WaylandSession: what connect() reports, virtual outputs, resizing.
#include "session_fixture.hpp"

namespace wrd::rdp::test {
namespace {

using Created = std::optional<std::expected<std::string, std::string>>;
using Done = std::optional<std::expected<void, std::string>>;

class OutputsTest : public SessionTest {};

// Points into `outputs`: keep the vector alive while using the result.
const OutputInfo* find_output(const std::vector<OutputInfo>& outputs, const std::string& name) {
    for (const OutputInfo& o : outputs)
        if (o.name == name) return &o;
    return nullptr;
}

TEST_F(OutputsTest, ConnectReportsTheOutputsAsConfigured) {
    start({"--output", "800x600@30:2"});
    const auto outputs = session_->outputs();
    ASSERT_EQ(outputs.size(), 2u);
    const OutputInfo& first = outputs[0];
    EXPECT_EQ(first.name, "HEADLESS-1");
    EXPECT_EQ(first.mode_width, output_width);
    EXPECT_EQ(first.mode_height, output_height);
    EXPECT_EQ(first.refresh_mhz, 60000);
    EXPECT_EQ(first.scale, 1.0);
    EXPECT_EQ(first.x, 0);
    EXPECT_EQ(first.width, output_width);
    EXPECT_FALSE(first.made_by_us);
    const OutputInfo& second = outputs[1];
    EXPECT_EQ(second.name, "HEADLESS-2");
    EXPECT_EQ(second.mode_width, 800);
    EXPECT_EQ(second.refresh_mhz, 30000);
    EXPECT_EQ(second.scale, 2.0);
    EXPECT_EQ(second.width, 400);  // logical: the mode divided by the scale
    EXPECT_EQ(second.height, 300);
    EXPECT_EQ(second.x, output_width);  // placed right of the first
    EXPECT_TRUE(session_->has_session_protocol());
}

TEST_F(OutputsTest, VirtualOutputAppearsCapturesAndGoes) {
    start();
    const int changes = outputs_changed_;
    Created created;
    session_->create_virtual_output(7, Rect{output_width, 0, 320, 240}, 0, [&](auto r) { created = std::move(r); });
    ASSERT_TRUE(pump_until([&] { return created.has_value(); }));
    ASSERT_TRUE(*created) << created->error();
    const std::string name = **created;
    EXPECT_GT(outputs_changed_, changes);
    // Listed as soon as the callback ran.
    const auto outputs = session_->outputs();
    const OutputInfo* output = find_output(outputs, name);
    ASSERT_NE(output, nullptr) << name << " is not in outputs()";
    EXPECT_TRUE(output->made_by_us);
    EXPECT_EQ(output->virtual_id, 7u);
    EXPECT_EQ(output->x, output_width);
    EXPECT_EQ(output->y, 0);
    EXPECT_EQ(output->mode_width, 320);
    EXPECT_EQ(output->mode_height, 240);
    EXPECT_EQ(output->refresh_mhz, 60000);

    ASSERT_TRUE(session_->start_capture(name));
    ASSERT_TRUE(wait_frame_after(0));
    EXPECT_EQ(frames_.back()->output_name, name);
    EXPECT_EQ(frames_.back()->view().width, 320);
    EXPECT_EQ(rgb_at(frames_.back()->view(), 300, 200), 0x102030u);

    EXPECT_TRUE(session_->set_virtual_output_position(name, output_width, 100));
    EXPECT_TRUE(pump_until([&] {
        const auto now = session_->outputs();
        const OutputInfo* moved = find_output(now, name);
        return moved && moved->y == 100;
    })) << "the virtual output did not move";

    EXPECT_TRUE(session_->destroy_virtual_output(name));
    EXPECT_FALSE(session_->capturing(name));
    EXPECT_TRUE(pump_until([&] { return find_output(session_->outputs(), name) == nullptr; }));
    EXPECT_FALSE(session_->destroy_virtual_output(name));
    EXPECT_FALSE(session_->destroy_virtual_output("HEADLESS-1")) << "an output we did not make";
    EXPECT_FALSE(session_->lost());
}

// A second viewer captures an output the first one made; when the maker removes it, the
// second's capture ends with a report and its outputs() follow.
TEST_F(OutputsTest, AnOutputThatGoesEndsItsCapture) {
    start();
    Created created;
    session_->create_virtual_output(1, Rect{output_width, 0, 320, 240}, 0, [&](auto r) { created = std::move(r); });
    ASSERT_TRUE(pump_until([&] { return created.has_value(); }));
    ASSERT_TRUE(*created) << created->error();
    const std::string name = **created;

    std::vector<std::string> stopped;
    int changes = 0;
    auto viewer = WaylandSession::connect(loop_, WaylandSession::Target::named(compositor_->socket_path()),
                                          {.capture_stopped = [&](const std::string& output,
                                                                  const std::string&) { stopped.push_back(output); },
                                           .outputs_changed = [&] { ++changes; }});
    ASSERT_TRUE(viewer) << viewer.error();
    const auto viewer_outputs = (*viewer)->outputs();
    const OutputInfo* seen = find_output(viewer_outputs, name);
    ASSERT_NE(seen, nullptr);
    EXPECT_FALSE(seen->made_by_us) << "the viewer did not make it";
    ASSERT_TRUE((*viewer)->start_capture(name));
    const int changes_before = changes;
    EXPECT_TRUE(session_->destroy_virtual_output(name));
    ASSERT_TRUE(pump_until([&] { return !stopped.empty(); })) << "the viewer's capture did not end";
    EXPECT_EQ(stopped, std::vector<std::string>{name});
    EXPECT_FALSE((*viewer)->capturing(name));
    EXPECT_GT(changes, changes_before);
    EXPECT_EQ(find_output((*viewer)->outputs(), name), nullptr);
    EXPECT_FALSE((*viewer)->lost());
}

TEST_F(OutputsTest, BadRequestsFailThroughTheirCallbacksAndKeepTheConnection) {
    start();
    Created created;
    session_->create_virtual_output(1, Rect{0, 0, 0, 240}, 0, [&](auto r) { created = std::move(r); });
    ASSERT_TRUE(created.has_value());
    EXPECT_FALSE(*created);
    Done resized;
    session_->resize_output("NO-SUCH-OUTPUT", 800, 600, [&](auto r) { resized = std::move(r); });
    ASSERT_TRUE(resized.has_value());
    EXPECT_FALSE(*resized);
    resized.reset();
    session_->resize_output("HEADLESS-1", 0, 600, [&](auto r) { resized = std::move(r); });
    ASSERT_TRUE(resized.has_value());
    EXPECT_FALSE(*resized);
    pump_for(200ms);
    EXPECT_FALSE(session_->lost());
    EXPECT_EQ(lost_, 0);
}

TEST_F(OutputsTest, ResizeChangesTheMode) {
    start();
    Done resized;
    const int changes = outputs_changed_;
    session_->resize_output("HEADLESS-1", 1024, 768, [&](auto r) { resized = std::move(r); });
    ASSERT_TRUE(pump_until([&] { return resized.has_value(); }));
    ASSERT_TRUE(*resized) << resized->error();
    ASSERT_TRUE(pump_until([&] { return session_->outputs().at(0).mode_width == 1024; }));
    EXPECT_GT(outputs_changed_, changes);
    EXPECT_EQ(session_->outputs().at(0).mode_height, 768);
    EXPECT_EQ(session_->outputs().at(0).refresh_mhz, 60000) << "the refresh rate was not kept";
}

}  // namespace
}  // namespace wrd::rdp::test
