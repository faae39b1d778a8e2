#ifndef GATEWATCH_DAEMON_DAEMON_H_
#define GATEWATCH_DAEMON_DAEMON_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "config/daemon_config.h"
#include "core/clock.h"
#include "core/result.h"
#include "daemon/alert_ledger.h"
#include "daemon/input.h"
#include "daemon/log.h"
#include "daemon/status_board.h"
#include "daemon/systemd_notifier.h"
#include "parse/access_log_parser.h"
#include "parse/parse_stats.h"
#include "rules/rule_engine.h"

// gatewatchd's processing loop: one thread reads lines from the input, parses them and applies
// them to the rule engine; alerts go through the ledger to the sinks (which deliver on their
// own threads). The loop also moves time with the wall clock while the input is idle,
// snapshots state, commits input positions, reloads on request and talks to systemd.
// docs/architecture.md describes the threads and guarantees.
//
//   Daemon daemon(config_path, &logger, &notifier);
//   GW_RETURN_IF_ERROR(daemon.Start());   // config, rules, snapshot, input
//   int code = daemon.Run();              // until RequestStop() or the input ends
namespace gatewatch::daemon {

class Outputs;

class Daemon {
 public:
  Daemon(std::string config_path, Logger* log, SystemdNotifier* notifier);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Loads config and rules, restores the snapshot, opens the sinks and starts the input.
  core::Status Start();
  // Runs until RequestStop() or the end of the input, then shuts down cleanly (final snapshot,
  // commit, sink flush). Returns the process exit code.
  int Run();

  // Async-signal-safe: only set flags the loop polls.
  void RequestStop() { stop_.store(true, std::memory_order_relaxed); }
  void RequestReload() { reload_.store(true, std::memory_order_relaxed); }
  // Snapshot at the next turn of the loop (SIGUSR1: before maintenance, and for tests).
  void RequestSnapshot() { snapshot_now_.store(true, std::memory_order_relaxed); }

 private:
  // What a reload replaces as a whole: the rules and everything built from them.
  struct Pipeline {
    config::DaemonConfig config;
    std::shared_ptr<const rules::RuleSet> rules;
    std::unique_ptr<parse::AccessLogParser> parser;
    std::unique_ptr<rules::RuleEngine> engine;
    core::AccessEvent event;
  };

  // Delivers the engine's alerts: drops those the ledger says were already emitted, records
  // the rest, then hands each to every sink.
  class Emitter final : public alert::AlertSink {
   public:
    explicit Emitter(Daemon* daemon) : daemon_(daemon) {}
    void Emit(const alert::Alert& alert) override;

   private:
    Daemon* daemon_;
  };

  core::Result<std::unique_ptr<Pipeline>> BuildPipeline(const config::DaemonConfig& config) const;
  core::Result<std::unique_ptr<Input>> BuildInput(const config::DaemonConfig& config) const;
  core::Status OpenSinks();
  core::Status RestoreSnapshot();
  core::Status WriteSnapshot();
  void Reload();
  void ApplyLine(std::string_view line, uint32_t partition);
  void Housekeeping(int64_t now_mono);
  // STATUS=, the metrics and the status page, all from one reading of the statistics.
  void PublishStatus(int64_t now_mono);
  void Shutdown();
  void ApplyLogLevel(const config::LoggingConfig& logging);
  std::string SnapshotPath() const;
  std::string StatusLine(const rules::EngineStats& engine, const InputStatus& input) const;
  StatusView BuildStatusView(const rules::EngineStats& engine, const InputStatus& input,
                             std::vector<SinkStatus> sinks) const;

  std::string config_path_;
  Logger* log_;
  SystemdNotifier* notifier_;
  core::RealClock clock_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Input> input_;
  std::unique_ptr<AlertLedger> ledger_;
  std::unique_ptr<Outputs> outputs_;
  Emitter emitter_{this};
  parse::ParseStats parse_stats_;

  std::atomic<bool> stop_{false};
  std::atomic<bool> reload_{false};
  std::atomic<bool> snapshot_now_{false};
  std::string reload_error_;  // the last rejected reload, shown in STATUS until a good one
  uint64_t alerts_emitted_ = 0;
  uint64_t alerts_suppressed_ = 0;  // already emitted before a restart
  uint64_t alerts_firing_ = 0;
  uint64_t lines_ = 0;
  int64_t last_input_mono_ = 0;
  int64_t last_snapshot_mono_ = 0;
  int64_t last_status_mono_ = 0;
  int64_t last_watchdog_mono_ = 0;
  uint64_t lines_at_last_status_ = 0;
  double lines_per_second_ = 0;
  uint64_t rejects_at_last_status_ = 0;
  double rejects_per_second_ = 0;
  core::TimestampNs started_at_ = 0;
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_DAEMON_H_
