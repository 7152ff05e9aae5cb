// The working-time calendar (工作日历) that time limits of work orders (工单时限) are counted in: local
// dates and times, limits such as "2 working hours" or "5 working days", public holidays (法定节假日) and
// make-up working days (调休上班) from the State Council's yearly notice, and deadlines.
//
// Local time is China Standard Time: UTC+8 all year, no daylight saving. Instants are unix seconds
// (int64_t); a "day" is an int32_t count of local days since 1970-01-01 (negative before it). All
// functions expect instants and days within the years 0001-9999. The date arithmetic is core/dates.hpp's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.hpp"
#include "core/status.hpp"

namespace wangge::cal {

inline constexpr int64_t kUtcOffsetSeconds = kChinaUtcOffsetSeconds;
using ::wangge::kSecondsPerDay;

// ---- Dates and times ----

// The local day of an instant. Never fails.
int32_t LocalDay(int64_t unix_seconds);

// The instant at which local `day` begins (00:00:00+08:00). Never fails.
int64_t DayStart(int32_t day);

// ISO weekday of a day: 1 = Monday ... 7 = Sunday. Never fails.
int Weekday(int32_t day);

using ::wangge::CivilDate;

// The proleptic Gregorian date of a day (dates.hpp CivilFromDays). Never fails.
inline CivilDate CivilFromDay(int32_t day) { return CivilFromDays(day); }

// Parses a strict "YYYY-MM-DD" date (dates.hpp ValidateDate: year 0001-9999, real month and day).
// Errors: kInvalidArgument naming `field`.
Result<int32_t> DayFromIso(std::string_view iso, std::string_view field = "date");

// "YYYY-MM-DD". Never fails.
std::string IsoFromDay(int32_t day);

// The instant in local time with its offset, seconds precision: "2026-11-22T09:30:00+08:00". Never fails.
std::string IsoLocal(int64_t unix_seconds);

// Parses an RFC 3339 / ISO 8601 date-time: "YYYY-MM-DDTHH:MM:SS" ('T', 't' or one space between date and
// time), optional fraction ".s" to ".sssssssss" (dropped: the result is the whole second at or before the
// instant), then "Z"/"z", "+HH:MM" or "-HH:MM". Without an offset the time is local (UTC+8).
// Errors (kInvalidArgument, field `field`): wrong shape, a date that does not exist (ValidateDate's
// messages), hour > 23, minute or second > 59, offset hour > 23 or minute > 59.
Result<int64_t> ParseIsoTime(std::string_view text, std::string_view field = "time");

// ---- Time limits (时限) ----

enum class LimitUnit {
  kNaturalHours,  // "24h": hours of the clock, nights and holidays included
  kWorkingHours,  // "2wh": hours inside the working periods of working days
  kWorkingDays,   // "5wd": whole working days, due at the end of the last one
  kNaturalDays,   // "30d": calendar days counted from the next day, due at midnight ending the last one
                  // (信访 15 日受理、60 日办结, 调解 30 日: the laws count natural days)
};

struct Limit {
  LimitUnit unit = LimitUnit::kWorkingDays;
  int amount = 1;  // 1..9999
  bool operator==(const Limit&) const = default;
};

inline constexpr int kMaxLimitAmount = 9999;

// Parses "<n>h", "<n>wh", "<n>wd" or "<n>d" with n 1-9999 written without sign or leading zeros ("2wh",
// "5wd", "24h"). Nothing else is accepted: no spaces, no upper case. Errors: kInvalidArgument, field `field`,
// zh + en.
Result<Limit> ParseLimit(std::string_view text, std::string_view field = "limit");

// The text ParseLimit reads: "2wh", "5wd", "24h", "30d". Never fails.
std::string FormatLimit(Limit limit);

// "2个工作小时", "5个工作日", "24小时", "30日". Never fails.
std::string DescribeLimitZh(Limit limit);

// "2 working hours", "1 working day", "24 hours", "30 days". Never fails.
std::string DescribeLimitEn(Limit limit);

// ---- Working days and hours ----

// The working periods of a working day, as seconds since local midnight: morning [morning_begin,
// morning_end) and afternoon [afternoon_begin, afternoon_end). The default is 08:30-12:00 and 14:30-18:00,
// 7 working hours. A period may be empty (begin == end) but not both.
struct WorkingHours {
  int32_t morning_begin = 8 * 3600 + 30 * 60;
  int32_t morning_end = 12 * 3600;
  int32_t afternoon_begin = 14 * 3600 + 30 * 60;
  int32_t afternoon_end = 18 * 3600;

  int32_t SecondsPerDay() const { return (morning_end - morning_begin) + (afternoon_end - afternoon_begin); }
  bool operator==(const WorkingHours&) const = default;
};

// Checks 0 <= morning_begin <= morning_end <= afternoon_begin <= afternoon_end <= 86400 and a positive
// SecondsPerDay(). Errors: kInvalidArgument, field "working_hours".
Status ValidateWorkingHours(const WorkingHours& hours);

enum class DayType {
  kHoliday,  // holiday: a day off, also a Monday-Friday inside a holiday block (放假)
  kWorkday,  // make-up working day: a Saturday or Sunday that is worked (调休上班)
};

// "holiday" / "workday" (the CSV and API spelling).
std::string_view DayTypeName(DayType type);
std::optional<DayType> DayTypeFromName(std::string_view name);

struct DayOverride {
  int32_t day = 0;
  DayType type = DayType::kHoliday;
  std::string name;  // 春节, 国庆节 ... (0-20 characters)
  bool operator==(const DayOverride&) const = default;
};

inline constexpr size_t kMaxDayNameChars = 20;

// Working days are Monday-Friday, except days overridden as holidays, plus Saturdays and Sundays
// overridden as make-up working days. A year without overrides is simply Monday-Friday. Cheap to copy
// (one vector); const member functions are safe to call from many threads.
class Calendar {
 public:
  Calendar() = default;

  // Adds or replaces the override of `day`. `name` is cleaned (CleanText, 0-20 characters, may be empty).
  // Errors (kInvalidArgument): day outside 0001-01-01..9999-12-31 (field "date"); a workday override on a
  // Monday-Friday, which would change nothing and is surely a mistake (field "type"); a bad name (field
  // "name").
  Status SetDay(int32_t day, DayType type, std::string_view name);

  // Removes the override of `day`; false when there was none.
  bool RemoveDay(int32_t day);

  // The override of `day`, or nullptr.
  const DayOverride* Find(int32_t day) const;

  bool IsWorkingDay(int32_t day) const;

  // All overrides, ordered by day.
  const std::vector<DayOverride>& Overrides() const { return overrides_; }

  const WorkingHours& working_hours() const { return hours_; }
  // Errors: ValidateWorkingHours's.
  Status SetWorkingHours(const WorkingHours& hours);

  // Reads a table with the header "date,type,name" (exactly these columns, in this order) and one row per
  // overridden day: ISO date, "holiday" or "workday", name. A BOM and blank lines are ignored.
  // Errors (kInvalidArgument; zh "第 N 行：..." / en "line N: ..."): CSV syntax; missing or different
  // header; a row without exactly 3 fields; a bad date; a date listed twice; an unknown type; anything
  // SetDay rejects.
  static Result<Calendar> FromCsv(std::string_view csv_text);

  // The overrides in FromCsv's format, ordered by day. FromCsv(ToCsv()) gives the same overrides.
  std::string ToCsv() const;

  // The instant at which `limit`, counted from `start`, runs out:
  //   natural hours: start + n hours;
  //   working hours: working time is counted forward from `start` inside the working periods of working
  //     days (a start outside them counts from the next period's begin); the result is the instant the
  //     n-th working hour completes, which may be a period's end (12:00, 18:00). Friday 17:00 + 2wh =
  //     the next working day 09:30;
  //   working days: the end of the last working period (18:00) of the n-th working day after the local
  //     day of `start`; that day itself never counts, working day or not.
  // Never fails, allocates nothing.
  int64_t Deadline(int64_t start, Limit limit) const;

  // The working seconds in [a, b) (the parts of it inside working periods of working days); when b < a,
  // minus the working seconds in [b, a). Never fails, allocates nothing.
  int64_t WorkingSecondsBetween(int64_t a, int64_t b) const;

 private:
  // overrides_[i].day is strictly increasing.
  std::vector<DayOverride> overrides_;
  WorkingHours hours_;
};

}  // namespace wangge::cal
