// The ECS form of alert records, without a broker.
#include "kafka/ecs_alert.h"

#include <gtest/gtest.h>

#include "alert_samples.h"
#include "rapidjson/document.h"

namespace gatewatch::kafka {
namespace {

using testing::HostileAlert;
using testing::IsStrictJson;
using testing::SampleAlert;

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  EXPECT_FALSE(document.HasParseError()) << json;
  return document;
}

std::string Str(const rapidjson::Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

TEST(EcsAlert, MapsAFiringAlertToEcsFields) {
  alert::Alert a = SampleAlert(7);
  rapidjson::Document d = Parse(AlertToEcsJson(a));
  ASSERT_TRUE(d.IsObject());
  EXPECT_EQ(Str(d["@timestamp"]), "2026-01-15T10:00:00.123Z");
  EXPECT_EQ(Str(d["ecs"]["version"]), "8.11.0");
  EXPECT_EQ(Str(d["event"]["kind"]), "alert");
  EXPECT_EQ(d["event"]["severity"].GetInt(), 73);
  EXPECT_EQ(Str(d["event"]["start"]), "2026-01-15T10:00:00.123Z");
  EXPECT_FALSE(d["event"].HasMember("end"));
  EXPECT_EQ(Str(d["rule"]["id"]), "credential-stuffing-ip");
  EXPECT_EQ(Str(d["rule"]["name"]), "credential-stuffing-ip");
  EXPECT_EQ(Str(d["rule"]["description"]), "Many failed logins from one address");
  EXPECT_EQ(Str(d["source"]["ip"]), "203.0.113.7");
  EXPECT_EQ(Str(d["user"]["name"]), "alice");
  EXPECT_EQ(Str(d["labels"]["team"]), "identity");
  EXPECT_EQ(Str(d["labels"]["mitre"]), "T1110");
  EXPECT_EQ(Str(d["message"]), "203.0.113.7: 42 failed logins");
  const rapidjson::Value& g = d["gatewatch"];
  EXPECT_EQ(Str(g["status"]), "firing");
  EXPECT_EQ(Str(g["severity"]), "high");
  EXPECT_EQ(Str(g["fingerprint"]), a.fingerprint);
  EXPECT_EQ(g["value"].GetInt(), 42);
  EXPECT_DOUBLE_EQ(g["threshold"].GetDouble(), 30.5);
  EXPECT_EQ(Str(g["group"]["client_ip"]), "203.0.113.7");
  EXPECT_EQ(g["evidence"]["events"].GetInt(), 42);
  EXPECT_EQ(Str(g["evidence"]["window"]), "5m");
  EXPECT_FALSE(g.HasMember("rule")) << "carried by rule.id";
  EXPECT_FALSE(g.HasMember("labels")) << "carried by labels";
}

TEST(EcsAlert, AResolvedAlertIsStampedWhenItEnded) {
  alert::Alert a = SampleAlert(7);
  a.status = alert::AlertStatus::kResolved;
  a.ends_at = a.starts_at + 90000000000;  // 90 s later
  a.annotations.erase("summary");
  rapidjson::Document d = Parse(AlertToEcsJson(a));
  EXPECT_EQ(Str(d["@timestamp"]), "2026-01-15T10:01:30.123Z");
  EXPECT_EQ(Str(d["event"]["end"]), "2026-01-15T10:01:30.123Z");
  EXPECT_EQ(d["event"]["duration"].GetInt64(), 90000000000);
  EXPECT_EQ(Str(d["gatewatch"]["status"]), "resolved");
  EXPECT_EQ(Str(d["message"]), "credential-stuffing-ip resolved");
}

TEST(EcsAlert, SourceIpOnlyForAnAddressAndEntitiesOnlyWhenGrouped) {
  alert::Alert a = SampleAlert(7);
  a.group = {{"client_ip", "not-an-ip"}, {"api_key", "k1"}};
  rapidjson::Document d = Parse(AlertToEcsJson(a));
  EXPECT_FALSE(d.HasMember("source")) << "ECS source.ip is of type ip";
  EXPECT_FALSE(d.HasMember("user"));
  EXPECT_EQ(Str(d["gatewatch"]["group"]["client_ip"]), "not-an-ip");
  a.group = {{"client_ip", "2001:DB8::1"}};
  d = Parse(AlertToEcsJson(a));
  EXPECT_EQ(Str(d["source"]["ip"]), "2001:db8::1");
}

TEST(EcsAlert, SeverityScores) {
  EXPECT_EQ(EcsSeverity("info"), 1);
  EXPECT_EQ(EcsSeverity("low"), 21);
  EXPECT_EQ(EcsSeverity("medium"), 47);
  EXPECT_EQ(EcsSeverity("high"), 73);
  EXPECT_EQ(EcsSeverity("critical"), 99);
  EXPECT_EQ(EcsSeverity("bogus"), 0);
}

TEST(EcsAlert, HostileStringsStayValidJson) {
  alert::Alert a = HostileAlert();
  std::string json = AlertToEcsJson(a);
  EXPECT_TRUE(IsStrictJson(json));
  EXPECT_GT(json.size(), 200u * 1024);
  EXPECT_EQ(json.find('\n'), std::string::npos) << "one record, one line";
  rapidjson::Document d = Parse(json);
  std::string user = Str(d["user"]["name"]);
  EXPECT_EQ(user.substr(0, 19), "q\"uote b\\ack n\nl r\r");
  EXPECT_NE(user.find(std::string(1, '\0')), std::string::npos) << "NUL survives as \\u0000";
  EXPECT_NE(user.find("\xEF\xBF\xBD"), std::string::npos) << "invalid bytes become U+FFFD";
}

TEST(EcsAlert, WithValidUtf8KeepsValidTextAndRepairsTheRest) {
  EXPECT_EQ(WithValidUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(WithValidUtf8("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
}

}  // namespace
}  // namespace gatewatch::kafka
