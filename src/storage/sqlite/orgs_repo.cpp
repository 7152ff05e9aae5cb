// SQLite: 两新组织 and their coverage rates (orgs_repo.hpp).
#include "storage/orgs_repo.hpp"

#include <string>

#include "core/codes.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

Organization ReadOrg(const Stmt& s) {
  Organization o;
  o.id = s.Int(0);
  o.place_code = s.Text(1);
  o.name = s.Text(2);
  o.kind = s.Text(3);
  o.credit_code = s.Text(4);
  o.employees = static_cast<int>(s.Int(5));
  o.party_members = static_cast<int>(s.Int(6));
  o.three_haves = s.Int(7) != 0;
  o.party_org_type = s.Text(8);
  o.instructor_name = s.Text(9);
  o.retired = s.Int(10) != 0;
  o.version = s.Int(11);
  return o;
}
#define ORG_COLS                                                                                     \
  "id, place_code, name, kind, credit_code, employees, party_members, three_haves, party_org_type, " \
  "instructor_name, retired, version "

class SqliteOrgRepo final : public OrgRepo {
 public:
  explicit SqliteOrgRepo(SqliteTx* tx) : tx_(tx) {}
  Result<Organization> Get(int64_t id) override;
  Result<Page<Organization>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const Organization& o) override;
  Status Update(const Organization& o) override;
  Result<OrgCoverage> Coverage(const std::string& scope) override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<OrgRepo> NewSqliteOrgRepo(SqliteTx* tx) { return MakeRepo<OrgRepo, SqliteOrgRepo>(tx); }

Result<Organization> SqliteOrgRepo::Get(int64_t id) {
  return GetById<Organization>(tx_->conn(), "SELECT " ORG_COLS " FROM organizations WHERE id = ?", id,
                               ReadOrg);
}

Result<Page<Organization>> SqliteOrgRepo::List(const std::string& scope, const PageRequest& page) {
  return ScopedPage<Organization>(
      tx_->conn(),
      "SELECT " ORG_COLS
      " FROM organizations WHERE place_code >= ?1 AND place_code < ?2 "
      "AND (place_code, id) > (?3, ?4) AND retired = 0 ORDER BY place_code, id LIMIT ?5",
      scope, page, ReadOrg);
}

Result<int64_t> SqliteOrgRepo::Insert(const Organization& o) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO organizations(place_code, name, kind, credit_code, employees, party_members, three_haves, "
      "party_org_type, instructor_name, retired) VALUES(?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, o.place_code).Bind(2, o.name).Bind(3, o.kind).Bind(4, o.credit_code).Bind(5, o.employees);
  s.Bind(6, o.party_members)
      .Bind(7, o.three_haves)
      .Bind(8, o.party_org_type)
      .Bind(9, o.instructor_name)
      .Bind(10, o.retired);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("统一社会信用代码已登记", "credit code is already registered", "credit_code");
  RETURN_IF_ERROR(st);
  return tx_->conn().LastInsertId();
}

Status SqliteOrgRepo::Update(const Organization& o) {
  auto s = tx_->conn().Prepare(
      "UPDATE organizations SET place_code=?, name=?, kind=?, credit_code=?, employees=?, party_members=?, "
      "three_haves=?, party_org_type=?, instructor_name=?, retired=?, version=version+1 WHERE id=? AND "
      "version=?");
  s.Bind(1, o.place_code).Bind(2, o.name).Bind(3, o.kind).Bind(4, o.credit_code).Bind(5, o.employees);
  s.Bind(6, o.party_members).Bind(7, o.three_haves).Bind(8, o.party_org_type).Bind(9, o.instructor_name);
  s.Bind(10, o.retired).Bind(11, o.id).Bind(12, o.version);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("统一社会信用代码已登记", "credit code is already registered", "credit_code");
  RETURN_IF_ERROR(st);
  if (tx_->conn().Changes() == 0) return StaleVersion();
  return Status::Ok();
}

Result<OrgCoverage> SqliteOrgRepo::Coverage(const std::string& scope) {
  auto s = tx_->conn().Prepare(
      "SELECT count(*), "
      "coalesce(sum(party_org_type <> ''), 0), "
      "coalesce(sum(party_org_type <> '' OR instructor_name <> ''), 0), "
      "coalesce(sum(party_members > 0), 0), "
      "coalesce(sum(party_members > 0 AND party_org_type <> ''), 0), "
      "coalesce(sum(party_members = 0), 0), "
      "coalesce(sum(party_members = 0 AND (party_org_type <> '' OR instructor_name <> '')), 0) "
      "FROM organizations WHERE place_code >= ?1 AND place_code < ?2 AND retired = 0");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end);
  if (!s.Step()) return s.status();
  return OrgCoverage{s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4), s.Int(5), s.Int(6)};
}

}  // namespace wangge::storage::sqlite
