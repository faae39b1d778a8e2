#include "rules/expr_compile_context.h"

#include <utility>

#include "rules/expr_text.h"

namespace gatewatch::rules::expr_internal {
namespace {

std::string_view LiteralPhrase(const Operand& o) {
  switch (o.kind) {
    case Operand::Kind::kNumber:
      return "a number";
    case Operand::Kind::kString:
      return "a string";
    case Operand::Kind::kBool:
      return "a boolean";
    default:
      return "a field";
  }
}

}  // namespace

std::string_view TypePhrase(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "a string";
    case FieldType::kNumber:
      return "a number";
    case FieldType::kIp:
      return "an IP address";
    case FieldType::kTime:
      return "a time (nanoseconds since the epoch)";
    case FieldType::kDynamic:
      return "a field of any type";
  }
  return "?";
}

std::string Shown(const Operand& literal) {
  if (literal.kind == Operand::Kind::kString) return QuoteForMessage(literal.text);
  if (literal.spelling.size() > 40) return std::string(literal.spelling.substr(0, 40)) + "...";
  return std::string(literal.spelling);
}

Node Leaf(Op op, core::FieldId field) {
  Node n;
  n.op = op;
  n.field = field;
  return n;
}

bool CompileContext::Fail(size_t offset, std::string message) {
  error_->offset = offset;
  error_->message = std::move(message);
  return false;
}

bool CompileContext::FailMismatch(const Operand& field, FieldType type, const Operand& literal) {
  std::string msg = field.text;
  msg += " is ";
  msg += TypePhrase(type);
  msg += ", ";
  msg += Shown(literal);
  msg += " is ";
  msg += LiteralPhrase(literal);
  return Fail(literal.offset, std::move(msg));
}

std::optional<core::FieldId> CompileContext::Resolve(const Operand& field) {
  std::optional<core::FieldId> id = fields_.Find(field.text);
  if (!id) {
    const std::vector<std::string_view> names(fields_.names().begin(), fields_.names().end());
    Fail(field.offset,
         "unknown field " + QuoteForMessage(field.text) + DidYouMean(field.text, names));
    return std::nullopt;
  }
  used_.push_back(*id);
  return id;
}

const std::vector<std::string>* CompileContext::FindList(const Operand& ref) {
  auto it = lists_.find(ref.text);
  if (it != lists_.end()) return &it->second;
  std::vector<std::string_view> names;
  for (const auto& entry : lists_) names.push_back(entry.first);
  Fail(ref.offset,
       "unknown list " + QuoteForMessage("$" + ref.text) + DidYouMean(ref.text, names, "$"));
  return nullptr;
}

void CompileContext::CommitUsedFields() {
  for (core::FieldId id : used_) fields_.MarkUsed(id);
}

void CompileContext::PushConst(bool value) {
  Node n;
  n.op = Op::kConst;
  n.flag = value;
  Push(n);
}

}  // namespace gatewatch::rules::expr_internal
