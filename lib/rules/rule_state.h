#ifndef GATEWATCH_RULES_RULE_STATE_H_
#define GATEWATCH_RULES_RULE_STATE_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "alert/alert.h"
#include "core/access_event.h"
#include "rules/group_key.h"
#include "rules/rule.h"
#include "rules/rule_engine.h"
#include "window/baseline.h"
#include "window/distinct_counter.h"
#include "window/sliding_window.h"
#include "window/snapshot_codec.h"

// Internal to lib/rules (rule_engine.cc, rule_state_snapshot.cc). Defined in a header only so
// that the snapshot code can live in its own file; the hot-path members stay inline.
namespace gatewatch::rules {

// Snapshots keep every time within [1970, 2116] (0 to 2^62 ns): anything else is corrupt, and
// the bound keeps every difference and bucket time the engine computes within 64 bits.
inline constexpr int64_t kMaxSnapshotTime = int64_t{1} << 62;
inline bool SaneSnapshotTime(int64_t t) { return t >= 0 && t <= kMaxSnapshotTime; }

// All state of one rule: its groups (slab + index, sampled-LRU eviction), baselines and alerts.
class RuleEngine::RuleState {
  using Alert = alert::Alert;
  using AlertSink = alert::AlertSink;
  using AlertStatus = alert::AlertStatus;
  using AccessEvent = core::AccessEvent;
  using TimestampNs = core::TimestampNs;
  using Reduce = window::Reduce;

 public:
  RuleState(const Rule& rule, size_t* total_bytes, size_t budget)
      : rule_(rule), reduce_(ReduceOf(rule.aggregate)), total_bytes_(total_bytes), budget_(budget) {
    stats_.rule = rule.id;
    rng_ = 0x9E3779B97F4A7C15ull ^ HashText(rule.id, 1);
  }

  ~RuleState() { *total_bytes_ -= bytes_; }

  // The bucket of event time `t`.
  uint32_t BucketOf(TimestampNs t) const {
    return static_cast<uint32_t>((t - base_) / rule_.bucket);
  }
  void set_base(TimestampNs base) { base_ = base; }

  // `key_cache`: group hashes already computed for this event, by group_by list (rules that
  // group by the same fields share one hash).
  // First pass over the rules for one event: does it belong to this rule, and to which group?
  // Starts fetching the group's memory, so that by the second pass (Apply) the cache misses of
  // all rules have overlapped instead of following one another.
  bool Match(const AccessEvent& e, GroupKeyCache* key_cache, uint64_t* key) {
    if (!rule_.filter.Evaluate(e)) return false;
    for (const Exception& ex : rule_.exceptions) {
      if (!e.has(ex.field)) continue;
      bool hit = ex.field == core::kFieldClientIp && ex.cidrs.Contains(e.client_ip());
      if (!hit && !ex.values.empty()) {
        std::string_view v = e.text(ex.field);
        hit = ex.values.contains(absl::string_view(v.data(), v.size()));
      }
      if (hit) {
        ++stats_.excepted;
        return false;
      }
    }
    for (core::FieldId f : rule_.group_by) {
      if (!e.has(f)) return false;  // no group to count it in
    }
    ++stats_.matched;
    *key = key_cache->Get(e, rule_.group_by);
    index_.prefetch(*key);
    if (rule_.baseline) baseline_index_.prefetch(*key);
    return true;
  }

  // Between the passes: finds the group's slab slot and baseline (their index lines were
  // prefetched by Match) and prefetches those, again overlapping misses across rules.
  void Locate(uint64_t key) {
    auto it = index_.find(key);
    pending_slot_ = it == index_.end() ? kNoSlot : it->second;
    if (pending_slot_ != kNoSlot) __builtin_prefetch(&slab_[pending_slot_]);
    pending_baseline_ = kNoSlot;
    if (rule_.baseline) {
      auto b = baseline_index_.find(key);
      if (b != baseline_index_.end()) {
        pending_baseline_ = b->second;
        __builtin_prefetch(&baselines_[pending_baseline_]);
      }
    }
  }

  // Second pass: counts the event in its group and evaluates the rule for that group.
  void Apply(const AccessEvent& e, uint64_t key, TimestampNs ts, TimestampNs now, AlertSink* sink) {
    const uint32_t bucket = BucketOf(ts);
    const uint32_t now_bucket = BucketOf(now);

    const bool located = pending_slot_ != kNoSlot;
    Group* g = located ? &slab_[pending_slot_] : FindOrCreate(key, now_bucket);
    if (g == nullptr) return;  // no room even after eviction (budget too small for one group)
    double x = 1;
    bool matched = false;
    if (rule_.aggregate == AggregateKind::kSum || rule_.aggregate == AggregateKind::kAvg ||
        rule_.aggregate == AggregateKind::kMax) {
      if (e.kind(rule_.aggregate_field) != core::ValueKind::kNumber) return;
      x = e.number(rule_.aggregate_field);
    } else if (rule_.aggregate == AggregateKind::kRatio) {
      matched = rule_.ratio_filter->Evaluate(e);
    }
    size_t before = g->window.heap_bytes();
    g->window.Add(bucket, x, matched, reduce_);
    g->window.Expire(WindowStart(now_bucket));
    if (rule_.aggregate == AggregateKind::kDistinct) {
      if (!g->distinct) {
        g->distinct = std::make_unique<window::DistinctCounter>();
      } else {
        before += g->distinct->heap_bytes() + sizeof(window::DistinctCounter);
      }
      std::string_view v = e.text(rule_.aggregate_field);
      if (e.has(rule_.aggregate_field))
        g->distinct->Add(HashText(v, 7), bucket, rule_.distinct_bound, rule_.buckets_per_window());
      g->distinct->Expire(WindowStart(now_bucket));
      Account(g->distinct->heap_bytes() + sizeof(window::DistinctCounter));
    }
    Account(g->window.heap_bytes());
    Unaccount(before);
    g->last_seen = std::max(g->last_seen, now_bucket);

    window::Baseline* baseline = nullptr;
    if (rule_.baseline) {
      // A new group may have evicted baselines to make room: look again then.
      baseline = located && pending_baseline_ != kNoSlot ? &baselines_[pending_baseline_].baseline
                                                         : FindOrCreateBaseline(key);
      if (baseline != nullptr)
        baseline->Observe(PeriodOf(ts), rule_.aggregate == AggregateKind::kCount ? 1 : x,
                          *rule_.baseline);
    }
    Evaluate(key, g, baseline, &e, ts, now, sink);
    // Existing groups grow too (windows spilling, distinct sets): give memory back at once.
    while (*total_bytes_ > budget_ && (EvictOne() || EvictBaseline())) {
    }
  }

  // Time-driven transitions for every group with an alert state, and a sweep of empty groups.
  void Tick(TimestampNs now, AlertSink* sink) {
    tick_keys_.clear();
    for (const auto& [key, state] : alerts_) tick_keys_.push_back(key);
    // In key order, not the hash map's: that differs between processes (and between an engine
    // and its restored snapshot), and the order decides which groups fit under max_firing.
    std::sort(tick_keys_.begin(), tick_keys_.end());
    for (uint64_t key : tick_keys_) {
      auto it = index_.find(key);
      Group* g = it == index_.end() ? nullptr : &slab_[it->second];
      if (g != nullptr) {
        g->window.Expire(WindowStart(BucketOf(now)));
        if (g->distinct) g->distinct->Expire(WindowStart(BucketOf(now)));
      }
      Evaluate(key, g, nullptr, nullptr, now, now, sink);
    }
    Sweep(BucketOf(now));
  }

  // Snapshots (rule_state_snapshot.cc, docs/snapshots.md): everything above, so that a loaded
  // state goes on exactly as this one would. Load is for a fresh state whose base is set; on
  // malformed input it fails `in` (the caller then discards the state).
  void Save(window::SnapshotWriter* out) const;
  bool Load(window::SnapshotReader* in);
  // After a load into a smaller budget (or max_groups), which the snapshot's layout was not
  // sized for. EvictToCaps drops groups and baselines past max_groups and returns how many.
  // EvictForLoad drops one group (or else one baseline) the usual way and returns the bytes
  // that Compact will then give back (0: nothing left to drop). Compact rebuilds the slabs and
  // indexes without free slots and recounts the bytes.
  uint64_t EvictToCaps();
  size_t EvictForLoad();
  void Compact();
  size_t alert_count() const { return alerts_.size(); }

  // Every alert firing now, as a firing record (the roll-up as one).
  void ListFiring(AlertSink* sink) const {
    for (const auto& [key, a] : alerts_) {
      if (a.firing && !a.rolled_up) sink->Emit(Record(a, AlertStatus::kFiring, 0));
    }
    if (rolled_up_ > 0) EmitRollup(AlertStatus::kFiring, rollup_since_, sink);
  }

  void Overview(size_t top_n, TimestampNs now, RuleOverview* out) const {
    out->rule = rule_.id;
    for (const auto& [key, a] : alerts_) {
      out->top.push_back(
          {a.group, a.value, a.threshold,
           a.firing ? GroupOverview::State::kFiring : GroupOverview::State::kPending});
    }
    for (const NearGroup& n : near_) {
      if (n.seen == 0 || now - n.seen > rule_.window || alerts_.contains(n.key)) continue;
      GroupOverview g{{}, n.value, n.threshold, GroupOverview::State::kNone};
      for (size_t i = 0; i < n.fields; ++i) {
        g.group.emplace_back(rule_.group_by_names[i], std::string(n.text[i].data(), n.len[i]));
      }
      out->top.push_back(std::move(g));
    }
    std::sort(out->top.begin(), out->top.end(),
              [](const GroupOverview& a, const GroupOverview& b) { return a.value > b.value; });
    if (out->top.size() > top_n) out->top.resize(top_n);
  }

  RuleStats stats() const {
    RuleStats s = stats_;
    s.groups = index_.size();
    s.baselines = baseline_index_.size();
    s.alerts_firing = firing_;
    s.state_bytes = bytes_;
    return s;
  }

 private:
  static constexpr size_t kSamplesPerAlert = 3;
  static constexpr size_t kNearFields = 4;       // group_by has at most 4 fields
  static constexpr size_t kNearTextBytes = 120;  // per value; longer ones are cut
  struct NearGroup {
    uint64_t key = 0;
    double value = 0;
    double threshold = 0;
    TimestampNs seen = 0;  // 0: empty
    size_t fields = 0;
    std::array<std::array<char, kNearTextBytes>, kNearFields> text;
    std::array<uint8_t, kNearFields> len;
  };
  static constexpr size_t kEvictionSamples = 8;
  static constexpr size_t kSweepPerTick = 8;
  static constexpr size_t kRollupTopGroups = 5;

  static Reduce ReduceOf(AggregateKind kind) {
    switch (kind) {
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
        return Reduce::kSum;
      case AggregateKind::kMax:
        return Reduce::kMax;
      case AggregateKind::kRatio:
        return Reduce::kRatio;
      case AggregateKind::kCount:
      case AggregateKind::kDistinct:
        break;
    }
    return Reduce::kCount;
  }

  struct Group {
    uint64_t key = 0;
    window::SlidingWindow window;
    std::unique_ptr<window::DistinctCounter> distinct;
    uint32_t last_seen = 0;
    bool live = false;
    bool has_alert = false;
  };
  struct AlertState {
    bool firing = false;
    bool rolled_up = false;
    TimestampNs active_since = 0;
    TimestampNs fired_at = 0;
    TimestampNs last_true = 0;
    double value = 0;
    double threshold = 0;
    std::vector<std::pair<std::string, std::string>> group;
    alert::Evidence evidence;
  };
  static constexpr size_t kIndexSlotBytes = sizeof(std::pair<uint64_t, uint32_t>) + 1;
  static constexpr size_t kAlertBytes = 512;

  static uint64_t HashText(std::string_view s, uint64_t seed) {
    return GroupKeyHashBytes(s.data(), s.size(), seed);
  }

  uint32_t WindowStart(uint32_t now_bucket) const {
    uint32_t n = rule_.buckets_per_window();
    return now_bucket + 1 >= n ? now_bucket + 1 - n : 0;
  }
  uint32_t PeriodOf(TimestampNs t) const {
    return static_cast<uint32_t>((t - base_) / rule_.baseline->period);
  }

  void Account(size_t bytes) {
    bytes_ += bytes;
    *total_bytes_ += bytes;
  }
  void Unaccount(size_t bytes) {
    bytes_ -= std::min(bytes, bytes_);
    *total_bytes_ -= std::min(bytes, *total_bytes_);
  }

  uint64_t NextRandom() {
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return rng_;
  }

  // Bytes that growing the slab and the index for one more group would add.
  size_t GrowthBytes() const {
    size_t grow = 0;
    if (free_.empty()) grow += sizeof(Group) + sizeof(uint32_t);  // the slab grows by chunks
    // A new group's own first allocations, and room for one window to spill to the heap.
    grow += 2 * sizeof(window::Bucket) * 4;
    if (rule_.aggregate == AggregateKind::kDistinct) grow += sizeof(window::DistinctCounter);
    // absl grows the index (2 * capacity + 1) once tombstones use up its room and it is more
    // than 25/32 full; below that it rehashes in place. Staying under 25/32 keeps it in place.
    if ((index_.size() + 1) * 32 > index_.capacity() * 25) {
      grow += (index_.capacity() + 16) * kIndexSlotBytes;
    }
    return grow;
  }

  Group* FindOrCreate(uint64_t key, uint32_t now_bucket) {
    auto it = index_.find(key);
    if (it != index_.end()) return &slab_[it->second];
    // Room for one more: the rule's cap and the global budget, counting container growth.
    while (index_.size() >= rule_.max_groups || *total_bytes_ + GrowthBytes() > budget_) {
      if (!EvictOne() && (index_.size() >= rule_.max_groups || !EvictBaseline())) break;
    }
    if (index_.size() >= rule_.max_groups || *total_bytes_ + GrowthBytes() > budget_) {
      ++stats_.groups_evicted;  // nothing evictable: drop this group's event instead
      return nullptr;
    }
    size_t index_before = index_.capacity() * kIndexSlotBytes;
    uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<uint32_t>(slab_.size());
      slab_.emplace_back();
      Account(sizeof(Group) + sizeof(uint32_t));  // the slot, and its room in free_ later
    }
    index_.emplace(key, slot);
    Account(index_.capacity() * kIndexSlotBytes - index_before);
    Group& g = slab_[slot];
    g.key = key;
    g.live = true;
    g.has_alert = false;
    g.last_seen = now_bucket;
    ++stats_.groups_created;
    return &g;
  }

  window::Baseline* FindOrCreateBaseline(uint64_t key) {
    auto it = baseline_index_.find(key);
    if (it != baseline_index_.end()) return &baselines_[it->second].baseline;
    auto growth = [&] {
      size_t grow = free_baselines_.empty() ? sizeof(BaselineSlot) + sizeof(uint32_t) : 0;
      if ((baseline_index_.size() + 1) * 32 > baseline_index_.capacity() * 25) {
        grow += (baseline_index_.capacity() + 16) * kIndexSlotBytes;
      }
      return grow;
    };
    while (baseline_index_.size() >= rule_.max_groups || *total_bytes_ + growth() > budget_) {
      if (!EvictBaseline()) return nullptr;
    }
    size_t index_before = baseline_index_.capacity() * kIndexSlotBytes;
    uint32_t slot;
    if (!free_baselines_.empty()) {
      slot = free_baselines_.back();
      free_baselines_.pop_back();
    } else {
      slot = static_cast<uint32_t>(baselines_.size());
      baselines_.emplace_back();
      Account(sizeof(BaselineSlot) + sizeof(uint32_t));
    }
    baseline_index_.emplace(key, slot);
    Account(baseline_index_.capacity() * kIndexSlotBytes - index_before);
    baselines_[slot] = BaselineSlot{key, window::Baseline(), true};
    return &baselines_[slot].baseline;
  }

  // Drops the baseline not updated for longest among a random sample.
  bool EvictBaseline() {
    BaselineSlot* victim = nullptr;
    for (size_t i = 0; i < kEvictionSamples * 4 && !baselines_.empty(); ++i) {
      BaselineSlot& b = baselines_[NextRandom() % baselines_.size()];
      if (!b.live) continue;
      if (victim == nullptr || b.baseline.last_period() < victim->baseline.last_period()) {
        victim = &b;
      }
      if (i >= kEvictionSamples && victim != nullptr) break;
    }
    if (victim == nullptr) return false;
    auto it = baseline_index_.find(victim->key);
    free_baselines_.push_back(it->second);
    baseline_index_.erase(it);
    victim->live = false;
    ++stats_.baselines_evicted;
    return true;
  }

  // Drops one group: a sample of random live groups without an alert, the least recently seen.
  bool EvictOne() {
    if (index_.empty()) return false;
    Group* victim = nullptr;
    for (size_t i = 0; i < kEvictionSamples * 4 && slab_.size() > 0; ++i) {
      Group& g = slab_[NextRandom() % slab_.size()];
      if (!g.live || g.has_alert) continue;
      if (victim == nullptr || g.last_seen < victim->last_seen) victim = &g;
      if (i >= kEvictionSamples && victim != nullptr) break;
    }
    if (victim == nullptr) return false;
    ++stats_.groups_evicted;
    Remove(victim);
    return true;
  }

  void Remove(Group* g) {
    auto it = index_.find(g->key);
    uint32_t slot = it->second;
    index_.erase(it);
    free_.push_back(slot);
    size_t freed = g->window.heap_bytes();
    if (g->distinct) freed += g->distinct->heap_bytes() + sizeof(window::DistinctCounter);
    Unaccount(freed);
    g->window.Clear();
    g->distinct.reset();
    g->key = 0;
    g->last_seen = 0;
    g->live = false;
    g->has_alert = false;
  }

  void Sweep(uint32_t now_bucket) {
    if (slab_.empty()) return;
    const uint32_t start = WindowStart(now_bucket);
    // Visit every group about once per four windows; four times as often when memory is
    // getting tight, so that eviction takes idle groups before it takes live ones.
    size_t visits =
        std::max<size_t>(kSweepPerTick, slab_.size() / (4 * rule_.buckets_per_window()) + 1);
    if (*total_bytes_ > budget_ / 4 * 3) visits *= 4;
    for (size_t i = 0; i < visits; ++i) {
      sweep_cursor_ = (sweep_cursor_ + 1) % slab_.size();
      Group& g = slab_[sweep_cursor_];
      if (!g.live || g.has_alert) continue;
      size_t before = g.window.heap_bytes();
      g.window.Expire(start);
      Unaccount(before - g.window.heap_bytes());
      if (g.distinct) g.distinct->Expire(start);
      if (g.window.empty()) {
        ++stats_.groups_expired;
        Remove(&g);
      }
    }
  }

  // The group's aggregate. Callers expire the group to the evaluation time first, so
  // everything it holds is in the window.
  double ValueOf(const Group* g, uint64_t* count) const {
    *count = 0;
    if (g == nullptr) return 0;
    window::SlidingWindow::Totals t = g->window.SumAll(reduce_);
    *count = t.count;
    switch (rule_.aggregate) {
      case AggregateKind::kCount:
        return static_cast<double>(t.count);
      case AggregateKind::kDistinct:
        return g->distinct ? static_cast<double>(g->distinct->size()) : 0;
      case AggregateKind::kSum:
      case AggregateKind::kMax:
        return t.value;
      case AggregateKind::kAvg:
      case AggregateKind::kRatio:
        return t.count > 0 ? t.value / static_cast<double>(t.count) : 0;
    }
    return 0;
  }

  // Decides the condition for one group at `now` and moves its alert along.
  // `baseline`: the group's, when the caller already has it (saves a lookup per event).
  void Evaluate(uint64_t key, Group* g, window::Baseline* baseline, const AccessEvent* e,
                TimestampNs ts, TimestampNs now, AlertSink* sink) {
    uint64_t count = 0;
    double value = ValueOf(g, &count);
    double threshold = rule_.condition.constant;
    bool usable = true;
    if (rule_.condition.uses_baseline()) {
      if (baseline == nullptr) {
        auto it = baseline_index_.find(key);
        if (it != baseline_index_.end()) baseline = &baselines_[it->second].baseline;
      }
      if (baseline == nullptr || !baseline->warm(*rule_.baseline)) {
        usable = false;  // cold: the group's normal is not known yet
      } else {
        baseline->AdvanceTo(PeriodOf(now), *rule_.baseline);
        double base = std::max(static_cast<double>(baseline->mean()), rule_.baseline->floor);
        threshold = rule_.condition.Threshold(base, baseline->stddev());
      }
    }
    const bool holds =
        usable && count >= rule_.min_events && rule_.condition.Holds(value, threshold);

    if (e != nullptr && usable) RememberNear(key, value, threshold, *e, now);
    if (!holds && alerts_.empty()) return;  // the common case: nothing to start, nothing open
    auto it = alerts_.find(key);
    if (it == alerts_.end()) {
      if (!holds || e == nullptr) return;
      AlertState state;
      state.active_since = now;
      state.last_true = now;
      state.value = value;
      state.threshold = threshold;
      for (size_t i = 0; i < rule_.group_by.size(); ++i) {
        state.group.emplace_back(rule_.group_by_names[i], std::string(e->text(rule_.group_by[i])));
      }
      state.evidence.window = rule_.window;
      // The episode's evidence starts with what is in the window now: its oldest bucket and
      // its events (the increment below counts the current one).
      state.evidence.first_event = ts;
      if (g != nullptr && !g->window.empty()) {
        state.evidence.first_event =
            std::min(ts, base_ + static_cast<TimestampNs>(g->window.oldest_index()) * rule_.bucket);
      }
      state.evidence.events = count > 0 ? count - 1 : 0;
      it = alerts_.emplace(key, std::move(state)).first;
      Account(kAlertBytes);
      if (g != nullptr) g->has_alert = true;
    }
    AlertState& a = it->second;
    if (e != nullptr) {
      a.evidence.last_event = std::max(a.evidence.last_event, ts);
      ++a.evidence.events;
      if (a.evidence.samples.size() < kSamplesPerAlert) {
        for (core::FieldId f : rule_.sample_fields) {
          if (e->has(f) && a.evidence.samples.size() < kSamplesPerAlert) {
            a.evidence.samples.emplace_back(e->text(f).substr(0, 200));
          }
        }
      }
    }
    if (holds) {
      a.last_true = now;
      a.value = value;
      a.threshold = threshold;
      if (!a.firing && now - a.active_since >= rule_.for_duration) Fire(a, now, sink);
      return;
    }
    if (!a.firing) {
      Forget(it, g);  // pending that did not last: no notification
      return;
    }
    if (now - a.last_true >= rule_.keep_firing_for) {
      Resolve(a, now, sink);
      Forget(it, g);
    }
  }

  // Keeps the few groups with the highest values seen lately, names included, in fixed
  // storage: one comparison per event in the usual case, never an allocation.
  void RememberNear(uint64_t key, double value, double threshold, const AccessEvent& e,
                    TimestampNs now) {
    // The usual case, one comparison: the table is full of fresher, higher values.
    if (value <= near_floor_ && now - near_oldest_ <= rule_.window) return;
    NearGroup* lowest = &near_[0];
    for (NearGroup& n : near_) {
      if (n.seen != 0 && n.key == key) {
        lowest = &n;
        break;
      }
      if (n.seen == 0 || now - n.seen > rule_.window) {
        lowest = &n;  // free or stale
        break;
      }
      if (n.value < lowest->value) lowest = &n;
    }
    const bool replace = lowest->key != key || lowest->seen == 0;
    if (replace && lowest->seen != 0 && now - lowest->seen <= rule_.window &&
        value <= lowest->value) {
      RecomputeNearFloor(now);
      return;
    }
    lowest->key = key;
    lowest->value = value;
    lowest->threshold = threshold;
    lowest->seen = now;
    if (replace) {
      lowest->fields = std::min(rule_.group_by.size(), kNearFields);
      for (size_t i = 0; i < lowest->fields; ++i) {
        std::string_view v = e.text(rule_.group_by[i]);
        lowest->len[i] = static_cast<uint8_t>(std::min(v.size(), kNearTextBytes));
        std::memcpy(lowest->text[i].data(), v.data(), lowest->len[i]);
      }
    }
    RecomputeNearFloor(now);
  }

  // The value an event must beat to enter a full table, and the oldest entry's time (once it
  // falls out of the window, the table has room again).
  void RecomputeNearFloor(TimestampNs now) {
    near_floor_ = std::numeric_limits<double>::infinity();
    near_oldest_ = now;
    for (const NearGroup& n : near_) {
      if (n.seen == 0) {
        near_floor_ = -std::numeric_limits<double>::infinity();
        return;
      }
      near_floor_ = std::min(near_floor_, n.value);
      near_oldest_ = std::min(near_oldest_, n.seen);
    }
  }

  void Forget(absl::flat_hash_map<uint64_t, AlertState>::iterator it, Group* g) {
    if (g != nullptr) g->has_alert = false;
    alerts_.erase(it);
    Unaccount(kAlertBytes);
  }

  Alert Record(const AlertState& a, AlertStatus status, TimestampNs now) const {
    Alert out;
    out.rule = rule_.id;
    out.status = status;
    out.severity = rule_.severity;
    out.group = a.group;
    out.value = a.value;
    out.threshold = a.threshold;
    out.starts_at = a.fired_at;
    if (status == AlertStatus::kResolved) out.ends_at = now;
    out.labels = rule_.labels;
    Template::Context context{&out.group,   out.value, out.threshold,
                              rule_.window, &rule_.id, &rule_.severity};
    for (const auto& [name, tmpl] : rule_.annotations) out.annotations[name] = tmpl.Render(context);
    out.fingerprint = alert::Fingerprint(rule_.id, out.group);
    out.evidence = a.evidence;
    return out;
  }

  void Fire(AlertState& a, TimestampNs now, AlertSink* sink) {
    a.firing = true;
    a.fired_at = now;
    if (firing_ >= rule_.max_firing) {
      a.rolled_up = true;
      ++rolled_up_;
      ++stats_.alerts_rolled_up;
      if (rolled_up_ == 1) {
        rollup_since_ = now;
        EmitRollup(AlertStatus::kFiring, now, sink);
      }
      return;
    }
    ++firing_;
    ++stats_.alerts_fired;
    sink->Emit(Record(a, AlertStatus::kFiring, now));
  }

  void Resolve(AlertState& a, TimestampNs now, AlertSink* sink) {
    if (a.rolled_up) {
      if (--rolled_up_ == 0) EmitRollup(AlertStatus::kResolved, now, sink);
      return;
    }
    --firing_;
    ++stats_.alerts_resolved;
    sink->Emit(Record(a, AlertStatus::kResolved, now));
  }

  // One alert standing for every group past the firing cap.
  void EmitRollup(AlertStatus status, TimestampNs now, AlertSink* sink) const {
    Alert out;
    out.rule = rule_.id;
    out.status = status;
    out.severity = rule_.severity;
    out.group = {{"rollup", "true"}};
    out.labels = rule_.labels;
    out.labels["rollup"] = "true";
    out.starts_at = rollup_since_;
    if (status == AlertStatus::kResolved) out.ends_at = now;
    out.threshold = rule_.condition.constant;
    out.fingerprint = alert::Fingerprint(rule_.id, out.group);
    out.evidence.window = rule_.window;
    std::vector<std::pair<std::string, double>> top;
    for (const auto& [key, state] : alerts_) {
      if (!state.rolled_up) continue;
      std::string name;
      for (const auto& [field, value] : state.group) name += (name.empty() ? "" : ",") + value;
      top.emplace_back(std::move(name), state.value);
    }
    out.value = static_cast<double>(std::max<size_t>(rolled_up_, top.size()));
    out.evidence.rolled_up_groups = static_cast<uint64_t>(out.value);
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (top.size() > kRollupTopGroups) top.resize(kRollupTopGroups);
    out.evidence.top_groups = std::move(top);
    out.annotations["summary"] = "rule " + rule_.id + " firing for " +
                                 std::to_string(static_cast<uint64_t>(out.value)) +
                                 " groups beyond its cap of " + std::to_string(rule_.max_firing);
    sink->Emit(out);
  }

  std::array<NearGroup, 5> near_{};  // the status page's candidates, see RememberNear
  double near_floor_ = -std::numeric_limits<double>::infinity();
  TimestampNs near_oldest_ = 0;
  const Rule& rule_;
  const Reduce reduce_;
  size_t* total_bytes_;
  const size_t budget_;
  size_t bytes_ = 0;
  TimestampNs base_ = 0;
  std::deque<Group> slab_;  // chunked: grows without copying or doubling
  std::vector<uint32_t> free_;
  absl::flat_hash_map<uint64_t, uint32_t> index_;
  // Baselines outlive windows, so they have their own slab, index and sampled-LRU eviction
  // (at most max_groups of them, and within the budget).
  struct BaselineSlot {
    uint64_t key = 0;
    window::Baseline baseline;
    bool live = false;
  };
  std::deque<BaselineSlot> baselines_;
  std::vector<uint32_t> free_baselines_;
  absl::flat_hash_map<uint64_t, uint32_t> baseline_index_;
  absl::flat_hash_map<uint64_t, AlertState> alerts_;
  size_t firing_ = 0;
  size_t rolled_up_ = 0;
  TimestampNs rollup_since_ = 0;
  // Snapshot pieces (rule_state_snapshot.cc).
  void SaveGroup(window::SnapshotWriter* out, const Group& g) const;
  bool LoadGroup(window::SnapshotReader* in, Group* g);
  void SaveAlert(window::SnapshotWriter* out, uint64_t key, const AlertState& a) const;
  bool LoadAlert(window::SnapshotReader* in);

  static constexpr uint32_t kNoSlot = UINT32_MAX;
  uint32_t pending_slot_ = kNoSlot;  // set by Locate for the event being applied
  uint32_t pending_baseline_ = kNoSlot;
  size_t sweep_cursor_ = 0;
  std::vector<uint64_t> tick_keys_;  // reused by Tick
  uint64_t rng_;
  RuleStats stats_;
};

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_RULE_STATE_H_
