#include "presets/sample_truth.h"

#include <gtest/gtest.h>

#include <charconv>
#include <fstream>
#include <sstream>

namespace gatewatch::testing {
namespace {

constexpr std::string_view kCrowdsecParseStage = "s01-parse";
constexpr std::string_view kCrowdsecEnrichStage = "s02-enrich";
constexpr std::string_view kCrowdsecDateParser = "crowdsecurity/dateparse-enrich";

bool Consume(std::string_view* s, std::string_view prefix) {
  if (s->substr(0, prefix.size()) != prefix) return false;
  s->remove_prefix(prefix.size());
  return true;
}

// ["name"] with no escapes inside (stage, parser and key names).
bool ConsumeKey(std::string_view* s, std::string* out) {
  if (!Consume(s, "[\"")) return false;
  size_t end = s->find("\"]");
  if (end == std::string_view::npos) return false;
  out->assign(s->substr(0, end));
  s->remove_prefix(end + 2);
  return true;
}

bool ConsumeIndex(std::string_view* s, size_t* out) {
  if (!Consume(s, "[")) return false;
  auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), *out);
  if (ec != std::errc() || ptr == s->data() || *ptr != ']') return false;
  s->remove_prefix(static_cast<size_t>(ptr - s->data()) + 1);
  return true;
}

// (key) == "value" / ["key"] == "value", both quoted the Go way.
bool ConsumeMetaAssertion(std::string_view* s, std::string_view open, std::string_view close,
                          std::string* key, std::string* value) {
  if (!Consume(s, open)) return false;
  size_t end = s->find(close);
  if (end == std::string_view::npos) return false;
  key->assign(s->substr(0, end));
  s->remove_prefix(end + close.size());
  if (!Consume(s, " == ")) return false;
  auto unquoted = UnquoteGoString(*s);
  if (!unquoted) return false;
  *value = std::move(*unquoted);
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The quoted string that follows `"key"` and a colon in a failJSON comment.
std::string JsonishString(std::string_view text, std::string_view key) {
  std::string quoted_key = "\"";
  quoted_key.append(key).push_back('"');
  size_t at = text.find(quoted_key);
  if (at == std::string_view::npos) return "";
  size_t open = text.find('"', text.find(':', at) + 1);
  size_t close = text.find('"', open + 1);
  if (open == std::string_view::npos || close == std::string_view::npos) return "";
  return std::string(text.substr(open + 1, close - open - 1));
}

}  // namespace

std::optional<std::string> UnquoteGoString(std::string_view quoted) {
  while (!quoted.empty() && (quoted.back() == ' ' || quoted.back() == '\r'))
    quoted.remove_suffix(1);
  if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"') return std::nullopt;
  std::string_view in = quoted.substr(1, quoted.size() - 2);
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\') {
      out.push_back(in[i]);
      continue;
    }
    if (++i == in.size()) return std::nullopt;
    switch (in[i]) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'x': {
        if (i + 2 >= in.size()) return std::nullopt;
        int hi = HexDigit(in[i + 1]), lo = HexDigit(in[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        size_t digits = in[i] == 'u' ? 4 : 8;
        if (i + digits >= in.size()) return std::nullopt;
        uint32_t cp = 0;
        for (size_t d = 1; d <= digits; ++d) {
          int h = HexDigit(in[i + d]);
          if (h < 0) return std::nullopt;
          cp = cp * 16 + static_cast<uint32_t>(h);
        }
        AppendUtf8(cp, &out);
        i += digits;
        break;
      }
      default:  // \" \\ and the rest stand for themselves
        out.push_back(in[i]);
    }
  }
  return out;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<CrowdsecLine> ReadCrowdsecParserAssert(const std::string& path) {
  std::vector<CrowdsecLine> lines;
  std::map<size_t, std::string> timestamps;  // by index among accepted lines
  std::string parse_parser;
  for (const std::string& text : ReadLines(path)) {
    std::string_view s = text;
    std::string stage, parser;
    size_t index = 0;
    if (!Consume(&s, "results") || !ConsumeKey(&s, &stage) || !ConsumeKey(&s, &parser) ||
        !ConsumeIndex(&s, &index)) {
      continue;
    }
    const bool parse_stage = stage == kCrowdsecParseStage;
    const bool date_stage = stage == kCrowdsecEnrichStage && parser == kCrowdsecDateParser;
    if (!parse_stage && !date_stage) continue;
    if (parse_stage) {
      if (parse_parser.empty()) parse_parser = parser;
      EXPECT_EQ(parser, parse_parser) << path << ": one s01-parse parser per test expected";
      if (lines.size() <= index) lines.resize(index + 1);
    }
    std::string key, value;
    if (Consume(&s, ".Success == ")) {
      if (parse_stage) lines[index].success = s.substr(0, 4) == "true";
    } else if (ConsumeMetaAssertion(&s, ".Evt.Meta[\"", "\"]", &key, &value)) {
      if (parse_stage) lines[index].meta[key] = value;
      if (date_stage && key == "timestamp") timestamps[index] = value;
    }
  }
  size_t accepted = 0;
  for (CrowdsecLine& line : lines) {
    if (!line.success) continue;
    auto it = timestamps.find(accepted++);
    if (it != timestamps.end()) line.timestamp = it->second;
  }
  return lines;
}

std::vector<std::vector<CrowdsecEvent>> ReadCrowdsecAlerts(const std::string& path) {
  std::map<size_t, std::map<size_t, CrowdsecEvent>> alerts;
  for (const std::string& text : ReadLines(path)) {
    std::string_view s = text;
    size_t alert = 0, event = 0;
    std::string key, value;
    if (Consume(&s, "results") && ConsumeIndex(&s, &alert) &&
        Consume(&s, ".Overflow.Alert.Events") && ConsumeIndex(&s, &event) &&
        ConsumeMetaAssertion(&s, ".GetMeta(\"", "\")", &key, &value)) {
      alerts[alert][event][key] = value;
    }
  }
  std::vector<std::vector<CrowdsecEvent>> out;
  for (auto& [a, events] : alerts) {
    out.emplace_back();
    for (auto& [e, meta] : events) out.back().push_back(std::move(meta));
  }
  return out;
}

std::vector<Fail2banSample> ReadFail2banSamples(const std::string& path) {
  std::vector<std::string> lines = ReadLines(path);
  std::vector<Fail2banSample> samples;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view comment = lines[i];
    if (!Consume(&comment, "# failJSON:")) continue;
    size_t j = i + 1;
    while (j < lines.size() && (lines[j].empty() || lines[j][0] == '#')) ++j;
    if (j == lines.size()) break;
    Fail2banSample sample;
    sample.line_no = j + 1;
    sample.line = lines[j];
    size_t match = comment.find("\"match\"");
    if (match != std::string_view::npos) {
      std::string_view value = comment.substr(comment.find(':', match) + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      sample.match = value.substr(0, 4) == "true";
    }
    sample.host = JsonishString(comment, "host");
    sample.time = JsonishString(comment, "time");
    samples.push_back(std::move(sample));
  }
  return samples;
}

}  // namespace gatewatch::testing
