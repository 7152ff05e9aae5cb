// In-process benchmark of PeopleService::Search on a built demo county (target from the issue: a scoped
// person search answers in under 20 ms at p99 on the full county of ~1,000,000 people; search_bench.sh
// measures the same queries over HTTP).
//
// Needs WANGGE_BENCH_DIR = a data directory made by `wangge demo --scale full` (or small); every benchmark
// is skipped with a message when it is unset or cannot be opened. Runs as the demo's `county` user
// (county_command, whole county) like the HTTP benchmark, so the jurisdiction checks are on the path.
//
// Three kinds of query, each rotating over realistic values so the page cache sees a mix:
//   NamePrefixInTownship  common surnames (张 李 王 …) within one of the county's townships
//   CitizenIdExact        real citizen IDs of people in the county (decrypted here from the database)
//   TagInTownship         a care group (dibao, disabled, left_behind_elder) within one township
// plus NamePrefixInGrid (a surname within one grid, a grid worker's scope) and all three kinds from 4
// threads. One iteration = one Search call returning the first page (limit 20, as the web UI asks).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "service/app.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace {

using wangge::service::App;
using wangge::service::Ctx;
using wangge::service::PersonFilter;

constexpr int kPageLimit = 20;

struct Fixture {
  std::unique_ptr<App> app;
  Ctx ctx;
  std::vector<std::string> townships;    // 9-digit codes
  std::vector<std::string> grids;        // 15-digit codes, the first grid of each township
  std::vector<std::string> citizen_ids;  // real IDs, one or two per township
  std::string error;                     // non-empty: skip every benchmark with this message

  Fixture() {
    const char* dir = std::getenv("WANGGE_BENCH_DIR");
    if (dir == nullptr || *dir == '\0') {
      error =
          "WANGGE_BENCH_DIR is unset: point it at a data dir made by `wangge demo --scale full` (see "
          "bench/README.md)";
      return;
    }
    wangge::service::AppConfig cfg;
    cfg.data_dir = dir;
    auto opened = App::Open(App::Resolve(cfg));
    if (!opened.ok()) {
      error = std::string("cannot open WANGGE_BENCH_DIR=") + dir + ": " + opened.status().ToString();
      return;
    }
    app = std::move(opened).value();
    const char* user = std::getenv("WANGGE_BENCH_USER");
    const std::string username = user && *user ? user : "county";
    auto tx = app->db().Read();
    if (!tx.ok()) {
      error = tx.status().ToString();
      return;
    }
    auto u = (*tx)->users().GetByName(username);
    if (!u.ok()) {
      error =
          "no user '" + username + "' in WANGGE_BENCH_DIR (is it a demo county?): " + u.status().ToString();
      return;
    }
    auto role = wangge::RoleFromName(u->role);
    if (!role) {
      error = "user '" + username + "' has an unknown role " + u->role;
      return;
    }
    ctx = Ctx{wangge::service::Principal{u->id, u->username, u->display_name, *role, u->place_code,
                                         u->department_id, false},
              "127.0.0.1", "bench"};
    // Townships (level 4, 9 digits) inside the user's scope.
    wangge::storage::PageRequest page{.after = "", .limit = 1000};
    auto towns = (*tx)->places().InScope(u->place_code, 4, false, page);
    if (!towns.ok()) {
      error = towns.status().ToString();
      return;
    }
    for (const auto& p : towns->items) townships.push_back(p.code);
    if (townships.empty()) {
      error = "no townships under '" + u->place_code + "' in WANGGE_BENCH_DIR";
      return;
    }
    // Two citizen IDs per township, from people a little way into each township (not only the first grid).
    for (const std::string& t : townships) {
      auto grid = (*tx)->places().InScope(t, 6, false, wangge::storage::PageRequest{.after = "", .limit = 1});
      if (grid.ok() && !grid->items.empty()) grids.push_back(grid->items[0].code);
      wangge::storage::PersonQuery q;
      q.scope = t;
      q.page.limit = 200;
      auto people = (*tx)->people().Search(q);
      if (!people.ok()) {
        error = people.status().ToString();
        return;
      }
      for (size_t i : {size_t{37}, size_t{151}}) {
        if (i >= people->items.size()) continue;
        auto cid = app->cipher().Decrypt(people->items[i].citizen_id_enc);
        if (cid.ok()) citizen_ids.push_back(*cid);
      }
    }
    if (citizen_ids.empty()) error = "no people found in WANGGE_BENCH_DIR";
  }

  static Fixture& Get() {
    static Fixture f;
    return f;
  }
};

// Surnames by frequency in the demo's generator (and nationally), common ones first.
const std::vector<std::string>& Surnames() {
  static const std::vector<std::string> v = {"李", "王", "张", "刘", "陈", "杨", "赵", "黄",
                                             "周", "吴", "朱", "马", "罗", "孔", "保", "管"};
  return v;
}
const std::vector<std::string>& CareTags() {
  static const std::vector<std::string> v = {"dibao", "disabled", "left_behind_elder"};
  return v;
}

template <typename MakeFilter>
void RunSearch(benchmark::State& state, MakeFilter make) {
  Fixture& f = Fixture::Get();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  // Threads start at different points of the rotation.
  size_t i = static_cast<size_t>(state.thread_index()) * 7919, items = 0, calls = 0;
  std::vector<double> ms;  // per-call wall time, for the percentiles
  for (auto _ : state) {
    PersonFilter filter = make(f, i++);
    filter.page.limit = kPageLimit;
    const auto t0 = std::chrono::steady_clock::now();
    auto res = f.app->people.Search(f.ctx, filter);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!res.ok()) {
      state.SkipWithError(("Search failed: " + res.status().ToString()).c_str());
      return;
    }
    items += res->items.size();
    ++calls;
    benchmark::DoNotOptimize(res);
  }
  if (!ms.empty()) {
    std::sort(ms.begin(), ms.end());
    auto pct = [&](double q) {
      return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
    };
    // Per thread; for the multi-threaded run Google Benchmark averages the threads' counters.
    state.counters["p50_ms"] = benchmark::Counter(pct(0.50), benchmark::Counter::kAvgThreads);
    state.counters["p99_ms"] = benchmark::Counter(pct(0.99), benchmark::Counter::kAvgThreads);
  }
  state.counters["items/call"] = benchmark::Counter(
      calls ? static_cast<double>(items) / static_cast<double>(calls) : 0, benchmark::Counter::kAvgThreads);
  state.counters["calls/s"] = benchmark::Counter(static_cast<double>(calls), benchmark::Counter::kIsRate);
}

void BM_NamePrefixInTownship(benchmark::State& state) {
  RunSearch(state, [](const Fixture& f, size_t i) {
    PersonFilter filter;
    filter.scope = f.townships[i % f.townships.size()];
    filter.name_prefix = Surnames()[(i / f.townships.size() + i) % Surnames().size()];
    return filter;
  });
}
BENCHMARK(BM_NamePrefixInTownship)->Unit(benchmark::kMillisecond);

// Not one of the three kinds, but a grid worker's everyday search: a surname within one grid
// (~200 people). The same SQL as a township scope, with far fewer matches per name.
void BM_NamePrefixInGrid(benchmark::State& state) {
  RunSearch(state, [](const Fixture& f, size_t i) {
    PersonFilter filter;
    filter.scope = f.grids.empty() ? f.townships[0] : f.grids[i % f.grids.size()];
    filter.name_prefix = Surnames()[(i / std::max<size_t>(1, f.grids.size()) + i) % Surnames().size()];
    return filter;
  });
}
BENCHMARK(BM_NamePrefixInGrid)->Unit(benchmark::kMillisecond);

void BM_CitizenIdExact(benchmark::State& state) {
  RunSearch(state, [](const Fixture& f, size_t i) {
    PersonFilter filter;
    filter.citizen_id = f.citizen_ids[i % f.citizen_ids.size()];
    return filter;
  });
}
BENCHMARK(BM_CitizenIdExact)->Unit(benchmark::kMillisecond);

void BM_TagInTownship(benchmark::State& state) {
  RunSearch(state, [](const Fixture& f, size_t i) {
    PersonFilter filter;
    filter.scope = f.townships[i % f.townships.size()];
    filter.tag = CareTags()[(i / f.townships.size() + i) % CareTags().size()];
    return filter;
  });
}
BENCHMARK(BM_TagInTownship)->Unit(benchmark::kMillisecond);

// The same three kinds from 4 threads at once (the HTTP benchmark's 4 connections, without HTTP).
void BM_MixedInTownship(benchmark::State& state) {
  RunSearch(state, [](const Fixture& f, size_t i) {
    PersonFilter filter;
    const size_t k = i;
    switch (k % 3) {
      case 0:
        filter.scope = f.townships[k % f.townships.size()];
        filter.name_prefix = Surnames()[k % Surnames().size()];
        break;
      case 1:
        filter.citizen_id = f.citizen_ids[k % f.citizen_ids.size()];
        break;
      default:
        filter.scope = f.townships[k % f.townships.size()];
        filter.tag = CareTags()[k % CareTags().size()];
    }
    return filter;
  });
}
BENCHMARK(BM_MixedInTownship)->Unit(benchmark::kMillisecond)->Threads(4)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
