#ifndef GATEWATCH_RULES_EXPR_MEMBERSHIP_H_
#define GATEWATCH_RULES_EXPR_MEMBERSHIP_H_

#include "rules/expr_ast.h"
#include "rules/expr_compile_context.h"

// Compiles the three membership forms: `field [not] in [...]`, `field [not] in $list` and
// `field [not] in cidr(...)`, reading the values as the field's type (expr.cc has the rules).
namespace gatewatch::rules::expr_internal {

// `node` is a kInList, kInNamed or kInCidr node. Appends its program nodes to the context's
// program, or reports an error through it and returns false.
bool EmitMembership(const AstNode& node, CompileContext& ctx);

}  // namespace gatewatch::rules::expr_internal

#endif  // GATEWATCH_RULES_EXPR_MEMBERSHIP_H_
