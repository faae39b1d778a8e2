// End-to-end throughput and memory of the rule engine.
//
//   throughput LOG [--rules DIR] [--format PRESET]
//       parses LOG into memory, then times parse + every rule over it on one core: events/s,
//       ns/event, and bytes per tracked (rule, group).
//   throughput --flood N [--budget-mib M] [--rules DIR]
//       N events from N distinct random client IPs (a botnet, or a spoofed flood): state
//       must stay under the budget; prints state bytes, evictions and the process's peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "config/field_map_loader.h"
#include "config/rule_loader.h"
#include "core/ip_address.h"
#include "parse/access_log_parser.h"
#include "rules/rule_engine.h"

namespace {

using namespace gatewatch;

double PeakRssMib() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void PrintState(const rules::EngineStats& s) {
  uint64_t groups = 0, evicted = 0;
  for (const auto& r : s.rules) {
    groups += r.groups;
    evicted += r.groups_evicted;
  }
  std::printf(
      "state: %.1f MiB for %llu tracked (rule, group) pairs: %.1f bytes per group; "
      "%llu evicted\n",
      static_cast<double>(s.state_bytes) / (1 << 20), static_cast<unsigned long long>(groups),
      groups ? static_cast<double>(s.state_bytes) / static_cast<double>(groups) : 0.0,
      static_cast<unsigned long long>(evicted));
  for (const auto& r : s.rules) {
    if (r.groups == 0) continue;
    std::printf("  %-30s %9llu groups %8.1f bytes/group\n", r.rule.c_str(),
                static_cast<unsigned long long>(r.groups),
                static_cast<double>(r.state_bytes) / static_cast<double>(r.groups));
  }
}

int Replay(const std::string& log, const std::string& rules_dir, const std::string& format) {
  auto set = config::LoadRuleFiles({rules_dir});
  if (!set.ok()) {
    std::fprintf(stderr, "%s\n", set.status().message().c_str());
    return 1;
  }
  auto map = config::LoadFormat(format);
  if (!map.ok()) {
    std::fprintf(stderr, "%s\n", map.status().message().c_str());
    return 1;
  }
  auto parser = parse::AccessLogParser::Create(*map, (*set)->fields.UsedFieldNames(),
                                               parse::AccessLogParser::Selection::kOnlyRequested);
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
  if (lines.empty()) {
    std::fprintf(stderr, "no lines in %s\n", log.c_str());
    return 1;
  }
  core::RealClock clock;
  rules::RuleEngine engine(*set, rules::EngineOptions{}, clock);
  alert::CollectingAlertSink sink;
  core::AccessEvent event = (*parser)->NewEvent();
  uint64_t bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (const std::string& line : lines) {
    bytes += line.size() + 1;
    if ((*parser)->Parse(line, &event).ok()) engine.Apply(event, 0, &sink);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Memory per group is read on a second, untimed pass, at the moment most groups are live
  // (at the end most have drained and only their baselines remain).
  rules::RuleEngine sampled(*set, rules::EngineOptions{}, clock);
  rules::EngineStats peak;
  uint64_t peak_groups = 0, n = 0;
  for (const std::string& line : lines) {
    if ((*parser)->Parse(line, &event).ok()) sampled.Apply(event, 0, &sink);
    if (++n % 20000 == 0) {
      rules::EngineStats s = sampled.stats();
      uint64_t groups = 0;
      for (const auto& r : s.rules) groups += r.groups;
      if (groups > peak_groups) {
        peak_groups = groups;
        peak = s;
      }
    }
  }
  std::printf(
      "%zu events, %zu rules, one core: %.0f events/s, %.0f ns/event, %.0f MB/s "
      "(parse + rules, input in memory)\n",
      lines.size(), (*set)->rules.size(), static_cast<double>(lines.size()) / seconds,
      seconds * 1e9 / static_cast<double>(lines.size()),
      static_cast<double>(bytes) / seconds / 1e6);
  std::printf("alerts while streaming: %zu\n", sink.alerts.size() / 2);
  std::printf("at the peak of tracked groups:\n");
  PrintState(peak);
  return 0;
}

int Flood(uint64_t n, size_t budget_mib, const std::string& rules_dir) {
  auto set = config::LoadRuleFiles({rules_dir});
  if (!set.ok()) {
    std::fprintf(stderr, "%s\n", set.status().message().c_str());
    return 1;
  }
  double rss_before = PeakRssMib();
  rules::EngineOptions options;
  options.memory_budget_bytes = budget_mib << 20;
  core::FakeClock clock(0);
  rules::RuleEngine engine(*set, options, clock);
  alert::CollectingAlertSink sink;
  core::AccessEvent e((*set)->fields.size() - core::kCanonicalFieldCount);
  const core::TimestampNs t0 = 1768471200LL * 1'000'000'000;
  uint64_t x = 0x9E3779B97F4A7C15ull;
  auto start = std::chrono::steady_clock::now();
  for (uint64_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    e.Clear();
    e.set_ts(t0 + static_cast<int64_t>(i) * 10'000);  // 100k events per second
    e.set_client_ip(core::IpAddress::FromV4(static_cast<uint32_t>(x >> 32)));
    e.SetNumber(core::kFieldStatus, (i & 7) == 0 ? 401 : 404);
    e.SetString(core::kFieldPath, "/wp-login.php");
    engine.Apply(e, 0, &sink);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rules::EngineStats s = engine.stats();
  std::printf("flood: %llu events from random IPs in %.2f s (%.0f events/s)\n",
              static_cast<unsigned long long>(n), seconds, static_cast<double>(n) / seconds);
  std::printf(
      "budget %zu MiB; rule state now %.1f MiB; peak RSS %.1f MiB (%.1f MiB before the "
      "engine: binary, libraries, rules)\n",
      budget_mib, static_cast<double>(s.state_bytes) / (1 << 20), PeakRssMib(), rss_before);
  PrintState(s);
  return s.state_bytes <= options.memory_budget_bytes ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string rules_dir = GATEWATCH_SOURCE_RULES, format = "gatewatch", log;
  uint64_t flood = 0;
  size_t budget = 64;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rules") {
      rules_dir = next();
    } else if (a == "--format") {
      format = next();
    } else if (a == "--flood") {
      flood = std::stoull(next());
    } else if (a == "--budget-mib") {
      budget = std::stoul(next());
    } else if (!a.empty() && a[0] != '-') {
      log = a;
    } else {
      std::fprintf(stderr, "usage: throughput LOG | --flood N [--budget-mib M] [--rules DIR]\n");
      return 2;
    }
  }
  if (flood > 0) return Flood(flood, budget, rules_dir);
  if (log.empty()) {
    std::fprintf(stderr, "usage: throughput LOG | --flood N [--budget-mib M] [--rules DIR]\n");
    return 2;
  }
  return Replay(log, rules_dir, format);
}
