#include "rules/expr_membership.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cidr_set.h"
#include "rules/expr_sets.h"
#include "rules/expr_text.h"

namespace gatewatch::rules::expr_internal {
namespace {

using core::FieldId;
using OperandKind = Operand::Kind;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool FailNoIn(const Operand& field, CompileContext& ctx) {
  return ctx.Fail(field.offset,
                  field.text + " cannot be used with \"in\"; compare it with <, <=, > or >=");
}

// A field of any type against values that may be strings or numbers: a string value looks in
// the strings, a number in the numbers; a boolean is in neither (nor "not in" either).
bool EmitDynamicIn(FieldId id, std::vector<std::string> strings, std::vector<double> numbers,
                   bool negated, CompileContext& ctx) {
  Node any = Leaf(Op::kOr, 0);
  any.arg = 2;
  any.size = 3;
  ctx.Push(any);
  Node s = Leaf(Op::kStringIn, id);
  s.flag = negated;
  s.arg = ctx.program().AddStringSet(StringSet(std::move(strings)));
  ctx.Push(s);
  Node d = Leaf(Op::kNumberIn, id);
  d.flag = negated;
  d.arg = ctx.program().AddNumberSet(NumberSet(std::move(numbers)));
  ctx.Push(d);
  return true;
}

// Adds every entry of the $list `ref` to `*cidrs`; the first bad one is the error.
bool AddListCidrs(const Operand& ref, CompileContext& ctx, core::CidrSet* cidrs) {
  const std::vector<std::string>* values = ctx.FindList(ref);
  if (values == nullptr) return false;
  for (const std::string& v : *values) {
    core::Result<core::Cidr> cidr = core::Cidr::Parse(Trim(v));
    if (!cidr.ok()) {
      return ctx.Fail(ref.offset, "list $" + ref.text + ": " + cidr.status().message());
    }
    cidrs->Add(*cidr);
  }
  return true;
}

// `field [not] in [...]`: the items must be of the field's type; for a field of any type they
// must agree with each other. Addresses may be networks ("10.0.0.0/8") as well.
bool EmitInList(const AstNode& n, FieldId id, CompileContext& ctx) {
  const FieldType type = ctx.TypeOf(id);
  if (type == FieldType::kTime) return FailNoIn(n.lhs, ctx);
  if (type == FieldType::kDynamic && n.items.empty()) {
    return EmitDynamicIn(id, {}, {}, n.negated, ctx);
  }
  OperandKind want = type == FieldType::kNumber ? OperandKind::kNumber : OperandKind::kString;
  if (type == FieldType::kDynamic) want = n.items.front().kind;
  std::vector<double> numbers;
  std::vector<std::string> strings;
  core::CidrSet cidrs;
  for (const Operand& item : n.items) {
    if (item.kind == OperandKind::kBool) {
      if (type != FieldType::kDynamic) return ctx.FailMismatch(n.lhs, type, item);
      return ctx.Fail(item.offset, "lists hold numbers or strings, not booleans");
    }
    if (item.kind != want) {
      if (type != FieldType::kDynamic) return ctx.FailMismatch(n.lhs, type, item);
      return ctx.Fail(item.offset, "the list mixes numbers and strings");
    }
    if (type == FieldType::kIp) {
      core::Result<core::Cidr> cidr = core::Cidr::Parse(item.text);
      if (!cidr.ok()) return ctx.Fail(item.offset, cidr.status().message());
      cidrs.Add(*cidr);
    } else if (item.kind == OperandKind::kNumber) {
      numbers.push_back(item.number);
    } else {
      strings.push_back(item.text);
    }
  }
  Node node = Leaf(Op::kStringIn, id);
  node.flag = n.negated;
  if (type == FieldType::kIp) {
    node.op = Op::kCidrIn;
    node.arg = ctx.program().AddCidrSet(std::move(cidrs));
  } else if (want == OperandKind::kNumber) {
    node.op = Op::kNumberIn;
    node.arg = ctx.program().AddNumberSet(NumberSet(std::move(numbers)));
  } else {
    node.arg = ctx.program().AddStringSet(StringSet(std::move(strings)));
  }
  ctx.Push(node);
  return true;
}

// `field [not] in $list`: the values are read as the field's type.
bool EmitInNamed(const AstNode& n, FieldId id, CompileContext& ctx) {
  const FieldType type = ctx.TypeOf(id);
  if (type == FieldType::kTime) return FailNoIn(n.lhs, ctx);
  Node node = Leaf(Op::kStringIn, id);
  node.flag = n.negated;
  if (type == FieldType::kIp) {
    core::CidrSet cidrs;
    if (!AddListCidrs(n.rhs, ctx, &cidrs)) return false;
    node.op = Op::kCidrIn;
    node.arg = ctx.program().AddCidrSet(std::move(cidrs));
    ctx.Push(node);
    return true;
  }
  const std::vector<std::string>* values = ctx.FindList(n.rhs);
  if (values == nullptr) return false;
  if (type == FieldType::kString) {
    node.arg = ctx.program().AddStringSet(StringSet(*values));
    ctx.Push(node);
    return true;
  }
  std::vector<double> numbers;
  for (const std::string& v : *values) {
    std::optional<NumberValue> number = ParseNumber(Trim(v));
    if (number) {
      numbers.push_back(number->value);
    } else if (type == FieldType::kNumber) {
      return ctx.Fail(n.rhs.offset, "list $" + n.rhs.text + ": " + QuoteForMessage(v) +
                                        " is not a number (" + n.lhs.text + " is a number)");
    }
  }
  if (type == FieldType::kDynamic) {
    return EmitDynamicIn(id, *values, std::move(numbers), n.negated, ctx);
  }
  node.op = Op::kNumberIn;
  node.arg = ctx.program().AddNumberSet(NumberSet(std::move(numbers)));
  ctx.Push(node);
  return true;
}

// `field [not] in cidr("10.0.0.0/8", $office, ...)`: client_ip directly; a string field is
// read as an address (a port is allowed) and is in no network when it is not one.
bool EmitInCidr(const AstNode& n, FieldId id, CompileContext& ctx) {
  const FieldType type = ctx.TypeOf(id);
  if (type == FieldType::kNumber || type == FieldType::kTime) {
    return ctx.Fail(n.lhs.offset, n.lhs.text + " is " + std::string(TypePhrase(type)) +
                                      "; cidr(...) needs an address field such as client_ip");
  }
  core::CidrSet cidrs;
  for (const Operand& item : n.items) {
    if (item.kind == OperandKind::kListRef) {
      if (!AddListCidrs(item, ctx, &cidrs)) return false;
      continue;
    }
    core::Result<core::Cidr> cidr = core::Cidr::Parse(item.text);
    if (!cidr.ok()) return ctx.Fail(item.offset, cidr.status().message());
    cidrs.Add(*cidr);
  }
  Node node = Leaf(type == FieldType::kIp ? Op::kCidrIn : Op::kTextCidrIn, id);
  node.flag = n.negated;
  node.arg = ctx.program().AddCidrSet(std::move(cidrs));
  ctx.Push(node);
  return true;
}

}  // namespace

bool EmitMembership(const AstNode& node, CompileContext& ctx) {
  std::optional<FieldId> id = ctx.Resolve(node.lhs);
  if (!id) return false;
  switch (node.kind) {
    case AstNode::Kind::kInList:
      return EmitInList(node, *id, ctx);
    case AstNode::Kind::kInNamed:
      return EmitInNamed(node, *id, ctx);
    case AstNode::Kind::kInCidr:
      return EmitInCidr(node, *id, ctx);
    default:
      return ctx.Fail(node.offset, "internal error: not a membership test");
  }
}

}  // namespace gatewatch::rules::expr_internal
