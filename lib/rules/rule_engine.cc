#include "rules/rule_engine.h"

#include <algorithm>

#include "core/timestamp.h"
#include "rules/engine_watermark.h"
#include "rules/group_key.h"
#include "rules/rule_state.h"

namespace gatewatch::rules {

using alert::AlertSink;
using core::AccessEvent;
using core::TimestampNs;

RuleEngine::RuleEngine(std::shared_ptr<const RuleSet> rules, const EngineOptions& options,
                       const core::Clock& clock)
    : rules_(std::move(rules)), options_(options), clock_(clock) {
  ResetState();
  keys_.assign(states_.size(), 0);
  matched_.assign(states_.size(), 0);
}

void RuleEngine::ResetState() {
  states_.clear();
  total_bytes_ = 0;
  watermark_ = std::make_unique<Watermark>(clock_, options_.idle_partition_timeout);
  for (const Rule& rule : rules_->rules) {
    states_.push_back(
        std::make_unique<RuleState>(rule, &total_bytes_, options_.memory_budget_bytes));
  }
  last_tick_ = 0;
  base_ = 0;
  events_ = 0;
  late_ = 0;
  future_ = 0;
}

RuleEngine::~RuleEngine() = default;

TimestampNs RuleEngine::watermark() const { return watermark_->value(); }

void RuleEngine::Apply(const AccessEvent& event, uint32_t partition, AlertSink* sink) {
  ++events_;
  TimestampNs ts = event.ts();
  if (base_ == 0) {
    // Bucket indices count from a day before the first event, so late events still fit.
    base_ = (ts / core::kDay - 1) * core::kDay;
    for (auto& s : states_) s->set_base(base_);
  }
  TimestampNs mark = watermark_->value();
  // The wall clock matters only for an event already beyond the watermark's tolerance.
  bool future = mark != 0 && ts > mark + options_.future_tolerance &&
                ts > std::max(mark, clock_.Now()) + options_.future_tolerance;
  if (future) {
    ++future_;  // a gateway with a fast clock: counted, applied at the watermark
    ts = mark;
  } else if (ts < base_ || (mark != 0 && ts < mark - options_.allowed_lateness)) {
    ++late_;
    return;
  } else {
    watermark_->Observe(partition, ts);
  }
  TickThrough(watermark_->value(), sink);
  GroupKeyCache key_cache;
  const size_t n = states_.size();
  for (size_t i = 0; i < n; ++i) matched_[i] = states_[i]->Match(event, &key_cache, &keys_[i]);
  for (size_t i = 0; i < n; ++i) {
    if (matched_[i]) states_[i]->Locate(keys_[i]);
  }
  const TimestampNs now = watermark_->value();
  for (size_t i = 0; i < n; ++i) {
    if (matched_[i]) states_[i]->Apply(event, keys_[i], ts, now, sink);
  }
}

void RuleEngine::TickThrough(TimestampNs now, AlertSink* sink) {
  // Time-driven transitions happen on whole seconds of event time, every second crossed, so
  // replay (time moved by events) and streaming (also by the wall clock) agree to the second.
  TimestampNs second = now / core::kSecond * core::kSecond;
  if (last_tick_ == 0) {
    last_tick_ = second;
    return;
  }
  // A long silence: step through the first hours, then jump; every window has drained by then.
  constexpr TimestampNs kMaxSteps = 4 * 3600;
  if (second - last_tick_ > kMaxSteps * core::kSecond) {
    for (TimestampNs t = last_tick_ + core::kSecond; t <= last_tick_ + kMaxSteps * core::kSecond;
         t += core::kSecond) {
      for (auto& s : states_) s->Tick(t, sink);
    }
    last_tick_ = second - core::kSecond;
  }
  for (TimestampNs t = last_tick_ + core::kSecond; t <= second; t += core::kSecond) {
    for (auto& s : states_) s->Tick(t, sink);
  }
  last_tick_ = std::max(last_tick_, second);
}

void RuleEngine::Tick(AlertSink* sink) {
  if (base_ == 0) return;
  TickThrough(watermark_->value(), sink);
}

void RuleEngine::ExpectPartition(uint32_t partition) { watermark_->Expect(partition); }

void RuleEngine::AdvanceTo(TimestampNs now, AlertSink* sink) {
  if (base_ == 0) return;  // nothing seen yet: no time to move
  watermark_->AdvanceTo(now);
  TickThrough(watermark_->value(), sink);
}

void RuleEngine::Finish(AlertSink* sink) {
  if (!options_.resolve_at_finish || base_ == 0) return;
  core::DurationNs longest = 0;
  for (const Rule& r : rules_->rules) {
    longest = std::max(longest, r.window + r.keep_firing_for + r.bucket);
  }
  // Step through time so that keep_firing_for and window expiry play out as they would live.
  AdvanceTo(watermark_->value() + longest + core::kSecond, sink);
}

void RuleEngine::ListFiring(AlertSink* sink) const {
  for (const auto& s : states_) s->ListFiring(sink);
}

std::vector<RuleOverview> RuleEngine::Overview(size_t top_n) const {
  std::vector<RuleOverview> out(states_.size());
  const core::TimestampNs now = watermark_->value();
  for (size_t i = 0; i < states_.size(); ++i) states_[i]->Overview(top_n, now, &out[i]);
  return out;
}

EngineStats RuleEngine::stats() const {
  EngineStats s;
  s.events = events_;
  s.late = late_;
  s.future = future_;
  s.watermark = watermark_->value();
  s.state_bytes = total_bytes_;
  for (const auto& state : states_) s.rules.push_back(state->stats());
  return s;
}

}  // namespace gatewatch::rules
