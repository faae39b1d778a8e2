// The backend behind an AsyncSink: something that takes a batch of alerts to one destination
// (an Alertmanager, a log file, a Kafka topic).
//
// Contract: Deliver is called from the AsyncSink's one worker thread only, never concurrently;
// Abort may be called from another thread while Deliver runs.
#ifndef GATEWATCH_SINKS_DELIVERY_H_
#define GATEWATCH_SINKS_DELIVERY_H_

#include <vector>

#include "alert/alert.h"
#include "core/status.h"

namespace gatewatch::sinks {

class Delivery {
 public:
  virtual ~Delivery() = default;

  // Delivers one batch (1..max_batch_size alerts, already redacted by the sink's policy).
  // OK: the destination has the batch. InvalidArgument: the destination refused the batch and
  // would refuse it again (e.g. HTTP 400); it is not retried. Any other error is retried with
  // backoff.
  virtual core::Status Deliver(const std::vector<alert::Alert>& batch) = 0;

  // The sink is shutting down and will not call Deliver again: a Deliver in progress should
  // give up soon (return any error). Thread-safe. The default does nothing, which is right for
  // backends whose Deliver is quick (a local file).
  virtual void Abort() {}
};

}  // namespace gatewatch::sinks

#endif  // GATEWATCH_SINKS_DELIVERY_H_
