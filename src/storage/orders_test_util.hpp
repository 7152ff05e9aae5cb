// Orders for the storage contract tests of work orders (orders_repo_test.cpp, orders_rollup_test.cpp).
#pragma once

#include <random>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/order.hpp"
#include "storage/contract_test.hpp"

namespace wangge::storage::testing {

// Day numbers and instants of the orders below: 2025-01-01 00:00 China time and on.
inline constexpr int32_t kDay0 = 20089;  // 2025-01-01
inline int64_t DayAt(int32_t day, int64_t seconds = 0) { return cal::DayStart(day) + seconds; }

// A minimal order at `place` received at `at`.
inline order::Order SimpleOrder(const std::string& place, int64_t at, const std::string& category = "0101",
                                order::State state = order::State::kReported) {
  order::Order o;
  o.state = state;
  o.category = category;
  o.channel = "web";
  o.title = "测试工单";
  o.place_code = place;
  o.command_place = order::CommandPlaceFor(place);
  o.received_at = at;
  o.accept_due = at + 7200;
  o.updated_at = at;
  return o;
}

// A random order for the list and roll-up tests: any state, flags, counts and dates; deadlines and closing
// times are coarse so that ties exercise the id tie-break.
inline order::Order RandomOrder(std::mt19937& rng, int days) {
  static const std::vector<std::string> kPlaces = {kCounty, kT1, kT2, kV1, kV2, kV3,
                                                   kG1,     kG2, kG3, kG4, kU1, kU3};
  static const std::vector<std::string> kCats = {"01", "0101", "0102", "02", "0201", "12", "1203"};
  static const std::vector<std::string> kTiers = {"", "grid", "village", "township", "county", "department"};
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto coin = [&] { return rng() % 2 == 0; };
  order::Order o;
  const int kind = pick(6);  // other kinds exercise the kind filter and the case filters
  o.kind = kind == 0 ? order::Kind::kDispute : kind == 1 ? order::Kind::kPetition : order::Kind::kEvent;
  o.state = static_cast<order::State>(pick(order::kStateCount));
  o.category = kCats[static_cast<size_t>(pick(static_cast<int>(kCats.size())))];
  o.urgency = 1 + pick(3);
  o.channel = coin() ? "patrol" : "hotline";
  o.title = "随机工单";
  o.place_code = kPlaces[static_cast<size_t>(pick(static_cast<int>(kPlaces.size())))];
  o.command_place = order::CommandPlaceFor(o.place_code);
  o.reporter_user_id = pick(3) == 0 ? 0 : 11 + pick(2);
  if (pick(3) != 0) o.assignee_dept = 1 + pick(3);
  if (pick(2) == 0) o.handler_user_id = 21 + pick(3);
  o.received_at = DayAt(kDay0) + static_cast<int64_t>(rng() % static_cast<unsigned>(days * 86400));
  o.accept_due = pick(8) == 0 ? 0 : DayAt(kDay0) + 3600 * pick(24 * 30);
  o.responded_at = coin() ? o.received_at + pick(20000) : 0;
  o.accepted_at = coin() ? o.received_at + pick(20000) : 0;
  o.phase_start = o.accepted_at;
  o.handle_due = pick(8) == 0 ? 0 : DayAt(kDay0) + 3600 * pick(24 * 30);
  o.finished_at = coin() ? o.received_at + pick(900000) : 0;
  o.verified_at = coin() ? o.finished_at + 100 : 0;
  o.closed_at = o.state == order::State::kClosed ? DayAt(kDay0) + 86400 * pick(400) : 0;
  o.alarm_at = coin() ? DayAt(kDay0) + 600 * pick(1000) : 0;
  o.warn = pick(3);
  o.accept_late = coin();
  o.handle_late = coin();
  o.ever_dispatched = coin();
  o.ever_finished = coin();
  o.return_count = pick(3);
  o.reopen_count = pick(2);
  o.supervise_count = pick(2);
  o.rating = pick(4);
  o.tier = kTiers[static_cast<size_t>(pick(static_cast<int>(kTiers.size())))];
  if (o.kind == order::Kind::kDispute) {  // the dispute figures (settled, transferred, confirmed …)
    static const std::vector<std::string> kRoutes = {"", "confirm", "litigation", "arbitration",
                                                     "administrative"};
    o.risk = pick(4);
    o.outcome = pick(4);
    o.route = kRoutes[static_cast<size_t>(pick(static_cast<int>(kRoutes.size())))];
    o.route_ref = o.route.empty() ? "" : "（2025）案号" + std::to_string(pick(100));
    o.followups = pick(3);
  }
  if (o.kind == order::Kind::kPetition) {  // 信访: its channels, 重复信访 and 越级
    static const std::vector<std::string> kChannels = {"letter", "visit", "online", "hotline", "mailbox"};
    o.channel = kChannels[static_cast<size_t>(pick(static_cast<int>(kChannels.size())))];
    if (coin()) o.repeat_of = 1 + pick(100);
    o.skip_level = coin();
  }
  if (pick(5) == 0) o.leader_user_id = 31 + pick(2);  // 领导包案 (any kind)
  o.updated_at = o.received_at;
  return o;
}

}  // namespace wangge::storage::testing
