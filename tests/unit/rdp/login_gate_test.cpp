// The pre-login decisions: which negotiated protocol each mode accepts, the account check, the
// supervisor's wire format, admission limits and the failed-login backoff (with a fake clock).
#include <gtest/gtest.h>

#include "session/connection_request.hpp"
#include "session/login_check.hpp"
#include "session/supervisor_protocol.hpp"
#include "standalone/admission.hpp"

namespace wrd::rdp {
namespace {

using namespace std::chrono_literals;
using Kind = SupervisorMessage::Kind;

TEST(LoginCheck, EachModeAcceptsExactlyItsOwnProtocol) {
    EXPECT_TRUE(check_selected_protocol(Security::Nla, kProtocolHybrid));
    EXPECT_TRUE(check_selected_protocol(Security::Nla, kProtocolHybridEx));
    EXPECT_FALSE(check_selected_protocol(Security::Nla, kProtocolSsl)) << "the bypass: NLA mode took a TLS login";
    EXPECT_FALSE(check_selected_protocol(Security::Nla, kProtocolRdp));
    EXPECT_FALSE(check_selected_protocol(Security::Nla, kProtocolRdstls));
    EXPECT_FALSE(check_selected_protocol(Security::Nla, kProtocolRdstls | kProtocolHybrid));
    EXPECT_TRUE(check_selected_protocol(Security::Tls, kProtocolSsl));
    EXPECT_FALSE(check_selected_protocol(Security::Tls, kProtocolHybrid));
    EXPECT_FALSE(check_selected_protocol(Security::Tls, kProtocolRdp));
    EXPECT_FALSE(check_selected_protocol(Security::Tls, kProtocolRdstls));
    EXPECT_EQ(selected_protocol_name(kProtocolHybrid), "NLA (CredSSP over TLS)");
    EXPECT_EQ(selected_protocol_name(kProtocolSsl), "TLS");
}

TEST(LoginCheck, TheAccountMatchesOnlyWithBothRight) {
    Account account{"alice", "s3cret"};
    EXPECT_TRUE(account_matches(account, "alice", "s3cret"));
    EXPECT_FALSE(account_matches(account, "alice", "s3cre"));
    EXPECT_FALSE(account_matches(account, "alice", "s3cret "));
    EXPECT_FALSE(account_matches(account, "bob", "s3cret"));
    EXPECT_FALSE(account_matches(account, "Alice", "s3cret")) << "a TLS login's user is exact";
    EXPECT_FALSE(account_matches(account, "", ""));
    EXPECT_FALSE(account_matches({"alice", ""}, "alice", "")) << "an empty password never matches";
    EXPECT_FALSE(account_matches({"", ""}, "", ""));
    EXPECT_TRUE(same_user_ignoring_case("Alice", "aLICE"));
    EXPECT_FALSE(same_user_ignoring_case("alice", "alicf"));
    EXPECT_FALSE(same_user_ignoring_case("alice", "alic"));
}

TEST(SupervisorProtocol, RoundTripsAndRejectsEverythingElse) {
    for (auto m : {SupervisorMessage{Kind::Negotiated, "TLS", 0}, SupervisorMessage{Kind::Try, "bob\nfailed x", 0},
                   SupervisorMessage{Kind::Failed, "Grüße", 0}, SupervisorMessage{Kind::Authenticated, "a b", 0},
                   SupervisorMessage{Kind::Ok, "", 0}, SupervisorMessage{Kind::Wait, "", 42},
                   SupervisorMessage{Kind::Deny, "", 0}}) {
        auto wire = encode(m);
        EXPECT_EQ(wire.find('\n'), std::string::npos) << "a user name cannot forge a second message";
        auto back = decode(wire);
        ASSERT_TRUE(back) << wire;
        EXPECT_EQ(back->kind, m.kind);
        EXPECT_EQ(back->text, m.text);
        EXPECT_EQ(back->seconds, m.seconds);
    }
    for (const char* bad : {"", "ok ", "try", "try 6", "try zz", "try 6G", "failed", "wait -1", "wait 1x",
                            "wait 99999999", "deny ", "negotiated ", "negotiated a b", "authenticatedx 61", "hello 61"})
        EXPECT_FALSE(decode(bad)) << bad;
    EXPECT_FALSE(decode("try " + std::string(2 * (kMaxUserName + 1), 'a'))) << "oversize user";
    EXPECT_FALSE(decode(std::string(kMaxSupervisorMessage + 1, 'o'))) << "oversize message";
}

TEST(LoginBackoff, DoublesFromTheFirstDelayUpToTheMaximumAndForgetsOnSuccess) {
    LoginBackoff b(1s, 8s);
    SteadyTime t0{};
    EXPECT_FALSE(b.wait("bob", t0));
    b.failed("bob", t0);
    EXPECT_EQ(b.wait("bob", t0), 1s);
    EXPECT_FALSE(b.wait("bob", t0 + 1s));
    EXPECT_FALSE(b.wait("alice", t0)) << "keys are separate";
    std::vector<std::chrono::seconds> delays;
    for (int i = 0; i < 5; ++i) {
        b.failed("bob", t0);
        delays.push_back(*b.wait("bob", t0));
    }
    EXPECT_EQ(delays, (std::vector<std::chrono::seconds>{2s, 4s, 8s, 8s, 8s}));
    b.succeeded("bob");
    EXPECT_FALSE(b.wait("bob", t0));
    LoginBackoff off(0s, 60s);
    off.failed("bob", t0);
    EXPECT_FALSE(off.wait("bob", t0)) << "login_backoff_s = 0 turns it off";
}

TEST(LoginBackoff, StaysBoundedUnderAFloodOfNames) {
    LoginBackoff b(1s, 60s);
    SteadyTime t0{};
    for (int i = 0; i < 20000; ++i) b.failed("user" + std::to_string(i), t0 + std::chrono::milliseconds(i));
    EXPECT_LE(b.size(), 4096u);
    EXPECT_TRUE(b.wait("user19999", t0 + 19999ms)) << "the newest names are kept";
}

TEST(Admission, CapsPendingConnectionsInAllAndPerSourceAndTheRatePerSource) {
    ServerLimits limits;  // 10 in all, 5 per source, 10 per second per source
    Admission a(limits);
    SteadyTime t0{};
    EXPECT_FALSE(a.admit("10.0.0.1", t0, 0, 0));
    EXPECT_TRUE(a.admit("10.0.0.1", t0, 10, 0)) << "global cap";
    EXPECT_TRUE(a.admit("10.0.0.1", t0, 5, 5)) << "per-source cap";
    EXPECT_FALSE(a.admit("10.0.0.2", t0, 5, 0)) << "another source still gets in";
    Admission rate(limits);
    int admitted = 0;
    for (int i = 0; i < 30; ++i)
        if (!rate.admit("10.0.0.3", t0 + std::chrono::milliseconds(i), 0, 0)) ++admitted;
    EXPECT_EQ(admitted, 10) << "10 new connections per second per source";
    EXPECT_FALSE(rate.admit("10.0.0.3", t0 + 1100ms, 0, 0)) << "the window moves on";
}

}  // namespace
}  // namespace wrd::rdp
