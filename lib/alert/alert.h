#ifndef GATEWATCH_ALERT_ALERT_H_
#define GATEWATCH_ALERT_ALERT_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/duration.h"

namespace gatewatch::alert {

enum class AlertStatus { kFiring, kResolved };

// What supports an alert: the window it was measured over and a few of the requests in it.
struct Evidence {
  core::DurationNs window = 0;
  core::TimestampNs first_event = 0;  // start of the oldest bucket in the window when it began
  core::TimestampNs last_event = 0;   // newest event counted
  uint64_t events = 0;                // events in the window when it began, plus those since
  std::vector<std::string> samples;   // a few paths / request ids, as seen
  // Roll-up alerts only: groups over the threshold that were folded into this alert.
  uint64_t rolled_up_groups = 0;
  std::vector<std::pair<std::string, double>> top_groups;
};

// The alert record every sink writes (docs/alerts.md). One per (rule, group) at a time; the
// fingerprint is stable across restarts (rule id and group values only).
struct Alert {
  std::string rule;
  AlertStatus status = AlertStatus::kFiring;
  std::string severity;
  std::vector<std::pair<std::string, std::string>> group;  // group_by field -> value, in order
  double value = 0;
  double threshold = 0;
  core::TimestampNs starts_at = 0;
  core::TimestampNs ends_at = 0;  // resolved only
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::string fingerprint;  // 16 hex digits
  Evidence evidence;
};

// Where alerts go. Implementations: JSON lines (stdout, file), and the daemon's sinks.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual void Emit(const Alert& alert) = 0;
};

// Collects alerts in memory (tests, `gatewatch test`).
class CollectingAlertSink final : public AlertSink {
 public:
  void Emit(const Alert& alert) override { alerts.push_back(alert); }
  std::vector<Alert> alerts;
};

// Writes each alert as one JSON line to a stdio stream (stdout, or a file the caller opened).
class JsonLinesAlertSink final : public AlertSink {
 public:
  explicit JsonLinesAlertSink(std::FILE* out) : out_(out) {}
  void Emit(const Alert& alert) override;
  uint64_t written() const { return written_; }

 private:
  std::FILE* out_;
  uint64_t written_ = 0;
};

// "a3f09c...": FNV-1a 64 over the rule id and the group's (name, value) pairs, so the same
// alert has the same fingerprint in every process and after every restart.
std::string Fingerprint(const std::string& rule,
                        const std::vector<std::pair<std::string, std::string>>& group);

// The record as one JSON object (no newline), with RFC 3339 UTC timestamps.
std::string AlertToJson(const Alert& alert);

}  // namespace gatewatch::alert

#endif  // GATEWATCH_ALERT_ALERT_H_
