#ifndef GATEWATCH_WINDOW_BASELINE_H_
#define GATEWATCH_WINDOW_BASELINE_H_

#include <cstdint>

#include "core/duration.h"
#include "window/snapshot_codec.h"

namespace gatewatch::window {

// How a group's normal is learned: an exponentially weighted mean and variance of the
// aggregate per period (the rule's window length), over periods whose weight halves every
// `half_life`. Quiet periods count as zeros, so a key that stops decays towards zero.
struct BaselineParams {
  core::DurationNs period = core::kMinute;
  core::DurationNs half_life = core::kHour;
  // Periods to observe before the baseline may be used: cold groups never alert on it.
  uint32_t warmup_periods = 30;
  // The baseline never counts as less than this, so tiny groups (a key doing 1 request a
  // minute) do not alert on a handful.
  double floor = 0;

  // Weight of the newest period: 1 - 2^(-period / half_life).
  double Alpha() const;
};

// One group's learned normal: 16 bytes, kept apart from (and outliving) its window.
class Baseline {
 public:
  // Adds `x` to the aggregate of period `period` (event time / params.period).
  void Observe(uint32_t period, double x, const BaselineParams& params);
  // Folds every period before `period` into the mean, so Mean/StdDev describe the past.
  void AdvanceTo(uint32_t period, const BaselineParams& params);

  double mean() const { return mean_; }
  double stddev() const;
  uint32_t samples() const { return samples_; }
  uint32_t last_period() const { return period_; }
  bool warm(const BaselineParams& params) const { return samples_ >= params.warmup_periods; }

  // Snapshots (docs/snapshots.md): every field, bit for bit. Load fails `in` and returns false
  // on malformed input.
  void Save(SnapshotWriter* out) const;
  bool Load(SnapshotReader* in);

 private:
  void Fold(double x, double alpha);

  float mean_ = 0;
  float variance_ = 0;
  float current_ = 0;  // aggregate of period_ so far
  uint32_t period_ = 0;
  uint16_t samples_ = 0;
  bool started_ = false;
};

}  // namespace gatewatch::window

#endif  // GATEWATCH_WINDOW_BASELINE_H_
