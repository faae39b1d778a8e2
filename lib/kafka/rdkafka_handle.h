// Owning handles for librdkafka objects, and the two calls every client starts with: build a
// configuration from name/value properties, then create a client from it. The rest of
// gatewatch's Kafka code holds librdkafka objects only through these types, so nothing is
// leaked on an early return and no destroy call is written twice.
//
// Threading: the handles are plain owners; librdkafka's own rules apply to the objects.
#ifndef GATEWATCH_KAFKA_RDKAFKA_HANDLE_H_
#define GATEWATCH_KAFKA_RDKAFKA_HANDLE_H_

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>

#include "core/result.h"

namespace gatewatch::kafka {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct ClientDeleter {
  // rd_kafka_destroy also closes a consumer (leaves its group) unless that was done already.
  void operator()(rd_kafka_t* client) const { rd_kafka_destroy(client); }
};
struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};

using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using ClientPtr = std::unique_ptr<rd_kafka_t, ClientDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

// librdkafka properties by name ("bootstrap.servers", "linger.ms", ...), as in CONFIGURATION.md.
using Properties = std::map<std::string, std::string>;

// A configuration with every property set, or InvalidArgument naming the one librdkafka refused.
core::Result<ConfPtr> MakeConf(const Properties& properties);

// Sets one property on `conf`; InvalidArgument with librdkafka's reason if it is refused.
core::Status SetProperty(rd_kafka_conf_t* conf, const std::string& name, const std::string& value);

// Creates a producer or consumer from `conf`, which is consumed either way.
core::Result<ClientPtr> NewClient(rd_kafka_type_t type, ConfPtr conf);

// Splits "name=value" (the -X flag of kcat and of gatewatch's tools) into `*properties`.
core::Status AddPropertyAssignment(const std::string& assignment, Properties* properties);

}  // namespace gatewatch::kafka

#endif  // GATEWATCH_KAFKA_RDKAFKA_HANDLE_H_
