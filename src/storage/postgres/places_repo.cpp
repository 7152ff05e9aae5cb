// PostgreSQL: places (places_repo.hpp), the administrative tree and its counters, and PgTx::FlushCounts,
// which applies the counter deltas the repositories of a job buffered.
#include "storage/places_repo.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/orders_repo.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"
#include "storage/registry.hpp"

namespace wangge::storage::postgres {
namespace {

// CountyOf (pg_common.hpp) in SQL, for statements that derive a county from a code they compute.
#define COUNTY_OF(x) "rpad(substr(" x ", 1, 6), 6, '0')"

// The ancestors of a code (itself included), plus "" for the whole database.
std::vector<std::string> SelfAndAncestors(const std::string& code) {
  std::vector<std::string> out{""};
  for (int len : {2, 4, 6, 9, 12, 15, 18})
    if (static_cast<int>(code.size()) >= len) out.push_back(code.substr(0, len));
  return out;
}

// A PostgreSQL array literal ({"a","b"}) of the values, for `$n::text[]` / `$n::bigint[]` parameters.
std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char ch : values[i]) {
      if (ch == '"' || ch == '\\') out.push_back('\\');
      out.push_back(ch);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

// The counties that codes in [r.begin, r.end) can lie in: [CountyOf(begin), CountyOf(end)]. Codes are
// digit strings, and cutting to 6 characters and padding with '0' keeps their byte order, so the bounds hold
// for the prefix ranges of PrefixRange too (whose end may carry ':').
std::pair<std::string, std::string> CountyBounds(const CodeRange& r) {
  return {CountyOf(r.begin), CountyOf(r.end)};
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

class PgPlaceRepo final : public PlaceRepo {
 public:
  explicit PgPlaceRepo(PgTx* tx) : tx_(tx) {}
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
  PgTx* tx_;
};

}  // namespace

RepoPtr<PlaceRepo> NewPgPlaceRepo(PgTx* tx) { return MakeRepo<PlaceRepo, PgPlaceRepo>(tx); }

Result<Place> PgPlaceRepo::Get(const std::string& code) {
  auto s = tx_->conn().Prepare("SELECT " PLACE_COLS " FROM places p WHERE p.county = $2 AND p.code = $1");
  s.Bind(1, code).Bind(2, CountyOf(code));
  if (s.Step()) return ReadPlace(s);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<std::string> PgPlaceRepo::Name(const std::string& code) {
  auto s = tx_->conn().Prepare("SELECT name FROM places WHERE county = $2 AND code = $1");
  s.Bind(1, code).Bind(2, CountyOf(code));
  if (s.Step()) return s.Text(0);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<Page<Place>> PgPlaceRepo::Children(const std::string& parent_code, bool include_retired,
                                          const PageRequest& page) {
  auto s = tx_->conn().Prepare(
      "SELECT " PLACE_COLS
      " FROM places p WHERE p.parent_code = $1 AND p.code > $2 AND ($3::boolean OR NOT p.retired) "
      "ORDER BY p.code LIMIT $4");
  int limit = PageLimit(page);
  s.Bind(1, parent_code).Bind(2, DecodeCursor(page.after).key).Bind(3, include_retired).Bind(4, limit + 1);
  return RunPage<Place>(s, limit, ReadPlace, [](const Place& p) { return EncodeCursor(p.code, 0); });
}

Result<Page<Place>> PgPlaceRepo::InScope(const std::string& scope, int level, bool include_retired,
                                         const PageRequest& page) {
  auto s = tx_->conn().Prepare(
      "SELECT " PLACE_COLS
      " FROM places p WHERE p.level = $1 AND p.code >= $2 AND p.code < $3 AND p.code > $4 "
      "AND ($5::boolean OR NOT p.retired) ORDER BY p.code LIMIT $6");
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

Result<PlaceCounts> PgPlaceRepo::Counts(const std::string& code) {
  auto s = tx_->conn().Prepare(
      "SELECT metric, n FROM place_counts WHERE county = $2 AND code = $1 ORDER BY metric");
  s.Bind(1, code).Bind(2, CountyOf(code));
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

Status PgPlaceRepo::Insert(const Place& p) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO places(county, code, name, level, parent_code, kind, boundary, leader_person_id, retired, "
      "version, updated_at) "
      "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,1,$10)");
  s.Bind(1, CountyOf(p.code))
      .Bind(2, p.code)
      .Bind(3, p.name)
      .Bind(4, p.level)
      .Bind(5, p.parent_code)
      .Bind(6, p.kind)
      .Bind(7, p.boundary);
  s.Bind(8, p.leader_person_id).Bind(9, p.retired).Bind(10, tx_->Now());
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

Status PgPlaceRepo::Update(const Place& p) {
  ASSIGN_OR_RETURN(Place old, Get(p.code));
  auto s = tx_->conn().Prepare(
      "UPDATE places SET name=$1, kind=$2, boundary=$3, leader_person_id=$4, retired=$5, version=version+1, "
      "updated_at=$6 "
      "WHERE county=$9 AND code=$7 AND version=$8");
  s.Bind(1, p.name).Bind(2, p.kind).Bind(3, p.boundary).Bind(4, p.leader_person_id).Bind(5, p.retired);
  s.Bind(6, tx_->Now()).Bind(7, p.code).Bind(8, p.version).Bind(9, CountyOf(p.code));
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 0) return StaleVersion();
  if (old.retired != p.retired) {
    int64_t d = p.retired ? -1 : 1;
    if (p.code.size() == 15) AddCount(p.code, "grids", d);
    if (p.code.size() == 18) AddCount(p.code, "units", d);
  }
  return Status::Ok();
}

namespace {
// Whether a registry table has the county column (schema rule 1: every kData table but users and
// sessions, which are reference tables).
bool HasCounty(const TableInfo& t) {
  return t.kind == TableKind::kData && t.name != "users" && t.name != "sessions";
}
}  // namespace

Status PgPlaceRepo::Rekey(const std::string& old_code, const std::string& new_code,
                          const std::string& new_parent) {
  RETURN_IF_ERROR(tx_->FlushCounts());
  Conn& c = tx_->conn();
  {
    auto s = c.Prepare(
        "SELECT 1 FROM places WHERE county >= $3 AND county <= $4 AND code >= $1 AND code < $2 LIMIT 1");
    CodeRange nr = PrefixRange(new_code);
    auto [lo, hi] = CountyBounds(nr);
    s.Bind(1, nr.begin).Bind(2, nr.end).Bind(3, lo).Bind(4, hi);
    if (s.Step())
      return Conflict("目标代码 " + new_code + " 已被占用", "target code " + new_code + " is taken", "code");
    RETURN_IF_ERROR(s.status());
  }
  // Move the subtree's counters from the old ancestors to the new ones.
  ASSIGN_OR_RETURN(Place old, Get(old_code));
  std::vector<std::pair<std::string, int64_t>> metrics;
  {
    auto s = c.Prepare("SELECT metric, n FROM place_counts WHERE county = $2 AND code = $1");
    s.Bind(1, old_code).Bind(2, CountyOf(old_code));
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
  auto [lo, hi] = CountyBounds(r);
  const int tail = static_cast<int>(old_code.size()) + 1;
  // The places themselves: codes, their county (a move may cross counties) and the parent codes below the
  // moved one.
  {
    auto s = c.Prepare(
        "UPDATE places SET code = $3::text || substr(code, $4), "
        "county = " COUNTY_OF("$3::text || substr(code, $4)") ", "
        "parent_code = CASE WHEN length(parent_code) >= length($5::text) "
        "THEN $3::text || substr(parent_code, $4) ELSE parent_code END, version = version + 1 "
        "WHERE county >= $6 AND county <= $7 AND code >= $1 AND code < $2");
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code).Bind(4, tail).Bind(5, old_code);
    s.Bind(6, lo).Bind(7, hi);
    RETURN_IF_ERROR(s.Exec());
  }
  // Every other column the registry says follows a place (roll-up subjects were moved above), in every table
  // the registry lists: a table missing from the database is a bug, as on SQLite (Prepare throws). Where the
  // row's county was derived from the column (its own place, a counter's subject, a scope), the county
  // follows the code: rows whose county is CountyOf(old value) get CountyOf(new value). A county derived
  // from the column (own place, counter) also bounds the scan. A reference to a place (orders.command_place
  // …) leaves the row's county alone. The statements are built once from the registry (the statement cache
  // keys on stable text).
  struct Rewrite {
    std::string sql;
    bool bounded;  // binds $5/$6, the county bounds
  };
  static const std::vector<Rewrite> kRewrites = [] {
    std::vector<Rewrite> v;
    for (const TableInfo& t : Tables())
      for (const PlaceColumn& pc : t.places) {
        if (!FollowsMove(pc.role) || pc.role == PlaceRole::kKey || pc.role == PlaceRole::kParent ||
            pc.role == PlaceRole::kRollup)
          continue;
        const std::string col(pc.column), table(t.name);
        const std::string moved = "$3::text || substr(" + col + ", $4)";
        std::string sql = "UPDATE " + table + " SET " + col + " = " + moved;
        const bool owns = pc.role == PlaceRole::kOwn || pc.role == PlaceRole::kCounter;
        if (HasCounty(t) && (owns || pc.role == PlaceRole::kScope))
          sql += ", county = CASE WHEN county = rpad(substr(" + col + ", 1, 6), 6, '0') THEN rpad(substr(" +
                 moved + ", 1, 6), 6, '0') ELSE county END";
        sql += " WHERE " + col + " >= $1 AND " + col + " < $2";
        const bool bounded = HasCounty(t) && owns;
        if (bounded) sql += " AND county >= $5 AND county <= $6";
        v.push_back({sql, bounded});
      }
    return v;
  }();
  for (const Rewrite& w : kRewrites) {
    auto s = c.Prepare(w.sql.c_str());
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code).Bind(4, tail);
    if (w.bounded) s.Bind(5, lo).Bind(6, hi);
    RETURN_IF_ERROR(s.Exec());
  }
  auto s = c.Prepare("UPDATE places SET parent_code = $1, updated_at = $3 WHERE county = $4 AND code = $2");
  s.Bind(1, new_parent).Bind(2, new_code).Bind(3, tx_->Now()).Bind(4, CountyOf(new_code));
  return s.Exec();
}

void PgPlaceRepo::AddCount(const std::string& code, const std::string& metric, int64_t delta) {
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
    SELECT substr(x.code, 1, l.len) AS code, x.metric AS metric, sum(x.n)::bigint AS n FROM (
      SELECT place_code AS code, 'people' AS metric, count(*) AS n FROM people WHERE NOT retired
             GROUP BY place_code
      UNION ALL SELECT place_code, 'households', count(*) FROM households WHERE NOT retired GROUP BY place_code
      UNION ALL SELECT t.place_code, 'tag:' || t.tag, count(*) FROM person_tags t
                JOIN people p ON p.county = t.county AND p.id = t.person_id
                WHERE NOT p.retired GROUP BY t.place_code, t.tag
      UNION ALL SELECT code, 'grids', 1 FROM places WHERE level = 6 AND NOT retired
      UNION ALL SELECT code, 'units', 1 FROM places WHERE level = 7 AND NOT retired
    ) x JOIN (VALUES (0), (2), (4), (6), (9), (12), (15), (18)) AS l(len) ON l.len <= length(x.code)
    GROUP BY substr(x.code, 1, l.len), x.metric
)SQL";
}  // namespace

Result<int64_t> PgPlaceRepo::RebuildCounts() {
  RETURN_IF_ERROR(tx_->FlushCounts());  // member counts are not rebuilt below; place counts are replaced
  RETURN_IF_ERROR(tx_->conn().Prepare("DELETE FROM place_counts").Exec());
  // Static: the statement cache is keyed by the text's address.
  static const std::string kInsert =
      std::string("INSERT INTO place_counts(county, code, metric, n) SELECT ") +
      COUNTY_OF("r.code") ", r.code, r.metric, r.n FROM (" + kRecomputedCounts + ") r";
  RETURN_IF_ERROR(tx_->conn().Prepare(kInsert.c_str()).Exec());
  auto s = tx_->conn().Prepare("SELECT count(*) FROM place_counts");
  if (!s.Step()) return s.status();
  return s.Int(0);
}

Result<DerivedCheck> PgPlaceRepo::CheckCounts() {
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
    SELECT code, metric, string_agg(side || ' ' || n::text, ', ' ORDER BY side) FROM (
      SELECT 'recomputed' AS side, code, metric, n FROM a UNION ALL SELECT 'stored', code, metric, n FROM b) d
    GROUP BY code, metric ORDER BY code, metric)SQL";
  auto diff = tx_->conn().Prepare(kDiff.c_str());
  while (diff.Step()) {
    if (check.mismatches++ == 0)
      check.first = "place '" + diff.Text(0) + "' " + diff.Text(1) + ": " + diff.Text(2);
  }
  RETURN_IF_ERROR(diff.status());
  auto members = tx_->conn().Prepare(R"SQL(
    SELECT id, member_count, n FROM (
      SELECT h.id, h.member_count,
             (SELECT count(*) FROM people p WHERE p.household_id = h.id AND NOT p.retired) AS n
      FROM households h) x
    WHERE member_count <> n ORDER BY id)SQL");
  while (members.Step()) {
    if (check.mismatches++ == 0)
      check.first = "household " + std::to_string(members.Int(0)) + " member_count: stored " +
                    std::to_string(members.Int(1)) + ", recomputed " + std::to_string(members.Int(2));
  }
  RETURN_IF_ERROR(members.status());
  return check;
}

Result<DerivedCheck> PgPlaceRepo::CheckPlaceCodes() {
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
        std::string where = "x." + col + " <> ''";
        if (pc.role == PlaceRole::kRollup)
          where += " AND x." + col + " NOT LIKE 'd:%' AND x." + col + " NOT LIKE 'u:%'";
        const std::string missing =
            " FROM " + table + " x WHERE " + where +
            " AND NOT EXISTS (SELECT 1 FROM places p WHERE p.county = rpad(substr(x." + col +
            ", 1, 6), 6, '0') AND p.code = x." + col + ")";
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

Result<int64_t> PgPlaceRepo::CountInScope(const std::string& scope, int level) {
  auto s = tx_->conn().Prepare(
      "SELECT count(*) FROM places WHERE level = $1 AND code >= $2 AND code < $3 AND NOT retired");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, level).Bind(2, r.begin).Bind(3, r.end);
  if (!s.Step()) return s.status();
  return s.Int(0);
}

// One statement per kind of delta, whatever the number of rows (a bulk job touches thousands of counters and
// households; a round trip each would dominate it).
Status PgTx::FlushCounts() {
  if (!pending_members_.empty()) {
    std::vector<std::string> ids, deltas;
    for (const auto& [id, d] : pending_members_) {
      if (d == 0) continue;
      ids.push_back(std::to_string(id));
      deltas.push_back(std::to_string(d));
    }
    if (!ids.empty()) {
      auto u = conn_->Prepare(
          "UPDATE households h SET member_count = h.member_count + u.d FROM unnest($1::bigint[], "
          "$2::bigint[]) AS u(id, d) WHERE h.id = u.id");
      u.Bind(1, ArrayLiteral(ids)).Bind(2, ArrayLiteral(deltas));
      RETURN_IF_ERROR(u.Exec());
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
  std::vector<std::string> codes, metrics, deltas;
  for (auto& [k, d] : expanded) {
    if (d == 0) continue;
    codes.push_back(k.first);
    metrics.push_back(k.second);
    deltas.push_back(std::to_string(d));
  }
  if (!codes.empty()) {
    auto s = conn_->Prepare("INSERT INTO place_counts(county, code, metric, n) SELECT " COUNTY_OF(
        "u.code") ", u.code, u.metric, u.n FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(code, "
                  "metric, n) ON CONFLICT (county, code, metric) DO UPDATE SET n = place_counts.n + "
                  "excluded.n");
    s.Bind(1, ArrayLiteral(codes)).Bind(2, ArrayLiteral(metrics)).Bind(3, ArrayLiteral(deltas));
    RETURN_IF_ERROR(s.Exec());
  }
  pending_counts_.clear();
  return Status::Ok();
}

}  // namespace wangge::storage::postgres
