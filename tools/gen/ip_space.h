// Hands out client addresses that look like real ones and are never handed out twice.
#ifndef GATEWATCH_TOOLS_GEN_IP_SPACE_H_
#define GATEWATCH_TOOLS_GEN_IP_SPACE_H_

#include <cstdint>
#include <string_view>
#include <unordered_set>

#include "gen/rng.h"
#include "gen/string_pool.h"

namespace gatewatch::gen {

enum class IpKind : uint8_t {
  kResidentialV4,  // consumer ISP ranges (public unicast, no reserved blocks)
  kCloudV4,        // hosting and cloud provider ranges
  kDocV4,          // 198.51.100.0/24 and 203.0.113.0/24 (RFC 5737)
  kResidentialV6,  // ISP IPv6 prefixes, privacy-extension interface ids
  kCloudV6,        // cloud provider IPv6 prefixes
  kDocV6,          // 2001:db8::/32 (RFC 3849)
  kPrivateV4,      // 10.0.0.0/8, the operator's own network
};

// Uniqueness makes the ground truth exact: an address belongs to one entity of the generated
// world, except the NAT addresses, which the population shares on purpose.
class IpSpace {
 public:
  // "pool" must outlive the IpSpace and every view it returns.
  explicit IpSpace(StringPool* pool) : pool_(pool) {}

  // Returns an address of "kind" not returned before. The two documentation /24s hold 508
  // addresses; once they are crowded a residential address is returned instead.
  std::string_view Allocate(IpKind kind, Rng& rng);

  // Returns a fresh address inside the IPv4 /16 "prefix16" (first octet << 8 | second octet).
  std::string_view AllocateIn16(uint32_t prefix16, Rng& rng);

  // A random residential /16, for clustering addresses the way a botnet's often are.
  static uint32_t ResidentialPrefix16(Rng& rng);

 private:
  struct Address {
    uint64_t hi;  // IPv6 high half; 0 for IPv4
    uint64_t lo;  // IPv6 low half; for IPv4 0xffff00000000 | address
    bool operator==(const Address&) const = default;
  };
  struct AddressHash {
    size_t operator()(const Address& a) const { return Mix(a.hi ^ Mix(a.lo)); }
  };

  static Address Draw(IpKind kind, Rng& rng);
  // Formats and remembers "a"; returns an empty view if it was handed out already.
  std::string_view Take(const Address& a);

  StringPool* pool_;
  std::unordered_set<Address, AddressHash> used_;
};

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_IP_SPACE_H_
