#ifndef GATEWATCH_DAEMON_INPUT_H_
#define GATEWATCH_DAEMON_INPUT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/result.h"

// Where gatewatchd's lines come from: a Kafka consumer group, a followed file, or stdin.
//
// An input hands each line to a callback on the calling thread; when the callback returns,
// the line's event has been applied to the rule state, and only then does the input move its
// position past it (Kafka: the offset is stored for the next commit). Positions() is therefore
// exactly what the rule state reflects, and it is what the daemon snapshots with that state.
namespace gatewatch::daemon {

// Called for each line: the line (without its newline) and a dense partition number that
// identifies where it came from (a Kafka topic-partition, the file), stable across restarts.
using LineHandler = std::function<void(std::string_view line, uint32_t partition)>;

struct PartitionLag {
  std::string topic;
  int32_t partition = 0;
  int64_t lag = -1;  // messages behind the end of the partition; -1 unknown
};

struct InputStatus {
  uint64_t lines = 0;
  uint64_t errors = 0;      // transport errors (broker down, read errors)
  uint64_t rebalances = 0;  // Kafka only
  std::vector<PartitionLag> lag;
  std::string last_error;
};

struct InputNotice {
  bool error = false;
  std::string text;
};

class Input {
 public:
  enum class PollResult { kLines, kIdle, kEnd };

  virtual ~Input() = default;

  // Restores the positions saved by Positions() in an earlier run (before the first Poll).
  virtual core::Status Restore(std::string_view positions) = 0;
  // Starts reading (connects, subscribes, opens).
  virtual core::Status Start() = 0;
  // Delivers up to `max_lines` lines, waiting up to `timeout` for the first. kEnd: the input
  // is finished (a file read without follow, stdin closed).
  virtual PollResult Poll(core::DurationNs timeout, size_t max_lines,
                          const LineHandler& handler) = 0;
  // The positions just past the last line handed out, serialised for the snapshot.
  virtual std::string Positions() const = 0;
  // Makes the positions durable where the input has such a notion (Kafka commit). Called
  // after each snapshot and at shutdown.
  virtual core::Status Commit() = 0;
  // Stops reading (leaves the consumer group after a final commit).
  virtual void Close() = 0;
  virtual InputStatus status() const = 0;
  // Whether everything there is to read has been read, as far as the input can tell: only
  // then may the daemon take silence for idleness and move time with the wall clock. Not
  // while a consumer waits for its partitions, is behind, or cannot reach its brokers.
  virtual bool CaughtUp() const = 0;
  // Called, on the polling thread and before any of its lines, with the number of each
  // partition the input is given (Kafka assignments); files never call it.
  virtual void SetPartitionListener(std::function<void(uint32_t partition)> listener) {
    (void)listener;
  }
  // Things worth a log line since the last call (rebalances, broker errors, rotations).
  virtual std::vector<InputNotice> TakeNotices() = 0;
  virtual std::string Describe() const = 0;
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_INPUT_H_
