// RuleEngine::SaveState / LoadState: the snapshot's frame (magic, version, checksum), the
// engine's own state (time, watermark, counters) and one length-prefixed section per rule.
// docs/snapshots.md describes the format.
#include <zlib.h>

#include <new>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "rules/engine_watermark.h"
#include "rules/rule_engine.h"
#include "rules/rule_state.h"

namespace gatewatch::rules {
namespace {

using window::SnapshotReader;
using window::SnapshotWriter;

constexpr std::string_view kMagic("GWSTATE\0", 8);
constexpr uint32_t kFormatVersion = 1;
// magic, format version (u32), crc32 of the body (u32), body length (u64).
constexpr size_t kHeaderBytes = 24;
constexpr size_t kCrcOffset = 12;
// The smallest rule section header: a one-byte id, the definition hash, the section length.
constexpr size_t kMinRuleSectionBytes = 2 + 8 + 8;

uint32_t Crc32(std::string_view data) {
  return static_cast<uint32_t>(
      crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<z_size_t>(data.size())));
}

core::Status Corrupt(const std::string& what) {
  return core::Status::InvalidArgument("state snapshot: " + what);
}

core::Status CheckFrame(std::string_view data) {
  if (data.size() < kHeaderBytes) {
    return Corrupt("header: truncated (" + std::to_string(data.size()) + " bytes, need " +
                   std::to_string(kHeaderBytes) + ")");
  }
  if (data.substr(0, kMagic.size()) != kMagic) {
    return Corrupt("header: not a gatewatch state snapshot (bad magic)");
  }
  SnapshotReader header(data.substr(kMagic.size(), kHeaderBytes - kMagic.size()));
  const uint32_t version = header.U32();
  const uint32_t crc = header.U32();
  const uint64_t length = header.U64();
  if (version != kFormatVersion) {
    return Corrupt("header: format version " + std::to_string(version) + ", this build reads " +
                   std::to_string(kFormatVersion));
  }
  const std::string_view body = data.substr(kHeaderBytes);
  if (length != body.size()) {
    return Corrupt("header: body of " + std::to_string(length) + " bytes, file has " +
                   std::to_string(body.size()) + " (truncated or extended)");
  }
  if (Crc32(body) != crc) return Corrupt("body: checksum mismatch (corrupt)");
  return core::Status::Ok();
}

}  // namespace

void RuleEngine::Watermark::Save(SnapshotWriter* out) const {
  out->I64(value_);
  out->I64(floor_);
  out->Varint(observed_);
  out->Varint(partitions_.size());
  for (const Partition& p : partitions_) {
    out->I64(p.max_ts);
    out->U8(p.seen ? 1 : 0);
  }
}

bool RuleEngine::Watermark::Load(SnapshotReader* in) {
  value_ = in->I64();
  floor_ = in->I64();
  observed_ = in->Varint();
  const uint64_t n = in->Count(9, "partitions");
  now_ = clock_.MonotonicNs();
  partitions_.resize(n);
  for (Partition& p : partitions_) {
    p.max_ts = in->I64();
    p.seen = in->Bool();
    p.last_seen = now_;
    if (in->ok() && !SaneSnapshotTime(p.max_ts)) in->Fail("partition time out of range");
  }
  if (in->ok() && (!SaneSnapshotTime(value_) || !SaneSnapshotTime(floor_)))
    in->Fail("watermark out of range");
  return in->ok();
}

core::Status RuleEngine::SaveState(std::string* out) const {
  try {
    out->clear();
    SnapshotWriter w(out);
    w.Bytes(kMagic);
    w.U32(kFormatVersion);
    w.U32(0);  // the checksum, once the body is written
    const size_t length_at = w.ReserveU64();
    w.I64(base_);
    w.I64(last_tick_);
    w.Varint(events_);
    w.Varint(late_);
    w.Varint(future_);
    watermark_->Save(&w);
    w.Varint(states_.size());
    for (size_t i = 0; i < states_.size(); ++i) {
      const Rule& rule = rules_->rules[i];
      w.Text(rule.id);
      w.U64(rule.definition_hash);
      const size_t section_at = w.ReserveU64();
      states_[i]->Save(&w);
      w.PatchU64(section_at, w.size() - section_at - 8);
    }
    const std::string_view body = std::string_view(*out).substr(kHeaderBytes);
    w.PatchU64(length_at, body.size());
    w.PatchU32(kCrcOffset, Crc32(body));
    return core::Status::Ok();
  } catch (const std::bad_alloc&) {
    out->clear();
    return core::Status::Internal("state snapshot: out of memory while saving");
  }
}

core::Result<StateLoadReport> RuleEngine::LoadState(std::string_view data) {
  if (events_ != 0 || base_ != 0) {
    return core::Status::InvalidArgument(
        "state snapshot: LoadState needs a fresh engine (events were applied already)");
  }
  StateLoadReport report;
  core::Status status = CheckFrame(data);
  try {
    if (status.ok()) status = LoadBody(data.substr(kHeaderBytes), &report);
  } catch (const std::bad_alloc&) {
    status = Corrupt("out of memory while loading");
  }
  if (!status.ok()) {
    ResetState();
    return status;
  }
  EvictToBudget(&report);
  return report;
}

core::Status RuleEngine::LoadBody(std::string_view body, StateLoadReport* report) {
  SnapshotReader in(body);
  const int64_t base = in.I64();
  const int64_t last_tick = in.I64();
  const uint64_t events = in.Varint();
  const uint64_t late = in.Varint();
  const uint64_t future = in.Varint();
  if (in.ok() && (!SaneSnapshotTime(base) || !SaneSnapshotTime(last_tick)))
    in.Fail("engine time out of range");
  if (!in.ok() || !watermark_->Load(&in)) return Corrupt("engine section: " + in.error());
  base_ = base;
  last_tick_ = last_tick;
  events_ = events;
  late_ = late;
  future_ = future;
  for (auto& state : states_) state->set_base(base_);

  absl::flat_hash_map<std::string_view, size_t> by_id;
  for (size_t i = 0; i < rules_->rules.size(); ++i) by_id.emplace(rules_->rules[i].id, i);
  enum class Fate : uint8_t { kAdded, kRestored, kChanged };
  std::vector<Fate> fate(states_.size(), Fate::kAdded);
  const uint64_t sections = in.Count(kMinRuleSectionBytes, "rule sections");
  for (uint64_t n = 0; n < sections; ++n) {
    const std::string id(in.Text());
    const uint64_t hash = in.U64();
    const uint64_t length = in.U64();
    if (in.ok() && length > in.remaining()) in.Fail("section longer than the bytes left");
    const std::string_view section = in.Bytes(static_cast<size_t>(length));
    if (!in.ok()) return Corrupt("rule section " + std::to_string(n) + ": " + in.error());
    auto it = by_id.find(id);
    if (it == by_id.end()) {
      report->dropped.push_back(id);
      continue;
    }
    const size_t i = it->second;
    if (fate[i] != Fate::kAdded) return Corrupt("rule \"" + id + "\": a second section");
    if (hash != rules_->rules[i].definition_hash) {
      fate[i] = Fate::kChanged;
      continue;
    }
    SnapshotReader rule_in(section);
    if (!states_[i]->Load(&rule_in)) return Corrupt("rule \"" + id + "\": " + rule_in.error());
    if (!rule_in.at_end()) {
      return Corrupt("rule \"" + id + "\": " + std::to_string(rule_in.remaining()) +
                     " bytes after its state");
    }
    fate[i] = Fate::kRestored;
  }
  if (!in.at_end()) {
    return Corrupt("body: " + std::to_string(in.remaining()) + " bytes after the last section");
  }
  for (size_t i = 0; i < states_.size(); ++i) {
    const std::string& id = rules_->rules[i].id;
    switch (fate[i]) {
      case Fate::kAdded:
        report->added.push_back(id);
        break;
      case Fate::kChanged:
        report->changed.push_back(id);
        break;
      case Fate::kRestored: {
        report->restored.push_back(id);
        const RuleStats stats = states_[i]->stats();
        report->groups += stats.groups;
        report->baselines += stats.baselines;
        report->alerts += states_[i]->alert_count();
        break;
      }
    }
  }
  return core::Status::Ok();
}

void RuleEngine::EvictToBudget(StateLoadReport* report) {
  for (auto& state : states_) report->evicted += state->EvictToCaps();
  const size_t budget = options_.memory_budget_bytes;
  if (total_bytes_ <= budget) return;
  // The snapshot's slabs and indexes were sized for a larger budget: drop the least recently
  // seen groups, round robin over the rules, until the compacted layout fits; compact; repeat
  // while the estimate fell short and something is left to drop.
  for (bool progress = true; progress;) {
    const size_t excess = total_bytes_ > budget ? total_bytes_ - budget : 0;
    size_t freed = 0;
    progress = false;
    for (bool again = true; again && freed < excess;) {
      again = false;
      for (auto& state : states_) {
        const size_t bytes = freed < excess ? state->EvictForLoad() : 0;
        freed += bytes;
        report->evicted += bytes > 0;
        again |= bytes > 0;
      }
      progress |= again;
    }
    for (auto& state : states_) state->Compact();
    if (total_bytes_ <= budget) return;
  }
}

}  // namespace gatewatch::rules
