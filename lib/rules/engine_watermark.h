#ifndef GATEWATCH_RULES_ENGINE_WATERMARK_H_
#define GATEWATCH_RULES_ENGINE_WATERMARK_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/clock.h"
#include "core/duration.h"
#include "rules/rule_engine.h"
#include "window/snapshot_codec.h"

// Internal to lib/rules (rule_engine.cc, engine_snapshot.cc).
namespace gatewatch::rules {

// Event time per input partition; the watermark is the slowest active partition's newest
// event, so one busy partition cannot make another's events late.
class RuleEngine::Watermark {
 public:
  Watermark(const core::Clock& clock, core::DurationNs idle_timeout)
      : clock_(clock), idle_timeout_(idle_timeout) {}

  void Observe(uint32_t partition, core::TimestampNs ts) {
    if (partition >= partitions_.size()) partitions_.resize(partition + 1);
    Partition& p = partitions_[partition];
    p.max_ts = std::max(p.max_ts, ts);
    p.seen = true;
    if (partitions_.size() == 1) {
      value_ = std::max(value_, ts);  // one input: its newest event is the watermark
      return;
    }
    // Idleness is measured on the wall clock, read once per 256 events.
    if ((++observed_ & 0xFF) == 1) now_ = clock_.MonotonicNs();
    p.last_seen = now_;
    Recompute();
  }

  // A partition the input has just been given: until its first event (or the idle timeout),
  // it holds the watermark where it is (or, if it had events before, at its newest one), so
  // that the first partition to deliver a batch cannot make the others' events late.
  void Expect(uint32_t partition) {
    if (partition >= partitions_.size()) partitions_.resize(partition + 1);
    Partition& p = partitions_[partition];
    if (p.seen) {
      // Given back after a revocation (an outage past the session timeout): it is active
      // again from now, so it holds the watermark at its newest event until it delivers.
      p.last_seen = clock_.MonotonicNs();
      return;
    }
    p.expected = true;
    p.expected_since = clock_.MonotonicNs();
  }

  void AdvanceTo(core::TimestampNs t) { floor_ = std::max(floor_, t); }

  core::TimestampNs value() const { return std::max(value_, floor_); }

  // Snapshots (engine_snapshot.cc). Idleness is measured on this process's monotonic clock, so
  // a loaded partition counts as seen at load time.
  void Save(window::SnapshotWriter* out) const;
  bool Load(window::SnapshotReader* in);

  void Recompute() {
    core::TimestampNs slowest = INT64_MAX;
    const int64_t now = now_;
    for (const Partition& p : partitions_) {
      if (!p.seen) {
        if (p.expected && now - p.expected_since <= idle_timeout_) return;  // hold
        continue;
      }
      if (partitions_.size() > 1 && now - p.last_seen > idle_timeout_) continue;
      slowest = std::min(slowest, p.max_ts);
    }
    if (slowest != INT64_MAX) value_ = std::max(value_, slowest);
  }

 private:
  struct Partition {
    core::TimestampNs max_ts = 0;
    int64_t last_seen = 0;
    bool seen = false;
    bool expected = false;       // assigned, not seen yet (not saved in snapshots)
    int64_t expected_since = 0;  // monotonic
  };
  const core::Clock& clock_;
  core::DurationNs idle_timeout_;
  std::vector<Partition> partitions_;
  core::TimestampNs value_ = 0;  // never goes back
  uint64_t observed_ = 0;
  int64_t now_ = 0;
  core::TimestampNs floor_ = 0;  // set by AdvanceTo (idle input, end of replay)
};

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_ENGINE_WATERMARK_H_
