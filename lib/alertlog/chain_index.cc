#include "alertlog/chain_index.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "alertlog/record_format.h"

namespace gatewatch::alertlog {
namespace {

std::string SealProblem(const ParsedRecord& record, SealKind log_seal) {
  if (record.seal_kind != log_seal) {
    return "it is sealed with " + std::string(SealKindName(record.seal_kind)) +
           " where the log uses " + std::string(SealKindName(log_seal));
  }
  return log_seal == SealKind::kHmacSha256
             ? "its HMAC does not verify (changed, or sealed without the key)"
             : "its hash does not match its bytes (changed)";
}

void IndexLine(std::string_view line, RecordParser& parser, const RecordDigester& digester,
               IndexedRecord* record) {
  auto parsed = parser.Parse(line);
  if (!parsed.ok()) {
    record->problem = parsed.status().message();
    return;
  }
  record->well_formed = true;
  record->seq = parsed->seq;
  record->seal = parsed->seal;
  record->prev = parsed->prev;
  record->seal_kind = parsed->seal_kind;
  record->start = parsed->kind == kKindStart && parsed->seq == 0 && parsed->prev == kZeroDigest;
  if (!SealMatches(line, *parsed, digester)) {
    record->problem = SealProblem(*parsed, digester.kind());
    return;
  }
  record->sealed = true;
  if (parsed->kind == kKindRecovery) {
    record->note = "the writer cut a torn tail of " + std::to_string(parsed->torn_bytes) +
                   " bytes (sha256 " + parsed->torn_sha256 + ") when it restarted";
  }
}

core::Status IndexFile(const std::string& path, uint32_t file, RecordParser& parser,
                       const RecordDigester& digester, std::vector<IndexedRecord>* records) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return core::Status::NotFound(path + " is not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  std::string line;
  uint64_t number = 0;
  while (std::getline(in, line)) {
    IndexedRecord& record = records->emplace_back();
    record.file = file;
    record.line = ++number;
    record.terminated = !in.eof();
    IndexLine(line, parser, digester, &record);
  }
  if (in.bad()) return core::Status::IoError("cannot read " + path);
  return core::Status::Ok();
}

}  // namespace

core::Result<ChainIndex> IndexChain(const std::vector<std::string>& files, const std::string* key) {
  RecordDigester digester =
      key != nullptr ? RecordDigester::Hmac(*key) : RecordDigester::Sha256Only();
  RecordParser parser;
  ChainIndex index;
  index.files = files;
  for (size_t f = 0; f < files.size(); ++f) {
    GW_RETURN_IF_ERROR(
        IndexFile(files[f], static_cast<uint32_t>(f), parser, digester, &index.records));
  }
  return index;
}

}  // namespace gatewatch::alertlog
