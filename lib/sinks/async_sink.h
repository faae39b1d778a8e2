// AsyncSink: puts a bounded queue and a delivery thread between the rule engine and a slow or
// failing output, so that no output can stall ingestion.
//
//   engine thread --Emit (copy, O(1), never waits on I/O)--> queue --worker thread--> Delivery
//
// Emit copies the alert into a bounded FIFO and returns. When the queue is full the OLDEST
// queued alert is dropped by default (the newest state of an alert matters most, and a resolve
// must not be lost behind stale re-sends; Prometheus' notifier does the same), or the new one
// with OverflowPolicy::kDropNewest; either way it is counted. One worker thread takes batches of
// up to max_batch_size, applies the sink's RedactionPolicy, and calls Delivery::Deliver. A
// failed batch is retried with exponential backoff and jitter until it succeeds, fails
// max_attempts times, or its first attempt is max_retry_age old; then it is dropped and
// counted. Order is kept: a batch is retried before anything queued after it is sent.
//
// Threading: Emit, Stats and Flush may be called from any thread. Stats are atomics (and one
// small lock for the last error string), so a metrics exporter can read them while the engine
// emits. Ownership: the sink owns its Delivery; the Clock must outlive the sink.
#ifndef GATEWATCH_SINKS_ASYNC_SINK_H_
#define GATEWATCH_SINKS_ASYNC_SINK_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alert/alert.h"
#include "alert/redact.h"
#include "core/clock.h"
#include "core/duration.h"
#include "sinks/backoff.h"
#include "sinks/delivery.h"

namespace gatewatch::sinks {

enum class OverflowPolicy {
  kDropOldest,  // make room by dropping the alert queued longest (default)
  kDropNewest,  // refuse the alert being emitted
};

struct AsyncSinkOptions {
  // Names the worker thread (first 15 bytes) and prefixes errors: "alertmanager", "alertlog".
  std::string name = "sink";
  // Alerts waiting in the queue (not counting the one batch being delivered). Memory bound:
  // (queue_capacity + max_batch_size) alerts.
  size_t queue_capacity = 10000;
  // What Emit does when the queue is full.
  OverflowPolicy when_full = OverflowPolicy::kDropOldest;
  // Most alerts handed to one Deliver call (Prometheus posts 256 per request).
  size_t max_batch_size = 256;
  // Waits between attempts of a failed batch.
  BackoffPolicy backoff;
  // A batch is dropped after this many failed attempts; 0 = no limit (max_retry_age decides).
  int max_attempts = 0;
  // A batch is dropped once this much time has passed since its first attempt. Keeps a dead
  // destination from holding the head of the queue forever.
  core::DurationNs max_retry_age = 5 * core::kMinute;
  // Applied by the worker thread to every alert before delivery (off the engine thread).
  alert::RedactionPolicy redaction;
};

// A snapshot of the counters. Counters only grow; the sum of the dropped_* counters is
// dropped().
struct AsyncSinkStats {
  uint64_t accepted = 0;                   // alerts Emit put in the queue
  uint64_t delivered = 0;                  // alerts in batches the destination accepted
  uint64_t failed_attempts = 0;            // Deliver calls that returned an error
  uint64_t rejected = 0;                   // alerts in batches refused as invalid (not retried)
  uint64_t dropped_queue_full = 0;         // alerts dropped by the overflow policy
  uint64_t dropped_retries_exhausted = 0;  // alerts in batches past max_attempts/max_retry_age
  uint64_t dropped_at_shutdown = 0;        // alerts left at Flush's deadline or emitted after it
  size_t queue_depth = 0;                  // alerts held now: queued + the batch in delivery
  size_t queue_capacity = 0;               // options.queue_capacity
  core::TimestampNs last_success = 0;      // wall clock of the last accepted batch; 0 = never
  std::string last_error;                  // message of the last failed Deliver; "" = none

  uint64_t dropped() const {
    return dropped_queue_full + dropped_retries_exhausted + dropped_at_shutdown;
  }
};

class AsyncSink final : public alert::AlertSink {
 public:
  // Starts the worker thread.
  AsyncSink(std::unique_ptr<Delivery> delivery, AsyncSinkOptions options, const core::Clock& clock);
  // Stops at once if Flush was not called (what is still queued is counted as dropped).
  ~AsyncSink() override;

  AsyncSink(const AsyncSink&) = delete;
  AsyncSink& operator=(const AsyncSink&) = delete;

  // Queues a copy of `alert`. Never blocks on delivery; takes one short lock.
  void Emit(const alert::Alert& alert) override;

  // For shutdown: stops accepting alerts, keeps delivering (and retrying) until the queue is
  // empty or the clock's MonotonicNs() reaches `deadline_mono_ns`, then stops the worker.
  // A Deliver in progress at the deadline is aborted (Delivery::Abort). Returns true when
  // everything accepted was delivered, rejected or dropped before the deadline, false when
  // alerts were left. Later Emits are counted as dropped_at_shutdown. Idempotent.
  bool Flush(int64_t deadline_mono_ns);

  AsyncSinkStats Stats() const;
  const std::string& name() const { return options_.name; }

 private:
  void Run();
  bool TakeBatch(std::vector<alert::Alert>* batch);
  void DeliverWithRetry(const std::vector<alert::Alert>& batch);
  bool WaitUnlessStopped(core::DurationNs delay);
  void SetLastError(const std::string& message);

  const std::unique_ptr<Delivery> delivery_;
  const AsyncSinkOptions options_;
  const core::Clock& clock_;

  std::mutex mu_;
  std::condition_variable work_cv_;  // worker: queue non-empty, or stop_
  std::condition_variable idle_cv_;  // Flush: the worker finished a batch
  std::deque<alert::Alert> queue_;   // guarded by mu_
  size_t in_flight_ = 0;             // guarded by mu_
  bool closed_ = false;              // guarded by mu_: Flush was called
  bool stop_ = false;                // guarded by mu_: the worker must exit now
  std::mutex flush_mu_;              // one Flush at a time

  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> failed_attempts_{0};
  std::atomic<uint64_t> rejected_{0};
  std::atomic<uint64_t> dropped_queue_full_{0};
  std::atomic<uint64_t> dropped_retries_exhausted_{0};
  std::atomic<uint64_t> dropped_at_shutdown_{0};
  std::atomic<size_t> queue_depth_{0};
  std::atomic<core::TimestampNs> last_success_{0};
  mutable std::mutex error_mu_;
  std::string last_error_;  // guarded by error_mu_

  std::thread worker_;
};

}  // namespace gatewatch::sinks

#endif  // GATEWATCH_SINKS_ASYNC_SINK_H_
