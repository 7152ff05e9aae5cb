// The demo county's dispute side (demo/disputes.hpp, demo/screenings.hpp) at SMALL scale: the cases play the
// engine's dispute rules step by step, reach every outcome, carry their sealed parties and, once agreed, an
// agreement signed by all; a year of screening rounds covers every grid and township with the demo's mix of
// on-time, late and missing rounds, and leaves the current periods open.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/dates.hpp"
#include "core/screening.hpp"
#include "demo_fixture.hpp"
#include "storage/disputes_repo.hpp"
#include "storage/screenings_repo.hpp"

namespace wangge::cli {
namespace {

using demo_test::DemoTest;

TEST_F(DemoTest, DisputeCasesFollowTheDisputeRulesToEveryOutcome) {
  auto tx = Read();
  auto cases = Orders(*tx, order::Kind::kDispute);
  EXPECT_EQ(static_cast<int64_t>(cases.size()), summary_->disputes);
  EXPECT_GE(cases.size(), 70u);  // 80 drawn; those registered after `now` are not there yet
  std::map<order::State, int> states;
  std::map<std::string, int> routes;
  int agreed = 0, high_risk = 0, late = 0;
  for (const order::Order& o : cases) {
    states[o.state]++;
    routes[o.route]++;
    EXPECT_EQ(o.category.substr(0, 2), "08") << o.id;
    EXPECT_EQ(o.channel, "register");
    high_risk += o.risk == 3;
    late += o.handle_late;
    // The timeline: each step a dispute rule, in time order, from the state the last one left.
    auto ev = tx->orders().Events(o.id);
    ASSERT_TRUE(ev.ok());
    int state = -1;
    int64_t at = 0;
    for (const auto& e : *ev) {
      EXPECT_GE(e.at, at) << o.id;
      at = e.at;
      EXPECT_LE(e.at, now_);
      EXPECT_TRUE(nlohmann::json::accept(e.data)) << e.data;
      auto a = order::ActionFromName(e.action);
      ASSERT_TRUE(a.has_value()) << e.action;
      const order::Rule* rule = order::FindRule(order::Kind::kDispute, *a);
      ASSERT_NE(rule, nullptr) << e.action;
      if (state >= 0) {
        EXPECT_TRUE(rule->from & (1u << state)) << o.id << " " << e.action;
      }
      EXPECT_TRUE(rule->to & (1u << e.to_state)) << o.id << " " << e.action;
      state = e.to_state;
    }
    EXPECT_EQ(state, static_cast<int>(o.state)) << o.id;
    // Its parties (2 or 3, sealed, masked) and, once agreed, an agreement signed by every one of them.
    auto parties = tx->disputes().Parties(o.id);
    ASSERT_TRUE(parties.ok());
    EXPECT_GE(parties->size(), 2u);
    EXPECT_LE(parties->size(), 3u);
    for (const dispute::Party& p : *parties) {
      EXPECT_TRUE(p.name.empty());
      EXPECT_FALSE(p.name_enc.empty());
      EXPECT_FALSE(p.phone_hash.empty());
      EXPECT_EQ(p.phone_masked.substr(0, 3), "154");
    }
    auto agreement = tx->disputes().GetAgreement(o.id);
    ASSERT_TRUE(agreement.ok());
    const bool after_agree = o.outcome == order::kOutcomeSettled || o.outcome == order::kOutcomePartly;
    EXPECT_EQ(agreement->has_value(), after_agree) << o.id;
    if (after_agree) {
      ++agreed;
      EXPECT_EQ((*agreement)->signed_by.size(), parties->size());
    }
  }
  // Every outcome of the chain is in the county: 案结事了, 协议履行中, 已分流, still being mediated.
  EXPECT_GT(states[order::State::kClosed], 0);
  EXPECT_GT(states[order::State::kHandling] + states[order::State::kDispatched], 0);
  EXPECT_GT(states[order::State::kTransferred] + routes["litigation"] + routes["arbitration"] +
                routes["administrative"],
            0);
  EXPECT_GT(routes["confirm"], 0);
  EXPECT_GT(agreed, static_cast<int>(cases.size()) / 2);
  EXPECT_GE(high_risk, 0);
  EXPECT_GE(late, 0);
  // The event history's figures never count them.
  for (const order::Order& o : Orders(*tx)) EXPECT_EQ(o.kind, order::Kind::kEvent);
}

TEST_F(DemoTest, AYearOfScreeningRoundsLeavesTheCurrentPeriodsOpen) {
  auto tx = Read();
  const int64_t today = ChinaDay(now_);
  auto rounds = tx->screenings().List("530326", today - 400, today, 1000);
  ASSERT_TRUE(rounds.ok()) << rounds.status().ToString();
  EXPECT_EQ(static_cast<int64_t>(rounds->size()), summary_->screenings);
  const auto grids = PlacesAt(*tx, Level::kGrid);
  const auto towns = PlacesAt(*tx, Level::kTownship);
  const screening::Period week = screening::PeriodOf(screening::Cycle::kWeek, today);
  const screening::Period half = screening::PeriodOf(screening::Cycle::kHalfMonth, today);
  std::set<std::string> places;
  int late = 0, found = 0;
  for (const screening::Record& r : *rounds) {
    places.insert(r.place_code);
    EXPECT_TRUE(screening::Screens(r.place_code)) << r.place_code;
    const screening::Cycle c =
        r.place_code.size() == 9 ? screening::Cycle::kHalfMonth : screening::Cycle::kWeek;
    EXPECT_EQ(r.cycle, screening::CycleName(c));
    EXPECT_EQ(screening::PeriodOf(c, r.period.first), r.period);
    EXPECT_LT(r.period.last, r.place_code.size() == 9 ? half.first : week.first);  // current periods open
    EXPECT_EQ(r.late, ChinaDay(r.recorded_at) > r.period.last) << r.place_code;
    EXPECT_LE(r.recorded_at, now_);
    EXPECT_LE(r.resolved, r.found);
    EXPECT_EQ(r.found > 0, !r.note.empty());
    late += r.late;
    found += r.found > 0;
  }
  EXPECT_EQ(places.size(), grids.size() + towns.size());
  // About 52 weekly rounds per grid and 24 half-monthly per township, of which ~4 % missing.
  const double expected = 52.0 * static_cast<double>(grids.size()) + 24.0 * static_cast<double>(towns.size());
  EXPECT_GT(static_cast<double>(rounds->size()), expected * 0.9);
  EXPECT_LT(static_cast<double>(rounds->size()), expected * 1.02);
  EXPECT_GT(late, 0);
  EXPECT_GT(found, 0);
  // The grid worker's and township official's last period is theirs to make up.
  for (const DemoAccount& a : summary_->accounts) {
    if (a.role != "grid_worker" && a.role != "township_official") continue;
    const screening::Cycle c =
        a.role == "grid_worker" ? screening::Cycle::kWeek : screening::Cycle::kHalfMonth;
    const screening::Period last = screening::PreviousPeriod(c, screening::PeriodOf(c, today));
    auto r = tx->screenings().Get(a.place_code, last.first);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value()) << a.username;
  }
}

}  // namespace
}  // namespace wangge::cli
