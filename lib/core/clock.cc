#include "core/clock.h"

#include <time.h>

namespace gatewatch::core {
namespace {

int64_t Read(clockid_t id) {
  timespec ts;
  clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

TimestampNs RealClock::Now() const { return Read(CLOCK_REALTIME); }
int64_t RealClock::MonotonicNs() const { return Read(CLOCK_MONOTONIC); }

}  // namespace gatewatch::core
