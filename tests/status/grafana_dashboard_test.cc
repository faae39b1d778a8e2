// examples/grafana/gatewatch-dashboard.json: importable JSON whose queries use only metrics
// docs/metrics.md documents, and are PromQL that promtool accepts.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "http/child_process.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "status_test_views.h"

namespace gatewatch::status_test {
namespace {

constexpr char kDashboard[] = GATEWATCH_SOURCE_DIR "/examples/grafana/gatewatch-dashboard.json";
constexpr char kMetricsDoc[] = GATEWATCH_SOURCE_DIR "/docs/metrics.md";

// Every `gatewatch_...` name written in backticks in docs/metrics.md.
std::set<std::string> DocumentedMetrics() {
  const std::string doc = ReadFile(kMetricsDoc);
  static const std::regex name("`(gatewatch_[a-z0-9_]+)`");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), name); it != std::sregex_iterator();
       ++it) {
    names.insert((*it)[1].str());
  }
  return names;
}

// Every gatewatch_ metric name in a PromQL expression.
std::vector<std::string> MetricsIn(const std::string& expr) {
  static const std::regex name(R"re((^|[^A-Za-z0-9_:])(gatewatch_[A-Za-z0-9_:]*))re");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(expr.begin(), expr.end(), name); it != std::sregex_iterator();
       ++it) {
    names.push_back((*it)[2].str());
  }
  return names;
}

// Whether `metric` is documented, directly or as a documented histogram's series.
bool IsDocumented(const std::string& metric, const std::set<std::string>& documented) {
  if (documented.count(metric) > 0) {
    return true;
  }
  static const std::regex series("(.*_seconds)_(bucket|sum|count)");
  std::smatch match;
  return std::regex_match(metric, match, series) && documented.count(match[1].str()) > 0;
}

// Collects the string values of every member named `key`, at any depth.
void CollectStrings(const rapidjson::Value& v, const char* key, std::vector<std::string>* out) {
  if (v.IsObject()) {
    for (const auto& member : v.GetObject()) {
      if (member.name == key && member.value.IsString()) {
        out->push_back(member.value.GetString());
      }
      CollectStrings(member.value, key, out);
    }
  } else if (v.IsArray()) {
    for (const auto& element : v.GetArray()) CollectStrings(element, key, out);
  }
}

// Grafana's variables replaced by what promtool can parse: intervals by 5m, the $job and
// $instance matchers by ".*".
std::string AsPlainPromQl(std::string expr) {
  expr = std::regex_replace(expr, std::regex(R"(\$__(rate_interval|interval|range))"), "5m");
  return std::regex_replace(expr, std::regex(R"(\$\{?[A-Za-z_]+\}?)"), ".*");
}

// A Prometheus rules file (JSON is YAML) recording each expression.
std::string RecordingRules(const std::vector<std::string>& exprs) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("groups");
  w.StartArray();
  w.StartObject();
  w.Key("name");
  w.String("dashboard");
  w.Key("rules");
  w.StartArray();
  for (size_t i = 0; i < exprs.size(); ++i) {
    w.StartObject();
    w.Key("record");
    w.String(("dashboard:expr_" + std::to_string(i)).c_str());
    w.Key("expr");
    w.String(AsPlainPromQl(exprs[i]).c_str());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

class GrafanaDashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string text = ReadFile(kDashboard);
    dashboard_.Parse(text.data(), text.size());
    ASSERT_FALSE(dashboard_.HasParseError()) << "offset " << dashboard_.GetErrorOffset();
    ASSERT_TRUE(dashboard_.IsObject());
    CollectStrings(dashboard_["panels"], "expr", &exprs_);
    ASSERT_GE(exprs_.size(), 20u);
  }
  rapidjson::Document dashboard_;
  std::vector<std::string> exprs_;
};

TEST_F(GrafanaDashboardTest, IsAnImportableDashboard) {
  EXPECT_EQ(std::string(dashboard_["title"].GetString()), "gatewatch");
  EXPECT_GE(dashboard_["schemaVersion"].GetInt(), 36);
  EXPECT_LE(dashboard_["schemaVersion"].GetInt(), 39);
  ASSERT_EQ(dashboard_["__inputs"].Size(), 1u);
  EXPECT_EQ(std::string(dashboard_["__inputs"][0]["name"].GetString()), "DS_PROMETHEUS");
  EXPECT_EQ(std::string(dashboard_["__inputs"][0]["pluginId"].GetString()), "prometheus");
  std::vector<std::string> uids;
  CollectStrings(dashboard_["panels"], "uid", &uids);
  CollectStrings(dashboard_["templating"], "uid", &uids);
  ASSERT_FALSE(uids.empty());
  for (const std::string& uid : uids) EXPECT_EQ(uid, "${DS_PROMETHEUS}");
  std::set<int> ids;
  for (const auto& panel : dashboard_["panels"].GetArray()) {
    EXPECT_TRUE(ids.insert(panel["id"].GetInt()).second) << "duplicate panel id";
  }
}

TEST_F(GrafanaDashboardTest, QueriesUseOnlyDocumentedMetrics) {
  const std::set<std::string> documented = DocumentedMetrics();
  ASSERT_GE(documented.size(), 40u) << "docs/metrics.md not read?";
  std::vector<std::string> queries = exprs_;
  CollectStrings(dashboard_["templating"], "definition", &queries);
  std::set<std::string> used;
  for (const std::string& query : queries) {
    const std::vector<std::string> metrics = MetricsIn(query);
    EXPECT_FALSE(metrics.empty()) << query;
    for (const std::string& metric : metrics) {
      EXPECT_TRUE(IsDocumented(metric, documented)) << metric << " in " << query;
      used.insert(metric);
    }
  }
  for (const char* wanted :
       {"gatewatch_events_consumed_total", "gatewatch_events_rejected_total",
        "gatewatch_alerts_firing", "gatewatch_alert_active",
        "gatewatch_kafka_consumer_lag_messages", "gatewatch_sink_deliveries_total",
        "gatewatch_sink_failures_total", "gatewatch_sink_queue_depth", "gatewatch_state_bytes",
        "gatewatch_state_budget_bytes", "gatewatch_rule_groups_evicted_total",
        "gatewatch_config_reloads_total", "gatewatch_snapshot_age_seconds"}) {
    EXPECT_EQ(used.count(wanted), 1u) << wanted << " has no panel";
  }
}

TEST_F(GrafanaDashboardTest, QueriesArePromQlThatPromtoolAccepts) {
  test_http::TempDir dir;
  const std::string rules = dir.WriteFile("dashboard-rules.json", RecordingRules(exprs_));
  const test_http::RunResult check =
      test_http::RunToCompletion({"/usr/bin/promtool", "check", "rules", rules}, "");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("SUCCESS: " + std::to_string(exprs_.size()) + " rules found"),
            std::string::npos)
      << check.output;
}

}  // namespace
}  // namespace gatewatch::status_test
