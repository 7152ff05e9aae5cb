// ValidatePolygon, AreaM2 and the layout check of one community's grids.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "geo/geo.hpp"
#include "geo/geos_util.hpp"
#include "geo/polygon.hpp"

namespace wangge::geo {
namespace {

using internal::Envelope;
using internal::FormatArea;
using internal::GeomPtr;
using internal::GeosContext;
using internal::MultiPolygon;

// Two shapes closer than this (degrees, ~1 cm) count as bordering each other.
constexpr double kBorderDistanceDeg = 1e-7;

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// The reason of a ValidatePolygon failure without its "多边形无效：" / "invalid polygon: " lead-in.
std::string Reason(const std::string& text, std::string_view lead) {
  return text.starts_with(lead) ? text.substr(lead.size()) : text;
}
std::string ReasonZh(const Status& s) { return Reason(s.zh(), "多边形无效："); }
std::string ReasonEn(const Status& s) { return Reason(s.en(), "invalid polygon: "); }

// The reportable components of a GEOS overlay result: polygonal parts above the area tolerance that are
// not slivers. Returns them and their total area.
struct Parts {
  std::vector<MultiPolygon> components;
  double area_m2 = 0;
  // All components as one coordinate model (for the GeoJSON of a problem).
  MultiPolygon Merged() const {
    MultiPolygon mp;
    for (const MultiPolygon& c : components) mp.insert(mp.end(), c.begin(), c.end());
    return mp;
  }
};

Parts Reportable(const GeosContext& ctx, const GEOSGeometry* g) {
  Parts out;
  for (MultiPolygon& c : internal::PolygonComponents(ctx, g)) {
    internal::Measure m = internal::MeasureM2(c);
    if (m.area_m2 <= kAreaToleranceM2) continue;
    if (m.perimeter_m > 0 && 2 * m.area_m2 / m.perimeter_m < kSliverWidthM) continue;
    out.area_m2 += m.area_m2;
    out.components.push_back(std::move(c));
  }
  return out;
}

std::string JoinCodes(const std::vector<std::string>& codes, const char* sep) {
  std::string s;
  for (const std::string& c : codes) s += (s.empty() ? "" : sep) + c;
  return s;
}

// A grid that passed ValidatePolygon.
struct ValidGrid {
  size_t index;  // into the caller's vector
  GeomPtr geom;
  Envelope env;
};

}  // namespace

bool IsExclusiveGridCode(std::string_view code) {
  if (code.size() < 3) return false;
  std::string_view tail = code.substr(code.size() - 3);
  if (!std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  int n = (tail[0] - '0') * 100 + (tail[1] - '0') * 10 + (tail[2] - '0');
  return n >= 901 && n <= 999;
}

Status ValidatePolygon(std::string_view geojson) {
  GeosContext ctx;
  auto g = internal::ParseValid(ctx, geojson);
  return g.ok() ? Status::Ok() : g.status();
}

Result<double> AreaM2(std::string_view geojson) {
  GeosContext ctx;
  MultiPolygon mp;
  auto g = internal::ParseValid(ctx, geojson, &mp);
  if (!g.ok()) return g.status();
  return internal::MeasureM2(mp).area_m2;
}

Result<LayoutReport> ValidateGridLayout(std::string_view community_geojson,
                                        const std::vector<GridShape>& grids, Band band) {
  GeosContext ctx;
  GEOSContextHandle_t h = ctx.get();

  // The community boundary, if any.
  GeomPtr community = internal::Own(ctx, nullptr);
  Envelope community_env;
  const bool has_boundary = !IsBlank(community_geojson);
  if (has_boundary) {
    MultiPolygon mp;
    auto g = internal::ParseValid(ctx, community_geojson, &mp);
    if (!g.ok()) {
      const Status& s = g.status();
      if (s.code() != StatusCode::kInvalidArgument) return s;
      return InvalidArgument("社区边界无效：" + ReasonZh(s), "invalid community boundary: " + ReasonEn(s),
                             "community");
    }
    community = std::move(g).value();
    community_env = internal::EnvelopeOf(mp);
  }

  LayoutReport report;
  std::vector<Problem>& problems = report.problems;

  // 1. Each grid's polygon.
  std::vector<ValidGrid> valid;
  valid.reserve(grids.size());
  for (size_t i = 0; i < grids.size(); ++i) {
    const GridShape& grid = grids[i];
    MultiPolygon mp;
    auto g = internal::ParseValid(ctx, grid.geojson, &mp);
    if (!g.ok()) {
      if (g.status().code() != StatusCode::kInvalidArgument) return g.status();
      Problem p;
      p.kind = "invalid_polygon";
      p.grids = {grid.code};
      p.message_zh = "网格 " + grid.code + " 的边界无效：" + ReasonZh(g.status());
      p.message_en = "grid " + grid.code + " has an invalid boundary: " + ReasonEn(g.status());
      problems.push_back(std::move(p));
      continue;
    }
    valid.push_back(ValidGrid{i, std::move(g).value(), internal::EnvelopeOf(mp)});
  }

  // 2. Overlaps between pairs whose envelopes share an area.
  for (size_t a = 0; a < valid.size(); ++a) {
    for (size_t b = a + 1; b < valid.size(); ++b) {
      if (!valid[a].env.OverlapsArea(valid[b].env)) continue;
      GeomPtr inter = internal::Own(ctx, GEOSIntersection_r(h, valid[a].geom.get(), valid[b].geom.get()));
      if (!inter) return ctx.Failure("intersection");
      Parts parts = Reportable(ctx, inter.get());
      if (parts.components.empty()) continue;
      const std::string& ca = grids[valid[a].index].code;
      const std::string& cb = grids[valid[b].index].code;
      Problem p;
      p.kind = "overlap";
      p.grids = {ca, cb};
      p.area_m2 = parts.area_m2;
      p.geometry = internal::ToGeoJson(parts.Merged());
      p.message_zh = "网格 " + ca + " 与 " + cb + " 重叠 约 " + FormatArea(parts.area_m2) + " 平方米";
      p.message_en = "grids " + ca + " and " + cb + " overlap by about " + FormatArea(parts.area_m2) + " m²";
      problems.push_back(std::move(p));
    }
  }

  if (has_boundary) {
    // 3. Gaps: the community minus the union of the grids, one problem per separate polygon.
    GeomPtr covered_gap = internal::Own(ctx, nullptr);
    if (valid.empty()) {
      covered_gap = internal::Own(ctx, GEOSGeom_clone_r(h, community.get()));
    } else {
      std::vector<GEOSGeometry*> clones;
      clones.reserve(valid.size());
      for (const ValidGrid& v : valid) clones.push_back(GEOSGeom_clone_r(h, v.geom.get()));
      if (std::find(clones.begin(), clones.end(), nullptr) != clones.end()) {
        for (GEOSGeometry* c : clones) {
          if (c != nullptr) GEOSGeom_destroy_r(h, c);
        }
        return ctx.Failure("clone");
      }
      GeomPtr all = internal::Own(ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, clones.data(),
                                                                   static_cast<unsigned int>(clones.size())));
      if (!all) return ctx.Failure("collection");
      GeomPtr united = internal::Own(ctx, GEOSUnaryUnion_r(h, all.get()));
      if (!united) return ctx.Failure("union");
      covered_gap = internal::Own(ctx, GEOSDifference_r(h, community.get(), united.get()));
    }
    if (!covered_gap) return ctx.Failure("difference");
    Parts gaps = Reportable(ctx, covered_gap.get());
    for (const MultiPolygon& gap : gaps.components) {
      internal::Measure m = internal::MeasureM2(gap);
      Problem p;
      p.kind = "gap";
      p.area_m2 = m.area_m2;
      p.geometry = internal::ToGeoJson(gap);
      GeomPtr gap_geom = internal::ToGeos(ctx, gap);
      if (gap_geom) {
        Envelope ge = internal::EnvelopeOf(gap);
        ge.min_x -= kBorderDistanceDeg;
        ge.min_y -= kBorderDistanceDeg;
        ge.max_x += kBorderDistanceDeg;
        ge.max_y += kBorderDistanceDeg;
        for (const ValidGrid& v : valid) {
          if (!v.env.Intersects(ge)) continue;
          if (GEOSDistanceWithin_r(h, gap_geom.get(), v.geom.get(), kBorderDistanceDeg) == 1) {
            p.grids.push_back(grids[v.index].code);
          }
        }
      }
      std::string area = FormatArea(m.area_m2);
      if (p.grids.empty()) {
        p.message_zh = "社区内约 " + area + " 平方米未被任何网格覆盖";
        p.message_en = "about " + area + " m² of the community is covered by no grid";
      } else {
        p.message_zh =
            "社区内约 " + area + " 平方米未被任何网格覆盖（相邻网格 " + JoinCodes(p.grids, "、") + "）";
        p.message_en = "about " + area + " m² of the community is covered by no grid (next to " +
                       JoinCodes(p.grids, ", ") + ")";
      }
      problems.push_back(std::move(p));
    }

    // 4. Parts of grids outside the community.
    internal::PreparedPtr prepared(GEOSPrepare_r(h, community.get()), internal::PreparedDeleter(h));
    if (!prepared) return ctx.Failure("prepare");
    for (const ValidGrid& v : valid) {
      const Envelope& e = v.env;
      bool env_inside = e.min_x >= community_env.min_x && e.max_x <= community_env.max_x &&
                        e.min_y >= community_env.min_y && e.max_y <= community_env.max_y;
      if (env_inside && GEOSPreparedContains_r(h, prepared.get(), v.geom.get()) == 1) continue;
      GeomPtr outside = internal::Own(ctx, GEOSDifference_r(h, v.geom.get(), community.get()));
      if (!outside) return ctx.Failure("difference");
      Parts parts = Reportable(ctx, outside.get());
      if (parts.components.empty()) continue;
      const std::string& code = grids[v.index].code;
      Problem p;
      p.kind = "outside_community";
      p.grids = {code};
      p.area_m2 = parts.area_m2;
      p.geometry = internal::ToGeoJson(parts.Merged());
      p.message_zh = "网格 " + code + " 超出社区边界 约 " + FormatArea(parts.area_m2) + " 平方米";
      p.message_en = "grid " + code + " extends about " + FormatArea(parts.area_m2) +
                     " m² outside the community boundary";
      problems.push_back(std::move(p));
    }
  }

  // 5. Household band of comprehensive grids.
  for (const GridShape& grid : grids) {
    if (IsExclusiveGridCode(grid.code)) continue;
    if (grid.households >= band.min_households && grid.households <= band.max_households) continue;
    std::string range = std::to_string(band.min_households) + "–" + std::to_string(band.max_households);
    Problem p;
    p.kind = "household_band";
    p.grids = {grid.code};
    p.message_zh = "网格 " + grid.code + " 有 " + std::to_string(grid.households) + " 户，不在 " + range +
                   " 户的范围内（" + (grid.households < band.min_households ? "过少" : "过多") + "）";
    p.message_en = "grid " + grid.code + " has " + std::to_string(grid.households) +
                   " households, outside the band of " + range +
                   (grid.households < band.min_households ? " (too few)" : " (too many)");
    problems.push_back(std::move(p));
  }

  if (!has_boundary) {
    Problem p;
    p.kind = "missing_boundary";
    p.message_zh = "社区边界未设置，未检查网格是否完整覆盖社区、是否超出社区";
    p.message_en = "the community has no boundary; coverage (gaps, parts outside) was not checked";
    problems.push_back(std::move(p));
  }
  return report;
}

}  // namespace wangge::geo
