#ifndef GATEWATCH_CONFIG_DAEMON_CONFIG_H_
#define GATEWATCH_CONFIG_DAEMON_CONFIG_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/duration.h"
#include "core/result.h"

// gatewatchd's configuration: one YAML file (/etc/gatewatch/gatewatch.yaml by default),
// documented in docs/configuration.md; examples/gatewatch.yaml is a commented example.
// Loading validates every key and value; errors name file:line:column. Secrets are never
// inline-only: every secret has a *_file variant read at load time.
namespace gatewatch::config {

struct KafkaInputConfig {
  std::string brokers;  // bootstrap.servers
  std::vector<std::string> topics;
  std::string group_id = "gatewatch";
  // Where a partition with no committed offset and no snapshot position starts.
  std::string start_at = "latest";  // earliest | latest
  // Passed to librdkafka as they are (security.protocol, sasl.*, ssl.*, ...).
  std::map<std::string, std::string> properties;
  // Property -> file holding its value (sasl.password: /etc/gatewatch/kafka-password), read at
  // load time with one trailing newline removed.
  std::map<std::string, std::string> property_files;
  core::DurationNs commit_interval = 5 * core::kSecond;
};

struct FileInputConfig {
  std::string path;
  bool follow = true;                  // like tail -F; false: read to the end, then stop
  std::string start_at = "beginning";  // beginning | end (when there is no saved position)
};

enum class InputKind { kKafka, kFile, kStdin };
// "kafka", "file", "stdin".
std::string_view InputKindName(InputKind kind);

struct InputConfig {
  InputKind kind = InputKind::kStdin;
  KafkaInputConfig kafka;
  FileInputConfig file;
};

struct StateConfig {
  std::string directory = "/var/lib/gatewatch";  // empty: no snapshots
  core::DurationNs snapshot_interval = 30 * core::kSecond;
  // A corrupt or incompatible snapshot: start with empty state (reported), or refuse to start.
  bool refuse_bad_snapshot = false;
};

struct EngineConfig {
  uint64_t memory_budget_bytes = 256u << 20;
  core::DurationNs allowed_lateness = 30 * core::kSecond;
  core::DurationNs future_tolerance = 5 * core::kMinute;
  core::DurationNs idle_partition_timeout = core::kMinute;
  // With no input for this long, time moves with the wall clock so that alerts resolve.
  core::DurationNs idle_advance_after = 5 * core::kSecond;
};

// How a sink shows secrets (API keys, tokens): hash (default), prefix, or none (raw).
struct RedactionConfig {
  std::string mode = "hash";
  std::vector<std::string> secret_fields;  // globs; empty: the defaults (api_key, *token*, ...)
};

// Alert records as JSON lines on stdout or to a file.
struct JsonOutputConfig {
  bool enabled = false;
  std::string path;  // "-" or empty with enabled: stdout
  RedactionConfig redaction;
};

// Alertmanager API v2; every URL gets every alert (an HA pair is listed twice).
struct AlertmanagerOutputConfig {
  bool enabled = false;
  std::vector<std::string> urls;                     // http://127.0.0.1:9093
  core::DurationNs resend_interval = core::kMinute;  // below Alertmanager's resolve_timeout
  core::DurationNs timeout = 10 * core::kSecond;
  std::string ca_file;
  bool insecure_skip_verify = false;
  std::string basic_auth_user;
  std::string basic_auth_password_file;
  std::string bearer_token_file;
  uint64_t queue_capacity = 10000;
  std::string generator_url;  // default: the daemon's status page
  RedactionConfig redaction;
};

// The tamper-evident alert log (docs/alert-log.md).
struct AlertLogOutputConfig {
  bool enabled = false;
  std::string path = "/var/log/gatewatch/alerts.log";
  std::string key_file;  // HMAC-SHA-256 key; empty: plain SHA-256 chain
  uint64_t max_file_bytes = 100u << 20;
  uint64_t max_rotated_files = 0;      // 0: keep all
  std::string fsync = "every_record";  // every_record | interval | never
  // How often the chain head is published (journal, Kafka alert topic).
  core::DurationNs head_interval = 5 * core::kMinute;
  RedactionConfig redaction;
};

// Alert records on a Kafka topic for SIEMs.
struct KafkaOutputConfig {
  bool enabled = false;
  std::string brokers;  // default: the input's brokers
  std::string topic = "gatewatch-alerts";
  bool ecs = false;  // Elastic Common Schema field names
  std::map<std::string, std::string> properties;
  std::map<std::string, std::string> property_files;
  RedactionConfig redaction;
};

// The HTTP listener: /metrics, health, status (loopback by default).
struct HttpConfig {
  bool enabled = true;
  std::string listen = "127.0.0.1:9464";
  std::string basic_auth_user;
  std::string basic_auth_password_file;
  std::string bearer_token_file;
  uint64_t max_active_alerts = 1000;  // gatewatch_alert_active series
};

struct LoggingConfig {
  std::string format = "logfmt";  // logfmt | json
  std::string level = "info";     // debug | info | warn | error
};

struct DaemonConfig {
  std::string source;  // the file it was loaded from
  InputConfig input;
  std::string format = "gatewatch";  // preset name or field map file
  std::vector<std::string> rules = {"/usr/share/gatewatch/rules", "/etc/gatewatch/rules.d"};
  StateConfig state;
  EngineConfig engine;
  JsonOutputConfig json_output;
  AlertmanagerOutputConfig alertmanager;
  AlertLogOutputConfig alert_log;
  KafkaOutputConfig kafka_output;
  HttpConfig http;
  LoggingConfig logging;
};

inline constexpr const char* kDefaultConfigPath = "/etc/gatewatch/gatewatch.yaml";

// Loads and validates a config file. Relative paths inside it are resolved against the
// file's directory. Rule paths that do not exist are allowed here (rules.d may be empty);
// the rule loader reports them.
core::Result<DaemonConfig> LoadDaemonConfig(const std::string& path);
core::Result<DaemonConfig> LoadDaemonConfigText(std::string_view text, const std::string& source);

}  // namespace gatewatch::config

#endif  // GATEWATCH_CONFIG_DAEMON_CONFIG_H_
