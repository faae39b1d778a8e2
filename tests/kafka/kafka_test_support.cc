#include "kafka_test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <thread>

namespace gatewatch::kafka::testing {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

ClientPtr NewTestClient(rd_kafka_type_t type, Properties properties) {
  properties["log_level"] = "2";  // quiet: the outage tests refuse connections on purpose
  if (const char* debug = getenv("GW_KAFKA_DEBUG")) {
    properties["debug"] = debug;
    properties["log_level"] = "7";
  }
  auto conf = MakeConf(properties);
  EXPECT_TRUE(conf.ok()) << conf.status().ToString();
  if (!conf.ok()) return nullptr;
  auto client = NewClient(type, std::move(*conf));
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  return client.ok() ? std::move(*client) : nullptr;
}

// Reads messages until `count` arrived or `deadline` passed.
std::vector<Record> ReadUntil(rd_kafka_t* consumer, size_t count,
                              SteadyClock::time_point deadline) {
  std::vector<Record> records;
  while (records.size() < count && SteadyClock::now() < deadline) {
    MessagePtr message(rd_kafka_consumer_poll(consumer, 200));
    if (message == nullptr || message->err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    Record record;
    record.partition = message->partition;
    if (message->key != nullptr) {
      record.key.assign(static_cast<const char*>(message->key), message->key_len);
    }
    record.value.assign(static_cast<const char*>(message->payload), message->len);
    records.push_back(std::move(record));
  }
  return records;
}

ClientPtr NewConsumer(const std::string& bootstrap, const std::string& group) {
  // A short session: when a member leaves, the mock cluster waits session.timeout.ms - 1 s for
  // the others before it rebalances, so a member joining next waits that long. It must exceed
  // the 3 s the mock cluster waits before a new group's first join completes.
  ClientPtr consumer = NewTestClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", bootstrap},
                                                         {"group.id", group},
                                                         {"auto.offset.reset", "earliest"},
                                                         {"session.timeout.ms", "4500"},
                                                         {"heartbeat.interval.ms", "500"}});
  if (consumer != nullptr) rd_kafka_poll_set_consumer(consumer.get());
  return consumer;
}

int PartitionCount(rd_kafka_t* client, const std::string& topic) {
  rd_kafka_topic_t* handle = rd_kafka_topic_new(client, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  int partitions = 0;
  if (rd_kafka_metadata(client, 0, handle, &metadata, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (metadata->topic_cnt == 1) partitions = metadata->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(metadata);
  }
  rd_kafka_topic_destroy(handle);
  return partitions;
}

}  // namespace

DevBrokerOptions BrokerOptions(int brokers, std::vector<TopicSpec> topics, Properties properties) {
  DevBrokerOptions options;
  options.brokers = brokers;
  options.topics = std::move(topics);
  options.properties = std::move(properties);
  return options;
}

std::vector<Record> ConsumeInGroup(const std::string& bootstrap, const std::string& topic,
                                   const std::string& group, size_t count,
                                   std::chrono::seconds timeout) {
  ClientPtr consumer = NewConsumer(bootstrap, group);
  if (consumer == nullptr) return {};
  PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  EXPECT_EQ(rd_kafka_subscribe(consumer.get(), topics.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::vector<Record> records = ReadUntil(consumer.get(), count, SteadyClock::now() + timeout);
  rd_kafka_consumer_close(consumer.get());
  return records;
}

int64_t CommittedOffsets(const std::string& bootstrap, const std::string& topic,
                         const std::string& group) {
  ClientPtr consumer = NewConsumer(bootstrap, group);
  if (consumer == nullptr) return -1;
  int partitions = PartitionCount(consumer.get(), topic);
  PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  }
  if (rd_kafka_committed(consumer.get(), list.get(), 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return -1;
  }
  int64_t total = 0;
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].offset < 0) return -1;
    total += list->elems[i].offset;
  }
  return total;
}

std::vector<Record> ConsumeFromStart(const std::string& bootstrap, const std::string& topic,
                                     size_t count, std::chrono::seconds timeout) {
  ClientPtr consumer = NewConsumer(bootstrap, "unused-no-group-join");
  if (consumer == nullptr) return {};
  int partitions = PartitionCount(consumer.get(), topic);
  EXPECT_GT(partitions, 0) << "no metadata for " << topic;
  PartitionListPtr assignment(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  EXPECT_EQ(rd_kafka_assign(consumer.get(), assignment.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::vector<Record> records = ReadUntil(consumer.get(), count, SteadyClock::now() + timeout);
  rd_kafka_assign(consumer.get(), nullptr);
  return records;
}

bool BrokersReachable(const std::string& bootstrap, milliseconds timeout) {
  ClientPtr client = NewTestClient(RD_KAFKA_PRODUCER, {{"bootstrap.servers", bootstrap}});
  if (client == nullptr) return false;
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(client.get(), 1, nullptr, &metadata, static_cast<int>(timeout.count()));
  if (metadata != nullptr) rd_kafka_metadata_destroy(metadata);
  return err == RD_KAFKA_RESP_ERR_NO_ERROR;
}

std::string TempPath(const std::string& name) {
  static int counter = 0;
  return ::testing::TempDir() + "/gw_kafka_" + std::to_string(getpid()) + "_" +
         std::to_string(++counter) + "_" + name;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& stdin_path)
    : out_path_(TempPath("out")), err_path_(TempPath("err")) {
  // Everything the child needs is prepared before fork: the test process has librdkafka
  // threads, so the child may only make async-signal-safe calls.
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::string in = stdin_path.empty() ? "/dev/null" : stdin_path;
  pid_ = fork();
  if (pid_ == 0) {
    int in_fd = open(in.c_str(), O_RDONLY);
    int out_fd = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  EXPECT_GT(pid_, 0) << "fork failed";
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::remove(out_path_.c_str());
  std::remove(err_path_.c_str());
}

void ChildProcess::Signal(int signal) const {
  if (pid_ > 0 && !reaped_) kill(pid_, signal);
}

std::optional<int> ChildProcess::WaitExit(milliseconds timeout) {
  auto deadline = SteadyClock::now() + timeout;
  while (pid_ > 0 && !reaped_) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (SteadyClock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return std::nullopt;
}

bool ChildProcess::WaitForOutput(const std::string& text, milliseconds timeout,
                                 bool in_stderr) const {
  auto deadline = SteadyClock::now() + timeout;
  do {
    if ((in_stderr ? err() : out()).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(milliseconds(20));
  } while (SteadyClock::now() < deadline);
  return false;
}

RunResult Run(const std::vector<std::string>& argv, const std::string& stdin_text,
              milliseconds timeout) {
  std::string in = TempPath("in");
  std::ofstream(in, std::ios::binary) << stdin_text;
  RunResult result;
  {
    ChildProcess child(argv, in);
    std::optional<int> code = child.WaitExit(timeout);
    EXPECT_TRUE(code.has_value()) << argv[0] << " still ran after the timeout";
    result.exit_code = code.value_or(-1);
    result.out = child.out();
    result.err = child.err();
  }
  std::remove(in.c_str());
  return result;
}

}  // namespace gatewatch::kafka::testing
