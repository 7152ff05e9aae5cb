// SQLite: the 党组织 tree and its grid coverage (party_repo.hpp).
#include "storage/party_repo.hpp"

#include <string>

#include "core/codes.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
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

class SqlitePartyOrgRepo final : public PartyOrgRepo {
 public:
  explicit SqlitePartyOrgRepo(SqliteTx* tx) : tx_(tx) {}
  Result<PartyOrg> Get(int64_t id) override;
  Result<Page<PartyOrg>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const PartyOrg& o) override;
  Status Update(const PartyOrg& o) override;
  Result<GridPartyCoverage> GridCoverage(const std::string& scope) override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<PartyOrgRepo> NewSqlitePartyOrgRepo(SqliteTx* tx) {
  return MakeRepo<PartyOrgRepo, SqlitePartyOrgRepo>(tx);
}

Result<PartyOrg> SqlitePartyOrgRepo::Get(int64_t id) {
  return GetById<PartyOrg>(tx_->conn(), "SELECT " PARTY_ORG_COLS " FROM party_orgs WHERE id = ?", id,
                           ReadPartyOrg);
}

Result<Page<PartyOrg>> SqlitePartyOrgRepo::List(const std::string& scope, const PageRequest& page) {
  return ScopedPage<PartyOrg>(
      tx_->conn(),
      "SELECT " PARTY_ORG_COLS
      " FROM party_orgs WHERE place_code >= ?1 AND place_code < ?2 "
      "AND (place_code, id) > (?3, ?4) AND retired = 0 ORDER BY place_code, id LIMIT ?5",
      scope, page, ReadPartyOrg);
}

Result<int64_t> SqlitePartyOrgRepo::Insert(const PartyOrg& o) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO party_orgs(place_code, name, kind, parent_id, secretary_name, members, retired) "
      "VALUES(?,?,?,?,?,?,?)");
  s.Bind(1, o.place_code).Bind(2, o.name).Bind(3, o.kind).Bind(4, o.parent_id).Bind(5, o.secretary_name);
  s.Bind(6, o.members).Bind(7, o.retired);
  RETURN_IF_ERROR(s.Exec());
  return tx_->conn().LastInsertId();
}

Status SqlitePartyOrgRepo::Update(const PartyOrg& o) {
  auto s = tx_->conn().Prepare(
      "UPDATE party_orgs SET place_code=?, name=?, kind=?, parent_id=?, secretary_name=?, members=?, "
      "retired=?, "
      "version=version+1 WHERE id=? AND version=?");
  s.Bind(1, o.place_code).Bind(2, o.name).Bind(3, o.kind).Bind(4, o.parent_id).Bind(5, o.secretary_name);
  s.Bind(6, o.members).Bind(7, o.retired).Bind(8, o.id).Bind(9, o.version);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 0) return StaleVersion();
  return Status::Ok();
}

Result<GridPartyCoverage> SqlitePartyOrgRepo::GridCoverage(const std::string& scope) {
  // A grid is covered by a live grid branch or building group at the grid or at one of its household units
  // (place codes in [grid, grid || 'A') — codes are digits only).
  auto s = tx_->conn().Prepare(
      "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM party_orgs o WHERE o.place_code >= g.code "
      "AND o.place_code < g.code || ':' AND o.retired = 0 AND o.kind IN ('grid_branch', 'building_group'))), "
      "0) "
      "FROM places g WHERE g.level = ?3 AND g.code >= ?1 AND g.code < ?2 AND g.retired = 0");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, static_cast<int>(Level::kGrid));
  if (!s.Step()) return s.status();
  return GridPartyCoverage{s.Int(0), s.Int(1)};
}

}  // namespace wangge::storage::sqlite
