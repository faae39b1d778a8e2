// Size and speed of engine state snapshots (docs/snapshots.md).
//
//   snapshot_bench [--groups N] [--events-per-group K] [--file PATH]
//       fills a count-by-client_ip rule with N groups (default 1M; K events each, spread over
//       the window), then times SaveState, WriteFileAtomically (to PATH, default a file in
//       /tmp), ReadWholeFile and LoadState into a fresh engine; prints bytes per group, MB and
//       seconds for each step.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "alert/alert.h"
#include "config/rule_loader.h"
#include "core/atomic_file.h"
#include "core/ip_address.h"
#include "rules/rule_engine.h"

namespace {

using namespace gatewatch;

constexpr const char* kRules = R"(
rules:
  - id: per-ip
    group_by: [client_ip]
    window: 10m
    condition: "> 100000"
    max_groups: 10000000
)";

// 2026-01-15T10:00:00Z.
constexpr core::TimestampNs kT0 = 1768471200LL * 1'000'000'000;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

core::IpAddress NthIp(uint64_t i) {
  const uint32_t v = 0x0B000000u + static_cast<uint32_t>(i);  // 11.0.0.0 onwards
  return *core::IpAddress::Parse(std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) +
                                 "." + std::to_string((v >> 8) & 255) + "." +
                                 std::to_string(v & 255));
}

// Returns 1 with a message when `status` failed.
int Fail(const core::Status& status, const char* what) {
  std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t groups = 1'000'000;
  uint64_t per_group = 2;
  std::string file = "/tmp/gatewatch-snapshot-bench-" + std::to_string(getpid());
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--groups") == 0) groups = std::strtoull(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--events-per-group") == 0)
      per_group = std::strtoull(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--file") == 0) file = argv[i + 1];
  }
  auto set = config::LoadRuleText(kRules, "snapshot_bench.yaml");
  if (!set.ok()) return Fail(set.status(), "rules");
  rules::EngineOptions options;
  options.memory_budget_bytes = size_t{4} << 30;
  core::FakeClock clock(0);
  alert::CollectingAlertSink sink;
  rules::RuleEngine engine(*set, options, clock);

  // Events from every group in turn, K rounds spread over five minutes of the window.
  const size_t extras = (*set)->fields.size() - core::kCanonicalFieldCount;
  core::AccessEvent event(extras);
  const core::DurationNs step = 5 * core::kMinute / static_cast<int64_t>(groups * per_group);
  auto start = std::chrono::steady_clock::now();
  for (uint64_t n = 0; n < groups * per_group; ++n) {
    event.set_ts(kT0 + static_cast<int64_t>(n) * step);
    event.set_client_ip(NthIp(n % groups));
    engine.Apply(event, 0, &sink);
  }
  const rules::EngineStats stats = engine.stats();
  const uint64_t tracked = stats.rules[0].groups;
  std::printf("filled %llu groups (%llu events each) in %.2f s; state %.1f MiB\n",
              static_cast<unsigned long long>(tracked), static_cast<unsigned long long>(per_group),
              Seconds(start), static_cast<double>(stats.state_bytes) / (1 << 20));

  std::string snapshot;
  start = std::chrono::steady_clock::now();
  if (core::Status s = engine.SaveState(&snapshot); !s.ok()) return Fail(s, "save");
  const double save_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  if (core::Status s = core::WriteFileAtomically(file, snapshot); !s.ok()) return Fail(s, "write");
  const double write_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  auto read = core::ReadWholeFile(file, size_t{8} << 30);
  if (!read.ok()) return Fail(read.status(), "read");
  const double read_s = Seconds(start);
  unlink(file.c_str());

  core::FakeClock clock2(0);
  rules::RuleEngine restored(*set, options, clock2);
  start = std::chrono::steady_clock::now();
  auto report = restored.LoadState(*read);
  if (!report.ok()) return Fail(report.status(), "load");
  const double load_s = Seconds(start);

  std::printf("snapshot: %zu bytes = %.1f MB, %.1f bytes per group\n", snapshot.size(),
              static_cast<double>(snapshot.size()) / 1e6,
              static_cast<double>(snapshot.size()) / static_cast<double>(tracked));
  std::printf("SaveState %.3f s, write+fsync %.3f s, read %.3f s, LoadState %.3f s\n", save_s,
              write_s, read_s, load_s);
  std::printf("restored %llu groups, %llu evicted; state %.1f MiB\n",
              static_cast<unsigned long long>(report->groups),
              static_cast<unsigned long long>(report->evicted),
              static_cast<double>(restored.stats().state_bytes) / (1 << 20));
  return report->groups == tracked ? 0 : 1;
}
