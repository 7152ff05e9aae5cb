#include "core/citizen_id.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "core/dates.hpp"
#include "core/number_runs.hpp"
#include "core/text.hpp"

namespace wangge {
namespace {

constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";
// GB 11643's own example (440524188001010014) was born in 1880: any real date from 1800 on is valid; an age
// past kPlausibleAge is a warning on entry (ImplausibleAgeWarning), not a refusal.
constexpr int kMinBirthYear = 1800;

const char kField[] = "citizen_id";

Status IdError(std::string zh, std::string en) {
  return InvalidArgument(std::move(zh), std::move(en), kField);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string Pad(int value, int width) {
  std::string s = std::to_string(value);
  return std::string(s.size() < static_cast<size_t>(width) ? width - s.size() : 0, '0') + s;
}

// One '*' per code point (per byte when `s` is not valid UTF-8).
std::string AllStars(std::string_view s) {
  return std::string(IsValidUtf8(s) ? Utf8Length(s) : s.size(), '*');
}

// True when `s` contains a full-width digit U+FF10-U+FF19 (UTF-8 EF BC 90-99).
bool HasFullWidthDigit(std::string_view s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
        static_cast<unsigned char>(s[i + 2]) >= 0x90 && static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      return true;
    }
  }
  return false;
}

bool IsAreaCode(std::string_view area) {
  if (area.size() == 3) return area == "010" || (area[0] == '0' && area[1] == '2' && IsDigit(area[2]));
  return area.size() == 4 && area[0] == '0' && area[1] >= '3' && area[1] <= '9' && AllDigits(area);
}

bool IsSubscriberNumber(std::string_view number) {
  return (number.size() == 7 || number.size() == 8) && AllDigits(number) && number[0] != '0';
}

}  // namespace

std::string CitizenId::BirthDate() const { return FormatDate(CivilDate{birth_year, birth_month, birth_day}); }

int CitizenId::AgeOn(int year, int month, int day) const {
  int age = year - birth_year;
  if (month < birth_month || (month == birth_month && day < birth_day)) --age;
  return age;
}

char CheckDigit(std::string_view first17) {
  if (first17.size() != 17 || !AllDigits(first17)) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckChars[sum % 11];
}

Result<CitizenId> ParseCitizenId(std::string_view input, std::string_view today) {
  int64_t today_days;
  if (today.empty()) {
    today_days = TodayInChina();
  } else if (Status st = ValidateDate(today, "today", &today_days); !st.ok()) {
    return st;
  }

  std::string s = Trim(input);
  // Characters first: a byte count of non-ASCII input would be a misleading "length".
  for (size_t i = 0; i < s.size(); ++i) {
    const bool last_x = i + 1 == s.size() && (s[i] == 'X' || s[i] == 'x');
    if (IsDigit(s[i]) || last_x) continue;
    if (HasFullWidthDigit(s)) {
      return IdError("公民身份号码含有全角数字，请使用半角数字 0-9",
                     "citizen ID contains full-width digits; use ASCII digits 0-9");
    }
    return IdError("公民身份号码只能包含数字 0-9，最后一位可以是 X",
                   "citizen ID must contain only digits 0-9, with X allowed as the last character");
  }
  if (s.size() != 18 && s.size() != 15) {
    const std::string n = std::to_string(s.size());
    return IdError("公民身份号码应为 18 位（旧号码为 15 位），实际为 " + n + " 位",
                   "citizen ID must have 18 characters (15 for old numbers), got " + n);
  }
  CitizenId id;
  if (s.size() == 15) {
    if (!IsDigit(s.back())) {
      return IdError("15 位公民身份号码只能包含数字，没有校验码 X",
                     "a 15-digit citizen ID has no check character and must contain only digits");
    }
    id.upgraded_from_15 = true;
    s = s.substr(0, 6) + "19" + s.substr(6);
    s += CheckDigit(s);
  }
  if (s.back() == 'x') s.back() = 'X';

  if (s[0] == '0') {
    return IdError("公民身份号码的地址码无效：省级代码不能以 0 开头",
                   "citizen ID has an invalid address code: the province code cannot start with 0");
  }

  const int year = ToInt(std::string_view(s).substr(6, 4));
  const int month = ToInt(std::string_view(s).substr(10, 2));
  const int day = ToInt(std::string_view(s).substr(12, 2));
  if (month < 1 || month > 12) {
    return IdError("公民身份号码中的出生月份 " + Pad(month, 2) + " 无效",
                   "citizen ID has an invalid birth month " + Pad(month, 2));
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return IdError("公民身份号码中的出生日期无效：" + std::to_string(year) + " 年 " + std::to_string(month) +
                       " 月没有 " + std::to_string(day) + " 日",
                   "citizen ID has a birth date that does not exist: " + Pad(year, 4) + "-" + Pad(month, 2) +
                       "-" + Pad(day, 2));
  }
  if (year < kMinBirthYear) {
    return IdError("公民身份号码中的出生年份 " + Pad(year, 4) + " 早于 1800 年",
                   "citizen ID has a birth year before 1800: " + Pad(year, 4));
  }
  if (DaysFromCivil(year, month, day) > today_days) {
    return IdError("公民身份号码中的出生日期晚于今天（" + FormatDate(today_days) + "）",
                   "citizen ID has a birth date after today (" + FormatDate(today_days) + ")");
  }

  const char expected = CheckDigit(std::string_view(s).substr(0, 17));
  if (s.back() != expected) {
    return IdError(
        std::string("公民身份号码校验码错误：最后一位应为 ") + expected + "，实际为 " + s.back(),
        std::string("citizen ID check character is wrong: expected ") + expected + ", got " + s.back());
  }

  id.number = s;
  id.address_code = s.substr(0, 6);
  id.birth_year = year;
  id.birth_month = month;
  id.birth_day = day;
  id.sex = (s[16] - '0') % 2 == 1 ? 'M' : 'F';
  return id;
}

Status ImplausibleAgeWarning(std::string_view birth_date, std::string_view today) {
  int64_t today_days = 0, birth_days = 0;
  if (!ValidateDate(birth_date, "birth_date", &birth_days).ok()) return Status::Ok();
  if (today.empty())
    today_days = TodayInChina();
  else if (!ValidateDate(today, "today", &today_days).ok())
    return Status::Ok();
  const CivilDate birth = CivilFromDays(birth_days), now = CivilFromDays(today_days);
  const int age = now.year - birth.year -
                  ((now.month < birth.month || (now.month == birth.month && now.day < birth.day)) ? 1 : 0);
  if (age <= kPlausibleAge) return Status::Ok();
  return InvalidArgument(
      "出生日期 " + std::string(birth_date) + " 距今 " + std::to_string(age) + " 年，超过 " +
          std::to_string(kPlausibleAge) + " 岁，请核对身份证号码（已按填写保存）",
      "born " + std::string(birth_date) + ", " + std::to_string(age) + " years ago (over " +
          std::to_string(kPlausibleAge) + "): please check the citizen ID (saved as entered)",
      "citizen_id");
}

std::string MaskCitizenId(std::string_view number) {
  if (number.size() < 18 || !IsAscii(number)) return AllStars(number);
  return std::string(number.substr(0, 6)) + std::string(number.size() - 10, '*') +
         std::string(number.substr(number.size() - 4));
}

Result<std::string> ParseDisabilityCert(std::string_view input, std::string_view today,
                                        std::string_view field) {
  const std::string f(field);
  std::string s = Trim(input);
  if (s.size() != 20)
    return InvalidArgument(
        "残疾人证号应为 20 位：本人公民身份号码加残疾类别、等级各 1 位（当前 " +
            std::to_string(Utf8Length(s)) + " 个字符）",
        "a disability certificate number has 20 characters: the holder's citizen ID, then one "
        "category and one grade digit (got " +
            std::to_string(Utf8Length(s)) + ")",
        f);
  auto id = ParseCitizenId(std::string_view(s).substr(0, 18), today);
  if (id.ok() && id->upgraded_from_15)  // spaces around a 15-digit number: not a certificate number
    return InvalidArgument("残疾人证号前 18 位应为 18 位公民身份号码",
                           "the first 18 characters of the certificate "
                           "number must be an 18-character citizen ID",
                           f);
  if (!id.ok())
    return InvalidArgument(
        "残疾人证号前 18 位不是有效的公民身份号码：" + id.status().zh(),
        "the first 18 characters of the certificate number are not a valid citizen ID: " + id.status().en(),
        f);
  if (DisabilityCategoryOf(s[18]).empty() || DisabilityGradeOf(s[19]).empty())
    return InvalidArgument("残疾人证号第 19 位是残疾类别（1-7），第 20 位是残疾等级（1-4）",
                           "digit 19 of a certificate number is the category (1-7), digit 20 the grade (1-4)",
                           f);
  return id->number + s.substr(18);
}

std::string_view DisabilityCategoryOf(char digit) {
  static constexpr std::string_view kNames[] = {"视力", "听力", "言语", "肢体", "智力", "精神", "多重"};
  return digit >= '1' && digit <= '7' ? kNames[digit - '1'] : std::string_view();
}

std::string_view DisabilityGradeOf(char digit) {
  static constexpr std::string_view kNames[] = {"一级", "二级", "三级", "四级"};
  return digit >= '1' && digit <= '4' ? kNames[digit - '1'] : std::string_view();
}

std::string MaskDisabilityCert(std::string_view number) {
  if (number.size() != 20 || !IsAscii(number)) return AllStars(number);
  return MaskCitizenId(number.substr(0, 18)) + std::string(number.substr(18));
}

std::string MaskIdsInText(std::string_view text, std::string_view today,
                          const std::function<bool(std::string_view)>& is_place_code) {
  return RewriteNumbers(text, [&](std::string_view d, int) -> std::optional<std::string> {
    if (d.size() == 18 && ParseCitizenId(d, today).ok()) return MaskCitizenId(d);
    if (d.size() == 20 && ParseDisabilityCert(d, today).ok()) return MaskDisabilityCert(d);
    // A legacy 15-digit number, unless it is the code of a place (grid codes have 15 digits too).
    if (d.size() == 15 && d.find('X') == std::string_view::npos && ParseCitizenId(d, today).ok() &&
        !(is_place_code && is_place_code(d)))
      return std::string(d.substr(0, 6)) + std::string(6, '*') + std::string(d.substr(12));
    return std::nullopt;
  });
}

std::string MaskName(std::string_view name) {
  size_t first = 1;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  return std::string(name.substr(0, first)) + (name.size() > first ? "*" : "");
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 8 || !IsAscii(phone)) return AllStars(phone);
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

Status ValidatePhone(std::string_view phone) {
  const std::string field = "phone";
  if (phone.empty()) return InvalidArgument("电话号码不能为空", "phone must not be empty", field);
  for (char c : phone) {
    if (!IsDigit(c) && c != '-') {
      return InvalidArgument("电话号码只能包含数字和连字符 -", "phone must contain only digits and '-'",
                             field);
    }
  }
  // Mobile.
  if (phone.size() == 11 && phone[0] == '1' && phone[1] >= '3' && AllDigits(phone)) return Status::Ok();
  // Landline.
  if (phone[0] == '0') {
    std::string_view area;
    std::string_view subscriber;
    if (const size_t dash = phone.find('-'); dash != std::string_view::npos) {
      area = phone.substr(0, dash);
      subscriber = phone.substr(dash + 1);
    } else if (phone.size() >= 2) {
      const size_t area_len = phone[1] == '1' || phone[1] == '2' ? 3 : 4;
      area = phone.substr(0, std::min(area_len, phone.size()));
      subscriber = phone.substr(area.size());
    }
    if (IsAreaCode(area) && IsSubscriberNumber(subscriber)) return Status::Ok();
  }
  return InvalidArgument(
      "电话号码格式不正确：应为 11 位手机号（如 13812345678）或带区号的固定电话（如 0874-1234567）",
      "phone must be an 11-digit mobile number (e.g. 13812345678) or a landline with area code "
      "(e.g. 0874-1234567)",
      field);
}

std::string MakeCitizenId(std::string_view address6, int year, int month, int day, int seq3) {
  if (address6.size() != 6 || !AllDigits(address6)) return "";
  if (year < 1000 || year > 9999 || day < 1 || day > DaysInMonth(year, month)) return "";
  if (seq3 < 0 || seq3 > 999) return "";
  std::string s = std::string(address6) + Pad(year, 4) + Pad(month, 2) + Pad(day, 2) + Pad(seq3, 3);
  s += CheckDigit(s);
  return s;
}

}  // namespace wangge
