// Exponential backoff with jitter for retrying a failed delivery.
//
// Failure n (1-based) waits a random time in [d/2, d], where d = min(max, initial * multiplier^
// (n-1)) ("equal jitter": never less than half the step, so retries thin out, and spread so
// that several senders that failed together do not retry together). Not thread-safe: one per
// retrying thread.
#ifndef GATEWATCH_SINKS_BACKOFF_H_
#define GATEWATCH_SINKS_BACKOFF_H_

#include <cstdint>
#include <random>

#include "core/duration.h"

namespace gatewatch::sinks {

struct BackoffPolicy {
  // The step after the first failure.
  core::DurationNs initial = 500 * core::kMillisecond;
  // The largest step.
  core::DurationNs max = 30 * core::kSecond;
  // Growth per failure (>= 1).
  double multiplier = 2.0;
};

class Backoff {
 public:
  Backoff(const BackoffPolicy& policy, uint64_t seed);

  // The wait after one more failure.
  core::DurationNs Next();
  // Back to the first step (after a success).
  void Reset() { step_ = 0; }

 private:
  BackoffPolicy policy_;
  double step_ = 0;  // current d in ns; 0 = no failure yet
  std::mt19937_64 rng_;
};

}  // namespace gatewatch::sinks

#endif  // GATEWATCH_SINKS_BACKOFF_H_
