// The party organisation tree (街道党工委 → 社区党组织 → 网格党支部 → 楼栋党小组), linked to the places they
// cover, and the "one grid, one branch or group" coverage (网格党组织覆盖率). Backends:
// sqlite/party_repo.cpp; contract: party_repo_test.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// 党组织 tree. Kinds and place levels are checked by the service (validation.hpp); the repo stores them.
class PartyOrgRepo {
 public:
  virtual ~PartyOrgRepo() = default;
  // RecordNotFound when absent (retired ones are returned).
  virtual Result<PartyOrg> Get(int64_t id) = 0;
  // Live party orgs in the scope, ordered by (place_code, id).
  virtual Result<Page<PartyOrg>> List(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> Insert(const PartyOrg& o) = 0;
  // Writes every field; kConflict when o.version is not the stored version; bumps the version.
  virtual Status Update(const PartyOrg& o) = 0;
  // "一网格一支部(小组)": live grids in the scope, and those with a live grid_branch or building_group whose
  // place code is the grid or lies below it.
  virtual Result<GridPartyCoverage> GridCoverage(const std::string& scope) = 0;
};

}  // namespace wangge::storage
