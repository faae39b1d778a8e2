// The NGINX / Apache combined text format.
#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace gatewatch::parse {
namespace {

using testing::FromPreset;
using testing::kJan15At10;

TEST(CombinedFormat, ReadsEveryPart) {
  auto t = FromPreset("combined", {"referer", "protocol", "request"});
  ParseResult r = t.Parse(
      R"L(203.0.113.7 - alice [15/Jan/2026:11:00:00 +0100] "POST /login?next=/ HTTP/1.1" 401 )L"
      R"L(512 "https://app.example.com/" "Mozilla/5.0 (X11)")L");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.ts(), kJan15At10);
  EXPECT_EQ(t.event.client_ip().ToString(), "203.0.113.7");
  EXPECT_EQ(t.event.user(), "alice");
  EXPECT_EQ(t.event.method(), "POST");
  EXPECT_EQ(t.event.path(), "/login?next=/");
  EXPECT_EQ(t.event.status(), 401);
  EXPECT_DOUBLE_EQ(t.event.number(core::kFieldBytesOut), 512);
  EXPECT_EQ(t.event.user_agent(), "Mozilla/5.0 (X11)");
  EXPECT_EQ(t.Text("referer"), "https://app.example.com/");
  EXPECT_EQ(t.Text("protocol"), "HTTP/1.1");
  EXPECT_EQ(t.Text("request"), "POST /login?next=/ HTTP/1.1");
}

TEST(CombinedFormat, CommonFormatWithoutRefererAndAgent) {
  auto t = FromPreset("combined");
  ASSERT_TRUE(t.Parse(R"L(::1 - - [15/Jan/2026:10:00:00 +0000] "GET / HTTP/1.0" 200 -)L").ok());
  EXPECT_FALSE(t.event.has(core::kFieldUser));
  EXPECT_FALSE(t.event.has(core::kFieldBytesOut));
  EXPECT_FALSE(t.event.has(core::kFieldUserAgent));
}

TEST(CombinedFormat, UserNameCannotSpoofTheTimeOrTheRequest) {
  // Basic-auth user names are the client's to choose; servers escape quotes but not brackets.
  auto t = FromPreset("combined");
  ParseResult r = t.Parse(
      R"L(192.0.2.1 - x [01/Jan/2030:00:00:00 +0000] y [15/Jan/2026:10:00:00 +0000] "GET /a HTTP/1.1" 401 0 "-" "-")L");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.ts(), kJan15At10);
  EXPECT_EQ(t.event.user(), "x [01/Jan/2030:00:00:00 +0000] y");
  EXPECT_EQ(t.event.path(), "/a");
}

TEST(CombinedFormat, NginxHexEscapesDecodedAndFlagged) {
  auto t = FromPreset("combined");
  ParseResult r = t.Parse(
      R"L(192.0.2.1 - - [15/Jan/2026:10:00:00 +0000] "GET /a\x22b HTTP/1.1" 400 0 "-" "\xE2\x82\xAC \xFF")L");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.path(), "/a\"b");
  EXPECT_EQ(t.event.user_agent(), "\xE2\x82\xAC \xEF\xBF\xBD")
      << "euro sign kept, bad byte replaced";
  EXPECT_TRUE(t.event.repairs() & core::kRepairEscapesDecoded);
  EXPECT_TRUE(t.event.repairs() & core::kRepairInvalidUtf8);
}

TEST(CombinedFormat, ApacheBackslashQuoteInsideTheRequest) {
  auto t = FromPreset("combined");
  ASSERT_TRUE(
      t.Parse(
           R"L(192.0.2.1 - - [15/Jan/2026:10:00:00 +0000] "GET /q=\"x\" HTTP/1.1" 200 1 "-" "a")L")
          .ok());
  EXPECT_EQ(t.event.path(), "/q=\"x\"");
  EXPECT_EQ(t.event.user_agent(), "a");
}

TEST(CombinedFormat, GarbageRequestLineKeepsTheEvent) {
  // A TLS handshake sent to the plain-HTTP port still counts as a request from that client.
  auto t = FromPreset("combined");
  ParseResult r = t.Parse(
      R"L(192.0.2.1 - - [15/Jan/2026:10:00:00 +0000] "\x16\x03\x01\x02\x00\x01" 400 157 "-" "-")L");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.status(), 400);
  EXPECT_FALSE(t.event.has(core::kFieldPath));
}

TEST(CombinedFormat, OtherTextIsUnrecognized) {
  auto t = FromPreset("combined");
  EXPECT_EQ(t.Parse("2026/01/15 10:00:00 [error] 123#0: *1 user \"x\" was not found").reason,
            RejectReason::kUnrecognizedLine);
  EXPECT_EQ(t.Parse(R"L(1.2.3.4 - - [15/Jan/2026:10:00:00 +0000] "GET / HTTP/1.1")L").reason,
            RejectReason::kUnrecognizedLine);
  EXPECT_EQ(t.Parse(R"L(1.2.3.4 - - [yesterday at noon, roughly] "GET / HTTP/1.1" 200 1)L").reason,
            RejectReason::kBadTimestamp);
}

}  // namespace
}  // namespace gatewatch::parse
