#ifndef GATEWATCH_PARSE_EVENT_JSON_H_
#define GATEWATCH_PARSE_EVENT_JSON_H_

#include <string>
#include <vector>

#include "core/access_event.h"

namespace gatewatch::parse {

// Appends `event` to `out` as one JSON object (no newline): "ts" as RFC 3339, then every
// present field under its name in `field_names` (numbers as numbers), then "repairs" listing
// the repair kinds applied, if any. Missing fields are left out; empty strings are kept.
void AppendEventJson(const core::AccessEvent& event, const std::vector<std::string>& field_names,
                     std::string* out);

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_EVENT_JSON_H_
