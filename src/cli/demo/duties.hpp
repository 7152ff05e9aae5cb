// The demo county's 减负 (`wangge demo`, docs/duties.md): the county published its 准入清单 (13 items and 20
// cancelled certificates), 小微权力清单 (64) and 为民服务事项清单 (16) from the template thirteen months ago,
// and a second version of the 准入清单 four months ago that withdrew one item; every department sends the
// villages tasks citing admitted items over the year (most received, done and checked; a few returned by the
// community, a few still open, a few late), some attempts were refused by the platform (no item, a
// cancelled certificate, the old version, the withdrawn item), and the departments filed inspections, those
// beyond the county's cap waiting for or given its approval. Deterministic from the seed, on a stream of its
// own; written before the event history, whose roll-up rebuild then counts the tasks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoDutiesOptions {
  std::string county;
  std::vector<std::string> villages;  // 12 digits
  std::vector<Department> departments;
  int64_t county_user = 0;                    // the account that publishes and approves (0 = the system)
  int64_t dept_user = 0, dept_user_dept = 0;  // a department account, the tasks of its department are its
  std::vector<User> secretaries;              // community_secretary accounts (who receive and finish)
  bool full = false;
  uint64_t seed = 0;
  int64_t now = 0;
};

struct DemoDutiesSummary {
  int64_t tasks = 0, refused = 0, returned = 0, inspections = 0, over_cap = 0;
};

Result<DemoDutiesSummary> BuildDemoDuties(storage::Database& db, const FieldCipher& cipher,
                                          const DemoDutiesOptions& opt);

}  // namespace wangge::cli
