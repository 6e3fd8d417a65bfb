// Errors are values until the top: every fallible function returns Result<T>;
// only main() turns an Error into a message and an exit code.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace cratebox {

// Documented exit codes (README "Exit codes"). The numbers are part of the CLI contract.
enum class ErrorKind : int {
  Usage = 2,        // bad command line
  InvalidInput = 3, // malformed job file, Cargo.lock or Cargo.toml
  CrateSource = 4,  // missing tarball, checksum mismatch, corrupt or unsafe archive, git crate not found
  Io = 5,           // filesystem failure (permissions, disk full, ...)
  CommandFailed = 1 // cargo or another tool exited non-zero
};

struct Error {
  ErrorKind kind = ErrorKind::InvalidInput;
  std::string message;  // what went wrong, with where (file:line:col) when known
  std::string hint;     // what to do about it; may be empty

  Error() = default;
  Error(ErrorKind k, std::string msg, std::string h = {})
      : kind(k), message(std::move(msg)), hint(std::move(h)) {}

  // Adds outer context: "while vendoring serde 1.0.0: <message>".
  Error context(const std::string& what) const {
    return Error(kind, what + ": " + message, hint);
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok() { return Unit{}; }

}  // namespace cratebox

// Propagate an error from an expression returning Result<...> / Status.
#define CRATEBOX_TRY(expr)                         \
  do {                                             \
    auto&& cratebox_try_r_ = (expr);               \
    if (!cratebox_try_r_.ok()) return cratebox_try_r_.error(); \
  } while (0)
