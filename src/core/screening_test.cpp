// Screening rounds: periods of each cycle (weeks Monday-Sunday across a year's end, half months in short and
// leap Februaries), the schedule's stored form, and a record's checks.
#include "core/screening.hpp"

#include <gtest/gtest.h>

#include "core/dates.hpp"

namespace wangge::screening {
namespace {

int64_t D(int y, int m, int d) { return DaysFromCivil(y, m, d); }

TEST(Screening, WeeksRunMondayToSundayAcrossTheYearsEnd) {
  // 2026-12-06 is a Sunday; 2026-12-07 a Monday.
  EXPECT_EQ(PeriodOf(Cycle::kWeek, D(2026, 12, 6)), (Period{D(2026, 11, 30), D(2026, 12, 6)}));
  EXPECT_EQ(PeriodOf(Cycle::kWeek, D(2026, 12, 7)), (Period{D(2026, 12, 7), D(2026, 12, 13)}));
  EXPECT_EQ(PeriodOf(Cycle::kWeek, D(2027, 1, 1)), (Period{D(2026, 12, 28), D(2027, 1, 3)}));
  // Before 1970 too (floor arithmetic): 1969-12-29 was a Monday.
  EXPECT_EQ(PeriodOf(Cycle::kWeek, D(1969, 12, 31)), (Period{D(1969, 12, 29), D(1970, 1, 4)}));
  for (int64_t day = D(2026, 1, 1); day < D(2027, 1, 1); ++day) {
    const Period p = PeriodOf(Cycle::kWeek, day);
    ASSERT_LE(p.first, day);
    ASSERT_GE(p.last, day);
    ASSERT_EQ(p.last - p.first, 6);
    ASSERT_EQ(PreviousPeriod(Cycle::kWeek, p).last + 1, p.first);
  }
}

TEST(Screening, HalfMonthsSplitOnTheFifteenth) {
  EXPECT_EQ(PeriodOf(Cycle::kHalfMonth, D(2026, 2, 15)), (Period{D(2026, 2, 1), D(2026, 2, 15)}));
  EXPECT_EQ(PeriodOf(Cycle::kHalfMonth, D(2026, 2, 16)), (Period{D(2026, 2, 16), D(2026, 2, 28)}));
  EXPECT_EQ(PeriodOf(Cycle::kHalfMonth, D(2028, 2, 29)), (Period{D(2028, 2, 16), D(2028, 2, 29)}));
  EXPECT_EQ(PeriodOf(Cycle::kHalfMonth, D(2026, 12, 31)), (Period{D(2026, 12, 16), D(2026, 12, 31)}));
  EXPECT_EQ(PreviousPeriod(Cycle::kHalfMonth, {D(2026, 3, 1), D(2026, 3, 15)}),
            (Period{D(2026, 2, 16), D(2026, 2, 28)}));
  EXPECT_EQ(PeriodOf(Cycle::kMonth, D(2026, 4, 30)), (Period{D(2026, 4, 1), D(2026, 4, 30)}));
  EXPECT_EQ(DescribePeriod(PeriodOf(Cycle::kWeek, D(2026, 12, 6))), "2026-11-30 至 2026-12-06");
}

TEST(Screening, ScheduleRoundTripsAndRefusesNonsense) {
  const Schedule defaults;
  EXPECT_EQ(FormatSchedule(defaults), "grid=week;township=half_month");
  auto s = ParseSchedule("township=month;grid=half_month");
  ASSERT_TRUE(s.ok()) << s.status().en();
  EXPECT_EQ(s->grid, Cycle::kHalfMonth);
  EXPECT_EQ(s->township, Cycle::kMonth);
  EXPECT_EQ(*ParseSchedule(FormatSchedule(*s)), *s);
  for (const char* bad : {"", "grid=week", "grid=daily;township=week", "county=week;grid=week", "grid"})
    EXPECT_EQ(ParseSchedule(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  EXPECT_EQ(CycleFor(defaults, "530326101001001"), Cycle::kWeek);
  EXPECT_EQ(CycleFor(defaults, "530326101"), Cycle::kHalfMonth);
  EXPECT_TRUE(Screens("530326101"));
  EXPECT_FALSE(Screens("530326101001"));  // a village screens through its grids
}

TEST(Screening, ARecordSaysWhatWasFound) {
  Record r;
  EXPECT_TRUE(ValidateRecord(&r).ok());  // 未发现: nothing found, no note needed
  r.found = 2;
  EXPECT_EQ(ValidateRecord(&r).field(), "note");
  r.note = "  两户宅基地边界争执，已登记；一起邻里噪音纠纷当场调解  ";
  r.resolved = 1;
  ASSERT_TRUE(ValidateRecord(&r).ok());
  EXPECT_EQ(r.note, "两户宅基地边界争执，已登记；一起邻里噪音纠纷当场调解");
  r.resolved = 3;
  EXPECT_EQ(ValidateRecord(&r).field(), "resolved");
  r.resolved = 0;
  r.found = -1;
  EXPECT_EQ(ValidateRecord(&r).field(), "found");
  r.found = 1000;
  EXPECT_EQ(ValidateRecord(&r).field(), "found");
  r.found = 1;
  r.note = std::string(1001, 'x');
  EXPECT_EQ(ValidateRecord(&r).field(), "note");
}

}  // namespace
}  // namespace wangge::screening
