// Grid geometry: GeoJSON polygon validation, the layout check of a community's grids (overlaps, gaps,
// outside parts, household band) and a point -> grid locator for a whole county.
//
// Coordinates are always GeoJSON order [longitude, latitude] in degrees (WGS-84 / CGCS2000; the two differ
// by centimetres, irrelevant here). Areas are approximate square metres from an equirectangular projection
// at the measured shape's centroid: good to well under 1% at community and county scale.
//
// Nothing here throws for bad input; every failure is a Status (see core/status.hpp). All functions are
// safe to call concurrently from many threads (each call uses its own GEOS context).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wangge::geo {

// A grid as the geometry checks see it. code: 15-digit grid code; its last three digits 901-999 mean an
// exclusive grid (专属网格: school, hospital, enterprise), exempt from the household band.
struct GridShape {
  std::string code;
  std::string geojson;
  int households = 0;
};

// The household band a comprehensive grid (综合网格) must fall in, inclusive at both ends.
struct Band {
  int min_households = 300;
  int max_households = 500;
};

// One problem of a community's grid layout.
struct Problem {
  std::string kind;  // "invalid_polygon" | "overlap" | "gap" | "outside_community" | "household_band" |
                     // "missing_boundary"
  std::vector<std::string> grids;  // grid codes involved (two for an overlap; the bordering grids for
                                   // a gap; one otherwise; none for missing_boundary)
  double area_m2 = 0;              // area of the overlap/gap/outside part, approximate square metres
  std::string geometry;            // GeoJSON geometry of the problem area (empty where none)
  // Readable, e.g. "网格 530326001001001 与 530326001001002 重叠 约 1234 平方米" and
  // "grids 530326001001001 and 530326001001002 overlap by about 1234 m²".
  std::string message_zh, message_en;
};

struct LayoutReport {
  std::vector<Problem> problems;  // ordered: invalid_polygon, overlap, gap, outside_community,
                                  // household_band, missing_boundary; within a kind by grid order
  bool ok() const { return problems.empty(); }
};

// Tolerances of the layout check. An overlap, gap or outside part is reported only if its area exceeds
// kAreaToleranceM2 and it is not a sliver, i.e. its mean width (2 * area / perimeter) is at least
// kSliverWidthM: shared edges, float noise and digitising jitter of a few centimetres are not problems.
inline constexpr double kAreaToleranceM2 = 1.0;
inline constexpr double kSliverWidthM = 0.05;
// Largest GeoJSON text accepted (bytes); longer input is kInvalidArgument.
inline constexpr size_t kMaxGeoJsonBytes = 16u << 20;

// True when `code` ends in three digits 901-999: an exclusive grid (专属网格), exempt from the band.
bool IsExclusiveGridCode(std::string_view code);

// Parses and checks a GeoJSON Polygon or MultiPolygon geometry (also accepts a Feature wrapping one).
// Coordinates are [longitude, latitude] degrees (a third value, altitude, is ignored); longitude in
// [-180,180], latitude in [-90,90]; rings closed with >= 4 positions; the polygon must be OGC-valid (no
// self-intersection, holes inside their shell, parts of a MultiPolygon not overlapping).
// Errors: kInvalidArgument with a readable reason, e.g. zh "多边形无效：边界自相交（约在 经度 103.3
// 纬度 26.4）", en "invalid polygon: Self-intersection at (103.3 26.4)", for malformed JSON, a wrong or
// missing type, malformed/unclosed/short rings, out-of-range or non-numeric coordinates, an empty polygon,
// input over kMaxGeoJsonBytes, or any OGC validity failure (GEOS isValidReason, translated).
Status ValidatePolygon(std::string_view geojson);

// Checks the grids of one community and lists every problem found (an empty list means the layout is
// clean):
//  - invalid_polygon: a grid's geojson fails ValidatePolygon (the reason is in the message); such a grid
//    takes no part in the overlap/gap/outside checks (its area therefore usually shows up as a gap);
//  - overlap: two grids share more than the tolerance (one problem per pair, geometry = the shared part);
//  - gap: a part of the community covered by no grid (one problem per separate gap polygon; `grids` are
//    the grids bordering it);
//  - outside_community: the part of a grid beyond the community boundary (one problem per grid);
//  - household_band: a comprehensive grid (not IsExclusiveGridCode) with households outside the band
//    (checked for every grid, valid polygon or not);
//  - missing_boundary: community_geojson is empty (or only whitespace); then gaps and outside parts are
//    not checked and this one problem says so.
// Errors: kInvalidArgument only if community_geojson is non-empty and fails ValidatePolygon (messages
// "社区边界无效：<reason>" / "invalid community boundary: <reason>", field "community"); kInternal if GEOS
// fails on valid input (not expected).
Result<LayoutReport> ValidateGridLayout(std::string_view community_geojson,
                                        const std::vector<GridShape>& grids, Band band);

// Point -> grid lookup over many grids (a county: ~5,000 polygons), built once, then read concurrently
// from many threads without locks.
//
// Implementation: the ring coordinates are copied out of the GeoJSON into flat arrays; a uniform bucket
// grid over the polygon envelopes (cell about half a typical grid's size) gives the few candidates of a
// point, and an exact even-odd crossing test on the rings decides. No GEOS object is involved, so Locate
// is a pure read of immutable data and is safe for any number of concurrent callers.
class GridLocator {
 public:
  // Builds the index. Grids whose geojson does not parse as a Polygon/MultiPolygon (malformed JSON, wrong
  // type, unclosed or short ring, coordinate out of range) are skipped and counted in skipped(); OGC
  // validity (self-intersection) is not checked here, use ValidatePolygon for that. Grids keep their
  // input order for ties. Errors: none for bad grids; kInternal only if the input exceeds the index's
  // 32-bit limits (over 4 billion coordinates).
  static Result<std::unique_ptr<GridLocator>> Build(const std::vector<GridShape>& grids);

  // The code of the grid containing (lon, lat); on an edge shared by two grids, exactly one of them (the
  // same one every time); a point on a grid's outer edge counts as inside it; nullopt outside all grids or
  // for non-finite input. Thread-safe, lock-free, allocation-free apart from the returned string.
  std::optional<std::string> Locate(double lon, double lat) const;

  // Like Locate but returns the index into the `grids` vector given to Build (no string copy).
  std::optional<size_t> LocateIndex(double lon, double lat) const;

  size_t size() const;     // grids indexed
  size_t skipped() const;  // grids skipped because their geojson did not parse

  ~GridLocator();
  GridLocator(const GridLocator&) = delete;
  GridLocator& operator=(const GridLocator&) = delete;

 private:
  struct Index;
  explicit GridLocator(std::unique_ptr<const Index> index);
  std::unique_ptr<const Index> index_;
};

// Approximate area in square metres of a GeoJSON Polygon/MultiPolygon (or a Feature wrapping one):
// equirectangular projection at its area centroid, holes subtracted.
// Errors: kInvalidArgument exactly when ValidatePolygon fails.
Result<double> AreaM2(std::string_view geojson);

}  // namespace wangge::geo
