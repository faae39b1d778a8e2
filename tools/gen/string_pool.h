// Storage for the strings the generator makes up once per run.
#ifndef GATEWATCH_TOOLS_GEN_STRING_POOL_H_
#define GATEWATCH_TOOLS_GEN_STRING_POOL_H_

#include <deque>
#include <string>
#include <string_view>
#include <utility>

namespace gatewatch::gen {

// Owns generated strings (names, addresses, keys) for the whole run and hands out views that stay
// valid until the pool is destroyed.
class StringPool {
 public:
  std::string_view Add(std::string s) { return strings_.emplace_back(std::move(s)); }

 private:
  std::deque<std::string> strings_;  // deque: elements never move, so views stay valid
};

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_STRING_POOL_H_
