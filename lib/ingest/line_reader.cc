#include "ingest/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace gatewatch::ingest {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

}  // namespace

core::Result<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path,
                                                           size_t max_line_bytes) {
  std::unique_ptr<LineReader> reader(new LineReader());
  reader->path_ = path;
  reader->max_line_bytes_ = max_line_bytes;
  int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return core::Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      close(fd);
      return core::Status::IoError("cannot read " + path + ": is a directory");
    }
    if (S_ISREG(st.st_mode)) reader->input_size_ = st.st_size;
  }
  reader->buffer_.resize(kChunkBytes * 2);
  // A regular file that is not gzip is read directly: zlib's transparent mode would copy every
  // byte once more. Pipes cannot be peeked at, so they always go through zlib.
  unsigned char magic[2] = {0, 0};
  if (reader->input_size_ >= 0 &&
      (pread(fd, magic, 2, 0) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)) {
    reader->fd_ = fd;
    return reader;
  }
  gzFile gz = gzdopen(fd, "rb");
  if (gz == nullptr) {
    close(fd);
    return core::Status::IoError("cannot read " + path + ": out of memory");
  }
  gzbuffer(gz, kChunkBytes);
  reader->gz_ = gz;
  return reader;
}

LineReader::~LineReader() {
  if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
  if (fd_ >= 0) close(fd_);
}

uint64_t LineReader::input_offset() const {
  if (gz_ == nullptr) return plain_offset_;
  z_off_t offset = gzoffset(static_cast<gzFile>(gz_));
  return offset < 0 ? 0 : static_cast<uint64_t>(offset);
}

int LineReader::ReadChunk(char* into, size_t size) {
  if (gz_ != nullptr) return gzread(static_cast<gzFile>(gz_), into, static_cast<unsigned>(size));
  ssize_t n;
  do {
    n = read(fd_, into, size);
  } while (n < 0 && errno == EINTR);
  if (n > 0) plain_offset_ += static_cast<uint64_t>(n);
  return static_cast<int>(n);
}

bool LineReader::Fill() {
  if (eof_) return false;
  // Keep the unread part at the front; grow only as far as the longest allowed line needs.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < kChunkBytes) buffer_.resize(end_ + kChunkBytes);
  int n = ReadChunk(buffer_.data() + end_, kChunkBytes);
  if (n < 0) {
    int code = Z_ERRNO;
    const char* message =
        gz_ != nullptr ? gzerror(static_cast<gzFile>(gz_), &code) : std::strerror(errno);
    status_ = core::Status::IoError("cannot read " + path_ + ": " +
                                    (code == Z_ERRNO ? std::strerror(errno) : message));
    eof_ = true;
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<size_t>(n);
  return true;
}

bool LineReader::Next(std::string_view* line) {
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const void* nl = std::memchr(start, '\n', end_ - begin_);
    if (skipping_) {
      // Discard the rest of an over-long line without keeping it.
      if (nl == nullptr) {
        begin_ = end_ = 0;
        if (!Fill()) return false;
        continue;
      }
      begin_ = static_cast<const char*>(nl) - buffer_.data() + 1;
      skipping_ = false;
      continue;
    }
    if (nl != nullptr) {
      size_t length = static_cast<const char*>(nl) - start;
      if (length > max_line_bytes_) length = max_line_bytes_ + 1;
      *line = std::string_view(start, length);
      begin_ = static_cast<const char*>(nl) - buffer_.data() + 1;
      ++line_number_;
      return true;
    }
    if (end_ - begin_ > max_line_bytes_) {
      *line = std::string_view(start, max_line_bytes_ + 1);
      // The caller reads the line before the next call, so move past it now and skip the tail.
      begin_ = end_;
      skipping_ = true;
      ++line_number_;
      return true;
    }
    if (!Fill()) {
      if (end_ > begin_ && status_.ok()) {
        *line = std::string_view(buffer_.data() + begin_, end_ - begin_);
        begin_ = end_;
        ++line_number_;
        return true;
      }
      return false;
    }
  }
}

}  // namespace gatewatch::ingest
