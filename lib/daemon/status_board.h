#ifndef GATEWATCH_DAEMON_STATUS_BOARD_H_
#define GATEWATCH_DAEMON_STATUS_BOARD_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "alert/alert.h"
#include "core/timestamp.h"

// What the live status page and /api/v1/status show: a plain-data picture of the daemon that
// the processing thread publishes about once a second and the HTTP threads read. Publishing
// swaps a shared pointer under a mutex, so a reader never sees half an update and never holds
// up the processing thread.
namespace gatewatch::daemon {

// A group of one rule and its current value against the rule's threshold.
struct GroupStatus {
  std::vector<std::pair<std::string, std::string>> group;  // group_by field -> value
  double value = 0;
  double threshold = 0;
  // "firing", "pending" (over the threshold, waiting for `for`), or "" (under it, or just
  // over it without an alert yet).
  std::string state;
};

struct RuleStatus {
  std::string rule;
  std::string severity;
  std::string description;
  std::string condition;  // as written: "> 20", "> 10 * baseline"
  uint64_t matched = 0;   // events that passed the filter, since start
  uint64_t groups = 0;    // tracked now
  uint64_t firing = 0;
  std::vector<GroupStatus> top;  // highest values first, a few
};

struct SinkStatus {
  std::string name;
  uint64_t delivered = 0;
  uint64_t failed = 0;
  uint64_t dropped = 0;
  int64_t queue_depth = 0;
  std::string last_error;
};

struct PartitionStatus {
  std::string topic;
  int32_t partition = 0;
  int64_t lag = -1;  // -1 unknown
};

struct StatusView {
  std::string version;
  core::TimestampNs generated_at = 0;  // wall clock
  core::TimestampNs started_at = 0;
  core::TimestampNs watermark = 0;  // event time the rules are at
  std::string input;                // "kafka 127.0.0.1:9092 topics access-logs group gatewatch"
  uint64_t events = 0;
  uint64_t rejected = 0;
  double events_per_second = 0;
  double rejects_per_second = 0;
  std::vector<std::pair<std::string, uint64_t>> rejected_by_reason;  // non-zero only
  std::vector<PartitionStatus> lag;
  std::vector<alert::Alert> firing;  // with evidence; newest first
  std::vector<RuleStatus> rules;
  std::vector<SinkStatus> sinks;
  std::string last_reload_error;  // "" when the last reload (if any) applied
  uint64_t state_bytes = 0;
  uint64_t state_budget_bytes = 0;
};

class StatusBoard {
 public:
  void Publish(StatusView view) {
    auto next = std::make_shared<const StatusView>(std::move(view));
    std::lock_guard<std::mutex> lock(mu_);
    current_ = std::move(next);
  }
  // The latest view (an empty one before the first Publish).
  std::shared_ptr<const StatusView> Get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return current_;
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const StatusView> current_ = std::make_shared<const StatusView>();
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_STATUS_BOARD_H_
