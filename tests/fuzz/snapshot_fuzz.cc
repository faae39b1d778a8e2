// Fuzzes RuleEngine::LoadState: the input is a state snapshot, loaded twice into fresh engines
// over fixed rules — once as given (the frame checks: magic, version, length, checksum) and
// once re-framed with a matching length and checksum, so that mutations reach the parser.
//
// Invariants beyond "no crash, no sanitizer report, no leak, no exception, no huge allocation":
//  - a rejected snapshot says "state snapshot: ..." and leaves the engine empty (no events,
//    no state bytes, watermark 0);
//  - an accepted one saves again, and that snapshot loads into another fresh engine and saves
//    to the same bytes (unless the budget made the load evict);
//  - either way the engine goes on: it takes events, ticks, and finishes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "alert/alert.h"
#include "core/clock.h"
#include "core/ip_address.h"
#include "event_invariants.h"
#include "rules/rule_engine.h"
#include "snapshot_fuzz_support.h"

namespace {

using gatewatch::fuzz::Require;
namespace core = gatewatch::core;
namespace rules = gatewatch::rules;

rules::EngineOptions Options() {
  rules::EngineOptions options;
  options.memory_budget_bytes = 4 << 20;  // small enough that hostile states get evicted
  return options;
}

void Exercise(rules::RuleEngine& engine) {
  gatewatch::alert::CollectingAlertSink sink;
  const size_t extras =
      gatewatch::fuzz::SnapshotFuzzRuleSet()->fields.size() - core::kCanonicalFieldCount;
  core::TimestampNs t = engine.watermark() > 0 ? engine.watermark() : 1768471200LL * 1'000'000'000;
  for (int i = 0; i < 20; ++i) {
    core::AccessEvent e(extras);
    e.set_ts(t + i * core::kSecond / 2);
    e.set_client_ip(*core::IpAddress::Parse("192.0.2." + std::to_string(i % 3)));
    e.SetNumber(core::kFieldStatus, 401);
    e.SetString(core::kFieldPath, "/x/" + std::to_string(i));
    e.SetString(core::kFieldUser, "u1");
    engine.Apply(e, 0, &sink);
  }
  engine.Tick(&sink);
  engine.Finish(&sink);
}

void Check(std::string_view data) {
  core::FakeClock clock(0);
  rules::RuleEngine engine(gatewatch::fuzz::SnapshotFuzzRuleSet(), Options(), clock);
  auto report = engine.LoadState(data);
  if (!report.ok()) {
    Require(report.status().message().rfind("state snapshot: ", 0) == 0,
            "an error that does not name the snapshot");
    const rules::EngineStats stats = engine.stats();
    Require(stats.events == 0 && stats.state_bytes == 0 && stats.watermark == 0,
            "a failed load left state behind");
  } else {
    std::string saved;
    Require(engine.SaveState(&saved).ok(), "a loaded engine does not save");
    rules::RuleEngine other(gatewatch::fuzz::SnapshotFuzzRuleSet(), Options(), clock);
    auto again = other.LoadState(saved);
    Require(again.ok(), "a saved snapshot does not load");
    std::string resaved;
    Require(other.SaveState(&resaved).ok(), "a reloaded engine does not save");
    Require(again->evicted > 0 || resaved == saved, "save -> load -> save changed the bytes");
  }
  Exercise(engine);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(input);
  Check(gatewatch::fuzz::Reframe(input));
  return 0;
}
