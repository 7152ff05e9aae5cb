// Users (accounts with a role and a jurisdiction), their password hashes, and sessions: logins and Open311
// API keys, stored by the hash of their token. Also who receives a notification (the users of a department,
// the users of a role at a place). Departments are their own domain (departments_repo.hpp). Backends:
// sqlite/users_repo.cpp; contract: users_repo_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t created_at = 0;  // unix seconds
  int64_t expires_at = 0;
  std::string kind =
      "session";     // "session" (a login) | "apikey" (an Open311 API key: the Open311 routes only)
  std::string hint;  // an API key's first characters ("wgk_Ab3d"), to recognise it by in a list
};

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  virtual Result<User> Get(int64_t id) = 0;
  virtual Result<User> GetByName(const std::string& username) = 0;
  virtual Result<std::string> PasswordHash(int64_t user_id) = 0;
  virtual Result<Page<User>> List(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> Insert(const User& u, const std::string& password_hash) = 0;
  virtual Status Update(const User& u) = 0;
  virtual Status SetPassword(int64_t user_id, const std::string& password_hash, bool must_change) = 0;

  virtual Status InsertSession(const Session& s) = 0;
  virtual Result<Session> GetSession(const std::string& token_hash) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOf(int64_t user_id) = 0;
  // Sessions of one kind ("apikey"), newest first, at most `limit`.
  virtual Result<std::vector<Session>> SessionsOfKind(const std::string& kind, int limit) = 0;

  // Notification recipients: active users of a department; active users of a role scoped exactly to a place.
  virtual Result<std::vector<User>> UsersOfDepartment(int64_t dept_id) = 0;
  virtual Result<std::vector<User>> UsersAt(const std::string& place_code, const std::string& role) = 0;
};

}  // namespace wangge::storage
