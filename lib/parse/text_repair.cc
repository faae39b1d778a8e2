#include "parse/text_repair.h"

#include <cstring>

#include "core/access_event.h"
#include "simdjson.h"

namespace gatewatch::parse {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid. `*subpart`
// is the length of the maximal invalid subpart when it is invalid (at least 1).
size_t ValidSequenceLength(std::string_view text, size_t i, size_t* subpart) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  unsigned char c = s[i];
  *subpart = 1;
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    if (i + k >= n) return 0;
    unsigned char b = s[i + k];
    unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) return 0;
    *subpart = k + 1;
  }
  return len;
}

void AppendCodePoint(uint32_t cp, std::string* out) {
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

// Reads four hex digits at raw[i..i+4); -1 if they are not hex.
int32_t ReadHex4(std::string_view raw, size_t i) {
  if (i + 4 > raw.size()) return -1;
  int32_t v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = HexValue(raw[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// Whether position `i` (a backslash) starts an escape: the run of backslashes ending at i,
// counted from its start, has odd length at i.
bool IsNginxEscapeAt(std::string_view line, size_t i, size_t run_start) {
  return ((i - run_start) % 2 == 0) && i + 3 < line.size() + 0 && line[i + 1] == 'x' &&
         HexValue(line[i + 2]) >= 0 && HexValue(line[i + 3]) >= 0;
}

template <typename Emit>
bool ForEachNginxEscape(std::string_view line, std::string* out, Emit emit) {
  bool any = false;
  size_t i = 0, copied = 0;
  while (i < line.size()) {
    const void* p = std::memchr(line.data() + i, '\\', line.size() - i);
    if (p == nullptr) break;
    size_t run_start = static_cast<const char*>(p) - line.data();
    size_t j = run_start;
    while (j < line.size() && line[j] == '\\') {
      if (IsNginxEscapeAt(line, j, run_start)) {
        out->append(line.data() + copied, j - copied);
        emit(static_cast<unsigned char>(HexValue(line[j + 2]) * 16 + HexValue(line[j + 3])));
        any = true;
        copied = j + 4;
        run_start = j + 4;
        j += 4;
        break;
      }
      ++j;
    }
    i = j;
  }
  out->append(line.data() + copied, line.size() - copied);
  return any;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

bool AppendRepairedUtf8(std::string_view text, std::string* out) {
  bool replaced = false;
  size_t i = 0, run = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t subpart;
    size_t len = ValidSequenceLength(text, i, &subpart);
    if (len > 0) {
      i += len;
      continue;
    }
    out->append(text.data() + run, i - run);
    out->append(kReplacement);
    replaced = true;
    i += subpart;
    run = i;
  }
  out->append(text.data() + run, text.size() - run);
  return replaced;
}

bool HasNginxEscapes(std::string_view line) {
  size_t i = 0;
  while (i < line.size()) {
    const void* p = std::memchr(line.data() + i, '\\', line.size() - i);
    if (p == nullptr) return false;
    size_t run_start = static_cast<const char*>(p) - line.data();
    size_t j = run_start;
    while (j < line.size() && line[j] == '\\') {
      if (IsNginxEscapeAt(line, j, run_start)) return true;
      ++j;
    }
    i = j;
  }
  return false;
}

void AppendNginxEscapesAsJson(std::string_view line, std::string* out) {
  ForEachNginxEscape(line, out, [out](unsigned char byte) {
    if (byte == '"') {
      out->append("\\\"");
    } else if (byte == '\\') {
      out->append("\\\\");
    } else if (byte < 0x20 || byte == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      char esc[6] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
      out->append(esc, 6);
    } else {
      out->push_back(static_cast<char>(byte));
    }
  });
}

bool AppendNginxEscapesDecoded(std::string_view text, std::string* out) {
  return ForEachNginxEscape(text, out,
                            [out](unsigned char byte) { out->push_back(static_cast<char>(byte)); });
}

void AppendJsonUnescaped(std::string_view raw, std::string* out, uint32_t* repairs) {
  size_t i = 0;
  while (i < raw.size()) {
    const void* p = std::memchr(raw.data() + i, '\\', raw.size() - i);
    size_t stop = p ? static_cast<const char*>(p) - raw.data() : raw.size();
    out->append(raw.data() + i, stop - i);
    i = stop;
    if (i >= raw.size()) break;
    if (i + 1 >= raw.size()) {  // a trailing lone backslash
      out->append(kReplacement);
      *repairs |= core::kRepairInvalidUtf8;
      break;
    }
    char e = raw[i + 1];
    i += 2;
    switch (e) {
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      case '/':
        out->push_back('/');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        int32_t cp = ReadHex4(raw, i);
        if (cp < 0) {
          out->append(kReplacement);
          *repairs |= core::kRepairInvalidUtf8;
          break;
        }
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          int32_t low = -1;
          if (i + 6 <= raw.size() && raw[i] == '\\' && raw[i + 1] == 'u')
            low = ReadHex4(raw, i + 2);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            i += 6;
            AppendCodePoint(0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00), out);
          } else {
            out->append(kReplacement);
            *repairs |= core::kRepairInvalidUtf8;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          out->append(kReplacement);
          *repairs |= core::kRepairInvalidUtf8;
        } else if (cp == 0) {
          out->append(kReplacement);
          *repairs |= core::kRepairControlChars;
        } else {
          AppendCodePoint(static_cast<uint32_t>(cp), out);
        }
        break;
      }
      default:  // not a JSON escape: keep both characters
        out->push_back('\\');
        out->push_back(e);
        *repairs |= core::kRepairInvalidUtf8;
        break;
    }
  }
}

size_t Utf8PrefixLength(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  size_t n = max_bytes;
  // Step back over continuation bytes to the start of the sequence that would be split.
  size_t back = 0;
  while (n > 0 && back < 3 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) {
    --n;
    ++back;
  }
  return n;
}

}  // namespace gatewatch::parse
