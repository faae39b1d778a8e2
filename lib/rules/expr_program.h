#ifndef GATEWATCH_RULES_EXPR_PROGRAM_H_
#define GATEWATCH_RULES_EXPR_PROGRAM_H_

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/access_event.h"
#include "core/cidr_set.h"
#include "core/ip_address.h"
#include "rules/expr_ast.h"
#include "rules/expr_sets.h"

namespace gatewatch::rules {
namespace expr_internal {

// One step of a compiled expression. Unless noted, a leaf reads `field` and is false when the
// field is missing or holds a value of another kind than the operation needs.
enum class Op : uint8_t {
  kConst,          // `flag`
  kAnd,            // `arg` children follow, each a subtree of nodes; short-circuits
  kOr,             // likewise
  kNot,            // the one child follows
  kExists,         // the field is present (any kind)
  kNumberCompare,  // number value `compare` `number`
  kTimeCompare,    // event.ts() `compare` `integer` (ts is never missing)
  kStringCompare,  // string value `compare` strings[arg], byte-wise
  kBoolCompare,    // bool value == / != (arg != 0)
  kIpCompare,      // event.client_ip() == / != ips[arg]
  kFieldCompare,   // field `compare` field2, when both hold the same kind
  kNumberIn,       // number value in number_sets[arg]; `flag`: "not in"
  kStringIn,       // string value in string_sets[arg]; `flag`: "not in"
  kCidrIn,         // event.client_ip() in cidr_sets[arg]; `flag`: "not in"
  kTextCidrIn,     // string value read as an address, in cidr_sets[arg]; `flag`: "not in"
  kStartsWith,     // string value starts with strings[arg]
  kEndsWith,       // string value ends with strings[arg]
  kContains,       // string value contains strings[arg]
  kMatches,        // RE2::PartialMatch(string value, regexes[arg])
};

struct Node {
  Op op = Op::kConst;
  CompareOp compare = CompareOp::kEq;
  bool flag = false;
  core::FieldId field = 0;
  core::FieldId field2 = 0;
  uint32_t arg = 0;
  uint32_t size = 1;  // nodes in this subtree, itself included: the next sibling is at +size
  union {
    double number = 0;
    int64_t integer;
  };
};

}  // namespace expr_internal

// The compiled form behind an Expr: a tree flattened into an array in prefix order (a node's
// children follow it; each node knows its subtree's size), plus the literals, sets and regular
// expressions the nodes refer to by index. Built by the compiler, then immutable.
class CompiledExpr {
 public:
  explicit CompiledExpr(std::string text) : text_(std::move(text)) {}

  // Never allocates (RE2 may grow its lazily built DFA cache on a first match of a new input
  // shape; see expr.cc), never throws. Recursion depth is bounded by the parser's nesting limit.
  bool Evaluate(const core::AccessEvent& event) const { return Eval(0, event); }
  const std::string& text() const { return text_; }

  // Building, for the compiler. Each Add returns the index a node's `arg` refers to.
  std::vector<expr_internal::Node>& nodes() { return nodes_; }
  const std::vector<expr_internal::Node>& nodes() const { return nodes_; }
  uint32_t AddString(std::string value);
  uint32_t AddIp(const core::IpAddress& ip);
  uint32_t AddStringSet(expr_internal::StringSet set);
  uint32_t AddNumberSet(expr_internal::NumberSet set);
  uint32_t AddCidrSet(core::CidrSet set);
  uint32_t AddRegex(std::unique_ptr<RE2> regex);

 private:
  bool Eval(uint32_t index, const core::AccessEvent& event) const;
  bool EvalFieldCompare(const expr_internal::Node& node, const core::AccessEvent& event) const;

  std::string text_;
  std::vector<expr_internal::Node> nodes_;
  std::vector<std::string> strings_;
  std::vector<core::IpAddress> ips_;
  std::vector<expr_internal::StringSet> string_sets_;
  std::vector<expr_internal::NumberSet> number_sets_;
  std::vector<core::CidrSet> cidr_sets_;
  std::vector<std::unique_ptr<RE2>> regexes_;
};

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_EXPR_PROGRAM_H_
