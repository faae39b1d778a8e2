#ifndef GATEWATCH_RULES_EXPR_SETS_H_
#define GATEWATCH_RULES_EXPR_SETS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

// The value sets behind `field in [...]` and `field in $list`. Built once at compile time;
// Contains never allocates and is safe to call from many threads.
namespace gatewatch::rules::expr_internal {

// Up to this many values a linear scan beats hashing or binary search (and needs no index).
inline constexpr size_t kLinearSetMax = 8;

// Exact, byte-wise string membership. Larger sets look up through a hash set of views into
// the owned strings, so lookups take a std::string_view and allocate nothing.
class StringSet {
 public:
  explicit StringSet(std::vector<std::string> values);

  // The views in hashed_ point into values_' elements, which a move leaves in place (the
  // vector's buffer changes hands); a copy would not, so there is none.
  StringSet(StringSet&&) = default;
  StringSet& operator=(StringSet&&) = default;
  StringSet(const StringSet&) = delete;
  StringSet& operator=(const StringSet&) = delete;

  bool Contains(std::string_view value) const;
  size_t size() const { return values_.size(); }

 private:
  std::vector<std::string> values_;              // unique
  std::unordered_set<std::string_view> hashed_;  // filled when size() > kLinearSetMax
};

// Numeric membership by ==. Sorted, so larger sets use binary search. NaN is never a member.
class NumberSet {
 public:
  explicit NumberSet(std::vector<double> values);

  bool Contains(double value) const;
  size_t size() const { return values_.size(); }

 private:
  std::vector<double> values_;  // sorted, unique, no NaN
};

}  // namespace gatewatch::rules::expr_internal

#endif  // GATEWATCH_RULES_EXPR_SETS_H_
