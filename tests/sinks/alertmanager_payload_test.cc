#include "sinks/alertmanager_payload.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "alert/redact.h"
#include "core/duration.h"
#include "parse/text_repair.h"
#include "rapidjson/document.h"
#include "sinks/alertmanager_delivery.h"
#include "sinks/label_text.h"

namespace gatewatch::sinks {
namespace {

constexpr core::TimestampNs kT0 = 1767225600 * core::kSecond;  // 2026-01-01T00:00:00Z

alert::Alert Sample() {
  alert::Alert a;
  a.rule = "auth-burst";
  a.severity = "page";
  a.group = {{"client_ip", "203.0.113.9"}, {"request.headers.host", "api.example"}};
  a.labels = {{"category", "auth"}};
  a.annotations = {{"summary", "203.0.113.9 failed 12 logins"}};
  a.value = 12;
  a.threshold = 10.5;
  a.starts_at = kT0;
  return a;
}

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  return d;
}

TEST(LabelText, SanitizesNames) {
  EXPECT_EQ(SanitizeLabelName("request.headers.host"), "request_headers_host");
  EXPECT_EQ(SanitizeLabelName("x-api-key"), "x_api_key");
  EXPECT_EQ(SanitizeLabelName("5xx"), "_5xx");
  EXPECT_EQ(SanitizeLabelName(""), "_");
  EXPECT_EQ(SanitizeLabelName("ok_Name9"), "ok_Name9");
  EXPECT_EQ(SanitizeLabelName("h\xC3\xA9"), "h__");  // each byte of a non-ASCII char
}

TEST(LabelText, RepairsAndBoundsValues) {
  EXPECT_EQ(BoundedUtf8("plain", 64), "plain");
  EXPECT_EQ(BoundedUtf8("bad\xFF", 64), "bad\xEF\xBF\xBD");
  std::string long_a(5000, 'a'), long_b = long_a + "b";
  std::string a = BoundedUtf8(long_a, 100), b = BoundedUtf8(long_b, 100);
  EXPECT_LE(a.size(), 100u);
  EXPECT_TRUE(parse::IsValidUtf8(a));
  EXPECT_NE(a, b);  // same start, different values: still different labels
  EXPECT_EQ(a.substr(a.size() - 8), alert::Sha256Hex(long_a, 8));
  // Never splits a multi-byte character.
  std::string euros;
  for (int i = 0; i < 100; ++i) euros += "\xE2\x82\xAC";
  EXPECT_TRUE(parse::IsValidUtf8(BoundedUtf8(euros, 50)));
  EXPECT_LE(BoundedUtf8(euros, 50).size(), 50u);
}

TEST(AlertmanagerPayload, LabelsAreRuleLabelsGroupAlertnameSeverity) {
  auto labels = AlertmanagerLabels(Sample(), {});
  EXPECT_EQ(labels, (std::map<std::string, std::string>{{"alertname", "auth-burst"},
                                                        {"severity", "page"},
                                                        {"category", "auth"},
                                                        {"client_ip", "203.0.113.9"},
                                                        {"request_headers_host", "api.example"}}));
}

TEST(AlertmanagerPayload, GroupNamesNeverTakeReservedOrEachOthersNames) {
  alert::Alert a = Sample();
  a.group = {{"severity", "s"}, {"a.b", "1"}, {"a_b", "2"}, {"a-b", "3"}, {"empty", ""}};
  a.labels = {{"alertname", "spoofed"}};
  auto labels = AlertmanagerLabels(a, {});
  EXPECT_EQ(labels["alertname"], "auth-burst");
  EXPECT_EQ(labels["severity"], "page");
  EXPECT_EQ(labels["group_severity"], "s");
  EXPECT_EQ(labels["a_b"], "1");
  EXPECT_EQ(labels["a_b_2"], "2");
  EXPECT_EQ(labels["a_b_3"], "3");
  EXPECT_EQ(labels.count("empty"), 0u);
}

TEST(AlertmanagerPayload, AnnotationsCarryValueAndThreshold) {
  auto annotations = AlertmanagerAnnotations(Sample(), {});
  EXPECT_EQ(annotations["summary"], "203.0.113.9 failed 12 logins");
  EXPECT_EQ(annotations["value"], "12");
  EXPECT_EQ(annotations["threshold"], "10.5");
  alert::Alert a = Sample();
  a.annotations["value"] = "twelve";  // the rule's own wins
  a.annotations["runbook.url"] = "http://x";
  annotations = AlertmanagerAnnotations(a, {});
  EXPECT_EQ(annotations["value"], "twelve");
  EXPECT_EQ(annotations["runbook_url"], "http://x");
}

TEST(AlertmanagerPayload, FiringHasNoEndsAtResolvedHasOne) {
  alert::Alert firing = Sample();
  alert::Alert resolved = Sample();
  resolved.status = alert::AlertStatus::kResolved;
  resolved.ends_at = kT0 + 90 * core::kSecond;
  AlertmanagerPayloadOptions options;
  options.generator_url = "http://gw.test:9464/status#{rule}";
  rapidjson::Document d =
      Parse(AlertmanagerPayload({firing, resolved}, options, kT0 + core::kHour));
  ASSERT_TRUE(d.IsArray());
  ASSERT_EQ(d.Size(), 2u);
  EXPECT_STREQ(d[0]["startsAt"].GetString(), "2026-01-01T00:00:00Z");
  EXPECT_FALSE(d[0].HasMember("endsAt"));
  EXPECT_STREQ(d[0]["generatorURL"].GetString(), "http://gw.test:9464/status#auth-burst");
  EXPECT_STREQ(d[1]["endsAt"].GetString(), "2026-01-01T00:01:30Z");
  EXPECT_STREQ(d[1]["labels"]["alertname"].GetString(), "auth-burst");
}

TEST(AlertmanagerPayload, EndsAtIsNeverInTheFutureNorBeforeStart) {
  alert::Alert a = Sample();
  a.status = alert::AlertStatus::kResolved;
  a.ends_at = kT0 + core::kHour;  // a gateway with a fast clock
  rapidjson::Document d = Parse(AlertmanagerPayload({a}, {}, kT0 + core::kMinute));
  EXPECT_STREQ(d[0]["endsAt"].GetString(), "2026-01-01T00:01:00Z");
  a.ends_at = kT0 - core::kMinute;
  d = Parse(AlertmanagerPayload({a}, {}, kT0 + core::kMinute));
  EXPECT_STREQ(d[0]["endsAt"].GetString(), "2026-01-01T00:00:00Z");
}

TEST(AlertmanagerPayload, GeneratorUrlEscapesTheRule) {
  alert::Alert a = Sample();
  a.rule = "a b/c?d";
  AlertmanagerPayloadOptions options;
  options.generator_url = "http://gw/rules/{rule}";
  rapidjson::Document d = Parse(AlertmanagerPayload({a}, options, kT0));
  EXPECT_STREQ(d[0]["generatorURL"].GetString(), "http://gw/rules/a%20b%2Fc%3Fd");
}

TEST(AlertmanagerPayload, HostileValuesStayOneValidJsonString) {
  alert::Alert a = Sample();
  a.group = {{"user", std::string("\"},{\"labels\":{\"x\":\"y\\\n\x01\x7f\0z\xC0\xAF", 26)}};
  rapidjson::Document d = Parse(AlertmanagerPayload({a}, {}, kT0));
  ASSERT_FALSE(d.HasParseError());
  ASSERT_EQ(d.Size(), 1u);
  std::string user = d[0]["labels"]["user"].GetString();
  EXPECT_EQ(user.substr(0, 14), "\"},{\"labels\":{");
  EXPECT_TRUE(parse::IsValidUtf8(user));
}

TEST(AlertmanagerEndpoint, BuildsTheApiPath) {
  EXPECT_EQ(*AlertmanagerEndpoint("http://am:9093"), "http://am:9093/api/v2/alerts");
  EXPECT_EQ(*AlertmanagerEndpoint("https://h/prefix/"), "https://h/prefix/api/v2/alerts");
  EXPECT_FALSE(AlertmanagerEndpoint("am:9093").ok());
  EXPECT_FALSE(AlertmanagerEndpoint("ftp://am").ok());
  EXPECT_FALSE(AlertmanagerEndpoint("http://user:pw@am:9093").ok());
  EXPECT_FALSE(AlertmanagerEndpoint("http://am:9093/?x=1").ok());
  EXPECT_FALSE(AlertmanagerEndpoint("http:///x").ok());
}

}  // namespace
}  // namespace gatewatch::sinks
