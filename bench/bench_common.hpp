// What the in-process benchmarks share (indicators_bench, disputes_bench): percentiles, the RESULT line of
// bench/lib.sh's format (also appended to $BENCH_RESULTS), and opening a built demo county (WANGGE_BENCH_DIR;
// WANGGE_DB for PostgreSQL) as its `county` user.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "service/app.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::bench {

using Clock = std::chrono::steady_clock;

inline double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

inline double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

inline void Emit(const char* bench, const char* metric, double value, const char* unit, const char* target) {
  char line[512];
  std::snprintf(line, sizeof line,
                "{\"bench\":\"%s\",\"metric\":\"%s\",\"value\":%.3f,\"unit\":\"%s\",\"target\":\"%s\"}",
                bench, metric, value, unit, target);
  std::printf("RESULT %s\n", line);
  if (const char* f = std::getenv("BENCH_RESULTS"); f && *f) {
    if (FILE* out = std::fopen(f, "a")) {
      std::fprintf(out, "%s\n", line);
      std::fclose(out);
    }
  }
}

// A demo county opened for a benchmark: the app, the county user's context, the county and its townships.
struct County {
  std::unique_ptr<service::App> app;
  service::Ctx ctx;
  std::string code;
  std::vector<std::string> townships;
};

// Opens WANGGE_BENCH_DIR (exit code 2 when unset, 1 on an error, with the message on stderr as `name`).
inline int OpenCounty(const char* name, County* out) {
  const char* dir = std::getenv("WANGGE_BENCH_DIR");
  if (!dir || !*dir) {
    std::fprintf(stderr, "%s: set WANGGE_BENCH_DIR to a data dir made by `wangge demo --scale full`\n", name);
    return 2;
  }
  service::AppConfig cfg;
  cfg.data_dir = dir;
  if (const char* url = std::getenv("WANGGE_DB"); url && *url) cfg.db_path = url;
  if (const char* w = std::getenv("WANGGE_DB_WRITERS"); w && *w)
    cfg.database.writers = std::clamp(std::atoi(w), 1, 64);
  auto opened = service::App::Open(service::App::Resolve(cfg));
  if (!opened.ok()) {
    std::fprintf(stderr, "%s: %s\n", name, opened.status().ToString().c_str());
    return 1;
  }
  out->app = std::move(opened).value();
  auto tx = out->app->db().Read();
  if (!tx.ok()) return 1;
  auto u = (*tx)->users().GetByName("county");
  if (!u.ok()) {
    std::fprintf(stderr, "%s: no `county` user: %s\n", name, u.status().ToString().c_str());
    return 1;
  }
  out->ctx.who = service::Principal{
      u->id, u->username, u->display_name, Role::kCountyCommand, u->place_code, std::nullopt, false};
  out->code = u->place_code;
  auto t = (*tx)->places().InScope(out->code, 4, false, {.after = "", .limit = 1000});
  if (!t.ok()) return 1;
  for (const auto& p : t->items) out->townships.push_back(p.code);
  return 0;
}

// p50 and p99 of `run` over `iters` calls, printed as `bench`'s <name>_p50 and <name>_p99 (the p99 with its
// target); 1 when a call fails (named on stderr).
template <class F>
int TimeIt(const char* bench, const char* name, int iters, const char* target, F run) {
  std::vector<double> ms;
  for (int i = 0; i < iters; ++i) {
    const auto t0 = Clock::now();
    if (!run(i)) {
      std::fprintf(stderr, "%s: %s failed\n", bench, name);
      return 1;
    }
    ms.push_back(Ms(Clock::now() - t0));
  }
  const std::string p50 = std::string(name) + "_p50";
  const std::string p99 = std::string(name) + "_p99";
  Emit(bench, p50.c_str(), Pct(ms, 0.5), "ms", "");
  Emit(bench, p99.c_str(), Pct(ms, 0.99), "ms", target);
  return 0;
}

}  // namespace wangge::bench
