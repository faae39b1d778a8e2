#include "kafka/ecs_alert.h"

#include <array>
#include <optional>
#include <utility>

#include "core/ip_address.h"
#include "parse/text_repair.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace gatewatch::kafka {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr const char* kEcsVersion = "8.11.0";

void String(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// `object[name]`, or null when the member is missing (it never is: AlertToJson writes them all;
// this only keeps a future change there from turning into a crash here).
const rapidjson::Value& Field(const rapidjson::Value& object, const char* name) {
  static const rapidjson::Value kNull;
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? kNull : it->value;
}

const std::string* Find(const std::vector<std::pair<std::string, std::string>>& group,
                        std::string_view name) {
  for (const auto& [field, value] : group) {
    if (field == name) return &value;
  }
  return nullptr;
}

const std::string* Find(const std::map<std::string, std::string>& map, const std::string& name) {
  auto it = map.find(name);
  return it == map.end() ? nullptr : &it->second;
}

void WriteEvent(const alert::Alert& alert, const rapidjson::Document& native, Writer& w) {
  bool resolved = alert.status == alert::AlertStatus::kResolved;
  w.Key("event");
  w.StartObject();
  w.Key("kind");
  w.String("alert");
  w.Key("category");
  w.StartArray();
  w.String("intrusion_detection");
  w.EndArray();
  w.Key("type");
  w.StartArray();
  w.String("info");
  w.EndArray();
  w.Key("severity");
  w.Int(EcsSeverity(alert.severity));
  w.Key("start");
  Field(native, "starts_at").Accept(w);
  if (resolved) {
    w.Key("end");
    Field(native, "ends_at").Accept(w);
    w.Key("duration");
    w.Int64(alert.ends_at - alert.starts_at);
  }
  w.Key("module");
  w.String("gatewatch");
  w.Key("dataset");
  w.String("gatewatch.alerts");
  w.EndObject();
}

void WriteRule(const alert::Alert& alert, Writer& w) {
  w.Key("rule");
  w.StartObject();
  w.Key("id");
  String(w, alert.rule);
  w.Key("name");
  String(w, alert.rule);
  w.Key("ruleset");
  w.String("gatewatch");
  if (const std::string* description = Find(alert.annotations, "description")) {
    w.Key("description");
    String(w, *description);
  }
  w.EndObject();
}

// source.ip and user.name, from the group values that carry them.
void WriteEntities(const alert::Alert& alert, Writer& w) {
  if (const std::string* ip = Find(alert.group, "client_ip")) {
    if (std::optional<core::IpAddress> address = core::IpAddress::Parse(*ip)) {
      w.Key("source");
      w.StartObject();
      w.Key("ip");
      String(w, address->ToString());
      w.EndObject();
    }
  }
  if (const std::string* user = Find(alert.group, "user")) {
    w.Key("user");
    w.StartObject();
    w.Key("name");
    String(w, *user);
    w.EndObject();
  }
}

void WriteMessage(const alert::Alert& alert, Writer& w) {
  w.Key("message");
  if (const std::string* summary = Find(alert.annotations, "summary")) {
    String(w, *summary);
  } else {
    bool resolved = alert.status == alert::AlertStatus::kResolved;
    String(w, alert.rule + (resolved ? " resolved" : " firing"));
  }
}

// Everything of the native record that the ECS fields above do not already carry.
void WriteNativeRest(const rapidjson::Document& native, Writer& w) {
  w.Key("gatewatch");
  w.StartObject();
  for (auto member = native.MemberBegin(); member != native.MemberEnd(); ++member) {
    std::string_view name(member->name.GetString(), member->name.GetStringLength());
    if (name == "rule" || name == "labels") continue;
    member->name.Accept(w);
    member->value.Accept(w);
  }
  w.EndObject();
}

}  // namespace

int EcsSeverity(std::string_view severity) {
  static constexpr std::array<std::pair<std::string_view, int>, 5> kScores = {
      {{"info", 1}, {"low", 21}, {"medium", 47}, {"high", 73}, {"critical", 99}}};
  for (const auto& [name, score] : kScores) {
    if (name == severity) return score;
  }
  return 0;
}

std::string WithValidUtf8(std::string text) {
  if (parse::IsValidUtf8(text)) return text;
  std::string repaired;
  repaired.reserve(text.size() + 16);
  parse::AppendRepairedUtf8(text, &repaired);
  return repaired;
}

std::string AlertToEcsJson(const alert::Alert& alert) {
  // The native record is the single source of the gatewatch.* fields and of the timestamps'
  // text, so both formats always agree.
  const std::string json = alert::AlertToJson(alert);
  rapidjson::Document native;
  native.Parse<rapidjson::kParseFullPrecisionFlag>(json.data(), json.size());
  if (native.HasParseError() || !native.IsObject()) native.SetObject();

  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("@timestamp");
  Field(native, alert.status == alert::AlertStatus::kResolved ? "ends_at" : "starts_at").Accept(w);
  w.Key("ecs");
  w.StartObject();
  w.Key("version");
  w.String(kEcsVersion);
  w.EndObject();
  WriteMessage(alert, w);
  WriteEvent(alert, native, w);
  WriteRule(alert, w);
  WriteEntities(alert, w);
  w.Key("labels");
  Field(native, "labels").Accept(w);
  w.Key("observer");
  w.StartObject();
  w.Key("product");
  w.String("gatewatch");
  w.EndObject();
  WriteNativeRest(native, w);
  w.EndObject();
  return WithValidUtf8(std::string(buffer.GetString(), buffer.GetSize()));
}

}  // namespace gatewatch::kafka
