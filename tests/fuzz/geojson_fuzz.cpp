// GeoJSON boundaries (geo/): the structural parser (ParseGeoJson) and its writer, ValidatePolygon and
// AreaM2 (GEOS validity), the point locator and the grid layout check, all on the input. Input: GeoJSON text.
#include <cmath>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "fuzz.hpp"
#include "geo/geo.hpp"
#include "geo/polygon.hpp"

namespace wangge::fuzz {
namespace {

namespace gi = geo::internal;

void CheckError(const Status& st) {
  FUZZ_CHECK_MSG(st.code() == StatusCode::kInvalidArgument, st.ToString());
  FUZZ_CHECK(IsValidUtf8(st.zh()) && IsValidUtf8(st.en()));
}

}  // namespace

int GeoJson(const uint8_t* data, size_t size) {
  const std::string_view text = AsText(data, size);

  auto mp = gi::ParseGeoJson(text);
  if (mp.ok()) {
    // The structural promises: closed rings of at least 4 positions, coordinates in range.
    FUZZ_CHECK(!mp->empty());
    for (const gi::Polygon& p : *mp) {
      FUZZ_CHECK(!p.empty());
      for (const gi::Ring& r : p) {
        FUZZ_CHECK(r.size() >= 8 && r.size() % 2 == 0);
        FUZZ_CHECK(r[0] == r[r.size() - 2] && r[1] == r[r.size() - 1]);
        for (size_t i = 0; i < r.size(); i += 2)
          FUZZ_CHECK(std::isfinite(r[i]) && std::fabs(r[i]) <= 180 && std::isfinite(r[i + 1]) &&
                     std::fabs(r[i + 1]) <= 90);
      }
    }
    const gi::Envelope e = gi::EnvelopeOf(*mp);
    FUZZ_CHECK(e.min_x <= e.max_x && e.min_y <= e.max_y);
    const gi::Measure m = gi::MeasureM2(*mp);
    FUZZ_CHECK(m.area_m2 >= 0 && m.perimeter_m >= 0);
    // Written and parsed again, the coordinates come back exactly.
    const std::string written = gi::ToGeoJson(*mp);
    auto again = gi::ParseGeoJson(written);
    FUZZ_CHECK_MSG(again.ok(), again.status().ToString() + " for " + written.substr(0, 500));
    FUZZ_CHECK(*again == *mp);
  } else {
    CheckError(mp.status());
  }

  // OGC validity (GEOS) implies the structure; AreaM2 fails exactly when validation does.
  const Status valid = geo::ValidatePolygon(text);
  if (!valid.ok()) CheckError(valid);
  FUZZ_CHECK(!valid.ok() || mp.ok());
  auto area = geo::AreaM2(text);
  FUZZ_CHECK(area.ok() == valid.ok());
  if (area.ok()) FUZZ_CHECK(std::isfinite(*area) && *area >= 0);

  // The locator skips what does not parse and answers for any point.
  auto locator = geo::GridLocator::Build({{"530326001001001", std::string(text), 0}});
  FUZZ_CHECK(locator.ok());
  FUZZ_CHECK((*locator)->size() + (*locator)->skipped() == 1);
  FUZZ_CHECK(((*locator)->skipped() == 0) == mp.ok());
  if (mp.ok()) {
    const gi::Envelope e = gi::EnvelopeOf(*mp);
    const gi::Ring& shell = (*mp)[0][0];
    for (auto [x, y] :
         {std::pair{shell[0], shell[1]}, std::pair{(e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2},
          std::pair{e.max_x + 1, e.max_y + 1}, std::pair{std::nan(""), 0.0}}) {
      auto hit = (*locator)->Locate(x, y);
      if (hit) FUZZ_CHECK(*hit == "530326001001001");
    }
  }

  // The layout check with the input as the community and as its only grid (an exclusive grid, so the
  // household band does not apply): a valid polygon is never reported invalid.
  if (size <= 4096) {
    auto report = geo::ValidateGridLayout(text, {{"530326001001901", std::string(text), 0}}, geo::Band{});
    if (!report.ok()) {
      FUZZ_CHECK_MSG(!valid.ok() && report.status().code() == StatusCode::kInvalidArgument,
                     report.status().ToString());
    } else if (valid.ok()) {
      for (const geo::Problem& p : report->problems)
        FUZZ_CHECK_MSG(p.kind != "invalid_polygon", p.message_en);
    }
  }
  return 0;
}

}  // namespace wangge::fuzz
