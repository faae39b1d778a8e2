// The end of an alert-log file as a writer finds it when it opens the file: the last complete
// line, and any bytes after it (a torn tail: a record the previous process never finished).
#ifndef GATEWATCH_ALERTLOG_LOG_TAIL_H_
#define GATEWATCH_ALERTLOG_LOG_TAIL_H_

#include <cstdint>
#include <string>

#include "core/result.h"

namespace gatewatch::alertlog {

struct FileTail {
  uint64_t size = 0;           // the file's size
  uint64_t complete_size = 0;  // bytes up to and including the last '\n'
  std::string last_line;       // the last complete line, without '\n'; empty when none
  std::string torn;            // the bytes after the last '\n'
};

// Reads backwards from the end of `fd` only as far as the last complete line. `path` is for
// messages.
core::Result<FileTail> ReadFileTail(int fd, const std::string& path);

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_LOG_TAIL_H_
