// gatewatch check: validates rule files (and, with the daemon, its configuration).
#include <cstdio>

#include "commands.h"
#include "config/daemon_check.h"
#include "config/rule_loader.h"

namespace gatewatch::cli {

void RegisterCheckCommand(CLI::App& app, CommandRegistry* commands) {
  auto paths = std::make_shared<std::vector<std::string>>();
  auto config_path = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "check",
      "Validate rule files or directories, or with --config a gatewatchd configuration together "
      "with the rules and field map it names; errors name file:line:column (exit 1)");
  sub->add_option("--config,-c", *config_path, "gatewatchd configuration file");
  sub->add_option("paths", *paths, "rule files or directories");
  commands->Add(sub, [paths, config_path]() {
    if (!config_path->empty()) {
      auto check = config::CheckDaemonConfig(*config_path);
      if (!check.ok()) {
        std::fprintf(stderr, "%s\n", check.status().message().c_str());
        return 1;
      }
      std::printf("ok: %s, %zu rules\n", config_path->c_str(), check->rules->rules.size());
      if (paths->empty()) return 0;
    }
    if (paths->empty()) {
      std::fprintf(stderr, "gatewatch check: give rule paths, or --config FILE\n");
      return 2;
    }
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
