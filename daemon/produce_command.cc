// gatewatch produce: sends a log to a Kafka topic, one message per line (demo, load tests,
// feeding the daemon from a file), waits until every message is delivered or has failed, and
// reports the counts.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "config/field_map_loader.h"
#include "ingest/line_reader.h"
#include "kafka/producer.h"
#include "parse/access_log_parser.h"

namespace gatewatch::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Kafka's default message.max.bytes is 1,000,000: longer lines could not be sent anyway.
constexpr size_t kMaxLineBytes = 1000000 - 1024;

struct ProduceOptions {
  std::string input;
  std::string brokers;
  std::string topic = "access-logs";
  double rate = 0;
  std::string key = "none";
  std::string format = "gatewatch";
  std::vector<std::string> properties;
};

struct ProduceTotals {
  uint64_t lines = 0;
  uint64_t queued = 0;
  uint64_t refused = 0;   // librdkafka would never send it (too large, unknown topic)
  uint64_t too_long = 0;  // longer than kMaxLineBytes: not sent
  uint64_t unkeyed = 0;   // --key client_ip, but the line has no readable client IP
};

// Finds each line's client IP with the log format's field map, for --key client_ip.
class ClientIpKeyer {
 public:
  static core::Result<std::unique_ptr<ClientIpKeyer>> Create(const std::string& format) {
    GW_ASSIGN_OR_RETURN(parse::FieldMap map, config::LoadFormat(format));
    GW_ASSIGN_OR_RETURN(
        auto parser,
        parse::AccessLogParser::Create(map, {}, parse::AccessLogParser::Selection::kOnlyRequested));
    return std::unique_ptr<ClientIpKeyer>(new ClientIpKeyer(std::move(parser)));
  }
  // The client IP's text, or "" when the line does not parse.
  std::string_view Key(std::string_view line) {
    if (!parser_->Parse(line, &event_).ok()) return {};
    size_t size = event_.client_ip().Format(text_);
    return std::string_view(text_, size);
  }

 private:
  explicit ClientIpKeyer(std::unique_ptr<parse::AccessLogParser> parser)
      : parser_(std::move(parser)), event_(parser_->NewEvent()) {}
  std::unique_ptr<parse::AccessLogParser> parser_;
  core::AccessEvent event_;
  char text_[core::IpAddress::kMaxTextSize];
};

// Queues one line, waiting while the local queue is full (this is a batch tool: it should
// slow down, not drop).
void Send(kafka::Producer& producer, const std::string& topic, std::string_view key,
          std::string_view line, ProduceTotals* totals) {
  for (;;) {
    rd_kafka_resp_err_t err = producer.Produce(topic, key, line);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++totals->queued;
      return;
    }
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (totals->refused++ == 0) {
        std::fprintf(stderr, "gatewatch produce: line %llu: %s\n",
                     static_cast<unsigned long long>(totals->lines), rd_kafka_err2str(err));
      }
      return;
    }
    producer.Poll(std::chrono::milliseconds(100));
  }
}

// Sleeps until line number `sent` is due at `rate` lines/s, serving delivery reports.
void Pace(kafka::Producer& producer, Clock::time_point start, uint64_t sent, double rate) {
  if (rate <= 0) {
    producer.Poll(std::chrono::milliseconds(0));
    return;
  }
  auto due = start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(static_cast<double>(sent) / rate));
  std::this_thread::sleep_until(due);
  producer.Poll(std::chrono::milliseconds(0));
}

core::Status ProduceAll(const ProduceOptions& options, kafka::Producer& producer,
                        ClientIpKeyer* keyer, ProduceTotals* totals) {
  GW_ASSIGN_OR_RETURN(auto reader, ingest::LineReader::Open(options.input, kMaxLineBytes));
  Clock::time_point start = Clock::now();
  std::string_view line;
  while (reader->Next(&line)) {
    Pace(producer, start, totals->lines++, options.rate);
    if (line.size() > kMaxLineBytes) {
      ++totals->too_long;
      continue;
    }
    std::string_view key = keyer != nullptr ? keyer->Key(line) : std::string_view();
    if (keyer != nullptr && key.empty()) ++totals->unkeyed;
    Send(producer, options.topic, key, line, totals);
  }
  return reader->status();
}

int Run(const ProduceOptions& options) {
  kafka::ProducerOptions producer_options;
  producer_options.brokers = options.brokers;
  // A batch tool should not wait librdkafka's default 5 minutes for an absent broker.
  producer_options.properties["message.timeout.ms"] = "30000";
  for (const std::string& assignment : options.properties) {
    core::Status added = kafka::AddPropertyAssignment(assignment, &producer_options.properties);
    if (!added.ok()) {
      std::fprintf(stderr, "gatewatch produce: -X %s\n", added.message().c_str());
      return 2;
    }
  }
  auto producer = kafka::Producer::Create(producer_options);
  if (!producer.ok()) {
    std::fprintf(stderr, "gatewatch produce: %s\n", producer.status().message().c_str());
    return 2;
  }
  std::unique_ptr<ClientIpKeyer> keyer;
  if (options.key == "client_ip") {
    auto created = ClientIpKeyer::Create(options.format);
    if (!created.ok()) {
      std::fprintf(stderr, "gatewatch produce: %s\n", created.status().message().c_str());
      return 2;
    }
    keyer = std::move(*created);
  }

  ProduceTotals totals;
  Clock::time_point start = Clock::now();
  core::Status read = ProduceAll(options, **producer, keyer.get(), &totals);
  // Every message ends delivered or failed within message.timeout.ms, so this returns.
  while (!(*producer)->Flush(std::chrono::milliseconds(100))) {
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  uint64_t failed = (*producer)->failed() + totals.refused;
  std::fprintf(
      stderr,
      "gatewatch produce: %llu lines, %llu delivered, %llu failed, %llu too long "
      "(not sent)%s to %s in %.2f s\n",
      static_cast<unsigned long long>(totals.lines),
      static_cast<unsigned long long>((*producer)->delivered()),
      static_cast<unsigned long long>(failed), static_cast<unsigned long long>(totals.too_long),
      keyer ? (", " + std::to_string(totals.unkeyed) + " without a client IP key").c_str() : "",
      options.topic.c_str(), seconds);
  if (failed > 0 && (*producer)->last_error() != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::fprintf(stderr, "gatewatch produce: last delivery error: %s\n",
                 rd_kafka_err2str((*producer)->last_error()));
  }
  if (!read.ok()) {
    std::fprintf(stderr, "gatewatch produce: %s\n", read.message().c_str());
    return 1;
  }
  return failed > 0 || totals.too_long > 0 ? 1 : 0;
}

}  // namespace

void RegisterProduceCommand(CLI::App& app, CommandRegistry* commands) {
  auto options = std::make_shared<ProduceOptions>();
  CLI::App* sub = app.add_subcommand(
      "produce",
      "Send a log to a Kafka topic, one message per line; wait until every message is "
      "delivered or failed and report the counts (exit status 1 if any failed)");
  sub->add_option("input", options->input, "log file (.gz too), or - for stdin")->required();
  sub->add_option("--brokers,-b", options->brokers, "bootstrap servers, host:port[,host:port]")
      ->required();
  sub->add_option("--topic,-t", options->topic, "topic to produce to")->capture_default_str();
  sub->add_option("--rate", options->rate, "lines per second; 0 sends as fast as possible")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  sub->add_option("--key", options->key,
                  "message key: none (spread over partitions) or client_ip (the line's client "
                  "IP, read with --format, so that one client's lines stay in order)")
      ->check(CLI::IsMember({"none", "client_ip"}))
      ->capture_default_str();
  sub->add_option("--format,-f", options->format,
                  "log format for --key client_ip: preset or field map YAML file")
      ->capture_default_str();
  sub->add_option("-X", options->properties,
                  "librdkafka producer property, prop=value (repeatable), e.g. -X "
                  "compression.type=zstd -X security.protocol=ssl");
  commands->Add(sub, [options]() { return Run(*options); });
}

}  // namespace gatewatch::cli
