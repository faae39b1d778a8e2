#ifndef GATEWATCH_CONFIG_RULE_LOADER_H_
#define GATEWATCH_CONFIG_RULE_LOADER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "rules/rule.h"

// Rule files (YAML) -> rules::RuleSet. docs/rules.md documents the format:
//
//   fields: [auth_result]             # extra fields the rules read, beyond the canonical ones
//   lists:
//     internal: [10.0.0.0/8]
//   rules:
//     - id: auth-failure-burst-ip
//       severity: high
//       filter: status in [401, 403] and not client_ip in cidr($internal)
//       group_by: [client_ip]
//       window: 1m
//       aggregate: count
//       condition: "> 30"
namespace gatewatch::config {

// Loads and validates rule files (each may be a directory: its *.yaml files, sorted). Every
// error names file:line:column. Rule ids must be unique across all files.
core::Result<std::shared_ptr<const rules::RuleSet>> LoadRuleFiles(
    const std::vector<std::string>& paths);

// Loads rules from YAML text (tests); `source` names it in errors.
core::Result<std::shared_ptr<const rules::RuleSet>> LoadRuleText(std::string_view text,
                                                                 const std::string& source);

// The *.yaml files under `paths` (directories expanded, sorted); rule tests (*_test.yaml) are
// left out.
core::Result<std::vector<std::string>> ExpandRulePaths(const std::vector<std::string>& paths);

// The files under `paths`: a file is taken as given; a directory is searched recursively for
// regular files whose name `wanted` accepts, sorted. A path that does not exist is an error
// naming it as "no <what> or directory <path>".
core::Result<std::vector<std::string>> FindFiles(
    const std::vector<std::string>& paths, const std::function<bool(std::string_view)>& wanted,
    std::string_view what);

}  // namespace gatewatch::config

#endif  // GATEWATCH_CONFIG_RULE_LOADER_H_
