// Field names are the report's interface to tests and benchmarks; see tests/probe/README.md.
#include "report.hpp"

#include <cstdio>
#include <fstream>

#include "json.hpp"

namespace wrd::probe {
namespace {

void write_codecs(JsonWriter& j, const Stats& stats) {
    j.key("codecs").begin_object();
    for (const auto& [name, count] : stats.codecs) {
        j.key(name).begin_object();
        j.key("commands").value(count.commands);
        j.key("bytes").value(count.bytes);
        j.end_object();
    }
    j.end_object();
}

void write_frames(JsonWriter& j, const Client& client) {
    const Stats& s = client.stats();
    const double seconds = s.duration_s();
    j.key("frames").value(s.frames());
    j.key("gfx_frames").value(s.gfx_frames);
    j.key("surface_frames").value(s.surface_frames);
    j.key("screen_updates").value(s.screen_updates);
    j.key("duration_s").value(seconds);
    j.key("fps").value(seconds > 0 ? static_cast<double>(s.frames()) / seconds : 0.0);
    j.key("bytes_received").value(client.bytes_received());
    j.key("bytes_sent").value(client.bytes_sent());
    j.key("decode_ms").begin_object();
    j.key("total").value(s.decode_ms);
    j.key("per_frame").value(s.frames() > 0 ? s.decode_ms / static_cast<double>(s.frames()) : 0.0);
    j.end_object();
    j.key("gfx_caps_confirmed").value(s.gfx_caps);
}

void write_latency(JsonWriter& j, const Stats& s) {
    j.key("latency_ms").begin_object();
    j.key("samples").begin_array();
    for (double v : s.latency_ms) j.value(v);
    j.end_array();
    j.key("p50").value(percentile(s.latency_ms, 50));
    j.key("p95").value(percentile(s.latency_ms, 95));
    j.end_object();
}

void write_clipboard(JsonWriter& j, const Clipboard& clip) {
    const Clipboard::Results& r = clip.results();
    j.key("clipboard").begin_object();
    j.key("loaded").value(r.loaded);
    j.key("ready").value(r.monitor_ready);
    j.key("server_formats").begin_array();
    for (const Clipboard::Format& f : clip.server_formats()) {
        j.begin_object().key("id").value(static_cast<uint64_t>(f.id)).key("name").value(f.name).end_object();
    }
    j.end_array();
    j.key("text_received").value(r.text_received);
    j.key("image_received").value(r.image_received);
    j.key("text_offered").value(r.text_offered);
    j.key("image_offered").value(r.image_offered);
    j.key("requests_served").value(r.requests_served);
    j.key("requests_refused").value(r.requests_refused);
    j.end_object();
}

void write_pointer(JsonWriter& j, const PointerTracker& pointer) {
    const PointerCounts& c = pointer.counts();
    j.key("pointer").begin_object();
    j.key("new").value(c.new_updates);
    j.key("large").value(c.large);
    j.key("cached").value(c.cached);
    j.key("color").value(c.color);
    j.key("system_null").value(c.system_null);
    j.key("system_default").value(c.system_default);
    j.key("position").value(c.position);
    j.key("decode_errors").value(c.decode_errors);
    j.key("shown").value(name_of(pointer.shown()));
    j.key("last");
    if (const auto& last = pointer.last()) {
        j.begin_object();
        j.key("width").value(uint64_t{last->width}).key("height").value(uint64_t{last->height});
        j.key("hotspot_x").value(uint64_t{last->hotspot_x}).key("hotspot_y").value(uint64_t{last->hotspot_y});
        j.key("xor_bpp").value(uint64_t{last->xor_bpp});
        j.end_object();
    } else {
        j.null();
    }
    j.key("last_position");
    if (const auto& at = pointer.last_position())
        j.begin_array().value(uint64_t{at->first}).value(uint64_t{at->second}).end_array();
    else
        j.null();
    j.end_object();
}

void write_frame_acks(JsonWriter& j, const FrameAckGate& gate) {
    j.key("frame_acks").begin_object();
    j.key("sent").value(gate.sent());
    j.key("withheld").value(gate.withheld());
    j.key("pending").value(static_cast<uint64_t>(gate.pending()));
    j.end_object();
}

void write_certificate(JsonWriter& j, const Client& client) {
    j.key("certificate");
    const auto& cert = client.certificate();
    if (!cert) {
        j.null();
        return;
    }
    j.begin_object();
    j.key("fingerprint").value(cert->fingerprint);
    j.key("subject").value(cert->subject);
    j.key("issuer").value(cert->issuer);
    j.key("common_name").value(cert->common_name);
    j.key("changed").value(cert->changed);
    j.end_object();
}

void write_steps(JsonWriter& j, const RunInfo& run) {
    j.key("steps").begin_array();
    for (const StepRecord& s : run.steps) {
        j.begin_object().key("step").value(s.text).key("ok").value(s.ok);
        j.key("ms").value(s.ms).key("frames").value(s.frames).key("detail").value(s.detail).end_object();
    }
    j.end_array();
    j.key("errors").begin_array();
    for (const std::string& e : run.errors) j.value(e);
    j.end_array();
}

}  // namespace

std::string build_report(const Client& client, const RunInfo& run) {
    const Options& o = client.options();
    const Stats& s = client.stats();
    JsonWriter j;
    j.begin_object();
    j.key("connected").value(s.connected_at.has_value());
    j.key("host").value(o.host).key("port").value(static_cast<int>(o.port));
    const std::string security = client.security_used();
    j.key("security");
    security.empty() ? j.null() : j.value(security);
    j.key("codec_requested").value(name_of(o.codec));
    j.key("desktop").begin_object();
    j.key("width").value(s.desktop_width).key("height").value(s.desktop_height);
    j.end_object();
    j.key("channels").begin_array();
    for (const std::string& c : client.channels()) j.value(c);
    j.end_array();
    write_codecs(j, s);
    write_frames(j, client);
    write_latency(j, s);
    write_clipboard(j, client.clipboard());
    write_pointer(j, client.pointer());
    write_frame_acks(j, client.frame_acks());
    write_certificate(j, client);
    write_steps(j, run);
    j.key("exit_code").value(run.exit_code);
    j.end_object();
    return j.str() + "\n";
}

std::expected<void, std::string> write_report(const std::string& path, const std::string& json) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out.write(json.data(), static_cast<std::streamsize>(json.size())) || !out.flush())
            return std::unexpected(tmp + ": cannot write the report");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        return std::unexpected(path + ": cannot rename the report into place");
    return {};
}

}  // namespace wrd::probe
