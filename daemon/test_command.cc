// gatewatch test: runs rule tests (docs/rule-tests.md).
#include <cstdio>

#include "commands.h"
#include "rule_test_runner.h"

namespace gatewatch::cli {

void RegisterTestCommand(CLI::App& app, CommandRegistry* commands) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "test",
      "Run rule tests (*_test.yaml): input events at relative times and the alerts "
      "they must produce; failures print expected vs got");
  sub->add_option("paths", *paths, "test files or directories (searched for *_test.yaml)")
      ->required();
  commands->Add(sub, [paths]() {
    auto files = FindRuleTestFiles(*paths);
    if (!files.ok()) {
      std::fprintf(stderr, "gatewatch test: %s\n", files.status().message().c_str());
      return 1;
    }
    if (files->empty()) {
      std::fprintf(stderr, "gatewatch test: no *_test.yaml files found\n");
      return 1;
    }
    auto outcomes = RunRuleTests(*files);
    if (!outcomes.ok()) {
      std::fprintf(stderr, "%s\n", outcomes.status().message().c_str());
      return 1;
    }
    size_t failed = 0;
    for (const RuleTestOutcome& o : *outcomes) {
      std::printf("%s  %s: %s\n", o.passed ? "PASS" : "FAIL", o.file.c_str(), o.name.c_str());
      if (!o.passed) {
        ++failed;
        std::printf("%s", o.detail.c_str());
      }
    }
    std::printf("%zu tests, %zu failed\n", outcomes->size(), failed);
    return failed == 0 ? 0 : 1;
  });
}

}  // namespace gatewatch::cli
