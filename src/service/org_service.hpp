// 两新组织 ledger and its coverage rates (computed, never typed in).
#pragma once

#include <functional>

#include "core/entities.hpp"
#include "service/context.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct CoverageRates {
  OrgCoverage counts;
  double org_coverage = 0;               // 组织覆盖率 = with_party_org / total
  double work_coverage = 0;              // 工作覆盖率 = with_work / total
  double with_members_org_coverage = 0;  // 有党员的组织覆盖率 = with_members_and_org / with_members
  double without_members_work_coverage =
      0;  // 无党员的工作覆盖率 = without_members_with_work / without_members
};

// "一网格一支部(小组)": 网格党组织覆盖率 = grids_covered / grids (computed from the party org tree).
struct GridPartyRates {
  GridPartyCoverage counts;
  double grid_coverage = 0;
};

class OrgService {
 public:
  explicit OrgService(storage::Database* db) : db_(db) {}
  Result<Organization> Get(const Ctx& ctx, int64_t id);
  Result<storage::Page<Organization>> List(const Ctx& ctx, const std::string& scope,
                                           const storage::PageRequest& page);
  Result<Organization> Create(const Ctx& ctx, Organization o);
  Result<Organization> Update(const Ctx& ctx, int64_t id, int64_t version,
                              const std::function<Status(Organization&)>& apply);
  Result<CoverageRates> Coverage(const Ctx& ctx, const std::string& scope);

  // 党组织 tree (same permissions as the ledger: kOrgRead / kOrgWrite). A parent, when given, must exist, be
  // live, be of a higher kind and cover a place whose code is a prefix of the child's.
  Result<PartyOrg> GetParty(const Ctx& ctx, int64_t id);
  Result<storage::Page<PartyOrg>> ListParty(const Ctx& ctx, const std::string& scope,
                                            const storage::PageRequest& page);
  Result<PartyOrg> CreateParty(const Ctx& ctx, PartyOrg o);
  Result<PartyOrg> UpdateParty(const Ctx& ctx, int64_t id, int64_t version,
                               const std::function<Status(PartyOrg&)>& apply);
  Result<GridPartyRates> GridCoverage(const Ctx& ctx, const std::string& scope);

 private:
  storage::Database* db_;
};

}  // namespace wangge::service
