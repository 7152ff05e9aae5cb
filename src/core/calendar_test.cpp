#include "core/calendar.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "core/shipped_data.hpp"

namespace wangge::cal {
namespace {

using ::testing::HasSubstr;

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(WANGGE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The instant of an ISO date-time; fails the test on bad input.
int64_t T(std::string_view iso) {
  const Result<int64_t> t = ParseIsoTime(iso);
  EXPECT_TRUE(t.ok()) << iso << ": " << t.status().ToString();
  return t.ok() ? *t : 0;
}

int32_t D(std::string_view iso) {
  const Result<int32_t> d = DayFromIso(iso);
  EXPECT_TRUE(d.ok()) << iso << ": " << d.status().ToString();
  return d.ok() ? *d : 0;
}

constexpr Limit Wh(int n) { return {LimitUnit::kWorkingHours, n}; }
constexpr Limit Wd(int n) { return {LimitUnit::kWorkingDays, n}; }
constexpr Limit H(int n) { return {LimitUnit::kNaturalHours, n}; }

// The shipped calendar (data/holidays.csv as embedded in the binary).
const Calendar& Shipped() {
  static const Calendar c = [] {
    Result<Calendar> r = Calendar::FromCsv(data::HolidaysCsv());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Calendar();
  }();
  return c;
}

// Deadline as local ISO text, for readable expectations.
std::string Due(const Calendar& c, std::string_view start, Limit limit) {
  return IsoLocal(c.Deadline(T(start), limit));
}

// ---- Dates and times ----

TEST(CalendarDatesTest, DaysAndWeekdays) {
  EXPECT_EQ(D("1970-01-01"), 0);
  EXPECT_EQ(D("1969-12-31"), -1);
  EXPECT_EQ(D("2000-03-01"), 11017);
  EXPECT_EQ(Weekday(0), 4);  // Thursday
  EXPECT_EQ(Weekday(-1), 3);
  EXPECT_EQ(Weekday(D("2024-11-22")), 5);
  EXPECT_EQ(Weekday(D("2024-11-24")), 7);
  EXPECT_EQ(Weekday(D("2026-10-10")), 6);
  EXPECT_EQ(Weekday(D("0001-01-01")), 1);  // proleptic Gregorian: a Monday
  for (const char* iso : {"0001-01-01", "1600-02-29", "1969-12-31", "1970-01-01", "2000-02-29", "2024-12-31",
                          "2100-03-01", "9999-12-31"}) {
    EXPECT_EQ(IsoFromDay(D(iso)), iso);
  }
  // Every day of 400 years round-trips through the civil date.
  for (int32_t day = D("1900-01-01"); day < D("2300-01-01"); ++day) {
    const CivilDate c = CivilFromDay(day);
    ASSERT_EQ(D(IsoFromDay(day)), day) << c.year << "-" << c.month << "-" << c.day;
  }
  EXPECT_FALSE(DayFromIso("2025-02-29").ok());
  EXPECT_FALSE(DayFromIso("2025-2-1").ok());
  EXPECT_EQ(DayFromIso("2025-13-01", "start").status().field(), "start");
}

TEST(CalendarDatesTest, LocalDayIsChinaStandardTime) {
  EXPECT_EQ(LocalDay(0), 0);               // 1970-01-01T08:00+08:00
  EXPECT_EQ(LocalDay(16 * 3600 - 1), 0);   // 23:59:59 local
  EXPECT_EQ(LocalDay(16 * 3600), 1);       // midnight local
  EXPECT_EQ(LocalDay(-8 * 3600), 0);       // 00:00 local on 1970-01-01
  EXPECT_EQ(LocalDay(-8 * 3600 - 1), -1);  // 23:59:59 local on 1969-12-31
  EXPECT_EQ(DayStart(0), -8 * 3600);
  EXPECT_EQ(IsoLocal(0), "1970-01-01T08:00:00+08:00");
  EXPECT_EQ(IsoLocal(-8 * 3600 - 1), "1969-12-31T23:59:59+08:00");
  EXPECT_EQ(IsoLocal(1763775000), "2025-11-22T09:30:00+08:00");
}

TEST(CalendarDatesTest, ParseIsoTime) {
  EXPECT_EQ(T("2026-11-22T09:30:00+08:00"), T("2026-11-22T01:30:00Z"));
  EXPECT_EQ(IsoLocal(T("2026-11-22T01:30:00Z")), "2026-11-22T09:30:00+08:00");
  EXPECT_EQ(T("2026-11-22T09:30:00"), T("2026-11-22T09:30:00+08:00"));  // no offset: local
  EXPECT_EQ(T("2026-11-22 09:30:00+08:00"), T("2026-11-22T09:30:00+08:00"));
  EXPECT_EQ(T("2026-11-21T20:30:00-05:00"), T("2026-11-22T09:30:00+08:00"));
  EXPECT_EQ(T("2026-11-22T01:30:00.5Z"), T("2026-11-22T01:30:00Z"));
  EXPECT_EQ(T("2026-11-22T01:30:00.123456789z"), T("2026-11-22T01:30:00Z"));
  EXPECT_EQ(T("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(T("1969-12-31T23:59:59.999Z"), -1);
  const char* kBad[] = {"",
                        "2026-11-22",
                        "2026-11-22T09:30",
                        "2026-11-22T09:30:00+0800",
                        "2026-11-22T09:30:00+08",
                        "2026-11-22T09:30:00.Z",
                        "2026-11-22T09:30:00.1234567890Z",
                        "2026-11-22T24:00:00Z",
                        "2026-11-22T09:60:00Z",
                        "2026-11-22T09:30:60Z",
                        "2026-02-30T09:30:00Z",
                        "2026-11-22T09:30:00+24:00",
                        "2026-11-22T09:30:00Z ",
                        "2026/11/22T09:30:00Z",
                        "2026-11-22X09:30:00Z"};
  for (const char* s : kBad) {
    const Result<int64_t> r = ParseIsoTime(s, "reported_at");
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << s;
    EXPECT_EQ(r.status().field(), "reported_at") << s;
    EXPECT_FALSE(r.status().zh().empty());
  }
}

// ---- Limits ----

TEST(LimitTest, ParsesAndFormats) {
  struct Case {
    const char* text;
    Limit limit;
    const char* zh;
    const char* en;
  };
  const Case kCases[] = {
      {"2wh", Wh(2), "2个工作小时", "2 working hours"},
      {"1wh", Wh(1), "1个工作小时", "1 working hour"},
      {"5wd", Wd(5), "5个工作日", "5 working days"},
      {"1wd", Wd(1), "1个工作日", "1 working day"},
      {"24h", H(24), "24小时", "24 hours"},
      {"9999wd", Wd(9999), "9999个工作日", "9999 working days"},
      {"30d", Limit{LimitUnit::kNaturalDays, 30}, "30日", "30 days"},
      {"1d", Limit{LimitUnit::kNaturalDays, 1}, "1日", "1 day"},
  };
  for (const Case& c : kCases) {
    const Result<Limit> r = ParseLimit(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status().ToString();
    EXPECT_EQ(*r, c.limit) << c.text;
    EXPECT_EQ(FormatLimit(*r), c.text);
    EXPECT_EQ(DescribeLimitZh(*r), c.zh);
    EXPECT_EQ(DescribeLimitEn(*r), c.en);
  }
}

TEST(LimitTest, RejectsEverythingElse) {
  const char* kBad[] = {"",    "h",   "wd",   "0h",   "0wd",  "02wh", "10000h",
                        "-1h", "+1h", "1.5h", "2 wh", " 2wh", "2wh ", "2WH",
                        "0d",  "2w",  "2hw",  "2whh", "wh2",  "１h",  "99999999999999999999wd"};
  for (const char* s : kBad) {
    const Result<Limit> r = ParseLimit(s, "accept_limit");
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << s;
    EXPECT_EQ(r.status().field(), "accept_limit") << s;
    EXPECT_FALSE(r.status().zh().empty()) << s;
    EXPECT_FALSE(r.status().en().empty()) << s;
  }
  EXPECT_THAT(ParseLimit("0wh").status().en(), HasSubstr("at least 1"));
  EXPECT_THAT(ParseLimit("10000wd").status().zh(), HasSubstr("1-9999"));
  EXPECT_THAT(ParseLimit("3days").status().zh(), HasSubstr("工作日"));
}

// "30d" (信访 60 日, 调解 30 日): calendar days counted from the next day, holidays included, due at the
// midnight that ends the last one.
TEST(LimitTest, NaturalDaysEndAtMidnightOfTheLastDay) {
  Calendar cal;
  auto Day = [](int m, int d) { return static_cast<int32_t>(DaysFromCivil(2026, m, d)); };
  const int64_t start = DayStart(Day(9, 30)) + 15 * 3600;  // 15:00 the day before 国庆
  EXPECT_EQ(cal.Deadline(start, Limit{LimitUnit::kNaturalDays, 15}), DayStart(Day(10, 16)));
  EXPECT_EQ(cal.Deadline(start, Limit{LimitUnit::kNaturalDays, 1}), DayStart(Day(10, 2)));
  EXPECT_EQ(cal.Deadline(DayStart(Day(10, 2)), Limit{LimitUnit::kNaturalDays, 3}), DayStart(Day(10, 5)));
}

// ---- Working days ----

TEST(CalendarTest, WithoutOverridesWeekdaysWork) {
  const Calendar c;
  EXPECT_TRUE(c.IsWorkingDay(D("2024-11-22")));   // Friday
  EXPECT_FALSE(c.IsWorkingDay(D("2024-11-23")));  // Saturday
  EXPECT_FALSE(c.IsWorkingDay(D("2024-11-24")));  // Sunday
  EXPECT_TRUE(c.IsWorkingDay(D("2024-11-25")));   // Monday
  EXPECT_TRUE(c.IsWorkingDay(D("2025-01-28")));   // 除夕, but this calendar knows no holidays
}

TEST(CalendarTest, YearWithoutRowsIsMondayToFriday) {
  // 2027's schedule is not published yet: the shipped calendar treats it as plain Monday-Friday.
  const Calendar& c = Shipped();
  int working = 0;
  for (int32_t day = D("2027-01-01"); day <= D("2027-12-31"); ++day) {
    EXPECT_EQ(c.IsWorkingDay(day), Weekday(day) <= 5) << IsoFromDay(day);
    working += c.IsWorkingDay(day) ? 1 : 0;
  }
  EXPECT_EQ(working, 261);
  EXPECT_EQ(Due(c, "2026-12-31T17:00:00+08:00", Wh(2)), "2027-01-01T09:30:00+08:00");
}

TEST(CalendarTest, SetAndRemoveDays) {
  Calendar c;
  ASSERT_TRUE(c.SetDay(D("2025-01-28"), DayType::kHoliday, " 春节 ").ok());
  ASSERT_TRUE(c.SetDay(D("2025-01-26"), DayType::kWorkday, "春节").ok());
  EXPECT_FALSE(c.IsWorkingDay(D("2025-01-28")));
  EXPECT_TRUE(c.IsWorkingDay(D("2025-01-26")));  // a Sunday
  ASSERT_EQ(c.Overrides().size(), 2u);
  EXPECT_EQ(c.Overrides()[0].day, D("2025-01-26"));  // ordered by day
  EXPECT_EQ(c.Overrides()[1].name, "春节");          // trimmed
  ASSERT_NE(c.Find(D("2025-01-28")), nullptr);
  EXPECT_EQ(c.Find(D("2025-01-29")), nullptr);
  // Replacing keeps one row per day.
  ASSERT_TRUE(c.SetDay(D("2025-01-28"), DayType::kHoliday, "除夕").ok());
  EXPECT_EQ(c.Overrides().size(), 2u);
  EXPECT_EQ(c.Find(D("2025-01-28"))->name, "除夕");
  EXPECT_TRUE(c.RemoveDay(D("2025-01-28")));
  EXPECT_FALSE(c.RemoveDay(D("2025-01-28")));
  EXPECT_TRUE(c.IsWorkingDay(D("2025-01-28")));
  // A holiday on a weekend is allowed (the weekend days inside a holiday block); a make-up working day on a
  // weekday is not, and neither are long names or days outside 0001-9999.
  EXPECT_TRUE(c.SetDay(D("2025-02-01"), DayType::kHoliday, "").ok());
  const Status weekday = c.SetDay(D("2025-01-27"), DayType::kWorkday, "春节");
  EXPECT_EQ(weekday.field(), "type");
  EXPECT_THAT(weekday.zh(), HasSubstr("周六或周日"));
  EXPECT_EQ(c.SetDay(D("2025-02-02"), DayType::kHoliday, std::string(21 * 3, 'a')).field(), "name");
  EXPECT_EQ(
      c.SetDay(D("2025-02-02"), DayType::kHoliday, "一二三四五六七八九十一二三四五六七八九十一").field(),
      "name");
  EXPECT_TRUE(c.SetDay(D("2025-02-02"), DayType::kHoliday, "一二三四五六七八九十一二三四五六七八九十").ok());
  EXPECT_EQ(c.SetDay(D("0001-01-01") - 1, DayType::kHoliday, "").field(), "date");
  EXPECT_EQ(c.SetDay(D("9999-12-31") + 1, DayType::kHoliday, "").field(), "date");
  EXPECT_TRUE(c.SetDay(D("9999-12-31"), DayType::kHoliday, "").ok());
}

// ---- Deadlines ----

TEST(DeadlineTest, NaturalHoursIgnoreTheCalendar) {
  const Calendar& c = Shipped();
  EXPECT_EQ(Due(c, "2025-12-31T22:00:00+08:00", H(4)), "2026-01-01T02:00:00+08:00");   // across midnight
  EXPECT_EQ(Due(c, "2025-01-28T10:00:00+08:00", H(24)), "2025-01-29T10:00:00+08:00");  // inside 春节
  EXPECT_EQ(c.Deadline(1000, H(1)), 4600);
}

TEST(DeadlineTest, WorkingHoursAcrossANormalWeekend) {
  const Calendar c;
  EXPECT_EQ(Due(c, "2024-11-22T17:00:00+08:00", Wh(1)), "2024-11-22T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T17:00:00+08:00", Wh(2)), "2024-11-25T09:30:00+08:00");  // Friday -> Monday
  EXPECT_EQ(Due(c, "2024-11-22T17:00:00+08:00", Wh(7)), "2024-11-25T17:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T17:00:00+08:00", Wh(8)), "2024-11-25T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T17:00:00+08:00", Wh(9)), "2024-11-26T09:30:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T17:00:00+08:00", Wh(15)), "2024-11-26T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T17:00:00+08:00", Wh(36)), "2024-11-29T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T17:00:00+08:00", Wh(37)), "2024-12-02T09:30:00+08:00");
  // Started on the weekend: counting begins Monday 08:30.
  EXPECT_EQ(Due(c, "2024-11-23T10:00:00+08:00", Wh(2)), "2024-11-25T10:30:00+08:00");
  // The same with the shipped calendar (no holiday that week).
  EXPECT_EQ(Due(Shipped(), "2024-11-22T17:00:00+08:00", Wh(2)), "2024-11-25T09:30:00+08:00");
}

TEST(DeadlineTest, WorkingHoursEdgesOfTheDay) {
  const Calendar c;
  // Before work: counting begins at 08:30.
  EXPECT_EQ(Due(c, "2024-11-25T07:00:00+08:00", Wh(1)), "2024-11-25T09:30:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-25T00:00:00+08:00", Wh(1)), "2024-11-25T09:30:00+08:00");
  // Inside the lunch break: counting begins at 14:30.
  EXPECT_EQ(Due(c, "2024-11-25T12:30:00+08:00", Wh(1)), "2024-11-25T15:30:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-25T12:00:00+08:00", Wh(4)), "2024-11-26T09:00:00+08:00");
  // A deadline that falls on the end of a period is that end, not the next period's start.
  EXPECT_EQ(Due(c, "2024-11-25T11:00:00+08:00", Wh(1)), "2024-11-25T12:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-25T08:30:00+08:00", Wh(7)), "2024-11-25T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-25T11:30:00+08:00", Wh(1)), "2024-11-25T15:00:00+08:00");
  // One second before the end of the day.
  EXPECT_EQ(Due(c, "2024-11-22T17:59:59+08:00", Wh(1)), "2024-11-25T09:29:59+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T18:00:00+08:00", Wh(1)), "2024-11-25T09:30:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T23:59:59+08:00", Wh(1)), "2024-11-25T09:30:00+08:00");
}

TEST(DeadlineTest, SpringFestival2025WithMakeUpDays) {
  // 春节 2025: 1/28 (Tue) - 2/4 (Tue) off; Sunday 1/26 and Saturday 2/8 are worked.
  const Calendar& c = Shipped();
  EXPECT_TRUE(c.IsWorkingDay(D("2025-01-26")));
  EXPECT_FALSE(c.IsWorkingDay(D("2025-01-28")));
  EXPECT_FALSE(c.IsWorkingDay(D("2025-02-04")));
  EXPECT_TRUE(c.IsWorkingDay(D("2025-02-08")));
  EXPECT_FALSE(c.IsWorkingDay(D("2025-02-09")));
  // Friday evening -> the make-up Sunday.
  EXPECT_EQ(Due(c, "2025-01-24T17:00:00+08:00", Wh(2)), "2025-01-26T09:30:00+08:00");
  // Monday before the holiday -> Wednesday after it.
  EXPECT_EQ(Due(c, "2025-01-27T14:30:00+08:00", Wh(10)), "2025-02-05T17:30:00+08:00");
  EXPECT_EQ(Due(c, "2025-01-27T10:00:00+08:00", Wd(1)), "2025-02-05T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2025-02-07T09:00:00+08:00", Wd(1)), "2025-02-08T18:00:00+08:00");  // the make-up Saturday
  // Sat 1/25 no, Sun 1/26 (1), Mon 1/27 (2), 2/5 (3), 2/6 (4), 2/7 (5), Sat 2/8 (6), 2/10 (7).
  EXPECT_EQ(Due(c, "2025-01-24T15:00:00+08:00", Wd(5)), "2025-02-07T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2025-01-24T15:00:00+08:00", Wd(7)), "2025-02-10T18:00:00+08:00");
}

TEST(DeadlineTest, NationalDay2026WithMakeUpDays) {
  // 国庆 2026: 10/1 (Thu) - 10/7 (Wed) off; Sunday 9/20 and Saturday 10/10 are worked; 中秋 9/25-9/27.
  const Calendar& c = Shipped();
  EXPECT_EQ(Due(c, "2026-09-18T17:00:00+08:00", Wh(2)), "2026-09-20T09:30:00+08:00");
  EXPECT_EQ(Due(c, "2026-09-24T16:00:00+08:00", Wh(5)), "2026-09-28T11:30:00+08:00");
  EXPECT_EQ(Due(c, "2026-09-30T10:00:00+08:00", Wd(1)), "2026-10-08T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2026-09-30T10:00:00+08:00", Wd(3)), "2026-10-10T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2026-09-30T10:00:00+08:00", Wd(4)), "2026-10-12T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2026-09-30T17:00:00+08:00", Wh(2)), "2026-10-08T09:30:00+08:00");
  EXPECT_EQ(Due(c, "2026-10-09T17:00:00+08:00", Wh(2)), "2026-10-10T09:30:00+08:00");
}

TEST(DeadlineTest, WorkingDaysStartedOnAHoliday) {
  const Calendar& c = Shipped();
  // 2025-10-03 is inside 国庆节、中秋节 (10/1-10/8): neither it nor the rest of the block counts.
  EXPECT_EQ(Due(c, "2025-10-03T10:00:00+08:00", Wd(1)), "2025-10-09T18:00:00+08:00");
  // 10/9 (1), 10/10 (2), Sat 10/11 make-up (3).
  EXPECT_EQ(Due(c, "2025-10-03T10:00:00+08:00", Wd(3)), "2025-10-11T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2025-10-03T10:00:00+08:00", Wh(1)), "2025-10-09T09:30:00+08:00");
  // The start day never counts, working day or not, whatever the time.
  EXPECT_EQ(Due(c, "2024-11-24T10:00:00+08:00", Wd(1)), "2024-11-25T18:00:00+08:00");  // Sunday
  EXPECT_EQ(Due(c, "2024-11-25T00:00:00+08:00", Wd(1)), "2024-11-26T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-25T23:00:00+08:00", Wd(1)), "2024-11-26T18:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T10:00:00+08:00", Wd(5)), "2024-11-29T18:00:00+08:00");
}

TEST(DeadlineTest, CustomWorkingHours) {
  Calendar c;
  WorkingHours summer;  // 09:00-12:00, 13:00-17:00
  summer.morning_begin = 9 * 3600;
  summer.afternoon_begin = 13 * 3600;
  summer.afternoon_end = 17 * 3600;
  ASSERT_TRUE(c.SetWorkingHours(summer).ok());
  EXPECT_EQ(c.working_hours().SecondsPerDay(), 7 * 3600);
  EXPECT_EQ(Due(c, "2024-11-22T16:00:00+08:00", Wh(2)), "2024-11-25T10:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T10:00:00+08:00", Wd(1)), "2024-11-25T17:00:00+08:00");
  // Morning only.
  WorkingHours morning;
  morning.afternoon_begin = morning.afternoon_end = 12 * 3600;
  ASSERT_TRUE(c.SetWorkingHours(morning).ok());
  EXPECT_EQ(Due(c, "2024-11-22T10:00:00+08:00", Wd(1)), "2024-11-25T12:00:00+08:00");
  EXPECT_EQ(Due(c, "2024-11-22T11:00:00+08:00", Wh(2)), "2024-11-25T09:30:00+08:00");

  WorkingHours bad;
  bad.morning_end = 15 * 3600;  // past the afternoon's start
  EXPECT_EQ(c.SetWorkingHours(bad).field(), "working_hours");
  bad = WorkingHours();
  bad.afternoon_end = 25 * 3600;
  EXPECT_FALSE(c.SetWorkingHours(bad).ok());
  bad = WorkingHours();
  bad.morning_end = bad.morning_begin;
  bad.afternoon_end = bad.afternoon_begin;
  EXPECT_FALSE(c.SetWorkingHours(bad).ok());
  EXPECT_EQ(c.working_hours(), morning);  // unchanged by the failures
}

TEST(WorkingSecondsTest, CountsOnlyWorkingPeriods) {
  const Calendar& c = Shipped();
  EXPECT_EQ(c.WorkingSecondsBetween(T("2024-11-22T17:00:00+08:00"), T("2024-11-25T09:30:00+08:00")),
            2 * 3600);
  EXPECT_EQ(c.WorkingSecondsBetween(T("2024-11-25T09:30:00+08:00"), T("2024-11-22T17:00:00+08:00")),
            -2 * 3600);
  EXPECT_EQ(c.WorkingSecondsBetween(T("2024-11-25T11:00:00+08:00"), T("2024-11-25T15:00:00+08:00")), 90 * 60);
  EXPECT_EQ(c.WorkingSecondsBetween(T("2024-11-25T12:10:00+08:00"), T("2024-11-25T12:20:00+08:00")), 0);
  EXPECT_EQ(c.WorkingSecondsBetween(T("2024-11-25T10:00:00+08:00"), T("2024-11-25T10:00:00+08:00")), 0);
  EXPECT_EQ(c.WorkingSecondsBetween(T("2026-09-30T18:00:00+08:00"), T("2026-10-08T08:30:00+08:00")), 0);
  // 9/30 (7h) + 10/8, 10/9 and Saturday 10/10 (3 x 7h).
  EXPECT_EQ(c.WorkingSecondsBetween(T("2026-09-30T00:00:00+08:00"), T("2026-10-11T00:00:00+08:00")),
            28 * 3600);
  // A whole year: 2025 has 261 weekdays, 18 of them off, and 5 make-up weekend days: 248 working days.
  int working_days = 0;
  for (int32_t d = D("2025-01-01"); d <= D("2025-12-31"); ++d) working_days += c.IsWorkingDay(d) ? 1 : 0;
  EXPECT_EQ(working_days, 248);
  EXPECT_EQ(c.WorkingSecondsBetween(T("2025-01-01T00:00:00+08:00"), T("2026-01-01T00:00:00+08:00")),
            int64_t{working_days} * 7 * 3600);
}

TEST(WorkingSecondsTest, InverseOfWorkingHourDeadlines) {
  // For any start, the working time from the start to its n-working-hour deadline is n hours.
  const Calendar& c = Shipped();
  const int64_t first = T("2023-12-25T00:00:00+08:00");
  uint64_t x = 88172645463325252ull;  // xorshift
  for (int i = 0; i < 3000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const int64_t start = first + static_cast<int64_t>(x % (3 * 366 * 86400ull));
    const int n = 1 + static_cast<int>((x >> 40) % 120);
    const int64_t due = c.Deadline(start, Wh(n));
    ASSERT_EQ(c.WorkingSecondsBetween(start, due), int64_t{n} * 3600)
        << IsoLocal(start) << " + " << n << "wh";
    ASSERT_EQ(c.WorkingSecondsBetween(start, due - 1), int64_t{n} * 3600 - 1)
        << IsoLocal(start) << " + " << n;
    const int64_t wd_due = c.Deadline(start, Wd(1 + n % 15));
    ASSERT_TRUE(c.IsWorkingDay(LocalDay(wd_due)));
    ASSERT_GT(LocalDay(wd_due), LocalDay(start));
  }
}

// ---- CSV ----

TEST(CalendarCsvTest, RoundTrips) {
  const std::string text =
      "date,type,name\n"
      "2025-01-26,workday,春节\n"
      "2025-01-28,holiday,\"春节,除夕\"\n"
      "2025-01-29,holiday,\n";
  Result<Calendar> c = Calendar::FromCsv(text);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->Overrides().size(), 3u);
  EXPECT_EQ(c->Overrides()[1].name, "春节,除夕");
  EXPECT_EQ(c->Overrides()[2].name, "");
  EXPECT_EQ(c->ToCsv(), text);
  // BOM, CRLF, blank lines and any row order are fine; output is ordered by date.
  Result<Calendar> d = Calendar::FromCsv(
      "\xEF\xBB\xBF"
      "date,type,name\r\n2025-01-29,holiday,\r\n\r\n2025-01-26,workday,春节\r\n2025-01-28,holiday,\"春节,"
      "除夕\"");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->Overrides(), c->Overrides());
  EXPECT_EQ(d->ToCsv(), text);
  // An empty table is a header alone.
  Result<Calendar> empty = Calendar::FromCsv("date,type,name\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->Overrides().empty());
  EXPECT_EQ(Calendar().ToCsv(), "date,type,name\n");
}

TEST(CalendarCsvTest, RejectsBadRowsWithLineNumbers) {
  struct Case {
    std::string csv;
    int line;
    const char* en_part;
  };
  const Case kCases[] = {
      {"", 1, "header"},
      {"2025-01-01,holiday,元旦\n", 1, "header"},
      {"date,type\n", 1, "header"},
      {"Date,Type,Name\n", 1, "header"},
      {"date,type,name\n2025-01-01,holiday\n", 2, "expected 3 fields"},
      {"date,type,name\n2025-01-01,holiday,元旦,x\n", 2, "expected 3 fields"},
      {"date,type,name\n2025-01-01,holiday,元旦\n2025-02-29,holiday,x\n", 3, "does not exist"},
      {"date,type,name\n2025/01/01,holiday,元旦\n", 2, "YYYY-MM-DD"},
      {"date,type,name\n2025-01-01,holiday,元旦\n\n2025-01-01,holiday,元旦\n", 4, "listed twice"},
      {"date,type,name\n2025-01-01,off,元旦\n", 2, "unknown type"},
      {"date,type,name\n2025-01-01,Holiday,元旦\n", 2, "unknown type"},
      {"date,type,name\n2025-01-02,workday,元旦\n", 2, "Saturday or Sunday"},
      {"date,type,name\n2025-01-01,holiday,一二三四五六七八九十一二三四五六七八九十一\n", 2, "at most 20"},
      {"date,type,name\n2025-01-01,holiday,\"元旦\n", 2, "never closed"},
      {"date,type,name\n2025-01-01,holiday,元\"旦\n", 2, "quote"},
  };
  for (const Case& c : kCases) {
    const Result<Calendar> r = Calendar::FromCsv(c.csv);
    ASSERT_FALSE(r.ok()) << c.csv;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    const std::string l = std::to_string(c.line);
    EXPECT_THAT(r.status().en(), HasSubstr("line " + l)) << c.csv;
    EXPECT_THAT(r.status().zh(), HasSubstr("第 " + l + " 行")) << c.csv;
    EXPECT_THAT(r.status().en(), HasSubstr(c.en_part)) << c.csv;
  }
}

// ---- Shipped data ----

TEST(ShippedHolidaysTest, EmbeddedTextEqualsTheFile) {
  const std::string file = ReadSourceFile("data/holidays.csv");
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(data::HolidaysCsv(), file);
}

TEST(ShippedHolidaysTest, ParsesAndIsWellFormed) {
  const Result<Calendar> parsed = Calendar::FromCsv(ReadSourceFile("data/holidays.csv"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const Calendar& c = *parsed;
  EXPECT_EQ(c.ToCsv(), data::HolidaysCsv());  // written in canonical order
  std::map<int, std::set<std::string>> names_by_year;
  std::map<int, int> weekday_holidays;
  std::map<int, int> workdays;
  for (const DayOverride& o : c.Overrides()) {
    const int year = CivilFromDay(o.day).year;
    names_by_year[year].insert(o.name);
    if (o.type == DayType::kWorkday) {
      EXPECT_GE(Weekday(o.day), 6) << IsoFromDay(o.day) << " is a make-up working day but not a weekend day";
      ++workdays[year];
    } else if (Weekday(o.day) <= 5) {
      ++weekday_holidays[year];
    }
    EXPECT_FALSE(o.name.empty()) << IsoFromDay(o.day);
  }
  for (int year : {2024, 2025, 2026}) {
    const std::set<std::string>& names = names_by_year[year];
    EXPECT_TRUE(names.contains("元旦")) << year;
    EXPECT_TRUE(names.contains("春节")) << year;
    EXPECT_TRUE(std::any_of(names.begin(), names.end(), [](const std::string& n) {
      return n.find("国庆") != n.npos;
    })) << year;
  }
  // Weekdays off minus make-up days = the statutory holidays: 11 days until 2024, 13 from 2025 (国务院令
  // 第 795 号 added 除夕 and 5/2).
  EXPECT_EQ(weekday_holidays[2024] - workdays[2024], 11);
  EXPECT_EQ(weekday_holidays[2025] - workdays[2025], 13);
  EXPECT_EQ(weekday_holidays[2026] - workdays[2026], 13);
  // Spot checks from the notices.
  for (const char* off : {"2024-02-16", "2024-10-07", "2025-01-28", "2025-10-08", "2026-01-02", "2026-02-23",
                          "2026-05-05", "2026-06-19", "2026-09-25", "2026-10-07"}) {
    EXPECT_FALSE(c.IsWorkingDay(D(off))) << off;
  }
  for (const char* on :
       {"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
        "2024-10-12", "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04",
        "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}) {
    EXPECT_TRUE(c.IsWorkingDay(D(on))) << on;
  }
  EXPECT_EQ(workdays[2024], 8);
  EXPECT_EQ(workdays[2025], 5);
  EXPECT_EQ(workdays[2026], 6);
}

}  // namespace
}  // namespace wangge::cal
