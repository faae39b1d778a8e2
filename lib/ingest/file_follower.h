#ifndef GATEWATCH_INGEST_FILE_FOLLOWER_H_
#define GATEWATCH_INGEST_FILE_FOLLOWER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace gatewatch::ingest {

// Reads a growing log file line by line, like `tail -F`, for a single-threaded event loop.
//
// Never blocks: Next() returns a line, or kIdle when there is nothing new; the caller then waits
// (about 200 ms) before calling again. Each kIdle costs one read(), one fstat() and one stat():
// the follower polls instead of using inotify, which keeps it correct on every file system
// (NFS, overlayfs, bind mounts) and lets a missing file be waited for the same way.
//
// What it handles, with no line lost or delivered twice:
// - Rotation by rename (logrotate `create`): when the path names another file, the old file is
//   read to its end first, and the follower switches once the new file has data or the old one
//   has been quiet for `rotation_grace_ns` (the writer may keep the old descriptor until it is
//   told to reopen). The same happens when the path is deleted and later re-created.
// - Truncation in place (logrotate `copytruncate`): the file shrinking below the read offset
//   restarts reading at 0 (counted). A pending partial line is dropped: its tail went to the copy.
//   Truncation followed by regrowth past the old offset between two polls cannot be seen.
// - A missing file: waited for; once it appears it is read from its beginning.
// - Restarts: Position is {device, inode, offset after the last delivered line}. Resuming from
//   a position whose inode the path no longer names looks in the path's directory for a file
//   named "<name>*" (access.log.1, access.log-20240501) with that inode, finishes it from the
//   offset, then moves on to the path. If none is found the path is read from its beginning.
// - Partial last line: held back until its "\n" arrives, so a line is never split in two. It is
//   delivered without "\n" only when nothing more can come: at the end of the input when not
//   following, when its file has been rotated away, or (opt-in) after the file has been quiet
//   for `partial_line_timeout_ns` (a writer that never ends its last line).
// - Long lines, as in LineReader: a line longer than `max_line_bytes` is delivered cut to
//   max_line_bytes + 1 bytes (so the parser rejects it as too long) with `truncated` set, once its
//   "\n" arrives; its tail is skipped without being kept. Memory stays under
//   max_line_bytes + 2 x 64 KiB.
//
// Not covered (as with `tail -F`): lines a writer adds to the old file after the switch (the
// switch waits until the new file has data, i.e. the writer has reopened, so only a second
// writer that has not reopened yet can lose lines); more than one rotation while the daemon is
// stopped (the saved file is finished, then the path; the files between are skipped); a rotated
// file compressed before it was finished (no delaycompress): its remaining lines are gone.
//
// Not thread-safe; use one follower from one thread.
class FileFollower {
 public:
  // Where a file has been read up to: the file's identity and the offset just after the last
  // delivered line. All zero when no file has been opened yet.
  struct Position {
    uint64_t device = 0;
    uint64_t inode = 0;
    uint64_t offset = 0;
    friend bool operator==(const Position&, const Position&) = default;
  };

  enum class Start {
    kBeginning,  // read the whole file
    kEnd,        // only lines completed after Open (the line being written, if any, is kept)
  };

  struct Options {
    Start start = Start::kBeginning;
    // A saved position to continue from; it wins over `start` (see the class comment).
    std::optional<Position> resume;
    // False: read what the file holds now, then report kEof (replay). The file must exist.
    bool follow = true;
    // Longer lines are delivered cut to max_line_bytes + 1 bytes and flagged `truncated`.
    size_t max_line_bytes = 1 << 20;
    // After a rotation, how long the old file must stay unchanged before switching to an empty
    // new file (a new file with data is switched to at once).
    int64_t rotation_grace_ns = 1'000'000'000;
    // 0: a partial last line waits for its "\n" indefinitely. Otherwise it is delivered once the
    // file has not grown for this long; text appended to it later then arrives as another line.
    int64_t partial_line_timeout_ns = 0;
    // Time source for the two delays above; nullptr means the real clock. Not owned.
    const core::Clock* clock = nullptr;
  };

  struct Line {
    std::string_view text;   // without "\n"; valid until the next call to Next()
    bool truncated = false;  // the line was longer than max_line_bytes and has been cut
  };

  enum class Outcome {
    kLine,   // `*line` is set
    kIdle,   // nothing new now (following); try again later
    kEof,    // the end of the input (not following)
    kError,  // see status(); calling Next() again retries
  };

  struct Stats {
    uint64_t lines = 0;            // lines delivered
    uint64_t truncated_lines = 0;  // of which over-long and cut
    uint64_t partial_lines = 0;    // of which delivered without their "\n"
    uint64_t rotations = 0;        // switches to a new file at the path
    uint64_t truncations = 0;      // restarts at 0 because the file shrank
    uint64_t resume_misses = 0;    // resume positions whose file could not be found
  };

  // Opens `path` as `options` says. Fails if the file cannot be opened, except that a missing
  // file is waited for when following.
  static core::Result<std::unique_ptr<FileFollower>> Open(std::string path, Options options);
  ~FileFollower();
  FileFollower(const FileFollower&) = delete;
  FileFollower& operator=(const FileFollower&) = delete;

  Outcome Next(Line* line);

  // The position after the last delivered line: what to save to resume without loss or repeat.
  Position position() const;
  const Stats& stats() const { return stats_; }
  // OK, or why the last Next() returned kError.
  const core::Status& status() const { return status_; }
  const std::string& path() const { return path_; }

 private:
  FileFollower(std::string path, Options options);

  // Opens the path and reads it from its start, or from its last line when `at_end`.
  core::Status OpenPath(bool at_end);
  core::Status Resume(const Position& saved);
  // Makes `fd` (owned from now on) the file being read, from offset 0.
  core::Status Attach(int fd);
  void Detach();
  // Forgets buffered bytes and reads on from `offset`.
  void Restart(uint64_t offset);
  void StartAtLastLine();
  // Reads the next chunk after the buffered bytes: the byte count, 0 at the end of the file,
  // -1 on an error (status_ set).
  long Fill();
  // Moves the unread bytes to the front of the buffer and makes room for one more chunk.
  void Compact();
  // A complete line from the buffer, if there is one.
  bool TakeLine(Line* line);
  // The buffered bytes of an unfinished line, if any, as a line.
  bool TakePartialLine(Line* line);
  void Deliver(Line* line, size_t text_begin, size_t text_end, bool truncated,
               uint64_t next_offset);
  // Decides what the end of the open file means: idle, truncation or rotation (`*moved`: the
  // follower now reads elsewhere and should try again).
  Outcome AtEndOfFile(Line* line, bool* moved);
  Outcome Fail(core::Status status);
  // The file offset of buffer_[index], for an index after any dropped bytes.
  uint64_t FileOffsetOf(size_t index) const { return read_offset_ - (end_ - index); }

  std::string path_;
  Options options_;
  std::unique_ptr<core::Clock> own_clock_;
  const core::Clock* clock_;

  int fd_ = -1;
  uint64_t device_ = 0;
  uint64_t inode_ = 0;
  uint64_t read_offset_ = 0;       // file offset of the next byte to read
  uint64_t delivered_offset_ = 0;  // file offset after the last delivered line
  int64_t last_growth_ns_ = 0;     // when the open file last gave bytes (monotonic)

  std::string buffer_;
  size_t begin_ = 0;              // start of the unread line
  size_t end_ = 0;                // end of the bytes read
  size_t scanned_ = 0;            // no "\n" in [begin_, scanned_)
  bool long_line_ = false;        // the line at begin_ is over-long: only max_line_bytes + 1 kept
  bool skip_first_line_ = false;  // started inside a line: drop it

  Stats stats_;
  core::Status status_;
};

}  // namespace gatewatch::ingest

#endif  // GATEWATCH_INGEST_FILE_FOLLOWER_H_
