// Who is asking: the authenticated principal and the request's facts the audit trail records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/roles.hpp"

namespace wangge::service {

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kResident;
  std::string scope;  // jurisdiction: a code prefix ("" = everything, admin only)
  std::optional<int64_t> department_id;
  bool must_change_password = false;
};

struct Ctx {
  Principal who;
  std::string ip;
  std::string request_id;
};

// The identity of the platform itself (demo, migrations, CLI import as admin).
Principal SystemPrincipal();

}  // namespace wangge::service
