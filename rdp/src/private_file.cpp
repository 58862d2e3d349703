#include "private_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <format>
#include <fstream>
#include <sstream>

namespace wrd::rdp {

namespace fs = std::filesystem;

std::expected<void, std::string> ensure_private_dir(const std::string& dir) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return {};
    fs::create_directories(dir, ec);
    if (ec) return std::unexpected(std::format("cannot create {}: {}", dir, ec.message()));
    fs::permissions(dir, fs::perms::owner_all, ec);
    if (ec) return std::unexpected(std::format("cannot set the mode of {}: {}", dir, ec.message()));
    return {};
}

std::expected<void, std::string> write_private_file(const std::string& path, const std::string& contents) {
    std::string tmp = path + ".tmp";
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd) return std::unexpected(std::format("cannot create {}: {}", tmp, std::strerror(errno)));
    size_t done = 0;
    while (done < contents.size()) {
        ssize_t n = ::write(fd.get(), contents.data() + done, contents.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::string why = std::strerror(errno);
            ::unlink(tmp.c_str());
            return std::unexpected(std::format("cannot write {}: {}", tmp, why));
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return std::unexpected(std::format("cannot write {}: {}", path, why));
    }
    return {};
}

std::expected<std::string, std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(std::format("cannot read {}: {}", path, std::strerror(errno)));
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::expected<UniqueFd, std::string> lock_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd) return std::unexpected(std::format("cannot open {}: {}", path, std::strerror(errno)));
    while (::flock(fd.get(), LOCK_EX) != 0)
        if (errno != EINTR) return std::unexpected(std::format("cannot lock {}: {}", path, std::strerror(errno)));
    return fd;
}

}  // namespace wrd::rdp
