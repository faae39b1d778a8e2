#include "alertlog/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace gatewatch::alertlog {
namespace {

std::string OctalMode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Empty when the permissions are tight enough, else what is wrong.
std::string LoosePermissions(const std::string& path, mode_t mode) {
  if ((mode & (S_IROTH | S_IWOTH | S_IWGRP)) == 0) return "";
  return "key file " + path + " has mode " + OctalMode(mode) +
         ": other users may read it or others may replace it, and whoever reads the key can "
         "forge the alert log; chmod 0600 (or 0640 with the daemon's group)";
}

core::Result<std::string> ReadAtMost(int fd, const std::string& path, size_t limit) {
  std::string bytes(limit, '\0');
  size_t size = 0;
  while (size < limit) {
    ssize_t n = read(fd, bytes.data() + size, limit - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return core::Status::IoError("cannot read key file " + path + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  bytes.resize(size);
  return bytes;
}

core::Result<std::string> ReadKeyBytes(int fd, const std::string& path,
                                       KeyFilePermissions permissions,
                                       std::vector<std::string>* warnings) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return core::Status::InvalidArgument("key file " + path + " is not a regular file");
  }
  if (std::string loose = LoosePermissions(path, st.st_mode); !loose.empty()) {
    if (permissions == KeyFilePermissions::kRefuseLoose) {
      return core::Status::InvalidArgument(loose);
    }
    if (warnings != nullptr) warnings->push_back(loose);
  }
  GW_ASSIGN_OR_RETURN(std::string key, ReadAtMost(fd, path, kMaxKeyFileBytes + 1));
  if (key.size() > kMaxKeyFileBytes) {
    return core::Status::InvalidArgument("key file " + path + " is larger than " +
                                         std::to_string(kMaxKeyFileBytes) +
                                         " bytes: not a key file?");
  }
  if (!key.empty() && key.back() == '\n') key.pop_back();
  if (key.size() < kMinKeyBytes) {
    return core::Status::InvalidArgument(
        "key file " + path + " holds a " + std::to_string(key.size()) + "-byte key; use at least " +
        std::to_string(kMinKeyBytes) + " bytes (e.g. head -c 32 /dev/urandom > " + path + ")");
  }
  return key;
}

}  // namespace

core::Result<std::string> ReadKeyFile(const std::string& path, KeyFilePermissions permissions,
                                      std::vector<std::string>* warnings) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string why = std::strerror(errno);
    if (errno == ENOENT) return core::Status::NotFound("key file " + path + ": " + why);
    return core::Status::IoError("cannot open key file " + path + ": " + why);
  }
  auto key = ReadKeyBytes(fd, path, permissions, warnings);
  close(fd);
  return key;
}

}  // namespace gatewatch::alertlog
