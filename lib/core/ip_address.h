#ifndef GATEWATCH_CORE_IP_ADDRESS_H_
#define GATEWATCH_CORE_IP_ADDRESS_H_

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gatewatch::core {

// An IPv4 or IPv6 address, by value (16 bytes, no allocation). IPv4 is stored as its
// IPv4-mapped IPv6 form (::ffff:a.b.c.d), so one comparison and one CIDR test serve both
// families; an IPv4-mapped IPv6 literal is the same address as the plain IPv4 one.
class IpAddress {
 public:
  IpAddress() = default;  // the unspecified address ::

  // Parses "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "fe80::1%eth0" (zone dropped).
  static std::optional<IpAddress> Parse(std::string_view text);

  // Like Parse, but also accepts the forms logs carry with a port: "192.0.2.1:443",
  // "[2001:db8::1]:443", "[2001:db8::1]". Surrounding ASCII spaces are ignored.
  static std::optional<IpAddress> ParseWithOptionalPort(std::string_view text);

  static IpAddress FromV4(uint32_t host_order);
  static IpAddress FromBytes(const std::array<uint8_t, 16>& v6);

  bool is_v4() const;
  // The IPv4 address in host byte order; only meaningful when is_v4().
  uint32_t v4() const;
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  // Dotted quad for IPv4, RFC 5952 form for IPv6.
  std::string ToString() const;
  // Writes ToString() into `out` (at least kMaxTextSize bytes) without allocating, followed by a
  // NUL; returns the length without the NUL.
  static constexpr size_t kMaxTextSize = 46;
  size_t Format(char* out) const;

  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  std::array<uint8_t, 16> bytes_{};
};

struct IpAddressHash {
  size_t operator()(const IpAddress& ip) const;
};

}  // namespace gatewatch::core

#endif  // GATEWATCH_CORE_IP_ADDRESS_H_
