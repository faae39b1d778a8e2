#ifndef GATEWATCH_METRICS_LABEL_SANITIZER_H_
#define GATEWATCH_METRICS_LABEL_SANITIZER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// Turns untrusted strings into safe Prometheus labels. Label values come from requests (user
// names, paths, IPs) and may hold anything; label names come from rule `group_by` fields,
// which may be dotted paths or camelCase. Pure functions, no state.
namespace gatewatch::metrics {

// Valid UTF-8 of at most `max_bytes` bytes: invalid sequences and control characters become
// U+FFFD; a longer value is cut on a character boundary and ends in U+2026 ("…").
// Quotes, backslashes and newlines need no care here: the text serializer escapes them.
std::string SanitizeLabelValue(std::string_view value, size_t max_bytes);

// A label name matching [a-z_][a-z0-9_]* in snake_case: "request.headers.host" ->
// "request_headers_host", "ClientHost" -> "client_host", "1st" -> "group_1st".
// Never empty; never starts with "__" (reserved by Prometheus).
std::string SanitizeLabelName(std::string_view field);

// Label names for a rule's group_by fields, in order: sanitized, renamed "group_<name>" where
// they would clash with a label of gatewatch_alert_active or of Prometheus itself (rule,
// severity, job, instance, alertname, le, quantile), and suffixed "_2", "_3"... where two
// fields would end up with the same name.
std::vector<std::string> GroupLabelNames(const std::vector<std::string>& fields);

}  // namespace gatewatch::metrics

#endif  // GATEWATCH_METRICS_LABEL_SANITIZER_H_
