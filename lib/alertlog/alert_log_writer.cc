#include "alertlog/alert_log_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "alertlog/key_file.h"
#include "alertlog/log_files.h"
#include "alertlog/record_format.h"
#include "alertlog/resume_point.h"
#include "parse/text_repair.h"

namespace gatewatch::alertlog {
namespace {

core::Status Errno(const std::string& what) {
  return core::Status::IoError(what + ": " + std::strerror(errno));
}

const core::Clock& DefaultClock() {
  static const core::RealClock clock;
  return clock;
}

// AlertToJson copies strings byte for byte; a record must stay valid UTF-8 JSON whatever an
// attacker put in a user name, so invalid sequences become U+FFFD. Structural characters are
// ASCII and are never part of an invalid sequence, so repairing the whole text is safe.
std::string AlertMembers(const alert::Alert& alert) {
  std::string json = alert::AlertToJson(alert);
  std::string members = ",\"alert\":";
  if (parse::IsValidUtf8(json)) {
    members += json;
  } else {
    parse::AppendRepairedUtf8(json, &members);
  }
  return members;
}

}  // namespace

core::Result<std::unique_ptr<AlertLogWriter>> AlertLogWriter::Open(AlertLogOptions options) {
  if (options.path.empty()) return core::Status::InvalidArgument("alert log path is empty");
  if (options.fsync == FsyncPolicy::kInterval && options.fsync_interval <= 0) {
    return core::Status::InvalidArgument("alert log fsync interval must be positive");
  }
  std::vector<std::string> warnings;
  RecordDigester digester = RecordDigester::Sha256Only();
  if (!options.key_file.empty()) {
    GW_ASSIGN_OR_RETURN(std::string key,
                        ReadKeyFile(options.key_file, KeyFilePermissions::kRefuseLoose, &warnings));
    digester = RecordDigester::Hmac(std::move(key));
  }
  std::unique_ptr<AlertLogWriter> writer(
      new AlertLogWriter(std::move(options), std::move(digester)));
  writer->warnings_ = std::move(warnings);
  GW_RETURN_IF_ERROR(writer->OpenActiveFile());
  GW_RETURN_IF_ERROR(writer->Resume());
  return writer;
}

AlertLogWriter::AlertLogWriter(AlertLogOptions options, RecordDigester digester)
    : options_(std::move(options)),
      digester_(std::move(digester)),
      clock_(options_.clock != nullptr ? options_.clock : &DefaultClock()) {}

AlertLogWriter::~AlertLogWriter() {
  if (fd_ < 0) return;
  if (options_.fsync != FsyncPolicy::kNever) fdatasync(fd_);
  close(fd_);
}

core::Status AlertLogWriter::OpenActiveFile() {
  const std::string& path = options_.path;
  int fd = open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return Errno("cannot open alert log " + path);
  struct stat st;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0 || fstat(fd, &st) != 0) {
    core::Status error =
        errno == EWOULDBLOCK
            ? core::Status::IoError("alert log " + path + " is held by another process (flock)")
            : Errno("cannot lock alert log " + path);
    close(fd);
    return error;
  }
  fd_ = fd;
  size_ = static_cast<uint64_t>(st.st_size);
  return core::Status::Ok();
}

core::Status AlertLogWriter::Resume() {
  GW_ASSIGN_OR_RETURN(ResumePoint point, FindResumePoint(fd_, options_.path, digester_));
  size_ = point.complete_size;
  last_sync_ns_ = clock_->MonotonicNs();
  if (point.last) {
    next_seq_ = point.last->seq + 1;
    head_seal_ = point.last->seal;
    head_time_ = point.last->time;
    head_file_ = point.last->file;
  }
  if (!point.torn.empty() && ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
    return Errno("cannot cut the torn tail of alert log " + options_.path);
  }
  if (!point.last) GW_RETURN_IF_ERROR(WriteRecord(kKindStart, StartMembers()));
  if (point.torn.empty()) return core::Status::Ok();
  Digest torn_sha256 = Sha256(point.torn);
  GW_RETURN_IF_ERROR(WriteRecord(
      kKindRecovery, RecoveryMembers(point.complete_size, point.torn.size(), torn_sha256)));
  warnings_.push_back("alert log " + options_.path + ": the last line was incomplete (" +
                      std::to_string(point.torn.size()) + " bytes after byte " +
                      std::to_string(point.complete_size) + ", sha256 " + DigestToHex(torn_sha256) +
                      ", a crash mid-write?); cut it off and recorded the cut as record " +
                      std::to_string(next_seq_ - 1));
  return core::Status::Ok();
}

core::Status AlertLogWriter::Append(const alert::Alert& alert) {
  return WriteRecord(kKindAlert, AlertMembers(alert));
}

core::Status AlertLogWriter::WriteRecord(std::string_view kind, std::string_view members) {
  GW_RETURN_IF_ERROR(PrepareFile());
  RecordHeader header{next_seq_, kind, clock_->Now(), head_seal_};
  Digest seal;
  std::string line = SealRecord(RecordBody(header, members), digester_, &seal);
  RotateIfNeeded(line.size());
  GW_RETURN_IF_ERROR(PrepareFile());
  GW_RETURN_IF_ERROR(WriteLine(line));
  ++next_seq_;
  head_seal_ = seal;
  head_time_ = header.time;
  head_file_ = options_.path;
  if (options_.fsync == FsyncPolicy::kEveryRecord ||
      (options_.fsync == FsyncPolicy::kInterval &&
       clock_->MonotonicNs() - last_sync_ns_ >= options_.fsync_interval)) {
    // The record is written and the head has moved: a failed fsync is for the operator to see,
    // not a reason to append the alert again.
    if (core::Status synced = Sync(); !synced.ok()) warnings_.push_back(synced.message());
  }
  return core::Status::Ok();
}

core::Status AlertLogWriter::PrepareFile() {
  if (fd_ < 0) GW_RETURN_IF_ERROR(OpenActiveFile());
  if (partial_write_) {
    if (ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
      return Errno("alert log " + options_.path + " holds part of a record that cannot be cut");
    }
    partial_write_ = false;
  }
  return core::Status::Ok();
}

core::Status AlertLogWriter::WriteLine(const std::string& line) {
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      core::Status error = Errno("cannot write alert log " + options_.path);
      partial_write_ = true;
      (void)PrepareFile();  // cut what landed now if possible; else before the next record
      return error;
    }
    done += static_cast<size_t>(n);
  }
  size_ += line.size();
  return core::Status::Ok();
}

void AlertLogWriter::RotateIfNeeded(size_t line_size) {
  if (options_.max_file_bytes == 0 || size_ == 0 || size_ + line_size <= options_.max_file_bytes) {
    return;
  }
  if (core::Status rotated = Rotate(); !rotated.ok()) {
    warnings_.push_back("alert log " + options_.path +
                        ": rotation failed, writing on in the current file: " + rotated.message());
  }
}

core::Status AlertLogWriter::Rotate() {
  // The rotated file is never written again: make it durable before it moves.
  if (options_.fsync != FsyncPolicy::kNever && fdatasync(fd_) != 0) {
    return Errno("cannot fsync alert log " + options_.path);
  }
  GW_RETURN_IF_ERROR(RotateFiles(options_.path, options_.max_rotated_files));
  close(fd_);  // now <path>.1
  fd_ = -1;
  GW_RETURN_IF_ERROR(OpenActiveFile());
  if (options_.fsync != FsyncPolicy::kNever) {
    GW_RETURN_IF_ERROR(SyncParentDirectory(options_.path));
  }
  return core::Status::Ok();
}

core::Status AlertLogWriter::Sync() {
  if (fd_ >= 0 && fdatasync(fd_) != 0) return Errno("cannot fsync alert log " + options_.path);
  last_sync_ns_ = clock_->MonotonicNs();
  return core::Status::Ok();
}

ChainHead AlertLogWriter::Head() const { return {next_seq_ - 1, DigestToHex(head_seal_)}; }

HeadRecord AlertLogWriter::head_record() const {
  return {Head(), digester_.kind(), head_time_, head_file_};
}

std::vector<std::string> AlertLogWriter::TakeWarnings() {
  std::vector<std::string> taken;
  taken.swap(warnings_);
  return taken;
}

}  // namespace gatewatch::alertlog
