// gatewatch-dev-broker: a local Kafka cluster (librdkafka's mock cluster) for the demo, scripts
// and integration tests, with outage control. See --help.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "control.h"
#include "kafka/dev_broker.h"

namespace {

using gatewatch::core::Result;
using gatewatch::core::Status;
using gatewatch::kafka::DevBroker;

constexpr int kUsageError = 2;
constexpr int kRuntimeError = 1;

constexpr const char* kDescription = R"HELP(NAME
  gatewatch-dev-broker - a local Kafka cluster for development, demos and tests

SYNOPSIS
  gatewatch-dev-broker [--topic NAME[:PARTITIONS]]... [--brokers N]
                       [--bootstrap-file FILE] [--control FILE|-]

DESCRIPTION
  Runs librdkafka's mock Kafka cluster in this process. It speaks the Kafka
  protocol on loopback TCP, so kcat, gatewatch and any Kafka client can
  produce to it and consume from it, in consumer groups with committed
  offsets. Messages live in memory only: each partition keeps roughly its
  last 5 MB, and everything is gone when the broker exits. Topics not created
  with --topic are created with 4 partitions when a client first uses them.

  Each broker listens on 127.0.0.1 on a port the kernel picks (librdkafka
  2.0.2 cannot be told a port). Once the cluster is ready the broker list is
  printed on standard output as one line, and flushed:
      bootstrap=127.0.0.1:PORT[,127.0.0.1:PORT...]
  and, with --bootstrap-file, written to FILE (atomically: scripts may wait
  for FILE to appear and then read it whole).

  Consumer groups work as on a real broker, with two delays to expect: a new
  group's first join completes after 3 s, and after a member leaves the group
  waits session.timeout.ms minus 1 s before it rebalances (44 s with the
  client default of 45 s; set session.timeout.ms to a few seconds when
  restarting consumers).

  The broker runs until SIGTERM or SIGINT, then exits with status 0 and
  removes the bootstrap file. End of standard input does not stop it.)HELP";

constexpr const char* kFooter = R"HELP(
OUTAGE CONTROL
  Simulates broker outages inside the running cluster: a broker that is down
  drops its connections and refuses new ones; its partitions keep their leader,
  so clients stall and retry as they would in a real outage.
    SIGUSR1           all brokers down
    SIGUSR2           all brokers up
    --control FILE    read commands, one per line, from the FIFO FILE (created
                      if missing, removed at exit if created); any number of
                      writers may come and go. '-' reads standard input.
  Commands: "down" or "down all", "down ID", "up" or "up all", "up ID"
  (broker ids are 1..N); blank lines and lines starting with '#' are ignored.
  Every change is reported on standard error.

EXIT STATUS
  0 after SIGTERM or SIGINT, 1 if the cluster could not start or a file could
  not be written, 2 on a usage error.

EXAMPLES
  gatewatch-dev-broker --bootstrap-file /tmp/broker &
  while [ ! -s /tmp/broker ]; do sleep 0.1; done
  kcat -P -b "$(cat /tmp/broker)" -t access-logs < access.log
  kill -USR1 %1; sleep 10; kill -USR2 %1     # a 10 s outage
  kill %1
)HELP";

struct Options {
  std::vector<std::string> topics = {"access-logs:3", "gatewatch-alerts:1"};
  int brokers = 1;
  std::string bootstrap_file;
  std::string control;
};

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "gatewatch-dev-broker: %s\n", message.c_str());
  return code;
}

Result<gatewatch::kafka::TopicSpec> ParseTopic(const std::string& text) {
  gatewatch::kafka::TopicSpec spec{text, 1};
  size_t colon = text.rfind(':');
  if (colon != std::string::npos) {
    spec.name = text.substr(0, colon);
    const char* begin = text.data() + colon + 1;
    const char* end = text.data() + text.size();
    auto [stop, ec] = std::from_chars(begin, end, spec.partitions);
    if (ec != std::errc() || stop != end) {
      return Status::InvalidArgument("--topic " + text + ": partitions is not a number");
    }
  }
  if (spec.name.empty()) return Status::InvalidArgument("--topic " + text + ": empty name");
  return spec;
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  std::string temporary = path + ".tmp." + std::to_string(getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "w");
  if (file == nullptr) return Status::IoError("cannot write " + temporary + ": " + strerror(errno));
  bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  written = std::fclose(file) == 0 && written;
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return Status::IoError("cannot write " + path + ": " + strerror(errno));
  }
  return Status::Ok();
}

// The control stream: stdin, or a FIFO opened read-write so that it never reports end of file
// when a writer goes away.
struct ControlInput {
  int fd = -1;
  bool created_fifo = false;
};

Result<ControlInput> OpenControl(const std::string& path) {
  ControlInput input;
  if (path.empty()) return input;
  if (path == "-") {
    input.fd = STDIN_FILENO;
    return input;
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (mkfifo(path.c_str(), 0600) != 0) {
      return Status::IoError("cannot create FIFO " + path + ": " + strerror(errno));
    }
    input.created_fifo = true;
  } else if (!S_ISFIFO(st.st_mode)) {
    return Status::InvalidArgument("--control " + path + " exists and is not a FIFO");
  }
  input.fd = open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (input.fd < 0) return Status::IoError("cannot open " + path + ": " + strerror(errno));
  return input;
}

void Report(const Result<std::string>& outcome) {
  if (!outcome.ok()) {
    std::fprintf(stderr, "gatewatch-dev-broker: %s\n", outcome.status().message().c_str());
  } else if (!outcome->empty()) {
    std::fprintf(stderr, "gatewatch-dev-broker: %s\n", outcome->c_str());
  }
}

void ApplyLine(std::string_view line, DevBroker& broker) {
  Result<gatewatch::dev_broker::ControlCommand> command =
      gatewatch::dev_broker::ParseControlLine(line);
  if (!command.ok()) {
    Report(command.status());
    return;
  }
  Report(gatewatch::dev_broker::ApplyControl(*command, broker));
}

// Serves signals and control lines until SIGTERM or SIGINT.
void RunUntilTerminated(int signal_fd, int control_fd, DevBroker& broker) {
  gatewatch::dev_broker::LineAssembler lines;
  using Action = gatewatch::dev_broker::ControlCommand::Action;
  for (;;) {
    pollfd fds[2] = {{signal_fd, POLLIN, 0}, {control_fd, POLLIN, 0}};
    if (poll(fds, control_fd >= 0 ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo info;
      if (read(signal_fd, &info, sizeof(info)) != static_cast<ssize_t>(sizeof(info))) continue;
      if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGINT) return;
      Action action = info.ssi_signo == SIGUSR1 ? Action::kDown : Action::kUp;
      Report(gatewatch::dev_broker::ApplyControl({action, 0}, broker));
    }
    if (control_fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      char buffer[1024];
      ssize_t n = read(control_fd, buffer, sizeof(buffer));
      if (n > 0) {
        lines.Feed(std::string_view(buffer, static_cast<size_t>(n)),
                   [&broker](std::string_view line) { ApplyLine(line, broker); });
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        control_fd = -1;  // stdin ended (or CI gave none): keep running on signals alone
      }
    }
  }
}

void AddOptions(CLI::App& app, Options& options) {
  app.add_option("--topic", options.topics,
                 "topic to create, NAME or NAME:PARTITIONS (repeatable; default access-logs:3 "
                 "and gatewatch-alerts:1)")
      ->type_name("NAME[:PARTITIONS]");
  app.add_option("--brokers", options.brokers, "brokers in the cluster, ids 1..N")
      ->type_name("N")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--bootstrap-file", options.bootstrap_file,
                 "also write the bootstrap list to FILE (atomically)")
      ->type_name("FILE");
  app.add_option("--control", options.control,
                 "read outage commands from the FIFO FILE, or '-' for standard input")
      ->type_name("FILE|-");
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app(kDescription, "gatewatch-dev-broker");
  app.footer(kFooter);
  AddOptions(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return Fail(kUsageError, std::string(e.what()) + " (see --help)");
  }
  gatewatch::kafka::DevBrokerOptions broker_options;
  broker_options.brokers = options.brokers;
  for (const std::string& text : options.topics) {
    Result<gatewatch::kafka::TopicSpec> topic = ParseTopic(text);
    if (!topic.ok()) return Fail(kUsageError, topic.status().message());
    broker_options.topics.push_back(*topic);
  }

  // Signals are blocked before librdkafka starts its threads (they inherit the mask) and are
  // read from a signalfd, so no handler runs inside librdkafka.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGUSR1, SIGUSR2}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC);
  if (signal_fd < 0) return Fail(kRuntimeError, std::string("signalfd: ") + strerror(errno));

  Result<ControlInput> control = OpenControl(options.control);
  if (!control.ok()) return Fail(kUsageError, control.status().message());
  Result<std::unique_ptr<DevBroker>> broker = DevBroker::Start(broker_options);
  if (!broker.ok()) return Fail(kRuntimeError, broker.status().message());
  const std::string& bootstrap = (*broker)->bootstrap();
  if (!options.bootstrap_file.empty()) {
    Status written = WriteFileAtomically(options.bootstrap_file, bootstrap + "\n");
    if (!written.ok()) return Fail(kRuntimeError, written.message());
  }
  std::printf("bootstrap=%s\n", bootstrap.c_str());
  std::fflush(stdout);

  RunUntilTerminated(signal_fd, control->fd, **broker);

  if (!options.bootstrap_file.empty()) std::remove(options.bootstrap_file.c_str());
  if (control->created_fifo) std::remove(options.control.c_str());
  broker->reset();
  return 0;
}
