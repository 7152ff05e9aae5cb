#include "service/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "storage/database.hpp"

namespace wangge::service {

void Scheduler::Start(int max_sleep_ms) {
  max_sleep_ms_ = max_sleep_ms;
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  alarm_thread_ = std::thread([this] { Loop(false); });
  delivery_thread_ = std::thread([this] { Loop(true); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (alarm_thread_.joinable()) alarm_thread_.join();
  if (delivery_thread_.joinable()) delivery_thread_.join();
}

void Scheduler::Poke() {
  {
    std::lock_guard lock(mu_);
    ++poke_;
  }
  cv_.notify_all();
}

void Scheduler::Loop(bool webhooks) {
  int64_t seen_poke = 0;
  for (;;) {
    const int64_t now = storage::NowUnix();
    int64_t next = 0;
    if (webhooks) {
      auto n = notify_->DeliverDue(now, &next);
      if (n.ok())
        deliveries_ += *n;
      else
        spdlog::warn("webhook deliveries: {}", n.status().en());
    } else {
      auto n = orders_->RunDue(now, &next);
      if (n.ok())
        alarms_ += *n;
      else
        spdlog::warn("scheduler: {}", n.status().en());
    }
    // Sleep until the next due time (seconds resolution), at most max_sleep_ms_, or until poked/stopped.
    auto wait = std::chrono::milliseconds(max_sleep_ms_);
    if (next > 0) {
      const int64_t ms = (next - storage::NowUnix()) * 1000;
      if (ms < wait.count()) wait = std::chrono::milliseconds(std::max<int64_t>(ms, 50));
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [&] { return stop_ || poke_ != seen_poke; });
    if (stop_) return;
    seen_poke = poke_;
  }
}

}  // namespace wangge::service
