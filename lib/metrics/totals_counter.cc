#include "metrics/totals_counter.h"

namespace gatewatch::metrics {

void TotalsCounter::Advance(const prometheus::Labels& labels, uint64_t total) {
  auto it = series_.find(labels);
  if (it == series_.end()) {
    it = series_.emplace(labels, Series{&family_.Add(labels), 0}).first;
  }
  Series& series = it->second;
  const uint64_t delta = total >= series.last_total ? total - series.last_total : total;
  if (delta > 0) {
    series.counter->Increment(static_cast<double>(delta));
  }
  series.last_total = total;
}

}  // namespace gatewatch::metrics
