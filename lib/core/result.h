#ifndef GATEWATCH_CORE_RESULT_H_
#define GATEWATCH_CORE_RESULT_H_

#include <cassert>
#include <utility>
#include <variant>

#include "core/status.h"

namespace gatewatch::core {

// Either a value of type T or a non-OK Status (std::expected<T, Status> in C++23 terms).
//
//   Result<Duration> d = ParseDuration("5m");
//   if (!d.ok()) return d.status();
//   Use(*d);
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(data_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }

  // The error; OK when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }

  // The value. Must only be called when ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace gatewatch::core

#define GW_CONCAT_INNER_(a, b) a##b
#define GW_CONCAT_(a, b) GW_CONCAT_INNER_(a, b)

// Declares `lhs` from a Result expression, or returns its Status from the enclosing function.
//   GW_ASSIGN_OR_RETURN(auto d, ParseDuration(text));
#define GW_ASSIGN_OR_RETURN(lhs, expr) \
  GW_ASSIGN_OR_RETURN_IMPL_(GW_CONCAT_(gw_result_, __LINE__), lhs, expr)
#define GW_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // GATEWATCH_CORE_RESULT_H_
