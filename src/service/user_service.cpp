#include "service/user_service.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/validation.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/departments_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {
nlohmann::json UserDetail(const User& u) {
  return {{"username", u.username}, {"role", u.role}, {"place_code", u.place_code}, {"disabled", u.disabled}};
}
}  // namespace

Status UserService::CheckManage(const Ctx& ctx, const User& u) {
  auto role = RoleFromName(u.role);
  if (!role || !MayGrant(ctx.who.role, *role))
    return PermissionDenied("您无权管理角色为 " + std::string(role ? RoleNameZh(*role) : u.role) + " 的用户",
                            "you may not manage a user of role " + u.role);
  return Status::Ok();
}

Status UserService::CheckGrant(const Ctx& ctx, storage::Tx& tx, const User& u) {
  auto role = RoleFromName(u.role);
  if (!MayGrant(ctx.who.role, *role))
    return PermissionDenied("您无权授予角色 " + std::string(RoleNameZh(*role)),
                            "you may not grant role " + u.role);
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kUserAdmin, u.place_code));
  if (!u.place_code.empty()) {
    auto p = tx.places().Get(u.place_code);
    if (!p.ok() || p->retired)
      return InvalidArgument("管辖地点 " + u.place_code + " 不存在",
                             "place " + u.place_code + " does not exist", "place_code");
  }
  if (u.department_id) {
    auto d = tx.departments().Get(*u.department_id);
    if (!d.ok() || d->retired || !Authz::InScope(ctx.who, d->place_code))
      return InvalidArgument("部门不存在", "department does not exist", "department_id");
  }
  return Status::Ok();
}

Result<User> UserService::Get(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kUserAdmin));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(User u, tx->users().Get(id));
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kUserAdmin, u.place_code));
  return u;
}

Result<storage::Page<User>> UserService::List(const Ctx& ctx, const std::string& scope,
                                              const storage::PageRequest& page) {
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kUserAdmin, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->users().List(s, page);
}

Result<std::pair<User, std::string>> UserService::Create(const Ctx& ctx, NewUser nu, bool must_change) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kUserAdmin));
  User u = nu.user;
  u.disabled = false;
  u.must_change_password = must_change;
  RETURN_IF_ERROR(ValidateUser(&u));
  std::string password = nu.password.empty() ? GeneratePassword() : nu.password;
  RETURN_IF_ERROR(CheckPasswordStrength(password));
  std::string hash = HashPassword(password);
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(CheckGrant(ctx, tx, u));
    ASSIGN_OR_RETURN(u.id, tx.users().Insert(u, hash));
    return Audit(tx, ctx, "user.create", "user", std::to_string(u.id), u.place_code, UserDetail(u).dump());
  }));
  ASSIGN_OR_RETURN(User stored, Get(ctx, u.id));
  return std::make_pair(stored, password);
}

Result<User> UserService::Update(const Ctx& ctx, int64_t id, const std::function<Status(User&)>& apply) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kUserAdmin));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    ASSIGN_OR_RETURN(User u, tx.users().Get(id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kUserAdmin, u.place_code));
    // The account as it is must be of a role the caller may grant, not only as it would become: else a county
    // command centre could demote (and then take over) a system administrator scoped inside its county.
    RETURN_IF_ERROR(CheckManage(ctx, u));
    std::string username = u.username;
    RETURN_IF_ERROR(apply(u));
    u.id = id;
    u.username = username;
    RETURN_IF_ERROR(ValidateUser(&u));
    RETURN_IF_ERROR(CheckGrant(ctx, tx, u));
    if (id == ctx.who.user_id && (u.disabled || u.role != std::string(RoleName(ctx.who.role))))
      return FailedPrecondition("不能停用自己或修改自己的角色",
                                "you cannot disable yourself or change your own role");
    RETURN_IF_ERROR(tx.users().Update(u));
    if (u.disabled) RETURN_IF_ERROR(tx.users().DeleteSessionsOf(id));
    return Audit(tx, ctx, "user.update", "user", std::to_string(id), u.place_code, UserDetail(u).dump());
  }));
  return Get(ctx, id);
}

Result<std::string> UserService::ResetPassword(const Ctx& ctx, int64_t id, std::string password) {
  ASSIGN_OR_RETURN(User u, Get(ctx, id));
  // Resetting hands the caller the account: only accounts of a role the caller may grant (as Update), or a
  // county command centre could take over a system administrator scoped inside its county.
  RETURN_IF_ERROR(CheckManage(ctx, u));
  if (password.empty()) password = GeneratePassword();
  RETURN_IF_ERROR(CheckPasswordStrength(password));
  std::string hash = HashPassword(password);
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(tx.users().SetPassword(id, hash, true));
    RETURN_IF_ERROR(tx.users().DeleteSessionsOf(id));
    return Audit(tx, ctx, "user.password_reset", "user", std::to_string(id), u.place_code);
  }));
  return password;
}

Result<storage::Page<Department>> UserService::Departments(const Ctx& ctx, const storage::PageRequest& page) {
  // Everyone who may be assigned work sees the department list of their county (dispatch needs it).
  std::string scope = ctx.who.scope.substr(0, std::min<size_t>(ctx.who.scope.size(), 6));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->departments().List(scope, page);
}

Result<Department> UserService::CreateDepartment(const Ctx& ctx, Department d) {
  d.retired = false;
  RETURN_IF_ERROR(ValidateDepartment(&d));
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kUserAdmin, d.place_code));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    auto p = tx.places().Get(d.place_code);
    if (!p.ok())
      return InvalidArgument("地点 " + d.place_code + " 不存在", "place does not exist", "place_code");
    ASSIGN_OR_RETURN(d.id, tx.departments().Insert(d));
    return Audit(tx, ctx, "department.create", "department", std::to_string(d.id), d.place_code,
                 nlohmann::json{{"code", d.code}, {"name", d.name}}.dump());
  }));
  return d;
}

Result<Department> UserService::UpdateDepartment(const Ctx& ctx, int64_t id,
                                                 const std::function<Status(Department&)>& apply) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kUserAdmin));
  Department out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    ASSIGN_OR_RETURN(Department d, tx.departments().Get(id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kUserAdmin, d.place_code));
    std::string code = d.code;
    RETURN_IF_ERROR(apply(d));
    d.id = id;
    d.code = code;
    RETURN_IF_ERROR(ValidateDepartment(&d));
    RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kUserAdmin, d.place_code));
    RETURN_IF_ERROR(tx.departments().Update(d));
    out = d;
    return Audit(tx, ctx, "department.update", "department", std::to_string(id), d.place_code,
                 nlohmann::json{{"name", d.name}, {"retired", d.retired}}.dump());
  }));
  return out;
}

}  // namespace wangge::service
