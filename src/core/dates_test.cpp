#include "core/dates.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <string>

namespace wangge {
namespace {

using ::testing::HasSubstr;

struct Known {
  int year, month, day;
  int64_t days;  // since 1970-01-01
  const char* text;
};

// Checked against Python's datetime.date (proleptic Gregorian as well).
constexpr Known kKnown[] = {
    {1970, 1, 1, 0, "1970-01-01"},         {1970, 1, 2, 1, "1970-01-02"},
    {1969, 12, 31, -1, "1969-12-31"},      {1800, 1, 1, -62091, "1800-01-01"},
    {1900, 2, 28, -25509, "1900-02-28"},   {1900, 3, 1, -25508, "1900-03-01"},  // 1900 is no leap year
    {2000, 2, 29, 11016, "2000-02-29"},    {2000, 3, 1, 11017, "2000-03-01"},   // 2000 is one
    {2024, 2, 29, 19782, "2024-02-29"},    {1600, 2, 29, -135081, "1600-02-29"},
    {1899, 12, 30, -25569, "1899-12-30"},  {1904, 1, 1, -24107, "1904-01-01"},  // spreadsheet epochs
    {1949, 10, 1, -7397, "1949-10-01"},    {1, 1, 1, -719162, "0001-01-01"},
    {9999, 12, 31, 2932896, "9999-12-31"},
};

TEST(DatesTest, KnownDates) {
  for (const Known& k : kKnown) {
    SCOPED_TRACE(k.text);
    EXPECT_EQ(DaysFromCivil(k.year, k.month, k.day), k.days);
    EXPECT_EQ(CivilFromDays(k.days), (CivilDate{k.year, k.month, k.day}));
    EXPECT_EQ(FormatDate(k.days), k.text);
    int64_t parsed = 0;
    EXPECT_TRUE(ValidateDate(k.text, "date", &parsed).ok());
    EXPECT_EQ(parsed, k.days);
  }
}

TEST(DatesTest, UsableInConstantExpressions) {
  static_assert(DaysFromCivil(1970, 1, 1) == 0);
  static_assert(DaysFromCivil(2000, 3, 1) - DaysFromCivil(2000, 2, 28) == 2);
  static_assert(CivilFromDays(-1) == CivilDate{1969, 12, 31});
  static_assert(IsLeapYear(2000) && !IsLeapYear(1900) && DaysInMonth(2024, 2) == 29);
}

TEST(DatesTest, RoundTripsOverAWideRange) {
  // Every day from 1600-01-01 to 2400-12-31 (two full 400-year eras and their edges), and the dates follow
  // one another: the day after the last of a month is the 1st of the next.
  const int64_t first = DaysFromCivil(1600, 1, 1), last = DaysFromCivil(2400, 12, 31);
  CivilDate prev = CivilFromDays(first - 1);
  for (int64_t d = first; d <= last; ++d) {
    const CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c), d) << FormatDate(c);
    ASSERT_GE(c.month, 1);
    ASSERT_LE(c.month, 12);
    ASSERT_GE(c.day, 1);
    ASSERT_LE(c.day, DaysInMonth(c.year, c.month)) << FormatDate(c);
    if (c.day > 1) {
      ASSERT_EQ(prev, (CivilDate{c.year, c.month, c.day - 1}));
    } else if (c.month > 1) {
      ASSERT_EQ(prev, (CivilDate{c.year, c.month - 1, DaysInMonth(c.year, c.month - 1)}));
    } else {
      ASSERT_EQ(prev, (CivilDate{c.year - 1, 12, 31}));
    }
    prev = c;
  }
  // Sparse samples far out, negative years included.
  for (int64_t d = -100'000'000; d <= 100'000'000; d += 9'973) {
    ASSERT_EQ(DaysFromCivil(CivilFromDays(d)), d) << d;
  }
}

TEST(DatesTest, LeapYearsAndMonthLengths) {
  struct Case {
    int year;
    int month;
    int days;
  };
  const Case kCases[] = {{2024, 2, 29}, {2023, 2, 28},  {1900, 2, 28}, {2000, 2, 29}, {2024, 1, 31},
                         {2024, 4, 30}, {2024, 12, 31}, {2024, 0, 0},  {2024, 13, 0}};
  for (const Case& c : kCases) EXPECT_EQ(DaysInMonth(c.year, c.month), c.days) << c.year << "-" << c.month;
  EXPECT_TRUE(IsLeapYear(1996));
  EXPECT_FALSE(IsLeapYear(1997));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(0));
  EXPECT_TRUE(IsLeapYear(-4));
}

TEST(DatesTest, FormatPadsTheYear) {
  EXPECT_EQ(FormatDate(CivilDate{33, 3, 7}), "0033-03-07");
  EXPECT_EQ(FormatDate(DaysFromCivil(10000, 1, 1)), "10000-01-01");
}

TEST(DatesTest, ValidateDate) {
  struct Case {
    std::string_view date;
    bool ok;
    int64_t days;  // since 1970-01-01, checked when ok
    std::string_view en_part;
  };
  const Case kCases[] = {
      {"1970-01-01", true, 0, ""},
      {"1970-01-02", true, 1, ""},
      {"1969-12-31", true, -1, ""},
      {"2000-03-01", true, 11017, ""},
      {"2024-02-29", true, 19782, ""},
      {"1949-10-01", true, -7397, ""},
      {"0001-01-01", true, -719162, ""},
      {"9999-12-31", true, 2932896, ""},
      {"", false, 0, "must not be empty"},
      {"2023-02-29", false, 0, "2023-02-29 does not exist"},
      {"1900-02-29", false, 0, "does not exist"},
      {"2024-04-31", false, 0, "does not exist"},
      {"2024-01-00", false, 0, "does not exist"},
      {"2024-13-01", false, 0, "invalid month"},
      {"2024-00-10", false, 0, "invalid month"},
      {"0000-01-01", false, 0, "invalid year"},
      {"2024-1-01", false, 0, "YYYY-MM-DD"},
      {"2024/01/01", false, 0, "YYYY-MM-DD"},
      {"20240101", false, 0, "YYYY-MM-DD"},
      {"2024-01-01T00:00", false, 0, "YYYY-MM-DD"},
      {" 2024-01-01", false, 0, "YYYY-MM-DD"},
      {"２０２４-01-01", false, 0, "YYYY-MM-DD"},
      {"+024-01-01", false, 0, "YYYY-MM-DD"},
      {"2024-0a-01", false, 0, "YYYY-MM-DD"},
  };
  for (const Case& c : kCases) {
    int64_t days = 12345;
    const Status st = ValidateDate(c.date, "birth_date", &days);
    EXPECT_EQ(st.ok(), c.ok) << c.date << ": " << st.ToString();
    if (c.ok) {
      EXPECT_EQ(days, c.days) << c.date;
      EXPECT_TRUE(ValidateDate(c.date, "birth_date").ok());  // out param optional
    } else {
      EXPECT_EQ(days, 12345) << "untouched on error";
      EXPECT_EQ(st.field(), "birth_date");
      EXPECT_THAT(st.en(), HasSubstr(std::string(c.en_part))) << c.date;
      EXPECT_THAT(st.zh(), HasSubstr("出生日期")) << c.date;
    }
  }
}

TEST(DatesTest, ChinaDayChangesAtMidnightUtcPlus8) {
  // 2026-01-01T00:00:00+08:00 is 2025-12-31T16:00:00Z.
  const int64_t midnight = DaysFromCivil(2025, 12, 31) * kSecondsPerDay + 16 * 3600;
  EXPECT_EQ(FormatDate(ChinaDay(midnight - 1)), "2025-12-31");
  EXPECT_EQ(FormatDate(ChinaDay(midnight)), "2026-01-01");
  // Before 1970 the division floors: 1969-12-31T15:59:59Z is still 1969-12-31 in China.
  EXPECT_EQ(ChinaDay(-8 * 3600 - 1), -1);
  EXPECT_EQ(ChinaDay(-8 * 3600), 0);
  EXPECT_EQ(ChinaDay(0), 0);
}

TEST(DatesTest, TodayInChinaFollowsTheClock) {
  const int64_t before = ChinaDay(static_cast<int64_t>(std::time(nullptr)));
  const int64_t today = TodayInChina();
  EXPECT_GE(today, before);
  EXPECT_LE(today, before + 1);  // unless midnight passed in between
  EXPECT_GT(today, DaysFromCivil(2024, 1, 1));
}

}  // namespace
}  // namespace wangge
