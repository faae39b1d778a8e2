#include "alertlog/log_tail.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gatewatch::alertlog {
namespace {

core::Status ReadError(const std::string& path) {
  return core::Status::IoError("cannot read " + path + ": " + std::strerror(errno));
}

// Reads [offset, offset + size) of `fd` into the front of `*tail`.
core::Status Prepend(int fd, const std::string& path, uint64_t offset, size_t size,
                     std::string* tail) {
  std::string chunk(size, '\0');
  size_t done = 0;
  while (done < size) {
    ssize_t n = pread(fd, chunk.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? ReadError(path) : core::Status::IoError(path + " shrank");
    done += static_cast<size_t>(n);
  }
  tail->insert(0, chunk);
  return core::Status::Ok();
}

}  // namespace

core::Result<FileTail> ReadFileTail(int fd, const std::string& path) {
  struct stat st;
  if (fstat(fd, &st) != 0) return ReadError(path);
  FileTail result;
  result.size = static_cast<uint64_t>(st.st_size);
  // `tail` holds the file's bytes from `offset` to the end; grow it backwards (doubling, so a
  // long line costs linear time) until it holds two newlines or the whole file.
  std::string tail;
  uint64_t offset = result.size;
  size_t chunk = 64 * 1024;
  while (offset > 0 && std::count(tail.begin(), tail.end(), '\n') < 2) {
    size_t size = static_cast<size_t>(std::min<uint64_t>(chunk, offset));
    offset -= size;
    GW_RETURN_IF_ERROR(Prepend(fd, path, offset, size, &tail));
    chunk *= 2;
  }
  size_t last_newline = tail.rfind('\n');
  if (last_newline == std::string::npos) {
    result.torn = std::move(tail);
    return result;
  }
  result.complete_size = offset + last_newline + 1;
  result.torn = tail.substr(last_newline + 1);
  size_t line_start = 0;  // the tail starts at a line start: two newlines, or the file's start
  if (last_newline > 0) {
    size_t previous_newline = tail.rfind('\n', last_newline - 1);
    if (previous_newline != std::string::npos) line_start = previous_newline + 1;
  }
  result.last_line = tail.substr(line_start, last_newline - line_start);
  return result;
}

}  // namespace gatewatch::alertlog
