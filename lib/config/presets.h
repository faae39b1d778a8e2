#ifndef GATEWATCH_CONFIG_PRESETS_H_
#define GATEWATCH_CONFIG_PRESETS_H_

#include <string_view>
#include <vector>

// Internal to lib/config: the field maps in lib/config/presets/*.yaml, compiled in.
namespace gatewatch::config {

struct Preset {
  std::string_view name;
  std::string_view yaml;
};

const std::vector<Preset>& BuiltinPresets();

}  // namespace gatewatch::config

#endif  // GATEWATCH_CONFIG_PRESETS_H_
