#include "service/apikey_service.hpp"

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {

namespace {
// Only the two roles that run the platform for a county hand out (and see, and revoke) machine access;
// kUserAdmin alone would also let township officials do it.
Status MayManageKeys(const Principal& who) {
  if (who.role != Role::kSystemAdmin && who.role != Role::kCountyCommand)
    return PermissionDenied("只有系统管理员或县级综治中心可以管理 API 密钥",
                            "only a system administrator or a county command centre may manage API keys");
  return Authz::Can(who, Permission::kUserAdmin);
}
constexpr size_t kKeyIdChars = 16;
}  // namespace

Result<IssuedApiKey> ApiKeyService::Issue(const Ctx& ctx, int64_t user_id) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(MayManageKeys(who));
  IssuedApiKey out;
  out.user_id = user_id;
  out.api_key = std::string(kPrefix) + RandomToken(32);
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto u = tx.users().Get(user_id);
    if (!u.ok()) return u.status().code() == StatusCode::kNotFound ? RecordNotFound() : u.status();
    // Outside the scope looks exactly like a missing account (authz.hpp).
    if (!Authz::InScope(who, u->place_code)) return RecordNotFound();
    if (u->role != RoleName(Role::kHotlineOperator) && u->role != RoleName(Role::kResident))
      return FailedPrecondition("API 密钥只能签发给 12345 热线话务员或群众账号",
                                "API keys are issued only to hotline_operator or resident accounts");
    if (u->disabled) return FailedPrecondition("账号已停用", "the account is disabled");
    const int64_t now = storage::NowUnix();
    out.expires_at = now + kTtlSeconds;
    const std::string hash = Sha256Hex(out.api_key);
    out.key_id = hash.substr(0, kKeyIdChars);
    RETURN_IF_ERROR(tx.users().InsertSession(
        storage::Session{hash, user_id, now, out.expires_at, "apikey", out.api_key.substr(0, 8)}));
    // Never the key itself: only who got one, which (by its id) and until when.
    nlohmann::json detail{{"user_id", user_id},
                          {"role", u->role},
                          {"key_id", out.key_id},
                          {"expires_at", cal::IsoLocal(out.expires_at)}};
    return Audit(tx, ctx, "apikey.issue", "user", std::to_string(user_id), u->place_code, detail.dump());
  }));
  return out;
}

Result<std::vector<ApiKeyInfo>> ApiKeyService::List(const Ctx& ctx, int64_t user_id) {
  RETURN_IF_ERROR(MayManageKeys(ctx.who));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto keys, tx->users().SessionsOfKind("apikey", 10000));
  std::vector<ApiKeyInfo> out;
  const int64_t now = storage::NowUnix();
  for (const storage::Session& k : keys) {
    if (k.expires_at <= now || (user_id > 0 && k.user_id != user_id)) continue;
    auto u = tx->users().Get(k.user_id);
    if (!u.ok() || !Authz::InScope(ctx.who, u->place_code)) continue;
    out.push_back(ApiKeyInfo{k.token_hash.substr(0, kKeyIdChars), k.hint, u->id, u->username, u->display_name,
                             u->role, u->place_code, k.created_at, k.expires_at});
  }
  return out;
}

Status ApiKeyService::Revoke(const Ctx& ctx, const std::string& key_id) {
  RETURN_IF_ERROR(MayManageKeys(ctx.who));
  if (key_id.size() != kKeyIdChars || key_id.find_first_not_of("0123456789abcdef") != std::string::npos)
    return RecordNotFound();
  return db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto keys, tx.users().SessionsOfKind("apikey", 100000));
    for (const storage::Session& k : keys) {
      if (k.token_hash.compare(0, kKeyIdChars, key_id) != 0) continue;
      auto u = tx.users().Get(k.user_id);
      if (!u.ok() || !Authz::InScope(ctx.who, u->place_code)) return RecordNotFound();
      RETURN_IF_ERROR(tx.users().DeleteSession(k.token_hash));
      nlohmann::json detail{{"user_id", u->id}, {"key_id", key_id}};
      return Audit(tx, ctx, "apikey.revoke", "user", std::to_string(u->id), u->place_code, detail.dump());
    }
    return RecordNotFound();
  });
}

}  // namespace wangge::service
