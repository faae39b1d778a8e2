#include "config/yaml_util.h"

#include <gtest/gtest.h>

namespace gatewatch::config {
namespace {

TEST(DidYouMean, SuggestsTheClosestCandidateOnly) {
  EXPECT_EQ(DidYouMean("pathh", {"path", "time"}), " (did you mean \"path\"?)");
  EXPECT_EQ(DidYouMean("completely_different", {"path", "time"}), "");
  EXPECT_EQ(DidYouMean("tmie", {"path", "time"}), " (did you mean \"time\"?)");
}

TEST(ByteSize, UnitsAndErrors) {
  auto doc = ParseYamlText("a: 4096\nb: 64KiB\nc: 1MiB\nd: lots\ne: -5\n", "s.yaml");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(*ScalarByteSize("s.yaml", doc->root["a"], "a"), 4096u);
  EXPECT_EQ(*ScalarByteSize("s.yaml", doc->root["b"], "b"), 65536u);
  EXPECT_EQ(*ScalarByteSize("s.yaml", doc->root["c"], "c"), 1048576u);
  EXPECT_EQ(ScalarByteSize("s.yaml", doc->root["d"], "d").status().message(),
            "s.yaml:4:4: d must be a size like 4096, \"64KiB\" or \"1MiB\", not \"lots\"");
  EXPECT_FALSE(ScalarByteSize("s.yaml", doc->root["e"], "e").ok());
}

TEST(ParseYamlFile, MissingFileIsAnIoError) {
  auto doc = ParseYamlFile("/nonexistent/gatewatch.yaml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), core::Status::Code::kIoError);
}

}  // namespace
}  // namespace gatewatch::config
