#include "core/number_runs.hpp"

#include <vector>

namespace wangge {
namespace {

enum class Kind { kDigit, kLetter, kSep, kOther };

// One character of the text: its bytes and, for digits and letters, its ASCII equivalent.
struct Unit {
  size_t begin = 0, end = 0;
  Kind kind = Kind::kOther;
  char ascii = 0;
};

Unit Next(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  Unit u{i, i + 1, Kind::kOther, 0};
  const unsigned char c = b(i);
  if (c < 0x80) {
    if (c >= '0' && c <= '9')
      u.kind = Kind::kDigit;
    else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
      u.kind = Kind::kLetter;
    else if (c == ' ' || c == '-')
      u.kind = Kind::kSep;
    u.ascii = static_cast<char>(c);
    return u;
  }
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + len > s.size()) return u;
  for (size_t k = 1; k < len; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return u;
  u.end = i + len;
  uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : len == 4 ? (c & 0x07) : c;
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (b(i + k) & 0x3F);
  if (cp >= 0xFF10 && cp <= 0xFF19) {  // full-width digits
    u.kind = Kind::kDigit;
    u.ascii = static_cast<char>('0' + (cp - 0xFF10));
  } else if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) {  // full-width letters
    u.kind = Kind::kLetter;
    u.ascii = static_cast<char>(cp <= 0xFF3A ? 'A' + (cp - 0xFF21) : 'a' + (cp - 0xFF41));
  } else if (cp == 0x3000 || cp == 0x00A0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A) || cp == 0xFF0D ||
             (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) {
    u.kind = Kind::kSep;  // ideographic, no-break and thin spaces; full-width hyphen, dashes, minus
  }
  return u;
}

// A maximal run of letters and digits.
struct Group {
  size_t begin = 0, end = 0;
  std::string ascii;
  bool numeric = false;  // digits only, or digits and one final X/x
  size_t sep_after = 0;  // bytes of the single separator that follows it (0: none, or the run ends there)
};

bool Numeric(const std::string& a) {
  if (a.empty()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    const char c = a[k];
    if (c >= '0' && c <= '9') continue;
    if ((c == 'X' || c == 'x') && k + 1 == a.size() && k > 0) continue;
    return false;
  }
  return true;
}

}  // namespace

std::string RewriteNumbers(std::string_view text,
                           const std::function<std::optional<std::string>(std::string_view, int)>& rewrite) {
  std::vector<Unit> units;
  for (size_t i = 0; i < text.size();) {
    units.push_back(Next(text, i));
    i = units.back().end;
  }
  // Groups, each knowing whether exactly one separator links it to the next group.
  std::vector<Group> groups;
  for (size_t i = 0; i < units.size();) {
    if (units[i].kind != Kind::kDigit && units[i].kind != Kind::kLetter) {
      ++i;
      continue;
    }
    Group g;
    g.begin = units[i].begin;
    while (i < units.size() && (units[i].kind == Kind::kDigit || units[i].kind == Kind::kLetter))
      g.ascii.push_back(units[i++].ascii);
    g.end = units[i - 1].end;
    g.numeric = Numeric(g.ascii);
    if (i + 1 < units.size() && units[i].kind == Kind::kSep &&
        (units[i + 1].kind == Kind::kDigit || units[i + 1].kind == Kind::kLetter))
      g.sep_after = units[i].end - units[i].begin;
    groups.push_back(std::move(g));
  }
  std::string out;
  size_t copied = 0;  // bytes of `text` already in `out`
  for (size_t i = 0; i < groups.size();) {
    if (!groups[i].numeric) {
      ++i;
      continue;
    }
    // The run of numeric groups linked to this one; an X/x may only end a candidate.
    size_t last = i;
    while (last + 1 < groups.size() && groups[last].sep_after != 0 && groups[last + 1].numeric &&
           groups[last].ascii.back() != 'X' && groups[last].ascii.back() != 'x')
      ++last;
    bool done = false;
    for (size_t j = last + 1; j-- > i && !done;) {
      std::string digits;
      for (size_t k = i; k <= j; ++k) digits += groups[k].ascii;
      if (!digits.empty() && digits.back() == 'x') digits.back() = 'X';
      auto repl = rewrite(digits, static_cast<int>(j - i + 1));
      if (!repl) continue;
      out.append(text.substr(copied, groups[i].begin - copied));
      out += *repl;
      copied = groups[j].end;
      i = j + 1;
      done = true;
    }
    if (!done) ++i;
  }
  out.append(text.substr(copied));
  return out;
}

namespace {
// The plain pass: every ASCII digit run (even one glued to letters, "tel13912345678") of 7 or more digits
// masked in place, IDs and mobiles with their usual ends kept.
std::string ScrubAsciiDigitRuns(std::string out) {
  size_t i = 0;
  while (i < out.size()) {
    if (out[i] < '0' || out[i] > '9') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < out.size() &&
           ((out[j] >= '0' && out[j] <= '9') || ((out[j] == 'X' || out[j] == 'x') && j - i == 17)))
      ++j;
    const size_t n = j - i;
    if (n == 18 || n == 15) {
      for (size_t k = i + 6; k < j - 4; ++k) out[k] = '*';
    } else if (n == 11 && out[i] == '1') {
      for (size_t k = i + 3; k < i + 7; ++k) out[k] = '*';
    } else if (n >= 7) {
      for (size_t k = i + 2; k < j - 2; ++k) out[k] = '*';
    }
    i = j;
  }
  return out;
}
}  // namespace

std::string ScrubNumbersForPublic(std::string_view text) {
  auto keep_ends = [](std::string_view d, size_t head, size_t tail) {
    return std::string(d.substr(0, head)) + std::string(d.size() - head - tail, '*') +
           std::string(d.substr(d.size() - tail));
  };
  std::string grouped =
      RewriteNumbers(text, [&](std::string_view d, int groups) -> std::optional<std::string> {
        const size_t n = d.size();
        const bool all_digits = d.find_first_not_of("0123456789") == std::string_view::npos;
        if (n == 18 || (n == 15 && all_digits)) return keep_ends(d, 6, 4);  // citizen IDs
        if (!all_digits) return std::nullopt;
        if (n == 11 && d[0] == '1') return keep_ends(d, 3, 4);  // mobiles
        if (groups == 1 && n >= 7) return keep_ends(d, 2, 2);   // landlines and other long numbers
        // Written in groups: a landline (area code 0xx or 0xxx, then 7-8 digits); dates and the like are
        // left.
        if (groups > 1 && d[0] == '0' && n >= 10 && n <= 12) return keep_ends(d, 2, 2);
        return std::nullopt;
      });
  // What the grouped forms left (digits glued to letters) by the plain pass; masked numbers are not touched
  // again (their stars split them into short runs).
  return ScrubAsciiDigitRuns(std::move(grouped));
}

}  // namespace wangge
