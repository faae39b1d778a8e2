#include "core/cidr_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/heap_allocation_counter.h"

namespace gatewatch::core {
namespace {

IpAddress Ip(std::string_view text) {
  const std::optional<IpAddress> ip = IpAddress::Parse(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return ip.value_or(IpAddress());
}

Cidr Net(std::string_view text) {
  Result<Cidr> cidr = Cidr::Parse(text);
  EXPECT_TRUE(cidr.ok()) << text << ": " << cidr.status().ToString();
  return cidr.ok() ? *cidr : Cidr{};
}

std::string ErrorOf(std::string_view text) {
  const Result<Cidr> cidr = Cidr::Parse(text);
  EXPECT_FALSE(cidr.ok()) << text << " parsed as " << (cidr.ok() ? cidr->ToString() : "");
  if (cidr.ok()) return "";
  EXPECT_EQ(cidr.status().code(), Status::Code::kInvalidArgument) << text;
  return cidr.status().message();
}

TEST(Cidr, ParsesV4IntoMappedSpace) {
  const Cidr c = Net("10.0.0.0/8");
  EXPECT_EQ(c.prefix_len, 104);
  EXPECT_EQ(c.network, Ip("10.0.0.0"));
  EXPECT_EQ(c.ToString(), "10.0.0.0/8");
  EXPECT_EQ(Net("192.168.1.0/24").prefix_len, 120);
}

TEST(Cidr, ParsesV6) {
  const Cidr c = Net("2001:db8::/32");
  EXPECT_EQ(c.prefix_len, 32);
  EXPECT_EQ(c.network, Ip("2001:db8::"));
  EXPECT_EQ(c.ToString(), "2001:db8::/32");
  EXPECT_EQ(Net("2001:DB8:0::/48").ToString(), "2001:db8::/48");
}

TEST(Cidr, BareAddressIsAHostRoute) {
  const Cidr v4 = Net("192.0.2.7");
  EXPECT_EQ(v4.prefix_len, 128);
  EXPECT_EQ(v4.ToString(), "192.0.2.7/32");
  EXPECT_TRUE(v4.Contains(Ip("192.0.2.7")));
  EXPECT_FALSE(v4.Contains(Ip("192.0.2.8")));
  const Cidr v6 = Net("2001:db8::7");
  EXPECT_EQ(v6.prefix_len, 128);
  EXPECT_EQ(v6.ToString(), "2001:db8::7/128");
  EXPECT_TRUE(v6.Contains(Ip("2001:db8::7")));
  EXPECT_FALSE(v6.Contains(Ip("2001:db8::6")));
}

TEST(Cidr, ContainsRespectsPrefixBoundaries) {
  const Cidr c = Net("192.168.4.0/22");
  EXPECT_FALSE(c.Contains(Ip("192.168.3.255")));
  EXPECT_TRUE(c.Contains(Ip("192.168.4.0")));
  EXPECT_TRUE(c.Contains(Ip("192.168.7.255")));
  EXPECT_FALSE(c.Contains(Ip("192.168.8.0")));
}

TEST(Cidr, PrefixesAcrossTheHalfWordBoundary) {
  // Prefixes at and around 64 bits exercise both halves of the mask.
  EXPECT_TRUE(Net("2001:db8:1:2::/64").Contains(Ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
  EXPECT_FALSE(Net("2001:db8:1:2::/64").Contains(Ip("2001:db8:1:3::")));
  EXPECT_TRUE(Net("2001:db8:1:2::/63").Contains(Ip("2001:db8:1:3::1")));
  EXPECT_TRUE(Net("2001:db8:1:2:8000::/65").Contains(Ip("2001:db8:1:2:ffff::1")));
  EXPECT_FALSE(Net("2001:db8:1:2:8000::/65").Contains(Ip("2001:db8:1:2:7fff::1")));
}

TEST(Cidr, V4SlashZeroMatchesOnlyV4) {
  const Cidr all_v4 = Net("0.0.0.0/0");
  EXPECT_EQ(all_v4.prefix_len, 96);
  EXPECT_EQ(all_v4.ToString(), "0.0.0.0/0");
  EXPECT_TRUE(all_v4.Contains(Ip("1.2.3.4")));
  EXPECT_TRUE(all_v4.Contains(Ip("255.255.255.255")));
  EXPECT_FALSE(all_v4.Contains(Ip("2001:db8::1")));
  EXPECT_FALSE(all_v4.Contains(Ip("::1")));
  EXPECT_FALSE(all_v4.Contains(Ip("::1.2.3.4")));  // "compatible", not mapped
}

TEST(Cidr, V6SlashZeroMatchesEverything) {
  const Cidr all = Net("::/0");
  EXPECT_EQ(all.prefix_len, 0);
  EXPECT_EQ(all.ToString(), "::/0");
  EXPECT_TRUE(all.Contains(Ip("1.2.3.4")));
  EXPECT_TRUE(all.Contains(Ip("2001:db8::1")));
  EXPECT_TRUE(all.Contains(Ip("::")));
}

TEST(Cidr, V4NetworkNeverMatchesV6WithSameLowBits) {
  const Cidr c = Net("10.0.0.0/8");
  std::array<uint8_t, 16> b{};
  b[12] = 10;  // ::a00:1 has 10.0.0.1 in its low 32 bits but is not IPv4
  b[15] = 1;
  EXPECT_FALSE(c.Contains(IpAddress::FromBytes(b)));
  EXPECT_TRUE(c.Contains(Ip("10.0.0.1")));
  EXPECT_TRUE(c.Contains(Ip("::ffff:10.0.0.1")));
}

TEST(Cidr, MappedV6PrefixIsReadAsV6) {
  // The family is the one written: "::ffff:10.0.0.0/104" is the IPv6 way to say 10.0.0.0/8.
  const Cidr c = Net("::ffff:10.0.0.0/104");
  EXPECT_EQ(c.prefix_len, 104);
  EXPECT_EQ(c.ToString(), "10.0.0.0/8");
  EXPECT_TRUE(c.Contains(Ip("10.200.0.1")));
  EXPECT_EQ(Net("::ffff:0:0/96").ToString(), "0.0.0.0/0");
}

TEST(Cidr, PrefixOutOfRange) {
  EXPECT_EQ(ErrorOf("10.0.0.0/33"),
            "invalid CIDR \"10.0.0.0/33\": prefix length 33 is out of range (0-32 for IPv4)");
  EXPECT_EQ(ErrorOf("2001:db8::/129"),
            "invalid CIDR \"2001:db8::/129\": prefix length 129 is out of range (0-128 for IPv6)");
  EXPECT_NE(ErrorOf("10.0.0.0/999").find("out of range"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.0/104").find("out of range"), std::string::npos);
}

TEST(Cidr, HostBitsSetSuggestsTheNetwork) {
  EXPECT_EQ(ErrorOf("10.1.2.3/8"),
            "invalid CIDR \"10.1.2.3/8\": host bits are set (the network is \"10.0.0.0/8\")");
  EXPECT_NE(ErrorOf("2001:db8::1/64").find("\"2001:db8::/64\""), std::string::npos);
  EXPECT_NE(ErrorOf("1.2.3.4/0").find("\"0.0.0.0/0\""), std::string::npos);
  EXPECT_NE(ErrorOf("::ffff:10.0.0.0/64").find("\"::/64\""), std::string::npos);
}

TEST(Cidr, JunkIsRejectedQuotingTheText) {
  EXPECT_EQ(ErrorOf("foo"), "invalid CIDR \"foo\": \"foo\" is not an IP address");
  EXPECT_EQ(ErrorOf(""), "invalid CIDR \"\": \"\" is not an IP address");
  EXPECT_NE(ErrorOf("10.0.0/8").find("\"10.0.0\" is not an IP address"), std::string::npos);
  EXPECT_NE(ErrorOf("/8").find("is not an IP address"), std::string::npos);
  EXPECT_NE(ErrorOf("010.0.0.0/8").find("not an IP address"), std::string::npos);
  for (std::string_view bad : {"10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/+8",
                               "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0.0/8 ", "10.0.0.0/0008"}) {
    std::string quoted = "\"";  // appended: GCC 12 misreports `"x" + std::string` (-Wrestrict)
    quoted += bad;
    quoted += '"';
    EXPECT_NE(ErrorOf(bad).find(quoted), std::string::npos) << bad;
  }
  EXPECT_NE(ErrorOf(" 10.0.0.0/8").find("not an IP address"), std::string::npos);
}

TEST(Cidr, ToStringRoundTrips) {
  for (std::string_view text : {"0.0.0.0/0", "10.0.0.0/8", "192.0.2.1/32", "::/0", "2001:db8::/32",
                                "::1/128", "fe80::/10"}) {
    EXPECT_EQ(Net(text).ToString(), text);
    EXPECT_EQ(Net(Net(text).ToString()).network, Net(text).network);
  }
}

TEST(CidrSet, EmptyContainsNothing) {
  const CidrSet set;
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.size(), 0u);
  EXPECT_FALSE(set.Contains(Ip("10.0.0.1")));
  EXPECT_FALSE(set.Contains(IpAddress()));
}

TEST(CidrSet, ParseAndContainsMixedFamilies) {
  const Result<CidrSet> set =
      CidrSet::Parse({"10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "203.0.113.7"});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->size(), 4u);
  EXPECT_FALSE(set->empty());
  EXPECT_TRUE(set->Contains(Ip("10.255.255.255")));
  EXPECT_TRUE(set->Contains(Ip("192.168.100.1")));
  EXPECT_TRUE(set->Contains(Ip("2001:db8:ffff::1")));
  EXPECT_TRUE(set->Contains(Ip("203.0.113.7")));
  EXPECT_TRUE(set->Contains(Ip("::ffff:10.1.1.1")));
  EXPECT_FALSE(set->Contains(Ip("11.0.0.0")));
  EXPECT_FALSE(set->Contains(Ip("203.0.113.8")));
  EXPECT_FALSE(set->Contains(Ip("2001:db9::1")));
  EXPECT_FALSE(set->Contains(Ip("::1")));
  EXPECT_EQ(set->cidrs()[3].ToString(), "203.0.113.7/32");
}

TEST(CidrSet, V4SlashZeroInSetExcludesV6) {
  const Result<CidrSet> set = CidrSet::Parse({"0.0.0.0/0"});
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->Contains(Ip("8.8.8.8")));
  EXPECT_FALSE(set->Contains(Ip("2001:4860::8888")));
  const Result<CidrSet> everything = CidrSet::Parse({"::/0"});
  ASSERT_TRUE(everything.ok());
  EXPECT_TRUE(everything->Contains(Ip("8.8.8.8")));
  EXPECT_TRUE(everything->Contains(Ip("2001:4860::8888")));
}

TEST(CidrSet, HostRoutesAtFullLength) {
  const Result<CidrSet> set = CidrSet::Parse({"192.0.2.1/32", "2001:db8::1/128"});
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->Contains(Ip("192.0.2.1")));
  EXPECT_FALSE(set->Contains(Ip("192.0.2.0")));
  EXPECT_TRUE(set->Contains(Ip("2001:db8::1")));
  EXPECT_FALSE(set->Contains(Ip("2001:db8::")));
}

TEST(CidrSet, ParseNamesTheFirstBadEntry) {
  const Result<CidrSet> set = CidrSet::Parse({"10.0.0.0/8", "10.1.2.3/8", "bogus"});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(set.status().message().find("\"10.1.2.3/8\""), std::string::npos)
      << set.status().message();
  EXPECT_EQ(set.status().message().find("bogus"), std::string::npos);
}

TEST(CidrSet, ParseEmptyListIsEmptySet) {
  const Result<CidrSet> set = CidrSet::Parse({});
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->empty());
}

TEST(CidrSet, AddMasksHandBuiltHostBits) {
  // A Cidr built by hand may carry host bits; membership still follows the prefix.
  CidrSet set;
  set.Add(Cidr{Ip("10.1.2.3"), 104});
  EXPECT_EQ(set.size(), 1u);
  EXPECT_TRUE(set.Contains(Ip("10.200.0.1")));
  EXPECT_FALSE(set.Contains(Ip("11.0.0.1")));
}

TEST(CidrSet, AgreesWithCidrContains) {
  const std::vector<std::string> entries = {"10.0.0.0/8",    "172.16.0.0/12", "100.64.0.0/10",
                                            "2001:db8::/32", "fe80::/10",     "::1"};
  const Result<CidrSet> set = CidrSet::Parse(entries);
  ASSERT_TRUE(set.ok());
  for (std::string_view probe :
       {"10.0.0.0", "9.255.255.255", "172.31.255.255", "172.32.0.0", "100.127.0.1", "100.128.0.1",
        "2001:db8::", "2001:db7:ffff::", "febf::1", "fec0::1", "::1", "::2", "0.0.0.0"}) {
    const IpAddress ip = Ip(probe);
    bool any = false;
    for (const Cidr& c : set->cidrs()) any = any || c.Contains(ip);
    EXPECT_EQ(set->Contains(ip), any) << probe;
  }
}

TEST(CidrSet, ContainsDoesNotAllocate) {
  if (test_support::HeapAllocations() < 0) GTEST_SKIP() << "allocation counting is off";
  const Result<CidrSet> set = CidrSet::Parse({"10.0.0.0/8", "2001:db8::/32", "192.0.2.1"});
  ASSERT_TRUE(set.ok());
  const IpAddress in = Ip("10.9.8.7");
  const IpAddress out = Ip("2001:db9::1");
  const int64_t before = test_support::HeapAllocations();
  const bool a = set->Contains(in);
  const bool b = set->Contains(out);
  const bool c = set->cidrs()[1].Contains(out);
  const int64_t after = test_support::HeapAllocations();
  EXPECT_EQ(after - before, 0);
  EXPECT_TRUE(a);
  EXPECT_FALSE(b);
  EXPECT_FALSE(c);
}

}  // namespace
}  // namespace gatewatch::core
