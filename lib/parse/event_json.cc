#include "parse/event_json.h"

#include <cmath>

#include "core/timestamp.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace gatewatch::parse {

void AppendEventJson(const core::AccessEvent& event, const std::vector<std::string>& field_names,
                     std::string* out) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  for (core::FieldId id = 0; id < event.field_count() && id < field_names.size(); ++id) {
    const std::string& name = field_names[id];
    if (id == core::kFieldTs) {
      writer.Key("ts");
      std::string ts = core::FormatRfc3339(event.ts());
      writer.String(ts.data(), static_cast<rapidjson::SizeType>(ts.size()));
      continue;
    }
    if (!event.has(id)) continue;
    writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    switch (event.kind(id)) {
      case core::ValueKind::kNumber: {
        double v = event.number(id);
        if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) {
          writer.Int64(static_cast<int64_t>(v));
        } else if (std::isfinite(v)) {
          writer.Double(v);
        } else {
          writer.Null();
        }
        break;
      }
      case core::ValueKind::kBool:
        writer.Bool(event.boolean(id));
        break;
      case core::ValueKind::kString: {
        std::string_view text = event.text(id);
        writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
        break;
      }
      case core::ValueKind::kMissing:
        break;
    }
  }
  if (event.repairs() != 0) {
    writer.Key("repairs");
    writer.StartArray();
    for (size_t bit = 0; bit < core::kRepairCount; ++bit) {
      if (event.repairs() & (1u << bit)) {
        std::string_view name = core::RepairName(1u << bit);
        writer.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      }
    }
    writer.EndArray();
  }
  writer.EndObject();
  out->append(buffer.GetString(), buffer.GetSize());
}

}  // namespace gatewatch::parse
