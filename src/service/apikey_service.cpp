#include "service/apikey_service.hpp"

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"

namespace wangge::service {

Result<IssuedApiKey> ApiKeyService::Issue(const Ctx& ctx, int64_t user_id) {
  const Principal& who = ctx.who;
  // Only the two roles that run the platform for a county hand out machine access; kUserAdmin alone would
  // also let township officials do it.
  if (who.role != Role::kSystemAdmin && who.role != Role::kCountyCommand)
    return PermissionDenied("只有系统管理员或县级综治中心可以签发 API 密钥",
                            "only a system administrator or a county command centre may issue API keys");
  RETURN_IF_ERROR(Authz::Can(who, Permission::kUserAdmin));
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
    RETURN_IF_ERROR(
        tx.users().InsertSession(storage::Session{Sha256Hex(out.api_key), user_id, now, out.expires_at}));
    // Never the key itself: only who got one and until when.
    nlohmann::json detail{
        {"user_id", user_id}, {"role", u->role}, {"expires_at", cal::IsoLocal(out.expires_at)}};
    return Audit(tx, ctx, "apikey.issue", "user", std::to_string(user_id), u->place_code, detail.dump());
  }));
  return out;
}

}  // namespace wangge::service
