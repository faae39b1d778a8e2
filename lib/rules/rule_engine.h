#ifndef GATEWATCH_RULES_RULE_ENGINE_H_
#define GATEWATCH_RULES_RULE_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "core/access_event.h"
#include "core/clock.h"
#include "core/duration.h"
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

  // When the input is idle: moves time to `now` (wall clock in streaming mode).
  void AdvanceTo(core::TimestampNs now, alert::AlertSink* sink);

  // End of a replay: advances time past every window and keep_firing_for so that every alert
  // resolves (unless options.resolve_at_finish is false).
  void Finish(alert::AlertSink* sink);

  core::TimestampNs watermark() const;
  EngineStats stats() const;
  const RuleSet& rule_set() const { return *rules_; }

 private:
  class RuleState;
  class Watermark;

  void TickThrough(core::TimestampNs now, alert::AlertSink* sink);

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
