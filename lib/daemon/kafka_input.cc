#include "daemon/kafka_input.h"

#include <charconv>
#include <chrono>
#include <cstring>

namespace gatewatch::daemon {
namespace {

constexpr size_t kMaxNotices = 256;
// After a broker error, the input is not taken as caught up for this long.
constexpr int64_t kErrorQuietNs = 30'000'000'000;

int64_t MonotonicNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct PartitionList {
  explicit PartitionList(int size) : list(rd_kafka_topic_partition_list_new(size)) {}
  ~PartitionList() { rd_kafka_topic_partition_list_destroy(list); }
  PartitionList(const PartitionList&) = delete;
  PartitionList& operator=(const PartitionList&) = delete;
  rd_kafka_topic_partition_list_t* list;
};

std::string_view Field(std::string_view* rest) {
  size_t tab = rest->find('\t');
  std::string_view field = rest->substr(0, tab);
  rest->remove_prefix(tab == std::string_view::npos ? rest->size() : tab + 1);
  return field;
}

template <typename T>
bool ParseInt(std::string_view text, T* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

core::Result<std::unique_ptr<KafkaInput>> KafkaInput::Create(
    const config::KafkaInputConfig& config) {
  std::unique_ptr<KafkaInput> input(new KafkaInput(config));
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  auto set = [&](const std::string& name, const std::string& value) -> core::Status {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), err, sizeof(err)) !=
        RD_KAFKA_CONF_OK) {
      return core::Status::InvalidArgument("kafka property " + name + ": " + err);
    }
    return core::Status::Ok();
  };
  core::Status status = [&]() -> core::Status {
    // librdkafka 2.0.2 stops fetching for up to a second when its pre-fetch queue is full
    // (fixed later by fetch.queue.backoff.ms); a deeper queue keeps a catching-up consumer
    // fed (bench/kafka_bench: 2.5-3.5x faster catch-up). The operator's values win.
    GW_RETURN_IF_ERROR(set("queued.min.messages", "1000000"));
    GW_RETURN_IF_ERROR(set("queued.max.messages.kbytes", "262144"));
    for (const auto& [name, value] : config.properties) GW_RETURN_IF_ERROR(set(name, value));
    GW_RETURN_IF_ERROR(set("bootstrap.servers", config.brokers));
    GW_RETURN_IF_ERROR(set("group.id", config.group_id));
    GW_RETURN_IF_ERROR(set("enable.auto.offset.store", "false"));
    GW_RETURN_IF_ERROR(set("enable.auto.commit", "true"));
    GW_RETURN_IF_ERROR(
        set("auto.commit.interval.ms", std::to_string(config.commit_interval / 1000000)));
    GW_RETURN_IF_ERROR(set("auto.offset.reset", config.start_at));
    return core::Status::Ok();
  }();
  if (!status.ok()) {
    rd_kafka_conf_destroy(conf);
    return status;
  }
  rd_kafka_conf_set_opaque(conf, input.get());
  rd_kafka_conf_set_rebalance_cb(conf, &KafkaInput::RebalanceCallback);
  rd_kafka_conf_set_error_cb(conf, &KafkaInput::ErrorCallback);
  rd_kafka_conf_set_log_cb(conf, &KafkaInput::LogCallback);
  input->rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (input->rk_ == nullptr) {
    return core::Status::InvalidArgument(std::string("kafka consumer: ") + err);
  }
  rd_kafka_poll_set_consumer(input->rk_);  // callbacks are served by consumer_poll
  return input;
}

KafkaInput::~KafkaInput() {
  Close();
  for (Slot& s : slots_) {
    if (s.rkt != nullptr) rd_kafka_topic_destroy(s.rkt);
  }
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

core::Status KafkaInput::Restore(std::string_view positions) {
  // One line per partition: topic \t partition \t next_offset \t index.
  while (!positions.empty()) {
    size_t nl = positions.find('\n');
    std::string_view line = positions.substr(0, nl);
    positions.remove_prefix(nl == std::string_view::npos ? positions.size() : nl + 1);
    if (line.empty()) continue;
    std::string_view topic = Field(&line);
    int32_t partition = 0;
    int64_t offset = 0;
    uint32_t index = 0;
    if (!ParseInt(Field(&line), &partition) || !ParseInt(Field(&line), &offset) ||
        !ParseInt(Field(&line), &index) || topic.empty()) {
      return core::Status::InvalidArgument("kafka positions: malformed entry");
    }
    Slot& slot = SlotFor(topic, partition);
    slot.next_offset = offset;
    slot.index = index;
  }
  return core::Status::Ok();
}

core::Status KafkaInput::Start() {
  PartitionList topics(static_cast<int>(config_.topics.size()));
  for (const std::string& t : config_.topics) {
    rd_kafka_topic_partition_list_add(topics.list, t.c_str(), RD_KAFKA_PARTITION_UA);
  }
  rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, topics.list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return core::Status::IoError(std::string("kafka subscribe: ") + rd_kafka_err2str(err));
  }
  return core::Status::Ok();
}

KafkaInput::Slot* KafkaInput::FindSlot(std::string_view topic, int32_t partition) {
  for (Slot& s : slots_) {
    if (s.partition == partition && s.topic == topic) return &s;
  }
  return nullptr;
}

KafkaInput::Slot& KafkaInput::SlotFor(std::string_view topic, int32_t partition) {
  if (Slot* s = FindSlot(topic, partition)) return *s;
  uint32_t index = 0;
  for (const Slot& s : slots_) index = std::max(index, s.index + 1);
  Slot& slot = slots_.emplace_back();
  slot.topic = std::string(topic);
  slot.partition = partition;
  slot.index = index;
  return slot;
}

KafkaInput::Slot& KafkaInput::SlotForMessage(rd_kafka_topic_t* rkt, int32_t partition) {
  // The common case: a handful of partitions, matched by the topic handle librdkafka reuses.
  for (Slot& s : slots_) {
    if (s.rkt == rkt && s.partition == partition) return s;
  }
  Slot& slot = SlotFor(rd_kafka_topic_name(rkt), partition);
  if (slot.rkt == nullptr) slot.rkt = rd_kafka_topic_new(rk_, slot.topic.c_str(), nullptr);
  return slot;
}

Input::PollResult KafkaInput::Poll(core::DurationNs timeout, size_t max_lines,
                                   const LineHandler& handler) {
  if (closed_) return PollResult::kEnd;
  int timeout_ms = static_cast<int>(timeout / 1000000);
  size_t delivered = 0;
  while (delivered < max_lines) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_, delivered == 0 ? timeout_ms : 0);
    if (msg == nullptr) break;
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        ++errors_;
        Notice(true, std::string("kafka: ") + rd_kafka_message_errstr(msg));
      }
      rd_kafka_message_destroy(msg);
      continue;
    }
    Slot& slot = SlotForMessage(msg->rkt, msg->partition);
    // A message normally holds one log line; a shipper may batch several, newline-separated.
    std::string_view payload(static_cast<const char*>(msg->payload), msg->len);
    while (!payload.empty()) {
      size_t nl = payload.find('\n');
      std::string_view line = payload.substr(0, nl);
      payload.remove_prefix(nl == std::string_view::npos ? payload.size() : nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      handler(line, slot.index);
      ++lines_;
      ++delivered;
    }
    slot.next_offset = msg->offset + 1;
    slot.dirty = true;
    rd_kafka_message_destroy(msg);
  }
  StoreOffsets();
  return delivered > 0 ? PollResult::kLines : PollResult::kIdle;
}

void KafkaInput::StoreOffsets() {
  int dirty = 0;
  for (const Slot& s : slots_) dirty += s.dirty && s.assigned;
  if (dirty == 0) return;
  PartitionList list(dirty);
  for (Slot& s : slots_) {
    if (!s.dirty || !s.assigned) continue;
    rd_kafka_topic_partition_list_add(list.list, s.topic.c_str(), s.partition)->offset =
        s.next_offset;
    s.dirty = false;
  }
  // Fails only for partitions revoked meanwhile, whose offsets were committed on revocation.
  rd_kafka_offsets_store(rk_, list.list);
}

core::Status KafkaInput::CommitSlots(bool assigned_only) {
  PartitionList list(static_cast<int>(slots_.size()));
  for (const Slot& s : slots_) {
    if ((assigned_only && !s.assigned) || s.next_offset < 0) continue;
    rd_kafka_topic_partition_list_add(list.list, s.topic.c_str(), s.partition)->offset =
        s.next_offset;
  }
  if (list.list->cnt == 0) return core::Status::Ok();
  rd_kafka_resp_err_t err = rd_kafka_commit(rk_, list.list, 0);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    return core::Status::IoError(std::string("kafka commit: ") + rd_kafka_err2str(err));
  }
  return core::Status::Ok();
}

core::Status KafkaInput::Commit() {
  if (closed_ || rk_ == nullptr) return core::Status::Ok();
  StoreOffsets();
  return CommitSlots(true);
}

void KafkaInput::Close() {
  if (closed_ || rk_ == nullptr) return;
  if (core::Status s = Commit(); !s.ok()) Notice(true, s.message());
  rd_kafka_consumer_close(rk_);  // leaves the group; revocation commits through the callback
  closed_ = true;
}

void KafkaInput::RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                   rd_kafka_topic_partition_list_t* parts, void* opaque) {
  auto* self = static_cast<KafkaInput*>(opaque);
  const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
  ++self->rebalances_;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    self->OnAssign(parts);
    rd_kafka_error_t* error = nullptr;
    if (cooperative) {
      error = rd_kafka_incremental_assign(rk, parts);
    } else {
      rd_kafka_assign(rk, parts);
    }
    if (error != nullptr) {
      self->Notice(true, std::string("kafka assign: ") + rd_kafka_error_string(error));
      rd_kafka_error_destroy(error);
    }
    return;
  }
  self->OnRevoke(parts);
  if (cooperative) {
    if (rd_kafka_error_t* error = rd_kafka_incremental_unassign(rk, parts)) {
      rd_kafka_error_destroy(error);
    }
  } else {
    rd_kafka_assign(rk, nullptr);
  }
}

void KafkaInput::OnAssign(rd_kafka_topic_partition_list_t* parts) {
  std::string text = "kafka: assigned";
  for (int i = 0; i < parts->cnt; ++i) {
    rd_kafka_topic_partition_t& tp = parts->elems[i];
    Slot& slot = SlotFor(tp.topic, tp.partition);
    slot.assigned = true;
    if (partition_listener_) partition_listener_(slot.index);
    // Resume where the rule state is, which may be behind the committed offset.
    if (slot.next_offset >= 0) tp.offset = slot.next_offset;
    text += " " + slot.topic + "/" + std::to_string(tp.partition) + "@" +
            (slot.next_offset >= 0 ? std::to_string(slot.next_offset) : "committed");
  }
  Notice(false, text);
}

void KafkaInput::OnRevoke(rd_kafka_topic_partition_list_t* parts) {
  StoreOffsets();
  if (core::Status s = CommitSlots(true); !s.ok()) Notice(true, s.message());
  std::string text = "kafka: revoked";
  for (int i = 0; i < parts->cnt; ++i) {
    if (Slot* slot = FindSlot(parts->elems[i].topic, parts->elems[i].partition)) {
      slot->assigned = false;
      text += " " + slot->topic + "/" + std::to_string(slot->partition);
    }
  }
  Notice(false, text);
}

void KafkaInput::ErrorCallback(rd_kafka_t*, int err, const char* reason, void* opaque) {
  auto* self = static_cast<KafkaInput*>(opaque);
  ++self->errors_;
  self->Notice(true, std::string("kafka: ") +
                         rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)) + ": " + reason);
}

void KafkaInput::LogCallback(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  auto* self = static_cast<KafkaInput*>(rd_kafka_opaque(rk));
  if (self == nullptr || level > 4) return;  // syslog levels: warnings and worse only
  self->Notice(level <= 3, std::string("librdkafka ") + fac + ": " + buf);
}

void KafkaInput::Notice(bool error, std::string text) {
  if (error) last_error_mono_.store(MonotonicNs(), std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(notices_mu_);
  if (error) last_error_ = text;
  if (notices_.size() < kMaxNotices) notices_.push_back({error, std::move(text)});
}

std::vector<InputNotice> KafkaInput::TakeNotices() {
  std::lock_guard<std::mutex> lock(notices_mu_);
  std::vector<InputNotice> out;
  out.swap(notices_);
  return out;
}

std::string KafkaInput::Positions() const {
  std::string out;
  for (const Slot& s : slots_) {
    if (s.next_offset < 0) continue;
    out += s.topic + "\t" + std::to_string(s.partition) + "\t" + std::to_string(s.next_offset) +
           "\t" + std::to_string(s.index) + "\n";
  }
  return out;
}

bool KafkaInput::CaughtUp() const {
  // A broker error lately: what looks like silence may be an outage.
  const int64_t last_error = last_error_mono_.load(std::memory_order_relaxed);
  if (last_error != 0 && MonotonicNs() - last_error < kErrorQuietNs) return false;
  bool any = false;
  for (const PartitionLag& l : status().lag) {
    if (l.lag != 0) return false;  // behind, or not known yet
    any = true;
  }
  return any;  // no partitions yet: the group is still (re)assigning them
}

InputStatus KafkaInput::status() const {
  InputStatus st;
  st.lines = lines_;
  st.errors = errors_;
  st.rebalances = rebalances_;
  for (const Slot& s : slots_) {
    if (!s.assigned) continue;
    int64_t low = -1, high = -1;
    PartitionLag lag{s.topic, s.partition, -1};
    // Cached from fetch responses: never blocks.
    if (rd_kafka_get_watermark_offsets(rk_, s.topic.c_str(), s.partition, &low, &high) ==
            RD_KAFKA_RESP_ERR_NO_ERROR &&
        high >= 0) {
      lag.lag = std::max<int64_t>(0, high - std::max(s.next_offset, low));
    }
    st.lag.push_back(std::move(lag));
  }
  std::lock_guard<std::mutex> lock(notices_mu_);
  st.last_error = last_error_;
  return st;
}

std::string KafkaInput::Describe() const {
  std::string topics;
  for (const std::string& t : config_.topics) topics += (topics.empty() ? "" : ",") + t;
  return "kafka " + config_.brokers + " topics " + topics + " group " + config_.group_id;
}

}  // namespace gatewatch::daemon
