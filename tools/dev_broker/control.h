// The dev broker's outage control: a line protocol ("down", "down 2", "up", "up 2") read from a
// FIFO or stdin, and the signals SIGUSR1 (all brokers down) / SIGUSR2 (all up).
#ifndef GATEWATCH_TOOLS_DEV_BROKER_CONTROL_H_
#define GATEWATCH_TOOLS_DEV_BROKER_CONTROL_H_

#include <string>
#include <string_view>

#include "core/result.h"
#include "kafka/dev_broker.h"

namespace gatewatch::dev_broker {

struct ControlCommand {
  enum class Action { kNone, kDown, kUp } action = Action::kNone;  // kNone: blank or comment
  int broker = 0;                                                  // 0: all brokers
};

// Parses one line: "down [ID]", "up [ID]", blank, or "# comment".
core::Result<ControlCommand> ParseControlLine(std::string_view line);

// Applies `command` to `broker` and returns what happened, for the log ("brokers down: all").
core::Result<std::string> ApplyControl(const ControlCommand& command, kafka::DevBroker& broker);

// Splits bytes read from a stream into lines; holds the partial last line between reads. A
// line longer than kMaxLine is dropped (the protocol's lines are a few bytes).
class LineAssembler {
 public:
  static constexpr size_t kMaxLine = 4096;
  // Appends `bytes` and calls `on_line` for each complete line (without "\n").
  template <typename OnLine>
  void Feed(std::string_view bytes, OnLine&& on_line) {
    for (char c : bytes) {
      if (c != '\n') {
        if (pending_.size() <= kMaxLine) pending_.push_back(c);
        continue;
      }
      if (pending_.size() <= kMaxLine) on_line(std::string_view(pending_));
      pending_.clear();
    }
  }

 private:
  std::string pending_;
};

}  // namespace gatewatch::dev_broker

#endif  // GATEWATCH_TOOLS_DEV_BROKER_CONTROL_H_
