#include "geo/geos_util.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::geo::internal {
namespace {

// GEOS isValidReason texts (TopologyValidationError, GEOS 3.11) and their Chinese.
struct ReasonZh {
  std::string_view en;
  std::string_view zh;
};
constexpr ReasonZh kReasons[] = {
    {"Ring Self-intersection", "环自相交（环与自身接触或交叉）"},
    {"Self-intersection", "边界自相交"},
    {"Hole lies outside shell", "内环（洞）位于外环之外"},
    {"Holes are nested", "内环（洞）相互嵌套"},
    {"Interior is disconnected", "内部不连通（内环把多边形切开）"},
    {"Nested shells", "多个外环相互嵌套"},
    {"Duplicate Rings", "存在重复的环"},
    {"Too few distinct points", "环的不同点太少"},
    {"Invalid Coordinate", "坐标无效"},
    {"Ring is not closed", "环未闭合"},
    {"Repeated Point", "存在重复点"},
};

// "Self-intersection[103.3 26.4]" -> zh "边界自相交（约在 经度 103.3 纬度 26.4）",
// en "Self-intersection at (103.3 26.4)".
Status InvalidReason(const std::string& reason) {
  std::string head = reason;
  std::string where;
  if (auto lb = reason.find('['); lb != std::string::npos) {
    head = reason.substr(0, lb);
    auto rb = reason.find(']', lb);
    where = reason.substr(lb + 1, (rb == std::string::npos ? reason.size() : rb) - lb - 1);
  }
  std::string zh = "不符合 OGC 规则（" + head + "）";
  for (const ReasonZh& r : kReasons) {
    if (head.starts_with(r.en)) {
      zh = std::string(r.zh);
      break;
    }
  }
  std::string en = head;
  if (!where.empty()) {
    std::string lon = where, lat;
    if (auto sp = where.find(' '); sp != std::string::npos) {
      lon = where.substr(0, sp);
      lat = where.substr(sp + 1);
    }
    zh += "（约在 经度 " + lon + (lat.empty() ? "" : " 纬度 " + lat) + "）";
    en += " at (" + where + ")";
  }
  return InvalidArgument("多边形无效：" + zh, "invalid polygon: " + en);
}

void AppendPolygon(const GeosContext& ctx, const GEOSGeometry* poly, std::vector<MultiPolygon>* out) {
  GEOSContextHandle_t h = ctx.get();
  if (GEOSisEmpty_r(h, poly) != 0) return;
  Polygon p;
  auto add_ring = [&](const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(h, seq, &n) == 0 || n < 4) return false;
    Ring r(2 * static_cast<size_t>(n));
    if (GEOSCoordSeq_copyToBuffer_r(h, seq, r.data(), /*hasZ=*/0, /*hasM=*/0) == 0) return false;
    p.push_back(std::move(r));
    return true;
  };
  if (!add_ring(GEOSGetExteriorRing_r(h, poly))) return;
  int holes = GEOSGetNumInteriorRings_r(h, poly);
  for (int i = 0; i < holes; ++i) add_ring(GEOSGetInteriorRingN_r(h, poly, i));
  out->push_back(MultiPolygon{std::move(p)});
}

void Collect(const GeosContext& ctx, const GEOSGeometry* g, std::vector<MultiPolygon>* out) {
  GEOSContextHandle_t h = ctx.get();
  switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_POLYGON:
      AppendPolygon(ctx, g, out);
      break;
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION: {
      int n = GEOSGetNumGeometries_r(h, g);
      for (int i = 0; i < n; ++i) Collect(ctx, GEOSGetGeometryN_r(h, g, i), out);
      break;
    }
    default:
      break;  // points and lines have no area
  }
}

}  // namespace

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::OnError, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::OnError(const char* message, void* self) {
  static_cast<GeosContext*>(self)->last_error_ = message != nullptr ? message : "";
}

Status GeosContext::Failure(const char* op) const {
  return Internal(std::string("GEOS ") + op +
                  " failed: " + (last_error_.empty() ? "unknown error" : last_error_));
}

GeomPtr ToGeos(const GeosContext& ctx, const MultiPolygon& mp) {
  GEOSContextHandle_t h = ctx.get();
  auto make_ring = [h](const Ring& r) -> GEOSGeometry* {
    GEOSCoordSequence* seq =
        GEOSCoordSeq_copyFromBuffer_r(h, r.data(), static_cast<unsigned int>(r.size() / 2), 0, 0);
    if (seq == nullptr) return nullptr;
    return GEOSGeom_createLinearRing_r(h, seq);  // takes the sequence, even on failure
  };
  std::vector<GEOSGeometry*> polys;
  auto free_all = [h](std::vector<GEOSGeometry*>& v) {
    for (GEOSGeometry* g : v) {
      if (g != nullptr) GEOSGeom_destroy_r(h, g);
    }
    v.clear();
  };
  for (const Polygon& p : mp) {
    GEOSGeometry* shell = make_ring(p[0]);
    std::vector<GEOSGeometry*> holes;
    bool ok = shell != nullptr;
    for (size_t i = 1; ok && i < p.size(); ++i) {
      holes.push_back(make_ring(p[i]));
      ok = holes.back() != nullptr;
    }
    if (!ok) {
      if (shell != nullptr) GEOSGeom_destroy_r(h, shell);
      free_all(holes);
      free_all(polys);
      return Own(ctx, nullptr);
    }
    GEOSGeometry* poly =
        GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned int>(holes.size()));
    if (poly == nullptr) {  // GEOS >= 3.8 took (and freed) shell and holes even on failure
      free_all(polys);
      return Own(ctx, nullptr);
    }
    polys.push_back(poly);
  }
  if (polys.size() == 1) return Own(ctx, polys[0]);
  GEOSGeometry* multi = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(),
                                                    static_cast<unsigned int>(polys.size()));
  return Own(ctx, multi);  // on failure GEOS has taken the parts too (a leak beats a double free)
}

std::vector<MultiPolygon> PolygonComponents(const GeosContext& ctx, const GEOSGeometry* g) {
  std::vector<MultiPolygon> out;
  if (g != nullptr) Collect(ctx, g, &out);
  return out;
}

Result<GeomPtr> ParseValid(const GeosContext& ctx, std::string_view geojson, MultiPolygon* parsed) {
  ASSIGN_OR_RETURN(MultiPolygon mp, ParseGeoJson(geojson));
  GeomPtr g = ToGeos(ctx, mp);
  if (!g) {
    // GEOS refuses rings it cannot build (e.g. too few distinct points); report it as bad input.
    return InvalidArgument("多边形无效：无法构造几何（" + ctx.last_error() + "）",
                           "invalid polygon: cannot build geometry (" + ctx.last_error() + ")");
  }
  char valid = GEOSisValid_r(ctx.get(), g.get());
  if (valid == 2) return ctx.Failure("isValid");
  if (valid == 0) {
    char* reason = GEOSisValidReason_r(ctx.get(), g.get());
    std::string text = reason != nullptr ? reason : "invalid geometry";
    if (reason != nullptr) GEOSFree_r(ctx.get(), reason);
    return InvalidReason(text);
  }
  if (parsed != nullptr) *parsed = std::move(mp);
  return g;
}

}  // namespace wangge::geo::internal
