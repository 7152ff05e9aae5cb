// Calendar dates: days since 1970-01-01 <-> proleptic Gregorian {year, month, day} (H. Hinnant's
// days_from_civil / civil_from_days), leap years, month lengths, "YYYY-MM-DD", and today in China time.
//
// The one place these are computed; calendar.hpp (local days and working time), indicators.hpp (months of
// roll-ups), citizen_id.hpp, the spreadsheet readers and the demo generator build on it. A "day" here is an
// int64_t count of days since 1970-01-01, negative before it. Local time is China Standard Time, UTC+8 all
// year (no daylight saving).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wangge {

inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kChinaUtcOffsetSeconds = 8 * 3600;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  bool operator==(const CivilDate&) const = default;
};

// True for Gregorian leap years (divisible by 4, except centuries not divisible by 400).
constexpr bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// Days in `month` (1-12) of `year`; 0 when `month` is out of range.
constexpr int DaysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

namespace dates_internal {
// Floor division for a positive divisor (C++ division truncates towards zero).
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return (a >= 0 ? a : a - (b - 1)) / b; }
}  // namespace dates_internal

// Days from 1970-01-01 to the proleptic Gregorian date year-month-day (negative before 1970).
// Precondition: a valid date (no range checks; a day or month out of range counts on from the neighbouring
// ones, as the formula does).
//
// H. Hinnant's days_from_civil (https://howardhinnant.github.io/date_algorithms.html): years are counted
// from March, so that the leap day is the last day of a year, in eras of 400 years (146097 days) from
// 0000-03-01, which is 719468 days before 1970-01-01.
constexpr int64_t DaysFromCivil(int year, int month, int day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = dates_internal::FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;                                             // [0, 399]
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                     // [0, 146096]
  return era * 146097 + doe - 719468;
}
constexpr int64_t DaysFromCivil(const CivilDate& d) { return DaysFromCivil(d.year, d.month, d.day); }

// The proleptic Gregorian date of a day: the inverse of DaysFromCivil (H. Hinnant's civil_from_days).
// Never fails for days whose year fits an int.
constexpr CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = dates_internal::FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11], March = 0
  CivilDate d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
  return d;
}

// "YYYY-MM-DD" (the year zero-padded to at least four digits, e.g. "0001-01-01", "10000-01-01"). Never fails.
std::string FormatDate(int64_t days);
std::string FormatDate(const CivilDate& d);

// Strict ISO 8601 calendar date check: exactly "YYYY-MM-DD" (10 ASCII characters, '-' separators,
// year 0001-9999, month 01-12, day valid for the month, Feb 29 only in leap years). On success stores the
// days since 1970-01-01 in *days_since_epoch when it is not null (untouched on error). Errors
// (kInvalidArgument, field `field`, the zh message using FieldLabelZh(field)): empty; wrong format
// ("出生日期 格式应为 YYYY-MM-DD"); year 0000; month out of range; day out of range for the month.
Status ValidateDate(std::string_view date, std::string_view field, int64_t* days_since_epoch = nullptr);

// The local (UTC+8) day of an instant in unix seconds (floor division: instants before 1970 too).
int64_t ChinaDay(int64_t unix_seconds);

// Today in China, from the system clock.
int64_t TodayInChina();

}  // namespace wangge
