#ifndef GATEWATCH_CORE_CLOCK_H_
#define GATEWATCH_CORE_CLOCK_H_

#include <atomic>
#include <cstdint>

namespace gatewatch::core {

// Nanoseconds since the Unix epoch (UTC). Event time and wall time share this unit.
using TimestampNs = int64_t;

// Time as the program sees it. Injected everywhere a deadline or "now" is needed, so tests and
// replays are deterministic (leveldb's Env::NowMicros). Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (CLOCK_REALTIME), for comparing with event timestamps.
  virtual TimestampNs Now() const = 0;
  // A clock that never jumps (CLOCK_MONOTONIC), for intervals and timeouts.
  virtual int64_t MonotonicNs() const = 0;
};

// The operating system's clocks.
class RealClock final : public Clock {
 public:
  TimestampNs Now() const override;
  int64_t MonotonicNs() const override;
};

// A clock that moves only when told to. Both readings advance together.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimestampNs start = 0) : now_(start) {}
  TimestampNs Now() const override { return now_.load(std::memory_order_relaxed); }
  int64_t MonotonicNs() const override { return now_.load(std::memory_order_relaxed); }
  void Set(TimestampNs t) { now_.store(t, std::memory_order_relaxed); }
  void Advance(int64_t ns) { now_.fetch_add(ns, std::memory_order_relaxed); }

 private:
  std::atomic<TimestampNs> now_;
};

}  // namespace gatewatch::core

#endif  // GATEWATCH_CORE_CLOCK_H_
