#include "alert/alert.h"

#include <cmath>

#include "core/duration.h"
#include "core/timestamp.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace gatewatch::alert {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void String(Writer& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void Number(Writer& w, double v) {
  if (!std::isfinite(v)) {
    w.Null();
  } else if (v == std::floor(v) && std::fabs(v) < 9e15) {
    w.Int64(static_cast<int64_t>(v));
  } else {
    w.Double(v);
  }
}

void Map(Writer& w, const std::map<std::string, std::string>& m) {
  w.StartObject();
  for (const auto& [k, v] : m) {
    String(w, k);
    String(w, v);
  }
  w.EndObject();
}

}  // namespace

void JsonLinesAlertSink::Emit(const Alert& alert) {
  std::string line = AlertToJson(alert);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), out_);
  // Alerts are rare and someone may be tailing the output: never leave one in a buffer.
  std::fflush(out_);
  ++written_;
}

std::string Fingerprint(const std::string& rule,
                        const std::vector<std::pair<std::string, std::string>>& group) {
  uint64_t h = 0xcbf29ce484222325ull;
  auto feed = [&h](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ull;
    }
    h ^= 0xFF;  // separator that no UTF-8 text contains
    h *= 0x100000001b3ull;
  };
  feed(rule);
  for (const auto& [name, value] : group) {
    feed(name);
    feed(value);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[h & 0xF];
    h >>= 4;
  }
  return out;
}

std::string AlertToJson(const Alert& alert) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("rule");
  String(w, alert.rule);
  w.Key("status");
  w.String(alert.status == AlertStatus::kFiring ? "firing" : "resolved");
  w.Key("severity");
  String(w, alert.severity);
  w.Key("group");
  w.StartObject();
  for (const auto& [k, v] : alert.group) {
    String(w, k);
    String(w, v);
  }
  w.EndObject();
  w.Key("value");
  Number(w, alert.value);
  w.Key("threshold");
  Number(w, alert.threshold);
  w.Key("starts_at");
  String(w, core::FormatRfc3339(alert.starts_at));
  if (alert.status == AlertStatus::kResolved) {
    w.Key("ends_at");
    String(w, core::FormatRfc3339(alert.ends_at));
  }
  w.Key("labels");
  Map(w, alert.labels);
  w.Key("annotations");
  Map(w, alert.annotations);
  w.Key("fingerprint");
  String(w, alert.fingerprint);
  w.Key("evidence");
  w.StartObject();
  w.Key("window");
  String(w, core::FormatDuration(alert.evidence.window));
  if (alert.evidence.first_event != 0) {
    w.Key("first_event");
    String(w, core::FormatRfc3339(alert.evidence.first_event));
    w.Key("last_event");
    String(w, core::FormatRfc3339(alert.evidence.last_event));
  }
  w.Key("events");
  w.Uint64(alert.evidence.events);
  w.Key("samples");
  w.StartArray();
  for (const std::string& s : alert.evidence.samples) String(w, s);
  w.EndArray();
  if (alert.evidence.rolled_up_groups > 0) {
    w.Key("rolled_up_groups");
    w.Uint64(alert.evidence.rolled_up_groups);
    w.Key("top_groups");
    w.StartArray();
    for (const auto& [group, value] : alert.evidence.top_groups) {
      w.StartObject();
      w.Key("group");
      String(w, group);
      w.Key("value");
      Number(w, value);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace gatewatch::alert
