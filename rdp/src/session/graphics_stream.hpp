// GraphicsStream: everything a connection draws for its client, from activation on: the codec
// choice, the frame pipeline and its encoder thread, the graphics pipeline channel (RDPGFX) or
// the legacy surface-bits/bitmap path, the surfaces per output, the client-side pointer, flow
// control and the periodic stats line. It takes frames and an output layout from whoever
// supplies them (the desktop link; later also a greeter) and knows nothing of Wayland.
// Created and used on the connection's I/O thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config.hpp"
#include "event_loop.hpp"
#include "graphics/frame_encoder.hpp"
#include "graphics/source_frame.hpp"
#include "pointer/pointer_updates.hpp"
#include "rect.hpp"

typedef void* HANDLE;

namespace wrd::rdp {

class FramePipeline;
class GraphicsChannel;
class LegacyGraphics;
class RdpPeer;
struct GfxCapabilities;

class GraphicsStream {
public:
    using Layout = std::vector<std::pair<std::string, Rect>>;
    struct Callbacks {
        std::function<void(const std::string& reason)> failed;  // the connection must end
        // The client's desktop is `width`x`height` now (absolute pointer motion maps onto it).
        std::function<void(uint32_t width, uint32_t height)> desktop_size;
    };

    GraphicsStream(RdpPeer& peer, EventLoop& loop, const FrontEndConfig& config, std::string label,
                   Callbacks callbacks);
    ~GraphicsStream();
    GraphicsStream(const GraphicsStream&) = delete;
    GraphicsStream& operator=(const GraphicsStream&) = delete;

    // The client was (re)activated; `gfx` when it announced the graphics pipeline.
    void activated(bool gfx, const Layout& layout);
    // The outputs changed: new surfaces (GFX) or a desktop resize (legacy).
    void layout_changed(const Layout& layout);
    // Opens the graphics channel once dynamic channels are ready; serves its messages.
    void service_channels(bool dynamic_channels_ready);
    std::vector<HANDLE> event_handles() const;

    void submit(SourceFramePtr frame);
    void send_encoded();
    void suppress_output(bool allow);
    void refresh();
    void surface_frame_acknowledged();
    PointerUpdates& pointer() { return *pointer_; }
    void log_stats();

private:
    FrameCodec pick_gfx_codec(const GfxCapabilities& caps) const;
    EncoderSettings encoder_settings() const;
    void choose_legacy_graphics(const Layout& layout);
    void on_gfx_ready(const GfxCapabilities& caps);
    void reset_gfx_surfaces(const Layout& layout);
    void start_streaming();
    void on_gfx_ack(uint32_t queue_depth);
    bool gfx_active() const;

    RdpPeer& peer_;
    EventLoop& loop_;
    const FrontEndConfig& config_;
    std::string label_;
    Callbacks callbacks_;
    std::unique_ptr<FramePipeline> pipeline_;
    std::unique_ptr<GraphicsChannel> gfx_;
    std::unique_ptr<LegacyGraphics> legacy_;
    std::unique_ptr<PointerUpdates> pointer_;
    Layout layout_;
    std::map<std::string, uint16_t> surfaces_;  // output → GFX surface id (or a legacy index)
    std::optional<FrameCodec> codec_;
    bool gfx_expected_ = false;
    bool streaming_ = false;
    std::chrono::steady_clock::time_point last_stats_;
    uint64_t frames_sent_ = 0, bytes_sent_ = 0;
    std::vector<double> send_latency_ms_;  // capture ready → frame written, this stats period
};

}  // namespace wrd::rdp
