// Division and place codes (core/codes): ParseCode and the functions built on it (parent, child, prefix
// range, grid kinds, level names). Input: a code; an optional second line holds a child sequence number.
#include <charconv>
#include <string>

#include "core/codes.hpp"
#include "core/text.hpp"
#include "fuzz.hpp"

namespace wangge::fuzz {
namespace {

bool AllDigits(std::string_view s) { return s.find_first_not_of("0123456789") == std::string_view::npos; }

// begin <= s < end, as the SQL range scan compares (bytewise).
bool InRange(const CodeRange& r, std::string_view s) { return r.begin <= s && s < r.end; }

void CheckChild(std::string_view parent, std::optional<Level> parent_level, int seq) {
  auto child = ChildCode(parent, seq);
  if (!child.ok()) {
    FUZZ_CHECK(child.status().code() == StatusCode::kInvalidArgument && child.status().field() == "code");
    return;
  }
  // Only valid parents have children, and a child is one level down, under its parent, and valid itself.
  FUZZ_CHECK(parent.empty() || parent_level.has_value());
  auto level = ParseCode(*child);
  FUZZ_CHECK_MSG(level.ok(), *child + ": " + level.status().ToString());
  const Level expected =
      parent.empty() ? Level::kProvince : static_cast<Level>(static_cast<int>(*parent_level) + 1);
  FUZZ_CHECK(*level == expected);
  FUZZ_CHECK(ParentCode(*child) == parent);
  FUZZ_CHECK(IsWithin(*child, parent));
  FUZZ_CHECK(InRange(PrefixRange(parent), *child));
  auto same = ChildCode(parent, expected, seq);
  FUZZ_CHECK(same.ok() && *same == *child);
}

}  // namespace

int Codes(const uint8_t* data, size_t size) {
  const std::string_view in = AsText(data, size);
  const size_t nl = in.find('\n');
  const std::string_view code = in.substr(0, nl);

  std::optional<Level> level;
  auto parsed = ParseCode(code);
  if (parsed.ok()) {
    level = *parsed;
    FUZZ_CHECK(AllDigits(code));
    FUZZ_CHECK(static_cast<size_t>(CodeLength(*level)) == code.size());
    FUZZ_CHECK(LevelFromLength(code.size()) == level);
    FUZZ_CHECK(LevelFromName(LevelName(*level)) == level && LevelFromName(LevelNameZh(*level)) == level);
    // The parent of a valid code is valid, one level up ("" above a province).
    const std::string parent = ParentCode(code);
    if (*level == Level::kProvince) {
      FUZZ_CHECK(parent.empty());
    } else {
      auto up = ParseCode(parent);
      FUZZ_CHECK_MSG(up.ok(), parent + ": " + up.status().ToString());
      FUZZ_CHECK(static_cast<int>(*up) + 1 == static_cast<int>(*level));
    }
    FUZZ_CHECK(IsWithin(code, parent) && IsWithin(code, code) && IsWithin(code, ""));
    // A grid is exactly one of comprehensive and exclusive; other levels are neither.
    const bool grid = *level == Level::kGrid;
    FUZZ_CHECK((IsExclusiveGrid(code) ? 1 : 0) + (IsComprehensiveGrid(code) ? 1 : 0) == (grid ? 1 : 0));
  } else {
    FUZZ_CHECK(parsed.status().code() == StatusCode::kInvalidArgument && parsed.status().field() == "code");
    FUZZ_CHECK(IsValidUtf8(parsed.status().zh()) && IsValidUtf8(parsed.status().en()));
    FUZZ_CHECK(!IsExclusiveGrid(code) && !IsComprehensiveGrid(code));
  }

  // ParentCode is a prefix of any string; IsWithin is a prefix test.
  const std::string parent = ParentCode(code);
  FUZZ_CHECK(parent.size() < code.size() || code.empty());
  FUZZ_CHECK(code.starts_with(parent));

  // PrefixRange holds exactly the strings that start with the scope (unless it ends in 0xFF: empty).
  const CodeRange range = PrefixRange(code);
  FUZZ_CHECK(range.begin == code);
  if (code.empty() || static_cast<unsigned char>(code.back()) != 0xFF) {
    FUZZ_CHECK(InRange(range, code) && InRange(range, std::string(code) + "0"));
    // Scope "" holds the digit strings only (its end is ":"); any other holds every extension.
    if (!code.empty()) {
      FUZZ_CHECK(InRange(range, std::string(code) + "\xff\xff"));
      FUZZ_CHECK(!InRange(range, code.substr(0, code.size() - 1)));
    }
  } else {
    FUZZ_CHECK(range.end == range.begin);
  }
  if (code.empty()) FUZZ_CHECK(InRange(range, "999999999999999999"));

  // Children, with sequence numbers at every boundary and the input's own.
  for (int seq : {-1, 0, 1, 7, 99, 100, 899, 900, 901, 999, 1000}) CheckChild(code, level, seq);
  if (nl != std::string_view::npos) {
    const std::string_view rest = in.substr(nl + 1);
    int seq = 0;
    if (std::from_chars(rest.data(), rest.data() + rest.size(), seq).ec == std::errc())
      CheckChild(code, level, seq);
  }
  // ChildCode with an explicit level: wrong levels are errors, never crashes.
  for (int l = 1; l <= 7; ++l) {
    auto c = ChildCode(code, static_cast<Level>(l), 1);
    if (c.ok()) FUZZ_CHECK(ParseCode(*c).ok() && *ParseCode(*c) == static_cast<Level>(l));
  }
  return 0;
}

}  // namespace wangge::fuzz
