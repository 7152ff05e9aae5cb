// Thin RAII helpers over the sqlite3 C API, used only inside storage/sqlite/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.hpp"

namespace wangge::storage::sqlite {

class Conn;

// A prepared statement borrowed from a connection's cache; reset and unbound when it goes out of scope.
class Stmt {
 public:
  Stmt(Conn* conn, sqlite3_stmt* s) : conn_(conn), s_(s) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    if (s_ != nullptr) {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
    }
  }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, bool v) { return Bind(i, static_cast<int64_t>(v ? 1 : 0)); }
  Stmt& Bind(int i, const std::optional<int64_t>& v) {
    if (v) return Bind(i, *v);
    sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
  }
  // Ready for new bindings (when one statement runs several times in a loop).
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    status_ = Status();
  }
  // SQLITE_ROW -> true, SQLITE_DONE -> false; errors set status().
  bool Step();
  // Runs to completion; returns the error (kConflict for constraint violations).
  Status Exec();
  const Status& status() const { return status_; }

  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, col)) : std::string();
  }
  std::string Blob(int col) const {
    const void* p = sqlite3_column_blob(s_, col);
    return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(s_, col)) : std::string();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::optional<int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }

 private:
  Conn* conn_;
  sqlite3_stmt* s_;
  Status status_;
};

class Conn {
 public:
  // Opens the file; throws std::runtime_error on failure (start-up).
  Conn(const std::string& path, bool create);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Cached prepared statement for this SQL text (the text must be a string literal or otherwise stable).
  Stmt Prepare(const char* sql);
  // Runs one statement without results through the statement cache (transaction control on hot paths:
  // sqlite3_exec would parse the text again every time).
  Status Run(const char* sql) { return Prepare(sql).Exec(); }
  // Runs one or more statements without results (parsed every time: set-up and rare maintenance).
  Status ExecScript(const std::string& sql);
  sqlite3* raw() { return db_; }
  Status ErrorStatus(int rc);
  int64_t LastInsertId() { return sqlite3_last_insert_rowid(db_); }
  int Changes() { return sqlite3_changes(db_); }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

}  // namespace wangge::storage::sqlite
