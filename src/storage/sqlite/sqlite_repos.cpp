#include "storage/sqlite/sqlite_repos.hpp"

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/registry.hpp"

namespace wangge::storage::sqlite {

Status StaleVersion() {
  return Conflict("记录已被他人修改，请刷新后重试",
                  "record was changed by someone else (version mismatch); reload and retry", "version");
}

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

Building ReadBuilding(const Stmt& s) {
  Building b;
  b.id = s.Int(0);
  b.place_code = s.Text(1);
  b.name = s.Text(2);
  b.address = s.Text(3);
  b.floors = static_cast<int>(s.Int(4));
  b.leader_person_id = s.OptInt(5);
  b.retired = s.Int(6) != 0;
  b.version = s.Int(7);
  return b;
}
#define BUILDING_COLS "id, place_code, name, address, floors, leader_person_id, retired, version "

Household ReadHousehold(const Stmt& s) {
  Household h;
  h.id = s.Int(0);
  h.place_code = s.Text(1);
  h.building_id = s.OptInt(2);
  h.address = s.Text(3);
  h.household_no = s.Text(4);
  h.residence_type = s.Text(5);
  h.member_count = static_cast<int>(s.Int(6));
  h.retired = s.Int(7) != 0;
  h.version = s.Int(8);
  return h;
}
#define HOUSEHOLD_COLS \
  "id, place_code, building_id, address, household_no, residence_type, member_count, retired, version "

Person ReadPerson(const Stmt& s) {
  Person p;
  p.id = s.Int(0);
  p.place_code = s.Text(1);
  p.household_id = s.OptInt(2);
  p.name = s.Text(3);
  p.sex = s.Text(4);
  p.birth_date = s.Text(5);
  p.ethnicity = s.Text(6);
  p.political_status = s.Text(7);
  p.residence_type = s.Text(8);
  p.relation = s.Text(9);
  p.citizen_id_enc = s.Blob(10);
  p.citizen_id_hash = s.Blob(11);
  p.citizen_id_masked = s.Text(12);
  p.phone_enc = s.Blob(13);
  p.phone_hash = s.Blob(14);
  p.phone_masked = s.Text(15);
  p.retired = s.Int(16) != 0;
  p.version = s.Int(17);
  p.updated_at = s.Text(18);
  return p;
}
#define PERSON_COLS                                                                                    \
  "p.id, p.place_code, p.household_id, p.name, p.sex, p.birth_date, p.ethnicity, p.political_status, " \
  "p.residence_type, p.relation, p.cid_enc, p.cid_hash, p.cid_masked, p.phone_enc, p.phone_hash, "     \
  "p.phone_masked, "                                                                                   \
  "p.retired, p.version, p.updated_at "

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

User ReadUser(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.role = s.Text(3);
  u.place_code = s.Text(4);
  u.department_id = s.OptInt(5);
  u.person_id = s.OptInt(6);
  u.disabled = s.Int(7) != 0;
  u.must_change_password = s.Int(8) != 0;
  u.created_at = s.Text(9);
  return u;
}
#define USER_COLS                                                                                            \
  "id, username, display_name, role, place_code, department_id, person_id, disabled, must_change_password, " \
  "created_at "

AuditEntry ReadAudit(const Stmt& s) {
  AuditEntry e;
  e.seq = s.Int(0);
  e.at = s.Text(1);
  e.user_id = s.Int(2);
  e.username = s.Text(3);
  e.action = s.Text(4);
  e.entity = s.Text(5);
  e.entity_id = s.Text(6);
  e.place_code = s.Text(7);
  e.detail = s.Text(8);
  e.prev_hash = s.Text(9);
  e.hash = s.Text(10);
  return e;
}
#define AUDIT_COLS \
  "seq, at, user_id, username, action, entity, entity_id, place_code, detail, prev_hash, hash "

// Runs a list scoped to a code prefix, keyset-paginated on (place_code, id). `sql` binds ?1/?2 to the prefix
// range, ?3/?4 to the cursor and ?5 to the limit.
template <typename T, typename ReadFn>
Result<Page<T>> ScopedPage(Conn& conn, const char* sql, const std::string& scope, const PageRequest& page,
                           ReadFn read) {
  auto s = conn.Prepare(sql);
  CodeRange r = PrefixRange(scope);
  Cursor c = DecodeCursor(page.after);
  int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, c.key).Bind(4, c.id).Bind(5, limit + 1);
  return RunPage<T>(s, limit, read, [](const T& t) { return EncodeCursor(t.place_code, t.id); });
}

}  // namespace

// ---------------------------------------------------------------- places

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

// ---------------------------------------------------------------- buildings, households, people

Result<Building> SqlitePeopleRepo::GetBuilding(int64_t id) {
  return GetById<Building>(tx_->conn(), "SELECT " BUILDING_COLS " FROM buildings WHERE id = ?", id,
                           ReadBuilding);
}

Result<Page<Building>> SqlitePeopleRepo::Buildings(const std::string& scope, const PageRequest& page) {
  return ScopedPage<Building>(
      tx_->conn(),
      "SELECT " BUILDING_COLS
      " FROM buildings WHERE place_code >= ?1 AND place_code < ?2 "
      "AND (place_code, id) > (?3, ?4) AND retired = 0 ORDER BY place_code, id LIMIT ?5",
      scope, page, ReadBuilding);
}

Result<int64_t> SqlitePeopleRepo::InsertBuilding(const Building& b) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO buildings(place_code, name, address, floors, leader_person_id, retired) "
      "VALUES(?,?,?,?,?,?)");
  s.Bind(1, b.place_code)
      .Bind(2, b.name)
      .Bind(3, b.address)
      .Bind(4, b.floors)
      .Bind(5, b.leader_person_id)
      .Bind(6, b.retired);
  RETURN_IF_ERROR(s.Exec());
  return tx_->conn().LastInsertId();
}

Status SqlitePeopleRepo::UpdateBuilding(const Building& b) {
  auto s = tx_->conn().Prepare(
      "UPDATE buildings SET place_code=?, name=?, address=?, floors=?, leader_person_id=?, retired=?, "
      "version=version+1 "
      "WHERE id=? AND version=?");
  s.Bind(1, b.place_code).Bind(2, b.name).Bind(3, b.address).Bind(4, b.floors).Bind(5, b.leader_person_id);
  s.Bind(6, b.retired).Bind(7, b.id).Bind(8, b.version);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 0) return StaleVersion();
  return Status::Ok();
}

Result<Household> SqlitePeopleRepo::GetHousehold(int64_t id) {
  auto h = GetById<Household>(tx_->conn(), "SELECT " HOUSEHOLD_COLS " FROM households WHERE id = ?", id,
                              ReadHousehold);
  if (h.ok()) {
    auto it = tx_->pending_members_.find(id);
    if (it != tx_->pending_members_.end()) h->member_count += static_cast<int>(it->second);
  }
  return h;
}

Result<Page<Household>> SqlitePeopleRepo::Households(const std::string& scope, const PageRequest& page) {
  return ScopedPage<Household>(
      tx_->conn(),
      "SELECT " HOUSEHOLD_COLS
      " FROM households WHERE place_code >= ?1 AND place_code < ?2 "
      "AND (place_code, id) > (?3, ?4) AND retired = 0 ORDER BY place_code, id LIMIT ?5",
      scope, page, ReadHousehold);
}

Result<int64_t> SqlitePeopleRepo::InsertHousehold(const Household& h) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO households(place_code, building_id, address, household_no, residence_type, member_count, "
      "retired) "
      "VALUES(?,?,?,?,?,0,?)");
  s.Bind(1, h.place_code)
      .Bind(2, h.building_id)
      .Bind(3, h.address)
      .Bind(4, h.household_no)
      .Bind(5, h.residence_type);
  s.Bind(6, h.retired);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("户号 " + h.household_no + " 已存在",
                    "household number " + h.household_no + " already exists", "household_no");
  RETURN_IF_ERROR(st);
  if (!h.retired) tx_->places().AddCount(h.place_code, "households", 1);
  return tx_->conn().LastInsertId();
}

Status SqlitePeopleRepo::UpdateHousehold(const Household& h) {
  ASSIGN_OR_RETURN(Household old, GetHousehold(h.id));
  auto s = tx_->conn().Prepare(
      "UPDATE households SET place_code=?, building_id=?, address=?, household_no=?, residence_type=?, "
      "retired=?, "
      "version=version+1 WHERE id=? AND version=?");
  s.Bind(1, h.place_code)
      .Bind(2, h.building_id)
      .Bind(3, h.address)
      .Bind(4, h.household_no)
      .Bind(5, h.residence_type);
  s.Bind(6, h.retired).Bind(7, h.id).Bind(8, h.version);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("户号 " + h.household_no + " 已存在",
                    "household number " + h.household_no + " already exists", "household_no");
  RETURN_IF_ERROR(st);
  if (tx_->conn().Changes() == 0) return StaleVersion();
  if (!old.retired) tx_->places().AddCount(old.place_code, "households", -1);
  if (!h.retired) tx_->places().AddCount(h.place_code, "households", 1);
  if (old.place_code != h.place_code) {
    // Members follow their household, retired ones included (every page).
    PersonQuery q{.household_id = h.id, .include_retired = true, .page = {.limit = 1000}};
    while (true) {
      ASSIGN_OR_RETURN(auto members, Search(q));
      for (Person& p : members.items) {
        p.place_code = h.place_code;
        RETURN_IF_ERROR(UpdatePerson(p));
      }
      if (members.next.empty()) break;
      q.page.after = members.next;
    }
  }
  return Status::Ok();
}

Result<std::optional<int64_t>> SqlitePeopleRepo::FindHouseholdByNo(const std::string& household_no) {
  auto s = tx_->conn().Prepare("SELECT id FROM households WHERE household_no = ? AND household_no <> ''");
  s.Bind(1, household_no);
  if (s.Step()) return std::optional<int64_t>(s.Int(0));
  if (!s.status().ok()) return s.status();
  return std::optional<int64_t>();
}

Status SqlitePeopleRepo::LoadTags(Person* p) {
  auto s = tx_->conn().Prepare("SELECT tag, fields, since FROM person_tags WHERE person_id = ? ORDER BY tag");
  s.Bind(1, p->id);
  p->tags.clear();
  while (s.Step()) p->tags.push_back(PersonTag{s.Text(0), s.Text(1), s.Text(2)});
  return s.status();
}

Status SqlitePeopleRepo::WriteTags(const Person& p) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO person_tags(person_id, tag, place_code, fields, since) VALUES(?,?,?,?,?)");
  for (const auto& t : p.tags) {
    s.Bind(1, p.id).Bind(2, t.tag).Bind(3, p.place_code).Bind(4, t.fields_json).Bind(5, t.since);
    Status st = s.Exec();
    if (st.code() == StatusCode::kConflict)
      return Conflict("重复的人群标签 " + t.tag, "duplicate group tag " + t.tag, "tags");
    RETURN_IF_ERROR(st);
    s.Reset();
    if (!p.retired) tx_->places().AddCount(p.place_code, "tag:" + t.tag, 1);
  }
  return Status::Ok();
}

Result<Person> SqlitePeopleRepo::GetPerson(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT " PERSON_COLS " FROM people p WHERE p.id = ?");
  s.Bind(1, id);
  if (s.Step()) {
    Person p = ReadPerson(s);
    RETURN_IF_ERROR(LoadTags(&p));
    return p;
  }
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<std::optional<int64_t>> SqlitePeopleRepo::FindPersonByCidHash(const std::string& cid_hash) {
  auto s = tx_->conn().Prepare("SELECT id FROM people WHERE cid_hash = ?");
  s.BindBlob(1, cid_hash);
  if (s.Step()) return std::optional<int64_t>(s.Int(0));
  if (!s.status().ok()) return s.status();
  return std::optional<int64_t>();
}

Result<Page<Person>> SqlitePeopleRepo::Search(const PersonQuery& q) {
  CodeRange r = PrefixRange(q.scope);
  Cursor c = DecodeCursor(q.page.after);
  int limit = PageLimit(q.page);
  Result<Page<Person>> res = Page<Person>{};
  auto by_place = [](const Person& p) { return EncodeCursor(p.place_code, p.id); };
  if (!q.cid_hash.empty()) {
    auto s = tx_->conn().Prepare("SELECT " PERSON_COLS
                                 " FROM people p WHERE p.cid_hash = ?1 AND p.place_code >= ?2 "
                                 "AND p.place_code < ?3 AND (?4 OR p.retired = 0)");
    s.BindBlob(1, q.cid_hash).Bind(2, r.begin).Bind(3, r.end).Bind(4, q.include_retired);
    res = RunPage<Person>(s, limit, ReadPerson, by_place);
  } else if (q.household_id) {
    auto s = tx_->conn().Prepare("SELECT " PERSON_COLS
                                 " FROM people p WHERE p.household_id = ?1 AND p.id > ?2 "
                                 "AND (?3 OR p.retired = 0) AND p.place_code >= ?4 AND p.place_code < ?5 "
                                 "ORDER BY p.id LIMIT ?6");
    s.Bind(1, *q.household_id)
        .Bind(2, c.id)
        .Bind(3, q.include_retired)
        .Bind(4, r.begin)
        .Bind(5, r.end)
        .Bind(6, limit + 1);
    res = RunPage<Person>(s, limit, ReadPerson, [](const Person& p) { return EncodeCursor("", p.id); });
  } else if (!q.name_prefix.empty()) {
    // Two plans for the same query: a county-wide name range filtered by place is right for large scopes,
    // but in a village or grid a common surname (李: ~90,000 in a county) would be walked in full to fill a
    // page. For scopes of a village and below, read the scope's people by place and sort the few matches.
    static const char* kByName =
        "SELECT " PERSON_COLS
        " FROM people p INDEXED BY people_name WHERE p.name >= ?1 AND p.name < ?2 "
        "AND (p.name, p.id) > (?3, ?4) AND p.place_code >= ?5 AND p.place_code < ?6 AND (?7 OR p.retired = "
        "0) "
        "AND (?8 = '' OR EXISTS (SELECT 1 FROM person_tags t WHERE t.person_id = p.id AND t.tag = ?8)) "
        "ORDER BY p.name, p.id LIMIT ?9";
    static const char* kByPlace =
        "SELECT " PERSON_COLS
        " FROM people p INDEXED BY people_place WHERE p.name >= ?1 AND p.name < ?2 "
        "AND (p.name, p.id) > (?3, ?4) AND p.place_code >= ?5 AND p.place_code < ?6 AND (?7 OR p.retired = "
        "0) "
        "AND (?8 = '' OR EXISTS (SELECT 1 FROM person_tags t WHERE t.person_id = p.id AND t.tag = ?8)) "
        "ORDER BY p.name, p.id LIMIT ?9";
    auto s = tx_->conn().Prepare(q.scope.size() >= 12 ? kByPlace : kByName);
    std::string hi = q.name_prefix + "\xff";
    s.Bind(1, q.name_prefix).Bind(2, hi).Bind(3, c.key).Bind(4, c.id).Bind(5, r.begin).Bind(6, r.end);
    s.Bind(7, q.include_retired).Bind(8, q.tag).Bind(9, limit + 1);
    res = RunPage<Person>(s, limit, ReadPerson, [](const Person& p) { return EncodeCursor(p.name, p.id); });
  } else if (!q.tag.empty()) {
    auto s = tx_->conn().Prepare(
        "SELECT " PERSON_COLS
        " FROM person_tags t JOIN people p ON p.id = t.person_id WHERE t.tag = ?1 "
        "AND t.place_code >= ?2 AND t.place_code < ?3 AND (t.place_code, t.person_id) > (?4, ?5) "
        "AND (?6 OR p.retired = 0) ORDER BY t.place_code, t.person_id LIMIT ?7");
    s.Bind(1, q.tag).Bind(2, r.begin).Bind(3, r.end).Bind(4, c.key).Bind(5, c.id).Bind(6, q.include_retired);
    s.Bind(7, limit + 1);
    res = RunPage<Person>(s, limit, ReadPerson, by_place);
  } else {
    auto s = tx_->conn().Prepare("SELECT " PERSON_COLS
                                 " FROM people p WHERE p.place_code >= ?1 AND p.place_code < ?2 "
                                 "AND (p.place_code, p.id) > (?3, ?4) AND (?5 OR p.retired = 0) "
                                 "ORDER BY p.place_code, p.id LIMIT ?6");
    s.Bind(1, r.begin)
        .Bind(2, r.end)
        .Bind(3, c.key)
        .Bind(4, c.id)
        .Bind(5, q.include_retired)
        .Bind(6, limit + 1);
    res = RunPage<Person>(s, limit, ReadPerson, by_place);
  }
  if (!res.ok()) return res;
  for (Person& p : res->items) RETURN_IF_ERROR(LoadTags(&p));
  return res;
}

Result<int64_t> SqlitePeopleRepo::InsertPerson(const Person& p) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO people(place_code, household_id, name, sex, birth_date, ethnicity, political_status, "
      "residence_type, "
      "relation, cid_enc, cid_hash, cid_masked, phone_enc, phone_hash, phone_masked, retired, updated_at) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, p.place_code).Bind(2, p.household_id).Bind(3, p.name).Bind(4, p.sex).Bind(5, p.birth_date);
  s.Bind(6, p.ethnicity).Bind(7, p.political_status).Bind(8, p.residence_type).Bind(9, p.relation);
  s.BindBlob(10, p.citizen_id_enc).BindBlob(11, p.citizen_id_hash).Bind(12, p.citizen_id_masked);
  if (p.phone_enc.empty()) {
    s.BindNull(13).BindNull(14);
  } else {
    s.BindBlob(13, p.phone_enc).BindBlob(14, p.phone_hash);
  }
  s.Bind(15, p.phone_masked).Bind(16, p.retired).Bind(17, tx_->Now());
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("公民身份号码已登记", "citizen ID is already registered", "citizen_id");
  RETURN_IF_ERROR(st);
  Person stored = p;
  stored.id = tx_->conn().LastInsertId();
  RETURN_IF_ERROR(WriteTags(stored));
  if (!p.retired) tx_->places().AddCount(p.place_code, "people", 1);
  if (p.household_id && !p.retired) tx_->pending_members_[*p.household_id] += 1;
  return stored.id;
}

Status SqlitePeopleRepo::UpdatePerson(const Person& p) {
  ASSIGN_OR_RETURN(Person old, GetPerson(p.id));
  auto s = tx_->conn().Prepare(
      "UPDATE people SET place_code=?, household_id=?, name=?, sex=?, birth_date=?, ethnicity=?, "
      "political_status=?, "
      "residence_type=?, relation=?, cid_enc=?, cid_hash=?, cid_masked=?, phone_enc=?, phone_hash=?, "
      "phone_masked=?, "
      "retired=?, version=version+1, updated_at=? WHERE id=? AND version=?");
  s.Bind(1, p.place_code).Bind(2, p.household_id).Bind(3, p.name).Bind(4, p.sex).Bind(5, p.birth_date);
  s.Bind(6, p.ethnicity).Bind(7, p.political_status).Bind(8, p.residence_type).Bind(9, p.relation);
  s.BindBlob(10, p.citizen_id_enc).BindBlob(11, p.citizen_id_hash).Bind(12, p.citizen_id_masked);
  if (p.phone_enc.empty()) {
    s.BindNull(13).BindNull(14);
  } else {
    s.BindBlob(13, p.phone_enc).BindBlob(14, p.phone_hash);
  }
  s.Bind(15, p.phone_masked).Bind(16, p.retired).Bind(17, tx_->Now()).Bind(18, p.id).Bind(19, p.version);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("公民身份号码已登记", "citizen ID is already registered", "citizen_id");
  RETURN_IF_ERROR(st);
  if (tx_->conn().Changes() == 0) return StaleVersion();
  // Counters: take the old record out, put the new one in.
  if (!old.retired) {
    tx_->places().AddCount(old.place_code, "people", -1);
    for (const auto& t : old.tags) tx_->places().AddCount(old.place_code, "tag:" + t.tag, -1);
  }
  if (!p.retired) tx_->places().AddCount(p.place_code, "people", 1);
  auto d = tx_->conn().Prepare("DELETE FROM person_tags WHERE person_id = ?");
  d.Bind(1, p.id);
  RETURN_IF_ERROR(d.Exec());
  RETURN_IF_ERROR(WriteTags(p));
  auto member = [&](const std::optional<int64_t>& hh, bool retired, int delta) -> Status {
    if (hh && !retired) tx_->pending_members_[*hh] += delta;
    return Status::Ok();
  };
  RETURN_IF_ERROR(member(old.household_id, old.retired, -1));
  return member(p.household_id, p.retired, 1);
}

Result<int64_t> SqlitePeopleRepo::CountPeople(const std::string& scope) {
  auto s = tx_->conn().Prepare(
      "SELECT count(*) FROM people WHERE place_code >= ?1 AND place_code < ?2 AND retired = 0");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end);
  if (!s.Step()) return s.status();
  return s.Int(0);
}

// ---------------------------------------------------------------- organisations

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

// ---------------------------------------------------------------- party organisations

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

// ---------------------------------------------------------------- users, departments, sessions

Result<User> SqliteUserRepo::Get(int64_t id) {
  return GetById<User>(tx_->conn(), "SELECT " USER_COLS " FROM users WHERE id = ?", id, ReadUser);
}

Result<User> SqliteUserRepo::GetByName(const std::string& username) {
  auto s = tx_->conn().Prepare("SELECT " USER_COLS " FROM users WHERE username = ?");
  s.Bind(1, username);
  if (s.Step()) return ReadUser(s);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<std::string> SqliteUserRepo::PasswordHash(int64_t user_id) {
  auto s = tx_->conn().Prepare("SELECT password_hash FROM users WHERE id = ?");
  s.Bind(1, user_id);
  if (s.Step()) return s.Text(0);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<Page<User>> SqliteUserRepo::List(const std::string& scope, const PageRequest& page) {
  return ScopedPage<User>(tx_->conn(),
                          "SELECT " USER_COLS
                          " FROM users WHERE place_code >= ?1 AND place_code < ?2 "
                          "AND (place_code, id) > (?3, ?4) ORDER BY place_code, id LIMIT ?5",
                          scope, page, ReadUser);
}

Result<int64_t> SqliteUserRepo::Insert(const User& u, const std::string& password_hash) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO users(username, display_name, role, place_code, department_id, person_id, password_hash, "
      "disabled, "
      "must_change_password, created_at) VALUES(?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, u.username)
      .Bind(2, u.display_name)
      .Bind(3, u.role)
      .Bind(4, u.place_code)
      .Bind(5, u.department_id);
  s.Bind(6, u.person_id)
      .Bind(7, password_hash)
      .Bind(8, u.disabled)
      .Bind(9, u.must_change_password)
      .Bind(10, tx_->Now());
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("用户名 " + u.username + " 已存在", "username " + u.username + " already exists",
                    "username");
  RETURN_IF_ERROR(st);
  return tx_->conn().LastInsertId();
}

Status SqliteUserRepo::Update(const User& u) {
  auto s = tx_->conn().Prepare(
      "UPDATE users SET display_name=?, role=?, place_code=?, department_id=?, person_id=?, disabled=? WHERE "
      "id=?");
  s.Bind(1, u.display_name)
      .Bind(2, u.role)
      .Bind(3, u.place_code)
      .Bind(4, u.department_id)
      .Bind(5, u.person_id);
  s.Bind(6, u.disabled).Bind(7, u.id);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Status SqliteUserRepo::SetPassword(int64_t user_id, const std::string& password_hash, bool must_change) {
  auto s = tx_->conn().Prepare("UPDATE users SET password_hash=?, must_change_password=? WHERE id=?");
  s.Bind(1, password_hash).Bind(2, must_change).Bind(3, user_id);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Result<Department> SqliteUserRepo::GetDepartment(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT id, code, name, place_code, retired FROM departments WHERE id = ?");
  s.Bind(1, id);
  if (s.Step()) return Department{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0};
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<Page<Department>> SqliteUserRepo::Departments(const std::string& scope, const PageRequest& page) {
  auto s = tx_->conn().Prepare(
      "SELECT id, code, name, place_code, retired FROM departments WHERE place_code >= ?1 AND place_code < "
      "?2 "
      "AND id > ?3 ORDER BY id LIMIT ?4");
  CodeRange r = PrefixRange(scope);
  int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, DecodeCursor(page.after).id).Bind(4, limit + 1);
  return RunPage<Department>(
      s, limit,
      [](const Stmt& st) {
        return Department{st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4) != 0};
      },
      [](const Department& d) { return EncodeCursor("", d.id); });
}

Result<int64_t> SqliteUserRepo::InsertDepartment(const Department& d) {
  auto s = tx_->conn().Prepare("INSERT INTO departments(code, name, place_code, retired) VALUES(?,?,?,?)");
  s.Bind(1, d.code).Bind(2, d.name).Bind(3, d.place_code).Bind(4, d.retired);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("部门代码 " + d.code + " 已存在", "department code " + d.code + " already exists",
                    "code");
  RETURN_IF_ERROR(st);
  return tx_->conn().LastInsertId();
}

Status SqliteUserRepo::UpdateDepartment(const Department& d) {
  auto s = tx_->conn().Prepare("UPDATE departments SET name=?, place_code=?, retired=? WHERE id=?");
  s.Bind(1, d.name).Bind(2, d.place_code).Bind(3, d.retired).Bind(4, d.id);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Status SqliteUserRepo::InsertSession(const Session& se) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO sessions(token_hash, user_id, created_at, expires_at, kind, hint) VALUES(?,?,?,?,?,?)");
  s.Bind(1, se.token_hash).Bind(2, se.user_id).Bind(3, se.created_at).Bind(4, se.expires_at).Bind(5, se.kind);
  s.Bind(6, se.hint);
  return s.Exec();
}

#define SESSION_COLS "token_hash, user_id, created_at, expires_at, kind, hint"

Result<Session> SqliteUserRepo::GetSession(const std::string& token_hash) {
  auto s = tx_->conn().Prepare("SELECT " SESSION_COLS " FROM sessions WHERE token_hash = ?");
  s.Bind(1, token_hash);
  if (s.Step()) return Session{s.Text(0), s.Int(1), s.Int(2), s.Int(3), s.Text(4), s.Text(5)};
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<std::vector<Session>> SqliteUserRepo::SessionsOfKind(const std::string& kind, int limit) {
  auto s = tx_->conn().Prepare(
      "SELECT " SESSION_COLS " FROM sessions WHERE kind = ?1 ORDER BY created_at DESC, token_hash LIMIT ?2");
  s.Bind(1, kind).Bind(2, limit);
  std::vector<Session> out;
  while (s.Step()) out.push_back(Session{s.Text(0), s.Int(1), s.Int(2), s.Int(3), s.Text(4), s.Text(5)});
  RETURN_IF_ERROR(s.status());
  return out;
}

Status SqliteUserRepo::DeleteSession(const std::string& token_hash) {
  auto s = tx_->conn().Prepare("DELETE FROM sessions WHERE token_hash = ?");
  s.Bind(1, token_hash);
  return s.Exec();
}

Status SqliteUserRepo::DeleteSessionsOf(int64_t user_id) {
  auto s = tx_->conn().Prepare("DELETE FROM sessions WHERE user_id = ?");
  s.Bind(1, user_id);
  return s.Exec();
}

namespace {
// Notification recipients: at most this many (a department or a place has a handful of accounts).
constexpr int kMaxRecipients = 1000;

Result<std::vector<User>> ReadUsers(Stmt& s) {
  std::vector<User> out;
  while (s.Step()) out.push_back(ReadUser(s));
  if (!s.status().ok()) return s.status();
  return out;
}
}  // namespace

Result<std::vector<User>> SqliteUserRepo::UsersOfDepartment(int64_t dept_id) {
  auto s = tx_->conn().Prepare("SELECT " USER_COLS
                               " FROM users WHERE department_id = ?1 AND disabled = 0 ORDER BY id LIMIT ?2");
  s.Bind(1, dept_id).Bind(2, kMaxRecipients);
  return ReadUsers(s);
}

Result<std::vector<User>> SqliteUserRepo::UsersAt(const std::string& place_code, const std::string& role) {
  auto s = tx_->conn().Prepare(
      "SELECT " USER_COLS
      " FROM users WHERE place_code = ?1 AND role = ?2 AND disabled = 0 ORDER BY id LIMIT ?3");
  s.Bind(1, place_code).Bind(2, role).Bind(3, kMaxRecipients);
  return ReadUsers(s);
}

// ---------------------------------------------------------------- audit

Status SqliteAuditRepo::Append(AuditEntry* e) {
  if (!tx_->last_audit_) {
    auto s = tx_->conn().Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (s.Step())
      tx_->last_audit_ = std::make_pair(s.Int(0), s.Text(1));
    else if (!s.status().ok())
      return s.status();
    else
      tx_->last_audit_ = std::make_pair(int64_t{0}, std::string());
  }
  e->seq = tx_->last_audit_->first + 1;
  e->prev_hash = tx_->last_audit_->second;
  if (e->at.empty()) e->at = NowIso();
  if (e->detail.empty()) e->detail = "{}";
  e->hash = AuditHash(*e);
  auto s = tx_->conn().Prepare(
      "INSERT INTO audit(seq, at, user_id, username, action, entity, entity_id, place_code, detail, "
      "prev_hash, hash) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, e->seq)
      .Bind(2, e->at)
      .Bind(3, e->user_id)
      .Bind(4, e->username)
      .Bind(5, e->action)
      .Bind(6, e->entity);
  s.Bind(7, e->entity_id).Bind(8, e->place_code).Bind(9, e->detail).Bind(10, e->prev_hash).Bind(11, e->hash);
  RETURN_IF_ERROR(s.Exec());
  tx_->last_audit_ = std::make_pair(e->seq, e->hash);
  return Status::Ok();
}

Result<Page<AuditEntry>> SqliteAuditRepo::List(const std::string& scope, const PageRequest& page) {
  // Newest first; the cursor is the last seq seen.
  auto s = tx_->conn().Prepare("SELECT " AUDIT_COLS
                               " FROM audit WHERE (?1 = '' OR (place_code >= ?1 AND place_code < ?2)) "
                               "AND seq < ?3 ORDER BY seq DESC LIMIT ?4");
  CodeRange r = PrefixRange(scope);
  Cursor c = DecodeCursor(page.after);
  int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, c.id == 0 ? INT64_MAX : c.id).Bind(4, limit + 1);
  return RunPage<AuditEntry>(s, limit, ReadAudit,
                             [](const AuditEntry& e) { return EncodeCursor("", e.seq); });
}

Result<AuditVerification> SqliteAuditRepo::Verify() {
  auto s = tx_->conn().Prepare("SELECT " AUDIT_COLS " FROM audit ORDER BY seq");
  AuditVerification v;
  std::string prev;
  int64_t expect = 1;
  while (s.Step()) {
    AuditEntry e = ReadAudit(s);
    ++v.rows_checked;
    auto fail = [&](const char* why) {
      v.ok = false;
      v.first_bad_seq = e.seq;
      v.reason = why;
    };
    if (e.seq != expect) {
      v.ok = false;
      v.first_bad_seq = expect;
      v.reason = "missing row";
    } else if (e.prev_hash != prev) {
      fail("prev_hash mismatch");
    } else if (AuditHash(e) != e.hash) {
      fail("hash mismatch");
    }
    if (!v.ok) break;
    prev = e.hash;
    ++expect;
  }
  if (!s.status().ok()) return s.status();
  return v;
}

// ================================================================ settings

Result<std::optional<std::string>> SqliteSettingsRepo::Get(const std::string& key) {
  auto s = tx_->conn().Prepare("SELECT value FROM settings WHERE key = ?1");
  s.Bind(1, key);
  if (s.Step()) return std::optional<std::string>(s.Text(0));
  RETURN_IF_ERROR(s.status());
  return std::optional<std::string>();
}

Status SqliteSettingsRepo::Put(const std::string& key, const std::string& value) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO settings(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = "
      "excluded.value");
  s.Bind(1, key).Bind(2, value);
  return s.Exec();
}

namespace {
struct SealedTable {
  const char* table;
  std::vector<const char*> columns;
  const char* select;  // id and the columns, a page after ?1
  const char* update;  // the columns ?1.. then id
};
const std::vector<SealedTable>& SealedTables() {
  static const std::vector<SealedTable> tables = {
      {"people",
       {"cid_enc", "cid_hash", "phone_enc", "phone_hash"},
       "SELECT id, cid_enc, cid_hash, phone_enc, phone_hash FROM people WHERE id > ?1 ORDER BY id LIMIT 1000",
       "UPDATE people SET cid_enc = ?1, cid_hash = ?2, phone_enc = ?3, phone_hash = ?4 WHERE id = ?5"},
      {"orders",
       {"reporter_name_enc", "reporter_phone_enc"},
       "SELECT id, reporter_name_enc, reporter_phone_enc FROM orders WHERE id > ?1 AND (reporter_name_enc IS "
       "NOT NULL "
       "OR reporter_phone_enc IS NOT NULL) ORDER BY id LIMIT 1000",
       "UPDATE orders SET reporter_name_enc = ?1, reporter_phone_enc = ?2 WHERE id = ?3"},
      {"webhooks",
       {"secret_enc"},
       "SELECT id, secret_enc FROM webhooks WHERE id > ?1 AND secret_enc IS NOT NULL ORDER BY id LIMIT 1000",
       "UPDATE webhooks SET secret_enc = ?1 WHERE id = ?2"},
  };
  return tables;
}
}  // namespace

Result<int64_t> SqliteSettingsRepo::RewriteSealed(const std::function<Status(SealedRow&)>& fn) {
  int64_t rows = 0;
  for (const SealedTable& t : SealedTables()) {
    auto up = tx_->conn().Prepare(t.update);
    int64_t after = 0;
    while (true) {
      // A page at a time, read before it is written: the select never walks rows it has changed.
      std::vector<SealedRow> page;
      {
        auto s = tx_->conn().Prepare(t.select);
        s.Bind(1, after);
        while (s.Step()) {
          SealedRow row{t.table, s.Int(0), "", {}};
          for (size_t c = 0; c < t.columns.size(); ++c)
            if (!s.IsNull(static_cast<int>(c) + 1))
              row.columns[t.columns[c]] = s.Blob(static_cast<int>(c) + 1);
          page.push_back(std::move(row));
        }
        RETURN_IF_ERROR(s.status());
      }
      if (page.empty()) break;
      for (SealedRow& row : page) {
        const int64_t id = row.id;
        RETURN_IF_ERROR(fn(row));
        for (size_t c = 0; c < t.columns.size(); ++c) {
          auto it = row.columns.find(t.columns[c]);
          if (it == row.columns.end())
            up.BindNull(static_cast<int>(c) + 1);
          else
            up.BindBlob(static_cast<int>(c) + 1, it->second);
        }
        up.Bind(static_cast<int>(t.columns.size()) + 1, id);
        RETURN_IF_ERROR(up.Exec());
        up.Reset();
        ++rows;
        after = id;
      }
    }
  }
  // Care-group tags, keyed by (person, tag); fields are text. Which fields are sealed is the caller's
  // knowledge (phones, 残疾人证号 …): every row is offered, and only the rows fn changed are written.
  auto up = tx_->conn().Prepare("UPDATE person_tags SET fields = ?1 WHERE person_id = ?2 AND tag = ?3");
  int64_t after_person = 0;
  std::string after_tag;
  while (true) {
    std::vector<SealedRow> page;
    {
      auto s = tx_->conn().Prepare(
          "SELECT person_id, tag, fields FROM person_tags WHERE (person_id, tag) > (?1, ?2) "
          "ORDER BY person_id, tag LIMIT 1000");
      s.Bind(1, after_person).Bind(2, after_tag);
      while (s.Step()) page.push_back(SealedRow{"person_tags", s.Int(0), s.Text(1), {{"fields", s.Text(2)}}});
      RETURN_IF_ERROR(s.status());
    }
    if (page.empty()) break;
    for (SealedRow& row : page) {
      after_person = row.id;
      after_tag = row.tag;
      const std::string before = row.columns["fields"];
      RETURN_IF_ERROR(fn(row));
      auto it = row.columns.find("fields");
      const std::string fields = it == row.columns.end() ? std::string("{}") : it->second;
      if (fields == before) continue;
      up.Bind(1, fields).Bind(2, after_person).Bind(3, after_tag);
      RETURN_IF_ERROR(up.Exec());
      up.Reset();
      ++rows;
    }
  }
  return rows;
}

}  // namespace wangge::storage::sqlite
