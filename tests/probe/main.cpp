// wrd-probe: connect to an RDP server with a chosen codec, run the given steps, report.
// stdout carries one line per event for tests to follow ("connected ...", "step N ...: ok ..."),
// stderr the one-line reason for a failure and the logs; --json the full report.
#include <unistd.h>

#include <cstdio>
#include <exception>

#include "client.hpp"
#include "options.hpp"
#include "report.hpp"
#include "runner.hpp"
#include "watchdog.hpp"
#include "wlog_bridge.hpp"

namespace wrd::probe {
namespace {

// How long the watchdog waits, after asking FreeRDP to abort an overrunning phase, before it
// gives up on the process.
constexpr auto kGrace = std::chrono::seconds(5);

// How many --timeout-bounded waits a step may do one after another.
int waits_in(const StepAction& action) {
    if (const auto* s = std::get_if<step::Latency>(&action)) return 2 * s->samples;
    if (std::holds_alternative<step::ClipboardGetText>(action) ||
        std::holds_alternative<step::ClipboardGetImage>(action))
        return 3;
    if (std::holds_alternative<step::ClipboardSetText>(action) ||
        std::holds_alternative<step::ClipboardSetImage>(action) || std::holds_alternative<step::Resize>(action) ||
        std::holds_alternative<step::WaitClipboard>(action))
        return 2;
    return 1;
}

// A little over the step's own bounds: those expire first and fail the step with a reason.
Clock::time_point budget(const Step& step, int timeout_s) {
    auto b = std::chrono::milliseconds(timeout_s * 1000) * waits_in(step.action) + std::chrono::seconds(1);
    if (const auto* s = std::get_if<step::Sleep>(&step.action)) b += std::chrono::milliseconds(s->ms);
    if (const auto* s = std::get_if<step::WaitStable>(&step.action)) b += std::chrono::milliseconds(s->ms);
    if (const auto* s = std::get_if<step::Latency>(&step.action)) b += std::chrono::seconds(1) * s->samples;
    return Clock::now() + b;
}

void say(const std::string& line) {
    std::fprintf(stdout, "%s\n", line.c_str());
    std::fflush(stdout);
}

void fail(RunInfo& run, const std::string& why, int code) {
    std::fprintf(stderr, "wrd-probe: %s\n", why.c_str());
    std::fflush(stderr);
    run.errors.push_back(why);
    run.exit_code = code;
}

void report(const Client& client, RunInfo& run) {
    if (client.options().json_path.empty()) return;
    if (auto r = write_report(client.options().json_path, build_report(client, run)); !r)
        fail(run, r.error(), run.exit_code == kExitOk ? kExitStepFailed : run.exit_code);
}

// Runs the steps in order; stops at the first failure.
void run_steps(Client& client, Watchdog& watchdog, RunInfo& run) {
    StepRunner runner(client);
    const auto& steps = client.options().steps;
    for (size_t i = 0; i < steps.size(); ++i) {
        const std::string name = "step " + std::to_string(i + 1) + " '" + steps[i].text + "'";
        if (std::holds_alternative<step::Kill>(steps[i].action)) {
            run.steps.push_back({steps[i].text, true, 0, "killed without a disconnect"});
            report(client, run);
            say(name + ": ok (exiting without a disconnect)");
            _exit(run.exit_code);
        }
        watchdog.arm(name, budget(steps[i], client.options().timeout_s), kExitStepFailed);
        StepRecord record = runner.run(steps[i]);
        run.steps.push_back(record);
        if (!record.ok) return fail(run, name + " failed: " + record.detail, kExitStepFailed);
        say(name + ": ok (" + record.detail + ")");
    }
}

int run(const Options& options) {
    Client client(options);
    Watchdog watchdog(kGrace, [&client] { client.abort(); });
    RunInfo run;
    const std::string where = options.host + ":" + std::to_string(options.port);
    const auto deadline = Clock::now() + std::chrono::seconds(options.timeout_s);
    watchdog.arm("connecting to " + where, deadline, kExitConnectFailed);
    if (auto r = client.connect(); !r) {
        // The watchdog cancels a connect that runs out of time; say so rather than "cancelled".
        const std::string when = Clock::now() >= deadline ? " within " + std::to_string(options.timeout_s) + " s" : "";
        fail(run, "could not connect to " + where + when + ": " + r.error(), kExitConnectFailed);
    } else {
        say("connected to " + where + " security=" + client.security_used() +
            " desktop=" + std::to_string(client.gdi()->width) + "x" + std::to_string(client.gdi()->height));
        run_steps(client, watchdog, run);
    }
    watchdog.arm("disconnecting", Clock::now() + std::chrono::seconds(options.timeout_s), run.exit_code);
    client.disconnect();
    watchdog.disarm();
    report(client, run);
    if (run.exit_code == kExitOk) say("done");
    return run.exit_code;
}

}  // namespace
}  // namespace wrd::probe

int main(int argc, char** argv) {
    using namespace wrd::probe;
    auto options = parse_options(argc, argv);
    if (!options) return options.error();
    if (!route_wlog(options->log_level)) {
        std::fprintf(stderr, "wrd-probe: unknown --log-level '%s'\n", options->log_level.c_str());
        return kExitBadArguments;
    }
    try {
        return run(*options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wrd-probe: %s\n", e.what());
        return kExitConnectFailed;
    }
}
