// gatewatchd: the daemon. Consumes gateway access logs (Kafka, a file or stdin), evaluates the
// rules and emits alerts; runs under systemd as Type=notify (docs/configuration.md,
// docs/architecture.md).
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "CLI/CLI.hpp"
#include "config/daemon_check.h"
#include "config/daemon_config.h"
#include "daemon/daemon.h"
#include "daemon/log.h"
#include "daemon/systemd_notifier.h"

namespace {

gatewatch::daemon::Daemon* g_daemon = nullptr;
volatile sig_atomic_t g_stopping = 0;

void OnStopSignal(int) {
  // A second SIGTERM/SIGINT: the operator wants out now.
  if (g_stopping) _exit(1);
  g_stopping = 1;
  if (g_daemon != nullptr) g_daemon->RequestStop();
}

void OnReloadSignal(int) {
  if (g_daemon != nullptr) g_daemon->RequestReload();
}

void OnSnapshotSignal(int) {
  if (g_daemon != nullptr) g_daemon->RequestSnapshot();
}

void InstallSignalHandlers() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof(sa));
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = OnStopSignal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  sa.sa_handler = OnReloadSignal;
  sigaction(SIGHUP, &sa, nullptr);
  sa.sa_handler = OnSnapshotSignal;
  sigaction(SIGUSR1, &sa, nullptr);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, nullptr);
}

gatewatch::daemon::LoggerOptions LoggerOptionsFor(const std::string& config_path) {
  gatewatch::daemon::LoggerOptions options;
  // Only the logging section matters here; Start() reports any other config error.
  auto config = gatewatch::config::LoadDaemonConfig(config_path);
  if (config.ok()) {
    if (auto f = gatewatch::daemon::LogFormatFromName(config->logging.format)) options.format = *f;
    if (auto l = gatewatch::daemon::LogLevelFromName(config->logging.level)) options.min_level = *l;
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "gatewatchd: watches API gateway access logs (Kafka, a file or stdin), evaluates the "
      "rules over sliding windows per user, IP and API key, and emits alerts.\n\n"
      "Signals: SIGHUP reloads config and rules (a broken reload keeps the running rules); "
      "SIGUSR1 writes a state snapshot now; SIGTERM/SIGINT stop cleanly (snapshot, commit, flush); "
      "a "
      "second one exits at once."};
  std::string config_path = gatewatch::config::kDefaultConfigPath;
  bool check_only = false;
  app.set_version_flag("--version", std::string("gatewatchd ") + GATEWATCH_VERSION);
  app.add_option("--config,-c", config_path, "configuration file")->capture_default_str();
  app.add_flag("--check,-t", check_only, "validate the configuration and rules, then exit");
  CLI11_PARSE(app, argc, argv);

  if (check_only) {
    // Validation only: nothing is opened, bound or written (safe beside a running daemon).
    auto check = gatewatch::config::CheckDaemonConfig(config_path);
    if (!check.ok()) {
      std::fprintf(stderr, "gatewatchd: %s\n", check.status().message().c_str());
      return 1;
    }
    std::fprintf(stderr, "gatewatchd: %s is valid (%zu rules)\n", config_path.c_str(),
                 check->rules->rules.size());
    return 0;
  }
  gatewatch::daemon::Logger log(LoggerOptionsFor(config_path));
  gatewatch::daemon::SystemdNotifier notifier;
  gatewatch::daemon::Daemon daemon(config_path, &log, &notifier);
  g_daemon = &daemon;
  InstallSignalHandlers();
  if (gatewatch::core::Status s = daemon.Start(); !s.ok()) {
    log.Error("cannot start", {{"reason", s.message()}});
    notifier.Status("cannot start: " + s.message());
    return 1;
  }
  int code = daemon.Run();
  g_daemon = nullptr;
  return code;
}
