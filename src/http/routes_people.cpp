// 一张表: buildings, households, people (masked), unmasking with a purpose.
#include "core/citizen_id.hpp"
#include "http/body_readers.hpp"
#include "http/collection.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {

Status ReadBuilding(JsonIn& in, Building* b) {
  in.Str("place_code", &b->place_code)
      .Str("name", &b->name)
      .Str("address", &b->address)
      .Int("floors", &b->floors)
      .OptInt("leader_person_id", &b->leader_person_id);
  return in.status();
}

Status ReadHousehold(JsonIn& in, Household* h) {
  in.Str("place_code", &h->place_code)
      .OptInt("building_id", &h->building_id)
      .Str("address", &h->address)
      .Str("household_no", &h->household_no)
      .Str("residence_type", &h->residence_type);
  return in.status();
}

Status ReadPerson(JsonIn& in, Person* p) {
  const json* tags = nullptr;
  in.Str("place_code", &p->place_code)
      .OptInt("household_id", &p->household_id)
      .Str("name", &p->name)
      .Str("citizen_id", &p->citizen_id)
      .Str("ethnicity", &p->ethnicity)
      .Str("political_status", &p->political_status)
      .Str("phone", &p->phone)
      .Str("residence_type", &p->residence_type)
      .Str("relation", &p->relation)
      .Raw("tags", &tags);
  RETURN_IF_ERROR(in.status());
  if (tags != nullptr) RETURN_IF_ERROR(ReadTags(*tags, &p->tags));
  return Status::Ok();
}

void RegisterPeopleRoutes(Router& r) {
  // ---- buildings
  AddCollection<Building>(
      r, {.base = "/api/v1/buildings",
          .tag = "people",
          .read_permission = Permission::kHouseholdRead,
          .write_permission = Permission::kHouseholdWrite,
          .list_en = "Buildings (楼栋) in a scope",
          .list_zh = "楼栋列表",
          .create_en = "Create a building with its leader (楼栋长)",
          .create_zh = "新建楼栋",
          .get_en = "A building",
          .get_zh = "楼栋详情",
          .patch_en = "Edit or retire a building (with version)",
          .patch_zh = "修改楼栋",
          .list =
              [](Call& c, const std::string& scope, const storage::PageRequest& page) {
                return c.app().people.ListBuildings(c.ctx(), scope, page);
              },
          .create = [](Call& c, Building v) { return c.app().people.CreateBuilding(c.ctx(), std::move(v)); },
          .get = [](Call& c, int64_t id) { return c.app().people.GetBuilding(c.ctx(), id); },
          .update =
              [](Call& c, int64_t id, int64_t version, const std::function<Status(Building&)>& apply) {
                return c.app().people.UpdateBuilding(c.ctx(), id, version, apply);
              },
          .read = [](JsonIn& in, Building* v) { return ReadBuilding(in, v); },
          .to_json = [](const Call&, const Building& v) { return BuildingJson(v); }});
  // ---- households
  AddCollection<Household>(
      r,
      {.base = "/api/v1/households",
       .tag = "people",
       .read_permission = Permission::kHouseholdRead,
       .write_permission = Permission::kHouseholdWrite,
       .list_en = "Households (户) in a scope",
       .list_zh = "户列表",
       .create_en = "Create a household in a grid or household unit",
       .create_zh = "新建户",
       .get_en = "A household",
       .get_zh = "户详情",
       .patch_en = "Edit, move (members follow) or retire a household (with version)",
       .patch_zh = "修改户",
       .list =
           [](Call& c, const std::string& scope, const storage::PageRequest& page) {
             return c.app().people.ListHouseholds(c.ctx(), scope, page);
           },
       .create = [](Call& c, Household v) { return c.app().people.CreateHousehold(c.ctx(), std::move(v)); },
       .get = [](Call& c, int64_t id) { return c.app().people.GetHousehold(c.ctx(), id); },
       .update =
           [](Call& c, int64_t id, int64_t version, const std::function<Status(Household&)>& apply) {
             return c.app().people.UpdateHousehold(c.ctx(), id, version, apply);
           },
       .read = [](JsonIn& in, Household* v) { return ReadHousehold(in, v); },
       .to_json = [](const Call&, const Household& v) { return HouseholdJson(v); }});
  // ---- people
  r.Add({.method = "GET",
         .pattern = "/api/v1/people",
         .tag = "people",
         .summary =
             "Search people in a scope by name prefix, citizen ID, group tag or household; identity masked",
         .summary_zh = "人员查询（脱敏）",
         .any_of = {Permission::kPersonRead},
         .query = {{"scope", "string", "place code prefix"},
                   {"name", "string", "name prefix"},
                   {"citizen_id", "string", "exact citizen ID"},
                   {"tag", "string", "group tag id"},
                   {"household_id", "integer", "household"},
                   {"include_retired", "boolean", "include retired"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           service::PersonFilter f;
           auto page = c.Page();
           auto hh = c.QueryInt("household_id", 0, 0, INT64_MAX);
           auto retired = c.QueryBool("include_retired", false);
           if (!page.ok()) return Error(c, page.status());
           if (!hh.ok()) return Error(c, hh.status());
           if (!retired.ok()) return Error(c, retired.status());
           f.page = *page;
           f.scope = c.Query("scope");
           f.name_prefix = c.Query("name");
           f.citizen_id = c.Query("citizen_id");
           f.tag = c.Query("tag");
           if (*hh > 0) f.household_id = *hh;
           f.include_retired = *retired;
           auto res = c.app().people.Search(c.ctx(), f);
           if (!res.ok()) return Error(c, res.status());
           Role role = c.ctx().who.role;
           return Json(PageJson(*res, [role](const Person& p) { return PersonJson(p, role); }));
         }});
  AddCollection<Person>(
      r, {.base = "/api/v1/people",
          .tag = "people",
          .read_permission = Permission::kPersonRead,
          .write_permission = Permission::kPersonWrite,
          .create_en =
              "Register a person (citizen ID validated; sex and birth date derived; tags with their fields)",
          .create_zh = "登记人员",
          .get_en = "A person (masked, in the role's field view)",
          .get_zh = "人员详情（脱敏）",
          .patch_en = "Edit, move or retire a person (with version); \"tags\" replaces the group set",
          .patch_zh = "修改人员",
          .create = [](Call& c, Person v) { return c.app().people.CreatePerson(c.ctx(), std::move(v)); },
          .get = [](Call& c, int64_t id) { return c.app().people.GetPerson(c.ctx(), id); },
          .update =
              [](Call& c, int64_t id, int64_t version, const std::function<Status(Person&)>& apply) {
                return c.app().people.UpdatePerson(c.ctx(), id, version, apply);
              },
          .read = ReadPerson,
          .to_json = [](const Call& c, const Person& v) { return PersonJson(v, c.ctx().who.role); },
          .warnings =
              [](const Person& v) {
                std::vector<Status> out;
                if (Status w = ImplausibleAgeWarning(v.birth_date); !w.ok()) out.push_back(w);
                return out;
              }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/people/{id}/unmask",
         .tag = "people",
         .summary =
             "Show the citizen ID, phone and the sealed care-group fields (phones, 残疾人证号) in clear as "
             "citizen_id, phone, tag_fields [{tag, field, type, value}]: {\"purpose\": …}; written to "
             "the audit trail first",
         .summary_zh = "查看完整身份证号和电话（需填写目的，留痕）",
         .any_of = {Permission::kPersonUnmask},
         .max_body = 4096,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string purpose;
           JsonIn in(*body);
           in.Str("purpose", &purpose, true);
           if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().people.Unmask(c.ctx(), *id, purpose);
           if (!res.ok()) return Error(c, res.status());
           json tag_fields = json::array();
           for (const auto& t : res->tag_fields)
             tag_fields.push_back(
                 json{{"tag", t.tag}, {"field", t.field}, {"type", t.type}, {"value", t.value}});
           return Json(json{{"id", *id},
                            {"citizen_id", res->citizen_id},
                            {"phone", res->phone},
                            {"tag_fields", tag_fields}});
         }});
}

}  // namespace wangge::http
