// PostgreSQL: 红黑榜's criteria, entries, objections and publications (rolls_repo.hpp, migration 0024), each
// in the county of its community (an objection in its entry's).
#include "storage/rolls_repo.hpp"

#include <optional>
#include <string>
#include <vector>

#include "core/codes.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"
#include "storage/rolls_rows.hpp"

namespace wangge::storage::postgres {
namespace {

Status EntryTaken() {
  return Conflict("此人在该月已有同一榜的提名或上榜记录",
                  "the person has an open or listed entry of that side for that month", "person_id");
}

class PgRollRepo final : public RollRepo {
 public:
  explicit PgRollRepo(PgTx* tx) : tx_(tx) {}

  Result<std::vector<RollCriterion>> Criteria(const std::string& community, bool with_retired) override {
    auto s =
        tx_->conn().Prepare("SELECT " WANGGE_ROLL_CRITERION_COLS
                            "FROM roll_criteria c WHERE c.place_code = $1 AND ($2::boolean OR c.status = "
                            "'active') ORDER BY CASE c.side WHEN 'red' THEN 0 ELSE 1 END, c.seq, c.id "
                            "LIMIT 5000");
    s.Bind(1, community).Bind(2, with_retired);
    return ReadAll<RollCriterion>(s, ReadRollCriterionRow<Stmt>);
  }
  Result<std::optional<RollCriterion>> GetCriterion(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ROLL_CRITERION_COLS "FROM roll_criteria c WHERE c.id = $1");
    s.Bind(1, id);
    return ReadFirst<RollCriterion>(s, ReadRollCriterionRow<Stmt>);
  }
  Status InsertCriterion(RollCriterion* c) override {
    // The next number is taken in the insert itself; the active-seq index refuses a duplicate (two writers
    // that read the same MAX).
    auto s = tx_->conn().Prepare(
        "INSERT INTO roll_criteria(county, place_code, side, seq, title, article, description, status, "
        "created_at, created_by, retired_at) VALUES($11, $1, $2, CASE WHEN $3::bigint > 0 THEN $3::bigint "
        "ELSE (SELECT COALESCE(MAX(seq), 0) + 1 FROM roll_criteria WHERE county = $11::text AND place_code = "
        "$1::text AND side = $2::text) END, $4, $5, $6, $7, $8, $9, $10) RETURNING id, seq");
    s.Bind(1, c->place_code).Bind(2, c->side).Bind(3, c->seq).Bind(4, c->title).Bind(5, c->article);
    s.Bind(6, c->description).Bind(7, c->status).Bind(8, c->created_at).Bind(9, c->created_by);
    s.Bind(10, c->retired_at).Bind(11, CountyOf(c->place_code));
    if (!s.Step()) return s.status().ok() ? Internal("insert") : s.status();
    c->id = s.Int(0);
    c->seq = static_cast<int>(s.Int(1));
    return Status::Ok();
  }
  Status RetireCriterion(int64_t id, int64_t at) override {
    auto s = tx_->conn().Prepare(
        "UPDATE roll_criteria SET status = 'retired', retired_at = $2 WHERE id = $1 AND status = 'active'");
    s.Bind(1, id).Bind(2, at);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() == 1) return Status::Ok();
    ASSIGN_OR_RETURN(auto c, GetCriterion(id));
    if (!c) return RecordNotFound();
    return Conflict("该评选标准已停用", "the criterion is retired already", "status");
  }

  Result<std::vector<RollEntry>> Entries(const RollEntryFilter& f) override {
    auto s = tx_->conn().Prepare(RollEntriesSql(
        f, '$',
        "e.place_code >= $1 AND e.place_code < $2 AND ($3 = '' OR e.status = $3) AND ($4 = '' OR e.side = "
        "$4) AND "
        "($5::bigint = 0 OR e.period = $5) AND ($6::bigint = 0 OR e.person_id = $6) AND ($7::bigint = 0 OR "
        "e.household_id = $7) AND ($8::bigint = 0 OR e.publication_id = $8) AND ($9::bigint = 0 OR "
        "e.listed_at >= "
        "$9) ORDER BY e.id DESC LIMIT $10"));
    const CodeRange r = PrefixRange(f.scope);
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, f.status).Bind(4, f.side).Bind(5, f.period);
    s.Bind(6, f.person_id).Bind(7, f.household_id).Bind(8, f.publication_id).Bind(9, f.listed_from);
    s.Bind(10, Clamp(f.limit, 5000));
    return ReadAll<RollEntry>(s, ReadRollEntryRow<Stmt>);
  }
  Result<std::optional<RollEntry>> GetEntry(int64_t id) override {
    auto s =
        tx_->conn().Prepare("SELECT " WANGGE_ROLL_ENTRY_COLS
                            "FROM roll_entries e LEFT JOIN people p ON p.id = e.person_id WHERE e.id = $1");
    s.Bind(1, id);
    return ReadFirst<RollEntry>(s, ReadRollEntryRow<Stmt>);
  }
  Status InsertEntry(RollEntry* e) override {
    // DO NOTHING covers the uniqueness of the open-entry index only: a CHECK still fails.
    auto s = tx_->conn().Prepare(
        "INSERT INTO roll_entries(county, place_code, period, side, subject, person_id, household_id, "
        "criteria, evidence, status, nominated_by, nominated_at, party_approve, party_opinion, party_met_on, "
        "party_by, party_at, village_approve, village_opinion, village_met_on, village_by, village_at, "
        "notice_from, notice_until, listed_at, listed_until, publication_id, ledger_entry_id, closed_reason, "
        "closed_by, closed_at, appeal_status, appeal_reason, appeal_by, appeal_at, appeal_note, "
        "appeal_decided_by, appeal_decided_at, version) "
        "VALUES($38,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
        "$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,$36,$37,1) "
        "ON CONFLICT DO NOTHING RETURNING id");
    s.Bind(1, e->place_code).Bind(2, e->period).Bind(3, e->side).Bind(4, e->subject).Bind(5, e->person_id);
    s.Bind(6, e->household_id).Bind(7, RollCriteriaText(e->criteria)).Bind(8, e->evidence);
    BindFrom(s, 9, *e);
    s.Bind(38, CountyOf(e->place_code));
    if (!s.Step()) {
      RETURN_IF_ERROR(s.status());
      return EntryTaken();
    }
    e->id = s.Int(0);
    e->version = 1;
    return Status::Ok();
  }
  Status UpdateEntry(RollEntry* e) override {
    auto s = tx_->conn().Prepare(
        "UPDATE roll_entries SET status = $3, nominated_by = $4, nominated_at = $5, party_approve = $6, "
        "party_opinion = $7, party_met_on = $8, party_by = $9, party_at = $10, village_approve = $11, "
        "village_opinion = $12, village_met_on = $13, village_by = $14, village_at = $15, notice_from = $16, "
        "notice_until = $17, listed_at = $18, listed_until = $19, publication_id = $20, ledger_entry_id = "
        "$21, closed_reason = $22, closed_by = $23, closed_at = $24, appeal_status = $25, appeal_reason = "
        "$26, appeal_by = $27, appeal_at = $28, appeal_note = $29, appeal_decided_by = $30, "
        "appeal_decided_at = $31, version = version + 1 WHERE id = $1 AND version = $2");
    s.Bind(1, e->id).Bind(2, e->version);
    BindFrom(s, 3, *e);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return StaleVersion();
    ++e->version;
    return Status::Ok();
  }

  Result<std::vector<RollObjection>> Objections(int64_t entry_id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ROLL_OBJECTION_COLS
                                 "FROM roll_objections WHERE entry_id = $1 ORDER BY id LIMIT 5000");
    s.Bind(1, entry_id);
    return ReadAll<RollObjection>(s, ReadRollObjectionRow<Stmt>);
  }
  Result<std::vector<RollObjection>> ObjectionsBy(int64_t user_id, int limit) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ROLL_OBJECTION_COLS
                                 "FROM roll_objections WHERE raised_by = $1 ORDER BY id DESC LIMIT $2");
    s.Bind(1, user_id).Bind(2, Clamp(limit, 5000));
    return ReadAll<RollObjection>(s, ReadRollObjectionRow<Stmt>);
  }
  Result<std::optional<RollObjection>> GetObjection(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ROLL_OBJECTION_COLS "FROM roll_objections WHERE id = $1");
    s.Bind(1, id);
    return ReadFirst<RollObjection>(s, ReadRollObjectionRow<Stmt>);
  }
  Status InsertObjection(RollObjection* o) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO roll_objections(county, entry_id, reason, raised_by, raised_at, status, note, "
        "decided_by, decided_at) SELECT e.county, e.id, $2::text, $3::bigint, $4::bigint, $5::text, "
        "$6::text, "
        "$7::bigint, $8::bigint FROM roll_entries e WHERE e.id = $1::bigint RETURNING id");
    s.Bind(1, o->entry_id).Bind(2, o->reason).Bind(3, o->raised_by).Bind(4, o->raised_at).Bind(5, o->status);
    s.Bind(6, o->note).Bind(7, o->decided_by).Bind(8, o->decided_at);
    if (!s.Step()) return s.status().ok() ? RecordNotFound() : s.status();
    o->id = s.Int(0);
    return Status::Ok();
  }
  Status DecideObjection(RollObjection* o) override {
    auto s = tx_->conn().Prepare(
        "UPDATE roll_objections SET status = $2, note = $3, decided_by = $4, decided_at = $5 WHERE id = $1 "
        "AND status = 'open'");
    s.Bind(1, o->id).Bind(2, o->status).Bind(3, o->note).Bind(4, o->decided_by).Bind(5, o->decided_at);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() == 1) return Status::Ok();
    ASSIGN_OR_RETURN(auto got, GetObjection(o->id));
    if (!got) return RecordNotFound();
    return Conflict("该异议已处理", "the objection is decided already", "status");
  }
  Result<int64_t> OpenObjections(int64_t entry_id) override {
    auto s =
        tx_->conn().Prepare("SELECT COUNT(*) FROM roll_objections WHERE entry_id = $1 AND status = 'open'");
    s.Bind(1, entry_id);
    if (!s.Step()) return s.status().ok() ? Internal("count") : s.status();
    return s.Int(0);
  }

  Status InsertPublication(RollPublication* p) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO roll_publications(county, place_code, period, published_at, published_by) "
        "VALUES($5,$1,$2,$3,$4) ON CONFLICT(county, place_code, period) DO NOTHING RETURNING id");
    s.Bind(1, p->place_code).Bind(2, p->period).Bind(3, p->published_at).Bind(4, p->published_by);
    s.Bind(5, CountyOf(p->place_code));
    if (!s.Step()) {
      RETURN_IF_ERROR(s.status());
      return Conflict("本月红黑榜已发布", "the community has published this month's lists already", "period");
    }
    p->id = s.Int(0);
    return Status::Ok();
  }
  Result<std::optional<RollPublication>> GetPublication(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ROLL_PUBLICATION_COLS
                                 "FROM roll_publications t WHERE t.id = $1");
    s.Bind(1, id);
    return ReadFirst<RollPublication>(s, ReadRollPublicationRow<Stmt>);
  }
  Result<std::vector<RollPublication>> Publications(const std::string& scope, int limit) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ROLL_PUBLICATION_COLS
                                 "FROM roll_publications t WHERE t.place_code >= $1 AND t.place_code < $2 "
                                 "ORDER BY t.period DESC, t.place_code, t.id LIMIT $3");
    const CodeRange r = PrefixRange(scope);
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, Clamp(limit, 5000));
    return ReadAll<RollPublication>(s, ReadRollPublicationRow<Stmt>);
  }

 private:
  // Binds the fields from `status` on (status … appeal_decided_at, 29 of them) to $from, $from+1 ….
  static void BindFrom(Stmt& s, int from, const RollEntry& e) {
    auto b = [&s, i = from](const auto& v) mutable { s.Bind(i++, v); };
    b(e.status), b(e.nominated_by), b(e.nominated_at);
    for (const RollReview* r : {&e.party, &e.village})
      b(r->approve), b(r->opinion), b(r->met_on), b(r->by), b(r->at);
    b(e.notice_from), b(e.notice_until), b(e.listed_at), b(e.listed_until), b(e.publication_id);
    b(e.ledger_entry_id), b(e.closed_reason), b(e.closed_by), b(e.closed_at), b(e.appeal_status);
    b(e.appeal_reason), b(e.appeal_by), b(e.appeal_at), b(e.appeal_note), b(e.appeal_decided_by);
    b(e.appeal_decided_at);
  }
  PgTx* tx_;
};

}  // namespace

RepoPtr<RollRepo> NewPgRollRepo(PgTx* tx) { return MakeRepo<RollRepo, PgRollRepo>(tx); }

}  // namespace wangge::storage::postgres
