// In-process benchmark of the participation reads computed at each request (issue 14), on a built demo county
// (WANGGE_BENCH_DIR, a data dir made by `wangge demo --scale full`; WANGGE_DB for PostgreSQL), as the county
// user:
//   - the dashboard's 志愿服务与双报到 figures for the county and for each township (the year so far): the
//   ledger's
//     service hours and the 双报到 coverage, target p99 < 100 ms for the county;
//   - the 双报到 quarterly record of each village (this quarter: rows, the members' statements), p99 < 100
//   ms;
//   - 星级文明户 of each village (a year of listings folded into stars) and the public 红黑榜 board, p99 < 20
//   ms.
// Prints one "RESULT {json}" line per figure (bench/lib.sh's format); exits 2 when WANGGE_BENCH_DIR is unset.
// Iterations per figure: BENCH_ITER (default 200).
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "storage/places_repo.hpp"

namespace {

template <class F>
int Time(const char* name, int iters, const char* target, F run) {
  return wangge::bench::TimeIt("participation", name, iters, target, run);
}

}  // namespace

int main() {
  wangge::bench::County county;
  if (int rc = wangge::bench::OpenCounty("participation_bench", &county); rc != 0) return rc;
  const int iters = std::getenv("BENCH_ITER") ? std::max(10, std::atoi(std::getenv("BENCH_ITER"))) : 200;
  auto& app = county.app;
  const auto& ctx = county.ctx;

  std::vector<std::string> villages;
  {
    auto tx = app->db().Read();
    if (!tx.ok()) return 1;
    auto v = (*tx)->places().InScope(county.code, 5, false, {.after = "", .limit = 5000});
    if (!v.ok()) return 1;
    for (const auto& p : v->items) villages.push_back(p.code);
  }
  const std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char year_start[16], today[16];
  std::strftime(year_start, sizeof year_start, "%Y-01-01", &tm);
  std::strftime(today, sizeof today, "%Y-%m-%d", &tm);
  const std::string quarter = std::to_string(tm.tm_year + 1900) + "-Q" + std::to_string(tm.tm_mon / 3 + 1);
  std::printf("participation_bench: %s, %zu townships, %zu villages, %d iterations\n",
              std::getenv("WANGGE_BENCH_DIR"), county.townships.size(), villages.size(), iters);

  int rc = 0;
  rc |= Time("figures_county", iters, "< 100",
             [&](int) { return app->participation.Figures(ctx, county.code, year_start, today).ok(); });
  rc |= Time("figures_township", iters, "", [&](int i) {
    const auto& tw = county.townships[static_cast<size_t>(i) % county.townships.size()];
    return app->participation.Figures(ctx, tw, year_start, today).ok();
  });
  rc |= Time("dual_report_village", iters, "< 100", [&](int i) {
    return app->dual.Report(ctx, villages[static_cast<size_t>(i) % villages.size()], quarter, 0).ok();
  });
  rc |= Time("roll_stars_village", iters, "< 20", [&](int i) {
    return app->rolls.Stars(ctx, villages[static_cast<size_t>(i) % villages.size()]).ok();
  });
  rc |= Time("roll_board_village", iters, "< 20", [&](int i) {
    return app->rolls.Board(villages[static_cast<size_t>(i) % villages.size()]).ok();
  });
  return rc;
}
