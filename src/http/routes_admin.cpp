// Users, departments, the 两新组织 ledger, the 党组织 tree and the audit trail.
#include "http/body_readers.hpp"
#include "http/collection.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {

Status ReadUserFields(JsonIn& in, User* u) {
  in.Str("display_name", &u->display_name)
      .Str("role", &u->role)
      .Str("place_code", &u->place_code)
      .OptInt("department_id", &u->department_id)
      .OptInt("person_id", &u->person_id);
  return in.status();
}

Status ReadOrg(JsonIn& in, Organization* o) {
  in.Str("place_code", &o->place_code)
      .Str("name", &o->name)
      .Str("kind", &o->kind)
      .Str("credit_code", &o->credit_code)
      .Int("employees", &o->employees)
      .Int("party_members", &o->party_members)
      .Bool("three_haves", &o->three_haves)
      .Str("party_org_type", &o->party_org_type)
      .Str("instructor_name", &o->instructor_name);
  return in.status();
}

Status ReadPartyOrg(JsonIn& in, PartyOrg* o) {
  in.Str("place_code", &o->place_code)
      .Str("name", &o->name)
      .Str("kind", &o->kind)
      .OptInt("parent_id", &o->parent_id)
      .Str("secretary_name", &o->secretary_name)
      .Int("members", &o->members);
  return in.status();
}

void RegisterAdminRoutes(Router& r) {
  // ---- users
  r.Add({.method = "GET",
         .pattern = "/api/v1/users",
         .tag = "admin",
         .summary = "Users in a scope",
         .summary_zh = "用户列表",
         .any_of = {Permission::kUserAdmin},
         .query = {{"scope", "string", "place code prefix"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().users.List(c.ctx(), c.Query("scope"), *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, UserJson));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/users",
         .tag = "admin",
         .summary = "Create a user scoped to one place code; returns the initial password once",
         .summary_zh = "新建用户",
         .any_of = {Permission::kUserAdmin},
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
  r.Add({.method = "GET",
         .pattern = "/api/v1/users/{id}",
         .tag = "admin",
         .summary = "A user",
         .summary_zh = "用户详情",
         .any_of = {Permission::kUserAdmin},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().users.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(UserJson(*res));
         }});
  r.Add({.method = "PATCH",
         .pattern = "/api/v1/users/{id}",
         .tag = "admin",
         .summary = "Edit a user's name, role, scope, department or disable it",
         .summary_zh = "修改用户",
         .any_of = {Permission::kUserAdmin},
         .request_body = "json",
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
  r.Add({.method = "POST",
         .pattern = "/api/v1/users/{id}/password",
         .tag = "admin",
         .summary = "Reset a user's password (generated when not given); ends their sessions",
         .summary_zh = "重置用户密码",
         .any_of = {Permission::kUserAdmin},
         .max_body = 4096,
         .request_body = "json",
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
  r.Add({.method = "GET",
         .pattern = "/api/v1/departments",
         .tag = "admin",
         .summary = "Departments of the caller's county",
         .summary_zh = "部门列表",
         .any_user = true,
         .query = {{"after", "string", "cursor"}, {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().users.Departments(c.ctx(), *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, DepartmentJson));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/departments",
         .tag = "admin",
         .summary = "Create a department",
         .summary_zh = "新建部门",
         .any_of = {Permission::kUserAdmin},
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
  r.Add({.method = "PATCH",
         .pattern = "/api/v1/departments/{id}",
         .tag = "admin",
         .summary = "Rename, move or retire a department",
         .summary_zh = "修改部门",
         .any_of = {Permission::kUserAdmin},
         .request_body = "json",
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
  AddCollection<Organization>(
      r, {.base = "/api/v1/organizations",
          .tag = "organizations",
          .read_permission = Permission::kOrgRead,
          .write_permission = Permission::kOrgWrite,
          .list_en = "The new-organisation ledger (两新组织) in a scope",
          .list_zh = "两新组织台账",
          .create_en = "Add an organisation to the ledger",
          .create_zh = "登记两新组织",
          .get_en = "An organisation",
          .get_zh = "两新组织详情",
          .patch_en = "Edit or retire an organisation (with version)",
          .patch_zh = "修改两新组织",
          .list = [](Call& c, const std::string& scope,
                     const storage::PageRequest& page) { return c.app().orgs.List(c.ctx(), scope, page); },
          .create = [](Call& c, Organization v) { return c.app().orgs.Create(c.ctx(), std::move(v)); },
          .get = [](Call& c, int64_t id) { return c.app().orgs.Get(c.ctx(), id); },
          .update =
              [](Call& c, int64_t id, int64_t version, const std::function<Status(Organization&)>& apply) {
                return c.app().orgs.Update(c.ctx(), id, version, apply);
              },
          .read = [](JsonIn& in, Organization* v) { return ReadOrg(in, v); },
          .to_json = [](const Call&, const Organization& v) { return OrgJson(v); }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/organizations/coverage",
         .tag = "organizations",
         .summary = "Coverage rates computed from the ledger (组织覆盖率, 工作覆盖率 …)",
         .summary_zh = "两新组织覆盖率",
         .any_of = {Permission::kOrgRead},
         .query = {{"scope", "string", "place code prefix"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().orgs.Coverage(c.ctx(), c.Query("scope"));
           if (!res.ok()) return Error(c, res.status());
           return Json(CoverageJson(*res));
         }});
  // ---- 党组织 tree
  AddCollection<PartyOrg>(
      r,
      {.base = "/api/v1/party-orgs",
       .tag = "organizations",
       .read_permission = Permission::kOrgRead,
       .write_permission = Permission::kOrgWrite,
       .list_en = "The party organisation tree (街道党工委 → 村(社区)党组织 → 网格党支部 → 楼栋党小组 → "
                  "党员中心户) in a scope",
       .list_zh = "党组织列表",
       .create_en = "Add a party organisation to the tree",
       .create_zh = "新建党组织",
       .get_en = "A party organisation",
       .get_zh = "党组织详情",
       .patch_en = "Edit or retire a party organisation (with version)",
       .patch_zh = "修改党组织",
       .list = [](Call& c, const std::string& scope,
                  const storage::PageRequest& page) { return c.app().orgs.ListParty(c.ctx(), scope, page); },
       .create = [](Call& c, PartyOrg v) { return c.app().orgs.CreateParty(c.ctx(), std::move(v)); },
       .get = [](Call& c, int64_t id) { return c.app().orgs.GetParty(c.ctx(), id); },
       .update =
           [](Call& c, int64_t id, int64_t version, const std::function<Status(PartyOrg&)>& apply) {
             return c.app().orgs.UpdateParty(c.ctx(), id, version, apply);
           },
       .read = [](JsonIn& in, PartyOrg* v) { return ReadPartyOrg(in, v); },
       .to_json = [](const Call&, const PartyOrg& v) { return PartyOrgJson(v); }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/party-orgs/coverage",
         .tag = "organizations",
         .summary = "Grid party coverage computed from the tree (网格党组织覆盖率: grids with a grid branch "
                    "or building group)",
         .summary_zh = "网格党组织覆盖率",
         .any_of = {Permission::kOrgRead},
         .query = {{"scope", "string", "place code prefix"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().orgs.GridCoverage(c.ctx(), c.Query("scope"));
           if (!res.ok()) return Error(c, res.status());
           return Json(GridPartyCoverageJson(*res));
         }});
  // ---- audit
  r.Add({.method = "GET",
         .pattern = "/api/v1/audit",
         .tag = "audit",
         .summary = "The audit trail in a scope, newest first",
         .summary_zh = "审计日志",
         .any_of = {Permission::kAuditRead},
         .query = {{"scope", "string", "place code prefix"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().audit.List(c.ctx(), c.Query("scope"), *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, AuditJson));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/audit/verify",
         .tag = "audit",
         .summary = "Verify the whole hash chain (system admin)",
         .summary_zh = "校验审计链",
         .any_of = {Permission::kAuditRead},
         .roles = {Role::kSystemAdmin},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().audit.Verify(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"ok", res->ok},
                            {"rows_checked", res->rows_checked},
                            {"first_bad_seq", res->first_bad_seq ? json(res->first_bad_seq) : json()},
                            {"reason", res->reason}});
         }});
}

}  // namespace wangge::http
