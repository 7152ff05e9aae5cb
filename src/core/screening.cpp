#include "core/screening.hpp"

#include "core/dates.hpp"
#include "core/text.hpp"

namespace wangge::screening {

std::string_view CycleName(Cycle c) {
  switch (c) {
    case Cycle::kWeek:
      return "week";
    case Cycle::kHalfMonth:
      return "half_month";
    case Cycle::kMonth:
      return "month";
  }
  return "";
}

std::string_view CycleNameZh(Cycle c) {
  switch (c) {
    case Cycle::kWeek:
      return "每周";
    case Cycle::kHalfMonth:
      return "每半月";
    case Cycle::kMonth:
      return "每月";
  }
  return "";
}

std::optional<Cycle> CycleFromName(std::string_view name) {
  for (Cycle c : {Cycle::kWeek, Cycle::kHalfMonth, Cycle::kMonth})
    if (CycleName(c) == name) return c;
  return std::nullopt;
}

Period PeriodOf(Cycle c, int64_t day) {
  switch (c) {
    case Cycle::kWeek: {
      // 1970-01-01 was a Thursday: Monday is (day + 3) mod 7 == 0.
      const int64_t monday = day - ((day + 3) % 7 + 7) % 7;
      return {monday, monday + 6};
    }
    case Cycle::kHalfMonth:
    case Cycle::kMonth: {
      const CivilDate d = CivilFromDays(day);
      const int64_t first = DaysFromCivil(d.year, d.month, 1);
      const int64_t last = first + DaysInMonth(d.year, d.month) - 1;
      if (c == Cycle::kMonth) return {first, last};
      return d.day <= 15 ? Period{first, first + 14} : Period{first + 15, last};
    }
  }
  return {day, day};
}

Period PreviousPeriod(Cycle c, const Period& p) { return PeriodOf(c, p.first - 1); }

std::string DescribePeriod(const Period& p) { return FormatDate(p.first) + " 至 " + FormatDate(p.last); }

bool Screens(std::string_view place_code) {
  return place_code.size() == kGridCodeLength || place_code.size() == kTownshipCodeLength;
}

Cycle CycleFor(const Schedule& s, std::string_view place_code) {
  return place_code.size() == kTownshipCodeLength ? s.township : s.grid;
}

std::string FormatSchedule(const Schedule& s) {
  return "grid=" + std::string(CycleName(s.grid)) + ";township=" + std::string(CycleName(s.township));
}

Result<Schedule> ParseSchedule(std::string_view text) {
  Schedule s;
  bool grid = false, township = false;
  while (!text.empty()) {
    const size_t semi = text.find(';');
    const std::string_view item = text.substr(0, semi);
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    const size_t eq = item.find('=');
    const std::string_view key = item.substr(0, eq);
    const std::optional<Cycle> c =
        eq == std::string_view::npos ? std::nullopt : CycleFromName(item.substr(eq + 1));
    if (!c || (key != "grid" && key != "township"))
      return InvalidArgument("排查周期格式错误：" + std::string(item),
                             "malformed screening schedule item: " + std::string(item), "schedule");
    (key == "grid" ? s.grid : s.township) = *c;
    (key == "grid" ? grid : township) = true;
  }
  if (!grid || !township)
    return InvalidArgument("排查周期须同时规定网格和乡镇",
                           "the schedule must name both the grid and the township cycle", "schedule");
  return s;
}

Status ValidateRecord(Record* r) {
  if (r->found < 0 || r->found > 999)
    return InvalidArgument("发现矛盾纠纷数应为 0 至 999", "found must be 0 to 999", "found");
  if (r->resolved < 0 || r->resolved > r->found)
    return InvalidArgument("就地化解数应在 0 与发现数之间", "resolved must be between 0 and found",
                           "resolved");
  ASSIGN_OR_RETURN(r->note, CleanText(r->note, "note", 1000, /*required=*/false, /*multiline=*/true));
  if (r->found > 0 && r->note.empty())
    return InvalidArgument("发现了矛盾纠纷，请说明情况和处理方式", "say what was found and what was done",
                           "note");
  return Status::Ok();
}

}  // namespace wangge::screening
