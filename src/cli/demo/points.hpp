// The demo county's 时间银行, 积分 and 积分超市 year (`wangge demo`, core/ledger.hpp): in every village and
// community a few dozen people take part — points by the shipped rules table (within each rule's monthly
// cap), volunteers' hours of public service (公益时间, in half hours), a shop of five to eight items with
// stock, and redemptions when a participant has the points: those older than a week handed over, about 3 %
// cancelled (the points reversed, the stock put back), the recent ones waiting at the shop. Every month
// before the current one is closed. The demo resident and party member take part in their community and have
// a redemption waiting. Deterministic from the seed and `now`, on a stream of its own (the rest of the demo
// draws the same numbers with or without it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoPointsOptions {
  std::vector<std::string> villages;  // 12-digit codes
  std::vector<int64_t> always;        // people who take part wherever they live (the demo accounts')
  std::string keeper_village;         // the secretary's village: its hand-overs are by `keeper`
  int64_t keeper = 0;                 // the secretary's user id (0 = none)
  int participants = 25;              // people per village
  uint64_t seed = 0;
  int64_t now = 0;  // unix seconds
};

struct DemoPointsSummary {
  int64_t entries = 0, redemptions = 0, items = 0;
};

// Writes one job per village; the months are closed in the last job of each village.
Result<DemoPointsSummary> BuildDemoPoints(storage::Database& db, const DemoPointsOptions& opt);

}  // namespace wangge::cli
