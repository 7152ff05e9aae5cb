#include "geo/geo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "geo/polygon.hpp"

namespace wangge::geo {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// ---- fixtures -------------------------------------------------------------------------------------------

struct Pt {
  double x, y;
};

std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string RingJson(const std::vector<Pt>& pts) {
  std::string s = "[";
  for (size_t i = 0; i < pts.size(); ++i) {
    s += (i ? "," : "") + std::string("[") + Num(pts[i].x) + "," + Num(pts[i].y) + "]";
  }
  return s + "]";
}

// A GeoJSON Polygon from an open ring (closed here).
std::string PolygonJson(std::vector<Pt> ring, const std::vector<std::vector<Pt>>& holes = {}) {
  ring.push_back(ring.front());
  std::string s = R"({"type":"Polygon","coordinates":[)" + RingJson(ring);
  for (auto h : holes) {
    h.push_back(h.front());
    s += "," + RingJson(h);
  }
  return s + "]}";
}

std::string Rect(double x0, double y0, double x1, double y1) {
  return PolygonJson({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
}

// A community of kCols x kRows tiles near 会泽县 (lon 103.3, lat 26.4); tile ~300 m x ~220 m.
constexpr int kCols = 3;
constexpr int kRows = 5;
constexpr double kLon0 = 103.30, kLat0 = 26.40, kDx = 0.003, kDy = 0.002;
double X(int i) { return kLon0 + i * kDx; }
double Y(int j) { return kLat0 + j * kDy; }

std::string Code(int col, int row) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%03d", row * kCols + col + 1);
  return std::string("530326001001") + buf;
}

std::string Community() { return Rect(X(0), Y(0), X(kCols), Y(kRows)); }

// Corners in ring order: bottom-left, bottom-right, top-right, top-left.
std::vector<Pt> TileRing(int col, int row) {
  return {{X(col), Y(row)}, {X(col + 1), Y(row)}, {X(col + 1), Y(row + 1)}, {X(col), Y(row + 1)}};
}

std::vector<GridShape> Tiling() {
  std::vector<GridShape> grids;
  for (int row = 0; row < kRows; ++row) {
    for (int col = 0; col < kCols; ++col)
      grids.push_back({Code(col, row), PolygonJson(TileRing(col, row)), 400});
  }
  return grids;
}

GridShape& Tile(std::vector<GridShape>& grids, int col, int row) { return grids[row * kCols + col]; }

// Equirectangular area of a degree rectangle at latitude lat, m².
double RectM2(double w_deg, double h_deg, double lat) {
  constexpr double kM = 6371008.8 * 3.14159265358979323846 / 180.0;
  return w_deg * kM * std::cos(lat * 3.14159265358979323846 / 180.0) * h_deg * kM;
}

std::vector<std::string> Kinds(const LayoutReport& r) {
  std::vector<std::string> k;
  for (const Problem& p : r.problems) k.push_back(p.kind);
  return k;
}

std::string Dump(const LayoutReport& r) {
  std::string s;
  for (const Problem& p : r.problems) s += p.kind + ": " + p.message_en + " | " + p.message_zh + "\n";
  return s;
}

// ---- ValidatePolygon --------------------------------------------------------------------------------------

struct PolygonCase {
  const char* name;
  std::string geojson;
  bool ok;
  const char* en_substr;  // expected in the English message when !ok
};

TEST(ValidatePolygonTest, Table) {
  const std::vector<PolygonCase> cases = {
      {"rectangle", Rect(103.3, 26.4, 103.31, 26.41), true, ""},
      {"with altitude", R"({"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,1,5],[0,0,5]]]})",
       true, ""},
      {"with hole", PolygonJson({{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{{2, 2}, {2, 4}, {4, 4}, {4, 2}}}),
       true, ""},
      {"feature", R"({"type":"Feature","properties":{},"geometry":)" + Rect(0, 0, 1, 1) + "}", true, ""},
      {"multipolygon",
       R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[2,0],[3,0],[3,1],[2,1],[2,0]]]]})",
       true, ""},
      {"empty", "", false, "empty"},
      {"malformed json", R"({"type":"Polygon","coordinates":[[[0,0],[1,0]})", false, "malformed JSON"},
      {"not an object", "[1,2,3]", false, "not a GeoJSON geometry"},
      {"no type", R"({"coordinates":[]})", false, "missing \"type\""},
      {"point", R"({"type":"Point","coordinates":[103.3,26.4]})", false, "type is Point"},
      {"linestring", R"({"type":"LineString","coordinates":[[0,0],[1,1]]})", false, "type is LineString"},
      {"feature collection", R"({"type":"FeatureCollection","features":[]})", false,
       "type is FeatureCollection"},
      {"feature without geometry", R"({"type":"Feature","geometry":null})", false, "Feature has no geometry"},
      {"no coordinates", R"({"type":"Polygon"})", false, "coordinates"},
      {"no rings", R"({"type":"Polygon","coordinates":[]})", false, "no rings"},
      {"empty multipolygon", R"({"type":"MultiPolygon","coordinates":[]})", false, "empty MultiPolygon"},
      {"unclosed ring", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0.5]]]})", false,
       "not closed"},
      {"too few points", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})", false, "at least 4"},
      {"longitude out of range", R"({"type":"Polygon","coordinates":[[[0,0],[200,0],[1,1],[0,0]]]})", false,
       "longitude 200 out of range"},
      {"latitude out of range", R"({"type":"Polygon","coordinates":[[[0,0],[1,95],[1,1],[0,0]]]})", false,
       "latitude 95 out of range"},
      {"string coordinate", R"({"type":"Polygon","coordinates":[[[0,0],["1",0],[1,1],[0,0]]]})", false,
       "not a number"},
      {"position of one number", R"({"type":"Polygon","coordinates":[[[0,0],[1],[1,1],[0,0]]]})", false,
       "not [longitude, latitude]"},
      {"bow-tie", PolygonJson({{0, 0}, {1, 1}, {1, 0}, {0, 1}}), false, "Self-intersection"},
      {"hole outside shell",
       PolygonJson({{0, 0}, {1, 0}, {1, 1}, {0, 1}}, {{{2, 2}, {2, 3}, {3, 3}, {3, 2}}}), false,
       "Hole lies outside shell"},
      {"overlapping parts",
       R"({"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]})",
       false, "invalid polygon"},
      {"collapsed ring", R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0],[0,0]]]})", false,
       "invalid polygon"},
  };
  for (const PolygonCase& c : cases) {
    SCOPED_TRACE(c.name);
    Status s = ValidatePolygon(c.geojson);
    EXPECT_EQ(s.ok(), c.ok) << s.ToString();
    if (!c.ok) {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
      EXPECT_THAT(s.en(), HasSubstr(c.en_substr));
      EXPECT_FALSE(s.zh().empty());
    }
  }
}

TEST(ValidatePolygonTest, BowTieReasonIsReadableInBothLanguages) {
  Status s = ValidatePolygon(PolygonJson({{0, 0}, {1, 1}, {1, 0}, {0, 1}}));
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.zh(), HasSubstr("自相交"));
  EXPECT_THAT(s.zh(), HasSubstr("经度 0.5"));
  EXPECT_THAT(s.en(), HasSubstr("at (0.5 0.5)"));
}

TEST(ValidatePolygonTest, RingPositionIsNamed) {
  Status s = ValidatePolygon(
      R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[0,0],[200,0],[1,1],[0,0]]]})");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.en(), HasSubstr("ring 2 position 2"));
  EXPECT_THAT(s.zh(), HasSubstr("第 2 个环第 2 个点"));
}

// ---- AreaM2 -----------------------------------------------------------------------------------------------

TEST(AreaM2Test, RectanglesAndHoles) {
  struct Case {
    const char* name;
    std::string geojson;
    double expected;
  };
  const std::vector<Case> cases = {
      {"equator", Rect(0, -0.005, 0.01, 0.005), RectM2(0.01, 0.01, 0)},
      {"lat 60", Rect(10, 59.995, 10.01, 60.005), RectM2(0.01, 0.01, 60)},
      {"tile", Rect(X(0), Y(0), X(1), Y(1)), RectM2(kDx, kDy, kLat0 + kDy / 2)},
      {"hole",
       PolygonJson({{0, -1}, {2, -1}, {2, 1}, {0, 1}}, {{{0.5, -0.5}, {0.5, 0.5}, {1.5, 0.5}, {1.5, -0.5}}}),
       RectM2(2, 2, 0) - RectM2(1, 1, 0)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<double> a = AreaM2(c.geojson);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_NEAR(*a, c.expected, c.expected * 1e-6);
  }
  EXPECT_NEAR(*AreaM2(Rect(0, -0.005, 0.01, 0.005)), 1.2364e6, 1e3);  // ~1111.95 m squared
  EXPECT_FALSE(AreaM2(R"({"type":"Point","coordinates":[0,0]})").ok());
  EXPECT_FALSE(AreaM2(PolygonJson({{0, 0}, {1, 1}, {1, 0}, {0, 1}})).ok());
}

// A self-crossing ring (invalid, but measured for the structural parse) whose "centroid" falls beyond the
// pole: the measure stays non-negative (found by fuzz_geojson: the area came out negative).
TEST(AreaM2Test, SelfCrossingRingMeasureIsNeverNegative) {
  auto mp = internal::ParseGeoJson(
      R"({"type": "Polygon", "coordinates": [[[103.3, 26.4], [103.31, 3, 26.41], [103.3, 52.4], )"
      R"([103.31, 26.41], [103.3, 26.41], [103.3, 26.4]]]})");
  ASSERT_TRUE(mp.ok()) << mp.status().ToString();
  const internal::Measure m = internal::MeasureM2(*mp);
  EXPECT_TRUE(std::isfinite(m.area_m2));
  EXPECT_GE(m.area_m2, 0);
  EXPECT_GT(m.perimeter_m, 0);
  EXPECT_FALSE(AreaM2(internal::ToGeoJson(*mp)).ok());  // and it is not a valid polygon
}

// ---- ValidateGridLayout
// -------------------------------------------------------------------------------------

TEST(ValidateGridLayoutTest, CleanTilingPasses) {
  Result<LayoutReport> r = ValidateGridLayout(Community(), Tiling(), Band{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok()) << Dump(*r);
}

TEST(ValidateGridLayoutTest, CleanTilingWithSubdividedEdgesAndFloatNoisePasses) {
  // Edges of neighbouring grids carry extra vertices and a 1e-9 degree (0.1 mm) jitter: no problem.
  std::vector<GridShape> grids = Tiling();
  Tile(grids, 1, 2).geojson = PolygonJson({{X(1), Y(2)},
                                           {X(1) + kDx / 2, Y(2) + 1e-9},
                                           {X(2), Y(2)},
                                           {X(2) + 1e-9, Y(2) + kDy / 3},
                                           {X(2), Y(3)},
                                           {X(1), Y(3)}});
  Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok()) << Dump(*r);
}

TEST(ValidateGridLayoutTest, MovedSharedVertex) {
  // Grid (0,0)'s top-right corner (shared with (1,0), (0,1), (1,1)) moved sideways by a third of a tile.
  struct Case {
    const char* name;
    double shift;  // in tile widths, along x
    std::vector<std::string> kinds;
    std::vector<std::string> must_name;
  };
  const std::vector<Case> cases = {
      {"into the right neighbour", +1.0 / 3, {"overlap"}, {Code(0, 0), Code(1, 0)}},
      {"away from the right neighbour", -1.0 / 3, {"gap"}, {Code(0, 0), Code(1, 0)}},
  };
  const double triangle = RectM2(kDx / 3, kDy, kLat0 + kDy / 2) / 2;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<GridShape> grids = Tiling();
    std::vector<Pt> ring = TileRing(0, 0);
    ring[2].x += c.shift * kDx;
    Tile(grids, 0, 0).geojson = PolygonJson(ring);
    Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(Kinds(*r), c.kinds) << Dump(*r);
    ASSERT_EQ(r->problems.size(), 1u);
    const Problem& p = r->problems[0];
    for (const std::string& code : c.must_name) EXPECT_THAT(p.grids, Contains(code));
    EXPECT_NEAR(p.area_m2, triangle, triangle * 0.01);
    EXPECT_FALSE(p.geometry.empty());
    EXPECT_TRUE(ValidatePolygon(p.geometry).ok()) << p.geometry;
    if (p.kind == "overlap") {
      EXPECT_THAT(p.grids, ElementsAre(Code(0, 0), Code(1, 0)));
      EXPECT_THAT(p.message_zh, HasSubstr("网格 " + Code(0, 0) + " 与 " + Code(1, 0) + " 重叠 约 "));
      EXPECT_THAT(p.message_zh, HasSubstr("平方米"));
    }
  }
}

TEST(ValidateGridLayoutTest, BowTieGridIsInvalidPolygon) {
  std::vector<GridShape> grids = Tiling();
  std::vector<Pt> ring = TileRing(1, 1);
  std::swap(ring[1], ring[2]);  // bottom-left, top-right, bottom-right, top-left: a bow-tie
  Tile(grids, 1, 1).geojson = PolygonJson(ring);
  Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->problems.empty());
  const Problem& p = r->problems[0];
  EXPECT_EQ(p.kind, "invalid_polygon");
  EXPECT_THAT(p.grids, ElementsAre(Code(1, 1)));
  EXPECT_THAT(p.message_zh, HasSubstr("网格 " + Code(1, 1) + " 的边界无效："));
  EXPECT_THAT(p.message_zh, HasSubstr("自相交"));
  EXPECT_THAT(p.message_zh, ::testing::Not(HasSubstr("多边形无效")));
  EXPECT_THAT(p.message_en, HasSubstr("Self-intersection"));
  // The invalid grid takes no part in coverage, so its tile is a gap.
  EXPECT_THAT(Kinds(*r), ElementsAre("invalid_polygon", "gap")) << Dump(*r);
}

TEST(ValidateGridLayoutTest, GridPartlyOutsideCommunity) {
  std::vector<GridShape> grids = Tiling();
  Tile(grids, 2, 4).geojson = Rect(X(2), Y(4), X(3) + kDx / 2, Y(5));
  Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_THAT(Kinds(*r), ElementsAre("outside_community")) << Dump(*r);
  const Problem& p = r->problems[0];
  EXPECT_THAT(p.grids, ElementsAre(Code(2, 4)));
  const double expected = RectM2(kDx / 2, kDy, Y(4) + kDy / 2);
  EXPECT_NEAR(p.area_m2, expected, expected * 0.01);
  EXPECT_TRUE(ValidatePolygon(p.geometry).ok()) << p.geometry;
  EXPECT_THAT(p.message_zh, HasSubstr("超出社区边界"));
}

TEST(ValidateGridLayoutTest, MissingCornerIsAGap) {
  std::vector<GridShape> grids = Tiling();
  grids.erase(grids.begin() + (4 * kCols + 2));  // the top-right tile
  Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_THAT(Kinds(*r), ElementsAre("gap")) << Dump(*r);
  const Problem& p = r->problems[0];
  const double expected = RectM2(kDx, kDy, Y(4) + kDy / 2);
  EXPECT_NEAR(p.area_m2, expected, expected * 0.01);
  EXPECT_THAT(p.grids, UnorderedElementsAre(Code(1, 4), Code(2, 3), Code(1, 3)));
  EXPECT_THAT(p.message_zh, HasSubstr("未被任何网格覆盖"));
}

TEST(ValidateGridLayoutTest, TwoSeparateGapsAreTwoProblems) {
  std::vector<GridShape> grids = Tiling();
  Tile(grids, 0, 0).geojson = Rect(X(0), Y(0), X(1), Y(1) - kDy / 4);  // strip below (0,1)
  grids.erase(grids.begin() + (4 * kCols + 2));                        // top-right tile
  Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_THAT(Kinds(*r), ElementsAre("gap", "gap")) << Dump(*r);
}

TEST(ValidateGridLayoutTest, HouseholdBand) {
  struct Case {
    const char* name;
    std::string code;
    int households;
    bool flagged;
  };
  const std::vector<Case> cases = {
      {"too few", Code(0, 0), 100, true},
      {"too many", Code(0, 0), 600, true},
      {"lower bound", Code(0, 0), 300, false},
      {"upper bound", Code(0, 0), 500, false},
      {"exclusive 901 with 100", "530326001001901", 100, false},
      {"exclusive 999 with 2000", "530326001001999", 2000, false},
      {"900 is comprehensive", "530326001001900", 100, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<GridShape> grids = Tiling();
    grids[0].code = c.code;
    grids[0].households = c.households;
    Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    if (c.flagged) {
      ASSERT_THAT(Kinds(*r), ElementsAre("household_band")) << Dump(*r);
      EXPECT_THAT(r->problems[0].grids, ElementsAre(c.code));
      EXPECT_THAT(r->problems[0].message_zh, HasSubstr(std::to_string(c.households) + " 户"));
    } else {
      EXPECT_TRUE(r->ok()) << Dump(*r);
    }
  }
  // A custom band.
  std::vector<GridShape> grids = Tiling();
  Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{100, 200});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->problems.size(), grids.size());
}

TEST(ValidateGridLayoutTest, IsExclusiveGridCode) {
  EXPECT_TRUE(IsExclusiveGridCode("530326001001901"));
  EXPECT_TRUE(IsExclusiveGridCode("530326001001999"));
  EXPECT_FALSE(IsExclusiveGridCode("530326001001900"));
  EXPECT_FALSE(IsExclusiveGridCode("530326001001001"));
  EXPECT_FALSE(IsExclusiveGridCode("9x1"));
  EXPECT_FALSE(IsExclusiveGridCode("91"));
}

TEST(ValidateGridLayoutTest, MissingBoundaryChecksTheRest) {
  std::vector<GridShape> grids = Tiling();
  grids.erase(grids.begin() + 14);  // a gap that cannot be seen without a boundary
  std::vector<Pt> ring = TileRing(0, 0);
  ring[2].x += kDx / 3;  // an overlap that can
  grids[0].geojson = PolygonJson(ring);
  grids[1].households = 10;
  for (std::string_view boundary : {std::string_view(""), std::string_view("  \n")}) {
    Result<LayoutReport> r = ValidateGridLayout(boundary, grids, Band{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_THAT(Kinds(*r), ElementsAre("overlap", "household_band", "missing_boundary")) << Dump(*r);
    EXPECT_TRUE(r->problems.back().grids.empty());
  }
}

TEST(ValidateGridLayoutTest, InvalidCommunityIsAnError) {
  for (const std::string& community :
       {std::string("{not json"), std::string(R"({"type":"Point","coordinates":[0,0]})"),
        PolygonJson({{0, 0}, {1, 1}, {1, 0}, {0, 1}})}) {
    Result<LayoutReport> r = ValidateGridLayout(community, Tiling(), Band{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "community");
    EXPECT_THAT(r.status().zh(), HasSubstr("社区边界无效："));
    EXPECT_THAT(r.status().en(), HasSubstr("invalid community boundary: "));
  }
}

TEST(ValidateGridLayoutTest, NoGridsLeavesTheWholeCommunityAGap) {
  Result<LayoutReport> r = ValidateGridLayout(Community(), {}, Band{});
  ASSERT_TRUE(r.ok());
  ASSERT_THAT(Kinds(*r), ElementsAre("gap"));
  const double expected = RectM2(kCols * kDx, kRows * kDy, kLat0 + kRows * kDy / 2);
  EXPECT_NEAR(r->problems[0].area_m2, expected, expected * 0.01);
}

TEST(ValidateGridLayoutTest, ConcurrentCallsAgree) {
  std::vector<GridShape> grids = Tiling();
  grids.erase(grids.begin() + 14);
  std::vector<int> problems(4, -1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < 20; ++n) {
        Result<LayoutReport> r = ValidateGridLayout(Community(), grids, Band{});
        problems[t] = r.ok() ? static_cast<int>(r->problems.size()) : -2;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_THAT(problems, ::testing::Each(1));
}

// ---- GridLocator ------------------------------------------------------------------------------------------

TEST(GridLocatorTest, FindsTheTileOfEachPoint) {
  std::vector<GridShape> grids = Tiling();
  grids.push_back({"530326001001099", "{broken", 0});
  grids.push_back({"530326001001098", R"({"type":"Point","coordinates":[103.3,26.4]})", 0});
  auto built = GridLocator::Build(grids);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const GridLocator& loc = **built;
  EXPECT_EQ(loc.size(), 15u);
  EXPECT_EQ(loc.skipped(), 2u);
  for (int row = 0; row < kRows; ++row) {
    for (int col = 0; col < kCols; ++col) {
      SCOPED_TRACE(Code(col, row));
      for (auto [fx, fy] : std::vector<std::pair<double, double>>{
               {0.5, 0.5}, {0.01, 0.01}, {0.99, 0.99}, {0.01, 0.99}, {0.99, 0.01}}) {
        EXPECT_EQ(loc.Locate(X(col) + fx * kDx, Y(row) + fy * kDy), Code(col, row));
      }
      EXPECT_EQ(loc.LocateIndex(X(col) + kDx / 2, Y(row) + kDy / 2), static_cast<size_t>(row * kCols + col));
    }
  }
  // Outside.
  EXPECT_EQ(loc.Locate(X(0) - 1e-6, Y(0) + kDy / 2), std::nullopt);
  EXPECT_EQ(loc.Locate(X(kCols) + 1e-6, Y(0) + kDy / 2), std::nullopt);
  EXPECT_EQ(loc.Locate(X(1), Y(kRows) + 1e-6), std::nullopt);
  EXPECT_EQ(loc.Locate(0, 0), std::nullopt);
  EXPECT_EQ(loc.Locate(std::nan(""), Y(1)), std::nullopt);
  // A shared edge goes to one neighbour; an outer edge to its grid.
  auto shared = loc.Locate(X(1), Y(0) + kDy / 2);
  ASSERT_TRUE(shared.has_value());
  EXPECT_THAT((std::vector<std::string>{Code(0, 0), Code(1, 0)}), Contains(*shared));
  EXPECT_EQ(loc.Locate(X(0), Y(0) + kDy / 2), Code(0, 0));
  EXPECT_EQ(loc.Locate(X(kCols), Y(kRows)), Code(kCols - 1, kRows - 1));
}

TEST(GridLocatorTest, HolesAndMultiPolygons) {
  std::vector<GridShape> grids = {
      {"A", PolygonJson({{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{{4, 4}, {6, 4}, {6, 6}, {4, 6}}}), 0},
      {"B", Rect(4, 4, 6, 6), 0},
      {"C",
       R"({"type":"MultiPolygon","coordinates":[[[[20,0],[21,0],[21,1],[20,1],[20,0]]],[[[30,0],[31,0],[31,1],[30,1],[30,0]]]]})",
       0},
  };
  auto loc = GridLocator::Build(grids);
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ((*loc)->Locate(1, 1), "A");
  EXPECT_EQ((*loc)->Locate(5, 5), "B");
  EXPECT_EQ((*loc)->Locate(20.5, 0.5), "C");
  EXPECT_EQ((*loc)->Locate(30.5, 0.5), "C");
  EXPECT_EQ((*loc)->Locate(25, 0.5), std::nullopt);
}

TEST(GridLocatorTest, EmptyInput) {
  auto loc = GridLocator::Build({});
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ((*loc)->size(), 0u);
  EXPECT_EQ((*loc)->Locate(103.3, 26.4), std::nullopt);
}

// 100 x 50 tiles (a county of 5,000 grids); a tile's shape has a jagged top edge shared with its upper
// neighbour, so the test is not just rectangles.
std::vector<GridShape> County(int cols, int rows, double dx, double dy) {
  auto xo = [&](int i) { return 103.0 + i * dx; };
  auto yo = [&](int j) { return 26.0 + j * dy; };
  auto top = [&](int i, int j) {  // the shared edge between rows j-1 and j, from x(i) to x(i+1)
    double wiggle = (j == 0 || j == rows) ? 0.0 : ((i + j) % 2 ? 0.2 : -0.2) * dy;
    return std::vector<Pt>{{xo(i), yo(j)}, {xo(i) + dx / 2, yo(j) + wiggle}, {xo(i + 1), yo(j)}};
  };
  std::vector<GridShape> grids;
  for (int j = 0; j < rows; ++j) {
    for (int i = 0; i < cols; ++i) {
      std::vector<Pt> lower = top(i, j);
      std::vector<Pt> upper = top(i, j + 1);
      std::vector<Pt> ring = {lower[0], lower[1], lower[2], upper[2], upper[1], upper[0]};
      char code[32];
      std::snprintf(code, sizeof code, "530326%09d", j * cols + i);
      grids.push_back({code, PolygonJson(ring), 400});
    }
  }
  return grids;
}

TEST(GridLocatorTest, ConcurrentLookupsAgreeWithSingleThreaded) {
  constexpr int kCountyCols = 100, kCountyRows = 50;
  constexpr double kCdx = 0.004, kCdy = 0.003;
  std::vector<GridShape> grids = County(kCountyCols, kCountyRows, kCdx, kCdy);
  auto built = GridLocator::Build(grids);
  ASSERT_TRUE(built.ok());
  const GridLocator& loc = **built;
  ASSERT_EQ(loc.size(), 5000u);

  constexpr int kPoints = 100000;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> ux(103.0 - 0.01, 103.0 + kCountyCols * kCdx + 0.01);
  std::uniform_real_distribution<double> uy(26.0 - 0.01, 26.0 + kCountyRows * kCdy + 0.01);
  std::vector<std::pair<double, double>> points(kPoints);
  for (auto& p : points) p = {ux(rng), uy(rng)};
  std::vector<std::optional<size_t>> expected(kPoints);
  size_t found = 0;
  for (int k = 0; k < kPoints; ++k) {
    expected[k] = loc.LocateIndex(points[k].first, points[k].second);
    if (expected[k]) ++found;
    // Points well inside a tile's vertical strip and away from the wiggly edges: column is exact.
    double fx = (points[k].first - 103.0) / kCdx;
    double fy = (points[k].second - 26.0) / kCdy;
    if (fx > 0 && fy > 0 && fx < kCountyCols && fy < kCountyRows) {
      ASSERT_TRUE(expected[k].has_value()) << points[k].first << " " << points[k].second;
      EXPECT_EQ(static_cast<int>(*expected[k]) % kCountyCols, static_cast<int>(fx));
      double in_row = fy - std::floor(fy);
      if (in_row > 0.25 && in_row < 0.75) {
        EXPECT_EQ(static_cast<int>(*expected[k]) / kCountyCols, static_cast<int>(fy));
      }
    } else if (fx < -1e-9 || fy < -1e-9 || fx > kCountyCols + 1e-9 || fy > kCountyRows + 1e-9) {
      EXPECT_FALSE(expected[k].has_value());
    }
  }
  EXPECT_GT(found, kPoints / 2);

  constexpr int kThreads = 8;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kPoints; ++n) {
        int k = (n + t * (kPoints / kThreads)) % kPoints;  // each thread starts elsewhere
        std::optional<std::string> got = loc.Locate(points[k].first, points[k].second);
        std::optional<std::string> want;
        if (expected[k]) want = grids[*expected[k]].code;
        if (got != want) ++mismatches[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace wangge::geo
