#include "exposition.h"

#include <gtest/gtest.h>

#include <sstream>

namespace gatewatch::test_http {

std::string ExpositionOf(const metrics::DaemonMetrics& metrics) {
  core::Result<std::string> text = metrics.ExpositionText();
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : "";
}

std::optional<double> SampleValue(const std::string& exposition, const std::string& series) {
  std::istringstream lines(exposition);
  std::string line;
  const std::string prefix = series + " ";
  while (std::getline(lines, line)) {
    if (line.compare(0, prefix.size(), prefix) == 0) {
      return std::stod(line.substr(prefix.size()));
    }
  }
  return std::nullopt;
}

int CountSamples(const std::string& exposition, const std::string& name) {
  std::istringstream lines(exposition);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    if (line.compare(0, name.size(), name) == 0 && line.size() > name.size() &&
        (line[name.size()] == '{' || line[name.size()] == ' ')) {
      ++count;
    }
  }
  return count;
}

RunResult PromtoolCheckMetrics(const std::string& exposition) {
  return RunToCompletion({"/usr/bin/promtool", "check", "metrics"}, exposition);
}

}  // namespace gatewatch::test_http
