#ifndef GATEWATCH_DAEMON_STATE_SNAPSHOT_H_
#define GATEWATCH_DAEMON_STATE_SNAPSHOT_H_

#include <string>

#include "core/result.h"
#include "core/timestamp.h"

// The daemon's snapshot file: the rule engine's state and the input positions it reflects,
// written together so that they can never disagree. Atomic (temp file, fsync, rename),
// versioned and checksummed (CRC-32 over the whole file); docs/snapshots.md has the layout.
namespace gatewatch::daemon {

struct DaemonSnapshot {
  core::TimestampNs written_at = 0;  // wall clock
  std::string input_kind;            // "kafka", "file", "stdin": positions of another kind
                                     // are not applied
  std::string input_positions;       // Input::Positions()
  std::string engine_state;          // rules::RuleEngine::SaveState()
};

core::Status WriteDaemonSnapshot(const std::string& path, const DaemonSnapshot& snapshot);

// NotFound when there is no snapshot; InvalidArgument naming the problem when the file is
// corrupt, truncated or of another version.
core::Result<DaemonSnapshot> ReadDaemonSnapshot(const std::string& path);

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_STATE_SNAPSHOT_H_
