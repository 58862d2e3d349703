/* libwrd-zero-ntlm-hash.so: an NTLM attacker for tests/rdp/test_auth_matrix.py. Preloaded into
 * an NTLM client (LD_PRELOAD=... wrd-probe --security nla ...), it makes WinPR's NTLMv2 hash
 * 16 zero bytes whatever the user, domain and password are. The client then proves knowledge
 * of the all-zero hash, and gets in wherever a server leaves its side of the hash at WinPR's
 * zero-initialised value (a hash callback whose failure is ignored): the bug this guards against.
 *
 * The signatures are WinPR 3's (winpr/ntlm.h), written with plain C types: the library needs
 * no WinPR headers (tests/test_sources.py keeps those behind their choke points) and links
 * to nothing. libwinpr3 calls both through its PLT, so a preloaded definition wins. */
#include <stdint.h>
#include <string.h>

typedef int32_t BOOL;      /* winpr/wtypes.h: BOOL is a 32-bit int */
typedef uint16_t WCHAR;    /* WinPR's WCHAR is UTF-16 */
typedef uint8_t BYTE;
typedef uint32_t UINT32;

#define EXPORT __attribute__((visibility("default")))

/* BOOL NTOWFv2W(LPCWSTR Password, UINT32 PasswordLengthInBytes, LPCWSTR User,
 *               UINT32 UserLengthInBytes, LPCWSTR Domain, UINT32 DomainLengthInBytes, BYTE* NtHash) */
EXPORT BOOL NTOWFv2W(const WCHAR* password, UINT32 password_bytes, const WCHAR* user, UINT32 user_bytes,
                     const WCHAR* domain, UINT32 domain_bytes, BYTE* hash) {
    (void)password, (void)password_bytes, (void)user, (void)user_bytes, (void)domain, (void)domain_bytes;
    if (!hash) return 0;
    memset(hash, 0, 16);
    return 1;
}

/* BOOL NTOWFv2FromHashW(const BYTE* NtHashV1, LPCWSTR User, UINT32 UserLengthInBytes,
 *                       LPCWSTR Domain, UINT32 DomainLengthInBytes, BYTE* NtHash) */
EXPORT BOOL NTOWFv2FromHashW(const BYTE* nt_hash_v1, const WCHAR* user, UINT32 user_bytes, const WCHAR* domain,
                             UINT32 domain_bytes, BYTE* hash) {
    (void)nt_hash_v1, (void)user, (void)user_bytes, (void)domain, (void)domain_bytes;
    if (!hash) return 0;
    memset(hash, 0, 16);
    return 1;
}
