// Text rules Alertmanager enforces on labels and annotations (the Prometheus data model), applied
// to whatever the rules and the traffic put there.
//
// Alertmanager rejects an alert whose label or annotation name is not [a-zA-Z_][a-zA-Z0-9_]* or
// whose value is not valid UTF-8. Attacker-controlled values (paths, user agents, user names)
// can be anything and any length, so values are repaired and bounded here. Pure functions.
#ifndef GATEWATCH_SINKS_LABEL_TEXT_H_
#define GATEWATCH_SINKS_LABEL_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace gatewatch::sinks {

// A valid label name: every character outside [a-zA-Z0-9_] becomes '_', and a leading digit
// (or an empty name) gets a '_' in front. "request.headers.host" -> "request_headers_host",
// "x-api-key" -> "x_api_key", "5xx" -> "_5xx".
std::string SanitizeLabelName(std::string_view name);

// Valid UTF-8 of at most `max_bytes` bytes (a minimum of 32 is applied). Invalid sequences
// become U+FFFD. A longer value keeps its start (cut on a character boundary) and ends with
// "…" and 8 hex digits of the SHA-256 of the whole value, so two long values that share a
// prefix stay different labels (labels are the alert's identity in Alertmanager).
std::string BoundedUtf8(std::string_view value, size_t max_bytes);

}  // namespace gatewatch::sinks

#endif  // GATEWATCH_SINKS_LABEL_TEXT_H_
