// Kafka end to end: events/s through gatewatchd's ingest path (KafkaInput + parse + every
// shipped rule) against librdkafka's raw consume rate, on the same topic of the in-process dev
// broker (loopback TCP).
//
//   kafka_bench [--log FILE | --lines N [--rate R]] [--partitions P] [--runs R]
//               [--modes raw,gatewatch,parse,memory] [--rules DIR] [--format PRESET] [--splits]
//               [-X name=value]...
//
// The lines (FILE, or `gatewatch-gen --lines N --seed 1 --rate R`) are produced once, one line per
// message, round-robin over P partitions (default: enough for ~4 MB each, since the dev broker
// keeps only ~5 MB per partition). Then each mode, R times, reads the whole topic in a fresh
// consumer group from the earliest offset:
//   raw        a plain librdkafka consumer (rd_kafka_consumer_poll), payload length only
//   gatewatch  daemon::KafkaInput + parse + every rule, as gatewatchd's Daemon::ApplyLine
//   parse      daemon::KafkaInput + parse only
//   memory     parse + every rule over the same lines in memory: the cost without Kafka
// A mode's time runs from its first message to its last: the group join (~3 s on the dev
// broker) is left out. Each mode also prints the CPU time of the reading thread and of the
// process (the dev broker runs in it), and the longest wait between two events. --splits also
// times parse and rules per line (adds clock reads). Alerts go to a counting sink: the outputs
// (Alertmanager, alert log) are not measured.
//
// librdkafka 2.0.2 stops fetching for up to 1 s whenever its pre-fetch queue holds
// queued.min.messages (100,000) or queued.max.messages.kbytes (64 MiB), however fast the
// application then drains it; a consumer slower than the fetcher stalls (a long "longest
// wait"). -X queued.min.messages=1000000 -X queued.max.messages.kbytes=262144 avoids that.
// Exit status 1 if a mode does not read every message, 2 on a usage error.
#include <librdkafka/rdkafka.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "config/daemon_config.h"
#include "config/parser_for_rules.h"
#include "config/rule_loader.h"
#include "core/clock.h"
#include "daemon/kafka_input.h"
#include "kafka/dev_broker.h"
#include "kafka/producer.h"
#include "kafka/rdkafka_handle.h"
#include "parse/access_log_parser.h"
#include "parse/parse_stats.h"
#include "rules/rule_engine.h"

extern char** environ;

namespace {

using namespace gatewatch;
using SteadyClock = std::chrono::steady_clock;

constexpr char kTopic[] = "gateway-logs";
constexpr size_t kBytesPerPartition = 4u << 20;  // under the dev broker's ~5 MB per partition
constexpr auto kJoinTimeout = std::chrono::seconds(30);
constexpr auto kReadTimeout = std::chrono::seconds(120);
// As gatewatchd's processing loop (lib/daemon/daemon.cc).
constexpr core::DurationNs kPollTimeout = 100 * core::kMillisecond;
constexpr size_t kPollBatch = 4096;

struct Options {
  std::string log;
  uint64_t lines = 170000;
  // Generated events per second of event time. Each partition's first fetch holds ~2,500
  // messages, i.e. 2,500 x P lines of event time; with the generator's default of 200/s that
  // is minutes, and the engine drops the other partitions' older events as late (see the
  // "late" count). 5,000/s keeps the skew under allowed_lateness (30 s).
  uint64_t rate = 5000;
  int partitions = 0;  // 0: from the data size
  int runs = 1;
  std::vector<std::string> modes = {"raw", "gatewatch", "parse", "memory"};
  std::string rules_dir = GATEWATCH_SOURCE_RULES;
  std::string format = "gatewatch";
  bool splits = false;
  // -X name=value: librdkafka properties for both consumers (as gatewatchd's kafka.properties).
  kafka::Properties consumer_properties;
};

// One mode's pass over the topic.
struct Measurement {
  uint64_t events = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  double longest_gap = 0;  // seconds: the longest wait between two events (a stall)
  double thread_cpu = 0;   // seconds of CPU of the thread that reads (and applies)
  double process_cpu = 0;  // seconds of CPU of the whole process (consumer, broker threads)
  // Modes with a pipeline (all but raw).
  uint64_t rejected = 0;
  uint64_t alerts = 0;
  uint64_t late = 0;
  double parse_seconds = 0;  // with --splits
  double rules_seconds = 0;  // with --splits

  double events_per_second() const { return seconds > 0 ? events / seconds : 0; }
};

// What the modes read: the topic on the dev broker, and its lines in memory for that mode.
struct Topic {
  std::string bootstrap;
  int partitions = 0;
  uint64_t messages = 0;
  std::vector<std::string> lines;
};

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "kafka_bench: %s\n", what.c_str());
  std::exit(1);
}

void Check(const core::Status& status, const std::string& what) {
  if (!status.ok()) Fail(what + ": " + status.message());
}

// The stdout of `argv`, or Fail.
std::string RunAndRead(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) Fail("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int err = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (err != 0) Fail("cannot run " + argv[0]);
  std::string out;
  char buf[1 << 16];
  for (ssize_t n; (n = read(fds[0], buf, sizeof(buf))) > 0;) out.append(buf, n);
  close(fds[0]);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) Fail(argv[0] + " failed");
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    if (nl > start) lines.emplace_back(text, start, nl - start);
    start = nl + 1;
  }
  return lines;
}

std::vector<std::string> LoadLines(const Options& o) {
  if (o.log.empty()) {
    return SplitLines(RunAndRead({GATEWATCH_GEN_PATH, "--lines", std::to_string(o.lines), "--seed",
                                  "1", "--rate", std::to_string(o.rate), "--out", "-"}));
  }
  std::ifstream in(o.log);
  if (!in) Fail("cannot read " + o.log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

// A key per partition that librdkafka's "consistent" partitioner (CRC32 of the key) maps to
// it, so that message i goes to partition i % P: every partition gets the same share and
// spans the whole event time, as from a fleet of shippers.
std::vector<std::string> KeysForPartitions(int partitions) {
  std::vector<std::string> keys(partitions);
  int found = 0;
  for (int i = 0; found < partitions; ++i) {
    const std::string key = std::to_string(i);
    int32_t p = rd_kafka_msg_partitioner_consistent(nullptr, key.data(), key.size(), partitions,
                                                    nullptr, nullptr);
    if (keys[p].empty()) {
      keys[p] = key;
      ++found;
    }
  }
  return keys;
}

void ProduceAll(const std::string& bootstrap, int partitions,
                const std::vector<std::string>& lines) {
  kafka::ProducerOptions options;
  options.brokers = bootstrap;
  options.properties = {{"partitioner", "consistent"}, {"linger.ms", "20"}};
  auto producer = kafka::Producer::Create(options);
  Check(producer.status(), "producer");
  std::vector<std::string> keys = KeysForPartitions(partitions);
  for (size_t i = 0; i < lines.size(); ++i) {
    while ((*producer)->Produce(kTopic, keys[i % partitions], lines[i]) ==
           RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      (*producer)->Poll(std::chrono::milliseconds(10));
    }
  }
  if (!(*producer)->Flush(std::chrono::seconds(120)) || (*producer)->delivered() != lines.size()) {
    Fail("produced " + std::to_string((*producer)->delivered()) + " of " +
         std::to_string(lines.size()) + " messages");
  }
}

// Fails unless the topic still holds every message from offset 0 (the dev broker drops the
// oldest messages of a partition past ~5 MB).
void CheckRetained(const std::string& bootstrap, int partitions, uint64_t expected) {
  auto conf = kafka::MakeConf({{"bootstrap.servers", bootstrap}});
  Check(conf.status(), "watermark client");
  auto client = kafka::NewClient(RD_KAFKA_PRODUCER, std::move(*conf));
  Check(client.status(), "watermark client");
  uint64_t total = 0;
  for (int p = 0; p < partitions; ++p) {
    int64_t low = -1, high = -1;
    rd_kafka_resp_err_t err =
        rd_kafka_query_watermark_offsets(client->get(), kTopic, p, &low, &high, 10000);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
      Fail(std::string("watermarks: ") + rd_kafka_err2str(err));
    if (low != 0) {
      Fail("partition " + std::to_string(p) + " lost its first " + std::to_string(low) +
           " messages to the dev broker's retention: use more --partitions");
    }
    total += static_cast<uint64_t>(high);
  }
  if (total != expected) Fail("topic holds " + std::to_string(total) + " messages");
}

double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Times the span from the first event to the last, and the CPU used meanwhile.
class Span {
 public:
  void Mark() {
    const auto now = SteadyClock::now();
    if (!started_) {
      first_ = last_ = now;
      thread_cpu_ = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
      process_cpu_ = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
      started_ = true;
    }
    longest_gap_ = std::max(longest_gap_, now - last_);
    last_ = now;
  }
  bool started() const { return started_; }

  // Call once after the last event.
  void End(Measurement* m) const {
    m->seconds = Seconds(last_ - first_);
    m->longest_gap = Seconds(longest_gap_);
    if (!started_) return;
    m->thread_cpu = CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - thread_cpu_;
    m->process_cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - process_cpu_;
  }

 private:
  bool started_ = false;
  SteadyClock::time_point first_, last_;
  SteadyClock::duration longest_gap_{};
  double thread_cpu_ = 0, process_cpu_ = 0;
};

kafka::ClientPtr NewRawConsumer(const std::string& bootstrap, const std::string& group,
                                kafka::Properties properties) {
  properties["bootstrap.servers"] = bootstrap;
  properties["group.id"] = group;
  properties["auto.offset.reset"] = "earliest";
  auto conf = kafka::MakeConf(properties);
  Check(conf.status(), "raw consumer");
  auto client = kafka::NewClient(RD_KAFKA_CONSUMER, std::move(*conf));
  Check(client.status(), "raw consumer");
  rd_kafka_poll_set_consumer(client->get());
  kafka::PartitionListPtr topics(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(topics.get(), kTopic, RD_KAFKA_PARTITION_UA);
  if (rd_kafka_subscribe(client->get(), topics.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    Fail("raw consumer: subscribe failed");
  }
  return std::move(*client);
}

bool TimedOut(const Span& span, SteadyClock::time_point start) {
  auto now = SteadyClock::now();
  return span.started() ? now - start > kJoinTimeout + kReadTimeout : now - start > kJoinTimeout;
}

Measurement MeasureRaw(const std::string& bootstrap, const std::string& group, uint64_t n,
                       const Options& o) {
  kafka::ClientPtr consumer = NewRawConsumer(bootstrap, group, o.consumer_properties);
  Measurement m;
  Span span;
  const auto start = SteadyClock::now();
  while (m.events < n && !TimedOut(span, start)) {
    kafka::MessagePtr msg(rd_kafka_consumer_poll(consumer.get(), 100));
    if (msg == nullptr || msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    m.bytes += msg->len;
    ++m.events;
    span.Mark();
  }
  span.End(&m);
  rd_kafka_consumer_close(consumer.get());
  return m;
}

// Counts alerts; the daemon would hand them to its outputs.
class CountingAlertSink final : public alert::AlertSink {
 public:
  void Emit(const alert::Alert&) override { ++count; }
  uint64_t count = 0;
};

// What gatewatchd builds from its config (Daemon::BuildPipeline), for one pass.
struct Pipeline {
  std::shared_ptr<const rules::RuleSet> rules;
  std::unique_ptr<parse::AccessLogParser> parser;
  core::AccessEvent event;
  core::RealClock clock;
  std::unique_ptr<rules::RuleEngine> engine;
  parse::ParseStats parse_stats;
  CountingAlertSink sink;
};

std::unique_ptr<Pipeline> BuildPipeline(const Options& o) {
  auto p = std::make_unique<Pipeline>();
  auto set = config::LoadRuleFiles({o.rules_dir});
  Check(set.status(), "rules");
  p->rules = *set;
  auto parser = config::CreateParserForRules(o.format, *p->rules);
  Check(parser.status(), "parser");
  p->parser = std::move(*parser);
  p->event = p->parser->NewEvent();
  rules::EngineOptions options;  // gatewatchd's defaults (daemon_config.h)
  options.resolve_at_finish = false;
  p->engine = std::make_unique<rules::RuleEngine>(p->rules, options, p->clock);
  return p;
}

std::unique_ptr<daemon::KafkaInput> StartInput(const std::string& bootstrap,
                                               const std::string& group,
                                               const kafka::Properties& properties) {
  config::KafkaInputConfig config;
  config.brokers = bootstrap;
  config.topics = {kTopic};
  config.group_id = group;
  config.start_at = "earliest";
  config.properties = properties;
  auto input = daemon::KafkaInput::Create(config);
  Check(input.status(), "kafka input");
  Check((*input)->Start(), "kafka input");
  return std::move(*input);
}

// Daemon::ApplyLine, optionally without the rules and optionally timing its two stages.
class LineApplier {
 public:
  LineApplier(Pipeline* p, bool with_rules, bool splits, Measurement* m)
      : p_(*p), with_rules_(with_rules), splits_(splits), m_(*m) {}

  void operator()(std::string_view line, uint32_t partition) {
    ++m_.events;
    m_.bytes += line.size();
    if (splits_) {
      ApplyTimed(line, partition);
    } else {
      Apply(line, partition);
    }
    span.Mark();
  }

  Span span;

 private:
  void Apply(std::string_view line, uint32_t partition) {
    parse::ParseResult result = p_.parser->Parse(line, &p_.event);
    p_.parse_stats.Record(result, p_.event, line, m_.events, *p_.parser);
    if (result.ok() && with_rules_) p_.engine->Apply(p_.event, partition, &p_.sink);
  }

  void ApplyTimed(std::string_view line, uint32_t partition) {
    auto t0 = SteadyClock::now();
    parse::ParseResult result = p_.parser->Parse(line, &p_.event);
    p_.parse_stats.Record(result, p_.event, line, m_.events, *p_.parser);
    auto t1 = SteadyClock::now();
    if (result.ok() && with_rules_) p_.engine->Apply(p_.event, partition, &p_.sink);
    auto t2 = SteadyClock::now();
    m_.parse_seconds += Seconds(t1 - t0);
    m_.rules_seconds += Seconds(t2 - t1);
  }

  Pipeline& p_;
  const bool with_rules_;
  const bool splits_;
  Measurement& m_;
};

void CountOutcomes(const Pipeline& p, Measurement* m) {
  m->rejected = p.parse_stats.rejected();
  m->alerts = p.sink.count;
  m->late = p.engine->stats().late;
}

Measurement MeasureInput(const std::string& bootstrap, const std::string& group, uint64_t n,
                         const Options& o, bool with_rules) {
  std::unique_ptr<Pipeline> pipeline = BuildPipeline(o);
  std::unique_ptr<daemon::KafkaInput> input = StartInput(bootstrap, group, o.consumer_properties);
  Measurement m;
  LineApplier applier(pipeline.get(), with_rules, o.splits, &m);
  const daemon::LineHandler handler = [&applier](std::string_view line, uint32_t partition) {
    applier(line, partition);
  };
  const auto start = SteadyClock::now();
  while (m.events < n && !TimedOut(applier.span, start)) {
    input->Poll(kPollTimeout, kPollBatch, handler);
  }
  applier.span.End(&m);
  input->Close();
  for (const daemon::InputNotice& notice : input->TakeNotices()) {
    if (notice.error) std::fprintf(stderr, "  %s\n", notice.text.c_str());
  }
  CountOutcomes(*pipeline, &m);
  return m;
}

// The same pipeline over the lines in memory, message i from partition i % P as on the topic:
// what gatewatch costs without Kafka.
Measurement MeasureMemory(const Topic& topic, const Options& o) {
  std::unique_ptr<Pipeline> pipeline = BuildPipeline(o);
  Measurement m;
  LineApplier applier(pipeline.get(), /*with_rules=*/true, o.splits, &m);
  for (size_t i = 0; i < topic.lines.size(); ++i) {
    applier(topic.lines[i], static_cast<uint32_t>(i % topic.partitions));
  }
  applier.span.End(&m);
  CountOutcomes(*pipeline, &m);
  return m;
}

void Print(const std::string& mode, const Measurement& m, const Measurement* raw) {
  std::printf("%-10s %9llu events %8.1f MB %7.3f s %10.0f events/s %7.1f MB/s", mode.c_str(),
              static_cast<unsigned long long>(m.events), m.bytes / 1e6, m.seconds,
              m.events_per_second(), m.seconds > 0 ? m.bytes / 1e6 / m.seconds : 0.0);
  if (raw != nullptr && raw->events_per_second() > 0) {
    std::printf("  %5.1f %% of raw", 100.0 * m.events_per_second() / raw->events_per_second());
  }
  std::printf(
      "\n           CPU: reading thread %.3f s (%.0f %% of the span), process %.3f s; longest "
      "wait between two events %.3f s",
      m.thread_cpu, m.seconds > 0 ? 100 * m.thread_cpu / m.seconds : 0.0, m.process_cpu,
      m.longest_gap);
  if (mode != "raw") {
    std::printf("; rejected %llu, late %llu, alerts %llu",
                static_cast<unsigned long long>(m.rejected),
                static_cast<unsigned long long>(m.late), static_cast<unsigned long long>(m.alerts));
  }
  std::printf("\n");
  if (m.parse_seconds + m.rules_seconds > 0) {
    double rest = m.seconds - m.parse_seconds - m.rules_seconds;
    std::printf(
        "           split: parse %.3f s (%.0f %%), rules %.3f s (%.0f %%), the rest (input, "
        "clock reads) %.3f s (%.0f %%)\n",
        m.parse_seconds, 100 * m.parse_seconds / m.seconds, m.rules_seconds,
        100 * m.rules_seconds / m.seconds, rest, 100 * rest / m.seconds);
  }
}

Measurement Measure(const std::string& mode, const Topic& topic, int run, const Options& o) {
  const std::string group =
      "kafka-bench-" + mode + "-" + std::to_string(getpid()) + "-" + std::to_string(run);
  const uint64_t n = topic.messages;
  Measurement m;
  if (mode == "raw") {
    m = MeasureRaw(topic.bootstrap, group, n, o);
  } else if (mode == "memory") {
    m = MeasureMemory(topic, o);
  } else {
    m = MeasureInput(topic.bootstrap, group, n, o, mode == "gatewatch");
  }
  if (m.events < n) {
    Fail(mode + ": read " + std::to_string(m.events) + " of " + std::to_string(n) + " messages");
  }
  return m;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

int Run(const Options& o) {
  Topic topic;
  topic.lines = LoadLines(o);
  if (topic.lines.empty()) Fail("no lines");
  topic.messages = topic.lines.size();
  uint64_t bytes = 0;
  for (const std::string& line : topic.lines) bytes += line.size();
  topic.partitions =
      o.partitions > 0 ? o.partitions : static_cast<int>(bytes / kBytesPerPartition + 1);
  auto broker = kafka::DevBroker::Start({1, {{kTopic, topic.partitions}}, {}});
  Check(broker.status(), "dev broker");
  topic.bootstrap = (*broker)->bootstrap();
  auto produce_start = SteadyClock::now();
  ProduceAll(topic.bootstrap, topic.partitions, topic.lines);
  CheckRetained(topic.bootstrap, topic.partitions, topic.messages);
  std::printf("%llu lines, %.1f MB, %d partitions on the dev broker (produced in %.1f s)\n",
              static_cast<unsigned long long>(topic.messages), bytes / 1e6, topic.partitions,
              Seconds(SteadyClock::now() - produce_start));
  if (std::find(o.modes.begin(), o.modes.end(), "memory") == o.modes.end()) topic.lines = {};
  std::map<std::string, std::vector<double>> rates;
  for (int run = 1; run <= o.runs; ++run) {
    std::printf("run %d\n", run);
    std::map<std::string, Measurement> results;
    for (const std::string& mode : o.modes) {
      results[mode] = Measure(mode, topic, run, o);
      Print(mode, results[mode], mode != "raw" && results.count("raw") ? &results["raw"] : nullptr);
      std::fflush(stdout);
      rates[mode].push_back(results[mode].events_per_second());
    }
  }
  std::printf("median of %d run(s):", o.runs);
  for (const auto& [mode, values] : rates)
    std::printf("  %s %.0f events/s", mode.c_str(), Median(values));
  if (rates.count("raw") && rates.count("gatewatch")) {
    std::printf("\ngatewatch/raw: %.1f %% (target >= 80 %%)",
                100 * Median(rates["gatewatch"]) / Median(rates["raw"]));
  }
  std::printf("\n");
  return 0;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    parts.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

bool ValidModes(const std::vector<std::string>& modes) {
  return !modes.empty() && std::all_of(modes.begin(), modes.end(), [](const std::string& m) {
    return m == "raw" || m == "gatewatch" || m == "parse" || m == "memory";
  });
}

[[noreturn]] void Usage() {
  std::fprintf(
      stderr,
      "usage: kafka_bench [--log FILE | --lines N [--rate R]] [--partitions P] [--runs R]\n"
      "                   [--modes raw,gatewatch,parse,memory] [--rules DIR] "
      "[--format PRESET] [--splits] [-X name=value]...\n");
  std::exit(2);
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Usage();
      return argv[++i];
    };
    try {
      if (a == "--log") {
        o.log = next();
      } else if (a == "--lines") {
        o.lines = std::stoull(next());
      } else if (a == "--rate") {
        o.rate = std::stoull(next());
      } else if (a == "--partitions") {
        o.partitions = std::stoi(next());
      } else if (a == "--runs") {
        o.runs = std::stoi(next());
      } else if (a == "--modes") {
        o.modes = SplitCommas(next());
      } else if (a == "--rules") {
        o.rules_dir = next();
      } else if (a == "--format") {
        o.format = next();
      } else if (a == "-X") {
        Check(kafka::AddPropertyAssignment(next(), &o.consumer_properties), "-X");
      } else if (a == "--splits") {
        o.splits = true;
      } else {
        Usage();
      }
    } catch (const std::exception&) {
      Usage();
    }
  }
  if (o.runs < 1 || o.partitions < 0 || !ValidModes(o.modes)) Usage();
  return o;
}

}  // namespace

int main(int argc, char** argv) { return Run(ParseArgs(argc, argv)); }
