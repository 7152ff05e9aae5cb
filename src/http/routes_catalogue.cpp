// The catalogue the event loop runs on: event categories with their time limits and handling level
// (派单目录), and the working-time calendar (holidays, make-up working days, deadlines).
#include "core/calendar.hpp"
#include "http/body_readers.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {

Status ReadCategory(const json& body, Category* c, bool creating) {
  JsonIn j(body);
  std::string accept = cal::FormatLimit(c->accept_limit), hn = cal::FormatLimit(c->handle_limit[0]),
              hu = cal::FormatLimit(c->handle_limit[1]), hc = cal::FormatLimit(c->handle_limit[2]);
  const json* attrs = nullptr;
  int64_t urgency = c->default_urgency;
  int64_t version = 0;
  if (creating) j.Str("code", &c->code, true);
  j.Str("name_zh", &c->name_zh, creating)
      .Str("name_en", &c->name_en, creating)
      .Int("default_urgency", &urgency)
      .Str("accept_limit", &accept, creating)
      .Str("handle_normal", &hn, creating)
      .Str("handle_urgent", &hu, creating)
      .Str("handle_critical", &hc, creating)
      .Str("handling_level", &c->handling_level, creating)
      .Str("default_department", &c->default_department)
      .Bool("micro", &c->micro)
      .Raw("attributes", &attrs)
      .Bool("active", &c->active);
  if (!creating) j.Int("version", &version, true);
  RETURN_IF_ERROR(j.Finish());
  if (urgency < 1 || urgency > 3)
    return InvalidArgument("默认紧急程度只能是 1、2、3", "default_urgency must be 1, 2 or 3",
                           "default_urgency");
  c->default_urgency = static_cast<int>(urgency);
  ASSIGN_OR_RETURN(c->accept_limit, cal::ParseLimit(accept, "accept_limit"));
  ASSIGN_OR_RETURN(c->handle_limit[0], cal::ParseLimit(hn, "handle_normal"));
  ASSIGN_OR_RETURN(c->handle_limit[1], cal::ParseLimit(hu, "handle_urgent"));
  ASSIGN_OR_RETURN(c->handle_limit[2], cal::ParseLimit(hc, "handle_critical"));
  if (attrs) c->attributes_json = attrs->dump();
  if (creating) c->parent = c->code.size() == 4 ? c->code.substr(0, 2) : "";
  return Status::Ok();
}

void RegisterCatalogueRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/categories",
         .tag = "catalog",
         .summary = "Event categories with time limits, handling level and default department (派单目录)",
         .summary_zh = "事件分类与派单目录（时限、承办层级、默认部门）",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().catalog.Categories(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& cat : *res) items.push_back(CategoryJson(cat));
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/categories",
         .tag = "catalog",
         .summary = "Add a category",
         .summary_zh = "新增事件分类",
         .any_of = {Permission::kCatalogAdmin},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           Category cat;
           if (Status st = ReadCategory(*body, &cat, true); !st.ok()) return Error(c, st);
           auto res = c.app().catalog.CreateCategory(c.ctx(), cat);
           if (!res.ok()) return Error(c, res.status());
           return Json(CategoryJson(*res), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/categories/{code}",
         .tag = "catalog",
         .summary = "One category",
         .summary_zh = "事件分类详情",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().catalog.GetCategory(c.ctx(), c.PathParam("code"));
           if (!res.ok()) return Error(c, res.status());
           return Json(CategoryJson(*res));
         }});
  r.Add({.method = "PATCH",
         .pattern = "/api/v1/categories/{code}",
         .tag = "catalog",
         .summary =
             "Edit a category's names, limits, level, department, attributes or active flag (with version)",
         .summary_zh = "修改事件分类（名称、时限、承办层级、默认部门、附加字段、启用）",
         .any_of = {Permission::kCatalogAdmin},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           if (!body->contains("version") || !(*body)["version"].is_number_integer())
             return Error(c, InvalidArgument("请提供 version", "version is required", "version"));
           const int64_t version = (*body)["version"].get<int64_t>();
           auto res = c.app().catalog.UpdateCategory(
               c.ctx(), c.PathParam("code"), version,
               [&](Category& cat) { return ReadCategory(*body, &cat, false); });
           if (!res.ok()) return Error(c, res.status());
           return Json(CategoryJson(*res));
         }});

  // ---- calendar
  r.Add({.method = "GET",
         .pattern = "/api/v1/calendar",
         .tag = "catalog",
         .summary = "Holiday calendar overrides (holidays and make-up working days) of a year",
         .summary_zh = "节假日与调休上班日",
         .any_user = true,
         .query = {{"year", "integer", "year (default: all)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto year = c.QueryInt("year", 0, 0, 9999);
           if (!year.ok()) return Error(c, year.status());
           auto res = c.app().catalog.CalendarDays(c.ctx(), static_cast<int>(*year));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& d : *res)
             items.push_back({{"date", d.date}, {"type", cal::DayTypeName(d.type)}, {"name", d.name}});
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/calendar",
         .tag = "catalog",
         .summary = "Set one day as holiday or make-up working day",
         .summary_zh = "设置节假日或调休上班日",
         .any_of = {Permission::kCatalogAdmin},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::CatalogService::Day d;
           std::string type;
           JsonIn j(*body);
           j.Str("date", &d.date, true).Str("type", &type, true).Str("name", &d.name);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto t = cal::DayTypeFromName(type);
           if (!t)
             return Error(c, InvalidArgument("type 只能是 holiday 或 workday",
                                             "type must be holiday or workday", "type"));
           d.type = *t;
           auto res = c.app().catalog.PutCalendarDay(c.ctx(), d);
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"date", res->date}, {"type", cal::DayTypeName(res->type)}, {"name", res->name}});
         }});
  r.Add({.method = "DELETE",
         .pattern = "/api/v1/calendar",
         .tag = "catalog",
         .summary = "Remove one day's override",
         .summary_zh = "删除某日的节假日设置",
         .any_of = {Permission::kCatalogAdmin},
         .query = {{"date", "string", "YYYY-MM-DD", true}},
         .handler = [](Call& c) -> HttpResponse {
           Status st = c.app().catalog.DeleteCalendarDay(c.ctx(), c.Query("date"));
           if (!st.ok()) return Error(c, st);
           return Json(json{{"deleted", c.Query("date")}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/calendar/deadline",
         .tag = "catalog",
         .summary = "Deadline of a limit (2wh, 5wd, 24h) from a start time on the calendar",
         .summary_zh = "按工作日历计算时限截止时间",
         .any_user = true,
         .query = {{"start", "string", "ISO time", true}, {"limit", "string", "e.g. 2wh, 5wd, 24h", true}},
         .handler = [](Call& c) -> HttpResponse {
           auto start = cal::ParseIsoTime(c.Query("start"), "start");
           if (!start.ok()) return Error(c, start.status());
           auto res = c.app().catalog.Deadline(*start, c.Query("limit"));
           if (!res.ok()) return Error(c, res.status());
           return Json(
               json{{"start", TimeJson(*start)}, {"limit", c.Query("limit")}, {"deadline", TimeJson(*res)}});
         }});
}

}  // namespace wangge::http
