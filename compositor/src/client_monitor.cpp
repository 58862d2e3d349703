#include "client_monitor.hpp"

#include <sys/types.h>

#include <cstring>
#include <fstream>
#include <string>

#include "log.hpp"

namespace wrd::compositor {
namespace {

std::string describe(wl_client* client) {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    wl_client_get_credentials(client, &pid, &uid, &gid);
    std::string comm;
    std::ifstream(("/proc/" + std::to_string(pid) + "/comm").c_str()) >> comm;
    return "pid " + std::to_string(pid) + (comm.empty() ? "" : " (" + comm + ")");
}

// Heap-allocated per client; frees itself when the client goes.
struct ClientWatch {
    wl_listener destroy{};
    std::string who;
};

void on_client_destroyed(wl_listener* listener, void* data) {
    auto* watch = reinterpret_cast<ClientWatch*>(listener);  // destroy is the first member
    log().info("client {} disconnected", watch->who);
    wl_list_remove(&watch->destroy.link);
    delete watch;
    (void)data;
}

void on_client_created(wl_listener*, void* data) {
    auto* client = static_cast<wl_client*>(data);
    auto* watch = new ClientWatch;
    watch->who = describe(client);
    watch->destroy.notify = on_client_destroyed;
    wl_client_add_destroy_listener(client, &watch->destroy);
    log().debug("client {} connected", watch->who);
}

// wl_display.error is the event every protocol error travels as, whoever raised it.
void on_protocol_message(void*, wl_protocol_logger_type type, const wl_protocol_logger_message* m) {
    if (type != WL_PROTOCOL_LOGGER_EVENT || std::strcmp(m->message->name, "error") != 0) return;
    if (std::strcmp(wl_resource_get_class(m->resource), "wl_display") != 0 || m->arguments_count < 3) return;
    const char* text = m->arguments[2].s ? m->arguments[2].s : "";
    auto* object = reinterpret_cast<wl_object*>(m->arguments[0].o);
    std::string obj = "unknown object";
    if (object) {
        auto* r = reinterpret_cast<wl_resource*>(object);
        obj = std::string(wl_resource_get_class(r)) + "@" + std::to_string(wl_resource_get_id(r));
    }
    log().warn("protocol error from client {}: {} code {}: {}; disconnecting it",
               describe(wl_resource_get_client(m->resource)), obj, m->arguments[1].u, text);
}

}  // namespace

ClientMonitor::ClientMonitor(wl_display* display) {
    client_created_.notify = on_client_created;
    wl_display_add_client_created_listener(display, &client_created_);
    protocol_logger_ = wl_display_add_protocol_logger(display, on_protocol_message, nullptr);
}

ClientMonitor::~ClientMonitor() {
    wl_list_remove(&client_created_.link);
    if (protocol_logger_) wl_protocol_logger_destroy(protocol_logger_);
}

}  // namespace wrd::compositor
