// PostgreSQL: 双报到's units, members, posts, claims and logs (dual_repo.hpp, migration 0023), each in the
// county of its community.
#include "storage/dual_repo.hpp"

#include <string>
#include <utility>
#include <vector>

#include "storage/dual_rows.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

class PgDualRepo final : public DualRepo {
 public:
  explicit PgDualRepo(PgTx* tx) : tx_(tx) {}

  Result<std::vector<DualUnit>> Units(const std::string& scope, const std::string& status) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUAL_UNIT_COLS
                                 "FROM dual_units u WHERE u.place_code LIKE $1 || '%' AND ($2 = '' OR "
                                 "u.status = $2) ORDER BY u.place_code, u.id LIMIT 5000");
    s.Bind(1, scope).Bind(2, status);
    return ReadAll<DualUnit>(s, ReadDualUnitRow<Stmt>);
  }
  Result<std::optional<DualUnit>> GetUnit(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUAL_UNIT_COLS "FROM dual_units u WHERE u.id = $1");
    s.Bind(1, id);
    return ReadFirst<DualUnit>(s, ReadDualUnitRow<Stmt>);
  }
  Status InsertUnit(DualUnit* u) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO dual_units(county, place_code, name, kind, party_org, liaison_name, office_phone, "
        "resources, pledge, status, registered_at, registered_by, withdrawn_at, version) "
        "VALUES($13,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,1) RETURNING id");
    BindUnit(s, *u);
    s.Bind(13, CountyOf(u->place_code));
    if (!s.Step()) return s.status().ok() ? Internal("insert") : s.status();
    u->id = s.Int(0);
    u->version = 1;
    return Status::Ok();
  }
  Status UpdateUnit(DualUnit* u) override {
    auto s = tx_->conn().Prepare(
        "UPDATE dual_units SET place_code = $1, name = $2, kind = $3, party_org = $4, liaison_name = $5, "
        "office_phone = $6, resources = $7, pledge = $8, status = $9, registered_at = $10, registered_by = "
        "$11, "
        "withdrawn_at = $12, version = version + 1 WHERE id = $13 AND version = $14");
    BindUnit(s, *u);
    s.Bind(13, u->id).Bind(14, u->version);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return StaleVersion();
    ++u->version;
    return Status::Ok();
  }
  Result<std::vector<std::pair<int64_t, int64_t>>> MembersPerUnit() override {
    auto s = tx_->conn().Prepare(
        "SELECT unit_id, COUNT(*) FROM dual_members WHERE status = 'active' AND unit_id > 0 GROUP BY "
        "unit_id");
    std::vector<std::pair<int64_t, int64_t>> out;
    while (s.Step()) out.emplace_back(s.Int(0), s.Int(1));
    RETURN_IF_ERROR(s.status());
    return out;
  }

  Result<std::vector<DualMember>> Members(const std::string& community, const std::string& status) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUAL_MEMBER_COLS
                                 "FROM dual_members m LEFT JOIN people p ON p.id = m.person_id "
                                 "WHERE m.place_code = $1 AND ($2 = '' OR m.status = $2) ORDER BY m.id "
                                 "LIMIT 5000");
    s.Bind(1, community).Bind(2, status);
    return ReadAll<DualMember>(s, ReadDualMemberRow<Stmt>);
  }
  Result<std::optional<DualMember>> GetMember(int64_t id) override {
    auto s =
        tx_->conn().Prepare("SELECT " WANGGE_DUAL_MEMBER_COLS
                            "FROM dual_members m LEFT JOIN people p ON p.id = m.person_id WHERE m.id = $1");
    s.Bind(1, id);
    return ReadFirst<DualMember>(s, ReadDualMemberRow<Stmt>);
  }
  Result<std::optional<DualMember>> ActiveOfPerson(int64_t person_id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUAL_MEMBER_COLS
                                 "FROM dual_members m LEFT JOIN people p ON p.id = m.person_id "
                                 "WHERE m.person_id = $1 AND m.status = 'active'");
    s.Bind(1, person_id);
    return ReadFirst<DualMember>(s, ReadDualMemberRow<Stmt>);
  }
  Status InsertMember(DualMember* m) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO dual_members(county, place_code, grid_code, person_id, user_id, unit_id, employer_name, "
        "status, registered_at, registered_by, left_at, version) "
        "VALUES($11,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,1) "
        "RETURNING id");
    s.Bind(1, m->place_code).Bind(2, m->grid_code).Bind(3, m->person_id).Bind(4, m->user_id);
    s.Bind(5, m->unit_id).Bind(6, m->employer_name).Bind(7, m->status).Bind(8, m->registered_at);
    s.Bind(9, m->registered_by).Bind(10, m->left_at).Bind(11, CountyOf(m->place_code));
    if (!s.Step()) return s.status().ok() ? Internal("insert") : s.status();
    m->id = s.Int(0);
    m->version = 1;
    return Status::Ok();
  }
  Status UpdateMember(DualMember* m) override {
    auto s = tx_->conn().Prepare(
        "UPDATE dual_members SET grid_code = $1, unit_id = $2, employer_name = $3, status = $4, left_at = "
        "$5, "
        "version = version + 1 WHERE id = $6 AND version = $7");
    s.Bind(1, m->grid_code).Bind(2, m->unit_id).Bind(3, m->employer_name).Bind(4, m->status);
    s.Bind(5, m->left_at).Bind(6, m->id).Bind(7, m->version);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return StaleVersion();
    ++m->version;
    return Status::Ok();
  }

  Result<std::vector<DualPost>> Posts(const std::string& community) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUAL_POST_COLS
                                 "FROM dual_posts t WHERE t.place_code = $1 ORDER BY t.id LIMIT 2000");
    s.Bind(1, community);
    return ReadAll<DualPost>(s, ReadDualPostRow<Stmt>);
  }
  Result<std::optional<DualPost>> GetPost(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUAL_POST_COLS "FROM dual_posts t WHERE t.id = $1");
    s.Bind(1, id);
    return ReadFirst<DualPost>(s, ReadDualPostRow<Stmt>);
  }
  Status InsertPost(DualPost* p) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO dual_posts(county, place_code, grid_code, title, description, slots, status, "
        "created_at, "
        "created_by, version) VALUES($9,$1,$2,$3,$4,$5,$6,$7,$8,1) RETURNING id");
    s.Bind(1, p->place_code).Bind(2, p->grid_code).Bind(3, p->title).Bind(4, p->description);
    s.Bind(5, p->slots).Bind(6, p->status).Bind(7, p->created_at).Bind(8, p->created_by);
    s.Bind(9, CountyOf(p->place_code));
    if (!s.Step()) return s.status().ok() ? Internal("insert") : s.status();
    p->id = s.Int(0);
    p->version = 1;
    return Status::Ok();
  }
  Status UpdatePost(DualPost* p) override {
    auto s = tx_->conn().Prepare(
        "UPDATE dual_posts SET title = $1, description = $2, slots = $3, status = $4, version = version + 1 "
        "WHERE id = $5 AND version = $6");
    s.Bind(1, p->title).Bind(2, p->description).Bind(3, p->slots).Bind(4, p->status);
    s.Bind(5, p->id).Bind(6, p->version);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return StaleVersion();
    ++p->version;
    return Status::Ok();
  }
  Result<std::vector<DualClaim>> Claims(int64_t post_id, int64_t member_id) override {
    auto s =
        tx_->conn().Prepare("SELECT " WANGGE_DUAL_CLAIM_COLS
                            "FROM dual_claims WHERE released_at = 0 AND ($1::bigint = 0 OR post_id = $1) AND "
                            "($2::bigint = 0 OR member_id = $2) ORDER BY id LIMIT 5000");
    s.Bind(1, post_id).Bind(2, member_id);
    return ReadAll<DualClaim>(s, ReadDualClaimRow<Stmt>);
  }
  Status Claim(DualClaim* c, int64_t post_version) override {
    RETURN_IF_ERROR(BumpPost(c->post_id, post_version));
    auto s = tx_->conn().Prepare(
        "INSERT INTO dual_claims(county, post_id, member_id, claimed_at, released_at) "
        "SELECT t.county, $1::bigint, $2::bigint, $3::bigint, 0 FROM dual_posts t WHERE t.id = $1 RETURNING "
        "id");
    s.Bind(1, c->post_id).Bind(2, c->member_id).Bind(3, c->claimed_at);
    if (!s.Step()) return s.status().ok() ? RecordNotFound() : s.status();
    c->id = s.Int(0);
    c->released_at = 0;
    return Status::Ok();
  }
  Status Release(int64_t post_id, int64_t member_id, int64_t at) override {
    auto s = tx_->conn().Prepare(
        "UPDATE dual_claims SET released_at = $3 WHERE post_id = $1 AND member_id = $2 AND released_at = 0");
    s.Bind(1, post_id).Bind(2, member_id).Bind(3, at);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return RecordNotFound();
    auto b = tx_->conn().Prepare("UPDATE dual_posts SET version = version + 1 WHERE id = $1");
    b.Bind(1, post_id);
    return b.Exec();
  }

  Status InsertLog(DualLog* l) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO dual_logs(county, member_id, place_code, post_id, served_on, minutes, note, status, "
        "reason, "
        "decided_by, decided_at, entry_id, created_at, version) "
        "VALUES($13,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,1) RETURNING id");
    s.Bind(1, l->member_id).Bind(2, l->place_code).Bind(3, l->post_id).Bind(4, l->served_on);
    s.Bind(5, l->minutes).Bind(6, l->note).Bind(7, l->status).Bind(8, l->reason).Bind(9, l->decided_by);
    s.Bind(10, l->decided_at).Bind(11, l->entry_id).Bind(12, l->created_at).Bind(13, CountyOf(l->place_code));
    if (!s.Step()) return s.status().ok() ? Internal("insert") : s.status();
    l->id = s.Int(0);
    l->version = 1;
    return Status::Ok();
  }
  Result<std::optional<DualLog>> GetLog(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUAL_LOG_COLS "FROM dual_logs WHERE id = $1");
    s.Bind(1, id);
    return ReadFirst<DualLog>(s, ReadDualLogRow<Stmt>);
  }
  Result<std::vector<DualLog>> Logs(const std::string& community, int64_t member_id,
                                    const std::string& status, int limit) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUAL_LOG_COLS
                                 "FROM dual_logs WHERE ($1 = '' OR place_code = $1) AND ($2::bigint = 0 OR "
                                 "member_id = $2) AND ($3 = '' OR "
                                 "status = $3) ORDER BY id DESC LIMIT $4");
    s.Bind(1, community).Bind(2, member_id).Bind(3, status).Bind(4, Clamp(limit, 5000));
    return ReadAll<DualLog>(s, ReadDualLogRow<Stmt>);
  }
  Result<std::vector<DualLog>> ConfirmedIn(const std::string& community, const std::string& from,
                                           const std::string& to) override {
    auto s = tx_->conn().Prepare(
        "SELECT " WANGGE_DUAL_LOG_COLS
        "FROM dual_logs WHERE place_code = $1 AND status = 'confirmed' AND served_on >= $2 "
        "AND served_on <= $3 ORDER BY id LIMIT 200000");
    s.Bind(1, community).Bind(2, from).Bind(3, to);
    return ReadAll<DualLog>(s, ReadDualLogRow<Stmt>);
  }
  Result<std::vector<DualCoverageRow>> Coverage(const std::string& scope, int key_len) override {
    auto s = tx_->conn().Prepare(
        "SELECT k, SUM(u), SUM(m), SUM(g) FROM (SELECT substr(place_code, 1, $2::int) AS k, 1 AS u, 0 AS m, "
        "0 AS g "
        "FROM dual_units WHERE place_code LIKE $1 || '%' AND status = 'active' UNION ALL SELECT "
        "substr(place_code, "
        "1, $2::int), 0, 1, CASE WHEN grid_code <> '' THEN 1 ELSE 0 END FROM dual_members WHERE place_code "
        "LIKE "
        "$1 || '%' AND status = 'active') x GROUP BY k ORDER BY k");
    s.Bind(1, scope).Bind(2, key_len);
    std::vector<DualCoverageRow> out;
    while (s.Step()) out.push_back({s.Text(0), s.Int(1), s.Int(2), s.Int(3)});
    RETURN_IF_ERROR(s.status());
    return out;
  }
  Status DecideLog(DualLog* l) override {
    auto s = tx_->conn().Prepare(
        "UPDATE dual_logs SET status = $1, reason = $2, decided_by = $3, decided_at = $4, entry_id = $5, "
        "version = version + 1 WHERE id = $6 AND version = $7 AND status = 'pending'");
    s.Bind(1, l->status).Bind(2, l->reason).Bind(3, l->decided_by).Bind(4, l->decided_at);
    s.Bind(5, l->entry_id).Bind(6, l->id).Bind(7, l->version);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return StaleVersion();
    ++l->version;
    return Status::Ok();
  }

 private:
  static void BindUnit(Stmt& s, const DualUnit& u) {
    s.Bind(1, u.place_code).Bind(2, u.name).Bind(3, u.kind).Bind(4, u.party_org).Bind(5, u.liaison_name);
    s.Bind(6, u.office_phone).Bind(7, u.resources).Bind(8, u.pledge).Bind(9, u.status);
    s.Bind(10, u.registered_at).Bind(11, u.registered_by).Bind(12, u.withdrawn_at);
  }
  Status BumpPost(int64_t post_id, int64_t version) {
    auto s = tx_->conn().Prepare(
        "UPDATE dual_posts SET version = version + 1 WHERE id = $1 AND version = $2 AND status = 'open'");
    s.Bind(1, post_id).Bind(2, version);
    RETURN_IF_ERROR(s.Exec());
    return s.Changes() == 1 ? Status::Ok() : StaleVersion();
  }
  PgTx* tx_;
};

}  // namespace

RepoPtr<DualRepo> NewPgDualRepo(PgTx* tx) { return MakeRepo<DualRepo, PgDualRepo>(tx); }

}  // namespace wangge::storage::postgres
