#include "control.h"

#include <charconv>

namespace gatewatch::dev_broker {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

core::Result<ControlCommand> ParseControlLine(std::string_view line) {
  line = Trim(line);
  ControlCommand command;
  if (line.empty() || line.front() == '#') return command;
  size_t space = line.find_first_of(" \t");
  std::string_view verb = line.substr(0, space);
  std::string_view argument = space == std::string_view::npos ? "" : Trim(line.substr(space));
  if (verb == "down") {
    command.action = ControlCommand::Action::kDown;
  } else if (verb == "up") {
    command.action = ControlCommand::Action::kUp;
  } else {
    return core::Status::InvalidArgument("unknown command \"" + std::string(line) +
                                         "\" (expected: down [ID], up [ID])");
  }
  if (argument.empty() || argument == "all") return command;
  auto [end, ec] =
      std::from_chars(argument.data(), argument.data() + argument.size(), command.broker);
  if (ec != std::errc() || end != argument.data() + argument.size() || command.broker < 1) {
    return core::Status::InvalidArgument("not a broker id: \"" + std::string(argument) + "\"");
  }
  return command;
}

core::Result<std::string> ApplyControl(const ControlCommand& command, kafka::DevBroker& broker) {
  bool down = command.action == ControlCommand::Action::kDown;
  if (command.action == ControlCommand::Action::kNone) return std::string();
  std::string which = command.broker == 0 ? "all" : std::to_string(command.broker);
  core::Status status;
  if (command.broker == 0) {
    status = down ? broker.SetAllDown() : broker.SetAllUp();
  } else {
    status = down ? broker.SetBrokerDown(command.broker) : broker.SetBrokerUp(command.broker);
  }
  if (!status.ok()) return status;
  return std::string(down ? "brokers down: " : "brokers up: ") + which;
}

}  // namespace gatewatch::dev_broker
