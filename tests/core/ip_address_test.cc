#include "core/ip_address.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "support/heap_allocation_counter.h"

namespace gatewatch::core {
namespace {

// The canonical text of an address that must parse.
std::string Canonical(std::string_view text) {
  const std::optional<IpAddress> ip = IpAddress::Parse(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return ip ? ip->ToString() : "<invalid>";
}

std::string WithPort(std::string_view text) {
  const std::optional<IpAddress> ip = IpAddress::ParseWithOptionalPort(text);
  return ip ? ip->ToString() : "<invalid>";
}

TEST(IpAddress, DefaultIsUnspecifiedV6) {
  const IpAddress ip;
  EXPECT_FALSE(ip.is_v4());
  EXPECT_EQ(ip.ToString(), "::");
  EXPECT_EQ(ip, *IpAddress::Parse("::"));
}

TEST(IpAddress, ParsesV4AsMappedV6) {
  const std::optional<IpAddress> ip = IpAddress::Parse("192.0.2.1");
  ASSERT_TRUE(ip.has_value());
  EXPECT_TRUE(ip->is_v4());
  EXPECT_EQ(ip->v4(), 0xC0000201u);
  const std::array<uint8_t, 16> want = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
  EXPECT_EQ(ip->bytes(), want);
  EXPECT_EQ(ip->ToString(), "192.0.2.1");
}

TEST(IpAddress, V4Extremes) {
  EXPECT_EQ(Canonical("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(Canonical("255.255.255.255"), "255.255.255.255");
  EXPECT_EQ(IpAddress::Parse("255.255.255.255")->v4(), 0xFFFFFFFFu);
  EXPECT_EQ(Canonical("10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(Canonical("100.64.200.9"), "100.64.200.9");
}

TEST(IpAddress, MappedV6LiteralIsTheSameAsV4) {
  const std::optional<IpAddress> mapped = IpAddress::Parse("::ffff:192.0.2.1");
  ASSERT_TRUE(mapped.has_value());
  EXPECT_TRUE(mapped->is_v4());
  EXPECT_EQ(*mapped, *IpAddress::Parse("192.0.2.1"));
  EXPECT_EQ(mapped->ToString(), "192.0.2.1");
  EXPECT_EQ(*IpAddress::Parse("::ffff:c000:201"), *mapped);
  EXPECT_EQ(*IpAddress::Parse("0:0:0:0:0:FFFF:C000:0201"), *mapped);
}

TEST(IpAddress, FromV4AndV4RoundTrip) {
  const IpAddress ip = IpAddress::FromV4(0x0A010203);
  EXPECT_TRUE(ip.is_v4());
  EXPECT_EQ(ip.v4(), 0x0A010203u);
  EXPECT_EQ(ip.ToString(), "10.1.2.3");
  EXPECT_EQ(ip, *IpAddress::Parse("10.1.2.3"));
}

TEST(IpAddress, FromBytesKeepsBytes) {
  std::array<uint8_t, 16> b{};
  b[0] = 0x20;
  b[1] = 0x01;
  b[2] = 0x0d;
  b[3] = 0xb8;
  b[15] = 1;
  const IpAddress ip = IpAddress::FromBytes(b);
  EXPECT_EQ(ip.bytes(), b);
  EXPECT_FALSE(ip.is_v4());
  EXPECT_EQ(ip.ToString(), "2001:db8::1");
}

TEST(IpAddress, RejectsMalformedV4) {
  for (std::string_view bad :
       {"",           "1",          "1.2.3",    "1.2.3.4.5",  "256.0.0.1",
        "1.2.3.256",  "1.2.3.4.",   ".1.2.3.4", "1..2.3",     "1.2.3.-4",
        "+1.2.3.4",   "1.2.3.4 ",   " 1.2.3.4", "1.2.3.4x",   "0x1.2.3.4",
        "1.2.3.1000", "1.2.3.0004", "1,2,3,4",  "1.2.3.4/24", "1.2.3.4%eth0"}) {
    EXPECT_FALSE(IpAddress::Parse(bad).has_value()) << bad;
  }
}

TEST(IpAddress, RejectsLeadingZerosInV4Octets) {
  EXPECT_FALSE(IpAddress::Parse("010.0.0.1").has_value());
  EXPECT_FALSE(IpAddress::Parse("10.0.0.01").has_value());
  EXPECT_FALSE(IpAddress::Parse("10.00.0.1").has_value());
  EXPECT_FALSE(IpAddress::Parse("::ffff:010.0.0.1").has_value());
  EXPECT_TRUE(IpAddress::Parse("10.0.0.0").has_value());  // a lone zero is fine
}

TEST(IpAddress, RejectsEmbeddedNul) {
  EXPECT_FALSE(IpAddress::Parse(std::string_view("1.2.3.4\0", 8)).has_value());
  EXPECT_FALSE(IpAddress::Parse(std::string_view("::1\0junk", 8)).has_value());
}

TEST(IpAddress, ParsesV6Forms) {
  EXPECT_EQ(Canonical("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(Canonical("::1"), "::1");
  EXPECT_EQ(Canonical("::"), "::");
  EXPECT_EQ(Canonical("fe80::"), "fe80::");
  EXPECT_EQ(Canonical("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8");
  EXPECT_EQ(Canonical("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

TEST(IpAddress, V6IsPrintedPerRfc5952) {
  EXPECT_EQ(Canonical("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");  // lowercase,
  EXPECT_EQ(Canonical("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");     // first of equal runs
  EXPECT_EQ(Canonical("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");           // longest run
  EXPECT_EQ(Canonical("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");  // no "::" for one 0
  EXPECT_EQ(Canonical("0:0:0:0:0:0:0:1"), "::1");
  EXPECT_EQ(Canonical("1:0:0:0:0:0:0:0"), "1::");
  EXPECT_EQ(Canonical("0:1:0:1:0:1:0:1"), "0:1:0:1:0:1:0:1");
  EXPECT_EQ(Canonical("2001:db8::0:1"), "2001:db8::1");
  EXPECT_EQ(Canonical("2001:db8:a:b:c:d:0:0"), "2001:db8:a:b:c:d::");
  EXPECT_EQ(Canonical("abcd:ef01:2345:6789:abcd:ef01:2345:6789"),
            "abcd:ef01:2345:6789:abcd:ef01:2345:6789");
}

TEST(IpAddress, NonMappedEmbeddedV4IsPrintedAsHex) {
  // Only ::ffff:0:0/96 is IPv4 here; the deprecated "compatible" form is an ordinary IPv6.
  const std::optional<IpAddress> ip = IpAddress::Parse("::1.2.3.4");
  ASSERT_TRUE(ip.has_value());
  EXPECT_FALSE(ip->is_v4());
  EXPECT_EQ(ip->ToString(), "::102:304");
  EXPECT_EQ(Canonical("64:ff9b::192.0.2.1"), "64:ff9b::c000:201");
}

TEST(IpAddress, DropsZoneId) {
  EXPECT_EQ(*IpAddress::Parse("fe80::1%eth0"), *IpAddress::Parse("fe80::1"));
  EXPECT_EQ(Canonical("fe80::1%25"), "fe80::1");
  EXPECT_FALSE(IpAddress::Parse("fe80::1%").has_value());
}

TEST(IpAddress, RejectsMalformedV6) {
  for (std::string_view bad :
       {":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "::1 ",
        " ::1", "[::1]", "::1/128", "2001:db8::1:", ":2001:db8::1", "::ffff:1.2.3",
        "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4",
        "0000:0000:0000:0000:0000:0000:0000:0000:0000"}) {
    EXPECT_FALSE(IpAddress::Parse(bad).has_value()) << bad;
  }
}

TEST(IpAddress, RejectsOverlongText) {
  // 45 characters is the longest an address can be written; longer text cannot be one.
  EXPECT_TRUE(IpAddress::Parse("0000:0000:0000:0000:0000:ffff:255.255.255.255").has_value());
  EXPECT_FALSE(IpAddress::Parse("00000:0000:0000:0000:0000:ffff:255.255.255.255").has_value());
  EXPECT_FALSE(IpAddress::Parse(std::string(1000, ':')).has_value());
  EXPECT_FALSE(IpAddress::Parse("::1" + std::string(100, ' ')).has_value());
}

TEST(IpAddress, ParseWithOptionalPortV4) {
  EXPECT_EQ(WithPort("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(WithPort("192.0.2.1:8080"), "192.0.2.1");
  EXPECT_EQ(WithPort("192.0.2.1:0"), "192.0.2.1");
  EXPECT_EQ(WithPort("192.0.2.1:65535"), "192.0.2.1");
}

TEST(IpAddress, ParseWithOptionalPortBracketedV6) {
  EXPECT_EQ(WithPort("[::1]:443"), "::1");
  EXPECT_EQ(WithPort("[::1]"), "::1");
  EXPECT_EQ(WithPort("[2001:db8::1]:8080"), "2001:db8::1");
  EXPECT_EQ(WithPort("[fe80::1%eth0]:22"), "fe80::1");
  EXPECT_EQ(WithPort("[::ffff:192.0.2.1]:80"), "192.0.2.1");
}

TEST(IpAddress, ParseWithOptionalPortNeverSplitsUnbracketedV6) {
  // The last group of a bare IPv6 address looks like a port; it must stay part of the address.
  EXPECT_EQ(WithPort("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(WithPort("2001:db8::443"), "2001:db8::443");
  EXPECT_EQ(WithPort("::1"), "::1");
  EXPECT_EQ(WithPort("::ffff:192.0.2.1"), "192.0.2.1");
}

TEST(IpAddress, ParseWithOptionalPortTrimsSpaces) {
  EXPECT_EQ(WithPort("  192.0.2.1  "), "192.0.2.1");
  EXPECT_EQ(WithPort(" 192.0.2.1:80 "), "192.0.2.1");
  EXPECT_EQ(WithPort("\t[::1]:443 "), "::1");
  EXPECT_EQ(WithPort(" 2001:db8::1 "), "2001:db8::1");
  EXPECT_EQ(WithPort("192.0.2.1 :80"), "<invalid>");  // only surrounding spaces
}

TEST(IpAddress, ParseWithOptionalPortRejectsBadPorts) {
  for (std::string_view bad : {"192.0.2.1:", "192.0.2.1:65536", "192.0.2.1:123456",
                               "192.0.2.1:http", "192.0.2.1:-1", "192.0.2.1:+80", "192.0.2.1: 80",
                               "[::1]:", "[::1]:99999", "[::1]:443x", "[::1]443", "[::1]:1:2"}) {
    EXPECT_EQ(WithPort(bad), "<invalid>") << bad;
  }
}

TEST(IpAddress, ParseWithOptionalPortRejectsJunk) {
  for (std::string_view bad :
       {"", "   ", "[", "[]", "[]:80", "[::1", "::1]", "[192.0.2.1]:80", "[[::1]]",
        "example.com:80", ":80", "1.2.3.4:80:90", "[::1]]:80", "010.0.0.1:80"}) {
    EXPECT_EQ(WithPort(bad), "<invalid>") << bad;
  }
}

TEST(IpAddress, OrderingAndEquality) {
  const IpAddress a = *IpAddress::Parse("10.0.0.1");
  const IpAddress b = *IpAddress::Parse("10.0.0.2");
  const IpAddress v6 = *IpAddress::Parse("2001:db8::1");
  EXPECT_LT(a, b);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, *IpAddress::Parse("::ffff:10.0.0.1"));
  // Mapped IPv4 (::ffff:...) sorts after ::/80 and before 2001:db8::.
  EXPECT_LT(*IpAddress::Parse("::1"), a);
  EXPECT_LT(a, v6);
  std::set<IpAddress> ordered = {v6, b, a};
  EXPECT_EQ(ordered.begin()->ToString(), "10.0.0.1");
}

TEST(IpAddress, FormatWritesWithoutAllocating) {
  char buf[IpAddress::kMaxTextSize];
  const IpAddress v4 = *IpAddress::Parse("255.255.255.255");
  const IpAddress v6 = *IpAddress::Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
  const int64_t before = test_support::HeapAllocations();
  const size_t n4 = v4.Format(buf);
  const std::string_view s4(buf, n4);
  const bool v4_ok = s4 == "255.255.255.255" && buf[n4] == '\0';
  const size_t n6 = v6.Format(buf);
  const bool v6_ok = std::string_view(buf, n6) == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe" &&
                     buf[n6] == '\0' && std::strlen(buf) == n6;
  const int64_t after = test_support::HeapAllocations();
  EXPECT_TRUE(v4_ok);
  EXPECT_TRUE(v6_ok);
  EXPECT_EQ(n6, 39u);
  EXPECT_EQ(after - before, 0);
}

TEST(IpAddress, ParseDoesNotAllocate) {
  if (test_support::HeapAllocations() < 0) GTEST_SKIP() << "allocation counting is off";
  const int64_t before = test_support::HeapAllocations();
  const auto a = IpAddress::Parse("192.0.2.1");
  const auto b = IpAddress::Parse("2001:db8:1234:5678:9abc:def0:1234:5678");
  const auto c = IpAddress::Parse("fe80::1%a-rather-long-interface-name-beyond-sso");
  const auto d = IpAddress::ParseWithOptionalPort(" [2001:db8::1]:443 ");
  const auto e = IpAddress::ParseWithOptionalPort("192.0.2.1:8080");
  const auto f = IpAddress::Parse("this is not an address, and it is long enough to matter");
  const int64_t after = test_support::HeapAllocations();
  EXPECT_EQ(after - before, 0);
  EXPECT_TRUE(a && b && c && d && e && !f);
}

TEST(IpAddressHash, EqualAddressesHashEqual) {
  const IpAddressHash hash;
  EXPECT_EQ(hash(*IpAddress::Parse("10.0.0.1")), hash(*IpAddress::Parse("::ffff:10.0.0.1")));
  EXPECT_EQ(hash(*IpAddress::Parse("2001:db8::1")),
            hash(*IpAddress::Parse("2001:0db8:0:0:0:0:0:1")));
}

TEST(IpAddressHash, SpreadsSequentialAddresses) {
  // A /16 of sequential IPv4 addresses (differing only in the last bytes) and the same count of
  // IPv6 addresses differing only in the high bytes must neither collide nor crowd buckets.
  const IpAddressHash hash;
  std::unordered_set<size_t> seen;
  std::vector<int> low_bits(1024, 0);
  for (uint32_t i = 0; i < 65536; ++i) {
    const size_t h = hash(IpAddress::FromV4(0x0A000000 | i));
    seen.insert(h);
    ++low_bits[h & 1023];
  }
  for (uint32_t i = 0; i < 65536; ++i) {
    std::array<uint8_t, 16> b{};
    b[0] = static_cast<uint8_t>(i >> 8);
    b[1] = static_cast<uint8_t>(i);
    const size_t h = hash(IpAddress::FromBytes(b));
    seen.insert(h);
    ++low_bits[h & 1023];
  }
  EXPECT_EQ(seen.size(), 2u * 65536);
  // 128 keys per bucket on average; a decent mix keeps every bucket within a wide margin.
  for (int count : low_bits) {
    EXPECT_GT(count, 64);
    EXPECT_LT(count, 192);
  }
}

TEST(IpAddressHash, WorksInUnorderedSet) {
  std::unordered_set<IpAddress, IpAddressHash> set;
  set.insert(*IpAddress::Parse("192.0.2.1"));
  set.insert(*IpAddress::Parse("::ffff:192.0.2.1"));
  set.insert(*IpAddress::Parse("2001:db8::1"));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_TRUE(set.contains(*IpAddress::Parse("192.0.2.1")));
  EXPECT_FALSE(set.contains(*IpAddress::Parse("192.0.2.2")));
}

}  // namespace
}  // namespace gatewatch::core
