// /api/v1/status and /api/v1/alerts over real loopback HTTP: the published values, as valid
// JSON whatever the strings in them.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "alert/alert.h"
#include "alert/redact.h"
#include "http/http_client.h"
#include "parse/text_repair.h"
#include "rapidjson/document.h"
#include "status/status_json.h"
#include "status_test_views.h"

namespace gatewatch::status_test {
namespace {

using test_http::Http;
using test_http::HttpGet;
using test_http::HttpResult;

// Parses `json` strictly (UTF-8 validated); fails the test if it is not valid JSON.
rapidjson::Document ParseStrict(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  EXPECT_FALSE(doc.HasParseError())
      << "error " << doc.GetParseError() << " at offset " << doc.GetErrorOffset();
  return doc;
}

std::string Str(const rapidjson::Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

// What a string should read as once served: itself, with invalid UTF-8 as U+FFFD.
std::string Repaired(const std::string& text) {
  std::string out;
  parse::AppendRepairedUtf8(text, &out);
  return out;
}

class StatusApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start().ok()); }

  // GETs `path`, expects 200 application/json, returns the strictly parsed body.
  rapidjson::Document GetJson(const std::string& path) {
    const HttpResult result = HttpGet(server_.Url(path));
    EXPECT_EQ(result.status, 200) << path;
    EXPECT_EQ(result.content_type, "application/json") << path;
    EXPECT_TRUE(test_http::HasHeader(result, "X-Content-Type-Options")) << path;
    return ParseStrict(result.body);
  }

  daemon::StatusBoard board_;
  StatusServer server_{&board_};
};

TEST_F(StatusApiTest, StatusCarriesThePublishedView) {
  board_.Publish(RealisticView());
  const rapidjson::Document s = GetJson("/api/v1/status");
  ASSERT_TRUE(s.IsObject());
  EXPECT_EQ(Str(s["version"]), "0.1.0");
  EXPECT_EQ(Str(s["generated_at"]), "2024-05-01T12:00:00Z");
  EXPECT_EQ(Str(s["started_at"]), "2024-05-01T08:35:00Z");
  EXPECT_DOUBLE_EQ(s["uptime_seconds"].GetDouble(), 3 * 3600 + 25 * 60);
  EXPECT_EQ(Str(s["watermark"]), "2024-05-01T11:59:58Z");
  EXPECT_EQ(Str(s["input"]), "kafka 127.0.0.1:9092 topics access-logs group gatewatch");
  EXPECT_EQ(s["events"].GetUint64(), 8421337u);
  EXPECT_EQ(s["rejected"].GetUint64(), 1290u);
  EXPECT_DOUBLE_EQ(s["events_per_second"].GetDouble(), 2310.5);
  EXPECT_DOUBLE_EQ(s["rejects_per_second"].GetDouble(), 0.25);
  EXPECT_EQ(s["rejected_by_reason"]["invalid_json"].GetUint64(), 1200u);
  EXPECT_EQ(s["rejected_by_reason"]["missing_timestamp"].GetUint64(), 90u);
  EXPECT_EQ(s["state_bytes"].GetUint64(), 48u * 1024 * 1024);
  EXPECT_EQ(s["state_budget_bytes"].GetUint64(), 256u * 1024 * 1024);
  EXPECT_EQ(Str(s["last_reload_error"]), "rules.yaml:12:5: unknown field \"treshold\"");
}

TEST_F(StatusApiTest, StatusCarriesLagRulesAndSinks) {
  board_.Publish(RealisticView());
  const rapidjson::Document s = GetJson("/api/v1/status");
  const auto& lag = s["lag"];
  ASSERT_EQ(lag.Size(), 3u);
  EXPECT_EQ(Str(lag[0]["topic"]), "access-logs");
  EXPECT_EQ(lag[0]["lag"].GetInt64(), 12);
  EXPECT_EQ(lag[2]["partition"].GetInt(), 2);
  EXPECT_TRUE(lag[2]["lag"].IsNull()) << "unknown lag (-1) is null";

  const auto& rules = s["rules"];
  ASSERT_EQ(rules.Size(), 3u);
  EXPECT_EQ(Str(rules[1]["rule"]), "api-scraping");
  EXPECT_EQ(Str(rules[1]["condition"]), "> 10 * baseline");
  EXPECT_EQ(rules[1]["matched"].GetUint64(), 912004u);
  EXPECT_EQ(rules[1]["groups"].GetUint64(), 5120u);
  EXPECT_EQ(rules[1]["firing"].GetUint64(), 1u);
  ASSERT_EQ(rules[1]["top"].Size(), 2u);
  EXPECT_EQ(Str(rules[1]["top"][0]["group"]["user"]), kHostileUser);
  EXPECT_DOUBLE_EQ(rules[1]["top"][0]["value"].GetDouble(), 1250);
  EXPECT_DOUBLE_EQ(rules[1]["top"][0]["threshold"].GetDouble(), 1000);
  EXPECT_EQ(Str(rules[1]["top"][1]["state"]), "pending");
  EXPECT_EQ(rules[2]["top"].Size(), 0u);

  const auto& sinks = s["sinks"];
  ASSERT_EQ(sinks.Size(), 2u);
  EXPECT_EQ(Str(sinks[1]["name"]), "webhook-siem");
  EXPECT_EQ(sinks[1]["delivered"].GetUint64(), 40u);
  EXPECT_EQ(sinks[1]["failed"].GetUint64(), 9u);
  EXPECT_EQ(sinks[1]["dropped"].GetUint64(), 2u);
  EXPECT_EQ(sinks[1]["queue_depth"].GetInt64(), 15);
  EXPECT_EQ(Str(sinks[1]["last_error"]), "POST https://siem.example/hook: 503");
}

// Both endpoints carry the very records every sink writes, newest first.
TEST_F(StatusApiTest, FiringAlertsAreTheSinkRecords) {
  const daemon::StatusView view = RealisticView();
  board_.Publish(view);
  const rapidjson::Document status = GetJson("/api/v1/status");
  const rapidjson::Document alerts = GetJson("/api/v1/alerts");
  EXPECT_EQ(Str(alerts["generated_at"]), "2024-05-01T12:00:00Z");
  ASSERT_EQ(status["firing"].Size(), 2u);
  ASSERT_EQ(alerts["alerts"].Size(), 2u);
  for (rapidjson::SizeType i = 0; i < 2; ++i) {
    const rapidjson::Document record = ParseStrict(alert::AlertToJson(view.firing[i]));
    EXPECT_TRUE(status["firing"][i] == record) << i;
    EXPECT_TRUE(alerts["alerts"][i] == record) << i;
  }
  EXPECT_EQ(Str(alerts["alerts"][0]["rule"]), "api-scraping");
  EXPECT_EQ(Str(alerts["alerts"][0]["group"]["user"]), kHostileUser);
  EXPECT_EQ(Str(alerts["alerts"][0]["evidence"]["samples"][0]), kHostilePath);
  EXPECT_EQ(Str(alerts["alerts"][1]["fingerprint"]),
            alert::Fingerprint("credential-stuffing", {{"client_ip", "198.51.100.9"}}));
}

TEST_F(StatusApiTest, BeforeTheFirstPublishTheViewIsEmptyButValid) {
  const rapidjson::Document s = GetJson("/api/v1/status");
  EXPECT_TRUE(s["generated_at"].IsNull());
  EXPECT_TRUE(s["watermark"].IsNull());
  EXPECT_TRUE(s["uptime_seconds"].IsNull());
  EXPECT_EQ(s["events"].GetUint64(), 0u);
  EXPECT_EQ(s["firing"].Size(), 0u);
  EXPECT_EQ(s["rules"].Size(), 0u);
  EXPECT_EQ(GetJson("/api/v1/alerts")["alerts"].Size(), 0u);
}

TEST_F(StatusApiTest, EachRequestSeesTheLatestPublish) {
  daemon::StatusView view = RealisticView();
  board_.Publish(view);
  EXPECT_EQ(GetJson("/api/v1/alerts")["alerts"].Size(), 2u);
  view.firing.clear();
  view.events = 9000000;
  board_.Publish(view);
  EXPECT_EQ(GetJson("/api/v1/alerts")["alerts"].Size(), 0u);
  EXPECT_EQ(GetJson("/api/v1/status")["events"].GetUint64(), 9000000u);
}

TEST_F(StatusApiTest, NonFiniteNumbersAreNull) {
  daemon::StatusView view = RealisticView();
  view.events_per_second = std::numeric_limits<double>::quiet_NaN();
  view.rules[0].top[0].value = std::numeric_limits<double>::infinity();
  board_.Publish(view);
  const rapidjson::Document s = GetJson("/api/v1/status");
  EXPECT_TRUE(s["events_per_second"].IsNull());
  EXPECT_TRUE(s["rules"][0]["top"][0]["value"].IsNull());
}

TEST_F(StatusApiTest, ReadOnly) {
  board_.Publish(RealisticView());
  for (const char* path : {"/api/v1/status", "/api/v1/alerts"}) {
    EXPECT_EQ(Http({.url = server_.Url(path), .method = "POST"}).status, 405) << path;
    EXPECT_EQ(Http({.url = server_.Url(path), .method = "DELETE"}).status, 405) << path;
    const HttpResult head = Http({.url = server_.Url(path), .method = "HEAD"});
    EXPECT_EQ(head.status, 200) << path;
    EXPECT_TRUE(head.body.empty()) << path;
  }
}

// Every string field, in turn, holds each hostile string: the body stays strictly valid JSON
// (valid UTF-8, nothing unescaped) and each string reads back as itself, repaired.
TEST_F(StatusApiTest, HostileStringsStayValidJson) {
  for (const std::string& text : HostileStrings()) {
    SCOPED_TRACE(Repaired(text.substr(0, 60)));
    board_.Publish(ViewWithTextEverywhere(text));
    const std::string expected = Repaired(text);
    const rapidjson::Document s = GetJson("/api/v1/status");
    ASSERT_TRUE(s.IsObject());
    EXPECT_EQ(Str(s["version"]), expected);
    EXPECT_EQ(Str(s["input"]), expected);
    EXPECT_EQ(Str(s["last_reload_error"]), expected);
    EXPECT_EQ(Str(s["rejected_by_reason"].MemberBegin()->name), expected);
    EXPECT_EQ(Str(s["lag"][0]["topic"]), expected);
    EXPECT_EQ(Str(s["rules"][0]["description"]), expected);
    EXPECT_EQ(Str(s["rules"][0]["top"][0]["state"]), expected);
    EXPECT_EQ(Str(s["rules"][0]["top"][0]["group"].MemberBegin()->value), expected);
    EXPECT_EQ(Str(s["sinks"][0]["last_error"]), expected);
    const auto& firing = s["firing"][0];
    EXPECT_EQ(Str(firing["rule"]), expected);
    EXPECT_EQ(Str(firing["group"].MemberBegin()->name), expected);
    EXPECT_EQ(Str(firing["group"].MemberBegin()->value), expected);
    EXPECT_EQ(Str(firing["annotations"].MemberBegin()->value), expected);
    EXPECT_EQ(Str(firing["evidence"]["samples"][0]), expected);
    const rapidjson::Document alerts = GetJson("/api/v1/alerts");
    EXPECT_EQ(Str(alerts["alerts"][0]["group"].MemberBegin()->value), expected);
  }
}

// An API key in a group, a sample path and a rule's top groups: served redacted, like every
// output redacts it, unless the policy says kNone.
class StatusRedactionTest : public ::testing::Test {
 protected:
  static constexpr char kKey[] = "sk_live_4f9a8b7c6d5e";

  void SetUp() override {
    daemon::StatusView view = RealisticView();
    view.firing[1].group = {{"api_key", kKey}};
    view.firing[1].evidence.samples = {std::string("/v1/items?api_key=") + kKey};
    view.rules[0].top[0].group = {{"api_key", kKey}};
    board_.Publish(view);
  }
  // The bodies of both endpoints, served under `policy`.
  std::string ServedUnder(alert::RedactionPolicy policy) {
    StatusServer server(&board_, StatusServer::LoopbackOptions(), std::move(policy));
    EXPECT_TRUE(server.Start().ok());
    return HttpGet(server.Url("/api/v1/status")).body + HttpGet(server.Url("/api/v1/alerts")).body;
  }
  daemon::StatusBoard board_;
};

TEST_F(StatusRedactionTest, SecretsAreRedactedByDefault) {
  const std::string served = ServedUnder({});
  EXPECT_EQ(served.find(kKey), std::string::npos) << served;
  const std::string stand_in = alert::RedactValue({}, kKey);
  EXPECT_EQ(Count(served, "\"api_key\":\"" + stand_in + "\""), 3u) << served;
  EXPECT_NE(served.find("/v1/items?api_key=" + stand_in), std::string::npos) << served;
  EXPECT_EQ(board_.Get()->firing[1].group[0].second, kKey) << "the board keeps raw values";
}

TEST_F(StatusRedactionTest, RawWhenThePolicySaysNone) {
  const std::string served = ServedUnder({.mode = alert::RedactionMode::kNone});
  EXPECT_EQ(Count(served, kKey), 5u) << served;
}

TEST(StatusJsonTest, InvalidUtf8BecomesReplacementCharacters) {
  const std::string json = status::StatusViewToJson(ViewWithTextEverywhere("bad \xff\xc3 end"));
  EXPECT_TRUE(parse::IsValidUtf8(json));
  EXPECT_NE(json.find("bad \xEF\xBF\xBD\xEF\xBF\xBD end"), std::string::npos);
}

TEST(StatusJsonTest, ControlCharactersAreEscaped) {
  const std::string json =
      status::StatusViewToJson(ViewWithTextEverywhere("a\nb\x01"
                                                      "c"));
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_EQ(json.find('\x01'), std::string::npos);
  EXPECT_NE(json.find("a\\nb\\u0001c"), std::string::npos);
}

}  // namespace
}  // namespace gatewatch::status_test
