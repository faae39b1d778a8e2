#include "alertlog/log_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

namespace gatewatch::alertlog {
namespace {

namespace fs = std::filesystem;

// n when `name` is "<base>.<n>" with n a positive decimal number.
std::optional<uint64_t> RotationNumber(const std::string& name, const std::string& base) {
  if (name.size() <= base.size() + 1 || name.compare(0, base.size(), base) != 0 ||
      name[base.size()] != '.') {
    return std::nullopt;
  }
  const char* begin = name.data() + base.size() + 1;
  const char* end = name.data() + name.size();
  uint64_t n = 0;
  auto [ptr, error] = std::from_chars(begin, end, n);
  if (error != std::errc() || ptr != end || n == 0 || *begin == '0') return std::nullopt;
  return n;
}

std::vector<std::string> RegularFilesIn(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    std::error_code type_error;
    if (it->is_regular_file(type_error)) names.push_back(it->path().filename().string());
  }
  return names;
}

// The base a file name belongs to: "alerts.log.3" -> "alerts.log" when that reads as a rotation.
std::string BaseName(const std::string& name) {
  size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) return name;
  std::string base = name.substr(0, dot);
  return RotationNumber(name, base) ? base : name;
}

bool LooksLikeAlertLog(const fs::path& path) {
  char start[8] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(start, 7);
  return std::string_view(start, 7) == "{\"seq\":";
}

core::Status Errno(const std::string& what, const std::string& path) {
  return core::Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

std::string RotatedPath(const std::string& active, uint64_t n) {
  return active + "." + std::to_string(n);
}

std::vector<std::pair<uint64_t, std::string>> RotatedFiles(const std::string& active) {
  fs::path path(active);
  fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string base = path.filename().string();
  std::vector<std::pair<uint64_t, std::string>> rotated;
  for (const std::string& name : RegularFilesIn(dir)) {
    if (auto n = RotationNumber(name, base)) rotated.emplace_back(*n, RotatedPath(active, *n));
  }
  std::sort(rotated.begin(), rotated.end());
  return rotated;
}

core::Status RotateFiles(const std::string& active, uint64_t keep) {
  auto rotated = RotatedFiles(active);
  for (auto it = rotated.rbegin(); it != rotated.rend(); ++it) {
    const auto& [n, path] = *it;
    if (keep > 0 && n >= keep) {
      if (unlink(path.c_str()) != 0 && errno != ENOENT) return Errno("cannot delete", path);
    } else if (rename(path.c_str(), RotatedPath(active, n + 1).c_str()) != 0) {
      return Errno("cannot rename", path);
    }
  }
  if (rename(active.c_str(), RotatedPath(active, 1).c_str()) != 0) {
    return Errno("cannot rename", active);
  }
  return core::Status::Ok();
}

core::Status SyncParentDirectory(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  std::string dir = parent.empty() ? "." : parent.string();
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open directory", dir);
  int rc = fsync(fd);
  int saved = errno;
  close(fd);
  errno = saved;
  return rc == 0 ? core::Status::Ok() : Errno("cannot fsync directory", dir);
}

core::Result<std::vector<std::string>> LogSetInDirectory(const std::string& dir) {
  std::map<std::string, bool> bases;  // base name -> some file of it looks like an alert log
  for (const std::string& name : RegularFilesIn(dir)) {
    bases[BaseName(name)] |= LooksLikeAlertLog(fs::path(dir) / name);
  }
  std::vector<std::string> logs;
  for (const auto& [base, is_log] : bases) {
    if (is_log) logs.push_back(base);
  }
  if (logs.empty()) return core::Status::NotFound("no alert log in directory " + dir);
  if (logs.size() > 1) {
    std::string names;
    for (const std::string& base : logs) names += (names.empty() ? "" : ", ") + base;
    return core::Status::InvalidArgument("directory " + dir + " holds several alert logs (" +
                                         names + "): name the files in chain order");
  }
  std::string active = (fs::path(dir) / logs[0]).string();
  std::vector<std::string> files;
  auto rotated = RotatedFiles(active);
  for (auto it = rotated.rbegin(); it != rotated.rend(); ++it) files.push_back(it->second);
  std::error_code error;
  if (fs::is_regular_file(active, error)) files.push_back(active);
  return files;
}

}  // namespace gatewatch::alertlog
