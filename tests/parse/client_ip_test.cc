// Where the client address comes from: the peer, or X-Forwarded-For through trusted proxies.
#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace gatewatch::parse {
namespace {

using testing::FromYaml;

constexpr const char* kBehindProxies = R"(
trusted_proxies: [10.0.0.0/8, "2001:db8:ffff::/48"]
fields:
  ts: ts
  client_ip: {path: peer, forwarded_for: xff}
)";

std::string Line(const char* peer, const char* xff) {
  std::string line = R"({"ts":1768471200)";
  if (peer != nullptr) line += std::string(R"(,"peer":")") + peer + "\"";
  if (xff != nullptr) line += std::string(R"(,"xff":")") + xff + "\"";
  return line + "}";
}

std::string ClientOf(testing::TestParser& t, const char* peer, const char* xff) {
  ParseResult r = t.Parse(Line(peer, xff));
  if (!r.ok()) return "rejected: " + t.parser->Describe(r);
  return t.event.client_ip().ToString();
}

TEST(ClientIp, PortsAreStripped) {
  auto t = FromYaml(kBehindProxies);
  EXPECT_EQ(ClientOf(t, "192.0.2.1:5555", nullptr), "192.0.2.1");
  EXPECT_EQ(ClientOf(t, "[2001:db8::7]:443", nullptr), "2001:db8::7");
  EXPECT_EQ(ClientOf(t, "2001:db8::7", nullptr), "2001:db8::7");
}

TEST(ClientIp, ForwardedForIgnoredWhenThePeerIsNotATrustedProxy) {
  auto t = FromYaml(kBehindProxies);
  EXPECT_EQ(ClientOf(t, "192.0.2.1", "198.51.100.9"), "192.0.2.1")
      << "anyone can send X-Forwarded-For; only our own proxies' word counts";
}

TEST(ClientIp, RightMostUntrustedAddressIsTheClient) {
  auto t = FromYaml(kBehindProxies);
  // The client claims 1.1.1.1; our proxy 10.0.0.5 saw 198.51.100.9 and appended it.
  EXPECT_EQ(ClientOf(t, "10.0.0.2", "1.1.1.1, 198.51.100.9, 10.0.0.5"), "198.51.100.9");
  EXPECT_EQ(ClientOf(t, "10.0.0.2", "198.51.100.9"), "198.51.100.9");
  EXPECT_EQ(ClientOf(t, "10.0.0.2", " 198.51.100.9:1234 ,10.1.1.1"), "198.51.100.9");
}

TEST(ClientIp, AllHopsTrustedMeansTheLeftMostIsTheClient) {
  auto t = FromYaml(kBehindProxies);
  EXPECT_EQ(ClientOf(t, "10.0.0.2", "10.9.9.9, 10.0.0.5"), "10.9.9.9");
}

TEST(ClientIp, GarbageInForwardedForCannotHideTheClient) {
  auto t = FromYaml(kBehindProxies);
  EXPECT_EQ(ClientOf(t, "10.0.0.2", "not-an-ip, 198.51.100.9"), "198.51.100.9");
  // Garbage right next to our proxy: keep the last address we trust, flagged.
  ASSERT_TRUE(t.Parse(Line("10.0.0.2", "198.51.100.9, <script>")).ok());
  EXPECT_EQ(t.event.client_ip().ToString(), "10.0.0.2");
  EXPECT_TRUE(t.event.repairs() & core::kRepairForwardedFor);
}

TEST(ClientIp, ForwardedForAloneWhenThereIsNoPeerField) {
  auto t = FromYaml(kBehindProxies);
  EXPECT_EQ(ClientOf(t, nullptr, "198.51.100.9, 10.0.0.5"), "198.51.100.9");
  EXPECT_EQ(ClientOf(t, nullptr, "junk"), "rejected: bad_client_ip in field client_ip (from peer)");
}

TEST(ClientIp, Ipv6ProxiesAndClients) {
  auto t = FromYaml(kBehindProxies);
  EXPECT_EQ(ClientOf(t, "[2001:db8:ffff::1]:80", "2001:db8:1::5, 2001:db8:ffff::2"),
            "2001:db8:1::5");
}

TEST(ClientIp, Ipv4MappedIpv6IsTheSameAddress) {
  auto t = FromYaml(kBehindProxies);
  EXPECT_EQ(ClientOf(t, "::ffff:192.0.2.1", nullptr), "192.0.2.1");
}

}  // namespace
}  // namespace gatewatch::parse
