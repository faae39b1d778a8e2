#include "alertlog/record_format.h"

#include <simdjson.h>

#include "core/timestamp.h"

namespace gatewatch::alertlog {
namespace {

core::Status NotARecord(std::string_view why) {
  return core::Status::InvalidArgument("not an alert-log record: " + std::string(why));
}

// Reads the seal out of the fixed-size suffix ',"hash":"<64 hex>"}'.
core::Status ParseSealSuffix(std::string_view line, ParsedRecord* record) {
  std::string_view suffix = line.substr(line.size() - kSealSuffixSize);
  std::string_view name = suffix.substr(2, 4);
  if (suffix.substr(0, 2) != ",\"" || suffix.substr(6, 3) != "\":\"" ||
      suffix.substr(kSealSuffixSize - 2) != "\"}") {
    return NotARecord("it does not end with a \"hash\" or \"hmac\" member");
  }
  if (name == SealMemberName(SealKind::kSha256)) {
    record->seal_kind = SealKind::kSha256;
  } else if (name == SealMemberName(SealKind::kHmacSha256)) {
    record->seal_kind = SealKind::kHmacSha256;
  } else {
    return NotARecord("it does not end with a \"hash\" or \"hmac\" member");
  }
  auto seal = DigestFromHex(suffix.substr(9, 64));
  if (!seal) return NotARecord("its seal is not 64 lowercase hex digits");
  record->seal = *seal;
  return core::Status::Ok();
}

// Members a record must have, as bits, so a duplicate is caught as well as an absence.
constexpr unsigned kSeq = 1, kKind = 2, kTime = 4, kPrev = 8, kSeal = 16;

core::Status ReadMember(std::string_view key, simdjson::dom::element value, std::string_view seal,
                        ParsedRecord* record, unsigned* seen) {
  unsigned bit = key == "seq"    ? kSeq
                 : key == "kind" ? kKind
                 : key == "time" ? kTime
                 : key == "prev" ? kPrev
                 : key == seal   ? kSeal
                                 : 0u;
  if ((*seen & bit) != 0) return NotARecord("member \"" + std::string(key) + "\" repeats");
  *seen |= bit;
  std::string_view text;
  bool ok = true;
  if (bit == kSeq) {
    ok = value.get_uint64().get(record->seq) == simdjson::SUCCESS;
  } else if (bit == kKind || bit == kTime) {
    ok = value.get_string().get(text) == simdjson::SUCCESS;
    (bit == kKind ? record->kind : record->time) = std::string(text);
  } else if (bit == kPrev) {
    ok = value.get_string().get(text) == simdjson::SUCCESS;
    auto prev = DigestFromHex(text);
    ok = ok && prev.has_value();
    if (ok) record->prev = *prev;
  } else if (key == "torn_bytes") {
    ok = value.get_uint64().get(record->torn_bytes) == simdjson::SUCCESS;
  } else if (key == "torn_sha256") {
    ok = value.get_string().get(text) == simdjson::SUCCESS;
    record->torn_sha256 = std::string(text);
  }
  if (!ok) return NotARecord("member \"" + std::string(key) + "\" has the wrong type");
  return core::Status::Ok();
}

}  // namespace

std::string RecordBody(const RecordHeader& header, std::string_view members) {
  std::string body;
  body.reserve(176 + members.size());
  body += "{\"seq\":";
  body += std::to_string(header.seq);
  body += ",\"kind\":\"";
  body += header.kind;
  body += "\",\"time\":\"";
  body += core::FormatRfc3339(header.time);
  body += "\",\"prev\":\"";
  body += DigestToHex(header.prev);
  body += '"';
  body += members;
  return body;
}

std::string SealRecord(std::string body, const RecordDigester& digester, Digest* seal) {
  *seal = digester.Compute(body);
  body += ",\"";
  body += SealMemberName(digester.kind());
  body += "\":\"";
  body += DigestToHex(*seal);
  body += "\"}\n";
  return body;
}

std::string RecoveryMembers(uint64_t offset, uint64_t torn_bytes, const Digest& torn_sha256) {
  return ",\"offset\":" + std::to_string(offset) + ",\"torn_bytes\":" + std::to_string(torn_bytes) +
         ",\"torn_sha256\":\"" + DigestToHex(torn_sha256) + "\"";
}

std::string StartMembers() { return ",\"format\":1"; }

std::string_view SealedBytes(std::string_view line) {
  return line.substr(0, line.size() - kSealSuffixSize);
}

bool SealMatches(std::string_view line, const ParsedRecord& record,
                 const RecordDigester& digester) {
  return record.seal_kind == digester.kind() && digester.Compute(SealedBytes(line)) == record.seal;
}

RecordParser::RecordParser() : parser_(std::make_unique<simdjson::dom::parser>()) {}
RecordParser::~RecordParser() = default;

core::Result<ParsedRecord> RecordParser::Parse(std::string_view line) {
  if (line.size() < kSealSuffixSize + 2) return NotARecord("the line is too short");
  ParsedRecord record;
  GW_RETURN_IF_ERROR(ParseSealSuffix(line, &record));
  simdjson::dom::element doc;
  if (auto error = parser_->parse(line.data(), line.size()).get(doc); error) {
    return NotARecord(std::string("not UTF-8 JSON (") + simdjson::error_message(error) + ")");
  }
  simdjson::dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) return NotARecord("not a JSON object");
  std::string_view seal_name = SealMemberName(record.seal_kind);
  std::string_view last_key;
  unsigned seen = 0;
  for (simdjson::dom::key_value_pair member : object) {
    GW_RETURN_IF_ERROR(ReadMember(member.key, member.value, seal_name, &record, &seen));
    last_key = member.key;
  }
  if ((seen & (kSeq | kKind | kTime | kPrev)) != (kSeq | kKind | kTime | kPrev)) {
    return NotARecord("\"seq\", \"kind\", \"time\" or \"prev\" is missing");
  }
  if (last_key != seal_name) return NotARecord("the seal is not the last member");
  return record;
}

}  // namespace gatewatch::alertlog
