// gatewatch check: validates rule files (and, with the daemon, its configuration).
#include <cstdio>

#include "commands.h"
#include "config/rule_loader.h"

namespace gatewatch::cli {

void RegisterCheckCommand(CLI::App& app, CommandRegistry* commands) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "check", "Validate rule files or directories; errors name file:line:column (exit 1)");
  sub->add_option("paths", *paths, "rule files or directories")->required();
  commands->Add(sub, [paths]() {
    auto set = config::LoadRuleFiles(*paths);
    if (!set.ok()) {
      std::fprintf(stderr, "%s\n", set.status().message().c_str());
      return 1;
    }
    std::printf("ok: %zu rules, %zu fields\n", (*set)->rules.size(),
                (*set)->fields.UsedFieldNames().size());
    return 0;
  });
}

}  // namespace gatewatch::cli
