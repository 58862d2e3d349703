#include "session_protocol.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "listener.hpp"
#include "log.hpp"
#include "output.hpp"
#include "seat.hpp"
#include "server.hpp"

namespace wrd::compositor {
namespace {

constexpr uint32_t kVersion = 1;

SessionProtocol* session_of(wl_resource* r) {
    return static_cast<SessionProtocol*>(wl_resource_get_user_data(r));
}

// Per-cursor-object state lives in a small struct owned by the resource.
struct CursorState {
    SessionProtocol* session;
    bool composited = true;
};

// A virtual output and the resource that created it; removing either removes the other.
struct VirtualOutput {
    wl_resource* resource = nullptr;
    Output* output = nullptr;
    wl::Listener<void> output_destroy;
};

void destroy_resource(wl_client*, wl_resource* r) {
    wl_resource_destroy(r);
}

void cursor_set_composited(wl_client*, wl_resource* r, uint32_t composited) {
    auto* st = static_cast<CursorState*>(wl_resource_get_user_data(r));
    st->composited = composited != 0;
    st->session->update_composited();
}

const struct wrd_cursor_v1_interface cursor_impl = {destroy_resource, cursor_set_composited};

void cursor_resource_destroyed(wl_resource* r) {
    auto* st = static_cast<CursorState*>(wl_resource_get_user_data(r));
    SessionProtocol* session = st->session;
    delete st;
    wl_resource_set_user_data(r, nullptr);
    if (session) session->remove_cursor(r);
}

void vout_set_position(wl_client*, wl_resource* r, int32_t x, int32_t y) {
    auto* vo = static_cast<VirtualOutput*>(wl_resource_get_user_data(r));
    if (!vo || !vo->output) return;
    wlr_output_layout_add(vo->output->server.output_layout, vo->output->wlr, x, y);
}

const struct wrd_virtual_output_v1_interface vout_impl = {destroy_resource, vout_set_position};

void vout_resource_destroyed(wl_resource* r) {
    auto* vo = static_cast<VirtualOutput*>(wl_resource_get_user_data(r));
    if (!vo) return;
    Output* out = vo->output;
    vo->output_destroy.disconnect();
    delete vo;
    if (out) wlr_output_destroy(out->wlr);
}

void manager_get_cursor(wl_client* client, wl_resource* manager, uint32_t id) {
    wl_resource* r = wl_resource_create(client, &wrd_cursor_v1_interface, wl_resource_get_version(manager), id);
    if (!r) {
        wl_client_post_no_memory(client);
        return;
    }
    auto* st = new CursorState{session_of(manager)};
    wl_resource_set_implementation(r, &cursor_impl, st, cursor_resource_destroyed);
    st->session->add_cursor(r);
}

void manager_create_virtual_output(wl_client*, wl_resource* manager, uint32_t id, int32_t x, int32_t y, int32_t w,
                                   int32_t h, int32_t refresh) {
    session_of(manager)->create_virtual_output(manager, id, x, y, w, h, refresh);
}

const struct wrd_session_manager_v1_interface manager_impl = {destroy_resource, manager_get_cursor,
                                                              manager_create_virtual_output};

}  // namespace

SessionProtocol::SessionProtocol(Server& server) : server_(server) {
    global_ = wl_global_create(server.display, &wrd_session_manager_v1_interface, kVersion, this,
                               [](wl_client* client, void* data, uint32_t version, uint32_t id) {
        wl_resource* r = wl_resource_create(client, &wrd_session_manager_v1_interface, static_cast<int>(version), id);
        if (!r) {
            wl_client_post_no_memory(client);
            return;
        }
        wl_resource_set_implementation(r, &manager_impl, data, nullptr);
    });
    if (!global_) throw StartupError("cannot create the wrd_session_manager_v1 global");
}

SessionProtocol::~SessionProtocol() {
    for (wl_resource* r : cursors_)
        if (auto* st = static_cast<CursorState*>(wl_resource_get_user_data(r))) st->session = nullptr;
    if (image_fd_ >= 0) close(image_fd_);
    wl_global_destroy(global_);
}

void SessionProtocol::add_cursor(wl_resource* resource) {
    cursors_.push_back(resource);
    x_ = server_.seat->cursor->x;
    y_ = server_.seat->cursor->y;
    if (!have_image_)
        cursor_image_changed();
    else
        send_image(resource);
    send_position(resource);
}

void SessionProtocol::remove_cursor(wl_resource* resource) {
    std::erase(cursors_, resource);
    update_composited();
}

void SessionProtocol::update_composited() {
    bool composited = std::all_of(cursors_.begin(), cursors_.end(), [](wl_resource* r) {
        auto* st = static_cast<CursorState*>(wl_resource_get_user_data(r));
        return !st || st->composited;
    });
    server_.seat->set_cursor_composited(composited);
}

void SessionProtocol::cursor_moved(double x, double y) {
    x_ = x;
    y_ = y;
    for (wl_resource* r : cursors_) send_position(r);
}

void SessionProtocol::send_position(wl_resource* cursor) {
    wrd_cursor_v1_send_position(cursor, wl_fixed_from_double(x_), wl_fixed_from_double(y_));
}

SessionProtocol::Image SessionProtocol::read_image() const {
    const CursorImage& ci = server_.seat->cursor_image();
    Image img;
    if (ci.kind == CursorImage::Kind::Hidden) {
        img.hidden = true;
        return img;
    }
    if (ci.kind == CursorImage::Kind::Named) {
        wlr_xcursor* xc = wlr_xcursor_manager_get_xcursor(server_.seat->xcursor, ci.name.c_str(), 1.0f);
        if (!xc) xc = wlr_xcursor_manager_get_xcursor(server_.seat->xcursor, "default", 1.0f);
        if (!xc || xc->image_count == 0) {
            img.hidden = true;
            return img;
        }
        const wlr_xcursor_image* xi = xc->images[0];
        img.width = static_cast<int>(xi->width);
        img.height = static_cast<int>(xi->height);
        img.hotspot_x = static_cast<int>(xi->hotspot_x);
        img.hotspot_y = static_cast<int>(xi->hotspot_y);
        img.pixels.assign(xi->buffer, xi->buffer + static_cast<size_t>(img.width) * img.height * 4);
        return img;
    }
    wlr_texture* tex = wlr_surface_get_texture(ci.surface);
    if (!tex) {  // a cursor surface without a buffer shows nothing
        img.hidden = true;
        return img;
    }
    const int scale = std::max(1, ci.surface->current.scale);
    img.width = static_cast<int>(tex->width);
    img.height = static_cast<int>(tex->height);
    img.hotspot_x = ci.hotspot_x * scale;
    img.hotspot_y = ci.hotspot_y * scale;
    img.pixels.resize(static_cast<size_t>(img.width) * img.height * 4);
    const wlr_texture_read_pixels_options opts{.data = img.pixels.data(),
                                               .format = DRM_FORMAT_ARGB8888,
                                               .stride = static_cast<uint32_t>(img.width * 4),
                                               .dst_x = 0,
                                               .dst_y = 0,
                                               .src_box = {}};
    if (!wlr_texture_read_pixels(tex, &opts)) {
        log().warn("cannot read the cursor surface's pixels; reporting a hidden cursor");
        Image hidden;
        hidden.hidden = true;
        return hidden;
    }
    return img;
}

void SessionProtocol::cursor_image_changed() {
    if (cursors_.empty()) {
        have_image_ = false;  // nobody listens: read it when someone asks
        return;
    }
    Image img = read_image();
    if (have_image_ && img == image_) return;
    image_ = std::move(img);
    have_image_ = true;
    ++serial_;
    if (image_fd_ >= 0) close(image_fd_);
    image_fd_ = -1;
    if (!image_.hidden) {
        image_fd_ = memfd_create("wrd-cursor", MFD_CLOEXEC);
        if (image_fd_ < 0 || write(image_fd_, image_.pixels.data(), image_.pixels.size()) !=
                                 static_cast<ssize_t>(image_.pixels.size())) {
            log().error("cannot write the cursor image to a memfd: {}", std::strerror(errno));
            return;
        }
    }
    for (wl_resource* r : cursors_) send_image(r);
}

void SessionProtocol::send_image(wl_resource* cursor) {
    if (image_.hidden) {
        wrd_cursor_v1_send_hidden(cursor);
    } else if (image_fd_ >= 0) {
        wrd_cursor_v1_send_image(cursor, image_fd_, image_.width, image_.height, image_.width * 4, image_.hotspot_x,
                                 image_.hotspot_y, serial_);
    }
}

void SessionProtocol::create_virtual_output(wl_resource* manager, uint32_t id, int x, int y, int w, int h,
                                            int refresh) {
    wl_client* client = wl_resource_get_client(manager);
    wl_resource* r = wl_resource_create(client, &wrd_virtual_output_v1_interface, wl_resource_get_version(manager), id);
    if (!r) {
        wl_client_post_no_memory(client);
        return;
    }
    if (w < 1 || w > 8192 || h < 1 || h > 8192 || refresh < 0 || refresh > 480000) {
        wl_resource_post_error(manager, WRD_SESSION_MANAGER_V1_ERROR_INVALID_SIZE,
                               "virtual output %dx%d@%d mHz is out of range", w, h, refresh);
        return;
    }
    auto* vo = new VirtualOutput;
    vo->resource = r;
    wl_resource_set_implementation(r, &vout_impl, vo, vout_resource_destroyed);
    OutputConfig oc;
    oc.width = w;
    oc.height = h;
    oc.refresh_mhz = refresh ? refresh : 60000;
    oc.x = x;
    oc.y = y;
    vo->output = server_.add_output(oc);
    if (!vo->output) {
        wrd_virtual_output_v1_send_failed(r, "the compositor could not create the output");
        return;
    }
    vo->output_destroy.connect(vo->output->wlr->events.destroy, [vo](void*) {
        vo->output_destroy.disconnect();
        vo->output = nullptr;
    });
    log().info("virtual output {} created for a front end at {},{}", vo->output->wlr->name, x, y);
    wrd_virtual_output_v1_send_created(r, vo->output->wlr->name);
}

}  // namespace wrd::compositor
