#include "parse/combined_decoder.h"

#include <cstring>

#include "core/ip_address.h"
#include "parse/text_repair.h"

namespace gatewatch::parse {
namespace {

constexpr std::array<std::string_view, CombinedDecoder::kPartCount> kPartNames = {
    "client_ip", "ident",  "user",      "ts",      "request",    "method", "path",
    "protocol",  "status", "bytes_out", "referer", "user_agent", "vhost",
};

// "[10/Jun/2023:15:36:28 +0000]" is 28 bytes.
constexpr size_t kBracketedTimeSize = 28;

// Position of the quote closing the quoted field that opens at `open`, skipping backslash
// escapes (Apache writes \" inside the request line); npos when there is none.
size_t ClosingQuote(std::string_view line, size_t open) {
  for (size_t i = open + 1; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '"') {
      return i;
    }
  }
  return std::string_view::npos;
}

// An HTTP method is a short run of letters ("GET", "PROPFIND"); anything else in the method
// position is a client that did not speak HTTP (a TLS handshake on the plain port).
bool IsHttpMethod(std::string_view token) {
  if (token.empty() || token.size() > 24) return false;
  for (char c : token) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_')) return false;
  }
  return true;
}

std::string_view NextToken(std::string_view line, size_t* pos) {
  while (*pos < line.size() && line[*pos] == ' ') ++*pos;
  size_t start = *pos;
  while (*pos < line.size() && line[*pos] != ' ') ++*pos;
  return line.substr(start, *pos - start);
}

}  // namespace

std::optional<CombinedDecoder::Part> CombinedDecoder::PartFromName(std::string_view name) {
  for (size_t i = 0; i < kPartNames.size(); ++i) {
    if (kPartNames[i] == name) return static_cast<Part>(i);
  }
  return std::nullopt;
}

RejectReason CombinedDecoder::Decode(std::string_view line, size_t max_field_bytes,
                                     core::AccessEvent* event, std::vector<RawValue>* captures) {
  max_field_bytes_ = max_field_bytes;
  event_ = event;
  captures_ = captures;
  repairs_ = 0;

  size_t pos = 0;
  std::string_view host = NextToken(line, &pos);
  // Apache's vhost_combined puts "%v:%p" first: a server name, then the client address, then
  // ident and user as one token each. Anything looser (BunkerWeb's "$host $remote_addr -
  // $request_id -") is not this format and stays unread rather than misread.
  std::string_view vhost;
  {
    size_t peek = pos;
    std::string_view second = NextToken(line, &peek);
    std::string_view third = NextToken(line, &peek);
    std::string_view fourth = NextToken(line, &peek);
    std::string_view fifth = NextToken(line, &peek);
    if (!core::IpAddress::ParseWithOptionalPort(host) &&
        core::IpAddress::ParseWithOptionalPort(second) && !third.empty() && !fourth.empty() &&
        fifth.starts_with('[')) {
      vhost = host;
      host = second;
      pos = static_cast<size_t>(second.data() + second.size() - line.data());
    }
  }
  std::string_view ident = NextToken(line, &pos);
  // The user name is attacker-controlled (basic auth) and may hold spaces or brackets, but
  // servers escape its quotes, so the first quote opens the request line and the bracketed
  // time sits right before it.
  size_t request_open = line.find('"', pos);
  if (host.empty() || ident.empty() || request_open == std::string_view::npos ||
      request_open < pos + kBracketedTimeSize + 1 || line[request_open - 1] != ' ' ||
      line[request_open - 2] != ']') {
    return RejectReason::kUnrecognizedLine;
  }
  size_t time_open = request_open - 1 - kBracketedTimeSize;
  if (line[time_open] != '[' || line[time_open - 1] != ' ') return RejectReason::kUnrecognizedLine;
  std::string_view user = line.substr(pos, time_open - 1 - pos);
  while (!user.empty() && user.front() == ' ') user.remove_prefix(1);
  std::string_view time = line.substr(time_open + 1, kBracketedTimeSize - 2);

  size_t request_close = ClosingQuote(line, request_open);
  if (request_close == std::string_view::npos) return RejectReason::kUnrecognizedLine;
  std::string_view request = line.substr(request_open + 1, request_close - request_open - 1);

  pos = request_close + 1;
  std::string_view status = NextToken(line, &pos);
  std::string_view bytes = NextToken(line, &pos);
  if (status.empty() || bytes.empty()) return RejectReason::kUnrecognizedLine;

  // Referer and user agent are optional ("common" has neither). A line cut inside one of them
  // (a truncated write, a user agent with a raw newline) keeps what is there.
  std::string_view referer, agent;
  bool has_referer = false, has_agent = false;
  auto quoted = [&](std::string_view* out) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos >= line.size() || line[pos] != '"') return false;
    size_t close = ClosingQuote(line, pos);
    if (close == std::string_view::npos) close = line.size();
    *out = line.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    return true;
  };
  has_referer = quoted(&referer);
  if (has_referer) has_agent = quoted(&agent);

  if (!vhost.empty()) Emit(kVhost, vhost, false);
  Emit(kHost, host, false);
  Emit(kIdent, ident, true);
  Emit(kUser, user, true);
  Emit(kTime, time, false);
  Emit(kRequest, request, true);
  // "GET /path HTTP/1.1"; a garbage request line (a TLS handshake sent to the HTTP port) keeps
  // the event with no method or path.
  size_t request_pos = 0;
  std::string_view method = NextToken(request, &request_pos);
  std::string_view target = NextToken(request, &request_pos);
  std::string_view protocol = NextToken(request, &request_pos);
  if (!target.empty() && IsHttpMethod(method)) {
    Emit(kMethod, method, true);
    Emit(kPath, target, true);
    if (!protocol.empty()) Emit(kProtocol, protocol, true);
  }
  Emit(kStatus, status, false);
  Emit(kBytes, bytes, false);
  if (has_referer) Emit(kReferer, referer, true);
  if (has_agent) Emit(kUserAgent, agent, true);
  event->AddRepair(repairs_);
  return RejectReason::kNone;
}

void CombinedDecoder::Emit(Part part, std::string_view text, bool may_be_escaped) {
  const std::vector<uint16_t>& targets = captures_of_part_[part];
  if (targets.empty() || text == "-" || text.empty()) return;
  std::string_view value = text;
  if (may_be_escaped && (HasNginxEscapes(text) || std::memchr(text.data(), '\\', text.size()))) {
    scratch_.clear();
    if (AppendNginxEscapesDecoded(text, &scratch_)) repairs_ |= core::kRepairEscapesDecoded;
    // Apache's \" and \\ inside quoted fields.
    size_t write = 0;
    for (size_t i = 0; i < scratch_.size(); ++i) {
      if (scratch_[i] == '\\' && i + 1 < scratch_.size() &&
          (scratch_[i + 1] == '"' || scratch_[i + 1] == '\\')) {
        ++i;
      }
      scratch_[write++] = scratch_[i];
    }
    scratch_.resize(write);
    value = scratch_;
  }
  if (std::memchr(value.data(), '\0', value.size()) != nullptr) {
    // A decoded \x00: C strings downstream would stop there, so it becomes U+FFFD.
    std::string without_nul;
    for (char c : value) {
      if (c == '\0') {
        without_nul += "\xEF\xBF\xBD";
      } else {
        without_nul += c;
      }
    }
    scratch_ = std::move(without_nul);
    value = scratch_;
    repairs_ |= core::kRepairControlChars;
  }
  std::string& buffer = event_->buffer();
  size_t offset = buffer.size();
  if (!IsValidUtf8(value)) {
    AppendRepairedUtf8(value, &buffer);
    repairs_ |= core::kRepairInvalidUtf8;
  } else {
    buffer.append(value);
  }
  size_t length = buffer.size() - offset;
  if (length > max_field_bytes_) {
    length = Utf8PrefixLength(std::string_view(buffer.data() + offset, length), max_field_bytes_);
    buffer.resize(offset + length);
    repairs_ |= core::kRepairTruncated;
  }
  RawValue raw;
  raw.type = RawValue::Type::kString;
  raw.offset = static_cast<uint32_t>(offset);
  raw.length = static_cast<uint32_t>(length);
  raw.priority = 0;
  for (uint16_t capture : targets) (*captures_)[capture] = raw;
}

}  // namespace gatewatch::parse
