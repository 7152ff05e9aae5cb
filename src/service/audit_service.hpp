// The audit trail ("留痕"): every write and every unmasked read appends one hash-chained row, inside the
// same transaction as the change it records.
#pragma once

#include <string>

#include "service/context.hpp"
#include "storage/audit_repo.hpp"
#include "storage/database.hpp"

namespace wangge::service {

// Appends an audit row for `ctx` inside the write transaction `tx`. `detail_json` must be a JSON object and
// must never contain plaintext personal data.
Status Audit(storage::Tx& tx, const Ctx& ctx, std::string action, std::string entity, std::string entity_id,
             std::string place_code, std::string detail_json = "{}");

class AuditService {
 public:
  explicit AuditService(storage::Database* db) : db_(db) {}
  // kAuditRead; rows whose place code lies in the caller's scope, newest first.
  Result<storage::Page<storage::AuditEntry>> List(const Ctx& ctx, const std::string& scope,
                                                  const storage::PageRequest& page);
  // kAuditRead; walks the whole chain.
  Result<storage::AuditVerification> Verify(const Ctx& ctx);

 private:
  storage::Database* db_;
};

}  // namespace wangge::service
