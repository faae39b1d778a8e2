#include "alertlog/resume_point.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "alertlog/log_files.h"
#include "alertlog/log_tail.h"
#include "alertlog/record_format.h"
#include "core/timestamp.h"

namespace gatewatch::alertlog {
namespace {

core::Status Unverifiable(const std::string& file, const std::string& why) {
  return core::Status::InvalidArgument(
      "alert log " + file + ": the last record " + why +
      "; refusing to extend a chain that does not verify (run gatewatch verify-log on it, then "
      "move the damaged files away to start a new chain)");
}

core::Result<LastRecord> CheckLastRecord(const std::string& line, const std::string& file,
                                         const RecordDigester& digester) {
  RecordParser parser;
  auto record = parser.Parse(line);
  if (!record.ok()) return Unverifiable(file, "is damaged (" + record.status().message() + ")");
  if (record->seal_kind != digester.kind()) {
    return core::Status::InvalidArgument(
        "alert log " + file + " is sealed with " + std::string(SealKindName(record->seal_kind)) +
        " but the writer is configured for " + std::string(SealKindName(digester.kind())) +
        " (a key file was added or removed); one chain uses one seal: move the old files away "
        "to start a new chain, or restore the previous setting");
  }
  if (!SealMatches(line, *record, digester)) {
    return Unverifiable(file, "(seq " + std::to_string(record->seq) + ") does not verify: " +
                                  (digester.kind() == SealKind::kHmacSha256
                                       ? "a different key, or the record was modified"
                                       : "the record was modified"));
  }
  auto time = core::ParseTimestamp(record->time, core::TimeFormat::kRfc3339);
  return LastRecord{record->seq, record->seal, time.value_or(0), file};
}

// The newest rotated file's last record, if there is one.
core::Result<std::optional<LastRecord>> LastRotatedRecord(const std::string& active,
                                                          const RecordDigester& digester) {
  auto rotated = RotatedFiles(active);
  if (rotated.empty()) return std::optional<LastRecord>();
  const std::string& path = rotated.front().second;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return core::Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  auto tail = ReadFileTail(fd, path);
  close(fd);
  if (!tail.ok()) return tail.status();
  if (!tail->torn.empty()) {
    return Unverifiable(path, "is incomplete (a rotated file never has a torn tail)");
  }
  if (tail->last_line.empty()) return std::optional<LastRecord>();
  GW_ASSIGN_OR_RETURN(LastRecord last, CheckLastRecord(tail->last_line, path, digester));
  return std::optional<LastRecord>(std::move(last));
}

}  // namespace

core::Result<ResumePoint> FindResumePoint(int active_fd, const std::string& active,
                                          const RecordDigester& digester) {
  GW_ASSIGN_OR_RETURN(FileTail tail, ReadFileTail(active_fd, active));
  ResumePoint point;
  point.complete_size = tail.complete_size;
  point.torn = std::move(tail.torn);
  if (!tail.last_line.empty()) {
    GW_ASSIGN_OR_RETURN(point.last, CheckLastRecord(tail.last_line, active, digester));
  } else if (tail.complete_size == 0) {
    GW_ASSIGN_OR_RETURN(point.last, LastRotatedRecord(active, digester));
  } else {
    return Unverifiable(active, "is an empty line");
  }
  return point;
}

}  // namespace gatewatch::alertlog
