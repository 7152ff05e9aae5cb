// Indicators (受理量, the three rates, resolution tiers) of a place subtree, a department or a worker.
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {

void RegisterIndicatorRoutes(Router& r) {
  r.Add(
      {.method = "GET",
       .pattern = "/api/v1/indicators",
       .tag = "indicators",
       .summary =
           "Indicators (three rates, tiers) for a place subtree, a department or a worker over a date range",
       .summary_zh = "指标：地点（含下级）、部门或网格员在时间段内的受理量、三率、分级化解",
       .any_of = {Permission::kIndicatorRead},
       .query = {{"place", "string", "place code (default: own scope)"},
                 {"dept", "integer", "department id"},
                 {"user", "integer", "worker's user id"},
                 {"from", "string", "YYYY-MM-DD (default: 12 months)"},
                 {"to", "string", "YYYY-MM-DD (default: today)"},
                 {"category", "string", "category code prefix"},
                 {"group_by", "string", "child | month | category | department"},
                 {"kind", "string", "event (default) | dispute | petition | service | wish | errand | task"}},
       .handler = [](Call& c) -> HttpResponse {
         service::IndicatorQuery q;
         q.place = c.Query("place");
         if (!c.Query("dept").empty()) {
           auto d = c.QueryInt("dept", 0, 1, INT64_MAX);
           if (!d.ok()) return Error(c, d.status());
           q.dept = *d;
         }
         if (!c.Query("user").empty()) {
           auto u = c.QueryInt("user", 0, 1, INT64_MAX);
           if (!u.ok()) return Error(c, u.status());
           q.user = *u;
         }
         q.from = c.Query("from");
         q.to = c.Query("to");
         q.category = c.Query("category");
         q.group_by = c.Query("group_by");
         if (const std::string kind = c.Query("kind", "event"); auto k = order::KindFromName(kind))
           q.kind = *k;
         else
           return Error(c,
                        InvalidArgument(
                            "kind 只能是 event（事件）、dispute（矛盾纠纷）、petition（信访）、"
                            "service（服务工单）、wish（微心愿）、errand（红色代办）或 task（部门交办）",
                            "kind must be event, dispute, petition, service, wish, errand or task", "kind"));
         auto res = c.app().orders.Indicators(c.ctx(), q);
         if (!res.ok()) return Error(c, res.status());
         json j = IndicatorJson(*res);
         j["kind"] = order::KindName(q.kind);
         return Json(j);
       }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/indicators/participation",
         .tag = "indicators",
         .summary =
             "Hours of service credited to people in a period and the 双报到 registered now, for a place "
             "and the places one level below",
         .summary_zh = "志愿服务时长与双报到：地点及其下一级",
         .any_of = {Permission::kIndicatorRead},
         .query = {{"place", "string", "place code (default: own scope)"},
                   {"from", "string", "YYYY-MM-DD (default: 12 months)"},
                   {"to", "string", "YYYY-MM-DD (default: today)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res =
               c.app().participation.Figures(c.ctx(), c.Query("place"), c.Query("from"), c.Query("to"));
           if (!res.ok()) return Error(c, res.status());
           auto figures = [](const service::ParticipationFigures& f) {
             return json{{"hours", static_cast<double>(f.minutes) / 60.0},
                         {"people", f.people},
                         {"entries", f.entries},
                         {"dual_units", f.dual_units},
                         {"dual_members", f.dual_members},
                         {"dual_placed", f.dual_placed}};
           };
           json groups = json::array();
           for (const auto& g : res->groups) {
             json j = figures(g);
             j["key"] = g.key;
             j["name"] = g.name;
             groups.push_back(std::move(j));
           }
           return Json(json{{"place", res->totals.key},
                            {"name", res->totals.name},
                            {"from", res->from},
                            {"to", res->to},
                            {"totals", figures(res->totals)},
                            {"groups", std::move(groups)}});
         }});
}

}  // namespace wangge::http
