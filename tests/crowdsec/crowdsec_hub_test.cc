// CrowdSec hub scenario tests reproduced with gatewatch rules (docs/crowdsec-hub.md).
//
// For each hub test whose log we read and whose scenario the rule language expresses, the
// equivalent rules (tests/crowdsec/rules) run over the hub's own log through the rule engine,
// and the firing alerts must be the hub's expected alerts: as many, for the same sources.
// Each rule carries the CrowdSec scenario it mirrors as the label `crowdsec_scenario`.
//
// A second test checks the shipped auth-failure filter (rules/auth.yaml) line by line against
// fail2ban's annotated samples for the auth-failure filters whose format we parse.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alert/alert.h"
#include "config/field_map_loader.h"
#include "config/rule_loader.h"
#include "core/access_event.h"
#include "core/clock.h"
#include "core/ip_address.h"
#include "core/timestamp.h"
#include "parse/access_log_parser.h"
#include "rules/rule.h"
#include "rules/rule_engine.h"

namespace gatewatch {
namespace {

using parse::AccessLogParser;

std::string Shared(const std::string& relative) {
  return std::string(GATEWATCH_SHARED_DIR) + "/testdata/" + relative;
}

std::string Here(const std::string& relative) {
  return std::string(GATEWATCH_SOURCE_DIR) + "/tests/crowdsec/" + relative;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The canonical text of an address ("2001:0db8::0001" and "2001:db8::1" agree).
std::string NormalIp(const std::string& text) {
  auto ip = core::IpAddress::Parse(text);
  return ip ? ip->ToString() : text;
}

// --- CrowdSec hub tests ----------------------------------------------------------------------

struct HubCase {
  const char* test;    // directory under crowdsec-hub/
  const char* log;     // log file in it
  const char* format;  // preset name, or a field map under tests/crowdsec/maps
  // Rule files under tests/crowdsec/rules, comma-separated; the CrowdSec scenarios they mirror
  // are the ones asserted (a hub test that also loads a scenario we cannot run is partial).
  const char* rules;
};

std::ostream& operator<<(std::ostream& os, const HubCase& c) { return os << c.test; }

const HubCase kHubCases[] = {
    // http-probing. Text logs count distinct request lines (see http-probing-text.yaml).
    {"apache-http-probing", "apache-http-probing.log", "combined", "http-probing-text"},
    {"apache2-malformed", "apache2-logs.log", "combined", "http-probing-text"},
    {"nginx-http-malformed", "nginx_http-logs.log", "combined", "http-probing-text"},
    {"nginx-proxy-manager-malformed", "nginx_http-logs.log", "combined", "http-probing-text"},
    // List-based scenarios.
    {"apache2-http-sensitive-files", "apache2-http-sensitive-files.log", "combined",
     "http-sensitive-files"},
    {"nginx-http-sensitive-files", "nginx-http-sensitive-files.log", "combined",
     "http-sensitive-files"},
    {"litespeed-http-sensitive-files", "litespeed-http-sensitive-files.log", "combined",
     "http-sensitive-files"},
    {"http-admin-interface-probing", "http-admin-interface-probing.log", "combined",
     "http-admin-interface-probing"},
    {"http-cve-probing", "http-cve-probing.log", "combined", "http-cve-probing"},
    {"http-technology-probing", "http-technology-probing.log", "combined",
     "http-technology-probing"},
    {"ipv6-postoverflow", "ipv6-postoverflow.log", "combined", "http-bad-user-agent"},
    {"nginx-bad-user-agent", "nginx-bad-user-agent.log", "combined", "http-bad-user-agent"},
    {"nginx-http-backdoor", "nginx-http-backdoor.log", "combined", "http-backdoors-attempts"},
    {"nginx-http-path-traversal", "nginx-http-path-traversal.log", "combined",
     "http-path-traversal-probing"},
    {"nginx-http-sqli-probing", "nginx-http-sqli-probing.log", "combined", "http-sqli-probing"},
    {"nginx-http-xss-probing", "nginx-http-xss-probing.log", "combined", "http-xss-probing"},
    {"sap-probing", "sap-probing.log", "combined", "http-sap-interface-probing"},
    // Pattern and rate scenarios.
    {"http-dos-bypass-cache", "http_dos_bypass_cache.log", "combined", "http-dos-bypass-cache"},
    {"http-dos-invalid-http-versions", "http-dos-invalid-http-versions.log", "combined",
     "http-dos-invalid-http-versions"},
    {"http-dos-random-uri", "http_dos_random_uri.log", "combined", "http-dos-random-uri"},
    {"http-dos-switching-ua", "http-dos-switching-ua.log", "combined", "http-dos-switching-ua"},
    {"http-generic-test", "http-generic-test.log", "combined", "http-generic-test"},
    {"http-wordpress-scan", "http-wordpress-scan.log", "combined", "http-wordpress-scan"},
    {"http-wordpress_user-enum", "http-wordpress_user-enum.log", "combined",
     "http-wordpress_user-enum"},
    {"nginx-http-open-proxy", "nginx-http-open-proxy.log", "combined", "http-open-proxy"},
    // Partial: the http-generic-bf half of this test reads NGINX error-log lines.
    {"nginx-http-generic-bf", "nginx-http-generic-bf.log", "combined", "http-generic-401-bf"},
    // Traefik JSON: a Nikto scan, four scenarios at once.
    {"traefik_base-http-scenario", "traefik_base-http-scenario.log", "traefik",
     "http-probing,http-path-traversal-probing,http-open-proxy,http-bad-user-agent"},
    // Envoy Gateway JSON in CRI lines.
    {"envoy-http-bad-user-agent", "envoy-http-bad-user-agent.log", "envoy-cri",
     "http-bad-user-agent"},
    {"envoy-http-crawl-non_statics", "envoy-http-crawl-non_statics.log", "envoy-cri",
     "http-crawl-non-statics"},
    // Caddy JSON: basic-auth failures.
    {"caddy-basic-auth-bf", "caddy-logs.log", "caddy", "http-generic-bf"},
    // Application JSON logs, read with a field map per product (tests/crowdsec/maps).
    {"authentik-bf", "authentik-bf.log", "authentik", "authentik-bf"},
    // Partial: gitlab-bf_user-enum counts distinct logins, which sit inside the params array.
    {"gitlab-bf", "gitlab-bf.log", "gitlab", "gitlab-bf"},
    {"nextcloud-bf", "nextcloud-bf.log", "nextcloud", "nextcloud-bf"},
    {"teleport-bf", "teleport-bf.log", "teleport", "teleport-bf"},
    {"ntfy-bf", "ntfy-bf.log", "ntfy", "ntfy-bf"},
    {"aws-bf", "aws-bf.log", "aws-cloudtrail", "aws-bf"},
    {"kasm-bruteforce", "kasm-logs.log", "kasm", "kasm-bruteforce"},
};

// (scenario, source) pairs, sorted: what the hub asserts and what we produce.
using AlertKeys = std::vector<std::pair<std::string, std::string>>;

// The hub's expected alerts for `test`, restricted to `scenarios`.
AlertKeys ExpectedAlerts(const std::string& test, const std::vector<std::string>& scenarios) {
  static const std::string* text =
      new std::string(ReadFile(Shared("crowdsec-hub/expected-alerts.json")));
  rapidjson::Document doc;
  doc.Parse(text->c_str(), text->size());
  EXPECT_FALSE(doc.HasParseError());
  EXPECT_TRUE(doc.IsArray());
  AlertKeys keys;
  bool found = false;
  for (const auto& t : doc.GetArray()) {
    if (test != t["test"].GetString()) continue;
    found = true;
    for (const auto& a : t["alerts"].GetArray()) {
      std::string scenario = a["scenario"].GetString();
      if (std::find(scenarios.begin(), scenarios.end(), scenario) == scenarios.end()) continue;
      for (const auto& source : a["sources"].GetArray()) {
        keys.emplace_back(scenario, NormalIp(source.GetString()));
      }
    }
    // A partial reproduction must still leave something to check.
    EXPECT_FALSE(keys.empty()) << test << ": no expected alert for the rules' scenarios";
  }
  EXPECT_TRUE(found) << test << " is not in expected-alerts.json";
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<std::string> Split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

constexpr core::TimestampNs kWallClock = 1'893'456'000'000'000'000;  // 2030-01-01

class CrowdsecHubTest : public ::testing::TestWithParam<HubCase> {};

TEST_P(CrowdsecHubTest, RaisesTheHubsAlerts) {
  const HubCase& c = GetParam();
  std::vector<std::string> rule_paths;
  for (const std::string& name : Split(c.rules))
    rule_paths.push_back(Here("rules/" + name + ".yaml"));
  auto rule_set = config::LoadRuleFiles(rule_paths);
  ASSERT_TRUE(rule_set.ok()) << rule_set.status().ToString();

  std::vector<std::string> scenarios;
  for (const rules::Rule& rule : (*rule_set)->rules) {
    auto label = rule.labels.find("crowdsec_scenario");
    ASSERT_NE(label, rule.labels.end()) << rule.id << " names no crowdsec_scenario";
    scenarios.push_back(label->second);
  }

  std::string format = c.format;
  if (config::PresetText(format).empty()) format = Here("maps/" + format + ".yaml");
  auto map = config::LoadFormat(format);
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  auto parser = AccessLogParser::Create(*map, (*rule_set)->fields.UsedFieldNames(),
                                        AccessLogParser::Selection::kOnlyRequested);
  ASSERT_TRUE(parser.ok()) << parser.status().ToString();
  for (const std::string& name : (*rule_set)->fields.extras()) {
    ASSERT_EQ((*parser)->FieldIndex(name), (*rule_set)->fields.Find(name)) << name;
  }

  // The wall clock stands after every hub log: with a clock at 0, an event more than
  // future_tolerance (5m) after the previous one would count as `future` (docs/time.md), as
  // in nginx-http-open-proxy whose two lines are a year apart.
  core::FakeClock clock(kWallClock);
  rules::RuleEngine engine(*rule_set, rules::EngineOptions(), clock);
  alert::CollectingAlertSink sink;
  core::AccessEvent event = (*parser)->NewEvent();
  size_t parsed = 0;
  for (const std::string& line :
       ReadLines(Shared(std::string("crowdsec-hub/") + c.test + "/" + c.log))) {
    if (!(*parser)->Parse(line, &event).ok()) continue;
    ++parsed;
    engine.Apply(event, 0, &sink);
  }
  engine.Finish(&sink);
  EXPECT_GT(parsed, 0u);
  EXPECT_EQ(engine.stats().late, 0u);
  EXPECT_EQ(engine.stats().future, 0u);

  std::map<std::string, std::string> scenario_of;
  for (const rules::Rule& rule : (*rule_set)->rules) {
    scenario_of[rule.id] = rule.labels.at("crowdsec_scenario");
  }
  AlertKeys got;
  size_t resolved = 0;
  for (const alert::Alert& a : sink.alerts) {
    if (a.status != alert::AlertStatus::kFiring) {
      ++resolved;
      continue;
    }
    ASSERT_EQ(a.group.size(), 1u);
    EXPECT_EQ(a.group[0].first, "client_ip");
    got.emplace_back(scenario_of[a.rule], NormalIp(a.group[0].second));
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, ExpectedAlerts(c.test, scenarios));
  EXPECT_EQ(resolved, got.size());  // every episode ends, once
}

INSTANTIATE_TEST_SUITE_P(Hub, CrowdsecHubTest, ::testing::ValuesIn(kHubCases),
                         [](const ::testing::TestParamInfo<HubCase>& info) {
                           std::string name = info.param.test;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

// --- fail2ban: the shipped auth-failure filter, line by line ---------------------------------

struct Fail2banLine {
  std::string file;
  int line_no = 0;
  std::vector<std::string> modes;  // filterOptions modes the annotation holds for; empty: all
  bool match = false;
  std::string host;
  std::string line;
};

std::vector<Fail2banLine> Fail2banLines(const std::string& file) {
  std::vector<Fail2banLine> out;
  for (const std::string& text : ReadLines(Shared("fail2ban/expected-matches.jsonl"))) {
    if (text.empty()) continue;
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    EXPECT_FALSE(doc.HasParseError()) << text;
    if (doc.HasParseError() || file != doc["file"].GetString()) continue;
    Fail2banLine l;
    l.file = file;
    l.line_no = doc["line_no"].GetInt();
    if (doc["filter_options"].IsArray()) {
      for (const auto& o : doc["filter_options"].GetArray()) {
        if (o.HasMember("mode")) l.modes.emplace_back(o["mode"].GetString());
      }
    }
    const auto& expect = doc["expect"];
    l.match = expect["match"].GetBool();
    if (expect.HasMember("host")) l.host = expect["host"].GetString();
    l.line = doc["line"].GetString();
    out.push_back(std::move(l));
  }
  return out;
}

// The auth-failure filters among fail2ban's files whose lines we parse, with the preset.
// The others (error logs, syslog, app logs, bot searches) are listed in docs/crowdsec-hub.md.
struct Fail2banFile {
  const char* file;
  const char* format;
  size_t lines;
};

TEST(Fail2banAuthFailures, ShippedFilterAgreesWithEveryAnnotatedLine) {
  auto rule_set = config::LoadRuleFiles({std::string(GATEWATCH_SOURCE_DIR) + "/rules/auth.yaml"});
  ASSERT_TRUE(rule_set.ok()) << rule_set.status().ToString();
  const rules::Rule* burst = nullptr;
  for (const rules::Rule& rule : (*rule_set)->rules) {
    if (rule.id == "auth-failure-burst-ip") burst = &rule;
  }
  ASSERT_NE(burst, nullptr);

  const Fail2banFile files[] = {{"traefik-auth", "combined", 6}};
  size_t checked = 0;
  for (const Fail2banFile& f : files) {
    SCOPED_TRACE(f.file);
    auto map = config::LoadFormat(f.format);
    ASSERT_TRUE(map.ok()) << map.status().ToString();
    auto parser = AccessLogParser::Create(*map, (*rule_set)->fields.UsedFieldNames(),
                                          AccessLogParser::Selection::kOnlyRequested);
    ASSERT_TRUE(parser.ok()) << parser.status().ToString();
    core::AccessEvent event = (*parser)->NewEvent();
    std::vector<Fail2banLine> lines = Fail2banLines(f.file);
    ASSERT_EQ(lines.size(), f.lines);
    for (const Fail2banLine& l : lines) {
      SCOPED_TRACE("line " + std::to_string(l.line_no) + ": " + l.line);
      ASSERT_TRUE((*parser)->Parse(l.line, &event).ok());
      // Our filter is fail2ban's "aggressive" mode: every 401 is a failure, with or without a
      // user. fail2ban's "normal" mode ignores 401s without a user (a browser's first request
      // before the password prompt) and "ddos" mode those with one; an annotation that holds
      // only in one of those modes says nothing about aggressive mode, so the truth for us is
      // "a failure in some mode", which is the 401 itself (docs/crowdsec-hub.md).
      bool mode_specific_negative =
          !l.match && !l.modes.empty() &&
          std::find(l.modes.begin(), l.modes.end(), "aggressive") == l.modes.end();
      bool want = l.match || (mode_specific_negative && event.status() == 401);
      EXPECT_EQ(burst->filter.Evaluate(event), want);
      if (want && !l.host.empty()) {
        EXPECT_EQ(event.client_ip().ToString(), NormalIp(l.host));
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 6u);
}

}  // namespace
}  // namespace gatewatch
