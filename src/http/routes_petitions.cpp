// Petitions (信访) over HTTP: register at the petition desk, list (the desk's, a leader's 包案 with
// mine=lead), the petition with its petitioners (masked; in clear with a purpose). A petition's transitions
// are the order routes (POST /api/v1/orders/{id}/<action>: accept, refuse, dispatch, finish = 答复, review =
// 复查, close_case = 销案, lead = 领导包案 …): it is an order of kind petition.
#include "http/json_io.hpp"
#include "http/order_filter.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

Result<service::PetitionInput> ReadPetition(const json& body) {
  service::PetitionInput in;
  JsonIn j(body);
  const json* petitioners = nullptr;
  j.Str("category", &in.category)
      .Str("channel", &in.channel, true)
      .Str("place_code", &in.place_code)
      .Str("title", &in.title)
      .Str("description", &in.description)
      .Str("address", &in.address)
      .Str("superior", &in.superior)
      .Str("superior_due", &in.superior_due)
      .OptInt("linked_order", &in.linked_order)
      .Int("urgency", &in.urgency)
      .Raw("petitioners", &petitioners, true);
  RETURN_IF_ERROR(j.Finish());
  if (!petitioners->is_array() || petitioners->size() > 20)
    return InvalidArgument("petitioners 须为至多 20 名信访人的数组",
                           "petitioners must be an array of at most 20", "petitioners");
  for (size_t i = 0; i < petitioners->size(); ++i) {
    const std::string field = "petitioners[" + std::to_string(i) + "]";
    if (!(*petitioners)[i].is_object())
      return InvalidArgument(field + " 须为对象", field + " must be an object", field);
    dispute::Party p;
    JsonIn pj((*petitioners)[i]);
    pj.Str("name", &p.name, true)
        .Str("citizen_id", &p.citizen_id)
        .Str("phone", &p.phone)
        .Str("address", &p.address)
        .OptInt("person_id", &p.person_id);
    if (Status s = pj.Finish(); !s.ok())
      return InvalidArgument(s.zh(), s.en(), field + "." + std::string(s.field()));
    in.petitioners.push_back(std::move(p));
  }
  return in;
}

json PetitionJson(const service::PetitionView& v) {
  json j = OrderJson(v.order, true);
  json people = json::array();
  for (const auto& p : v.petitioners) people.push_back(PartyJson(p));
  j["petitioners"] = people;
  return j;
}

}  // namespace

void RegisterPetitionRoutes(Router& r) {
  r.Add({.method = "POST",
         .pattern = "/api/v1/petitions",
         .tag = "petitions",
         .summary =
             "Register a petition with its petitioners (channel letter | visit | online | hotline | "
             "mailbox); 重复信访 and 越级 are found from the records; superior + superior_due for 上级交办",
         .summary_zh =
             "登记信访事项（含信访人；渠道：来信、来访、网上、12345、领导信箱）；自动识别重复信访、越级；"
             "上级交办须填交办单位文号和办结期限",
         .any_of = {Permission::kPetitionRegister},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           auto in = ReadPetition(*body);
           if (!in.ok()) return Error(c, in.status());
           auto res = c.app().petitions.Register(c.ctx(), std::move(*in));
           if (!res.ok()) return Error(c, res.status());
           return Json(PetitionJson(*res), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/petitions",
         .tag = "petitions",
         .summary =
             "Petitions the caller may see (the desk and 综治 roles: their area; a department or place: "
             "those given to it; mine=lead: the caller's 包案)",
         .summary_zh = "信访事项列表（信访、综治看辖区；部门、村镇看交办给本单位的；mine=lead 为本人包案）",
         .any_of = {Permission::kOrderRead},
         .query = OrderFilterParams(
             "petitions", "matter type (13xx)",
             {{"mine", "string", "lead: the petitions the caller is the leader in charge of"}}),
         .handler = [](Call& c) -> HttpResponse {
           auto f = ReadOrderFilter(c);
           if (!f.ok()) return Error(c, f.status());
           f->mine = c.Query("mine");
           if (!f->mine.empty() && f->mine != "lead")
             return Error(c, InvalidArgument("mine 只能是 lead", "mine must be lead", "mine"));
           auto res = c.app().petitions.List(c.ctx(), std::move(*f));
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderPageJsonText(*res));
         }});
  r.Add(
      {.method = "GET",
       .pattern = "/api/v1/petitions/{id}",
       .tag = "petitions",
       .summary = "A petition: timeline, petitioners (masked), 重复信访 / 越级 / 上级交办, the 复查 deadline",
       .summary_zh = "信访事项详情：流程记录、信访人（脱敏）、重复信访、越级、上级交办、复查期限",
       .any_of = {Permission::kOrderRead},
       .handler = [](Call& c) -> HttpResponse {
         auto id = c.PathId();
         if (!id.ok()) return Error(c, id.status());
         auto res = c.app().petitions.Get(c.ctx(), *id);
         if (!res.ok()) return Error(c, res.status());
         return Json(PetitionJson(*res));
       }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/petitions/{id}/unmask",
         .tag = "petitions",
         .summary = "The petition with its petitioners in clear (the desk and 综治 roles in scope; purpose "
                    "required, audited)",
         .summary_zh = "查看信访人明文信息（信访、综治部门；须说明用途，留痕）",
         .any_of = {Permission::kPetitionRegister},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string purpose;
           JsonIn j(*body);
           j.Str("purpose", &purpose, true);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto res = c.app().petitions.Unmask(c.ctx(), *id, purpose);
           if (!res.ok()) return Error(c, res.status());
           return Json(PetitionJson(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/petitions/{id}/leaders",
         .tag = "petitions",
         .summary =
             "Who may be put in charge of the petition (领导包案): the county centre's and its township's "
             "active command accounts",
         .summary_zh = "可确定为包案领导的账号（县综治中心、所在乡镇的领导账号）",
         .any_of = {Permission::kOrderCommand},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().petitions.LeaderCandidates(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const User& u : *res) {
             auto role = RoleFromName(u.role);
             items.push_back({{"id", u.id},
                              {"username", u.username},
                              {"display_name", u.display_name},
                              {"role", u.role},
                              {"role_zh", role ? RoleNameZh(*role) : ""},
                              {"place_code", u.place_code}});
           }
           return Json(json{{"items", items}});
         }});
}

}  // namespace wangge::http
