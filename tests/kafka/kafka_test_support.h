// Helpers for the Kafka tests: a consumer in a consumer group that reads messages back, a
// broker reachability probe, and child processes (kcat, the dev-broker tool, gatewatch) that are
// always killed when the test ends. GW_KAFKA_DEBUG=cgrp,protocol (any librdkafka debug contexts)
// in the environment traces the test clients.
#ifndef GATEWATCH_TESTS_KAFKA_KAFKA_TEST_SUPPORT_H_
#define GATEWATCH_TESTS_KAFKA_KAFKA_TEST_SUPPORT_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kafka/dev_broker.h"
#include "kafka/rdkafka_handle.h"

namespace gatewatch::kafka::testing {

struct Record {
  int32_t partition = -1;
  std::string key;
  std::string value;
};

DevBrokerOptions BrokerOptions(int brokers, std::vector<TopicSpec> topics,
                               Properties properties = {});

// Joins consumer group `group`, reads `topic` from the beginning until `count` messages arrived
// or `timeout` passed, commits and leaves the group.
// Joining takes 3 s for a new group, and session.timeout.ms - 1 s (3.5 s) after a member left.
std::vector<Record> ConsumeInGroup(const std::string& bootstrap, const std::string& topic,
                                   const std::string& group, size_t count,
                                   std::chrono::seconds timeout = std::chrono::seconds(30));

// The sum over `topic`'s partitions of the offsets `group` committed (-1 if unknown). Asks the
// group coordinator without joining the group.
int64_t CommittedOffsets(const std::string& bootstrap, const std::string& topic,
                         const std::string& group);

// Reads `topic` from the beginning of every partition, without joining a group (the mock
// cluster delays a group's first join by 3 s), until `count` messages arrived or `timeout`.
std::vector<Record> ConsumeFromStart(const std::string& bootstrap, const std::string& topic,
                                     size_t count,
                                     std::chrono::seconds timeout = std::chrono::seconds(30));

// True if a new client gets cluster metadata from `bootstrap` within `timeout`.
bool BrokersReachable(const std::string& bootstrap,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

// A unique path under the test temp dir (tests run in parallel processes).
std::string TempPath(const std::string& name);
std::string Slurp(const std::string& path);

// A child process with stdin from a file (or /dev/null), stdout and stderr to files.
// The destructor kills it (SIGKILL) if it still runs, so a failing test leaves nothing behind.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv, const std::string& stdin_path = "");
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signal) const;
  // The exit code once the child exited within `timeout` (-1 if a signal ended it), or
  // std::nullopt if it still runs.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);
  // Waits until the child's stdout (or stderr) contains `text`; false on timeout.
  bool WaitForOutput(const std::string& text, std::chrono::milliseconds timeout,
                     bool in_stderr = false) const;
  std::string out() const { return Slurp(out_path_); }
  std::string err() const { return Slurp(err_path_); }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string out_path_;
  std::string err_path_;
};

// Runs `argv` to completion (killed after `timeout`); returns the exit code, or -1.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult Run(const std::vector<std::string>& argv, const std::string& stdin_text = "",
              std::chrono::milliseconds timeout = std::chrono::milliseconds(30000));

}  // namespace gatewatch::kafka::testing

#endif  // GATEWATCH_TESTS_KAFKA_KAFKA_TEST_SUPPORT_H_
