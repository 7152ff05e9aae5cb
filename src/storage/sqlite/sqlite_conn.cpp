#include "storage/sqlite/sqlite_conn.hpp"

#include <stdexcept>

namespace wangge::storage::sqlite {

bool Stmt::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = conn_->ErrorStatus(rc);
  return false;
}

Status Stmt::Exec() {
  while (Step()) {
  }
  return status_;
}

Conn::Conn(const std::string& path, bool create) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10000);
}

Conn::~Conn() {
  for (auto& [sql, st] : cache_) sqlite3_finalize(st);
  sqlite3_close_v2(db_);
}

Stmt Conn::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(this, it->second);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
    throw std::logic_error(std::string("bad SQL: ") + sqlite3_errmsg(db_) + " in: " + sql);  // a bug
  cache_.emplace(sql, st);
  return Stmt(this, st);
}

Status Conn::ExecScript(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Internal("sqlite: " + msg);
  }
  return Status::Ok();
}

Status Conn::ErrorStatus(int rc) {
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    return Conflict("记录重复或与已有数据冲突", std::string("conflict: ") + sqlite3_errmsg(db_));
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    return Status(StatusCode::kUnavailable, "数据库繁忙，请稍后重试", "database busy");
  if ((rc & 0xff) == SQLITE_READONLY) return Internal("write attempted in a read transaction");
  return Internal(std::string("sqlite: ") + sqlite3_errmsg(db_));
}

}  // namespace wangge::storage::sqlite
