// Producer: a librdkafka producer with delivery reports counted, shared by the Kafka alert sink
// and `gatewatch produce`.
//
// Produce() never blocks: it queues the message locally (librdkafka sends it in the
// background) or says why it could not. Delivery reports arrive only while someone calls Poll()
// or Flush(); each one increments delivered() or failed().
//
// Threading: Produce, Poll, Flush and the counters may be used from any threads at once
// (librdkafka's producer is thread-safe; the counters are atomics).
#ifndef GATEWATCH_KAFKA_PRODUCER_H_
#define GATEWATCH_KAFKA_PRODUCER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "kafka/rdkafka_handle.h"

namespace gatewatch::kafka {

struct ProducerOptions {
  // bootstrap.servers: "host:port,host:port".
  std::string brokers;
  // Any librdkafka producer property; these win over gatewatch's defaults.
  Properties properties;
};

class Producer {
 public:
  static core::Result<std::unique_ptr<Producer>> Create(const ProducerOptions& options);
  // Destroys the client without waiting: call Flush() first to deliver what is queued.
  ~Producer() = default;
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Queues one message (copied) for `topic`; an empty `key` sends no key, and librdkafka then
  // spreads messages over the partitions. Returns RD_KAFKA_RESP_ERR_NO_ERROR when queued,
  // RD_KAFKA_RESP_ERR__QUEUE_FULL when the local queue is at its bound
  // (queue.buffering.max.messages / .kbytes), or another error when the message can never be
  // sent (too large, unknown topic, producer fenced by a fatal error).
  rd_kafka_resp_err_t Produce(const std::string& topic, std::string_view key,
                              std::string_view value);

  // Serves delivery reports for up to `timeout` (0: only those already waiting).
  void Poll(std::chrono::milliseconds timeout);
  // Waits up to `timeout` until every queued message is delivered or failed; true if none is
  // left.
  bool Flush(std::chrono::milliseconds timeout);
  // Drops every message not yet delivered (each counts as failed once reported by Poll()).
  void Purge();

  // Messages queued locally or in flight, plus protocol requests waiting.
  uint64_t queue_depth() const;
  uint64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }
  uint64_t failed() const { return failed_.load(std::memory_order_relaxed); }
  // The error of the latest failed delivery (RD_KAFKA_RESP_ERR_NO_ERROR if none yet).
  rd_kafka_resp_err_t last_error() const { return last_error_.load(std::memory_order_relaxed); }

 private:
  Producer() = default;
  static void OnDelivery(rd_kafka_t* client, const rd_kafka_message_t* message, void* opaque);

  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<rd_kafka_resp_err_t> last_error_{RD_KAFKA_RESP_ERR_NO_ERROR};
  // Last, so that it is destroyed first: OnDelivery uses the counters above.
  ClientPtr client_;
};

}  // namespace gatewatch::kafka

#endif  // GATEWATCH_KAFKA_PRODUCER_H_
