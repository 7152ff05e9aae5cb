// Prometheus text-format metrics: request counts and latency histograms per route, plus the database's
// group-commit figures.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <string>
#include <unordered_map>

#include "storage/database.hpp"

namespace wangge::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  void Observe(const std::string& route, int status, double seconds);
  std::string Render(const storage::WriterStats& ws) const;

 private:
  struct Series {
    std::unordered_map<int, int64_t> by_status;
    std::array<int64_t, kBuckets.size() + 1> buckets{};
    double sum = 0;
    int64_t count = 0;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, Series> series_;
};

}  // namespace wangge::http
