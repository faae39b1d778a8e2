#include "sinks/backoff.h"

#include <algorithm>

namespace gatewatch::sinks {

Backoff::Backoff(const BackoffPolicy& policy, uint64_t seed) : policy_(policy), rng_(seed) {
  policy_.initial = std::max<core::DurationNs>(policy_.initial, 1);
  policy_.max = std::max(policy_.max, policy_.initial);
  policy_.multiplier = std::max(policy_.multiplier, 1.0);
}

core::DurationNs Backoff::Next() {
  double max = static_cast<double>(policy_.max);
  step_ =
      step_ == 0 ? static_cast<double>(policy_.initial) : std::min(max, step_ * policy_.multiplier);
  auto step = static_cast<core::DurationNs>(step_);
  std::uniform_int_distribution<core::DurationNs> jitter(0, step / 2);
  return step - step / 2 + jitter(rng_);
}

}  // namespace gatewatch::sinks
