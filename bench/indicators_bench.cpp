// In-process benchmark of the event loop's read side on a built demo county (WANGGE_BENCH_DIR, a data dir
// made by `wangge demo --scale full`), as the demo's `county` user:
//   indicators   OrderService::Indicators for the county and for every township over the last 12 months
//                (roll-ups), p50/p99 — target p99 < 10 ms;
//   group_by     the same figures by a SQL GROUP BY over the raw orders (OrderRepo::RecomputeFromOrders),
//                and the ratio of the two medians — target ≥ 100x;
//   open_list    the open-order list of each township sorted by deadline, first page of 50 — target
//                p99 < 10 ms;
//   on_demand    villages' and grids' figures over 12 months computed from the orders (RecomputeFromOrders,
//                the orders' place index) for 200 of each, p50/p99 next to the roll-ups' (SumRollup): the
//                test of whether those levels could drop their maintained roll-ups (p99 < 10 ms on both
//                backends, docs/architecture.md "Roll-ups").
// WANGGE_DB (a postgresql:// URL) runs it on PostgreSQL; the data dir still gives the key.
// Prints one "RESULT {json}" line per figure (the bench/lib.sh format) and exits 2 when WANGGE_BENCH_DIR is
// unset. Iterations: BENCH_ITER (default 300 per figure; the GROUP BY baseline runs BENCH_ITER/30 times).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "core/calendar.hpp"
#include "core/indicators.hpp"
#include "service/app.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace {

using wangge::bench::Clock;
using wangge::bench::Ms;
using wangge::bench::Pct;
using wangge::service::Ctx;

void Emit(const char* metric, double value, const char* unit, const char* target) {
  wangge::bench::Emit("indicators", metric, value, unit, target);
}

}  // namespace

int main() {
  wangge::bench::County county_db;
  if (int rc = wangge::bench::OpenCounty("indicators_bench", &county_db); rc != 0) return rc;
  const char* dir = std::getenv("WANGGE_BENCH_DIR");
  const int iters = std::getenv("BENCH_ITER") ? std::max(10, std::atoi(std::getenv("BENCH_ITER"))) : 300;
  auto& app = county_db.app;
  const Ctx& ctx = county_db.ctx;
  const std::string& county = county_db.code;
  const std::vector<std::string>& towns = county_db.townships;
  std::vector<std::string> subjects = {county};
  subjects.insert(subjects.end(), towns.begin(), towns.end());
  std::printf("indicators_bench: %s, county %s + %zu townships, %d iterations\n", dir, county.c_str(),
              towns.size(), iters);

  // 1. Indicators through the service (roll-ups), county and townships in rotation.
  std::vector<double> county_ms, town_ms;
  int64_t received = 0;
  for (int i = 0; i < iters; ++i) {
    const std::string& s = subjects[static_cast<size_t>(i) % subjects.size()];
    wangge::service::IndicatorQuery q;
    q.place = s;
    auto t0 = Clock::now();
    auto r = app->orders.Indicators(ctx, q);
    double ms = Ms(Clock::now() - t0);
    if (!r.ok()) {
      std::fprintf(stderr, "indicators_bench: %s\n", r.status().ToString().c_str());
      return 1;
    }
    if (s == county) {
      county_ms.push_back(ms);
      received = r->total[wangge::order::kReceived];
    } else {
      town_ms.push_back(ms);
    }
  }
  std::vector<double> all = county_ms;
  all.insert(all.end(), town_ms.begin(), town_ms.end());
  std::printf(
      "  roll-ups: county p50 %.3f ms p99 %.3f ms; townships p50 %.3f ms p99 %.3f ms (county received "
      "%lld)\n",
      Pct(county_ms, 0.5), Pct(county_ms, 0.99), Pct(town_ms, 0.5), Pct(town_ms, 0.99),
      static_cast<long long>(received));
  Emit("indicators_county_p99", Pct(county_ms, 0.99), "ms", "< 10");
  Emit("indicators_township_p99", Pct(town_ms, 0.99), "ms", "< 10");

  // 2. The same figures by GROUP BY over the raw orders.
  const int32_t to = wangge::cal::LocalDay(wangge::storage::NowUnix());
  const int32_t from = wangge::order::FirstDayOfMonth(wangge::order::MonthOfDay(to) - 11);
  std::vector<double> gb_county, gb_town;
  const int gb_iters = std::max(3, iters / 30);
  bool equal = true;
  for (int i = 0; i < gb_iters * static_cast<int>(std::min<size_t>(subjects.size(), 6)); ++i) {
    const std::string& s = subjects[static_cast<size_t>(i) % std::min<size_t>(subjects.size(), 6)];
    wangge::storage::RollupQuery rq{s, from, to, "", std::nullopt};
    auto tx = app->db().Read();
    auto t0 = Clock::now();
    auto m = (*tx)->orders().RecomputeFromOrders(rq);
    double ms = Ms(Clock::now() - t0);
    auto fast = (*tx)->orders().SumRollup(rq);
    if (!m.ok() || !fast.ok()) {
      std::fprintf(stderr, "indicators_bench: GROUP BY failed\n");
      return 1;
    }
    equal = equal && *m == *fast;
    (s == county ? gb_county : gb_town).push_back(ms);
  }
  const double ratio_county = Pct(gb_county, 0.5) / std::max(1e-6, Pct(county_ms, 0.5));
  const double ratio_town = Pct(gb_town, 0.5) / std::max(1e-6, Pct(town_ms, 0.5));
  std::printf(
      "  GROUP BY: county p50 %.1f ms, townships p50 %.1f ms; speed-up %.0fx (county) %.0fx (townships); "
      "figures %s\n",
      Pct(gb_county, 0.5), Pct(gb_town, 0.5), ratio_county, ratio_town, equal ? "identical" : "DIFFER");
  Emit("groupby_county_p50", Pct(gb_county, 0.5), "ms", "");
  Emit("groupby_township_p50", Pct(gb_town, 0.5), "ms", "");
  Emit("speedup_county", ratio_county, "x", ">= 100");
  Emit("speedup_township", ratio_town, "x", ">= 100");

  // 3. The open-order list of a township sorted by deadline, first page.
  std::vector<double> list_ms;
  size_t items = 0;
  for (int i = 0; i < iters; ++i) {
    wangge::service::OrderFilter f;
    f.scope = towns.empty() ? county : towns[static_cast<size_t>(i) % towns.size()];
    f.sort = "deadline";
    f.page.limit = 50;
    auto t0 = Clock::now();
    auto r = app->orders.List(ctx, f);
    list_ms.push_back(Ms(Clock::now() - t0));
    if (!r.ok()) {
      std::fprintf(stderr, "indicators_bench: %s\n", r.status().ToString().c_str());
      return 1;
    }
    items += r->items.size();
  }
  std::printf("  open-order list (township, by deadline, 50): p50 %.3f ms p99 %.3f ms (%.1f items/page)\n",
              Pct(list_ms, 0.5), Pct(list_ms, 0.99), static_cast<double>(items) / iters);
  Emit("open_list_township_p99", Pct(list_ms, 0.99), "ms", "< 10");

  // 4. Villages and grids on demand: every 200th of each level's places in code order (spread over the
  // townships), the 12 months' figures from the orders and from the roll-ups, which must agree.
  for (int level : {5, 6}) {
    std::vector<std::string> places;
    {
      auto tx = app->db().Read();
      std::string after;
      std::vector<std::string> all;
      while (true) {
        auto pg = (*tx)->places().InScope(county, level, false, {.after = after, .limit = 1000});
        if (!pg.ok()) return 1;
        for (const auto& p : pg->items) all.push_back(p.code);
        if (pg->next.empty()) break;
        after = pg->next;
      }
      const size_t step = std::max<size_t>(1, all.size() / 200);
      for (size_t i = 0; i < all.size(); i += step) places.push_back(all[i]);
    }
    std::vector<double> demand_ms, rollup_ms;
    for (int round = 0; round < 3; ++round)
      for (const std::string& p : places) {
        wangge::storage::RollupQuery rq{p, from, to, "", std::nullopt};
        auto tx = app->db().Read();
        auto t0 = Clock::now();
        auto m = (*tx)->orders().RecomputeFromOrders(rq);
        demand_ms.push_back(Ms(Clock::now() - t0));
        t0 = Clock::now();
        auto fast = (*tx)->orders().SumRollup(rq);
        rollup_ms.push_back(Ms(Clock::now() - t0));
        if (!m.ok() || !fast.ok()) {
          std::fprintf(stderr, "indicators_bench: on-demand figures failed\n");
          return 1;
        }
        equal = equal && *m == *fast;
      }
    const char* name = level == 5 ? "village" : "grid";
    std::printf(
        "  %ss on demand (%zu places x 3): p50 %.3f ms p99 %.3f ms; roll-ups p50 %.3f ms p99 %.3f ms\n", name,
        places.size(), Pct(demand_ms, 0.5), Pct(demand_ms, 0.99), Pct(rollup_ms, 0.5), Pct(rollup_ms, 0.99));
    Emit(level == 5 ? "on_demand_village_p99" : "on_demand_grid_p99", Pct(demand_ms, 0.99), "ms", "< 10");
    Emit(level == 5 ? "rollup_village_p99" : "rollup_grid_p99", Pct(rollup_ms, 0.99), "ms", "");
  }
  std::printf("  figures %s\n", equal ? "identical" : "DIFFER");
  return equal ? 0 : 1;
}
