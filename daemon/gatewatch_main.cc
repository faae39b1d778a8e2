// gatewatch: the command-line tool. Checks field maps and replays logs; later issues add
// rules (check, test) and the log verifier.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>

#include "CLI/CLI.hpp"
#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"gatewatch: check, test and replay API gateway access logs against rules"};
  app.set_version_flag("--version", std::string("gatewatch ") + GATEWATCH_VERSION);
  app.require_subcommand(1);
  gatewatch::cli::CommandRegistry commands;
  gatewatch::cli::RegisterParseCommand(app, &commands);
  gatewatch::cli::RegisterReplayCommand(app, &commands);
  gatewatch::cli::RegisterCheckCommand(app, &commands);
  gatewatch::cli::RegisterTestCommand(app, &commands);
  gatewatch::cli::RegisterVerifyLogCommand(app, &commands);
  gatewatch::cli::RegisterFormatsCommand(app, &commands);
  gatewatch::cli::RegisterProduceCommand(app, &commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "gatewatch: %s (see gatewatch --help)\n", e.what());
    return 2;
  }
  try {
    return commands.Run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gatewatch: internal error: %s\n", e.what());
    return 70;
  }
}
