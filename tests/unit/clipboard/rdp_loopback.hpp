// In-process RDP loopback for testing ClipboardBridge against FreeRDP's own cliprdr client:
// a FreeRDP server peer serviced by our EventLoop on the test thread (as wrd-rdp's I/O thread
// does), and a FreeRDP client with the cliprdr channel on its own thread, over 127.0.0.1 with
// TLS. The client plays a Windows clipboard: it announces formats, answers data requests
// from a table, and records what the server announces and sends.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clipboard/formats.hpp"
#include "event_loop.hpp"
#include "unique_fd.hpp"

struct rdp_freerdp_peer;
struct rdp_context;
struct s_cliprdr_client_context;

namespace wrd::rdp::test {

// The server end: accepts one connection on 127.0.0.1 and services it on the loop.
class ServerPeer {
public:
    // `tls_dir` receives a generated certificate and key.
    ServerPeer(EventLoop& loop, const std::string& tls_dir);
    ~ServerPeer();
    ServerPeer(const ServerPeer&) = delete;
    ServerPeer& operator=(const ServerPeer&) = delete;

    uint16_t port() const { return port_; }
    bool activated() const { return activated_; }
    bool disconnected() const { return disconnected_; }
    // The peer's WTS virtual channel manager (a WinPR HANDLE), once accepted.
    void* vcm() const { return vcm_; }

private:
    struct Callbacks;
    void accept_client();
    void service();
    void update_watches();

    EventLoop& loop_;
    std::string certificate_, key_;
    UniqueFd listen_fd_;
    EventLoop::Id listen_watch_ = 0;
    uint16_t port_ = 0;
    rdp_freerdp_peer* peer_ = nullptr;
    void* vcm_ = nullptr;
    std::vector<int> watched_fds_;
    std::vector<EventLoop::Id> watches_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    bool activated_ = false;
    bool disconnected_ = false;
};

// What the client has seen of the server's clipboard.
struct ClientRecord {
    bool ready = false;                        // Monitor Ready came, capabilities were sent
    int server_lists = 0;                      // Format List PDUs received
    std::vector<ClipFormat> server_formats;    // the last one
    std::vector<uint32_t> requests;            // Format Data Requests received (format ids)
    std::vector<std::optional<Bytes>> responses;  // Format Data Responses received
};

// The client end, on its own thread. Methods are thread-safe.
class TestClient {
public:
    explicit TestClient(uint16_t port);
    ~TestClient();
    TestClient(const TestClient&) = delete;
    TestClient& operator=(const TestClient&) = delete;

    // "Copies" on the client: announces `data`'s formats (with names) and serves them.
    void copy(std::vector<ClipFormat> formats, std::map<uint32_t, Bytes> data);
    // Sends a Format Data Request for `format_id`; the response lands in record().responses.
    void request(uint32_t format_id);
    // When false, Format Data Requests are recorded but never answered (a stuck client).
    void set_answering(bool answering);
    // The answer to the next request waits this long; later answers queue behind it.
    void delay_next_answer(std::chrono::milliseconds delay);

    template <class F>
    auto inspect(F&& f) {
        std::lock_guard lock(mutex_);
        return f(record_);
    }
    std::string failure() {
        std::lock_guard lock(mutex_);
        return failure_;
    }

private:
    struct Callbacks;
    void run(uint16_t port);
    bool connect(uint16_t port);
    void post(std::function<void()> command);
    void run_commands();
    void send_format_list();
    void send_due_answers();

    struct Answer {
        std::chrono::steady_clock::time_point due;
        std::optional<Bytes> data;  // nullopt: CB_RESPONSE_FAIL
    };

    std::mutex mutex_;
    ClientRecord record_;
    std::string failure_;
    std::vector<std::function<void()>> commands_;
    std::vector<ClipFormat> formats_;     // client thread only
    std::map<uint32_t, Bytes> data_;      // guarded by mutex_ (read from callbacks)
    bool answering_ = true;               // guarded by mutex_
    std::chrono::milliseconds next_delay_{};  // guarded by mutex_
    std::deque<Answer> answers_;          // guarded by mutex_
    rdp_context* context_ = nullptr;      // client thread only
    s_cliprdr_client_context* cliprdr_ = nullptr;  // client thread only
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace wrd::rdp::test
