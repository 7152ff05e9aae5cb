// 服务工单 (六单一体) and 微心愿 / 微事务 over HTTP: the community's 服务清单 (read by its people, kept by
// the community), 点单 and wishes, their lists (the 抢单大厅: mine=hall), who may be sent (派单), and the
// public 晒单 board. The transitions are the order routes (/api/v1/orders/{id}/<action>).
#include "core/codes.hpp"
#include "http/json_io.hpp"
#include "http/order_filter.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

json MenuEntryJson(const service::MenuEntry& e) {
  return {{"category", e.category.code},
          {"name_zh", e.category.name_zh},
          {"name_en", e.category.name_en},
          {"provider", e.item.provider},
          {"promise_hours", e.item.promise_hours},
          {"active", e.item.active},
          {"note", e.item.note},
          {"version", e.item.version},
          {"custom", e.custom}};
}

Result<service::ServiceOrderInput> ReadServiceOrder(const json& body, order::Kind kind) {
  service::ServiceOrderInput in;
  in.kind = kind;
  JsonIn j(body);
  j.Str("category", &in.category, true)
      .Str("description", &in.description, true)
      .Str("title", &in.title)
      .Str("address", &in.address)
      .Str("place_code", &in.place_code)
      .Str("reporter_name", &in.reporter_name)
      .Str("reporter_phone", &in.reporter_phone);
  RETURN_IF_ERROR(j.Finish());
  return in;
}

// POST (make one) and GET (list) of a service kind at `path`.
void AddKindRoutes(Router& r, const std::string& path, order::Kind kind, const std::string& what,
                   const std::string& what_zh) {
  r.Add({.method = "POST",
         .pattern = path,
         .tag = "services",
         .summary = "Make a " + what + " (people for themselves; staff for a resident with reporter_name)",
         .summary_zh = "新建" + what_zh + "（群众本人；工作人员代为办理须填服务对象姓名）",
         .any_of = {Permission::kOrderReport},
         .request_body = "json",
         .handler = [kind](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           auto in = ReadServiceOrder(*body, kind);
           if (!in.ok()) return Error(c, in.status());
           auto res = c.app().services.Place(c.ctx(), std::move(*in));
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderJsonText(*res, false), 201);
         }});
  r.Add({.method = "GET",
         .pattern = path,
         .tag = "services",
         .summary = what + "s the caller sees; mine=hall: the community's open ones to take (providers), "
                           "handling: the ones the caller serves, reported: the caller's own",
         .summary_zh =
             what_zh + "列表；mine=hall 抢单大厅（本社区待承接的），handling 我承接的，reported 我提交的",
         .any_of = {Permission::kOrderRead},
         .query = OrderFilterParams(what + "s", "category code prefix",
                                    {{"mine", "string", "hall | handling | reported | todo"}}),
         .handler = [kind](Call& c) -> HttpResponse {
           auto f = ReadOrderFilter(c);
           if (!f.ok()) return Error(c, f.status());
           f->kind = kind;
           f->mine = c.Query("mine");
           auto res = c.app().orders.List(c.ctx(), *f);
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderPageJsonText(*res));
         }});
}

}  // namespace

void RegisterServiceRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/service-menu",
         .tag = "services",
         .summary = "The community's 服务清单: items, who may serve, the promised hours (community: the "
                    "caller's own when omitted)",
         .summary_zh = "本村(社区)服务清单：服务项目、承接人、承诺时限",
         .any_of = {Permission::kOrderRead},
         .query = {{"community", "string", "12-digit village code"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().services.Menu(c.ctx(), c.Query("community"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& e : res->items) items.push_back(MenuEntryJson(e));
           return Json(json{{"community", res->community},
                            {"community_name", res->community_name},
                            {"items", std::move(items)}});
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/service-menu/{community}/{category}",
         .tag = "services",
         .summary = "Set the community's own terms for a menu item (version as read; 0 the first time)",
         .summary_zh = "设置本社区服务清单项目：承接人、承诺时限、是否提供",
         .any_of = {Permission::kServiceManage},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::MenuItemInput in;
           JsonIn j(*body);
           j.Str("provider", &in.provider, true)
               .Int("promise_hours", &in.promise_hours, true)
               .Bool("active", &in.active)
               .Str("note", &in.note)
               .Int("version", &in.version, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res =
               c.app().services.SetMenuItem(c.ctx(), c.PathParam("community"), c.PathParam("category"), in);
           if (!res.ok()) return Error(c, res.status());
           return Json(MenuEntryJson(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/service-providers",
         .tag = "services",
         .summary =
             "Who may be sent to serve (派单): the community's party members and volunteers with accounts",
         .summary_zh = "可派单的承接人：本社区有账号的党员和志愿者",
         .any_of = {Permission::kServiceManage},
         .query = {{"community", "string", "12-digit village code"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().services.Providers(c.ctx(), c.Query("community"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const User& u : *res) {
             const auto role = RoleFromName(u.role);
             items.push_back({{"id", u.id},
                              {"display_name", u.display_name},
                              {"role", u.role},
                              {"role_zh", role ? RoleNameZh(*role) : ""},
                              {"place_code", u.place_code}});
           }
           return Json(json{{"items", std::move(items)}});
         }});
  AddKindRoutes(r, "/api/v1/service-orders", order::Kind::kService, "service order", "服务工单");
  AddKindRoutes(r, "/api/v1/wishes", order::Kind::kWish, "wish", "微心愿");
  r.Add({.method = "GET",
         .pattern = "/api/v1/public/service-board",
         .tag = "public",
         .summary =
             "平台晒单: closed service orders (kind=service) or wishes (kind=wish), personal data masked",
         .summary_zh = "平台晒单：已评单的服务工单或已圆梦的微心愿（个人信息已隐藏）",
         .auth = false,
         .query = {{"place", "string", "place code prefix"},
                   {"kind", "string", "service | wish"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           const std::string k = c.Query("kind", "service");
           if (k != "service" && k != "wish")
             return Error(
                 c, InvalidArgument("kind 只能是 service 或 wish", "kind must be service or wish", "kind"));
           auto res = c.app().orders.Board(c.Query("place"), *page,
                                           k == "wish" ? order::Kind::kWish : order::Kind::kService);
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderPageJsonText(*res));
         }});
}

}  // namespace wangge::http
