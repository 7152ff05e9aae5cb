// PostgreSQL: buildings, households and people with their group tags (people_repo.hpp).
#include "storage/people_repo.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/places_repo.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

// A PostgreSQL array literal ({"a","b"}) of the values, for `$n::text[]` parameters.
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

// The least UTF-8 string above every string that starts with `prefix` (byte order = code point order): the
// prefix with its last character replaced by the next code point. SQLite's bound, prefix + "\xff", is not
// valid UTF-8, which PostgreSQL refuses as a text parameter.
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    size_t start = prefix.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(prefix[start]) & 0xC0) == 0x80) --start;
    const auto* b = reinterpret_cast<const unsigned char*>(prefix.data() + start);
    const size_t n = prefix.size() - start;
    uint32_t cp =
        n == 1   ? b[0]
        : n == 2 ? ((b[0] & 0x1Fu) << 6) | (b[1] & 0x3Fu)
        : n == 3 ? ((b[0] & 0x0Fu) << 12) | ((b[1] & 0x3Fu) << 6) | (b[2] & 0x3Fu)
                 : ((b[0] & 0x07u) << 18) | ((b[1] & 0x3Fu) << 12) | ((b[2] & 0x3Fu) << 6) | (b[3] & 0x3Fu);
    prefix.resize(start);
    if (cp >= 0x10FFFF) continue;  // no next code point: carry into the character before
    ++cp;
    if (cp == 0xD800) cp = 0xE000;  // surrogates are not characters
    if (cp < 0x80) {
      prefix.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      prefix.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      prefix.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      prefix.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      prefix.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      prefix.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      prefix.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      prefix.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      prefix.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      prefix.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    return prefix;
  }
  return "\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF";  // a prefix of U+10FFFF only: above any real name
}

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

Status DuplicateTag(const std::string& tag) {
  return Conflict("重复的人群标签 " + tag, "duplicate group tag " + tag, "tags");
}
Status CitizenIdTaken() {
  return Conflict("公民身份号码已登记", "citizen ID is already registered", "citizen_id");
}

// The tags written before SQLite's WriteTags would stop at a duplicate (all of them when none repeats), and
// the duplicate's tag ("" when none).
std::pair<std::vector<PersonTag>, std::string> TagsUpToDuplicate(const std::vector<PersonTag>& tags) {
  std::vector<PersonTag> out;
  std::set<std::string> seen;
  for (const auto& t : tags) {
    if (!seen.insert(t.tag).second) return {out, t.tag};
    out.push_back(t);
  }
  return {out, ""};
}

class PgPeopleRepo final : public PeopleRepo {
 public:
  explicit PgPeopleRepo(PgTx* tx) : tx_(tx) {}
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
  void CountTags(const Person& p, const std::vector<PersonTag>& tags);
  PgTx* tx_;
};

}  // namespace

RepoPtr<PeopleRepo> NewPgPeopleRepo(PgTx* tx) { return MakeRepo<PeopleRepo, PgPeopleRepo>(tx); }

Result<Building> PgPeopleRepo::GetBuilding(int64_t id) {
  return GetById<Building>(tx_->conn(), "SELECT " BUILDING_COLS " FROM buildings WHERE id = $1", id,
                           ReadBuilding);
}

Result<Page<Building>> PgPeopleRepo::Buildings(const std::string& scope, const PageRequest& page) {
  return ScopedPage<Building>(
      tx_->conn(),
      "SELECT " BUILDING_COLS
      " FROM buildings WHERE place_code >= $1 AND place_code < $2 "
      "AND (place_code, id) > ($3, $4) AND NOT retired ORDER BY place_code, id LIMIT $5",
      scope, page, ReadBuilding);
}

Result<int64_t> PgPeopleRepo::InsertBuilding(const Building& b) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO buildings(county, place_code, name, address, floors, leader_person_id, retired) "
      "VALUES($1,$2,$3,$4,$5,$6,$7) RETURNING id");
  s.Bind(1, CountyOf(b.place_code))
      .Bind(2, b.place_code)
      .Bind(3, b.name)
      .Bind(4, b.address)
      .Bind(5, b.floors)
      .Bind(6, b.leader_person_id)
      .Bind(7, b.retired);
  if (!s.Step()) return s.status();
  return s.Int(0);
}

Status PgPeopleRepo::UpdateBuilding(const Building& b) {
  auto s = tx_->conn().Prepare(
      "UPDATE buildings SET county=$9, place_code=$1, name=$2, address=$3, floors=$4, leader_person_id=$5, "
      "retired=$6, version=version+1 "
      "WHERE id=$7 AND version=$8");
  s.Bind(1, b.place_code).Bind(2, b.name).Bind(3, b.address).Bind(4, b.floors).Bind(5, b.leader_person_id);
  s.Bind(6, b.retired).Bind(7, b.id).Bind(8, b.version).Bind(9, CountyOf(b.place_code));
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 0) return StaleVersion();
  return Status::Ok();
}

Result<Household> PgPeopleRepo::GetHousehold(int64_t id) {
  auto h = GetById<Household>(tx_->conn(), "SELECT " HOUSEHOLD_COLS " FROM households WHERE id = $1", id,
                              ReadHousehold);
  if (h.ok()) {
    auto it = tx_->pending_members_.find(id);
    if (it != tx_->pending_members_.end()) h->member_count += static_cast<int>(it->second);
  }
  return h;
}

Result<Page<Household>> PgPeopleRepo::Households(const std::string& scope, const PageRequest& page) {
  return ScopedPage<Household>(
      tx_->conn(),
      "SELECT " HOUSEHOLD_COLS
      " FROM households WHERE place_code >= $1 AND place_code < $2 "
      "AND (place_code, id) > ($3, $4) AND NOT retired ORDER BY place_code, id LIMIT $5",
      scope, page, ReadHousehold);
}

Result<int64_t> PgPeopleRepo::InsertHousehold(const Household& h) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO households(county, place_code, building_id, address, household_no, residence_type, "
      "member_count, retired) "
      "VALUES($1,$2,$3,$4,$5,$6,0,$7) RETURNING id");
  s.Bind(1, CountyOf(h.place_code))
      .Bind(2, h.place_code)
      .Bind(3, h.building_id)
      .Bind(4, h.address)
      .Bind(5, h.household_no)
      .Bind(6, h.residence_type);
  s.Bind(7, h.retired);
  if (!s.Step()) {
    if (s.status().code() == StatusCode::kConflict)
      return Conflict("户号 " + h.household_no + " 已存在",
                      "household number " + h.household_no + " already exists", "household_no");
    return s.status();
  }
  const int64_t id = s.Int(0);
  if (!h.retired) tx_->places().AddCount(h.place_code, "households", 1);
  return id;
}

Status PgPeopleRepo::UpdateHousehold(const Household& h) {
  ASSIGN_OR_RETURN(Household old, GetHousehold(h.id));
  auto s = tx_->conn().Prepare(
      "UPDATE households SET county=$9, place_code=$1, building_id=$2, address=$3, household_no=$4, "
      "residence_type=$5, retired=$6, "
      "version=version+1 WHERE id=$7 AND version=$8");
  s.Bind(1, h.place_code)
      .Bind(2, h.building_id)
      .Bind(3, h.address)
      .Bind(4, h.household_no)
      .Bind(5, h.residence_type);
  s.Bind(6, h.retired).Bind(7, h.id).Bind(8, h.version).Bind(9, CountyOf(h.place_code));
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("户号 " + h.household_no + " 已存在",
                    "household number " + h.household_no + " already exists", "household_no");
  RETURN_IF_ERROR(st);
  if (s.Changes() == 0) return StaleVersion();
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

Result<std::optional<int64_t>> PgPeopleRepo::FindHouseholdByNo(const std::string& household_no) {
  // Numbers are unique per county (0002_people.sql): the first in id order when two counties share one.
  auto s = tx_->conn().Prepare(
      "SELECT id FROM households WHERE household_no = $1 AND household_no <> '' ORDER BY id LIMIT 1");
  s.Bind(1, household_no);
  if (s.Step()) return std::optional<int64_t>(s.Int(0));
  if (!s.status().ok()) return s.status();
  return std::optional<int64_t>();
}

Status PgPeopleRepo::LoadTags(Person* p) {
  auto s = tx_->conn().Prepare(
      "SELECT tag, fields, since FROM person_tags WHERE county = $2 AND person_id = $1 ORDER BY tag");
  s.Bind(1, p->id).Bind(2, CountyOf(p->place_code));
  p->tags.clear();
  while (s.Step()) p->tags.push_back(PersonTag{s.Text(0), s.Text(1), s.Text(2)});
  return s.status();
}

void PgPeopleRepo::CountTags(const Person& p, const std::vector<PersonTag>& tags) {
  if (p.retired) return;
  for (const auto& t : tags) tx_->places().AddCount(p.place_code, "tag:" + t.tag, 1);
}

// The tag set in one statement; a repeated tag is refused after the tags before it are written, as SQLite's
// row-by-row insert does.
Status PgPeopleRepo::WriteTags(const Person& p) {
  auto [tags, duplicate] = TagsUpToDuplicate(p.tags);
  if (!tags.empty()) {
    std::vector<std::string> names, fields, since;
    for (const auto& t : tags) {
      names.push_back(t.tag);
      fields.push_back(t.fields_json);
      since.push_back(t.since);
    }
    auto s = tx_->conn().Prepare(
        "INSERT INTO person_tags(county, person_id, tag, place_code, fields, since) "
        "SELECT $1::text, $2::bigint, u.tag, $3::text, u.fields, u.since FROM unnest($4::text[], $5::text[], "
        "$6::text[]) "
        "AS u(tag, fields, since)");
    s.Bind(1, CountyOf(p.place_code)).Bind(2, p.id).Bind(3, p.place_code);
    s.Bind(4, ArrayLiteral(names)).Bind(5, ArrayLiteral(fields)).Bind(6, ArrayLiteral(since));
    RETURN_IF_ERROR(s.Exec());
    CountTags(p, tags);
  }
  if (!duplicate.empty()) return DuplicateTag(duplicate);
  return Status::Ok();
}

Result<Person> PgPeopleRepo::GetPerson(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT " PERSON_COLS " FROM people p WHERE p.id = $1");
  s.Bind(1, id);
  if (s.Step()) {
    Person p = ReadPerson(s);
    RETURN_IF_ERROR(LoadTags(&p));
    return p;
  }
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Result<std::optional<int64_t>> PgPeopleRepo::FindPersonByCidHash(const std::string& cid_hash) {
  // Citizen IDs are unique per county (0002_people.sql): the first in id order when two counties share one.
  auto s = tx_->conn().Prepare("SELECT id FROM people WHERE cid_hash = $1 ORDER BY id LIMIT 1");
  s.BindBlob(1, cid_hash);
  if (s.Step()) return std::optional<int64_t>(s.Int(0));
  if (!s.status().ok()) return s.status();
  return std::optional<int64_t>();
}

Result<Page<Person>> PgPeopleRepo::Search(const PersonQuery& q) {
  CodeRange r = PrefixRange(q.scope);
  Cursor c = DecodeCursor(q.page.after);
  int limit = PageLimit(q.page);
  Result<Page<Person>> res = Page<Person>{};
  auto by_place = [](const Person& p) { return EncodeCursor(p.place_code, p.id); };
  if (!q.cid_hash.empty()) {
    auto s = tx_->conn().Prepare("SELECT " PERSON_COLS
                                 " FROM people p WHERE p.cid_hash = $1 AND p.place_code >= $2 "
                                 "AND p.place_code < $3 AND ($4::boolean OR NOT p.retired)");
    s.BindBlob(1, q.cid_hash).Bind(2, r.begin).Bind(3, r.end).Bind(4, q.include_retired);
    res = RunPage<Person>(s, limit, ReadPerson, by_place);
  } else if (q.household_id) {
    auto s =
        tx_->conn().Prepare("SELECT " PERSON_COLS
                            " FROM people p WHERE p.household_id = $1 AND p.id > $2 "
                            "AND ($3::boolean OR NOT p.retired) AND p.place_code >= $4 AND p.place_code < $5 "
                            "ORDER BY p.id LIMIT $6");
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
    // SQLite names the index (INDEXED BY); here the by-place statement compares `p.name || ''`, which no
    // index holds, so its plan cannot walk people_name (each text is its own prepared statement, with its
    // own cached plan).
    static const char* kByName =
        "SELECT " PERSON_COLS
        " FROM people p WHERE p.name >= $1 AND p.name < $2 "
        "AND (p.name, p.id) > ($3, $4) AND p.place_code >= $5 AND p.place_code < $6 AND ($7::boolean OR NOT "
        "p.retired) "
        "AND ($8::text = '' OR EXISTS (SELECT 1 FROM person_tags t WHERE t.county = p.county AND t.person_id "
        "= p.id AND t.tag = $8)) "
        "ORDER BY p.name, p.id LIMIT $9";
    static const char* kByPlace =
        "SELECT " PERSON_COLS
        " FROM people p WHERE p.name || '' >= $1 AND p.name || '' < $2 "
        "AND (p.name || '', p.id) > ($3, $4) AND p.place_code >= $5 AND p.place_code < $6 AND ($7::boolean "
        "OR "
        "NOT p.retired) "
        "AND ($8::text = '' OR EXISTS (SELECT 1 FROM person_tags t WHERE t.county = p.county AND t.person_id "
        "= p.id AND t.tag = $8)) "
        "ORDER BY p.name || '', p.id LIMIT $9";
    auto s = tx_->conn().Prepare(q.scope.size() >= 12 ? kByPlace : kByName);
    std::string hi = PrefixEnd(q.name_prefix);
    s.Bind(1, q.name_prefix).Bind(2, hi).Bind(3, c.key).Bind(4, c.id).Bind(5, r.begin).Bind(6, r.end);
    s.Bind(7, q.include_retired).Bind(8, q.tag).Bind(9, limit + 1);
    res = RunPage<Person>(s, limit, ReadPerson, [](const Person& p) { return EncodeCursor(p.name, p.id); });
  } else if (!q.tag.empty()) {
    auto s = tx_->conn().Prepare(
        "SELECT " PERSON_COLS
        " FROM person_tags t JOIN people p ON p.county = t.county AND p.id = t.person_id WHERE t.tag = $1 "
        "AND t.place_code >= $2 AND t.place_code < $3 AND (t.place_code, t.person_id) > ($4, $5) "
        "AND ($6::boolean OR NOT p.retired) ORDER BY t.place_code, t.person_id LIMIT $7");
    s.Bind(1, q.tag).Bind(2, r.begin).Bind(3, r.end).Bind(4, c.key).Bind(5, c.id).Bind(6, q.include_retired);
    s.Bind(7, limit + 1);
    res = RunPage<Person>(s, limit, ReadPerson, by_place);
  } else {
    auto s = tx_->conn().Prepare("SELECT " PERSON_COLS
                                 " FROM people p WHERE p.place_code >= $1 AND p.place_code < $2 "
                                 "AND (p.place_code, p.id) > ($3, $4) AND ($5::boolean OR NOT p.retired) "
                                 "ORDER BY p.place_code, p.id LIMIT $6");
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

// One round trip per person (the bulk import's path): the row and its tag set in one statement.
Result<int64_t> PgPeopleRepo::InsertPerson(const Person& p) {
  auto [tags, duplicate] = TagsUpToDuplicate(p.tags);
  std::vector<std::string> names, fields, since;
  for (const auto& t : tags) {
    names.push_back(t.tag);
    fields.push_back(t.fields_json);
    since.push_back(t.since);
  }
  auto s = tx_->conn().Prepare(
      "WITH ins AS (INSERT INTO people(county, place_code, household_id, name, sex, birth_date, ethnicity, "
      "political_status, residence_type, relation, cid_enc, cid_hash, cid_masked, phone_enc, phone_hash, "
      "phone_masked, retired, updated_at) "
      "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id), "
      "tags AS (INSERT INTO person_tags(county, person_id, tag, place_code, fields, since) "
      "SELECT $1::text, ins.id, u.tag, $2::text, u.fields, u.since FROM ins, "
      "unnest($19::text[], $20::text[], $21::text[]) AS u(tag, fields, since)) "
      "SELECT id FROM ins");
  s.Bind(1, CountyOf(p.place_code)).Bind(2, p.place_code).Bind(3, p.household_id).Bind(4, p.name);
  s.Bind(5, p.sex).Bind(6, p.birth_date).Bind(7, p.ethnicity).Bind(8, p.political_status);
  s.Bind(9, p.residence_type).Bind(10, p.relation);
  s.BindBlob(11, p.citizen_id_enc).BindBlob(12, p.citizen_id_hash).Bind(13, p.citizen_id_masked);
  if (p.phone_enc.empty()) {
    s.BindNull(14).BindNull(15);
  } else {
    s.BindBlob(14, p.phone_enc).BindBlob(15, p.phone_hash);
  }
  s.Bind(16, p.phone_masked).Bind(17, p.retired).Bind(18, tx_->Now());
  s.Bind(19, ArrayLiteral(names)).Bind(20, ArrayLiteral(fields)).Bind(21, ArrayLiteral(since));
  if (!s.Step()) {
    // The tags cannot clash (duplicates were cut off above): a conflict is the citizen ID's.
    if (s.status().code() == StatusCode::kConflict) return CitizenIdTaken();
    return s.status();
  }
  Person stored = p;
  stored.id = s.Int(0);
  CountTags(stored, tags);
  if (!duplicate.empty()) return DuplicateTag(duplicate);
  if (!p.retired) tx_->places().AddCount(p.place_code, "people", 1);
  if (p.household_id && !p.retired) tx_->pending_members_[*p.household_id] += 1;
  return stored.id;
}

Status PgPeopleRepo::UpdatePerson(const Person& p) {
  ASSIGN_OR_RETURN(Person old, GetPerson(p.id));
  auto s = tx_->conn().Prepare(
      "UPDATE people SET county=$20, place_code=$1, household_id=$2, name=$3, sex=$4, birth_date=$5, "
      "ethnicity=$6, political_status=$7, "
      "residence_type=$8, relation=$9, cid_enc=$10, cid_hash=$11, cid_masked=$12, phone_enc=$13, "
      "phone_hash=$14, phone_masked=$15, "
      "retired=$16, version=version+1, updated_at=$17 WHERE id=$18 AND version=$19");
  s.Bind(1, p.place_code).Bind(2, p.household_id).Bind(3, p.name).Bind(4, p.sex).Bind(5, p.birth_date);
  s.Bind(6, p.ethnicity).Bind(7, p.political_status).Bind(8, p.residence_type).Bind(9, p.relation);
  s.BindBlob(10, p.citizen_id_enc).BindBlob(11, p.citizen_id_hash).Bind(12, p.citizen_id_masked);
  if (p.phone_enc.empty()) {
    s.BindNull(13).BindNull(14);
  } else {
    s.BindBlob(13, p.phone_enc).BindBlob(14, p.phone_hash);
  }
  s.Bind(15, p.phone_masked).Bind(16, p.retired).Bind(17, tx_->Now()).Bind(18, p.id).Bind(19, p.version);
  s.Bind(20, CountyOf(p.place_code));
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict) return CitizenIdTaken();
  RETURN_IF_ERROR(st);
  if (s.Changes() == 0) return StaleVersion();
  // Counters: take the old record out, put the new one in.
  if (!old.retired) {
    tx_->places().AddCount(old.place_code, "people", -1);
    for (const auto& t : old.tags) tx_->places().AddCount(old.place_code, "tag:" + t.tag, -1);
  }
  if (!p.retired) tx_->places().AddCount(p.place_code, "people", 1);
  auto d = tx_->conn().Prepare("DELETE FROM person_tags WHERE county = $2 AND person_id = $1");
  d.Bind(1, p.id).Bind(2, CountyOf(old.place_code));
  RETURN_IF_ERROR(d.Exec());
  RETURN_IF_ERROR(WriteTags(p));
  auto member = [&](const std::optional<int64_t>& hh, bool retired, int delta) -> Status {
    if (hh && !retired) tx_->pending_members_[*hh] += delta;
    return Status::Ok();
  };
  RETURN_IF_ERROR(member(old.household_id, old.retired, -1));
  return member(p.household_id, p.retired, 1);
}

Result<int64_t> PgPeopleRepo::CountPeople(const std::string& scope) {
  auto s = tx_->conn().Prepare(
      "SELECT count(*) FROM people WHERE place_code >= $1 AND place_code < $2 AND NOT retired");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end);
  if (!s.Step()) return s.status();
  return s.Int(0);
}

}  // namespace wangge::storage::postgres
