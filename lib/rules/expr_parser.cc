#include "rules/expr_parser.h"

#include <array>
#include <string>
#include <utility>

#include "rules/expr_text.h"

namespace gatewatch::rules::expr_internal {
namespace {

constexpr std::array<std::string_view, 12> kKeywords = {
    "and",    "or",   "not",     "in",       "true",       "false",
    "exists", "cidr", "matches", "contains", "startswith", "endswith",
};

// What may follow a field: the words, for "did you mean".
const std::vector<std::string_view>& OperatorWords() {
  static const std::vector<std::string_view> words = {"startswith", "endswith", "contains",
                                                      "matches",    "in",       "not"};
  return words;
}

const std::vector<std::string_view>& JoinWords() {
  static const std::vector<std::string_view> words = {"and", "or"};
  return words;
}

bool IsKeyword(std::string_view word) {
  for (std::string_view k : kKeywords) {
    if (k == word) return true;
  }
  return false;
}

bool IsCompare(TokenKind kind, CompareOp* op) {
  static constexpr std::pair<TokenKind, CompareOp> kOps[] = {
      {TokenKind::kEq, CompareOp::kEq}, {TokenKind::kNe, CompareOp::kNe},
      {TokenKind::kLt, CompareOp::kLt}, {TokenKind::kLe, CompareOp::kLe},
      {TokenKind::kGt, CompareOp::kGt}, {TokenKind::kGe, CompareOp::kGe},
  };
  for (const auto& [token, compare] : kOps) {
    if (token == kind) {
      *op = compare;
      return true;
    }
  }
  return false;
}

bool IsStringOp(const Token& t, StringOp* op) {
  if (t.kind != TokenKind::kIdent) return false;
  for (StringOp candidate :
       {StringOp::kStartsWith, StringOp::kEndsWith, StringOp::kContains, StringOp::kMatches}) {
    if (t.spelling == StringOpName(candidate)) {
      *op = candidate;
      return true;
    }
  }
  return false;
}

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, Ast* ast, ExprError* error)
      : tokens_(tokens), ast_(ast), error_(error) {}

  bool Run() {
    if (Peek().kind == TokenKind::kEnd) return Fail(0, "empty expression");
    const int root = ParseOr();
    if (root < 0) return false;
    if (Peek().kind != TokenKind::kEnd) return FailTrailing();
    ast_->root = root;
    return true;
  }

 private:
  static constexpr int kFailed = -1;

  const Token& Peek(size_t ahead = 0) const {
    const size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Take() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }

  bool Fail(size_t offset, std::string message) {
    error_->offset = offset;
    error_->message = std::move(message);
    return false;
  }
  int FailNode(size_t offset, std::string message) {
    Fail(offset, std::move(message));
    return kFailed;
  }

  // "expected <what> after "<previous token>", found "<token>"" at the current token.
  // `note`, when given, is added in parentheses at the end.
  int Expected(std::string_view what, std::string_view note = {}) {
    const Token& t = Peek();
    std::string msg = "expected ";
    msg += what;
    if (pos_ > 0) {
      msg += " after ";
      msg += QuoteForMessage(tokens_[pos_ - 1].spelling);
    }
    if (t.kind != TokenKind::kEnd) {
      msg += ", found ";
      msg += QuoteForMessage(t.spelling);
    }
    if (!note.empty()) {
      msg += " (";
      msg += note;
      msg += ')';
    }
    return FailNode(t.offset, std::move(msg));
  }

  bool FailTrailing() {
    const Token& t = Peek();
    std::string msg = "unexpected ";
    msg += QuoteForMessage(t.spelling);
    msg += " after a complete expression";
    if (t.kind == TokenKind::kIdent) {
      msg += DidYouMean(t.spelling, JoinWords());
    }
    if (msg.find("did you mean") == std::string::npos) msg += " (join conditions with and / or)";
    return Fail(t.offset, std::move(msg));
  }

  int Add(AstNode node) {
    ast_->nodes.push_back(std::move(node));
    return static_cast<int>(ast_->nodes.size() - 1);
  }

  bool Enter(const Token& t) {
    if (++depth_ > kMaxNesting) {
      return Fail(t.offset, "expression nests deeper than " + std::to_string(kMaxNesting) +
                                " levels of parentheses and not");
    }
    return true;
  }

  // or := and ("or" and)*     and := unary ("and" unary)*
  int ParseOr() { return ParseChain("or", AstNode::Kind::kOr); }
  int ParseAnd() { return ParseChain("and", AstNode::Kind::kAnd); }

  int ParseChain(std::string_view word, AstNode::Kind kind) {
    const bool is_or = kind == AstNode::Kind::kOr;
    const int first = is_or ? ParseAnd() : ParseUnary();
    if (first < 0 || !Peek().Is(word)) return first;
    AstNode node;
    node.kind = kind;
    node.offset = Peek().offset;
    node.children.push_back(first);
    while (Peek().Is(word)) {
      Take();
      const int next = is_or ? ParseAnd() : ParseUnary();
      if (next < 0) return kFailed;
      node.children.push_back(next);
    }
    return Add(std::move(node));
  }

  // unary := "not" unary | primary
  int ParseUnary() {
    if (!Peek().Is("not")) return ParsePrimary();
    const Token& t = Take();
    if (!Enter(t)) return kFailed;
    const int child = ParseUnary();
    --depth_;
    if (child < 0) return kFailed;
    AstNode node;
    node.kind = AstNode::Kind::kNot;
    node.offset = t.offset;
    node.children.push_back(child);
    return Add(std::move(node));
  }

  // primary := "(" or ")" | "exists" "(" field ")" | "true" | "false" | predicate
  int ParsePrimary() {
    const Token& t = Peek();
    CompareOp unused;
    if (t.kind == TokenKind::kLParen) {
      Take();
      if (!Enter(t)) return kFailed;
      const int inner = ParseOr();
      --depth_;
      if (inner < 0) return kFailed;
      if (Peek().kind != TokenKind::kRParen) {
        return Expected("\")\"", "to close the \"(\" at offset " + std::to_string(t.offset));
      }
      Take();
      return inner;
    }
    if (t.Is("exists")) return ParseExists();
    if ((t.Is("true") || t.Is("false")) && !IsCompare(Peek(1).kind, &unused)) {
      Take();
      AstNode node;
      node.kind = AstNode::Kind::kConst;
      node.offset = t.offset;
      node.value = t.Is("true");
      return Add(std::move(node));
    }
    return ParsePredicate();
  }

  int ParseExists() {
    const Token& keyword = Take();
    if (Peek().kind != TokenKind::kLParen) return Expected("\"(\"");
    Take();
    if (Peek().kind != TokenKind::kIdent || IsKeyword(Peek().spelling)) {
      return Expected("a field name");
    }
    AstNode node;
    node.kind = AstNode::Kind::kExists;
    node.offset = keyword.offset;
    node.lhs = MakeOperand(Take());
    if (Peek().kind != TokenKind::kRParen) return Expected("\")\"");
    Take();
    return Add(std::move(node));
  }

  Operand MakeOperand(const Token& t) {
    Operand o;
    o.offset = t.offset;
    o.spelling = t.spelling;
    switch (t.kind) {
      case TokenKind::kNumber:
        o.kind = Operand::Kind::kNumber;
        o.number = t.number;
        o.is_integer = t.is_integer;
        o.integer = t.integer;
        break;
      case TokenKind::kString:
        o.kind = Operand::Kind::kString;
        o.text = t.value;
        break;
      case TokenKind::kListRef:
        o.kind = Operand::Kind::kListRef;
        o.text = t.value;
        break;
      default:
        if (t.Is("true") || t.Is("false")) {
          o.kind = Operand::Kind::kBool;
          o.boolean = t.Is("true");
        } else {
          o.kind = Operand::Kind::kField;
          o.text = std::string(t.spelling);
        }
        break;
    }
    return o;
  }

  // A field or a literal value; `what` names it for the error message.
  bool ParseOperand(std::string_view what, Operand* out) {
    const Token& t = Peek();
    const bool ok =
        t.kind == TokenKind::kNumber || t.kind == TokenKind::kString ||
        (t.kind == TokenKind::kIdent && (!IsKeyword(t.spelling) || t.Is("true") || t.Is("false")));
    if (!ok) {
      Expected(what);
      return false;
    }
    *out = MakeOperand(Take());
    return true;
  }

  // predicate := operand compare operand
  //            | field ["not"] "in" ( "[" values "]" | "cidr" "(" nets ")" | $list )
  //            | field string_op string
  int ParsePredicate() {
    AstNode node;
    if (!ParseOperand("a condition", &node.lhs)) return kFailed;
    const Token& op = Peek();
    node.offset = op.offset;
    if (IsCompare(op.kind, &node.compare)) {
      Take();
      node.kind = AstNode::Kind::kCompare;
      if (Peek().kind == TokenKind::kListRef) {
        return FailNode(Peek().offset, "a list is used with \"in\", as in " +
                                           std::string(node.lhs.spelling) + " in " +
                                           std::string(Peek().spelling));
      }
      if (!ParseOperand("a value", &node.rhs)) return kFailed;
      return Add(std::move(node));
    }
    if (op.Is("in") || (op.Is("not") && Peek(1).Is("in"))) {
      node.negated = op.Is("not");
      if (node.negated) Take();
      Take();
      if (node.lhs.kind != Operand::Kind::kField) {
        return FailNode(node.lhs.offset, "\"in\" needs a field on its left");
      }
      return ParseInTail(std::move(node));
    }
    if (IsStringOp(op, &node.string_op)) {
      Take();
      node.kind = AstNode::Kind::kStringOp;
      if (node.lhs.kind != Operand::Kind::kField) {
        return FailNode(node.lhs.offset,
                        QuoteForMessage(op.spelling) + " needs a field on its left");
      }
      if (Peek().kind != TokenKind::kString) return Expected("a string");
      node.rhs = MakeOperand(Take());
      return Add(std::move(node));
    }
    if (op.Is("not")) {
      return FailNode(op.offset,
                      "\"not\" goes in front of a condition (not path startswith \"/x\"); only "
                      "\"not in\" is written between a field and its values");
    }
    if (op.kind == TokenKind::kIdent && !IsKeyword(op.spelling)) {
      std::string msg = "unknown operator " + QuoteForMessage(op.spelling);
      msg += DidYouMean(op.spelling, OperatorWords());
      return FailNode(op.offset, std::move(msg));
    }
    return Expected("an operator");
  }

  int ParseInTail(AstNode node) {
    if (Peek().kind == TokenKind::kLBracket) {
      Take();
      node.kind = AstNode::Kind::kInList;
      if (Peek().kind == TokenKind::kRBracket) {
        Take();
        return Add(std::move(node));
      }
      while (true) {
        const Token& t = Peek();
        if (t.kind != TokenKind::kNumber && t.kind != TokenKind::kString && !t.Is("true") &&
            !t.Is("false")) {
          return Expected("a value");
        }
        node.items.push_back(MakeOperand(Take()));
        if (Peek().kind == TokenKind::kComma) {
          Take();
          continue;
        }
        if (Peek().kind == TokenKind::kRBracket) break;
        return Expected("\",\" or \"]\"");
      }
      Take();
      return Add(std::move(node));
    }
    if (Peek().kind == TokenKind::kListRef) {
      node.kind = AstNode::Kind::kInNamed;
      node.rhs = MakeOperand(Take());
      return Add(std::move(node));
    }
    if (Peek().Is("cidr")) {
      Take();
      node.kind = AstNode::Kind::kInCidr;
      if (Peek().kind != TokenKind::kLParen) return Expected("\"(\"");
      const size_t open = Take().offset;
      while (Peek().kind == TokenKind::kString || Peek().kind == TokenKind::kListRef) {
        node.items.push_back(MakeOperand(Take()));
        if (Peek().kind != TokenKind::kComma) break;
        Take();
        if (Peek().kind != TokenKind::kString && Peek().kind != TokenKind::kListRef) {
          return Expected("a network (\"10.0.0.0/8\") or a $list");
        }
      }
      if (node.items.empty()) {
        if (Peek().kind == TokenKind::kRParen) {
          return FailNode(open, "cidr() needs at least one network");
        }
        return Expected("a network (\"10.0.0.0/8\") or a $list");
      }
      if (Peek().kind != TokenKind::kRParen) return Expected("\",\" or \")\"");
      Take();
      return Add(std::move(node));
    }
    return Expected("a list ([...]), cidr(...) or a $list");
  }

  const std::vector<Token>& tokens_;
  Ast* ast_;
  ExprError* error_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

bool Parse(const std::vector<Token>& tokens, Ast* ast, ExprError* error) {
  ast->nodes.clear();
  ast->root = -1;
  return Parser(tokens, ast, error).Run();
}

}  // namespace gatewatch::rules::expr_internal
