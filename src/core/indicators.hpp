// Indicators of the event loop: what one order contributes to the roll-ups, and the rates computed from
// summed contributions. docs/indicators.md gives the formulas in words; this file is their definition.
//
// Every order contributes a vector of additive counts (Contribution) to the roll-up rows of
// (subject, day it was received, kind, category) — and of the month it was received — where the subjects
// are its place and each ancestor down from the county, its department ("d:<id>") and its handler
// ("u:<id>"). A state change adds Contribution(after) − Contribution(before) to those rows in the same
// transaction, so the sum over any subtree and date range equals a recomputation from the raw orders.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/order.hpp"

namespace wangge::order {

enum Metric : int {
  kReceived = 0,         // 受理量 (all reports received)
  kRespondedInTime,      // accepted, refused or merged within the accept limit
  kRefusedCount,         // 不予受理
  kMergedCount,          // 并单 (folded into another order)
  kDispatchedCount,      // dispatched at least once
  kReturnedCount,        // returned (退单) at least once
  kDue,                  // due to be resolved: accepted and (resolved, or past its handling limit)
  kResolved,             // passed the check (verified or closed)
  kOnTime,               // resolved and finished within the handling limit (extensions included)
  kFinishedEver,         // finished at least once
  kReopened,             // reopened (重办) at least once
  kRated,                // has a rating
  kSatisfiedCount,       // 满意
  kBasicSatisfiedCount,  // 基本满意
  kDissatisfiedCount,    // 不满意
  kHandleSeconds,        // Σ (finished_at − accepted_at) over resolved orders
  kTierGrid,             // resolved, settled in the grid
  kTierVillage,
  kTierTownship,
  kTierCounty,
  kTierDepartment,
  kOpenCount,    // still open (reported … finished, not yet checked)
  kOverdueOpen,  // open and past its current deadline (red)
  // 矛盾纠纷 (dispute cases; 0 for other kinds):
  kSettled,           // 调解成功 (agreement, settled)
  kPartlySettled,     // 部分达成
  kMediationFailed,   // 调解不成
  kTransferredCount,  // 分流 to 诉讼, 仲裁 or 行政处理
  kLitigated,         // … of which to 诉讼 (cases to court)
  kConfirmed,         // 司法确认 of the agreement
  kFollowedUp,        // 回访 at least once
  kHighRisk,          // risk level 3 (高)
  // 信访 (petitions; 0 for other kinds but a leader, which any kind may have):
  kRepeated,   // 重复信访: an earlier petition of the same person and matter (repeat_of)
  kSkipLevel,  // 越级
  kLed,        // 领导包案: a leader in charge
  kMetricCount
};

std::string_view MetricName(int m);  // "received", "responded_in_time", …

struct Metrics {
  std::array<int64_t, kMetricCount> v{};
  int64_t& operator[](int m) { return v[static_cast<size_t>(m)]; }
  int64_t operator[](int m) const { return v[static_cast<size_t>(m)]; }
  Metrics& operator+=(const Metrics& o) {
    for (size_t i = 0; i < v.size(); ++i) v[i] += o.v[i];
    return *this;
  }
  Metrics& operator-=(const Metrics& o) {
    for (size_t i = 0; i < v.size(); ++i) v[i] -= o.v[i];
    return *this;
  }
  bool IsZero() const {
    for (int64_t x : v)
      if (x != 0) return false;
    return true;
  }
  bool operator==(const Metrics&) const = default;
};

Metrics Contribution(const Order& o);

// Subjects an order rolls up to: place codes from the province (2 digits) and prefecture (4) down to its own
// place, "d:<dept>", "u:<user>".
std::vector<std::string> Subjects(const Order& o);

// Roll-up periods: day = days since 1970-01-01 (China time) of receipt; month = year*12 + month-1.
int32_t ReceivedDay(const Order& o);
int32_t MonthOfDay(int32_t day);
int32_t FirstDayOfMonth(int32_t month);

// The rates of docs/indicators.md (0 when the denominator is 0).
struct Rates {
  double response = 0;                 // 响应率 = responded_in_time / received
  double resolution = 0;               // 解决率 = resolved / due
  double satisfaction = 0;             // 满意率 = (satisfied + basic_satisfied) / rated
  double on_time = 0;                  // 按期办结率 = on_time / resolved
  double reopen = 0;                   // 重办率 = reopened / finished_ever
  double return_rate = 0;              // 回退率 = returned / dispatched
  double avg_handle_hours = 0;         // handle_seconds / resolved / 3600
  std::array<double, 5> tier_share{};  // grid, village, township, county, department over resolved
  // Disputes.
  double settle = 0;             // 化解率 = (settled + partly_settled) / (received − refused − merged)
  double mediation_success = 0;  // 调解成功率 = settled / (settled + partly_settled + mediation_failed)
  double followup = 0;           // 回访率 = followed_up / (settled + partly_settled)
  // Petitions.
  double repeat = 0;      // 重复信访率 = repeated / received
  double skip_level = 0;  // 越级率 = skip_level / received
  double lead = 0;        // 包案率 = led / (received − refused − merged)
};
Rates ComputeRates(const Metrics& m);

}  // namespace wangge::order
