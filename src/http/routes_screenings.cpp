// 矛盾纠纷排查 over HTTP: record a round (the grid worker's grid, the township's own), the board of one
// period under a place, the records of a period range, and a county's schedule.
#include "core/calendar.hpp"
#include "core/dates.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

json RecordJson(const screening::Record& r) {
  return {{"id", r.id},
          {"place_code", r.place_code},
          {"period_first", FormatDate(r.period.first)},
          {"period_last", FormatDate(r.period.last)},
          {"cycle", r.cycle},
          {"found", r.found},
          {"resolved", r.resolved},
          {"note", r.note},
          {"recorded_by", r.recorded_by},
          {"recorded_by_name", r.recorded_by_name},
          {"recorded_at", cal::IsoLocal(r.recorded_at)},
          {"late", r.late}};
}

json RowJson(const service::BoardRow& r, bool ended) {
  const int64_t done = r.on_time + r.late;
  const int64_t open = r.required > done ? r.required - done : 0;
  return {
      {"code", r.code},
      {"name", r.name},
      {"required", r.required},
      {"on_time", r.on_time},
      {"late", r.late},
      {"missing", ended ? open : 0},
      {"pending", ended ? 0 : open},
      {"found", r.found},
      {"resolved", r.resolved},
      // 排查按时率 (docs/indicators.md): on time / required; null when nothing is required.
      {"on_time_rate", r.required > 0 ? json(static_cast<double>(r.on_time) / static_cast<double>(r.required))
                                      : json(nullptr)},
      {"record", r.record ? RecordJson(*r.record) : json(nullptr)}};
}

json SectionJson(const service::BoardSection& s) {
  json rows = json::array();
  for (const auto& r : s.rows) rows.push_back(RowJson(r, s.ended));
  return {{"cycle", screening::CycleName(s.cycle)},
          {"cycle_zh", screening::CycleNameZh(s.cycle)},
          {"period_first", FormatDate(s.period.first)},
          {"period_last", FormatDate(s.period.last)},
          {"ended", s.ended},
          {"rows", rows},
          {"total", RowJson(s.total, s.ended)}};
}

json ScheduleJson(const std::string& county, const screening::Schedule& s) {
  return {{"county", county},
          {"grid", screening::CycleName(s.grid)},
          {"township", screening::CycleName(s.township)},
          {"grid_zh", screening::CycleNameZh(s.grid)},
          {"township_zh", screening::CycleNameZh(s.township)}};
}

Result<screening::Cycle> ReadCycle(const std::string& name, const char* field) {
  auto c = screening::CycleFromName(name);
  if (!c)
    return InvalidArgument(std::string(field) + " 须为 week（每周）、half_month（每半月）或 month（每月）",
                           std::string(field) + " must be week, half_month or month", field);
  return *c;
}

}  // namespace

void RegisterScreeningRoutes(Router& r) {
  r.Add({.method = "POST",
         .pattern = "/api/v1/screenings",
         .tag = "screenings",
         .summary = "Record a screening round: a grid worker for their grid, a township official for their "
                    "township (once per period; late rounds are flagged)",
         .summary_zh =
             "登记矛盾纠纷排查：网格员登记本网格、乡镇综治中心登记本乡镇（每期一次，逾期补登标记为迟报）",
         .any_of = {Permission::kDisputeRegister},
         .roles = {Role::kGridWorker, Role::kTownshipOfficial},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::ScreeningInput in;
           JsonIn j(*body);
           j.Str("place_code", &in.place_code, true)
               .Str("date", &in.date)
               .Int("found", &in.found, true)
               .Int("resolved", &in.resolved)
               .Str("note", &in.note);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto res = c.app().screenings.Record(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(RecordJson(*res), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/screenings",
         .tag = "screenings",
         .summary = "Screening records of places in scope whose period starts between from and to",
         .summary_zh = "辖区内的排查记录（按期间起始日筛选）",
         .any_of = {Permission::kIndicatorRead},
         .query = {{"scope", "string", "place code prefix"},
                   {"from", "string", "YYYY-MM-DD (default: 90 days before to)"},
                   {"to", "string", "YYYY-MM-DD (default: today)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().screenings.List(c.ctx(), c.Query("scope"), c.Query("from"), c.Query("to"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& rec : *res) items.push_back(RecordJson(rec));
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/screenings/board",
         .tag = "screenings",
         .summary = "The screening board of one period: per place below the scope, rounds on time, late, "
                    "missing or pending, and the on-time rate",
         .summary_zh = "排查看板：某一期内辖区下级各单位按时、迟报、未报（或待报）情况和排查按时率",
         .any_of = {Permission::kIndicatorRead},
         .query = {{"scope", "string", "place code (default: the caller's)"},
                   {"date", "string", "a day of the period (YYYY-MM-DD, default today)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().screenings.Board(c.ctx(), c.Query("scope"), c.Query("date"));
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"scope", res->scope},
                            {"scope_name", res->scope_name},
                            {"schedule", ScheduleJson(res->scope.substr(0, 6), res->schedule)},
                            {"grids", SectionJson(res->grids)},
                            {"townships", SectionJson(res->townships)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/screenings/schedule",
         .tag = "screenings",
         .summary = "A county's screening schedule (grids and townships: week, half_month or month)",
         .summary_zh = "县（市、区）的排查周期（网格、乡镇：每周、每半月或每月）",
         .any_of = {Permission::kDisputeRegister, Permission::kIndicatorRead},
         .query = {{"county", "string", "county code (default: the caller's county)"}},
         .handler = [](Call& c) -> HttpResponse {
           const std::string county = c.Query("county", c.ctx().who.scope.substr(0, 6));
           auto res = c.app().screenings.GetSchedule(c.ctx(), county);
           if (!res.ok()) return Error(c, res.status());
           return Json(ScheduleJson(county, *res));
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/screenings/schedule",
         .tag = "screenings",
         .summary = "Set a county's screening schedule (the county command centre)",
         .summary_zh = "设置本县排查周期（县级综治中心）",
         .any_of = {Permission::kOrderCommand},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string county, grid, township;
           JsonIn j(*body);
           j.Str("county", &county, true).Str("grid", &grid, true).Str("township", &township, true);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           screening::Schedule s;
           auto g = ReadCycle(grid, "grid");
           if (!g.ok()) return Error(c, g.status());
           auto t = ReadCycle(township, "township");
           if (!t.ok()) return Error(c, t.status());
           s.grid = *g;
           s.township = *t;
           auto res = c.app().screenings.SetSchedule(c.ctx(), county, s);
           if (!res.ok()) return Error(c, res.status());
           return Json(ScheduleJson(county, *res));
         }});
}

}  // namespace wangge::http
