// Runs the steps against a connected Client, each bounded by --timeout. The steps are in
// runner.cpp (waiting, screen, input, layout), runner_clipboard.cpp and runner_flow.cpp
// (pointer image, suppress output, frame acknowledgements). Main thread only.
#pragma once

#include <expected>
#include <string>

#include "client.hpp"
#include "steps.hpp"

namespace wrd::probe {

// One step's outcome, for the report.
struct StepRecord {
    std::string text;
    bool ok = false;
    double ms = 0;
    std::string detail;  // what it did or saw; why it failed
    uint64_t frames = 0;  // frames that arrived while it ran (Stats::frames_since)
};

class StepRunner {
public:
    explicit StepRunner(Client& client) : client_(client) {}

    // Runs `step` (not `kill`: main handles that, it must write the report first).
    StepRecord run(const Step& step);

    // One-line outcome or the reason for failure, without the step's name.
    using Result = std::expected<std::string, std::string>;

    Result operator()(const step::WaitFrames& s);
    Result operator()(const step::WaitStable& s);
    Result operator()(const step::Screenshot& s);
    Result operator()(const step::Type& s);
    Result operator()(const step::Keys& s);
    Result operator()(const step::Key& s);
    Result operator()(const step::Click& s);
    Result operator()(const step::Move& s);
    Result operator()(const step::Wheel& s);
    Result operator()(const step::Resize& s);
    Result operator()(const step::ClipboardSetText& s);
    Result operator()(const step::ClipboardGetText& s);
    Result operator()(const step::ClipboardSetImage& s);
    Result operator()(const step::ClipboardGetImage& s);
    Result operator()(const step::Sleep& s);
    Result operator()(const step::Latency& s);
    Result operator()(const step::WaitClipboard& s);
    Result operator()(const step::WaitStdin& s);
    Result operator()(const step::WaitPointer& s);
    Result operator()(const step::PointerImage& s);
    Result operator()(const step::SuppressOutput& s);
    Result operator()(const step::AckFrames& s);
    Result operator()(const step::Disconnect& s);
    Result operator()(const step::Kill& s);

private:
    Clock::time_point deadline() const;
    // How long to wait for a channel the server opens by itself right after connecting: a few
    // seconds from the connection, at least one from now, never past the step's deadline.
    Clock::time_point channel_deadline() const;
    std::expected<void, std::string> wait_for_clipboard();
    std::expected<std::vector<uint8_t>, std::string> fetch(uint32_t format_id);
    std::expected<void, std::string> offer(std::vector<Clipboard::Item> items);
    Result latency_sample(const step::Latency& s);
    std::expected<void, std::string> wait_quiet(std::chrono::milliseconds quiet);
    // Reads what stdin has without blocking; true once a whole line (or end of file) is there.
    bool poll_stdin_line();

    Client& client_;
    int pointer_x_ = 0;
    int pointer_y_ = 0;
    std::string stdin_buffer_;  // bytes read past the last line
    bool stdin_closed_ = false;
};

}  // namespace wrd::probe
