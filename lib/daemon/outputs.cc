#include "daemon/outputs.h"

#include "alert/redact.h"
#include "alertlog/alert_log_writer.h"
#include "alertlog/chain_head.h"
#include "http/http_server.h"
#include "kafka/kafka_alert_sink.h"
#include "metrics/daemon_metrics.h"
#include "metrics/metrics_endpoint.h"
#include "sinks/alertmanager_sink.h"
#include "sinks/async_sink.h"
#include "sinks/delivery.h"
#include "status/status_endpoint.h"

namespace gatewatch::daemon {
namespace {

core::Result<alert::RedactionPolicy> PolicyOf(const config::RedactionConfig& config) {
  alert::RedactionPolicy policy;
  auto mode = alert::RedactionModeFromName(config.mode);
  if (!mode) return core::Status::InvalidArgument("unknown redaction mode " + config.mode);
  policy.mode = *mode;
  if (!config.secret_fields.empty()) policy.secret_fields = config.secret_fields;
  return policy;
}

alertlog::FsyncPolicy FsyncOf(const std::string& name) {
  if (name == "interval") return alertlog::FsyncPolicy::kInterval;
  if (name == "never") return alertlog::FsyncPolicy::kNever;
  return alertlog::FsyncPolicy::kEveryRecord;
}

}  // namespace

// The alert log behind an AsyncSink: appends on the sink's thread and keeps the chain head
// for the processing thread to publish.
class Outputs::AlertLogDelivery final : public sinks::Delivery {
 public:
  AlertLogDelivery(std::unique_ptr<alertlog::AlertLogWriter> writer, Logger* log)
      : writer_(std::move(writer)), log_(log) {
    head_ = alertlog::HeadRecordToJson(writer_->head_record());
    TakeWarnings();
  }

  core::Status Deliver(const std::vector<alert::Alert>& batch) override {
    for (const alert::Alert& a : batch) GW_RETURN_IF_ERROR(writer_->Append(a));
    std::lock_guard<std::mutex> lock(mu_);
    head_ = alertlog::HeadRecordToJson(writer_->head_record());
    TakeWarnings();
    return core::Status::Ok();
  }

  std::string head() const {
    std::lock_guard<std::mutex> lock(mu_);
    return head_;
  }

 private:
  void TakeWarnings() {
    for (const std::string& w : writer_->TakeWarnings()) log_->Warn("alert log", {{"warning", w}});
  }

  std::unique_ptr<alertlog::AlertLogWriter> writer_;
  Logger* log_;
  mutable std::mutex mu_;
  std::string head_;
};

// For the outputs that write on the processing thread without redacting themselves (JSON lines,
// Kafka's non-blocking producer).
class RedactingSink final : public alert::AlertSink {
 public:
  RedactingSink(alert::RedactionPolicy policy, alert::AlertSink* next)
      : policy_(std::move(policy)), next_(next) {}
  void Emit(const alert::Alert& alert) override {
    alert::Alert copy = alert;
    alert::Redact(policy_, &copy);
    next_->Emit(copy);
  }

 private:
  alert::RedactionPolicy policy_;
  alert::AlertSink* next_;
};

Outputs::Outputs(const config::DaemonConfig& config, const core::Clock& clock, Logger* log)
    : config_(config), clock_(clock), log_(log) {}

Outputs::~Outputs() {
  if (json_owned_ && json_out_ != nullptr) std::fclose(json_out_);
}

core::Result<std::unique_ptr<Outputs>> Outputs::Create(const config::DaemonConfig& config,
                                                       const core::Clock& clock, Logger* log) {
  std::unique_ptr<Outputs> out(new Outputs(config, clock, log));
  metrics::DaemonMetricsOptions m;
  m.state_budget_bytes = config.engine.memory_budget_bytes;
  m.max_active_alerts = config.http.max_active_alerts;
  out->metrics_ = std::make_unique<metrics::DaemonMetrics>(m, clock);
  GW_RETURN_IF_ERROR(out->OpenJson());
  GW_RETURN_IF_ERROR(out->OpenHttp());
  GW_RETURN_IF_ERROR(out->OpenAlertmanager());
  GW_RETURN_IF_ERROR(out->OpenAlertLog());
  GW_RETURN_IF_ERROR(out->OpenKafka());
  return out;
}

core::Status Outputs::OpenJson() {
  const config::JsonOutputConfig& json = config_.json_output;
  if (!json.enabled) return core::Status::Ok();
  json_out_ = stdout;
  if (!json.path.empty() && json.path != "-") {
    json_out_ = std::fopen(json.path.c_str(), "a");
    if (json_out_ == nullptr) return core::Status::IoError("cannot open " + json.path);
    json_owned_ = true;
  }
  json_ = std::make_unique<alert::JsonLinesAlertSink>(json_out_);
  return AddRedacted(json_.get(), json.redaction);
}

core::Status Outputs::AddRedacted(alert::AlertSink* sink,
                                  const config::RedactionConfig& redaction) {
  GW_ASSIGN_OR_RETURN(alert::RedactionPolicy policy, PolicyOf(redaction));
  if (policy.mode == alert::RedactionMode::kNone) {
    targets_.push_back(sink);
    return core::Status::Ok();
  }
  adapters_.push_back(std::make_unique<RedactingSink>(std::move(policy), sink));
  targets_.push_back(adapters_.back().get());
  return core::Status::Ok();
}

core::Status Outputs::OpenHttp() {
  if (!config_.http.enabled) return core::Status::Ok();
  http::HttpServerOptions options;
  options.listen_address = config_.http.listen;
  options.auth.basic_auth_user = config_.http.basic_auth_user;
  options.auth.basic_auth_password_file = config_.http.basic_auth_password_file;
  options.auth.bearer_token_file = config_.http.bearer_token_file;
  http_ = std::make_unique<http::HttpServer>(options);
  metrics::ServeMetrics(metrics_.get(), http_.get());
  // The page and API show secrets hashed, as every sink does by default.
  status::ServeStatus(&status_board_, http_.get(), alert::RedactionPolicy{});
  return http_->Start();
}

std::string Outputs::http_url() const {
  if (http_ == nullptr) return "";
  std::string host = config_.http.listen.substr(0, config_.http.listen.rfind(':'));
  return "http://" + host + ":" + std::to_string(http_->bound_port());
}

core::Status Outputs::OpenAlertmanager() {
  const config::AlertmanagerOutputConfig& am = config_.alertmanager;
  if (!am.enabled) return core::Status::Ok();
  sinks::AlertmanagerSinkOptions o;
  o.urls = am.urls;
  o.resend_interval = am.resend_interval;
  o.payload.generator_url = am.generator_url.empty() ? http_url() + "/" : am.generator_url;
  o.http.total_timeout = am.timeout;
  o.http.ca_file = am.ca_file;
  o.http.insecure_skip_verify = am.insecure_skip_verify;
  o.http.basic_auth_user = am.basic_auth_user;
  o.http.basic_auth_password_file = am.basic_auth_password_file;
  o.http.bearer_token_file = am.bearer_token_file;
  o.delivery.queue_capacity = am.queue_capacity;
  GW_ASSIGN_OR_RETURN(o.delivery.redaction, PolicyOf(am.redaction));
  GW_ASSIGN_OR_RETURN(alertmanager_, sinks::AlertmanagerSink::Create(std::move(o), clock_));
  targets_.push_back(alertmanager_.get());
  return core::Status::Ok();
}

core::Status Outputs::OpenAlertLog() {
  const config::AlertLogOutputConfig& c = config_.alert_log;
  if (!c.enabled) return core::Status::Ok();
  alertlog::AlertLogOptions o;
  o.path = c.path;
  o.key_file = c.key_file;
  o.max_file_bytes = c.max_file_bytes;
  o.max_rotated_files = c.max_rotated_files;
  o.fsync = FsyncOf(c.fsync);
  GW_ASSIGN_OR_RETURN(std::unique_ptr<alertlog::AlertLogWriter> writer,
                      alertlog::AlertLogWriter::Open(o));
  auto delivery = std::make_unique<AlertLogDelivery>(std::move(writer), log_);
  alert_log_ = delivery.get();
  sinks::AsyncSinkOptions a;
  a.name = "alert_log";
  GW_ASSIGN_OR_RETURN(a.redaction, PolicyOf(c.redaction));
  alert_log_sink_ = std::make_unique<sinks::AsyncSink>(std::move(delivery), a, clock_);
  targets_.push_back(alert_log_sink_.get());
  return core::Status::Ok();
}

core::Status Outputs::OpenKafka() {
  const config::KafkaOutputConfig& c = config_.kafka_output;
  if (!c.enabled) return core::Status::Ok();
  kafka::KafkaAlertSinkOptions o;
  o.brokers = c.brokers;
  o.topic = c.topic;
  o.ecs = c.ecs;
  o.properties = c.properties;
  GW_ASSIGN_OR_RETURN(kafka_, kafka::KafkaAlertSink::Create(o));
  return AddRedacted(kafka_.get(), c.redaction);
}

void Outputs::FanOut::Emit(const alert::Alert& alert) {
  Outputs& o = *outputs_;
  o.metrics_->RecordAlert(alert);
  for (alert::AlertSink* target : o.targets_) target->Emit(alert);
}

void Outputs::RestoreFiring(const rules::RuleEngine& engine) {
  struct Restore final : alert::AlertSink {
    Outputs* o;
    void Emit(const alert::Alert& alert) override {
      o->metrics_->RecordAlert(alert);
      if (o->alertmanager_ != nullptr) o->alertmanager_->Emit(alert);
    }
  } restore;
  restore.o = this;
  engine.ListFiring(&restore);
}

void Outputs::PublishHead() {
  std::string head = alert_log_->head();
  log_->Info("alert log head", {{"head", head}});
  if (kafka_ != nullptr) kafka_->PublishRecord("alert-log-head", head);
}

std::vector<SinkStatus> Outputs::SinkStatuses() const {
  std::vector<SinkStatus> out;
  auto add = [&](std::string name, const sinks::AsyncSinkStats& s) {
    out.push_back({std::move(name), s.delivered, s.failed_attempts, s.dropped(),
                   static_cast<int64_t>(s.queue_depth), s.last_error});
  };
  if (alertmanager_ != nullptr) {
    for (const auto& target : alertmanager_->Stats().targets) {
      add("alertmanager " + target.url, target.delivery);
    }
  }
  if (alert_log_sink_ != nullptr) add("alert_log", alert_log_sink_->Stats());
  if (kafka_ != nullptr) {
    kafka::KafkaSinkStats s = kafka_->stats();
    out.push_back(
        {"kafka", s.delivered, s.failed, s.dropped, static_cast<int64_t>(s.queue_depth), ""});
  }
  return out;
}

void Outputs::Periodic(int64_t now_mono, const rules::EngineStats& engine,
                       const parse::ParseStats& parse, const InputStatus& input,
                       const std::vector<SinkStatus>& sinks) {
  metrics_->Update(engine);
  metrics_->Update(config::InputKindName(config_.input.kind), parse);
  metrics::KafkaStatsView kafka_view;
  kafka_view.rebalances = input.rebalances;
  for (const PartitionLag& l : input.lag) {
    kafka_view.partitions.push_back({l.topic, l.partition, std::max<int64_t>(0, l.lag)});
  }
  metrics_->Update(kafka_view);
  for (const SinkStatus& s : sinks) {
    metrics_->Update(
        metrics::SinkStatsView{s.name, s.delivered, s.failed, s.dropped, s.queue_depth});
  }
  if (alert_log_ != nullptr && now_mono - last_head_mono_ >= config_.alert_log.head_interval) {
    PublishHead();
    last_head_mono_ = now_mono;
  }
  log_->FlushSuppressed();
}

void Outputs::RecordReload(bool ok) { metrics_->RecordReload(ok); }
void Outputs::RecordSnapshot(bool ok) { metrics_->RecordSnapshot(ok); }

void Outputs::SetReady() {
  if (http_ != nullptr) http_->SetReady(true);
}

void Outputs::Flush(int64_t deadline_mono) {
  if (alertmanager_ != nullptr) alertmanager_->Flush(deadline_mono);
  if (alert_log_sink_ != nullptr) {
    alert_log_sink_->Flush(deadline_mono);
    PublishHead();  // the head after the last record, off the host before we exit
  }
  if (kafka_ != nullptr) {
    int64_t left = std::max<int64_t>(0, deadline_mono - clock_.MonotonicNs());
    kafka_->Flush(std::chrono::milliseconds(left / 1000000));
  }
}

}  // namespace gatewatch::daemon
