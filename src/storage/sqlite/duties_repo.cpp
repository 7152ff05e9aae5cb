// SQLite: 减负's lists, items, task citations and refusals, inspections and caps (duties_repo.hpp, migration
// 0018).
#include "storage/duties_repo.hpp"

#include <string>
#include <vector>

#include "core/codes.hpp"
#include "storage/duties_rows.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

class SqliteDutyRepo final : public DutyRepo {
 public:
  explicit SqliteDutyRepo(SqliteTx* tx) : tx_(tx) {}

  Result<std::vector<DutyList>> Lists(const std::string& county) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUTY_LIST_COLS
                                 "FROM duty_lists WHERE place_code = ?1 ORDER BY kind, list_version DESC "
                                 "LIMIT 1000");
    s.Bind(1, county);
    return ReadAll<DutyList>(s, ReadDutyListRow<Stmt>);
  }
  Result<std::optional<DutyList>> GetList(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUTY_LIST_COLS "FROM duty_lists WHERE id = ?1");
    s.Bind(1, id);
    return ReadFirst<DutyList>(s, ReadDutyListRow<Stmt>);
  }
  Result<std::optional<DutyList>> ListIn(const std::string& county, const std::string& kind,
                                         const std::string& status) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUTY_LIST_COLS
                                 "FROM duty_lists WHERE place_code = ?1 AND kind = ?2 AND status = ?3 "
                                 "ORDER BY list_version DESC LIMIT 1");
    s.Bind(1, county).Bind(2, kind).Bind(3, status);
    return ReadFirst<DutyList>(s, ReadDutyListRow<Stmt>);
  }
  Status InsertList(DutyList* l) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO duty_lists(place_code, kind, list_version, title, note, status, created_by, created_at, "
        "published_by, published_at, superseded_at, version) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,1) "
        "ON CONFLICT DO NOTHING");
    s.Bind(1, l->place_code).Bind(2, l->kind).Bind(3, l->list_version).Bind(4, l->title).Bind(5, l->note);
    s.Bind(6, l->status).Bind(7, l->created_by).Bind(8, l->created_at).Bind(9, l->published_by);
    s.Bind(10, l->published_at).Bind(11, l->superseded_at);
    RETURN_IF_ERROR(s.Exec());
    if (tx_->conn().Changes() != 1)
      return Conflict("该清单已有草稿或该版本已存在", "the list has a draft already, or the version exists",
                      "kind");
    l->id = tx_->conn().LastInsertId();
    l->version = 1;
    return Status::Ok();
  }
  Status UpdateList(DutyList* l) override {
    auto s = tx_->conn().Prepare(
        "UPDATE duty_lists SET title = ?3, note = ?4, status = ?5, published_by = ?6, published_at = ?7, "
        "superseded_at = ?8, version = version + 1 WHERE id = ?1 AND version = ?2");
    s.Bind(1, l->id).Bind(2, l->version).Bind(3, l->title).Bind(4, l->note).Bind(5, l->status);
    s.Bind(6, l->published_by).Bind(7, l->published_at).Bind(8, l->superseded_at);
    RETURN_IF_ERROR(s.Exec());
    if (tx_->conn().Changes() != 1) return StaleVersion();
    ++l->version;
    return Status::Ok();
  }

  Result<std::vector<DutyItem>> Items(int64_t list_id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUTY_ITEM_COLS
                                 "FROM duty_items WHERE list_id = ?1 ORDER BY seq LIMIT 2000");
    s.Bind(1, list_id);
    return ReadAll<DutyItem>(s, ReadDutyItemRow<Stmt>);
  }
  Result<std::optional<DutyItem>> GetItem(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUTY_ITEM_COLS "FROM duty_items WHERE id = ?1");
    s.Bind(1, id);
    return ReadFirst<DutyItem>(s, ReadDutyItemRow<Stmt>);
  }
  Status InsertItem(DutyItem* i) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO duty_items(list_id, place_code, seq, section, grp, title, basis, department, "
        "alternative, status, withdrawn_reason, withdrawn_by, withdrawn_at, version) VALUES(?1,?2,"
        "CASE WHEN ?3 > 0 THEN ?3 ELSE (SELECT COALESCE(MAX(seq), 0) + 1 FROM duty_items WHERE list_id = ?1) "
        "END,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,1) ON CONFLICT DO NOTHING RETURNING id, seq");
    s.Bind(1, i->list_id).Bind(2, i->place_code).Bind(3, i->seq).Bind(4, i->section).Bind(5, i->group);
    s.Bind(6, i->title).Bind(7, i->basis).Bind(8, i->department).Bind(9, i->alternative);
    s.Bind(10, i->status).Bind(11, i->withdrawn_reason).Bind(12, i->withdrawn_by).Bind(13, i->withdrawn_at);
    if (!s.Step()) {
      RETURN_IF_ERROR(s.status());
      return Conflict("该序号已被占用", "the item number is taken", "seq");
    }
    i->id = s.Int(0);
    i->seq = static_cast<int>(s.Int(1));
    i->version = 1;
    while (s.Step()) {
    }
    return s.status();
  }
  Status UpdateItem(DutyItem* i) override {
    auto s = tx_->conn().Prepare(
        "UPDATE duty_items SET seq = ?3, section = ?4, grp = ?5, title = ?6, basis = ?7, department = ?8, "
        "alternative = ?9, status = ?10, withdrawn_reason = ?11, withdrawn_by = ?12, withdrawn_at = ?13, "
        "version = version + 1 WHERE id = ?1 AND version = ?2");
    s.Bind(1, i->id).Bind(2, i->version).Bind(3, i->seq).Bind(4, i->section).Bind(5, i->group);
    s.Bind(6, i->title).Bind(7, i->basis).Bind(8, i->department).Bind(9, i->alternative);
    s.Bind(10, i->status).Bind(11, i->withdrawn_reason).Bind(12, i->withdrawn_by).Bind(13, i->withdrawn_at);
    RETURN_IF_ERROR(s.Exec());
    if (tx_->conn().Changes() != 1) return StaleVersion();
    ++i->version;
    return Status::Ok();
  }
  Status DeleteItem(int64_t id, int64_t version) override {
    auto s = tx_->conn().Prepare("DELETE FROM duty_items WHERE id = ?1 AND version = ?2");
    s.Bind(1, id).Bind(2, version);
    RETURN_IF_ERROR(s.Exec());
    return tx_->conn().Changes() == 1 ? Status::Ok() : StaleVersion();
  }
  Result<std::vector<std::pair<std::string, int64_t>>> ItemCounts(int64_t list_id) override {
    auto s = tx_->conn().Prepare(
        "SELECT section, COUNT(*) FROM duty_items WHERE list_id = ?1 AND status = 'active' GROUP BY section "
        "ORDER BY section");
    s.Bind(1, list_id);
    std::vector<std::pair<std::string, int64_t>> out;
    while (s.Step()) out.emplace_back(s.Text(0), s.Int(1));
    RETURN_IF_ERROR(s.status());
    return out;
  }

  Status InsertTask(const DutyTask& t) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO duty_tasks(order_id, place_code, dept_id, item_id, list_id, list_version, section, "
        "type, "
        "period, created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    s.Bind(1, t.order_id).Bind(2, t.place_code).Bind(3, t.dept_id).Bind(4, t.item_id).Bind(5, t.list_id);
    s.Bind(6, t.list_version).Bind(7, t.section).Bind(8, t.type).Bind(9, t.period).Bind(10, t.created_at);
    return s.Exec();
  }
  Result<std::optional<DutyTask>> GetTask(int64_t order_id) override {
    auto s =
        tx_->conn().Prepare("SELECT " WANGGE_DUTY_TASK_COLS WANGGE_DUTY_TASK_FROM "WHERE t.order_id = ?1");
    s.Bind(1, order_id);
    return ReadFirst<DutyTask>(s, ReadDutyTaskRow<Stmt>);
  }
  Result<std::vector<DutyTask>> Tasks(const DutyTaskFilter& f) override {
    // The department's own (its index), or a scope's communities (a range on the place index).
    auto s = tx_->conn().Prepare(
        f.dept_id != 0
            ? "SELECT " WANGGE_DUTY_TASK_COLS WANGGE_DUTY_TASK_FROM
              "WHERE t.dept_id = ?1 AND t.place_code >= ?2 AND t.place_code < ?3 AND (?4 < 0 OR o.state = "
              "?4) "
              "AND (?5 = 0 OR t.order_id < ?5) ORDER BY t.order_id DESC LIMIT ?6"
            : "SELECT " WANGGE_DUTY_TASK_COLS WANGGE_DUTY_TASK_FROM
              "WHERE ?1 = 0 AND t.place_code >= ?2 AND t.place_code < ?3 AND (?4 < 0 OR o.state = ?4) "
              "AND (?5 = 0 OR t.order_id < ?5) ORDER BY t.order_id DESC LIMIT ?6");
    const CodeRange r = PrefixRange(f.scope);
    s.Bind(1, f.dept_id).Bind(2, r.begin).Bind(3, r.end).Bind(4, f.state).Bind(5, f.before);
    s.Bind(6, Clamp(f.limit, kMaxPage));
    return ReadAll<DutyTask>(s, ReadDutyTaskRow<Stmt>);
  }
  Status InsertRefusal(DutyRefusal* r) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO duty_refusals(place_code, dept_id, user_id, item_id, list_version, type, title, code, "
        "reason, period, at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    s.Bind(1, r->place_code).Bind(2, r->dept_id).Bind(3, r->user_id).Bind(4, r->item_id);
    s.Bind(5, r->list_version).Bind(6, r->type).Bind(7, r->title).Bind(8, r->code).Bind(9, r->reason);
    s.Bind(10, r->period).Bind(11, r->at);
    RETURN_IF_ERROR(s.Exec());
    r->id = tx_->conn().LastInsertId();
    return Status::Ok();
  }
  Result<std::vector<DutyRefusal>> Refusals(const std::string& scope, int64_t dept_id, int limit) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_DUTY_REFUSAL_COLS
                                 "FROM duty_refusals WHERE place_code >= ?1 AND place_code < ?2 AND "
                                 "(?3 = 0 OR dept_id = ?3) ORDER BY id DESC LIMIT ?4");
    const CodeRange r = PrefixRange(scope);
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, dept_id).Bind(4, Clamp(limit, kMaxPage));
    return ReadAll<DutyRefusal>(s, ReadDutyRefusalRow<Stmt>);
  }

  Status InsertInspection(Inspection* i) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO inspections(place_code, dept_id, planned_on, period_key, subject, purpose, item_id, "
        "over_cap, status, filed_by, filed_at, decided_by, decided_at, decision_note, closed_by, closed_at, "
        "findings, period, version) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,1)");
    s.Bind(1, i->place_code).Bind(2, i->dept_id).Bind(3, i->planned_on).Bind(4, i->period_key);
    s.Bind(5, i->subject)
        .Bind(6, i->purpose)
        .Bind(7, i->item_id)
        .Bind(8, static_cast<int>(i->over_cap))
        .Bind(9, i->status);
    s.Bind(10, i->filed_by).Bind(11, i->filed_at).Bind(12, i->decided_by).Bind(13, i->decided_at);
    s.Bind(14, i->decision_note).Bind(15, i->closed_by).Bind(16, i->closed_at).Bind(17, i->findings);
    s.Bind(18, i->period);
    RETURN_IF_ERROR(s.Exec());
    i->id = tx_->conn().LastInsertId();
    i->version = 1;
    return Status::Ok();
  }
  Result<std::optional<Inspection>> GetInspection(int64_t id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_INSPECTION_COLS "FROM inspections WHERE id = ?1");
    s.Bind(1, id);
    return ReadFirst<Inspection>(s, ReadInspectionRow<Stmt>);
  }
  Status UpdateInspection(Inspection* i) override {
    auto s = tx_->conn().Prepare(
        "UPDATE inspections SET status = ?3, decided_by = ?4, decided_at = ?5, decision_note = ?6, "
        "closed_by = ?7, closed_at = ?8, findings = ?9, version = version + 1 WHERE id = ?1 AND version = "
        "?2");
    s.Bind(1, i->id).Bind(2, i->version).Bind(3, i->status).Bind(4, i->decided_by).Bind(5, i->decided_at);
    s.Bind(6, i->decision_note).Bind(7, i->closed_by).Bind(8, i->closed_at).Bind(9, i->findings);
    RETURN_IF_ERROR(s.Exec());
    if (tx_->conn().Changes() != 1) return StaleVersion();
    ++i->version;
    return Status::Ok();
  }
  Result<std::vector<Inspection>> Inspections(const InspectionFilter& f) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_INSPECTION_COLS
                                 "FROM inspections WHERE place_code >= ?1 AND place_code < ?2 AND "
                                 "(?3 = 0 OR dept_id = ?3) AND (?4 = '' OR status = ?4) "
                                 "ORDER BY planned_on DESC, id DESC LIMIT ?5");
    const CodeRange r = PrefixRange(f.scope);
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, f.dept_id).Bind(4, f.status).Bind(5, Clamp(f.limit, kMaxPage));
    return ReadAll<Inspection>(s, ReadInspectionRow<Stmt>);
  }
  Result<int64_t> CountAgainstCap(const std::string& community, const std::string& period_key) override {
    auto s = tx_->conn().Prepare(
        "SELECT COUNT(*) FROM inspections WHERE place_code = ?1 AND period_key = ?2 AND "
        "status IN ('filed', 'approved', 'held')");
    s.Bind(1, community).Bind(2, period_key);
    if (!s.Step()) return s.status().ok() ? Internal("count") : s.status();
    return s.Int(0);
  }

  Result<std::optional<InspectionCap>> GetCap(const std::string& county) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_INSPECTION_CAP_COLS
                                 "FROM inspection_caps WHERE place_code = ?1");
    s.Bind(1, county);
    return ReadFirst<InspectionCap>(s, ReadInspectionCapRow<Stmt>);
  }
  Status PutCap(InspectionCap* c) override {
    auto s = tx_->conn().Prepare(
        c->version == 0
            ? "INSERT INTO inspection_caps(place_code, cap, period, updated_by, updated_at, version) "
              "VALUES(?1,?2,?3,?4,?5,1) ON CONFLICT DO NOTHING"
            : "UPDATE inspection_caps SET cap = ?2, period = ?3, updated_by = ?4, updated_at = ?5, "
              "version = version + 1 WHERE place_code = ?1 AND version = ?6");
    s.Bind(1, c->place_code).Bind(2, c->cap).Bind(3, c->period).Bind(4, c->updated_by);
    s.Bind(5, c->updated_at);
    if (c->version != 0) s.Bind(6, c->version);
    RETURN_IF_ERROR(s.Exec());
    if (tx_->conn().Changes() != 1) return StaleVersion();
    ++c->version;
    return Status::Ok();
  }

  Result<std::vector<LoadCount>> Load(const std::string& scope, int from, int to) override {
    auto s = tx_->conn().Prepare(WANGGE_DUTY_LOAD_SQL("?1", "?2", "?3", "?4"));
    const CodeRange r = PrefixRange(scope);
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, from).Bind(4, to);
    return ReadAll<LoadCount>(s, ReadLoadRow<Stmt>);
  }

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<DutyRepo> NewSqliteDutyRepo(SqliteTx* tx) { return MakeRepo<DutyRepo, SqliteDutyRepo>(tx); }

}  // namespace wangge::storage::sqlite
