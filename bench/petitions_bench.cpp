// In-process benchmark of repeat-petition detection (重复信访) on a built demo county (WANGGE_BENCH_DIR, a
// data dir made by `wangge demo --scale full`: ~400 petitions and ~2,500 dispute cases in the year, their
// parties sealed and blind-indexed): for each petitioner on record, a new petition of the same category by
// the same person is checked as registration checks it (FindPetitionRepeats: the blind indexes of ID and
// phone → their parties → their orders of the same category within a year; 越级 beside it), inside a read
// transaction — target < 5 ms (issue 13). Also the petition desk's list (the county's petitions, newest
// first, first page of 50). WANGGE_DB (a postgresql:// URL) runs it on PostgreSQL. Prints one "RESULT {json}"
// line per figure (the bench/lib.sh format) and exits 2 when WANGGE_BENCH_DIR is unset. Iterations:
// BENCH_ITER (default 1000).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "service/petition_service.hpp"
#include "storage/disputes_repo.hpp"

namespace {

using wangge::bench::Clock;
using wangge::bench::Ms;
using wangge::bench::Pct;

void Emit(const char* metric, double value, const char* unit, const char* target) {
  wangge::bench::Emit("petitions", metric, value, unit, target);
}

}  // namespace

int main() {
  wangge::bench::County county_db;
  if (int rc = wangge::bench::OpenCounty("petitions_bench", &county_db); rc != 0) return rc;
  const char* dir = std::getenv("WANGGE_BENCH_DIR");
  const int iters = std::getenv("BENCH_ITER") ? std::max(10, std::atoi(std::getenv("BENCH_ITER"))) : 1000;
  auto& app = county_db.app;
  const wangge::service::Ctx& ctx = county_db.ctx;

  // The petitions on record and their petitioners (stored forms: the blind indexes are what is looked up).
  struct Probe {
    std::string category;
    wangge::dispute::Party petitioner;
  };
  std::vector<Probe> probes;
  {
    wangge::service::OrderFilter f;
    f.page.limit = 200;
    for (;;) {
      auto page = app->petitions.List(ctx, f);
      if (!page.ok()) {
        std::fprintf(stderr, "petitions_bench: %s\n", page.status().ToString().c_str());
        return 1;
      }
      auto tx = app->db().Read();
      if (!tx.ok()) return 1;
      for (const auto& v : page->items) {
        auto parties = (*tx)->disputes().Parties(v.o.id);
        if (!parties.ok()) return 1;
        for (const auto& p : *parties) probes.push_back({v.o.category, p});
      }
      if (page->next.empty()) break;
      f.page.after = page->next;
    }
  }
  if (probes.empty()) {
    std::fprintf(stderr, "petitions_bench: no petitions in %s (a demo built before petitions?)\n", dir);
    return 1;
  }
  std::printf("petitions_bench: %s, %zu petitioners on record, %d iterations\n", dir, probes.size(), iters);

  // 1. Detection as registration runs it, the county's desk registering a visit.
  std::vector<double> detect_ms;
  int found = 0, skipped = 0;
  const int64_t now = app->orders.Now();
  for (int i = 0; i < iters; ++i) {
    const Probe& p = probes[static_cast<size_t>(i) % probes.size()];
    wangge::order::Order o;
    o.kind = wangge::order::Kind::kPetition;
    o.category = p.category;
    o.channel = "visit";
    o.received_at = now;
    auto tx = app->db().Read();
    if (!tx.ok()) return 1;
    auto t0 = Clock::now();
    const wangge::Status st = wangge::service::FindPetitionRepeats(**tx, ctx.who, {p.petitioner}, o);
    detect_ms.push_back(Ms(Clock::now() - t0));
    if (!st.ok()) {
      std::fprintf(stderr, "petitions_bench: %s\n", st.ToString().c_str());
      return 1;
    }
    found += o.repeat_of.has_value() ? 1 : 0;
    skipped += o.skip_level ? 1 : 0;
  }
  std::printf("  repeat detection: p50 %.3f ms p99 %.3f ms (%d of %d found a repeat, %d would be 越级)\n",
              Pct(detect_ms, 0.5), Pct(detect_ms, 0.99), found, iters, skipped);
  Emit("repeat_detection_p99", Pct(detect_ms, 0.99), "ms", "< 5");

  // 2. The desk's list: the county's petitions, newest first, first page.
  std::vector<double> list_ms;
  for (int i = 0; i < iters / 4 + 10; ++i) {
    wangge::service::OrderFilter f;
    f.page.limit = 50;
    auto t0 = Clock::now();
    auto r = app->petitions.List(ctx, f);
    list_ms.push_back(Ms(Clock::now() - t0));
    if (!r.ok()) return 1;
  }
  std::printf("  desk list (county, newest, 50): p50 %.3f ms p99 %.3f ms\n", Pct(list_ms, 0.5),
              Pct(list_ms, 0.99));
  Emit("desk_list_p99", Pct(list_ms, 0.99), "ms", "< 10");

  // 3. The desk's list under the dashboard cards' filters (重复信访, 越级, 包案, a channel), county, first
  // page.
  for (const char* which : {"repeat", "skip_level", "led", "letter"}) {
    std::vector<double> ms;
    size_t items = 0;
    for (int i = 0; i < iters / 4 + 10; ++i) {
      wangge::service::OrderFilter f;
      f.page.limit = 50;
      f.repeat = std::string(which) == "repeat";
      f.skip_level = std::string(which) == "skip_level";
      f.led = std::string(which) == "led";
      if (std::string(which) == "letter") f.channel = "letter";
      auto t0 = Clock::now();
      auto r = app->petitions.List(ctx, f);
      ms.push_back(Ms(Clock::now() - t0));
      if (!r.ok()) return 1;
      items = r->items.size();
    }
    std::printf("  desk list %s (county, newest, 50): p50 %.3f ms p99 %.3f ms (%zu on the page)\n", which,
                Pct(ms, 0.5), Pct(ms, 0.99), items);
    Emit((std::string("desk_list_") + which + "_p99").c_str(), Pct(ms, 0.99), "ms", "< 10");
  }
  return 0;
}
