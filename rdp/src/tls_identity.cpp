#include "tls_identity.hpp"

#include <unistd.h>

#include <filesystem>
#include <format>
#include <memory>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "private_file.hpp"

namespace wrd::rdp {
namespace {

struct PkeyDeleter { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Deleter { void operator()(X509* p) const { X509_free(p); } };
struct BioDeleter { void operator()(BIO* p) const { BIO_free(p); } };
struct ExtDeleter { void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); } };
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using Cert = std::unique_ptr<X509, X509Deleter>;
using Bio = std::unique_ptr<BIO, BioDeleter>;

std::string openssl_error(const char* what) {
    char buf[256] = "unknown error";
    if (unsigned long e = ERR_get_error()) ERR_error_string_n(e, buf, sizeof buf);
    return std::format("{}: {}", what, buf);
}

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || !name[0]) return "localhost";
    return name;
}

bool add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, ExtDeleter> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

std::string to_pem(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
}

std::string to_pem(X509* cert) {
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
}

// RSA rather than ECDSA: every RDP client, old mstsc included, accepts RSA server certificates.
std::expected<std::pair<std::string, std::string>, std::string> make_self_signed() {
    Pkey key(EVP_RSA_gen(3072));
    if (!key) return std::unexpected(openssl_error("RSA key generation failed"));
    Cert cert(X509_new());
    if (!cert) return std::unexpected(openssl_error("X509_new failed"));
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) return std::unexpected(openssl_error("RAND_bytes failed"));
    serial[0] &= 0x7f;  // a positive serial number
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    std::string host = host_name();
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(host.c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    std::string san = "DNS:" + host;
    if (!add_extension(cert.get(), NID_subject_alt_name, san.c_str()) ||
        !add_extension(cert.get(), NID_ext_key_usage, "serverAuth") ||
        !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment"))
        return std::unexpected(openssl_error("adding certificate extensions failed"));
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return std::unexpected(openssl_error("signing the certificate failed"));
    return std::pair{to_pem(cert.get()), to_pem(key.get())};
}

}  // namespace

std::expected<std::string, std::string> certificate_fingerprint(const std::string& certificate_path) {
    auto pem = read_file(certificate_path);
    if (!pem) return std::unexpected(pem.error());
    Bio bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
    Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) return std::unexpected(openssl_error(("cannot parse " + certificate_path).c_str()));
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (X509_digest(cert.get(), EVP_sha256(), md, &len) != 1)
        return std::unexpected(openssl_error("X509_digest failed"));
    std::string out;
    for (unsigned i = 0; i < len; ++i) out += std::format("{}{:02X}", i ? ":" : "", md[i]);
    return out;
}

std::expected<TlsIdentity, std::string> ensure_tls_identity(const std::string& dir) {
    if (auto ok = ensure_private_dir(dir); !ok) return std::unexpected(ok.error());
    auto lock = lock_file(dir + "/.tls.lock");
    if (!lock) return std::unexpected(lock.error());
    TlsIdentity id{dir + "/tls.crt", dir + "/tls.key", {}, false};
    std::error_code ec;
    if (!std::filesystem::exists(id.certificate_path, ec) || !std::filesystem::exists(id.key_path, ec)) {
        auto made = make_self_signed();
        if (!made) return std::unexpected(made.error());
        // Key first: a certificate without its key would be useless on the next start.
        if (auto ok = write_private_file(id.key_path, made->second); !ok) return std::unexpected(ok.error());
        if (auto ok = write_private_file(id.certificate_path, made->first); !ok) return std::unexpected(ok.error());
        id.generated = true;
    }
    auto fp = certificate_fingerprint(id.certificate_path);
    if (!fp) return std::unexpected(fp.error());
    id.fingerprint = *fp;
    return id;
}

}  // namespace wrd::rdp
