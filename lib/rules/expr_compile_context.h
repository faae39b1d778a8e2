#ifndef GATEWATCH_RULES_EXPR_COMPILE_CONTEXT_H_
#define GATEWATCH_RULES_EXPR_COMPILE_CONTEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_event.h"
#include "rules/expr.h"
#include "rules/expr_ast.h"
#include "rules/expr_program.h"
#include "rules/field_registry.h"

// What the parts of the compiler share while turning one syntax tree into a program: name
// resolution, the program being built, and error reporting in one message style.
namespace gatewatch::rules::expr_internal {

// "a number", as in "status is a number".
std::string_view TypePhrase(FieldType type);
// A literal as a message shows it: strings quoted and escaped, others as written.
std::string Shown(const Operand& literal);

class CompileContext {
 public:
  CompileContext(FieldRegistry& fields, const NamedLists& lists, ExprError* error,
                 CompiledExpr* program)
      : fields_(fields), lists_(lists), error_(error), program_(program) {}

  // Records the error; always false, so that callers can `return Fail(...)`.
  bool Fail(size_t offset, std::string message);
  // "status is a number, "abc" is a string", at the literal.
  bool FailMismatch(const Operand& field, FieldType type, const Operand& literal);

  // The id of a field operand (remembered as used), or nullopt after reporting an unknown field
  // with a suggestion.
  std::optional<core::FieldId> Resolve(const Operand& field);
  // The values of a $list operand, or nullptr after reporting an unknown list.
  const std::vector<std::string>* FindList(const Operand& ref);
  FieldType TypeOf(core::FieldId id) const { return fields_.TypeOf(id); }
  // Marks every resolved field used in the registry; called once compilation has succeeded.
  void CommitUsedFields();

  CompiledExpr& program() { return *program_; }
  std::vector<Node>& nodes() { return program_->nodes(); }
  void Push(const Node& node) { program_->nodes().push_back(node); }
  void PushConst(bool value);

 private:
  FieldRegistry& fields_;
  const NamedLists& lists_;
  ExprError* error_;
  CompiledExpr* program_;
  std::vector<core::FieldId> used_;
};

// A leaf node reading `field`.
Node Leaf(Op op, core::FieldId field);

}  // namespace gatewatch::rules::expr_internal

#endif  // GATEWATCH_RULES_EXPR_COMPILE_CONTEXT_H_
