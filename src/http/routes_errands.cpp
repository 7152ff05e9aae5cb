// 红色代办 (errands) over HTTP: the community's roster of runners (代办员) by household, the households a
// runner covers and a resident's own, registering an errand (委托代办), its detail with the authorisation and
// the documents, the runner's open errands (待接办), and the documents taken and returned. The transitions
// (接办, 派代办员, 办结, 评价 …) are the order routes (/api/v1/orders/{id}/<action>). docs/errands.md.
#include "core/calendar.hpp"
#include "http/json_io.hpp"
#include "http/order_filter.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

json HouseholdJson(const Household& h) {
  return {{"household_id", h.id},
          {"household_no", h.household_no},
          {"address", h.address},
          {"place_code", h.place_code}};
}

json RosterHouseholdJson(const service::RosterHousehold& rh) {
  json j = HouseholdJson(rh.household);
  j["runner_user_id"] = rh.runner ? json(rh.runner->runner_user_id) : json(nullptr);
  j["runner_name"] = rh.runner_name;
  j["assigned_at"] = rh.runner ? json(cal::IsoLocal(rh.runner->assigned_at)) : json(nullptr);
  j["version"] = rh.runner ? rh.runner->version : 0;
  return j;
}

json HouseholdViewJson(const service::HouseholdView& v) {
  json j = HouseholdJson(v.household);
  json members = json::array();
  for (const auto& m : v.members) members.push_back({{"person_id", m.person_id}, {"name", m.name}});
  j["members"] = std::move(members);
  j["runner_user_id"] = v.runner_user_id ? json(*v.runner_user_id) : json(nullptr);
  j["runner_name"] = v.runner_name;
  return j;
}

json DocumentJson(const storage::ErrandDocument& d) {
  return {{"id", d.id},
          {"name", d.name},
          {"copies", d.copies},
          {"received_at", cal::IsoLocal(d.received_at)},
          {"returned_at", d.returned_at ? json(cal::IsoLocal(d.returned_at)) : json(nullptr)},
          {"held", d.returned_at == 0},
          {"version", d.version}};
}

json ErrandJson(const service::ErrandView& v) {
  json j = OrderJson(v.order, true);
  json docs = json::array();
  for (const auto& d : v.documents) docs.push_back(DocumentJson(d));
  j["errand"] = {{"household_id", v.errand.household_id},
                 {"household_no", v.household.household_no},
                 {"address", v.household.address},
                 {"authoriser_person_id", v.errand.authoriser_person_id},
                 {"authoriser_name", v.authoriser_name},
                 {"authorisation", v.errand.authorisation},
                 {"authorisation_zh", service::AuthorisationNameZh(v.errand.authorisation)},
                 {"fee", 0},
                 {"documents", std::move(docs)},
                 {"held", v.held}};
  return j;
}

HttpResponse NoContent() {
  HttpResponse r;
  r.status = 204;
  return r;
}

}  // namespace

void RegisterErrandRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/errand-runners",
         .tag = "errands",
         .summary = "The community's households and their runners (代办员), and who may run errands there",
         .summary_zh = "本村(社区)各户的红色代办员包联表及可安排的代办员",
         .any_of = {Permission::kServiceManage},
         .query = {{"community", "string", "12-digit village code (default: the caller's)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().errands.Roster(c.ctx(), c.Query("community"));
           if (!res.ok()) return Error(c, res.status());
           json runners = json::array();
           for (const auto& rr : res->runners) {
             const auto role = RoleFromName(rr.user.role);
             runners.push_back({{"user_id", rr.user.id},
                                {"display_name", rr.user.display_name},
                                {"role", rr.user.role},
                                {"role_zh", role ? RoleNameZh(*role) : ""},
                                {"households", rr.households}});
           }
           json households = json::array();
           for (const auto& h : res->households) households.push_back(RosterHouseholdJson(h));
           return Json(json{{"community", res->community},
                            {"community_name", res->community_name},
                            {"min_households", service::kMinHouseholds},
                            {"max_households", service::kMaxHouseholds},
                            {"runners", std::move(runners)},
                            {"households", std::move(households)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/errand-runners/mine",
         .tag = "errands",
         .summary = "The households the caller covers as their runner, with their members (names masked)",
         .summary_zh = "我包联的户（成员姓名已隐藏）",
         .any_of = {Permission::kServiceProvide},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().errands.Covered(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(HouseholdViewJson(v));
           return Json(json{{"households", std::move(items)}});
         }});
  r.Add(
      {.method = "PUT",
       .pattern = "/api/v1/errand-runners/{id}",
       .tag = "errands",
       .summary = "Set a household's runner (version as read; 0 when it has none); at most 8 households each",
       .summary_zh = "安排一户的红色代办员（每名代办员最多包联 8 户）",
       .any_of = {Permission::kServiceManage},
       .request_body = "json",
       .handler = [](Call& c) -> HttpResponse {
         auto id = c.PathId();
         if (!id.ok()) return Error(c, id.status());
         auto body = c.JsonBody();
         if (!body.ok()) return Error(c, body.status());
         int64_t runner = 0, version = 0;
         JsonIn j(*body);
         j.Int("runner_user_id", &runner, true).Int("version", &version, true);
         if (Status st = j.Finish(); !st.ok()) return Error(c, st);
         auto res = c.app().errands.SetRunner(c.ctx(), *id, runner, version);
         if (!res.ok()) return Error(c, res.status());
         return Json(RosterHouseholdJson(*res));
       }});
  r.Add({.method = "DELETE",
         .pattern = "/api/v1/errand-runners/{id}",
         .tag = "errands",
         .summary = "Remove a household's runner (version as read)",
         .summary_zh = "取消一户的代办员安排",
         .any_of = {Permission::kServiceManage},
         .query = {{"version", "integer", "the row's version as read"}},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto version = c.QueryInt("version", 0, 1, INT64_MAX);
           if (!version.ok()) return Error(c, version.status());
           if (Status st = c.app().errands.RemoveRunner(c.ctx(), *id, *version); !st.ok())
             return Error(c, st);
           return NoContent();
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/errands/household",
         .tag = "errands",
         .summary = "The caller's own household, its members (masked) and its runner",
         .summary_zh = "本人所在的户及其红色代办员",
         .any_of = {Permission::kOrderReport},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().errands.OwnHousehold(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           return Json(HouseholdViewJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/errands",
         .tag = "errands",
         .summary = "委托代办: a member for their household; the household's runner or the community for a "
                    "member who authorised them (household_id, authoriser_person_id)",
         .summary_zh = "委托代办：本户成员本人；或代办员、社区为授权的该户成员登记",
         .any_of = {Permission::kOrderReport},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::ErrandInput in;
           int64_t household = 0, authoriser = 0;
           JsonIn j(*body);
           j.Int("household_id", &household)
               .Int("authoriser_person_id", &authoriser)
               .Str("authorisation", &in.authorisation)
               .Str("category", &in.category, true)
               .Str("title", &in.title)
               .Str("description", &in.description, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           if (household) in.household_id = household;
           if (authoriser) in.authoriser_person_id = authoriser;
           auto res = c.app().errands.Create(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(ErrandJson(*res), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/errands",
         .tag = "errands",
         .summary = "Errands the caller sees; mine=hall: open ones of the households the caller covers, "
                    "handling: the ones the caller runs, reported: the caller's household's",
         .summary_zh = "红色代办列表；mine=hall 待接办（我包联户的），handling 我代办的，reported 我委托的",
         .any_of = {Permission::kOrderRead},
         .query = OrderFilterParams("errands", "category code prefix",
                                    {{"mine", "string", "hall | handling | reported"}}),
         .handler = [](Call& c) -> HttpResponse {
           if (c.Query("mine") == "hall") {
             auto res = c.app().errands.Hall(c.ctx());
             if (!res.ok()) return Error(c, res.status());
             storage::Page<service::OrderView> page;
             page.items = std::move(*res);
             return JsonText(OrderPageJsonText(page));
           }
           auto f = ReadOrderFilter(c);
           if (!f.ok()) return Error(c, f.status());
           f->kind = order::Kind::kErrand;
           f->mine = c.Query("mine");
           auto res = c.app().orders.List(c.ctx(), *f);
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderPageJsonText(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/errands/{id}",
         .tag = "errands",
         .summary = "An errand with its authorisation and the documents taken and returned",
         .summary_zh = "红色代办详情：委托、收取与归还的材料",
         .any_of = {Permission::kOrderRead},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().errands.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(ErrandJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/errands/{id}/documents",
         .tag = "errands",
         .summary = "The runner records a document of the household taken for the errand (收取材料)",
         .summary_zh = "代办员登记收取的材料",
         .any_of = {Permission::kServiceProvide},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string name;
           int64_t copies = 1;
           JsonIn j(*body);
           j.Str("name", &name, true).Int("copies", &copies);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           if (copies < 1 || copies > 99)
             return Error(c, InvalidArgument("份数应为 1-99", "copies must be 1-99", "copies"));
           auto res = c.app().errands.AddDocument(c.ctx(), *id, name, static_cast<int>(copies));
           if (!res.ok()) return Error(c, res.status());
           return Json(DocumentJson(*res), 201);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/errands/{id}/documents/{doc}/return",
         .tag = "errands",
         .summary = "The runner records a document given back to the household (归还; version as read)",
         .summary_zh = "代办员登记归还材料",
         .any_of = {Permission::kServiceProvide},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto doc = c.PathId("doc");
           if (!doc.ok()) return Error(c, doc.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           int64_t version = 0;
           JsonIn j(*body);
           j.Int("version", &version, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().errands.ReturnDocument(c.ctx(), *id, *doc, version);
           if (!res.ok()) return Error(c, res.status());
           return Json(DocumentJson(*res));
         }});
}

}  // namespace wangge::http
