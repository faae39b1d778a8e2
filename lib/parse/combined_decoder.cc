#include "parse/combined_decoder.h"

#include <cstring>

#include "parse/text_repair.h"

namespace gatewatch::parse {
namespace {

constexpr std::array<std::string_view, CombinedDecoder::kPartCount> kPartNames = {
    "client_ip", "ident",    "user",   "ts",        "request", "method",
    "path",      "protocol", "status", "bytes_out", "referer", "user_agent",
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

  std::string_view referer, agent;
  bool has_referer = false, has_agent = false;
  while (pos < line.size() && line[pos] == ' ') ++pos;
  if (pos < line.size() && line[pos] == '"') {
    size_t close = ClosingQuote(line, pos);
    if (close == std::string_view::npos) return RejectReason::kUnrecognizedLine;
    referer = line.substr(pos + 1, close - pos - 1);
    has_referer = true;
    pos = close + 1;
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos < line.size() && line[pos] == '"') {
      close = ClosingQuote(line, pos);
      if (close == std::string_view::npos) return RejectReason::kUnrecognizedLine;
      agent = line.substr(pos + 1, close - pos - 1);
      has_agent = true;
    }
  }

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
  if (!target.empty()) {
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
