#include "encoded_frame.hpp"

namespace wrd::rdp {

const char* to_string(FrameCodec codec) {
    switch (codec) {
    case FrameCodec::GfxAvc420: return "AVC420";
    case FrameCodec::GfxRemoteFx: return "RemoteFX (graphics pipeline)";
    case FrameCodec::GfxProgressive: return "RemoteFX progressive";
    case FrameCodec::SurfaceBitsRfx: return "RemoteFX surface bits";
    case FrameCodec::Bitmaps: return "bitmap updates";
    }
    return "?";
}

}  // namespace wrd::rdp
