#ifndef GATEWATCH_CONFIG_PARSER_FOR_RULES_H_
#define GATEWATCH_CONFIG_PARSER_FOR_RULES_H_

#include <memory>
#include <string_view>

#include "core/result.h"
#include "parse/access_log_parser.h"
#include "rules/rule.h"

namespace gatewatch::config {

// The parser a rule set needs: the field map of `format` (a preset name or a field map file),
// reading only the fields the rules use, with extra fields numbered exactly as the rule set
// numbers them (checked: a disagreement would make rules read the wrong field).
core::Result<std::unique_ptr<parse::AccessLogParser>> CreateParserForRules(
    std::string_view format, const rules::RuleSet& rules);

}  // namespace gatewatch::config

#endif  // GATEWATCH_CONFIG_PARSER_FOR_RULES_H_
