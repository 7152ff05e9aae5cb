// The event-loop history of the demo county (`wangge demo`): about twelve months of work orders (工单) -
// reported by grid workers on patrol (~55 %), residents on the web (~20 %), 12345 hotline operators (~20 %)
// and Open311 clients (~5 %) - each driven step by step through the order engine (order::Apply with the
// working-time calendar and its category), so deadlines, late flags, tiers and counters are what the live
// system would have produced, with a timeline row per step (the scheduler's alarm, auto-close and late-报到
// rows included), call-ins (吹哨) and their 报到, and the roll-ups rebuilt once at the end.
//
// What the county looks like (full scale, measured): 响应率 ~96 %, 解决率 ~95 %, 满意率 ~97 %, 按期办结率
// ~92 %, 重办率 ~6 %, 回退率 ~5 %; ~37 % of patrol reports settled on the spot (就地办结), the rest
// dispatched by the dispatch catalogue (~3 % one level too low), ~4 % returned (退单), ~3 % escalated (上报),
// ~2 % 吹哨, ~5 % refused, ~2 % merged duplicates; ratings ~80 % 满意 / 15 % 基本满意 / 5 % 不满意 on ~70 %
// of checked orders; tiers grid ~31 % > village ~25 % > department ~23 % > township ~18 % > county ~3 %. A
// few matters (难事: disputes, petitions, illegal buildings) drag on for months under 督办 and about half of
// them are still open and red at `now`, which is what keeps 解决率 below 100 %. The last weeks leave open
// orders in every open state, some yellow and some red.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/category.hpp"
#include "core/crypto.hpp"
#include "core/order.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::cli {

// A grid of the demo county as the generator planned it.
struct DemoGrid {
  std::string code;  // 15 digits
  std::string name;  // "翠屏社区第2网格", "会泽县第一中学专属网格"
  std::string village_name, township_name;
  double west = 0, south = 0, east = 0, north = 0;  // its rectangular boundary (lon/lat degrees)
  int households = 0;
  bool urban = false;      // a community's grid
  bool exclusive = false;  // a school or hospital grid (专属网格)
};

struct DemoOrdersOptions {
  std::string county;  // 6-digit county code
  bool full = true;    // FULL: ~315,000 orders; SMALL: ~3,000
  uint64_t seed = 0;   // std::mt19937_64 seed: the same seed and `now` give the same history
  int64_t now = 0;     // the demo's present (unix seconds); the history covers the year before it
  std::vector<DemoGrid> grids;
  size_t chunk = 20000;  // orders per write job
};

struct DemoOrdersSummary {
  int64_t orders = 0, events = 0, callins = 0;
  std::array<int64_t, order::kStateCount> by_state{};  // final state of the orders
  int64_t yellow = 0, red = 0;                         // open orders by colour at `now`
  double seconds = 0;
};

// Generates and writes the history. Actors are the users already in the county where they fit (the grid
// worker of a grid, the secretary of a village, the township official, the county command centre, the
// department handler of a department, the 12345 operator, a resident of a village); other steps carry user 0
// with a plausible name ("翠屏社区第2网格网格员", "县民政局经办人"), and an order claimed by such a person
// has no handler_user_id (nor a reporter_user_id when reported by a resident without an account). Departments
// are read from the database (by code, as in the dispatch catalogue); categories and the holiday calendar
// from the database, or the shipped tables when the database has none. Reporter names and phones are stored
// only encrypted (service::OrderService::EncryptReporter). Writes: one db.Write job per `chunk` orders in
// receipt order (so ids follow receipt time), then one job that rebuilds every roll-up and appends the audit
// row "demo.orders". Errors: kInvalidArgument without grids or county; kInternal if the engine refuses a
// generated step (a bug); any storage error.
Result<DemoOrdersSummary> BuildDemoOrders(storage::Database& db, const FieldCipher& cipher,
                                          const DemoOrdersOptions& opt);

// The scheduler's alarm steps (time-limit colour changes) due on `o` up to `until` and before `now`, applied
// through the engine and appended to `events` as the live scheduler writes them; the demo's histories of
// every kind fire them before each step.
Status FireDemoAlarms(order::Order& o, std::vector<storage::OrderEvent>& events,
                      const cal::Calendar& calendar, const Category& category, int64_t until, int64_t now);

// The working-time calendar and the category table the demo's histories are played with: the database's,
// else the shipped tables (data/holidays.csv, data/categories.csv).
Result<cal::Calendar> DemoCalendar(storage::Tx& tx);
Result<std::vector<Category>> DemoCategories(storage::Tx& tx);

}  // namespace wangge::cli
