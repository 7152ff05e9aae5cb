// Authorization, in one place: a role permission (roles.hpp) plus a jurisdiction prefix, checked by every
// service call before it reads or writes.
//
// Rules (docs/architecture.md "Authorization"):
// - the role lacks the permission                            -> kPermissionDenied (403)
// - an existing record lies outside the caller's scope        -> kNotFound (404): ids are not confirmed to
// exist
// - a create, move or list targets a code outside the scope   -> kPermissionDenied (403)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "service/context.hpp"

namespace wangge::service {

class Authz {
 public:
  static Status Can(const Principal& p, Permission perm);
  // The route gate (http/router.cpp): the role holds one of `any_of` and, when `roles` is not empty, is one
  // of them; otherwise the same kPermissionDenied as Can.
  static Status CanAny(const Principal& p, const std::vector<Permission>& any_of,
                       const std::vector<Role>& roles = {});
  // For an existing record at `code`.
  static Status CanRecord(const Principal& p, Permission perm, std::string_view code);
  // For a target code the caller names (create, move destination, list scope).
  static Status CanTarget(const Principal& p, Permission perm, std::string_view code);
  // The scope a list should use: the caller's own when `requested` is empty, `requested` when it lies inside
  // the caller's scope; kPermissionDenied otherwise. A requested code is validated (kInvalidArgument).
  static Result<std::string> ListScope(const Principal& p, Permission perm, std::string_view requested);
  static bool InScope(const Principal& p, std::string_view code);
};

}  // namespace wangge::service
