#ifndef GATEWATCH_PARSE_FIELD_MAP_H_
#define GATEWATCH_PARSE_FIELD_MAP_H_

#include <cstddef>
#include <string>
#include <vector>

#include "core/cidr_set.h"
#include "core/timestamp.h"

namespace gatewatch::parse {

// How the log line itself is written, once any envelope is removed.
enum class LineFormat { kJson, kCombined };

// One unwrapping step applied to a raw line before it is decoded.
struct EnvelopeStep {
  enum class Kind {
    kCri,        // strip the CRI prefix "<RFC3339> stdout|stderr F " (containerd, CRI-O)
    kJsonField,  // the line is a JSON object; its string field `field` is the real line
  };
  Kind kind = Kind::kCri;
  std::vector<std::string> field;  // kJsonField: path segments, e.g. {"message"}
};

// Which part of an HTTP request line ("GET /a?b HTTP/1.1") a field takes.
enum class RequestLinePart { kNone, kMethod, kPath, kProtocol };

// One place a field may come from, and how the value found there is read.
struct FieldSource {
  // Path segments: "request.headers.user-agent" -> {"request", "headers", "user-agent"}.
  std::vector<std::string> path;
  core::TimeFormat time = core::TimeFormat::kAuto;  // ts only
  double scale = 1.0;  // numbers are multiplied by this (latency in s -> ms: 1000)
  RequestLinePart request_line = RequestLinePart::kNone;
};

// Where one field comes from.
struct FieldSpec {
  std::string name;  // canonical name ("status") or the name rules use for an extra field
  // Alternatives, tried in order: the first one present (not null, not "-") wins.
  std::vector<FieldSource> sources;
  // client_ip only: where the X-Forwarded-For list is, consulted only when the peer address
  // is a trusted proxy (see FieldMap::trusted_proxies).
  std::vector<std::vector<std::string>> forwarded_for;
  // Where the spec was written ("kong.yaml:12:5"), for error messages.
  std::string origin;
};

// A compiled description of one log format: how to unwrap a line, how to decode it, and where
// each field is. Built by config::LoadFieldMap (from YAML, or a built-in preset); read-only
// afterwards.
struct FieldMap {
  std::string name;  // preset name or file path, for messages
  LineFormat format = LineFormat::kJson;
  std::vector<EnvelopeStep> envelope;
  std::vector<FieldSpec> fields;  // canonical and extra fields named by the map
  // Proxies whose X-Forwarded-For we believe. The client is the right-most address in
  // "XFF, peer" that is not one of them; the left-most hop is written by the client itself and
  // is never trusted.
  core::CidrSet trusted_proxies;
  // Lines longer than this are rejected (the reader also stops buffering there).
  size_t max_line_bytes = 1 << 20;
  // Longer values are truncated to this many bytes (at a UTF-8 boundary) and the event kept.
  size_t max_field_bytes = 4096;

  const FieldSpec* Find(std::string_view field_name) const;
};

// Splits a dotted path into segments; "\." is a literal dot inside a segment.
std::vector<std::string> SplitPath(std::string_view dotted);
std::string JoinPath(const std::vector<std::string>& segments);

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_FIELD_MAP_H_
