#include "kafka/rdkafka_handle.h"

namespace gatewatch::kafka {

core::Status SetProperty(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof(error)) !=
      RD_KAFKA_CONF_OK) {
    return core::Status::InvalidArgument("librdkafka property " + name + ": " + error);
  }
  return core::Status::Ok();
}

core::Result<ConfPtr> MakeConf(const Properties& properties) {
  ConfPtr conf(rd_kafka_conf_new());
  for (const auto& [name, value] : properties) {
    GW_RETURN_IF_ERROR(SetProperty(conf.get(), name, value));
  }
  return conf;
}

core::Result<ClientPtr> NewClient(rd_kafka_type_t type, ConfPtr conf) {
  char error[512];
  // rd_kafka_new takes the configuration only when it succeeds.
  rd_kafka_t* client = rd_kafka_new(type, conf.get(), error, sizeof(error));
  if (client == nullptr) {
    return core::Status::InvalidArgument(std::string("cannot create Kafka client: ") + error);
  }
  (void)conf.release();
  return ClientPtr(client);
}

core::Status AddPropertyAssignment(const std::string& assignment, Properties* properties) {
  size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    return core::Status::InvalidArgument("expected property=value, got \"" + assignment + "\"");
  }
  (*properties)[assignment.substr(0, eq)] = assignment.substr(eq + 1);
  return core::Status::Ok();
}

}  // namespace gatewatch::kafka
