// Coordinates as the backends store them: integers of 1e-7 degree (exact for inputs of up to 7 decimals);
// values beyond ±1000 degrees are clamped rather than overflowed, a non-finite one is stored as NULL.
// Shared by every repository that keeps a point (orders, activity sign-ups) on both backends.
#pragma once

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>

namespace wangge::storage {

inline std::optional<int64_t> ToE7(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return std::nullopt;
  return std::llround(std::clamp(*v, -1000.0, 1000.0) * 1e7);
}
inline std::optional<double> FromE7(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return static_cast<double>(*v) / 1e7;
}
// A bound of a box query: infinities stay beyond every stored value.
inline int64_t E7Bound(double v) {
  if (!std::isfinite(v)) return v > 0 ? INT64_MAX : INT64_MIN;
  return std::llround(std::clamp(v, -1000.0, 1000.0) * 1e7);
}

}  // namespace wangge::storage
