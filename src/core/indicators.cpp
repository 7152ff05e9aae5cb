#include "core/indicators.hpp"

#include <array>

#include "core/dates.hpp"

namespace wangge::order {
namespace {

constexpr std::array<std::string_view, kMetricCount> kNames = {"received",
                                                               "responded_in_time",
                                                               "refused",
                                                               "merged",
                                                               "dispatched",
                                                               "returned",
                                                               "due",
                                                               "resolved",
                                                               "on_time",
                                                               "finished_ever",
                                                               "reopened",
                                                               "rated",
                                                               "satisfied",
                                                               "basic_satisfied",
                                                               "dissatisfied",
                                                               "handle_seconds",
                                                               "tier_grid",
                                                               "tier_village",
                                                               "tier_township",
                                                               "tier_county",
                                                               "tier_department",
                                                               "open",
                                                               "overdue_open",
                                                               "settled",
                                                               "partly_settled",
                                                               "mediation_failed",
                                                               "transferred",
                                                               "litigated",
                                                               "confirmed",
                                                               "followed_up",
                                                               "high_risk",
                                                               "repeated",
                                                               "skip_level",
                                                               "led"};

double Ratio(int64_t a, int64_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }

}  // namespace

std::string_view MetricName(int m) {
  if (m < 0 || m >= kMetricCount) return "";
  return kNames[static_cast<size_t>(m)];
}

Metrics Contribution(const Order& o) {
  Metrics m;
  const bool resolved = o.state == State::kVerified || o.state == State::kClosed;
  const bool out = o.state == State::kRefused || o.state == State::kMerged;
  m[kReceived] = 1;
  m[kRespondedInTime] = (o.responded_at != 0 && !o.accept_late) ? 1 : 0;
  m[kRefusedCount] = o.state == State::kRefused;
  m[kMergedCount] = o.state == State::kMerged;
  m[kDispatchedCount] = o.ever_dispatched;
  m[kReturnedCount] = o.return_count > 0;
  m[kDue] = (o.accepted_at != 0 && !out && (resolved || o.handle_late)) ? 1 : 0;
  m[kResolved] = resolved;
  m[kOnTime] = resolved && !o.handle_late;
  m[kFinishedEver] = o.ever_finished;
  m[kReopened] = o.reopen_count > 0;
  m[kRated] = o.rating != 0;
  m[kSatisfiedCount] = o.rating == kSatisfied;
  m[kBasicSatisfiedCount] = o.rating == kBasicSatisfied;
  m[kDissatisfiedCount] = o.rating == kDissatisfied;
  m[kHandleSeconds] = resolved && o.finished_at > o.accepted_at ? o.finished_at - o.accepted_at : 0;
  if (resolved) {
    m[kTierGrid] = o.tier == "grid";
    m[kTierVillage] = o.tier == "village";
    m[kTierTownship] = o.tier == "township";
    m[kTierCounty] = o.tier == "county";
    m[kTierDepartment] = o.tier == "department";
  }
  m[kOpenCount] = IsOpen(o.state);
  m[kOverdueOpen] = IsOpen(o.state) && o.warn == 2;
  m[kSettled] = o.outcome == kOutcomeSettled;
  m[kPartlySettled] = o.outcome == kOutcomePartly;
  m[kMediationFailed] = o.outcome == kOutcomeFailed;
  m[kTransferredCount] = IsTransferRoute(o.route);
  m[kLitigated] = o.route == "litigation";
  m[kConfirmed] = o.route == "confirm";
  m[kFollowedUp] = o.followups > 0;
  m[kHighRisk] = o.risk == 3;
  m[kRepeated] = o.repeat_of.has_value();
  m[kSkipLevel] = o.skip_level;
  m[kLed] = o.leader_user_id.has_value();
  return m;
}

std::vector<std::string> Subjects(const Order& o) {
  std::vector<std::string> s;
  s.reserve(9);
  for (size_t len : {2u, 4u, 6u, 9u, 12u, 15u, 18u})
    if (o.place_code.size() >= len) s.push_back(o.place_code.substr(0, len));
  if (o.assignee_dept) s.push_back("d:" + std::to_string(*o.assignee_dept));
  if (o.handler_user_id) s.push_back("u:" + std::to_string(*o.handler_user_id));
  return s;
}

int32_t ReceivedDay(const Order& o) { return cal::LocalDay(o.received_at); }

int32_t MonthOfDay(int32_t day) {
  const CivilDate d = CivilFromDays(day);
  return d.year * 12 + (d.month - 1);
}

int32_t FirstDayOfMonth(int32_t month) {
  return static_cast<int32_t>(DaysFromCivil(month / 12, month % 12 + 1, 1));
}

Rates ComputeRates(const Metrics& m) {
  Rates r;
  r.response = Ratio(m[kRespondedInTime], m[kReceived]);
  r.resolution = Ratio(m[kResolved], m[kDue]);
  r.satisfaction = Ratio(m[kSatisfiedCount] + m[kBasicSatisfiedCount], m[kRated]);
  r.on_time = Ratio(m[kOnTime], m[kResolved]);
  r.reopen = Ratio(m[kReopened], m[kFinishedEver]);
  r.return_rate = Ratio(m[kReturnedCount], m[kDispatchedCount]);
  r.avg_handle_hours = Ratio(m[kHandleSeconds], m[kResolved]) / 3600.0;
  for (int i = 0; i < 5; ++i) r.tier_share[static_cast<size_t>(i)] = Ratio(m[kTierGrid + i], m[kResolved]);
  const int64_t settled = m[kSettled] + m[kPartlySettled];
  r.settle = Ratio(settled, m[kReceived] - m[kRefusedCount] - m[kMergedCount]);
  r.mediation_success = Ratio(m[kSettled], settled + m[kMediationFailed]);
  r.followup = Ratio(m[kFollowedUp], settled);
  r.repeat = Ratio(m[kRepeated], m[kReceived]);
  r.skip_level = Ratio(m[kSkipLevel], m[kReceived]);
  r.lead = Ratio(m[kLed], m[kReceived] - m[kRefusedCount] - m[kMergedCount]);
  return r;
}

}  // namespace wangge::order
