// Status and Result<T>: how core, geo, sheet, storage and service report failure. Only src/http maps a
// StatusCode to an HTTP status (one table, http/problem.cpp). Exceptions are for bugs and start-up only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace wangge {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input: 400 / 422
  kNotFound,            // no such record, or outside the caller's jurisdiction: 404
  kPermissionDenied,    // role lacks the permission: 403
  kUnauthenticated,     // no or expired session: 401
  kConflict,            // duplicate key, stale version, lost race: 409
  kFailedPrecondition,  // illegal state transition, record retired: 409 / 422
  kTooLarge,            // body or upload over the limit: 413
  kUnsupportedMedia,    // wrong content type or file format: 415
  kTooManyRequests,     // throttled (login): 429
  kInternal,            // a bug or an I/O failure: 500
  kUnavailable,         // shutting down, database busy: 503
};

// A failure carries a machine-readable code, a Chinese message (the product's first language) and an
// English one. `field` names the offending input field where there is one ("citizen_id", "rows[3].name").
class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string zh, std::string en, std::string field = {})
      : code_(code), zh_(std::move(zh)), en_(std::move(en)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& zh() const { return zh_; }
  const std::string& en() const { return en_; }
  const std::string& field() const { return field_; }
  // "en (zh)" for logs and test failure messages.
  std::string ToString() const {
    return ok() ? "OK" : en_ + " (" + zh_ + ")" + (field_.empty() ? "" : " [" + field_ + "]");
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string zh_;
  std::string en_;
  std::string field_;
};

inline Status InvalidArgument(std::string zh, std::string en, std::string field = {}) {
  return Status(StatusCode::kInvalidArgument, std::move(zh), std::move(en), std::move(field));
}
inline Status NotFound(std::string zh, std::string en) {
  return Status(StatusCode::kNotFound, std::move(zh), std::move(en));
}
inline Status PermissionDenied(std::string zh, std::string en) {
  return Status(StatusCode::kPermissionDenied, std::move(zh), std::move(en));
}
inline Status Conflict(std::string zh, std::string en, std::string field = {}) {
  return Status(StatusCode::kConflict, std::move(zh), std::move(en), std::move(field));
}
inline Status FailedPrecondition(std::string zh, std::string en) {
  return Status(StatusCode::kFailedPrecondition, std::move(zh), std::move(en));
}
// The one answer for a record that is absent or outside the caller's jurisdiction: the two must look the
// same, or guessing ids would reveal which exist.
inline Status RecordNotFound() {
  return Status(StatusCode::kNotFound, "记录不存在或不在您的管辖范围内",
                "record not found in your jurisdiction");
}
inline Status Internal(std::string en) {
  return Status(StatusCode::kInternal, "服务器内部错误", std::move(en));
}

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

#define WANGGE_CONCAT_INNER(a, b) a##b
#define WANGGE_CONCAT(a, b) WANGGE_CONCAT_INNER(a, b)

// RETURN_IF_ERROR(expr): expr yields a Status; return it when not OK.
#define RETURN_IF_ERROR(expr)      \
  do {                             \
    ::wangge::Status _st = (expr); \
    if (!_st.ok()) return _st;     \
  } while (0)

// ASSIGN_OR_RETURN(lhs, expr): expr yields a Result<T>; on error return its Status, else assign.
#define ASSIGN_OR_RETURN(lhs, expr) ASSIGN_OR_RETURN_IMPL(WANGGE_CONCAT(_res_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

}  // namespace wangge
