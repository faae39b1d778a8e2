#include "core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gatewatch::core {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  const int error = errno;
  std::string message = what + " " + path + ": " + std::strerror(error);
  return error == ENOENT ? Status::NotFound(message) : Status::IoError(message);
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Closes a descriptor on every path out of a scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error (a delayed write error can surface here).
  bool Close() {
    const int fd = fd_;
    fd_ = -1;
    return close(fd) == 0;
  }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("cannot write", path);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status SyncDirectory(const std::string& dir) {
  Fd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return Errno("cannot open directory", dir);
  if (fsync(fd.get()) != 0) return Errno("cannot fsync directory", dir);
  return Status::Ok();
}

Status WriteTemporary(const std::string& temp, int fd, std::string_view data) {
  Fd file(fd);
  GW_RETURN_IF_ERROR(WriteAll(file.get(), data, temp));
  if (fsync(file.get()) != 0) return Errno("cannot fsync", temp);
  if (!file.Close()) return Errno("cannot close", temp);
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) return Errno("cannot create a temporary file for", path);
  Status status = WriteTemporary(temp, fd, data);
  if (status.ok() && rename(temp.c_str(), path.c_str()) != 0) {
    status = Errno("cannot rename " + temp + " to", path);
  }
  if (!status.ok()) {
    unlink(temp.c_str());
    return status;
  }
  return SyncDirectory(DirectoryOf(path));
}

Result<std::string> ReadWholeFile(const std::string& path, size_t max_bytes) {
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Errno("cannot open", path);
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) return Errno("cannot stat", path);
  auto too_big = [&] {
    return Status::OutOfRange(path + " is larger than " + std::to_string(max_bytes) + " bytes");
  };
  if (st.st_size > 0 && static_cast<uint64_t>(st.st_size) > max_bytes) return too_big();
  std::string out;
  out.reserve(st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0);
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot read", path);
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes) return too_big();  // it grew
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace gatewatch::core
