#include "config/field_map_loader.h"

#include <filesystem>

#include "config/presets.h"
#include "config/yaml_util.h"
#include "core/access_event.h"

namespace gatewatch::config {
namespace {

using parse::EnvelopeStep;
using parse::FieldMap;
using parse::FieldSpec;

const std::vector<std::string_view> kTopKeys = {"description",     "preset", "format", "envelope",
                                                "trusted_proxies", "limits", "fields"};
const std::vector<std::string_view> kFieldKeys = {"path",  "time",         "unit",
                                                  "scale", "request_line", "forwarded_for"};

// Nested presets are a chain, not a graph; this bounds a file that names itself.
constexpr int kMaxPresetDepth = 4;

bool ValidFieldName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return !(name[0] >= '0' && name[0] <= '9');
}

core::Result<std::vector<std::vector<std::string>>> ReadPaths(const std::string& source,
                                                              const YAML::Node& node,
                                                              std::string_view what) {
  std::vector<std::vector<std::string>> paths;
  auto add = [&](const YAML::Node& item) -> core::Status {
    GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source, item, what));
    if (text.empty()) return ErrorAt(source, item, std::string(what) + " must not be empty");
    std::vector<std::string> segments = parse::SplitPath(text);
    for (const std::string& s : segments) {
      if (s.empty()) {
        return ErrorAt(source, item,
                       std::string(what) + " \"" + text +
                           "\" has an empty segment (write a literal dot as \\.)");
      }
    }
    paths.push_back(std::move(segments));
    return core::Status::Ok();
  };
  if (node.IsSequence()) {
    if (node.size() == 0) return ErrorAt(source, node, std::string(what) + " list is empty");
    for (const auto& item : node) GW_RETURN_IF_ERROR(add(item));
  } else {
    GW_RETURN_IF_ERROR(add(node));
  }
  return paths;
}

// Reads one alternative written as a mapping ({path: ..., time: ...}) into `spec`: one
// source per path, all with the mapping's options.
core::Status ReadSourceMapping(const std::string& source, const YAML::Node& node, FieldSpec* spec) {
  const std::string& name = spec->name;
  GW_RETURN_IF_ERROR(CheckKeys(source, node, kFieldKeys, "field " + name));
  parse::FieldSource options;
  if (const YAML::Node& time = node["time"]) {
    if (name != "ts") return ErrorAt(source, time, "\"time\" applies only to field ts");
    GW_ASSIGN_OR_RETURN(std::string format, ScalarString(source, time, "time"));
    auto parsed = core::TimeFormatFromName(format);
    if (!parsed) {
      return ErrorAt(source, time,
                     "unknown time format \"" + format + "\"" +
                         DidYouMean(format, {"auto", "rfc3339", "clf", "epoch_s", "epoch_ms",
                                             "epoch_us", "epoch_ns", "msec"}) +
                         "; expected auto, rfc3339, clf, epoch_s (msec), epoch_ms, epoch_us or "
                         "epoch_ns");
    }
    options.time = *parsed;
  }
  if (const YAML::Node& unit = node["unit"]) {
    if (name != "latency_ms") {
      return ErrorAt(source, unit, "\"unit\" applies only to latency_ms (use scale for others)");
    }
    GW_ASSIGN_OR_RETURN(std::string u, ScalarString(source, unit, "unit"));
    if (u == "ns") {
      options.scale = 1e-6;
    } else if (u == "us") {
      options.scale = 1e-3;
    } else if (u == "ms") {
      options.scale = 1;
    } else if (u == "s") {
      options.scale = 1000;
    } else {
      return ErrorAt(source, unit, "unknown unit \"" + u + "\"; expected ns, us, ms or s");
    }
  }
  if (const YAML::Node& scale = node["scale"]) {
    if (node["unit"]) return ErrorAt(source, scale, "give either unit or scale, not both");
    try {
      options.scale = scale.as<double>();
    } catch (const YAML::Exception&) {
      return ErrorAt(source, scale, "scale must be a number");
    }
  }
  if (const YAML::Node& part = node["request_line"]) {
    GW_ASSIGN_OR_RETURN(std::string p, ScalarString(source, part, "request_line"));
    if (p == "method") {
      options.request_line = parse::RequestLinePart::kMethod;
    } else if (p == "path") {
      options.request_line = parse::RequestLinePart::kPath;
    } else if (p == "protocol") {
      options.request_line = parse::RequestLinePart::kProtocol;
    } else {
      return ErrorAt(source, part,
                     "request_line must be method, path or protocol, not \"" + p + "\"");
    }
  }
  if (const YAML::Node& xff = node["forwarded_for"]) {
    if (name != "client_ip") {
      return ErrorAt(source, xff, "\"forwarded_for\" applies only to field client_ip");
    }
    GW_ASSIGN_OR_RETURN(auto paths, ReadPaths(source, xff, "forwarded_for"));
    spec->forwarded_for.insert(spec->forwarded_for.end(), paths.begin(), paths.end());
  }
  if (const YAML::Node& path = node["path"]) {
    GW_ASSIGN_OR_RETURN(auto paths, ReadPaths(source, path, "path of field " + name));
    for (auto& segments : paths) {
      parse::FieldSource s = options;
      s.path = std::move(segments);
      spec->sources.push_back(std::move(s));
    }
  } else if (!node["forwarded_for"]) {
    return ErrorAt(source, node, "field " + name + " needs a path");
  }
  return core::Status::Ok();
}

// A field is a path, a mapping, or a list of alternatives (paths or mappings).
core::Result<FieldSpec> ReadField(const std::string& source, const std::string& name,
                                  const YAML::Node& node) {
  FieldSpec spec;
  spec.name = name;
  spec.origin = Where(source, node);
  auto read_one = [&](const YAML::Node& item) -> core::Status {
    if (item.IsMap()) return ReadSourceMapping(source, item, &spec);
    GW_ASSIGN_OR_RETURN(auto paths, ReadPaths(source, item, "path of field " + name));
    for (auto& segments : paths) spec.sources.push_back(parse::FieldSource{std::move(segments)});
    return core::Status::Ok();
  };
  if (node.IsSequence()) {
    if (node.size() == 0) return ErrorAt(source, node, "field " + name + " lists no paths");
    for (const auto& item : node) GW_RETURN_IF_ERROR(read_one(item));
  } else {
    GW_RETURN_IF_ERROR(read_one(node));
  }
  if (spec.sources.size() > 64) return ErrorAt(source, node, "at most 64 paths per field");
  return spec;
}

core::Result<EnvelopeStep> ReadEnvelopeStep(const std::string& source, const YAML::Node& node) {
  EnvelopeStep step;
  if (node.IsMap()) {
    GW_RETURN_IF_ERROR(CheckKeys(source, node, {"json"}, "envelope step"));
    if (!node["json"]) return ErrorAt(source, node, "an envelope mapping needs json: FIELD");
    GW_ASSIGN_OR_RETURN(auto paths, ReadPaths(source, node["json"], "envelope json field"));
    if (paths.size() != 1) return ErrorAt(source, node, "envelope json takes one field");
    step.kind = EnvelopeStep::Kind::kJsonField;
    step.field = paths[0];
    return step;
  }
  GW_ASSIGN_OR_RETURN(std::string name, ScalarString(source, node, "envelope step"));
  if (name == "cri") {
    step.kind = EnvelopeStep::Kind::kCri;
  } else if (name == "filebeat" || name == "vector") {
    step.kind = EnvelopeStep::Kind::kJsonField;
    step.field = {"message"};
  } else if (name == "fluent-bit" || name == "docker") {
    step.kind = EnvelopeStep::Kind::kJsonField;
    step.field = {"log"};
  } else {
    return ErrorAt(source, node,
                   "unknown envelope \"" + name + "\"" +
                       DidYouMean(name, {"cri", "filebeat", "vector", "fluent-bit", "docker"}) +
                       "; expected cri, filebeat, vector, fluent-bit, docker or {json: FIELD}");
  }
  return step;
}

core::Result<FieldMap> LoadDocument(const YamlDocument& doc, int depth);

core::Result<FieldMap> LoadPresetAt(std::string_view name, int depth) {
  std::string_view text = PresetText(name);
  if (text.empty()) {
    std::string list;
    for (std::string_view p : PresetNames()) list += (list.empty() ? "" : ", ") + std::string(p);
    return core::Status::NotFound("no preset named \"" + std::string(name) + "\"" +
                                  DidYouMean(name, PresetNames()) + "; presets: " + list);
  }
  GW_ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlText(text, "preset " + std::string(name)));
  GW_ASSIGN_OR_RETURN(FieldMap map, LoadDocument(doc, depth + 1));
  map.name = std::string(name);
  return map;
}

core::Result<FieldMap> LoadDocument(const YamlDocument& doc, int depth) {
  const std::string& source = doc.source;
  const YAML::Node& root = doc.root;
  if (!root.IsMap()) return ErrorAt(source, root, "a field map must be a mapping");
  GW_RETURN_IF_ERROR(CheckKeys(source, root, kTopKeys, "field map"));

  FieldMap map;
  if (const YAML::Node& preset = root["preset"]) {
    if (depth >= kMaxPresetDepth) return ErrorAt(source, preset, "presets nest too deeply");
    GW_ASSIGN_OR_RETURN(std::string name, ScalarString(source, preset, "preset"));
    auto base = LoadPresetAt(name, depth);
    if (!base.ok()) return ErrorAt(source, preset, base.status().message());
    map = std::move(*base);
  }
  map.name = source;

  if (const YAML::Node& format = root["format"]) {
    GW_ASSIGN_OR_RETURN(std::string f, ScalarString(source, format, "format"));
    if (f == "json") {
      map.format = parse::LineFormat::kJson;
    } else if (f == "combined") {
      map.format = parse::LineFormat::kCombined;
    } else {
      return ErrorAt(source, format,
                     "unknown format \"" + f + "\"" + DidYouMean(f, {"json", "combined"}) +
                         "; expected json or combined");
    }
  }
  if (const YAML::Node& envelope = root["envelope"]) {
    map.envelope.clear();
    if (envelope.IsSequence()) {
      for (const auto& step : envelope) {
        GW_ASSIGN_OR_RETURN(EnvelopeStep s, ReadEnvelopeStep(source, step));
        map.envelope.push_back(std::move(s));
      }
    } else {
      GW_ASSIGN_OR_RETURN(EnvelopeStep s, ReadEnvelopeStep(source, envelope));
      map.envelope.push_back(std::move(s));
    }
  }
  if (const YAML::Node& proxies = root["trusted_proxies"]) {
    if (!proxies.IsSequence()) return ErrorAt(source, proxies, "trusted_proxies must be a list");
    map.trusted_proxies = core::CidrSet();
    for (const auto& item : proxies) {
      GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source, item, "trusted proxy"));
      auto cidr = core::Cidr::Parse(text);
      if (!cidr.ok()) return ErrorAt(source, item, cidr.status().message());
      map.trusted_proxies.Add(*cidr);
    }
  }
  if (const YAML::Node& limits = root["limits"]) {
    GW_RETURN_IF_ERROR(CheckKeys(source, limits, {"max_line_bytes", "max_field_bytes"}, "limits"));
    if (limits["max_line_bytes"]) {
      GW_ASSIGN_OR_RETURN(map.max_line_bytes,
                          ScalarByteSize(source, limits["max_line_bytes"], "max_line_bytes"));
      if (map.max_line_bytes < 256 || map.max_line_bytes > (64u << 20)) {
        return ErrorAt(source, limits["max_line_bytes"], "max_line_bytes must be 256B..64MiB");
      }
    }
    if (limits["max_field_bytes"]) {
      GW_ASSIGN_OR_RETURN(map.max_field_bytes,
                          ScalarByteSize(source, limits["max_field_bytes"], "max_field_bytes"));
      // 64 bytes hold the longest timestamp (RFC 3339 with nanoseconds and an offset).
      if (map.max_field_bytes < 64 || map.max_field_bytes > (1u << 20)) {
        return ErrorAt(source, limits["max_field_bytes"], "max_field_bytes must be 64B..1MiB");
      }
    }
  }
  if (const YAML::Node& fields = root["fields"]) {
    if (map.format == parse::LineFormat::kCombined) {
      return ErrorAt(source, fields,
                     "the combined format has fixed fields; \"fields\" applies to json only");
    }
    if (!fields.IsMap()) return ErrorAt(source, fields, "fields must be a mapping");
    for (const auto& entry : fields) {
      GW_ASSIGN_OR_RETURN(std::string name, ScalarString(source, entry.first, "field name"));
      if (!ValidFieldName(name)) {
        return ErrorAt(source, entry.first,
                       "invalid field name \"" + name + "\" (letters, digits, _ . -)");
      }
      GW_ASSIGN_OR_RETURN(FieldSpec spec, ReadField(source, name, entry.second));
      bool replaced = false;
      for (FieldSpec& existing : map.fields) {
        if (existing.name == name) {
          existing = spec;
          replaced = true;
        }
      }
      if (!replaced) map.fields.push_back(std::move(spec));
    }
  }
  if (map.format == parse::LineFormat::kJson) {
    for (const char* required : {"ts", "client_ip"}) {
      if (map.Find(required) == nullptr) {
        return ErrorAt(source, root,
                       std::string("the field map does not say where ") + required +
                           " is; add it under fields (or start from a preset)");
      }
    }
  }
  return map;
}

}  // namespace

core::Result<FieldMap> LoadFieldMapText(std::string_view text, const std::string& source) {
  GW_ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlText(text, source));
  return LoadDocument(doc, 0);
}

core::Result<FieldMap> LoadFieldMapFile(const std::string& path) {
  GW_ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlFile(path));
  return LoadDocument(doc, 0);
}

std::vector<std::string_view> PresetNames() {
  std::vector<std::string_view> names;
  for (const Preset& p : BuiltinPresets()) names.push_back(p.name);
  return names;
}

std::string_view PresetText(std::string_view name) {
  for (const Preset& p : BuiltinPresets()) {
    if (p.name == name) return p.yaml;
  }
  return {};
}

core::Result<FieldMap> LoadPreset(std::string_view name) { return LoadPresetAt(name, 0); }

core::Result<FieldMap> LoadFormat(std::string_view preset_or_path) {
  if (!PresetText(preset_or_path).empty()) return LoadPreset(preset_or_path);
  std::string path(preset_or_path);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::string list;
    for (std::string_view p : PresetNames()) list += (list.empty() ? "" : ", ") + std::string(p);
    return core::Status::NotFound("\"" + path + "\" is neither a preset (" + list +
                                  ") nor a field map file" + DidYouMean(path, PresetNames()));
  }
  return LoadFieldMapFile(path);
}

}  // namespace gatewatch::config
