// 双报到 over HTTP: the units registered with a community (报到单位) and what they pledge, in-service party
// members registered with the community they live in (报到, 编入网格, 转出), the community's posts (岗位) and
// their claims, the hours members report and the community confirms into the 时间银行, and the quarterly
// service record sent to each employer (JSON, and .xlsx). docs/dual.md.
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

double Hours(int64_t minutes) { return static_cast<double>(minutes) / 60.0; }

json UnitJson(const service::UnitView& v) {
  const auto& u = v.unit;
  json resources = json::array();
  for (size_t at = 0; at < u.resources.size();) {
    size_t comma = u.resources.find(',', at);
    if (comma == std::string::npos) comma = u.resources.size();
    resources.push_back(u.resources.substr(at, comma - at));
    at = comma + 1;
  }
  return {{"id", u.id},
          {"community", u.place_code},
          {"community_name", v.community_name},
          {"name", u.name},
          {"kind", u.kind},
          {"kind_name", service::UnitKindNameZh(u.kind)},
          {"party_org", u.party_org},
          {"liaison_name", u.liaison_name},
          {"office_phone", u.office_phone},
          {"resources", std::move(resources)},
          {"pledge", u.pledge},
          {"status", u.status},
          {"registered_at", TimeJson(u.registered_at)},
          {"withdrawn_at", TimeJson(u.withdrawn_at)},
          {"members", v.members},
          {"version", u.version}};
}

json MemberJson(const service::DualMemberView& v) {
  const auto& m = v.member;
  return {{"id", m.id},
          {"community", m.place_code},
          {"community_name", v.community_name},
          {"person_id", m.person_id},
          {"name", m.name},
          {"grid_code", m.grid_code},
          {"grid_name", v.grid_name},
          {"user_id", m.user_id},
          {"unit_id", m.unit_id},
          {"employer_name", m.employer_name},
          {"status", m.status},
          {"registered_at", TimeJson(m.registered_at)},
          {"left_at", TimeJson(m.left_at)},
          {"posts", v.posts},
          {"hours", Hours(v.minutes)},
          {"version", m.version}};
}

json PostJson(const service::PostView& v) {
  const auto& p = v.post;
  json claimants = json::array();
  for (const auto& c : v.claimants)
    claimants.push_back(
        {{"member_id", c.member_id}, {"name", c.name}, {"claimed_at", TimeJson(c.claimed_at)}});
  return {{"id", p.id},
          {"community", p.place_code},
          {"grid_code", p.grid_code},
          {"grid_name", v.grid_name},
          {"title", p.title},
          {"description", p.description},
          {"slots", p.slots},
          {"taken", p.taken},
          {"status", p.status},
          {"created_at", TimeJson(p.created_at)},
          {"version", p.version},
          {"mine", v.mine},
          {"claimants", std::move(claimants)}};
}

json LogJson(const service::LogView& v) {
  const auto& l = v.log;
  return {{"id", l.id},
          {"member_id", l.member_id},
          {"name", v.name},
          {"community", l.place_code},
          {"post_id", l.post_id},
          {"post_title", v.post_title},
          {"served_on", l.served_on},
          {"hours", Hours(l.minutes)},
          {"note", l.note},
          {"status", l.status},
          {"reason", l.reason},
          {"decided_at", TimeJson(l.decided_at)},
          {"entry_id", l.entry_id},
          {"created_at", TimeJson(l.created_at)},
          {"version", l.version}};
}

json ReportJson(const service::DualReport& r) {
  json employers = json::array();
  for (const auto& e : r.employers) {
    json members = json::array();
    for (const auto& m : e.members)
      members.push_back({{"member_id", m.member_id},
                         {"person_id", m.person_id},
                         {"name", m.name},
                         {"grid_name", m.grid_name},
                         {"registered_at", TimeJson(m.registered_at)},
                         {"posts", m.posts},
                         {"logs", m.logs},
                         {"hours_posts", Hours(m.minutes_posts)},
                         {"hours_other", Hours(m.minutes_other)},
                         {"hours", Hours(m.minutes())},
                         {"orders", m.orders}});
    employers.push_back({{"unit_id", e.unit_id},
                         {"employer_name", e.employer_name},
                         {"hours", Hours(e.minutes)},
                         {"members", std::move(members)}});
  }
  return {{"community", r.community},
          {"community_name", r.community_name},
          {"quarter", r.quarter},
          {"from", r.from},
          {"to", r.to},
          {"issued_on", r.issued_on},
          {"employers", std::move(employers)}};
}

Status ReadUnit(Call& c, service::UnitInput* in, bool edit) {
  auto body = c.JsonBody();
  if (!body.ok()) return body.status();
  JsonIn j(*body);
  if (edit)
    j.Int("version", &in->version, true);
  else
    j.Str("community", &in->community);
  j.Str("name", &in->name, true)
      .Str("kind", &in->kind, true)
      .Str("party_org", &in->party_org)
      .Str("liaison_name", &in->liaison_name)
      .Str("office_phone", &in->office_phone)
      .StrList("resources", &in->resources, 5)
      .Str("pledge", &in->pledge);
  return j.Finish();
}

Status ReadPost(Call& c, service::PostInput* in, bool edit) {
  auto body = c.JsonBody();
  if (!body.ok()) return body.status();
  JsonIn j(*body);
  if (edit)
    j.Int("version", &in->version, true).Str("status", &in->status, true);
  else
    j.Str("community", &in->community).Str("grid_code", &in->grid_code);
  j.Str("title", &in->title, true).Str("description", &in->description).Int("slots", &in->slots, true);
  return j.Finish();
}

Result<int64_t> ReadVersion(Call& c, std::string* reason = nullptr) {
  auto body = c.JsonBody();
  if (!body.ok()) return body.status();
  int64_t version = 0;
  JsonIn j(*body);
  j.Int("version", &version, true);
  if (reason) j.Str("reason", reason, true);
  RETURN_IF_ERROR(j.Finish());
  return version;
}

}  // namespace

void RegisterDualRoutes(Router& r) {
  const std::vector<Permission> staff = {Permission::kServiceManage};
  const std::vector<Permission> member = {Permission::kServiceProvide};
  r.Add({.method = "GET",
         .pattern = "/api/v1/dual/units",
         .tag = "dual",
         .summary = "Units registered with the communities of a scope (报到单位); members see their county's",
         .summary_zh = "报到单位列表",
         .any_of = {Permission::kServiceManage, Permission::kServiceProvide},
         .query = {{"scope", "string", "place code prefix (default: the caller's; a member's county)"},
                   {"status", "string", "active | withdrawn"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().dual.Units(c.ctx(), c.Query("scope"), c.Query("status"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(UnitJson(v));
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/dual/units",
         .tag = "dual",
         .summary = "Register a unit with a community (机关、企事业单位党组织报到) and what it pledges",
         .summary_zh = "登记报到单位及认领资源",
         .any_of = staff,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           service::UnitInput in;
           if (Status st = ReadUnit(c, &in, false); !st.ok()) return Error(c, st);
           auto res = c.app().dual.RegisterUnit(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(UnitJson(*res), 201);
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/dual/units/{id}",
         .tag = "dual",
         .summary = "Edit a registered unit (version as read)",
         .summary_zh = "修改报到单位",
         .any_of = staff,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           service::UnitInput in;
           if (Status st = ReadUnit(c, &in, true); !st.ok()) return Error(c, st);
           auto res = c.app().dual.UpdateUnit(c.ctx(), *id, std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(UnitJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/dual/units/{id}/withdraw",
         .tag = "dual",
         .summary = "Withdraw a unit's registration (version as read)",
         .summary_zh = "撤销单位报到",
         .any_of = staff,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto version = ReadVersion(c);
           if (!version.ok()) return Error(c, version.status());
           auto res = c.app().dual.WithdrawUnit(c.ctx(), *id, *version);
           if (!res.ok()) return Error(c, res.status());
           return Json(UnitJson(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/dual/members",
         .tag = "dual",
         .summary = "In-service party members registered with a community, and its grids",
         .summary_zh = "在职党员报到名册",
         .any_of = staff,
         .query = {{"community", "string", "12-digit village code (default: the caller's)"},
                   {"status", "string", "active | left"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().dual.Members(c.ctx(), c.Query("community"), c.Query("status"));
           if (!res.ok()) return Error(c, res.status());
           json grids = json::array();
           for (const auto& g : res->grids) grids.push_back({{"code", g.code}, {"name", g.name}});
           json items = json::array();
           for (const auto& v : res->items) items.push_back(MemberJson(v));
           return Json(json{{"community", res->community},
                            {"community_name", res->community_name},
                            {"grids", std::move(grids)},
                            {"items", std::move(items)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/dual/members/mine",
         .tag = "dual",
         .summary = "The caller's own active registration (404 when none)",
         .summary_zh = "我的报到",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().dual.Mine(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           return Json(MemberJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/dual/members",
         .tag = "dual",
         .summary =
             "在职党员报到: a party member for themself, or the community for a person (person_id); with "
             "the employer (unit_id or employer_name). 409 when registered anywhere already",
         .summary_zh = "在职党员向居住地村(社区)报到（本人，或社区代为登记）",
         .any_of = {Permission::kServiceManage, Permission::kServiceProvide},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::MemberInput in;
           JsonIn j(*body);
           j.OptInt("person_id", &in.person_id)
               .Int("unit_id", &in.unit_id)
               .Str("employer_name", &in.employer_name);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().dual.Register(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(MemberJson(*res), 201);
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/dual/members/{id}/grid",
         .tag = "dual",
         .summary = "Place a member in a grid of the community (编入网格; version as read)",
         .summary_zh = "将报到党员编入网格",
         .any_of = staff,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string grid;
           int64_t version = 0;
           JsonIn j(*body);
           j.Str("grid_code", &grid, true).Int("version", &version, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().dual.PlaceInGrid(c.ctx(), *id, grid, version);
           if (!res.ok()) return Error(c, res.status());
           return Json(MemberJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/dual/members/{id}/leave",
         .tag = "dual",
         .summary = "转出: the member or the community ends the registration; the posts held are released",
         .summary_zh = "转出（本人或社区办理，释放所认领岗位）",
         .any_of = {Permission::kServiceManage, Permission::kServiceProvide},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto version = ReadVersion(c);
           if (!version.ok()) return Error(c, version.status());
           auto res = c.app().dual.Leave(c.ctx(), *id, *version);
           if (!res.ok()) return Error(c, res.status());
           return Json(MemberJson(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/dual/posts",
         .tag = "dual",
         .summary = "The community's posts (岗位); a member sees the open ones of their community",
         .summary_zh = "岗位列表",
         .any_of = {Permission::kServiceManage, Permission::kServiceProvide},
         .query = {{"community", "string", "12-digit village code (default: the caller's)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().dual.Posts(c.ctx(), c.Query("community"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(PostJson(v));
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/dual/posts",
         .tag = "dual",
         .summary = "Create a post of the community or one of its grids",
         .summary_zh = "设置岗位",
         .any_of = staff,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           service::PostInput in;
           if (Status st = ReadPost(c, &in, false); !st.ok()) return Error(c, st);
           auto res = c.app().dual.CreatePost(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(PostJson(*res), 201);
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/dual/posts/{id}",
         .tag = "dual",
         .summary = "Edit or close a post (version as read); slots never below those claimed",
         .summary_zh = "修改或关闭岗位",
         .any_of = staff,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           service::PostInput in;
           if (Status st = ReadPost(c, &in, true); !st.ok()) return Error(c, st);
           auto res = c.app().dual.UpdatePost(c.ctx(), *id, std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(PostJson(*res));
         }});
  for (const bool claim : {true, false})
    r.Add({.method = "POST",
           .pattern = claim ? "/api/v1/dual/posts/{id}/claim" : "/api/v1/dual/posts/{id}/release",
           .tag = "dual",
           .summary = claim ? "A registered member claims a post (409 when full, closed or held)"
                            : "A member gives up a post they hold",
           .summary_zh = claim ? "认领岗位" : "退出岗位",
           .any_of = member,
           .handler = [claim](Call& c) -> HttpResponse {
             auto id = c.PathId();
             if (!id.ok()) return Error(c, id.status());
             auto res = claim ? c.app().dual.Claim(c.ctx(), *id) : c.app().dual.Release(c.ctx(), *id);
             if (!res.ok()) return Error(c, res.status());
             return Json(PostJson(*res));
           }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/dual/logs",
         .tag = "dual",
         .summary = "A registered member reports hours served (0.5-24 in half hours, within 92 days)",
         .summary_zh = "登记服务时长（待社区确认）",
         .any_of = member,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::LogInput in;
           std::optional<double> hours;
           JsonIn j(*body);
           j.Int("post_id", &in.post_id)
               .Str("served_on", &in.served_on, true)
               .Num("hours", &hours)
               .Str("note", &in.note);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           if (!hours || !(*hours >= 0.5 && *hours <= 24) ||
               *hours * 2 != static_cast<double>(static_cast<int64_t>(*hours * 2)))
             return Error(c, InvalidArgument("服务时长应为 0.5-24 小时，以半小时计",
                                             "hours are 0.5-24 in half hours", "hours"));
           in.minutes = static_cast<int64_t>(*hours * 2) * 30;
           auto res = c.app().dual.AddLog(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(LogJson(*res), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/dual/logs",
         .tag = "dual",
         .summary = "Hours reported: a community's (staff), or the caller's own (mine=true)",
         .summary_zh = "服务记录",
         .any_of = {Permission::kServiceManage, Permission::kServiceProvide},
         .query = {{"community", "string", "12-digit village code (default: the caller's)"},
                   {"status", "string", "pending | confirmed | rejected"},
                   {"mine", "boolean", "the caller's own"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res =
               c.app().dual.Logs(c.ctx(), c.Query("community"), c.Query("status"), c.Query("mine") == "true");
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(LogJson(v));
           return Json(json{{"items", std::move(items)}});
         }});
  for (const bool confirm : {true, false})
    r.Add({.method = "POST",
           .pattern = confirm ? "/api/v1/dual/logs/{id}/confirm" : "/api/v1/dual/logs/{id}/reject",
           .tag = "dual",
           .summary = confirm ? "Confirm reported hours: they go to the member's 时间银行 once"
                              : "Send reported hours back, with the reason",
           .summary_zh = confirm ? "确认服务时长（计入时间银行）" : "退回服务时长",
           .any_of = staff,
           .request_body = "json",
           .handler = [confirm](Call& c) -> HttpResponse {
             auto id = c.PathId();
             if (!id.ok()) return Error(c, id.status());
             std::string reason;
             auto version = ReadVersion(c, confirm ? nullptr : &reason);
             if (!version.ok()) return Error(c, version.status());
             auto res = c.app().dual.Decide(c.ctx(), *id, confirm, *version, reason);
             if (!res.ok()) return Error(c, res.status());
             return Json(LogJson(*res));
           }});
  for (const bool xlsx : {false, true})
    r.Add({.method = "GET",
           .pattern = xlsx ? "/api/v1/dual/reports/export" : "/api/v1/dual/reports",
           .tag = "dual",
           .summary = xlsx ? "The quarter's service record as a spreadsheet (.xlsx), one row per member"
                           : "The quarter's service record of the community's members, by employer",
           .summary_zh = xlsx ? "导出季度在职党员服务情况（Excel）" : "季度在职党员服务情况（按工作单位）",
           .any_of = staff,
           .query = {{"community", "string", "12-digit village code (default: the caller's)"},
                     {"quarter", "string", "YYYY-Qn"},
                     {"unit", "integer", "one employer unit"}},
           .response = xlsx ? "file" : "json",
           .handler = [xlsx](Call& c) -> HttpResponse {
             auto unit = c.QueryInt("unit", 0, 0, INT64_MAX);
             if (!unit.ok()) return Error(c, unit.status());
             auto res = c.app().dual.Report(c.ctx(), c.Query("community"), c.Query("quarter"), *unit);
             if (!res.ok()) return Error(c, res.status());
             if (!xlsx) return Json(ReportJson(*res));
             auto bytes = service::DualReportXlsx(*res);
             if (!bytes.ok()) return Error(c, bytes.status());
             HttpResponse resp;
             resp.body = std::move(*bytes);
             resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
             resp.headers.emplace_back(
                 "Content-Disposition",
                 "attachment; filename=\"dual-" + res->community + "-" + res->quarter + ".xlsx\"");
             return resp;
           }});
}

}  // namespace wangge::http
