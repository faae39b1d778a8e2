#ifndef GATEWATCH_CORE_CIDR_SET_H_
#define GATEWATCH_CORE_CIDR_SET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.h"
#include "core/result.h"

namespace gatewatch::core {

// One network: an address and a prefix length (0-32 for IPv4, 0-128 for IPv6).
struct Cidr {
  IpAddress network;   // host bits cleared
  int prefix_len = 0;  // in the IPv4-mapped space: an IPv4 /24 is stored as /120

  // Parses "10.0.0.0/8", "2001:db8::/32", or a bare address (a /32 or /128). Host bits set in
  // the address ("10.1.2.3/8") are an error, as they usually mean a typo.
  static Result<Cidr> Parse(std::string_view text);
  bool Contains(const IpAddress& ip) const;
  std::string ToString() const;
};

// A set of networks with a membership test that does not allocate. Built once (at config
// load), then read-only and safe to share between threads.
class CidrSet {
 public:
  CidrSet() = default;

  // Parses every entry; the first bad one is the error, naming it.
  static Result<CidrSet> Parse(const std::vector<std::string>& entries);

  void Add(const Cidr& cidr);
  bool Contains(const IpAddress& ip) const;
  bool empty() const { return cidrs_.empty(); }
  size_t size() const { return cidrs_.size(); }
  const std::vector<Cidr>& cidrs() const { return cidrs_; }

 private:
  // A network as two big-endian 64-bit halves with its mask, so Contains costs two ANDs and two
  // compares per entry. Parallel to cidrs_; host bits are cleared.
  struct Masked {
    uint64_t network_hi;
    uint64_t network_lo;
    uint64_t mask_hi;
    uint64_t mask_lo;
  };

  std::vector<Cidr> cidrs_;
  std::vector<Masked> masked_;
};

}  // namespace gatewatch::core

#endif  // GATEWATCH_CORE_CIDR_SET_H_
