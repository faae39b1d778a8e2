// Log lines carried inside a shipper's JSON or behind a CRI prefix.
#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace gatewatch::parse {
namespace {

using testing::FromYaml;
using testing::kJan15At10;

TEST(Envelope, CriPrefixStripped) {
  auto t = FromYaml("preset: envoy\nenvelope: cri\n");
  ParseResult r = t.Parse(
      R"(2026-01-15T10:00:00.493035218+01:00 stdout F {"start_time":"2026-01-15T10:00:00Z",)"
      R"("downstream_remote_address":"10.0.0.12:59292","response_code":404,"method":"GET",)"
      R"("x-envoy-origin-path":"/admin","user-agent":"x"})");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.client_ip().ToString(), "10.0.0.12");
  EXPECT_EQ(t.event.status(), 404);
  EXPECT_EQ(t.event.path(), "/admin");
}

TEST(Envelope, MissingCriPrefixIsABadEnvelope) {
  auto t = FromYaml("preset: envoy\nenvelope: cri\n");
  EXPECT_EQ(t.Parse(R"({"start_time":"2026-01-15T10:00:00Z"})").reason, RejectReason::kBadEnvelope);
  EXPECT_EQ(t.Parse("2026-01-15T10:00:00Z stdin F {}").reason, RejectReason::kBadEnvelope);
}

TEST(Envelope, FluentBitLogFieldUnwrapped) {
  auto t = FromYaml("preset: gatewatch\nenvelope: fluent-bit\n");
  ParseResult r =
      t.Parse(R"({"log":"{\"ts\":1768471200000,\"client_ip\":\"1.2.3.4\",\"user\":\"a\\\"b\"}",)"
              R"("stream":"stdout","time":"2026-01-15T10:00:01Z"})");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.ts(), kJan15At10);
  EXPECT_EQ(t.event.user(), "a\"b");
}

TEST(Envelope, FilebeatMessageCarryingACombinedLine) {
  auto t = FromYaml("preset: combined\nenvelope: filebeat\n");
  ParseResult r = t.Parse(
      R"({"@timestamp":"2026-01-15T10:00:01Z","message":"192.0.2.7 - bob [15/Jan/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""})");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.client_ip().ToString(), "192.0.2.7");
  EXPECT_EQ(t.event.user(), "bob");
  EXPECT_EQ(t.event.ts(), kJan15At10);
}

TEST(Envelope, CriThenDockerJsonThenTheLine) {
  auto t = FromYaml("preset: gatewatch\nenvelope: [cri, {json: log}]\n");
  ParseResult r = t.Parse(
      R"(2026-01-15T10:00:00Z stdout F {"log":"{\"ts\":1768471200,\"client_ip\":\"::1\"}"})");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.client_ip().ToString(), "::1");
}

TEST(Envelope, ShipperJsonWithoutTheFieldIsABadEnvelope) {
  auto t = FromYaml("preset: gatewatch\nenvelope: vector\n");
  EXPECT_EQ(t.Parse(R"({"log":"x"})").reason, RejectReason::kBadEnvelope);
  EXPECT_EQ(t.Parse(R"({"message":42})").reason, RejectReason::kBadEnvelope);
  EXPECT_EQ(t.Parse("not json").reason, RejectReason::kBadEnvelope);
}

}  // namespace
}  // namespace gatewatch::parse
