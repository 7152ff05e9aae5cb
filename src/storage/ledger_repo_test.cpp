// The storage contract of the ledger (ledger_repo.hpp) and the 积分超市 (shop_repo.hpp). Part of the suite in
// contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/ledger_repo.hpp"

#include <gmock/gmock.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "storage/contract_test.hpp"
#include "storage/shop_repo.hpp"

namespace wangge::storage::testing {
namespace {

using ledger::Currency;
using ledger::Entry;
using ledger::Holder;
using ledger::Kind;

Entry Make(const std::string& place, Currency c, Kind k, int period, std::vector<ledger::Movement> m,
           std::string key = "") {
  Entry e;
  e.place_code = place;
  e.currency = c;
  e.kind = k;
  e.period = period;
  e.movements = std::move(m);
  e.idem_key = std::move(key);
  e.created_by = 1;
  e.created_at = 1'780'000'000;
  return e;
}

TEST_P(StorageContractTest, LedgerPostsBalancedEntriesWithinLimitsOnceAndReversesOnce) {
  int64_t community = 0, alice = 0, bob = 0, shop = 0, hours_alice = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    ASSIGN_OR_RETURN(auto c, tx.ledger().OpenAccount(kV1, Currency::kPoints, Holder::kCommunity, 0, {}, 1));
    ASSIGN_OR_RETURN(auto a,
                     tx.ledger().OpenAccount(kV1, Currency::kPoints, Holder::kPerson, 11, {0, {}}, 1));
    ASSIGN_OR_RETURN(auto b,
                     tx.ledger().OpenAccount(kV1, Currency::kPoints, Holder::kPerson, 12, {0, 25}, 1));
    ASSIGN_OR_RETURN(auto s, tx.ledger().OpenAccount(kV1, Currency::kPoints, Holder::kShop, 0, {}, 1));
    ASSIGN_OR_RETURN(auto h, tx.ledger().OpenAccount(kV1, Currency::kHours, Holder::kPerson, 11, {0, {}}, 1));
    // Opening again gives the same account.
    ASSIGN_OR_RETURN(auto again, tx.ledger().OpenAccount(kV1, Currency::kPoints, Holder::kPerson, 11, {}, 2));
    EXPECT_EQ(again.id, a.id);
    EXPECT_EQ(again.limits.floor, 0);
    community = c.id, alice = a.id, bob = b.id, shop = s.id, hours_alice = h.id;
    return Status::Ok();
  }));
  Entry award = Make(kV1, Currency::kPoints, Kind::kAward, 202611, {{community, -30}, {alice, 30}}, "k1");
  ASSERT_OK(W([&](Tx& tx) { return tx.ledger().Post(&award); }));
  EXPECT_GT(award.id, 0);
  // The same key posts once.
  Entry replay = Make(kV1, Currency::kPoints, Kind::kAward, 202611, {{community, -30}, {alice, 30}}, "k1");
  EXPECT_EQ(W([&](Tx& tx) { return tx.ledger().Post(&replay); }).code(), StatusCode::kConflict);
  // A debit below the floor changes nothing, not even the entry row.
  Entry overdraw = Make(kV1, Currency::kPoints, Kind::kRedeem, 202611, {{alice, -31}, {shop, 31}});
  Status st = W([&](Tx& tx) { return tx.ledger().Post(&overdraw); });
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.field(), "account:" + std::to_string(alice));
  // A credit above the ceiling (bob: 25).
  Entry over = Make(kV1, Currency::kPoints, Kind::kAward, 202611, {{community, -26}, {bob, 26}});
  EXPECT_EQ(W([&](Tx& tx) { return tx.ledger().Post(&over); }).code(), StatusCode::kFailedPrecondition);
  // An account of another currency is not found.
  Entry mixed = Make(kV1, Currency::kPoints, Kind::kAward, 202611, {{community, -1}, {hours_alice, 1}});
  EXPECT_EQ(W([&](Tx& tx) { return tx.ledger().Post(&mixed); }).code(), StatusCode::kNotFound);
  // An account of another community is not found either.
  Entry elsewhere = Make(kV2, Currency::kPoints, Kind::kAward, 202611, {{community, -1}, {alice, 1}});
  EXPECT_EQ(W([&](Tx& tx) { return tx.ledger().Post(&elsewhere); }).code(), StatusCode::kNotFound);

  Entry redeem = Make(kV1, Currency::kPoints, Kind::kRedeem, 202612, {{alice, -20}, {shop, 20}});
  ASSERT_OK(W([&](Tx& tx) { return tx.ledger().Post(&redeem); }));
  // Reversed once; the second reversal conflicts.
  Entry rev = ledger::ReversalOf(redeem, 202612, "退货", 1, 1'780'000'100);
  ASSERT_OK(W([&](Tx& tx) { return tx.ledger().Post(&rev); }));
  Entry rev2 = ledger::ReversalOf(redeem, 202612, "再退", 1, 1'780'000'200);
  rev2.idem_key = "";
  EXPECT_EQ(W([&](Tx& tx) { return tx.ledger().Post(&rev2); }).code(), StatusCode::kConflict);

  auto tx = R();
  auto got = tx->ledger().GetEntry(redeem.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->reversed_by, rev.id);
  ASSERT_EQ((*got)->movements.size(), 2u);
  EXPECT_EQ((*got)->kind, Kind::kRedeem);
  auto by_key = tx->ledger().FindEntryByKey("k1");
  ASSERT_TRUE(by_key.ok() && by_key->has_value());
  EXPECT_EQ((*by_key)->id, award.id);
  auto a = tx->ledger().GetAccount(alice);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->balance, 30);
  auto sums = tx->ledger().SumMovements(alice, 202611);
  ASSERT_TRUE(sums.ok());
  EXPECT_EQ(sums->total, 30);
  EXPECT_EQ(sums->credits_through, 30);  // the refund is in 202612
  EXPECT_EQ(sums->debits, 20);
  // The statement: newest first, with the balance after each line.
  auto stmt = tx->ledger().Statement(alice, {"", 2});
  ASSERT_TRUE(stmt.ok()) << stmt.status().en();
  ASSERT_EQ(stmt->items.size(), 2u);
  EXPECT_EQ(stmt->items[0].entry.id, rev.id);
  EXPECT_EQ(stmt->items[0].amount, 20);
  EXPECT_EQ(stmt->items[0].balance, 30);
  EXPECT_EQ(stmt->items[1].balance, 10);
  ASSERT_FALSE(stmt->next.empty());
  auto rest = tx->ledger().Statement(alice, {stmt->next, 2});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].entry.id, award.id);
  EXPECT_EQ(rest->items[0].balance, 30);
  auto check = tx->ledger().CheckBalances();
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->mismatches, 0) << check->first;
  EXPECT_EQ(check->rows, 5);
  auto accounts = tx->ledger().ListAccounts(kT1, Currency::kPoints, Holder::kPerson, {});
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(accounts->items.size(), 2u);
  auto every = tx->ledger().ListAccounts(kT1, Currency::kPoints, std::nullopt, {});  // any holder
  ASSERT_TRUE(every.ok());
  EXPECT_EQ(every->items.size(), 4u);
  auto person = tx->ledger().PersonAccounts(11);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->size(), 2u);  // points and hours
}

TEST_P(StorageContractTest, LedgerServiceHoursCountCreditsToPeopleNotReversedByPlace) {
  int64_t c1 = 0, c3 = 0, a1 = 0, b1 = 0, a3 = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    ASSIGN_OR_RETURN(auto c, tx.ledger().OpenAccount(kV1, Currency::kHours, Holder::kCommunity, 0, {}, 1));
    ASSIGN_OR_RETURN(auto cc, tx.ledger().OpenAccount(kV3, Currency::kHours, Holder::kCommunity, 0, {}, 1));
    ASSIGN_OR_RETURN(auto a, tx.ledger().OpenAccount(kV1, Currency::kHours, Holder::kPerson, 11, {}, 1));
    ASSIGN_OR_RETURN(auto b, tx.ledger().OpenAccount(kV1, Currency::kHours, Holder::kPerson, 12, {}, 1));
    ASSIGN_OR_RETURN(auto a3x, tx.ledger().OpenAccount(kV3, Currency::kHours, Holder::kPerson, 11, {}, 1));
    c1 = c.id, c3 = cc.id, a1 = a.id, b1 = b.id, a3 = a3x.id;
    return Status::Ok();
  }));
  auto post = [&](const std::string& place, int64_t from, int64_t to, int64_t minutes, int64_t at) {
    Entry e = Make(place, Currency::kHours, Kind::kService, 202611, {{from, -minutes}, {to, minutes}});
    e.created_at = at;
    EXPECT_TRUE(W([&](Tx& tx) { return tx.ledger().Post(&e); }).ok());
    return e;
  };
  post(kV1, c1, a1, 120, 1'780'000'000);
  post(kV1, c1, b1, 60, 1'780'000'100);
  Entry reversed = post(kV1, c1, b1, 90, 1'780'000'200);
  post(kV3, c3, a3, 30, 1'780'000'300);
  post(kV1, c1, a1, 600, 1'790'000'000);  // after the period
  ASSERT_OK(W([&](Tx& tx) -> Status {
    Entry r = ledger::ReversalOf(reversed, 202611, "登记有误", 1, 1'780'000'400);
    return tx.ledger().Post(&r);
  }));
  auto tx = R();
  auto total = tx->ledger().ServiceHours(kCounty, 1'779'000'000, 1'781'000'000, 6);
  ASSERT_TRUE(total.ok()) << total.status().ToString();
  ASSERT_EQ(total->size(), 1u);
  EXPECT_EQ((*total)[0].key, kCounty);
  EXPECT_EQ((*total)[0].minutes, 210);  // 120 + 60 + 30: the reversed 90 and the later 600 left out
  EXPECT_EQ((*total)[0].people, 2);     // person 11 twice (two communities), 12
  EXPECT_EQ((*total)[0].entries, 3);
  auto towns = tx->ledger().ServiceHours(kCounty, 1'779'000'000, 1'781'000'000, 9);
  ASSERT_TRUE(towns.ok());
  ASSERT_EQ(towns->size(), 2u);
  EXPECT_EQ((*towns)[0].key, kT1);
  EXPECT_EQ((*towns)[0].minutes, 180);
  EXPECT_EQ((*towns)[1].key, kT2);
  EXPECT_EQ((*towns)[1].minutes, 30);
  EXPECT_TRUE(tx->ledger().ServiceHours(kV2, 1'779'000'000, 1'781'000'000, 12)->empty());
}

TEST_P(StorageContractTest, LedgerEntriesCannotBeEditedOrDeleted) {
  int64_t c = 0, a = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto x, tx.ledger().OpenAccount(kV1, Currency::kPoints, Holder::kCommunity, 0, {}, 1));
    ASSIGN_OR_RETURN(auto y, tx.ledger().OpenAccount(kV1, Currency::kPoints, Holder::kPerson, 5, {0, {}}, 1));
    c = x.id, a = y.id;
    return Status::Ok();
  }));
  Entry e = Make(kV1, Currency::kPoints, Kind::kAward, 202611, {{c, -5}, {a, 5}});
  ASSERT_OK(W([&](Tx& tx) { return tx.ledger().Post(&e); }));
  // The schema itself refuses edits and deletions, below the repository.
  auto tx = R();
  auto got = tx->ledger().GetEntry(e.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->movements.size(), 2u);
  tx.reset();
  const std::string id = std::to_string(e.id);
  EXPECT_TRUE(factory().refuses(dir_, "UPDATE ledger_movements SET amount = 6 WHERE entry_id = " + id));
  EXPECT_TRUE(factory().refuses(dir_, "DELETE FROM ledger_movements WHERE entry_id = " + id));
  EXPECT_TRUE(factory().refuses(dir_, "UPDATE ledger_entries SET memo = 'x' WHERE id = " + id));
  EXPECT_TRUE(factory().refuses(dir_, "DELETE FROM ledger_entries WHERE id = " + id));
  // place_code may follow a re-coded community.
  EXPECT_FALSE(factory().refuses(dir_, "UPDATE ledger_entries SET place_code = place_code WHERE id = " + id));
  auto after = R()->ledger().GetEntry(e.id);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->movements[0].amount + (*after)->movements[1].amount, 0);
  EXPECT_EQ(std::abs((*after)->movements[0].amount), 5);
}

TEST_P(StorageContractTest, LedgerClosedPeriodsTakeNoEntries) {
  int64_t c = 0, a = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto x, tx.ledger().OpenAccount(kV1, Currency::kHours, Holder::kCommunity, 0, {}, 1));
    ASSIGN_OR_RETURN(auto y, tx.ledger().OpenAccount(kV1, Currency::kHours, Holder::kPerson, 5, {0, {}}, 1));
    c = x.id, a = y.id;
    return Status::Ok();
  }));
  Entry e1 = Make(kV1, Currency::kHours, Kind::kService, 202610, {{c, -90}, {a, 90}});
  Entry e2 = Make(kV1, Currency::kHours, Kind::kService, 202610, {{c, -30}, {a, 30}});
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.ledger().Post(&e1));
    return tx.ledger().Post(&e2);
  }));
  PeriodClose closed;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(closed, tx.ledger().ClosePeriod(kV1, Currency::kHours, 202610, 7, 100));
    return Status::Ok();
  }));
  EXPECT_EQ(closed.entries, 2);
  EXPECT_EQ(closed.turnover, 120);
  EXPECT_EQ(W([&](Tx& tx) {
              return tx.ledger().ClosePeriod(kV1, Currency::kHours, 202610, 7, 101).status();
            }).code(),
            StatusCode::kConflict);
  Entry late = Make(kV1, Currency::kHours, Kind::kService, 202610, {{c, -30}, {a, 30}});
  Status st = W([&](Tx& tx) { return tx.ledger().Post(&late); });
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.field(), "period");
  // Points of the same month and hours of the next are open.
  Entry next = Make(kV1, Currency::kHours, Kind::kService, 202611, {{c, -30}, {a, 30}});
  ASSERT_OK(W([&](Tx& tx) { return tx.ledger().Post(&next); }));
  auto tx = R();
  auto p = tx->ledger().Period(kV1, Currency::kHours, 202610);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->closed_at, 100);
  auto open = tx->ledger().Period(kV1, Currency::kHours, 202611);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->closed_at, 0);
  EXPECT_EQ(open->entries, 1);
  EXPECT_EQ(open->net, 0);
  auto list = tx->ledger().ClosedPeriods(kCounty, Currency::kHours, 10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].period, 202610);
  auto journal = tx->ledger().Journal(kV1, Currency::kHours, 202610, {});
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(journal->items.size(), 2u);
  EXPECT_EQ(journal->items[0].movements.size(), 2u);
}

// Property: random transfers, awards, redemptions (with stock), reversals and expiries — some of them refused
// by a limit or a closed period — leave every account's balance equal to the sum of its movements and to a
// model's, every period balanced, and stock never negative.
TEST_P(StorageContractTest, LedgerRandomOperationsStayBalanced) {
  std::mt19937 rng(20261207);
  const std::vector<std::string> places = {kV1, kV2};
  std::map<std::string, std::vector<int64_t>> people;
  std::map<std::string, int64_t> community, shop, expired, item;
  std::map<int64_t, int64_t> model;  // account -> balance
  ASSERT_OK(W([&](Tx& tx) -> Status {
    for (const auto& place : places) {
      ASSIGN_OR_RETURN(auto c,
                       tx.ledger().OpenAccount(place, Currency::kPoints, Holder::kCommunity, 0, {}, 1));
      ASSIGN_OR_RETURN(auto s, tx.ledger().OpenAccount(place, Currency::kPoints, Holder::kShop, 0, {}, 1));
      ASSIGN_OR_RETURN(auto x, tx.ledger().OpenAccount(place, Currency::kPoints, Holder::kExpired, 0, {}, 1));
      community[place] = c.id, shop[place] = s.id, expired[place] = x.id;
      for (int i = 0; i < 6; ++i) {
        ASSIGN_OR_RETURN(auto p, tx.ledger().OpenAccount(place, Currency::kPoints, Holder::kPerson,
                                                         100 * (place == kV1 ? 1 : 2) + i, {0, {}}, 1));
        people[place].push_back(p.id);
      }
      ShopItem it;
      it.place_code = place;
      it.name = "洗衣液";
      it.points = 7;
      it.stock = 15;
      RETURN_IF_ERROR(tx.shop().InsertItem(&it));
      item[place] = it.id;
    }
    return Status::Ok();
  }));
  std::vector<Entry> posted;
  std::map<std::string, int64_t> stock = {{kV1, 15}, {kV2, 15}};
  int period = 202601, refused = 0, ok = 0;
  for (int step = 0; step < 1500; ++step) {
    if (step % 150 == 149) {  // month end: close it, move on
      for (const auto& place : places)
        ASSERT_OK(W([&](Tx& tx) {
          return tx.ledger().ClosePeriod(place, Currency::kPoints, period, 1, 2).status();
        }));
      period = period % 100 == 12 ? period + 89 : period + 1;
    }
    const std::string& place = places[rng() % 2];
    const auto& ps = people[place];
    const int64_t p = ps[rng() % ps.size()];
    const int op = static_cast<int>(rng() % 6);
    Entry e;
    bool take_stock = false;
    if (op <= 1) {
      const int64_t pts = 1 + rng() % 12;
      e = Make(place, Currency::kPoints, Kind::kAward, period, {{community[place], -pts}, {p, pts}});
    } else if (op == 2) {
      e = Make(place, Currency::kPoints, Kind::kRedeem, period, {{p, -7}, {shop[place], 7}});
      take_stock = true;
    } else if (op == 3 && !posted.empty()) {
      const Entry& orig = posted[rng() % posted.size()];
      e = ledger::ReversalOf(orig, rng() % 5 == 0 ? ledger::PreviousPeriod(period) : period, "冲正", 1, 3);
    } else if (op == 4) {
      const int64_t bal = model[p];
      if (bal <= 0) continue;
      const int64_t amt = 1 + rng() % bal;
      e = Make(place, Currency::kPoints, Kind::kExpire, period, {{p, -amt}, {expired[place], amt}});
    } else {
      const int64_t q = ps[rng() % ps.size()];
      if (q == p) continue;
      e = Make(place, Currency::kPoints, Kind::kAward, period,
               {{p, -(1 + static_cast<int64_t>(rng() % 9))}, {q, 0}});
      e.movements[1].amount = -e.movements[0].amount;
    }
    Status st = W([&](Tx& tx) -> Status {
      if (take_stock) {
        ASSIGN_OR_RETURN(bool taken, tx.shop().TakeStock(item[place], 1));
        if (!taken) return Conflict("缺货", "out of stock");
      }
      return tx.ledger().Post(&e);
    });
    // The model: a refusal changes nothing; anything else applies every movement.
    bool allowed = true;
    for (const auto& m : e.movements) {
      const bool person = std::find(ps.begin(), ps.end(), m.account_id) != ps.end();
      if (person && model[m.account_id] + m.amount < 0) allowed = false;
    }
    if (st.ok()) {
      ++ok;
      EXPECT_TRUE(allowed) << "step " << step;
      for (const auto& m : e.movements) model[m.account_id] += m.amount;
      if (take_stock) --stock[place];
      if (e.kind != Kind::kReversal) posted.push_back(e);
    } else {
      ++refused;
      EXPECT_NE(st.code(), StatusCode::kInternal) << st.en();
    }
  }
  EXPECT_GT(ok, 800);
  EXPECT_GT(refused, 20);  // overdrafts, closed periods, double reversals, empty stock all happened
  auto tx = R();
  for (const auto& [id, balance] : model) {
    auto a = tx->ledger().GetAccount(id);
    ASSERT_TRUE(a.ok() && a->has_value());
    EXPECT_EQ((*a)->balance, balance) << "account " << id;
    auto sums = tx->ledger().SumMovements(id, 299912);
    ASSERT_TRUE(sums.ok());
    EXPECT_EQ(sums->total, balance) << "account " << id;
  }
  auto check = tx->ledger().CheckBalances();
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->mismatches, 0) << check->first;
  for (const auto& place : places) {
    for (int q = 202601; q <= period; q = q % 100 == 12 ? q + 89 : q + 1) {
      auto p = tx->ledger().Period(place, Currency::kPoints, q);
      ASSERT_TRUE(p.ok());
      EXPECT_EQ(p->net, 0) << place << " " << q;
    }
    auto it = tx->shop().GetItem(item[place]);
    ASSERT_TRUE(it.ok() && it->has_value());
    EXPECT_EQ((*it)->stock, stock[place]);
    EXPECT_GE((*it)->stock, 0);
  }
}

TEST_P(StorageContractTest, ShopStockRedemptionsAndTheirStatus) {
  ShopItem it;
  it.place_code = kV1;
  it.name = "大米 5 斤";
  it.points = 50;
  it.stock = 2;
  ASSERT_OK(W([&](Tx& tx) { return tx.shop().InsertItem(&it); }));
  EXPECT_EQ(it.version, 1);
  bool a = false, b = false, c = true;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(a, tx.shop().TakeStock(it.id, 1));
    ASSIGN_OR_RETURN(b, tx.shop().TakeStock(it.id, 1));
    ASSIGN_OR_RETURN(c, tx.shop().TakeStock(it.id, 1));
    return Status::Ok();
  }));
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_FALSE(c);  // out of stock: nothing taken
  ASSERT_OK(W([&](Tx& tx) { return tx.shop().ReturnStock(it.id, 1); }));
  // Stale versions conflict.
  ShopItem stale = it;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cur, tx.shop().GetItem(it.id));
    ShopItem x = *cur;
    x.points = 60;
    return tx.shop().UpdateItem(&x);
  }));
  stale.name = "改名";
  EXPECT_EQ(W([&](Tx& tx) { return tx.shop().UpdateItem(&stale); }).code(), StatusCode::kConflict);
  Redemption r;
  r.place_code = kV1;
  r.item_id = it.id;
  r.item_name = it.name;
  r.person_id = 9;
  r.points = 50;
  r.entry_id = 1;
  r.idem_key = "abc";
  r.created_by = 3;
  r.created_at = 10;
  ASSERT_OK(W([&](Tx& tx) { return tx.shop().InsertRedemption(&r); }));
  Redemption dup = r;
  EXPECT_EQ(W([&](Tx& tx) { return tx.shop().InsertRedemption(&dup); }).code(), StatusCode::kConflict);
  Redemption other = r;
  other.created_by = 4;  // another creator's key is theirs
  ASSERT_OK(W([&](Tx& tx) { return tx.shop().InsertRedemption(&other); }));
  ASSERT_OK(W([&](Tx& tx) { return tx.shop().SetRedemptionStatus(r.id, "pending", "handed", 5, 20); }));
  EXPECT_EQ(
      W([&](Tx& tx) { return tx.shop().SetRedemptionStatus(r.id, "pending", "cancelled", 5, 21); }).code(),
      StatusCode::kConflict);
  auto tx = R();
  auto got = tx->shop().FindRedemption(3, "abc");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->status, "handed");
  EXPECT_EQ((*got)->done_by, 5);
  auto item = tx->shop().GetItem(it.id);
  ASSERT_TRUE(item.ok() && item->has_value());
  EXPECT_EQ((*item)->stock, 1);
  EXPECT_EQ((*item)->points, 60);
  EXPECT_EQ((*item)->version, 2);
  auto pending = tx->shop().ListRedemptions({kT1, "pending", 0, 0}, {});
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->items.size(), 1u);
  EXPECT_EQ(pending->items[0].id, other.id);
  auto mine = tx->shop().ListRedemptions({"", "", 9, 0}, {"", 1});
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->items.size(), 1u);
  EXPECT_FALSE(mine->next.empty());
  auto items = tx->shop().ListItems(kT1, false);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(items->size(), 1u);
}

}  // namespace
}  // namespace wangge::storage::testing

namespace wangge::storage::testing {
namespace {

// A scope below a community lists the accounts of the people who live there (a grid worker's view).
TEST_P(StorageContractTest, LedgerAccountsOfAGridAreThoseOfItsPeople) {
  int64_t in_grid = 0, elsewhere = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    ASSIGN_OR_RETURN(in_grid, tx.people().InsertPerson(MakePerson(1, kU1, std::nullopt, "张三")));
    ASSIGN_OR_RETURN(elsewhere, tx.people().InsertPerson(MakePerson(2, kU3, std::nullopt, "李四")));
    for (int64_t p : {in_grid, elsewhere})
      RETURN_IF_ERROR(tx.ledger()
                          .OpenAccount(kV1, ledger::Currency::kPoints, ledger::Holder::kPerson, p, {0, {}}, 1)
                          .status());
    return tx.ledger()
        .OpenAccount(kV1, ledger::Currency::kPoints, ledger::Holder::kCommunity, 0, {}, 1)
        .status();
  }));
  auto tx = R();
  auto grid = tx->ledger().ListAccounts(kG1, ledger::Currency::kPoints, std::nullopt, {});
  ASSERT_TRUE(grid.ok()) << grid.status().en();
  ASSERT_EQ(grid->items.size(), 1u);
  EXPECT_EQ(grid->items[0].person_id, in_grid);
  EXPECT_EQ(grid->items[0].person_name, "张三");
  EXPECT_EQ(grid->items[0].place_code, kV1);
  auto village = tx->ledger().ListAccounts(kV1, ledger::Currency::kPoints, std::nullopt, {});
  ASSERT_TRUE(village.ok());
  EXPECT_EQ(village->items.size(), 3u);
}

}  // namespace
}  // namespace wangge::storage::testing
