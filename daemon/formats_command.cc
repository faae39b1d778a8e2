// gatewatch formats: lists the built-in field map presets, or prints one.
#include <cstdio>
#include <string>

#include "commands.h"
#include "config/field_map_loader.h"

namespace gatewatch::cli {

void RegisterFormatsCommand(CLI::App& app, CommandRegistry* commands) {
  auto name = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "formats", "List the built-in log formats, or print one as a field map to start from");
  sub->add_option("preset", *name, "print this preset's YAML");
  commands->Add(sub, [name]() {
    if (name->empty()) {
      for (std::string_view preset : config::PresetNames()) {
        std::printf("%.*s\n", static_cast<int>(preset.size()), preset.data());
      }
      return 0;
    }
    std::string_view text = config::PresetText(*name);
    if (text.empty()) {
      std::fprintf(stderr, "gatewatch formats: %s\n",
                   config::LoadPreset(*name).status().message().c_str());
      return 2;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  });
}

}  // namespace gatewatch::cli
