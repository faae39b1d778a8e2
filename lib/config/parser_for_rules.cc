#include "config/parser_for_rules.h"

#include "config/field_map_loader.h"

namespace gatewatch::config {

core::Result<std::unique_ptr<parse::AccessLogParser>> CreateParserForRules(
    std::string_view format, const rules::RuleSet& rules) {
  GW_ASSIGN_OR_RETURN(parse::FieldMap map, LoadFormat(format));
  GW_ASSIGN_OR_RETURN(
      std::unique_ptr<parse::AccessLogParser> parser,
      parse::AccessLogParser::Create(map, rules.fields.UsedFieldNames(),
                                     parse::AccessLogParser::Selection::kOnlyRequested));
  for (const std::string& name : rules.fields.extras()) {
    if (parser->FieldIndex(name) != rules.fields.Find(name)) {
      return core::Status::Internal("field ids of " + name + " disagree between parser and rules");
    }
  }
  return parser;
}

}  // namespace gatewatch::config
