// Internal to wangge_geo: a plain coordinate model of (multi)polygons, the GeoJSON parser into it, the
// GeoJSON writer out of it and the planar measures. No GEOS here (see geos_util.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wangge::geo::internal {

// A closed ring: lon, lat interleaved; the last position repeats the first; at least 4 positions.
using Ring = std::vector<double>;
// Rings of one polygon: [0] the shell, the rest holes.
using Polygon = std::vector<Ring>;
// Parts of a multipolygon (a plain Polygon is a MultiPolygon of one part).
using MultiPolygon = std::vector<Polygon>;

struct Envelope {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool Intersects(const Envelope& o) const {
    return min_x <= o.max_x && o.min_x <= max_x && min_y <= o.max_y && o.min_y <= max_y;
  }
  // True when the two envelopes share an area (not just an edge or corner).
  bool OverlapsArea(const Envelope& o) const {
    return min_x < o.max_x && o.min_x < max_x && min_y < o.max_y && o.min_y < max_y;
  }
};

// Parses a GeoJSON Polygon, MultiPolygon or a Feature wrapping one, checking structure only: JSON syntax,
// type, nesting, numbers, coordinate ranges, ring closure and length. OGC validity is GEOS's job.
// Errors: kInvalidArgument with zh/en reasons.
Result<MultiPolygon> ParseGeoJson(std::string_view geojson);

// The envelope of the shells (holes lie inside them). `mp` must be non-empty.
Envelope EnvelopeOf(const MultiPolygon& mp);

// GeoJSON geometry text: "" for no parts, a Polygon for one, a MultiPolygon for more.
std::string ToGeoJson(const MultiPolygon& mp);

struct Measure {
  double area_m2 = 0;      // shells minus holes
  double perimeter_m = 0;  // all rings
};
// Area and perimeter in metres of an equirectangular projection at the area centroid's latitude.
Measure MeasureM2(const MultiPolygon& mp);

// Formats an area for messages: "1234" (whole square metres; one decimal below 10).
std::string FormatArea(double m2);

}  // namespace wangge::geo::internal
