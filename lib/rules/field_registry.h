#ifndef GATEWATCH_RULES_FIELD_REGISTRY_H_
#define GATEWATCH_RULES_FIELD_REGISTRY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_event.h"

namespace gatewatch::rules {

// What a field holds, as far as rules can know before seeing an event. Canonical fields have
// fixed types; extra fields are kDynamic (their JSON type decides, per event).
enum class FieldType { kString, kNumber, kIp, kTime, kDynamic };

// The fields a rule set reads, and the FieldId each has in the events the parser produces.
// Canonical fields keep their ids (core::CanonicalField); extra fields get ids after them, in
// the order they were declared. The parser must be created with extras() in that order (and
// AccessLogParser::Selection::kOnlyRequested), so its FieldIds match.
class FieldRegistry {
 public:
  FieldRegistry();

  // Declares an extra field (a rule file's `fields:` list). Canonical names are accepted and
  // ignored. Returns its id.
  core::FieldId Declare(std::string_view name);

  // The id of a canonical or declared field; std::nullopt for anything else.
  std::optional<core::FieldId> Find(std::string_view name) const;
  FieldType TypeOf(core::FieldId id) const;
  const std::string& NameOf(core::FieldId id) const { return names_[id]; }

  // Every field a rule reads (marked by the compiler) — what the parser must materialise.
  void MarkUsed(core::FieldId id);
  std::vector<std::string> UsedFieldNames() const;

  // Extra (non-canonical) field names, in id order.
  std::vector<std::string> extras() const;
  // All known names, for "did you mean" suggestions.
  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::vector<bool> used_;
};

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_FIELD_REGISTRY_H_
