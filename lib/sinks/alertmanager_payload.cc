#include "sinks/alertmanager_payload.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "core/timestamp.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "sinks/label_text.h"

namespace gatewatch::sinks {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void String(Writer& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void Object(Writer& w, const std::map<std::string, std::string>& m) {
  w.StartObject();
  for (const auto& [name, value] : m) {
    String(w, name);
    String(w, value);
  }
  w.EndObject();
}

std::string FormatNumber(double v) {
  char buf[32];
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

std::string UrlEscape(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

// The group's labels, with names made valid and distinct and kept clear of the reserved ones.
std::map<std::string, std::string> GroupLabels(const alert::Alert& alert, size_t max_value) {
  std::map<std::string, std::string> out;
  for (const auto& [field, value] : alert.group) {
    if (value.empty()) continue;
    std::string name = SanitizeLabelName(field);
    if (name == "alertname" || name == "severity") name = "group_" + name;
    std::string unique = name;
    for (int n = 2; out.count(unique) > 0; ++n) unique = name + "_" + std::to_string(n);
    out[unique] = BoundedUtf8(value, max_value);
  }
  return out;
}

std::string GeneratorUrl(const std::string& pattern, const std::string& rule) {
  std::string url = pattern;
  size_t pos = url.find("{rule}");
  if (pos != std::string::npos) url.replace(pos, 6, UrlEscape(rule));
  return url;
}

}  // namespace

std::map<std::string, std::string> AlertmanagerLabels(const alert::Alert& alert,
                                                      const AlertmanagerPayloadOptions& options) {
  std::map<std::string, std::string> labels;
  for (const auto& [name, value] : alert.labels) {
    if (!value.empty()) {
      labels[SanitizeLabelName(name)] = BoundedUtf8(value, options.max_label_value_bytes);
    }
  }
  for (auto& [name, value] : GroupLabels(alert, options.max_label_value_bytes)) {
    labels[name] = std::move(value);
  }
  labels["alertname"] = BoundedUtf8(alert.rule, options.max_label_value_bytes);
  if (!alert.severity.empty()) {
    labels["severity"] = BoundedUtf8(alert.severity, options.max_label_value_bytes);
  }
  return labels;
}

std::map<std::string, std::string> AlertmanagerAnnotations(
    const alert::Alert& alert, const AlertmanagerPayloadOptions& options) {
  std::map<std::string, std::string> annotations;
  for (const auto& [name, value] : alert.annotations) {
    annotations[SanitizeLabelName(name)] = BoundedUtf8(value, options.max_annotation_value_bytes);
  }
  annotations.emplace("value", FormatNumber(alert.value));
  annotations.emplace("threshold", FormatNumber(alert.threshold));
  return annotations;
}

std::string AlertmanagerPayload(const std::vector<alert::Alert>& batch,
                                const AlertmanagerPayloadOptions& options, core::TimestampNs now) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const alert::Alert& alert : batch) {
    w.StartObject();
    w.Key("labels");
    Object(w, AlertmanagerLabels(alert, options));
    w.Key("annotations");
    Object(w, AlertmanagerAnnotations(alert, options));
    if (alert.starts_at > 0) {
      w.Key("startsAt");
      String(w, core::FormatRfc3339(alert.starts_at));
    }
    if (alert.status == alert::AlertStatus::kResolved) {
      core::TimestampNs ends = alert.ends_at > 0 ? std::min(alert.ends_at, now) : now;
      w.Key("endsAt");
      String(w, core::FormatRfc3339(std::max(ends, alert.starts_at)));
    }
    if (!options.generator_url.empty()) {
      w.Key("generatorURL");
      String(w, GeneratorUrl(options.generator_url, alert.rule));
    }
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace gatewatch::sinks
