// Dispute cases (矛盾纠纷): the records beside a case's order (the order itself is OrderRepo's) — its parties
// (当事人, personal data stored sealed) and its mediation agreement (调解协议书). Backends:
// sqlite/disputes_repo.cpp, postgres/disputes_repo.cpp; contract: disputes_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dispute.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

class DisputeRepo {
 public:
  virtual ~DisputeRepo() = default;
  // Inserts a party of an existing order (its stored forms; the clear fields are not stored) and fills p->id.
  // RecordNotFound when the order does not exist.
  virtual Status InsertParty(dispute::Party* p) = 0;
  // The order's parties in id order (stored forms; clear fields empty).
  virtual Result<std::vector<dispute::Party>> Parties(int64_t order_id) = 0;
  // Parties whose citizen ID or phone has this blind index (either column), newest first, at most `limit`:
  // a person's history across cases.
  virtual Result<std::vector<dispute::Party>> PartiesByIndex(const std::string& index, int limit) = 0;
  // Writes the order's agreement: a new one when a.version is 0 (kConflict when one exists), else replaces
  // the stored one of that version (kConflict when stale). Returns the new version.
  virtual Result<int64_t> PutAgreement(const dispute::Agreement& a) = 0;
  // The order's agreement; nullopt when none was recorded.
  virtual Result<std::optional<dispute::Agreement>> GetAgreement(int64_t order_id) = 0;
};

}  // namespace wangge::storage
