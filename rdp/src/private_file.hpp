// Small helpers for files that hold secrets (keys, passwords, NT hashes): created with mode
// 0600 inside a 0700 directory, written completely or not at all. Any thread.
#pragma once

#include <expected>
#include <string>

#include "unique_fd.hpp"

namespace wrd::rdp {

// Creates `dir` (and parents) with mode 0700 if missing.
std::expected<void, std::string> ensure_private_dir(const std::string& dir);

// Writes `contents` to `path` through a temporary file and rename(2), mode 0600.
std::expected<void, std::string> write_private_file(const std::string& path, const std::string& contents);

// The whole file, or an error naming it.
std::expected<std::string, std::string> read_file(const std::string& path);

// An exclusive flock(2) on `path` (created 0600), held while the returned fd lives.
std::expected<UniqueFd, std::string> lock_file(const std::string& path);

}  // namespace wrd::rdp
