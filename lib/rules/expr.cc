// The filter-expression language. This comment is the reference docs/rules.md is written from.
//
// LEXICAL
//   Whitespace (space, tab, CR, LF) separates tokens and is otherwise ignored, so a filter may
//   span lines. An expression is at most 64 KiB (65536 bytes).
//   Identifiers  [A-Za-z_][A-Za-z0-9_.-]*  name fields: status, request.headers.host, x-api-ver.
//                "-" and "." are identifier characters, so `a-1` is one name, not a - 1.
//   Keywords     and or not in true false exists cidr startswith endswith contains matches.
//                Lowercase only (`AND` is an unknown word); a field cannot be named like one.
//   Numbers      -?[0-9]+(.[0-9]+)?([eE][+-]?[0-9]+)?  : 200, -1, 250.5, 1e6. All numbers are
//                doubles; integers that fit in 64 bits are also kept exactly (for ts). A number
//                followed by letters, dots or colons ("12ab", 10.0.0.1) is an error: addresses are
//                strings.
//   Strings      "..." with escapes \" \\ \/ \n \t \r \uXXXX (UTF-16 surrogate pairs combine;
//                a lone surrogate is an error). Any other escape is an error, also inside a
//                regular expression: write "\\d+" for the regex \d+. Raw bytes, newlines
//                included, are taken as they are. Single quotes are an error.
//   Lists        $name refers to a named list of the rule file.
//   Operators    == != < <= > >= ( ) [ ] ,   ("=", "!", "<>", "&&", "||", "=~" are errors that
//                suggest the right spelling).
//
// GRAMMAR (lowest precedence first)
//   expr      := and ("or" and)*
//   and       := unary ("and" unary)*
//   unary     := "not" unary | primary
//   primary   := "(" expr ")" | "true" | "false" | "exists" "(" field ")" | predicate
//   predicate := operand cmp operand                        cmp: == != < <= > >=
//              | field ["not"] "in" "[" [value ("," value)*] "]"
//              | field ["not"] "in" $list
//              | field ["not"] "in" "cidr" "(" net ("," net)* ")"    net: "a.b.c.d/n" | $list
//              | field ("startswith" | "endswith" | "contains" | "matches") string
//   operand   := field | value          value := number | string | true | false
//
//   Precedence, tightest first: a predicate (comparison, in, string operator, exists) >
//   not > and > or. So `not client_ip in cidr("10.0.0.0/8")` is not (client_ip in ...), and
//   `a or b and not c` is a or (b and (not c)). and / or are left-associative and
//   short-circuit; the compiler flattens chains and folds true / false away.
//   Parentheses and `not` may nest 64 deep; deeper is an error (which also bounds the
//   evaluator's recursion).
//
// FIELDS AND TYPES
//   A field resolves through the FieldRegistry (canonical fields and the rule file's declared
//   extras); anything else is `unknown field "stauts" (did you mean "status"?)`. Types:
//     number   status, latency_ms, bytes_out
//     time     ts: nanoseconds since the epoch, compared with integer literals (exactly, in 64
//              bits); it is always present and does not take `in`.
//     address  client_ip
//     string   user, api_key, method, path, route, user_agent
//     any      declared extras: the event's JSON value decides (string, number or boolean).
//   Comparisons with a value (the value may stand on either side; 200 == status is status ==
//   200):
//     number / time with numbers, all six operators.
//     string with strings, all six; ordering is byte-wise lexicographic ("B" < "a").
//     address with an address string ("10.0.0.1", "2001:db8::1"), == and != only, comparing
//       addresses (so "::ffff:10.0.0.1" == "10.0.0.1"); a string that is not an address is an
//       error (a network suggests `in cidr(...)`).
//     any with a number, a string (six operators) or true/false (== and != only). At run time
//       the value must be of the literal's kind, else the comparison is false.
//     Anything else is an error such as `status is a number, "abc" is a string`.
//   Comparisons of two fields: numbers and times together, strings together, an address only
//   with itself (== / !=), a field of any type with any non-address field; at run time both
//   values must be of the same kind (two booleans compare only with == and !=).
//   Booleans on their own (`true`, `false`) are constant conditions.
//
// MEMBERSHIP
//   field in [v, ...] / field not in [...]: the values must be of the field's type (for a
//     field of any type: all numbers or all strings). Numbers match by ==, strings exactly.
//     For client_ip the values are addresses or networks ("10.0.0.0/8"). Up to 8 values are
//     scanned; longer lists are a hash set (strings) or a sorted array (numbers); lookups never
//     allocate. [] is allowed and matches nothing.
//   field in $name: a named list; its values (YAML scalars as written) are read as the field's
//     type: numbers for number fields (an entry that is not a number is an error naming the
//     list), addresses or networks for client_ip, strings for string fields; for a field of
//     any type a string value is looked up among the entries as written and a number value
//     among the entries that read as numbers.
//   field in cidr("10.0.0.0/8", "2001:db8::/32", $office): networks (a bare address is a /32
//     or /128; host bits set, as in "10.1.2.3/8", are an error). IPv4 and IPv4-mapped IPv6 are
//     the same address. On client_ip this tests the address; on a string field (or one of any
//     type holding a string) the value is read as an address (a port is allowed), and a value
//     that is not an address is neither in nor not in any network.
//
// STRING OPERATORS
//   startswith, endswith, contains: byte-wise, case-sensitive; "" is a prefix of every string.
//   matches: RE2 syntax, compiled once at load; an invalid pattern is an error carrying RE2's
//   message. It is a search, not a full match (RE2::PartialMatch): anchor with ^ and $, and use
//   (?i) for case-insensitivity. They apply to string fields and to fields of any type holding
//   a string; on a number field, an address or ts they are an error (use cidr for addresses).
//   To negate, put not in front: not path startswith "/static".
//
// MISSING VALUES
//   A field is missing when the log line lacks it, has null, or has "-"; an empty string is
//   present. exists(field) is true when it is present. Every comparison, membership test and
//   string operator on a missing field is false, whatever the operator: status != 200 and
//   status not in [200] are false when there is no status, while not (status == 200) and
//   not status in [200] are true. The same holds when a field of any type holds a value of
//   another kind than the test needs (a number tested with startswith, a boolean in a list).
//
// ERRORS
//   Compile returns the first error with the byte offset of the offending token (for an
//   unterminated string, its opening quote; for a too-long expression, 65536) and a message:
//   unexpected tokens ("expected a value after \"==\", found \")\""), unknown fields, lists and
//   operators with a "did you mean" suggestion, type errors, bad numbers, strings, addresses,
//   networks and regular expressions, trailing input, an empty expression, and nesting beyond
//   64.
//
// EVALUATION
//   The tree is compiled into one array of nodes in prefix order (a node's children follow it;
//   each node records its subtree's size so and/or can skip a child), with literals, sets,
//   networks and regexes in side tables. Evaluate reads the event in place and allocates
//   nothing, except that RE2 builds its DFA lazily: a `matches` test may allocate (within RE2's
//   memory budget) the first times it meets new input; once warm it does not.
#include "rules/expr.h"

#include <utility>

#include "rules/expr_ast.h"
#include "rules/expr_compiler.h"
#include "rules/expr_lexer.h"
#include "rules/expr_parser.h"
#include "rules/expr_program.h"

namespace gatewatch::rules {
namespace {

constexpr size_t kMaxExprBytes = 64 * 1024;

}  // namespace

core::Result<Expr> Expr::Compile(std::string_view text, FieldRegistry& fields,
                                 const NamedLists& lists, ExprError* error) {
  ExprError local;
  ExprError* err = error != nullptr ? error : &local;
  const auto failure = [err] { return core::Status::InvalidArgument(err->message); };
  if (text.size() > kMaxExprBytes) {
    err->offset = kMaxExprBytes;
    err->message = "expression is longer than " + std::to_string(kMaxExprBytes) + " bytes";
    return failure();
  }
  std::vector<expr_internal::Token> tokens;
  if (!expr_internal::Tokenize(text, &tokens, err)) return failure();
  expr_internal::Ast ast;
  if (!expr_internal::Parse(tokens, &ast, err)) return failure();
  std::unique_ptr<CompiledExpr> impl =
      expr_internal::CompileAst(ast, std::string(text), fields, lists, err);
  if (impl == nullptr) return failure();
  return Expr(std::move(impl));
}

Expr Expr::True() {
  auto impl = std::make_unique<CompiledExpr>("true");
  expr_internal::Node node;
  node.op = expr_internal::Op::kConst;
  node.flag = true;
  impl->nodes().push_back(node);
  return Expr(std::move(impl));
}

Expr::Expr(std::unique_ptr<CompiledExpr> impl) : impl_(std::move(impl)) {}
Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;
Expr::~Expr() = default;

bool Expr::Evaluate(const core::AccessEvent& event) const {
  // A moved-from Expr matches nothing rather than crashing.
  return impl_ != nullptr && impl_->Evaluate(event);
}

const std::string& Expr::text() const {
  static const std::string kEmpty;
  return impl_ != nullptr ? impl_->text() : kEmpty;
}

}  // namespace gatewatch::rules
