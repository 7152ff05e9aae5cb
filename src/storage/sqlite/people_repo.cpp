// SQLite: buildings, households and people with their group tags (people_repo.hpp).
#include "storage/people_repo.hpp"

#include <optional>
#include <string>
#include <vector>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/places_repo.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

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

class SqlitePeopleRepo final : public PeopleRepo {
 public:
  explicit SqlitePeopleRepo(SqliteTx* tx) : tx_(tx) {}
  Result<Building> GetBuilding(int64_t id) override;
  Result<Page<Building>> Buildings(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> InsertBuilding(const Building& b) override;
  Status UpdateBuilding(const Building& b) override;
  Result<Household> GetHousehold(int64_t id) override;
  Result<Page<Household>> Households(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> InsertHousehold(const Household& h) override;
  Status UpdateHousehold(const Household& h) override;
  Result<std::optional<int64_t>> FindHouseholdByNo(const std::string& household_no) override;
  Result<Person> GetPerson(int64_t id) override;
  Result<std::optional<int64_t>> FindPersonByCidHash(const std::string& cid_hash) override;
  Result<Page<Person>> Search(const PersonQuery& q) override;
  Result<int64_t> InsertPerson(const Person& p) override;
  Status UpdatePerson(const Person& p) override;
  Result<int64_t> CountPeople(const std::string& scope) override;

 private:
  Status LoadTags(Person* p);
  Status WriteTags(const Person& p);
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<PeopleRepo> NewSqlitePeopleRepo(SqliteTx* tx) { return MakeRepo<PeopleRepo, SqlitePeopleRepo>(tx); }

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

}  // namespace wangge::storage::sqlite
