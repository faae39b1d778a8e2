// Redaction of secrets (API keys, tokens, passwords) in alerts before a sink writes them.
//
// An alert grouped by api_key carries the raw key in its group values, in labels templated from
// them, in annotation text and in evidence samples. Every output applies its own
// RedactionPolicy (configurable per sink), so the raw value leaves the process only where an
// operator turns it on (mode kNone).
//
// What counts as a secret: a group field, label or annotation whose NAME matches one of the
// policy's glob patterns (case-insensitive). Its value is replaced by a stable stand-in, and
// every occurrence of that raw value elsewhere in the alert (other labels, annotation text,
// evidence samples, roll-up top groups) is replaced too. Evidence samples are also scrubbed of
// secret-named URL query parameters ("/v1?api_key=..." -> "/v1?api_key=sha256:...").
//
// The alert's fingerprint is left as is: it is a one-way FNV hash and stays the identity that
// every sink agrees on. Thread-safety: pure functions; the policy is read-only.
#ifndef GATEWATCH_ALERT_REDACT_H_
#define GATEWATCH_ALERT_REDACT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alert/alert.h"

namespace gatewatch::alert {

enum class RedactionMode {
  // "sha256:" + the first 12 hex digits of SHA-256(value): stable across processes and
  // restarts, reveals no character of the secret; an operator can find which key it is with
  // `printf %s "$KEY" | sha256sum | cut -c1-12`.
  kHash,
  // The first characters (4, fewer for values shorter than 16 bytes) + "…" + the first 8 hex
  // digits of SHA-256: recognisable by a human ("sk_l…1a2b3c4d"), still distinct per key.
  kPrefix,
  // The raw value. Only for outputs an operator has decided may hold credentials.
  kNone,
};

// "hash", "prefix" or "none" (and back); std::nullopt for anything else.
std::optional<RedactionMode> RedactionModeFromName(std::string_view name);
std::string_view RedactionModeName(RedactionMode mode);

// {"api_key", "*key*", "*token*", "*secret*", "*password*", "*authorization*", "*cookie*"}.
std::vector<std::string> DefaultSecretFields();

struct RedactionPolicy {
  // How a secret value is replaced.
  RedactionMode mode = RedactionMode::kHash;
  // Names of group fields, labels, annotations and query parameters that hold secrets. Glob
  // patterns: '*' matches any run of characters; matching ignores ASCII case, so "*key*"
  // covers "api_key", "X-Api-Key" and "request.headers.x-api-key".
  std::vector<std::string> secret_fields = DefaultSecretFields();
  // A secret shorter than this is replaced where it is a whole value, but not searched for
  // inside other text: a short value such as "-" (a gateway's "absent") would otherwise mangle
  // every annotation. Real credentials are far longer.
  size_t min_length_in_text = 4;
};

// True when `name` matches one of the policy's secret_fields patterns.
bool IsSecretField(const RedactionPolicy& policy, std::string_view name);

// The stand-in for one secret value under the policy's mode (the value itself for kNone).
std::string RedactValue(const RedactionPolicy& policy, std::string_view value);

// Rewrites `alert` in place as described at the top of this file. A no-op for kNone.
//
// Roll-up alerts list other groups in evidence.top_groups as comma-separated values. An entry
// written "field=value,..." has its secret-named parts redacted; an entry without field names
// cannot tell which part is a secret, so it is replaced whole (conservative).
void Redact(const RedactionPolicy& policy, Alert* alert);

// The first `hex_digits` (at most 64) lower-case hex digits of SHA-256(data).
std::string Sha256Hex(std::string_view data, size_t hex_digits);

}  // namespace gatewatch::alert

#endif  // GATEWATCH_ALERT_REDACT_H_
