#include "service/authz.hpp"

#include <algorithm>

#include "core/codes.hpp"

namespace wangge::service {

Principal SystemPrincipal() {
  Principal p;
  p.user_id = 0;
  p.username = "system";
  p.display_name = "系统";
  p.role = Role::kSystemAdmin;
  return p;
}

bool Authz::InScope(const Principal& p, std::string_view code) { return IsWithin(code, p.scope); }

namespace {
Status RoleDenied(const Principal& p) {
  return PermissionDenied("当前角色（" + std::string(RoleNameZh(p.role)) + "）无权执行此操作",
                          "role " + std::string(RoleName(p.role)) + " may not do this");
}
}  // namespace

Status Authz::Can(const Principal& p, Permission perm) {
  if (!HasPermission(p.role, perm)) return RoleDenied(p);
  return Status::Ok();
}

Status Authz::CanAny(const Principal& p, const std::vector<Permission>& any_of,
                     const std::vector<Role>& roles) {
  if (!roles.empty() && std::find(roles.begin(), roles.end(), p.role) == roles.end()) return RoleDenied(p);
  for (Permission perm : any_of)
    if (HasPermission(p.role, perm)) return Status::Ok();
  return RoleDenied(p);
}

Status Authz::CanRecord(const Principal& p, Permission perm, std::string_view code) {
  RETURN_IF_ERROR(Can(p, perm));
  if (!InScope(p, code)) return RecordNotFound();
  return Status::Ok();
}

Status Authz::CanTarget(const Principal& p, Permission perm, std::string_view code) {
  RETURN_IF_ERROR(Can(p, perm));
  if (!InScope(p, code))
    return PermissionDenied("代码 " + std::string(code) + " 不在您的管辖范围内",
                            "code " + std::string(code) + " is outside your jurisdiction");
  return Status::Ok();
}

Result<std::string> Authz::ListScope(const Principal& p, Permission perm, std::string_view requested) {
  RETURN_IF_ERROR(Can(p, perm));
  if (requested.empty()) return p.scope;
  auto lv = ParseCode(requested);
  if (!lv.ok()) return Status(lv.status().code(), lv.status().zh(), lv.status().en(), "scope");
  RETURN_IF_ERROR(CanTarget(p, perm, requested));
  return std::string(requested);
}

}  // namespace wangge::service
