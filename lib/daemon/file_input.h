#ifndef GATEWATCH_DAEMON_FILE_INPUT_H_
#define GATEWATCH_DAEMON_FILE_INPUT_H_

#include <memory>
#include <optional>

#include "config/daemon_config.h"
#include "daemon/input.h"
#include "ingest/file_follower.h"

// A log file followed like `tail -F` (or read to its end), through ingest::FileFollower. Its
// position (device, inode, offset after the last applied line) goes into the snapshot, so a
// restart resumes exactly there, even across a rotation.
namespace gatewatch::daemon {

class FileInput final : public Input {
 public:
  explicit FileInput(config::FileInputConfig config) : config_(std::move(config)) {}

  core::Status Restore(std::string_view positions) override;
  core::Status Start() override;
  PollResult Poll(core::DurationNs timeout, size_t max_lines, const LineHandler& handler) override;
  std::string Positions() const override;
  core::Status Commit() override { return core::Status::Ok(); }
  void Close() override {}
  InputStatus status() const override;
  bool CaughtUp() const override { return true; }  // Poll only idles at the end of the file
  std::vector<InputNotice> TakeNotices() override;
  std::string Describe() const override { return "file " + config_.path; }

 private:
  config::FileInputConfig config_;
  std::optional<ingest::FileFollower::Position> resume_;
  std::unique_ptr<ingest::FileFollower> follower_;
  uint64_t errors_ = 0;
  uint64_t rotations_seen_ = 0;
  uint64_t truncations_seen_ = 0;
  std::vector<InputNotice> notices_;
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_FILE_INPUT_H_
