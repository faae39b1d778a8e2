// Renders events as log lines: the canonical gatewatch JSON shape or NGINX/Apache combined.
#ifndef GATEWATCH_TOOLS_GEN_WRITERS_H_
#define GATEWATCH_TOOLS_GEN_WRITERS_H_

#include <string>
#include <string_view>

#include "gen/event.h"

namespace gatewatch::gen {

// Appends "s" to "out" as a JSON string literal: quotes, backslashes and control characters
// escaped, other bytes (UTF-8 included) as they are.
void AppendJsonString(std::string_view s, std::string* out);

// Appends "e" and a '\n' to "out" as one JSON object with the keys, in this order: ts,
// client_ip, user (left out, or null, when anonymous), api_key (only when sent), method, path,
// route (null when no route matched), status, latency_ms, bytes_out, user_agent, auth_result
// (only when evaluated), request_id, host. Strings are JSON-escaped.
void AppendGatewatchJson(const Event& e, std::string* out);

// Appends "e" and a '\n' to "out" as
//   IP - USER [15/Jan/2026:00:00:00 +0000] "METHOD PATH PROTO" STATUS BYTES "REFERER" "UA"
// with "-" for an anonymous USER and an empty REFERER. Inside quotes '"' and '\' are
// backslash-escaped and control or non-ASCII bytes written as \xHH, as Apache does (NGINX writes
// \x22 for a quote).
void AppendCombined(const Event& e, std::string* out);

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_WRITERS_H_
