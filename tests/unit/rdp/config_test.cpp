// The front end's TOML config: values, unknown keys as warnings, clear errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "config.hpp"

namespace wrd::rdp {
namespace {

std::string write_temp(const std::string& text) {
    auto path = std::filesystem::temp_directory_path() / ("wrd-config-test-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(path) << text;
    return path.string();
}

TEST(FrontEndConfig, ReadsTheRdpTable) {
    auto path = write_temp(
        "renderer = \"pixman\"\n[rdp]\nsecurity = \"tls\"\ncodec = \"progressive\"\navc_crf = 30\n"
        "max_frames_in_flight = 5\nfollow_client_layout = false\nusername = \"bob\"\npassword = \"s3cret\"\n"
        "colour = \"red\"\n");
    FrontEndConfig c;
    std::vector<std::string> warnings;
    load_front_end_config(path, true, c, warnings);
    EXPECT_EQ(c.security, Security::Tls);
    EXPECT_EQ(c.codec, CodecChoice::Progressive);
    EXPECT_EQ(c.avc_crf, 30);
    EXPECT_EQ(c.max_frames_in_flight, 5);
    EXPECT_FALSE(c.follow_client_layout);
    EXPECT_EQ(c.username, "bob");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("rdp.colour"), std::string::npos);
    EXPECT_EQ(describe(c).find("s3cret"), std::string::npos) << "the password must never be logged";
    std::filesystem::remove(path);
}

TEST(FrontEndConfig, BadValuesNameTheKey) {
    for (const char* text : {"[rdp]\nsecurity = \"rdp\"\n", "[rdp]\navc_crf = 99\n", "[rdp]\ncodec = 3\n",
                             "rdp = 1\n", "[rdp\n"}) {
        auto path = write_temp(text);
        FrontEndConfig c;
        std::vector<std::string> warnings;
        EXPECT_THROW(load_front_end_config(path, true, c, warnings), ConfigError) << text;
        std::filesystem::remove(path);
    }
}

TEST(FrontEndConfig, ReadsTheServerLimits) {
    auto path = write_temp("[server]\nmax_unauthenticated = 3\nlogin_backoff_s = 0\nhandshake_timeout_s = 2\n"
                           "login_timeout_s = 4\nflood = 1\n");
    FrontEndConfig c;
    std::vector<std::string> warnings;
    load_front_end_config(path, true, c, warnings);
    EXPECT_EQ(c.limits.max_unauthenticated, 3);
    EXPECT_EQ(c.limits.max_unauthenticated_per_source, 5) << "defaults stay";
    EXPECT_EQ(c.limits.login_backoff_s, 0);
    EXPECT_EQ(c.limits.handshake_timeout_s, 2);
    EXPECT_EQ(c.limits.login_timeout_s, 4);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("server.flood"), std::string::npos);
    std::filesystem::remove(path);
    for (const char* text : {"[server]\nmax_unauthenticated = 0\n", "[server]\nlogin_timeout_s = \"30s\"\n",
                             "[server]\nhandshake_timeout_s = 20\nlogin_timeout_s = 10\n", "server = 2\n"}) {
        auto bad = write_temp(text);
        FrontEndConfig d;
        EXPECT_THROW(load_front_end_config(bad, true, d, warnings), ConfigError) << text;
        std::filesystem::remove(bad);
    }
}

TEST(FrontEndConfig, AMissingFileIsFineUnlessRequired) {
    FrontEndConfig c;
    std::vector<std::string> warnings;
    EXPECT_NO_THROW(load_front_end_config("/nonexistent/wrd.toml", false, c, warnings));
    EXPECT_THROW(load_front_end_config("/nonexistent/wrd.toml", true, c, warnings), ConfigError);
}

}  // namespace
}  // namespace wrd::rdp
