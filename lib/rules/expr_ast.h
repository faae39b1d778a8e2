#ifndef GATEWATCH_RULES_EXPR_AST_H_
#define GATEWATCH_RULES_EXPR_AST_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// The syntax tree the parser builds and the compiler turns into a program. It exists only
// while compiling; names are not resolved and types are not checked yet.
namespace gatewatch::rules::expr_internal {

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
enum class StringOp : uint8_t { kStartsWith, kEndsWith, kContains, kMatches };

std::string_view CompareOpName(CompareOp op);  // "=="
std::string_view StringOpName(StringOp op);    // "startswith"
// `a op b` == `b Mirror(op) a`.
CompareOp Mirror(CompareOp op);

// A field or a value as written.
struct Operand {
  enum class Kind : uint8_t { kField, kNumber, kString, kBool, kListRef };
  Kind kind = Kind::kField;
  size_t offset = 0;          // of its token
  std::string_view spelling;  // as written, views the source
  std::string text;           // kField: name; kString: decoded value; kListRef: name without "$"
  double number = 0;          // kNumber
  bool is_integer = false;    // kNumber written as an int64 integer
  int64_t integer = 0;
  bool boolean = false;  // kBool
};

struct AstNode {
  enum class Kind : uint8_t {
    kConst,     // true / false on its own: `value`
    kAnd,       // children (two or more)
    kOr,        // children (two or more)
    kNot,       // children[0]
    kExists,    // exists(lhs)
    kCompare,   // lhs compare rhs
    kInList,    // lhs [not] in [items...]
    kInNamed,   // lhs [not] in $rhs
    kInCidr,    // lhs [not] in cidr(items...), each a kString or kListRef
    kStringOp,  // lhs string_op rhs (a kString)
  };
  Kind kind = Kind::kConst;
  size_t offset = 0;  // of the operator (or keyword) token
  bool value = false;
  bool negated = false;  // "not in"
  CompareOp compare = CompareOp::kEq;
  StringOp string_op = StringOp::kStartsWith;
  Operand lhs;
  Operand rhs;
  std::vector<Operand> items;
  std::vector<int> children;
};

struct Ast {
  std::vector<AstNode> nodes;
  int root = -1;
};

}  // namespace gatewatch::rules::expr_internal

#endif  // GATEWATCH_RULES_EXPR_AST_H_
