// Internal to wangge_geo: RAII over the reentrant GEOS C API and conversions to and from the coordinate
// model of polygon.hpp. One GeosContext per call and thread; GEOS objects never cross threads.
#pragma once

#include <geos_c.h>

#include <memory>
#include <string>

#include "core/status.hpp"
#include "geo/polygon.hpp"

namespace wangge::geo::internal {

// A GEOS context handle that records the last error GEOS reported.
class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t get() const { return handle_; }
  // The last error message GEOS reported on this context ("" if none).
  const std::string& last_error() const { return last_error_; }
  // kInternal naming the failed operation and GEOS's message.
  Status Failure(const char* op) const;

 private:
  static void OnError(const char* message, void* self);
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

class GeomDeleter {
 public:
  explicit GeomDeleter(GEOSContextHandle_t h = nullptr) : h_(h) {}
  void operator()(GEOSGeometry* g) const {
    if (g != nullptr) GEOSGeom_destroy_r(h_, g);
  }

 private:
  GEOSContextHandle_t h_;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

class PreparedDeleter {
 public:
  explicit PreparedDeleter(GEOSContextHandle_t h = nullptr) : h_(h) {}
  void operator()(const GEOSPreparedGeometry* g) const {
    if (g != nullptr) GEOSPreparedGeom_destroy_r(h_, g);
  }

 private:
  GEOSContextHandle_t h_;
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

inline GeomPtr Own(const GeosContext& ctx, GEOSGeometry* g) { return GeomPtr(g, GeomDeleter(ctx.get())); }

// A GEOS Polygon (one part) or MultiPolygon. Null (with ctx.last_error()) if GEOS refuses.
GeomPtr ToGeos(const GeosContext& ctx, const MultiPolygon& mp);

// The non-empty polygonal components of any GEOS geometry (collections are flattened; points and lines
// dropped), each as a one-part MultiPolygon in the coordinate model.
std::vector<MultiPolygon> PolygonComponents(const GeosContext& ctx, const GEOSGeometry* g);

// Parses geojson and checks it with GEOS (ParseGeoJson + isValid). On success returns the GEOS geometry
// and, if `parsed` is non-null, the coordinates. Errors: as ValidatePolygon.
Result<GeomPtr> ParseValid(const GeosContext& ctx, std::string_view geojson, MultiPolygon* parsed = nullptr);

}  // namespace wangge::geo::internal
