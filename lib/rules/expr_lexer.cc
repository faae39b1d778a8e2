#include "rules/expr_lexer.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "rules/expr_text.h"

namespace gatewatch::rules::expr_internal {
namespace {

bool IsIdentStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  Lexer(std::string_view text, std::vector<Token>* tokens, ExprError* error)
      : text_(text), tokens_(tokens), error_(error) {}

  bool Run() {
    while (true) {
      while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
      if (pos_ >= text_.size()) break;
      if (!Next()) return false;
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.offset = text_.size();
    tokens_->push_back(std::move(end));
    return true;
  }

 private:
  bool Fail(size_t offset, std::string message) {
    error_->offset = offset;
    error_->message = std::move(message);
    return false;
  }

  // "unknown operator "=" (did you mean "=="?)"
  bool FailOperator(size_t length, std::string_view suggestion) {
    std::string msg = "unknown operator ";
    msg += QuoteForMessage(text_.substr(pos_, length));
    msg += " (did you mean ";
    msg += suggestion;
    msg += "?)";
    return Fail(pos_, std::move(msg));
  }

  // Always true, so that callers can `return Emit(...)`.
  bool Emit(TokenKind kind, size_t length) {
    Token t;
    t.kind = kind;
    t.offset = pos_;
    t.spelling = text_.substr(pos_, length);
    tokens_->push_back(std::move(t));
    pos_ += length;
    return true;
  }

  char At(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  bool Next() {
    const char c = text_[pos_];
    const char d = At(pos_ + 1);
    switch (c) {
      case '(':
        return Emit(TokenKind::kLParen, 1);
      case ')':
        return Emit(TokenKind::kRParen, 1);
      case '[':
        return Emit(TokenKind::kLBracket, 1);
      case ']':
        return Emit(TokenKind::kRBracket, 1);
      case ',':
        return Emit(TokenKind::kComma, 1);
      case '=':
        if (d == '=') return Emit(TokenKind::kEq, 2);
        if (d == '~') return FailOperator(2, "\"matches\"");
        return FailOperator(1, "\"==\"");
      case '!':
        if (d == '=') return Emit(TokenKind::kNe, 2);
        return FailOperator(1, "\"not\" or \"!=\"");
      case '<':
        if (d == '=') return Emit(TokenKind::kLe, 2);
        if (d == '>') return FailOperator(2, "\"!=\"");
        return Emit(TokenKind::kLt, 1);
      case '>':
        if (d == '=') return Emit(TokenKind::kGe, 2);
        return Emit(TokenKind::kGt, 1);
      case '&':
        return FailOperator(d == '&' ? 2 : 1, "\"and\"");
      case '|':
        return FailOperator(d == '|' ? 2 : 1, "\"or\"");
      case '"':
        return LexString();
      case '\'':
        return Fail(pos_, "strings are written in double quotes (\"...\"), not single quotes");
      case '$':
        return LexListRef();
      default:
        break;
    }
    if (IsDigit(c) || (c == '-' && IsDigit(d))) return LexNumber();
    if (IsIdentStart(c)) {
      size_t end = pos_ + 1;
      while (end < text_.size() && IsIdentChar(text_[end])) ++end;
      return Emit(TokenKind::kIdent, end - pos_);
    }
    return Fail(pos_, "unexpected character " + QuoteForMessage(text_.substr(pos_, 1)));
  }

  bool LexNumber() {
    // Take the whole word so that "10.0.0.1" or "12ab" is reported as one bad number.
    size_t end = pos_ + 1;
    while (end < text_.size() &&
           (IsIdentChar(text_[end]) || text_[end] == ':' || text_[end] == '/' ||
            ((text_[end] == '+' || text_[end] == '-') &&
             (text_[end - 1] == 'e' || text_[end - 1] == 'E')))) {
      ++end;
    }
    const std::string_view word = text_.substr(pos_, end - pos_);
    std::optional<NumberValue> number = ParseNumber(word);
    if (!number) {
      std::string msg = "invalid number " + QuoteForMessage(word);
      const size_t dots = static_cast<size_t>(std::count(word.begin(), word.end(), '.'));
      if (dots >= 2 || word.find(':') != std::string_view::npos) {
        msg += " (IP addresses and networks are written as strings: \"10.0.0.1\")";
      }
      return Fail(pos_, std::move(msg));
    }
    Token t;
    t.kind = TokenKind::kNumber;
    t.offset = pos_;
    t.spelling = word;
    t.number = number->value;
    t.is_integer = number->is_integer;
    t.integer = number->integer;
    tokens_->push_back(std::move(t));
    pos_ = end;
    return true;
  }

  bool LexListRef() {
    size_t end = pos_ + 1;
    if (end >= text_.size() || !IsIdentStart(text_[end])) {
      return Fail(pos_, "expected a list name after \"$\"");
    }
    while (end < text_.size() && IsIdentChar(text_[end])) ++end;
    Token t;
    t.kind = TokenKind::kListRef;
    t.offset = pos_;
    t.spelling = text_.substr(pos_, end - pos_);
    t.value = std::string(t.spelling.substr(1));
    tokens_->push_back(std::move(t));
    pos_ = end;
    return true;
  }

  // Reads four hex digits at `at`; -1 when they are not there.
  int32_t Hex4(size_t at) const {
    if (at + 4 > text_.size()) return -1;
    int32_t v = 0;
    for (size_t i = at; i < at + 4; ++i) {
      const int h = HexValue(text_[i]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  bool LexString() {
    const size_t start = pos_;
    std::string value;
    size_t i = pos_ + 1;
    while (true) {
      if (i >= text_.size()) return Fail(start, "unterminated string");
      const char c = text_[i];
      if (c == '"') break;
      if (c != '\\') {
        value += c;
        ++i;
        continue;
      }
      const char e = At(i + 1);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          value += e;
          i += 2;
          continue;
        case 'n':
          value += '\n';
          i += 2;
          continue;
        case 't':
          value += '\t';
          i += 2;
          continue;
        case 'r':
          value += '\r';
          i += 2;
          continue;
        case 'u':
          if (!DecodeUnicodeEscape(&i, &value)) return false;
          continue;
        default: {
          if (i + 1 >= text_.size()) return Fail(start, "unterminated string");
          std::string msg = "unknown escape ";
          msg += QuoteForMessage(text_.substr(i, 2));
          msg += " in a string (a backslash is written \"\\\\\", also in regular expressions)";
          return Fail(i, std::move(msg));
        }
      }
    }
    Token t;
    t.kind = TokenKind::kString;
    t.offset = start;
    t.spelling = text_.substr(start, i + 1 - start);
    t.value = std::move(value);
    tokens_->push_back(std::move(t));
    pos_ = i + 1;
    return true;
  }

  // `*i` is at the backslash of "\uXXXX"; a UTF-16 surrogate pair takes two escapes.
  bool DecodeUnicodeEscape(size_t* i, std::string* value) {
    const int32_t first = Hex4(*i + 2);
    if (first < 0) return Fail(*i, "\\u must be followed by four hex digits");
    uint32_t cp = static_cast<uint32_t>(first);
    size_t next = *i + 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const int32_t second = (At(next) == '\\' && At(next + 1) == 'u') ? Hex4(next + 2) : -1;
      if (second < 0xDC00 || second > 0xDFFF) {
        return Fail(*i, "\\u escape of a lone UTF-16 surrogate (a pair is \\uD83D\\uDE00)");
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(second) - 0xDC00);
      next += 6;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return Fail(*i, "\\u escape of a lone UTF-16 surrogate (a pair is \\uD83D\\uDE00)");
    }
    AppendUtf8(cp, value);
    *i = next;
    return true;
  }

  std::string_view text_;
  std::vector<Token>* tokens_;
  ExprError* error_;
  size_t pos_ = 0;
};

}  // namespace

bool IsIdentChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool Tokenize(std::string_view text, std::vector<Token>* tokens, ExprError* error) {
  tokens->clear();
  return Lexer(text, tokens, error).Run();
}

}  // namespace gatewatch::rules::expr_internal
