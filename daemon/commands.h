#ifndef GATEWATCH_DAEMON_COMMANDS_H_
#define GATEWATCH_DAEMON_COMMANDS_H_

#include <functional>
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"

namespace gatewatch::cli {

// Remembers which subcommand the user chose and runs it after the command line parsed.
class CommandRegistry {
 public:
  void Add(CLI::App* sub, std::function<int()> run) { entries_.push_back({sub, std::move(run)}); }
  int Run() const {
    for (const auto& [sub, run] : entries_) {
      if (sub->parsed()) return run();
    }
    return 2;
  }

 private:
  std::vector<std::pair<CLI::App*, std::function<int()>>> entries_;
};

// Exit codes: 0 success, 1 the input had problems the command reports, 2 usage error.
void RegisterParseCommand(CLI::App& app, CommandRegistry* commands);
void RegisterReplayCommand(CLI::App& app, CommandRegistry* commands);
void RegisterFormatsCommand(CLI::App& app, CommandRegistry* commands);
void RegisterCheckCommand(CLI::App& app, CommandRegistry* commands);
void RegisterTestCommand(CLI::App& app, CommandRegistry* commands);
void RegisterVerifyLogCommand(CLI::App& app, CommandRegistry* commands);
void RegisterProduceCommand(CLI::App& app, CommandRegistry* commands);

}  // namespace gatewatch::cli

#endif  // GATEWATCH_DAEMON_COMMANDS_H_
