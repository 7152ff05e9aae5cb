// API keys for machine clients (the Open311 GeoReport v2 adapter, http/routes_open311.cpp): a long random
// token issued to an existing account, stored like a session (only its SHA-256, in the sessions table) so
// that AuthService::Authenticate resolves it to that account's principal. Stateless besides the database:
// cheap to construct per request.
#pragma once

#include <cstdint>
#include <string>

#include "service/context.hpp"
#include "storage/store.hpp"

namespace wangge::service {

struct IssuedApiKey {
  std::string api_key;     // shown once; never stored in clear
  int64_t expires_at = 0;  // unix seconds
  int64_t user_id = 0;
};

class ApiKeyService {
 public:
  // Keys live five years (365 * 5 days).
  static constexpr int64_t kTtlSeconds = 5 * 365 * 86400;
  // Every key starts with this prefix so leaked keys are recognisable in logs and by secret scanners.
  static constexpr const char* kPrefix = "wgk_";

  explicit ApiKeyService(storage::Database* db) : db_(db) {}

  // Issues a key to user `user_id`. The caller must be a system_admin or county_command user
  // (kPermissionDenied otherwise); the account must exist inside the caller's jurisdiction (RecordNotFound
  // otherwise, the same answer for both); it must have role hotline_operator or resident and not be
  // disabled (kFailedPrecondition). Writes the session row (expires now + kTtlSeconds) and an audit row
  // "apikey.issue" in one transaction.
  Result<IssuedApiKey> Issue(const Ctx& ctx, int64_t user_id);

 private:
  storage::Database* db_;
};

}  // namespace wangge::service
