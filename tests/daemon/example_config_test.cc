// examples/gatewatch.yaml, the commented example that docs/configuration.md points operators
// to: it must load as it is shipped, show every section, and say what it claims to say.
#include "config/daemon_config.h"
#include "config/yaml_util.h"
#include "gtest/gtest.h"

namespace gatewatch {
namespace {

constexpr const char* kExample = GATEWATCH_SOURCE_DIR "/examples/gatewatch.yaml";

TEST(ExampleConfigTest, ExampleConfigLoads) {
  auto config = config::LoadDaemonConfig(kExample);
  ASSERT_TRUE(config.ok()) << config.status().message();

  EXPECT_EQ(config->input.kind, config::InputKind::kKafka);
  EXPECT_EQ(config->alertmanager.urls.size(), 2u) << "the example shows an HA pair";
  EXPECT_TRUE(config->alert_log.enabled);
  EXPECT_FALSE(config->alert_log.key_file.empty()) << "the example seals with HMAC";
  EXPECT_TRUE(config->kafka_output.enabled);
  EXPECT_TRUE(config->kafka_output.ecs);
  EXPECT_EQ(config->kafka_output.brokers, config->input.kafka.brokers);
  EXPECT_TRUE(config->http.listen.starts_with("127.0.0.1:")) << "metrics stay on loopback";
  // A partition restored from a snapshot holds the watermark for idle_partition_timeout: longer
  // than a crashed consumer's session, so it is still holding when the partition comes back.
  EXPECT_GT(
      config->engine.idle_partition_timeout,
      std::stoll(config->input.kafka.properties.at("session.timeout.ms")) * core::kMillisecond);
}

TEST(ExampleConfigTest, ExampleConfigShowsEverySection) {
  auto doc = config::ParseYamlFile(kExample);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  for (const char* key :
       {"input", "format", "rules", "state", "engine", "output", "http", "logging"}) {
    EXPECT_TRUE(doc->root[key].IsDefined()) << key;
  }
  for (const char* key : {"json", "alertmanager", "alert_log", "kafka"}) {
    EXPECT_TRUE(doc->root["output"][key].IsDefined()) << "output." << key;
  }
}

}  // namespace
}  // namespace gatewatch
