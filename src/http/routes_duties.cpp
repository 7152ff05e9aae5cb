// 减负 over HTTP: the county's lists with their versions (准入清单, 小微权力清单, 为民服务事项清单), the
// cancelled certificates looked up at a community's desk, department tasks citing an admitted item (refused
// otherwise), the refused attempts, inspections (督导检查备案) with the county's cap and approvals, and each
// community's load. A task's later steps are the order routes' (/api/v1/orders/{id}/…). docs/duties.md.
#include "core/duty.hpp"
#include "core/ledger.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

json ItemJson(const storage::DutyItem& i) {
  const auto s = duty::SectionFromName(i.section);
  return {{"id", i.id},
          {"list_id", i.list_id},
          {"seq", i.seq},
          {"section", i.section},
          {"section_zh", s ? std::string(duty::SectionNameZh(*s)) : i.section},
          {"group", i.group},
          {"title", i.title},
          {"basis", i.basis},
          {"department", i.department},
          {"alternative", i.alternative},
          {"status", i.status},
          {"withdrawn_reason", i.withdrawn_reason},
          {"withdrawn_at", TimeJson(i.withdrawn_at)},
          {"version", i.version}};
}

json ListJson(const service::DutyListView& v, bool with_items) {
  const auto& l = v.list;
  const auto k = duty::ListKindFromName(l.kind);
  const auto st = duty::ListStatusFromName(l.status);
  json counts = json::object();
  for (const auto& [section, n] : v.counts) counts[section] = n;
  json j = {{"id", l.id},
            {"county", l.place_code},
            {"county_name", v.county_name},
            {"kind", l.kind},
            {"kind_zh", k ? std::string(duty::ListKindNameZh(*k)) : l.kind},
            {"list_version", l.list_version},
            {"title", l.title},
            {"note", l.note},
            {"status", l.status},
            {"status_zh", st ? std::string(duty::ListStatusNameZh(*st)) : l.status},
            {"counts", std::move(counts)},
            {"created_by_name", v.created_by_name},
            {"created_at", TimeJson(l.created_at)},
            {"published_by_name", v.published_by_name},
            {"published_at", TimeJson(l.published_at)},
            {"superseded_at", TimeJson(l.superseded_at)},
            {"version", l.version}};
  if (with_items) {
    json items = json::array();
    for (const auto& i : v.items) items.push_back(ItemJson(i));
    j["items"] = std::move(items);
  }
  return j;
}

json RefusalJson(const storage::DutyRefusal& r) {
  return {{"id", r.id},
          {"community", r.place_code},
          {"dept_id", r.dept_id},
          {"item_id", r.item_id},
          {"list_version", r.list_version},
          {"type", r.type},
          {"title", r.title},
          {"code", r.code},
          {"reason", r.reason},
          {"at", TimeJson(r.at)}};
}

json InspectionJson(const service::InspectionView& v) {
  const auto& i = v.i;
  const auto s = duty::InspectionStatusFromName(i.status);
  return {{"id", i.id},
          {"community", i.place_code},
          {"community_name", v.place_name},
          {"dept_id", i.dept_id},
          {"dept_name", v.dept_name},
          {"planned_on", i.planned_on},
          {"period_key", i.period_key},
          {"subject", i.subject},
          {"purpose", i.purpose},
          {"item_id", i.item_id},
          {"over_cap", i.over_cap},
          {"status", i.status},
          {"status_zh", s ? std::string(duty::InspectionStatusNameZh(*s)) : i.status},
          {"filed_at", TimeJson(i.filed_at)},
          {"decided_at", TimeJson(i.decided_at)},
          {"decision_note", i.decision_note},
          {"closed_at", TimeJson(i.closed_at)},
          {"findings", i.findings},
          {"cap", v.cap},
          {"cap_period", v.cap_period},
          {"counted", v.counted},
          {"version", i.version}};
}

json CapJson(const service::CapView& c) {
  const auto p = duty::CapPeriodFromName(c.period);
  return {{"county", c.county},
          {"cap", c.cap},
          {"period", c.period},
          {"period_zh", p ? std::string(duty::CapPeriodNameZh(*p)) : c.period},
          {"version", c.version}};
}

json LoadRowJson(const service::LoadRow& r) {
  return {{"tasks", r.tasks},
          {"work", r.work},
          {"forms", r.forms},
          {"certificates", r.certificates},
          {"returned", r.returned},
          {"refused", r.refused},
          {"inspections", r.inspections},
          {"pending", r.pending},
          {"refused_inspections", r.refused_inspections},
          {"over_cap", r.over_cap}};
}

Status ReadItem(Call& c, service::DutyItemInput* in, bool update) {
  auto body = c.JsonBody();
  if (!body.ok()) return body.status();
  JsonIn j(*body);
  j.Str("section", &in->section, true).Str("group", &in->group).Str("title", &in->title, true);
  j.Str("basis", &in->basis).Str("department", &in->department).Str("alternative", &in->alternative);
  if (update) j.Int("version", &in->version, true);
  return j.Finish();
}

// The (list id, item id) of /api/v1/duty-lists/{id}/items/{item}.
Status ListAndItem(Call& c, int64_t* list, int64_t* item) {
  auto l = c.PathId();
  if (!l.ok()) return l.status();
  auto i = c.PathId("item");
  if (!i.ok()) return i.status();
  *list = *l;
  *item = *i;
  return Status::Ok();
}

const std::vector<Permission> kManage = {Permission::kListManage};
const std::vector<Permission> kAssign = {Permission::kTaskAssign};
// Who reads tasks, refusals and inspections: the departments (their own) and the staff of the places.
const std::vector<Role> kTaskReaders = {Role::kSystemAdmin, Role::kCountyCommand, Role::kTownshipOfficial,
                                        Role::kCommunitySecretary, Role::kDepartmentHandler};
// Who reads the communities' load: the staff of the places.
const std::vector<Role> kLoadReaders = {Role::kSystemAdmin, Role::kCountyCommand, Role::kTownshipOfficial,
                                        Role::kCommunitySecretary};

void RegisterListRoutes(Router& r) {
  r.Add(
      {.method = "GET",
       .pattern = "/api/v1/duty-lists",
       .tag = "duties",
       .summary =
           "Every version of the county's 准入清单, 小微权力清单 and 为民服务事项清单 (drafts: list.manage)",
       .summary_zh = "清单及其版本",
       .any_user = true,
       .query = {{"county", "string", "6-digit county code (default: the caller's)"}},
       .handler = [](Call& c) -> HttpResponse {
         auto res = c.app().duties.Lists(c.ctx(), c.Query("county"));
         if (!res.ok()) return Error(c, res.status());
         json items = json::array();
         for (const auto& v : *res) items.push_back(ListJson(v, false));
         return Json(json{{"items", std::move(items)}});
       }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/duty-lists/current",
         .tag = "duties",
         .summary = "The county's current version of a list, with its items (404 when none is published)",
         .summary_zh = "现行清单",
         .any_user = true,
         .query = {{"kind", "string", "admission | micro_power | service"},
                   {"county", "string", "6-digit county code (default: the caller's)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().duties.Current(c.ctx(), c.Query("county"), c.Query("kind", "admission"));
           if (!res.ok()) return Error(c, res.status());
           return Json(ListJson(*res, true));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/duty-lists/certificates",
         .tag = "duties",
         .summary =
             "Cancelled certificates of the county's current admission list matching q, with alternatives",
         .summary_zh = "查询已取消的证明事项及替代方式",
         .any_user = true,
         .query = {{"q", "string", "part of the certificate's name (e.g. 居住)"},
                   {"county", "string", "6-digit county code (default: the caller's)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().duties.Certificates(c.ctx(), c.Query("county"), c.Query("q"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& i : *res) items.push_back(ItemJson(i));
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/public/duty-lists",
         .tag = "duties",
         .summary = "The public page of a county's current list (小微权力清单, 为民服务事项清单, 准入清单): "
                    "active items",
         .summary_zh = "清单公开（无需登录）",
         .auth = false,
         .query = {{"county", "string", "6-digit county code"},
                   {"kind", "string", "admission | micro_power | service (default micro_power)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().duties.Public(c.Query("county"), c.Query("kind", "micro_power"));
           if (!res.ok()) return Error(c, res.status());
           json j = ListJson(*res, true);
           j.erase("created_by_name");
           j.erase("published_by_name");
           return Json(j);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/duty-lists/{id}",
         .tag = "duties",
         .summary = "One version of a list with its items",
         .summary_zh = "清单版本详情",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().duties.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(ListJson(*res, true));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/duty-lists",
         .tag = "duties",
         .summary = "Open the next version of a list as a draft (a copy of the current one, or the county "
                    "template); 409 when a draft is open",
         .summary_zh = "新建清单草稿（下一版本）",
         .any_of = kManage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string county, kind, title, note;
           JsonIn j(*body);
           j.Str("county", &county).Str("kind", &kind, true).Str("title", &title).Str("note", &note);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().duties.OpenDraft(c.ctx(), county, kind, title, note);
           if (!res.ok()) return Error(c, res.status());
           return Json(ListJson(*res, true), 201);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/duty-lists/{id}/items",
         .tag = "duties",
         .summary = "Add an item to a draft (a cancelled certificate needs its alternative)",
         .summary_zh = "草稿中新增事项",
         .any_of = kManage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           service::DutyItemInput in;
           if (Status st = ReadItem(c, &in, false); !st.ok()) return Error(c, st);
           auto res = c.app().duties.AddItem(c.ctx(), *id, in);
           if (!res.ok()) return Error(c, res.status());
           return Json(ItemJson(*res), 201);
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/duty-lists/{id}/items/{item}",
         .tag = "duties",
         .summary = "Edit an item of a draft (version as read)",
         .summary_zh = "修改草稿中的事项",
         .any_of = kManage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           int64_t list = 0, item = 0;
           if (Status st = ListAndItem(c, &list, &item); !st.ok()) return Error(c, st);
           service::DutyItemInput in;
           if (Status st = ReadItem(c, &in, true); !st.ok()) return Error(c, st);
           auto res = c.app().duties.UpdateItem(c.ctx(), list, item, in);
           if (!res.ok()) return Error(c, res.status());
           return Json(ItemJson(*res));
         }});
  r.Add({.method = "DELETE",
         .pattern = "/api/v1/duty-lists/{id}/items/{item}",
         .tag = "duties",
         .summary = "Delete an item of a draft",
         .summary_zh = "删除草稿中的事项",
         .any_of = kManage,
         .query = {{"version", "integer", "the item's version as read"}},
         .handler = [](Call& c) -> HttpResponse {
           int64_t list = 0, item = 0;
           if (Status st = ListAndItem(c, &list, &item); !st.ok()) return Error(c, st);
           auto version = c.QueryInt("version", 0, 1, 1'000'000'000);
           if (!version.ok()) return Error(c, version.status());
           if (Status st = c.app().duties.DeleteItem(c.ctx(), list, item, *version); !st.ok())
             return Error(c, st);
           return Json(json{{"deleted", item}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/duty-lists/{id}/publish",
         .tag = "duties",
         .summary = "Publish a draft as the current version (the one before is superseded)",
         .summary_zh = "发布清单版本",
         .any_of = kManage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           int64_t version = 0;
           JsonIn j(*body);
           j.Int("version", &version, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().duties.Publish(c.ctx(), *id, version);
           if (!res.ok()) return Error(c, res.status());
           return Json(ListJson(*res, true));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/duty-lists/{id}/items/{item}/withdraw",
         .tag = "duties",
         .summary = "Withdraw an item of the current version at once (reason required)",
         .summary_zh = "撤销现行清单中的事项",
         .any_of = kManage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           int64_t list = 0, item = 0;
           if (Status st = ListAndItem(c, &list, &item); !st.ok()) return Error(c, st);
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string reason;
           int64_t version = 0;
           JsonIn j(*body);
           j.Str("reason", &reason, true).Int("version", &version, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().duties.WithdrawItem(c.ctx(), list, item, reason, version);
           if (!res.ok()) return Error(c, res.status());
           return Json(ItemJson(*res));
         }});
}

void RegisterTaskRoutes(Router& r) {
  r.Add({.method = "POST",
         .pattern = "/api/v1/tasks",
         .tag = "duties",
         .summary =
             "Assign a task to a community citing an admitted item (item_id and list_version of the current "
             "准入清单); 400 item_id with the reason otherwise, and the refusal is kept",
         .summary_zh = "部门交办事项（须引用准入事项）",
         .any_of = kAssign,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::TaskInput in;
           JsonIn j(*body);
           j.Str("community", &in.community, true)
               .Int("item_id", &in.item_id)
               .Int("list_version", &in.list_version);
           j.Str("type", &in.type, true)
               .Str("title", &in.title, true)
               .Str("description", &in.description, true);
           j.Int("due_days", &in.due_days);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().tasks.Assign(c.ctx(), in);
           if (!res.ok()) return Error(c, res.status());
           return Json(OrderJson(*res, true), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/tasks",
         .tag = "duties",
         .summary = "Department tasks: a department's own, or those of the communities in the caller's scope",
         .summary_zh = "交办事项列表",
         .any_of = {Permission::kOrderRead},
         .roles = kTaskReaders,
         .query = {{"scope", "string", "place code prefix"},
                   {"state", "string", "an order state (dispatched, handling, finished, closed, refused)"},
                   {"before", "integer", "order ids below it (paging)"},
                   {"limit", "integer", "1-200 (50)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto before = c.QueryInt("before", 0, 0, INT64_MAX);
           if (!before.ok()) return Error(c, before.status());
           auto limit = c.QueryInt("limit", 50, 1, 200);
           if (!limit.ok()) return Error(c, limit.status());
           auto res = c.app().tasks.Tasks(c.ctx(), c.Query("scope"), c.Query("state"), *before,
                                          static_cast<int>(*limit));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& t : *res) items.push_back(OrderJson(t, false));  // with its `task` block
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/tasks/refusals",
         .tag = "duties",
         .summary = "Tasks the platform refused (no admitted item cited): a department's own, or in scope",
         .summary_zh = "被拒绝的交办",
         .any_of = {Permission::kOrderRead},
         .roles = kTaskReaders,
         .query = {{"scope", "string", "place code prefix"}, {"limit", "integer", "1-500 (100)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto limit = c.QueryInt("limit", 100, 1, 500);
           if (!limit.ok()) return Error(c, limit.status());
           auto res = c.app().tasks.Refusals(c.ctx(), c.Query("scope"), static_cast<int>(*limit));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& x : *res) items.push_back(RefusalJson(x));
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/load",
         .tag = "duties",
         .summary =
             "The communities' load (减负): tasks, forms, certificates, returned, refused, inspections per "
             "community, month and department, against the admission list",
         .summary_zh = "社区负担（减负）",
         .any_of = {Permission::kIndicatorRead},
         .roles = kLoadReaders,
         .query = {{"scope", "string", "place code prefix (default: the caller's)"},
                   {"from", "string", "YYYY-MM (default: 11 months before to)"},
                   {"to", "string", "YYYY-MM (default: this month)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().tasks.Load(c.ctx(), c.Query("scope"), c.Query("from"), c.Query("to"));
           if (!res.ok()) return Error(c, res.status());
           json communities = json::array(), months = json::array(), depts = json::array();
           for (const auto& row : res->communities) {
             json j = LoadRowJson(row);
             j["community"] = row.place_code;
             j["community_name"] = row.place_name;
             communities.push_back(std::move(j));
           }
           for (const auto& m : res->months) {
             json j = LoadRowJson(m.row);
             j["period"] = ledger::FormatPeriod(m.period);
             months.push_back(std::move(j));
           }
           for (const auto& d : res->departments) {
             json j = LoadRowJson(d.row);
             j["dept_id"] = d.dept_id;
             j["dept_name"] = d.name;
             depts.push_back(std::move(j));
           }
           return Json(json{{"scope", res->scope},
                            {"scope_name", res->scope_name},
                            {"from", ledger::FormatPeriod(res->from)},
                            {"to", ledger::FormatPeriod(res->to)},
                            {"total", LoadRowJson(res->total)},
                            {"communities", std::move(communities)},
                            {"months", std::move(months)},
                            {"departments", std::move(depts)},
                            {"admission_version", res->admission_version},
                            {"admitted", res->admitted},
                            {"cancelled", res->cancelled},
                            {"cap", CapJson(res->cap)}});
         }});
}

void RegisterInspectionRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/inspections",
         .tag = "duties",
         .summary = "Inspections (督导检查备案): a department's own, or of the communities in scope",
         .summary_zh = "督导检查备案列表",
         .any_of = {Permission::kOrderRead},
         .roles = kTaskReaders,
         .query = {{"scope", "string", "place code prefix"},
                   {"status", "string", "filed | pending | approved | refused | held | cancelled"},
                   {"limit", "integer", "1-500 (100)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto limit = c.QueryInt("limit", 100, 1, 500);
           if (!limit.ok()) return Error(c, limit.status());
           auto res = c.app().tasks.Inspections(c.ctx(), c.Query("scope"), c.Query("status"),
                                                static_cast<int>(*limit));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(InspectionJson(v));
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/inspections",
         .tag = "duties",
         .summary = "File an inspection of a community at least a day ahead; beyond the county's cap it is "
                    "pending the county's approval",
         .summary_zh = "报备督导检查",
         .any_of = kAssign,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::InspectionInput in;
           JsonIn j(*body);
           j.Str("community", &in.community, true).Str("planned_on", &in.planned_on, true);
           j.Str("subject", &in.subject, true).Str("purpose", &in.purpose).Int("item_id", &in.item_id);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().tasks.File(c.ctx(), in);
           if (!res.ok()) return Error(c, res.status());
           return Json(InspectionJson(*res), 201);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/inspections/{id}/decide",
         .tag = "duties",
         .summary = "Approve or refuse an inspection beyond the cap (a refusal needs the note)",
         .summary_zh = "审批超限督导检查",
         .any_of = kManage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           bool approve = false;
           std::string note;
           int64_t version = 0;
           JsonIn j(*body);
           j.Bool("approve", &approve, true).Str("note", &note).Int("version", &version, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().tasks.Decide(c.ctx(), *id, approve, note, version);
           if (!res.ok()) return Error(c, res.status());
           return Json(InspectionJson(*res));
         }});
  for (const bool held : {true, false}) {
    r.Add({.method = "POST",
           .pattern = held ? "/api/v1/inspections/{id}/held" : "/api/v1/inspections/{id}/cancel",
           .tag = "duties",
           .summary = held ? "Record that the inspection took place, with what was found"
                           : "Cancel an inspection (reason required)",
           .summary_zh = held ? "登记督导检查开展情况" : "取消督导检查",
           .any_of = kAssign,
           .request_body = "json",
           .handler = [held](Call& c) -> HttpResponse {
             auto id = c.PathId();
             if (!id.ok()) return Error(c, id.status());
             auto body = c.JsonBody();
             if (!body.ok()) return Error(c, body.status());
             std::string text;
             int64_t version = 0;
             JsonIn j(*body);
             j.Str(held ? "findings" : "reason", &text, true).Int("version", &version, true);
             if (Status st = j.Finish(); !st.ok()) return Error(c, st);
             auto res = c.app().tasks.Close(c.ctx(), *id, held, text, version);
             if (!res.ok()) return Error(c, res.status());
             return Json(InspectionJson(*res));
           }});
  }
  r.Add({.method = "GET",
         .pattern = "/api/v1/inspection-cap",
         .tag = "duties",
         .summary = "The county's cap on inspections of one community per period",
         .summary_zh = "督导检查限额",
         .any_user = true,
         .query = {{"county", "string", "6-digit county code (default: the caller's)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().tasks.Cap(c.ctx(), c.Query("county"));
           if (!res.ok()) return Error(c, res.status());
           return Json(CapJson(*res));
         }});
  r.Add(
      {.method = "PUT",
       .pattern = "/api/v1/inspection-cap",
       .tag = "duties",
       .summary = "Set the cap (0-60) and its period (month | quarter | year); version as read (0: default)",
       .summary_zh = "设置督导检查限额",
       .any_of = kManage,
       .request_body = "json",
       .handler = [](Call& c) -> HttpResponse {
         auto body = c.JsonBody();
         if (!body.ok()) return Error(c, body.status());
         std::string county, period;
         int cap = -1;
         int64_t version = 0;
         JsonIn j(*body);
         j.Str("county", &county, true).Int("cap", &cap, true).Str("period", &period, true);
         j.Int("version", &version, true);
         if (Status st = j.Finish(); !st.ok()) return Error(c, st);
         auto res = c.app().tasks.SetCap(c.ctx(), county, cap, period, version);
         if (!res.ok()) return Error(c, res.status());
         return Json(CapJson(*res));
       }});
}

}  // namespace

void RegisterDutyRoutes(Router& r) {
  RegisterListRoutes(r);
  RegisterTaskRoutes(r);
  RegisterInspectionRoutes(r);
}

}  // namespace wangge::http
