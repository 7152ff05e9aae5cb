#include "core/ledger.hpp"

#include <gtest/gtest.h>

#include "core/dates.hpp"

namespace wangge::ledger {
namespace {

Entry Award(int64_t from, int64_t to, int64_t points) {
  Entry e;
  e.place_code = "530326001001";
  e.currency = Currency::kPoints;
  e.kind = Kind::kAward;
  e.period = 202612;
  e.movements = {{from, -points}, {to, points}};
  return e;
}

TEST(LedgerTest, NamesRoundTrip) {
  for (Currency c : {Currency::kHours, Currency::kPoints}) EXPECT_EQ(CurrencyFromName(CurrencyName(c)), c);
  for (Holder h : {Holder::kPerson, Holder::kCommunity, Holder::kShop, Holder::kExpired})
    EXPECT_EQ(HolderFromName(HolderName(h)), h);
  for (Kind k :
       {Kind::kAward, Kind::kService, Kind::kTransfer, Kind::kRedeem, Kind::kExpire, Kind::kReversal})
    EXPECT_EQ(KindFromName(KindName(k)), k);
  EXPECT_FALSE(CurrencyFromName("euros"));
  EXPECT_FALSE(KindFromName(""));
}

TEST(LedgerTest, AnEntryMustBalance) {
  Entry ok = Award(1, 2, 5);
  EXPECT_TRUE(ValidateEntry(&ok).ok());
  Entry unbalanced = Award(1, 2, 5);
  unbalanced.movements[1].amount = 6;
  EXPECT_EQ(ValidateEntry(&unbalanced).field(), "movements");
  Entry one = Award(1, 2, 5);
  one.movements.pop_back();
  EXPECT_EQ(ValidateEntry(&one).field(), "movements");
  Entry same = Award(1, 1, 5);
  EXPECT_EQ(ValidateEntry(&same).field(), "account_id");
  Entry zero = Award(1, 2, 0);
  EXPECT_EQ(ValidateEntry(&zero).field(), "amount");
  Entry three = Award(1, 2, 5);
  three.movements = {{1, -5}, {2, 3}, {3, 2}};
  EXPECT_TRUE(ValidateEntry(&three).ok());
}

TEST(LedgerTest, KindsMoveTheirCurrencyAndHoursAreHalfHours) {
  Entry hours_award = Award(1, 2, 60);
  hours_award.currency = Currency::kHours;
  EXPECT_EQ(ValidateEntry(&hours_award).field(), "kind");  // points are awarded, hours served
  Entry service = hours_award;
  service.kind = Kind::kService;
  EXPECT_TRUE(ValidateEntry(&service).ok());
  service.movements = {{1, -45}, {2, 45}};
  EXPECT_EQ(ValidateEntry(&service).field(), "amount");
}

TEST(LedgerTest, AReversalNegatesEveryMovementAndNeedsAReason) {
  Entry e = Award(1, 2, 5);
  e.id = 7;
  Entry r = ReversalOf(e, 202701, "", 3, 100);
  EXPECT_EQ(r.kind, Kind::kReversal);
  EXPECT_EQ(r.reverses, 7);
  EXPECT_EQ(r.period, 202701);
  EXPECT_EQ(r.idem_key, "reverse:7");
  ASSERT_EQ(r.movements.size(), 2u);
  EXPECT_EQ(r.movements[0].amount, 5);
  EXPECT_EQ(r.movements[1].amount, -5);
  EXPECT_EQ(ValidateEntry(&r).field(), "memo");  // why it is reversed
  r.memo = "录错了人";
  EXPECT_TRUE(ValidateEntry(&r).ok());
  Entry not_reversal = Award(1, 2, 5);
  not_reversal.reverses = 3;
  EXPECT_EQ(ValidateEntry(&not_reversal).field(), "reverses");
}

TEST(LedgerTest, Periods) {
  EXPECT_EQ(PeriodOfDay(DaysFromCivil(2026, 12, 31)), 202612);
  // 2026-12-31 16:00 UTC is 2027-01-01 00:00 in China.
  EXPECT_EQ(PeriodOfUnix(DaysFromCivil(2026, 12, 31) * 86400 + 16 * 3600), 202701);
  EXPECT_EQ(PeriodOfUnix(DaysFromCivil(2026, 12, 31) * 86400 + 15 * 3600), 202612);
  EXPECT_EQ(FormatPeriod(202603), "2026-03");
  EXPECT_EQ(*ParsePeriod("2026-03", "period"), 202603);
  EXPECT_FALSE(ParsePeriod("2026-13", "period").ok());
  EXPECT_FALSE(ParsePeriod("2026-3", "period").ok());
  EXPECT_FALSE(ParsePeriod("20x6-03", "period").ok());
  EXPECT_EQ(PreviousPeriod(202701), 202612);
  EXPECT_EQ(PreviousPeriod(202612), 202611);
  EXPECT_EQ(PeriodLastDay(202402) - PeriodFirstDay(202402), 28);  // leap year
}

TEST(LedgerTest, LimitsAndHours) {
  EXPECT_FALSE(WithinLimits(DefaultLimits(Holder::kPerson), -1));
  EXPECT_TRUE(WithinLimits(DefaultLimits(Holder::kPerson), 0));
  EXPECT_TRUE(WithinLimits(DefaultLimits(Holder::kCommunity), -1'000'000));
  EXPECT_FALSE(WithinLimits({0, 100}, 101));
  // 2 h 59 min of service: 2.5 h; capped at the activity's 2 hours; nothing for a check-out before check-in.
  EXPECT_EQ(HoursOf(0, 179 * 60, 600), 150);
  EXPECT_EQ(HoursOf(0, 179 * 60, 120), 120);
  EXPECT_EQ(HoursOf(100, 50, 120), 0);
  EXPECT_EQ(HoursOf(0, 29 * 60, 120), 0);
}

TEST(LedgerTest, HoursAsPeopleGiveThem) {
  EXPECT_EQ(*MinutesOfHours(1.5), 90);
  EXPECT_EQ(*MinutesOfHours(0.5), 30);
  EXPECT_EQ(*MinutesOfHours(24.0), 1440);
  for (double bad : {0.0, -1.0, 0.75, 24.5, 1.0 / 3.0})
    EXPECT_EQ(MinutesOfHours(bad).status().field(), "hours") << bad;
  EXPECT_EQ(MinutesOfHours(std::nullopt).status().field(), "hours");
}

TEST(LedgerTest, ExpiryConsumesTheOldestFirst) {
  EXPECT_EQ(ExpiryOf(100, 30), 70);
  EXPECT_EQ(ExpiryOf(100, 130), 0);
}

TEST(LedgerTest, ShippedPointsRules) {
  ASSERT_FALSE(PointsRules().empty());
  const PointsRule* r = FindPointsRule("waste_sorting");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->name_zh, "垃圾分类达标");
  EXPECT_GT(r->points, 0);
  EXPECT_EQ(FindPointsRule("nope"), nullptr);
  EXPECT_FALSE(ParsePointsRulesCsv("code,name\nx,y\n").ok());
  EXPECT_FALSE(ParsePointsRulesCsv("code,name_zh,name_en,group,points,monthly_cap\na,甲,A,g,-1,0\n").ok());
  EXPECT_FALSE(
      ParsePointsRulesCsv("code,name_zh,name_en,group,points,monthly_cap\na,甲,A,g,1,0\na,乙,B,g,1,0\n")
          .ok());
}

TEST(LedgerTest, FormatAmount) {
  EXPECT_EQ(FormatAmount(Currency::kHours, 90), "1.5 小时");
  EXPECT_EQ(FormatAmount(Currency::kHours, -30), "-0.5 小时");
  EXPECT_EQ(FormatAmount(Currency::kPoints, 20), "20 分");
}

}  // namespace
}  // namespace wangge::ledger
