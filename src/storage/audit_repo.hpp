// The audit trail (留痕): append-only, each row hashing the previous one, so an altered or missing row is
// found by walking the chain (`wangge verify-audit`). Every change and every unmasked read of a sensitive
// field appends a row in the transaction of what it records. Backends: sqlite/audit_repo.cpp; the hash:
// audit_repo.cpp; contract: audit_repo_test.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct AuditEntry {
  int64_t seq = 0;
  std::string at;  // ISO 8601 UTC with milliseconds
  int64_t user_id = 0;
  std::string username;
  std::string action;  // "person.create", "person.unmask", "place.update" …
  std::string entity;  // "person", "place" …
  std::string entity_id;
  std::string place_code;
  std::string detail;  // JSON object (never plaintext personal data)
  std::string prev_hash;
  std::string hash;
};

// Result of checking the audit chain.
struct AuditVerification {
  bool ok = true;
  int64_t rows_checked = 0;
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string reason;         // "hash mismatch", "missing row", "prev_hash mismatch"
};

// The audit row hash: SHA-256 over prev_hash and every other field, so any edit breaks the chain.
std::string AuditHash(const AuditEntry& e);

class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  // Appends with the next seq, prev_hash of the last row and its own hash; fills seq/at/hashes of *e.
  virtual Status Append(AuditEntry* e) = 0;
  virtual Result<Page<AuditEntry>> List(const std::string& scope, const PageRequest& page) = 0;
  // Walks the whole chain in seq order.
  virtual Result<AuditVerification> Verify() = 0;
};

}  // namespace wangge::storage
