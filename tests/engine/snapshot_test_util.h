#ifndef GATEWATCH_TESTS_ENGINE_SNAPSHOT_TEST_UTIL_H_
#define GATEWATCH_TESTS_ENGINE_SNAPSHOT_TEST_UTIL_H_

#include <string>
#include <vector>

#include "alert/alert.h"
#include "engine_test_util.h"
#include "rules/rule_engine.h"

// A generated half hour of traffic with attacks for every kind of rule, and helpers to run it
// through an engine in one go or with a snapshot in between.
namespace gatewatch::rules::testing {

// Rules covering count with for/keep_firing_for/except/roll-up, distinct past its exact bound
// (HyperLogLog), sum, avg, max, ratio and a baseline.
inline constexpr const char* kSnapshotRules = R"(
lists:
  probes: [healthcheck, uptime-robot]
rules:
  - id: burst
    filter: status == 401
    group_by: [client_ip]
    window: 1m
    condition: "> 20"
    for: 20s
    keep_firing_for: 2m
    max_firing: 2
    except:
      user: [healthcheck]
  - id: stuffing
    filter: status == 401 and not user in $probes
    group_by: [client_ip]
    window: 5m
    aggregate: distinct(user)
    condition: "> 100"
    distinct_bound: 30
    keep_firing_for: 1m
    samples: [user]
  - id: exfil
    group_by: [client_ip]
    window: 1m
    aggregate: sum(bytes_out)
    condition: "> 5000000"
  - id: slow-route
    group_by: [route]
    window: 1m
    aggregate: avg(latency_ms)
    condition: "> 800"
    min_events: 10
  - id: worst-latency
    group_by: [route]
    window: 30s
    aggregate: max(latency_ms)
    condition: "> 4000"
  - id: error-ratio
    group_by: [route]
    window: 2m
    aggregate: ratio(status >= 500)
    condition: "> 0.3"
    min_events: 20
  - id: key-spike
    filter: exists(api_key)
    group_by: [api_key]
    window: 1m
    condition: "> 4 * baseline"
    baseline: {half_life: 10m, warmup: 5m, floor: 5}
)";

// One input record: an event, its partition, and whether the input then goes idle (the
// daemon's AdvanceTo with the event's time).
struct StreamItem {
  core::AccessEvent event;
  uint32_t partition = 0;
  bool idle_after = false;
};

// About 40k events over 35 minutes of event time from three partitions: background traffic,
// and attacks for every rule above, some overlapping; late, too-late and future events; a
// ten-minute silence near the end.
std::vector<StreamItem> GenerateStream(const EngineHarness& h);

// Applies items [from, to) to `h`.
void Feed(EngineHarness& h, const std::vector<StreamItem>& items, size_t from, size_t to);

// Every alert as JSON, in order.
std::vector<std::string> AlertJson(const std::vector<alert::Alert>& alerts);

// The engine's counters and per-rule stats as text, for comparing two engines. Without
// state_bytes: they count hash table capacities, and when a table grows depends on where its
// tombstones fell, i.e. on absl's per-process hash seed, so two engines fed the same events
// (restored or not) may differ there by a table's growth step.
std::string StatsText(const EngineStats& stats);

}  // namespace gatewatch::rules::testing

#endif  // GATEWATCH_TESTS_ENGINE_SNAPSHOT_TEST_UTIL_H_
