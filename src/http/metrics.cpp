#include "http/metrics.hpp"

#include <map>
#include <sstream>

namespace wangge::http {

void Metrics::Observe(const std::string& route, int status, double seconds) {
  std::lock_guard lk(mu_);
  Series& s = series_[route];
  ++s.by_status[status];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++s.buckets[i];
  s.sum += seconds;
  ++s.count;
}

std::string Metrics::Render(const storage::WriterStats& ws) const {
  std::ostringstream o;
  o << "# HELP wangge_http_requests_total HTTP requests by route and status.\n"
       "# TYPE wangge_http_requests_total counter\n";
  std::map<std::string, Series> sorted;
  {
    std::lock_guard lk(mu_);
    sorted.insert(series_.begin(), series_.end());
  }
  for (const auto& [route, s] : sorted) {
    std::map<int, int64_t> st(s.by_status.begin(), s.by_status.end());
    for (auto [code, n] : st)
      o << "wangge_http_requests_total{route=\"" << route << "\",status=\"" << code << "\"} " << n << "\n";
  }
  o << "# HELP wangge_http_request_duration_seconds Request latency by route.\n"
       "# TYPE wangge_http_request_duration_seconds histogram\n";
  for (const auto& [route, s] : sorted) {
    int64_t cum = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cum += s.buckets[i];
      o << "wangge_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i]
        << "\"} " << cum << "\n";
    }
    cum += s.buckets[kBuckets.size()];
    o << "wangge_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << cum << "\n";
    o << "wangge_http_request_duration_seconds_sum{route=\"" << route << "\"} " << s.sum << "\n";
    o << "wangge_http_request_duration_seconds_count{route=\"" << route << "\"} " << s.count << "\n";
  }
  o << "# HELP wangge_db_commits_total Group commits (transactions) by the database writer.\n"
       "# TYPE wangge_db_commits_total counter\nwangge_db_commits_total "
    << ws.batches
    << "\n"
       "# HELP wangge_db_write_jobs_total Write requests run by the writer.\n"
       "# TYPE wangge_db_write_jobs_total counter\nwangge_db_write_jobs_total "
    << ws.jobs
    << "\n"
       "# HELP wangge_db_write_jobs_failed_total Write requests rolled back on their own.\n"
       "# TYPE wangge_db_write_jobs_failed_total counter\nwangge_db_write_jobs_failed_total "
    << ws.failed_jobs
    << "\n"
       "# HELP wangge_db_commit_batch_size Write requests per commit.\n"
       "# TYPE wangge_db_commit_batch_size histogram\n";
  static const char* kLe[] = {"1", "3", "7", "15", "31", "63", "+Inf"};
  int64_t cum = 0;
  for (size_t i = 0; i < ws.batch_size_histogram.size() && i < 7; ++i) {
    cum += ws.batch_size_histogram[i];
    o << "wangge_db_commit_batch_size_bucket{le=\"" << kLe[i] << "\"} " << cum << "\n";
  }
  o << "wangge_db_commit_batch_size_sum " << ws.jobs << "\nwangge_db_commit_batch_size_count " << ws.batches
    << "\n";
  o << "# HELP wangge_db_cache_bytes Memory the database connections keep cached (pages, schema, "
       "statements).\n"
       "# TYPE wangge_db_cache_bytes gauge\nwangge_db_cache_bytes "
    << ws.cache_bytes << "\n";
  return o.str();
}

}  // namespace wangge::http
