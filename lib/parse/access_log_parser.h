#ifndef GATEWATCH_PARSE_ACCESS_LOG_PARSER_H_
#define GATEWATCH_PARSE_ACCESS_LOG_PARSER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_event.h"
#include "core/result.h"
#include "parse/field_map.h"
#include "parse/reject_reason.h"

// The parse stage: one raw log line -> one canonical core::AccessEvent, or a reason why not.
//
//   auto parser = AccessLogParser::Create(field_map, {"auth_result"});
//   core::AccessEvent event = (*parser)->NewEvent();
//   ParseResult r = (*parser)->Parse(line, &event);
//   if (!r.ok()) stats.Record(r, line);
namespace gatewatch::parse {

// What became of one line. Cheap to copy; never allocates.
struct ParseResult {
  RejectReason reason = RejectReason::kNone;
  // The field the rejection is about (kMissingTimestamp -> kFieldTs, kWrongType -> the field),
  // or kNoField.
  static constexpr core::FieldId kNoField = 0xFFFF;
  core::FieldId field = kNoField;

  bool ok() const { return reason == RejectReason::kNone; }
};

class AccessLogParser {
 public:
  // Builds a parser for `map` that also materialises `extra_fields`: names beyond the canonical
  // ones that rules need. Each is the field map's field of that name, or else the dotted path
  // it spells into the input ("request.headers.host"). Extras get FieldIds after the
  // canonical fields, in the given order (duplicates and canonical names are ignored). Fails if
  // `map` does not say where the timestamp or the client IP is.
  // kAllFields reads every canonical field and every field the map names, plus the extras;
  // kOnlyRequested reads just ts, client_ip and the names in `fields` (canonical or extra) —
  // what a rule set needs — and leaves the rest missing, so the hot path decodes no more
  // than it must.
  enum class Selection { kAllFields, kOnlyRequested };

  static core::Result<std::unique_ptr<AccessLogParser>> Create(
      const FieldMap& map, const std::vector<std::string>& extra_fields = {},
      Selection selection = Selection::kAllFields);

  ~AccessLogParser();
  AccessLogParser(const AccessLogParser&) = delete;
  AccessLogParser& operator=(const AccessLogParser&) = delete;

  // An event with room for this parser's fields, to be reused for every line.
  core::AccessEvent NewEvent() const;

  // Parses one line (without its newline) into `event`, which is cleared first. On a
  // rejection `event` holds whatever was read and must not be used. Repairs applied to keep
  // the line are in event->repairs(). Not thread-safe: one parser per thread.
  ParseResult Parse(std::string_view line, core::AccessEvent* event);

  // Every field this parser fills, canonical first; the index is the FieldId.
  const std::vector<std::string>& field_names() const { return field_names_; }
  std::optional<core::FieldId> FieldIndex(std::string_view name) const;

  const FieldMap& field_map() const { return map_; }

  // A human-readable sentence for a rejection, naming the field and where it was looked for:
  // "field status (response.status): wrong type". For summaries; allocates.
  std::string Describe(const ParseResult& result) const;

 private:
  struct FieldPlan;
  class Impl;

  explicit AccessLogParser(const FieldMap& map);

  FieldMap map_;
  std::vector<std::string> field_names_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_ACCESS_LOG_PARSER_H_
