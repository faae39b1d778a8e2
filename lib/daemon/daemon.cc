#include "daemon/daemon.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "config/daemon_check.h"
#include "config/parser_for_rules.h"
#include "config/rule_loader.h"
#include "daemon/file_input.h"
#include "daemon/kafka_input.h"
#include "daemon/outputs.h"
#include "daemon/state_snapshot.h"
#include "daemon/stdin_input.h"

namespace gatewatch::daemon {
namespace {

constexpr core::DurationNs kPollTimeout = 100 * core::kMillisecond;
constexpr size_t kPollBatch = 4096;
constexpr int64_t kStatusIntervalNs = 2 * core::kSecond;
// At shutdown, how long the sinks may take to deliver what is queued.
constexpr int64_t kSinkFlushTimeoutNs = 10 * core::kSecond;

// A test hook: while this file exists the loop stalls without pinging the watchdog, as a
// stuck loop would (tests/daemon checks that systemd would then kill us).
const char* StallFile() { return std::getenv("GATEWATCH_TEST_STALL_FILE"); }

rules::EngineOptions EngineOptionsOf(const config::DaemonConfig& config) {
  rules::EngineOptions o;
  o.allowed_lateness = config.engine.allowed_lateness;
  o.future_tolerance = config.engine.future_tolerance;
  o.idle_partition_timeout = config.engine.idle_partition_timeout;
  o.memory_budget_bytes = config.engine.memory_budget_bytes;
  o.resolve_at_finish = false;  // a daemon leaves alerts to the wall clock, never to EOF
  return o;
}

}  // namespace

void Daemon::ApplyLogLevel(const config::LoggingConfig& logging) {
  if (auto level = LogLevelFromName(logging.level)) log_->set_min_level(*level);
}

Daemon::Daemon(std::string config_path, Logger* log, SystemdNotifier* notifier)
    : config_path_(std::move(config_path)), log_(log), notifier_(notifier) {}

Daemon::~Daemon() = default;

core::Result<std::unique_ptr<Daemon::Pipeline>> Daemon::BuildPipeline(
    const config::DaemonConfig& config) const {
  auto pipeline = std::make_unique<Pipeline>();
  pipeline->config = config;
  GW_ASSIGN_OR_RETURN(pipeline->rules, config::LoadRuleFiles(config::RulePathsToLoad(config)));
  GW_ASSIGN_OR_RETURN(pipeline->parser,
                      config::CreateParserForRules(config.format, *pipeline->rules));
  pipeline->event = pipeline->parser->NewEvent();
  pipeline->engine =
      std::make_unique<rules::RuleEngine>(pipeline->rules, EngineOptionsOf(config), clock_);
  return pipeline;
}

core::Result<std::unique_ptr<Input>> Daemon::BuildInput(const config::DaemonConfig& config) const {
  switch (config.input.kind) {
    case config::InputKind::kKafka: {
      GW_ASSIGN_OR_RETURN(std::unique_ptr<KafkaInput> input,
                          KafkaInput::Create(config.input.kafka));
      return std::unique_ptr<Input>(std::move(input));
    }
    case config::InputKind::kFile:
      return std::unique_ptr<Input>(std::make_unique<FileInput>(config.input.file));
    case config::InputKind::kStdin:
      return std::unique_ptr<Input>(std::make_unique<StdinInput>());
  }
  return core::Status::Internal("unknown input kind");
}

core::Status Daemon::Start() {
  GW_ASSIGN_OR_RETURN(config::DaemonConfig config, config::LoadDaemonConfig(config_path_));
  ApplyLogLevel(config.logging);
  GW_ASSIGN_OR_RETURN(pipeline_, BuildPipeline(config));
  GW_ASSIGN_OR_RETURN(input_, BuildInput(config));
  if (!config.state.directory.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(config.state.directory, ec);
    GW_ASSIGN_OR_RETURN(ledger_,
                        AlertLedger::Open(config.state.directory + "/emitted-alerts.ledger"));
    GW_RETURN_IF_ERROR(RestoreSnapshot());
  }
  GW_RETURN_IF_ERROR(OpenSinks());
  input_->SetPartitionListener(
      [this](uint32_t partition) { pipeline_->engine->ExpectPartition(partition); });
  GW_RETURN_IF_ERROR(input_->Start());
  log_->Info("started", {{"input", input_->Describe()},
                         {"rules", pipeline_->rules->rules.size()},
                         {"config", config_path_}});
  return core::Status::Ok();
}

core::Status Daemon::OpenSinks() {
  GW_ASSIGN_OR_RETURN(outputs_, Outputs::Create(pipeline_->config, clock_, log_));
  outputs_->RestoreFiring(*pipeline_->engine);
  if (std::string url = outputs_->http_url(); !url.empty()) {
    log_->Info("serving metrics", {{"url", url + "/metrics"}});
  }
  return core::Status::Ok();
}

std::string Daemon::SnapshotPath() const {
  return pipeline_->config.state.directory + "/state.snapshot";
}

core::Status Daemon::RestoreSnapshot() {
  auto snapshot = ReadDaemonSnapshot(SnapshotPath());
  if (!snapshot.ok()) {
    if (snapshot.status().code() == core::Status::Code::kNotFound) {
      log_->Info("no snapshot: starting with empty state", {{"path", SnapshotPath()}});
      return core::Status::Ok();
    }
    if (pipeline_->config.state.refuse_bad_snapshot) return snapshot.status();
    log_->Error("snapshot unusable: starting with empty state",
                {{"reason", snapshot.status().message()}});
    return core::Status::Ok();
  }
  auto report = pipeline_->engine->LoadState(snapshot->engine_state);
  if (!report.ok()) {
    // LoadState leaves the engine empty and usable.
    if (pipeline_->config.state.refuse_bad_snapshot) return report.status();
    log_->Error("snapshot state unusable: starting with empty state",
                {{"reason", report.status().message()}});
    return core::Status::Ok();
  }
  if (snapshot->input_kind == config::InputKindName(pipeline_->config.input.kind)) {
    GW_RETURN_IF_ERROR(input_->Restore(snapshot->input_positions));
  }
  log_->Info("state restored", {{"path", SnapshotPath()},
                                {"rules_restored", report->restored.size()},
                                {"rules_changed", report->changed.size()},
                                {"rules_added", report->added.size()},
                                {"groups", report->groups},
                                {"alerts", report->alerts},
                                {"positions", snapshot->input_positions}});
  return core::Status::Ok();
}

core::Status Daemon::WriteSnapshot() {
  if (pipeline_->config.state.directory.empty()) return core::Status::Ok();
  DaemonSnapshot snapshot;
  snapshot.written_at = clock_.Now();
  snapshot.input_kind = config::InputKindName(pipeline_->config.input.kind);
  snapshot.input_positions = input_->Positions();
  GW_RETURN_IF_ERROR(pipeline_->engine->SaveState(&snapshot.engine_state));
  GW_RETURN_IF_ERROR(WriteDaemonSnapshot(SnapshotPath(), snapshot));
  // The snapshot covers every alert emitted so far.
  if (ledger_ != nullptr) GW_RETURN_IF_ERROR(ledger_->Clear());
  return input_->Commit();
}

void Daemon::Emitter::Emit(const alert::Alert& alert) {
  Daemon& d = *daemon_;
  if (d.ledger_ != nullptr) {
    if (d.ledger_->Contains(alert)) {
      ++d.alerts_suppressed_;
      return;
    }
    if (core::Status s = d.ledger_->Record(alert); !s.ok()) {
      d.log_->Error("alert ledger", {{"reason", s.message()}});
    }
  }
  ++d.alerts_emitted_;
  d.log_->Info(alert.status == alert::AlertStatus::kFiring ? "alert firing" : "alert resolved",
               {{"rule", alert.rule}, {"fingerprint", alert.fingerprint}});
  d.outputs_->sink()->Emit(alert);
}

void Daemon::ApplyLine(std::string_view line, uint32_t partition) {
  Pipeline& p = *pipeline_;
  ++lines_;
  parse::ParseResult result = p.parser->Parse(line, &p.event);
  parse_stats_.Record(result, p.event, line, lines_, *p.parser);
  if (result.ok()) p.engine->Apply(p.event, partition, &emitter_);
}

void Daemon::Reload() {
  notifier_->Reloading();
  log_->Info("reloading", {{"config", config_path_}});
  auto config = config::LoadDaemonConfig(config_path_);
  core::Result<std::unique_ptr<Pipeline>> next =
      config.ok() ? BuildPipeline(*config)
                  : core::Result<std::unique_ptr<Pipeline>>(config.status());
  core::Status moved = core::Status::Ok();
  if (next.ok()) {
    // Unchanged rules keep their windows, baselines and alerts.
    std::string state;
    moved = pipeline_->engine->SaveState(&state);
    if (moved.ok()) moved = (*next)->engine->LoadState(state).status();
  }
  if (!next.ok() || !moved.ok()) {
    reload_error_ = (!next.ok() ? next.status() : moved).message();
    outputs_->RecordReload(false);
    log_->Error("reload rejected, the running rules stay", {{"reason", reload_error_}});
  } else {
    if ((*next)->config.input.kind != pipeline_->config.input.kind) {
      log_->Warn("input changes need a restart", {});
    }
    pipeline_ = std::move(*next);
    ApplyLogLevel(pipeline_->config.logging);
    reload_error_.clear();
    outputs_->RecordReload(true);
    log_->Info("reloaded", {{"rules", pipeline_->rules->rules.size()}});
  }
  notifier_->Ready();
  PublishStatus(clock_.MonotonicNs());
}

std::string Daemon::StatusLine(const rules::EngineStats& engine, const InputStatus& input) const {
  uint64_t firing = 0;
  for (const rules::RuleStats& r : engine.rules) firing += r.alerts_firing;
  int64_t lag = 0;
  for (const PartitionLag& l : input.lag) lag += std::max<int64_t>(0, l.lag);
  char line[256];
  std::snprintf(line, sizeof(line),
                "%.0f events/s, %llu events, %llu rejected, %llu firing, lag %lld",
                lines_per_second_, static_cast<unsigned long long>(lines_),
                static_cast<unsigned long long>(parse_stats_.rejected()),
                static_cast<unsigned long long>(firing), static_cast<long long>(lag));
  std::string out = line;
  if (!reload_error_.empty()) out += "; last reload failed: " + reload_error_;
  return out;
}

void Daemon::PublishStatus(int64_t now_mono) {
  double seconds = static_cast<double>(now_mono - last_status_mono_) / 1e9;
  if (seconds > 0 && last_status_mono_ != 0) {
    lines_per_second_ = static_cast<double>(lines_ - lines_at_last_status_) / seconds;
    rejects_per_second_ =
        static_cast<double>(parse_stats_.rejected() - rejects_at_last_status_) / seconds;
  }
  lines_at_last_status_ = lines_;
  rejects_at_last_status_ = parse_stats_.rejected();
  last_status_mono_ = now_mono;
  // Every reader of the engine's and the input's statistics gets the same reading.
  rules::EngineStats engine = pipeline_->engine->stats();
  InputStatus input = input_->status();
  notifier_->Status(StatusLine(engine, input));
  std::vector<SinkStatus> sinks = outputs_->SinkStatuses();
  outputs_->Periodic(now_mono, engine, parse_stats_, input, sinks);
  outputs_->status_board()->Publish(BuildStatusView(engine, input, std::move(sinks)));
}

StatusView Daemon::BuildStatusView(const rules::EngineStats& engine, const InputStatus& input,
                                   std::vector<SinkStatus> sinks) const {
  constexpr size_t kTopGroups = 5;
  StatusView v;
  v.version = GATEWATCH_VERSION;
  v.generated_at = clock_.Now();
  v.started_at = started_at_;
  v.watermark = engine.watermark;
  v.input = input_->Describe();
  v.events = lines_;
  v.rejected = parse_stats_.rejected();
  v.events_per_second = lines_per_second_;
  v.rejects_per_second = rejects_per_second_;
  for (size_t r = 1; r < static_cast<size_t>(parse::RejectReason::kCount); ++r) {
    auto reason = static_cast<parse::RejectReason>(r);
    if (uint64_t n = parse_stats_.rejected(reason)) {
      v.rejected_by_reason.emplace_back(std::string(parse::RejectReasonName(reason)), n);
    }
  }
  for (const PartitionLag& l : input.lag) v.lag.push_back({l.topic, l.partition, l.lag});
  alert::CollectingAlertSink firing;
  pipeline_->engine->ListFiring(&firing);
  v.firing = std::move(firing.alerts);
  std::sort(v.firing.begin(), v.firing.end(),
            [](const alert::Alert& a, const alert::Alert& b) { return a.starts_at > b.starts_at; });
  std::vector<rules::RuleOverview> overview = pipeline_->engine->Overview(kTopGroups);
  const std::vector<rules::Rule>& defs = pipeline_->rules->rules;
  for (size_t i = 0; i < defs.size() && i < engine.rules.size() && i < overview.size(); ++i) {
    RuleStatus rule{defs[i].id,
                    defs[i].severity,
                    defs[i].description,
                    defs[i].condition.text,
                    engine.rules[i].matched,
                    engine.rules[i].groups,
                    engine.rules[i].alerts_firing,
                    {}};
    for (rules::GroupOverview& g : overview[i].top) {
      const char* state = g.state == rules::GroupOverview::State::kFiring    ? "firing"
                          : g.state == rules::GroupOverview::State::kPending ? "pending"
                                                                             : "";
      rule.top.push_back({std::move(g.group), g.value, g.threshold, state});
    }
    v.rules.push_back(std::move(rule));
  }
  v.sinks = std::move(sinks);
  v.last_reload_error = reload_error_;
  v.state_bytes = engine.state_bytes;
  v.state_budget_bytes = pipeline_->config.engine.memory_budget_bytes;
  return v;
}

void Daemon::Housekeeping(int64_t now_mono) {
  for (InputNotice& n : input_->TakeNotices()) {
    if (n.error) {
      log_->Error(n.text, {});
    } else {
      log_->Info(n.text, {});
    }
  }
  if (now_mono - last_status_mono_ >= kStatusIntervalNs) PublishStatus(now_mono);
  // Pinged from the loop itself: a loop that stops turning stops the pings.
  const int64_t ping_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(notifier_->watchdog_ping_interval())
          .count();
  if (ping_ns > 0 && now_mono - last_watchdog_mono_ >= ping_ns) {
    notifier_->Watchdog();
    last_watchdog_mono_ = now_mono;
  }
  if (snapshot_now_.exchange(false) ||
      now_mono - last_snapshot_mono_ >= pipeline_->config.state.snapshot_interval) {
    core::Status s = WriteSnapshot();
    outputs_->RecordSnapshot(s.ok());
    if (!s.ok()) {
      log_->Error("snapshot failed", {{"reason", s.message()}});
    } else {
      log_->Debug("snapshot written", {{"positions", input_->Positions()}});
    }
    last_snapshot_mono_ = now_mono;
  }
}

int Daemon::Run() {
  started_at_ = clock_.Now();
  notifier_->Ready();
  outputs_->SetReady();
  const int64_t start = clock_.MonotonicNs();
  last_input_mono_ = last_snapshot_mono_ = start;
  PublishStatus(start);
  LineHandler handler = [this](std::string_view line, uint32_t partition) {
    ApplyLine(line, partition);
  };
  bool ended = false;
  while (!stop_.load(std::memory_order_relaxed)) {
    if (reload_.exchange(false)) Reload();
    if (const char* stall = StallFile(); stall != nullptr && access(stall, F_OK) == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    Input::PollResult r = input_->Poll(kPollTimeout, kPollBatch, handler);
    const int64_t now_mono = clock_.MonotonicNs();
    if (r == Input::PollResult::kLines) {
      last_input_mono_ = now_mono;
    } else if (now_mono - last_input_mono_ >= pipeline_->config.engine.idle_advance_after &&
               input_->CaughtUp()) {
      // Idle input: time moves with the wall clock, so alerts resolve without traffic. Not
      // before the input has caught up: a consumer waiting for its partitions after a restart
      // is silent too, and the events it is about to re-read would all be late.
      pipeline_->engine->AdvanceTo(clock_.Now(), &emitter_);
    }
    Housekeeping(now_mono);
    if (r == Input::PollResult::kEnd) {
      ended = true;
      break;
    }
  }
  log_->Info(ended ? "input ended" : "stopping", {});
  Shutdown();
  return 0;
}

void Daemon::Shutdown() {
  notifier_->Stopping();
  if (core::Status s = WriteSnapshot(); !s.ok()) {
    log_->Error("final snapshot failed", {{"reason", s.message()}});
  }
  input_->Close();
  for (InputNotice& n : input_->TakeNotices()) log_->Info(n.text, {});
  outputs_->Flush(clock_.MonotonicNs() + kSinkFlushTimeoutNs);
  log_->Info("stopped", {{"events", lines_},
                         {"rejected", parse_stats_.rejected()},
                         {"alerts", alerts_emitted_},
                         {"duplicates_suppressed", alerts_suppressed_}});
}

}  // namespace gatewatch::daemon
