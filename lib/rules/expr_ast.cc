#include "rules/expr_ast.h"

namespace gatewatch::rules::expr_internal {

std::string_view CompareOpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "==";
    case CompareOp::kNe:
      return "!=";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

std::string_view StringOpName(StringOp op) {
  switch (op) {
    case StringOp::kStartsWith:
      return "startswith";
    case StringOp::kEndsWith:
      return "endswith";
    case StringOp::kContains:
      return "contains";
    case StringOp::kMatches:
      return "matches";
  }
  return "?";
}

CompareOp Mirror(CompareOp op) {
  switch (op) {
    case CompareOp::kLt:
      return CompareOp::kGt;
    case CompareOp::kLe:
      return CompareOp::kGe;
    case CompareOp::kGt:
      return CompareOp::kLt;
    case CompareOp::kGe:
      return CompareOp::kLe;
    default:
      return op;
  }
}

}  // namespace gatewatch::rules::expr_internal
