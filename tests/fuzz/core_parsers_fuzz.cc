// Fuzzes the text parsers of lib/core. The first byte chooses the parser, the rest is its text:
//   'a' 'r' 'c' 's' 'm' 'u' 'n'  ParseTimestamp as auto, rfc3339, clf, epoch_s, epoch_ms,
//                                epoch_us, epoch_ns
//   'd'                          ParseDuration
//   'i'                          IpAddress::ParseWithOptionalPort (and IpAddress::Parse)
//   'p'                          Cidr::Parse
// Any other byte chooses entry (byte mod 10) of that list.
//
// Invariants beyond "no crash, no sanitizer report" (all round trips):
//  - a parsed timestamp lies in [1970, 2262) and its FormatRfc3339 spelling parses back, as
//    rfc3339 and as auto, to the same instant;
//  - a parsed duration is not negative and its FormatDuration spelling parses back to it; a
//    rejected one says why;
//  - a parsed address's ToString (and Format) spelling parses back to it, and whatever
//    IpAddress::Parse accepts (without surrounding blanks), ParseWithOptionalPort accepts as
//    the same address;
//  - a parsed CIDR has a prefix length in [0, 128], contains its own network (also inside a
//    CidrSet), and its ToString spelling parses back to the same CIDR.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/cidr_set.h"
#include "core/duration.h"
#include "core/ip_address.h"
#include "core/timestamp.h"

namespace {

using gatewatch::core::Cidr;
using gatewatch::core::IpAddress;
using gatewatch::core::TimeFormat;

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

void FuzzTimestamp(std::string_view text, TimeFormat format) {
  std::optional<gatewatch::core::TimestampNs> t = gatewatch::core::ParseTimestamp(text, format);
  if (!t) return;
  Require(*t >= 0, "a parsed timestamp before 1970");
  const std::string spelled = gatewatch::core::FormatRfc3339(*t);
  Require(gatewatch::core::ParseTimestamp(spelled, TimeFormat::kRfc3339) == t,
          "FormatRfc3339 does not parse back as rfc3339 to the same instant");
  Require(gatewatch::core::ParseTimestamp(spelled, TimeFormat::kAuto) == t,
          "FormatRfc3339 does not parse back as auto to the same instant");
}

void FuzzDuration(std::string_view text) {
  auto d = gatewatch::core::ParseDuration(text);
  if (!d.ok()) {
    Require(!d.status().message().empty(), "a rejected duration without a message");
    return;
  }
  Require(*d >= 0, "a negative duration");
  auto again = gatewatch::core::ParseDuration(gatewatch::core::FormatDuration(*d));
  Require(again.ok() && *again == *d, "FormatDuration does not parse back to the same duration");
}

void FuzzIpAddress(std::string_view text) {
  std::optional<IpAddress> plain = IpAddress::Parse(text);
  std::optional<IpAddress> ip = IpAddress::ParseWithOptionalPort(text);
  // ParseWithOptionalPort trims surrounding spaces and tabs first ("fe80::1% " has a zone of
  // " " for Parse), so the two agree only on trimmed text.
  const bool trimmed = !text.empty() && text.front() != ' ' && text.front() != '\t' &&
                       text.back() != ' ' && text.back() != '\t';
  if (plain && trimmed) {
    Require(ip == plain, "ParseWithOptionalPort rejects or changes what Parse accepts");
  }
  if (!ip) return;
  const std::string spelled = ip->ToString();
  Require(IpAddress::Parse(spelled) == ip, "ToString does not parse back to the same address");
  char buffer[IpAddress::kMaxTextSize];
  const size_t n = ip->Format(buffer);
  Require(n < IpAddress::kMaxTextSize && std::string_view(buffer, n) == spelled,
          "Format differs from ToString");
}

void FuzzCidr(std::string_view text) {
  auto cidr = Cidr::Parse(text);
  if (!cidr.ok()) {
    Require(!cidr.status().message().empty(), "a rejected CIDR without a message");
    return;
  }
  Require(cidr->prefix_len >= 0 && cidr->prefix_len <= 128, "prefix length outside [0, 128]");
  Require(cidr->Contains(cidr->network), "a CIDR that does not contain its network");
  gatewatch::core::CidrSet set;
  set.Add(*cidr);
  Require(set.Contains(cidr->network), "a CidrSet that does not contain its network");
  auto again = Cidr::Parse(cidr->ToString());
  Require(again.ok() && again->network == cidr->network && again->prefix_len == cidr->prefix_len,
          "ToString does not parse back to the same CIDR");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kSelectors = "arcsmundip";
  size_t which = kSelectors.find(static_cast<char>(data[0]));
  if (which == std::string_view::npos) which = data[0] % kSelectors.size();
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  switch (kSelectors[which]) {
    case 'a':
      FuzzTimestamp(text, TimeFormat::kAuto);
      break;
    case 'r':
      FuzzTimestamp(text, TimeFormat::kRfc3339);
      break;
    case 'c':
      FuzzTimestamp(text, TimeFormat::kClf);
      break;
    case 's':
      FuzzTimestamp(text, TimeFormat::kEpochS);
      break;
    case 'm':
      FuzzTimestamp(text, TimeFormat::kEpochMs);
      break;
    case 'u':
      FuzzTimestamp(text, TimeFormat::kEpochUs);
      break;
    case 'n':
      FuzzTimestamp(text, TimeFormat::kEpochNs);
      break;
    case 'd':
      FuzzDuration(text);
      break;
    case 'i':
      FuzzIpAddress(text);
      break;
    case 'p':
      FuzzCidr(text);
      break;
  }
  return 0;
}
