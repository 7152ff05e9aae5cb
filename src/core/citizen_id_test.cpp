#include "core/citizen_id.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

namespace wangge {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kToday = "2024-06-01";

// Check characters below were computed by hand with the MOD 11-2 weights and hard-coded.
struct ValidIdCase {
  std::string_view input;
  std::string_view number;
  std::string_view birth_date;
  char sex;
  bool upgraded;
};

TEST(ParseCitizenIdTest, AcceptsValidNumbers) {
  const ValidIdCase kCases[] = {
      {"11010519491231002X", "11010519491231002X", "1949-12-31", 'F', false},  // GB 11643 example
      {"11010519491231002x", "11010519491231002X", "1949-12-31", 'F', false},  // lower-case x
      {"110105491231002", "11010519491231002X", "1949-12-31", 'F', true},      // 15-digit upgrade
      {"530326199001011233", "530326199001011233", "1990-01-01", 'M', false},  // 会泽县
      {"530326198808081019", "530326198808081019", "1988-08-08", 'M', false},
      {"520602199602290024", "520602199602290024", "1996-02-29", 'F', false},  // leap day
      {"520121197001012005", "520121197001012005", "1970-01-01", 'F', false},
      {"65010119800315112x", "65010119800315112X", "1980-03-15", 'F', false},
      {"441900198506152342", "441900198506152342", "1985-06-15", 'F', false},  // 东莞, county 00
      {"110105202401010014", "110105202401010014", "2024-01-01", 'M', false},
      {" 530326199003070018\u3000", "530326199003070018", "1990-03-07", 'M', false},  // trimmed
      {"530326900307001", "530326199003070018", "1990-03-07", 'M', true},
  };
  for (const ValidIdCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const Result<CitizenId> id = ParseCitizenId(c.input, kToday);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    EXPECT_EQ(id->number, c.number);
    EXPECT_EQ(id->address_code, c.number.substr(0, 6));
    EXPECT_EQ(id->BirthDate(), c.birth_date);
    EXPECT_EQ(id->sex, c.sex);
    EXPECT_EQ(id->upgraded_from_15, c.upgraded);
  }
}

struct InvalidIdCase {
  std::string_view input;
  std::string_view en_part;  // a fragment of the English message
  std::string_view zh_part;  // a fragment of the Chinese message
};

TEST(ParseCitizenIdTest, RejectsInvalidNumbersWithSpecificMessages) {
  const InvalidIdCase kCases[] = {
      // Check character.
      {"110105194912310021", "expected X, got 1", "最后一位应为 X"},
      {"530326199001011234", "expected 3, got 4", "最后一位应为 3"},
      {"440524178001010015", "before 1800", "早于 1800"},  // date checks come before the check character
      // Characters.
      {"11010519491231002Y", "only digits", "只能包含数字"},
      {"1101051949123X002X", "only digits", "只能包含数字"},
      {"ABCDEFGHIJKLMNOPQR", "only digits", "只能包含数字"},
      {"１１０１０５１９４９１２３１００２Ｘ", "full-width", "全角数字"},
      {"11010549123100X", "15-digit", "15 位"},
      {"11010519491231002-", "only digits", "只能包含数字"},
      // Length.
      {"", "got 0", "实际为 0 位"},
      {"11010519491231002", "got 17", "实际为 17 位"},
      {"11010519491231002X0", "only digits", "只能包含数字"},  // X not last
      {"110105194912310020X", "got 19", "实际为 19 位"},
      {"1101051949123100X", "got 17", "实际为 17 位"},
      // Address code.
      {"000000199001011233", "province code cannot start with 0", "省级代码不能以 0 开头"},
      {"050326199001011233", "province code cannot start with 0", "省级代码不能以 0 开头"},
      // Birth date.
      {"520602199702290024", "does not exist: 1997-02-29", "1997 年 2 月没有 29 日"},
      {"530326199013011233", "birth month 13", "出生月份 13"},
      {"530326199000011233", "birth month 00", "出生月份 00"},
      {"530326199001001233", "does not exist: 1990-01-00", "没有 0 日"},
      {"530326199004311233", "does not exist: 1990-04-31", "4 月没有 31 日"},
      {"440524179912310014", "birth year before 1800: 1799", "早于 1800"},
      {"110105202406020014", "after today (2024-06-01)", "晚于今天"},
      {"110105209901010014", "after today", "晚于今天"},
      {"110105491331002", "birth month 13", "出生月份 13"},  // 15-digit with a bad month
  };
  for (const InvalidIdCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const Result<CitizenId> id = ParseCitizenId(c.input, kToday);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(id.status().field(), "citizen_id");
    EXPECT_THAT(id.status().en(), HasSubstr(std::string(c.en_part)));
    EXPECT_THAT(id.status().zh(), HasSubstr(std::string(c.zh_part)));
  }
}

TEST(ParseCitizenIdTest, ErrorCategoriesHaveDistinctMessages) {
  const std::string_view kOnePerCategory[] = {
      "11010519491231002",  "11010519491231002Y", "000000199001011233", "520602199702290024",
      "530326199013011233", "440524179912310014", "110105209901010014", "110105194912310021",
  };
  std::set<std::string> zh;
  std::set<std::string> en;
  for (std::string_view input : kOnePerCategory) {
    const Result<CitizenId> id = ParseCitizenId(input, kToday);
    ASSERT_FALSE(id.ok()) << input;
    zh.insert(id.status().zh());
    en.insert(id.status().en());
  }
  EXPECT_EQ(zh.size(), std::size(kOnePerCategory));
  EXPECT_EQ(en.size(), std::size(kOnePerCategory));
}

TEST(ParseCitizenIdTest, TodayBoundsTheBirthDate) {
  struct Case {
    std::string_view today;
    bool ok;
  };
  const Case kCases[] = {{"2024-01-01", true}, {"2023-12-31", false}, {"2024-01-02", true}};
  for (const Case& c : kCases) {
    EXPECT_EQ(ParseCitizenId("110105202401010014", c.today).ok(), c.ok) << c.today;
  }
  // The default is the system date: a 1990 birth is in the past, a 2990 one in the future.
  EXPECT_TRUE(ParseCitizenId("530326199001011233").ok());
  EXPECT_FALSE(ParseCitizenId(MakeCitizenId("530326", 2990, 1, 1, 123)).ok());
  // A malformed `today` is reported against "today".
  const Result<CitizenId> bad_today = ParseCitizenId("530326199001011233", "2024/06/01");
  ASSERT_FALSE(bad_today.ok());
  EXPECT_EQ(bad_today.status().field(), "today");
}

TEST(CitizenIdTest, AgeOn) {
  struct Case {
    std::string_view id;
    int year, month, day;
    int age;
  };
  const Case kCases[] = {
      {"530326199001011233", 2024, 6, 1, 34},   {"530326199001011233", 2023, 12, 31, 33},
      {"530326199001011233", 2024, 1, 1, 34},   {"520602199602290024", 2023, 2, 28, 26},
      {"520602199602290024", 2023, 3, 1, 27},   {"520602199602290024", 2024, 2, 29, 28},
      {"530326199001011233", 1989, 12, 31, -1},
  };
  for (const Case& c : kCases) {
    const Result<CitizenId> id = ParseCitizenId(c.id, kToday);
    ASSERT_TRUE(id.ok()) << c.id;
    EXPECT_EQ(id->AgeOn(c.year, c.month, c.day), c.age) << c.id << " " << c.year << "-" << c.month;
  }
}

TEST(CheckDigitTest, ComputesMod11_2) {
  struct Case {
    std::string_view first17;
    char expected;
  };
  const Case kCases[] = {
      {"11010519491231002", 'X'},  {"44052418800101001", '4'},
      {"53032619900101123", '3'},  {"52060219960229002", '4'},
      {"65010119800315112", 'X'},  {"11010520240101001", '4'},
      {"1101051949123100", '\0'},  // 16 digits
      {"1101051949123100X", '\0'}, {"", '\0'},
  };
  for (const Case& c : kCases) EXPECT_EQ(CheckDigit(c.first17), c.expected) << c.first17;
}

TEST(MakeCitizenIdTest, BuildsValidNumbers) {
  struct Case {
    std::string_view address;
    int year, month, day, seq;
    std::string_view expected;  // "" = rejected
  };
  const Case kCases[] = {
      {"110105", 1949, 12, 31, 2, "11010519491231002X"},
      {"530326", 1990, 1, 1, 123, "530326199001011233"},
      {"520602", 1996, 2, 29, 2, "520602199602290024"},
      {"440524", 1880, 1, 1, 1, "440524188001010014"},  // GB 11643's own example
      {"520602", 1997, 2, 29, 2, ""},
      {"52060", 1990, 1, 1, 1, ""},
      {"52060a", 1990, 1, 1, 1, ""},
      {"520602", 1990, 13, 1, 1, ""},
      {"520602", 1990, 1, 1, 1000, ""},
      {"520602", 1990, 1, 1, -1, ""},
      {"520602", 999, 1, 1, 1, ""},
  };
  for (const Case& c : kCases) {
    const std::string id = MakeCitizenId(c.address, c.year, c.month, c.day, c.seq);
    EXPECT_EQ(id, c.expected) << c.address << " " << c.year << " " << c.seq;
    if (!id.empty() && c.year >= 1900) {
      const Result<CitizenId> parsed = ParseCitizenId(id, kToday);
      ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
      EXPECT_EQ(parsed->sex, c.seq % 2 == 1 ? 'M' : 'F');
    }
  }
}

TEST(MaskTest, MaskCitizenId) {
  struct Case {
    std::string_view input;
    std::string_view expected;
  };
  const Case kCases[] = {
      {"53032619900101123X", "530326********123X"},
      {"11010519491231002X", "110105********002X"},
      {"110105491231002", "***************"},  // shorter than 18: all stars
      {"", ""},
      {"1234", "****"},
      {"张三", "**"},  // not ASCII: one star per code point
      {"１１０１０５１９４９１２３１００２Ｘ", "******************"},
      {"\xff\xfe", "**"},  // invalid UTF-8: one star per byte
  };
  for (const Case& c : kCases) EXPECT_EQ(MaskCitizenId(c.input), c.expected) << c.input;
}

TEST(MaskTest, MaskIdsInText) {
  const std::string id = MakeCitizenId("530326", 1980, 1, 1, 123), x = "11010519491231002X";
  EXPECT_EQ(MaskIdsInText("来电人身份证" + id + "，电话13912345678", "2026-06-30"),
            "来电人身份证" + MaskCitizenId(id) + "，电话13912345678");
  EXPECT_EQ(MaskIdsInText("ID:" + x + " and " + x.substr(0, 17) + "x.", "2026-06-30"),
            "ID:" + MaskCitizenId(x) + " and " + MaskCitizenId(x) + ".");  // masked in the normalised form
  EXPECT_EQ(MaskIdsInText("残疾证号" + id + "42", "2026-06-30"), "残疾证号" + MaskCitizenId(id) + "42");
  // Left alone: a wrong check character, part of a longer run, 15-digit place codes, plain text.
  const std::string bad = id.substr(0, 17) + (id[17] == '0' ? "1" : "0");
  auto is_place = [](std::string_view code) { return code == "530326001001001"; };
  for (const std::string& keep : {bad, "A" + id, id + "9", std::string("530326001001001"),
                                  std::string("没有号码"), std::string("2024-06-01 10:30"), std::string()})
    EXPECT_EQ(MaskIdsInText(keep, "2026-06-30", is_place), keep) << keep;
}

// The forms people type IDs in: grouped with spaces or dashes, full-width digits, a legacy 15-digit number.
TEST(MaskTest, MaskIdsInTextReadsTheFormsPeopleType) {
  const std::string id = MakeCitizenId("530326", 1990, 1, 1, 123);
  const std::string masked = MaskCitizenId(id);
  const std::string spaced = id.substr(0, 4) + " " + id.substr(4, 4) + " " + id.substr(8, 4) + " " +
                             id.substr(12, 4) + " " + id.substr(16);
  EXPECT_EQ(MaskIdsInText("身份证 " + spaced + " 。", "2026-06-30"), "身份证 " + masked + " 。");
  EXPECT_EQ(MaskIdsInText(id.substr(0, 6) + "-" + id.substr(6, 8) + "-" + id.substr(14), "2026-06-30"),
            masked);
  std::string wide;  // full-width digits (U+FF10…): what NFKC folds to ASCII
  for (char c : id)
    wide += c == 'X' ? std::string("\xEF\xBC\xB8") : std::string("\xEF\xBC") + char(0x90 + (c - '0'));
  EXPECT_EQ(MaskIdsInText("号码" + wide, "2026-06-30"), "号码" + masked);
  EXPECT_EQ(MaskIdsInText("号码" + std::string("\xE3\x80\x80") + spaced, "2026-06-30"),
            "号码" + std::string("\xE3\x80\x80") + masked);
  // A legacy 15-digit ID is masked, unless it names a place.
  const std::string legacy = "530326900101123";
  EXPECT_EQ(MaskIdsInText("老证号" + legacy, "2026-06-30"), "老证号530326******123");
  EXPECT_EQ(MaskIdsInText("网格" + legacy, "2026-06-30", [&](std::string_view c) { return c == legacy; }),
            "网格" + legacy);
  // Beside other numbers it stays itself: a phone before it is not taken into the ID.
  EXPECT_EQ(MaskIdsInText("13912345678 " + id, "2026-06-30"), "13912345678 " + masked);
}

TEST(MaskTest, MaskPhone) {
  struct Case {
    std::string_view input;
    std::string_view expected;
  };
  const Case kCases[] = {
      {"13812345678", "138****5678"},
      {"0874-1234567", "087*****4567"},
      {"08741234567", "087****4567"},
      {"1234567", "*******"},
      {"12345678", "123*5678"},
      {"", ""},
      {"电话", "**"},
  };
  for (const Case& c : kCases) EXPECT_EQ(MaskPhone(c.input), c.expected) << c.input;
}

TEST(ValidatePhoneTest, MobileAndLandline) {
  struct Case {
    std::string_view phone;
    bool ok;
    std::string_view en_part;
  };
  const Case kCases[] = {
      {"13812345678", true, ""},
      {"19912345678", true, ""},
      {"0874-1234567", true, ""},
      {"08741234567", true, ""},
      {"010-62345678", true, ""},
      {"01062345678", true, ""},
      {"021-87654321", true, ""},
      {"0851-86543210", true, ""},
      {"", false, "must not be empty"},
      {"12812345678", false, "11-digit mobile"},   // second digit 2
      {"1381234567", false, "11-digit mobile"},    // 10 digits
      {"138123456789", false, "11-digit mobile"},  // 12 digits
      {"138 1234 5678", false, "only digits"},
      {"+8613812345678", false, "only digits"},
      {"１３８１２３４５６７８", false, "only digits"},
      {"0874-123456", false, "11-digit mobile"},     // 6-digit subscriber
      {"0874-123456789", false, "11-digit mobile"},  // 9-digit subscriber
      {"0874-0234567", false, "11-digit mobile"},    // subscriber starts with 0
      {"011-12345678", false, "11-digit mobile"},    // no such area code
      {"0174-1234567", false, "11-digit mobile"},
      {"874-1234567", false, "11-digit mobile"},
      {"0874--1234567", false, "11-digit mobile"},
      {"0874-", false, "11-digit mobile"},
      {"0", false, "11-digit mobile"},
      {"-", false, "11-digit mobile"},
  };
  for (const Case& c : kCases) {
    const Status st = ValidatePhone(c.phone);
    EXPECT_EQ(st.ok(), c.ok) << c.phone << ": " << st.ToString();
    if (!c.ok) {
      EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(st.field(), "phone");
      EXPECT_THAT(st.en(), HasSubstr(std::string(c.en_part))) << c.phone;
      EXPECT_FALSE(st.zh().empty());
    }
  }
}

// GB 11643's own example was born in 1880: valid, with a warning on entry instead of a refusal.
TEST(ParseCitizenIdTest, TheStandardsOwnExampleIsValidAndWarnedAbout) {
  auto id = ParseCitizenId("440524188001010014", kToday);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->BirthDate(), "1880-01-01");
  Status warn = ImplausibleAgeWarning(id->BirthDate(), kToday);
  EXPECT_FALSE(warn.ok());
  EXPECT_EQ(warn.field(), "citizen_id");
  EXPECT_THAT(warn.zh(), HasSubstr("请核对"));
  EXPECT_THAT(warn.en(), HasSubstr("please check"));
  auto young = ParseCitizenId(MakeCitizenId("110105", 1949, 12, 31, 2), kToday);
  ASSERT_TRUE(young.ok());
  EXPECT_TRUE(ImplausibleAgeWarning(young->BirthDate(), kToday).ok());
  EXPECT_TRUE(ParseCitizenId(MakeCitizenId("440524", 1800, 1, 1, 1), kToday).ok());
  EXPECT_FALSE(ParseCitizenId(MakeCitizenId("440524", 1799, 12, 31, 1), kToday).ok());
}

}  // namespace
}  // namespace wangge
