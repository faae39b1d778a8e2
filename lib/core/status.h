#ifndef GATEWATCH_CORE_STATUS_H_
#define GATEWATCH_CORE_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

namespace gatewatch::core {

// The outcome of a fallible operation on the control plane (config, files, startup).
// An OK status carries no message and costs nothing to copy. The data plane does not use
// Status: it returns small enums (see parse::RejectReason) so that it never allocates.
class Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,  // the caller's input is malformed (bad duration, bad CIDR, bad YAML)
    kNotFound,         // a named file, preset or field does not exist
    kIoError,          // the operating system refused (open, read, write)
    kOutOfRange,       // a value is well formed but outside what is accepted
    kInternal,         // an invariant broke; a bug
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {Code::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status IoError(std::string msg) { return {Code::kIoError, std::move(msg)}; }
  static Status OutOfRange(std::string msg) { return {Code::kOutOfRange, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "ok", or "<code name>: <message>".
  std::string ToString() const;

  // Returns a copy whose message is "<prefix>: <message>"; OK stays OK.
  Status WithPrefix(std::string_view prefix) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

std::string_view CodeName(Status::Code code);

}  // namespace gatewatch::core

// Evaluates an expression returning Status and returns it from the enclosing function on error.
#define GW_RETURN_IF_ERROR(expr)                   \
  do {                                             \
    ::gatewatch::core::Status gw_status_ = (expr); \
    if (!gw_status_.ok()) return gw_status_;       \
  } while (0)

#endif  // GATEWATCH_CORE_STATUS_H_
