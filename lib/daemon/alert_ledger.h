#ifndef GATEWATCH_DAEMON_ALERT_LEDGER_H_
#define GATEWATCH_DAEMON_ALERT_LEDGER_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "alert/alert.h"
#include "core/result.h"

// The durable record of which alert transitions (fingerprint, firing/resolved, starts_at) were
// handed to the sinks since the last state snapshot, so that no alert goes out twice.
//
// After a kill -9 the daemon rolls its rule state back to the last snapshot and re-applies the
// events read since; the engine then emits again the transitions those events cause. Each was
// written here (and fsynced) before it went to a sink, so the restarted daemon recognises and
// drops it. A snapshot covers everything emitted before it, so the ledger is emptied after each
// one and stays as small as the alerts of one snapshot interval.
namespace gatewatch::daemon {

class AlertLedger {
 public:
  // Opens (creating if needed) the ledger file and loads what it holds. A torn last line (a
  // crash mid-write) is ignored: that transition never reached a sink.
  static core::Result<std::unique_ptr<AlertLedger>> Open(const std::string& path);
  ~AlertLedger();
  AlertLedger(const AlertLedger&) = delete;
  AlertLedger& operator=(const AlertLedger&) = delete;

  // Whether this transition was already emitted.
  bool Contains(const alert::Alert& alert) const;
  // Records the transition durably (write + fdatasync) before it is handed to the sinks.
  core::Status Record(const alert::Alert& alert);
  // Forgets everything: call once a snapshot holding the state after these alerts is on disk.
  core::Status Clear();
  size_t size() const { return entries_.size(); }

 private:
  AlertLedger() = default;
  static std::string KeyOf(const alert::Alert& alert);

  std::string path_;
  int fd_ = -1;
  absl::flat_hash_set<std::string> entries_;
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_ALERT_LEDGER_H_
