// The gatewatch-dev-broker binary, run as scripts and CI run it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "control.h"
#include "kafka_test_support.h"

namespace gatewatch::kafka {
namespace {

using std::chrono::milliseconds;
using testing::BrokersReachable;
using testing::ChildProcess;
using testing::TempPath;

constexpr milliseconds kWait(10000);

// The bootstrap list from the tool's first stdout line, "bootstrap=...".
std::string WaitForBootstrap(const ChildProcess& broker) {
  EXPECT_TRUE(broker.WaitForOutput("\n", kWait)) << broker.err();
  std::string out = broker.out();
  EXPECT_EQ(out.rfind("bootstrap=127.0.0.1:", 0), 0u) << out;
  return out.substr(10, out.find('\n') - 10);
}

void WriteControl(const std::string& fifo, const std::string& line) {
  int fd = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
  ASSERT_GE(fd, 0) << "the broker holds the FIFO open";
  ASSERT_EQ(write(fd, line.data(), line.size()), static_cast<ssize_t>(line.size()));
  close(fd);
}

TEST(DevBrokerTool, PrintsBootstrapObeysSignalsAndExitsCleanly) {
  std::string file = TempPath("bootstrap");
  ChildProcess broker({GATEWATCH_DEV_BROKER, "--brokers", "2", "--bootstrap-file", file});
  std::string bootstrap = WaitForBootstrap(broker);
  EXPECT_EQ(testing::Slurp(file), bootstrap + "\n");
  EXPECT_TRUE(BrokersReachable(bootstrap));

  broker.Signal(SIGUSR1);
  ASSERT_TRUE(broker.WaitForOutput("brokers down: all", kWait, /*in_stderr=*/true));
  EXPECT_FALSE(BrokersReachable(bootstrap, milliseconds(500)));
  broker.Signal(SIGUSR2);
  ASSERT_TRUE(broker.WaitForOutput("brokers up: all", kWait, /*in_stderr=*/true));
  EXPECT_TRUE(BrokersReachable(bootstrap));

  broker.Signal(SIGTERM);
  EXPECT_EQ(broker.WaitExit(kWait), 0) << broker.err();
  EXPECT_NE(access(file.c_str(), F_OK), 0) << "the bootstrap file is removed at exit";
}

TEST(DevBrokerTool, CreatesTheDefaultTopics) {
  ChildProcess broker({GATEWATCH_DEV_BROKER});
  std::string bootstrap = WaitForBootstrap(broker);
  testing::RunResult list =
      testing::Run({"/usr/bin/kcat", "-L", "-b", bootstrap}, "", milliseconds(20000));
  EXPECT_NE(list.out.find("topic \"access-logs\" with 3 partitions"), std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find("topic \"gatewatch-alerts\" with 1 partitions"), std::string::npos)
      << list.out;
}

TEST(DevBrokerTool, FollowsControlCommandsFromAFifo) {
  std::string fifo = TempPath("control");
  ChildProcess broker({GATEWATCH_DEV_BROKER, "--control", fifo, "--topic", "t:2"});
  std::string bootstrap = WaitForBootstrap(broker);
  struct stat st;
  ASSERT_EQ(stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));

  WriteControl(fifo, "# a comment\ndown 1\n");
  ASSERT_TRUE(broker.WaitForOutput("brokers down: 1", kWait, true)) << broker.err();
  EXPECT_FALSE(BrokersReachable(bootstrap, milliseconds(500)));
  WriteControl(fifo, "bogus\n");  // a second writer; a bad line is reported, not fatal
  ASSERT_TRUE(broker.WaitForOutput("unknown command", kWait, true));
  WriteControl(fifo, "up\n");
  ASSERT_TRUE(broker.WaitForOutput("brokers up: all", kWait, true));
  EXPECT_TRUE(BrokersReachable(bootstrap));

  broker.Signal(SIGINT);
  EXPECT_EQ(broker.WaitExit(kWait), 0);
  EXPECT_NE(access(fifo.c_str(), F_OK), 0) << "the FIFO it created is removed";
}

TEST(DevBrokerTool, EndOfStdinDoesNotStopIt) {
  ChildProcess broker({GATEWATCH_DEV_BROKER, "--control", "-"});  // stdin is /dev/null
  std::string bootstrap = WaitForBootstrap(broker);
  EXPECT_TRUE(BrokersReachable(bootstrap));
  EXPECT_FALSE(broker.WaitExit(milliseconds(300)).has_value()) << broker.err();
  broker.Signal(SIGTERM);
  EXPECT_EQ(broker.WaitExit(kWait), 0);
}

TEST(DevBrokerTool, HelpAndUsageErrors) {
  testing::RunResult help = testing::Run({GATEWATCH_DEV_BROKER, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* section : {"NAME", "SYNOPSIS", "DESCRIPTION", "OUTAGE CONTROL", "SIGUSR1",
                              "EXIT STATUS", "EXAMPLES"}) {
    EXPECT_NE(help.out.find(section), std::string::npos) << section;
  }
  EXPECT_EQ(testing::Run({GATEWATCH_DEV_BROKER, "--topic", "t:x"}).exit_code, 2);
  EXPECT_EQ(testing::Run({GATEWATCH_DEV_BROKER, "--brokers", "0"}).exit_code, 2);
  EXPECT_EQ(testing::Run({GATEWATCH_DEV_BROKER, "--control", "/"}).exit_code, 2);
}

TEST(DevBrokerControl, ParsesTheLineProtocol) {
  using dev_broker::ControlCommand;
  using dev_broker::ParseControlLine;
  auto down = ParseControlLine("  down 2 ");
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->action, ControlCommand::Action::kDown);
  EXPECT_EQ(down->broker, 2);
  auto up = ParseControlLine("up all\r");
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->action, ControlCommand::Action::kUp);
  EXPECT_EQ(up->broker, 0);
  EXPECT_EQ(ParseControlLine("")->action, ControlCommand::Action::kNone);
  EXPECT_EQ(ParseControlLine("# down")->action, ControlCommand::Action::kNone);
  EXPECT_FALSE(ParseControlLine("down -1").ok());
  EXPECT_FALSE(ParseControlLine("down 1x").ok());
  EXPECT_FALSE(ParseControlLine("reboot").ok());
}

TEST(DevBrokerControl, AssemblesLinesAcrossReads) {
  dev_broker::LineAssembler assembler;
  std::vector<std::string> lines;
  auto collect = [&lines](std::string_view line) { lines.emplace_back(line); };
  assembler.Feed("do", collect);
  assembler.Feed("wn 1\nup", collect);
  assembler.Feed("\n" + std::string(5000, 'x') + "\nup 2\n", collect);
  EXPECT_EQ(lines, (std::vector<std::string>{"down 1", "up", "up 2"}));
}

}  // namespace
}  // namespace gatewatch::kafka
