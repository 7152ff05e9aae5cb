// The storage contract of work orders (orders_repo.hpp): every field, optimistic locking, the List plans, the
// scheduler's indexes, timeline, call-ins (吹哨) and the maintained roll-ups. Part of the suite in
// contract_test.hpp: every test is a TEST_P run against every backend.
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
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

// ================================================================ work orders

// Day numbers and instants of the orders below: 2025-01-01 00:00 China time and on.
const int32_t kDay0 = 20089;  // 2025-01-01
int64_t DayAt(int32_t day, int64_t seconds = 0) { return cal::DayStart(day) + seconds; }

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
  EXPECT_EQ(got.version, want.version);
  EXPECT_EQ(got.updated_at, want.updated_at);
}

// A minimal order at `place` received at `at`.
order::Order SimpleOrder(const std::string& place, int64_t at, const std::string& category = "0101",
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

// A random order for the list and roll-up tests: any state, flags, counts and dates; deadlines and closing
// times are coarse so that ties exercise the id tie-break.
order::Order RandomOrder(std::mt19937& rng, int days) {
  static const std::vector<std::string> kPlaces = {kCounty, kT1, kT2, kV1, kV2, kV3,
                                                   kG1,     kG2, kG3, kG4, kU1, kU3};
  static const std::vector<std::string> kCats = {"01", "0101", "0102", "02", "0201", "12", "1203"};
  static const std::vector<std::string> kTiers = {"", "grid", "village", "township", "county", "department"};
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto coin = [&] { return rng() % 2 == 0; };
  order::Order o;
  o.kind = static_cast<order::Kind>(pick(4) == 0 ? 1 : 0);  // a second kind exercises the kind filter
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
  o.updated_at = o.received_at;
  return o;
}

// What List must return for `q` (the contract of OrderQuery), in order.
std::vector<int64_t> ExpectedList(const std::vector<order::Order>& orders,
                                  const std::set<std::pair<int64_t, int64_t>>& callins, const OrderQuery& q) {
  std::vector<const order::Order*> hit;
  for (const auto& o : orders) {
    if (q.dept) {
      if (o.assignee_dept != q.dept && !callins.count({o.id, *q.dept})) continue;
    } else if (!q.reporter && o.place_code.rfind(q.scope, 0) != 0) {
      continue;
    }
    if (q.reporter && o.reporter_user_id != *q.reporter) continue;
    if (q.handler && o.handler_user_id != q.handler) continue;
    if (q.state && o.state != *q.state) continue;
    if (q.open_only && !order::IsOpen(o.state)) continue;
    if (q.overdue_only && !(order::IsOpen(o.state) && o.warn == 2)) continue;
    if (o.warn < q.min_warn) continue;
    if (o.category.rfind(q.category, 0) != 0) continue;
    if (q.received_from && o.received_at < q.received_from) continue;
    if (q.received_to && o.received_at >= q.received_to) continue;
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
      [](OrderQuery& q) {
        q.received_from = DayAt(kDay0 + 5);
        q.received_to = DayAt(kDay0 + 30);
        q.category = "0";
        q.min_warn = 1;
      },
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
  EXPECT_EQ(checked, 3 * 15 * 10);
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
