#include "config/daemon_check.h"

#include <filesystem>

#include "config/parser_for_rules.h"
#include "config/rule_loader.h"

namespace gatewatch::config {

std::vector<std::string> RulePathsToLoad(const DaemonConfig& config) {
  std::vector<std::string> out;
  for (const std::string& p : config.rules) {
    std::error_code ec;
    if (std::filesystem::exists(p, ec) || !p.ends_with(".d")) out.push_back(p);
  }
  return out;
}

core::Result<DaemonCheck> CheckDaemonConfig(const std::string& config_path) {
  DaemonCheck check;
  GW_ASSIGN_OR_RETURN(check.config, LoadDaemonConfig(config_path));
  GW_ASSIGN_OR_RETURN(check.rules, LoadRuleFiles(RulePathsToLoad(check.config)));
  GW_RETURN_IF_ERROR(CreateParserForRules(check.config.format, *check.rules).status());
  return check;
}

}  // namespace gatewatch::config
