#include "rules/expr_compiler.h"

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/expr_compile_context.h"
#include "rules/expr_membership.h"
#include "rules/expr_text.h"

namespace gatewatch::rules::expr_internal {
namespace {

using core::FieldId;
using Kind = AstNode::Kind;
using OperandKind = Operand::Kind;

bool IsEquality(CompareOp op) { return op == CompareOp::kEq || op == CompareOp::kNe; }

// The class of values a static type compares with: numbers and times are both numbers.
enum class TypeClass { kNumber, kString, kIp, kAny };
TypeClass ClassOf(FieldType type) {
  switch (type) {
    case FieldType::kNumber:
    case FieldType::kTime:
      return TypeClass::kNumber;
    case FieldType::kString:
      return TypeClass::kString;
    case FieldType::kIp:
      return TypeClass::kIp;
    case FieldType::kDynamic:
      return TypeClass::kAny;
  }
  return TypeClass::kAny;
}

class Compiler {
 public:
  Compiler(const Ast& ast, CompileContext& ctx) : ast_(ast), ctx_(ctx) {}

  bool Run() { return ast_.root >= 0 && Emit(ast_.root); }

 private:
  std::vector<Node>& nodes() { return ctx_.nodes(); }
  std::ptrdiff_t At(size_t i) const { return static_cast<std::ptrdiff_t>(i); }

  bool Emit(int index) {
    const AstNode& n = ast_.nodes[static_cast<size_t>(index)];
    switch (n.kind) {
      case Kind::kConst:
        ctx_.PushConst(n.value);
        return true;
      case Kind::kAnd:
      case Kind::kOr:
        return EmitChain(n);
      case Kind::kNot:
        return EmitNot(n);
      case Kind::kExists: {
        std::optional<FieldId> id = ctx_.Resolve(n.lhs);
        if (!id) return false;
        // The event time is always there.
        if (*id == core::kFieldTs) {
          ctx_.PushConst(true);
        } else {
          ctx_.Push(Leaf(Op::kExists, *id));
        }
        return true;
      }
      case Kind::kCompare:
        return EmitCompare(n);
      case Kind::kInList:
      case Kind::kInNamed:
      case Kind::kInCidr:
        return EmitMembership(n, ctx_);
      case Kind::kStringOp:
        return EmitStringOp(n);
    }
    return ctx_.Fail(n.offset, "internal error: unknown syntax node");
  }

  // and / or: constants fold away and nested chains of the same operator merge into one node.
  bool EmitChain(const AstNode& n) {
    const bool is_and = n.kind == Kind::kAnd;
    const Op op = is_and ? Op::kAnd : Op::kOr;
    const size_t start = nodes().size();
    ctx_.Push(Leaf(op, 0));
    uint32_t count = 0;
    bool absorbed = false;  // a false under `and`, a true under `or`
    for (int child : n.children) {
      const size_t at = nodes().size();
      // Every child is compiled, even once the result is known, so that its errors show.
      if (!Emit(child)) return false;
      const Node c = nodes()[at];
      if (c.op == Op::kConst) {
        nodes().resize(at);
        if (c.flag != is_and) absorbed = true;
      } else if (c.op == op) {
        nodes().erase(nodes().begin() + At(at));
        count += c.arg;
      } else {
        ++count;
      }
    }
    if (absorbed || count == 0) {
      nodes().resize(start);
      ctx_.PushConst(absorbed ? !is_and : is_and);
    } else if (count == 1) {
      nodes().erase(nodes().begin() + At(start));
    } else {
      nodes()[start].arg = count;
      nodes()[start].size = static_cast<uint32_t>(nodes().size() - start);
    }
    return true;
  }

  bool EmitNot(const AstNode& n) {
    const size_t start = nodes().size();
    ctx_.Push(Leaf(Op::kNot, 0));
    if (!Emit(n.children[0])) return false;
    const Node c = nodes()[start + 1];
    if (c.op == Op::kConst) {
      nodes().resize(start);
      ctx_.PushConst(!c.flag);
    } else if (c.op == Op::kNot) {
      nodes().erase(nodes().begin() + At(start), nodes().begin() + At(start + 2));
    } else {
      nodes()[start].size = static_cast<uint32_t>(nodes().size() - start);
    }
    return true;
  }

  bool EmitCompare(const AstNode& n) {
    Operand lhs = n.lhs;
    Operand rhs = n.rhs;
    CompareOp op = n.compare;
    if (lhs.kind != OperandKind::kField && rhs.kind != OperandKind::kField) {
      return ctx_.Fail(lhs.offset, "a comparison needs a field on one side; " + Shown(lhs) +
                                       " and " + Shown(rhs) + " are both values");
    }
    if (lhs.kind != OperandKind::kField) {  // 200 == status reads as status == 200
      std::swap(lhs, rhs);
      op = Mirror(op);
    }
    std::optional<FieldId> id = ctx_.Resolve(lhs);
    if (!id) return false;
    Node node = Leaf(Op::kConst, *id);
    node.compare = op;
    if (rhs.kind == OperandKind::kField) return EmitFieldCompare(n, lhs, rhs, node);
    if (!CompareWithLiteral(n, lhs, rhs, &node)) return false;
    ctx_.Push(node);
    return true;
  }

  // Fills in `*node` (field and operator set) for `lhs op rhs` with a literal `rhs`.
  bool CompareWithLiteral(const AstNode& n, const Operand& lhs, const Operand& rhs, Node* node) {
    const FieldType type = ctx_.TypeOf(node->field);
    const std::string op_name = QuoteForMessage(CompareOpName(node->compare));
    switch (type) {
      case FieldType::kNumber:
        if (rhs.kind != OperandKind::kNumber) return ctx_.FailMismatch(lhs, type, rhs);
        node->op = Op::kNumberCompare;
        node->number = rhs.number;
        return true;
      case FieldType::kTime:
        if (rhs.kind != OperandKind::kNumber) return ctx_.FailMismatch(lhs, type, rhs);
        if (!rhs.is_integer) {
          return ctx_.Fail(rhs.offset, lhs.text +
                                           " is compared with whole nanoseconds since the epoch; " +
                                           Shown(rhs) + " is not a 64-bit integer");
        }
        node->op = Op::kTimeCompare;
        node->integer = rhs.integer;
        return true;
      case FieldType::kString:
        if (rhs.kind != OperandKind::kString) return ctx_.FailMismatch(lhs, type, rhs);
        node->op = Op::kStringCompare;
        node->arg = ctx_.program().AddString(rhs.text);
        return true;
      case FieldType::kIp: {
        if (rhs.kind != OperandKind::kString) return ctx_.FailMismatch(lhs, type, rhs);
        if (!IsEquality(node->compare)) {
          return ctx_.Fail(n.offset, lhs.text + " is compared with == or != only, not " + op_name +
                                         " (use in cidr(...) for ranges)");
        }
        std::optional<core::IpAddress> ip = core::IpAddress::Parse(rhs.text);
        if (!ip) {
          std::string msg = Shown(rhs) + " is not an IP address";
          if (rhs.text.find('/') != std::string::npos) {
            msg += " (for a network write " + lhs.text + " in cidr(" + Shown(rhs) + "))";
          }
          return ctx_.Fail(rhs.offset, std::move(msg));
        }
        node->op = Op::kIpCompare;
        node->arg = ctx_.program().AddIp(*ip);
        return true;
      }
      case FieldType::kDynamic:
        if (rhs.kind == OperandKind::kNumber) {
          node->op = Op::kNumberCompare;
          node->number = rhs.number;
        } else if (rhs.kind == OperandKind::kString) {
          node->op = Op::kStringCompare;
          node->arg = ctx_.program().AddString(rhs.text);
        } else {
          if (!IsEquality(node->compare)) {
            return ctx_.Fail(
                n.offset, op_name + " orders numbers or strings; " + Shown(rhs) + " is a boolean");
          }
          node->op = Op::kBoolCompare;
          node->arg = rhs.boolean ? 1 : 0;
        }
        return true;
    }
    return ctx_.Fail(n.offset, "internal error: unknown field type");
  }

  // Two fields: both numbers (or times), both strings, both addresses, or either of any type.
  bool EmitFieldCompare(const AstNode& n, const Operand& lhs, const Operand& rhs, Node node) {
    std::optional<FieldId> b = ctx_.Resolve(rhs);
    if (!b) return false;
    const FieldType ta = ctx_.TypeOf(node.field);
    const FieldType tb = ctx_.TypeOf(*b);
    const TypeClass ca = ClassOf(ta);
    const TypeClass cb = ClassOf(tb);
    const bool ip = ca == TypeClass::kIp || cb == TypeClass::kIp;
    if ((ip && ca != cb) || (ca != cb && ca != TypeClass::kAny && cb != TypeClass::kAny)) {
      return ctx_.Fail(rhs.offset, lhs.text + " is " + std::string(TypePhrase(ta)) + ", " +
                                       rhs.text + " is " + std::string(TypePhrase(tb)));
    }
    if (ip && !IsEquality(node.compare)) {
      return ctx_.Fail(n.offset, lhs.text + " is compared with == or != only, not " +
                                     QuoteForMessage(CompareOpName(node.compare)));
    }
    node.op = Op::kFieldCompare;
    node.field2 = *b;
    ctx_.Push(node);
    return true;
  }

  bool EmitStringOp(const AstNode& n) {
    std::optional<FieldId> id = ctx_.Resolve(n.lhs);
    if (!id) return false;
    const FieldType type = ctx_.TypeOf(*id);
    const std::string op_name = QuoteForMessage(StringOpName(n.string_op));
    if (type == FieldType::kIp) {
      return ctx_.Fail(n.lhs.offset, n.lhs.text + " is an IP address; instead of " + op_name +
                                         " use " + n.lhs.text + " in cidr(\"10.0.0.0/8\")");
    }
    if (type == FieldType::kNumber || type == FieldType::kTime) {
      return ctx_.Fail(n.lhs.offset, n.lhs.text + " is " + std::string(TypePhrase(type)) + "; " +
                                         op_name + " needs a string field");
    }
    Node node = Leaf(Op::kStartsWith, *id);
    switch (n.string_op) {
      case StringOp::kStartsWith:
        break;
      case StringOp::kEndsWith:
        node.op = Op::kEndsWith;
        break;
      case StringOp::kContains:
        node.op = Op::kContains;
        break;
      case StringOp::kMatches: {
        RE2::Options options;
        options.set_log_errors(false);
        auto regex =
            std::make_unique<RE2>(re2::StringPiece(n.rhs.text.data(), n.rhs.text.size()), options);
        if (!regex->ok()) {
          return ctx_.Fail(n.rhs.offset, "invalid regular expression " +
                                             QuoteForMessage(n.rhs.text) + ": " + regex->error());
        }
        node.op = Op::kMatches;
        node.arg = ctx_.program().AddRegex(std::move(regex));
        ctx_.Push(node);
        return true;
      }
    }
    node.arg = ctx_.program().AddString(n.rhs.text);
    ctx_.Push(node);
    return true;
  }

  const Ast& ast_;
  CompileContext& ctx_;
};

}  // namespace

std::unique_ptr<CompiledExpr> CompileAst(const Ast& ast, std::string text, FieldRegistry& fields,
                                         const NamedLists& lists, ExprError* error) {
  auto program = std::make_unique<CompiledExpr>(std::move(text));
  CompileContext ctx(fields, lists, error, program.get());
  if (!Compiler(ast, ctx).Run()) return nullptr;
  ctx.CommitUsedFields();
  return program;
}

}  // namespace gatewatch::rules::expr_internal
