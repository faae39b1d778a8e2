#include "rules/expr_sets.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace gatewatch::rules::expr_internal {

StringSet::StringSet(std::vector<std::string> values) : values_(std::move(values)) {
  std::sort(values_.begin(), values_.end());
  values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
  if (values_.size() > kLinearSetMax) {
    hashed_.reserve(values_.size());
    for (const std::string& v : values_) hashed_.insert(std::string_view(v));
  }
}

bool StringSet::Contains(std::string_view value) const {
  if (values_.size() > kLinearSetMax) return hashed_.find(value) != hashed_.end();
  for (const std::string& v : values_) {
    if (v == value) return true;
  }
  return false;
}

NumberSet::NumberSet(std::vector<double> values) : values_(std::move(values)) {
  values_.erase(
      std::remove_if(values_.begin(), values_.end(), [](double v) { return std::isnan(v); }),
      values_.end());
  std::sort(values_.begin(), values_.end());
  values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
}

bool NumberSet::Contains(double value) const {
  if (values_.size() <= kLinearSetMax) {
    for (double v : values_) {
      if (v == value) return true;
    }
    return false;
  }
  // Not std::binary_search: every comparison with NaN is false, so it would "find" NaN.
  auto it = std::lower_bound(values_.begin(), values_.end(), value);
  return it != values_.end() && *it == value;
}

}  // namespace gatewatch::rules::expr_internal
