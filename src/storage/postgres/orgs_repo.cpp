// PostgreSQL: 两新组织 and their coverage rates (orgs_repo.hpp).
#include "storage/orgs_repo.hpp"

#include <string>

#include "core/codes.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
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

Status CreditCodeTaken() {
  return Conflict("统一社会信用代码已登记", "credit code is already registered", "credit_code");
}

class PgOrgRepo final : public OrgRepo {
 public:
  explicit PgOrgRepo(PgTx* tx) : tx_(tx) {}
  Result<Organization> Get(int64_t id) override;
  Result<Page<Organization>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const Organization& o) override;
  Status Update(const Organization& o) override;
  Result<OrgCoverage> Coverage(const std::string& scope) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<OrgRepo> NewPgOrgRepo(PgTx* tx) { return MakeRepo<OrgRepo, PgOrgRepo>(tx); }

Result<Organization> PgOrgRepo::Get(int64_t id) {
  return GetById<Organization>(tx_->conn(), "SELECT " ORG_COLS " FROM organizations WHERE id = $1", id,
                               ReadOrg);
}

Result<Page<Organization>> PgOrgRepo::List(const std::string& scope, const PageRequest& page) {
  return ScopedPage<Organization>(
      tx_->conn(),
      "SELECT " ORG_COLS
      " FROM organizations WHERE place_code >= $1 AND place_code < $2 "
      "AND (place_code, id) > ($3, $4) AND NOT retired ORDER BY place_code, id LIMIT $5",
      scope, page, ReadOrg);
}

Result<int64_t> PgOrgRepo::Insert(const Organization& o) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO organizations(county, place_code, name, kind, credit_code, employees, party_members, "
      "three_haves, party_org_type, instructor_name, retired) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) "
      "RETURNING id");
  s.Bind(1, CountyOf(o.place_code)).Bind(2, o.place_code).Bind(3, o.name).Bind(4, o.kind);
  s.Bind(5, o.credit_code).Bind(6, o.employees).Bind(7, o.party_members).Bind(8, o.three_haves);
  s.Bind(9, o.party_org_type).Bind(10, o.instructor_name).Bind(11, o.retired);
  if (!s.Step()) {
    if (s.status().code() == StatusCode::kConflict) return CreditCodeTaken();
    return s.status();
  }
  return s.Int(0);
}

Status PgOrgRepo::Update(const Organization& o) {
  auto s = tx_->conn().Prepare(
      "UPDATE organizations SET county=$13, place_code=$1, name=$2, kind=$3, credit_code=$4, employees=$5, "
      "party_members=$6, three_haves=$7, party_org_type=$8, instructor_name=$9, retired=$10, "
      "version=version+1 WHERE id=$11 AND version=$12");
  s.Bind(1, o.place_code).Bind(2, o.name).Bind(3, o.kind).Bind(4, o.credit_code).Bind(5, o.employees);
  s.Bind(6, o.party_members).Bind(7, o.three_haves).Bind(8, o.party_org_type).Bind(9, o.instructor_name);
  s.Bind(10, o.retired).Bind(11, o.id).Bind(12, o.version).Bind(13, CountyOf(o.place_code));
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict) return CreditCodeTaken();
  RETURN_IF_ERROR(st);
  if (s.Changes() == 0) return StaleVersion();
  return Status::Ok();
}

Result<OrgCoverage> PgOrgRepo::Coverage(const std::string& scope) {
  auto s = tx_->conn().Prepare(
      "SELECT count(*), "
      "count(*) FILTER (WHERE party_org_type <> ''), "
      "count(*) FILTER (WHERE party_org_type <> '' OR instructor_name <> ''), "
      "count(*) FILTER (WHERE party_members > 0), "
      "count(*) FILTER (WHERE party_members > 0 AND party_org_type <> ''), "
      "count(*) FILTER (WHERE party_members = 0), "
      "count(*) FILTER (WHERE party_members = 0 AND (party_org_type <> '' OR instructor_name <> '')) "
      "FROM organizations WHERE place_code >= $1 AND place_code < $2 AND NOT retired");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end);
  if (!s.Step()) return s.status();
  return OrgCoverage{s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4), s.Int(5), s.Int(6)};
}

}  // namespace wangge::storage::postgres
