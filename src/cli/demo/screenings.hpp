// The demo county's 矛盾纠纷排查 history (`wangge demo`): every grid's weekly round and every township's
// half-monthly one for each period that ended in the year before `now`, under the default schedule
// (core/screening.hpp). About 91 % of rounds are recorded within their period, 5 % late (one to six days
// after it), 4 % never; about 6 % of grid rounds find something (1-3 conflicts, roughly 60 % settled on the
// spot). Rounds are recorded by the grid's or township's demo account where one exists, else by user 0.
// The current periods are left open for the users to record, and the places with a demo account have their
// last period's round missing (to make up late, 补登). Deterministic from the seed and `now`, on a
// stream of its own (the rest of the demo draws the same numbers with or without it).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoScreeningsOptions {
  std::vector<std::string> grids;            // 15-digit codes
  std::vector<std::string> townships;        // 9-digit codes
  std::map<std::string, int64_t> recorders;  // place code -> the user who records its rounds
  uint64_t seed = 0;
  int64_t now = 0;  // unix seconds
};

// Writes the records (one write job per township's grids); returns how many.
Result<int64_t> BuildDemoScreenings(storage::Database& db, const DemoScreeningsOptions& opt);

}  // namespace wangge::cli
