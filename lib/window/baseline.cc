#include "window/baseline.h"

#include <algorithm>
#include <cmath>

namespace gatewatch::window {

double BaselineParams::Alpha() const {
  if (half_life <= 0) return 1;
  return 1 - std::exp2(-static_cast<double>(period) / static_cast<double>(half_life));
}

void Baseline::Fold(double x, double alpha) {
  if (samples_ == 0) {
    // The first period is the best guess of normal there is; starting from zero would read
    // every new group's first hours as a climb.
    mean_ = static_cast<float>(x);
    variance_ = 0;
    samples_ = 1;
    return;
  }
  double delta = x - mean_;
  mean_ = static_cast<float>(mean_ + alpha * delta);
  variance_ = static_cast<float>((1 - alpha) * (variance_ + alpha * delta * delta));
  if (samples_ < UINT16_MAX) ++samples_;
}

void Baseline::AdvanceTo(uint32_t period, const BaselineParams& params) {
  if (!started_) {
    started_ = true;
    period_ = period;
    return;
  }
  if (period <= period_) return;
  const double alpha = params.Alpha();
  Fold(current_, alpha);
  current_ = 0;
  // Quiet periods are zeros. After enough of them the mean is gone; stop looping there.
  uint32_t idle = period - period_ - 1;
  uint32_t steps = std::min<uint32_t>(idle, 4096);
  for (uint32_t i = 0; i < steps; ++i) Fold(0, alpha);
  if (idle > steps) {
    mean_ = 0;
    variance_ = 0;
    samples_ = static_cast<uint16_t>(std::min<uint32_t>(UINT16_MAX, samples_ + idle - steps));
  }
  period_ = period;
}

void Baseline::Observe(uint32_t period, double x, const BaselineParams& params) {
  if (started_ && period < period_) return;  // late into a folded period: too late to count
  AdvanceTo(period, params);
  current_ = static_cast<float>(current_ + x);
}

void Baseline::Save(SnapshotWriter* out) const {
  out->F32(mean_);
  out->F32(variance_);
  out->F32(current_);
  out->Varint(period_);
  out->Varint(samples_);
  out->U8(started_ ? 1 : 0);
}

bool Baseline::Load(SnapshotReader* in) {
  *this = Baseline();
  mean_ = in->F32();
  variance_ = in->F32();
  current_ = in->F32();
  period_ = in->Varint32();
  const uint64_t samples = in->Varint();
  started_ = in->Bool();
  if (in->ok() && samples > UINT16_MAX) in->Fail("baseline with more than 65535 samples");
  if (in->ok() && !(std::isfinite(mean_) && std::isfinite(variance_) && std::isfinite(current_))) {
    in->Fail("baseline value is not finite");
  }
  if (!in->ok()) {
    *this = Baseline();
    return false;
  }
  samples_ = static_cast<uint16_t>(samples);
  return true;
}

double Baseline::stddev() const { return std::sqrt(std::max(0.0f, variance_)); }

}  // namespace gatewatch::window
