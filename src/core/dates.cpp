#include "core/dates.hpp"

#include <cstdio>
#include <ctime>

#include "core/text.hpp"

namespace wangge {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::string FormatDate(const CivilDate& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatDate(int64_t days) { return FormatDate(CivilFromDays(days)); }

Status ValidateDate(std::string_view date, std::string_view field, int64_t* days_since_epoch) {
  const std::string label = FieldLabelZh(field);
  const std::string en(field);
  if (date.empty()) return InvalidArgument(label + " 不能为空", en + " must not be empty", en);
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !AllDigits(date.substr(0, 4)) ||
      !AllDigits(date.substr(5, 2)) || !AllDigits(date.substr(8, 2))) {
    return InvalidArgument(label + " 格式应为 YYYY-MM-DD", en + " must be a date in the form YYYY-MM-DD", en);
  }
  const int year = ToInt(date.substr(0, 4));
  const int month = ToInt(date.substr(5, 2));
  const int day = ToInt(date.substr(8, 2));
  if (year == 0) return InvalidArgument(label + " 年份无效", en + " has an invalid year 0000", en);
  if (month < 1 || month > 12) {
    return InvalidArgument(label + " 月份应为 01-12", en + " has an invalid month (must be 01-12)", en);
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return InvalidArgument(label + " 日期无效：" + std::to_string(year) + " 年 " + std::to_string(month) +
                               " 月没有 " + std::to_string(day) + " 日",
                           en + " has an invalid day: " + std::string(date) + " does not exist", en);
  }
  if (days_since_epoch != nullptr) *days_since_epoch = DaysFromCivil(year, month, day);
  return Status::Ok();
}

int64_t ChinaDay(int64_t unix_seconds) {
  return dates_internal::FloorDiv(unix_seconds + kChinaUtcOffsetSeconds, kSecondsPerDay);
}

int64_t TodayInChina() { return ChinaDay(static_cast<int64_t>(std::time(nullptr))); }

}  // namespace wangge
