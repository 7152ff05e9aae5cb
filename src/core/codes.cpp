#include "core/codes.hpp"

#include <array>

namespace wangge {
namespace {

constexpr int kLevelCount = 7;
// Code length per level, index = level - 1.
constexpr std::array<int, kLevelCount> kLengths = {2, 4, 6, 9, 12, 15, 18};
constexpr std::array<std::string_view, kLevelCount> kNames = {
    "province", "prefecture", "county", "township", "village", "grid", "household_unit"};
constexpr std::array<std::string_view, kLevelCount> kNamesZh = {"省",   "地级", "县级",  "乡级",
                                                                "村级", "网格", "十联户"};
// Prefecture-level cities without county-level divisions whose statistical codes use county segment 00.
constexpr std::array<std::string_view, 3> kCountylessPrefectures = {"4419", "4420", "4604"};

constexpr int kFirstExclusiveGrid = 901;
constexpr int kLastComprehensiveGrid = 899;

int Index(Level level) { return static_cast<int>(level) - 1; }
Level LevelAt(int index) { return static_cast<Level>(index + 1); }

// Start and width of `level`'s own segment.
int SegmentStart(Level level) { return level == Level::kProvince ? 0 : kLengths[Index(level) - 1]; }
int SegmentWidth(Level level) { return kLengths[Index(level)] - SegmentStart(level); }

int SegmentValue(std::string_view code, Level level) {
  int v = 0;
  for (char c : code.substr(SegmentStart(level), SegmentWidth(level))) v = v * 10 + (c - '0');
  return v;
}

bool IsCountyless(std::string_view code) {
  for (std::string_view p : kCountylessPrefectures) {
    if (code.starts_with(p)) return true;
  }
  return false;
}

Status CodeError(std::string zh, std::string en) {
  return InvalidArgument(std::move(zh), std::move(en), "code");
}

// The largest valid sequence number of a segment `width` digits wide.
int MaxSeq(int width) { return width == 2 ? 99 : 999; }

}  // namespace

Result<Level> ParseCode(std::string_view code) {
  if (code.empty()) return CodeError("代码不能为空", "code must not be empty");
  for (char c : code) {
    if (c < '0' || c > '9') {
      return CodeError("代码只能包含半角数字 0-9", "code must contain only ASCII digits 0-9");
    }
  }
  const std::optional<Level> level = LevelFromLength(code.size());
  if (!level) {
    const std::string n = std::to_string(code.size());
    return CodeError("代码长度应为 2、4、6、9、12、15 或 18 位，实际为 " + n + " 位",
                     "code must have 2, 4, 6, 9, 12, 15 or 18 digits, got " + n);
  }
  const std::string c(code);
  for (int i = 0; i <= Index(*level); ++i) {
    const Level segment = LevelAt(i);
    if (SegmentValue(code, segment) != 0) continue;
    if (segment == Level::kCounty && IsCountyless(code)) continue;
    const std::string zeros(SegmentWidth(segment), '0');
    std::string zh = "代码 " + c + " 的" + std::string(LevelNameZh(segment)) + "段为 " + zeros +
                     "，不是有效的" + std::string(LevelNameZh(*level)) + "代码";
    std::string en = "code " + c + " is not a valid " + std::string(LevelName(*level)) + " code: its " +
                     std::string(LevelName(segment)) + " segment is " + zeros;
    // A code padded with zeros ("530300", "530326000000") most likely means the shorter code.
    const size_t prefix = SegmentStart(segment);
    if (prefix > 0 && code.find_first_not_of('0', prefix) == std::string_view::npos) {
      const std::string shorter = c.substr(0, prefix);
      zh += "（是否应为 " + shorter + "？）";
      en += " (did you mean " + shorter + "?)";
    }
    return CodeError(std::move(zh), std::move(en));
  }
  if (*level >= Level::kGrid) {
    const int grid = SegmentValue(code, Level::kGrid);
    if (grid > kLastComprehensiveGrid && grid < kFirstExclusiveGrid) {
      return CodeError("网格序号 900 无效：综合网格为 001-899，专属网格为 901-999",
                       "grid sequence 900 is invalid: comprehensive grids are 001-899, exclusive grids "
                       "901-999");
    }
  }
  return *level;
}

int CodeLength(Level level) { return kLengths[Index(level)]; }

std::optional<Level> LevelFromLength(size_t length) {
  for (int i = 0; i < kLevelCount; ++i) {
    if (static_cast<size_t>(kLengths[i]) == length) return LevelAt(i);
  }
  return std::nullopt;
}

std::string_view LevelName(Level level) { return kNames[Index(level)]; }

std::string_view LevelNameZh(Level level) { return kNamesZh[Index(level)]; }

std::optional<Level> LevelFromName(std::string_view name) {
  for (int i = 0; i < kLevelCount; ++i) {
    if (kNames[i] == name || kNamesZh[i] == name) return LevelAt(i);
  }
  return std::nullopt;
}

std::string ParentCode(std::string_view code) {
  for (int i = kLevelCount - 1; i >= 0; --i) {
    if (static_cast<size_t>(kLengths[i]) < code.size()) return std::string(code.substr(0, kLengths[i]));
  }
  return "";
}

bool IsWithin(std::string_view code, std::string_view scope) { return code.starts_with(scope); }

CodeRange PrefixRange(std::string_view scope) {
  CodeRange range{std::string(scope), std::string(scope)};
  if (scope.empty()) {
    range.end = ":";
  } else if (static_cast<unsigned char>(scope.back()) != 0xFF) {
    range.end.back() = static_cast<char>(static_cast<unsigned char>(scope.back()) + 1);
  }
  return range;
}

bool IsExclusiveGrid(std::string_view grid_code) {
  const Result<Level> level = ParseCode(grid_code);
  return level.ok() && *level == Level::kGrid && SegmentValue(grid_code, Level::kGrid) >= kFirstExclusiveGrid;
}

bool IsComprehensiveGrid(std::string_view grid_code) {
  const Result<Level> level = ParseCode(grid_code);
  return level.ok() && *level == Level::kGrid &&
         SegmentValue(grid_code, Level::kGrid) <= kLastComprehensiveGrid;
}

Result<std::string> ChildCode(std::string_view parent, int seq) {
  Level child = Level::kProvince;
  if (!parent.empty()) {
    const Result<Level> level = ParseCode(parent);
    if (!level.ok()) return level.status();
    if (*level == kLowestLevel) {
      return CodeError("十联户是最低一级，没有下级代码", "a household unit has no child codes");
    }
    child = LevelAt(Index(*level) + 1);
  }
  const int width = SegmentWidth(child);
  const int max = MaxSeq(width);
  const bool grid_gap = child == Level::kGrid && seq > kLastComprehensiveGrid && seq < kFirstExclusiveGrid;
  if (seq < 1 || seq > max || grid_gap) {
    const std::string range = child == Level::kGrid ? "1-899 或 901-999" : "1-" + std::to_string(max);
    const std::string range_en = child == Level::kGrid ? "1-899 or 901-999" : "1-" + std::to_string(max);
    return CodeError(
        std::string(LevelNameZh(child)) + "序号应为 " + range + "，实际为 " + std::to_string(seq),
        std::string(LevelName(child)) + " sequence must be " + range_en + ", got " + std::to_string(seq));
  }
  std::string digits = std::to_string(seq);
  return std::string(parent) + std::string(width - digits.size(), '0') + digits;
}

Result<std::string> ChildCode(std::string_view parent, Level child_level, int seq) {
  if (static_cast<size_t>(SegmentStart(child_level)) != parent.size()) {
    const std::string shown = parent.empty() ? "\"\"" : std::string(parent);
    return CodeError(
        "代码 " + shown + " 的下级不是" + std::string(LevelNameZh(child_level)) + "代码",
        "the children of code " + shown + " are not " + std::string(LevelName(child_level)) + " codes");
  }
  return ChildCode(parent, seq);
}

}  // namespace wangge
