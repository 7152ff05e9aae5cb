// API keys for machine clients (the Open311 GeoReport v2 adapter, http/routes_open311.cpp): a long random
// token issued to an existing account, stored like a session (only its SHA-256, in the sessions table, kind
// "apikey") so that AuthService::AuthenticateApiKey resolves it to that account's principal — on the Open311
// routes only: AuthService::Authenticate (every /api/v1 route) refuses it. Listed and revocable. Stateless
// besides the database: cheap to construct per request.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/context.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct IssuedApiKey {
  std::string api_key;     // shown once; never stored in clear
  int64_t expires_at = 0;  // unix seconds
  int64_t user_id = 0;
  std::string key_id;  // how lists name it (ApiKeyInfo::key_id)
};

// A key as the lists show it: never the key itself.
struct ApiKeyInfo {
  std::string key_id;  // the first 16 hex characters of the key's SHA-256 (what revoking names)
  std::string hint;    // the key's first 8 characters, "wgk_Ab3d"
  int64_t user_id = 0;
  std::string username, display_name, role, place_code;
  int64_t created_at = 0, expires_at = 0;
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
  // The unexpired keys of accounts inside the caller's jurisdiction (the same two roles as Issue; `user_id` >
  // 0: that account's only), newest first.
  Result<std::vector<ApiKeyInfo>> List(const Ctx& ctx, int64_t user_id);
  // Revokes a key by its key_id: it stops working at once. RecordNotFound for an unknown id or a key of an
  // account outside the caller's jurisdiction; audit row "apikey.revoke".
  Status Revoke(const Ctx& ctx, const std::string& key_id);

 private:
  storage::Database* db_;
};

}  // namespace wangge::service
