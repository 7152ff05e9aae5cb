// The demo county's petitions (信访, `wangge demo`): about 400 in the year before `now` at full scale, 30 at
// small scale, each played step by step through the order engine (order::Apply, petition kind) with its
// petitioners (sealed like every party):
//   registered at the county's desk (the desk's account, ~45 %) or a township centre from the five channels
//   (来访 a third, 来信, 网上, 12345, 领导信箱) → acceptance decided within the 15 days (late on ~5 %), or
//   不予受理 (~7 %) → 交办 to the category's department or the township → 接办 → 接访 / 约访 / 下访 → one
//   approved extension on ~10 % → 答复 within the 60 days (late on ~6 %) → 复查 asked on ~6 % of the answers,
//   answered by the county → 销案 once the 30 days for a 复查 have passed. ~12 % of the petitioners come back
//   with the same matter (重复信访, found as the service finds it: the same person and category within a
//   year); a first visit at the county's desk is 越级; ~10 % have a leader in charge (领导包案); a few are
//   上级交办 with their own date. Deterministic from the seed and `now`, on a stream of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/demo/orders.hpp"
#include "core/crypto.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoPetitionsOptions {
  std::string county;
  bool full = true;
  uint64_t seed = 0;
  int64_t now = 0;  // unix seconds
  std::vector<DemoGrid> grids;
};

struct DemoPetitionsSummary {
  int64_t petitions = 0, events = 0, petitioners = 0, repeats = 0, skip_level = 0, led = 0, open = 0;
};

// Writes the petitions in one transaction. The roll-ups are not touched: the demo rebuilds them once, after
// the event history (BuildDemoOrders).
Result<DemoPetitionsSummary> BuildDemoPetitions(storage::Database& db, const FieldCipher& cipher,
                                                const DemoPetitionsOptions& opt);

}  // namespace wangge::cli
