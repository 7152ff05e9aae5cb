// The audit chain's hash, the same for every backend (a backend stores it; `wangge verify-audit` recomputes
// it).
#include "storage/audit_repo.hpp"

#include "core/crypto.hpp"

namespace wangge::storage {

std::string AuditHash(const AuditEntry& e) {
  std::string s;
  s.reserve(256 + e.detail.size());
  for (const std::string* f :
       {&e.prev_hash, &e.at, &e.username, &e.action, &e.entity, &e.entity_id, &e.place_code, &e.detail}) {
    s += *f;
    s += '\x1f';
  }
  s += std::to_string(e.seq);
  s += '\x1f';
  s += std::to_string(e.user_id);
  return Sha256Hex(s);
}

}  // namespace wangge::storage
