#include "service/auth_service.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/entities.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {
constexpr auto kWindow = std::chrono::minutes(15);
constexpr int kMaxUserFailures = 5;  // per (username, address), and per user for a password change
constexpr int kMaxIpFailures = 20;   // per address, whatever the names

// The detail of an auth audit row: the client address, and what else is given.
std::string AuthDetail(const std::string& ip, nlohmann::json more = nlohmann::json::object()) {
  more["ip"] = ip;
  return more.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status BadCredentials() {
  return Status(StatusCode::kUnauthenticated, "用户名或密码错误", "wrong username or password");
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal which usernames
// exist.
const std::string& DummyHash() {
  static const std::string h = HashPassword("wangge-dummy-password-1");
  return h;
}

Result<Principal> ToPrincipal(const User& u) {
  auto role = RoleFromName(u.role);
  if (!role) return Internal("user " + u.username + " has unknown role " + u.role);
  Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.display_name = u.display_name;
  p.role = *role;
  p.scope = u.place_code;
  p.department_id = u.department_id;
  p.must_change_password = u.must_change_password;
  return p;
}
}  // namespace

bool AuthService::Throttled(const std::string& key) {
  std::lock_guard lk(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  if (std::chrono::steady_clock::now() - it->second.first > kWindow) {
    failures_.erase(it);
    return false;
  }
  int limit = key.rfind("ip:", 0) == 0 ? kMaxIpFailures : kMaxUserFailures;
  return it->second.count >= limit;
}

void AuthService::RecordFailure(const std::string& key) {
  std::lock_guard lk(mu_);
  auto& f = failures_[key];
  auto now = std::chrono::steady_clock::now();
  if (f.count == 0 || now - f.first > kWindow) {
    f.count = 0;
    f.first = now;
  }
  ++f.count;
  if (failures_.size() > 100000) failures_.clear();  // bound memory under a spray attack
}

void AuthService::ClearFailures(const std::string& key) {
  std::lock_guard lk(mu_);
  failures_.erase(key);
}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const std::string& ip) {
  // Failures count per (username, address) and per address, never per username alone: a stranger guessing a
  // county centre's password locks out only themselves, not the centre on its own machines.
  const std::string ukey = "user:" + username + "\n" + ip, ikey = "ip:" + ip;
  if (Throttled(ukey) || Throttled(ikey))
    return Status(StatusCode::kTooManyRequests, "登录失败次数过多，请 15 分钟后再试",
                  "too many failed logins; try again in 15 minutes");
  if (username.empty() || username.size() > 64 || password.size() > 256) return BadCredentials();
  User user;
  std::string hash;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    auto u = tx->users().GetByName(username);
    if (!u.ok()) {
      if (u.status().code() != StatusCode::kNotFound) return u.status();
      (void)VerifyPassword(DummyHash(), password);
      RecordFailure(ukey);
      RecordFailure(ikey);
      // Audited too: a spray of names from one address shows in the trail (the name as typed, cut to 64
      // bytes).
      Ctx ctx{Principal{.user_id = 0, .username = Utf8Prefix(username, 64)}, ip, ""};
      (void)db_->Write([&](storage::Tx& tx) {
        return Audit(tx, ctx, "auth.login_failed", "user", "", "",
                     AuthDetail(ip, {{"reason", "unknown_user"}}));
      });
      return BadCredentials();
    }
    user = *u;
    ASSIGN_OR_RETURN(hash, tx->users().PasswordHash(user.id));
  }
  if (!VerifyPassword(hash, password)) {
    RecordFailure(ukey);
    RecordFailure(ikey);
    Ctx ctx{Principal{.user_id = user.id, .username = user.username}, ip, ""};
    (void)db_->Write([&](storage::Tx& tx) {
      return Audit(tx, ctx, "auth.login_failed", "user", std::to_string(user.id), user.place_code,
                   AuthDetail(ip, {{"reason", "wrong_password"}}));
    });
    return BadCredentials();
  }
  if (user.disabled) return PermissionDenied("账号已停用", "account is disabled");
  ClearFailures(ukey);
  ASSIGN_OR_RETURN(Principal who, ToPrincipal(user));
  LoginResult out;
  out.token = RandomToken();
  out.expires_at = storage::NowUnix() + ttl_;
  out.who = who;
  Ctx ctx{who, ip, ""};
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(tx.users().InsertSession(
        storage::Session{Sha256Hex(out.token), user.id, storage::NowUnix(), out.expires_at}));
    return Audit(tx, ctx, "auth.login", "user", std::to_string(user.id), user.place_code, AuthDetail(ip));
  }));
  return out;
}

Result<Principal> AuthService::Authenticate(const std::string& token) {
  return AuthenticateKind(token, "session");
}

Result<Principal> AuthService::AuthenticateApiKey(const std::string& key) {
  return AuthenticateKind(key, "apikey");
}

Result<Principal> AuthService::AuthenticateKind(const std::string& token, std::string_view kind) {
  auto unauth = [] {
    return Status(StatusCode::kUnauthenticated, "请先登录（会话无效或已过期）",
                  "login required (session invalid or expired)");
  };
  if (token.empty() || token.size() > 128) return unauth();
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  auto s = tx->users().GetSession(Sha256Hex(token));
  if (!s.ok()) return s.status().code() == StatusCode::kNotFound ? unauth() : s.status();
  if (s->expires_at <= storage::NowUnix()) return unauth();
  // An API key opens the Open311 routes only: a leaked hotline key must not read the callers' phones in
  // /api/v1/orders. A login's token is no API key either.
  if (s->kind != kind) {
    if (s->kind == "apikey")
      return Status(StatusCode::kUnauthenticated, "API 密钥只能用于 Open311 接口，请登录后使用本接口",
                    "an API key opens the Open311 routes only; log in to use this one");
    return unauth();
  }
  // A database that went away between the two reads is a 503 like any other, not a signed-out caller.
  auto u = tx->users().Get(s->user_id);
  if (!u.ok()) return u.status().code() == StatusCode::kNotFound ? unauth() : u.status();
  if (u->disabled) return unauth();
  return ToPrincipal(*u);
}

Status AuthService::Logout(const Ctx& ctx, const std::string& token) {
  return db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(tx.users().DeleteSession(Sha256Hex(token)));
    return Audit(tx, ctx, "auth.logout", "user", std::to_string(ctx.who.user_id), ctx.who.scope,
                 AuthDetail(ctx.ip));
  });
}

Status AuthService::ChangePassword(const Ctx& ctx, const std::string& token, const std::string& old_password,
                                   const std::string& new_password) {
  RETURN_IF_ERROR(CheckPasswordStrength(new_password));
  if (old_password == new_password)
    return InvalidArgument("新密码不能与旧密码相同", "the new password must differ from the old one",
                           "new_password");
  // Someone holding a session must not be able to guess the password behind it: the same 5 failures per
  // 15 minutes as a login, counted per user (a 429 until the window ends, whatever the guess).
  const std::string key = "password:" + std::to_string(ctx.who.user_id);
  if (Throttled(key))
    return Status(StatusCode::kTooManyRequests, "原密码错误次数过多，请 15 分钟后再试",
                  "too many wrong current passwords; try again in 15 minutes");
  std::string hash;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(hash, tx->users().PasswordHash(ctx.who.user_id));
  }
  if (!VerifyPassword(hash, old_password)) {
    RecordFailure(key);
    (void)db_->Write([&](storage::Tx& tx) {
      return Audit(tx, ctx, "auth.password_change_failed", "user", std::to_string(ctx.who.user_id),
                   ctx.who.scope, AuthDetail(ctx.ip));
    });
    return InvalidArgument("原密码不正确", "the current password is wrong", "old_password");
  }
  ClearFailures(key);
  std::string new_hash = HashPassword(new_password);
  return db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(tx.users().SetPassword(ctx.who.user_id, new_hash, false));
    RETURN_IF_ERROR(tx.users().DeleteSessionsOf(ctx.who.user_id));
    // Keep the session that changed the password.
    RETURN_IF_ERROR(tx.users().InsertSession(
        storage::Session{Sha256Hex(token), ctx.who.user_id, storage::NowUnix(), storage::NowUnix() + ttl_}));
    return Audit(tx, ctx, "auth.password_change", "user", std::to_string(ctx.who.user_id), ctx.who.scope,
                 AuthDetail(ctx.ip));
  });
}

}  // namespace wangge::service
