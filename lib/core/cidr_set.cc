#include "core/cidr_set.h"

#include <algorithm>

namespace gatewatch::core {
namespace {

// IPv4 networks live in the IPv4-mapped range ::ffff:0:0/96.
inline constexpr int kV4MappedPrefix = 96;

struct Halves {
  uint64_t hi;
  uint64_t lo;
};

Halves Load(const IpAddress& ip) {
  const std::array<uint8_t, 16>& b = ip.bytes();
  Halves h{0, 0};
  for (int i = 0; i < 8; ++i) {
    h.hi = h.hi << 8 | b[i];
    h.lo = h.lo << 8 | b[i + 8];
  }
  return h;
}

// The netmask of a prefix length in [0, 128] as two halves.
Halves Mask(int prefix_len) {
  const auto high_bits = [](int n) -> uint64_t {  // n in [0, 64]
    return n == 0 ? 0 : ~uint64_t{0} << (64 - n);
  };
  prefix_len = std::clamp(prefix_len, 0, 128);
  return {high_bits(std::min(prefix_len, 64)), high_bits(std::max(prefix_len - 64, 0))};
}

IpAddress Store(Halves h) {
  std::array<uint8_t, 16> b;
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<uint8_t>(h.hi >> (56 - 8 * i));
    b[i + 8] = static_cast<uint8_t>(h.lo >> (56 - 8 * i));
  }
  return IpAddress::FromBytes(b);
}

// Builds by appending: GCC 12 reports a false -Wrestrict on `"literal" + std::string`.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

Status Invalid(std::string_view text, std::string_view why) {
  std::string msg = "invalid CIDR ";
  msg += Quote(text);
  msg += ": ";
  msg += why;
  return Status::InvalidArgument(std::move(msg));
}

}  // namespace

Result<Cidr> Cidr::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  const std::string_view address_text = text.substr(0, slash);
  const std::optional<IpAddress> address = IpAddress::Parse(address_text);
  if (!address) {
    std::string why = Quote(address_text);
    why += " is not an IP address";
    return Invalid(text, why);
  }
  // The family is the one written: "::ffff:10.0.0.0/104" is an IPv6 prefix over mapped space.
  const bool v4 = address_text.find(':') == std::string_view::npos;
  const int max_len = v4 ? 32 : 128;

  int prefix_len = max_len;
  if (slash != std::string_view::npos) {
    const std::string_view len_text = text.substr(slash + 1);
    if (len_text.empty() || len_text.size() > 3 ||
        !std::all_of(len_text.begin(), len_text.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      return Invalid(text, "the prefix length after '/' must be a number");
    }
    prefix_len = 0;
    for (char c : len_text) prefix_len = prefix_len * 10 + (c - '0');
    if (prefix_len > max_len) {
      std::string why = "prefix length ";
      why += std::to_string(prefix_len);
      why += " is out of range (0-";
      why += std::to_string(max_len);
      why += v4 ? " for IPv4)" : " for IPv6)";
      return Invalid(text, why);
    }
  }

  Cidr cidr;
  cidr.prefix_len = v4 ? prefix_len + kV4MappedPrefix : prefix_len;
  const Halves addr = Load(*address);
  const Halves mask = Mask(cidr.prefix_len);
  cidr.network = Store({addr.hi & mask.hi, addr.lo & mask.lo});
  if (cidr.network != *address) {
    std::string why = "host bits are set (the network is ";
    why += Quote(cidr.ToString());
    why += ")";
    return Invalid(text, why);
  }
  return cidr;
}

bool Cidr::Contains(const IpAddress& ip) const {
  const Halves addr = Load(ip);
  const Halves net = Load(network);
  const Halves mask = Mask(prefix_len);
  return (addr.hi & mask.hi) == (net.hi & mask.hi) && (addr.lo & mask.lo) == (net.lo & mask.lo);
}

std::string Cidr::ToString() const {
  // IPv4 networks print as IPv4 with their IPv4 prefix length. A valid network in the mapped range
  // always has a prefix of at least 96 (a shorter one would have host bits set); a hand-built
  // one that does not is spelled as IPv6 so the prefix length still reads correctly.
  const bool v4 = network.is_v4() && prefix_len >= kV4MappedPrefix;
  std::string out;
  if (network.is_v4() && !v4) out = "::ffff:";
  out += network.ToString();
  out += '/';
  out += std::to_string(v4 ? prefix_len - kV4MappedPrefix : prefix_len);
  return out;
}

Result<CidrSet> CidrSet::Parse(const std::vector<std::string>& entries) {
  CidrSet set;
  for (const std::string& entry : entries) {
    Result<Cidr> cidr = Cidr::Parse(entry);
    if (!cidr.ok()) return cidr.status();
    set.Add(*cidr);
  }
  return set;
}

void CidrSet::Add(const Cidr& cidr) {
  cidrs_.push_back(cidr);
  const Halves net = Load(cidr.network);
  const Halves mask = Mask(cidr.prefix_len);
  // Masking here keeps Contains right even for a hand-built Cidr with host bits set.
  masked_.push_back({net.hi & mask.hi, net.lo & mask.lo, mask.hi, mask.lo});
}

bool CidrSet::Contains(const IpAddress& ip) const {
  const Halves addr = Load(ip);
  for (const Masked& m : masked_) {
    if ((addr.hi & m.mask_hi) == m.network_hi && (addr.lo & m.mask_lo) == m.network_lo) {
      return true;
    }
  }
  return false;
}

}  // namespace gatewatch::core
