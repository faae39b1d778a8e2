#ifndef GATEWATCH_METRICS_TOTALS_COUNTER_H_
#define GATEWATCH_METRICS_TOTALS_COUNTER_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/labels.h>

#include <cstdint>
#include <map>

// Exports running totals (what the engine, parser and sinks keep) as Prometheus counters: each
// Advance adds the difference since the previous total of the same series. A total smaller
// than the previous one means its source restarted from zero (a new engine after a reload), so
// the whole new total is added, the way Prometheus' rate() reads a counter reset.
//
// Not thread-safe: DaemonMetrics calls it under its update lock. The family must outlive it.
namespace gatewatch::metrics {

class TotalsCounter {
 public:
  explicit TotalsCounter(prometheus::Family<prometheus::Counter>& family) : family_(family) {}

  // Brings series `labels` up to `total`, creating it (at 0) first if new. May throw what
  // prometheus-cpp throws for bad label names; callers pass fixed names.
  void Advance(const prometheus::Labels& labels, uint64_t total);

 private:
  struct Series {
    prometheus::Counter* counter;
    uint64_t last_total;
  };
  prometheus::Family<prometheus::Counter>& family_;
  std::map<prometheus::Labels, Series> series_;
};

}  // namespace gatewatch::metrics

#endif  // GATEWATCH_METRICS_TOTALS_COUNTER_H_
