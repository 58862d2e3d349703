// The server's TLS identity: a self-signed certificate and its RSA key, made on first start
// and kept (mode 0600) in the config dir so clients can pin the fingerprint across restarts.
// Set-up code; any thread, but normally the main thread before serving.
#pragma once

#include <expected>
#include <string>

namespace wrd::rdp {

struct TlsIdentity {
    std::string certificate_path;  // PEM
    std::string key_path;          // PEM, mode 0600
    std::string fingerprint;       // SHA-256 of the DER certificate, "AB:CD:..." as clients show it
    bool generated = false;        // made by this call
};

// Loads `dir`/tls.crt and `dir`/tls.key, creating both (and `dir`, mode 0700) when missing.
// Concurrent callers are serialized with a lock file, so two processes never write half a pair.
std::expected<TlsIdentity, std::string> ensure_tls_identity(const std::string& dir);

// The SHA-256 fingerprint of a PEM certificate file.
std::expected<std::string, std::string> certificate_fingerprint(const std::string& certificate_path);

}  // namespace wrd::rdp
