#include "core/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

namespace gatewatch::core {
namespace {

// The longest IPv6 text inet_pton can accept: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".
inline constexpr size_t kMaxV6TextLength = 45;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strict dotted quad: exactly four decimal octets of 1-3 digits, each <= 255, without leading
// zeros (which some parsers read as octal, so "010.0.0.1" is ambiguous), as inet_pton does.
std::optional<uint32_t> ParseV4(std::string_view text) {
  uint32_t result = 0;
  size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
    const size_t start = i;
    uint32_t value = 0;
    while (i < text.size() && IsDigit(text[i]) && i - start < 3) {
      value = value * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
    }
    const size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    result = result << 8 | value;
  }
  if (i != text.size()) return std::nullopt;
  return result;
}

std::optional<std::array<uint8_t, 16>> ParseV6(std::string_view text) {
  // "fe80::1%eth0": the zone names a link on this host and means nothing to us; drop it.
  const size_t zone = text.find('%');
  if (zone != std::string_view::npos) {
    if (zone + 1 == text.size()) return std::nullopt;  // "%" without a zone
    text = text.substr(0, zone);
  }
  // inet_pton needs a NUL-terminated string; an embedded NUL would silently end it early.
  if (text.size() > kMaxV6TextLength || text.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  char buf[kMaxV6TextLength + 1];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  std::array<uint8_t, 16> bytes;
  if (inet_pton(AF_INET6, buf, bytes.data()) != 1) return std::nullopt;
  return bytes;
}

// Port after a colon: 1-5 digits, at most 65535.
bool IsPort(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  uint32_t value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return false;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  return value <= 65535;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

uint64_t LoadBigEndian64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}

// The murmur3 64-bit finalizer: every input bit affects every output bit.
uint64_t Mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

char* WriteDecimal(char* p, uint32_t v) {
  if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
  if (v >= 10) *p++ = static_cast<char>('0' + v / 10 % 10);
  *p++ = static_cast<char>('0' + v % 10);
  return p;
}

char* WriteHex(char* p, uint32_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const uint32_t nibble = (v >> shift) & 0xf;
    if (nibble != 0 || started || shift == 0) {
      *p++ = kDigits[nibble];
      started = true;
    }
  }
  return p;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.find(':') == std::string_view::npos) {
    const std::optional<uint32_t> v4 = ParseV4(text);
    if (!v4) return std::nullopt;
    return FromV4(*v4);
  }
  const std::optional<std::array<uint8_t, 16>> v6 = ParseV6(text);
  if (!v6) return std::nullopt;
  return FromBytes(*v6);
}

std::optional<IpAddress> IpAddress::ParseWithOptionalPort(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;

  if (text.front() == '[') {
    // "[v6]" or "[v6]:port"; brackets are only for IPv6.
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || !IsPort(rest.substr(1)))) return std::nullopt;
    const std::string_view inner = text.substr(1, close - 1);
    if (inner.find(':') == std::string_view::npos) return std::nullopt;
    return Parse(inner);
  }

  const size_t colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    // Exactly one colon: "v4:port". IPv6 always has at least two colons, so an unbracketed IPv6
    // address is never split.
    if (!IsPort(text.substr(colon + 1))) return std::nullopt;
    return Parse(text.substr(0, colon));
  }
  return Parse(text);
}

IpAddress IpAddress::FromV4(uint32_t host_order) {
  IpAddress ip;
  ip.bytes_[10] = 0xff;
  ip.bytes_[11] = 0xff;
  ip.bytes_[12] = static_cast<uint8_t>(host_order >> 24);
  ip.bytes_[13] = static_cast<uint8_t>(host_order >> 16);
  ip.bytes_[14] = static_cast<uint8_t>(host_order >> 8);
  ip.bytes_[15] = static_cast<uint8_t>(host_order);
  return ip;
}

IpAddress IpAddress::FromBytes(const std::array<uint8_t, 16>& v6) {
  IpAddress ip;
  ip.bytes_ = v6;
  return ip;
}

bool IpAddress::is_v4() const {
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(bytes_.data(), kMappedPrefix, sizeof(kMappedPrefix)) == 0;
}

uint32_t IpAddress::v4() const {
  return static_cast<uint32_t>(bytes_[12]) << 24 | static_cast<uint32_t>(bytes_[13]) << 16 |
         static_cast<uint32_t>(bytes_[14]) << 8 | static_cast<uint32_t>(bytes_[15]);
}

std::string IpAddress::ToString() const {
  char buf[kMaxTextSize];
  const size_t n = Format(buf);
  return std::string(buf, n);
}

size_t IpAddress::Format(char* out) const {
  char* p = out;
  if (is_v4()) {
    for (int i = 12; i < 16; ++i) {
      if (i > 12) *p++ = '.';
      p = WriteDecimal(p, bytes_[i]);
    }
    *p = '\0';
    return static_cast<size_t>(p - out);
  }

  // RFC 5952: lowercase hex without leading zeros; the longest run of two or more zero groups
  // (the first one on a tie) becomes "::".
  uint32_t groups[8];
  for (int i = 0; i < 8; ++i) {
    groups[i] = static_cast<uint32_t>(bytes_[2 * i]) << 8 | bytes_[2 * i + 1];
  }
  int best_start = -1;
  int best_len = 1;  // a single zero group is not compressed
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      *p++ = ':';
      *p++ = ':';
      i += best_len - 1;
      continue;
    }
    if (i > 0 && i != best_start + best_len) *p++ = ':';
    p = WriteHex(p, groups[i]);
  }
  *p = '\0';
  return static_cast<size_t>(p - out);
}

size_t IpAddressHash::operator()(const IpAddress& ip) const {
  const uint8_t* b = ip.bytes().data();
  const uint64_t hi = LoadBigEndian64(b);
  const uint64_t lo = LoadBigEndian64(b + 8);
  return static_cast<size_t>(Mix64(hi ^ Mix64(lo + 0x9e3779b97f4a7c15ULL)));
}

}  // namespace gatewatch::core
