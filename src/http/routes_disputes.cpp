// Dispute cases (矛盾纠纷) over HTTP: register (also from an event), list, the case with its parties and
// agreement, the 调解协议书, a party's history. A case's transitions are the order routes
// (POST /api/v1/orders/{id}/<action>): it is an order of kind dispute.
#include "http/json_io.hpp"
#include "http/order_filter.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

Result<service::DisputeInput> ReadDispute(const json& body) {
  service::DisputeInput in;
  JsonIn j(body);
  const json* parties = nullptr;
  j.Str("category", &in.category)
      .Str("place_code", &in.place_code)
      .Str("title", &in.title)
      .Str("description", &in.description)
      .Str("address", &in.address)
      .Num("lat", &in.lat)
      .Num("lon", &in.lon)
      .Int("urgency", &in.urgency)
      .OptInt("from_order", &in.from_order)
      .Raw("parties", &parties, true);
  RETURN_IF_ERROR(j.Finish());
  if (!parties->is_array() || parties->size() > 20)
    return InvalidArgument("parties 须为至多 20 个当事人的数组", "parties must be an array of at most 20",
                           "parties");
  for (size_t i = 0; i < parties->size(); ++i) {
    const std::string field = "parties[" + std::to_string(i) + "]";
    if (!(*parties)[i].is_object())
      return InvalidArgument(field + " 须为对象", field + " must be an object", field);
    dispute::Party p;
    JsonIn pj((*parties)[i]);
    pj.Str("role", &p.role, true)
        .Str("name", &p.name, true)
        .Str("citizen_id", &p.citizen_id)
        .Str("phone", &p.phone)
        .Str("address", &p.address)
        .OptInt("person_id", &p.person_id);
    if (Status s = pj.Finish(); !s.ok())
      return InvalidArgument(s.zh(), s.en(), field + "." + std::string(s.field()));
    in.parties.push_back(std::move(p));
  }
  return in;
}

Result<dispute::Agreement> ReadAgreement(const json& body) {
  dispute::Agreement a;
  JsonIn j(body);
  j.Str("facts", &a.facts)
      .Str("responsibility", &a.responsibility)
      .Str("terms", &a.terms)
      .Str("performance_manner", &a.performance_manner)
      .Str("performance_location", &a.performance_location)
      .Str("performance_due", &a.performance_due)
      .Str("mediator", &a.mediator)
      .IntList("signed_by", &a.signed_by, 20)
      .Int("version", &a.version);
  RETURN_IF_ERROR(j.Finish());
  return a;
}

json AgreementJson(const dispute::Agreement& a) {
  return {{"facts", a.facts},
          {"responsibility", a.responsibility},
          {"terms", a.terms},
          {"performance_manner", a.performance_manner},
          {"performance_location", a.performance_location},
          {"performance_due", a.performance_due},
          {"signed_by", a.signed_by},
          {"mediator", a.mediator},
          {"signed_at", a.signed_at ? json(cal::IsoLocal(a.signed_at)) : json(nullptr)},
          {"updated_at", cal::IsoLocal(a.updated_at)},
          {"version", a.version}};
}

json DisputeJson(const service::DisputeView& v) {
  json j = OrderJson(v.order, true);
  json parties = json::array();
  for (const auto& p : v.parties) parties.push_back(PartyJson(p));
  j["parties"] = parties;
  j["agreement"] = v.agreement ? AgreementJson(*v.agreement) : json(nullptr);
  return j;
}

}  // namespace

void RegisterDisputeRoutes(Router& r) {
  r.Add(
      {.method = "POST",
       .pattern = "/api/v1/disputes",
       .tag = "disputes",
       .summary = "Register a dispute case with its parties; from_order turns an event of class 08 into one",
       .summary_zh = "登记矛盾纠纷案件（含当事人）；from_order 将矛盾纠纷类事件一键转为案件",
       .any_of = {Permission::kDisputeRegister},
       .request_body = "json",
       .handler = [](Call& c) -> HttpResponse {
         auto body = c.JsonBody();
         if (!body.ok()) return Error(c, body.status());
         auto in = ReadDispute(*body);
         if (!in.ok()) return Error(c, in.status());
         auto res = c.app().disputes.Register(c.ctx(), std::move(*in));
         if (!res.ok()) return Error(c, res.status());
         return Json(DisputeJson(*res), 201);
       }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/disputes",
         .tag = "disputes",
         .summary =
             "Dispute cases the caller may see (综治 roles: their area; others: registered or given to them)",
         .summary_zh = "矛盾纠纷案件列表（综治中心看辖区，其他人看本人登记或分派给本调委会的）",
         .any_of = {Permission::kDisputeRegister},
         .query = OrderFilterParams("cases", "dispute type (08xx)"),
         .handler = [](Call& c) -> HttpResponse {
           auto f = ReadOrderFilter(c);
           if (!f.ok()) return Error(c, f.status());
           auto res = c.app().disputes.List(c.ctx(), std::move(*f));
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderPageJsonText(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/disputes/{id}",
         .tag = "disputes",
         .summary = "A dispute case: timeline, parties (masked), agreement",
         .summary_zh = "矛盾纠纷案件详情：流程记录、当事人（脱敏）、调解协议书",
         .any_of = {Permission::kDisputeRegister},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().disputes.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(DisputeJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/disputes/{id}/unmask",
         .tag = "disputes",
         .summary = "The case with its parties in clear (综治 roles in scope, the case's mediators; purpose "
                    "required, audited)",
         .summary_zh = "查看当事人明文信息（综治中心、本案调解员；须说明用途，留痕）",
         .any_of = {Permission::kSensitiveRead, Permission::kDisputeMediate},
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
           auto res = c.app().disputes.UnmaskParties(c.ctx(), *id, purpose);
           if (!res.ok()) return Error(c, res.status());
           return Json(DisputeJson(*res));
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/disputes/{id}/agreement",
         .tag = "disputes",
         .summary =
             "Record or rewrite the mediation agreement (its mediator, while mediating; version 0 = new)",
         .summary_zh = "录入或修改调解协议书（本案调解员，调解中；version 为 0 表示新建）",
         .any_of = {Permission::kDisputeMediate},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           auto in = ReadAgreement(*body);
           if (!in.ok()) return Error(c, in.status());
           auto res = c.app().disputes.PutAgreement(c.ctx(), *id, std::move(*in));
           if (!res.ok()) return Error(c, res.status());
           return Json(AgreementJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/disputes/history",
         .tag = "disputes",
         .summary =
             "A party's earlier dispute cases by citizen ID or phone (综治 roles; purpose required, audited)",
         .summary_zh = "按身份证号或电话查询当事人历史纠纷（仅综治中心，须说明用途，留痕）",
         .any_of = {Permission::kSensitiveRead},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string q, purpose;
           JsonIn j(*body);
           j.Str("q", &q, true).Str("purpose", &purpose, true);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto res = c.app().disputes.History(c.ctx(), q, purpose);
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(DisputeJson(v));
           return Json(json{{"items", items}});
         }});
}

}  // namespace wangge::http
