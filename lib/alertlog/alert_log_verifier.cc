#include "alertlog/alert_log_verifier.h"

#include <algorithm>

#include "alertlog/chain_index.h"

namespace gatewatch::alertlog {
namespace {

std::string Where(const ChainIndex& index, const IndexedRecord& record) {
  return index.files[record.file] + ":" + std::to_string(record.line);
}

// Without a key, an HMAC-sealed log cannot be checked at all: that is a usage error, not damage.
core::Status CheckSealKindUsable(const ChainIndex& index, bool keyed) {
  for (const IndexedRecord& record : index.records) {
    if (!record.well_formed) continue;
    if (record.seal_kind == SealKind::kHmacSha256 && !keyed) {
      return core::Status::InvalidArgument(Where(index, record) +
                                           ": the log is sealed with HMAC-SHA-256: give its key "
                                           "(--key-file)");
    }
    break;
  }
  return core::Status::Ok();
}

// A published head older than the first record given cannot be checked.
core::Status CheckHeadsCovered(const ChainIndex& index, const std::vector<ChainHead>& heads) {
  if (index.records.empty() || !index.records.front().sealed) return core::Status::Ok();
  uint64_t first = index.records.front().seq;
  for (const ChainHead& head : heads) {
    if (head.seq < first) {
      return core::Status::InvalidArgument("expected head seq " + std::to_string(head.seq) +
                                           " is older than the first record "
                                           "given (seq " +
                                           std::to_string(first) + "): give the older files too");
    }
  }
  return core::Status::Ok();
}

std::optional<Damage> CheckPublishedHeads(const ChainIndex& index, size_t i,
                                          const std::vector<ChainHead>& heads) {
  const IndexedRecord& record = index.records[i];
  for (const ChainHead& head : heads) {
    if (head.seq == record.seq && head.hash != DigestToHex(record.seal)) {
      return DamageAt(index, i, DamageKind::kRewritten,
                      "seq " + std::to_string(record.seq) + " is sealed " +
                          DigestToHex(record.seal).substr(0, 16) +
                          "... but the published head says " + head.hash.substr(0, 16) +
                          "...: the chain up to here was re-sealed");
    }
  }
  return std::nullopt;
}

// A published head beyond the last record: the tail was cut at a line boundary.
std::optional<Damage> CheckTruncation(const ChainIndex& index, const VerifyReport& report,
                                      const std::vector<ChainHead>& heads) {
  uint64_t newest = 0;
  for (const ChainHead& head : heads) newest = std::max(newest, head.seq);
  if (heads.empty() || (report.head && report.head->seq >= newest)) return std::nullopt;
  uint32_t last_file = static_cast<uint32_t>(index.files.size() - 1);
  uint64_t line = !index.records.empty() && index.records.back().file == last_file
                      ? index.records.back().line + 1
                      : 1;
  std::string ends =
      report.head ? "ends at seq " + std::to_string(report.head->seq) : "holds no records";
  return Damage{DamageKind::kTruncated, index.files[last_file], line,
                "the chain " + ends + " but a published head is seq " + std::to_string(newest) +
                    ": records were cut off the end"};
}

}  // namespace

std::string_view DamageKindName(DamageKind kind) {
  switch (kind) {
    case DamageKind::kModified:
      return "modified";
    case DamageKind::kDeleted:
      return "deleted";
    case DamageKind::kInserted:
      return "inserted";
    case DamageKind::kReordered:
      return "reordered";
    case DamageKind::kTruncated:
      return "truncated";
    case DamageKind::kTornTail:
      return "torn_tail";
    case DamageKind::kRewritten:
      return "rewritten";
    case DamageKind::kWrongKey:
      return "wrong_key";
  }
  return "unknown";
}

core::Result<VerifyReport> AlertLogVerifier::Verify(const std::vector<std::string>& files) const {
  if (files.empty()) return core::Status::InvalidArgument("no alert-log files to verify");
  const std::string* key = options_.key ? &*options_.key : nullptr;
  GW_ASSIGN_OR_RETURN(ChainIndex index, IndexChain(files, key));
  GW_RETURN_IF_ERROR(CheckSealKindUsable(index, key != nullptr));
  GW_RETURN_IF_ERROR(CheckHeadsCovered(index, options_.expected_heads));
  VerifyReport report;
  report.seal = key != nullptr ? SealKind::kHmacSha256 : SealKind::kSha256;
  const std::vector<IndexedRecord>& records = index.records;
  ChainExpectation expected;
  for (size_t i = 0; i < records.size(); ++i) {
    const IndexedRecord& record = records[i];
    if (!record.terminated) {
      report.damage = DamageAt(index, i, DamageKind::kTornTail,
                               "the last line has no newline: a record cut short (a crash "
                               "mid-write, or the file was cut inside a record)");
    } else if (i == 0 && (!record.sealed || (!record.start && !options_.allow_partial))) {
      report.damage = ClassifyBadStart(index, i);
    } else if (i > 0 &&
               !(record.sealed && record.seq == expected.seq && record.prev == expected.prev)) {
      report.damage = ClassifyBreak(index, i, expected);
    } else {
      report.damage = CheckPublishedHeads(index, i, options_.expected_heads);
    }
    if (report.damage) return report;
    if (i == 0) report.first_seq = record.seq;
    expected.seq = record.seq + 1;
    expected.prev = record.seal;
    ++report.records;
    report.head = ChainHead{record.seq, DigestToHex(record.seal)};
    if (!record.note.empty()) report.notes.push_back(Where(index, record) + ": " + record.note);
  }
  if (records.empty() && !options_.allow_partial) {
    report.damage = Damage{DamageKind::kDeleted, files.back(), 1,
                           "no records: a log begins with a start record"};
    return report;
  }
  report.damage = CheckTruncation(index, report, options_.expected_heads);
  return report;
}

}  // namespace gatewatch::alertlog
