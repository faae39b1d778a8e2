#ifndef GATEWATCH_RULES_EXPR_H_
#define GATEWATCH_RULES_EXPR_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_event.h"
#include "core/result.h"
#include "rules/field_registry.h"

// Filter expressions: a boolean expression over an event's fields, compiled once at load into
// a form that evaluates without allocating. docs/rules.md documents the language.
//
//   status in [401, 403] and not client_ip in cidr("10.0.0.0/8")
//   path startswith "/admin" or user_agent matches "(?i)sqlmap|nikto"
//   exists(user) and auth_result in $failed_auth and latency_ms >= 250.5
namespace gatewatch::rules {

// Named lists a rule file declares (`lists: {name: [..]}`) and expressions use as `$name`.
// Values are kept as written (YAML scalars); the compiler reads them as strings, numbers or
// CIDRs according to where they are used.
using NamedLists = std::map<std::string, std::vector<std::string>, std::less<>>;

// Where a compile error is, inside the expression text (0-based byte offset).
struct ExprError {
  size_t offset = 0;
  std::string message;  // "unknown field \"stauts\" (did you mean \"status\"?)"
};

class CompiledExpr;

// A compiled filter. Cheap to move; shared read-only between threads after compilation.
class Expr {
 public:
  // Compiles `text`. Field names resolve through `fields` (canonical names and declared
  // extras; anything else is an error with a suggestion); every field the expression reads is
  // marked used there. On failure returns a Status whose message is the ExprError message and
  // fills `*error` with its offset.
  static core::Result<Expr> Compile(std::string_view text, FieldRegistry& fields,
                                    const NamedLists& lists, ExprError* error);

  // An expression that is always true (a rule without a filter).
  static Expr True();

  Expr(Expr&&) noexcept;
  Expr& operator=(Expr&&) noexcept;
  ~Expr();

  // Evaluates against one event. Never allocates, never throws.
  bool Evaluate(const core::AccessEvent& event) const;

  // The source text, for messages.
  const std::string& text() const;

 private:
  explicit Expr(std::unique_ptr<CompiledExpr> impl);
  std::unique_ptr<CompiledExpr> impl_;
};

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_EXPR_H_
