// Users, departments, the 两新组织 ledger, the 党组织 tree and the audit trail.
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

Status ReadUserFields(JsonIn& in, User* u) {
  in.Str("display_name", &u->display_name).Str("role", &u->role).Str("place_code", &u->place_code)
      .OptInt("department_id", &u->department_id).OptInt("person_id", &u->person_id);
  return in.status();
}

Status ReadOrg(JsonIn& in, Organization* o) {
  in.Str("place_code", &o->place_code).Str("name", &o->name).Str("kind", &o->kind).Str("credit_code", &o->credit_code)
      .Int("employees", &o->employees).Int("party_members", &o->party_members).Bool("three_haves", &o->three_haves)
      .Str("party_org_type", &o->party_org_type).Str("instructor_name", &o->instructor_name);
  return in.status();
}

Status ReadPartyOrg(JsonIn& in, PartyOrg* o) {
  in.Str("place_code", &o->place_code).Str("name", &o->name).Str("kind", &o->kind).OptInt("parent_id", &o->parent_id)
      .Str("secretary_name", &o->secretary_name).Int("members", &o->members);
  return in.status();
}

Result<int64_t> Version(const json& body) {
  int64_t v = 0;
  JsonIn probe(body);
  probe.Int("version", &v, true);
  RETURN_IF_ERROR(probe.status());
  return v;
}

}  // namespace

void RegisterAdminRoutes(Router& r) {
  // ---- users
  r.Add({.method = "GET", .pattern = "/api/v1/users", .tag = "admin", .summary = "Users in a scope", .summary_zh = "用户列表",
         .query = {{"scope", "string", "place code prefix"}, {"after", "string", "cursor"}, {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().users.List(c.ctx(), c.Query("scope"), *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, UserJson));
         }});
  r.Add({.method = "POST", .pattern = "/api/v1/users", .tag = "admin",
         .summary = "Create a user scoped to one place code; returns the initial password once", .summary_zh = "新建用户",
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::NewUser nu;
           JsonIn in(*body);
           in.Str("username", &nu.user.username, true).Str("password", &nu.password);
           ReadUserFields(in, &nu.user);
           if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().users.Create(c.ctx(), nu);
           if (!res.ok()) return Error(c, res.status());
           json j = UserJson(res->first);
           j["initial_password"] = res->second;
           return Json(j, 201);
         }});
  r.Add({.method = "GET", .pattern = "/api/v1/users/{id}", .tag = "admin", .summary = "A user", .summary_zh = "用户详情",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().users.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(UserJson(*res));
         }});
  r.Add({.method = "PATCH", .pattern = "/api/v1/users/{id}", .tag = "admin", .summary = "Edit a user's name, role, scope, department or disable it",
         .summary_zh = "修改用户", .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           auto res = c.app().users.Update(c.ctx(), *id, [&](User& u) -> Status {
             JsonIn in(*body);
             in.Bool("disabled", &u.disabled);
             RETURN_IF_ERROR(ReadUserFields(in, &u));
             return in.Finish();
           });
           if (!res.ok()) return Error(c, res.status());
           return Json(UserJson(*res));
         }});
  r.Add({.method = "POST", .pattern = "/api/v1/users/{id}/password", .tag = "admin",
         .summary = "Reset a user's password (generated when not given); ends their sessions", .summary_zh = "重置用户密码",
         .max_body = 4096, .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           std::string pw;
           if (!c.req().body.empty()) {
             auto body = c.JsonBody();
             if (!body.ok()) return Error(c, body.status());
             JsonIn in(*body);
             in.Str("password", &pw);
             if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           }
           auto res = c.app().users.ResetPassword(c.ctx(), *id, pw);
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"id", *id}, {"password", *res}});
         }});
  // ---- departments
  r.Add({.method = "GET", .pattern = "/api/v1/departments", .tag = "admin", .summary = "Departments of the caller's county",
         .summary_zh = "部门列表", .query = {{"after", "string", "cursor"}, {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().users.Departments(c.ctx(), *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, DepartmentJson));
         }});
  r.Add({.method = "POST", .pattern = "/api/v1/departments", .tag = "admin", .summary = "Create a department", .summary_zh = "新建部门",
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           Department d;
           JsonIn in(*body);
           in.Str("code", &d.code, true).Str("name", &d.name, true).Str("place_code", &d.place_code, true);
           if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().users.CreateDepartment(c.ctx(), d);
           if (!res.ok()) return Error(c, res.status());
           return Json(DepartmentJson(*res), 201);
         }});
  r.Add({.method = "PATCH", .pattern = "/api/v1/departments/{id}", .tag = "admin", .summary = "Rename, move or retire a department",
         .summary_zh = "修改部门", .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           auto res = c.app().users.UpdateDepartment(c.ctx(), *id, [&](Department& d) -> Status {
             JsonIn in(*body);
             in.Str("name", &d.name).Str("place_code", &d.place_code).Bool("retired", &d.retired);
             return in.Finish();
           });
           if (!res.ok()) return Error(c, res.status());
           return Json(DepartmentJson(*res));
         }});
  // ---- 两新组织
  r.Add({.method = "GET", .pattern = "/api/v1/organizations", .tag = "organizations", .summary = "The new-organisation ledger (两新组织) in a scope",
         .summary_zh = "两新组织台账", .query = {{"scope", "string", "place code prefix"}, {"after", "string", "cursor"}, {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().orgs.List(c.ctx(), c.Query("scope"), *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, OrgJson));
         }});
  r.Add({.method = "GET", .pattern = "/api/v1/organizations/coverage", .tag = "organizations",
         .summary = "Coverage rates computed from the ledger (组织覆盖率, 工作覆盖率 …)", .summary_zh = "两新组织覆盖率",
         .query = {{"scope", "string", "place code prefix"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().orgs.Coverage(c.ctx(), c.Query("scope"));
           if (!res.ok()) return Error(c, res.status());
           return Json(CoverageJson(*res));
         }});
  r.Add({.method = "POST", .pattern = "/api/v1/organizations", .tag = "organizations", .summary = "Add an organisation to the ledger",
         .summary_zh = "登记两新组织", .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           Organization o;
           JsonIn in(*body);
           ReadOrg(in, &o);
           if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().orgs.Create(c.ctx(), o);
           if (!res.ok()) return Error(c, res.status());
           return Json(OrgJson(*res), 201);
         }});
  r.Add({.method = "GET", .pattern = "/api/v1/organizations/{id}", .tag = "organizations", .summary = "An organisation",
         .summary_zh = "两新组织详情",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().orgs.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(OrgJson(*res));
         }});
  r.Add({.method = "PATCH", .pattern = "/api/v1/organizations/{id}", .tag = "organizations", .summary = "Edit or retire an organisation (with version)",
         .summary_zh = "修改两新组织", .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           auto version = Version(*body);
           if (!version.ok()) return Error(c, version.status());
           auto res = c.app().orgs.Update(c.ctx(), *id, *version, [&](Organization& o) -> Status {
             JsonIn in(*body);
             int64_t ignored = 0;
             in.Int("version", &ignored).Bool("retired", &o.retired);
             RETURN_IF_ERROR(ReadOrg(in, &o));
             return in.Finish();
           });
           if (!res.ok()) return Error(c, res.status());
           return Json(OrgJson(*res));
         }});
  // ---- 党组织 tree
  r.Add({.method = "GET", .pattern = "/api/v1/party-orgs", .tag = "organizations",
         .summary = "The party organisation tree (街道党工委 → 村(社区)党组织 → 网格党支部 → 楼栋党小组 → 党员中心户) in a scope",
         .summary_zh = "党组织列表", .query = {{"scope", "string", "place code prefix"}, {"after", "string", "cursor"}, {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().orgs.ListParty(c.ctx(), c.Query("scope"), *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, PartyOrgJson));
         }});
  r.Add({.method = "GET", .pattern = "/api/v1/party-orgs/coverage", .tag = "organizations",
         .summary = "Grid party coverage computed from the tree (网格党组织覆盖率: grids with a grid branch or building group)",
         .summary_zh = "网格党组织覆盖率", .query = {{"scope", "string", "place code prefix"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().orgs.GridCoverage(c.ctx(), c.Query("scope"));
           if (!res.ok()) return Error(c, res.status());
           return Json(GridPartyCoverageJson(*res));
         }});
  r.Add({.method = "POST", .pattern = "/api/v1/party-orgs", .tag = "organizations", .summary = "Add a party organisation to the tree",
         .summary_zh = "新建党组织", .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           PartyOrg o;
           JsonIn in(*body);
           ReadPartyOrg(in, &o);
           if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().orgs.CreateParty(c.ctx(), o);
           if (!res.ok()) return Error(c, res.status());
           return Json(PartyOrgJson(*res), 201);
         }});
  r.Add({.method = "GET", .pattern = "/api/v1/party-orgs/{id}", .tag = "organizations", .summary = "A party organisation",
         .summary_zh = "党组织详情",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().orgs.GetParty(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(PartyOrgJson(*res));
         }});
  r.Add({.method = "PATCH", .pattern = "/api/v1/party-orgs/{id}", .tag = "organizations",
         .summary = "Edit or retire a party organisation (with version)", .summary_zh = "修改党组织", .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           auto version = Version(*body);
           if (!version.ok()) return Error(c, version.status());
           auto res = c.app().orgs.UpdateParty(c.ctx(), *id, *version, [&](PartyOrg& o) -> Status {
             JsonIn in(*body);
             int64_t ignored = 0;
             in.Int("version", &ignored).Bool("retired", &o.retired);
             RETURN_IF_ERROR(ReadPartyOrg(in, &o));
             return in.Finish();
           });
           if (!res.ok()) return Error(c, res.status());
           return Json(PartyOrgJson(*res));
         }});
  // ---- audit
  r.Add({.method = "GET", .pattern = "/api/v1/audit", .tag = "audit", .summary = "The audit trail in a scope, newest first",
         .summary_zh = "审计日志", .query = {{"scope", "string", "place code prefix"}, {"after", "string", "cursor"}, {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().audit.List(c.ctx(), c.Query("scope"), *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, AuditJson));
         }});
  r.Add({.method = "GET", .pattern = "/api/v1/audit/verify", .tag = "audit", .summary = "Verify the whole hash chain (system admin)",
         .summary_zh = "校验审计链",
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().audit.Verify(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"ok", res->ok}, {"rows_checked", res->rows_checked},
                            {"first_bad_seq", res->first_bad_seq ? json(res->first_bad_seq) : json()}, {"reason", res->reason}});
         }});
}

}  // namespace wangge::http
