#include "rdp_loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <utility>
#include <cstring>
#include <stdexcept>

#include "freerdp_client.hpp"
#include "tls_identity.hpp"

namespace wrd::rdp::test {
namespace {

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("RDP loopback: ") + what);
}

// TLS and nothing else, on both ends. Every protocol flag is set, not only NLA's: FreeRDP 3.33
// turned FreeRDP_ExtSecurity (HYBRID_EX, i.e. NLA with Early User Authorization) on by default
// (3.15 had it off), and a server with it on picks HYBRID_EX over TLS whenever the client offers
// it, so TlsSecurity TRUE + NlaSecurity FALSE alone still ends in CredSSP against an empty SAM.
bool set_tls_only(rdpSettings* s) {
    return freerdp_settings_set_bool(s, FreeRDP_RdpSecurity, FALSE) &&
           freerdp_settings_set_bool(s, FreeRDP_TlsSecurity, TRUE) &&
           freerdp_settings_set_bool(s, FreeRDP_NlaSecurity, FALSE) &&
           freerdp_settings_set_bool(s, FreeRDP_ExtSecurity, FALSE) &&
           freerdp_settings_set_bool(s, FreeRDP_RdstlsSecurity, FALSE) &&
           freerdp_settings_set_bool(s, FreeRDP_AadSecurity, FALSE);
}

// The client's context: FreeRDP allocates ContextSize bytes and we keep our back pointer.
struct ClientContext {
    rdpClientContext common;
    TestClient* self;
};

}  // namespace

// ---------- server ----------

struct ServerPeer::Callbacks {
    static ServerPeer& self(freerdp_peer* peer) { return *static_cast<ServerPeer*>(peer->ContextExtra); }
    static BOOL post_connect(freerdp_peer*) { return TRUE; }
    static BOOL activate(freerdp_peer* peer) {
        self(peer).activated_ = true;
        return TRUE;
    }
};

ServerPeer::ServerPeer(EventLoop& loop, const std::string& tls_dir) : loop_(loop) {
    auto identity = ensure_tls_identity(tls_dir);
    require(identity.has_value(), "no TLS identity");
    certificate_ = identity->certificate_path;
    key_ = identity->key_path;
    // Needed once per process before any peer's channel manager is opened. FreeRDP's own
    // log stays quiet unless something goes wrong.
    static bool registered = WTSRegisterWtsApiFunctionTable(FreeRDP_InitWtsApi()) &&
                             WLog_SetLogLevel(WLog_GetRoot(), WLOG_ERROR);
    require(registered, "WTSRegisterWtsApiFunctionTable failed");

    listen_fd_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    require(::bind(listen_fd_.get(), reinterpret_cast<sockaddr*>(&address), size) == 0 &&
                ::listen(listen_fd_.get(), 1) == 0 &&
                ::getsockname(listen_fd_.get(), reinterpret_cast<sockaddr*>(&address), &size) == 0,
            "cannot listen on 127.0.0.1");
    port_ = ntohs(address.sin_port);
    listen_watch_ = loop_.add_fd(listen_fd_.get(), POLLIN, [this](short) { accept_client(); });
}

ServerPeer::~ServerPeer() {
    *alive_ = false;
    for (EventLoop::Id id : watches_) loop_.remove(id);
    loop_.remove(listen_watch_);
    if (vcm_) WTSCloseServer(vcm_);
    if (peer_) {
        peer_->Disconnect(peer_);
        freerdp_peer_context_free(peer_);
        freerdp_peer_free(peer_);
    }
}

void ServerPeer::accept_client() {
    int fd = ::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0 || peer_) {
        if (fd >= 0) ::close(fd);
        return;
    }
    peer_ = freerdp_peer_new(fd);
    require(peer_ && freerdp_peer_context_new(peer_), "cannot create the server peer");
    peer_->ContextExtra = this;
    rdpSettings* settings = peer_->context->settings;
    rdpPrivateKey* key = freerdp_key_new_from_file(key_.c_str());
    rdpCertificate* certificate = freerdp_certificate_new_from_file(certificate_.c_str());
    require(key && certificate && freerdp_settings_set_pointer_len(settings, FreeRDP_RdpServerRsaKey, key, 1) &&
                freerdp_settings_set_pointer_len(settings, FreeRDP_RdpServerCertificate, certificate, 1) &&
                set_tls_only(settings),
            "cannot configure the server peer");
    peer_->PostConnect = Callbacks::post_connect;
    peer_->Activate = Callbacks::activate;
    require(peer_->Initialize(peer_), "peer Initialize failed");
    vcm_ = WTSOpenServerA(reinterpret_cast<LPSTR>(peer_->context));
    require(vcm_ != nullptr, "WTSOpenServerA failed");
    loop_.add_before_poll([this, alive = std::weak_ptr(alive_)] {
        if (auto a = alive.lock(); a && *a) update_watches();
    });
}

// The peer's handles change during the connection (TLS replaces the transport's BIO), so the
// watched fds are re-read before every poll, as FreeRDP's sample server does per iteration.
void ServerPeer::update_watches() {
    if (!peer_ || disconnected_) return;
    HANDLE handles[32];
    DWORD count = peer_->GetEventHandles(peer_, handles, 31);
    handles[count++] = WTSVirtualChannelManagerGetEventHandle(vcm_);
    std::vector<int> fds;
    for (DWORD i = 0; i < count; ++i) fds.push_back(GetEventFileDescriptor(handles[i]));
    if (fds == watched_fds_) return;
    for (EventLoop::Id id : watches_) loop_.remove(id);
    watches_.clear();
    for (int fd : fds)
        if (fd >= 0) watches_.push_back(loop_.add_fd(fd, POLLIN, [this](short) { service(); }));
    watched_fds_ = fds;
}

void ServerPeer::service() {
    if (disconnected_) return;
    // What the real peer code does: run the connection, then the channel manager (which
    // delivers channel data to cliprdr and sends what cliprdr queued). drdynvc stays closed.
    if (!peer_->CheckFileDescriptor(peer_) || !WTSVirtualChannelManagerCheckFileDescriptorEx(vcm_, FALSE)) {
        disconnected_ = true;
        for (EventLoop::Id id : watches_) loop_.remove(id);
        watches_.clear();
    }
}

// ---------- client ----------

struct TestClient::Callbacks {
    static TestClient& self(CliprdrClientContext* c) { return *static_cast<TestClient*>(c->custom); }

    static void channel_connected(void* context, const ChannelConnectedEventArgs* e) {
        if (std::strcmp(e->name, CLIPRDR_SVC_CHANNEL_NAME) != 0) return;
        TestClient& client = *reinterpret_cast<ClientContext*>(context)->self;
        auto* c = static_cast<CliprdrClientContext*>(e->pInterface);
        c->custom = &client;
        c->MonitorReady = monitor_ready;
        c->ServerCapabilities = [](CliprdrClientContext*, const CLIPRDR_CAPABILITIES*) -> UINT {
            return CHANNEL_RC_OK;
        };
        c->ServerFormatList = format_list;
        c->ServerFormatListResponse = [](CliprdrClientContext*, const CLIPRDR_FORMAT_LIST_RESPONSE*) -> UINT {
            return CHANNEL_RC_OK;
        };
        c->ServerFormatDataRequest = data_request;
        c->ServerFormatDataResponse = data_response;
        client.cliprdr_ = c;
    }

    // MS-RDPECLIP 1.3.2.1: the client answers Monitor Ready with its capabilities and its
    // Format List.
    static UINT monitor_ready(CliprdrClientContext* c, const CLIPRDR_MONITOR_READY*) {
        CLIPRDR_GENERAL_CAPABILITY_SET general{CB_CAPSTYPE_GENERAL, CB_CAPSTYPE_GENERAL_LEN, CB_CAPS_VERSION_2,
                                               CB_USE_LONG_FORMAT_NAMES};
        CLIPRDR_CAPABILITIES caps{{CB_CLIP_CAPS, 0, 0}, 1, reinterpret_cast<CLIPRDR_CAPABILITY_SET*>(&general)};
        c->ClientCapabilities(c, &caps);
        self(c).send_format_list();
        std::lock_guard lock(self(c).mutex_);
        self(c).record_.ready = true;
        return CHANNEL_RC_OK;
    }

    static UINT format_list(CliprdrClientContext* c, const CLIPRDR_FORMAT_LIST* list) {
        std::vector<ClipFormat> formats;
        for (UINT32 i = 0; i < list->numFormats; ++i) {
            const CLIPRDR_FORMAT& f = list->formats[i];
            formats.push_back({f.formatId, f.formatName ? f.formatName : ""});
        }
        CLIPRDR_FORMAT_LIST_RESPONSE response{{CB_FORMAT_LIST_RESPONSE, CB_RESPONSE_OK, 0}};
        c->ClientFormatListResponse(c, &response);
        std::lock_guard lock(self(c).mutex_);
        self(c).record_.server_formats = std::move(formats);
        ++self(c).record_.server_lists;
        return CHANNEL_RC_OK;
    }

    // Answers are queued and sent in request order, like a Windows client, possibly late.
    static UINT data_request(CliprdrClientContext* c, const CLIPRDR_FORMAT_DATA_REQUEST* request) {
        TestClient& client = self(c);
        std::lock_guard lock(client.mutex_);
        client.record_.requests.push_back(request->requestedFormatId);
        if (!client.answering_) return CHANNEL_RC_OK;
        auto it = client.data_.find(request->requestedFormatId);
        auto due = std::chrono::steady_clock::now() + std::exchange(client.next_delay_, {});
        if (!client.answers_.empty()) due = std::max(due, client.answers_.back().due);
        std::optional<Bytes> data;
        if (it != client.data_.end()) data = it->second;
        client.answers_.push_back({due, std::move(data)});
        return CHANNEL_RC_OK;
    }

    static UINT data_response(CliprdrClientContext* c, const CLIPRDR_FORMAT_DATA_RESPONSE* response) {
        std::optional<Bytes> data;
        if ((response->common.msgFlags & CB_RESPONSE_OK) && response->requestedFormatData)
            data = Bytes(response->requestedFormatData, response->requestedFormatData + response->common.dataLen);
        std::lock_guard lock(self(c).mutex_);
        self(c).record_.responses.push_back(std::move(data));
        return CHANNEL_RC_OK;
    }

    static BOOL pre_connect(freerdp* instance) {
        PubSub_SubscribeChannelConnected(instance->context->pubSub, channel_connected);
        return TRUE;
    }

    static BOOL client_new(freerdp* instance, rdpContext*) {
        instance->PreConnect = pre_connect;
        return TRUE;
    }
};

TestClient::TestClient(uint16_t port) : thread_([this, port] { run(port); }) {}

TestClient::~TestClient() {
    stop_ = true;
    thread_.join();
}

void TestClient::copy(std::vector<ClipFormat> formats, std::map<uint32_t, Bytes> data) {
    {
        std::lock_guard lock(mutex_);
        data_ = std::move(data);
    }
    post([this, formats = std::move(formats)] {
        formats_ = formats;
        send_format_list();
    });
}

void TestClient::request(uint32_t format_id) {
    post([this, format_id] {
        CLIPRDR_FORMAT_DATA_REQUEST request{{CB_FORMAT_DATA_REQUEST, 0, 4}, format_id};
        cliprdr_->ClientFormatDataRequest(cliprdr_, &request);
    });
}

void TestClient::set_answering(bool answering) {
    std::lock_guard lock(mutex_);
    answering_ = answering;
}

void TestClient::delay_next_answer(std::chrono::milliseconds delay) {
    std::lock_guard lock(mutex_);
    next_delay_ = delay;
}

void TestClient::send_due_answers() {
    for (;;) {
        std::optional<Bytes> data;
        {
            std::lock_guard lock(mutex_);
            if (answers_.empty() || answers_.front().due > std::chrono::steady_clock::now()) return;
            data = std::move(answers_.front().data);
            answers_.pop_front();
        }
        auto flags = static_cast<UINT16>(data ? CB_RESPONSE_OK : CB_RESPONSE_FAIL);
        auto size = static_cast<UINT32>(data ? data->size() : 0);
        CLIPRDR_FORMAT_DATA_RESPONSE response{{CB_FORMAT_DATA_RESPONSE, flags, size}, data ? data->data() : nullptr};
        cliprdr_->ClientFormatDataResponse(cliprdr_, &response);
    }
}

void TestClient::post(std::function<void()> command) {
    std::lock_guard lock(mutex_);
    commands_.push_back(std::move(command));
}

void TestClient::run_commands() {
    std::vector<std::function<void()>> commands;
    {
        std::lock_guard lock(mutex_);
        if (!cliprdr_ || !record_.ready) return;  // wait for the channel's handshake
        commands.swap(commands_);
    }
    for (auto& command : commands) command();
}

void TestClient::send_format_list() {
    std::vector<CLIPRDR_FORMAT> wire;
    for (ClipFormat& f : formats_) wire.push_back({f.id, f.name.empty() ? nullptr : f.name.data()});
    CLIPRDR_FORMAT_LIST list{{CB_FORMAT_LIST, 0, 0}, static_cast<UINT32>(wire.size()), wire.data()};
    cliprdr_->ClientFormatList(cliprdr_, &list);
}

bool TestClient::connect(uint16_t port) {
    RDP_CLIENT_ENTRY_POINTS entry{};
    entry.Version = RDP_CLIENT_INTERFACE_VERSION;
    entry.Size = sizeof(RDP_CLIENT_ENTRY_POINTS_V1);
    entry.ContextSize = sizeof(ClientContext);
    entry.ClientNew = Callbacks::client_new;
    context_ = freerdp_client_context_new(&entry);
    if (!context_) return false;
    reinterpret_cast<ClientContext*>(context_)->self = this;
    rdpSettings* s = context_->settings;
    bool ok = freerdp_settings_set_string(s, FreeRDP_ServerHostname, "127.0.0.1") &&
              freerdp_settings_set_uint32(s, FreeRDP_ServerPort, port) &&
              freerdp_settings_set_string(s, FreeRDP_Username, "test") &&
              freerdp_settings_set_string(s, FreeRDP_Password, "test") &&
              set_tls_only(s) &&
              freerdp_settings_set_bool(s, FreeRDP_IgnoreCertificate, TRUE) &&
              freerdp_settings_set_bool(s, FreeRDP_RedirectClipboard, TRUE) &&
              freerdp_settings_set_bool(s, FreeRDP_AutoReconnectionEnabled, FALSE) &&
              freerdp_settings_set_bool(s, FreeRDP_DeviceRedirection, FALSE) &&
              freerdp_settings_set_bool(s, FreeRDP_AudioPlayback, FALSE);
    return ok && freerdp_connect(context_->instance);
}

void TestClient::run(uint16_t port) {
    if (!connect(port)) {
        std::lock_guard lock(mutex_);
        failure_ = std::string("connect failed: ") + freerdp_get_last_error_string(freerdp_get_last_error(context_));
    }
    while (failure_.empty() && !stop_) {
        HANDLE handles[MAXIMUM_WAIT_OBJECTS];
        DWORD count = freerdp_get_event_handles(context_, handles, ARRAYSIZE(handles));
        WaitForMultipleObjects(count, handles, FALSE, 10);
        if (!freerdp_check_event_handles(context_) || freerdp_shall_disconnect_context(context_)) {
            std::lock_guard lock(mutex_);
            failure_ = "the connection ended";
            break;
        }
        run_commands();
        send_due_answers();
    }
    if (context_) {
        freerdp_disconnect(context_->instance);
        freerdp_client_context_free(context_);
    }
}

}  // namespace wrd::rdp::test
