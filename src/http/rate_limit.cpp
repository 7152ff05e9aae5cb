#include "http/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace wangge::http {

bool RateLimiter::Allow(const std::string& address, int* retry_after) {
  std::lock_guard lk(mu_);
  if (per_minute_ <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  const double capacity = per_minute_, per_second = per_minute_ / 60.0;
  // Bound memory under a spray of addresses: full buckets carry no state, so they are dropped first.
  if (buckets_.size() > 100000) {
    for (auto it = buckets_.begin(); it != buckets_.end();)
      it = std::chrono::duration<double>(now - it->second.at).count() * per_second + it->second.tokens >=
                   capacity
               ? buckets_.erase(it)
               : std::next(it);
    if (buckets_.size() > 100000) buckets_.clear();
  }
  auto [it, fresh] = buckets_.try_emplace(address, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(capacity, b.tokens + std::chrono::duration<double>(now - b.at).count() * per_second);
    b.at = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  if (retry_after != nullptr)
    *retry_after = std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / per_second)));
  return false;
}

void RateLimiter::SetPerMinute(int per_minute) {
  std::lock_guard lk(mu_);
  per_minute_ = per_minute;
  buckets_.clear();
}

}  // namespace wangge::http
