#ifndef GATEWATCH_RULES_EXPR_COMPILER_H_
#define GATEWATCH_RULES_EXPR_COMPILER_H_

#include <memory>
#include <string>

#include "rules/expr.h"
#include "rules/expr_ast.h"
#include "rules/expr_program.h"
#include "rules/field_registry.h"

// Syntax tree -> CompiledExpr: resolves field names and $lists, checks every operator against
// the field types (expr.cc has the rules), builds the value sets and regular expressions, and
// folds constant subexpressions.
namespace gatewatch::rules::expr_internal {

// Returns the program for `ast` (parsed from `text`, which the result keeps as its text()), or
// nullptr with `*error` filled. Marks every field the expression reads in `fields`, but only
// when compilation succeeds.
std::unique_ptr<CompiledExpr> CompileAst(const Ast& ast, std::string text, FieldRegistry& fields,
                                         const NamedLists& lists, ExprError* error);

}  // namespace gatewatch::rules::expr_internal

#endif  // GATEWATCH_RULES_EXPR_COMPILER_H_
