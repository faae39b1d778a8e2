#include "ingest/file_follower.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gatewatch::ingest {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

core::Status ErrnoStatus(const char* what, const std::string& path) {
  std::string message = std::string(what) + " " + path + ": " + std::strerror(errno);
  if (errno == ENOENT) return core::Status::NotFound(std::move(message));
  return core::Status::IoError(std::move(message));
}

bool SameFile(const struct stat& st, const FileFollower::Position& position) {
  return static_cast<uint64_t>(st.st_dev) == position.device &&
         static_cast<uint64_t>(st.st_ino) == position.inode;
}

// Opens `path` if it is the file `position` names; -1 otherwise.
int OpenIfSameFile(const std::string& path, const FileFollower::Position& position) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !SameFile(st, position)) return -1;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0 && (fstat(fd, &st) != 0 || !SameFile(st, position))) {
    close(fd);  // replaced between stat() and open()
    return -1;
  }
  return fd;
}

// Opens the file `position` names among the rotated siblings of `path` ("<name>" followed by
// anything, in the same directory); -1 if there is none.
int OpenRotatedSibling(const std::string& path, const FileFollower::Position& position) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, std::max<size_t>(slash, 1));
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  DIR* listing = opendir(dir.c_str());
  if (listing == nullptr) return -1;
  int fd = -1;
  while (fd < 0) {
    const dirent* entry = readdir(listing);
    if (entry == nullptr) break;
    std::string_view candidate = entry->d_name;
    if (candidate.size() > name.size() && candidate.starts_with(name)) {
      fd = OpenIfSameFile(dir + "/" + std::string(candidate), position);
    }
  }
  closedir(listing);
  return fd;
}

}  // namespace

FileFollower::FileFollower(std::string path, Options options)
    : path_(std::move(path)), options_(std::move(options)) {
  if (options_.clock == nullptr) own_clock_ = std::make_unique<core::RealClock>();
  clock_ = options_.clock != nullptr ? options_.clock : own_clock_.get();
}

FileFollower::~FileFollower() { Detach(); }

core::Result<std::unique_ptr<FileFollower>> FileFollower::Open(std::string path, Options options) {
  std::unique_ptr<FileFollower> follower(new FileFollower(std::move(path), std::move(options)));
  const Options& opts = follower->options_;
  core::Status status = opts.resume.has_value() ? follower->Resume(*opts.resume)
                                                : follower->OpenPath(opts.start == Start::kEnd);
  if (!status.ok() && !(opts.follow && status.code() == core::Status::Code::kNotFound)) {
    return status;
  }
  return follower;
}

FileFollower::Position FileFollower::position() const {
  return Position{device_, inode_, delivered_offset_};
}

core::Status FileFollower::OpenPath(bool at_end) {
  int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", path_);
  GW_RETURN_IF_ERROR(Attach(fd));
  if (at_end) StartAtLastLine();
  return core::Status::Ok();
}

core::Status FileFollower::Resume(const Position& saved) {
  if (saved.inode != 0) {
    int fd = OpenIfSameFile(path_, saved);
    if (fd < 0) fd = OpenRotatedSibling(path_, saved);
    if (fd >= 0) {
      GW_RETURN_IF_ERROR(Attach(fd));
      struct stat st;
      if (fstat(fd_, &st) == 0 && static_cast<uint64_t>(st.st_size) < saved.offset) {
        ++stats_.truncations;  // shrank while we were away: all of it is new
      } else {
        Restart(saved.offset);
      }
      return core::Status::Ok();
    }
    ++stats_.resume_misses;
  }
  return OpenPath(/*at_end=*/false);
}

core::Status FileFollower::Attach(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    core::Status status = ErrnoStatus("cannot stat", path_);
    close(fd);
    return status;
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return core::Status::InvalidArgument("cannot follow " + path_ + ": not a regular file");
  }
  Detach();
  fd_ = fd;
  device_ = static_cast<uint64_t>(st.st_dev);
  inode_ = static_cast<uint64_t>(st.st_ino);
  Restart(0);
  return core::Status::Ok();
}

void FileFollower::Detach() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

void FileFollower::Restart(uint64_t offset) {
  read_offset_ = delivered_offset_ = offset;
  begin_ = end_ = scanned_ = 0;
  long_line_ = skip_first_line_ = false;
  last_growth_ns_ = clock_->MonotonicNs();
}

void FileFollower::StartAtLastLine() {
  struct stat st;
  if (fstat(fd_, &st) != 0 || st.st_size == 0) return;
  // Start after the last "\n" so the line being written is kept; if its start is further back
  // than one chunk, begin at the end and drop the rest of that line.
  uint64_t size = static_cast<uint64_t>(st.st_size);
  size_t window = static_cast<size_t>(std::min<uint64_t>(size, kChunkBytes));
  buffer_.resize(std::max(buffer_.size(), window));
  ssize_t n = pread(fd_, buffer_.data(), window, static_cast<off_t>(size - window));
  const void* newline = n > 0 ? memrchr(buffer_.data(), '\n', static_cast<size_t>(n)) : nullptr;
  if (newline != nullptr) {
    Restart(size - window + (static_cast<const char*>(newline) - buffer_.data()) + 1);
  } else if (window < size) {
    Restart(size);
    skip_first_line_ = true;
  }
}

FileFollower::Outcome FileFollower::Fail(core::Status status) {
  status_ = std::move(status);
  return Outcome::kError;
}

FileFollower::Outcome FileFollower::Next(Line* line) {
  status_ = core::Status::Ok();
  if (fd_ < 0) {
    if (!options_.follow) return Outcome::kEof;
    core::Status status = OpenPath(/*at_end=*/false);
    if (status.code() == core::Status::Code::kNotFound) return Outcome::kIdle;
    if (!status.ok()) return Fail(std::move(status));
  }
  for (;;) {
    if (TakeLine(line)) return Outcome::kLine;
    long n = Fill();
    if (n < 0) return Outcome::kError;
    if (n > 0) continue;
    bool moved = false;
    Outcome outcome = AtEndOfFile(line, &moved);
    if (!moved) return outcome;
  }
}

void FileFollower::Compact() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scanned_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() < end_ + kChunkBytes) buffer_.resize(end_ + kChunkBytes);
}

long FileFollower::Fill() {
  Compact();
  ssize_t n;
  do {
    n = pread(fd_, buffer_.data() + end_, kChunkBytes, static_cast<off_t>(read_offset_));
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    status_ = ErrnoStatus("cannot read", path_);
    return -1;
  }
  if (n > 0) {
    end_ += static_cast<size_t>(n);
    read_offset_ += static_cast<uint64_t>(n);
    last_growth_ns_ = clock_->MonotonicNs();
  }
  return static_cast<long>(n);
}

bool FileFollower::TakeLine(Line* line) {
  const size_t max = options_.max_line_bytes;
  for (;;) {
    size_t head_end = begin_ + max + 1;  // of an over-long line, only this much is kept
    const void* found = std::memchr(buffer_.data() + scanned_, '\n', end_ - scanned_);
    if (found == nullptr) {
      // Bytes of an over-long line past its head are scanned for "\n", then dropped.
      if (end_ - begin_ > max) long_line_ = true;
      if (long_line_) end_ = head_end;
      scanned_ = end_;
      return false;
    }
    size_t newline = static_cast<const char*>(found) - buffer_.data();
    bool truncated = long_line_ || newline - begin_ > max;
    size_t text_begin = begin_;
    size_t text_end = truncated ? head_end : newline;
    uint64_t next_offset = FileOffsetOf(newline + 1);
    begin_ = scanned_ = newline + 1;
    long_line_ = false;
    if (skip_first_line_) {
      skip_first_line_ = false;
      delivered_offset_ = next_offset;
      continue;
    }
    Deliver(line, text_begin, text_end, truncated, next_offset);
    return true;
  }
}

bool FileFollower::TakePartialLine(Line* line) {
  if (begin_ == end_) return false;
  size_t text_begin = begin_;
  bool truncated = long_line_;
  begin_ = scanned_ = end_;
  long_line_ = false;
  if (skip_first_line_) {
    skip_first_line_ = false;
    delivered_offset_ = read_offset_;
    return false;
  }
  ++stats_.partial_lines;
  Deliver(line, text_begin, end_, truncated, read_offset_);
  return true;
}

void FileFollower::Deliver(Line* line, size_t text_begin, size_t text_end, bool truncated,
                           uint64_t next_offset) {
  line->text = std::string_view(buffer_.data() + text_begin, text_end - text_begin);
  line->truncated = truncated;
  delivered_offset_ = next_offset;
  ++stats_.lines;
  if (truncated) ++stats_.truncated_lines;
}

FileFollower::Outcome FileFollower::AtEndOfFile(Line* line, bool* moved) {
  if (!options_.follow) return TakePartialLine(line) ? Outcome::kLine : Outcome::kEof;
  struct stat open_file;
  if (fstat(fd_, &open_file) != 0) return Fail(ErrnoStatus("cannot stat", path_));
  if (static_cast<uint64_t>(open_file.st_size) < read_offset_) {
    ++stats_.truncations;
    Restart(0);
    *moved = true;
    return Outcome::kIdle;
  }
  int64_t quiet_ns = clock_->MonotonicNs() - last_growth_ns_;
  struct stat at_path;
  bool replaced = stat(path_.c_str(), &at_path) == 0 &&
                  !SameFile(at_path, Position{device_, inode_, 0}) &&
                  (at_path.st_size > 0 || quiet_ns >= options_.rotation_grace_ns);
  if (!replaced) {
    // Still the file at the path, or rotated away with nothing yet in its place.
    bool flush =
        options_.partial_line_timeout_ns > 0 && quiet_ns >= options_.partial_line_timeout_ns;
    return flush && TakePartialLine(line) ? Outcome::kLine : Outcome::kIdle;
  }
  // The old file has been read to its end; what is left of it is a line it will never finish.
  if (TakePartialLine(line)) return Outcome::kLine;
  core::Status status = OpenPath(/*at_end=*/false);
  if (status.code() == core::Status::Code::kNotFound) return Outcome::kIdle;  // gone again
  if (!status.ok()) return Fail(std::move(status));
  ++stats_.rotations;
  *moved = true;
  return Outcome::kIdle;
}

}  // namespace gatewatch::ingest
