// In-process benchmark of the dispute side's read paths on a built demo county (WANGGE_BENCH_DIR, a data dir
// made by `wangge demo --scale full`: ~2,500 cases and a year of screening rounds), as the demo's `county`
// user:
//   case_list      each township's dispute cases sorted by deadline (the open ones) and newest first (the
//                  list's default), first page of 50 (DisputeService::List) — target p99 < 10 ms (issue 13);
//   figures        the county's and each township's dispute figures over the last 12 months from the
//                  roll-ups (OrderService::Indicators, kind dispute) — target p99 < 10 ms;
//   board          the screening board of the current week for the county and for each township
//                  (ScreeningService::Board) — p50/p99.
// WANGGE_DB (a postgresql:// URL) runs it on PostgreSQL; the data dir still gives the key. Prints one
// "RESULT {json}" line per figure (the bench/lib.sh format) and exits 2 when WANGGE_BENCH_DIR is unset.
// Iterations: BENCH_ITER (default 300 per figure).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_common.hpp"

namespace {

using wangge::bench::Clock;
using wangge::bench::Ms;
using wangge::bench::Pct;

void Emit(const char* metric, double value, const char* unit, const char* target) {
  wangge::bench::Emit("disputes", metric, value, unit, target);
}

// Runs fn `iters` times over the subjects in rotation; returns the durations (ms), or nothing on an error.
template <typename Fn>
bool Time(int iters, const std::vector<std::string>& subjects, Fn fn, std::vector<double>* ms) {
  for (int i = 0; i < iters; ++i) {
    const std::string& s = subjects[static_cast<size_t>(i) % subjects.size()];
    auto t0 = Clock::now();
    const wangge::Status st = fn(s);
    ms->push_back(Ms(Clock::now() - t0));
    if (!st.ok()) {
      std::fprintf(stderr, "disputes_bench: %s: %s\n", s.c_str(), st.ToString().c_str());
      return false;
    }
  }
  return true;
}

}  // namespace

int main() {
  wangge::bench::County county_db;
  if (int rc = wangge::bench::OpenCounty("disputes_bench", &county_db); rc != 0) return rc;
  const char* dir = std::getenv("WANGGE_BENCH_DIR");
  const int iters = std::getenv("BENCH_ITER") ? std::max(10, std::atoi(std::getenv("BENCH_ITER"))) : 300;
  auto& app = county_db.app;
  const wangge::service::Ctx& ctx = county_db.ctx;
  const std::string& county = county_db.code;
  const std::vector<std::string>& towns = county_db.townships;
  if (towns.empty()) {
    std::fprintf(stderr, "disputes_bench: no townships under %s\n", county.c_str());
    return 1;
  }
  std::printf("disputes_bench: %s, county %s + %zu townships, %d iterations\n", dir, county.c_str(),
              towns.size(), iters);

  // 1. Each township's cases by deadline (the open ones), then newest first (the list's default), first page.
  for (const char* sort : {"deadline", "newest"}) {
    std::vector<double> list_ms;
    size_t items = 0;
    if (!Time(
            iters, towns,
            [&](const std::string& town) -> wangge::Status {
              wangge::service::OrderFilter f;
              f.scope = town;
              f.sort = sort;
              f.page.limit = 50;
              auto r = app->disputes.List(ctx, f);
              if (r.ok()) items += r->items.size();
              return r.status();
            },
            &list_ms))
      return 1;
    std::printf("  case list (township, %s, 50): p50 %.3f ms p99 %.3f ms (%.1f cases/page)\n", sort,
                Pct(list_ms, 0.5), Pct(list_ms, 0.99), static_cast<double>(items) / iters);
    const bool by_deadline = std::string(sort) == "deadline";
    Emit(by_deadline ? "case_list_township_deadline_p99" : "case_list_township_newest_p99",
         Pct(list_ms, 0.99), "ms", "< 10");
  }

  std::vector<std::string> subjects = {county};
  subjects.insert(subjects.end(), towns.begin(), towns.end());

  // 1b. The lists the dashboard's cards and map open, over the county and each township in rotation: the open
  // high-risk cases (the map layer: risk=3, open, up to 200) and the cases settled wholly or in part (化解,
  // outcome=settled,partly, first page of 50). Each page reads its rows' parties for the masked names.
  struct CardList {
    const char* name;
    const char* risk;
    const char* outcome;
    bool open;
    int limit;
  };
  for (const CardList& c : {CardList{"high_risk_open", "3", "", true, 200},
                            CardList{"settled_or_partly", "", "settled,partly", false, 50}}) {
    std::vector<double> list_ms;
    size_t items = 0;
    if (!Time(
            iters, subjects,
            [&](const std::string& place) -> wangge::Status {
              wangge::service::OrderFilter f;
              f.scope = place;
              f.risk = c.risk;
              f.outcome = c.outcome;
              f.open_only = c.open;
              f.sort = "newest";
              f.page.limit = c.limit;
              auto r = app->disputes.List(ctx, f);
              if (r.ok()) items += r->items.size();
              return r.status();
            },
            &list_ms))
      return 1;
    std::printf("  card list %s (county and townships, %d): p50 %.3f ms p99 %.3f ms (%.1f cases/page)\n",
                c.name, c.limit, Pct(list_ms, 0.5), Pct(list_ms, 0.99), static_cast<double>(items) / iters);
    Emit((std::string("card_list_") + c.name + "_p99").c_str(), Pct(list_ms, 0.99), "ms", "< 10");
  }

  // 2. Dispute figures over 12 months from the roll-ups: the county and the townships in rotation.
  std::vector<double> fig_ms;
  int64_t received = 0;
  if (!Time(
          iters, subjects,
          [&](const std::string& place) -> wangge::Status {
            wangge::service::IndicatorQuery q;
            q.place = place;
            q.kind = wangge::order::Kind::kDispute;
            auto r = app->orders.Indicators(ctx, q);
            if (r.ok() && place == county) received = r->total[wangge::order::kReceived];
            return r.status();
          },
          &fig_ms))
    return 1;
  std::printf(
      "  dispute figures (12 months, county and townships): p50 %.3f ms p99 %.3f ms (county: %lld cases)\n",
      Pct(fig_ms, 0.5), Pct(fig_ms, 0.99), static_cast<long long>(received));
  Emit("figures_12_months_p99", Pct(fig_ms, 0.99), "ms", "< 10");

  // 3. The screening board of the current week: the county (per township) and each township (per village).
  std::vector<double> board_ms;
  int64_t required = 0;
  if (!Time(
          iters, subjects,
          [&](const std::string& place) -> wangge::Status {
            auto r = app->screenings.Board(ctx, place, "");
            if (r.ok() && place == county) required = r->grids.total.required;
            return r.status();
          },
          &board_ms))
    return 1;
  std::printf("  screening board (county and townships): p50 %.3f ms p99 %.3f ms (county: %lld grids)\n",
              Pct(board_ms, 0.5), Pct(board_ms, 0.99), static_cast<long long>(required));
  Emit("screening_board_p99", Pct(board_ms, 0.99), "ms", "");
  return 0;
}
