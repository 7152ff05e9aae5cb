// The storage contract of work orders (orders_repo.hpp): every field, optimistic locking, the List plans, the
// scheduler's indexes, timeline and call-ins (吹哨); the roll-ups are orders_rollup_test.cpp's. Part of the
// suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/orders_repo.hpp"

#include <gmock/gmock.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/indicators.hpp"
#include "core/order.hpp"
#include "storage/contract_test.hpp"
#include "storage/orders_test_util.hpp"
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

// ================================================================ work orders

// An order with every field set (optional ones too).
order::Order FullOrder() {
  order::Order o;
  o.kind = order::Kind::kEvent;
  o.state = order::State::kHandling;
  o.category = "0102";
  o.urgency = 2;
  o.channel = "patrol";
  o.title = "井盖缺失";
  o.description = "人民路 12 号门口井盖缺失，夜间有安全隐患";
  o.address = "人民路 12 号";
  o.lat = 25.491234;
  o.lon = 103.786543;
  o.place_code = kG1;
  o.reporter_user_id = 7;
  o.reporter_name_enc = std::string("\x01\x00\xffname", 7);
  o.reporter_phone_enc = std::string("\x02\x00\xfephone", 8);
  o.reporter_name_masked = "张*";
  o.reporter_phone_masked = "138****1234";
  o.command_place = kT1;
  o.assignee_dept = 3;
  o.assignee_place = kV1;
  o.handler_user_id = 9;
  o.received_at = DayAt(kDay0, 36000);
  o.accept_due = o.received_at + 7200;
  o.responded_at = o.received_at + 600;
  o.accepted_at = o.received_at + 600;
  o.phase_start = o.received_at + 600;
  o.handle_due = o.received_at + 5 * 86400;
  o.finished_at = o.received_at + 4000;
  o.verified_at = o.received_at + 5000;
  o.closed_at = o.received_at + 6000;
  o.alarm_at = o.received_at + 4 * 86400;
  o.warn = 1;
  o.accept_late = true;
  o.handle_late = true;
  o.ever_dispatched = true;
  o.ever_finished = true;
  o.ext_pending_days = 3;
  o.extensions = 1;
  o.return_count = 2;
  o.reopen_count = 1;
  o.escalate_count = 1;
  o.supervise_count = 2;
  o.supervise_level = 3;
  o.rating = 2;
  o.tier = "village";
  o.merged_into = 42;
  o.risk = 3;
  o.outcome = order::kOutcomePartly;
  o.route = "arbitration";
  o.route_ref = "会劳人仲案字〔2025〕第 17 号";
  o.followups = 2;
  o.linked_order = 41;
  o.version = 5;
  o.updated_at = o.received_at + 7000;
  return o;
}

// Compares every stored field (the plaintext reporter members are never stored).
void ExpectSameOrder(const order::Order& got, const order::Order& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.state, want.state);
  EXPECT_EQ(got.category, want.category);
  EXPECT_EQ(got.urgency, want.urgency);
  EXPECT_EQ(got.channel, want.channel);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.address, want.address);
  EXPECT_EQ(got.lat, want.lat);
  EXPECT_EQ(got.lon, want.lon);
  EXPECT_EQ(got.place_code, want.place_code);
  EXPECT_EQ(got.reporter_user_id, want.reporter_user_id);
  EXPECT_EQ(got.reporter_name_enc, want.reporter_name_enc);
  EXPECT_EQ(got.reporter_phone_enc, want.reporter_phone_enc);
  EXPECT_EQ(got.reporter_name_masked, want.reporter_name_masked);
  EXPECT_EQ(got.reporter_phone_masked, want.reporter_phone_masked);
  EXPECT_TRUE(got.reporter_name.empty());
  EXPECT_TRUE(got.reporter_phone.empty());
  EXPECT_EQ(got.command_place, want.command_place);
  EXPECT_EQ(got.assignee_dept, want.assignee_dept);
  EXPECT_EQ(got.assignee_place, want.assignee_place);
  EXPECT_EQ(got.handler_user_id, want.handler_user_id);
  EXPECT_EQ(got.received_at, want.received_at);
  EXPECT_EQ(got.accept_due, want.accept_due);
  EXPECT_EQ(got.responded_at, want.responded_at);
  EXPECT_EQ(got.accepted_at, want.accepted_at);
  EXPECT_EQ(got.phase_start, want.phase_start);
  EXPECT_EQ(got.handle_due, want.handle_due);
  EXPECT_EQ(got.finished_at, want.finished_at);
  EXPECT_EQ(got.verified_at, want.verified_at);
  EXPECT_EQ(got.closed_at, want.closed_at);
  EXPECT_EQ(got.alarm_at, want.alarm_at);
  EXPECT_EQ(got.warn, want.warn);
  EXPECT_EQ(got.accept_late, want.accept_late);
  EXPECT_EQ(got.handle_late, want.handle_late);
  EXPECT_EQ(got.ever_dispatched, want.ever_dispatched);
  EXPECT_EQ(got.ever_finished, want.ever_finished);
  EXPECT_EQ(got.ext_pending_days, want.ext_pending_days);
  EXPECT_EQ(got.extensions, want.extensions);
  EXPECT_EQ(got.return_count, want.return_count);
  EXPECT_EQ(got.reopen_count, want.reopen_count);
  EXPECT_EQ(got.escalate_count, want.escalate_count);
  EXPECT_EQ(got.supervise_count, want.supervise_count);
  EXPECT_EQ(got.supervise_level, want.supervise_level);
  EXPECT_EQ(got.rating, want.rating);
  EXPECT_EQ(got.tier, want.tier);
  EXPECT_EQ(got.merged_into, want.merged_into);
  EXPECT_EQ(got.risk, want.risk);
  EXPECT_EQ(got.outcome, want.outcome);
  EXPECT_EQ(got.route, want.route);
  EXPECT_EQ(got.route_ref, want.route_ref);
  EXPECT_EQ(got.followups, want.followups);
  EXPECT_EQ(got.linked_order, want.linked_order);
  EXPECT_EQ(got.version, want.version);
  EXPECT_EQ(got.updated_at, want.updated_at);
}

std::vector<int64_t> Ids(const std::vector<order::Order>& v) {
  std::vector<int64_t> out;
  for (auto& o : v) out.push_back(o.id);
  return out;
}

// Pages through a List and returns the ids, checking that no id repeats and no page is empty but the last.
std::vector<int64_t> ListAll(Tx& tx, OrderQuery q, int* pages = nullptr) {
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  int n = 0;
  for (int guard = 0; guard < 10000; ++guard) {
    auto page = tx.orders().List(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    ++n;
    for (auto& o : page->items) {
      EXPECT_TRUE(seen.insert(o.id).second) << "order " << o.id << " repeated on page " << n;
      ids.push_back(o.id);
    }
    if (page->next.empty()) break;
    EXPECT_FALSE(page->items.empty()) << "an empty page with a next cursor";
    q.page.after = page->next;
  }
  if (pages) *pages = n;
  return ids;
}

TEST_P(StorageContractTest, OrderInsertGetUpdateRoundTripsEveryField) {
  order::Order full = FullOrder();
  order::Order bare = SimpleOrder(kV2, DayAt(kDay0, 100));  // optional members unset, blobs empty
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(full.id, tx.orders().Insert(full));
    ASSIGN_OR_RETURN(bare.id, tx.orders().Insert(bare));
    return Status::Ok();
  }));
  EXPECT_GT(full.id, 0);
  EXPECT_NE(full.id, bare.id);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->orders().Get(full.id);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectSameOrder(*got, full);
    auto got_bare = tx->orders().Get(bare.id);
    ASSERT_TRUE(got_bare.ok());
    ExpectSameOrder(*got_bare, bare);
    EXPECT_FALSE(got_bare->lat.has_value());
    EXPECT_FALSE(got_bare->assignee_dept.has_value());
    EXPECT_FALSE(got_bare->handler_user_id.has_value());
    EXPECT_FALSE(got_bare->merged_into.has_value());
    EXPECT_EQ(tx->orders().Get(full.id + bare.id + 100).status().code(), StatusCode::kNotFound);
  }
  // Update writes every field (and clears the optional ones) and bumps the version.
  order::Order changed = bare;
  changed.id = full.id;
  changed.version = full.version;
  changed.lat = -33.8688197;
  changed.lon = 151.2092955;
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().Update(changed); }));
  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->orders().Get(full.id);
  ASSERT_TRUE(got.ok());
  order::Order want = changed;
  want.version = full.version + 1;
  ExpectSameOrder(*got, want);
  EXPECT_EQ(got->lat, std::optional<double>(-33.8688197));
}

TEST_P(StorageContractTest, OrderUpdateRejectsStaleVersionAndMissingIds) {
  order::Order o = SimpleOrder(kG1, DayAt(kDay0, 100));
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().Insert(o).status(); }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto page = tx->orders().List({});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    o = page->items[0];
  }
  EXPECT_EQ(o.version, 1);
  order::Order a = o, b = o;
  a.title = "甲改";
  b.title = "乙改";
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().Update(a); }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().Update(b); }), StatusCode::kConflict);
  order::Order missing = o;
  missing.id = o.id + 1000;
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().Update(missing); }), StatusCode::kNotFound);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->orders().Get(o.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "甲改");
  EXPECT_EQ(got->version, 2);
}

// What List must return for `q` (the contract of OrderQuery), in order.
std::vector<int64_t> ExpectedList(const std::vector<order::Order>& orders,
                                  const std::set<std::pair<int64_t, int64_t>>& callins, const OrderQuery& q) {
  std::vector<const order::Order*> hit;
  for (const auto& o : orders) {
    if (q.leader) {
      if (o.leader_user_id != q.leader) continue;
    } else if (q.dept) {
      if (o.assignee_dept != q.dept && !callins.count({o.id, *q.dept})) continue;
    } else if (!q.reporter && o.place_code.rfind(q.scope, 0) != 0) {
      continue;
    }
    if (q.reporter && o.reporter_user_id != *q.reporter) continue;
    if (q.handler && o.handler_user_id != q.handler) continue;
    if (q.state && o.state != *q.state) continue;
    if (q.kind && o.kind != *q.kind) continue;
    if (q.open_only && !order::IsOpen(o.state)) continue;
    if (q.overdue_only && !(order::IsOpen(o.state) && o.warn == 2)) continue;
    if (o.warn < q.min_warn) continue;
    if (o.category.rfind(q.category, 0) != 0) continue;
    if (q.received_from && o.received_at < q.received_from) continue;
    if (q.received_to && o.received_at >= q.received_to) continue;
    if (q.risk && o.risk != *q.risk) continue;
    if (q.outcome_mask && !((1 << o.outcome) & q.outcome_mask)) continue;
    if (!q.routes.empty() && std::find(q.routes.begin(), q.routes.end(), o.route) == q.routes.end()) continue;
    if (!q.channel.empty() && o.channel != q.channel) continue;
    if (q.repeat_only && !o.repeat_of) continue;
    if (q.skip_level_only && !o.skip_level) continue;
    if (q.led_only && !o.leader_user_id) continue;
    if (q.sort == "deadline" && order::CurrentDeadline(o) == 0) continue;
    if (q.sort == "closed" && o.state != order::State::kClosed) continue;
    hit.push_back(&o);
  }
  std::sort(hit.begin(), hit.end(), [&](const order::Order* a, const order::Order* b) {
    if (q.sort == "deadline")
      return std::make_pair(order::CurrentDeadline(*a), a->id) <
             std::make_pair(order::CurrentDeadline(*b), b->id);
    if (q.sort == "closed") return std::make_pair(a->closed_at, a->id) > std::make_pair(b->closed_at, b->id);
    return a->id > b->id;
  });
  std::vector<int64_t> ids;
  for (auto* o : hit) ids.push_back(o->id);
  return ids;
}

TEST_P(StorageContractTest, OrderListFiltersSortsAndPaginates) {
  std::mt19937 rng(20250101);
  std::vector<order::Order> orders;
  std::set<std::pair<int64_t, int64_t>> callins;
  ASSERT_OK(W([&](Tx& tx) {
    for (int i = 0; i < 240; ++i) {
      order::Order o = RandomOrder(rng, 60);
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
      orders.push_back(o);
      if (rng() % 6 == 0) {  // 吹哨: a department called in, sometimes the assigned one itself
        int64_t dept = 1 + static_cast<int64_t>(rng() % 3);
        RETURN_IF_ERROR(
            tx.orders().InsertCallin(OrderCallin{o.id, dept, o.received_at, o.received_at + 3600}));
        callins.insert({o.id, dept});
      }
    }
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  std::vector<OrderQuery> access = {
      {.scope = ""},
      {.scope = kCounty},
      {.scope = kT1},
      {.scope = kV1},
      {.scope = kG1},
      {.scope = kU1},
      {.scope = "530327"},
      {.dept = 1},
      {.dept = 3},
      {.scope = kT2, .dept = 2},  // scope ignored for a department
      {.reporter = 11},
      {.scope = kT1, .reporter = 12},
      {.handler = 21},
      {.scope = kT1, .handler = 22},
      {.dept = 2, .reporter = 11},
      {.leader = 31},
      {.scope = kT1, .leader = 32},  // scope ignored for a leader
  };
  std::vector<std::function<void(OrderQuery&)>> filters = {
      [](OrderQuery&) {},
      [](OrderQuery& q) { q.state = order::State::kHandling; },
      [](OrderQuery& q) { q.state = order::State::kClosed; },
      [](OrderQuery& q) { q.open_only = true; },
      [](OrderQuery& q) { q.overdue_only = true; },
      [](OrderQuery& q) { q.min_warn = 1; },
      [](OrderQuery& q) { q.category = "01"; },
      [](OrderQuery& q) { q.category = "0102"; },
      [](OrderQuery& q) { q.received_from = DayAt(kDay0 + 10); },
      [](OrderQuery& q) { q.kind = order::Kind::kEvent; },
      [](OrderQuery& q) {
        q.kind = order::Kind::kDispute;
        q.state = order::State::kTransferred;
      },
      [](OrderQuery& q) {
        q.kind = order::Kind::kDispute;
      },  // over a township or more: the kinds' own indexes
      [](OrderQuery& q) {
        q.kind = order::Kind::kDispute;
        q.open_only = true;
      },
      [](OrderQuery& q) {
        q.received_from = DayAt(kDay0 + 5);
        q.received_to = DayAt(kDay0 + 30);
        q.category = "0";
        q.min_warn = 1;
      },
      // The case filters: a dispute's risk, outcome and route; a petition's channel, 重复信访, 越级; 包案.
      [](OrderQuery& q) {
        q.kind = order::Kind::kDispute;
        q.risk = 3;
        q.open_only = true;
      },
      [](OrderQuery& q) { q.risk = 0; },
      [](OrderQuery& q) {
        q.kind = order::Kind::kDispute;
        q.outcome_mask = 1 << order::kOutcomeSettled;
      },
      [](OrderQuery& q) { q.outcome_mask = (1 << order::kOutcomeSettled) | (1 << order::kOutcomePartly); },
      [](OrderQuery& q) { q.routes = {"litigation"}; },
      [](OrderQuery& q) {
        q.routes = {"litigation", "arbitration", "administrative"};
      },
      [](OrderQuery& q) { q.channel = "hotline"; },  // events and petitions alike
      [](OrderQuery& q) {
        q.kind = order::Kind::kPetition;
        q.channel = "letter";
      },
      [](OrderQuery& q) {
        q.kind = order::Kind::kPetition;
        q.repeat_only = true;
      },
      [](OrderQuery& q) {
        q.skip_level_only = true;
        q.open_only = true;
      },
      [](OrderQuery& q) { q.led_only = true; },
  };
  int checked = 0, multi_page = 0;
  for (const std::string sort : {"newest", "deadline", "closed"}) {
    for (const auto& base : access) {
      for (const auto& f : filters) {
        OrderQuery q = base;
        f(q);
        q.sort = sort;
        q.page.limit = 4;
        int pages = 0;
        auto got = ListAll(*tx, q, &pages);
        auto want = ExpectedList(orders, callins, q);
        ASSERT_EQ(got, want) << "sort " << sort << " scope '" << q.scope << "' dept " << q.dept.value_or(0)
                             << " reporter " << q.reporter.value_or(0) << " handler " << q.handler.value_or(0)
                             << " filter #" << (&f - filters.data());
        ++checked;
        if (pages > 2) ++multi_page;
      }
    }
  }
  EXPECT_EQ(checked, 3 * 17 * 25);
  for (const auto& f : filters) {  // every filter keeps some orders of the whole county and drops some
    OrderQuery q;
    f(q);
    const size_t n = ExpectedList(orders, callins, q).size();
    EXPECT_GT(n, 0u) << "filter #" << (&f - filters.data());
    if (&f != filters.data()) {
      EXPECT_LT(n, orders.size()) << "filter #" << (&f - filters.data());
    }
  }
  EXPECT_GT(multi_page, 100) << "the data should make most lists span several pages";
  // One big page equals the paged result.
  OrderQuery all{.page = {.after = "", .limit = 1000}};
  auto one = tx->orders().List(all);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(Ids(one->items), ExpectedList(orders, callins, all));
  EXPECT_TRUE(one->next.empty());
  EXPECT_EQ(tx->orders().List({.sort = "oldest"}).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StorageContractTest, OrderNearbyFindsTheCategoryInTheBoxAndWindow) {
  auto at = [](double lat, double lon, int64_t t, const std::string& cat = "0101") {
    order::Order o = SimpleOrder(kG1, t, cat);
    o.lat = lat;
    o.lon = lon;
    return o;
  };
  const int64_t t0 = DayAt(kDay0);
  std::vector<order::Order> orders = {
      at(25.4900, 103.7800, t0 + 100),          // 0 inside
      at(25.4950, 103.7850, t0 + 200),          // 1 inside
      at(25.5200, 103.7800, t0 + 300),          // 2 north of the box
      at(25.4900, 103.7500, t0 + 400),          // 3 west of the box
      at(25.4910, 103.7810, t0 + 500, "0102"),  // 4 other category
      at(25.4920, 103.7820, t0 - 100),          // 5 before the window
      at(25.4930, 103.7830, t0 + 86400),        // 6 at the window's end (exclusive)
      SimpleOrder(kG1, t0 + 600),               // 7 no coordinates
  };
  ASSERT_OK(W([&](Tx& tx) {
    for (auto& o : orders) {
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
    }
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->orders().Nearby("0101", t0, t0 + 86400, 25.48, 25.50, 103.77, 103.79, 10);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_THAT(Ids(*got), UnorderedElementsAreArray({orders[0].id, orders[1].id}));
  auto one = tx->orders().Nearby("0101", t0, t0 + 86400, 25.48, 25.50, 103.77, 103.79, 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  EXPECT_TRUE(tx->orders().Nearby("0103", t0, t0 + 86400, 25.48, 25.50, 103.77, 103.79, 10)->empty());
}

TEST_P(StorageContractTest, OrderDueAlarmsAndNextAlarm) {
  const int64_t t0 = DayAt(kDay0);
  std::vector<order::Order> orders;
  for (int64_t alarm : {0, 300, 100, 200, 100}) {
    order::Order o = SimpleOrder(kG1, t0);
    o.alarm_at = alarm == 0 ? 0 : t0 + alarm;
    orders.push_back(o);
  }
  orders[3].state = order::State::kClosed;  // not open: never due
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto none = tx->orders().NextAlarm();
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
  }
  ASSERT_OK(W([&](Tx& tx) {
    for (auto& o : orders) {
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
    }
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_EQ(*tx->orders().NextAlarm(), std::optional<int64_t>(t0 + 100));
    auto due = tx->orders().DueAlarms(t0 + 250, 10);
    ASSERT_TRUE(due.ok());
    EXPECT_THAT(Ids(*due), ElementsAre(orders[2].id, orders[4].id));  // oldest alarm first, then id
    EXPECT_THAT(Ids(*tx->orders().DueAlarms(t0 + 1000, 1)), ElementsAre(orders[2].id));
    EXPECT_TRUE(tx->orders().DueAlarms(t0 + 99, 10)->empty());
  }
  // The scheduler fires the first two: their alarms move on or clear.
  ASSERT_OK(W([&](Tx& tx) {
    orders[2].alarm_at = 0;
    orders[4].alarm_at = t0 + 400;
    RETURN_IF_ERROR(tx.orders().Update(orders[2]));
    return tx.orders().Update(orders[4]);
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->orders().NextAlarm(), std::optional<int64_t>(t0 + 300));
  EXPECT_THAT(Ids(*tx->orders().DueAlarms(t0 + 1000, 10)), ElementsAre(orders[1].id, orders[4].id));
}

TEST_P(StorageContractTest, OrderOpen311Tokens) {
  int64_t a = 0, b = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(a, tx.orders().Insert(SimpleOrder(kG1, DayAt(kDay0))));
    ASSIGN_OR_RETURN(b, tx.orders().Insert(SimpleOrder(kG2, DayAt(kDay0))));
    return tx.orders().SetToken(a, "tok-a");
  }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().SetToken(b, "tok-a"); }), StatusCode::kConflict);
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().SetToken(a + b + 10, "tok-x"); }), StatusCode::kNotFound);
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().SetToken(b, "tok-b"); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->orders().FindByToken("tok-a"), std::optional<int64_t>(a));
  EXPECT_EQ(*tx->orders().FindByToken("tok-b"), std::optional<int64_t>(b));
  EXPECT_FALSE(tx->orders().FindByToken("tok-x")->has_value());
  EXPECT_FALSE(tx->orders().FindByToken("")->has_value());
}

TEST_P(StorageContractTest, OrderEventsKeepTheirOrder) {
  int64_t a = 0, b = 0;
  std::vector<OrderEvent> appended;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(a, tx.orders().Insert(SimpleOrder(kG1, DayAt(kDay0))));
    ASSIGN_OR_RETURN(b, tx.orders().Insert(SimpleOrder(kG2, DayAt(kDay0))));
    const char* actions[] = {"report", "accept", "dispatch", "claim", "finish"};
    for (int i = 0; i < 5; ++i) {
      OrderEvent e{.order_id = i % 2 == 0 ? a : b,
                   .at = DayAt(kDay0, 100 - i),
                   .action = actions[i],
                   .from_state = i == 0 ? -1 : i - 1,
                   .to_state = i,
                   .user_id = 10 + i,
                   .user_name = "用户",
                   .role = "grid_worker",
                   .reason = i == 3 ? "原因" : "",
                   .note = "备注",
                   .data = ""};
      if (i == 2) e.data = R"({"target":{"dept":3}})";
      RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
      appended.push_back(e);
    }
    return Status::Ok();
  }));
  for (auto& e : appended) EXPECT_GT(e.id, 0);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto ea = tx->orders().Events(a);
  ASSERT_TRUE(ea.ok());
  ASSERT_EQ(ea->size(), 3u);
  std::vector<std::string> actions;
  for (auto& e : *ea) actions.push_back(e.action);
  EXPECT_THAT(actions, ElementsAre("report", "dispatch", "finish"));  // append order, not time order
  const OrderEvent& d = (*ea)[1];
  EXPECT_EQ(d.id, appended[2].id);
  EXPECT_EQ(d.order_id, a);
  EXPECT_EQ(d.at, DayAt(kDay0, 98));
  EXPECT_EQ(d.from_state, 1);
  EXPECT_EQ(d.to_state, 2);
  EXPECT_EQ(d.user_id, 12);
  EXPECT_EQ(d.user_name, "用户");
  EXPECT_EQ(d.role, "grid_worker");
  EXPECT_EQ(d.note, "备注");
  EXPECT_EQ(d.data, R"({"target":{"dept":3}})");
  EXPECT_EQ((*ea)[0].from_state, -1);
  EXPECT_EQ((*ea)[0].data, "{}");
  EXPECT_EQ(tx->orders().Events(b)->size(), 2u);
  EXPECT_EQ((*tx->orders().Events(b))[1].reason, "原因");
  EXPECT_TRUE(tx->orders().Events(a + b + 1)->empty());
}

TEST_P(StorageContractTest, OrderCallinsDuplicatesAndDueList) {
  int64_t a = 0, b = 0;
  const int64_t t0 = DayAt(kDay0);
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(a, tx.orders().Insert(SimpleOrder(kG1, t0)));
    ASSIGN_OR_RETURN(b, tx.orders().Insert(SimpleOrder(kG2, t0)));
    RETURN_IF_ERROR(tx.orders().InsertCallin({a, 2, t0, t0 + 300}));
    RETURN_IF_ERROR(tx.orders().InsertCallin({a, 1, t0, t0 + 200}));
    RETURN_IF_ERROR(tx.orders().InsertCallin({b, 1, t0, t0 + 100}));
    return tx.orders().InsertCallin({b, 3, t0, t0 + 200, /*acked_at=*/t0 + 50});
  }));
  EXPECT_CODE(W([&](Tx& tx) {
                return tx.orders().InsertCallin({a, 2, t0 + 1, t0 + 900});
              }),
              StatusCode::kConflict);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto ca = tx->orders().Callins(a);
    ASSERT_TRUE(ca.ok());
    ASSERT_EQ(ca->size(), 2u);
    EXPECT_EQ((*ca)[0].dept_id, 1);
    EXPECT_EQ((*ca)[1].dept_id, 2);
    EXPECT_EQ((*ca)[1].due_at, t0 + 300);  // the duplicate changed nothing
    EXPECT_EQ((*ca)[1].called_at, t0);
    auto due = tx->orders().DueCallins(t0 + 250, 10);
    ASSERT_TRUE(due.ok());
    std::vector<std::pair<int64_t, int64_t>> got;
    for (auto& c : *due) got.emplace_back(c.order_id, c.dept_id);
    EXPECT_THAT(got, ElementsAre(std::make_pair(b, int64_t{1}), std::make_pair(a, int64_t{1})));
    EXPECT_EQ(*tx->orders().NextCallinDue(), std::optional<int64_t>(t0 + 100));
  }
  // 报到 by one, overdue notice for the other: both leave the due list.
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.orders().UpdateCallin({b, 1, t0, t0 + 100, t0 + 90, false}));
    return tx.orders().UpdateCallin({a, 1, t0, t0 + 200, 0, true});
  }));
  EXPECT_CODE(W([&](Tx& tx) {
                return tx.orders().UpdateCallin({a, 9, t0, t0, 0, false});
              }),
              StatusCode::kNotFound);
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_TRUE(tx->orders().DueCallins(t0 + 250, 10)->empty());
  EXPECT_EQ(*tx->orders().NextCallinDue(), std::optional<int64_t>(t0 + 300));
  auto cb = tx->orders().Callins(b);
  ASSERT_TRUE(cb.ok());
  ASSERT_EQ(cb->size(), 2u);
  EXPECT_EQ((*cb)[0].acked_at, t0 + 90);
  EXPECT_TRUE((*tx->orders().Callins(a))[0].overdue_notified);
  auto d = tx->orders().DueCallins(t0 + 300, 10);
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].order_id, a);
  EXPECT_EQ((*d)[0].dept_id, 2);
}

}  // namespace
}  // namespace wangge::storage::testing
