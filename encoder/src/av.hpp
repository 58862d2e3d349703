// The one place that includes FFmpeg's C headers (libavcodec, libavutil), plus one-line RAII
// owners for its handles and the conversion of its error codes to text. Any thread; each
// handle belongs to whoever owns the pointer.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include <memory>
#include <string>

namespace wrd::encoder::av {

// Stateless deleters: FFmpeg's free functions take a pointer to the pointer.
struct CodecContextDeleter {
    void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct FrameDeleter {
    void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct PacketDeleter {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;

// FFmpeg's own message for an AVERROR code (av_err2str is a C compound literal, not C++).
inline std::string error_string(int code) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_make_error_string(buf, sizeof buf, code);
    return buf;
}

// "what: FFmpeg's message", the form every libav failure is reported in.
inline std::string error(const std::string& what, int code) {
    return what + ": " + error_string(code);
}

}  // namespace wrd::encoder::av
