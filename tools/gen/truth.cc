#include "gen/truth.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "gen/civil_time.h"
#include "gen/writers.h"

namespace gatewatch::gen {
namespace {

// Shortest text that reads back as "v" rounded to 4 decimals; the same on every platform.
// JSON has no NaN or infinity: those become null.
void AppendNumber(double v, std::string* out) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof(buf), std::round(v * 1e4) / 1e4);
  out->append(buf, r.ptr);
}

template <typename Int>
void AppendInteger(Int v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

// Writes one pretty-printed JSON object, member by member, two spaces per level.
class ObjectWriter {
 public:
  ObjectWriter(std::string* out, int indent) : out_(out), indent_(indent) { out_->push_back('{'); }

  // Starts the member "key" and returns the buffer its value is to be appended to.
  std::string* Key(std::string_view key) {
    out_->append(first_ ? "\n" : ",\n");
    first_ = false;
    out_->append(static_cast<size_t>(indent_ + 2), ' ');
    AppendJsonString(key, out_);
    out_->append(": ");
    return out_;
  }
  void String(std::string_view key, std::string_view value) { AppendJsonString(value, Key(key)); }
  void Int(std::string_view key, int64_t value) { AppendInteger(value, Key(key)); }
  void Time(std::string_view key, int64_t unix_us) { String(key, Rfc3339Millis(unix_us)); }

  int indent() const { return indent_; }

  void Close() {
    if (!first_) {
      out_->push_back('\n');
      out_->append(static_cast<size_t>(indent_), ' ');
    }
    out_->push_back('}');
  }

 private:
  std::string* out_;
  int indent_;
  bool first_ = true;
};

void Value(const TruthValue& v, std::string* out) {
  if (const auto* i = std::get_if<int64_t>(&v)) {
    AppendInteger(*i, out);
  } else if (const auto* d = std::get_if<double>(&v)) {
    AppendNumber(*d, out);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    AppendJsonString(*s, out);
  } else {
    out->push_back('[');
    const auto& items = std::get<std::vector<std::string>>(v);
    for (size_t i = 0; i < items.size(); ++i) {
      out->append(i == 0 ? "" : ", ");
      AppendJsonString(items[i], out);
    }
    out->push_back(']');
  }
}

void Entry(const TruthEntry& e, int indent, std::string* out) {
  ObjectWriter w(out, indent);
  w.String("id", e.id);
  w.String("kind", e.kind);
  w.String("expected", e.expected);
  ObjectWriter entity(w.Key("entity"), indent + 2);
  for (const auto& [field, value] : e.entity) {
    entity.String(field, value);
  }
  entity.Close();
  if (e.start_us >= 0) {
    w.Time("start", e.start_us);
    w.Time("end", e.end_us);
  }
  w.Int("events", static_cast<int64_t>(e.events));
  for (const auto& [key, value] : e.sizes) {
    Value(value, w.Key(key));
  }
  w.String("note", e.note);
  w.Close();
}

void Entries(ObjectWriter& w, std::string_view key, const std::vector<TruthEntry>& entries) {
  std::string* out = w.Key(key);
  out->push_back('[');
  const size_t indent = static_cast<size_t>(w.indent() + 4);
  for (size_t i = 0; i < entries.size(); ++i) {
    out->append(i == 0 ? "\n" : ",\n");
    out->append(indent, ' ');
    Entry(entries[i], static_cast<int>(indent), out);
  }
  if (!entries.empty()) {
    out->push_back('\n');
    out->append(indent - 2, ' ');
  }
  out->push_back(']');
}

}  // namespace

std::string TruthToJson(const Truth& truth) {
  std::string out;
  ObjectWriter w(&out, 0);
  w.String("generator", "gatewatch-gen");
  w.Int("version", 1);
  AppendInteger(truth.seed, w.Key("seed"));
  w.Int("lines", static_cast<int64_t>(truth.lines));
  w.String("format", truth.format);
  AppendNumber(truth.rate, w.Key("rate"));
  w.Time("start", truth.start_us);
  w.Time("end", truth.end_us);
  w.Int("full_size_lines", static_cast<int64_t>(truth.full_size_lines));
  AppendNumber(truth.scale, w.Key("scale"));
  Entries(w, "attacks", truth.attacks);
  Entries(w, "benign", truth.benign);
  w.Close();
  out.push_back('\n');
  return out;
}

}  // namespace gatewatch::gen
