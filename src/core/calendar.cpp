#include "core/calendar.hpp"

#include <algorithm>
#include <cstdio>

#include "core/csv.hpp"
#include "core/text.hpp"

namespace wangge::cal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The value of s[pos, pos + len), all ASCII digits (checked by the caller).
int Digits(std::string_view s, size_t pos, size_t len) {
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

bool AllDigits(std::string_view s, size_t pos, size_t len) {
  if (pos + len > s.size()) return false;
  for (size_t i = pos; i < pos + len; ++i) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

constexpr int32_t kFirstDay = -719162;  // 0001-01-01
constexpr int32_t kLastDay = 2932896;   // 9999-12-31

// Answers IsWorkingDay for a non-decreasing sequence of days, walking the sorted overrides once instead of
// searching them for every day.
class DayWalker {
 public:
  DayWalker(const std::vector<DayOverride>& overrides, int32_t first_day)
      : it_(std::lower_bound(overrides.begin(), overrides.end(), first_day,
                             [](const DayOverride& o, int32_t d) { return o.day < d; })),
        end_(overrides.end()) {}

  bool IsWorking(int32_t day) {
    while (it_ != end_ && it_->day < day) ++it_;
    if (it_ != end_ && it_->day == day) return it_->type == DayType::kWorkday;
    return Weekday(day) <= 5;
  }

 private:
  std::vector<DayOverride>::const_iterator it_;
  std::vector<DayOverride>::const_iterator end_;
};

// The end of a working day's last non-empty period.
int32_t DayEnd(const WorkingHours& h) {
  return h.afternoon_end > h.afternoon_begin ? h.afternoon_end : h.morning_end;
}

}  // namespace

// ---- Dates and times ----

int32_t LocalDay(int64_t unix_seconds) { return static_cast<int32_t>(ChinaDay(unix_seconds)); }

int64_t DayStart(int32_t day) { return static_cast<int64_t>(day) * kSecondsPerDay - kUtcOffsetSeconds; }

int Weekday(int32_t day) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(((static_cast<int64_t>(day) + 3) % 7 + 7) % 7) + 1;
}

Result<int32_t> DayFromIso(std::string_view iso, std::string_view field) {
  int64_t days = 0;
  RETURN_IF_ERROR(ValidateDate(iso, field, &days));
  return static_cast<int32_t>(days);
}

std::string IsoFromDay(int32_t day) { return FormatDate(day); }

std::string IsoLocal(int64_t unix_seconds) {
  const int32_t day = LocalDay(unix_seconds);
  const int64_t tod = unix_seconds - DayStart(day);
  const CivilDate d = CivilFromDay(day);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", d.year, d.month, d.day,
                static_cast<int>(tod / 3600), static_cast<int>(tod / 60 % 60), static_cast<int>(tod % 60));
  return buf;
}

Result<int64_t> ParseIsoTime(std::string_view text, std::string_view field) {
  const std::string label = FieldLabelZh(field);
  const std::string en(field);
  const auto bad_shape = [&] {
    return InvalidArgument(label + " 格式应为 YYYY-MM-DDTHH:MM:SS+08:00（如 2026-11-22T09:30:00+08:00）",
                           en + " must be a date-time like 2026-11-22T09:30:00+08:00 or 2026-11-22T01:30:00Z",
                           en);
  };
  if (text.empty()) return InvalidArgument(label + " 不能为空", en + " must not be empty", en);
  if (text.size() < 19) return bad_shape();
  const char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return bad_shape();
  if (!AllDigits(text, 0, 4) || text[4] != '-' || !AllDigits(text, 5, 2) || text[7] != '-' ||
      !AllDigits(text, 8, 2) || !AllDigits(text, 11, 2) || text[13] != ':' || !AllDigits(text, 14, 2) ||
      text[16] != ':' || !AllDigits(text, 17, 2)) {
    return bad_shape();
  }
  int64_t days = 0;
  RETURN_IF_ERROR(ValidateDate(text.substr(0, 10), field, &days));
  const int hour = Digits(text, 11, 2);
  const int minute = Digits(text, 14, 2);
  const int second = Digits(text, 17, 2);
  if (hour > 23 || minute > 59 || second > 59) {
    return InvalidArgument(label + " 的时刻无效：" + std::string(text.substr(11, 8)),
                           en + " has an invalid time of day: " + std::string(text.substr(11, 8)), en);
  }
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    size_t digits = 0;
    ++pos;
    while (pos < text.size() && IsDigit(text[pos])) {
      ++pos;
      ++digits;
    }
    if (digits == 0 || digits > 9) return bad_shape();
  }
  int64_t offset = kUtcOffsetSeconds;
  const std::string_view zone = text.substr(pos);
  if (zone.empty()) {
    // Local time.
  } else if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && AllDigits(zone, 1, 2) &&
             zone[3] == ':' && AllDigits(zone, 4, 2)) {
    const int oh = Digits(zone, 1, 2);
    const int om = Digits(zone, 4, 2);
    if (oh > 23 || om > 59) {
      return InvalidArgument(label + " 的时区偏移无效：" + std::string(zone),
                             en + " has an invalid UTC offset: " + std::string(zone), en);
    }
    offset = (zone[0] == '-' ? -1 : 1) * static_cast<int64_t>(oh * 3600 + om * 60);
  } else {
    return bad_shape();
  }
  return days * kSecondsPerDay + hour * 3600 + minute * 60 + second - offset;
}

// ---- Time limits ----

Result<Limit> ParseLimit(std::string_view text, std::string_view field) {
  const std::string en(field);
  const auto bad = [&] {
    return InvalidArgument(
        "时限“" + std::string(text) +
            "”格式无效，应为 <数字>h（自然小时）、<数字>wh（工作小时）或 <数字>wd（工作日），如 "
            "24h、2wh、5wd",
        "invalid time limit \"" + std::string(text) +
            "\": expected <n>h (natural hours), <n>wh (working hours), <n>wd (working days) or <n>d "
            "(days), e.g. 24h, 2wh, 5wd, 30d",
        en);
  };
  size_t digits = 0;
  while (digits < text.size() && IsDigit(text[digits])) ++digits;
  if (digits == 0 || text[0] == '0') {
    if (digits == 1 && (text.substr(1) == "h" || text.substr(1) == "wh" || text.substr(1) == "wd" ||
                        text.substr(1) == "d")) {
      return InvalidArgument("时限不能为 0", "a time limit must be at least 1", en);
    }
    return bad();
  }
  const std::string_view unit = text.substr(digits);
  Limit limit;
  if (unit == "h") {
    limit.unit = LimitUnit::kNaturalHours;
  } else if (unit == "wh") {
    limit.unit = LimitUnit::kWorkingHours;
  } else if (unit == "wd") {
    limit.unit = LimitUnit::kWorkingDays;
  } else if (unit == "d") {
    limit.unit = LimitUnit::kNaturalDays;
  } else {
    return bad();
  }
  if (digits > 4) {
    return InvalidArgument("时限“" + std::string(text) + "”过长，数值应为 1-9999",
                           "time limit \"" + std::string(text) + "\" is too long: the amount must be 1-9999",
                           en);
  }
  limit.amount = Digits(text, 0, digits);
  return limit;
}

std::string FormatLimit(Limit limit) {
  std::string s = std::to_string(limit.amount);
  switch (limit.unit) {
    case LimitUnit::kNaturalHours:
      return s + "h";
    case LimitUnit::kWorkingHours:
      return s + "wh";
    case LimitUnit::kWorkingDays:
      return s + "wd";
    case LimitUnit::kNaturalDays:
      return s + "d";
  }
  return s;
}

std::string DescribeLimitZh(Limit limit) {
  std::string s = std::to_string(limit.amount);
  switch (limit.unit) {
    case LimitUnit::kNaturalHours:
      return s + "小时";
    case LimitUnit::kWorkingHours:
      return s + "个工作小时";
    case LimitUnit::kWorkingDays:
      return s + "个工作日";
    case LimitUnit::kNaturalDays:
      return s + "日";
  }
  return s;
}

std::string DescribeLimitEn(Limit limit) {
  const std::string s = std::to_string(limit.amount);
  const char* plural = limit.amount == 1 ? "" : "s";
  switch (limit.unit) {
    case LimitUnit::kNaturalHours:
      return s + " hour" + plural;
    case LimitUnit::kWorkingHours:
      return s + " working hour" + plural;
    case LimitUnit::kWorkingDays:
      return s + " working day" + plural;
    case LimitUnit::kNaturalDays:
      return s + " day" + plural;
  }
  return s;
}

// ---- Working days and hours ----

Status ValidateWorkingHours(const WorkingHours& h) {
  if (!(0 <= h.morning_begin && h.morning_begin <= h.morning_end && h.morning_end <= h.afternoon_begin &&
        h.afternoon_begin <= h.afternoon_end && h.afternoon_end <= kSecondsPerDay) ||
      h.SecondsPerDay() <= 0) {
    return InvalidArgument(
        "工作时间无效：上午、下午时段应在一天之内依次排列，且至少有一段不为空",
        "invalid working hours: the morning and afternoon periods must lie in order within "
        "one day and not both be empty",
        "working_hours");
  }
  return Status::Ok();
}

std::string_view DayTypeName(DayType type) { return type == DayType::kHoliday ? "holiday" : "workday"; }

std::optional<DayType> DayTypeFromName(std::string_view name) {
  if (name == "holiday") return DayType::kHoliday;
  if (name == "workday") return DayType::kWorkday;
  return std::nullopt;
}

Status Calendar::SetDay(int32_t day, DayType type, std::string_view name) {
  if (day < kFirstDay || day > kLastDay) {
    return InvalidArgument("日期应在 0001-01-01 至 9999-12-31 之间",
                           "the date must be within 0001-01-01..9999-12-31", "date");
  }
  if (type == DayType::kWorkday && Weekday(day) <= 5) {
    const std::string iso = IsoFromDay(day);
    return InvalidArgument(
        "调休上班日应为周六或周日，" + iso + " 本来就是工作日",
        "a make-up working day must be a Saturday or Sunday; " + iso + " is already a working day", "type");
  }
  ASSIGN_OR_RETURN(std::string clean, CleanText(name, "name", kMaxDayNameChars, /*required=*/false));
  auto it = std::lower_bound(overrides_.begin(), overrides_.end(), day,
                             [](const DayOverride& o, int32_t d) { return o.day < d; });
  if (it != overrides_.end() && it->day == day) {
    it->type = type;
    it->name = std::move(clean);
  } else {
    overrides_.insert(it, DayOverride{day, type, std::move(clean)});
  }
  return Status::Ok();
}

bool Calendar::RemoveDay(int32_t day) {
  auto it = std::lower_bound(overrides_.begin(), overrides_.end(), day,
                             [](const DayOverride& o, int32_t d) { return o.day < d; });
  if (it == overrides_.end() || it->day != day) return false;
  overrides_.erase(it);
  return true;
}

const DayOverride* Calendar::Find(int32_t day) const {
  auto it = std::lower_bound(overrides_.begin(), overrides_.end(), day,
                             [](const DayOverride& o, int32_t d) { return o.day < d; });
  if (it == overrides_.end() || it->day != day) return nullptr;
  return &*it;
}

bool Calendar::IsWorkingDay(int32_t day) const {
  if (const DayOverride* o = Find(day)) return o->type == DayType::kWorkday;
  return Weekday(day) <= 5;
}

Status Calendar::SetWorkingHours(const WorkingHours& hours) {
  RETURN_IF_ERROR(ValidateWorkingHours(hours));
  hours_ = hours;
  return Status::Ok();
}

Result<Calendar> Calendar::FromCsv(std::string_view csv_text) {
  ASSIGN_OR_RETURN(std::vector<csv::Record> records, csv::Parse(csv_text));
  if (records.empty() || records[0].fields != std::vector<std::string>{"date", "type", "name"}) {
    const int line = records.empty() ? 1 : records[0].line;
    return csv::AtLine(line, InvalidArgument("表头应为 date,type,name", "the header must be date,type,name"));
  }
  Calendar cal;
  for (size_t i = 1; i < records.size(); ++i) {
    const csv::Record& r = records[i];
    if (r.fields.size() != 3) {
      return csv::AtLine(
          r.line,
          InvalidArgument("应有 3 列（date,type,name），实际为 " + std::to_string(r.fields.size()) + " 列",
                          "expected 3 fields (date,type,name), got " + std::to_string(r.fields.size())));
    }
    Result<int32_t> day = DayFromIso(r.fields[0], "date");
    if (!day.ok()) return csv::AtLine(r.line, day.status());
    if (cal.Find(*day) != nullptr) {
      return csv::AtLine(r.line, InvalidArgument("日期 " + r.fields[0] + " 重复出现",
                                                 "the date " + r.fields[0] + " is listed twice", "date"));
    }
    const std::optional<DayType> type = DayTypeFromName(r.fields[1]);
    if (!type) {
      return csv::AtLine(
          r.line,
          InvalidArgument("类型“" + r.fields[1] + "”无效，应为 holiday（放假）或 workday（调休上班）",
                          "unknown type \"" + r.fields[1] + "\": expected holiday or workday", "type"));
    }
    if (Status st = cal.SetDay(*day, *type, r.fields[2]); !st.ok()) return csv::AtLine(r.line, st);
  }
  return cal;
}

std::string Calendar::ToCsv() const {
  std::string out = "date,type,name\n";
  for (const DayOverride& o : overrides_) {
    const std::string iso = IsoFromDay(o.day);
    csv::AppendRow(&out, {iso, DayTypeName(o.type), o.name});
  }
  return out;
}

int64_t Calendar::Deadline(int64_t start, Limit limit) const {
  const int64_t amount = limit.amount;
  switch (limit.unit) {
    case LimitUnit::kNaturalHours:
      return start + amount * 3600;
    case LimitUnit::kNaturalDays:
      // The day it starts is not counted; a start at midnight is the end of the day before (so an extension
      // of a deadline at midnight adds exactly its days).
      return DayStart(LocalDay(start - 1) + static_cast<int32_t>(amount) + 1);
    case LimitUnit::kWorkingDays: {
      int32_t day = LocalDay(start);
      DayWalker walker(overrides_, day + 1);
      for (int64_t counted = 0; counted < amount;) {
        ++day;
        if (walker.IsWorking(day)) ++counted;
      }
      return DayStart(day) + DayEnd(hours_);
    }
    case LimitUnit::kWorkingHours: {
      const int32_t periods[2][2] = {{hours_.morning_begin, hours_.morning_end},
                                     {hours_.afternoon_begin, hours_.afternoon_end}};
      const int32_t per_day = hours_.SecondsPerDay();
      int64_t remaining = amount * 3600;
      int32_t day = LocalDay(start);
      int64_t time_of_day = start - DayStart(day);
      DayWalker walker(overrides_, day);
      for (;; ++day, time_of_day = 0) {
        if (!walker.IsWorking(day)) continue;
        if (time_of_day == 0 && remaining > per_day) {  // a whole working day
          remaining -= per_day;
          continue;
        }
        for (const auto& p : periods) {
          const int64_t from = std::max<int64_t>(p[0], time_of_day);
          if (from >= p[1]) continue;
          if (remaining <= p[1] - from) return DayStart(day) + from + remaining;
          remaining -= p[1] - from;
        }
      }
    }
  }
  return start;
}

int64_t Calendar::WorkingSecondsBetween(int64_t a, int64_t b) const {
  if (b < a) return -WorkingSecondsBetween(b, a);
  const int32_t first = LocalDay(a);
  const int32_t last = LocalDay(b);
  const int32_t periods[2][2] = {{hours_.morning_begin, hours_.morning_end},
                                 {hours_.afternoon_begin, hours_.afternoon_end}};
  const int32_t per_day = hours_.SecondsPerDay();
  DayWalker walker(overrides_, first);
  int64_t total = 0;
  for (int32_t day = first; day <= last; ++day) {
    if (!walker.IsWorking(day)) continue;
    if (day != first && day != last) {
      total += per_day;
      continue;
    }
    const int64_t base = DayStart(day);
    for (const auto& p : periods) {
      const int64_t from = std::max<int64_t>(base + p[0], a);
      const int64_t to = std::min<int64_t>(base + p[1], b);
      if (to > from) total += to - from;
    }
  }
  return total;
}

}  // namespace wangge::cal
