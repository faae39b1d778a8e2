#ifndef GATEWATCH_RULES_EXPR_PARSER_H_
#define GATEWATCH_RULES_EXPR_PARSER_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "rules/expr.h"
#include "rules/expr_ast.h"
#include "rules/expr_lexer.h"

// Recursive-descent parser: tokens -> syntax tree (expr.cc documents the grammar).
namespace gatewatch::rules::expr_internal {

// The most parentheses and `not`s that may enclose any part of an expression. Bounds the
// parser's recursion and, through the tree's depth, the evaluator's.
inline constexpr int kMaxNesting = 64;

// Parses `tokens` (from Tokenize, ending with kEnd) into `*ast`. The tree views the text the
// tokens were read from. On failure returns false and fills `*error`.
bool Parse(const std::vector<Token>& tokens, Ast* ast, ExprError* error);

}  // namespace gatewatch::rules::expr_internal

#endif  // GATEWATCH_RULES_EXPR_PARSER_H_
