#include "rules/field_registry.h"

namespace gatewatch::rules {

FieldRegistry::FieldRegistry() {
  for (core::FieldId id = 0; id < core::kCanonicalFieldCount; ++id) {
    names_.emplace_back(core::CanonicalFieldName(id));
  }
  used_.assign(names_.size(), false);
  used_[core::kFieldTs] = true;
  used_[core::kFieldClientIp] = true;
}

core::FieldId FieldRegistry::Declare(std::string_view name) {
  if (auto id = Find(name)) return *id;
  names_.emplace_back(name);
  used_.push_back(false);
  return static_cast<core::FieldId>(names_.size() - 1);
}

std::optional<core::FieldId> FieldRegistry::Find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<core::FieldId>(i);
  }
  return std::nullopt;
}

FieldType FieldRegistry::TypeOf(core::FieldId id) const {
  switch (id) {
    case core::kFieldTs:
      return FieldType::kTime;
    case core::kFieldClientIp:
      return FieldType::kIp;
    case core::kFieldStatus:
    case core::kFieldLatencyMs:
    case core::kFieldBytesOut:
      return FieldType::kNumber;
    default:
      return id < core::kCanonicalFieldCount ? FieldType::kString : FieldType::kDynamic;
  }
}

void FieldRegistry::MarkUsed(core::FieldId id) {
  if (id < used_.size()) used_[id] = true;
}

std::vector<std::string> FieldRegistry::UsedFieldNames() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < names_.size(); ++i) {
    // Extras are always requested so that ids stay aligned with the parser's.
    if (used_[i] || i >= core::kCanonicalFieldCount) out.push_back(names_[i]);
  }
  return out;
}

std::vector<std::string> FieldRegistry::extras() const {
  return std::vector<std::string>(names_.begin() + core::kCanonicalFieldCount, names_.end());
}

}  // namespace gatewatch::rules
