// The demo county's 时间银行, 积分 and 积分超市 year (cli/demo/points.hpp): every village keeps balanced
// books with every month before the current one closed, a shop whose stock never went below zero, redemptions
// in every status, awards within their rules' monthly caps, and the demo resident with a redemption waiting.
#include <map>
#include <set>

#include "core/ledger.hpp"
#include "demo_fixture.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/shop_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

using demo_test::DemoTest;

TEST_F(DemoTest, AYearOfPointsBalancesWithClosedMonthsAndRedemptions) {
  auto tx = Read();
  EXPECT_GT(summary_->ledger_entries, 1000);
  EXPECT_GT(summary_->redemptions, 100);
  auto check = tx->ledger().CheckBalances();
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->mismatches, 0) << check->first;
  const auto villages = PlacesAt(*tx, Level::kVillage);
  const int this_period = ledger::PeriodOfUnix(now_);
  const int last = ledger::PreviousPeriod(this_period);
  for (const Place& place : villages) {
    const std::string& v = place.code;
    for (ledger::Currency c : {ledger::Currency::kPoints, ledger::Currency::kHours}) {
      auto p = tx->ledger().Period(v, c, last);
      ASSERT_TRUE(p.ok());
      EXPECT_NE(p->closed_at, 0) << v << " " << last;
      EXPECT_GT(p->entries, 0) << v;
      auto open = tx->ledger().Period(v, c, this_period);
      ASSERT_TRUE(open.ok());
      EXPECT_EQ(open->closed_at, 0);
      EXPECT_EQ(open->net, 0);
    }
    auto items = tx->shop().ListItems(v, true);
    ASSERT_TRUE(items.ok());
    EXPECT_GE(items->size(), 5u) << v;
    for (const auto& it : *items) EXPECT_GE(it.stock, 0);
  }
  // Redemptions in every status; each one's entry took its points.
  std::map<std::string, int> statuses;
  storage::PageRequest page{"", 1000};
  for (;;) {
    auto r = tx->shop().ListRedemptions({"530326", "", 0, 0}, page);
    ASSERT_TRUE(r.ok());
    for (const auto& x : r->items) {
      ++statuses[x.status];
      auto e = tx->ledger().GetEntry(x.entry_id);
      ASSERT_TRUE(e.ok() && e->has_value());
      EXPECT_EQ((*e)->kind, ledger::Kind::kRedeem);
      EXPECT_EQ((*e)->reversed_by != 0, x.status == "cancelled") << x.id;
    }
    if (r->next.empty()) break;
    page.after = r->next;
  }
  EXPECT_GT(statuses["handed"], 0);
  EXPECT_GT(statuses["cancelled"], 0);
  EXPECT_GT(statuses["pending"], 0);
  // Awards stay within each rule's monthly cap (a person's points account, one month at a time).
  auto accounts =
      tx->ledger().ListAccounts("530326", ledger::Currency::kPoints, ledger::Holder::kPerson, {"", 50});
  ASSERT_TRUE(accounts.ok());
  for (const auto& a : accounts->items)
    for (const auto& rule : ledger::PointsRules()) {
      if (rule.monthly_cap == 0) continue;
      for (int p = last; p > last - 3; --p) {
        auto total = tx->ledger().RuleTotal(a.id, rule.code, p);
        ASSERT_TRUE(total.ok());
        EXPECT_LE(*total, rule.monthly_cap) << a.id << " " << rule.code << " " << p;
      }
    }
  // The demo resident has points and a redemption waiting at the shop.
  auto resident = tx->users().GetByName("resident");
  ASSERT_TRUE(resident.ok() && resident->person_id);
  auto mine = tx->ledger().PersonAccounts(*resident->person_id);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 2u);
  auto waiting = tx->shop().ListRedemptions({"", "pending", *resident->person_id, 0}, {});
  ASSERT_TRUE(waiting.ok());
  EXPECT_FALSE(waiting->items.empty());
}

}  // namespace
}  // namespace wangge::cli
