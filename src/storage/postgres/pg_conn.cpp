#include "storage/postgres/pg_conn.hpp"

#include <cstdlib>
#include <stdexcept>

namespace wangge::storage::postgres {

std::string PgMessage(const PGresult* res, PGconn* conn) {
  const char* primary = res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = primary != nullptr ? primary : (conn != nullptr ? PQerrorMessage(conn) : "");
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const char* detail = res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : nullptr;
  if (detail != nullptr) msg += std::string(" (") + detail + ")";
  return msg;
}

Stmt::Stmt(Stmt&& o) noexcept
    : conn_(o.conn_),
      name_(o.name_),
      params_(std::move(o.params_)),
      formats_(std::move(o.formats_)),
      res_(o.res_),
      rows_(o.rows_),
      row_(o.row_),
      ran_(o.ran_),
      changes_(o.changes_),
      status_(std::move(o.status_)),
      prepare_error_(std::move(o.prepare_error_)) {
  o.res_ = nullptr;
}

Stmt::~Stmt() {
  if (res_ != nullptr) PQclear(res_);
}

Stmt& Stmt::Set(int i, std::string v, bool binary) {
  if (i < 1) throw std::logic_error("parameter numbers start at 1");
  if (static_cast<size_t>(i) > params_.size()) {
    params_.resize(i);
    formats_.resize(i, 0);
  }
  params_[i - 1] = std::move(v);
  formats_[i - 1] = binary ? 1 : 0;
  return *this;
}

Stmt& Stmt::Bind(int i, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return Set(i, buf, false);
}

Stmt& Stmt::BindNull(int i) {
  Set(i, std::string(), false);
  params_[i - 1].reset();
  return *this;
}

void Stmt::Reset() {
  if (res_ != nullptr) PQclear(res_);
  res_ = nullptr;
  params_.clear();
  formats_.clear();
  rows_ = 0;
  row_ = -1;
  ran_ = false;
  changes_ = 0;
  status_ = Status();
}

bool Stmt::Run() {
  ran_ = true;
  if (name_ == nullptr) {  // its preparation failed
    status_ = prepare_error_;
    return false;
  }
  std::vector<const char*> values(params_.size());
  std::vector<int> lengths(params_.size());
  for (size_t i = 0; i < params_.size(); ++i) {
    values[i] = params_[i] ? params_[i]->data() : nullptr;
    lengths[i] = params_[i] ? static_cast<int>(params_[i]->size()) : 0;
  }
  res_ = PQexecPrepared(conn_->raw(), name_->c_str(), static_cast<int>(params_.size()), values.data(),
                        lengths.data(), formats_.data(), /*resultFormat=*/0);
  const ExecStatusType st = PQresultStatus(res_);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    status_ = conn_->ErrorStatus(res_);
    return false;
  }
  rows_ = PQntuples(res_);
  const char* n = PQcmdTuples(res_);
  changes_ = (n != nullptr && *n != '\0') ? std::strtoll(n, nullptr, 10) : 0;
  return true;
}

bool Stmt::Step() {
  if (!ran_ && !Run()) return false;
  if (!status_.ok()) return false;
  if (row_ + 1 >= rows_) {
    row_ = rows_;
    return false;
  }
  ++row_;
  return true;
}

Status Stmt::Exec() {
  if (!ran_) Run();
  return status_;
}

std::string Stmt::Text(int col) const {
  if (PQgetisnull(res_, row_, col)) return {};
  return std::string(PQgetvalue(res_, row_, col), PQgetlength(res_, row_, col));
}

std::string Stmt::Blob(int col) const {
  if (PQgetisnull(res_, row_, col)) return {};
  size_t n = 0;
  unsigned char* p = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res_, row_, col)), &n);
  if (p == nullptr) throw std::bad_alloc();
  std::string out(reinterpret_cast<const char*>(p), n);
  PQfreemem(p);
  return out;
}

int64_t Stmt::Int(int col) const {
  if (PQgetisnull(res_, row_, col)) return 0;
  const char* v = PQgetvalue(res_, row_, col);
  if (v[0] == 't' && v[1] == '\0') return 1;
  if (v[0] == 'f' && v[1] == '\0') return 0;
  return std::strtoll(v, nullptr, 10);
}

double Stmt::Real(int col) const {
  if (PQgetisnull(res_, row_, col)) return 0;
  return std::strtod(PQgetvalue(res_, row_, col), nullptr);
}

Result<std::unique_ptr<Conn>> Conn::Open(const std::string& url) {
  PGconn* pg = PQconnectdb(url.c_str());
  if (pg == nullptr) return Status(StatusCode::kUnavailable, "无法连接数据库", "out of memory");
  if (PQstatus(pg) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(pg);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(pg);
    return Status(StatusCode::kUnavailable, "无法连接 PostgreSQL 数据库：" + msg,
                  "cannot connect to PostgreSQL: " + msg);
  }
  // Notices (e.g. "relation already exists, skipping") are not errors: keep them off stderr.
  PQsetNoticeProcessor(
      pg, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Conn>(new Conn(pg));
}

Conn::~Conn() { PQfinish(pg_); }

Stmt Conn::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(this, it->second.get());
  auto name = std::make_unique<std::string>("s" + std::to_string(cache_.size() + 1));
  PGresult* res = PQprepare(pg_, name->c_str(), sql, 0, nullptr);
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) {
    Status st = ErrorStatus(res);
    PQclear(res);
    // SQL the server does not understand (syntax, unknown column: class 42) is a bug in the repository.
    // Anything else — a lost connection, an aborted transaction (25P02) after an earlier failure, a server
    // shutting down — is the state of this transaction, not of the SQL: the statement fails when it runs
    // (Step/Exec give the status), is not cached, and is prepared again next time.
    if (last_sqlstate_.rfind("42", 0) == 0) throw std::logic_error("bad SQL: " + st.en() + " in: " + sql);
    Stmt failed(this, nullptr);
    failed.Fail(std::move(st));
    return failed;
  }
  PQclear(res);
  const std::string* n = name.get();
  cache_.emplace(sql, std::move(name));
  return Stmt(this, n);
}

Status Conn::Run(const std::string& sql) {
  PGresult* res = PQexec(pg_, sql.c_str());
  const ExecStatusType st = PQresultStatus(res);
  Status out;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
    out = ErrorStatus(res);
  } else {
    last_sqlstate_.clear();
  }
  PQclear(res);
  return out;
}

Status Conn::ErrorStatus(const PGresult* res) {
  const char* code = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = code != nullptr ? code : "";
  const std::string msg = PgMessage(res, pg_);
  if (!Ok() || last_sqlstate_.rfind("08", 0) == 0 || last_sqlstate_.rfind("57P", 0) == 0)
    return Status(StatusCode::kUnavailable, "数据库暂时不可用，请稍后重试", "database unavailable: " + msg);
  if (last_sqlstate_.rfind("23", 0) == 0) return Conflict("记录重复或与已有数据冲突", "conflict: " + msg);
  if (last_sqlstate_ == "40001" || last_sqlstate_ == "40P01")
    return Status(StatusCode::kUnavailable, "数据库繁忙，请稍后重试", "database busy: " + msg);
  if (last_sqlstate_ == "25006") return Internal("write attempted in a read transaction");
  // Data exceptions (class 22: text that is not valid UTF-8, a number out of range …) come from a value the
  // caller gave, which SQLite would have stored or compared as it was: bad input, not a server fault.
  if (last_sqlstate_.rfind("22", 0) == 0)
    return InvalidArgument("数据格式无效（如非 UTF-8 文本或超出范围的数值）", "invalid value: " + msg);
  return Internal("postgresql: " + msg);
}

}  // namespace wangge::storage::postgres
