#include "daemon/systemd_notifier.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/clock.h"

namespace gatewatch::daemon {
namespace {

using std::chrono::microseconds;

// Plays systemd's part: a datagram socket in a temp dir that NOTIFY_SOCKET points at.
class SystemdNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = "/tmp/gatewatch_notify_XXXXXX";  // short: sun_path holds 108 bytes
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    ASSERT_TRUE(Listen(dir_ + "/notify", /*abstract=*/false));
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
  }
  void TearDown() override {
    if (fd_ >= 0) close(fd_);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    std::filesystem::remove_all(dir_);
  }

  // Binds a fresh socket at `name` (abstract: in the abstract namespace) and points
  // NOTIFY_SOCKET at it.
  bool Listen(const std::string& name, bool abstract) {
    if (fd_ >= 0) close(fd_);
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path + (abstract ? 1 : 0), name.data(), name.size());
    socklen_t length = offsetof(sockaddr_un, sun_path) + name.size() + (abstract ? 1 : 0);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0) return false;
    setenv("NOTIFY_SOCKET", ((abstract ? "@" : "") + name).c_str(), 1);
    return true;
  }

  // The next datagram, or "" when none arrives within a second.
  std::string Receive() {
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, 1000) != 1) return "";
    char buffer[4096];
    ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "";
  }
  bool NothingReceived() {
    pollfd ready{fd_, POLLIN, 0};
    return poll(&ready, 1, 0) == 0;
  }

  std::string dir_;
  int fd_ = -1;
};

TEST_F(SystemdNotifierTest, EachCallSendsItsAssignment) {
  core::FakeClock clock(42'000'123'456);
  SystemdNotifier notifier(&clock);
  ASSERT_TRUE(notifier.enabled());
  ASSERT_TRUE(notifier.Ready().ok());
  EXPECT_EQ(Receive(), "READY=1");
  ASSERT_TRUE(notifier.Status("consuming 3 partitions").ok());
  EXPECT_EQ(Receive(), "STATUS=consuming 3 partitions");
  ASSERT_TRUE(notifier.Watchdog().ok());
  EXPECT_EQ(Receive(), "WATCHDOG=1");
  ASSERT_TRUE(notifier.Reloading().ok());
  EXPECT_EQ(Receive(), "RELOADING=1\nMONOTONIC_USEC=42000123");
  ASSERT_TRUE(notifier.ExtendTimeout(microseconds(5'000'000)).ok());
  EXPECT_EQ(Receive(), "EXTEND_TIMEOUT_USEC=5000000");
  ASSERT_TRUE(notifier.Stopping().ok());
  EXPECT_EQ(Receive(), "STOPPING=1");
  EXPECT_TRUE(NothingReceived());
}

TEST_F(SystemdNotifierTest, StatusCannotAddAssignments) {
  SystemdNotifier notifier;
  ASSERT_TRUE(notifier.Status("user \"x\"\nSTOPPING=1\r").ok());
  EXPECT_EQ(Receive(), "STATUS=user \"x\" STOPPING=1 ");
}

TEST_F(SystemdNotifierTest, ReloadingUsesTheMonotonicClockByDefault) {
  SystemdNotifier notifier;
  int64_t before = core::RealClock().MonotonicNs() / 1000;
  ASSERT_TRUE(notifier.Reloading().ok());
  std::string datagram = Receive();
  const std::string prefix = "RELOADING=1\nMONOTONIC_USEC=";
  ASSERT_EQ(datagram.rfind(prefix, 0), 0u) << datagram;
  int64_t sent = std::stoll(datagram.substr(prefix.size()));
  EXPECT_GE(sent, before);
  EXPECT_LE(sent, core::RealClock().MonotonicNs() / 1000);
}

TEST_F(SystemdNotifierTest, AbstractSocketsWork) {
  ASSERT_TRUE(Listen("gatewatch-notify-test-" + std::to_string(getpid()), /*abstract=*/true));
  SystemdNotifier notifier;
  ASSERT_TRUE(notifier.Ready().ok());
  EXPECT_EQ(Receive(), "READY=1");
}

TEST_F(SystemdNotifierTest, WithoutNotifySocketEveryCallIsANoOp) {
  unsetenv("NOTIFY_SOCKET");
  SystemdNotifier notifier;
  EXPECT_FALSE(notifier.enabled());
  EXPECT_TRUE(notifier.Ready().ok());
  EXPECT_TRUE(notifier.Status("x").ok());
  EXPECT_TRUE(notifier.Watchdog().ok());
  EXPECT_TRUE(NothingReceived());
}

TEST_F(SystemdNotifierTest, NobodyListeningIsAnError) {
  setenv("NOTIFY_SOCKET", (dir_ + "/nobody").c_str(), 1);
  SystemdNotifier notifier;
  core::Status status = notifier.Ready();
  EXPECT_EQ(status.code(), core::Status::Code::kIoError);
  EXPECT_NE(status.message().find("READY"), std::string::npos) << status.message();
}

TEST_F(SystemdNotifierTest, WatchdogIntervalComesFromTheEnvironment) {
  EXPECT_EQ(SystemdNotifier().watchdog_interval(), microseconds(0));

  setenv("WATCHDOG_USEC", "3000000", 1);
  EXPECT_EQ(SystemdNotifier().watchdog_interval(), microseconds(3'000'000));
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  SystemdNotifier notifier;
  EXPECT_EQ(notifier.watchdog_interval(), microseconds(3'000'000));
  EXPECT_EQ(notifier.watchdog_ping_interval(), microseconds(1'500'000));

  setenv("WATCHDOG_PID", "1", 1);  // meant for another process
  EXPECT_EQ(SystemdNotifier().watchdog_interval(), microseconds(0));
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  setenv("WATCHDOG_USEC", "soon", 1);
  EXPECT_EQ(SystemdNotifier().watchdog_interval(), microseconds(0));
}

}  // namespace
}  // namespace gatewatch::daemon
