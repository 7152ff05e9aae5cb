// Work orders over HTTP: report, list, detail, one POST route per action of the engine's rule table
// (generated), and the rule table itself.
#include <algorithm>

#include "core/ledger.hpp"
#include "http/body_readers.hpp"
#include "http/json_io.hpp"
#include "http/order_filter.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"
#include "storage/webhooks_repo.hpp"

namespace wangge::http {

Result<service::ReportInput> ReadReport(const json& body) {
  service::ReportInput in;
  JsonIn j(body);
  int64_t urgency = 0;
  j.Str("category", &in.category, true)
      .Int("urgency", &urgency)
      .Str("title", &in.title)
      .Str("description", &in.description, true)
      .Str("address", &in.address)
      .Num("lat", &in.lat)
      .Num("lon", &in.lon)
      .Str("place_code", &in.place_code)
      .Str("reporter_name", &in.reporter_name)
      .Str("reporter_phone", &in.reporter_phone)
      .StrList("attachments", &in.attachments, 9)
      .Bool("settle", &in.settle)
      .Str("note", &in.note);
  RETURN_IF_ERROR(j.Finish());
  if (urgency < 0 || urgency > 3)
    return InvalidArgument("紧急程度只能是 1、2、3", "urgency must be 1, 2 or 3", "urgency");
  in.urgency = static_cast<int>(urgency);
  return in;
}

Result<order::Input> ReadAction(order::Action action, const json& body) {
  order::Input in;
  in.action = action;
  JsonIn j(body);
  std::optional<int64_t> merge;
  std::optional<double> hours;
  int64_t rating = 0, strength = 0, days = 0, risk = 0;
  std::string outcome;
  j.Str("reason", &in.reason)
      .Str("note", &in.note)
      .StrList("attachments", &in.attachments, 9)
      .OptInt("target_dept", &in.target_dept)
      .Str("target_place", &in.target_place)
      .IntList("departments", &in.departments, 16)
      .Int("rating", &rating)
      .Int("strength", &strength)
      .Int("days", &days)
      .OptInt("merge_into", &merge)
      .Bool("override_catalogue", &in.override_catalogue)
      .Int("risk", &risk)
      .Str("outcome", &outcome)
      .Str("route", &in.route)
      .Str("reference", &in.reference)
      .Bool("performed", &in.performed)
      .IntList("consents", &in.consents, 50)
      .OptInt("leader", &in.leader)
      .Str("visit", &in.visit)
      .OptInt("target_user", &in.target_user)
      .Num("hours", &hours);
  RETURN_IF_ERROR(j.Finish());
  if (hours) {
    ASSIGN_OR_RETURN(const int64_t minutes, ledger::MinutesOfHours(hours));
    in.minutes = static_cast<int>(minutes);
  }
  if (risk < 0 || risk > 3)
    return InvalidArgument("风险等级只能是 1 低、2 中、3 高", "risk must be 1, 2 or 3", "risk");
  in.risk = static_cast<int>(risk);
  if (!outcome.empty()) {
    for (int o : {order::kOutcomeSettled, order::kOutcomePartly, order::kOutcomeFailed})
      if (outcome == order::OutcomeName(o)) in.outcome = o;
    if (in.outcome == 0)
      return InvalidArgument("调解结果只能是 settled、partly 或 failed",
                             "outcome must be settled, partly or failed", "outcome");
  }
  if (rating < 0 || rating > 3 || strength < 0 || strength > 3 || days < 0 || days > 365)
    return InvalidArgument("rating、strength 或 days 超出范围", "rating, strength or days out of range",
                           rating < 0 || rating > 3       ? "rating"
                           : strength < 0 || strength > 3 ? "strength"
                                                          : "days");
  in.rating = static_cast<int>(rating);
  in.strength = static_cast<int>(strength);
  in.days = static_cast<int>(days);
  in.merge_into = merge;
  return in;
}

void RegisterOrderRoutes(Router& r) {
  r.Add({.method = "POST",
         .pattern = "/api/v1/orders",
         .tag = "orders",
         .summary = "Report an event (patrol, resident, 12345 hotline); settle=true for 就地办结",
         .summary_zh = "上报事件（巡查上报、群众反映、12345 热线代录）；settle=true 为就地办结",
         .any_of = {Permission::kOrderReport},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           auto in = ReadReport(*body);
           if (!in.ok()) return Error(c, in.status());
           auto res = c.app().orders.Report(c.ctx(), std::move(*in));
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderJsonText(*res, false), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/orders",
         .tag = "orders",
         .summary = "Orders visible to the caller, with filters; sort=deadline lists open orders by deadline",
         .summary_zh = "工单列表（按辖区/部门/本人），可按状态、超期、分类筛选，按时限排序",
         .any_of = {Permission::kOrderRead},
         .query = OrderFilterParams(
             "orders", "category code prefix",
             {{"warn", "integer", "1 = yellow or red"}, {"mine", "string", "reported | handling | todo"}}),
         .handler = [](Call& c) -> HttpResponse {
           auto f = ReadOrderFilter(c);
           if (!f.ok()) return Error(c, f.status());
           auto warn = c.QueryInt("warn", 0, 0, 2);
           if (!warn.ok()) return Error(c, warn.status());
           f->min_warn = static_cast<int>(*warn);
           f->mine = c.Query("mine");
           auto res = c.app().orders.List(c.ctx(), *f);
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderPageJsonText(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/orders/{id}",
         .tag = "orders",
         .summary = "An order with its timeline, call-ins, duplicate hints and the caller's allowed actions",
         .summary_zh = "工单详情：全流程记录、吹哨报到、疑似重复、当前可执行的操作",
         .any_of = {Permission::kOrderRead},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().orders.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderJsonText(*res, true));
         }});
  // One route per engine action, generated from the rule table: an action several kinds share (accept, claim
  // …) is one route admitting the permission of each kind's rule.
  for (int a = 0; a < order::kActionCount; ++a) {
    const auto action = static_cast<order::Action>(a);
    std::vector<Permission> perms;
    for (const order::Rule& rule : order::Rules())
      if (rule.action == action && rule.from != 0 && rule.relations != order::kRelSystem &&
          std::find(perms.begin(), perms.end(), rule.permission) == perms.end())
        perms.push_back(rule.permission);
    if (perms.empty()) continue;
    std::string name(order::ActionName(action));
    r.Add({.method = "POST",
           .pattern = "/api/v1/orders/{id}/" + name,
           .tag = "orders",
           .summary = "Order action: " + name,
           .summary_zh = "工单操作：" + std::string(order::ActionNameZh(action)),
           // The permissions of the engine's rules; the service checks the kind's rule, the state and the
           // caller's relation.
           .any_of = perms,
           .request_body = "json",
           .handler = [action](Call& c) -> HttpResponse {
             auto id = c.PathId();
             if (!id.ok()) return Error(c, id.status());
             json body = json::object();
             if (!c.req().body.empty()) {
               auto b = c.JsonBody();
               if (!b.ok()) return Error(c, b.status());
               body = std::move(*b);
             }
             auto in = ReadAction(action, body);
             if (!in.ok()) return Error(c, in.status());
             auto res = c.app().orders.Act(c.ctx(), *id, *in);
             if (!res.ok()) return Error(c, res.status());
             return JsonText(OrderJsonText(*res, true));
           }});
  }
  r.Add({.method = "GET",
         .pattern = "/api/v1/order-rules",
         .tag = "orders",
         .summary = "The order engine's transition table",
         .summary_zh = "工单状态机规则表",
         .any_user = true,
         .handler = [](Call&) -> HttpResponse {
           json rules = json::array();
           for (const auto& rule : order::Rules()) rules.push_back(RuleJson(rule));
           json states = json::array();
           for (int i = 0; i < order::kStateCount; ++i)
             states.push_back({{"name", order::StateName(static_cast<order::State>(i))},
                               {"zh", order::StateNameZh(static_cast<order::State>(i))}});
           return Json(json{{"rules", rules}, {"states", states}});
         }});
}

}  // namespace wangge::http
