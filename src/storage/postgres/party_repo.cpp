// PostgreSQL: the 党组织 tree and its grid coverage (party_repo.hpp).
#include "storage/party_repo.hpp"

#include <string>

#include "core/codes.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

PartyOrg ReadPartyOrg(const Stmt& s) {
  PartyOrg o;
  o.id = s.Int(0);
  o.place_code = s.Text(1);
  o.name = s.Text(2);
  o.kind = s.Text(3);
  o.parent_id = s.OptInt(4);
  o.secretary_name = s.Text(5);
  o.members = static_cast<int>(s.Int(6));
  o.retired = s.Int(7) != 0;
  o.version = s.Int(8);
  return o;
}
#define PARTY_ORG_COLS "id, place_code, name, kind, parent_id, secretary_name, members, retired, version "

// What SQLite answers for a parent_id that names no party organisation (its foreign key, which
// 0004_party.sql cannot declare: a parent may lie in another county).
Status NoSuchParent() {
  return Conflict("记录重复或与已有数据冲突", "conflict: FOREIGN KEY constraint failed");
}

class PgPartyOrgRepo final : public PartyOrgRepo {
 public:
  explicit PgPartyOrgRepo(PgTx* tx) : tx_(tx) {}
  Result<PartyOrg> Get(int64_t id) override;
  Result<Page<PartyOrg>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const PartyOrg& o) override;
  Status Update(const PartyOrg& o) override;
  Result<GridPartyCoverage> GridCoverage(const std::string& scope) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<PartyOrgRepo> NewPgPartyOrgRepo(PgTx* tx) { return MakeRepo<PartyOrgRepo, PgPartyOrgRepo>(tx); }

Result<PartyOrg> PgPartyOrgRepo::Get(int64_t id) {
  return GetById<PartyOrg>(tx_->conn(), "SELECT " PARTY_ORG_COLS " FROM party_orgs WHERE id = $1", id,
                           ReadPartyOrg);
}

Result<Page<PartyOrg>> PgPartyOrgRepo::List(const std::string& scope, const PageRequest& page) {
  return ScopedPage<PartyOrg>(
      tx_->conn(),
      "SELECT " PARTY_ORG_COLS
      " FROM party_orgs WHERE place_code >= $1 AND place_code < $2 "
      "AND (place_code, id) > ($3, $4) AND NOT retired ORDER BY place_code, id LIMIT $5",
      scope, page, ReadPartyOrg);
}

// The parent must exist (in any county): no row is inserted otherwise.
Result<int64_t> PgPartyOrgRepo::Insert(const PartyOrg& o) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO party_orgs(county, place_code, name, kind, parent_id, secretary_name, members, retired) "
      "SELECT $1::text, $2::text, $3::text, $4::text, $5::bigint, $6::text, $7::integer, $8::boolean "
      "WHERE $5::bigint IS NULL OR EXISTS (SELECT 1 FROM party_orgs WHERE id = $5) RETURNING id");
  s.Bind(1, CountyOf(o.place_code)).Bind(2, o.place_code).Bind(3, o.name).Bind(4, o.kind);
  s.Bind(5, o.parent_id).Bind(6, o.secretary_name).Bind(7, o.members).Bind(8, o.retired);
  if (s.Step()) return s.Int(0);
  if (!s.status().ok()) return s.status();
  return NoSuchParent();
}

Status PgPartyOrgRepo::Update(const PartyOrg& o) {
  auto s = tx_->conn().Prepare(
      "UPDATE party_orgs SET county=$10, place_code=$1, name=$2, kind=$3, parent_id=$4, secretary_name=$5, "
      "members=$6, retired=$7, version=version+1 WHERE id=$8 AND version=$9 "
      "AND ($4::bigint IS NULL OR EXISTS (SELECT 1 FROM party_orgs WHERE id = $4))");
  s.Bind(1, o.place_code).Bind(2, o.name).Bind(3, o.kind).Bind(4, o.parent_id).Bind(5, o.secretary_name);
  s.Bind(6, o.members).Bind(7, o.retired).Bind(8, o.id).Bind(9, o.version).Bind(10, CountyOf(o.place_code));
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() > 0) return Status::Ok();
  if (o.parent_id) {
    // Nothing changed: the version did not match (stale, as on SQLite) or the parent is missing.
    auto v = tx_->conn().Prepare("SELECT 1 FROM party_orgs WHERE id = $1 AND version = $2");
    v.Bind(1, o.id).Bind(2, o.version);
    if (v.Step()) return NoSuchParent();
    RETURN_IF_ERROR(v.status());
  }
  return StaleVersion();
}

Result<GridPartyCoverage> PgPartyOrgRepo::GridCoverage(const std::string& scope) {
  // A grid is covered by a live grid branch or building group at the grid or at one of its household units
  // (place codes in [grid, grid || ':') — codes are digits only).
  auto s = tx_->conn().Prepare(
      "SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM party_orgs o WHERE o.place_code >= "
      "g.code "
      "AND o.place_code < g.code || ':' AND NOT o.retired AND o.kind IN ('grid_branch', 'building_group'))) "
      "FROM places g WHERE g.level = $3 AND g.code >= $1 AND g.code < $2 AND NOT g.retired");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, static_cast<int>(Level::kGrid));
  if (!s.Step()) return s.status();
  return GridPartyCoverage{s.Int(0), s.Int(1)};
}

}  // namespace wangge::storage::postgres
