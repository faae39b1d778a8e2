#include "parse/access_log_parser.h"

#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace gatewatch::parse {
namespace {

using core::kFieldApiKey;
using core::kFieldBytesOut;
using core::kFieldLatencyMs;
using core::kFieldStatus;
using core::kFieldUser;
using core::ValueKind;
using testing::FromPreset;
using testing::FromYaml;
using testing::kJan15At10;

TEST(AccessLogParser, ReadsEveryCanonicalFieldOfTheGatewatchShape) {
  auto t = FromPreset("gatewatch");
  ParseResult r = t.Parse(
      R"({"ts":"2026-01-15T10:00:00.250Z","client_ip":"203.0.113.7","user":"alice",)"
      R"("api_key":"k_live_1","method":"POST","path":"/v1/auth/login?x=1","route":"/v1/auth/login",)"
      R"("status":401,"latency_ms":12.5,"bytes_out":87,"user_agent":"curl/8.4.0"})");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.ts(), kJan15At10 + 250'000'000);
  EXPECT_EQ(t.event.client_ip().ToString(), "203.0.113.7");
  EXPECT_EQ(t.Text("client_ip"), "203.0.113.7");
  EXPECT_EQ(t.event.user(), "alice");
  EXPECT_EQ(t.event.api_key(), "k_live_1");
  EXPECT_EQ(t.event.method(), "POST");
  EXPECT_EQ(t.event.path(), "/v1/auth/login?x=1");
  EXPECT_EQ(t.event.route(), "/v1/auth/login");
  EXPECT_EQ(t.event.status(), 401);
  EXPECT_DOUBLE_EQ(t.event.number(kFieldLatencyMs), 12.5);
  EXPECT_DOUBLE_EQ(t.event.number(kFieldBytesOut), 87);
  EXPECT_EQ(t.event.user_agent(), "curl/8.4.0");
  EXPECT_EQ(t.event.repairs(), 0u);
}

TEST(AccessLogParser, MissingIsDistinctFromEmpty) {
  auto t = FromPreset("gatewatch");
  ASSERT_TRUE(t.Parse(R"({"ts":1768471200000,"client_ip":"1.2.3.4","user":""})").ok());
  EXPECT_EQ(t.event.kind(kFieldUser), ValueKind::kString);
  EXPECT_EQ(t.event.user(), "");
  EXPECT_FALSE(t.event.has(kFieldApiKey));

  ASSERT_TRUE(t.Parse(R"({"ts":1768471200000,"client_ip":"1.2.3.4","user":null})").ok());
  EXPECT_FALSE(t.event.has(kFieldUser));
  ASSERT_TRUE(t.Parse(R"({"ts":1768471200000,"client_ip":"1.2.3.4","user":"-"})").ok());
  EXPECT_FALSE(t.event.has(kFieldUser)) << "\"-\" is how gateways write no value";
}

TEST(AccessLogParser, CoercesNumbersWrittenAsStrings) {
  auto t = FromPreset("gatewatch");
  ASSERT_TRUE(t.Parse(R"({"ts":"1768471200000","client_ip":"1.2.3.4","status":"403",)"
                      R"("latency_ms":"0.5","bytes_out":"1024"})")
                  .ok());
  EXPECT_EQ(t.event.ts(), kJan15At10);
  EXPECT_EQ(t.event.status(), 403);
  EXPECT_EQ(t.event.kind(kFieldStatus), ValueKind::kNumber);
  EXPECT_DOUBLE_EQ(t.event.number(kFieldLatencyMs), 0.5);
  EXPECT_DOUBLE_EQ(t.event.number(kFieldBytesOut), 1024);
}

TEST(AccessLogParser, KeepsTheSpellingOfNumbers) {
  auto t = FromPreset("gatewatch");
  ASSERT_TRUE(t.Parse(R"({"ts":1768471200000,"client_ip":"1.2.3.4","status":404})").ok());
  EXPECT_EQ(t.event.text(kFieldStatus), "404");
}

TEST(AccessLogParser, TimestampFormatsAutoDetected) {
  auto t = FromPreset("gatewatch");
  for (const char* ts : {R"("2026-01-15T10:00:00Z")", R"("2026-01-15T12:00:00+02:00")",
                         R"("15/Jan/2026:10:00:00 +0000")", "1768471200", "1768471200000",
                         "1768471200000000", "1768471200000000000", R"("1768471200.000")"}) {
    std::string line = std::string(R"({"client_ip":"1.2.3.4","ts":)") + ts + "}";
    ParseResult r = t.Parse(line);
    ASSERT_TRUE(r.ok()) << ts << ": " << t.parser->Describe(r);
    EXPECT_EQ(t.event.ts(), kJan15At10) << ts;
  }
}

TEST(AccessLogParser, NestedPathsAndKeysWithPunctuation) {
  auto t = FromYaml(R"(
fields:
  ts: {path: a.b.started, time: epoch_ms}
  client_ip: "peer.addr"
  user_agent: "headers.user-agent"
  host: ":authority"
  literal: 'dotted\.key'
)");
  ParseResult r = t.Parse(
      R"({"x":[1,{"a":2}],"a":{"z":{"deep":[[]]},"b":{"started":1768471200000}},)"
      R"("peer":{"addr":"[2001:db8::1]:443"},"headers":{"user-agent":"UA/1"},":authority":"h",)"
      R"("dotted.key":"yes"})");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.ts(), kJan15At10);
  EXPECT_EQ(t.event.client_ip().ToString(), "2001:db8::1");
  EXPECT_EQ(t.event.user_agent(), "UA/1");
  EXPECT_EQ(t.Text("host"), "h");
  EXPECT_EQ(t.Text("literal"), "yes");
}

TEST(AccessLogParser, FirstElementOfHeaderArrays) {
  auto t = FromPreset("caddy");
  ParseResult r = t.Parse(
      R"({"ts":1768471200.5,"request":{"client_ip":"127.0.0.1","method":"GET","uri":"/",)"
      R"("headers":{"User-Agent":["curl/7.74.0","second"]}},"status":401,"duration":0.002})");
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.user_agent(), "curl/7.74.0");
  EXPECT_EQ(t.event.ts(), kJan15At10 + 500'000'000);
  EXPECT_DOUBLE_EQ(t.event.number(kFieldLatencyMs), 2.0);
}

TEST(AccessLogParser, AlternativePathsFirstPresentWins) {
  auto t = FromYaml(R"(
fields:
  ts: ts
  client_ip: ip
  user: [primary, secondary, tertiary]
)");
  ASSERT_TRUE(t.Parse(R"({"ts":1768471200,"ip":"1.1.1.1","tertiary":"c","secondary":"b"})").ok());
  EXPECT_EQ(t.event.user(), "b") << "document order must not matter, only the listed order";
  ASSERT_TRUE(t.Parse(R"({"ts":1768471200,"ip":"1.1.1.1","primary":null,"tertiary":"c"})").ok());
  EXPECT_EQ(t.event.user(), "c") << "null does not win over a later alternative";
}

TEST(AccessLogParser, OnDuplicateKeysTheFirstOccurrenceStays) {
  auto t = FromPreset("gatewatch");
  ASSERT_TRUE(
      t.Parse(R"({"ts":1768471200,"client_ip":"1.1.1.1","user":"first","user":"second"})").ok());
  EXPECT_EQ(t.event.user(), "first");
}

TEST(AccessLogParser, RequestLineSplitIntoMethodAndPath) {
  auto t = FromPreset("nginx-json");
  ASSERT_TRUE(t.Parse(R"({"msec":"1768471200.123","remote_addr":"1.2.3.4",)"
                      R"("request":"DELETE /v1/items/7?force=1 HTTP/1.1","status":"204"})")
                  .ok());
  EXPECT_EQ(t.event.method(), "DELETE");
  EXPECT_EQ(t.event.path(), "/v1/items/7?force=1");
  EXPECT_EQ(t.event.ts(), kJan15At10 + 123'000'000);
}

TEST(AccessLogParser, LatencyUnitsConvertToMilliseconds) {
  auto t = FromPreset("traefik");
  ASSERT_TRUE(t.Parse(R"({"StartUTC":"2026-01-15T10:00:00Z","ClientHost":"1.2.3.4",)"
                      R"("Duration":2500000,"DownstreamStatus":200})")
                  .ok());
  EXPECT_DOUBLE_EQ(t.event.number(kFieldLatencyMs), 2.5);
}

TEST(AccessLogParser, ExtraFieldsByNameOrDottedPath) {
  auto t = FromPreset("gatewatch", {"auth_result", "request.headers.host", "flag", "count"});
  ASSERT_TRUE(t.Parse(R"({"ts":1768471200,"client_ip":"1.1.1.1","auth_result":"expired_token",)"
                      R"("request":{"headers":{"host":"api"}},"flag":true,"count":3})")
                  .ok());
  EXPECT_EQ(t.Text("auth_result"), "expired_token");
  EXPECT_EQ(t.Text("request.headers.host"), "api");
  EXPECT_EQ(t.event.kind(t.Id("flag")), ValueKind::kBool);
  EXPECT_TRUE(t.event.boolean(t.Id("flag")));
  EXPECT_DOUBLE_EQ(t.event.number(t.Id("count")), 3);
  ASSERT_TRUE(t.Parse(R"({"ts":1768471200,"client_ip":"1.1.1.1"})").ok());
  EXPECT_FALSE(t.event.has(t.Id("auth_result"))) << "values must not leak between lines";
}

TEST(AccessLogParser, ExtraFieldHoldingAnObjectKeepsItsJson) {
  auto t = FromPreset("gatewatch", {"tries"});
  ASSERT_TRUE(t.Parse(R"({"ts":1768471200,"client_ip":"1.1.1.1","tries":{"ip":"10.0.0.1"}})").ok());
  EXPECT_EQ(t.Text("tries"), R"({"ip":"10.0.0.1"})");
}

TEST(AccessLogParser, CanonicalNamesAndDuplicatesAreNotExtraFields) {
  auto t = FromPreset("gatewatch", {"user", "x", "x"});
  EXPECT_EQ(t.parser->field_names().size(), core::kCanonicalFieldCount + 1);
  EXPECT_EQ(t.Id("x"), core::kCanonicalFieldCount);
}

TEST(AccessLogParser, RejectsWhatCannotBeReadWithAReasonAndField) {
  auto t = FromPreset("gatewatch");
  struct Case {
    const char* line;
    RejectReason reason;
    const char* field;
  };
  const Case cases[] = {
      {R"({"client_ip":"1.2.3.4"})", RejectReason::kMissingTimestamp, "ts"},
      {R"({"ts":"yesterday","client_ip":"1.2.3.4"})", RejectReason::kBadTimestamp, "ts"},
      {R"({"ts":true,"client_ip":"1.2.3.4"})", RejectReason::kWrongType, "ts"},
      {R"({"ts":"1999-12-31T23:59:59Z","client_ip":"1.2.3.4"})", RejectReason::kTimestampOutOfRange,
       "ts"},
      {R"({"ts":"2100-01-01T00:00:00Z","client_ip":"1.2.3.4"})", RejectReason::kTimestampOutOfRange,
       "ts"},
      {R"({"ts":1768471200})", RejectReason::kMissingClientIp, "client_ip"},
      {R"({"ts":1768471200,"client_ip":"unknown"})", RejectReason::kBadClientIp, "client_ip"},
      {R"({"ts":1768471200,"client_ip":7})", RejectReason::kWrongType, "client_ip"},
      {R"({"ts":1768471200,"client_ip":"1.2.3.4","status":"OK"})", RejectReason::kWrongType,
       "status"},
      {R"({"ts":1768471200,"client_ip":"1.2.3.4","status":[{}]})", RejectReason::kWrongType,
       "status"},
      {R"({"ts":1768471200,"client_ip":"1.2.3.4","user":{"name":"x"}})", RejectReason::kWrongType,
       "user"},
  };
  for (const Case& c : cases) {
    ParseResult r = t.Parse(c.line);
    EXPECT_EQ(r.reason, c.reason) << c.line << " -> " << t.parser->Describe(r);
    EXPECT_EQ(r.field, t.Id(c.field)) << c.line;
  }
}

TEST(AccessLogParser, DescribeNamesTheFieldAndWhereItWasLookedFor) {
  auto t = FromPreset("kong");
  ParseResult r = t.Parse(R"({"client_ip":"1.2.3.4","response":{"status":200}})");
  EXPECT_EQ(t.parser->Describe(r), "missing_timestamp in field ts (from started_at)");
}

TEST(AccessLogParser, CreateFailsWithoutTimestampOrClientIp) {
  FieldMap map;
  map.name = "empty";
  auto parser = AccessLogParser::Create(map);
  ASSERT_FALSE(parser.ok());
  EXPECT_NE(parser.status().message().find("ts"), std::string::npos);
}

TEST(AccessLogParser, SteadyStateParsingDoesNotGrowTheEventBuffer) {
  auto t = FromPreset("gatewatch");
  const std::string line =
      R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4","user":"u","user_agent":"UA"})";
  ASSERT_TRUE(t.Parse(line).ok());
  const size_t capacity = t.event.buffer().capacity();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(t.Parse(line).ok());
  EXPECT_EQ(t.event.buffer().capacity(), capacity);
}

}  // namespace
}  // namespace gatewatch::parse

namespace gatewatch::parse {
namespace {

TEST(AccessLogParser, OnlyRequestedFieldsAreRead) {
  auto map = config::LoadPreset("kong");
  ASSERT_TRUE(map.ok());
  auto parser = AccessLogParser::Create(*map, {"status", "user", "host"},
                                        AccessLogParser::Selection::kOnlyRequested);
  ASSERT_TRUE(parser.ok()) << parser.status().ToString();
  core::AccessEvent event = (*parser)->NewEvent();
  ASSERT_TRUE(
      (*parser)
          ->Parse(R"({"started_at":1768471200000,"client_ip":"1.2.3.4",)"
                  R"("consumer":{"username":"acme"},"response":{"status":429},)"
                  R"("request":{"method":"GET","headers":{"host":"api"}},"upstream_status":"200"})",
                  &event)
          .ok());
  EXPECT_EQ(event.user(), "acme");
  EXPECT_EQ(event.status(), 429);
  EXPECT_EQ(event.text(*(*parser)->FieldIndex("host")), "api");
  EXPECT_FALSE(event.has(core::kFieldMethod)) << "not requested, not read";
  EXPECT_FALSE((*parser)->FieldIndex("upstream_status")) << "map extras only when requested";
}

}  // namespace
}  // namespace gatewatch::parse
