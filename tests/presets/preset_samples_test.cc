// Every built-in preset, proven on real sample logs (shared/testdata) and, where no public
// corpus exists, on fixtures shaped like the product's documented output
// (tests/testdata/presets). Ground truth comes from the samples themselves: CrowdSec hub
// parser.assert / scenario.assert files, fail2ban failJSON comments, the counts measured in the
// Elastic Apache sample's README, and the raw lines.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/field_map_loader.h"
#include "core/access_event.h"
#include "core/ip_address.h"
#include "core/timestamp.h"
#include "parse/access_log_parser.h"
#include "parse/reject_reason.h"
#include "presets/sample_truth.h"

namespace gatewatch {
namespace core {

// Failures print "10.0.0.50", not 16 bytes.
void PrintTo(const IpAddress& ip, std::ostream* os) { *os << ip.ToString(); }

}  // namespace core
namespace {

using core::AccessEvent;
using parse::AccessLogParser;
using parse::RejectReason;
using testing::CrowdsecLine;
using ::testing::ElementsAre;
using testing::ReadLines;
using ::testing::UnorderedElementsAreArray;

// Reject reason name -> number of lines rejected for it.
using Rejects = std::map<std::string, int>;

constexpr core::TimestampNs kSecond = 1'000'000'000;

std::string Shared(std::string_view relative) {
  return std::string(GATEWATCH_SHARED_DIR) + "/testdata/" + std::string(relative);
}

// Concatenates without `"literal" + std::string` (g++ 12 -O3 warns on it: -Wrestrict).
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out.append(part);
  return out;
}

std::string Hub(std::string_view relative) { return Shared(Cat({"crowdsec-hub/", relative})); }

std::string Fixture(std::string_view relative) {
  return std::string(GATEWATCH_SOURCE_DIR) + "/tests/testdata/presets/" + std::string(relative);
}

core::TimestampNs Rfc3339(std::string_view text) {
  auto ts = core::ParseTimestamp(text, core::TimeFormat::kRfc3339);
  EXPECT_TRUE(ts.has_value()) << text;
  return ts.value_or(0);
}

core::IpAddress Ip(std::string_view text) {
  auto ip = core::IpAddress::Parse(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return ip.value_or(core::IpAddress());
}

std::unique_ptr<AccessLogParser> ParserFor(const core::Result<parse::FieldMap>& map,
                                           const std::vector<std::string>& extras) {
  if (!map.ok()) {
    ADD_FAILURE() << map.status().ToString();
    return nullptr;
  }
  auto parser = AccessLogParser::Create(*map, extras);
  if (!parser.ok()) {
    ADD_FAILURE() << parser.status().ToString();
    return nullptr;
  }
  return std::move(*parser);
}

std::unique_ptr<AccessLogParser> PresetParser(std::string_view preset,
                                              const std::vector<std::string>& extras = {}) {
  return ParserFor(config::LoadPreset(preset), extras);
}

// A field map written in YAML, as an operator would (usually `preset: X` plus changes).
std::unique_ptr<AccessLogParser> MapParser(std::string_view yaml,
                                           const std::vector<std::string>& extras = {}) {
  return ParserFor(config::LoadFieldMapText(yaml, "preset_samples_test.yaml"), extras);
}

struct ParsedLine {
  size_t line_no = 0;  // 1-based
  std::string text;
  parse::ParseResult result;
  AccessEvent event;
};

// One sample file run through one parser.
struct SampleRun {
  const AccessLogParser* parser = nullptr;
  std::vector<ParsedLine> lines;
  Rejects rejects;

  const ParsedLine& Line(size_t line_no) const { return lines.at(line_no - 1); }
  const AccessEvent& Event(size_t line_no) const {
    const ParsedLine& line = Line(line_no);
    EXPECT_TRUE(line.result.ok()) << "line " << line_no << ": " << parser->Describe(line.result);
    return line.event;
  }
  // An extra field of a parsed line (a field map field beyond the canonical ones).
  std::string_view Extra(size_t line_no, std::string_view name) const {
    auto id = parser->FieldIndex(name);
    EXPECT_TRUE(id.has_value()) << name;
    return id ? Event(line_no).text(*id) : std::string_view();
  }
  size_t parsed() const {
    return static_cast<size_t>(std::count_if(lines.begin(), lines.end(),
                                             [](const ParsedLine& l) { return l.result.ok(); }));
  }
};

SampleRun ParseLines(AccessLogParser* parser, const std::vector<std::string>& lines) {
  SampleRun run;
  run.parser = parser;
  AccessEvent event = parser->NewEvent();
  for (size_t i = 0; i < lines.size(); ++i) {
    ParsedLine line;
    line.line_no = i + 1;
    line.text = lines[i];
    line.result = parser->Parse(lines[i], &event);
    line.event = event;
    if (!line.result.ok()) ++run.rejects[std::string(RejectReasonName(line.result.reason))];
    run.lines.push_back(std::move(line));
  }
  return run;
}

SampleRun ParseFile(AccessLogParser* parser, const std::string& path) {
  return ParseLines(parser, ReadLines(path));
}

// CrowdSec writes times at the precision it parsed: with a fraction it must match to the
// nanosecond, without one it names the second our time falls in.
bool SameTime(core::TimestampNs ours, std::string_view theirs) {
  auto want = core::ParseTimestamp(theirs, core::TimeFormat::kRfc3339);
  if (!want) return false;
  if (theirs.find('.') != std::string_view::npos) return ours == *want;
  return ours - ours % kSecond == *want;
}

// Checks an event against the fields CrowdSec's parsers extracted from the same line.
// http_path is compared only when CrowdSec found a verb: on a request line that is not HTTP
// (a TLS handshake on port 80) CrowdSec keeps the raw text as the path, we keep no path.
::testing::AssertionResult MatchesCrowdsec(const AccessEvent& e,
                                           const std::map<std::string, std::string>& meta,
                                           std::string_view timestamp) {
  std::string problems;
  auto check = [&](bool ok, std::string_view field, std::string_view want, std::string_view got) {
    if (!ok) {
      problems += Cat({" ", field, ": want \"", want, "\" got \"", got, "\";"});
    }
  };
  auto get = [&](const char* key) -> const std::string* {
    auto it = meta.find(key);
    return it == meta.end() ? nullptr : &it->second;
  };
  if (const std::string* ip = get("source_ip")) {
    auto want = core::IpAddress::Parse(*ip);
    check(want && e.client_ip() == *want, "client_ip", *ip, e.client_ip().ToString());
  }
  if (const std::string* status = get("http_status")) {
    int want = *status == "-" ? -1 : std::stoi(*status);
    check(e.status() == want, "status", *status, std::to_string(e.status()));
  }
  if (const std::string* verb = get("http_verb")) {
    check(e.method() == *verb, "method", *verb, e.method());
    if (const std::string* path = get("http_path")) {
      // CrowdSec's grok keeps the separator of "GET /a  HTTP/2.0" (two spaces) in the path.
      std::string_view want = *path;
      while (!want.empty() && want.back() == ' ') want.remove_suffix(1);
      check(e.path() == want, "path", *path, e.path());
    }
  }
  if (const std::string* agent = get("http_user_agent")) {
    bool ok = *agent == "-" ? !e.has(core::kFieldUserAgent) : e.user_agent() == *agent;
    check(ok, "user_agent", *agent, e.user_agent());
  }
  if (!timestamp.empty()) {
    check(SameTime(e.ts(), timestamp), "ts", timestamp, core::FormatRfc3339(e.ts()));
  }
  if (problems.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << problems;
}

// Compares a run, line by line, with a CrowdSec hub test's parser.assert: access-log lines
// CrowdSec parsed must parse to the same fields; its error-log lines must be rejected as
// unrecognized_line; lines it could not parse must be rejected. `other_format` lists lines
// CrowdSec reads with a different grammar than this preset's, and how we reject them.
void ExpectAgreesWithCrowdsec(const SampleRun& run, const std::string& parser_assert,
                              const std::map<size_t, RejectReason>& other_format = {}) {
  std::vector<CrowdsecLine> truth = testing::ReadCrowdsecParserAssert(parser_assert);
  size_t index = 0;
  for (const ParsedLine& line : run.lines) {
    if (line.text.find_first_not_of(" \t\r") == std::string::npos) continue;  // CrowdSec skips
    SCOPED_TRACE(Cat({"line ", std::to_string(line.line_no), ": ", line.text.substr(0, 160)}));
    ASSERT_LT(index, truth.size()) << "more non-empty lines than " << parser_assert << " covers";
    const CrowdsecLine& want = truth[index++];
    auto log_type = want.meta.find("log_type");
    if (auto it = other_format.find(line.line_no); it != other_format.end()) {
      EXPECT_TRUE(want.success);
      EXPECT_EQ(line.result.reason, it->second) << run.parser->Describe(line.result);
    } else if (!want.success) {
      EXPECT_FALSE(line.result.ok()) << "CrowdSec rejects this line";
    } else if (log_type != want.meta.end() && log_type->second == "http_error-log") {
      EXPECT_EQ(line.result.reason, RejectReason::kUnrecognizedLine)
          << run.parser->Describe(line.result);
    } else {
      EXPECT_TRUE(line.result.ok()) << run.parser->Describe(line.result);
      if (line.result.ok()) {
        EXPECT_TRUE(MatchesCrowdsec(line.event, want.meta, want.timestamp));
      }
    }
  }
  EXPECT_EQ(index, truth.size()) << parser_assert << " covers more lines than the log has";
}

// Every access-log event of every alert in a hub test's scenario.assert is one of the lines
// we parsed (within an alert each event is a different line; alerts of different scenarios
// share lines). Returns how many events were checked.
size_t ExpectAlertEventsAmongParsedLines(const SampleRun& run, const std::string& scenario_assert) {
  size_t checked = 0;
  for (const auto& alert : testing::ReadCrowdsecAlerts(scenario_assert)) {
    std::vector<bool> used(run.lines.size(), false);
    for (const testing::CrowdsecEvent& meta : alert) {
      auto log_type = meta.find("log_type");
      if (log_type == meta.end() || log_type->second != "http_access-log") continue;
      ++checked;
      auto timestamp = meta.find("timestamp");
      std::string_view ts = timestamp == meta.end() ? std::string_view() : timestamp->second;
      bool found = false;
      for (size_t i = 0; i < run.lines.size() && !found; ++i) {
        if (used[i] || !run.lines[i].result.ok()) continue;
        if (MatchesCrowdsec(run.lines[i].event, meta, ts)) found = used[i] = true;
      }
      if (!found) {
        std::string description;
        for (const auto& [key, value] : meta) description += Cat({key, "=", value, " "});
        ADD_FAILURE() << "no parsed line matches alert event: " << description;
      }
    }
  }
  return checked;
}

std::string CriPayload(std::string_view cri_line) {
  // "<time> stdout F <payload>"
  size_t at = 0;
  for (int spaces = 0; spaces < 3; ++spaces) at = cri_line.find(' ', at) + 1;
  return std::string(cri_line.substr(at));
}

// --- The preset list itself -----------------------------------------------------------------

TEST(Presets, EveryBuiltInPresetLoadsAndBuildsAParser) {
  std::vector<std::string> names;
  for (std::string_view name : config::PresetNames()) {
    names.emplace_back(name);
    SCOPED_TRACE(name);
    auto parser = PresetParser(name);
    EXPECT_NE(parser, nullptr);
  }
  // Each of these has sample tests below; a new preset needs samples before it ships.
  EXPECT_THAT(names, UnorderedElementsAreArray({"aws-apigw", "caddy", "combined", "envoy",
                                                "gatewatch", "kong", "nginx-json", "traefik"}));
}

// --- envoy: Envoy Gateway and Istio default JSON -------------------------------------------

constexpr std::string_view kEnvoyInCri = "preset: envoy\nenvelope: [cri]\n";

TEST(EnvoyPreset, ReadsEnvoyGatewayJsonInsideCriLinesAsCrowdsecDoes) {
  auto parser = MapParser(kEnvoyInCri, {"authority", "response_code_details", "upstream_cluster"});
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("envoy-logs/envoy.log"));

  // Lines 4, 5, 9 and 10 are Envoy's default *text* format, which no preset reads.
  EXPECT_EQ(run.rejects, (Rejects{{"invalid_json", 4}}));
  ExpectAgreesWithCrowdsec(run, Hub("envoy-logs/parser.assert"),
                           {{4, RejectReason::kInvalidJson},
                            {5, RejectReason::kInvalidJson},
                            {9, RejectReason::kInvalidJson},
                            {10, RejectReason::kInvalidJson}});

  const AccessEvent& first = run.Event(1);
  EXPECT_EQ(first.ts(), Rfc3339("2025-12-31T16:37:40.479Z"));  // start_time, not the CRI time
  EXPECT_EQ(first.client_ip(), Ip("10.0.0.12"));               // downstream_remote_address
  EXPECT_EQ(first.method(), "GET");
  EXPECT_EQ(first.path(), "/assets/image.webp");
  EXPECT_EQ(first.route(), "httproute/app/app-www-example-com/rule/0/match/0/www_example_com");
  EXPECT_EQ(first.status(), 200);
  EXPECT_EQ(first.number(core::kFieldLatencyMs), 11);
  EXPECT_EQ(first.number(core::kFieldBytesOut), 121258);
  EXPECT_EQ(first.user_agent(),
            "Mozilla/4.0 (Windows NT 9.0; Win64; x64; rv:136.0) Gecko/20101 Firefox/136.0");
  EXPECT_EQ(run.Extra(1, "authority"), "www.example.com");
  EXPECT_EQ(run.Extra(1, "response_code_details"), "via_upstream");
  EXPECT_FALSE(first.has(*parser->FieldIndex("response_flags")));  // "-"
  // A redirect Envoy answered itself: upstream_cluster is null.
  EXPECT_FALSE(run.Event(2).has(*parser->FieldIndex("upstream_cluster")));
  EXPECT_EQ(run.Event(6).client_ip(), Ip("fd00:1234:5678::5a24"));  // "[v6]:port"
}

TEST(EnvoyPreset, ReadsTheSameJsonWithoutTheCriEnvelope) {
  auto with_envelope = MapParser(kEnvoyInCri);
  auto plain = PresetParser("envoy");
  ASSERT_NE(with_envelope, nullptr);
  ASSERT_NE(plain, nullptr);
  std::vector<std::string> cri =
      ReadLines(Hub("envoy-http-crawl-non_statics/"
                    "envoy-http-crawl-non_statics.log"));
  std::vector<std::string> payloads;
  for (const std::string& line : cri) payloads.push_back(CriPayload(line));
  SampleRun wrapped = ParseLines(with_envelope.get(), cri);
  SampleRun bare = ParseLines(plain.get(), payloads);
  ASSERT_EQ(bare.lines.size(), 41u);
  EXPECT_EQ(bare.rejects, Rejects{});
  for (size_t n = 1; n <= bare.lines.size(); ++n) {
    EXPECT_EQ(bare.Event(n).ts(), wrapped.Event(n).ts());
    EXPECT_EQ(bare.Event(n).path(), wrapped.Event(n).path());
  }
  // Without the envelope the CRI prefix is not JSON.
  EXPECT_EQ(ParseLines(plain.get(), cri).rejects, (Rejects{{"invalid_json", 41}}));
}

TEST(EnvoyPreset, ReadsCrawlerAndBadUserAgentSamplesBehindTheirAlerts) {
  auto parser = MapParser(kEnvoyInCri);
  ASSERT_NE(parser, nullptr);
  SampleRun crawl =
      ParseFile(parser.get(), Hub("envoy-http-crawl-non_statics/envoy-http-crawl-non_statics.log"));
  EXPECT_EQ(crawl.lines.size(), 41u);
  EXPECT_EQ(crawl.rejects, Rejects{});
  EXPECT_EQ(
      ExpectAlertEventsAmongParsedLines(crawl, Hub("envoy-http-crawl-non_statics/scenario.assert")),
      6u);
  for (const ParsedLine& line : crawl.lines) {
    EXPECT_EQ(line.event.client_ip(), Ip("10.0.0.13"));
    EXPECT_EQ(line.event.status(), 404);
  }
  EXPECT_EQ(crawl.Event(1).ts(), Rfc3339("2025-12-31T16:40:00.100Z"));
  EXPECT_EQ(crawl.Event(41).path(), "/page-41");

  SampleRun bad_ua =
      ParseFile(parser.get(), Hub("envoy-http-bad-user-agent/envoy-http-bad-user-agent.log"));
  EXPECT_EQ(bad_ua.rejects, Rejects{});
  EXPECT_EQ(
      ExpectAlertEventsAmongParsedLines(bad_ua, Hub("envoy-http-bad-user-agent/scenario.assert")),
      2u);
  EXPECT_EQ(bad_ua.Event(1).user_agent(), "Mozilla/5.0 zgrab/0.x");
}

TEST(EnvoyPreset, BelievesXForwardedForOnlyFromTrustedPeers) {
  std::vector<std::string> lines = ReadLines(Hub("envoy-logs/envoy.log"));
  // Line 7: peer 10.42.0.1, x-forwarded-for "192.168.1.100, 10.42.0.1".
  // Line 8: peer [fd00:1234:5678::1]:54321, x-forwarded-for
  //         "fd00:1234:5678::5a24, [fd00:1234:5678::1]:54321".
  auto untrusted = MapParser(kEnvoyInCri);
  ASSERT_NE(untrusted, nullptr);
  SampleRun as_shipped = ParseLines(untrusted.get(), lines);
  EXPECT_EQ(as_shipped.Event(7).client_ip(), Ip("10.42.0.1"));
  EXPECT_EQ(as_shipped.Event(8).client_ip(), Ip("fd00:1234:5678::1"));

  auto trusted = MapParser(std::string(kEnvoyInCri) +
                           "trusted_proxies: [10.42.0.0/16, fd00:1234:5678::1/128]\n");
  ASSERT_NE(trusted, nullptr);
  SampleRun behind_proxy = ParseLines(trusted.get(), lines);
  EXPECT_EQ(behind_proxy.Event(7).client_ip(), Ip("192.168.1.100"));
  EXPECT_EQ(behind_proxy.Event(8).client_ip(), Ip("fd00:1234:5678::5a24"));
  // A peer that is not trusted keeps its own address whatever its header says.
  EXPECT_EQ(behind_proxy.Event(1).client_ip(), Ip("10.0.0.12"));
}

TEST(EnvoyPreset, ReadsIstioDefaultJsonAccessLog) {
  auto parser = PresetParser("envoy", {"authority", "response_flags", "response_code_details",
                                       "request_id", "upstream_cluster"});
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Fixture("istio/default-json.jsonl"));
  EXPECT_EQ(run.rejects, Rejects{});

  const AccessEvent& ok = run.Event(1);
  EXPECT_EQ(ok.ts(), Rfc3339("2024-05-02T10:11:12.345Z"));
  EXPECT_EQ(ok.client_ip(), Ip("10.244.1.7"));  // the ingress gateway: not trusted here
  EXPECT_EQ(ok.method(), "GET");
  EXPECT_EQ(ok.path(), "/productpage?u=normal");
  EXPECT_EQ(ok.route(), "default");
  EXPECT_EQ(ok.status(), 200);
  EXPECT_EQ(ok.number(core::kFieldLatencyMs), 27);
  EXPECT_EQ(ok.number(core::kFieldBytesOut), 5289);
  EXPECT_EQ(ok.user_agent(),
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/17.4 Safari/605.1.15");
  EXPECT_EQ(run.Extra(1, "authority"), "bookinfo.example.com");
  EXPECT_EQ(run.Extra(1, "request_id"), "3e1a9d52-5b7f-4c0e-9a0d-6f2c8b1e4d77");
  EXPECT_EQ(run.Extra(1, "upstream_cluster"), "inbound|9080||");

  const AccessEvent& denied = run.Event(2);
  EXPECT_EQ(denied.status(), 403);
  EXPECT_EQ(denied.method(), "POST");
  EXPECT_FALSE(denied.has(core::kFieldRoute));  // route_name null
  EXPECT_EQ(run.Extra(2, "response_flags"), "UAEX");
  EXPECT_EQ(run.Extra(2, "response_code_details"), "ext_authz_denied");

  auto behind_gateway = MapParser("preset: envoy\ntrusted_proxies: [10.0.0.0/8]\n");
  ASSERT_NE(behind_gateway, nullptr);
  SampleRun trusted = ParseFile(behind_gateway.get(), Fixture("istio/default-json.jsonl"));
  EXPECT_EQ(trusted.Event(1).client_ip(), Ip("203.0.113.9"));
  EXPECT_EQ(trusted.Event(2).client_ip(), Ip("198.51.100.77"));  // right-most untrusted hop
}

// --- traefik ---------------------------------------------------------------------------------

TEST(TraefikPreset, ReadsTraefikJsonAsCrowdsecDoes) {
  auto parser = PresetParser("traefik", {"host", "origin_status", "entry_point"});
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("traefik_json/traefik_json.log"));

  // Line 6 is a bouncer plugin's debug message in the same stream.
  EXPECT_EQ(run.rejects, (Rejects{{"invalid_json", 1}}));
  ExpectAgreesWithCrowdsec(run, Hub("traefik_json/parser.assert"));

  const AccessEvent& first = run.Event(1);
  EXPECT_EQ(first.ts(), Rfc3339("2021-12-08T14:02:43.587782192Z"));  // StartUTC, to the ns
  EXPECT_EQ(first.client_ip(), Ip("172.17.0.1"));
  EXPECT_FALSE(first.has(core::kFieldUser));  // ClientUsername "-"
  EXPECT_EQ(first.route(), "test@docker");
  EXPECT_DOUBLE_EQ(first.number(core::kFieldLatencyMs), 0.357313);  // Duration in ns
  EXPECT_EQ(first.number(core::kFieldBytesOut), 357);
  EXPECT_EQ(first.user_agent(), "Nikto");
  EXPECT_EQ(run.Extra(1, "host"), "test.docker.localhost");
  EXPECT_EQ(run.Extra(1, "entry_point"), "http");
  // Traefik answered itself (no router matched): OriginStatus 0, DownstreamStatus 404.
  EXPECT_EQ(run.Event(5).status(), 404);
  EXPECT_EQ(run.Extra(5, "origin_status"), "0");
  EXPECT_EQ(run.Event(5).ts(), Rfc3339("2026-01-14T09:45:33.759014877Z"));
}

TEST(TraefikPreset, TakesTheRightMostUntrustedHopOfClientHost) {
  // Line 7: ClientAddr 172.71.122.85:11029 (a CDN edge Traefik trusts), ClientHost
  // "192.168.1.100,10.0.0.50" (Traefik copies X-Forwarded-For there).
  std::vector<std::string> lines = ReadLines(Hub("traefik_json/traefik_json.log"));
  auto parser = PresetParser("traefik");
  ASSERT_NE(parser, nullptr);
  EXPECT_EQ(ParseLines(parser.get(), lines).Event(7).client_ip(), Ip("10.0.0.50"));

  auto trusting = MapParser("preset: traefik\ntrusted_proxies: [10.0.0.0/8]\n");
  ASSERT_NE(trusting, nullptr);
  SampleRun run = ParseLines(trusting.get(), lines);
  EXPECT_EQ(run.Event(7).client_ip(), Ip("192.168.1.100"));
  EXPECT_EQ(run.Event(1).client_ip(), Ip("172.17.0.1"));  // no X-Forwarded-For: the peer
}

TEST(TraefikPreset, ReadsNiktoScanFromTraefikJson) {
  auto parser = PresetParser("traefik");
  ASSERT_NE(parser, nullptr);
  SampleRun run =
      ParseFile(parser.get(), Hub("traefik_base-http-scenario/traefik_base-http-scenario.log"));
  EXPECT_EQ(run.lines.size(), 80u);
  EXPECT_EQ(run.rejects, Rejects{});
  EXPECT_EQ(
      ExpectAlertEventsAmongParsedLines(run, Hub("traefik_base-http-scenario/scenario.assert")),
      18u);
  std::map<int, int> statuses;
  for (const ParsedLine& line : run.lines) {
    ++statuses[line.event.status()];
    EXPECT_EQ(line.event.client_ip(), Ip("172.17.0.1"));
    EXPECT_EQ(line.event.user_agent(), "Nikto");
  }
  EXPECT_EQ(statuses, (std::map<int, int>{{400, 1}, {404, 79}}));
  EXPECT_EQ(run.Event(1).ts(), Rfc3339("2021-12-08T14:02:43.464763557Z"));
  EXPECT_EQ(run.Event(1).path(), "/594VAEoi.dtd");
  EXPECT_EQ(run.Event(1).status(), 404);
  EXPECT_DOUBLE_EQ(run.Event(1).number(core::kFieldLatencyMs), 0.215563);
}

TEST(TraefikPreset, ReadsTraefikCommonLogFormatWithTheCombinedPreset) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("traefik_clf/traefik_clf.log"));
  EXPECT_EQ(run.rejects, (Rejects{{"empty_line", 2}}));
  ExpectAgreesWithCrowdsec(run, Hub("traefik_clf/parser.assert"));
  // Traefik's trailing fields (request count, router, backend URL, duration) are ignored.
  EXPECT_EQ(run.Event(3).user_agent(), "Nikto");
  EXPECT_EQ(run.Event(3).number(core::kFieldBytesOut), 352);
  EXPECT_FALSE(run.Event(5).has(core::kFieldStatus));  // "- -": Traefik logged no status
}

TEST(TraefikPreset, RejectsTraefiksOwnDebugLog) {
  auto parser = PresetParser("traefik");
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("tcpudp-flood-traefik/tcpudp-flood-traefik.log"));
  EXPECT_EQ(run.rejects, (Rejects{{"invalid_json", 1226}}));
}

// --- caddy -----------------------------------------------------------------------------------

TEST(CaddyPreset, ReadsCaddyAccessLogAsCrowdsecDoes) {
  auto parser = PresetParser("caddy", {"host"});
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("caddy-logs/caddy-logs.log"));
  // Line 11 is the reverse_proxy handler's debug message ("selected upstream"): no request.
  EXPECT_EQ(run.rejects, (Rejects{{"empty_line", 1}, {"missing_client_ip", 1}}));
  EXPECT_EQ(run.Line(11).result.reason, RejectReason::kMissingClientIp);
  ExpectAgreesWithCrowdsec(run, Hub("caddy-logs/parser.assert"));

  const AccessEvent& first = run.Event(1);
  EXPECT_EQ(first.ts(), 1693840791756499500);     // ts 1693840791.7564995 (epoch seconds)
  EXPECT_EQ(first.client_ip(), Ip("127.0.0.1"));  // request.client_ip, not remote_ip 172.17.0.1
  EXPECT_EQ(first.status(), 0);                   // "status":0 as written (CrowdSec reads 0 too)
  EXPECT_DOUBLE_EQ(first.number(core::kFieldLatencyMs), 0.002701);  // duration in seconds
  EXPECT_EQ(first.user_agent(), "curl/7.74.0");                     // first of the header list
  EXPECT_EQ(run.Extra(1, "host"), "127.0.0.1:8080");
  EXPECT_EQ(run.Event(4).client_ip(), Ip("172.17.0.1"));
  EXPECT_EQ(run.Event(10).user(), "Bob");  // user_id after basic auth
  EXPECT_EQ(run.Event(10).number(core::kFieldBytesOut), 18630);
}

TEST(CaddyPreset, ReadsBasicAuthFailuresWithTheirChallenge) {
  auto parser = PresetParser("caddy", {"www_authenticate"});
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("caddy-basic-auth-bf/caddy-logs.log"));
  EXPECT_EQ(run.rejects, Rejects{});
  EXPECT_EQ(ExpectAlertEventsAmongParsedLines(run, Hub("caddy-basic-auth-bf/scenario.assert")), 6u);
  for (const ParsedLine& line : run.lines) {
    EXPECT_EQ(line.event.status(), 401);
    EXPECT_EQ(line.event.user(), "");  // user_id "" before authentication
    EXPECT_EQ(run.Extra(line.line_no, "www_authenticate"), "Basic realm=\"restricted\"");
  }
}

// --- aws-apigw -------------------------------------------------------------------------------

TEST(AwsApigwPreset, ReadsRestHttpApiAndWebsocketSamples) {
  struct Want {
    const char* file;
    size_t line;
    const char* ts;
    int status;
    const char* method;  // "" = none
    const char* route;
    const char* path;  // "" = none
  };
  const Want wants[] = {
      {"test-apigateway-rest.log", 1, "2023-06-10T15:36:28Z", 200, "GET", "/pets", "/pets"},
      {"test-apigateway-rest.log", 2, "2023-07-19T16:15:46Z", 200, "GET", "/pets/{petId}",
       "/pets/{petId}"},
      {"test-apigateway-rest.log", 3, "2023-07-19T16:15:44Z", 200, "GET", "/pets/{petId}",
       "/pets/{petId}"},
      {"test-apigateway-rest.log", 4, "2023-07-26T12:07:03Z", 200, "GET", "/pets/{petId}",
       "/pets/{petId}"},
      {"test-apigateway-rest.log", 5, "2023-07-26T12:06:57Z", 200, "GET", "/", "/"},
      {"test-apigateway-websocket.log", 1, "2023-07-25T16:26:02Z", 500, "", "$connect", ""},
      {"test-apigateway-websocket.log", 2, "2023-07-19T16:17:17Z", 403, "", "", ""},
      {"test-apigateway-websocket.log", 3, "2023-07-26T12:20:46Z", 500, "", "$connect", ""},
      {"test-apigateway-websocket.log", 4, "2023-07-26T12:20:44Z", 500, "", "$connect", ""},
      // HTTP API: the route key is "GET /"; the path is its second half.
      {"test-apigateway.log", 1, "2023-06-09T12:54:08Z", 200, "GET", "GET /", "/"},
      {"test-apigateway.log", 2, "2023-06-10T15:36:28Z", 200, "GET", "/pets", "/pets"},
  };
  auto parser = PresetParser("aws-apigw", {"event_type", "request_id"});
  ASSERT_NE(parser, nullptr);
  std::map<std::string, SampleRun> runs;
  for (const char* file :
       {"test-apigateway-rest.log", "test-apigateway-websocket.log", "test-apigateway.log"}) {
    runs[file] =
        ParseFile(parser.get(), Shared(std::string("elastic-integrations-aws-apigateway/") + file));
    EXPECT_EQ(runs[file].rejects, Rejects{}) << file;
  }
  EXPECT_EQ(runs["test-apigateway-rest.log"].lines.size() +
                runs["test-apigateway-websocket.log"].lines.size() +
                runs["test-apigateway.log"].lines.size(),
            std::size(wants));
  for (const Want& want : wants) {
    SCOPED_TRACE(std::string(want.file) + ":" + std::to_string(want.line));
    const SampleRun& run = runs[want.file];
    const AccessEvent& e = run.Event(want.line);
    EXPECT_EQ(e.ts(), Rfc3339(want.ts));
    EXPECT_EQ(e.client_ip(), Ip("1.128.0.0"));
    EXPECT_EQ(e.status(), want.status);
    EXPECT_EQ(e.method(), want.method);
    EXPECT_EQ(e.has(core::kFieldMethod), *want.method != '\0');
    EXPECT_EQ(e.route(), want.route);
    EXPECT_EQ(e.path(), want.path);
    EXPECT_EQ(e.has(core::kFieldPath), *want.path != '\0');
    EXPECT_FALSE(e.has(core::kFieldUser));  // caller and user are "-"
  }
  EXPECT_EQ(runs["test-apigateway-rest.log"].Event(1).number(core::kFieldBytesOut), 184);
  EXPECT_EQ(runs["test-apigateway-websocket.log"].Extra(1, "event_type"), "CONNECT");
  EXPECT_EQ(runs["test-apigateway.log"].Extra(1, "request_id"), "GQIVriFLIAMEMsA=");
}

// --- kong ------------------------------------------------------------------------------------

TEST(KongPreset, ReadsAuthenticatedAndRejectedRequests) {
  auto parser =
      PresetParser("kong", {"consumer_id", "source", "upstream_status", "service", "host"});
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Fixture("kong/file-log.jsonl"));
  EXPECT_EQ(run.rejects, Rejects{});
  ASSERT_EQ(run.lines.size(), 4u);

  const AccessEvent& ok = run.Event(1);
  EXPECT_EQ(ok.ts(), 1718012188118 * 1'000'000);  // started_at, epoch ms
  EXPECT_EQ(ok.client_ip(), Ip("198.51.100.24"));
  EXPECT_EQ(ok.user(), "alice");
  EXPECT_EQ(ok.api_key(), "a1b2c3d4-e5f6-4711-8899-aabbccddeeff");  // the credential's id
  EXPECT_EQ(ok.method(), "GET");
  EXPECT_EQ(ok.path(), "/orders?limit=10");
  EXPECT_EQ(ok.route(), "orders-route");
  EXPECT_EQ(ok.status(), 200);
  EXPECT_EQ(ok.number(core::kFieldLatencyMs), 44);
  EXPECT_EQ(ok.number(core::kFieldBytesOut), 1843);
  EXPECT_EQ(ok.user_agent(), "orders-client/2.4.1");
  EXPECT_EQ(run.Extra(1, "consumer_id"), "f4e3d2c1-b0a9-4877-8665-544332211000");
  EXPECT_EQ(run.Extra(1, "source"), "upstream");
  EXPECT_EQ(run.Extra(1, "service"), "orders");
  EXPECT_EQ(run.Extra(1, "host"), "api.example.com");

  const AccessEvent& unauthenticated = run.Event(2);
  EXPECT_EQ(unauthenticated.status(), 401);
  EXPECT_EQ(unauthenticated.client_ip(), Ip("203.0.113.77"));
  EXPECT_EQ(unauthenticated.method(), "POST");
  EXPECT_FALSE(unauthenticated.has(core::kFieldUser));    // no consumer
  EXPECT_FALSE(unauthenticated.has(core::kFieldApiKey));  // no authenticated_entity
  EXPECT_FALSE(unauthenticated.has(*parser->FieldIndex("consumer_id")));
  EXPECT_EQ(run.Extra(2, "source"), "kong");
  EXPECT_EQ(run.Extra(2, "upstream_status"), "");  // Kong writes "" when nothing was proxied

  EXPECT_EQ(run.Event(3).status(), 403);  // acl: authenticated, then denied
  EXPECT_EQ(run.Event(3).user(), "bob");
  EXPECT_EQ(run.Event(3).route(), "admin-route");

  const AccessEvent& limited = run.Event(4);
  EXPECT_EQ(limited.status(), 429);
  EXPECT_EQ(limited.user(), "alice");
  EXPECT_EQ(limited.client_ip(), Ip("2001:db8:7::15"));
  EXPECT_DOUBLE_EQ(limited.number(core::kFieldLatencyMs), 1.5);
  EXPECT_EQ(limited.ts(), 1718012201002 * 1'000'000);
}

// --- nginx-json ------------------------------------------------------------------------------

TEST(NginxJsonPreset, ReadsTimeIso8601AndMsecVariants) {
  auto parser = PresetParser("nginx-json", {"referer", "host", "request_id", "upstream_status"});
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Fixture("nginx-json/escape-json.jsonl"));
  EXPECT_EQ(run.rejects, Rejects{});

  const AccessEvent& iso = run.Event(1);
  EXPECT_EQ(iso.ts(), Rfc3339("2024-03-01T11:34:56Z"));  // +01:00 in the log
  EXPECT_EQ(iso.client_ip(), Ip("198.51.100.23"));
  EXPECT_EQ(iso.user(), "");  // escape=json writes "" for an unset $remote_user
  EXPECT_EQ(iso.method(), "GET");
  EXPECT_EQ(iso.path(), "/api/v1/items?page=2");
  EXPECT_EQ(iso.status(), 200);
  EXPECT_DOUBLE_EQ(iso.number(core::kFieldLatencyMs), 45);  // $request_time in seconds
  EXPECT_EQ(iso.number(core::kFieldBytesOut), 512);
  EXPECT_EQ(run.Extra(1, "host"), "api.example.com");
  EXPECT_EQ(run.Extra(1, "request_id"), "5f2b8e0c9d1a4b7e8f3c2d1e0a9b8c7d");

  const AccessEvent& msec = run.Event(2);
  EXPECT_EQ(msec.ts(), 1709296496789000000);  // "$msec" 1709296496.789
  EXPECT_EQ(msec.user(), "bob");
  EXPECT_EQ(msec.status(), 401);  // unquoted $status
  EXPECT_DOUBLE_EQ(msec.number(core::kFieldLatencyMs), 3);
  EXPECT_EQ(msec.user_agent(), "python-requests/2.31.0 \"bot\"");
  EXPECT_EQ(run.Extra(2, "referer"), "https://www.example.com/login");
  EXPECT_EQ(run.Extra(2, "upstream_status"), "502, 401");
}

TEST(NginxJsonPreset, SplitsTheRequestLineWhenMethodAndUriAreNotLogged) {
  auto parser = PresetParser("nginx-json");
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Fixture("nginx-json/escape-json.jsonl"));
  EXPECT_EQ(run.Event(2).method(), "POST");
  EXPECT_EQ(run.Event(2).path(), "/login?next=%2Fhome");

  SampleRun elastic = ParseFile(parser.get(), Fixture("nginx-json/elastic-example.jsonl"));
  EXPECT_EQ(elastic.rejects, Rejects{});
  const AccessEvent& e = elastic.Event(1);
  EXPECT_EQ(e.ts(), Rfc3339("2015-05-17T08:05:32Z"));  // "time" in CLF
  EXPECT_EQ(e.client_ip(), Ip("93.180.71.3"));         // "remote_ip"
  EXPECT_FALSE(e.has(core::kFieldUser));               // "-"
  EXPECT_EQ(e.method(), "GET");
  EXPECT_EQ(e.path(), "/downloads/product_1");
  EXPECT_EQ(e.status(), 304);  // "response"
  EXPECT_EQ(e.number(core::kFieldBytesOut), 0);
  EXPECT_EQ(e.user_agent(), "Debian APT-HTTP/1.3 (0.8.16~exp12ubuntu10.21)");
}

TEST(NginxJsonPreset, TakesTheRightMostUntrustedForwardedForAddress) {
  auto parser = MapParser("preset: nginx-json\ntrusted_proxies: [10.0.0.0/8]\n");
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Fixture("nginx-json/behind-proxy.jsonl"));
  EXPECT_EQ(run.rejects, Rejects{});
  // "192.0.2.66, 203.0.113.7, 10.0.3.4" via 10.0.0.5: the client wrote 192.0.2.66 itself.
  EXPECT_EQ(run.Event(1).client_ip(), Ip("203.0.113.7"));
  EXPECT_EQ(run.Event(1).ts(), 1709296500250000000);  // $msec as a JSON number
  // An untrusted peer's own X-Forwarded-For is never believed.
  EXPECT_EQ(run.Event(2).client_ip(), Ip("198.51.100.99"));
  // A trusted peer that forwards no header is the client (a health check).
  EXPECT_EQ(run.Event(3).client_ip(), Ip("10.0.0.6"));

  auto as_shipped = PresetParser("nginx-json");
  ASSERT_NE(as_shipped, nullptr);
  SampleRun untrusted = ParseFile(as_shipped.get(), Fixture("nginx-json/behind-proxy.jsonl"));
  EXPECT_EQ(untrusted.Event(1).client_ip(), Ip("10.0.0.5"));
}

// --- combined: NGINX / Apache text logs ----------------------------------------------------

TEST(CombinedPreset, ReadsApacheLogsAsCrowdsecDoes) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("apache2-logs/apache2-logs.log"));
  // Lines 8-9 are Apache error-log lines; lines 4 and 7 are vhost_combined ("%v:%p %h ...").
  EXPECT_EQ(run.rejects, (Rejects{{"unrecognized_line", 2}}));
  ExpectAgreesWithCrowdsec(run, Hub("apache2-logs/parser.assert"));
  EXPECT_EQ(run.Event(7).client_ip(), Ip("1.2.3.4"));
  EXPECT_EQ(run.Event(1).ts(), Rfc3339("2020-06-08T06:49:01Z"));
  EXPECT_FALSE(run.Event(1).has(core::kFieldUserAgent));          // "-"
  EXPECT_EQ(run.Event(6).ts(), Rfc3339("2021-03-05T08:01:38Z"));  // +0100
  EXPECT_FALSE(run.Event(6).has(core::kFieldUserAgent));  // common format: no referer, no UA
  EXPECT_EQ(run.Event(6).number(core::kFieldBytesOut), 1513);
}

TEST(CombinedPreset, ReadsNginxLogsAsCrowdsecDoes) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("nginx_http-logs/nginx_http-logs.log"));
  // Line 9 is an NGINX error-log line; lines 4-6 carry a "$host " prefix (vhost_combined).
  EXPECT_EQ(run.rejects, (Rejects{{"unrecognized_line", 1}}));
  ExpectAgreesWithCrowdsec(run, Hub("nginx_http-logs/parser.assert"));
  EXPECT_EQ(run.Event(4).client_ip(), Ip("192.168.1.1"));
  EXPECT_EQ(run.Event(7).user(), "user123");
  EXPECT_EQ(run.Event(8).path(), "/api/test");  // no ident column

  SampleRun nextcloud = ParseFile(parser.get(), Hub("nextcloud-whitelist/nextcloud-whitelist.log"));
  EXPECT_EQ(nextcloud.rejects, (Rejects{{"empty_line", 1}}));
  ExpectAgreesWithCrowdsec(nextcloud, Hub("nextcloud-whitelist/parser.assert"));
}

TEST(CombinedPreset, KeepsRequestsWhoseRequestLineIsNotHttp) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  for (const char* test :
       {"apache2-malformed/apache2-logs.log", "nginx-http-malformed/nginx_http-logs.log",
        "nginx-proxy-manager-malformed/nginx_http-logs.log"}) {
    SCOPED_TRACE(test);
    std::string dir = std::string(test).substr(0, std::string(test).find('/'));
    SampleRun run = ParseFile(parser.get(), Hub(test));
    EXPECT_EQ(run.rejects, Rejects{});
    ExpectAgreesWithCrowdsec(run, Hub(dir + "/parser.assert"));
    EXPECT_EQ(ExpectAlertEventsAmongParsedLines(run, Hub(dir + "/scenario.assert")), 11u);
  }
}

TEST(CombinedPreset, RejectsNginxErrorLogLinesAsUnrecognized) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  SampleRun limit = ParseFile(parser.get(), Hub("nginx_req_limit_exceeded/"
                                                "nginx_req_limit_exceeded.log"));
  EXPECT_EQ(limit.rejects, (Rejects{{"unrecognized_line", 9}}));
  ExpectAgreesWithCrowdsec(limit, Hub("nginx_req_limit_exceeded/parser.assert"));

  // 16 auth-failure error lines ("user ... was not found"), then 6 access-log 401s.
  SampleRun bf = ParseFile(parser.get(), Hub("nginx-http-generic-bf/nginx-http-generic-bf.log"));
  EXPECT_EQ(bf.rejects, (Rejects{{"unrecognized_line", 16}}));
  EXPECT_EQ(ExpectAlertEventsAmongParsedLines(bf, Hub("nginx-http-generic-bf/scenario.assert")),
            6u);
}

TEST(CombinedPreset, ReadsEveryAccessLineBehindCrowdsecHttpAlerts) {
  struct Sample {
    const char* dir;
    const char* log;
    Rejects rejects;
    size_t events;  // access-log events in the test's alerts
  };
  const Sample samples[] = {
      {"apache-http-probing", "apache-http-probing.log", {}, 11},
      {"apache2-http-sensitive-files", "apache2-http-sensitive-files.log", {}, 5},
      {"http-admin-interface-probing", "http-admin-interface-probing.log", {}, 3},
      {"http-cve-probing", "http-cve-probing.log", {}, 1},
      {"http-dos-bypass-cache", "http_dos_bypass_cache.log", {}, 44},
      {"http-dos-invalid-http-versions", "http-dos-invalid-http-versions.log", {}, 2},
      {"http-dos-random-uri", "http_dos_random_uri.log", {}, 31},
      {"http-dos-switching-ua", "http-dos-switching-ua.log", {}, 11},
      {"http-generic-test", "http-generic-test.log", {}, 1},
      {"http-technology-probing", "http-technology-probing.log", {{"empty_line", 1}}, 2},
      {"http-wordpress-scan", "http-wordpress-scan.log", {}, 8},
      {"http-wordpress_user-enum", "http-wordpress_user-enum.log", {}, 6},
      {"ipv6-postoverflow", "ipv6-postoverflow.log", {}, 2},
      {"litespeed-http-sensitive-files", "litespeed-http-sensitive-files.log", {}, 5},
      {"nginx-bad-user-agent", "nginx-bad-user-agent.log", {}, 2},
      {"nginx-http-backdoor", "nginx-http-backdoor.log", {}, 2},
      {"nginx-http-open-proxy", "nginx-http-open-proxy.log", {}, 2},
      {"nginx-http-path-traversal", "nginx-http-path-traversal.log", {}, 4},
      {"nginx-http-sensitive-files", "nginx-http-sensitive-files.log", {}, 5},
      {"nginx-http-sqli-probing", "nginx-http-sqli-probing.log", {}, 11},
      {"nginx-http-xss-probing", "nginx-http-xss-probing.log", {}, 6},
      {"sap-probing", "sap-probing.log", {}, 2},
  };
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  for (const Sample& sample : samples) {
    SCOPED_TRACE(sample.dir);
    SampleRun run = ParseFile(parser.get(), Hub(std::string(sample.dir) + "/" + sample.log));
    EXPECT_EQ(run.rejects, sample.rejects);
    EXPECT_EQ(
        ExpectAlertEventsAmongParsedLines(run, Hub(std::string(sample.dir) + "/scenario.assert")),
        sample.events);
  }
}

TEST(CombinedPreset, ReadsIpv6ClientAddresses) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Hub("ipv6-postoverflow/ipv6-postoverflow.log"));
  EXPECT_EQ(run.Event(1).client_ip(), Ip("2001:db8:85a3::8a2e:370:7334"));
  EXPECT_EQ(run.Event(1).method(), "HEAD");
  EXPECT_EQ(run.Event(1).ts(), Rfc3339("2021-09-29T12:11:34Z"));
}

TEST(CombinedPreset, RejectsSyslogWrappedAndBunkerWebLines) {
  // "Sep 15 16:13:46 host nginx[2869]: 81.150.104.130 - - [...]": no syslog envelope exists,
  // so the syslog header lands where the client address goes.
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  EXPECT_EQ(ParseFile(parser.get(), Hub("http-bf-wordpress-bf/http-bf-wordpress-bf.log")).rejects,
            (Rejects{{"bad_client_ip", 9}, {"empty_line", 1}}));
  EXPECT_EQ(
      ParseFile(parser.get(), Hub("http-wordpress_wpconfig/http-wordpress_wpconfig.log")).rejects,
      (Rejects{{"bad_client_ip", 14}, {"empty_line", 1}}));
  // BunkerWeb's "$host $remote_addr - $request_id - [...]".
  EXPECT_EQ(ParseFile(parser.get(), Hub("bunkerweb-logs/bunkerweb-logs.log")).rejects,
            (Rejects{{"bad_client_ip", 5}}));
}

// fail2ban's test suite runs in Europe/Zurich; its failJSON times are local wall-clock times.
std::string ZurichTime(core::TimestampNs ts) {
  auto days_from_civil = [](int y, unsigned m, unsigned d) {  // H. Hinnant's algorithm
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
  };
  // Summer time: from 01:00 UTC on the last Sunday of March to the last Sunday of October.
  auto last_sunday_1am = [&](int year, unsigned month) {
    int last = days_from_civil(year, month, 31);
    int weekday = ((last + 4) % 7 + 7) % 7;  // 0 = Sunday; 1970-01-01 was a Thursday
    return (static_cast<core::TimestampNs>(last - weekday) * 86400 + 3600) * kSecond;
  };
  int year = std::stoi(core::FormatRfc3339(ts).substr(0, 4));
  bool summer = ts >= last_sunday_1am(year, 3) && ts < last_sunday_1am(year, 10);
  return core::FormatRfc3339(ts + (summer ? 2 : 1) * 3600 * kSecond).substr(0, 19);
}

TEST(CombinedPreset, AttributesFail2banAccessLogSamplesToTheirHost) {
  struct Sample {
    const char* file;
    size_t samples;
    Rejects rejects;
  };
  const Sample samples[] = {
      {"apache-badbots", 4, {}},  // one of them vhost_combined
      // Two lines in a custom "%h %l %u - [%t ] %v ..." format; one vhost_combined line.
      {"apache-fakegooglebot", 3, {{"unrecognized_line", 2}}},
      {"apache-pass", 1, {{"unrecognized_line", 1}}},  // [27/Jun/2013:11:55:44]: no zone
      {"nginx-bad-request", 8, {}},
      {"nginx-botsearch", 14, {{"unrecognized_line", 6}}},  // error log, 2 of them via journald
      {"php-url-fopen", 1, {}},
      {"traefik-auth", 6, {}},
      {"openhab", 4, {{"unrecognized_line", 4}}},  // Jetty's localised months: [02/sept./2015:...]
  };
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  size_t hosts_checked = 0;
  for (const Sample& sample : samples) {
    SCOPED_TRACE(sample.file);
    std::vector<testing::Fail2banSample> annotated =
        testing::ReadFail2banSamples(Shared(std::string("fail2ban/logs/") + sample.file));
    ASSERT_EQ(annotated.size(), sample.samples);
    std::vector<std::string> lines;
    for (const auto& a : annotated) lines.push_back(a.line);
    SampleRun run = ParseLines(parser.get(), lines);
    EXPECT_EQ(run.rejects, sample.rejects);
    for (size_t i = 0; i < annotated.size(); ++i) {
      const ParsedLine& line = run.lines[i];
      if (!line.result.ok() || annotated[i].host.empty()) continue;
      SCOPED_TRACE(Cat({"line ", std::to_string(annotated[i].line_no)}));
      EXPECT_EQ(line.event.client_ip(), Ip(annotated[i].host));
      if (!annotated[i].time.empty()) {
        EXPECT_EQ(ZurichTime(line.event.ts()), annotated[i].time);
      }
      ++hosts_checked;
    }
  }
  EXPECT_EQ(hosts_checked, 25u);
}

TEST(CombinedPreset, ReadsTraefikAuthFailuresWithTheirUser) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  std::vector<std::string> lines;
  for (const auto& a : testing::ReadFail2banSamples(Shared("fail2ban/logs/traefik-auth"))) {
    lines.push_back(a.line);
  }
  SampleRun run = ParseLines(parser.get(), lines);
  EXPECT_FALSE(run.Event(1).has(core::kFieldUser));
  EXPECT_EQ(run.Event(2).user(), "username");
  EXPECT_EQ(run.Event(2).status(), 401);
  EXPECT_EQ(run.Event(4).method(), "TRACE");
}

// The Elastic sample's line 8899 ends inside its user agent (the file was cut there).
constexpr size_t kElasticTruncatedLine = 8899;

TEST(CombinedPreset, ReadsElasticApacheSampleApartFromItsTruncatedLine) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  std::vector<std::string> lines = ReadLines(Shared("elastic-examples-apache-logs/apache_logs"));
  ASSERT_EQ(lines.size(), 10000u);
  lines.erase(lines.begin() + (kElasticTruncatedLine - 1));
  SampleRun run = ParseLines(parser.get(), lines);
  EXPECT_EQ(run.rejects, Rejects{});

  std::map<int, int> statuses;
  std::map<std::string, int> by_ip;
  std::map<std::string, int> not_found_by_ip;
  std::set<std::string> paths_404_from_chef;
  int in_minute_05 = 0, from_75_97_9_59_at_0805 = 0;
  const core::TimestampNs may18_0805 = Rfc3339("2015-05-18T08:05:00Z");
  for (const ParsedLine& line : run.lines) {
    const AccessEvent& e = line.event;
    ++statuses[e.status()];
    ++by_ip[e.client_ip().ToString()];
    if (e.status() == 404) ++not_found_by_ip[e.client_ip().ToString()];
    if (e.client_ip() == Ip("208.91.156.11") && e.status() == 404) {
      paths_404_from_chef.insert(std::string(e.path()));
    }
    if (e.ts() / (60 * kSecond) % 60 == 5) ++in_minute_05;
    if (e.client_ip() == Ip("75.97.9.59") && e.ts() >= may18_0805 &&
        e.ts() < may18_0805 + 60 * kSecond) {
      ++from_75_97_9_59_at_0805;
    }
  }
  // The README's counts, less the truncated line (a 200).
  EXPECT_EQ(statuses, (std::map<int, int>{{200, 9125},
                                          {206, 45},
                                          {301, 164},
                                          {304, 445},
                                          {403, 2},
                                          {404, 213},
                                          {416, 2},
                                          {500, 3}}));
  EXPECT_EQ(by_ip["66.249.73.135"], 482);
  EXPECT_EQ(by_ip["46.105.14.53"], 364);
  EXPECT_EQ(by_ip["130.237.218.86"], 357);
  EXPECT_EQ(not_found_by_ip["208.91.156.11"], 60);  // a Chef client, always the same jar
  EXPECT_EQ(not_found_by_ip["144.76.95.39"], 14);
  EXPECT_THAT(paths_404_from_chef, ElementsAre("/files/logstash/logstash-1.3.2-monolithic.jar"));
  EXPECT_EQ(in_minute_05, 9999);
  EXPECT_EQ(from_75_97_9_59_at_0805, 108);
}

// Writes `text` as a JSON string literal.
std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

TEST(NginxJsonPreset, ReadsTheElasticApacheSampleRewrittenAsNginxJson) {
  // Each combined line rewritten with the keys of Elastic's nginx_json_logs example must give
  // the same event through nginx-json as through combined.
  auto combined = PresetParser("combined", {"request", "referer"});
  auto json = PresetParser("nginx-json");
  ASSERT_NE(combined, nullptr);
  ASSERT_NE(json, nullptr);
  std::vector<std::string> lines = ReadLines(Shared("elastic-examples-apache-logs/apache_logs"));
  lines.erase(lines.begin() + (kElasticTruncatedLine - 1));
  SampleRun text = ParseLines(combined.get(), lines);
  const core::FieldId request = *combined->FieldIndex("request");
  const core::FieldId referer = *combined->FieldIndex("referer");
  std::vector<std::string> rewritten;
  for (const ParsedLine& line : text.lines) {
    const AccessEvent& e = line.event;
    size_t open = line.text.find('[');
    std::string time = line.text.substr(open + 1, line.text.find(']', open) - open - 1);
    std::string bytes(e.has(core::kFieldBytesOut) ? e.text(core::kFieldBytesOut) : "0");
    rewritten.push_back(Cat(
        {"{\"time\": ", JsonString(time), ", \"remote_ip\": ", JsonString(e.client_ip().ToString()),
         ", \"remote_user\": ", JsonString(e.has(core::kFieldUser) ? e.user() : "-"),
         ", \"request\": ", JsonString(e.text(request)),
         ", \"response\": ", std::to_string(e.status()), ", \"bytes\": ", bytes,
         ", \"referrer\": ", JsonString(e.has(referer) ? e.text(referer) : "-"),
         ", \"agent\": ", JsonString(e.has(core::kFieldUserAgent) ? e.user_agent() : "-"), "}"}));
  }
  SampleRun run = ParseLines(json.get(), rewritten);
  EXPECT_EQ(run.rejects, Rejects{});
  size_t differing = 0;
  for (size_t i = 0; i < run.lines.size(); ++i) {
    const AccessEvent& a = text.lines[i].event;
    const AccessEvent& b = run.lines[i].event;
    bool same = a.ts() == b.ts() && a.client_ip() == b.client_ip() && a.user() == b.user() &&
                a.method() == b.method() && a.path() == b.path() && a.status() == b.status() &&
                a.user_agent() == b.user_agent() &&
                a.has(core::kFieldUserAgent) == b.has(core::kFieldUserAgent);
    if (!same && ++differing <= 5) {
      ADD_FAILURE() << "line " << text.lines[i].line_no << ": " << rewritten[i];
    }
  }
  EXPECT_EQ(differing, 0u);
}

// --- gatewatch -------------------------------------------------------------------------------

TEST(GatewatchPreset, ReadsWhatGatewatchGenWrites) {
  auto parser = PresetParser("gatewatch", {"auth_result", "request_id"});
  ASSERT_NE(parser, nullptr);
  SampleRun run = ParseFile(parser.get(), Fixture("gatewatch/gen.jsonl"));
  EXPECT_EQ(run.rejects, Rejects{});
  const AccessEvent& login = run.Event(1);
  EXPECT_EQ(login.ts(), Rfc3339("2026-01-15T10:00:00.123Z"));
  EXPECT_EQ(login.client_ip(), Ip("203.0.113.10"));
  EXPECT_EQ(login.user(), "alice");
  EXPECT_EQ(login.method(), "POST");
  EXPECT_EQ(login.route(), "/v1/login");
  EXPECT_EQ(login.status(), 401);
  EXPECT_DOUBLE_EQ(login.number(core::kFieldLatencyMs), 12.345);
  EXPECT_EQ(login.number(core::kFieldBytesOut), 87);
  EXPECT_EQ(run.Extra(1, "auth_result"), "bad_password");  // extras by their own name
  EXPECT_FALSE(run.Event(2).has(core::kFieldUser));        // "user": null
  EXPECT_FALSE(run.Event(2).has(core::kFieldRoute));       // "route": null
  EXPECT_EQ(run.Event(2).client_ip(), Ip("2001:db8::42"));
  EXPECT_EQ(run.Event(3).ts(), Rfc3339("2026-01-15T10:00:02Z"));  // epoch ms
  EXPECT_EQ(run.Event(3).api_key(), "key-7f3a");
}

// --- Parser bugs the samples found, pinned ---------------------------------------------

TEST(CombinedPreset, ReadsALineCutInsideItsUserAgent) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  AccessEvent event = parser->NewEvent();
  parse::ParseResult r = parser->Parse(
      "46.118.127.106 - - [20/May/2015:12:05:17 +0000] \"GET /scripts/grok-py-test/configlib.py "
      "HTTP/1.1\" 200 235 \"-\" \"Mozilla/5.0 (compatible; Googlebot/2.1; "
      "+http://www.google.com/bot.html",
      &event);
  ASSERT_TRUE(r.ok()) << parser->Describe(r);
  EXPECT_EQ(event.status(), 200);
  EXPECT_EQ(event.user_agent(),
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html");

  SampleRun run = ParseFile(parser.get(), Shared("elastic-examples-apache-logs/apache_logs"));
  EXPECT_EQ(run.rejects, Rejects{});
  EXPECT_EQ(run.parsed(), 10000u);
}

TEST(CombinedPreset, GivesNoMethodForARequestLineThatIsNotHttp) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  AccessEvent event = parser->NewEvent();
  ASSERT_TRUE(parser
                  ->Parse("1.2.3.4 - - [17/Oct/2023:05:57:49 +1100] \"\\x16\\x03\\x01\\x01 \\x02\" "
                          "400 226 \"-\" \"-\"",
                          &event)
                  .ok());
  EXPECT_FALSE(event.has(core::kFieldMethod)) << event.method();
  EXPECT_FALSE(event.has(core::kFieldPath)) << event.path();
  // Every line CrowdSec found no verb in.
  for (const char* test :
       {"apache2-malformed/apache2-logs.log", "nginx-http-malformed/nginx_http-logs.log",
        "nginx-proxy-manager-malformed/nginx_http-logs.log"}) {
    std::string dir = std::string(test).substr(0, std::string(test).find('/'));
    SampleRun run = ParseFile(parser.get(), Hub(test));
    std::vector<CrowdsecLine> truth =
        testing::ReadCrowdsecParserAssert(Hub(dir + "/parser.assert"));
    for (size_t i = 0; i < truth.size(); ++i) {
      if (truth[i].meta.count("http_verb") == 0) {
        EXPECT_FALSE(run.Event(i + 1).has(core::kFieldMethod)) << test << " line " << i + 1;
      }
    }
  }
}

TEST(CombinedPreset, NeverPutsANulByteIntoAField) {
  auto parser = PresetParser("combined");
  ASSERT_NE(parser, nullptr);
  AccessEvent event = parser->NewEvent();
  ASSERT_TRUE(parser
                  ->Parse("1.2.3.4 - - [29/Jul/2023:10:26:06 -0700] \"GET /a\\x00b HTTP/1.1\" 400 "
                          "157 \"-\" \"x\\x00y\"",
                          &event)
                  .ok());
  EXPECT_EQ(event.path().find('\0'), std::string_view::npos);
  EXPECT_EQ(event.user_agent().find('\0'), std::string_view::npos);
  EXPECT_NE(event.repairs() & core::kRepairControlChars, 0u);
}

}  // namespace
}  // namespace gatewatch
