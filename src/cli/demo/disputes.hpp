// The demo county's dispute cases (矛盾纠纷, `wangge demo`): about 2,500 cases in the year before `now` at
// full scale (会泽 mediated 2,500 disputes a year, seed report 002), 80 at small scale, each played step by
// step through the order engine (order::Apply, dispute kind) with its parties (sealed like every party) and,
// when one was reached, its 调解协议书:
//   registered by the grid's worker → accepted by the 综治中心 → given to the village committee (~80 %) or
//   the township's → taken by its mediator → one to three sessions → risk assessed on a quarter of the cases
//   (~10 % of those high) → agreed (~84 %: settled, or partly) within the 30 days on most, late on ~6 % →
//   司法确认 on a quarter → 回访 until performed; or mediation failed (~16 %) → 诉讼 / 仲裁 / 行政处理 → that
//   channel's result recorded on most.
// Types follow the class 08 categories (邻里, 婚姻家庭, 土地山林, 劳资 …). Cases still running at `now` stay
// open in their state. Deterministic from the seed and `now`, on a stream of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/demo/orders.hpp"
#include "core/crypto.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoDisputesOptions {
  std::string county;
  bool full = true;
  uint64_t seed = 0;
  int64_t now = 0;  // unix seconds
  std::vector<DemoGrid> grids;
};

struct DemoDisputesSummary {
  int64_t cases = 0, events = 0, parties = 0, agreements = 0, open = 0;
};

// Writes the cases in one transaction. The roll-ups are not touched: the demo rebuilds them once, after the
// event history (BuildDemoOrders).
Result<DemoDisputesSummary> BuildDemoDisputes(storage::Database& db, const FieldCipher& cipher,
                                              const DemoDisputesOptions& opt);

}  // namespace wangge::cli
