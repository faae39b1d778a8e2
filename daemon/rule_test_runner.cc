#include "rule_test_runner.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "alert/alert.h"
#include "config/rule_loader.h"
#include "config/yaml_util.h"
#include "core/duration.h"
#include "core/ip_address.h"
#include "core/timestamp.h"
#include "rules/rule_engine.h"

namespace gatewatch::cli {
namespace {

using config::ErrorAt;

// Tests start here unless they say otherwise; any fixed time works, event time is all that
// matters.
constexpr core::TimestampNs kDefaultStart = 1767225600LL * 1'000'000'000;  // 2026-01-01

struct Expectation {
  std::string rule;
  std::string status;
  std::vector<std::pair<std::string, std::string>> group;  // subset to match
  std::optional<core::TimestampNs> at;                     // emitted by then
  std::optional<double> value;
};

struct TimedEvent {
  core::TimestampNs ts;
  size_t order;
  core::AccessEvent event;
};

std::string Substitute(const std::string& text, int i) {
  std::string out = text;
  for (size_t pos; (pos = out.find("{i}")) != std::string::npos;) {
    out.replace(pos, 3, std::to_string(i));
  }
  return out;
}

bool AsNumber(const std::string& text, double* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

core::Status ReadEvents(const std::string& source, const YAML::Node& list,
                        const rules::RuleSet& set, core::TimestampNs start,
                        std::vector<TimedEvent>* out) {
  if (!list || !list.IsSequence()) return ErrorAt(source, list, "events must be a list");
  for (const auto& node : list) {
    if (!node.IsMap()) return ErrorAt(source, node, "an event is a mapping of fields");
    core::DurationNs at = 0, every = core::kSecond;
    uint64_t count = 1;
    std::vector<std::pair<core::FieldId, std::string>> fields;
    for (const auto& kv : node) {
      const std::string& key = kv.first.Scalar();
      if (key == "at" || key == "every") {
        auto d = core::ParseDuration(kv.second.Scalar());
        if (!d.ok()) return ErrorAt(source, kv.second, d.status().message());
        (key == "at" ? at : every) = *d;
      } else if (key == "count") {
        GW_ASSIGN_OR_RETURN(count, config::ScalarUnsigned(source, kv.second, "count"));
        if (count == 0 || count > 1000000)
          return ErrorAt(source, kv.second, "count must be 1..1000000");
      } else {
        auto id = set.fields.Find(key);
        if (!id) {
          return ErrorAt(
              source, kv.first,
              "unknown field \"" + key + "\" (not canonical, not declared by the rules)");
        }
        fields.emplace_back(*id, kv.second.Scalar());
      }
    }
    for (uint64_t i = 0; i < count; ++i) {
      core::AccessEvent e(set.fields.size() - core::kCanonicalFieldCount);
      core::TimestampNs ts = start + at + static_cast<core::DurationNs>(i) * every;
      e.set_ts(ts);
      e.set_client_ip(*core::IpAddress::Parse("192.0.2.1"));
      for (const auto& [id, raw] : fields) {
        std::string value = Substitute(raw, static_cast<int>(i));
        double number;
        if (id == core::kFieldClientIp) {
          auto ip = core::IpAddress::ParseWithOptionalPort(value);
          if (!ip) return ErrorAt(source, node, "client_ip \"" + value + "\" is not an IP");
          e.set_client_ip(*ip);
        } else if (set.fields.TypeOf(id) == rules::FieldType::kNumber ||
                   (set.fields.TypeOf(id) == rules::FieldType::kDynamic &&
                    AsNumber(value, &number))) {
          if (!AsNumber(value, &number)) {
            return ErrorAt(source, node,
                           set.fields.NameOf(id) + " \"" + value + "\" is not a number");
          }
          e.SetNumber(id, number, value);
        } else {
          e.SetString(id, value);
        }
      }
      out->push_back(TimedEvent{ts, out->size(), std::move(e)});
    }
  }
  return core::Status::Ok();
}

core::Result<std::vector<Expectation>> ReadExpectations(const std::string& source,
                                                        const YAML::Node& list,
                                                        core::TimestampNs start) {
  std::vector<Expectation> out;
  if (!list.IsSequence()) return ErrorAt(source, list, "expect must be a list");
  for (const auto& node : list) {
    GW_RETURN_IF_ERROR(
        config::CheckKeys(source, node, {"rule", "status", "group", "at", "value"}, "expectation"));
    Expectation e;
    if (!node["rule"]) return ErrorAt(source, node, "an expectation needs rule");
    e.rule = node["rule"].Scalar();
    e.status = node["status"] ? node["status"].Scalar() : "firing";
    if (e.status != "firing" && e.status != "resolved") {
      return ErrorAt(source, node["status"], "status must be firing or resolved");
    }
    if (const YAML::Node& g = node["group"]) {
      if (!g.IsMap()) return ErrorAt(source, g, "group must be a mapping");
      for (const auto& kv : g) e.group.emplace_back(kv.first.Scalar(), kv.second.Scalar());
    }
    if (node["at"]) {
      auto d = core::ParseDuration(node["at"].Scalar());
      if (!d.ok()) return ErrorAt(source, node["at"], d.status().message());
      e.at = start + *d;
    }
    if (node["value"]) {
      double v;
      if (!AsNumber(node["value"].Scalar(), &v))
        return ErrorAt(source, node["value"], "value must be a number");
      e.value = v;
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string Describe(const alert::Alert& a, core::TimestampNs start) {
  std::string out =
      a.rule + " " + (a.status == alert::AlertStatus::kFiring ? "firing" : "resolved");
  out += " {";
  for (size_t i = 0; i < a.group.size(); ++i) {
    out += (i ? ", " : "") + a.group[i].first + ": " + a.group[i].second;
  }
  core::TimestampNs when = a.status == alert::AlertStatus::kFiring ? a.starts_at : a.ends_at;
  out += "} at " + core::FormatDuration(when - start) + " value " + std::to_string(a.value);
  return out;
}

std::string Describe(const Expectation& e, core::TimestampNs start) {
  std::string out = e.rule + " " + e.status + " {";
  for (size_t i = 0; i < e.group.size(); ++i) {
    out += (i ? ", " : "") + e.group[i].first + ": " + e.group[i].second;
  }
  out += "}";
  if (e.at) out += " by " + core::FormatDuration(*e.at - start);
  if (e.value) out += " value " + std::to_string(*e.value);
  return out;
}

bool Matches(const Expectation& e, const alert::Alert& a) {
  if (a.rule != e.rule) return false;
  if ((a.status == alert::AlertStatus::kFiring) != (e.status == "firing")) return false;
  for (const auto& [k, v] : e.group) {
    bool found = false;
    for (const auto& [gk, gv] : a.group) found |= (gk == k && gv == v);
    if (!found) return false;
  }
  core::TimestampNs when = a.status == alert::AlertStatus::kFiring ? a.starts_at : a.ends_at;
  if (e.at && when > *e.at) return false;
  if (e.value && std::abs(a.value - *e.value) > 1e-9) return false;
  return true;
}

core::Result<std::vector<RuleTestOutcome>> RunFile(const std::string& path) {
  GW_ASSIGN_OR_RETURN(config::YamlDocument doc, config::ParseYamlFile(path));
  const YAML::Node& root = doc.root;
  GW_RETURN_IF_ERROR(config::CheckKeys(path, root, {"rules", "tests"}, "rule test file"));
  if (!root["rules"] || !root["rules"].IsSequence()) {
    return ErrorAt(path, root, "a rule test file needs rules: [files]");
  }
  std::vector<std::string> rule_files;
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  for (const auto& r : root["rules"]) rule_files.push_back((dir / r.Scalar()).string());
  GW_ASSIGN_OR_RETURN(auto set, config::LoadRuleFiles(rule_files));
  const YAML::Node& tests = root["tests"];
  if (!tests || !tests.IsSequence() || tests.size() == 0) {
    return ErrorAt(path, root, "a rule test file needs a non-empty tests: list");
  }
  std::vector<RuleTestOutcome> outcomes;
  bool any_alert_expected = false, none_declared = false;
  for (const auto& test : tests) {
    GW_RETURN_IF_ERROR(config::CheckKeys(
        path, test, {"name", "start", "events", "expect", "expect_no_alerts"}, "test"));
    RuleTestOutcome outcome;
    outcome.file = path;
    outcome.name = test["name"] ? test["name"].Scalar() : config::Where(path, test);
    core::TimestampNs start = kDefaultStart;
    if (test["start"]) {
      auto t = core::ParseTimestamp(test["start"].Scalar(), core::TimeFormat::kRfc3339);
      if (!t) return ErrorAt(path, test["start"], "start must be an RFC 3339 time");
      start = *t;
    }
    std::vector<TimedEvent> events;
    GW_RETURN_IF_ERROR(ReadEvents(path, test["events"], *set, start, &events));
    if (!test["expect"]) return ErrorAt(path, test, "a test needs expect: (use [] for none)");
    GW_ASSIGN_OR_RETURN(std::vector<Expectation> expected,
                        ReadExpectations(path, test["expect"], start));
    bool no_alerts = test["expect_no_alerts"] && test["expect_no_alerts"].as<bool>(false);
    if (expected.empty() && !no_alerts) {
      return ErrorAt(path, test["expect"],
                     "expect is empty: say expect_no_alerts: true if that is the point");
    }
    any_alert_expected |= !expected.empty();
    none_declared |= no_alerts;
    std::stable_sort(events.begin(), events.end(),
                     [](const TimedEvent& a, const TimedEvent& b) { return a.ts < b.ts; });
    core::FakeClock clock(0);
    rules::RuleEngine engine(set, rules::EngineOptions{}, clock);
    alert::CollectingAlertSink sink;
    for (const TimedEvent& e : events) engine.Apply(e.event, 0, &sink);
    engine.Finish(&sink);

    // Every notification must be expected, in order, and every expectation met.
    std::string detail;
    size_t n = std::max(expected.size(), sink.alerts.size());
    bool ok = expected.size() == sink.alerts.size();
    for (size_t i = 0; i < n; ++i) {
      bool row_ok =
          i < expected.size() && i < sink.alerts.size() && Matches(expected[i], sink.alerts[i]);
      ok &= row_ok;
      detail += std::string(row_ok ? "    ok   " : "    FAIL ") +
                "expected: " + (i < expected.size() ? Describe(expected[i], start) : "(nothing)") +
                "\n              got: " +
                (i < sink.alerts.size() ? Describe(sink.alerts[i], start) : "(nothing)") + "\n";
    }
    outcome.passed = ok;
    if (!ok) outcome.detail = detail;
    outcomes.push_back(std::move(outcome));
  }
  if (!any_alert_expected && !none_declared) {
    return ErrorAt(path, root, "no test in this file expects an alert");
  }
  return outcomes;
}

}  // namespace

core::Result<std::vector<std::string>> FindRuleTestFiles(const std::vector<std::string>& paths) {
  return config::FindFiles(
      paths, [](std::string_view name) { return name.ends_with("_test.yaml"); }, "rule test file");
}

core::Result<std::vector<RuleTestOutcome>> RunRuleTests(const std::vector<std::string>& files) {
  std::vector<RuleTestOutcome> all;
  for (const std::string& file : files) {
    GW_ASSIGN_OR_RETURN(std::vector<RuleTestOutcome> outcomes, RunFile(file));
    all.insert(all.end(), outcomes.begin(), outcomes.end());
  }
  return all;
}

}  // namespace gatewatch::cli
