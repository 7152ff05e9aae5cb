// Users, roles and departments. A user is scoped to one place code; an administrator may manage only users
// inside their own scope and grant only the roles roles.hpp MayGrant allows.
#pragma once

#include <functional>
#include <string>

#include "core/entities.hpp"
#include "service/context.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct NewUser {
  User user;
  std::string password;  // generated when empty
};

class UserService {
 public:
  explicit UserService(storage::Database* db) : db_(db) {}
  Result<User> Get(const Ctx& ctx, int64_t id);
  Result<storage::Page<User>> List(const Ctx& ctx, const std::string& scope,
                                   const storage::PageRequest& page);
  // Returns the user and the initial password (must be changed at first login unless `must_change` is false).
  Result<std::pair<User, std::string>> Create(const Ctx& ctx, NewUser nu, bool must_change = true);
  Result<User> Update(const Ctx& ctx, int64_t id, const std::function<Status(User&)>& apply);
  // Sets a new (generated when empty) password, ends the user's sessions; returns the password. kNotFound
  // outside the caller's scope; kPermissionDenied for an account of a role the caller may not grant
  // (MayGrant), here and in Update.
  Result<std::string> ResetPassword(const Ctx& ctx, int64_t id, std::string password);

  Result<storage::Page<Department>> Departments(const Ctx& ctx, const storage::PageRequest& page);
  Result<Department> CreateDepartment(const Ctx& ctx, Department d);
  Result<Department> UpdateDepartment(const Ctx& ctx, int64_t id,
                                      const std::function<Status(Department&)>& apply);

 private:
  // The caller may manage (edit, reset) an existing account only if it may grant its role.
  static Status CheckManage(const Ctx& ctx, const User& u);
  Status CheckGrant(const Ctx& ctx, storage::Tx& tx, const User& u);
  storage::Database* db_;
};

}  // namespace wangge::service
