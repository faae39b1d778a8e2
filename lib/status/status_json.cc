#include "status/status_json.h"

#include <cmath>
#include <string_view>

#include "alert/alert.h"
#include "core/timestamp.h"
#include "parse/text_repair.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace gatewatch::status {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// RapidJSON escapes quotes, backslashes and control characters but copies other bytes as they
// are; Finish() repairs invalid UTF-8 over the whole document afterwards.
void Text(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void Time(Writer& w, core::TimestampNs t) {
  if (t == 0) {
    w.Null();
  } else {
    Text(w, core::FormatRfc3339(t));
  }
}

void Real(Writer& w, double v) {
  if (std::isfinite(v)) {
    w.Double(v);
  } else {
    w.Null();
  }
}

void Group(Writer& w, const Pairs& group) {
  w.StartObject();
  for (const auto& [name, value] : group) {
    Text(w, name);
    Text(w, value);
  }
  w.EndObject();
}

// The records every sink writes, spliced in as they are.
void Alerts(Writer& w, const std::vector<alert::Alert>& alerts) {
  w.StartArray();
  for (const alert::Alert& a : alerts) {
    const std::string record = alert::AlertToJson(a);
    w.RawValue(record.data(), record.size(), rapidjson::kObjectType);
  }
  w.EndArray();
}

void Rejects(Writer& w, const std::vector<std::pair<std::string, uint64_t>>& by_reason) {
  w.StartObject();
  for (const auto& [reason, count] : by_reason) {
    Text(w, reason);
    w.Uint64(count);
  }
  w.EndObject();
}

void Lag(Writer& w, const std::vector<daemon::PartitionStatus>& partitions) {
  w.StartArray();
  for (const daemon::PartitionStatus& p : partitions) {
    w.StartObject();
    w.Key("topic");
    Text(w, p.topic);
    w.Key("partition");
    w.Int(p.partition);
    w.Key("lag");
    if (p.lag < 0) {
      w.Null();
    } else {
      w.Int64(p.lag);
    }
    w.EndObject();
  }
  w.EndArray();
}

void TopGroups(Writer& w, const std::vector<daemon::GroupStatus>& top) {
  w.StartArray();
  for (const daemon::GroupStatus& g : top) {
    w.StartObject();
    w.Key("group");
    Group(w, g.group);
    w.Key("value");
    Real(w, g.value);
    w.Key("threshold");
    Real(w, g.threshold);
    w.Key("state");
    Text(w, g.state);
    w.EndObject();
  }
  w.EndArray();
}

void Rules(Writer& w, const std::vector<daemon::RuleStatus>& rules) {
  w.StartArray();
  for (const daemon::RuleStatus& r : rules) {
    w.StartObject();
    w.Key("rule");
    Text(w, r.rule);
    w.Key("severity");
    Text(w, r.severity);
    w.Key("description");
    Text(w, r.description);
    w.Key("condition");
    Text(w, r.condition);
    w.Key("matched");
    w.Uint64(r.matched);
    w.Key("groups");
    w.Uint64(r.groups);
    w.Key("firing");
    w.Uint64(r.firing);
    w.Key("top");
    TopGroups(w, r.top);
    w.EndObject();
  }
  w.EndArray();
}

void Sinks(Writer& w, const std::vector<daemon::SinkStatus>& sinks) {
  w.StartArray();
  for (const daemon::SinkStatus& s : sinks) {
    w.StartObject();
    w.Key("name");
    Text(w, s.name);
    w.Key("delivered");
    w.Uint64(s.delivered);
    w.Key("failed");
    w.Uint64(s.failed);
    w.Key("dropped");
    w.Uint64(s.dropped);
    w.Key("queue_depth");
    w.Int64(s.queue_depth);
    w.Key("last_error");
    Text(w, s.last_error);
    w.EndObject();
  }
  w.EndArray();
}

void Uptime(Writer& w, const daemon::StatusView& view) {
  if (view.started_at == 0 || view.generated_at == 0) {
    w.Null();
  } else {
    Real(w, static_cast<double>(view.generated_at - view.started_at) / 1e9);
  }
}

// Invalid UTF-8 can only sit inside strings (JSON's own syntax is ASCII), so replacing it
// with U+FFFD over the whole document keeps the document valid.
std::string Finish(const rapidjson::StringBuffer& buffer) {
  const std::string_view json(buffer.GetString(), buffer.GetSize());
  std::string out;
  out.reserve(json.size());
  parse::AppendRepairedUtf8(json, &out);
  return out;
}

}  // namespace

std::string StatusViewToJson(const daemon::StatusView& view) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("version");
  Text(w, view.version);
  w.Key("generated_at");
  Time(w, view.generated_at);
  w.Key("started_at");
  Time(w, view.started_at);
  w.Key("uptime_seconds");
  Uptime(w, view);
  w.Key("watermark");
  Time(w, view.watermark);
  w.Key("input");
  Text(w, view.input);
  w.Key("events");
  w.Uint64(view.events);
  w.Key("rejected");
  w.Uint64(view.rejected);
  w.Key("events_per_second");
  Real(w, view.events_per_second);
  w.Key("rejects_per_second");
  Real(w, view.rejects_per_second);
  w.Key("rejected_by_reason");
  Rejects(w, view.rejected_by_reason);
  w.Key("lag");
  Lag(w, view.lag);
  w.Key("firing");
  Alerts(w, view.firing);
  w.Key("rules");
  Rules(w, view.rules);
  w.Key("sinks");
  Sinks(w, view.sinks);
  w.Key("last_reload_error");
  Text(w, view.last_reload_error);
  w.Key("state_bytes");
  w.Uint64(view.state_bytes);
  w.Key("state_budget_bytes");
  w.Uint64(view.state_budget_bytes);
  w.EndObject();
  return Finish(buffer);
}

std::string FiringAlertsToJson(const daemon::StatusView& view) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("generated_at");
  Time(w, view.generated_at);
  w.Key("alerts");
  Alerts(w, view.firing);
  w.EndObject();
  return Finish(buffer);
}

}  // namespace gatewatch::status
