// The files of one alert log: the active file and its rotated predecessors, named like
// logrotate's: <active>.1 is the newest rotated file, <active>.2 the one before, and so on.
// In chain order a set reads <active>.N ... <active>.2, <active>.1, <active>.
#ifndef GATEWATCH_ALERTLOG_LOG_FILES_H_
#define GATEWATCH_ALERTLOG_LOG_FILES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gatewatch::alertlog {

// "<active>.<n>".
std::string RotatedPath(const std::string& active, uint64_t n);

// The rotated files of `active` that exist, as (n, path), newest (smallest n) first. Gaps (a
// crash between two renames) are allowed.
std::vector<std::pair<uint64_t, std::string>> RotatedFiles(const std::string& active);

// Renames <active>.n to <active>.n+1 for every rotated file (oldest first), deleting those that
// would be numbered above `keep` (0 keeps all), then <active> to <active>.1. The caller then
// creates a new <active>.
core::Status RotateFiles(const std::string& active, uint64_t keep);

// fsync()s the directory holding `path`, so renames and creations survive a crash.
core::Status SyncParentDirectory(const std::string& path);

// The alert log in directory `dir`, in chain order: the one group of files named X, X.1, X.2 ...
// whose content starts like an alert-log record. NotFound when there is none, InvalidArgument
// when there are several (the caller names the files instead).
core::Result<std::vector<std::string>> LogSetInDirectory(const std::string& dir);

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_LOG_FILES_H_
