// 矛盾纠纷排查 (screening rounds): on a schedule, each grid's workers walk their grid and each township's
// 综治中心 its area, and record what they found — or that they found nothing. A round is due once per period
// of the place's cycle (grids: every week by default, townships: every half month; configurable per county).
// A record made after its period ended is kept and flagged late; a place with no record for a period that has
// ended is missing. The board and the 排查按时率 (docs/indicators.md) are computed from these records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wangge::screening {

enum class Cycle { kWeek, kHalfMonth, kMonth };
std::string_view CycleName(Cycle c);    // "week" | "half_month" | "month"
std::string_view CycleNameZh(Cycle c);  // 每周 | 每半月 | 每月
std::optional<Cycle> CycleFromName(std::string_view name);

// A period of a cycle: local days (days since 1970-01-01, China time), both inclusive. Weeks run Monday to
// Sunday; half months from the 1st to the 15th and from the 16th to the month's last day.
struct Period {
  int64_t first = 0;
  int64_t last = 0;
  bool operator==(const Period&) const = default;
};
Period PeriodOf(Cycle c, int64_t day);
Period PreviousPeriod(Cycle c, const Period& p);
// "2026-11-30 至 2026-12-06"
std::string DescribePeriod(const Period& p);

// Which places screen: a grid (code of 15 digits) and a township (9).
inline constexpr size_t kGridCodeLength = 15;
inline constexpr size_t kTownshipCodeLength = 9;
bool Screens(std::string_view place_code);

// A county's schedule. The defaults are the issue's: villages' grids weekly, townships every half month.
struct Schedule {
  Cycle grid = Cycle::kWeek;
  Cycle township = Cycle::kHalfMonth;
  bool operator==(const Schedule&) const = default;
};
Cycle CycleFor(const Schedule& s, std::string_view place_code);
// "grid=week;township=half_month" (the stored form of a county's schedule).
std::string FormatSchedule(const Schedule& s);
Result<Schedule> ParseSchedule(std::string_view text);

// One round's record (排查记录): which place, for which period, what was found.
struct Record {
  int64_t id = 0;
  std::string place_code;  // a grid or a township
  Period period;
  std::string cycle;  // the cycle's name when it was recorded
  int found = 0;      // conflicts found (0: 未发现矛盾纠纷)
  int resolved = 0;   // of them resolved on the spot (就地化解); the others were registered as cases
  std::string note;   // what was found and done; required when something was found
  int64_t recorded_by = 0;
  std::string recorded_by_name;  // the recorder's display name (for the board)
  int64_t recorded_at = 0;
  bool late = false;  // recorded after its period's last day
};

// found 0-999, resolved 0-found, note cleaned (multi-line, at most 1000 characters; required when found > 0).
// Errors kInvalidArgument with the field, zh + en.
Status ValidateRecord(Record* r);

}  // namespace wangge::screening
