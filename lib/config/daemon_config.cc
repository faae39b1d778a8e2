#include "config/daemon_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/yaml_util.h"

namespace gatewatch::config {
namespace {

// Reads the optional keys of one mapping into typed fields, each error citing the key's
// position. Every Read* leaves the field alone when the key is absent.
class Section {
 public:
  Section(const std::string& source, const YAML::Node& node, std::string what)
      : source_(source), node_(node), what_(std::move(what)) {}

  core::Status Check(const std::vector<std::string_view>& keys) const {
    if (!node_.IsMap()) return ErrorAt(source_, node_, what_ + " must be a mapping");
    return CheckKeys(source_, node_, keys, what_);
  }
  bool Has(const char* key) const { return node_[key].IsDefined() && !node_[key].IsNull(); }
  YAML::Node Node(const char* key) const { return node_[key]; }

  core::Status String(const char* key, std::string* out) const {
    if (!Has(key)) return core::Status::Ok();
    GW_ASSIGN_OR_RETURN(*out, ScalarString(source_, node_[key], key));
    return core::Status::Ok();
  }
  core::Status Choice(const char* key, const std::vector<std::string_view>& allowed,
                      std::string* out) const {
    if (!Has(key)) return core::Status::Ok();
    GW_ASSIGN_OR_RETURN(std::string value, ScalarString(source_, node_[key], key));
    for (std::string_view a : allowed) {
      if (a == value) {
        *out = value;
        return core::Status::Ok();
      }
    }
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return ErrorAt(source_, node_[key],
                   std::string(key) + " must be one of " + list + ", not \"" + value + "\"" +
                       DidYouMean(value, allowed));
  }
  core::Status Bool(const char* key, bool* out) const {
    if (!Has(key)) return core::Status::Ok();
    GW_ASSIGN_OR_RETURN(std::string value, ScalarString(source_, node_[key], key));
    if (value == "true" || value == "yes" || value == "on") {
      *out = true;
    } else if (value == "false" || value == "no" || value == "off") {
      *out = false;
    } else {
      return ErrorAt(source_, node_[key], std::string(key) + " must be true or false");
    }
    return core::Status::Ok();
  }
  core::Status Duration(const char* key, core::DurationNs* out, bool positive = true) const {
    if (!Has(key)) return core::Status::Ok();
    GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source_, node_[key], key));
    auto d = core::ParseDuration(text);
    if (!d.ok())
      return ErrorAt(source_, node_[key], std::string(key) + ": " + d.status().message());
    if (positive && *d <= 0) {
      return ErrorAt(source_, node_[key], std::string(key) + " must be more than 0s");
    }
    *out = *d;
    return core::Status::Ok();
  }
  core::Status Bytes(const char* key, uint64_t* out) const {
    if (!Has(key)) return core::Status::Ok();
    GW_ASSIGN_OR_RETURN(*out, ScalarByteSize(source_, node_[key], key));
    return core::Status::Ok();
  }
  core::Status StringList(const char* key, std::vector<std::string>* out) const {
    if (!Has(key)) return core::Status::Ok();
    const YAML::Node list = node_[key];
    out->clear();
    if (!list.IsSequence()) {
      GW_ASSIGN_OR_RETURN(std::string one, ScalarString(source_, list, key));
      out->push_back(std::move(one));
      return core::Status::Ok();
    }
    for (const YAML::Node& item : list) {
      GW_ASSIGN_OR_RETURN(std::string value, ScalarString(source_, item, key));
      out->push_back(std::move(value));
    }
    return core::Status::Ok();
  }
  core::Status StringMap(const char* key, std::map<std::string, std::string>* out) const {
    if (!Has(key)) return core::Status::Ok();
    const YAML::Node map = node_[key];
    if (!map.IsMap()) return ErrorAt(source_, map, std::string(key) + " must be a mapping");
    for (const auto& kv : map) {
      GW_ASSIGN_OR_RETURN(std::string name, ScalarString(source_, kv.first, key));
      GW_ASSIGN_OR_RETURN(std::string value, ScalarString(source_, kv.second, name));
      (*out)[name] = std::move(value);
    }
    return core::Status::Ok();
  }
  core::Status Error(const char* key, std::string_view message) const {
    return ErrorAt(source_, Has(key) ? node_[key] : node_, message);
  }

 private:
  const std::string& source_;
  YAML::Node node_;
  std::string what_;
};

std::string Resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path == "-" || base_dir.empty()) return path;
  std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

core::Status ReadKafka(const std::string& source, const YAML::Node& node, KafkaInputConfig* kafka) {
  Section s(source, node, "input.kafka");
  GW_RETURN_IF_ERROR(s.Check({"brokers", "topics", "group_id", "start_at", "properties",
                              "property_files", "commit_interval"}));
  GW_RETURN_IF_ERROR(s.String("brokers", &kafka->brokers));
  GW_RETURN_IF_ERROR(s.StringList("topics", &kafka->topics));
  GW_RETURN_IF_ERROR(s.String("group_id", &kafka->group_id));
  GW_RETURN_IF_ERROR(s.Choice("start_at", {"earliest", "latest"}, &kafka->start_at));
  GW_RETURN_IF_ERROR(s.StringMap("properties", &kafka->properties));
  GW_RETURN_IF_ERROR(s.StringMap("property_files", &kafka->property_files));
  GW_RETURN_IF_ERROR(s.Duration("commit_interval", &kafka->commit_interval));
  if (kafka->brokers.empty()) return s.Error("brokers", "input.kafka needs brokers");
  if (kafka->topics.empty()) return s.Error("topics", "input.kafka needs at least one topic");
  if (kafka->group_id.empty()) return s.Error("group_id", "group_id must not be empty");
  for (const auto& [name, value] : kafka->properties) {
    if (name == "enable.auto.offset.store" || name == "group.id" || name == "bootstrap.servers") {
      return s.Error("properties", "property " + name +
                                       " is set by gatewatch (use brokers / group_id; offsets "
                                       "are stored after each event is applied)");
    }
  }
  return core::Status::Ok();
}

core::Status ReadInput(const std::string& source, const YAML::Node& node, InputConfig* input) {
  Section s(source, node, "input");
  GW_RETURN_IF_ERROR(s.Check({"kafka", "file", "stdin"}));
  int kinds = s.Has("kafka") + s.Has("file") + (node["stdin"].IsDefined() ? 1 : 0);
  if (kinds != 1) return ErrorAt(source, node, "input needs exactly one of kafka, file, stdin");
  if (s.Has("kafka")) {
    input->kind = InputKind::kKafka;
    return ReadKafka(source, node["kafka"], &input->kafka);
  }
  if (s.Has("file")) {
    input->kind = InputKind::kFile;
    Section f(source, node["file"], "input.file");
    GW_RETURN_IF_ERROR(f.Check({"path", "follow", "start_at"}));
    GW_RETURN_IF_ERROR(f.String("path", &input->file.path));
    GW_RETURN_IF_ERROR(f.Bool("follow", &input->file.follow));
    GW_RETURN_IF_ERROR(f.Choice("start_at", {"beginning", "end"}, &input->file.start_at));
    if (input->file.path.empty()) return f.Error("path", "input.file needs a path");
    return core::Status::Ok();
  }
  input->kind = InputKind::kStdin;
  return core::Status::Ok();
}

// Reads each property_files entry now, so that a missing secret fails at load, not at connect.
core::Status ReadSecretFiles(const std::string& source, const YAML::Node& node,
                             const std::string& base_dir, KafkaInputConfig* kafka) {
  for (const auto& [name, file] : kafka->property_files) {
    std::string path = Resolve(base_dir, file);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return ErrorAt(source, node["property_files"][name],
                     "cannot read " + path + " (secret for " + name + ")");
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string value = text.str();
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
    kafka->properties[name] = value;
  }
  return core::Status::Ok();
}

core::Status ReadRedaction(const Section& parent, const std::string& source,
                           RedactionConfig* redaction) {
  if (!parent.Has("redaction")) return core::Status::Ok();
  Section r(source, parent.Node("redaction"), "redaction");
  GW_RETURN_IF_ERROR(r.Check({"mode", "secret_fields"}));
  GW_RETURN_IF_ERROR(r.Choice("mode", {"hash", "prefix", "none"}, &redaction->mode));
  return r.StringList("secret_fields", &redaction->secret_fields);
}

core::Status ReadAlertmanager(const std::string& source, const YAML::Node& node,
                              const std::string& base_dir, AlertmanagerOutputConfig* am) {
  Section s(source, node, "output.alertmanager");
  GW_RETURN_IF_ERROR(
      s.Check({"enabled", "urls", "resend_interval", "timeout", "ca_file", "insecure_skip_verify",
               "basic_auth_user", "basic_auth_password_file", "bearer_token_file", "queue_capacity",
               "generator_url", "redaction"}));
  am->enabled = true;
  GW_RETURN_IF_ERROR(s.Bool("enabled", &am->enabled));
  GW_RETURN_IF_ERROR(s.StringList("urls", &am->urls));
  GW_RETURN_IF_ERROR(s.Duration("resend_interval", &am->resend_interval));
  GW_RETURN_IF_ERROR(s.Duration("timeout", &am->timeout));
  GW_RETURN_IF_ERROR(s.String("ca_file", &am->ca_file));
  GW_RETURN_IF_ERROR(s.Bool("insecure_skip_verify", &am->insecure_skip_verify));
  GW_RETURN_IF_ERROR(s.String("basic_auth_user", &am->basic_auth_user));
  GW_RETURN_IF_ERROR(s.String("basic_auth_password_file", &am->basic_auth_password_file));
  GW_RETURN_IF_ERROR(s.String("bearer_token_file", &am->bearer_token_file));
  GW_RETURN_IF_ERROR(s.Bytes("queue_capacity", &am->queue_capacity));
  GW_RETURN_IF_ERROR(s.String("generator_url", &am->generator_url));
  GW_RETURN_IF_ERROR(ReadRedaction(s, source, &am->redaction));
  if (am->enabled && am->urls.empty()) return s.Error("urls", "output.alertmanager needs urls");
  for (std::string* f : {&am->ca_file, &am->basic_auth_password_file, &am->bearer_token_file}) {
    *f = Resolve(base_dir, *f);
  }
  return core::Status::Ok();
}

core::Status ReadAlertLog(const std::string& source, const YAML::Node& node,
                          const std::string& base_dir, AlertLogOutputConfig* log) {
  Section s(source, node, "output.alert_log");
  GW_RETURN_IF_ERROR(s.Check({"enabled", "path", "key_file", "max_file_bytes", "max_rotated_files",
                              "fsync", "head_interval", "redaction"}));
  log->enabled = true;
  GW_RETURN_IF_ERROR(s.Bool("enabled", &log->enabled));
  GW_RETURN_IF_ERROR(s.String("path", &log->path));
  GW_RETURN_IF_ERROR(s.String("key_file", &log->key_file));
  GW_RETURN_IF_ERROR(s.Bytes("max_file_bytes", &log->max_file_bytes));
  GW_RETURN_IF_ERROR(s.Bytes("max_rotated_files", &log->max_rotated_files));
  GW_RETURN_IF_ERROR(s.Choice("fsync", {"every_record", "interval", "never"}, &log->fsync));
  GW_RETURN_IF_ERROR(s.Duration("head_interval", &log->head_interval));
  GW_RETURN_IF_ERROR(ReadRedaction(s, source, &log->redaction));
  log->path = Resolve(base_dir, log->path);
  log->key_file = Resolve(base_dir, log->key_file);
  return core::Status::Ok();
}

core::Status ReadKafkaOutput(const std::string& source, const YAML::Node& node,
                             KafkaOutputConfig* kafka) {
  Section s(source, node, "output.kafka");
  GW_RETURN_IF_ERROR(
      s.Check({"enabled", "brokers", "topic", "ecs", "properties", "property_files", "redaction"}));
  kafka->enabled = true;
  GW_RETURN_IF_ERROR(s.Bool("enabled", &kafka->enabled));
  GW_RETURN_IF_ERROR(s.String("brokers", &kafka->brokers));
  GW_RETURN_IF_ERROR(s.String("topic", &kafka->topic));
  GW_RETURN_IF_ERROR(s.Bool("ecs", &kafka->ecs));
  GW_RETURN_IF_ERROR(s.StringMap("properties", &kafka->properties));
  GW_RETURN_IF_ERROR(s.StringMap("property_files", &kafka->property_files));
  return ReadRedaction(s, source, &kafka->redaction);
}

core::Status ReadHttp(const std::string& source, const YAML::Node& node,
                      const std::string& base_dir, HttpConfig* http) {
  Section s(source, node, "http");
  GW_RETURN_IF_ERROR(s.Check({"enabled", "listen", "basic_auth_user", "basic_auth_password_file",
                              "bearer_token_file", "max_active_alerts"}));
  GW_RETURN_IF_ERROR(s.Bool("enabled", &http->enabled));
  GW_RETURN_IF_ERROR(s.String("listen", &http->listen));
  GW_RETURN_IF_ERROR(s.String("basic_auth_user", &http->basic_auth_user));
  GW_RETURN_IF_ERROR(s.String("basic_auth_password_file", &http->basic_auth_password_file));
  GW_RETURN_IF_ERROR(s.String("bearer_token_file", &http->bearer_token_file));
  GW_RETURN_IF_ERROR(s.Bytes("max_active_alerts", &http->max_active_alerts));
  http->basic_auth_password_file = Resolve(base_dir, http->basic_auth_password_file);
  http->bearer_token_file = Resolve(base_dir, http->bearer_token_file);
  return core::Status::Ok();
}

core::Status ReadTop(const YamlDocument& doc, const std::string& base_dir, DaemonConfig* config) {
  const std::string& source = doc.source;
  Section top(source, doc.root, "config");
  GW_RETURN_IF_ERROR(
      top.Check({"input", "format", "rules", "state", "engine", "output", "http", "logging"}));
  if (top.Has("input")) {
    GW_RETURN_IF_ERROR(ReadInput(source, doc.root["input"], &config->input));
    if (config->input.kind == InputKind::kKafka) {
      GW_RETURN_IF_ERROR(
          ReadSecretFiles(source, doc.root["input"]["kafka"], base_dir, &config->input.kafka));
    }
    config->input.file.path = Resolve(base_dir, config->input.file.path);
  }
  GW_RETURN_IF_ERROR(top.String("format", &config->format));
  GW_RETURN_IF_ERROR(top.StringList("rules", &config->rules));
  for (std::string& r : config->rules) r = Resolve(base_dir, r);

  if (top.Has("state")) {
    Section s(source, doc.root["state"], "state");
    GW_RETURN_IF_ERROR(s.Check({"directory", "snapshot_interval", "on_bad_snapshot"}));
    GW_RETURN_IF_ERROR(s.String("directory", &config->state.directory));
    config->state.directory = Resolve(base_dir, config->state.directory);
    GW_RETURN_IF_ERROR(s.Duration("snapshot_interval", &config->state.snapshot_interval));
    std::string on_bad = config->state.refuse_bad_snapshot ? "refuse" : "start_fresh";
    GW_RETURN_IF_ERROR(s.Choice("on_bad_snapshot", {"start_fresh", "refuse"}, &on_bad));
    config->state.refuse_bad_snapshot = on_bad == "refuse";
  }
  if (top.Has("engine")) {
    Section s(source, doc.root["engine"], "engine");
    GW_RETURN_IF_ERROR(s.Check({"memory_budget", "allowed_lateness", "future_tolerance",
                                "idle_partition_timeout", "idle_advance_after"}));
    EngineConfig& e = config->engine;
    GW_RETURN_IF_ERROR(s.Bytes("memory_budget", &e.memory_budget_bytes));
    if (e.memory_budget_bytes < (1u << 20)) {
      return s.Error("memory_budget", "memory_budget must be at least 1MiB");
    }
    GW_RETURN_IF_ERROR(s.Duration("allowed_lateness", &e.allowed_lateness, false));
    GW_RETURN_IF_ERROR(s.Duration("future_tolerance", &e.future_tolerance));
    GW_RETURN_IF_ERROR(s.Duration("idle_partition_timeout", &e.idle_partition_timeout));
    GW_RETURN_IF_ERROR(s.Duration("idle_advance_after", &e.idle_advance_after));
  }
  if (top.Has("output")) {
    Section s(source, doc.root["output"], "output");
    GW_RETURN_IF_ERROR(s.Check({"json", "alertmanager", "alert_log", "kafka"}));
    const YAML::Node out = doc.root["output"];
    if (s.Has("alertmanager")) {
      GW_RETURN_IF_ERROR(
          ReadAlertmanager(source, out["alertmanager"], base_dir, &config->alertmanager));
    }
    if (s.Has("alert_log")) {
      GW_RETURN_IF_ERROR(ReadAlertLog(source, out["alert_log"], base_dir, &config->alert_log));
    }
    if (s.Has("kafka")) {
      GW_RETURN_IF_ERROR(ReadKafkaOutput(source, out["kafka"], &config->kafka_output));
      KafkaInputConfig secrets;
      secrets.property_files = config->kafka_output.property_files;
      GW_RETURN_IF_ERROR(ReadSecretFiles(source, out["kafka"], base_dir, &secrets));
      for (auto& [k, v] : secrets.properties) config->kafka_output.properties[k] = v;
      if (config->kafka_output.brokers.empty()) {
        config->kafka_output.brokers = config->input.kafka.brokers;
      }
      if (config->kafka_output.enabled && config->kafka_output.brokers.empty()) {
        return ErrorAt(source, out["kafka"], "output.kafka needs brokers");
      }
    }
    if (s.Has("json")) {
      Section j(source, doc.root["output"]["json"], "output.json");
      GW_RETURN_IF_ERROR(j.Check({"enabled", "path", "redaction"}));
      config->json_output.enabled = true;
      GW_RETURN_IF_ERROR(j.Bool("enabled", &config->json_output.enabled));
      GW_RETURN_IF_ERROR(j.String("path", &config->json_output.path));
      config->json_output.path = Resolve(base_dir, config->json_output.path);
      GW_RETURN_IF_ERROR(ReadRedaction(j, source, &config->json_output.redaction));
    }
  }
  if (top.Has("http")) {
    GW_RETURN_IF_ERROR(ReadHttp(source, doc.root["http"], base_dir, &config->http));
  }
  if (top.Has("logging")) {
    Section s(source, doc.root["logging"], "logging");
    GW_RETURN_IF_ERROR(s.Check({"format", "level"}));
    GW_RETURN_IF_ERROR(s.Choice("format", {"logfmt", "json"}, &config->logging.format));
    GW_RETURN_IF_ERROR(
        s.Choice("level", {"debug", "info", "warn", "error"}, &config->logging.level));
  }
  return core::Status::Ok();
}

core::Result<DaemonConfig> Load(const YamlDocument& doc, const std::string& base_dir) {
  DaemonConfig config;
  config.source = doc.source;
  if (doc.root.IsNull()) return config;  // an empty file: every default
  try {
    GW_RETURN_IF_ERROR(ReadTop(doc, base_dir, &config));
  } catch (const YAML::Exception& e) {
    return core::Status::InvalidArgument(doc.source + ": " + e.what());
  }
  return config;
}

}  // namespace

std::string_view InputKindName(InputKind kind) {
  switch (kind) {
    case InputKind::kKafka:
      return "kafka";
    case InputKind::kFile:
      return "file";
    case InputKind::kStdin:
      return "stdin";
  }
  return "input";
}

core::Result<DaemonConfig> LoadDaemonConfig(const std::string& path) {
  GW_ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlFile(path));
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  return Load(doc, dir);
}

core::Result<DaemonConfig> LoadDaemonConfigText(std::string_view text, const std::string& source) {
  GW_ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlText(text, source));
  return Load(doc, "");
}

}  // namespace gatewatch::config
