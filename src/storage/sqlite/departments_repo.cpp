// SQLite: functional departments (departments_repo.hpp).
#include "storage/departments_repo.hpp"

#include <string>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

class SqliteDepartmentRepo final : public DepartmentRepo {
 public:
  explicit SqliteDepartmentRepo(SqliteTx* tx) : tx_(tx) {}
  Result<Department> Get(int64_t id) override;
  Result<Page<Department>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const Department& d) override;
  Status Update(const Department& d) override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<DepartmentRepo> NewSqliteDepartmentRepo(SqliteTx* tx) {
  return MakeRepo<DepartmentRepo, SqliteDepartmentRepo>(tx);
}

Result<Department> SqliteDepartmentRepo::Get(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT id, code, name, place_code, retired FROM departments WHERE id = ?");
  s.Bind(1, id);
  if (s.Step()) return Department{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0};
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<Page<Department>> SqliteDepartmentRepo::List(const std::string& scope, const PageRequest& page) {
  auto s = tx_->conn().Prepare(
      "SELECT id, code, name, place_code, retired FROM departments WHERE place_code >= ?1 AND place_code < "
      "?2 "
      "AND id > ?3 ORDER BY id LIMIT ?4");
  CodeRange r = PrefixRange(scope);
  int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, DecodeCursor(page.after).id).Bind(4, limit + 1);
  return RunPage<Department>(
      s, limit,
      [](const Stmt& st) {
        return Department{st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4) != 0};
      },
      [](const Department& d) { return EncodeCursor("", d.id); });
}

Result<int64_t> SqliteDepartmentRepo::Insert(const Department& d) {
  auto s = tx_->conn().Prepare("INSERT INTO departments(code, name, place_code, retired) VALUES(?,?,?,?)");
  s.Bind(1, d.code).Bind(2, d.name).Bind(3, d.place_code).Bind(4, d.retired);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("部门代码 " + d.code + " 已存在", "department code " + d.code + " already exists",
                    "code");
  RETURN_IF_ERROR(st);
  return tx_->conn().LastInsertId();
}

Status SqliteDepartmentRepo::Update(const Department& d) {
  auto s = tx_->conn().Prepare("UPDATE departments SET name=?, place_code=?, retired=? WHERE id=?");
  s.Bind(1, d.name).Bind(2, d.place_code).Bind(3, d.retired).Bind(4, d.id);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

}  // namespace wangge::storage::sqlite
