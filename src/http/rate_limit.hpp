// Per-address rate limit of the public (no sign-in) routes: /api/v1/track, the board, Open311, login. A token
// bucket per client address: `per_minute` requests a minute on average, bursts up to that many. Guessing
// tracking codes or scraping the board from one address then takes far longer than it is worth; an office
// behind one NAT address still has room. In memory: a restart forgets the buckets.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace wangge::http {

class RateLimiter {
 public:
  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}
  // Takes one request from `address`'s bucket; false (and nothing taken) when it is empty. `retry_after` is
  // set to the seconds until one is available again. A limit of 0 or less admits everything.
  bool Allow(const std::string& address, int* retry_after = nullptr);
  void SetPerMinute(int per_minute);
  int per_minute() const { return per_minute_; }

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  std::mutex mu_;  // guards buckets_ and per_minute_ writes
  int per_minute_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace wangge::http
