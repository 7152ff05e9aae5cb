// Place codes. China's statistical division codes (统计用区划代码) have 2 digits for a province, 4 for a
// prefecture (地级), 6 for a county (县级), 9 for a township (乡级) and 12 for a village or community
// (村级). The project extends them with two levels of its own:
//   15 digits = grid (网格): village code + 3-digit sequence; 001-899 comprehensive grid (综合网格),
//               901-999 exclusive grid (专属网格: a school, hospital, industrial park...); 000 and 900
//               invalid.
//   18 digits = household unit (十联户): grid code + 3-digit sequence 001-999.
// A code's segments are: province 2, prefecture 2, county 2, township 3, village 3, grid 3, household 3.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wangge {

enum class Level { kProvince = 1, kPrefecture, kCounty, kTownship, kVillage, kGrid, kHouseholdUnit };

inline constexpr Level kLowestLevel = Level::kHouseholdUnit;

// Parses a place code and returns its level. The code must consist of ASCII digits only, have one of the
// lengths 2/4/6/9/12/15/18, and every segment must be non-zero: "530300" is not a county (its county
// segment is 00; the prefecture is "5303"), "530326001000" is not a village. The grid segment must be
// 001-899 or 901-999. One real exception: the prefecture-level cities without counties (不设区的地级市)
// 东莞 4419, 中山 4420 and 儋州 4604 use county segment 00 in the statistical codes, so "441900" and
// "441900003" are valid. Errors (kInvalidArgument, field "code", zh + en message naming the problem):
// empty; a non-digit character; a length not in the list; a zero segment (names the level); grid 900.
Result<Level> ParseCode(std::string_view code);

// The number of digits of a code at `level`: 2, 4, 6, 9, 12, 15 or 18.
int CodeLength(Level level);

// The level whose codes have `length` digits, or nullopt when no level does.
std::optional<Level> LevelFromLength(size_t length);

// Machine name of a level: "province", "prefecture", "county", "township", "village", "grid",
// "household_unit".
std::string_view LevelName(Level level);

// Chinese name of a level: 省 地级 县级 乡级 村级 网格 十联户.
std::string_view LevelNameZh(Level level);

// The level named by LevelName() or LevelNameZh() ("township" or "乡级" -> kTownship); nullopt otherwise.
// Case-sensitive.
std::optional<Level> LevelFromName(std::string_view name);

// The code of the enclosing place: the longest prefix of `code` whose length is a level length and is
// shorter than `code` ("530326001" -> "530326", "53" -> ""). Meant for valid codes; for other strings it
// is still a prefix (possibly ""). Never fails.
std::string ParentCode(std::string_view code);

// True when `code` lies within `scope`: a plain prefix test, so a scope contains itself and scope ""
// contains everything. Never fails.
bool IsWithin(std::string_view code, std::string_view scope);

// A half-open string range [begin, end) for index range scans (SQL `code >= ? AND code < ?`, BINARY
// collation).
struct CodeRange {
  std::string begin;
  std::string end;
};

// The range holding exactly the strings that start with `scope`: begin = scope, end = scope with its
// last character incremented by one ("530326" -> ["530326", "530327"), "539" -> ["539", "53:")), ':'
// being the character after '9'). It never carries into earlier digits: "539" -> "540" would also take
// in the code "54" (and "530399" -> "530400" would take in the prefecture "5304"). Scope "" gives
// ["", ":"), which holds every all-digit string, i.e. every code. Meant for digit scopes, but exact for
// any scope whose last byte is not 0xFF; for one that ends in 0xFF the range is empty (end == begin), so
// a filter built from junk matches nothing. Never fails.
CodeRange PrefixRange(std::string_view scope);

// True when `grid_code` is a valid grid code (ParseCode gives kGrid) with sequence 901-999 (专属网格).
bool IsExclusiveGrid(std::string_view grid_code);

// True when `grid_code` is a valid grid code with sequence 001-899 (综合网格).
bool IsComprehensiveGrid(std::string_view grid_code);

// The code of the `seq`-th child of `parent`: the parent followed by `seq`, zero-padded to the width of
// the child level's segment. ChildCode("530326001001", 7) == "530326001001007" (a grid);
// ChildCode("", 53) == "53". Valid sequences: province 1-99, prefecture 1-99, county 1-99,
// township 1-999, village 1-999, grid 1-899 or 901-999, household unit 1-999. Errors (kInvalidArgument,
// field "code"): `parent` is not "" and not a valid code (ParseCode's error); `parent` is a household
// unit, which has no children; `seq` out of range for the child level.
Result<std::string> ChildCode(std::string_view parent, int seq);

// As above, and also checks that the child is at `child_level` (kInvalidArgument otherwise):
// ChildCode("530326001001", Level::kGrid, 7) == "530326001001007".
Result<std::string> ChildCode(std::string_view parent, Level child_level, int seq);

}  // namespace wangge
