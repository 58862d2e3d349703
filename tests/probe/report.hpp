// The JSON report of a run: what was negotiated, what the server sent, what each step did.
// Built on the main thread at the end of the run (or just before `kill`).
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "client.hpp"
#include "runner.hpp"

namespace wrd::probe {

struct RunInfo {
    std::vector<StepRecord> steps;
    std::vector<std::string> errors;
    int exit_code = 0;
};

std::string build_report(const Client& client, const RunInfo& run);

// Writes via a temporary file and a rename, so a reader never sees half a report.
std::expected<void, std::string> write_report(const std::string& path, const std::string& json);

}  // namespace wrd::probe
