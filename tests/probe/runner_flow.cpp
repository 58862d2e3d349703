// The steps about what the server sends besides pictures and how fast: the pointer image,
// Suppress Output, and holding back frame acknowledgements.
#include <format>

#include "rgba_png.hpp"
#include "runner.hpp"

namespace wrd::probe {
namespace {

uint64_t count_of(const PointerCounts& c, step::PointerEvent event) {
    switch (event) {
        case step::PointerEvent::image:
            return c.new_updates + c.large + c.color + c.cached;
        case step::PointerEvent::null:
            return c.system_null;
        case step::PointerEvent::system_default:
            return c.system_default;
        case step::PointerEvent::position:
            return c.position;
    }
    return 0;
}

const char* describe(step::PointerEvent event) {
    switch (event) {
        case step::PointerEvent::image:
            return "a pointer image";
        case step::PointerEvent::null:
            return "the null (hidden) system pointer";
        case step::PointerEvent::system_default:
            return "the default system pointer";
        case step::PointerEvent::position:
            return "a pointer position";
    }
    return "?";
}

}  // namespace

StepRunner::Result StepRunner::operator()(const step::WaitPointer& s) {
    const PointerTracker& pointer = client_.pointer();
    const uint64_t start = count_of(pointer.counts(), s.event);
    auto r = client_.wait_until([&] { return count_of(pointer.counts(), s.event) > start; }, deadline(),
                                std::string("the server to send ") + describe(s.event));
    if (!r) return std::unexpected(r.error());
    if (s.event == step::PointerEvent::position && pointer.last_position())
        return std::format("at {},{}", pointer.last_position()->first, pointer.last_position()->second);
    if (s.event == step::PointerEvent::image && pointer.last())
        return std::format("{}x{} hotspot {},{}", pointer.last()->width, pointer.last()->height,
                           pointer.last()->hotspot_x, pointer.last()->hotspot_y);
    return std::string(describe(s.event));
}

StepRunner::Result StepRunner::operator()(const step::PointerImage& s) {
    const auto& last = client_.pointer().last();
    if (!last) return std::unexpected("no pointer image has come from the server");
    if (auto r = save_rgba_png(last->argb, last->width, last->height, s.path); !r) return std::unexpected(r.error());
    return std::format("{}x{} hotspot {},{} ({} bpp) to {}", last->width, last->height, last->hotspot_x,
                       last->hotspot_y, last->xor_bpp, s.path);
}

// MS-RDPBCGR 2.2.11.3.1. The GDI is left alone (gdi_send_suppress_output would also stop it
// drawing), so anything the server still sends shows up in the counters and the screen.
StepRunner::Result StepRunner::operator()(const step::SuppressOutput& s) {
    rdpContext* context = client_.context();
    // The server's general capability set (MS-RDPBCGR 2.2.7.1.1) says whether it takes the PDU;
    // FreeRDP keeps the answer here and silently sends nothing otherwise.
    if (!freerdp_settings_get_bool(context->settings, FreeRDP_SuppressOutput))
        return std::unexpected("the server does not accept Suppress Output PDUs");
    const rdpGdi* gdi = client_.gdi();
    if (!gdi) return std::unexpected("no desktop decoded yet");
    // TS_RECTANGLE16 bounds are inclusive.
    const RECTANGLE_16 desktop{0, 0, static_cast<UINT16>(gdi->width - 1), static_cast<UINT16>(gdi->height - 1)};
    if (!context->update->SuppressOutput(context, s.suppress ? 0 : 1, s.suppress ? nullptr : &desktop))
        return std::unexpected("sending the Suppress Output PDU failed");
    return std::string(s.suppress ? "output suppressed" : "output allowed for the whole desktop");
}

StepRunner::Result StepRunner::operator()(const step::AckFrames& s) {
    FrameAckGate& gate = client_.frame_acks();
    if (s.on) {
        gate.hold(false);
        auto sent = gate.release();
        if (!sent) return std::unexpected(sent.error());
        return std::format("acknowledging frames; {} held acknowledgement(s) sent", *sent);
    }
    // Only acknowledgements on the graphics channel can be held: wait for the server to open it.
    auto r = client_.wait_until([&] { return gate.graphics_channel_known(); }, channel_deadline(),
                                "the server to open the graphics pipeline channel");
    if (!r) return std::unexpected(r.error());
    gate.hold(true);
    return std::format("holding frame acknowledgements back ({} sent so far)", gate.sent());
}

}  // namespace wrd::probe
