#include "geo/polygon.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numbers>
#include <string>

#include "geo/geo.hpp"

namespace wangge::geo::internal {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Mean earth radius (IUGG), metres.
constexpr double kEarthRadiusM = 6371008.8;
constexpr double kMetresPerDegree = kEarthRadiusM * std::numbers::pi / 180.0;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// "第 2 个多边形第 1 个环第 4 个点" / "polygon 2 ring 1 position 4" (1-based). part < 0: a plain Polygon.
struct Where {
  int part = -1;
  int ring = -1;
  int pos = -1;
  std::string Zh() const {
    std::string s;
    if (part >= 0) s += "第 " + std::to_string(part + 1) + " 个多边形";
    if (ring >= 0) s += "第 " + std::to_string(ring + 1) + " 个环";
    if (pos >= 0) s += "第 " + std::to_string(pos + 1) + " 个点";
    return s;
  }
  std::string En() const {
    std::string s;
    auto add = [&s](const std::string& t) { s += (s.empty() ? "" : " ") + t; };
    if (part >= 0) add("polygon " + std::to_string(part + 1));
    if (ring >= 0) add("ring " + std::to_string(ring + 1));
    if (pos >= 0) add("position " + std::to_string(pos + 1));
    return s;
  }
};

Status Bad(const Where& w, const std::string& zh, const std::string& en) {
  std::string wz = w.Zh();
  std::string we = w.En();
  return InvalidArgument("多边形无效：" + (wz.empty() ? "" : wz) + zh,
                         "invalid polygon: " + (we.empty() ? "" : we + ": ") + en);
}

Status ParseRing(const json& j, Where w, Ring* out) {
  if (!j.is_array()) return Bad(w, "不是坐标数组", "ring is not an array of positions");
  if (j.size() < 4) {
    return Bad(w, "只有 " + std::to_string(j.size()) + " 个点，环至少需要 4 个点（首尾相同）",
               "ring has " + std::to_string(j.size()) + " positions, at least 4 needed (first = last)");
  }
  out->clear();
  out->reserve(j.size() * 2);
  for (size_t i = 0; i < j.size(); ++i) {
    w.pos = static_cast<int>(i);
    const json& p = j[i];
    if (!p.is_array() || p.size() < 2 || p.size() > 3) {
      return Bad(w, "不是 [经度, 纬度] 坐标", "position is not [longitude, latitude]");
    }
    for (const json& v : p) {
      if (!v.is_number()) return Bad(w, "坐标不是数字", "coordinate is not a number");
    }
    double lon = p[0].get<double>();
    double lat = p[1].get<double>();
    if (!std::isfinite(lon) || lon < -180.0 || lon > 180.0) {
      return Bad(w, "经度 " + Num(lon) + " 超出范围 [-180, 180]",
                 "longitude " + Num(lon) + " out of range [-180, 180]");
    }
    if (!std::isfinite(lat) || lat < -90.0 || lat > 90.0) {
      return Bad(w, "纬度 " + Num(lat) + " 超出范围 [-90, 90]（坐标顺序应为 [经度, 纬度]）",
                 "latitude " + Num(lat) + " out of range [-90, 90] (order is [longitude, latitude])");
    }
    out->push_back(lon);
    out->push_back(lat);
  }
  w.pos = -1;
  const size_t n = out->size();
  if ((*out)[0] != (*out)[n - 2] || (*out)[1] != (*out)[n - 1]) {
    return Bad(w, "未闭合（首尾点不同）", "ring is not closed (first and last positions differ)");
  }
  return Status::Ok();
}

Status ParsePolygon(const json& j, Where w, Polygon* out) {
  if (!j.is_array()) return Bad(w, "坐标不是环的数组", "coordinates are not an array of rings");
  if (j.empty()) return Bad(w, "没有任何环", "polygon has no rings");
  out->resize(j.size());
  for (size_t r = 0; r < j.size(); ++r) {
    w.ring = static_cast<int>(r);
    RETURN_IF_ERROR(ParseRing(j[r], w, &(*out)[r]));
  }
  return Status::Ok();
}

// Shoelace terms of one ring in degree space: signed area and the first moment about the x axis.
void RingMoments(const Ring& r, double* area, double* moment_y) {
  double a = 0, my = 0;
  const size_t n = r.size() / 2;
  // Relative to the first vertex for precision.
  const double x0 = r[0], y0 = r[1];
  for (size_t i = 0; i + 1 < n; ++i) {
    double x1 = r[2 * i] - x0, y1 = r[2 * i + 1] - y0;
    double x2 = r[2 * i + 2] - x0, y2 = r[2 * i + 3] - y0;
    double c = x1 * y2 - x2 * y1;
    a += c;
    my += (y1 + y2) * c;
  }
  *area = a / 2;
  // Centroid y (relative) = my / (6 * area); return the absolute first moment area * cy.
  *moment_y = my / 6 + (a / 2) * y0;
}

}  // namespace

Result<MultiPolygon> ParseGeoJson(std::string_view geojson) {
  if (geojson.size() > kMaxGeoJsonBytes) {
    return InvalidArgument(
        "多边形无效：GeoJSON 超过 " + std::to_string(kMaxGeoJsonBytes >> 20) + " MB",
        "invalid polygon: GeoJSON larger than " + std::to_string(kMaxGeoJsonBytes >> 20) + " MB");
  }
  if (geojson.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return InvalidArgument("多边形无效：内容为空", "invalid polygon: empty GeoJSON");
  }
  json doc = json::parse(geojson.begin(), geojson.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return InvalidArgument("多边形无效：不是合法的 JSON", "invalid polygon: malformed JSON");
  }
  const json* g = &doc;
  if (g->is_object()) {
    auto t = g->find("type");
    if (t != g->end() && t->is_string() && t->get_ref<const std::string&>() == "Feature") {
      auto geom = g->find("geometry");
      if (geom == g->end() || !geom->is_object()) {
        return InvalidArgument("多边形无效：Feature 没有 geometry",
                               "invalid polygon: Feature has no geometry");
      }
      g = &*geom;
    }
  }
  if (!g->is_object()) {
    return InvalidArgument("多边形无效：不是 GeoJSON 几何对象",
                           "invalid polygon: not a GeoJSON geometry object");
  }
  auto t = g->find("type");
  if (t == g->end() || !t->is_string()) {
    return InvalidArgument("多边形无效：缺少 type", "invalid polygon: missing \"type\"");
  }
  const std::string& type = t->get_ref<const std::string&>();
  if (type != "Polygon" && type != "MultiPolygon") {
    return InvalidArgument("多边形无效：类型为 " + type + "，应为 Polygon 或 MultiPolygon",
                           "invalid polygon: type is " + type + ", expected Polygon or MultiPolygon");
  }
  auto c = g->find("coordinates");
  if (c == g->end() || !c->is_array()) {
    return InvalidArgument("多边形无效：缺少 coordinates 数组",
                           "invalid polygon: missing \"coordinates\" array");
  }
  MultiPolygon mp;
  if (type == "Polygon") {
    mp.resize(1);
    RETURN_IF_ERROR(ParsePolygon(*c, Where{}, &mp[0]));
  } else {
    if (c->empty())
      return InvalidArgument("多边形无效：MultiPolygon 为空", "invalid polygon: empty MultiPolygon");
    mp.resize(c->size());
    for (size_t i = 0; i < c->size(); ++i) {
      RETURN_IF_ERROR(ParsePolygon((*c)[i], Where{.part = static_cast<int>(i)}, &mp[i]));
    }
  }
  return mp;
}

Envelope EnvelopeOf(const MultiPolygon& mp) {
  Envelope e{mp[0][0][0], mp[0][0][1], mp[0][0][0], mp[0][0][1]};
  for (const Polygon& p : mp) {
    const Ring& shell = p[0];
    for (size_t i = 0; i + 1 < shell.size(); i += 2) {
      e.min_x = std::min(e.min_x, shell[i]);
      e.max_x = std::max(e.max_x, shell[i]);
      e.min_y = std::min(e.min_y, shell[i + 1]);
      e.max_y = std::max(e.max_y, shell[i + 1]);
    }
  }
  return e;
}

std::string ToGeoJson(const MultiPolygon& mp) {
  if (mp.empty()) return "";
  auto polygon = [](const Polygon& p) {
    ordered_json rings = ordered_json::array();
    for (const Ring& r : p) {
      ordered_json ring = ordered_json::array();
      for (size_t i = 0; i + 1 < r.size(); i += 2) ring.push_back(ordered_json::array({r[i], r[i + 1]}));
      rings.push_back(std::move(ring));
    }
    return rings;
  };
  ordered_json g;
  if (mp.size() == 1) {
    g["type"] = "Polygon";
    g["coordinates"] = polygon(mp[0]);
  } else {
    g["type"] = "MultiPolygon";
    ordered_json parts = ordered_json::array();
    for (const Polygon& p : mp) parts.push_back(polygon(p));
    g["coordinates"] = std::move(parts);
  }
  return g.dump();
}

Measure MeasureM2(const MultiPolygon& mp) {
  // Signed shells positive, holes negative, whatever the rings' orientation.
  double area_deg2 = 0, moment = 0;
  double lat_sum = 0, lat_min = 90, lat_max = -90;
  size_t lat_n = 0;
  for (const Polygon& p : mp) {
    for (size_t r = 0; r < p.size(); ++r) {
      double a, m;
      RingMoments(p[r], &a, &m);
      double sign = ((a >= 0) == (r == 0)) ? 1.0 : -1.0;
      area_deg2 += sign * a;
      moment += sign * m;
      for (size_t i = 1; i < p[r].size(); i += 2) {
        lat_sum += p[r][i];
        lat_min = std::min(lat_min, p[r][i]);
        lat_max = std::max(lat_max, p[r][i]);
      }
      lat_n += p[r].size() / 2;
    }
  }
  double lat0 = area_deg2 > 0 ? moment / area_deg2 : (lat_n ? lat_sum / static_cast<double>(lat_n) : 0.0);
  // The centroid of a simple polygon lies within its latitudes; a self-crossing ring's "centroid" need not
  // (it can fall beyond the poles, where cos < 0 would make the area negative): keep it in the envelope.
  if (lat_n > 0)
    lat0 = std::isfinite(lat0) ? std::clamp(lat0, lat_min, lat_max) : lat_sum / static_cast<double>(lat_n);
  double kx = std::cos(lat0 * std::numbers::pi / 180.0) * kMetresPerDegree;
  double ky = kMetresPerDegree;
  Measure m;
  m.area_m2 = std::abs(area_deg2) * kx * ky;
  for (const Polygon& p : mp) {
    for (const Ring& r : p) {
      for (size_t i = 0; i + 3 < r.size(); i += 2) {
        m.perimeter_m += std::hypot((r[i + 2] - r[i]) * kx, (r[i + 3] - r[i + 1]) * ky);
      }
    }
  }
  return m;
}

std::string FormatArea(double m2) {
  char buf[48];
  std::snprintf(buf, sizeof buf, m2 < 10 ? "%.1f" : "%.0f", m2);
  return buf;
}

}  // namespace wangge::geo::internal
