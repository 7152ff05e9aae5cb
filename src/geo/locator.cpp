// GridLocator: bucket grid over envelopes + even-odd point-in-polygon on flat coordinate arrays.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "geo/geo.hpp"
#include "geo/polygon.hpp"

namespace wangge::geo {

// Immutable after Build: every member is only read by Locate, so concurrent Locate calls need no locks.
struct GridLocator::Index {
  struct Grid {
    double min_x, min_y, max_x, max_y;  // envelope
    uint32_t ring_begin, ring_end;      // into ring_start
    uint32_t source;                    // index into Build's input
  };
  std::vector<std::string> codes;  // by source index (skipped grids keep an empty slot)
  std::vector<Grid> grids;
  std::vector<uint32_t> ring_start;  // ring r = points [ring_start[r], ring_start[r + 1]); size rings + 1
  std::vector<double> xy;            // lon, lat interleaved; every ring closed
  // Bucket grid: cell (cx, cy) lists grids in cell_items[cell_start[c] .. cell_start[c + 1]), c = cy*nx + cx.
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // overall envelope
  double inv_cell_w = 0, inv_cell_h = 0;
  uint32_t nx = 1, ny = 1;
  std::vector<uint32_t> cell_start;
  std::vector<uint32_t> cell_items;
  size_t skipped = 0;

  uint32_t CellX(double x) const {
    double f = (x - x0) * inv_cell_w;
    if (!(f > 0)) return 0;
    return f >= nx ? nx - 1 : static_cast<uint32_t>(f);
  }
  uint32_t CellY(double y) const {
    double f = (y - y0) * inv_cell_h;
    if (!(f > 0)) return 0;
    return f >= ny ? ny - 1 : static_cast<uint32_t>(f);
  }

  // Even-odd crossing test over all rings of the grid (shells and holes alike; correct for valid
  // polygons and multipolygons). Each edge is evaluated with its endpoints in a canonical order (lower y
  // first), so two grids sharing an edge compute bit-identical crossings and a point on the shared edge
  // lands in exactly one of them.
  bool Contains(const Grid& g, double x, double y) const {
    bool inside = false;
    for (uint32_t r = g.ring_begin; r < g.ring_end; ++r) {
      const double* p = xy.data() + 2 * static_cast<size_t>(ring_start[r]);
      const uint32_t n = ring_start[r + 1] - ring_start[r];
      for (uint32_t i = 0; i + 1 < n; ++i) {
        double ax = p[2 * i], ay = p[2 * i + 1];
        double bx = p[2 * i + 2], by = p[2 * i + 3];
        if ((ay > y) == (by > y)) continue;
        if (ay > by) {
          std::swap(ax, bx);
          std::swap(ay, by);
        }
        double xint = ax + (y - ay) * (bx - ax) / (by - ay);
        if (x < xint) inside = !inside;
      }
    }
    return inside;
  }

  // True when (x, y) lies on an edge of the grid (within ~1e-9 degree, about 0.1 mm).
  bool OnBoundary(const Grid& g, double x, double y) const {
    constexpr double kEps = 1e-9;
    for (uint32_t r = g.ring_begin; r < g.ring_end; ++r) {
      const double* p = xy.data() + 2 * static_cast<size_t>(ring_start[r]);
      const uint32_t n = ring_start[r + 1] - ring_start[r];
      for (uint32_t i = 0; i + 1 < n; ++i) {
        double ax = p[2 * i], ay = p[2 * i + 1];
        double bx = p[2 * i + 2], by = p[2 * i + 3];
        if (x < std::min(ax, bx) - kEps || x > std::max(ax, bx) + kEps) continue;
        if (y < std::min(ay, by) - kEps || y > std::max(ay, by) + kEps) continue;
        double dx = bx - ax, dy = by - ay;
        double len = std::hypot(dx, dy);
        if (len == 0) {
          if (std::abs(x - ax) <= kEps && std::abs(y - ay) <= kEps) return true;
          continue;
        }
        if (std::abs(dx * (y - ay) - dy * (x - ax)) <= kEps * len) return true;
      }
    }
    return false;
  }

  std::optional<size_t> Find(double x, double y) const {
    if (grids.empty() || !std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
    if (x < x0 || x > x1 || y < y0 || y > y1) return std::nullopt;
    const size_t c = static_cast<size_t>(CellY(y)) * nx + CellX(x);
    const uint32_t begin = cell_start[c], end = cell_start[c + 1];
    for (uint32_t k = begin; k < end; ++k) {
      const Grid& g = grids[cell_items[k]];
      if (x < g.min_x || x > g.max_x || y < g.min_y || y > g.max_y) continue;
      if (Contains(g, x, y)) return g.source;
    }
    // Not strictly inside any: a point on an outer edge of the tiling still belongs to that grid.
    for (uint32_t k = begin; k < end; ++k) {
      const Grid& g = grids[cell_items[k]];
      if (x < g.min_x || x > g.max_x || y < g.min_y || y > g.max_y) continue;
      if (OnBoundary(g, x, y)) return g.source;
    }
    return std::nullopt;
  }
};

GridLocator::GridLocator(std::unique_ptr<const Index> index) : index_(std::move(index)) {}
GridLocator::~GridLocator() = default;

Result<std::unique_ptr<GridLocator>> GridLocator::Build(const std::vector<GridShape>& grids) {
  constexpr size_t kMax = std::numeric_limits<uint32_t>::max() - 1;
  if (grids.size() > kMax) return Internal("GridLocator: too many grids");
  auto index = std::make_unique<Index>();
  index->codes.resize(grids.size());
  index->grids.reserve(grids.size());
  index->ring_start.push_back(0);
  for (size_t i = 0; i < grids.size(); ++i) {
    auto parsed = internal::ParseGeoJson(grids[i].geojson);
    if (!parsed.ok()) {
      ++index->skipped;
      continue;
    }
    const internal::MultiPolygon& mp = parsed.value();
    internal::Envelope e = internal::EnvelopeOf(mp);
    Index::Grid g{e.min_x,
                  e.min_y,
                  e.max_x,
                  e.max_y,
                  static_cast<uint32_t>(index->ring_start.size() - 1),
                  0,
                  static_cast<uint32_t>(i)};
    for (const internal::Polygon& poly : mp) {
      for (const internal::Ring& ring : poly) {
        index->xy.insert(index->xy.end(), ring.begin(), ring.end());
        if (index->xy.size() / 2 > kMax) return Internal("GridLocator: too many coordinates");
        index->ring_start.push_back(static_cast<uint32_t>(index->xy.size() / 2));
      }
    }
    g.ring_end = static_cast<uint32_t>(index->ring_start.size() - 1);
    index->grids.push_back(g);
    index->codes[i] = grids[i].code;
  }
  index->xy.shrink_to_fit();

  Index& ix = *index;
  if (!ix.grids.empty()) {
    ix.x0 = ix.y0 = std::numeric_limits<double>::infinity();
    ix.x1 = ix.y1 = -std::numeric_limits<double>::infinity();
    double sum_w = 0, sum_h = 0;
    for (const Index::Grid& g : ix.grids) {
      ix.x0 = std::min(ix.x0, g.min_x);
      ix.y0 = std::min(ix.y0, g.min_y);
      ix.x1 = std::max(ix.x1, g.max_x);
      ix.y1 = std::max(ix.y1, g.max_y);
      sum_w += g.max_x - g.min_x;
      sum_h += g.max_y - g.min_y;
    }
    const double n = static_cast<double>(ix.grids.size());
    const double width = ix.x1 - ix.x0, height = ix.y1 - ix.y0;
    // Cells half a typical grid's size: a grid spans ~3x3 cells, a cell holds ~2-3 candidates.
    double cell_w = sum_w / n / 2, cell_h = sum_h / n / 2;
    double fx = cell_w > 0 ? std::ceil(width / cell_w) : 1;
    double fy = cell_h > 0 ? std::ceil(height / cell_h) : 1;
    // Cap the cell count (memory) at 16 per grid, at least 4096.
    const double max_cells = std::max(4096.0, 16.0 * n);
    if (fx * fy > max_cells) {
      double shrink = std::sqrt(max_cells / (fx * fy));
      fx = std::ceil(fx * shrink);
      fy = std::ceil(fy * shrink);
      while (fx * fy > max_cells && (fx > 1 || fy > 1)) {
        if (fx >= fy)
          fx = std::max(1.0, fx - 1);
        else
          fy = std::max(1.0, fy - 1);
      }
    }
    ix.nx = static_cast<uint32_t>(std::clamp(fx, 1.0, max_cells));
    ix.ny = static_cast<uint32_t>(std::clamp(fy, 1.0, max_cells));
    ix.inv_cell_w = width > 0 ? ix.nx / width : 0;
    ix.inv_cell_h = height > 0 ? ix.ny / height : 0;

    // Two passes: count, then fill (CSR layout).
    const size_t cells = static_cast<size_t>(ix.nx) * ix.ny;
    std::vector<uint32_t> count(cells + 1, 0);
    auto for_each_cell = [&ix](const Index::Grid& g, auto&& fn) {
      uint32_t cx0 = ix.CellX(g.min_x), cx1 = ix.CellX(g.max_x);
      uint32_t cy0 = ix.CellY(g.min_y), cy1 = ix.CellY(g.max_y);
      for (uint32_t cy = cy0; cy <= cy1; ++cy) {
        for (uint32_t cx = cx0; cx <= cx1; ++cx) fn(static_cast<size_t>(cy) * ix.nx + cx);
      }
    };
    size_t total = 0;
    for (const Index::Grid& g : ix.grids) {
      for_each_cell(g, [&](size_t c) {
        ++count[c];
        ++total;
      });
    }
    if (total > kMax) return Internal("GridLocator: index too large");
    ix.cell_start.assign(cells + 1, 0);
    for (size_t c = 0; c < cells; ++c) ix.cell_start[c + 1] = ix.cell_start[c] + count[c];
    ix.cell_items.resize(total);
    std::vector<uint32_t> fill(ix.cell_start.begin(), ix.cell_start.end() - 1);
    for (uint32_t gi = 0; gi < ix.grids.size(); ++gi) {
      for_each_cell(ix.grids[gi], [&](size_t c) { ix.cell_items[fill[c]++] = gi; });
    }
  } else {
    ix.cell_start.assign(2, 0);
  }
  return std::unique_ptr<GridLocator>(new GridLocator(std::move(index)));
}

std::optional<size_t> GridLocator::LocateIndex(double lon, double lat) const {
  return index_->Find(lon, lat);
}

std::optional<std::string> GridLocator::Locate(double lon, double lat) const {
  std::optional<size_t> i = index_->Find(lon, lat);
  if (!i) return std::nullopt;
  return index_->codes[*i];
}

size_t GridLocator::size() const { return index_->grids.size(); }
size_t GridLocator::skipped() const { return index_->skipped; }

}  // namespace wangge::geo
