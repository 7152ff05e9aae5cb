// Login, logout, the current user, password change; roles and tag definitions for clients.
#include <cctype>

#include "core/tags.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

// The session cookie; `Secure` when the browser reached us over https (a TLS proxy in front says so in
// X-Forwarded-Proto), so the cookie is never sent back over plain http.
std::string SessionCookie(const Call& c, const std::string& token, int64_t max_age) {
  std::string proto = c.req().Header("x-forwarded-proto");
  for (char& ch : proto) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const bool https = proto.rfind("https", 0) == 0;
  return std::string(Router::kCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (https ? "; Secure" : "");
}

json MeJson(const service::Principal& p) {
  json perms = json::array();
  for (int i = 0; i < kPermissionCount; ++i)
    if (HasPermission(p.role, static_cast<Permission>(i)))
      perms.push_back(PermissionName(static_cast<Permission>(i)));
  return json{{"user_id", p.user_id},
              {"permissions", perms},
              {"username", p.username},
              {"display_name", p.display_name},
              {"role", RoleName(p.role)},
              {"role_zh", RoleNameZh(p.role)},
              {"scope", p.scope},
              {"department_id", p.department_id ? json(*p.department_id) : json()},
              {"must_change_password", p.must_change_password}};
}

}  // namespace

void RegisterAuthRoutes(Router& r) {
  r.Add({.method = "POST",
         .pattern = "/api/v1/auth/login",
         .tag = "auth",
         .summary = "Log in; returns a bearer token and sets an HttpOnly session cookie",
         .summary_zh = "登录",
         .auth = false,
         .max_body = 4096,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string username, password;
           JsonIn in(*body);
           in.Str("username", &username, true).Str("password", &password, true);
           if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().auth.Login(username, password, c.req().remote_ip);
           if (!res.ok()) return Error(c, res.status());
           HttpResponse resp =
               Json(json{{"token", res->token}, {"expires_at", res->expires_at}, {"user", MeJson(res->who)}});
           resp.headers.emplace_back("Set-Cookie",
                                     SessionCookie(c, res->token, res->expires_at - storage::NowUnix()));
           return resp;
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/auth/logout",
         .tag = "auth",
         .summary = "End the current session",
         .summary_zh = "退出登录",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           if (Status st = c.app().auth.Logout(c.ctx(), c.token()); !st.ok()) return Error(c, st);
           HttpResponse resp = Json(json{{"ok", true}});
           resp.headers.emplace_back("Set-Cookie", SessionCookie(c, "", 0));
           return resp;
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/me",
         .tag = "auth",
         .summary = "The current user, role and jurisdiction",
         .summary_zh = "当前用户",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse { return Json(MeJson(c.ctx().who)); }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/me/password",
         .tag = "auth",
         .summary = "Change the current user's password",
         .summary_zh = "修改密码",
         .any_user = true,
         .max_body = 4096,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string old_pw, new_pw;
           JsonIn in(*body);
           in.Str("old_password", &old_pw, true).Str("new_password", &new_pw, true);
           if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           if (Status st = c.app().auth.ChangePassword(c.ctx(), c.token(), old_pw, new_pw); !st.ok())
             return Error(c, st);
           return Json(json{{"ok", true}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/roles",
         .tag = "auth",
         .summary = "Roles and what each may do",
         .summary_zh = "角色列表",
         .any_user = true,
         .handler = [](Call&) -> HttpResponse {
           json out = json::array();
           for (Role role : AllRoles()) {
             PersonView v = ViewOf(role);
             out.push_back(json{
                 {"role", RoleName(role)},
                 {"name", RoleNameZh(role)},
                 {"min_scope_digits", MinScopeLength(role)},
                 {"max_scope_digits", MaxScopeLength(role)},
                 {"sensitive_groups", HasPermission(role, Permission::kSensitiveRead)},
                 {"person_view",
                  json{{"identity", v.identity}, {"household", v.household}, {"care_tags", v.care_tags}}}});
           }
           return Json(json{{"items", out}});
         }});
  r.Add(
      {.method = "GET",
       .pattern = "/api/v1/tags",
       .tag = "people",
       .summary = "Care and sensitive group definitions the caller may use",
       .summary_zh = "人群标签定义",
       .any_user = true,
       .handler = [](Call& c) -> HttpResponse {
         bool sensitive = HasPermission(c.ctx().who.role, Permission::kSensitiveRead);
         json out = json::array();
         for (const TagDef& t : AllTags()) {
           if (t.sensitive && !sensitive) continue;
           json fields = json::array();
           for (const auto& f : t.fields) {
             json opts = json::array();
             for (auto o : f.options) opts.push_back(o);
             fields.push_back(json{{"key", f.key},
                                   {"name", f.zh},
                                   {"type", f.type},
                                   {"options", opts},
                                   {"required", f.required}});
           }
           out.push_back(json{{"tag", t.id}, {"name", t.zh}, {"sensitive", t.sensitive}, {"fields", fields}});
         }
         return Json(json{{"items", out}});
       }});
}

}  // namespace wangge::http
