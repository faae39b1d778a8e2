#include "gen/writers.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "gen/civil_time.h"

namespace gatewatch::gen {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// The index of the first byte at or after "from" that a JSON string must escape (a control
// character, '"' or '\\'), or s.size(). Strings are checked eight bytes at a time: the escaper
// runs on every field of every line.
size_t FindJsonSpecial(std::string_view s, size_t from) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const uint64_t quote = w ^ (kOnes * '"');
    const uint64_t backslash = w ^ (kOnes * '\\');
    // Per byte, the high bit ends up set where the byte is below 0x20 or equals '"' or '\\'
    // (bytes >= 0x80, i.e. UTF-8, never match).
    const uint64_t special = ((w - kOnes * 0x20) | (quote - kOnes) | (backslash - kOnes)) & ~w;
    if ((special & kHigh) != 0) {
      break;
    }
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') {
      return i;
    }
  }
  return s.size();
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

void AppendClfEscaped(std::string_view s, std::string* out) {
  size_t clean = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      continue;
    }
    out->append(s.data() + clean, i - clean);
    clean = i + 1;
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else {
      out->append("\\x");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    }
  }
  out->append(s.data() + clean, s.size() - clean);
}

void AppendHex(uint64_t v, int digits, std::string* out) {
  for (int i = digits - 1; i >= 0; --i) {
    out->push_back(kHex[(v >> (4 * i)) & 15]);
  }
}

// 128 random bits as a version-4 UUID: 8-4-4-4-12 hex digits.
void AppendUuid(uint64_t hi, uint64_t lo, std::string* out) {
  hi = (hi & ~uint64_t{0xf000}) | 0x4000;
  lo = (lo & ~(uint64_t{3} << 62)) | (uint64_t{2} << 62);
  AppendHex(hi >> 32, 8, out);
  out->push_back('-');
  AppendHex(hi >> 16, 4, out);
  out->push_back('-');
  AppendHex(hi, 4, out);
  out->push_back('-');
  AppendHex(lo >> 48, 4, out);
  out->push_back('-');
  AppendHex(lo, 12, out);
}

}  // namespace

// Attacker-controlled text (paths, user agents, names) must never break the line.
void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t clean = 0;
  for (size_t i = FindJsonSpecial(s, 0); i < s.size(); i = FindJsonSpecial(s, i + 1)) {
    const auto c = static_cast<unsigned char>(s[i]);
    out->append(s.data() + clean, i - clean);
    clean = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
        break;
    }
  }
  out->append(s.data() + clean, s.size() - clean);
  out->push_back('"');
}

void AppendGatewatchJson(const Event& e, std::string* out) {
  char ts[kRfc3339MillisLen];
  FormatRfc3339Millis(e.ts_us, ts);
  out->append("{\"ts\":\"");
  out->append(ts, sizeof(ts));
  out->append("\",\"client_ip\":\"");
  out->append(e.client_ip);  // generated addresses need no escaping
  out->push_back('"');
  if (!e.user.empty()) {
    out->append(",\"user\":");
    AppendJsonString(e.user, out);
  } else if (e.user_null) {
    out->append(",\"user\":null");
  }
  if (!e.api_key.empty()) {
    out->append(",\"api_key\":");
    AppendJsonString(e.api_key, out);
  }
  out->append(",\"method\":\"");
  out->append(e.method);
  out->append("\",\"path\":");
  AppendJsonString(e.path.view(), out);
  out->append(",\"route\":");
  if (e.route.empty()) {
    out->append("null");
  } else {
    AppendJsonString(e.route, out);
  }
  out->append(",\"status\":");
  AppendInt(e.status, out);
  out->append(",\"latency_ms\":");
  AppendInt(e.latency_us / 1000, out);
  out->push_back('.');
  const int64_t frac = e.latency_us % 1000;
  out->push_back(static_cast<char>('0' + frac / 100));
  out->push_back(static_cast<char>('0' + frac / 10 % 10));
  out->push_back(static_cast<char>('0' + frac % 10));
  out->append(",\"bytes_out\":");
  AppendInt(e.bytes_out, out);
  out->append(",\"user_agent\":");
  AppendJsonString(e.user_agent, out);
  if (!e.auth_result.empty()) {
    out->append(",\"auth_result\":\"");
    out->append(e.auth_result);
    out->push_back('"');
  }
  out->append(",\"request_id\":\"");
  AppendUuid(e.request_id_hi, e.request_id_lo, out);
  out->append("\",\"host\":");
  AppendJsonString(e.host, out);
  out->append("}\n");
}

void AppendCombined(const Event& e, std::string* out) {
  out->append(e.client_ip);
  out->append(" - ");
  if (e.user.empty()) {
    out->push_back('-');
  } else {
    AppendClfEscaped(e.user, out);
  }
  char ts[kClfLen];
  FormatClf(e.ts_us, ts);
  out->append(" [");
  out->append(ts, sizeof(ts));
  out->append("] \"");
  out->append(e.method);
  out->push_back(' ');
  AppendClfEscaped(e.path.view(), out);
  out->push_back(' ');
  out->append(e.protocol);
  out->append("\" ");
  AppendInt(e.status, out);
  out->push_back(' ');
  AppendInt(e.bytes_out, out);
  out->append(" \"");
  if (e.referer.empty()) {
    out->push_back('-');
  } else {
    AppendClfEscaped(e.referer, out);
  }
  out->append("\" \"");
  AppendClfEscaped(e.user_agent, out);
  out->append("\"\n");
}

}  // namespace gatewatch::gen
