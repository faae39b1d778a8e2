#ifndef GATEWATCH_CONFIG_FIELD_MAP_LOADER_H_
#define GATEWATCH_CONFIG_FIELD_MAP_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "parse/field_map.h"

// Field maps from YAML (docs/field-maps.md documents the format):
//
//   preset: kong                 # optional: start from a built-in map and override it
//   format: json                 # json | combined
//   envelope: [cri, fluent-bit]  # optional unwrapping, applied in order
//   trusted_proxies: [10.0.0.0/8]
//   limits: {max_line_bytes: 1MiB, max_field_bytes: 4KiB}
//   fields:
//     ts: {path: started_at, time: epoch_ms}
//     client_ip: {path: client_ip, forwarded_for: request.headers.x-forwarded-for}
//     user: consumer.username
//     latency_ms: {path: latencies.request, unit: ms}
//     auth_result: auth.result     # any other name is an extra field rules can use
namespace gatewatch::config {

// Loads a field map file. Errors name file:line:column.
core::Result<parse::FieldMap> LoadFieldMapFile(const std::string& path);

// Loads a field map from YAML text; `source` names it in errors.
core::Result<parse::FieldMap> LoadFieldMapText(std::string_view text, const std::string& source);

// The built-in presets: gatewatch, kong, envoy (also Istio), nginx-json, aws-apigw, traefik, caddy,
// combined.
std::vector<std::string_view> PresetNames();
// The YAML text of a preset; empty when there is none of that name.
std::string_view PresetText(std::string_view name);
core::Result<parse::FieldMap> LoadPreset(std::string_view name);

// A preset name, or else a path to a field map file.
core::Result<parse::FieldMap> LoadFormat(std::string_view preset_or_path);

}  // namespace gatewatch::config

#endif  // GATEWATCH_CONFIG_FIELD_MAP_LOADER_H_
