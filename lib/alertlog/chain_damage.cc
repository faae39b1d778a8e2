// Naming the damage where the chain first breaks. The verified run before the break tells what
// the next record should be; looking at what comes after tells how it got that way.
#include <algorithm>

#include "alertlog/chain_index.h"

namespace gatewatch::alertlog {
namespace {

std::string Where(const ChainIndex& index, size_t i) {
  const IndexedRecord& record = index.records[i];
  return index.files[record.file] + ":" + std::to_string(record.line);
}

std::string Seq(uint64_t seq) { return "seq " + std::to_string(seq); }

std::string Records(uint64_t from, uint64_t to) {
  return from == to ? "record " + Seq(from)
                    : "records seq " + std::to_string(from) + "-" + std::to_string(to);
}

bool Continues(const IndexedRecord& record, const ChainExpectation& expected) {
  return record.sealed && record.seq == expected.seq && record.prev == expected.prev;
}

size_t NextSealed(const ChainIndex& index, size_t i) {
  while (i < index.records.size() && !index.records[i].sealed) ++i;
  return i;
}

// Record i has a seq beyond the expected one: the records in between are missing, or later.
Damage ClassifySkip(const ChainIndex& index, size_t i, const ChainExpectation& expected) {
  const IndexedRecord& record = index.records[i];
  for (size_t j = i + 1; j < index.records.size(); ++j) {
    const IndexedRecord& later = index.records[j];
    if (later.sealed && later.seq >= expected.seq && later.seq < record.seq) {
      return DamageAt(
          index, i, DamageKind::kReordered,
          Seq(record.seq) + " comes before " + Seq(later.seq) + " (" + Where(index, j) + ")");
    }
  }
  return DamageAt(
      index, i, DamageKind::kDeleted,
      Records(expected.seq, record.seq - 1) + " missing before this " + Seq(record.seq));
}

// Record i repeats a seq already verified at index j: a copy, a record claiming another's place,
// or a second chain.
Damage ClassifyRepeat(const ChainIndex& index, size_t i, const ChainExpectation& expected) {
  const IndexedRecord& record = index.records[i];
  const IndexedRecord& first = index.records[expected.first];
  if (record.start) {
    return DamageAt(index, i, DamageKind::kInserted,
                    "a second chain starts here (start record); the records before it belong "
                    "to another chain");
  }
  if (record.seq < first.seq) {
    return DamageAt(
        index, i, DamageKind::kReordered,
        Seq(record.seq) + " comes after " + Seq(expected.seq - 1) + " (files given out of order?)");
  }
  size_t j = expected.first + static_cast<size_t>(record.seq - first.seq);
  const IndexedRecord& earlier = index.records[j];
  if (earlier.seal == record.seal) {
    return DamageAt(index, i, DamageKind::kInserted,
                    "a copy of " + Seq(record.seq) + " (" + Where(index, j) + ")");
  }
  bool chain_follows_this_one = i + 1 < index.records.size() && index.records[i + 1].sealed &&
                                index.records[i + 1].prev == record.seal;
  if (earlier.prev == record.prev && chain_follows_this_one) {
    return DamageAt(index, j, DamageKind::kInserted,
                    Records(earlier.seq, expected.seq - 1) + " up to " + Where(index, i - 1) +
                        " are not part of the chain: " + Where(index, i) +
                        " holds the same place and the rest of the chain follows it");
  }
  return DamageAt(index, i, DamageKind::kInserted,
                  Seq(record.seq) + " again (first at " + Where(index, j) + ")");
}

}  // namespace

Damage DamageAt(const ChainIndex& index, size_t i, DamageKind kind, std::string detail) {
  const IndexedRecord& record = index.records[i];
  return Damage{kind, index.files[record.file], record.line, std::move(detail)};
}

Damage ClassifyBreak(const ChainIndex& index, size_t i, const ChainExpectation& expected) {
  const IndexedRecord& record = index.records[i];
  if (!record.sealed) {
    size_t next = NextSealed(index, i);
    if (next < index.records.size() && Continues(index.records[next], expected)) {
      return DamageAt(index, i, DamageKind::kInserted,
                      std::to_string(next - i) + " line(s) not part of the chain (" +
                          record.problem + "); the chain continues at " + Where(index, next));
    }
    return DamageAt(index, i, DamageKind::kModified, record.problem);
  }
  if (record.seq > expected.seq) return ClassifySkip(index, i, expected);
  if (record.seq < expected.seq) return ClassifyRepeat(index, i, expected);
  // The right place but another predecessor: the previous record was changed and re-sealed.
  return DamageAt(index, i - 1, DamageKind::kModified,
                  "re-sealed after a change: the next record (" + Where(index, i) +
                      ") links to a different seal");
}

Damage ClassifyBadStart(const ChainIndex& index, size_t i) {
  const IndexedRecord& record = index.records[i];
  if (record.sealed) {
    return DamageAt(index, i, DamageKind::kDeleted,
                    "the chain's start record is missing: the first record is " + Seq(record.seq) +
                        " (earlier records deleted, or in older files not given; --partial "
                        "accepts a set that begins mid-chain)");
  }
  bool none_sealed = std::none_of(index.records.begin(), index.records.end(),
                                  [](const IndexedRecord& r) { return r.sealed; });
  if (record.well_formed && record.seal_kind == SealKind::kHmacSha256 && none_sealed) {
    return DamageAt(index, i, DamageKind::kWrongKey,
                    "no record's HMAC verifies under this key: a different key (or every record "
                    "was re-sealed)");
  }
  size_t next = NextSealed(index, i);
  if (next < index.records.size() && index.records[next].start) {
    return DamageAt(index, i, DamageKind::kInserted,
                    std::to_string(next - i) + " line(s) before the chain's start record (" +
                        Where(index, next) + ") are not part of the chain (" + record.problem +
                        ")");
  }
  return DamageAt(index, i, DamageKind::kModified, record.problem);
}

}  // namespace gatewatch::alertlog
