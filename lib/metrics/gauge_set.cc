#include "metrics/gauge_set.h"

namespace gatewatch::metrics {

void GaugeSet::Set(const prometheus::Labels& labels, double value) {
  auto it = series_.find(labels);
  if (it == series_.end()) {
    it = series_.emplace(labels, Series{&family_.Add(labels), false}).first;
  }
  it->second.gauge->Set(value);
  it->second.set_this_round = true;
}

void GaugeSet::RemoveUnset() {
  for (auto it = series_.begin(); it != series_.end();) {
    if (it->second.set_this_round) {
      it->second.set_this_round = false;
      ++it;
    } else {
      family_.Remove(it->second.gauge);
      it = series_.erase(it);
    }
  }
}

}  // namespace gatewatch::metrics
