// The demo county's 红黑榜 (`wangge demo`, docs/rolls.md): every village adopts the county's criteria and
// publishes a list every month of the past year — two to four red entries (a few model households listed
// again and again, so some reach 星级文明户), now and then a black one; a few nominations rejected by a
// committee, a few withdrawn on an upheld objection, objections dismissed, black listings lifted early or
// appealed. The current month is open: one entry awaiting review, one in its notice, one whose notice is
// over and is ready to publish, and in some villages a black entry in its notice. Deterministic from the
// seed, on a stream of its own; written before the points year, which closes the months the 上红榜 points are
// posted in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoRollsOptions {
  std::vector<std::string> villages;  // 12 digits
  int64_t secretary = 0;              // the account that reviews and publishes, 0 = the system
  int64_t nominator = 0;              // the grid worker's account, 0 = the secretary's
  int64_t resident_person = 0;        // the demo resident: listed red once, so their phone shows it
  bool full = false;
  uint64_t seed = 0;
  int64_t now = 0;
};

struct DemoRollsSummary {
  int64_t entries = 0, red = 0, black = 0, publications = 0, star_households = 0;
};

Result<DemoRollsSummary> BuildDemoRolls(storage::Database& db, const DemoRollsOptions& opt);

}  // namespace wangge::cli
