// PostgreSQL: users, sessions and notification recipients (users_repo.hpp). Both tables are reference
// tables (no county column): a session is looked up by token before the request knows a county.
#include "storage/users_repo.hpp"

#include <string>
#include <vector>

#include "core/codes.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

User ReadUser(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.role = s.Text(3);
  u.place_code = s.Text(4);
  u.department_id = s.OptInt(5);
  u.person_id = s.OptInt(6);
  u.disabled = s.Int(7) != 0;
  u.must_change_password = s.Int(8) != 0;
  u.created_at = s.Text(9);
  return u;
}
#define USER_COLS                                                                                            \
  "id, username, display_name, role, place_code, department_id, person_id, disabled, must_change_password, " \
  "created_at "

Session ReadSession(const Stmt& s) {
  return Session{s.Text(0), s.Int(1), s.Int(2), s.Int(3), s.Text(4), s.Text(5)};
}
#define SESSION_COLS "token_hash, user_id, created_at, expires_at, kind, hint"

class PgUserRepo final : public UserRepo {
 public:
  explicit PgUserRepo(PgTx* tx) : tx_(tx) {}
  Result<User> Get(int64_t id) override;
  Result<User> GetByName(const std::string& username) override;
  Result<std::string> PasswordHash(int64_t user_id) override;
  Result<Page<User>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const User& u, const std::string& password_hash) override;
  Status Update(const User& u) override;
  Status SetPassword(int64_t user_id, const std::string& password_hash, bool must_change) override;
  Status InsertSession(const Session& s) override;
  Result<Session> GetSession(const std::string& token_hash) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteSessionsOf(int64_t user_id) override;
  Result<std::vector<Session>> SessionsOfKind(const std::string& kind, int limit) override;
  Result<std::vector<User>> UsersOfDepartment(int64_t dept_id) override;
  Result<std::vector<User>> UsersAt(const std::string& place_code, const std::string& role) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<UserRepo> NewPgUserRepo(PgTx* tx) { return MakeRepo<UserRepo, PgUserRepo>(tx); }

Result<User> PgUserRepo::Get(int64_t id) {
  return GetById<User>(tx_->conn(), "SELECT " USER_COLS " FROM users WHERE id = $1", id, ReadUser);
}

Result<User> PgUserRepo::GetByName(const std::string& username) {
  auto s = tx_->conn().Prepare("SELECT " USER_COLS " FROM users WHERE username = $1");
  s.Bind(1, username);
  if (s.Step()) return ReadUser(s);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<std::string> PgUserRepo::PasswordHash(int64_t user_id) {
  auto s = tx_->conn().Prepare("SELECT password_hash FROM users WHERE id = $1");
  s.Bind(1, user_id);
  if (s.Step()) return s.Text(0);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<Page<User>> PgUserRepo::List(const std::string& scope, const PageRequest& page) {
  return ScopedPage<User>(tx_->conn(),
                          "SELECT " USER_COLS
                          " FROM users WHERE place_code >= $1 AND place_code < $2 "
                          "AND (place_code, id) > ($3, $4) ORDER BY place_code, id LIMIT $5",
                          scope, page, ReadUser);
}

Result<int64_t> PgUserRepo::Insert(const User& u, const std::string& password_hash) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO users(username, display_name, role, place_code, department_id, person_id, password_hash, "
      "disabled, must_change_password, created_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      "RETURNING id");
  s.Bind(1, u.username)
      .Bind(2, u.display_name)
      .Bind(3, u.role)
      .Bind(4, u.place_code)
      .Bind(5, u.department_id);
  s.Bind(6, u.person_id)
      .Bind(7, password_hash)
      .Bind(8, u.disabled)
      .Bind(9, u.must_change_password)
      .Bind(10, tx_->Now());
  if (s.Step()) return s.Int(0);
  if (s.status().code() == StatusCode::kConflict)
    return Conflict("用户名 " + u.username + " 已存在", "username " + u.username + " already exists",
                    "username");
  RETURN_IF_ERROR(s.status());
  return Internal("INSERT INTO users returned no id");
}

Status PgUserRepo::Update(const User& u) {
  auto s = tx_->conn().Prepare(
      "UPDATE users SET display_name = $1, role = $2, place_code = $3, department_id = $4, person_id = $5, "
      "disabled = $6 WHERE id = $7");
  s.Bind(1, u.display_name)
      .Bind(2, u.role)
      .Bind(3, u.place_code)
      .Bind(4, u.department_id)
      .Bind(5, u.person_id);
  s.Bind(6, u.disabled).Bind(7, u.id);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Status PgUserRepo::SetPassword(int64_t user_id, const std::string& password_hash, bool must_change) {
  auto s =
      tx_->conn().Prepare("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3");
  s.Bind(1, password_hash).Bind(2, must_change).Bind(3, user_id);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Status PgUserRepo::InsertSession(const Session& se) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO sessions(token_hash, user_id, created_at, expires_at, kind, hint) "
      "VALUES($1, $2, $3, $4, $5, $6)");
  s.Bind(1, se.token_hash).Bind(2, se.user_id).Bind(3, se.created_at).Bind(4, se.expires_at).Bind(5, se.kind);
  s.Bind(6, se.hint);
  return s.Exec();
}

Result<Session> PgUserRepo::GetSession(const std::string& token_hash) {
  auto s = tx_->conn().Prepare("SELECT " SESSION_COLS " FROM sessions WHERE token_hash = $1");
  s.Bind(1, token_hash);
  if (s.Step()) return ReadSession(s);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<std::vector<Session>> PgUserRepo::SessionsOfKind(const std::string& kind, int limit) {
  auto s = tx_->conn().Prepare(
      "SELECT " SESSION_COLS " FROM sessions WHERE kind = $1 ORDER BY created_at DESC, token_hash LIMIT $2");
  s.Bind(1, kind).Bind(2, limit);
  std::vector<Session> out;
  while (s.Step()) out.push_back(ReadSession(s));
  RETURN_IF_ERROR(s.status());
  return out;
}

Status PgUserRepo::DeleteSession(const std::string& token_hash) {
  auto s = tx_->conn().Prepare("DELETE FROM sessions WHERE token_hash = $1");
  s.Bind(1, token_hash);
  return s.Exec();
}

Status PgUserRepo::DeleteSessionsOf(int64_t user_id) {
  auto s = tx_->conn().Prepare("DELETE FROM sessions WHERE user_id = $1");
  s.Bind(1, user_id);
  return s.Exec();
}

namespace {
// Notification recipients: at most this many (a department or a place has a handful of accounts).
constexpr int kMaxRecipients = 1000;

Result<std::vector<User>> ReadUsers(Stmt& s) {
  std::vector<User> out;
  while (s.Step()) out.push_back(ReadUser(s));
  if (!s.status().ok()) return s.status();
  return out;
}
}  // namespace

Result<std::vector<User>> PgUserRepo::UsersOfDepartment(int64_t dept_id) {
  auto s = tx_->conn().Prepare("SELECT " USER_COLS
                               " FROM users WHERE department_id = $1 AND NOT disabled ORDER BY id LIMIT $2");
  s.Bind(1, dept_id).Bind(2, kMaxRecipients);
  return ReadUsers(s);
}

Result<std::vector<User>> PgUserRepo::UsersAt(const std::string& place_code, const std::string& role) {
  auto s = tx_->conn().Prepare("SELECT " USER_COLS
                               " FROM users WHERE place_code = $1 AND role = $2 AND NOT disabled ORDER BY id "
                               "LIMIT $3");
  s.Bind(1, place_code).Bind(2, role).Bind(3, kMaxRecipients);
  return ReadUsers(s);
}

}  // namespace wangge::storage::postgres
