#ifndef GATEWATCH_PARSE_TEXT_REPAIR_H_
#define GATEWATCH_PARSE_TEXT_REPAIR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// Byte-level repairs that let the parser keep a line an attacker or a misconfigured gateway
// has mangled, instead of dropping it. None of these allocate beyond growing `out`.
namespace gatewatch::parse {

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// Appends `text` to `out` with every invalid UTF-8 sequence replaced by U+FFFD (one
// replacement per maximal invalid subpart, as the WHATWG decoder does). Returns true if
// anything was replaced.
bool AppendRepairedUtf8(std::string_view text, std::string* out);

// True when `line` holds an NGINX "\xHH" escape (a backslash run of odd length followed by
// x and two hex digits), which NGINX writes without escape=json and which is not JSON.
bool HasNginxEscapes(std::string_view line);

// Appends `line` to `out` with each NGINX "\xHH" escape replaced so the result is valid JSON:
// '"' and '\' and control bytes become JSON escapes, other bytes are written raw (bytes >= 0x80
// may then need AppendRepairedUtf8). Other escapes are copied unchanged.
void AppendNginxEscapesAsJson(std::string_view line, std::string* out);

// Appends `text` to `out` with "\xHH" decoded to the raw byte (for text formats).
// Returns true if any escape was decoded.
bool AppendNginxEscapesDecoded(std::string_view text, std::string* out);

// Unescapes the inside of a JSON string literal (without its quotes) and appends it to `out`.
// Lenient: a lone surrogate or a malformed escape becomes U+FFFD and sets kRepairInvalidUtf8 in
// `*repairs`; NUL becomes U+FFFD and sets kRepairControlChars.
void AppendJsonUnescaped(std::string_view raw, std::string* out, uint32_t* repairs);

// The longest prefix of `text` of at most `max_bytes` bytes that does not split a UTF-8
// sequence.
size_t Utf8PrefixLength(std::string_view text, size_t max_bytes);

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_TEXT_REPAIR_H_
