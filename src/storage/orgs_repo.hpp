// New organisations (两新组织): non-public enterprises and social organisations, their "三有" ledger and the
// party organisation set up in them; the coverage rates (组织覆盖率, 工作覆盖率) are computed here from the
// rows, never typed in. Backends: sqlite/orgs_repo.cpp; contract: orgs_repo_test.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

class OrgRepo {
 public:
  virtual ~OrgRepo() = default;
  virtual Result<Organization> Get(int64_t id) = 0;
  virtual Result<Page<Organization>> List(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> Insert(const Organization& o) = 0;
  virtual Status Update(const Organization& o) = 0;
  virtual Result<OrgCoverage> Coverage(const std::string& scope) = 0;
};

}  // namespace wangge::storage
