// The server's scheduler: raises yellow/red time-limit states, archives unrated orders, flags late call-ins
// (order service, driven by the due-time indexes — never a scan of all orders), and posts webhook deliveries
// (notify service), each on its own thread so a slow receiver cannot delay an alarm.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/notify_service.hpp"
#include "service/order_service.hpp"

namespace wangge::service {

class Scheduler {
 public:
  Scheduler(OrderService* orders, NotifyService* notify) : orders_(orders), notify_(notify) {}
  ~Scheduler() { Stop(); }
  // `max_sleep_ms` caps each wait, so a due time set by another request is noticed within it.
  void Start(int max_sleep_ms = 1000);
  void Stop();
  // Wakes both loops now (tests, or after a change that set an earlier due time).
  void Poke();
  int64_t alarms_fired() const { return alarms_.load(); }
  int64_t deliveries_attempted() const { return deliveries_.load(); }

 private:
  void Loop(bool webhooks);
  OrderService* orders_;
  NotifyService* notify_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int64_t poke_ = 0;
  int max_sleep_ms_ = 1000;
  std::thread alarm_thread_, delivery_thread_;
  std::atomic<int64_t> alarms_{0}, deliveries_{0};
};

}  // namespace wangge::service
