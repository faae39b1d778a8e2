#ifndef GATEWATCH_DAEMON_KAFKA_INPUT_H_
#define GATEWATCH_DAEMON_KAFKA_INPUT_H_

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/daemon_config.h"
#include "daemon/input.h"

// A librdkafka KafkaConsumer in a consumer group, at-least-once: enable.auto.offset.store is
// off and an offset is stored only after the handler returned for its message (so after the
// event was applied to the rule state); librdkafka commits the stored offsets every
// commit_interval, and Commit() commits synchronously (after snapshots, at shutdown, and on
// revocation in the rebalance callback).
//
// Restart semantics: Restore() gives the positions saved in the snapshot; when a partition is
// assigned, the consumer starts at the snapshot's position, not at the committed offset (after
// a kill -9 the committed offset may be ahead of the snapshot, whose state must see the events
// in between again). Partitions unknown to the snapshot start at the committed offset, or at
// start_at when the group has none.
//
// One instance owns all partitions of its topics until scale-out is designed (docs/kafka.md).
// Single-threaded: Poll/Commit/Close from the daemon's processing thread.
namespace gatewatch::daemon {

class KafkaInput final : public Input {
 public:
  static core::Result<std::unique_ptr<KafkaInput>> Create(const config::KafkaInputConfig& config);
  ~KafkaInput() override;

  core::Status Restore(std::string_view positions) override;
  core::Status Start() override;
  PollResult Poll(core::DurationNs timeout, size_t max_lines, const LineHandler& handler) override;
  std::string Positions() const override;
  core::Status Commit() override;
  void Close() override;
  InputStatus status() const override;
  bool CaughtUp() const override;
  void SetPartitionListener(std::function<void(uint32_t)> listener) override {
    partition_listener_ = std::move(listener);
  }
  std::vector<InputNotice> TakeNotices() override;
  std::string Describe() const override;

 private:
  // One topic-partition this consumer has read or been given. `index` is the engine's
  // partition number, kept across restarts through the snapshot.
  struct Slot {
    std::string topic;
    int32_t partition = 0;
    int64_t next_offset = -1;  // first offset not yet applied; -1 unknown
    uint32_t index = 0;
    bool assigned = false;
    bool dirty = false;               // next_offset moved since the last offsets_store
    rd_kafka_topic_t* rkt = nullptr;  // cache for the per-message lookup
  };

  explicit KafkaInput(config::KafkaInputConfig config) : config_(std::move(config)) {}

  static void RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* parts, void* opaque);
  static void ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void LogCallback(const rd_kafka_t* rk, int level, const char* fac, const char* buf);

  void OnAssign(rd_kafka_topic_partition_list_t* parts);
  void OnRevoke(rd_kafka_topic_partition_list_t* parts);
  Slot* FindSlot(std::string_view topic, int32_t partition);
  Slot& SlotFor(std::string_view topic, int32_t partition);
  Slot& SlotForMessage(rd_kafka_topic_t* rkt, int32_t partition);
  void StoreOffsets();
  core::Status CommitSlots(bool assigned_only);
  void Notice(bool error, std::string text);

  config::KafkaInputConfig config_;
  rd_kafka_t* rk_ = nullptr;
  std::deque<Slot> slots_;  // deque: references stay valid as slots are added
  std::function<void(uint32_t)> partition_listener_;
  uint64_t lines_ = 0;
  uint64_t errors_ = 0;
  uint64_t rebalances_ = 0;
  bool closed_ = false;
  mutable std::mutex notices_mu_;  // librdkafka logs from its own threads
  std::vector<InputNotice> notices_;
  std::string last_error_;
  std::atomic<int64_t> last_error_mono_{0};  // when a broker or transport error was last seen
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_KAFKA_INPUT_H_
