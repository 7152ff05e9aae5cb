// The event loop over HTTP: orders and their transitions, indicators, the public board and tracking,
// attachments, the inbox, and the admin side (categories, calendar, webhooks).
#include <cmath>

#include "core/calendar.hpp"
#include "core/filetype.hpp"
#include "http/body_readers.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"
#include "storage/webhooks_repo.hpp"

namespace wangge::http {
namespace {

constexpr size_t kAttachmentMaxBody = 8u << 20;

HttpResponse PageOf(const storage::Page<service::OrderView>& page) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& v : page.items) WriteOrder(w, v, false);
  w.EndArray().TextOrNull("next", page.next).EndObject();
  return JsonText(w.Take());
}

}  // namespace

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
  int64_t rating = 0, strength = 0, days = 0;
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
      .Bool("override_catalogue", &in.override_catalogue);
  RETURN_IF_ERROR(j.Finish());
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

void RegisterOrderRoutes(Router& r) {
  // ---- orders
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
         .query = {{"scope", "string", "place code prefix"},
                   {"state", "string", "state name"},
                   {"open", "boolean", "open orders only"},
                   {"overdue", "boolean", "overdue (red) only"},
                   {"warn", "integer", "1 = yellow or red"},
                   {"category", "string", "category code prefix"},
                   {"mine", "string", "reported | handling | todo"},
                   {"sort", "string", "newest | deadline"},
                   {"from", "string", "received from YYYY-MM-DD"},
                   {"to", "string", "received to YYYY-MM-DD"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           service::OrderFilter f;
           auto page = c.Page();
           auto open = c.QueryBool("open", false);
           auto overdue = c.QueryBool("overdue", false);
           auto warn = c.QueryInt("warn", 0, 0, 2);
           for (const Status& s : {page.status(), open.status(), overdue.status(), warn.status()})
             if (!s.ok()) return Error(c, s);
           f.page = *page;
           f.open_only = *open;
           f.overdue_only = *overdue;
           f.min_warn = static_cast<int>(*warn);
           f.scope = c.Query("scope");
           f.state = c.Query("state");
           f.category = c.Query("category");
           f.mine = c.Query("mine");
           f.sort = c.Query("sort");
           f.from = c.Query("from");
           f.to = c.Query("to");
           auto res = c.app().orders.List(c.ctx(), f);
           if (!res.ok()) return Error(c, res.status());
           return PageOf(*res);
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
  // One route per engine action, generated from the rule table.
  for (const order::Rule& rule : order::Rules()) {
    if (rule.from == 0 || rule.relations == order::kRelSystem) continue;
    const order::Action action = rule.action;
    std::string name(order::ActionName(action));
    r.Add({.method = "POST",
           .pattern = "/api/v1/orders/{id}/" + name,
           .tag = "orders",
           .summary = "Order action: " + name,
           .summary_zh = "工单操作：" + std::string(order::ActionNameZh(action)),
           // The permission of the engine's rule; the service checks the state and the caller's relation.
           .any_of = {rule.permission},
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

  // ---- public
  r.Add({.method = "GET",
         .pattern = "/api/v1/track",
         .tag = "public",
         .summary = "Follow an order by its tracking code (public, masked; rate-limited per address)",
         .summary_zh = "按查询码查看办理进度（公开，个人信息已隐藏）",
         .auth = false,
         .query = {{"no", "string",
                    "tracking code WGyyyymmddnnnnnnnn-XXXXXXXXXX, as given to the reporter (track_code); the "
                    "tracking number alone is not enough",
                    true}},
         .handler = [](Call& c) -> HttpResponse {
           std::string no = c.Query("no");
           if (no.empty()) return Error(c, InvalidArgument("请填写查询码", "no is required", "no"));
           auto res = c.app().orders.Track(no);
           if (!res.ok()) return Error(c, res.status());
           json j = OrderJson(*res, false);
           json steps = json::array();
           for (const auto& e : res->events) steps.push_back(OrderEventJson(e, true));
           j["events"] = steps;
           return Json(j);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/board",
         .tag = "public",
         .summary = "Public board of closed orders (平台晒单), personal data masked",
         .summary_zh = "平台晒单：已办结工单（个人信息已隐藏）",
         .auth = false,
         .query = {{"place", "string", "place code prefix"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().orders.Board(c.Query("place"), *page);
           if (!res.ok()) return Error(c, res.status());
           return PageOf(*res);
         }});

  // ---- indicators
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
                 {"group_by", "string", "child | month | category | department"}},
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
         auto res = c.app().orders.Indicators(c.ctx(), q);
         if (!res.ok()) return Error(c, res.status());
         return Json(IndicatorJson(*res));
       }});

  // ---- attachments
  r.Add({.method = "POST",
         .pattern = "/api/v1/attachments",
         .tag = "orders",
         .summary = "Upload a photo or PDF (raw body, at most 8 MiB); returns its sha256 id",
         .summary_zh = "上传照片或 PDF（请求体为文件，最大 8 MiB），返回附件编号",
         .any_of = {Permission::kOrderReport, Permission::kOrderHandle},
         .max_body = kAttachmentMaxBody,
         .request_body = "upload",
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().attachments.Upload(c.ctx(), c.req().body);
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"id", res->sha256}, {"size", res->size}, {"mime", res->mime}}, 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/attachments/{sha}",
         .tokens = {"sha"},
         .tag = "orders",
         .summary = "Download an attachment (its uploader, or anyone who may see an order showing it)",
         .summary_zh = "下载附件（上传者，或可查看引用该附件工单的人）",
         .any_user = true,
         .response = "binary",
         .handler = [](Call& c) -> HttpResponse {
           std::string sha = c.PathParam("sha");
           auto res = c.app().attachments.Download(
               c.ctx(), sha, [&](int64_t id) { return c.app().orders.MaySee(c.ctx(), id); });
           if (!res.ok()) return Error(c, res.status());
           HttpResponse resp;
           resp.content_type = res->meta.mime;
           resp.body = std::move(res->bytes);
           resp.headers.emplace_back("Content-Disposition", "inline; filename=\"" + sha.substr(0, 16) + "." +
                                                                std::string(ExtensionFor(res->meta.mime)) +
                                                                "\"");
           return resp;
         }});

  // ---- inbox
  r.Add({.method = "GET",
         .pattern = "/api/v1/inbox",
         .tag = "inbox",
         .summary = "The caller's notifications, newest first, with the unread count",
         .summary_zh = "我的消息（最新在前）及未读数",
         .any_user = true,
         .query = {{"unread", "boolean", "unread only"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           auto unread = c.QueryBool("unread", false);
           if (!page.ok()) return Error(c, page.status());
           if (!unread.ok()) return Error(c, unread.status());
           auto res = c.app().notify.Inbox(c.ctx(), *unread, *page);
           if (!res.ok()) return Error(c, res.status());
           auto count = c.app().notify.UnreadCount(c.ctx());
           if (!count.ok()) return Error(c, count.status());
           json j = PageJson(*res, NotificationJson);
           j["unread"] = *count;
           return Json(j);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/inbox/{id}/read",
         .tag = "inbox",
         .summary = "Mark one notification read (id 0 = all)",
         .summary_zh = "标记消息已读（编号 0 为全部）",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           // PathId refuses 0, which here means "all" (the inbox's 全部标为已读).
           auto id = c.PathParam("id") == "0" ? Result<int64_t>(int64_t{0}) : c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().notify.MarkRead(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"marked", *res}});
         }});

  // ---- categories (派单目录)
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

  // ---- webhooks
  r.Add({.method = "GET",
         .pattern = "/api/v1/webhooks",
         .tag = "catalog",
         .summary = "Outgoing webhooks (secrets masked)",
         .summary_zh = "对外推送（Webhook）订阅",
         .any_of = {Permission::kCatalogAdmin},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().notify.Webhooks(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& w : *res) items.push_back(WebhookJson(w));
           return Json(json{{"items", items}});
         }});
  r.Add(
      {.method = "POST",
       .pattern = "/api/v1/webhooks",
       .tag = "catalog",
       .summary = "Subscribe a URL to order events; the HMAC secret is shown once",
       .summary_zh = "新增推送订阅（签名密钥仅显示一次）",
       .any_of = {Permission::kCatalogAdmin},
       .request_body = "json",
       .handler = [](Call& c) -> HttpResponse {
         auto body = c.JsonBody();
         if (!body.ok()) return Error(c, body.status());
         storage::Webhook w;
         JsonIn j(*body);
         j.Str("url", &w.url, true).Str("events", &w.events).Str("scope", &w.scope).Str("secret", &w.secret);
         if (Status st = j.Finish(); !st.ok()) return Error(c, st);
         auto res = c.app().notify.CreateWebhook(c.ctx(), w);
         if (!res.ok()) return Error(c, res.status());
         return Json(WebhookJson(*res), 201);
       }});
  r.Add({.method = "PATCH",
         .pattern = "/api/v1/webhooks/{id}",
         .tag = "catalog",
         .summary = "Enable/disable a webhook or change its events (with version)",
         .summary_zh = "启用/停用推送或修改订阅事件",
         .any_of = {Permission::kCatalogAdmin},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           int64_t version = 0;
           bool active = true;
           std::string events = "*";
           JsonIn j(*body);
           j.Int("version", &version, true).Bool("active", &active, true).Str("events", &events);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().notify.UpdateWebhook(c.ctx(), *id, version, active, events);
           if (!res.ok()) return Error(c, res.status());
           return Json(WebhookJson(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/webhooks/{id}/deliveries",
         .tag = "catalog",
         .summary = "Delivery attempts of a webhook, newest first",
         .summary_zh = "推送记录",
         .any_of = {Permission::kCatalogAdmin},
         .query = {{"after", "string", "cursor"}, {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           auto page = c.Page();
           if (!id.ok()) return Error(c, id.status());
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().notify.Deliveries(c.ctx(), *id, *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, DeliveryJson));
         }});
}

}  // namespace wangge::http
