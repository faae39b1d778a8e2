#ifndef GATEWATCH_TESTS_FUZZ_SNAPSHOT_FUZZ_SUPPORT_H_
#define GATEWATCH_TESTS_FUZZ_SNAPSHOT_FUZZ_SUPPORT_H_

#include <zlib.h>

#include <memory>
#include <string>
#include <string_view>

#include "alert/alert.h"
#include "config/rule_loader.h"
#include "core/clock.h"
#include "core/ip_address.h"
#include "rules/rule_engine.h"

// Shared by snapshot_fuzz and tests/engine: the fuzz target's rules, the seed snapshot made from
// them (corpus/snapshot_fuzz/seed-*), and re-framing a damaged snapshot so that the damage gets
// past the checksum to the parser.
namespace gatewatch::fuzz {

// Small windows and bounds so that a short stream fills every kind of state: groups, HyperLogLog
// slices (distinct_bound 4), sums, warm baselines, pending, firing and rolled-up alerts.
inline constexpr const char* kSnapshotFuzzRules = R"(
rules:
  - id: burst
    filter: status == 401
    group_by: [client_ip]
    window: 10s
    condition: "> 3"
    for: 2s
    keep_firing_for: 5s
    max_firing: 1
  - id: spread
    group_by: [route]
    window: 20s
    aggregate: distinct(path)
    condition: "> 6"
    distinct_bound: 4
  - id: volume
    group_by: [route]
    window: 10s
    aggregate: sum(bytes_out)
    condition: "> 4000"
  - id: spike
    group_by: [user]
    window: 10s
    condition: "> 2 * baseline"
    baseline: {half_life: 30s, warmup: 20s, floor: 1}
)";

inline std::shared_ptr<const rules::RuleSet> SnapshotFuzzRuleSet() {
  static const auto* set = new std::shared_ptr<const rules::RuleSet>(
      *config::LoadRuleText(kSnapshotFuzzRules, "snapshot_fuzz_rules.yaml"));
  return *set;
}

// A snapshot taken in the middle of a minute of traffic over the rules above.
inline std::string MakeSnapshotSeed() {
  core::FakeClock clock(0);
  rules::RuleEngine engine(SnapshotFuzzRuleSet(), rules::EngineOptions{}, clock);
  alert::CollectingAlertSink sink;
  const size_t extras = SnapshotFuzzRuleSet()->fields.size() - core::kCanonicalFieldCount;
  constexpr core::TimestampNs kStart = 1768471200LL * 1'000'000'000;
  for (int i = 0; i < 600; ++i) {
    core::AccessEvent e(extras);
    e.set_ts(kStart + i * core::kSecond / 10);
    e.set_client_ip(*core::IpAddress::Parse("192.0.2." + std::to_string(i % 7)));
    e.SetNumber(core::kFieldStatus, i % 3 == 0 ? 200 : 401);
    e.SetString(core::kFieldPath, "/p/" + std::to_string(i % 50));
    e.SetString(core::kFieldRoute, i % 2 == 0 ? "/a" : "/b");
    e.SetString(core::kFieldUser, "u" + std::to_string(i % 3 == 0 && i > 400 ? 0 : i % 4));
    e.SetNumber(core::kFieldBytesOut, 100);
    engine.Apply(e, static_cast<uint32_t>(i % 2), &sink);
  }
  std::string snapshot;
  engine.SaveState(&snapshot);
  return snapshot;
}

// Sets the header's body length and checksum (bytes 12..23) to match the body.
inline std::string Reframe(std::string_view snapshot) {
  constexpr size_t kHeaderBytes = 24;
  std::string out(snapshot);
  if (out.size() < kHeaderBytes) return out;
  const uint64_t length = out.size() - kHeaderBytes;
  const auto crc = static_cast<uint32_t>(
      crc32_z(0, reinterpret_cast<const Bytef*>(out.data() + kHeaderBytes), length));
  for (int i = 0; i < 4; ++i) out[12 + i] = static_cast<char>(crc >> (8 * i));
  for (int i = 0; i < 8; ++i) out[16 + i] = static_cast<char>(length >> (8 * i));
  return out;
}

}  // namespace gatewatch::fuzz

#endif  // GATEWATCH_TESTS_FUZZ_SNAPSHOT_FUZZ_SUPPORT_H_
