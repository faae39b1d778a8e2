#include "gen/ip_space.h"

#include <cstdio>
#include <string>

namespace gatewatch::gen {
namespace {

constexpr uint64_t kV4Tag = 0xffff00000000ULL;

// First octets of large consumer ISP allocations (no private, shared, loopback, multicast or
// documentation blocks).
constexpr uint8_t kResidentialV4[] = {
    2,   5,   24,  31,  37,  46,  49,  50,  58,  62,  66,  67,  68,  69,  70,  71,
    72,  73,  74,  75,  76,  77,  78,  79,  80,  81,  82,  83,  84,  85,  86,  87,
    88,  89,  90,  91,  92,  93,  94,  95,  96,  97,  98,  99,  101, 109, 110, 112,
    115, 118, 121, 124, 151, 173, 174, 175, 176, 177, 178, 179, 180, 181, 183, 186,
    187, 188, 189, 190, 191, 200, 201, 212, 213, 217, 218, 219, 220, 222};

// First octets used by big cloud and hosting providers.
constexpr uint8_t kCloudV4[] = {3,   13,  18,  20,  34,  35,  40,  44,  52,  54,
                                104, 137, 138, 139, 146, 157, 159, 161, 165, 167};

constexpr uint16_t kResidentialV6[] = {0x2a02, 0x2a01, 0x2a00, 0x2600, 0x2601, 0x2603,
                                       0x2804, 0x2406, 0x240e, 0x2409, 0x2003, 0x2a0a};
constexpr uint16_t kCloudV6[][2] = {
    {0x2600, 0x1f18}, {0x2a05, 0xd018}, {0x2600, 0x1900}, {0x2a01, 0x4f8}};

template <typename T, size_t N>
T PickFrom(const T (&table)[N], Rng& rng) {
  return table[rng.Below(N)];
}

uint64_t V4(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return kV4Tag | (a << 24) | (b << 16) | (c << 8) | d;
}

// RFC 5952 text: lowercase hex, no leading zeros, the longest run (>= 2) of zero groups as "::".
std::string FormatV6(uint64_t hi, uint64_t lo) {
  uint16_t g[8];
  for (int i = 0; i < 4; ++i) {
    g[i] = static_cast<uint16_t>(hi >> (48 - 16 * i));
    g[4 + i] = static_cast<uint16_t>(lo >> (48 - 16 * i));
  }
  int best_start = -1;
  int best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && g[j] == 0) {
      ++j;
    }
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') {
      out += ':';
    }
    std::snprintf(buf, sizeof(buf), "%x", g[i]);
    out += buf;
  }
  return out;
}

}  // namespace

IpSpace::Address IpSpace::Draw(IpKind kind, Rng& rng) {
  // One draw per statement: the order of evaluation of function arguments is unspecified (GCC
  // and Clang differ), and the output must not depend on the compiler.
  switch (kind) {
    case IpKind::kResidentialV4:
    case IpKind::kCloudV4: {
      const uint64_t a =
          kind == IpKind::kCloudV4 ? PickFrom(kCloudV4, rng) : PickFrom(kResidentialV4, rng);
      const uint64_t b = rng.Below(256);
      const uint64_t c = rng.Below(256);
      return {0, V4(a, b, c, 1 + rng.Below(254))};
    }
    case IpKind::kDocV4:
      return {0, rng.Below(2) == 0 ? V4(198, 51, 100, 1 + rng.Below(254))
                                   : V4(203, 0, 113, 1 + rng.Below(254))};
    case IpKind::kResidentialV6: {
      const uint64_t prefix = PickFrom(kResidentialV6, rng);
      const uint64_t hi = (prefix << 48) | (rng.Next() & 0x0000ffffffffff00ULL);
      return {hi, rng.Next()};
    }
    case IpKind::kCloudV6: {
      const auto& p = kCloudV6[rng.Below(std::size(kCloudV6))];
      const uint64_t hi = (uint64_t{p[0]} << 48) | (uint64_t{p[1]} << 32) | rng.Below(1 << 20);
      return {hi, rng.Below(2) == 0 ? rng.Below(0x10000) : rng.Next()};
    }
    case IpKind::kDocV6: {
      const uint64_t hi = (uint64_t{0x2001} << 48) | (uint64_t{0x0db8} << 32) | rng.Below(1 << 24);
      return {hi, rng.Below(2) == 0 ? 1 + rng.Below(0xfff) : rng.Next()};
    }
    case IpKind::kPrivateV4: {
      const uint64_t b = rng.Below(256);
      const uint64_t c = rng.Below(256);
      return {0, V4(10, b, c, 1 + rng.Below(254))};
    }
  }
  return {0, V4(192, 0, 2, 1)};
}

std::string_view IpSpace::Take(const Address& a) {
  if (!used_.insert(a).second) {
    return {};
  }
  if (a.hi == 0) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", static_cast<unsigned>((a.lo >> 24) & 255),
                  static_cast<unsigned>((a.lo >> 16) & 255),
                  static_cast<unsigned>((a.lo >> 8) & 255), static_cast<unsigned>(a.lo & 255));
    return pool_->Add(buf);
  }
  return pool_->Add(FormatV6(a.hi, a.lo));
}

std::string_view IpSpace::Allocate(IpKind kind, Rng& rng) {
  for (int attempt = 0;; ++attempt) {
    const IpKind k = (kind == IpKind::kDocV4 && attempt >= 32) ? IpKind::kResidentialV4 : kind;
    const std::string_view ip = Take(Draw(k, rng));
    if (!ip.empty()) {
      return ip;
    }
  }
}

std::string_view IpSpace::AllocateIn16(uint32_t prefix16, Rng& rng) {
  for (;;) {
    const uint64_t c = rng.Below(256);
    const std::string_view ip = Take({0, V4(prefix16 >> 8, prefix16 & 255, c, 1 + rng.Below(254))});
    if (!ip.empty()) {
      return ip;
    }
  }
}

uint32_t IpSpace::ResidentialPrefix16(Rng& rng) {
  const uint32_t a = PickFrom(kResidentialV4, rng);
  return (a << 8) | static_cast<uint32_t>(rng.Below(256));
}

}  // namespace gatewatch::gen
