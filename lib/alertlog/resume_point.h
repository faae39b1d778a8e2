// Where a reopened alert log continues: the newest sealed record on disk (in the active file,
// or, when that holds no complete record, in the newest rotated file), and any torn tail of the
// active file (bytes after its last newline, left by a crash mid-write).
//
// The newest record must parse and its seal must verify under the writer's key: otherwise the
// writer would extend a chain it cannot vouch for, so that is an error.
#ifndef GATEWATCH_ALERTLOG_RESUME_POINT_H_
#define GATEWATCH_ALERTLOG_RESUME_POINT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "alertlog/digest.h"
#include "core/clock.h"
#include "core/result.h"

namespace gatewatch::alertlog {

// A record the writer continues from.
struct LastRecord {
  uint64_t seq = 0;
  Digest seal{};
  core::TimestampNs time = 0;
  std::string file;
};

struct ResumePoint {
  std::optional<LastRecord> last;  // none: no record on disk, a new chain starts
  uint64_t complete_size = 0;      // active file bytes up to its last newline
  std::string torn;                // active file bytes after it
};

// `active_fd` is the open active file (readable), `active` its path.
core::Result<ResumePoint> FindResumePoint(int active_fd, const std::string& active,
                                          const RecordDigester& digester);

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_RESUME_POINT_H_
