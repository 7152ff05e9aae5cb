// Thin RAII helpers over libpq, used only inside storage/postgres/. The statement API mirrors the SQLite
// backend's (sqlite_conn.hpp) so that a repository reads the same in both folders: Prepare a cached
// statement, Bind its parameters ($1, $2 … in the SQL), Step through the rows, read columns by index.
//
// Every parameter travels as text (bytea as binary) and every result column comes back as text, so types are
// those of the columns the SQL compares them with; a bool is sent as "t"/"f" (boolean columns) and Int()
// reads "t"/"f" as 1/0.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"

namespace wangge::storage::postgres {

class Conn;

// A prepared statement of a connection's cache with its parameters; runs at the first Step()/Exec() and
// holds its result until it goes out of scope (or Reset()).
class Stmt {
 public:
  Stmt(Conn* conn, const std::string* name) : conn_(conn), name_(name) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept;
  ~Stmt();

  Stmt& Bind(int i, std::string_view v) { return Set(i, std::string(v), false); }
  Stmt& Bind(int i, const std::string& v) { return Set(i, v, false); }
  Stmt& Bind(int i, const char* v) { return Set(i, std::string(v), false); }
  Stmt& BindBlob(int i, std::string_view v) { return Set(i, std::string(v), true); }
  Stmt& Bind(int i, int64_t v) { return Set(i, std::to_string(v), false); }
  Stmt& Bind(int i, int v) { return Set(i, std::to_string(v), false); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, bool v) { return Set(i, v ? "t" : "f", false); }
  Stmt& Bind(int i, const std::optional<int64_t>& v) { return v ? Bind(i, *v) : BindNull(i); }
  Stmt& BindNull(int i);
  // Ready for new bindings (when one statement runs several times in a loop).
  void Reset();
  // The next row: true while there is one; errors set status(). The statement runs at the first call.
  bool Step();
  // Runs to completion; returns the error (kConflict for constraint violations).
  Status Exec();
  const Status& status() const { return status_; }
  // Rows the command changed (UPDATE/DELETE/INSERT), after Exec().
  int64_t Changes() const { return changes_; }
  // A statement that could not be prepared (Conn::Prepare): it fails with `st` when it runs.
  void Fail(Status st) {
    prepare_error_ = st;
    ran_ = true;
    status_ = std::move(st);
  }

  std::string Text(int col) const;
  std::string Blob(int col) const;  // a bytea column
  int64_t Int(int col) const;
  double Real(int col) const;
  bool IsNull(int col) const { return PQgetisnull(res_, row_, col) != 0; }
  std::optional<int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }

 private:
  Stmt& Set(int i, std::string v, bool binary);
  bool Run();

  Conn* conn_;
  const std::string* name_;  // the prepared statement's name on the server; nullptr when preparing failed
  std::vector<std::optional<std::string>> params_;
  std::vector<int> formats_;
  PGresult* res_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
  bool ran_ = false;
  int64_t changes_ = 0;
  Status status_;
  Status prepare_error_;  // why preparing failed (name_ == nullptr)
};

// One server connection. Not thread-safe: a connection belongs to one transaction at a time.
class Conn {
 public:
  // Connects to `url` (a libpq connection URI); kUnavailable with the server's message when it cannot
  // (server down, wrong password, unknown database).
  static Result<std::unique_ptr<Conn>> Open(const std::string& url);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Cached prepared statement for this SQL text (the text must be a string literal or otherwise stable:
  // the cache is keyed by its address). A statement the server refuses to prepare is a bug: it throws.
  Stmt Prepare(const char* sql);
  // Runs SQL without parameters or results (transaction control; several statements are allowed).
  Status Run(const std::string& sql);
  Status ExecScript(const std::string& sql) { return Run(sql); }
  // The Status of a failed result: kConflict for integrity violations (SQLSTATE class 23), kInvalidArgument
  // for data exceptions (class 22: invalid UTF-8, numbers out of range — values from the caller),
  // kUnavailable when the connection is lost or the server is shutting down or for serialization failures and
  // deadlocks (the transaction may be retried: last_sqlstate() tells), kInternal otherwise.
  Status ErrorStatus(const PGresult* res);
  // The SQLSTATE of the last failed command ("" after success): "40001", "40P01" … for the writer's retries.
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  // Whether the connection still works (false after the server went away).
  bool Ok() const { return PQstatus(pg_) == CONNECTION_OK; }
  PGconn* raw() { return pg_; }

 private:
  explicit Conn(PGconn* pg) : pg_(pg) {}
  PGconn* pg_;
  std::string last_sqlstate_;
  std::unordered_map<const char*, std::unique_ptr<std::string>> cache_;  // SQL text -> statement name
};

// The text of a libpq error for messages: the server's first line, without the "ERROR:  " prefix.
std::string PgMessage(const PGresult* res, PGconn* conn);

}  // namespace wangge::storage::postgres
