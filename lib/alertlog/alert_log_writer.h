// AlertLogWriter: appends alerts to the tamper-evident alert log (format: docs/alert-log.md).
//
// Every Append writes one JSON line holding the alert (alert::AlertToJson), its sequence number
// and the seal of the previous record, sealed with SHA-256 or, given a key file, HMAC-SHA-256.
// Changing, removing, inserting or reordering any record breaks the chain from there on; an
// attacker without the key cannot re-seal it (with plain SHA-256 only a head published off-host
// shows a re-sealed chain: see HeadRecord).
//
// Restarts: Open continues the chain from the newest record on disk, after checking its seal
// (a record that does not verify is an error, not something to build on). A torn last line (a
// crash mid-write) is cut off, and a "recovery" record saying how many bytes were cut and their
// SHA-256 is appended, so the cut itself is part of the chain; TakeWarnings() reports it.
//
// Rotation: when a record would push the active file past max_file_bytes, the file is renamed
// to <path>.1 (older ones shift to .2, .3 ...) and a new <path> starts; its first record links to
// the last record of the previous file.
//
// Threading: not thread-safe; one thread (the daemon's sink thread) owns the writer. The active
// file is flock()ed, so a second writer on the same path fails to open.
#ifndef GATEWATCH_ALERTLOG_ALERT_LOG_WRITER_H_
#define GATEWATCH_ALERTLOG_ALERT_LOG_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "alertlog/chain_head.h"
#include "alertlog/digest.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/result.h"

namespace gatewatch::alertlog {

// When written records are forced to disk (fdatasync).
enum class FsyncPolicy {
  kEveryRecord,  // before Append returns: nothing acknowledged is lost in a power cut
  kInterval,     // on the first Append at least fsync_interval after the previous sync
  kNever,        // leave it to the kernel (tests, or a log on a tmpfs)
};

struct AlertLogOptions {
  // The active file; created (mode 0640) when missing. Rotated files sit beside it.
  std::string path;
  // HMAC-SHA-256 key file (see key_file.h). Empty: records are sealed with plain SHA-256.
  std::string key_file;
  // Rotate before a record would make the active file larger than this; 0: never rotate.
  uint64_t max_file_bytes = 0;
  // Rotated files to keep (<path>.1 .. <path>.N); older ones are deleted. 0: keep all.
  uint64_t max_rotated_files = 0;
  FsyncPolicy fsync = FsyncPolicy::kEveryRecord;
  core::DurationNs fsync_interval = 1'000'000'000;
  // Record times and fsync intervals; nullptr: the real clock. Must outlive the writer.
  const core::Clock* clock = nullptr;
};

class AlertLogWriter {
 public:
  // Opens (or creates) the log and finds where the chain continues. Errors: the key file is
  // refused, the newest record does not verify, the seal kind differs from the existing chain's,
  // another process holds the log, or the operating system refuses.
  static core::Result<std::unique_ptr<AlertLogWriter>> Open(AlertLogOptions options);

  // Syncs (unless FsyncPolicy::kNever) and closes.
  ~AlertLogWriter();
  AlertLogWriter(const AlertLogWriter&) = delete;
  AlertLogWriter& operator=(const AlertLogWriter&) = delete;

  // Appends one alert record. On error nothing of the record stays in the file and the head
  // does not move; the next Append tries again.
  core::Status Append(const alert::Alert& alert);

  // Forces written records to disk now (e.g. on shutdown, or from a timer under kInterval).
  core::Status Sync();

  // The newest record: its sequence number and seal.
  ChainHead Head() const;
  // The head as it should be published off-host (Kafka alert topic, journal).
  HeadRecord head_record() const;

  // Things the caller should log (a torn tail cut on open, a rotation that failed, a loose key
  // file...), oldest first; the list is emptied.
  std::vector<std::string> TakeWarnings();

 private:
  AlertLogWriter(AlertLogOptions options, RecordDigester digester);
  core::Status OpenActiveFile();
  core::Status Resume();
  core::Status WriteRecord(std::string_view kind, std::string_view members);
  core::Status PrepareFile();
  core::Status WriteLine(const std::string& line);
  void RotateIfNeeded(size_t line_size);
  core::Status Rotate();

  AlertLogOptions options_;
  RecordDigester digester_;
  const core::Clock* clock_;
  int fd_ = -1;
  uint64_t size_ = 0;           // bytes of complete records in the active file
  bool partial_write_ = false;  // a failed write left bytes past size_ that are not yet cut
  uint64_t next_seq_ = 0;       // 0 until the chain has its start record
  Digest head_seal_{};          // seal of record next_seq_ - 1; zero for a new chain
  core::TimestampNs head_time_ = 0;
  std::string head_file_;
  int64_t last_sync_ns_ = 0;  // monotonic
  std::vector<std::string> warnings_;
};

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_ALERT_LOG_WRITER_H_
