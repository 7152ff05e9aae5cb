// PostgreSQL: functional departments (departments_repo.hpp). A department lies in the county of its place
// (the county column follows place_code on Update); its code is unique within that county.
#include "storage/departments_repo.hpp"

#include <string>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

Department ReadDepartment(const Stmt& s) {
  return Department{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0};
}

Status CodeTaken(const std::string& code) {
  return Conflict("部门代码 " + code + " 已存在", "department code " + code + " already exists", "code");
}

class PgDepartmentRepo final : public DepartmentRepo {
 public:
  explicit PgDepartmentRepo(PgTx* tx) : tx_(tx) {}
  Result<Department> Get(int64_t id) override;
  Result<Page<Department>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const Department& d) override;
  Status Update(const Department& d) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<DepartmentRepo> NewPgDepartmentRepo(PgTx* tx) {
  return MakeRepo<DepartmentRepo, PgDepartmentRepo>(tx);
}

Result<Department> PgDepartmentRepo::Get(int64_t id) {
  return GetById<Department>(tx_->conn(),
                             "SELECT id, code, name, place_code, retired FROM departments WHERE id = $1", id,
                             ReadDepartment);
}

Result<Page<Department>> PgDepartmentRepo::List(const std::string& scope, const PageRequest& page) {
  auto s = tx_->conn().Prepare(
      "SELECT id, code, name, place_code, retired FROM departments WHERE place_code >= $1 AND place_code < "
      "$2 AND id > $3 ORDER BY id LIMIT $4");
  CodeRange r = PrefixRange(scope);
  int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, DecodeCursor(page.after).id).Bind(4, limit + 1);
  return RunPage<Department>(s, limit, ReadDepartment,
                             [](const Department& d) { return EncodeCursor("", d.id); });
}

Result<int64_t> PgDepartmentRepo::Insert(const Department& d) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO departments(county, code, name, place_code, retired) VALUES($1, $2, $3, $4, $5) "
      "RETURNING id");
  s.Bind(1, CountyOf(d.place_code)).Bind(2, d.code).Bind(3, d.name).Bind(4, d.place_code).Bind(5, d.retired);
  if (s.Step()) return s.Int(0);
  if (s.status().code() == StatusCode::kConflict) return CodeTaken(d.code);
  RETURN_IF_ERROR(s.status());
  return Internal("INSERT INTO departments returned no id");
}

Status PgDepartmentRepo::Update(const Department& d) {
  // A place in another county moves the row there; that county may already have a department of this code.
  auto s = tx_->conn().Prepare(
      "UPDATE departments SET name = $1, place_code = $2, retired = $3, county = $5 WHERE id = $4 "
      "RETURNING code");
  s.Bind(1, d.name).Bind(2, d.place_code).Bind(3, d.retired).Bind(4, d.id).Bind(5, CountyOf(d.place_code));
  if (s.Step()) return Status::Ok();
  if (s.status().code() == StatusCode::kConflict) return CodeTaken(d.code);
  RETURN_IF_ERROR(s.status());
  return RecordNotFound();
}

}  // namespace wangge::storage::postgres
