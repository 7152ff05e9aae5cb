#include "sheet/number_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/dates.hpp"

namespace wangge::sheet::internal {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    if (Lower(s[pos + k]) != prefix[k]) return false;
  }
  return true;
}

bool IsPlainInteger(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string TimeText(int64_t seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  return buf;
}

// Date / time text of an Excel serial, or empty when out of range.
std::string SerialText(double serial, DateKind kind, bool date1904) {
  if (!(serial >= 0 && serial < 2958466.0)) return {};
  int64_t whole = static_cast<int64_t>(std::floor(serial));
  int64_t seconds = std::llround((serial - static_cast<double>(whole)) * 86400.0);
  if (seconds >= 86400) {
    ++whole;
    seconds -= 86400;
  }
  if (kind == DateKind::kTime) return TimeText(seconds);
  if (kind == DateKind::kDateTime && whole == 0 && !date1904) return TimeText(seconds);
  std::string date;
  if (date1904) {
    date = FormatDate(DaysFromCivil(1904, 1, 1) + whole);
  } else if (whole == 60) {
    date = "1900-02-29";  // Excel's (Lotus's) fictitious leap day
  } else if (whole == 0) {
    date = "1900-01-00";  // what Excel shows for serial 0
  } else if (whole < 60) {
    date = FormatDate(DaysFromCivil(1899, 12, 31) + whole);
  } else {
    date = FormatDate(DaysFromCivil(1899, 12, 30) + whole);
  }
  if (kind == DateKind::kDateTime) return date + " " + TimeText(seconds);
  return date;
}

}  // namespace

DateKind ClassifyBuiltinFormat(int id) {
  switch (id) {
    case 14:
    case 15:
    case 16:
    case 17:
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
      return DateKind::kDate;
    case 18:
    case 19:
    case 20:
    case 21:
    case 32:
    case 33:
    case 34:
    case 35:
    case 45:
    case 46:
    case 47:
    case 55:
    case 56:
      return DateKind::kTime;
    case 22:
      return DateKind::kDateTime;
    default:
      return DateKind::kNone;
  }
}

DateKind ClassifyFormatCode(std::string_view code) {
  if (StartsWithNoCase(code, 0, "general")) return DateKind::kNone;
  bool y = false, m = false, d = false, h = false, s = false, elapsed = false;
  size_t i = 0;
  while (i < code.size()) {
    const char c = Lower(code[i]);
    if (c == ';') break;  // only the first section (positive numbers)
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close + 1;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      i += 2;
      continue;
    }
    if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const std::string_view inside = code.substr(i + 1, close - i - 1);
      bool all_hms = !inside.empty();
      for (char k : inside) {
        const char lk = Lower(k);
        if (lk != 'h' && lk != 'm' && lk != 's') all_hms = false;
      }
      if (all_hms) elapsed = true;
      i = close + 1;
      continue;
    }
    if (StartsWithNoCase(code, i, "am/pm")) {
      i += 5;
      continue;
    }
    if (StartsWithNoCase(code, i, "a/p")) {
      i += 3;
      continue;
    }
    switch (c) {
      case 'y':
        y = true;
        break;
      case 'd':
        d = true;
        break;
      case 'h':
        h = true;
        break;
      case 's':
        s = true;
        break;
      case 'm':
        m = true;
        break;
      case 'e':  // era year in CJK formats, unless it is an exponent "0.00E+00"
        if (i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '-')) return DateKind::kNone;
        y = true;
        break;
      default:
        break;
    }
    ++i;
  }
  const bool is_time = h || s || elapsed;
  const bool is_date = y || d || (m && !is_time);
  if (is_date && is_time) return DateKind::kDateTime;
  if (is_date) return DateKind::kDate;
  if (is_time) return DateKind::kTime;
  return DateKind::kNone;
}

std::string FormatDouble(double value) {
  if (value == 0) return "0";  // also -0
  char buf[64];
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e21) {
    const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    const std::string_view sci(buf, r.ptr - buf);  // "-5.30326199001011e+17"
    const size_t e = sci.find('e');
    if (r.ec == std::errc() && e != std::string_view::npos) {
      std::string digits;
      std::string out;
      for (char c : sci.substr(0, e)) {
        if (c == '-') out.push_back('-');
        if (c >= '0' && c <= '9') digits.push_back(c);
      }
      int exponent = 0;
      const std::string_view exp_text = sci.substr(e + 1);
      const char* exp_begin = exp_text.data() + (exp_text.starts_with("+") ? 1 : 0);
      if (std::from_chars(exp_begin, exp_text.data() + exp_text.size(), exponent).ec == std::errc() &&
          exponent >= 0 && static_cast<size_t>(exponent) + 1 >= digits.size()) {
        out += digits;
        out.append(static_cast<size_t>(exponent) + 1 - digits.size(), '0');
        return out;
      }
    }
  }
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

std::string FormatNumber(std::string_view stored, DateKind kind, bool date1904) {
  while (!stored.empty() && (stored.front() == ' ' || stored.front() == '\t')) stored.remove_prefix(1);
  while (!stored.empty() && (stored.back() == ' ' || stored.back() == '\t')) stored.remove_suffix(1);
  if (stored.empty()) return {};
  double value = 0;
  const char* begin = stored.data() + (stored.front() == '+' ? 1 : 0);
  const char* end = stored.data() + stored.size();
  const auto r = std::from_chars(begin, end, value);
  const bool parsed = r.ec == std::errc() && r.ptr == end;
  if (parsed && kind != DateKind::kNone) {
    std::string text = SerialText(value, kind, date1904);
    if (!text.empty()) return text;
  }
  if (IsPlainInteger(stored)) return std::string(stored);
  if (!parsed || !std::isfinite(value)) return std::string(stored);
  return FormatDouble(value);
}

}  // namespace wangge::sheet::internal
