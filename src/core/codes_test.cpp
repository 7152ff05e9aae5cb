#include "core/codes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wangge {
namespace {

using ::testing::HasSubstr;

struct ValidCodeCase {
  std::string_view code;
  Level level;
};

TEST(ParseCodeTest, AcceptsEveryLevel) {
  const ValidCodeCase kCases[] = {
      {"53", Level::kProvince},
      {"5303", Level::kPrefecture},  // 曲靖市
      {"1101", Level::kPrefecture},  // 北京 市辖区
      {"530326", Level::kCounty},    // 会泽县
      {"530326100", Level::kTownship},
      {"110101001", Level::kTownship},  // 东华门街道
      {"530326100001", Level::kVillage},
      {"530326100001001", Level::kGrid},
      {"530326100001899", Level::kGrid},
      {"530326100001901", Level::kGrid},
      {"530326100001999", Level::kGrid},
      {"530326100001001001", Level::kHouseholdUnit},
      {"530326100001901999", Level::kHouseholdUnit},
      // Prefecture-level cities without counties use county segment 00.
      {"441900", Level::kCounty},       // 东莞市
      {"441900003", Level::kTownship},  // 东城街道
      {"442000", Level::kCounty},       // 中山市
      {"460400", Level::kCounty},       // 儋州市
      {"460400100001", Level::kVillage},
  };
  for (const ValidCodeCase& c : kCases) {
    const Result<Level> level = ParseCode(c.code);
    ASSERT_TRUE(level.ok()) << c.code << ": " << level.status().ToString();
    EXPECT_EQ(*level, c.level) << c.code;
  }
}

struct InvalidCodeCase {
  std::string_view code;
  std::string_view en_part;
  std::string_view zh_part;
};

TEST(ParseCodeTest, RejectsMalformedCodes) {
  const InvalidCodeCase kCases[] = {
      {"", "must not be empty", "不能为空"},
      {"5", "got 1", "实际为 1 位"},
      {"530", "got 3", "实际为 3 位"},
      {"5303261", "got 7", "实际为 7 位"},
      {"5303261000010010011", "got 19", "实际为 19 位"},
      {"53a326", "only ASCII digits", "半角数字"},
      {" 530326", "only ASCII digits", "半角数字"},
      {"５３", "only ASCII digits", "半角数字"},
      {"-5", "only ASCII digits", "半角数字"},
      {"00", "province segment is 00", "省段为 00"},
      {"5300", "prefecture segment is 00 (did you mean 53?)", "是否应为 53"},
      {"530300", "not a valid county code: its county segment is 00 (did you mean 5303?)", "县级段为 00"},
      {"530300001", "its county segment is 00", "不是有效的乡级代码"},
      {"530326000", "township segment is 000 (did you mean 530326?)", "乡级段为 000"},
      {"530326000000", "township segment is 000 (did you mean 530326?)", "是否应为 530326"},
      {"530326100000", "village segment is 000", "村级段为 000"},
      {"530326100001000", "grid segment is 000", "网格段为 000"},
      {"530326100001900", "grid sequence 900 is invalid", "网格序号 900 无效"},
      {"530326100001900001", "grid sequence 900 is invalid", "网格序号 900 无效"},
      {"530326100001001000", "household_unit segment is 000", "十联户段为 000"},
      {"441900000", "township segment is 000", "乡级段为 000"},
      {"350527000", "township segment is 000",
       "乡级段为 000"},  // 金门县: the source table lists it with segment 000
      {"441800", "county segment is 00", "县级段为 00"},  // 清远市 has counties
  };
  for (const InvalidCodeCase& c : kCases) {
    SCOPED_TRACE(c.code);
    const Result<Level> level = ParseCode(c.code);
    ASSERT_FALSE(level.ok());
    EXPECT_EQ(level.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(level.status().field(), "code");
    EXPECT_THAT(level.status().en(), HasSubstr(std::string(c.en_part)));
    EXPECT_THAT(level.status().zh(), HasSubstr(std::string(c.zh_part)));
  }
}

TEST(LevelTest, NamesAndLengths) {
  struct Case {
    Level level;
    int length;
    std::string_view name;
    std::string_view name_zh;
  };
  const Case kCases[] = {
      {Level::kProvince, 2, "province", "省"},
      {Level::kPrefecture, 4, "prefecture", "地级"},
      {Level::kCounty, 6, "county", "县级"},
      {Level::kTownship, 9, "township", "乡级"},
      {Level::kVillage, 12, "village", "村级"},
      {Level::kGrid, 15, "grid", "网格"},
      {Level::kHouseholdUnit, 18, "household_unit", "十联户"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CodeLength(c.level), c.length);
    EXPECT_EQ(LevelFromLength(c.length), c.level);
    EXPECT_EQ(LevelName(c.level), c.name);
    EXPECT_EQ(LevelNameZh(c.level), c.name_zh);
    EXPECT_EQ(LevelFromName(c.name), c.level);
    EXPECT_EQ(LevelFromName(c.name_zh), c.level);
  }
  for (std::string_view bad : {"", "Township", "town", "household", "省级"}) {
    EXPECT_EQ(LevelFromName(bad), std::nullopt) << bad;
  }
  for (size_t bad : {0, 1, 3, 5, 7, 16, 19}) EXPECT_EQ(LevelFromLength(bad), std::nullopt) << bad;
}

TEST(HierarchyTest, ParentCode) {
  struct Case {
    std::string_view code;
    std::string_view parent;
  };
  const Case kCases[] = {
      {"530326100001001001", "530326100001001"},
      {"530326100001001", "530326100001"},
      {"530326100001", "530326100"},
      {"530326100", "530326"},
      {"530326", "5303"},
      {"5303", "53"},
      {"53", ""},
      {"", ""},
      {"5", ""},
      {"5303261", "530326"},  // not a code: still a prefix
  };
  for (const Case& c : kCases) EXPECT_EQ(ParentCode(c.code), c.parent) << c.code;
}

TEST(HierarchyTest, IsWithin) {
  struct Case {
    std::string_view code;
    std::string_view scope;
    bool within;
  };
  const Case kCases[] = {
      {"530326100001001", "530326", true},
      {"530326", "530326", true},
      {"530326", "", true},
      {"", "", true},
      {"530326", "5303", true},
      {"5303", "530326", false},
      {"530327100", "530326", false},
      {"52", "53", false},
      {"530326", "539", false},
  };
  for (const Case& c : kCases) EXPECT_EQ(IsWithin(c.code, c.scope), c.within) << c.code << " in " << c.scope;
}

TEST(PrefixRangeTest, BoundsAndMembership) {
  struct Case {
    std::string_view scope;
    std::string_view begin;
    std::string_view end;
  };
  const Case kCases[] = {
      {"530326", "530326", "530327"},
      {"5303269", "5303269", "530326:"},
      {"539", "539", "53:"},
      {"530399", "530399", "53039:"},
      {"99", "99", "9:"},
      {"999999999", "999999999", "99999999:"},
      {"", "", ":"},
      {"5", "5", "6"},
      {"a\xff", "a\xff", "a\xff"},  // junk ending in 0xFF: empty range
  };
  for (const Case& c : kCases) {
    const CodeRange r = PrefixRange(c.scope);
    EXPECT_EQ(r.begin, c.begin) << c.scope;
    EXPECT_EQ(r.end, c.end) << c.scope;
  }

  // Membership in [begin, end) must agree with IsWithin for every code in a mixed-level index.
  const std::vector<std::string> kIndex = {"",           "5",       "53",     "5303", "530326", "5303261",
                                           "530326100",  "530327",  "5304",   "539",  "53999",  "54",
                                           "530399",     "5303991", "530400", "99",   "999",    "999999999",
                                           "9999999999", "1",       "10"};
  for (const Case& c : kCases) {
    const CodeRange r = PrefixRange(c.scope);
    for (const std::string& code : kIndex) {
      const bool in_range = code >= r.begin && code < r.end;
      const bool expected = c.end == c.begin ? false : IsWithin(code, c.scope);
      EXPECT_EQ(in_range, expected) << code << " vs scope " << c.scope;
    }
  }
}

TEST(GridTest, ExclusiveAndComprehensive) {
  struct Case {
    std::string_view code;
    bool exclusive;
    bool comprehensive;
  };
  const Case kCases[] = {
      {"530326100001001", false, true},  {"530326100001899", false, true},
      {"530326100001900", false, false}, {"530326100001901", true, false},
      {"530326100001999", true, false},  {"530326100001000", false, false},
      {"530326100001", false, false},    {"530326100001901001", false, false},
      {"53032610000190a", false, false}, {"530300100001901", false, false},  // county segment 00
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(IsExclusiveGrid(c.code), c.exclusive) << c.code;
    EXPECT_EQ(IsComprehensiveGrid(c.code), c.comprehensive) << c.code;
  }
}

TEST(ChildCodeTest, BuildsChildren) {
  struct Case {
    std::string_view parent;
    int seq;
    std::string_view expected;  // "" = error
    std::string_view en_part;
  };
  const Case kCases[] = {
      {"", 53, "53", ""},
      {"", 1, "01", ""},
      {"53", 3, "5303", ""},
      {"5303", 26, "530326", ""},
      {"530326", 100, "530326100", ""},
      {"530326", 1, "530326001", ""},
      {"530326100", 1, "530326100001", ""},
      {"530326001001", 7, "530326001001007", ""},
      {"530326001001", 899, "530326001001899", ""},
      {"530326001001", 901, "530326001001901", ""},
      {"530326001001007", 999, "530326001001007999", ""},
      {"441900", 3, "441900003", ""},
      {"", 0, "", "province sequence must be 1-99, got 0"},
      {"", 100, "", "province sequence must be 1-99, got 100"},
      {"5303", 100, "", "county sequence must be 1-99"},
      {"530326", 1000, "", "township sequence must be 1-999"},
      {"530326001001", 900, "", "grid sequence must be 1-899 or 901-999, got 900"},
      {"530326001001", 0, "", "grid sequence must be 1-899 or 901-999, got 0"},
      {"530326001001", -7, "", "got -7"},
      {"530326001001007", 1000, "", "household_unit sequence must be 1-999"},
      {"530326001001007001", 1, "", "household unit has no child codes"},
      {"530300", 1, "", "county segment is 00"},
      {"53032", 1, "", "got 5"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.parent) + " / " + std::to_string(c.seq));
    const Result<std::string> child = ChildCode(c.parent, c.seq);
    if (c.expected.empty()) {
      ASSERT_FALSE(child.ok());
      EXPECT_EQ(child.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(child.status().field(), "code");
      EXPECT_THAT(child.status().en(), HasSubstr(std::string(c.en_part)));
      EXPECT_FALSE(child.status().zh().empty());
    } else {
      ASSERT_TRUE(child.ok()) << child.status().ToString();
      EXPECT_EQ(*child, c.expected);
      EXPECT_EQ(ParentCode(*child), c.parent);
      EXPECT_TRUE(ParseCode(*child).ok());
    }
  }
}

TEST(ChildCodeTest, ChecksTheChildLevel) {
  struct Case {
    std::string_view parent;
    Level level;
    int seq;
    std::string_view expected;  // "" = error
  };
  const Case kCases[] = {
      {"530326001001", Level::kGrid, 7, "530326001001007"},
      {"", Level::kProvince, 53, "53"},
      {"530326", Level::kTownship, 1, "530326001"},
      {"530326001001", Level::kHouseholdUnit, 7, ""},
      {"530326001001", Level::kVillage, 7, ""},
      {"", Level::kPrefecture, 3, ""},
      {"530326001001", Level::kGrid, 900, ""},
  };
  for (const Case& c : kCases) {
    const Result<std::string> child = ChildCode(c.parent, c.level, c.seq);
    if (c.expected.empty()) {
      EXPECT_FALSE(child.ok()) << c.parent << " " << LevelName(c.level);
    } else {
      ASSERT_TRUE(child.ok()) << child.status().ToString();
      EXPECT_EQ(*child, c.expected);
    }
  }
}

}  // namespace
}  // namespace wangge
