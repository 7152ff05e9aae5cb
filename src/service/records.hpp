// Small helpers the domain services share when they write and show records: the conflict of a stale
// version, a community code checked, and the names of a place and of a user for a view (the code or "" when
// unknown).
#pragma once

#include <cstdint>
#include <string>

#include "core/codes.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {

inline Status StaleRecord() {
  return Conflict("记录已被他人修改，请刷新后重试",
                  "record was changed by someone else (version mismatch); reload and retry", "version");
}

// A village (community) code, 12 digits: 400 on field `community` otherwise.
inline Result<std::string> ValidCommunity(const std::string& community) {
  auto lvl = ParseCode(community);
  if (!lvl.ok() || *lvl != Level::kVillage)
    return InvalidArgument("村(社区)编码应为 12 位", "community must be a 12-digit village code",
                           "community");
  return community;
}

inline std::string PlaceNameOf(storage::Tx& tx, const std::string& code) {
  if (code.empty()) return "";
  auto n = tx.places().Name(code);
  return n.ok() ? *n : code;
}

inline std::string UserNameOf(storage::Tx& tx, int64_t id) {
  if (id == 0) return "";
  auto u = tx.users().Get(id);
  return u.ok() ? u->display_name : "";
}

}  // namespace wangge::service
