// SQLite: places (places_repo.hpp), the administrative tree and its counters, and SqliteTx::FlushCounts,
// which applies the counter deltas the repositories of a job buffered.
#include "storage/places_repo.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/orders_repo.hpp"
#include "storage/registry.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

// The ancestors of a code (itself included), plus "" for the whole database.
std::vector<std::string> SelfAndAncestors(const std::string& code) {
  std::vector<std::string> out{""};
  for (int len : {2, 4, 6, 9, 12, 15, 18})
    if (static_cast<int>(code.size()) >= len) out.push_back(code.substr(0, len));
  return out;
}

Place ReadPlace(const Stmt& s) {
  Place p;
  p.code = s.Text(0);
  p.name = s.Text(1);
  p.level = static_cast<int>(s.Int(2));
  p.parent_code = s.Text(3);
  p.kind = s.Text(4);
  p.boundary = s.Text(5);
  p.leader_person_id = s.OptInt(6);
  p.retired = s.Int(7) != 0;
  p.version = s.Int(8);
  p.updated_at = s.Text(9);
  p.leader_name = s.Text(10);
  return p;
}
#define PLACE_COLS                                                                                         \
  "p.code, p.name, p.level, p.parent_code, p.kind, p.boundary, p.leader_person_id, p.retired, p.version, " \
  "p.updated_at, coalesce((SELECT name FROM people WHERE id = p.leader_person_id), '') "

class SqlitePlaceRepo final : public PlaceRepo {
 public:
  explicit SqlitePlaceRepo(SqliteTx* tx) : tx_(tx) {}
  Result<Place> Get(const std::string& code) override;
  Result<std::string> Name(const std::string& code) override;
  Result<Page<Place>> Children(const std::string& parent_code, bool include_retired,
                               const PageRequest& page) override;
  Result<Page<Place>> InScope(const std::string& scope, int level, bool include_retired,
                              const PageRequest& page) override;
  Result<PlaceCounts> Counts(const std::string& code) override;
  Status Insert(const Place& p) override;
  Status Update(const Place& p) override;
  Status Rekey(const std::string& old_code, const std::string& new_code,
               const std::string& new_parent) override;
  void AddCount(const std::string& code, const std::string& metric, int64_t delta) override;
  Result<int64_t> RebuildCounts() override;
  Result<DerivedCheck> CheckCounts() override;
  Result<DerivedCheck> CheckPlaceCodes() override;
  Result<int64_t> CountInScope(const std::string& scope, int level) override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<PlaceRepo> NewSqlitePlaceRepo(SqliteTx* tx) { return MakeRepo<PlaceRepo, SqlitePlaceRepo>(tx); }

Result<Place> SqlitePlaceRepo::Get(const std::string& code) {
  auto s = tx_->conn().Prepare("SELECT " PLACE_COLS " FROM places p WHERE p.code = ?");
  s.Bind(1, code);
  if (s.Step()) return ReadPlace(s);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<std::string> SqlitePlaceRepo::Name(const std::string& code) {
  auto s = tx_->conn().Prepare("SELECT name FROM places WHERE code = ?");
  s.Bind(1, code);
  if (s.Step()) return s.Text(0);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<Page<Place>> SqlitePlaceRepo::Children(const std::string& parent_code, bool include_retired,
                                              const PageRequest& page) {
  auto s =
      tx_->conn().Prepare("SELECT " PLACE_COLS
                          " FROM places p WHERE p.parent_code = ?1 AND p.code > ?2 AND (?3 OR p.retired = 0) "
                          "ORDER BY p.code LIMIT ?4");
  int limit = PageLimit(page);
  s.Bind(1, parent_code).Bind(2, DecodeCursor(page.after).key).Bind(3, include_retired).Bind(4, limit + 1);
  return RunPage<Place>(s, limit, ReadPlace, [](const Place& p) { return EncodeCursor(p.code, 0); });
}

Result<Page<Place>> SqlitePlaceRepo::InScope(const std::string& scope, int level, bool include_retired,
                                             const PageRequest& page) {
  auto s = tx_->conn().Prepare(
      "SELECT " PLACE_COLS
      " FROM places p WHERE p.level = ?1 AND p.code >= ?2 AND p.code < ?3 AND p.code > ?4 "
      "AND (?5 OR p.retired = 0) ORDER BY p.code LIMIT ?6");
  int limit = PageLimit(page);
  CodeRange r = PrefixRange(scope);
  s.Bind(1, level)
      .Bind(2, r.begin)
      .Bind(3, r.end)
      .Bind(4, DecodeCursor(page.after).key)
      .Bind(5, include_retired);
  s.Bind(6, limit + 1);
  return RunPage<Place>(s, limit, ReadPlace, [](const Place& p) { return EncodeCursor(p.code, 0); });
}

Result<PlaceCounts> SqlitePlaceRepo::Counts(const std::string& code) {
  auto s = tx_->conn().Prepare("SELECT metric, n FROM place_counts WHERE code = ? ORDER BY metric");
  s.Bind(1, code);
  PlaceCounts c;
  while (s.Step()) {
    std::string m = s.Text(0);
    int64_t n = s.Int(1);
    if (m == "people")
      c.people = n;
    else if (m == "households")
      c.households = n;
    else if (m == "grids")
      c.grids = n;
    else if (m == "units")
      c.units = n;
    else if (m.rfind("tag:", 0) == 0 && n != 0)
      c.tags.emplace_back(m.substr(4), n);
  }
  if (!s.status().ok()) return s.status();
  return c;
}

Status SqlitePlaceRepo::Insert(const Place& p) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO places(code, name, level, parent_code, kind, boundary, leader_person_id, retired, "
      "version, updated_at) "
      "VALUES(?,?,?,?,?,?,?,?,1,?)");
  s.Bind(1, p.code)
      .Bind(2, p.name)
      .Bind(3, p.level)
      .Bind(4, p.parent_code)
      .Bind(5, p.kind)
      .Bind(6, p.boundary);
  s.Bind(7, p.leader_person_id).Bind(8, p.retired).Bind(9, tx_->Now());
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("代码 " + p.code + " 已存在", "code " + p.code + " already exists", "code");
  RETURN_IF_ERROR(st);
  if (!p.retired) {
    if (p.code.size() == 15) AddCount(p.code, "grids", 1);
    if (p.code.size() == 18) AddCount(p.code, "units", 1);
  }
  return Status::Ok();
}

Status SqlitePlaceRepo::Update(const Place& p) {
  ASSIGN_OR_RETURN(Place old, Get(p.code));
  auto s = tx_->conn().Prepare(
      "UPDATE places SET name=?, kind=?, boundary=?, leader_person_id=?, retired=?, version=version+1, "
      "updated_at=? "
      "WHERE code=? AND version=?");
  s.Bind(1, p.name).Bind(2, p.kind).Bind(3, p.boundary).Bind(4, p.leader_person_id).Bind(5, p.retired);
  s.Bind(6, tx_->Now()).Bind(7, p.code).Bind(8, p.version);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 0) return StaleVersion();
  if (old.retired != p.retired) {
    int64_t d = p.retired ? -1 : 1;
    if (p.code.size() == 15) AddCount(p.code, "grids", d);
    if (p.code.size() == 18) AddCount(p.code, "units", d);
  }
  return Status::Ok();
}

Status SqlitePlaceRepo::Rekey(const std::string& old_code, const std::string& new_code,
                              const std::string& new_parent) {
  RETURN_IF_ERROR(tx_->FlushCounts());
  Conn& c = tx_->conn();
  {
    auto s = c.Prepare("SELECT 1 FROM places WHERE code >= ?1 AND code < ?2 LIMIT 1");
    CodeRange nr = PrefixRange(new_code);
    s.Bind(1, nr.begin).Bind(2, nr.end);
    if (s.Step())
      return Conflict("目标代码 " + new_code + " 已被占用", "target code " + new_code + " is taken", "code");
    RETURN_IF_ERROR(s.status());
  }
  // Move the subtree's counters from the old ancestors to the new ones.
  ASSIGN_OR_RETURN(Place old, Get(old_code));
  std::vector<std::pair<std::string, int64_t>> metrics;
  {
    auto s = c.Prepare("SELECT metric, n FROM place_counts WHERE code = ?");
    s.Bind(1, old_code);
    while (s.Step()) metrics.emplace_back(s.Text(0), s.Int(1));
    RETURN_IF_ERROR(s.status());
  }
  for (auto& [m, n] : metrics) {
    AddCount(old.parent_code, m, -n);
    AddCount(new_parent, m, n);
  }
  // The order side first (it reads the figures under the old code): roll-up figures from the old ancestors to
  // the new ones, subjects renamed, the owning command centre of the orders that followed the old township.
  RETURN_IF_ERROR(tx_->orders().MovePlace(old_code, new_code));
  CodeRange r = PrefixRange(old_code);
  const int tail = static_cast<int>(old_code.size()) + 1;
  // The places themselves: codes and the parent codes below the moved one.
  {
    auto s = c.Prepare(
        "UPDATE places SET code = ?3 || substr(code, ?4), parent_code = CASE WHEN length(parent_code) >= "
        "length(?5) THEN ?3 || substr(parent_code, ?4) ELSE parent_code END, version = version + 1 WHERE "
        "code >= ?1 "
        "AND code < ?2");
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code).Bind(4, tail).Bind(5, old_code);
    RETURN_IF_ERROR(s.Exec());
  }
  // Every other column the registry says follows a place (roll-up subjects were moved above). The statements
  // are built once from the registry (the statement cache keys on stable text).
  static const std::vector<std::string> kRewrites = [] {
    std::vector<std::string> v;
    for (const TableInfo& t : Tables())
      for (const PlaceColumn& pc : t.places) {
        if (!FollowsMove(pc.role) || pc.role == PlaceRole::kKey || pc.role == PlaceRole::kParent ||
            pc.role == PlaceRole::kRollup)
          continue;
        const std::string col(pc.column), table(t.name);
        v.push_back("UPDATE " + table + " SET " + col + " = ?3 || substr(" + col + ", ?4) WHERE " + col +
                    " >= ?1 AND " + col + " < ?2");
      }
    return v;
  }();
  for (const std::string& sql : kRewrites) {
    auto s = c.Prepare(sql.c_str());
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code).Bind(4, tail);
    RETURN_IF_ERROR(s.Exec());
  }
  auto s = c.Prepare("UPDATE places SET parent_code = ?1, updated_at = ?3 WHERE code = ?2");
  s.Bind(1, new_parent).Bind(2, new_code).Bind(3, tx_->Now());
  return s.Exec();
}

void SqlitePlaceRepo::AddCount(const std::string& code, const std::string& metric, int64_t delta) {
  std::string key;
  key.reserve(code.size() + 1 + metric.size());
  key.append(code).push_back('\x1f');
  key.append(metric);
  tx_->pending_counts_[key] += delta;
}

namespace {
// Every counter recomputed from the base tables: each base row contributes to every ancestor prefix of its
// place code (and ''). Columns: code, metric, n.
constexpr const char* kRecomputedCounts = R"SQL(
    SELECT substr(x.code, 1, l.len) AS code, x.metric AS metric, sum(x.n) AS n FROM (
      SELECT place_code AS code, 'people' AS metric, count(*) AS n FROM people WHERE retired = 0 GROUP BY place_code
      UNION ALL SELECT place_code, 'households', count(*) FROM households WHERE retired = 0 GROUP BY place_code
      UNION ALL SELECT t.place_code, 'tag:' || t.tag, count(*) FROM person_tags t JOIN people p ON p.id = t.person_id
                WHERE p.retired = 0 GROUP BY t.place_code, t.tag
      UNION ALL SELECT code, 'grids', 1 FROM places WHERE level = 6 AND retired = 0
      UNION ALL SELECT code, 'units', 1 FROM places WHERE level = 7 AND retired = 0
    ) x JOIN (SELECT 0 AS len UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT 6 UNION ALL SELECT 9
              UNION ALL SELECT 12 UNION ALL SELECT 15 UNION ALL SELECT 18) l ON l.len <= length(x.code)
    GROUP BY substr(x.code, 1, l.len), x.metric
)SQL";
}  // namespace

Result<int64_t> SqlitePlaceRepo::RebuildCounts() {
  RETURN_IF_ERROR(tx_->FlushCounts());  // member counts are not rebuilt below; place counts are replaced
  RETURN_IF_ERROR(tx_->conn().ExecScript("DELETE FROM place_counts"));
  RETURN_IF_ERROR(tx_->conn().ExecScript(
      (std::string("INSERT INTO place_counts(code, metric, n) ") + kRecomputedCounts).c_str()));
  auto s = tx_->conn().Prepare("SELECT count(*) FROM place_counts");
  if (!s.Step()) return s.status();
  return s.Int(0);
}

Result<DerivedCheck> SqlitePlaceRepo::CheckCounts() {
  DerivedCheck check;
  {
    auto n =
        tx_->conn().Prepare("SELECT (SELECT count(*) FROM place_counts) + (SELECT count(*) FROM households)");
    if (!n.Step()) return n.status();
    check.rows = n.Int(0);
  }
  // Zero counters equal absent ones (a place whose last person moved away keeps its row at 0).
  // Static: the statement cache is keyed by the text's address.
  static const std::string kDiff = std::string("WITH fresh AS (") + kRecomputedCounts + R"SQL(),
      a AS (SELECT code, metric, n FROM fresh WHERE n <> 0 EXCEPT SELECT code, metric, n FROM place_counts WHERE n <> 0),
      b AS (SELECT code, metric, n FROM place_counts WHERE n <> 0 EXCEPT SELECT code, metric, n FROM fresh WHERE n <> 0)
    SELECT code, metric, group_concat(side || ' ' || n, ', ') FROM (
      SELECT 'recomputed' AS side, code, metric, n FROM a UNION ALL SELECT 'stored', code, metric, n FROM b)
    GROUP BY code, metric ORDER BY code, metric)SQL";
  auto diff = tx_->conn().Prepare(kDiff.c_str());
  while (diff.Step()) {
    if (check.mismatches++ == 0)
      check.first = "place '" + diff.Text(0) + "' " + diff.Text(1) + ": " + diff.Text(2);
  }
  RETURN_IF_ERROR(diff.status());
  auto members = tx_->conn().Prepare(R"SQL(
    SELECT h.id, h.member_count, (SELECT count(*) FROM people p WHERE p.household_id = h.id AND p.retired = 0) AS n
    FROM households h WHERE h.member_count <> n ORDER BY h.id)SQL");
  while (members.Step()) {
    if (check.mismatches++ == 0)
      check.first = "household " + std::to_string(members.Int(0)) + " member_count: stored " +
                    std::to_string(members.Int(1)) + ", recomputed " + std::to_string(members.Int(2));
  }
  RETURN_IF_ERROR(members.status());
  return check;
}

Result<DerivedCheck> SqlitePlaceRepo::CheckPlaceCodes() {
  struct Probe {
    std::string what, count, first;
  };
  // One pair of statements per registry column (built once: the statement cache keys on stable text).
  static const std::vector<Probe> kProbes = [] {
    std::vector<Probe> v;
    for (const TableInfo& t : Tables())
      for (const PlaceColumn& pc : t.places) {
        if (pc.role == PlaceRole::kKey || pc.role == PlaceRole::kHistorical || pc.role == PlaceRole::kCounter)
          continue;
        const std::string col(pc.column), table(t.name);
        std::string where = col + " <> ''";
        if (pc.role == PlaceRole::kRollup)
          where += " AND " + col + " NOT LIKE 'd:%' AND " + col + " NOT LIKE 'u:%'";
        const std::string missing = " FROM " + table + " x WHERE " + where +
                                    " AND NOT EXISTS (SELECT 1 FROM places p WHERE p.code = x." + col + ")";
        v.push_back({table + "." + col, "SELECT (SELECT count(*) FROM " + table + "), count(*)" + missing,
                     "SELECT min(x." + col + ")" + missing});
      }
    return v;
  }();
  DerivedCheck check;
  for (const Probe& p : kProbes) {
    auto n = tx_->conn().Prepare(p.count.c_str());
    if (!n.Step()) return n.status();
    check.rows += n.Int(0);
    const int64_t bad = n.Int(1);
    if (bad == 0) continue;
    auto f = tx_->conn().Prepare(p.first.c_str());
    if (!f.Step()) return f.status();
    if (check.mismatches == 0)
      check.first = p.what + " '" + f.Text(0) + "' names no place (" + std::to_string(bad) + " rows)";
    check.mismatches += bad;
  }
  return check;
}

Result<int64_t> SqlitePlaceRepo::CountInScope(const std::string& scope, int level) {
  auto s = tx_->conn().Prepare(
      "SELECT count(*) FROM places WHERE level = ?1 AND code >= ?2 AND code < ?3 AND retired = 0");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, level).Bind(2, r.begin).Bind(3, r.end);
  if (!s.Step()) return s.status();
  return s.Int(0);
}

Status SqliteTx::FlushCounts() {
  if (!pending_members_.empty()) {
    auto u = conn_->Prepare("UPDATE households SET member_count = member_count + ?1 WHERE id = ?2");
    for (const auto& [id, d] : pending_members_) {
      if (d == 0) continue;
      u.Bind(1, d).Bind(2, id);
      RETURN_IF_ERROR(u.Exec());
      u.Reset();
    }
    pending_members_.clear();
  }
  if (pending_counts_.empty()) return Status::Ok();
  std::map<std::pair<std::string, std::string>, int64_t> expanded;
  for (const auto& [key, d] : pending_counts_) {
    if (d == 0) continue;
    size_t sep = key.find('\x1f');
    std::string code = key.substr(0, sep), metric = key.substr(sep + 1);
    for (auto& a : SelfAndAncestors(code)) expanded[{a, metric}] += d;
  }
  auto s = conn_->Prepare(
      "INSERT INTO place_counts(code, metric, n) VALUES(?,?,?) ON CONFLICT(code, metric) DO UPDATE SET n = n "
      "+ excluded.n");
  for (auto& [k, d] : expanded) {
    if (d == 0) continue;
    s.Bind(1, k.first).Bind(2, k.second).Bind(3, d);
    RETURN_IF_ERROR(s.Exec());
    s.Reset();
  }
  pending_counts_.clear();
  return Status::Ok();
}

}  // namespace wangge::storage::sqlite
