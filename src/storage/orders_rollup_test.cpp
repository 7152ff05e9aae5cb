// The storage contract of the maintained indicator roll-ups of work orders (orders_repo.hpp): buffered
// deltas, one county's rebuild, a place moved to another county, ranges across month edges, and the property
// that the maintained rows equal a recomputation from the orders and a rebuild. Part of the suite in
// contract_test.hpp: every test is a TEST_P run against every backend.
#include <gmock/gmock.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/indicators.hpp"
#include "core/order.hpp"
#include "storage/contract_test.hpp"
#include "storage/orders_repo.hpp"
#include "storage/orders_test_util.hpp"
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {
namespace {

// ================================================================ roll-ups

// Adds `sign` × the order's contribution to its day and month rows of every subject.
void Roll(OrderRepo& repo, const order::Order& o, int sign) {
  order::Metrics m = order::Contribution(o);
  if (sign < 0) {
    order::Metrics neg;
    neg -= m;
    m = neg;
  }
  const int32_t day = order::ReceivedDay(o);
  for (const auto& s : order::Subjects(o)) {
    repo.AddRollup({s, 0, day, static_cast<int>(o.kind), o.category}, m);
    repo.AddRollup({s, 1, order::MonthOfDay(day), static_cast<int>(o.kind), o.category}, m);
  }
}

std::string MetricsString(const order::Metrics& m) {
  std::string s;
  for (int i = 0; i < order::kMetricCount; ++i)
    if (m[i] != 0) s += std::string(order::MetricName(i)) + "=" + std::to_string(m[i]) + " ";
  return s.empty() ? "zero" : s;
}

TEST_P(StorageContractTest, RollupBufferIsDroppedWhenTheJobFails) {
  order::Order o = SimpleOrder(kG1, DayAt(kDay0, 3600));
  const RollupQuery q{.subject = kT1, .from_day = kDay0, .to_day = kDay0};
  EXPECT_CODE(W([&](Tx& tx) -> Status {
                ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
                Roll(tx.orders(), o, +1);
                return InvalidArgument("无效", "invalid on purpose");
              }),
              StatusCode::kInvalidArgument);
  // A later good job in the same writer sees none of the failed job's deltas.
  ASSERT_OK(W([&](Tx& tx) {
    order::Order other = SimpleOrder(kG2, DayAt(kDay0, 7200));
    ASSIGN_OR_RETURN(other.id, tx.orders().Insert(other));
    Roll(tx.orders(), other, +1);
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto sum = tx->orders().SumRollup(q);
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ((*sum)[order::kReceived], 1);
  EXPECT_EQ((*sum)[order::kOpenCount], 1);
  EXPECT_EQ(*sum, *tx->orders().RecomputeFromOrders(q));
  EXPECT_EQ(tx->orders().List({})->items.size(), 1u);
}

// RebuildRollups(county) in a database of two counties: the rebuilt county's figures equal a recomputation,
// the other county's are kept, and a delta buffered in the same job for the other county survives it.
TEST_P(StorageContractTest, RebuildOfOneCountyKeepsTheOthers) {
  const std::vector<std::string> other = {"530381", "530381001", "530381001001", "530381001001001"};
  ASSERT_OK(W([&](Tx& tx) -> Status {
    for (const auto& c : other) RETURN_IF_ERROR(tx.places().Insert(MakePlace(c)));
    return Status::Ok();
  }));
  order::Order here = SimpleOrder(kG1, DayAt(kDay0, 3600));
  order::Order there = SimpleOrder(other.back(), DayAt(kDay0, 7200));
  order::Order later = SimpleOrder(kG2, DayAt(kDay0, 9000));
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(here.id, tx.orders().Insert(here));
    Roll(tx.orders(), here, +1);
    ASSIGN_OR_RETURN(there.id, tx.orders().Insert(there));  // no roll-up: the rebuild adds it
    return Status::Ok();
  }));
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(later.id, tx.orders().Insert(later));
    Roll(tx.orders(), later, +1);
    return tx.orders().RebuildRollups("530381").status();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  for (const std::string& subject :
       {kProv, kPref, kCounty, std::string("530381"), std::string("530381001")}) {
    const RollupQuery q{.subject = subject, .from_day = kDay0, .to_day = kDay0};
    auto sum = tx->orders().SumRollup(q);
    ASSERT_TRUE(sum.ok()) << sum.status().ToString();
    EXPECT_EQ(*sum, *tx->orders().RecomputeFromOrders(q)) << subject;
  }
  // The province's and prefecture's figures add up both counties (rows kept per county on PostgreSQL).
  const RollupQuery province{.subject = kProv, .from_day = kDay0, .to_day = kDay0};
  EXPECT_EQ((*tx->orders().SumRollup(province))[order::kReceived], 3);
  const RollupQuery mine{.subject = kCounty, .from_day = kDay0, .to_day = kDay0};
  EXPECT_EQ((*tx->orders().SumRollup(mine))[order::kReceived], 2);
  const RollupQuery theirs{.subject = "530381", .from_day = kDay0, .to_day = kDay0};
  EXPECT_EQ((*tx->orders().SumRollup(theirs))[order::kReceived], 1);
  EXPECT_EQ(tx->orders().CheckRollups()->mismatches, 0);
}

// A village with orders moved into another county (Rekey → MovePlace): its figures leave the old county's
// rows and join the new county's, the province's and prefecture's totals stay (on PostgreSQL their rows move
// from one county's share to the other's), and every row equals a rebuild.
TEST_P(StorageContractTest, MovingAVillageToAnotherCountyMovesItsFigures) {
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    for (const std::string c : {"530381", "530381001"}) RETURN_IF_ERROR(tx.places().Insert(MakePlace(c)));
    return Status::Ok();
  }));
  std::vector<order::Order> orders = {SimpleOrder(kG1, DayAt(kDay0, 3600)),
                                      SimpleOrder(kV1, DayAt(kDay0, 4000)),
                                      SimpleOrder(kG3, DayAt(kDay0, 5000))};
  ASSERT_OK(W([&](Tx& tx) -> Status {
    for (auto& o : orders) {
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
      Roll(tx.orders(), o, +1);
    }
    return Status::Ok();
  }));
  auto received = [&](const std::string& subject) {
    auto tx = R();
    auto m = tx->orders().SumRollup({.subject = subject, .from_day = kDay0, .to_day = kDay0});
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? (*m)[order::kReceived] : -1;
  };
  const int64_t in_v1 = received(kV1);
  ASSERT_GT(in_v1, 0);
  ASSERT_LT(in_v1, 3);
  const std::string moved = "530381001001";
  ASSERT_OK(W([&](Tx& tx) { return tx.places().Rekey(kV1, moved, "530381001"); }));
  EXPECT_EQ(received(kProv), 3);
  EXPECT_EQ(received(kPref), 3);
  EXPECT_EQ(received(kCounty), 3 - in_v1);
  EXPECT_EQ(received("530381"), in_v1);
  EXPECT_EQ(received(moved), in_v1);
  EXPECT_EQ(received(kV1), 0);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto check = tx->orders().CheckRollups();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(check->mismatches, 0) << check->first;
}

TEST_P(StorageContractTest, RollupRangesAcrossMonthEdgesEqualTheSumOfDays) {
  // Orders on both sides of the month edges of January-April 2025, some at 23:59 and 00:00 China time.
  std::mt19937 rng(7);
  std::vector<order::Order> orders;
  const int32_t jan1 = kDay0, feb1 = kDay0 + 31, mar1 = feb1 + 28, apr1 = mar1 + 31, may1 = apr1 + 30;
  ASSERT_EQ(order::FirstDayOfMonth(order::MonthOfDay(mar1)), mar1);
  ASSERT_EQ(order::FirstDayOfMonth(order::MonthOfDay(may1)), may1);
  for (int32_t edge : {feb1, mar1, apr1, may1})
    for (int64_t off : {-86400 * 2, -1, 0, 1, 86400 * 3}) {
      order::Order o = RandomOrder(rng, 1);
      o.received_at = DayAt(edge) + off;
      orders.push_back(o);
    }
  for (int i = 0; i < 60; ++i) {
    order::Order o = RandomOrder(rng, 130);
    orders.push_back(o);
  }
  ASSERT_OK(W([&](Tx& tx) {
    for (auto& o : orders) {
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
      Roll(tx.orders(), o, +1);
    }
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  struct Range {
    int32_t from, to;
  };
  const std::vector<Range> ranges = {{jan1 + 14, mar1 + 9}, {feb1, mar1 - 1},      {feb1, apr1 - 1},
                                     {jan1, may1 - 1},      {feb1 + 1, apr1},      {feb1 - 1, feb1},
                                     {mar1, mar1},          {jan1 + 3, jan1 + 20}, {mar1 + 5, mar1 - 5}};
  for (const std::string& subject : {kCounty, kT1, kV1, kG1, std::string("d:1"), std::string("u:21")}) {
    for (const Range& r : ranges) {
      RollupQuery q{.subject = subject, .from_day = r.from, .to_day = r.to};
      auto whole = tx->orders().SumRollup(q);
      ASSERT_TRUE(whole.ok()) << whole.status().ToString();
      order::Metrics days;
      for (int32_t d = r.from; d <= r.to; ++d) {
        RollupQuery one{.subject = subject, .from_day = d, .to_day = d};
        days += *tx->orders().SumRollup(one);
      }
      EXPECT_EQ(MetricsString(*whole), MetricsString(days)) << subject << " " << r.from << ".." << r.to;
      EXPECT_EQ(MetricsString(*whole), MetricsString(*tx->orders().RecomputeFromOrders(q)))
          << subject << " " << r.from << ".." << r.to;
    }
  }
}

// Whether the order rolls up to the query's rows (category by prefix, or exactly when `exact_category`).
bool RollsUpTo(const order::Order& o, const RollupQuery& q, bool exact_category = false) {
  const int32_t day = order::ReceivedDay(o);
  if (day < q.from_day || day > q.to_day) return false;
  if (exact_category ? o.category != q.category : o.category.rfind(q.category, 0) != 0) return false;
  if (q.kind && static_cast<int>(o.kind) != *q.kind) return false;
  auto subjects = order::Subjects(o);
  return std::find(subjects.begin(), subjects.end(), q.subject) != subjects.end();
}

// Σ Contribution over the orders that roll up to the query's rows, computed in C++.
order::Metrics ExpectedSum(const std::vector<order::Order>& orders, const RollupQuery& q,
                           bool exact_category = false) {
  order::Metrics m;
  for (const auto& o : orders)
    if (RollsUpTo(o, q, exact_category)) m += order::Contribution(o);
  return m;
}

TEST_P(StorageContractTest, RollupPropertyMaintainedEqualsRecomputedEqualsRebuilt) {
  const auto started = std::chrono::steady_clock::now();
  std::mt19937 rng(4242);
  constexpr int kOrders = 2000, kDays = 425;  // ~14 months
  std::vector<order::Order> orders;
  orders.reserve(kOrders);
  // Inserts in jobs of 250, each adding its orders' contributions.
  for (int job = 0; job < kOrders / 250; ++job) {
    ASSERT_OK(W([&](Tx& tx) {
      for (int i = 0; i < 250; ++i) {
        order::Order o = RandomOrder(rng, kDays);
        ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
        Roll(tx.orders(), o, +1);
        orders.push_back(o);
      }
      return Status::Ok();
    }));
  }
  // State changes: take the old contribution out and put the new one in (subjects may change too: another
  // department or handler); some orders change twice in one job.
  for (int job = 0; job < 6; ++job) {
    ASSERT_OK(W([&](Tx& tx) {
      for (int i = 0; i < 150; ++i) {
        order::Order& o = orders[rng() % orders.size()];
        order::Order n = RandomOrder(rng, kDays);
        n.id = o.id;
        n.version = o.version;
        n.received_at = o.received_at;  // the receipt day and the place never change
        n.place_code = o.place_code;
        n.command_place = o.command_place;
        n.category = o.category;
        n.kind = o.kind;
        RETURN_IF_ERROR(tx.orders().Update(n));
        Roll(tx.orders(), o, -1);
        Roll(tx.orders(), n, +1);
        o = n;
        o.version = n.version + 1;
      }
      return Status::Ok();
    }));
  }
  const auto loaded = std::chrono::steady_clock::now();

  const std::vector<std::string> subjects = {kCounty, kT1, kT2,   kV1,   kV3,    kG1,
                                             kG4,     kU1, "d:1", "d:3", "u:21", "u:23"};
  const std::vector<std::string> categories = {"", "01", "0102", "12", "1203", "0"};
  std::vector<RollupQuery> queries;
  for (const auto& s : subjects)
    for (int i = 0; i < 12; ++i) {
      int32_t a = kDay0 - 5 + static_cast<int32_t>(rng() % (kDays + 10));
      int32_t b = kDay0 - 5 + static_cast<int32_t>(rng() % (kDays + 10));
      if (a > b) std::swap(a, b);
      if (i == 0) a = kDay0 - 10, b = kDay0 + kDays + 10;  // everything
      RollupQuery q{
          .subject = s, .from_day = a, .to_day = b, .category = categories[rng() % categories.size()]};
      if (i % 3 == 1) q.kind = static_cast<int>(rng() % 2);
      queries.push_back(q);
    }
  auto check_all = [&](Tx& tx, const char* stage) {
    int nonzero = 0;
    for (const auto& q : queries) {
      const std::string where = std::string(stage) + " subject " + q.subject + " days " +
                                std::to_string(q.from_day) + ".." + std::to_string(q.to_day) + " category '" +
                                q.category + "' kind " + (q.kind ? std::to_string(*q.kind) : "any");
      order::Metrics want = ExpectedSum(orders, q);
      auto sum = tx.orders().SumRollup(q);
      ASSERT_TRUE(sum.ok()) << sum.status().ToString();
      auto recomputed = tx.orders().RecomputeFromOrders(q);
      ASSERT_TRUE(recomputed.ok()) << recomputed.status().ToString();
      ASSERT_EQ(MetricsString(*sum), MetricsString(want)) << where;
      ASSERT_EQ(MetricsString(*recomputed), MetricsString(want)) << where;
      if (!want.IsZero()) ++nonzero;
      // Grouped by category and by month: each group equals its own C++ sum; the groups add up to the total.
      auto by_cat = tx.orders().RollupByCategory(q);
      ASSERT_TRUE(by_cat.ok()) << by_cat.status().ToString();
      std::vector<std::pair<std::string, std::string>> got_c, want_c;
      for (auto& [cat, m] : *by_cat) got_c.emplace_back(cat, MetricsString(m));
      std::map<std::string, order::Metrics> want_cats;
      std::map<int32_t, order::Metrics> want_months;
      for (const auto& o : orders)
        if (RollsUpTo(o, q)) {
          want_cats[o.category] += order::Contribution(o);
          want_months[order::MonthOfDay(order::ReceivedDay(o))] += order::Contribution(o);
        }
      for (auto& [cat, m] : want_cats) want_c.emplace_back(cat, MetricsString(m));
      ASSERT_EQ(got_c, want_c) << where << " (by category)";
      auto by_month = tx.orders().RollupByMonth(q);
      ASSERT_TRUE(by_month.ok()) << by_month.status().ToString();
      std::vector<std::pair<int32_t, std::string>> got_m, want_m;
      for (auto& [mo, m] : *by_month) got_m.emplace_back(mo, MetricsString(m));
      for (auto& [mo, m] : want_months) want_m.emplace_back(mo, MetricsString(m));
      ASSERT_EQ(got_m, want_m) << where << " (by month)";
    }
    EXPECT_GT(nonzero, static_cast<int>(queries.size()) * 3 / 4) << "most queries should match some orders";
  };
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    check_all(*tx, "maintained");
    auto check = tx->orders().CheckRollups();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_EQ(check->mismatches, 0) << check->first;
    EXPECT_GT(check->rows, kOrders);
  }
  // A roll-up row that drifted from the orders is found (and the rebuild below repairs it).
  ASSERT_OK(W([&](Tx& tx) {
    order::Metrics drift;
    drift[0] = 1;
    tx.orders().AddRollup(RollupKey{"drift-subject", 0, 20000, 0, "01"}, drift);
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto check = tx->orders().CheckRollups();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_EQ(check->mismatches, 1);
    EXPECT_NE(check->first.find("drift-subject"), std::string::npos) << check->first;
  }
  const auto checked = std::chrono::steady_clock::now();
  int64_t rows = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(rows, tx.orders().RebuildRollups(""));
    return Status::Ok();
  }));
  EXPECT_GT(rows, kOrders);
  const auto rebuilt = std::chrono::steady_clock::now();
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    check_all(*tx, "rebuilt");
    EXPECT_EQ(tx->orders().CheckRollups()->mismatches, 0);
  }
  auto ms = [](auto a, auto b) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
  };
  std::cout << "[ timing   ] roll-up property: load+maintain " << ms(started, loaded) << " ms, "
            << queries.size() << " queries (sum, recompute, by category, by month) " << ms(loaded, checked)
            << " ms, rebuild (" << rows << " rows) " << ms(checked, rebuilt) << " ms\n";
}

}  // namespace
}  // namespace wangge::storage::testing
