#include "realistic_stats.h"

#include <gtest/gtest.h>

#include "config/field_map_loader.h"
#include "parse/access_log_parser.h"
#include "parse/parse_stats.h"

namespace gatewatch::test_http {
namespace {

parse::ParseStats ParseLines(const std::vector<std::string>& lines) {
  parse::ParseStats stats;
  auto map = config::LoadPreset("gatewatch");
  EXPECT_TRUE(map.ok()) << map.status().ToString();
  auto parser = parse::AccessLogParser::Create(*map);
  EXPECT_TRUE(parser.ok()) << parser.status().ToString();
  core::AccessEvent event = (*parser)->NewEvent();
  uint64_t n = 0;
  for (const std::string& line : lines) {
    stats.Record((*parser)->Parse(line, &event), event, line, ++n, **parser);
  }
  return stats;
}

rules::RuleStats Rule(const std::string& id, uint64_t scale) {
  rules::RuleStats rule;
  rule.rule = id;
  rule.matched = 1000 * scale;
  rule.excepted = 10 * scale;
  rule.groups = 40;
  rule.groups_created = 120 * scale;
  rule.groups_evicted = scale;
  rule.groups_expired = 70 * scale;
  rule.baselines = 12;
  rule.alerts_firing = 2;
  rule.alerts_fired = 5 * scale;
  rule.alerts_resolved = 3 * scale;
  rule.state_bytes = 64 * 1024;
  return rule;
}

}  // namespace

alert::Alert FiringAlert(const std::string& rule, const std::string& client_ip,
                         const std::string& user) {
  alert::Alert alert;
  alert.rule = rule;
  alert.severity = "warning";
  alert.group = {{"client_ip", client_ip}, {"user", user}};
  alert.fingerprint = alert::Fingerprint(alert.rule, alert.group);
  alert.starts_at = kNow - 30 * core::kSecond;
  alert.evidence.last_event = kNow - 2 * core::kSecond;
  return alert;
}

void FeedRealisticStats(metrics::DaemonMetrics& metrics) {
  metrics.Update("kafka", ParseLines({
                              R"({"ts":1768471200,"client_ip":"192.0.2.1","status":401})",
                              R"({"ts":1768471201,"client_ip":"192.0.2.2","status":200})",
                              R"({"ts":1768471202,"client_ip":"not-an-ip","status":200})",
                              "garbage",
                              "",
                          }));
  rules::EngineStats engine;
  engine.events = 2000;
  engine.late = 3;
  engine.future = 1;
  engine.watermark = kNow - 5 * core::kSecond;
  engine.rules = {Rule("auth-failure-burst", 1), Rule("credential-stuffing", 2)};
  engine.state_bytes = 128 * 1024;
  metrics.Update(engine);
  metrics.SetStateBudgetBytes(256u << 20);
  metrics.Update(metrics::SinkStatsView{"alertmanager", 40, 2, 0, 1});
  metrics.Update(metrics::SinkStatsView{"alert_log", 42, 0, 0, 0});
  metrics.Update(metrics::KafkaStatsView{
      1, {{"access-logs", 0, 12}, {"access-logs", 1, 0}, {"access-logs", 2, 250}}});
  metrics.RecordReload(true);
  metrics.RecordSnapshot(true);
  for (double seconds : {0.0004, 0.002, 0.03}) {
    metrics.ObserveBatchSeconds(seconds);
  }
  metrics.RecordAlert(FiringAlert("auth-failure-burst", "192.0.2.1", "alice"));
  metrics.RecordAlert(FiringAlert("credential-stuffing", "198.51.100.9", "bob"));
}

}  // namespace gatewatch::test_http
