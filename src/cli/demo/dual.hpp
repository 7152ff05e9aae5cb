// The demo county's 双报到 (`wangge demo`, docs/dual.md): in every village two or three county units
// (机关、事业单位、企业) registered with what they pledge; in-service party members of working age who live
// there registered with it (most naming a registered unit as employer, a few another employer), most placed
// in their grid; three or four posts (岗位) they claim; and a year of the hours they served, reported every
// few weeks, confirmed into the 时间银行 (a few sent back), the last fortnight's still pending. The demo
// party member's account is left unregistered, so the tour can show 报到. Deterministic from the seed, on a
// stream of its own; written before the points year, which closes the months these hours are posted in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoDualOptions {
  std::vector<std::string> villages;  // 12 digits
  int64_t skip_person = 0;            // the demo party member's person: not registered
  int64_t confirmer = 0;              // the account that confirms (the secretary's), 0 = the system
  bool full = false;
  uint64_t seed = 0;
  int64_t now = 0;
};

struct DemoDualSummary {
  int64_t units = 0, members = 0, posts = 0, logs = 0;
};

Result<DemoDualSummary> BuildDemoDual(storage::Database& db, const DemoDualOptions& opt);

}  // namespace wangge::cli
