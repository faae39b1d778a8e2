#ifndef GATEWATCH_RULES_EXPR_LEXER_H_
#define GATEWATCH_RULES_EXPR_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/expr.h"

// Splits filter-expression text into tokens. Keywords are not special here: they are
// identifiers the parser recognises by their spelling.
namespace gatewatch::rules::expr_internal {

enum class TokenKind : uint8_t {
  kEnd,       // after the last token; its offset is the text's length
  kIdent,     // field name or keyword: [A-Za-z_][A-Za-z0-9_.-]*
  kNumber,    // -?digits[.digits][e[+-]digits]
  kString,    // "..." with escapes decoded into `value`
  kListRef,   // $name; `value` holds the name without "$"
  kLParen,    // (
  kRParen,    // )
  kLBracket,  // [
  kRBracket,  // ]
  kComma,     // ,
  kEq,        // ==
  kNe,        // !=
  kLt,        // <
  kLe,        // <=
  kGt,        // >
  kGe,        // >=
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t offset = 0;          // byte offset of the first character in the source
  std::string_view spelling;  // the token as written (views the source text)
  std::string value;          // kString: decoded contents; kListRef: the name
  double number = 0;          // kNumber
  bool is_integer = false;    // kNumber written as an integer that fits in int64
  int64_t integer = 0;        // kNumber, when is_integer

  bool Is(std::string_view keyword) const {
    return kind == TokenKind::kIdent && spelling == keyword;
  }
};

// Tokenizes `text` into `*tokens`, which always ends with a kEnd token on success. On failure
// returns false and fills `*error` (offset of the offending character or token).
bool Tokenize(std::string_view text, std::vector<Token>* tokens, ExprError* error);

// True for the characters that may continue an identifier.
bool IsIdentChar(char c);

}  // namespace gatewatch::rules::expr_internal

#endif  // GATEWATCH_RULES_EXPR_LEXER_H_
