// One rule's state in a snapshot (docs/snapshots.md): counters, groups, baselines and alerts,
// written so that a loaded state goes on exactly as the saved one would have.
#include <cmath>
#include <string>

#include "rules/rule_state.h"

namespace gatewatch::rules {
namespace {

using window::SnapshotReader;
using window::SnapshotWriter;

// A rule's accounted bytes beyond this are not a state any budget allowed.
constexpr uint64_t kMaxStateBytes = uint64_t{1} << 50;
// The fewest bytes a live group, baseline or alert can take in a snapshot; counts are bounded
// by the bytes left divided by these.
constexpr size_t kMinGroupBytes = 12;
constexpr size_t kMinBaselineBytes = 23;
constexpr size_t kMinAlertBytes = 60;
constexpr uint8_t kGroupHasDistinct = 1;
constexpr uint8_t kAlertFiring = 1;
constexpr uint8_t kAlertRolledUp = 2;

// The counters of RuleStats that are history, in snapshot order (the rest are computed).
template <typename Stats, typename Visit>
void ForEachCounter(Stats& s, Visit visit) {
  for (auto* c : {&s.matched, &s.excepted, &s.groups_created, &s.groups_evicted, &s.groups_expired,
                  &s.baselines_evicted, &s.alerts_fired, &s.alerts_resolved, &s.alerts_rolled_up}) {
    visit(*c);
  }
}

using Index = absl::flat_hash_map<uint64_t, uint32_t>;

// A slab (groups or baselines): its size, its index's capacity (so a restored index accounts
// the same bytes), the free list in order (so slots are reused as they would have been), then
// the live slots in slot order, each written by `save`.
template <typename Slot, typename Save>
void SaveSlab(SnapshotWriter* out, const std::deque<Slot>& slab, const std::vector<uint32_t>& free,
              const Index& index, Save save) {
  out->Varint(slab.size());
  out->Varint(index.capacity());
  out->Varint(free.size());
  for (uint32_t slot : free) out->Varint(slot);
  for (const Slot& s : slab) {
    if (s.live) save(s);
  }
}

// Reads what SaveSlab wrote into empty containers; `load` fills one live slot (its key too).
// Every slot is either free (once) or live; keys are unique.
template <typename Slot, typename Load>
bool LoadSlab(SnapshotReader* in, std::string_view what, size_t min_slot_bytes,
              size_t max_index_slots, std::deque<Slot>* slab, std::vector<uint32_t>* free,
              Index* index, Load load) {
  const uint64_t size = in->Varint();
  const uint64_t capacity = in->Varint();
  const uint64_t free_count = in->Count(1, "free slots");
  if (in->ok() && (free_count > size || size > UINT32_MAX ||
                   size - free_count > in->remaining() / min_slot_bytes)) {
    in->Fail(std::string(what) + ": " + std::to_string(size - free_count) +
             " live slots cannot fit in the bytes left");
  }
  if (!in->ok()) return false;
  std::vector<bool> is_free(size);
  free->reserve(free_count);
  for (uint64_t i = 0; i < free_count; ++i) {
    const uint64_t slot = in->Varint();
    if (in->ok() && (slot >= size || is_free[slot])) {
      in->Fail(std::string(what) + ": bad free slot " + std::to_string(slot));
    }
    if (!in->ok()) return false;
    is_free[slot] = true;
    free->push_back(static_cast<uint32_t>(slot));
  }
  // An absl table of capacity C comes back from reserving its growth, C - C/8. Honoured while
  // the budget allows it and the slab could have grown it (an index is at most about 2.3 times
  // the most slots ever used), so that a hostile capacity cannot allocate much.
  const bool plausible = capacity <= max_index_slots && capacity <= 4 * size + 64;
  index->reserve(plausible ? capacity - capacity / 8 : size - free_count);
  slab->resize(size);
  for (uint32_t slot = 0; slot < size; ++slot) {
    if (is_free[slot]) continue;
    if (!load(&(*slab)[slot])) return false;
    (*slab)[slot].live = true;
  }
  // Indexing is a cache miss per key: prefetch a few keys ahead so the misses overlap.
  constexpr uint32_t kAhead = 8;
  for (uint32_t slot = 0; slot < size; ++slot) {
    if (slot + kAhead < size && !is_free[slot + kAhead])
      index->prefetch((*slab)[slot + kAhead].key);
    if (is_free[slot]) continue;
    if (!index->emplace((*slab)[slot].key, slot).second) {
      in->Fail(std::string(what) + ": duplicate key");
      return false;
    }
  }
  return true;
}

}  // namespace

void RuleEngine::RuleState::Save(SnapshotWriter* out) const {
  out->Varint(bytes_);
  ForEachCounter(stats_, [out](uint64_t c) { out->Varint(c); });
  out->U64(rng_);
  out->Varint(sweep_cursor_);
  out->I64(rollup_since_);
  SaveSlab(out, slab_, free_, index_, [&](const Group& g) { SaveGroup(out, g); });
  SaveSlab(out, baselines_, free_baselines_, baseline_index_, [&](const BaselineSlot& b) {
    out->U64(b.key);
    b.baseline.Save(out);
  });
  // In key order: equal states write equal bytes.
  std::vector<uint64_t> keys;
  keys.reserve(alerts_.size());
  for (const auto& [key, state] : alerts_) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  out->Varint(keys.size());
  for (uint64_t key : keys) SaveAlert(out, key, alerts_.at(key));
}

bool RuleEngine::RuleState::Load(SnapshotReader* in) {
  const uint64_t bytes = in->Varint();
  ForEachCounter(stats_, [in](uint64_t& c) { c = in->Varint(); });
  rng_ = in->U64();
  sweep_cursor_ = in->Varint();
  rollup_since_ = in->I64();
  if (in->ok() && bytes > kMaxStateBytes) in->Fail("state of " + std::to_string(bytes) + " bytes");
  if (in->ok() && rng_ == 0) in->Fail("eviction random state is zero");  // xorshift stays at 0
  if (in->ok() && !SaneSnapshotTime(rollup_since_)) in->Fail("roll-up time out of range");
  if (!in->ok()) return false;
  Account(bytes);
  const size_t max_index_slots = budget_ / kIndexSlotBytes;
  if (!LoadSlab(in, "groups", kMinGroupBytes, max_index_slots, &slab_, &free_, &index_,
                [&](Group* g) { return LoadGroup(in, g); })) {
    return false;
  }
  if (!LoadSlab(in, "baselines", kMinBaselineBytes, max_index_slots, &baselines_, &free_baselines_,
                &baseline_index_, [&](BaselineSlot* b) {
                  b->key = in->U64();
                  return b->baseline.Load(in);
                })) {
    return false;
  }
  const uint64_t alerts = in->Count(kMinAlertBytes, "alerts");
  for (uint64_t i = 0; i < alerts && in->ok(); ++i) LoadAlert(in);
  return in->ok();
}

void RuleEngine::RuleState::SaveGroup(SnapshotWriter* out, const Group& g) const {
  out->U8(g.distinct ? kGroupHasDistinct : 0);
  out->U64(g.key);
  out->Varint(g.last_seen);
  g.window.Save(out, reduce_, g.last_seen);
  if (g.distinct) g.distinct->Save(out);
}

bool RuleEngine::RuleState::LoadGroup(SnapshotReader* in, Group* g) {
  const uint8_t flags = in->U8();
  g->key = in->U64();
  g->last_seen = in->Varint32();
  if (in->ok() && (flags & ~kGroupHasDistinct) != 0) in->Fail("unknown group flags");
  if (in->ok() && (flags & kGroupHasDistinct) && rule_.aggregate != AggregateKind::kDistinct) {
    in->Fail("distinct values in a rule that counts none");
  }
  if (!in->ok() || !g->window.Load(in, reduce_, g->last_seen)) return false;
  // Bucket times are base + index * bucket: indices past this would overflow them.
  if (g->window.newest_index() > (kMaxSnapshotTime - 1) / rule_.bucket) {
    in->Fail("window bucket beyond the time range");
    return false;
  }
  if (flags & kGroupHasDistinct) {
    g->distinct = std::make_unique<window::DistinctCounter>();
    return g->distinct->Load(in, rule_.distinct_bound);
  }
  return true;
}

void RuleEngine::RuleState::SaveAlert(SnapshotWriter* out, uint64_t key,
                                      const AlertState& a) const {
  out->U64(key);
  out->U8((a.firing ? kAlertFiring : 0) | (a.rolled_up ? kAlertRolledUp : 0));
  out->I64(a.active_since);
  out->I64(a.fired_at);
  out->I64(a.last_true);
  out->F64(a.value);
  out->F64(a.threshold);
  out->Varint(a.group.size());
  for (const auto& [field, value] : a.group) {
    out->Text(field);
    out->Text(value);
  }
  const alert::Evidence& e = a.evidence;
  out->I64(e.window);
  out->I64(e.first_event);
  out->I64(e.last_event);
  out->Varint(e.events);
  out->Varint(e.samples.size());
  for (const std::string& sample : e.samples) out->Text(sample);
  out->Varint(e.rolled_up_groups);
  out->Varint(e.top_groups.size());
  for (const auto& [name, value] : e.top_groups) {
    out->Text(name);
    out->F64(value);
  }
}

bool RuleEngine::RuleState::LoadAlert(SnapshotReader* in) {
  const uint64_t key = in->U64();
  const uint8_t flags = in->U8();
  AlertState a;
  a.firing = (flags & kAlertFiring) != 0;
  a.rolled_up = (flags & kAlertRolledUp) != 0;
  a.active_since = in->I64();
  a.fired_at = in->I64();
  a.last_true = in->I64();
  a.value = in->F64();
  a.threshold = in->F64();
  const uint64_t fields = in->Count(2, "group values");
  if (in->ok() && fields != rule_.group_by.size()) in->Fail("alert group of the wrong size");
  for (uint64_t i = 0; i < fields && in->ok(); ++i) {
    std::string field(in->Text());
    a.group.emplace_back(std::move(field), std::string(in->Text()));
  }
  alert::Evidence& e = a.evidence;
  e.window = in->I64();
  e.first_event = in->I64();
  e.last_event = in->I64();
  e.events = in->Varint();
  const uint64_t samples = in->Count(1, "samples");
  for (uint64_t i = 0; i < samples && in->ok(); ++i) e.samples.emplace_back(in->Text());
  e.rolled_up_groups = in->Varint();
  const uint64_t top = in->Count(9, "top groups");
  for (uint64_t i = 0; i < top && in->ok(); ++i) {
    std::string name(in->Text());
    e.top_groups.emplace_back(std::move(name), in->F64());
  }
  if (in->ok() && ((flags & ~(kAlertFiring | kAlertRolledUp)) != 0 || (a.rolled_up && !a.firing))) {
    in->Fail("bad alert flags");
  }
  if (in->ok() && !(SaneSnapshotTime(a.active_since) && SaneSnapshotTime(a.fired_at) &&
                    SaneSnapshotTime(a.last_true) && SaneSnapshotTime(e.first_event) &&
                    SaneSnapshotTime(e.last_event) && SaneSnapshotTime(e.window))) {
    in->Fail("alert time out of range");
  }
  if (in->ok() && !(std::isfinite(a.value) && std::isfinite(a.threshold))) {
    in->Fail("alert value is not finite");
  }
  if (in->ok() && !alerts_.emplace(key, std::move(a)).second) in->Fail("duplicate alert");
  if (!in->ok()) return false;
  // What Fire and Resolve keep count of, and the mark that keeps the group from eviction.
  const AlertState& loaded = alerts_.at(key);
  if (loaded.rolled_up) {
    ++rolled_up_;
  } else if (loaded.firing) {
    ++firing_;
  }
  auto it = index_.find(key);
  if (it != index_.end()) slab_[it->second].has_alert = true;
  return true;
}

uint64_t RuleEngine::RuleState::EvictToCaps() {
  uint64_t evicted = 0;
  while (index_.size() > rule_.max_groups && EvictOne()) ++evicted;
  while (baseline_index_.size() > rule_.max_groups && EvictBaseline()) ++evicted;
  return evicted;
}

}  // namespace gatewatch::rules

namespace gatewatch::rules {

size_t RuleEngine::RuleState::EvictForLoad() {
  // A live slot costs its own bytes and its share of an index that is at most 7/8 full.
  constexpr size_t kSlotIndexBytes = kIndexSlotBytes * 8 / 7 + 1;
  const size_t before = bytes_;
  if (EvictOne()) return before - bytes_ + sizeof(Group) + sizeof(uint32_t) + kSlotIndexBytes;
  if (EvictBaseline()) return sizeof(BaselineSlot) + sizeof(uint32_t) + kSlotIndexBytes;
  return 0;
}

namespace {

// Moves the live slots of `slab` to the front, in order, and indexes them afresh.
template <typename Slot>
void CompactSlab(std::deque<Slot>* slab, std::vector<uint32_t>* free, Index* index) {
  std::deque<Slot> live;
  for (Slot& s : *slab) {
    if (s.live) live.push_back(std::move(s));
  }
  slab->swap(live);
  *free = {};
  *index = {};
  index->reserve(slab->size());
  for (uint32_t i = 0; i < slab->size(); ++i) index->emplace((*slab)[i].key, i);
}

}  // namespace

void RuleEngine::RuleState::Compact() {
  CompactSlab(&slab_, &free_, &index_);
  CompactSlab(&baselines_, &free_baselines_, &baseline_index_);
  sweep_cursor_ = 0;
  size_t bytes = slab_.size() * (sizeof(Group) + sizeof(uint32_t)) +
                 index_.capacity() * kIndexSlotBytes +
                 baselines_.size() * (sizeof(BaselineSlot) + sizeof(uint32_t)) +
                 baseline_index_.capacity() * kIndexSlotBytes + alerts_.size() * kAlertBytes;
  for (const Group& g : slab_) {
    bytes += g.window.heap_bytes();
    if (g.distinct) bytes += g.distinct->heap_bytes() + sizeof(window::DistinctCounter);
  }
  Unaccount(bytes_);
  Account(bytes);
}

}  // namespace gatewatch::rules
