# Writes OUTPUT, a C++ file defining gatewatch::config::BuiltinPresets() from the YAML files
# given in PRESETS (a ;-list), so the presets ship inside the binary and stay plain YAML here.
set(body "")
string(REPLACE "|" ";" PRESETS "${PRESETS}")
foreach(file ${PRESETS})
  get_filename_component(name "${file}" NAME_WE)
  file(READ "${file}" text)
  string(APPEND body "      {\"${name}\", R\"gwpreset(${text})gwpreset\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from lib/config/presets/*.yaml by embed_presets.cmake. Do not edit.
#include \"config/presets.h\"

namespace gatewatch::config {

const std::vector<Preset>& BuiltinPresets() {
  static const std::vector<Preset> kPresets = {
${body}  };
  return kPresets;
}

}  // namespace gatewatch::config
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
