#include "rules/expr_program.h"

#include <string_view>
#include <utility>

namespace gatewatch::rules {

using core::AccessEvent;
using core::FieldId;
using core::ValueKind;
using expr_internal::CompareOp;
using expr_internal::Node;
using expr_internal::Op;

namespace {

// A registry may know more extras than an event was built with; those read as missing.
inline ValueKind KindOf(const AccessEvent& event, FieldId id) {
  return id < event.field_count() ? event.kind(id) : ValueKind::kMissing;
}

template <typename T>
inline bool Apply(CompareOp op, const T& a, const T& b) {
  switch (op) {
    case CompareOp::kEq:
      return a == b;
    case CompareOp::kNe:
      return a != b;
    case CompareOp::kLt:
      return a < b;
    case CompareOp::kLe:
      return a <= b;
    case CompareOp::kGt:
      return a > b;
    case CompareOp::kGe:
      return a >= b;
  }
  return false;
}

// One side of a field-to-field comparison.
struct Value {
  ValueKind kind = ValueKind::kMissing;
  double number = 0;
  std::string_view text;
  bool boolean = false;
};

Value Read(const AccessEvent& event, FieldId id) {
  Value v;
  if (id == core::kFieldTs) {
    v.kind = ValueKind::kNumber;
    v.number = static_cast<double>(event.ts());
    return v;
  }
  v.kind = KindOf(event, id);
  switch (v.kind) {
    case ValueKind::kNumber:
      v.number = event.number(id);
      break;
    case ValueKind::kString:
      v.text = event.text(id);
      break;
    case ValueKind::kBool:
      v.boolean = event.boolean(id);
      break;
    case ValueKind::kMissing:
      break;
  }
  return v;
}

}  // namespace

uint32_t CompiledExpr::AddString(std::string value) {
  strings_.push_back(std::move(value));
  return static_cast<uint32_t>(strings_.size() - 1);
}

uint32_t CompiledExpr::AddIp(const core::IpAddress& ip) {
  ips_.push_back(ip);
  return static_cast<uint32_t>(ips_.size() - 1);
}

uint32_t CompiledExpr::AddStringSet(expr_internal::StringSet set) {
  string_sets_.push_back(std::move(set));
  return static_cast<uint32_t>(string_sets_.size() - 1);
}

uint32_t CompiledExpr::AddNumberSet(expr_internal::NumberSet set) {
  number_sets_.push_back(std::move(set));
  return static_cast<uint32_t>(number_sets_.size() - 1);
}

uint32_t CompiledExpr::AddCidrSet(core::CidrSet set) {
  cidr_sets_.push_back(std::move(set));
  return static_cast<uint32_t>(cidr_sets_.size() - 1);
}

uint32_t CompiledExpr::AddRegex(std::unique_ptr<RE2> regex) {
  regexes_.push_back(std::move(regex));
  return static_cast<uint32_t>(regexes_.size() - 1);
}

bool CompiledExpr::EvalFieldCompare(const Node& node, const AccessEvent& event) const {
  const Value a = Read(event, node.field);
  const Value b = Read(event, node.field2);
  if (a.kind != b.kind) return false;  // also when either is missing
  switch (a.kind) {
    case ValueKind::kNumber:
      return Apply(node.compare, a.number, b.number);
    case ValueKind::kString:
      return Apply(node.compare, a.text, b.text);
    case ValueKind::kBool:
      if (node.compare == CompareOp::kEq) return a.boolean == b.boolean;
      if (node.compare == CompareOp::kNe) return a.boolean != b.boolean;
      return false;
    case ValueKind::kMissing:
      return false;
  }
  return false;
}

bool CompiledExpr::Eval(uint32_t index, const AccessEvent& event) const {
  const Node& node = nodes_[index];
  switch (node.op) {
    case Op::kConst:
      return node.flag;
    case Op::kAnd: {
      uint32_t child = index + 1;
      for (uint32_t i = 0; i < node.arg; ++i) {
        if (!Eval(child, event)) return false;
        child += nodes_[child].size;
      }
      return true;
    }
    case Op::kOr: {
      uint32_t child = index + 1;
      for (uint32_t i = 0; i < node.arg; ++i) {
        if (Eval(child, event)) return true;
        child += nodes_[child].size;
      }
      return false;
    }
    case Op::kNot:
      return !Eval(index + 1, event);
    case Op::kExists:
      return KindOf(event, node.field) != ValueKind::kMissing;
    case Op::kNumberCompare:
      return KindOf(event, node.field) == ValueKind::kNumber &&
             Apply(node.compare, event.number(node.field), node.number);
    case Op::kTimeCompare:
      return Apply(node.compare, event.ts(), node.integer);
    case Op::kStringCompare:
      return KindOf(event, node.field) == ValueKind::kString &&
             Apply(node.compare, event.text(node.field), std::string_view(strings_[node.arg]));
    case Op::kBoolCompare:
      return KindOf(event, node.field) == ValueKind::kBool &&
             Apply(node.compare, event.boolean(node.field), node.arg != 0);
    case Op::kIpCompare:
      return KindOf(event, node.field) != ValueKind::kMissing &&
             Apply(node.compare, event.client_ip(), ips_[node.arg]);
    case Op::kFieldCompare:
      return EvalFieldCompare(node, event);
    case Op::kNumberIn:
      return KindOf(event, node.field) == ValueKind::kNumber &&
             number_sets_[node.arg].Contains(event.number(node.field)) != node.flag;
    case Op::kStringIn:
      return KindOf(event, node.field) == ValueKind::kString &&
             string_sets_[node.arg].Contains(event.text(node.field)) != node.flag;
    case Op::kCidrIn:
      return KindOf(event, node.field) != ValueKind::kMissing &&
             cidr_sets_[node.arg].Contains(event.client_ip()) != node.flag;
    case Op::kTextCidrIn: {
      if (KindOf(event, node.field) != ValueKind::kString) return false;
      const std::optional<core::IpAddress> ip =
          core::IpAddress::ParseWithOptionalPort(event.text(node.field));
      return ip.has_value() && cidr_sets_[node.arg].Contains(*ip) != node.flag;
    }
    case Op::kStartsWith:
      return KindOf(event, node.field) == ValueKind::kString &&
             event.text(node.field).starts_with(strings_[node.arg]);
    case Op::kEndsWith:
      return KindOf(event, node.field) == ValueKind::kString &&
             event.text(node.field).ends_with(strings_[node.arg]);
    case Op::kContains:
      return KindOf(event, node.field) == ValueKind::kString &&
             event.text(node.field).find(strings_[node.arg]) != std::string_view::npos;
    case Op::kMatches: {
      if (KindOf(event, node.field) != ValueKind::kString) return false;
      const std::string_view text = event.text(node.field);
      return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *regexes_[node.arg]);
    }
  }
  return false;
}

}  // namespace gatewatch::rules
