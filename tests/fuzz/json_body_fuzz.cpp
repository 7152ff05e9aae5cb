// JSON request bodies (http/): ParseJsonBody (what Call::JsonBody does: UTF-8 check, parse, object check),
// then every entity reader of http/body_readers.hpp on the same object, the way the routes use them, and
// the JSON views written back from what was read. Input: the body.
#include <string>

#include "core/calendar.hpp"
#include "core/category.hpp"
#include "core/codes.hpp"
#include "core/roles.hpp"
#include "core/text.hpp"
#include "fuzz.hpp"
#include "http/body_readers.hpp"
#include "http/router.hpp"

namespace wangge::fuzz {
namespace {

using http::json;
using http::JsonIn;

void CheckStatus(const Status& st) {
  if (st.ok()) return;
  FUZZ_CHECK_MSG(st.code() == StatusCode::kInvalidArgument, st.ToString());
  // Messages go out in problem+json bodies: they must be text, whatever the input was.
  FUZZ_CHECK(IsValidUtf8(st.zh()) && IsValidUtf8(st.en()) && IsValidUtf8(st.field()));
}

// A POST (create): the reader, then the unknown-key check. Returns the decoded value's status.
template <typename T, typename Reader>
Status Create(const json& body, Reader read, T* out) {
  JsonIn in(body);
  Status st = read(in, out);
  if (st.ok()) st = in.Finish();
  CheckStatus(st);
  return st;
}

// A PATCH (collection.hpp): "version" required, "retired" allowed, then the reader and the key check.
template <typename T, typename Reader>
void Patch(const json& body, Reader read) {
  JsonIn probe(body);
  int64_t version = 0;
  probe.Int("version", &version, true);
  CheckStatus(probe.status());
  if (!probe.status().ok()) return;
  T v;
  JsonIn in(body);
  int64_t ignored = 0;
  in.Int("version", &ignored).Bool("retired", &v.retired);
  Status st = read(in, &v);
  if (st.ok()) st = in.Finish();
  CheckStatus(st);
}

void CheckStrings(std::initializer_list<const std::string*> fields) {
  for (const std::string* s : fields) FUZZ_CHECK(s->size() <= 64 * 1024 && IsValidUtf8(*s));
}

void People(const json& body) {
  Building b;
  if (Create(body, http::ReadBuilding, &b).ok()) {
    CheckStrings({&b.place_code, &b.name, &b.address});
    (void)http::BuildingJson(b).dump();
  }
  Household h;
  if (Create(body, http::ReadHousehold, &h).ok()) {
    CheckStrings({&h.place_code, &h.address, &h.household_no, &h.residence_type});
    (void)http::HouseholdJson(h).dump();
  }
  Person p;
  if (Create(body, http::ReadPerson, &p).ok()) {
    CheckStrings({&p.place_code, &p.name, &p.citizen_id, &p.phone, &p.ethnicity, &p.relation});
    FUZZ_CHECK(p.tags.size() <= 32);
    for (const PersonTag& t : p.tags) {
      json f = json::parse(t.fields_json, nullptr, false);
      FUZZ_CHECK_MSG(f.is_object(), t.fields_json);
    }
    // Every role's view of what was read can be written out (dump() throws on invalid UTF-8).
    for (Role role : {Role::kSystemAdmin, Role::kGridWorker, Role::kResident, Role::kDepartmentHandler})
      (void)http::PersonJson(p, role).dump();
  }
  Patch<Building>(body, http::ReadBuilding);
  Patch<Household>(body, http::ReadHousehold);
  Patch<Person>(body, http::ReadPerson);
}

void Places(const json& body) {
  Place p;
  JsonIn in(body);
  in.Str("code", &p.code, true);
  Status st = http::ReadPlaceFields(in, &p);
  if (st.ok()) st = in.Finish();
  CheckStatus(st);
  if (st.ok()) {
    // The boundary is kept as the text of a JSON object, and the place's view parses it back.
    if (!p.boundary.empty()) FUZZ_CHECK(json::parse(p.boundary, nullptr, false).is_object());
    p.level = static_cast<int>(Level::kGrid);  // as stored places have (PlaceJson names the level)
    (void)http::PlaceJson(p).dump();
  }
  Patch<Place>(body, http::ReadPlaceFields);
  JsonIn move(body);
  std::string new_code;
  move.Str("new_code", &new_code, true);
  CheckStatus(move.Finish());
}

void Admin(const json& body) {
  User u;
  Create(body, http::ReadUserFields, &u);
  Organization o;
  if (Create(body, http::ReadOrg, &o).ok()) (void)http::OrgJson(o).dump();
  PartyOrg po;
  if (Create(body, http::ReadPartyOrg, &po).ok()) (void)http::PartyOrgJson(po).dump();
  Patch<Organization>(body, http::ReadOrg);
  Patch<PartyOrg>(body, http::ReadPartyOrg);
}

void Orders(const json& body) {
  auto report = http::ReadReport(body);
  CheckStatus(report.status());
  if (report.ok()) {
    FUZZ_CHECK(report->urgency >= 0 && report->urgency <= 3);
    FUZZ_CHECK(report->attachments.size() <= 9);
    CheckStrings({&report->category, &report->description, &report->title, &report->note});
  }
  for (int a = 0; a < order::kActionCount; ++a) {
    auto in = http::ReadAction(static_cast<order::Action>(a), body);
    CheckStatus(in.status());
    if (!in.ok()) continue;
    FUZZ_CHECK(in->action == static_cast<order::Action>(a));
    FUZZ_CHECK(in->rating >= 0 && in->rating <= 3 && in->strength >= 0 && in->strength <= 3);
    FUZZ_CHECK(in->days >= 0 && in->days <= 365);
    FUZZ_CHECK(in->attachments.size() <= 9 && in->departments.size() <= 16);
    if (a > 3) break;  // the reader does not depend on the action: a few are enough
  }
  for (bool creating : {true, false}) {
    Category c;
    Status st = http::ReadCategory(body, &c, creating);
    CheckStatus(st);
    if (!st.ok()) continue;
    // Limits read back as written.
    for (const cal::Limit* l :
         {&c.accept_limit, &c.handle_limit[0], &c.handle_limit[1], &c.handle_limit[2]}) {
      auto again = cal::ParseLimit(cal::FormatLimit(*l));
      FUZZ_CHECK(again.ok() && *again == *l);
    }
    if (!creating) continue;
    // What the catalogue service does next: validate; a valid category survives the CSV table round trip
    // (a subcategory needs its class in the table: one made from the same values).
    st = ValidateCategory(&c);
    if (!st.ok()) {
      FUZZ_CHECK(st.code() == StatusCode::kInvalidArgument);
      continue;
    }
    std::vector<Category> rows;
    if (!c.parent.empty()) {
      Category cls = c;
      cls.code = c.parent;
      cls.parent.clear();
      if (!ValidateCategory(&cls).ok()) continue;
      rows.push_back(cls);
    }
    rows.push_back(c);
    auto table = ParseCategoriesCsv(CategoriesToCsv(rows));
    FUZZ_CHECK_MSG(table.ok(), table.status().ToString());
    FUZZ_CHECK(table->size() == rows.size());
    const Category& back = table->back();
    FUZZ_CHECK(back.code == c.code && back.parent == c.parent && back.name_zh == c.name_zh &&
               back.name_en == c.name_en && back.default_urgency == c.default_urgency &&
               back.accept_limit == c.accept_limit && back.handle_limit[0] == c.handle_limit[0] &&
               back.handle_limit[1] == c.handle_limit[1] && back.handle_limit[2] == c.handle_limit[2] &&
               back.handling_level == c.handling_level && back.default_department == c.default_department &&
               back.micro == c.micro && back.attributes_json == c.attributes_json);
  }
}

}  // namespace

int JsonBody(const uint8_t* data, size_t size) {
  const std::string_view body = AsText(data, size);
  // A Content-Type that is not JSON is refused before the body is looked at.
  FUZZ_CHECK(http::ParseJsonBody("text/plain", body).status().code() == StatusCode::kUnsupportedMedia);
  auto parsed = http::ParseJsonBody("application/json; charset=utf-8", body);
  auto again = http::ParseJsonBody("", body);
  FUZZ_CHECK(parsed.ok() == again.ok());
  if (!parsed.ok()) {
    CheckStatus(parsed.status());
    return 0;
  }
  const json& j = *parsed;
  FUZZ_CHECK(j.is_object());
  FUZZ_CHECK(IsValidUtf8(body));
  // What was accepted can be written again (strict dump: no invalid UTF-8 inside) and reads back equal.
  const std::string text = j.dump();
  FUZZ_CHECK(json::parse(text, nullptr, false) == j);
  People(j);
  Places(j);
  Admin(j);
  Orders(j);
  return 0;
}

}  // namespace wangge::fuzz
