// Benchmarks of wangge_geo. Targets: ValidateGridLayout of a 15-grid community < 50 ms (expected ~1 ms);
// GridLocator::Locate over 5,000 grids >= 500,000 lookups/s on one thread.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "geo/geo.hpp"

namespace {

using wangge::geo::Band;
using wangge::geo::GridLocator;
using wangge::geo::GridShape;

// A GeoJSON rectangle whose every edge is split into `split` segments (4 * split vertices), so a tiling
// has realistic vertex counts; neighbours compute their shared vertices with the same formula.
std::string SplitRect(double x0, double y0, double x1, double y1, int split) {
  std::vector<std::pair<double, double>> pts;
  for (int k = 0; k < split; ++k) pts.emplace_back(x0 + (x1 - x0) * k / split, y0);
  for (int k = 0; k < split; ++k) pts.emplace_back(x1, y0 + (y1 - y0) * k / split);
  for (int k = split; k > 0; --k) pts.emplace_back(x0 + (x1 - x0) * k / split, y1);
  for (int k = split; k > 0; --k) pts.emplace_back(x0, y0 + (y1 - y0) * k / split);
  pts.push_back(pts.front());
  std::string s = R"({"type":"Polygon","coordinates":[[)";
  char buf[64];
  for (size_t i = 0; i < pts.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s[%.17g,%.17g]", i ? "," : "", pts[i].first, pts[i].second);
    s += buf;
  }
  return s + "]]}";
}

// cols x rows tiles of dx x dy degrees from (lon0, lat0), codes 530326 + 9 digits.
std::vector<GridShape> Tiles(int cols, int rows, double lon0, double lat0, double dx, double dy, int split) {
  std::vector<GridShape> grids;
  grids.reserve(static_cast<size_t>(cols) * rows);
  for (int j = 0; j < rows; ++j) {
    for (int i = 0; i < cols; ++i) {
      char code[32];
      std::snprintf(code, sizeof code, "530326%09d", j * cols + i + 1);
      grids.push_back(
          {code, SplitRect(lon0 + i * dx, lat0 + j * dy, lon0 + (i + 1) * dx, lat0 + (j + 1) * dy, split),
           400});
    }
  }
  return grids;
}

// One community of 3 x 5 grids, each with 20 vertices (300 in all), tiling the community exactly.
void BM_ValidateGridLayout(benchmark::State& state) {
  const double lon0 = 103.30, lat0 = 26.40, dx = 0.003, dy = 0.002;
  std::vector<GridShape> grids = Tiles(3, 5, lon0, lat0, dx, dy, 5);
  std::string community = SplitRect(lon0, lat0, lon0 + 3 * dx, lat0 + 5 * dy, 1);
  for (auto _ : state) {
    auto report = wangge::geo::ValidateGridLayout(community, grids, Band{});
    if (!report.ok() || !report->ok()) {
      state.SkipWithError("layout unexpectedly not clean");
      break;
    }
    benchmark::DoNotOptimize(report);
  }
  state.counters["layouts/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ValidateGridLayout)->Unit(benchmark::kMillisecond);

// The same community with one vertex moved (an overlap) and one grid missing (a gap).
void BM_ValidateGridLayoutWithProblems(benchmark::State& state) {
  const double lon0 = 103.30, lat0 = 26.40, dx = 0.003, dy = 0.002;
  std::vector<GridShape> grids = Tiles(3, 5, lon0, lat0, dx, dy, 5);
  grids[0].geojson = SplitRect(lon0, lat0, lon0 + 1.3 * dx, lat0 + dy, 5);
  grids.pop_back();
  std::string community = SplitRect(lon0, lat0, lon0 + 3 * dx, lat0 + 5 * dy, 1);
  for (auto _ : state) {
    auto report = wangge::geo::ValidateGridLayout(community, grids, Band{});
    benchmark::DoNotOptimize(report);
  }
  state.counters["layouts/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ValidateGridLayoutWithProblems)->Unit(benchmark::kMillisecond);

void BM_ValidatePolygon(benchmark::State& state) {
  std::string polygon = SplitRect(103.30, 26.40, 103.303, 26.402, 5);
  for (auto _ : state) benchmark::DoNotOptimize(wangge::geo::ValidatePolygon(polygon));
}
BENCHMARK(BM_ValidatePolygon)->Unit(benchmark::kMicrosecond);

// A county: 100 x 50 = 5,000 grids of ~400 m x ~330 m, each with 20 vertices.
struct County {
  static constexpr double kLon0 = 103.0, kLat0 = 26.0, kDx = 0.004, kDy = 0.003;
  static constexpr int kCols = 100, kRows = 50;
  std::vector<GridShape> grids = Tiles(kCols, kRows, kLon0, kLat0, kDx, kDy, 5);
  std::unique_ptr<GridLocator> locator;
  std::vector<std::pair<double, double>> points;  // 1,000,000 random points in the bounding box

  County() {
    auto built = GridLocator::Build(grids);
    if (built.ok()) locator = std::move(built).value();
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> ux(kLon0, kLon0 + kCols * kDx);
    std::uniform_real_distribution<double> uy(kLat0, kLat0 + kRows * kDy);
    points.resize(1000000);
    for (auto& p : points) p = {ux(rng), uy(rng)};
  }
  static const County& Get() {
    static const County county;
    return county;
  }
};

void BM_GridLocatorBuild(benchmark::State& state) {
  const County& county = County::Get();
  for (auto _ : state) {
    auto built = GridLocator::Build(county.grids);
    benchmark::DoNotOptimize(built);
  }
  state.counters["grids"] = static_cast<double>(county.grids.size());
}
BENCHMARK(BM_GridLocatorBuild)->Unit(benchmark::kMillisecond);

// One iteration = 1,000,000 lookups; "lookups/s" is per thread-summed wall rate.
void BM_GridLocatorLocate(benchmark::State& state) {
  const County& county = County::Get();
  if (!county.locator) {
    state.SkipWithError("GridLocator::Build failed");
    return;
  }
  const GridLocator& locator = *county.locator;
  size_t found = 0;
  for (auto _ : state) {
    for (const auto& [lon, lat] : county.points) {
      std::optional<std::string> code = locator.Locate(lon, lat);
      found += code.has_value();
      benchmark::DoNotOptimize(code);
    }
  }
  if (found != static_cast<size_t>(state.iterations()) * county.points.size()) {
    state.SkipWithError("a point inside the county was not located");
  }
  state.counters["lookups/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(county.points.size()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GridLocatorLocate)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GridLocatorLocate)->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(2);

}  // namespace

BENCHMARK_MAIN();
