// Sessions and passwords. Tokens are opaque random strings; only their SHA-256 is stored. A browser gets the
// token in an HttpOnly cookie, an API client as a Bearer token (http/ decides; the service sees a token).
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "service/context.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct LoginResult {
  std::string token;
  int64_t expires_at = 0;
  Principal who;
};

class AuthService {
 public:
  AuthService(storage::Database* db, int64_t ttl_seconds) : db_(db), ttl_(ttl_seconds) {}

  // kUnauthenticated for a wrong username or password (same message for both); kTooManyRequests after 5
  // failures for the same username from the same address, or 20 from the same address, within 15 minutes
  // (then locked for the rest of the window; failures from other addresses never lock a user out);
  // kPermissionDenied for a disabled account. Writes a session row and an audit row; failures are audited too
  // (an unknown name with the name as typed), every auth row with the client address in its detail.
  Result<LoginResult> Login(const std::string& username, const std::string& password, const std::string& ip);
  // kUnauthenticated for an unknown, expired or disabled-user session, and for an Open311 API key (which
  // opens the Open311 routes only).
  Result<Principal> Authenticate(const std::string& token);
  // An Open311 API key (session kind "apikey"): kUnauthenticated for anything else, a login's token included.
  Result<Principal> AuthenticateApiKey(const std::string& key);
  Status Logout(const Ctx& ctx, const std::string& token);
  // Checks the old password, the strength of the new; ends every other session of the user. kTooManyRequests
  // after 5 wrong old passwords for the user within 15 minutes (each one audited).
  Status ChangePassword(const Ctx& ctx, const std::string& token, const std::string& old_password,
                        const std::string& new_password);

 private:
  bool Throttled(const std::string& key);
  void RecordFailure(const std::string& key);
  void ClearFailures(const std::string& key);
  Result<Principal> AuthenticateKind(const std::string& token, std::string_view kind);

  storage::Database* db_;
  int64_t ttl_;
  std::mutex mu_;
  struct Failures {
    int count = 0;
    std::chrono::steady_clock::time_point first;
  };
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace wangge::service
