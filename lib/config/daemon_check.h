#ifndef GATEWATCH_CONFIG_DAEMON_CHECK_H_
#define GATEWATCH_CONFIG_DAEMON_CHECK_H_

#include <memory>
#include <string>
#include <vector>

#include "config/daemon_config.h"
#include "core/result.h"
#include "rules/rule.h"

// `gatewatchd --check` and `gatewatch check --config`: everything a start would validate
// (the config, the rules it names, the field map they are read with) and nothing it would do
// (no state directory, no port, no broker, no alert log), so it is safe beside a running daemon.
namespace gatewatch::config {

// The rule paths a daemon loads: as configured, minus directories that do not exist and are
// named like rules.d (local overrides are optional).
std::vector<std::string> RulePathsToLoad(const DaemonConfig& config);

struct DaemonCheck {
  DaemonConfig config;
  std::shared_ptr<const rules::RuleSet> rules;
};

// Errors name file:line:column.
core::Result<DaemonCheck> CheckDaemonConfig(const std::string& config_path);

}  // namespace gatewatch::config

#endif  // GATEWATCH_CONFIG_DAEMON_CHECK_H_
