#ifndef GATEWATCH_RULES_RULE_ENGINE_H_
#define GATEWATCH_RULES_RULE_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "alert/alert.h"
#include "core/access_event.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/result.h"
#include "core/status.h"
#include "rules/rule.h"

// The rule engine: evaluates every rule of a RuleSet over event-time sliding windows per group
// and runs each (rule, group) alert through pending -> firing -> resolved. docs/time.md defines
// when things happen; docs/rules.md what rules say.
//
//   RuleEngine engine(rule_set, options, clock);
//   for each event: engine.Apply(event, partition, &sink);
//   periodically:   engine.Tick(&sink);
//   end of replay:  engine.Finish(&sink);
//
// State survives restarts and reloads through snapshots (docs/snapshots.md): SaveState on the
// running engine, LoadState on a fresh one built from the same or an edited rule set.
//
// One thread owns an engine; nothing here locks.
namespace gatewatch::rules {

struct EngineOptions {
  // Events older than the watermark by more than this are counted as late and not applied.
  core::DurationNs allowed_lateness = 30 * core::kSecond;
  // Events ahead of max(watermark, wall clock) by more than this are counted as future and
  // applied at the watermark instead of moving time forward.
  core::DurationNs future_tolerance = 5 * core::kMinute;
  // A partition with no events for this long no longer holds the watermark back.
  core::DurationNs idle_partition_timeout = core::kMinute;
  // Memory for all rule state (windows, baselines, alerts). Groups are evicted past it.
  size_t memory_budget_bytes = 256u << 20;
  // At Finish(): advance time past every window so that every alert resolves.
  bool resolve_at_finish = true;
};

struct RuleStats {
  std::string rule;
  uint64_t matched = 0;   // events that passed the filter and exceptions
  uint64_t excepted = 0;  // events taken out by `except`
  uint64_t groups = 0;    // groups tracked now
  uint64_t groups_created = 0;
  uint64_t groups_evicted = 0;  // dropped for max_groups or the memory budget
  uint64_t groups_expired = 0;  // dropped because their window emptied
  uint64_t baselines = 0;
  uint64_t baselines_evicted = 0;
  uint64_t alerts_firing = 0;  // now
  uint64_t alerts_fired = 0;   // total firing notifications
  uint64_t alerts_resolved = 0;
  uint64_t alerts_rolled_up = 0;  // groups folded into a roll-up alert
  size_t state_bytes = 0;
};

struct EngineStats {
  uint64_t events = 0;
  uint64_t late = 0;
  uint64_t future = 0;
  core::TimestampNs watermark = 0;
  size_t state_bytes = 0;
  std::vector<RuleStats> rules;
};

// What LoadState carried over. Rules are matched by id and Rule::definition_hash.
struct StateLoadReport {
  std::vector<std::string> restored;  // same id and definition: their state was loaded
  std::vector<std::string> changed;   // same id, edited definition: they start empty
  std::vector<std::string> added;     // not in the snapshot: they start empty
  std::vector<std::string> dropped;   // in the snapshot only: their state was discarded
  uint64_t groups = 0;                // restored, over all rules (before `evicted`)
  uint64_t baselines = 0;
  uint64_t alerts = 0;   // pending and firing
  uint64_t evicted = 0;  // groups and baselines dropped to fit the memory budget or max_groups
};

// A group of one rule as the status page shows it: its current value against the threshold.
struct GroupOverview {
  enum class State { kNone, kPending, kFiring };
  std::vector<std::pair<std::string, std::string>> group;  // group_by field -> value
  double value = 0;
  double threshold = 0;
  State state = State::kNone;
};

struct RuleOverview {
  std::string rule;
  std::vector<GroupOverview> top;  // highest value first
};

class RuleEngine {
 public:
  RuleEngine(std::shared_ptr<const RuleSet> rules, const EngineOptions& options,
             const core::Clock& clock);
  ~RuleEngine();
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // Applies one parsed event read from input partition `partition`, evaluating each rule for
  // the group it touches. Alerts that change state go to `sink`.
  void Apply(const core::AccessEvent& event, uint32_t partition, alert::AlertSink* sink);

  // Time-driven transitions (`for`, `keep_firing_for`, resolution) at the current watermark,
  // and housekeeping (dropping empty groups). Call at least once per second of event time;
  // Apply does it on its own when the watermark crosses a second.
  void Tick(alert::AlertSink* sink);

  // The input was given partition `partition` (a Kafka assignment): until its first event or
  // idle_partition_timeout, it holds the watermark back like any slow partition.
  void ExpectPartition(uint32_t partition);

  // When the input is idle: moves time to `now` (wall clock in streaming mode).
  void AdvanceTo(core::TimestampNs now, alert::AlertSink* sink);

  // End of a replay: advances time past every window and keep_firing_for so that every alert
  // resolves (unless options.resolve_at_finish is false).
  void Finish(alert::AlertSink* sink);

  // Hands every alert firing now to `sink` as a firing record (same fingerprint and starts_at
  // as when it fired, today's value and evidence); nothing changes state. After
  // a restart, outputs that must keep firing alerts alive (Alertmanager re-sends, the active
  // alert gauge) learn them from here.
  void ListFiring(alert::AlertSink* sink) const;

  // Per rule, the `top_n` groups with the highest values: those with an alert (pending or
  // firing, at their current value) and those recently nearest to the threshold without one
  // (at the value of their last event, from a small fixed table kept per rule). Groups are
  // stored by hash only, so a group is nameable only once it made one of those two lists.
  std::vector<RuleOverview> Overview(size_t top_n) const;

  // Serializes the whole state (every rule's groups, baselines and alerts, the watermark, time
  // and counters) into `*out`, replacing its contents. Deterministic: equal states give equal
  // bytes. Does not change the engine.
  core::Status SaveState(std::string* out) const;

  // Loads a snapshot written by SaveState into this engine, which must be fresh (constructed,
  // nothing applied). Rules whose id and definition hash match get their state back; the
  // report says which did not. Memory over the budget (or groups over max_groups) is evicted as
  // usual. On corrupt, truncated, foreign or incompatible input it returns an error naming the
  // section and the problem, and the engine stays empty and usable. Never throws.
  core::Result<StateLoadReport> LoadState(std::string_view data);

  core::TimestampNs watermark() const;
  EngineStats stats() const;
  const RuleSet& rule_set() const { return *rules_; }

 private:
  class RuleState;
  class Watermark;

  void TickThrough(core::TimestampNs now, alert::AlertSink* sink);
  // Empty state for every rule, time and counters at zero (the constructor; a failed load).
  void ResetState();
  core::Status LoadBody(std::string_view body, StateLoadReport* report);
  void EvictToBudget(StateLoadReport* report);

  std::shared_ptr<const RuleSet> rules_;
  EngineOptions options_;
  const core::Clock& clock_;
  std::unique_ptr<Watermark> watermark_;
  std::vector<std::unique_ptr<RuleState>> states_;
  core::TimestampNs last_tick_ = 0;
  core::TimestampNs base_ = 0;    // bucket indices count from here
  size_t total_bytes_ = 0;        // rule state, all rules
  std::vector<uint64_t> keys_;    // per rule, the current event's group (reused)
  std::vector<uint8_t> matched_;  // per rule, whether the current event belongs to it
  uint64_t events_ = 0;
  uint64_t late_ = 0;
  uint64_t future_ = 0;
};

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_RULE_ENGINE_H_
