#include "core/roll.hpp"

#include <gtest/gtest.h>

#include "core/dates.hpp"

namespace wangge::roll {
namespace {

// Noon, China time, of a day.
int64_t At(int y, int m, int d) { return DaysFromCivil(y, m, d) * 86400 + 4 * 3600; }

TEST(RollTest, NamesRoundTrip) {
  for (State s : {State::kNominated, State::kRejected, State::kNotice, State::kWithdrawn, State::kListed,
                  State::kRemoved, State::kRevoked}) {
    EXPECT_EQ(StateFromName(StateName(s)), s);
    EXPECT_FALSE(StateNameZh(s).empty());
  }
  EXPECT_FALSE(StateFromName("expired"));
  EXPECT_EQ(SideFromName("black"), Side::kBlack);
  EXPECT_FALSE(SideFromName("grey"));
  EXPECT_TRUE(IsOpen(State::kListed));
  EXPECT_FALSE(IsOpen(State::kRejected));
}

TEST(RollTest, ReadinessNeedsTheWholeNoticeAndNoOpenObjection) {
  const int64_t until = At(2026, 12, 10);
  EXPECT_FALSE(Readiness(State::kNominated, 0, 0, until).ready());
  EXPECT_FALSE(Readiness(State::kListed, until, 0, until + 1).ready());
  const NotReady early = Readiness(State::kNotice, until, 0, until - 1);
  EXPECT_FALSE(early.ready());
  EXPECT_NE(early.zh.find("公示期未满（至12月10日12:00）"), std::string::npos) << early.zh;
  EXPECT_FALSE(Readiness(State::kNotice, until, 1, until).ready());
  EXPECT_TRUE(Readiness(State::kNotice, until, 0, until).ready());
  EXPECT_EQ(NoticeSeconds(Side::kBlack), 7 * 86400);
  EXPECT_EQ(NoticeSeconds(Side::kRed), 5 * 86400);
}

TEST(RollTest, PeriodsAndMonths) {
  EXPECT_TRUE(PeriodNominable(202612, 202612));
  EXPECT_TRUE(PeriodNominable(202611, 202612));
  EXPECT_FALSE(PeriodNominable(202610, 202612));
  EXPECT_FALSE(PeriodNominable(202701, 202612));
  EXPECT_TRUE(PeriodNominable(202612, 202701));  // January looks back to December
  EXPECT_EQ(AddMonths(At(2026, 8, 31), 6), At(2027, 2, 28));
  EXPECT_EQ(AddMonths(At(2027, 8, 31), 6), At(2028, 2, 29));
  EXPECT_EQ(AddMonths(At(2026, 12, 7), -12), At(2025, 12, 7));
  // 23:30 China time stays on its China day
  const int64_t late = DaysFromCivil(2026, 1, 31) * 86400 + 15 * 3600 + 1800;
  EXPECT_EQ(AddMonths(late, 1), DaysFromCivil(2026, 2, 28) * 86400 + 15 * 3600 + 1800);
}

TEST(RollTest, TemplateHasNineOfEachSideCitingArticles) {
  const auto& t = CriteriaTemplate();
  int red = 0, black = 0;
  for (const auto& i : t) {
    (i.side == Side::kRed ? red : black)++;
    EXPECT_FALSE(i.article.empty());
  }
  EXPECT_EQ(red, 9);
  EXPECT_EQ(black, 9);
  EXPECT_FALSE(ParseCriteriaCsv("side,seq,title,article,description\nred,1,孝老爱亲,,x\n").ok());
  EXPECT_FALSE(ParseCriteriaCsv("side,seq,title,article,description\nred,1,a,b,c\nred,1,d,e,f\n").ok());
}

TEST(RollTest, StarsCountDistinctRedItemsOfTheYearAndBlackSuspends) {
  const int64_t now = At(2026, 12, 7);
  std::vector<Listing> l = {
      {1, Side::kRed, {1, 2}, At(2026, 3, 1), 0, false},
      {1, Side::kRed, {2, 3}, At(2026, 6, 1), 0, false},
      {1, Side::kRed, {4, 5}, At(2026, 11, 1), 0, false},
      {1, Side::kRed, {6}, At(2025, 11, 1), 0, false},  // out of the window
      {2, Side::kRed, {1, 2, 3, 4, 5}, At(2026, 10, 1), 0, false},
      {2, Side::kBlack, {1}, At(2026, 11, 1), AddMonths(At(2026, 11, 1), 6), false},
      {3, Side::kBlack, {1}, At(2026, 1, 1), AddMonths(At(2026, 1, 1), 6), false},   // lapsed
      {4, Side::kBlack, {1}, At(2026, 11, 1), AddMonths(At(2026, 11, 1), 6), true},  // lifted
  };
  auto s = StarsOf(l, now);
  EXPECT_EQ(s[1].items.size(), 5u);
  EXPECT_TRUE(s[1].star_household());
  EXPECT_TRUE(s[2].suspended);
  EXPECT_FALSE(s[2].star_household());
  EXPECT_FALSE(s[3].suspended);
  EXPECT_FALSE(s[4].suspended);
}

}  // namespace
}  // namespace wangge::roll
