#ifndef GATEWATCH_INGEST_LINE_READER_H_
#define GATEWATCH_INGEST_LINE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gatewatch::ingest {

// Reads newline-separated lines from a file, a gzip file (detected by content, not name) or
// stdin ("-"), with bounded memory: a line longer than `max_line_bytes` is returned cut to
// max_line_bytes + 1 bytes (so the parser sees it is too long) and the rest of it is skipped.
// Not thread-safe.
class LineReader {
 public:
  static core::Result<std::unique_ptr<LineReader>> Open(const std::string& path,
                                                        size_t max_line_bytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Sets `*line` to the next line without its "\n" (valid until the next call) and returns
  // true; false at the end of the input or on a read error (see status()). A final line
  // without "\n" is still returned.
  bool Next(std::string_view* line);

  // OK, or why reading stopped early.
  const core::Status& status() const { return status_; }
  // Lines returned so far; the 1-based number of the last one.
  uint64_t line_number() const { return line_number_; }
  // Bytes consumed from the underlying file (compressed bytes for .gz), for progress.
  uint64_t input_offset() const;
  // Size of the underlying file, or -1 when unknown (stdin, a pipe).
  int64_t input_size() const { return input_size_; }
  const std::string& path() const { return path_; }

 private:
  LineReader() = default;
  bool Fill();
  // Reads up to `size` bytes of (decompressed) input; 0 at the end, -1 on error.
  int ReadChunk(char* into, size_t size);

  std::string path_;
  void* gz_ = nullptr;  // gzFile, kept opaque so zlib stays out of this header
  int fd_ = -1;         // a plain regular file, read without zlib
  uint64_t plain_offset_ = 0;
  std::string buffer_;
  size_t begin_ = 0;  // start of unread data in buffer_
  size_t end_ = 0;    // end of valid data in buffer_
  size_t max_line_bytes_ = 0;
  bool eof_ = false;
  bool skipping_ = false;  // inside the tail of an over-long line
  uint64_t line_number_ = 0;
  int64_t input_size_ = -1;
  core::Status status_;
};

}  // namespace gatewatch::ingest

#endif  // GATEWATCH_INGEST_LINE_READER_H_
