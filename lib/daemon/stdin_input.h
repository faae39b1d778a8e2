#ifndef GATEWATCH_DAEMON_STDIN_INPUT_H_
#define GATEWATCH_DAEMON_STDIN_INPUT_H_

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "daemon/input.h"

// Lines from standard input (a pipe from a shipper, or a file redirected in). A reader thread
// blocks on stdin and hands lines over through a bounded queue, so the processing loop keeps
// its ticks while stdin is quiet. Stdin has no position to resume from.
namespace gatewatch::daemon {

class StdinInput final : public Input {
 public:
  StdinInput() = default;
  StdinInput(const StdinInput&) = delete;
  StdinInput& operator=(const StdinInput&) = delete;
  ~StdinInput() override;

  core::Status Restore(std::string_view) override { return core::Status::Ok(); }
  core::Status Start() override;
  PollResult Poll(core::DurationNs timeout, size_t max_lines, const LineHandler& handler) override;
  std::string Positions() const override { return ""; }
  core::Status Commit() override { return core::Status::Ok(); }
  void Close() override;
  InputStatus status() const override;
  bool CaughtUp() const override { return true; }  // Poll only idles on an empty queue
  std::vector<InputNotice> TakeNotices() override;
  std::string Describe() const override { return "stdin"; }

 private:
  static constexpr size_t kQueueLines = 8192;

  // Shared with the reader thread, which may outlive this object while blocked in read(2).
  struct Queue {
    std::mutex mu;
    std::condition_variable not_empty;
    std::condition_variable not_full;
    std::deque<std::string> lines;
    bool eof = false;
    bool closing = false;
    std::vector<InputNotice> notices;
  };

  static void ReadLoop(std::shared_ptr<Queue> queue);

  std::shared_ptr<Queue> queue_ = std::make_shared<Queue>();
  std::string current_;  // the line being handled, kept alive during the handler call
  uint64_t lines_ = 0;
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_STDIN_INPUT_H_
