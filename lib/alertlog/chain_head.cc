#include "alertlog/chain_head.h"

#include <cctype>
#include <charconv>

#include "core/timestamp.h"
#include "parse/text_repair.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace gatewatch::alertlog {

std::string FormatChainHead(const ChainHead& head) {
  return std::to_string(head.seq) + ":" + head.hash;
}

core::Result<ChainHead> ParseChainHead(std::string_view text) {
  auto bad = [text]() {
    return core::Status::InvalidArgument("expected head \"" + std::string(text) +
                                         "\" is not SEQ:HASH (HASH: 64 hex digits)");
  };
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  ChainHead head;
  const char* end = text.data() + colon;
  auto [ptr, error] = std::from_chars(text.data(), end, head.seq);
  if (error != std::errc() || ptr != end) return bad();
  for (char c : text.substr(colon + 1)) {
    head.hash.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (!DigestFromHex(head.hash)) return bad();
  return head;
}

std::string HeadRecordToJson(const HeadRecord& record) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("kind");
  w.String("alert_log_head");
  w.Key("seq");
  w.Uint64(record.head.seq);
  w.Key("hash");
  w.String(record.head.hash.data(), static_cast<rapidjson::SizeType>(record.head.hash.size()));
  w.Key("seal");
  std::string_view seal = SealKindName(record.seal);
  w.String(seal.data(), static_cast<rapidjson::SizeType>(seal.size()));
  w.Key("time");
  std::string time = core::FormatRfc3339(record.time);
  w.String(time.data(), static_cast<rapidjson::SizeType>(time.size()));
  w.Key("file");
  std::string file;  // a path is bytes; the published JSON must be UTF-8
  parse::AppendRepairedUtf8(record.file, &file);
  w.String(file.data(), static_cast<rapidjson::SizeType>(file.size()));
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace gatewatch::alertlog
