#include "service/audit_service.hpp"

#include "service/authz.hpp"

namespace wangge::service {

Status Audit(storage::Tx& tx, const Ctx& ctx, std::string action, std::string entity, std::string entity_id,
             std::string place_code, std::string detail_json) {
  storage::AuditEntry e;
  e.user_id = ctx.who.user_id;
  e.username = ctx.who.username;
  e.action = std::move(action);
  e.entity = std::move(entity);
  e.entity_id = std::move(entity_id);
  e.place_code = std::move(place_code);
  e.detail = std::move(detail_json);
  return tx.audit().Append(&e);
}

Result<storage::Page<storage::AuditEntry>> AuditService::List(const Ctx& ctx, const std::string& scope,
                                                              const storage::PageRequest& page) {
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kAuditRead, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->audit().List(s, page);
}

Result<storage::AuditVerification> AuditService::Verify(const Ctx& ctx) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kAuditRead));
  if (!ctx.who.scope.empty())
    return PermissionDenied("只有系统管理员可以校验整条审计链",
                            "only a system administrator may verify the whole chain");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->audit().Verify();
}

}  // namespace wangge::service
