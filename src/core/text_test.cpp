#include "core/text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace wangge {
namespace {

using ::testing::HasSubstr;

TEST(Utf8Test, IsValidUtf8AndLength) {
  struct Case {
    std::string_view s;
    bool valid;
    size_t length;  // checked when valid
  };
  const Case kCases[] = {
      {"", true, 0},
      {"abc", true, 3},
      {"张三", true, 2},
      {"阿依古丽·买买提", true, 8},
      {"\xC2\x80", true, 1},                   // U+0080, smallest 2-byte
      {"\xDF\xBF", true, 1},                   // U+07FF
      {"\xE0\xA0\x80", true, 1},               // U+0800, smallest 3-byte
      {"\xED\x9F\xBF", true, 1},               // U+D7FF, just below the surrogates
      {"\xEE\x80\x80", true, 1},               // U+E000, just above
      {"\xEF\xBF\xBF", true, 1},               // U+FFFF
      {"\xF0\x90\x80\x80", true, 1},           // U+10000
      {"\xF4\x8F\xBF\xBF", true, 1},           // U+10FFFF
      {"\xF0\xA0\x80\x80", true, 1},           // 𠀀 U+20000, CJK extension B
      {std::string_view("a\0b", 3), true, 3},  // NUL is valid UTF-8 (CleanText rejects it)
      {"\xC0\x80", false, 0},                  // overlong NUL
      {"\xC1\xBF", false, 0},                  // overlong
      {"\xE0\x9F\xBF", false, 0},              // overlong 3-byte
      {"\xF0\x8F\xBF\xBF", false, 0},          // overlong 4-byte
      {"\xED\xA0\x80", false, 0},              // U+D800 surrogate
      {"\xED\xBF\xBF", false, 0},              // U+DFFF surrogate
      {"\xF4\x90\x80\x80", false, 0},          // U+110000
      {"\xF5\x80\x80\x80", false, 0},
      {"\xFF", false, 0},
      {"\x80", false, 0},      // stray continuation
      {"\xE5\xBC", false, 0},  // truncated 张
      {"\xE5\xBC\xA0\xE4", false, 0},
      {"\xE5"
       "a"
       "\xA0",
       false, 0},  // continuation replaced by ASCII
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(IsValidUtf8(c.s), c.valid) << ::testing::PrintToString(std::string(c.s));
    if (c.valid) {
      EXPECT_EQ(Utf8Length(c.s), c.length) << c.s;
    }
  }
}

TEST(Utf8Test, PrefixNeverCutsACharacter) {
  const std::string s = "ab网格\xF0\x9F\x98\x80z";  // 2 + 3 + 3 + 4 + 1 bytes
  EXPECT_EQ(Utf8Prefix(s, 100), s);
  EXPECT_EQ(Utf8Prefix(s, 2), "ab");
  EXPECT_EQ(Utf8Prefix(s, 4), "ab");
  EXPECT_EQ(Utf8Prefix(s, 5), "ab网");
  EXPECT_EQ(Utf8Prefix(s, 11), "ab网格");
  EXPECT_EQ(Utf8Prefix(s, 12), "ab网格\xF0\x9F\x98\x80");
  EXPECT_EQ(Utf8Prefix(s, 0), "");
  for (size_t n = 0; n <= s.size(); ++n) EXPECT_TRUE(IsValidUtf8(Utf8Prefix(s, n))) << n;
}

TEST(TrimTest, RemovesAsciiIdeographicAndNoBreakSpace) {
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  const Case kCases[] = {
      {"", ""},
      {"   ", ""},
      {"张三", "张三"},
      {"  张三 \t\r\n", "张三"},
      {"\u3000张三\u3000", "张三"},
      {"\u00A0张三\u00A0", "张三"},
      {"\uFEFF姓名", "姓名"},
      {" \u3000\u00A0 \u3000", ""},
      {"张 三", "张 三"},  // interior kept
      {"a\u3000b", "a\u3000b"},
      {"\v\fx\v\f", "x"},
      {"\xE3\x80", "\xE3\x80"},  // half of U+3000: invalid, left alone
      {"\xA0x", "\xA0x"},        // stray byte, not NBSP
  };
  for (const Case& c : kCases) EXPECT_EQ(Trim(c.in), c.out) << ::testing::PrintToString(std::string(c.in));
}

TEST(CleanTextTest, ValidatesFreeText) {
  struct Case {
    std::string_view in;
    std::string_view field;
    size_t max_chars;
    bool required;
    bool multiline;
    bool ok;
    std::string_view out_or_en;  // the cleaned value, or a fragment of the English message
    std::string_view zh_part;
  };
  const Case kCases[] = {
      {" 张三 ", "name", 30, true, false, true, "张三", ""},
      {"张三", "name", 2, true, false, true, "张三", ""},
      {"张三丰", "name", 2, true, false, false, "name must be at most 2 characters (got 3)",
       "姓名 超过 2 个字符"},
      {"", "name", 30, true, false, false, "name must not be empty", "姓名 不能为空"},
      {" \u3000 ", "name", 30, true, false, false, "name must not be empty", "姓名 不能为空"},
      {"", "note", 200, false, false, true, "", ""},
      {"\u3000", "note", 200, false, false, true, "", ""},
      {"a\tb", "title", 50, true, false, false, "title must not contain control characters",
       "标题 含有控制字符"},
      {"a\nb", "title", 50, true, false, false, "control characters", "控制字符"},
      {"a\tb\nc", "content", 50, true, true, true, "a\tb\nc", ""},
      {"第一行\r\n第二行\r第三行", "content", 50, true, true, true, "第一行\n第二行\n第三行", ""},
      {std::string_view("a\0b", 3), "content", 50, true, true, false, "control characters", "控制字符"},
      {"a\x1b[31m", "content", 50, true, true, false, "control characters", "控制字符"},
      {"a\x7f", "content", 50, true, true, false, "control characters", "控制字符"},
      {"a\xC2\x85", "content", 50, true, true, false, "control characters", "控制字符"},  // U+0085 NEL
      {"abc\xff", "address", 50, true, false, false, "address is not valid UTF-8 text",
       "地址 不是有效的 UTF-8"},
      {"\xC0\xAF", "address", 50, true, false, false, "not valid UTF-8", "UTF-8"},
      {"x", "custom_field", 50, true, false, true, "x", ""},
      {"", "custom_field", 50, true, false, false, "custom_field must not be empty", "custom_field 不能为空"},
      {"", "备注", 50, true, false, false, "备注 must not be empty", "备注 不能为空"},
      {"  \n内容\n  ", "content", 50, true, true, true, "内容", ""},  // trimmed before counting
      {"𠀀𠀁", "name", 2, true, false, true, "𠀀𠀁", ""},             // counts code points, not bytes
      // Invisible formatting: a direction override (U+202E), zero-width space and joiner, a BOM, an isolate.
      {"发票\u202Egpj.exe", "title", 50, true, false, false, "text-direction control character: U+202E",
       "文字方向控制字符 U+202E"},
      {"路灯\u200B坏了", "description", 50, true, true, false, "U+200B", "不可见字符"},
      {"a\u200Db", "description", 50, true, true, false, "U+200D", "不可见"},
      {"标\uFEFF题", "title", 50, true, false, false, "U+FEFF", "不可见"},
      {"x\u2066y\u2069", "address", 50, true, false, false, "U+2066", "不可见"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(::testing::PrintToString(std::string(c.in)));
    const Result<std::string> r = CleanText(c.in, c.field, c.max_chars, c.required, c.multiline);
    ASSERT_EQ(r.ok(), c.ok) << r.status().ToString();
    if (c.ok) {
      EXPECT_EQ(*r, c.out_or_en);
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(r.status().field(), c.field);
      EXPECT_THAT(r.status().en(), HasSubstr(std::string(c.out_or_en)));
      EXPECT_THAT(r.status().zh(), HasSubstr(std::string(c.zh_part)));
    }
  }
}

TEST(FieldLabelTest, KnownAndUnknownFields) {
  struct Case {
    std::string_view field;
    std::string_view zh;
  };
  const Case kCases[] = {{"name", "姓名"},
                         {"phone", "电话号码"},
                         {"citizen_id", "公民身份号码"},
                         {"birth_date", "出生日期"},
                         {"rows[3].name", "rows[3].name"},
                         {"", ""}};
  for (const Case& c : kCases) EXPECT_EQ(FieldLabelZh(c.field), c.zh) << c.field;
}

TEST(PersonNameTest, ValidatesNames) {
  struct Case {
    std::string_view name;
    bool ok;
    std::string_view en_part;
  };
  const Case kCases[] = {
      {"张三", true, ""},
      {"欧阳娜娜", true, ""},
      {"王", true, ""},
      {"阿依古丽·买买提", true, ""},
      {"努尔麦麦提·阿卜杜拉·艾则孜", true, ""},
      {"李〇", true, ""},
      {"𠀀明", true, ""},  // extension B ideograph
      {"John Smith", true, ""},
      {"Zoë", true, ""},
      {"安娜·Müller", true, ""},
      {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", true, ""},  // 30
      {"", false, "must not be empty"},
      {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", false, "at most 30"},
      {"张三1", false, "digits"},
      {"张三１", false, "digits"},
      {"阿依古丽•买买提", false, "U+2022"},
      {"阿依古丽・买买提", false, "U+30FB"},
      {"阿依古丽.买买提", false, "U+002E"},
      {"·张三", false, "between two letters"},
      {"张三·", false, "between two letters"},
      {"阿依古丽··买买提", false, "between two letters"},
      {"张 三", false, "only separate Latin letters"},
      {"John  Smith", false, "between two letters"},
      {" 张三", false, "between two letters"},
      {"张三 ", false, "between two letters"},
      {"John 张", false, "only separate Latin letters"},
      {"张三\u3000", false, "U+3000"},
      {"张三!", false, "U+0021"},
      {"张\t三", false, "U+0009"},
      {"张三😀", false, "U+1F600"},
      {"\xE5\xBC", false, "not valid UTF-8"},
  };
  for (const Case& c : kCases) {
    const Status st = ValidatePersonName(c.name);
    EXPECT_EQ(st.ok(), c.ok) << c.name << ": " << st.ToString();
    if (!c.ok) {
      EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(st.field(), "name");
      EXPECT_THAT(st.en(), HasSubstr(std::string(c.en_part))) << c.name;
      EXPECT_THAT(st.zh(), HasSubstr("姓名")) << c.name;
    }
  }
}

TEST(CleanNameTest, RealNamesPass) {
  const std::string_view kNames[] = {
      "古城街道",
      "第12村民小组",
      "金钟街道（社区）",
      "额敏（兵地、辽阳）工业园区",     // data/divisions/streets.csv
      "化学新材料产业园-沿江街道",      // data/divisions/streets.csv
      "火灾隐患/险情",                  // data/categories.csv
      "“三合一”场所",                   // data/categories.csv
      "Water, Power, Gas and Heating",  // data/categories.csv
      "Unsafe E-bike Charging",
      "国庆节、中秋节",  // data/holidays.csv
      "3#楼",
      "Ａ栋",
      "第Ⅱ网格",
      "阿依古丽·买买提",
      "县公安局(城关派出所)",
      "No. 1 Middle School",
      "【党群服务中心】",
      "《会泽日报》社",
      "Children’s Home",
      "李〇村",
      "㳇田乡",
      "曲靖市会泽县古城街道金钟社区第一网格",
  };
  for (std::string_view n : kNames) {
    const Result<std::string> r = CleanName(n, "name", 50);
    ASSERT_TRUE(r.ok()) << n << ": " << r.status().ToString();
    EXPECT_EQ(*r, n);
  }
  // trimmed like any text
  EXPECT_EQ(*CleanName(" \u3000古城街道 ", "name", 50), "古城街道");
  // optional names may be empty
  EXPECT_EQ(*CleanName("  ", "secretary_name", 30, false), "");
}

TEST(CleanNameTest, MarkupBidiInvisibleAndOtherCharactersAreRefused) {
  struct Case {
    std::string_view in;
    std::string_view en_part;
    std::string_view zh_part;
  };
  const Case kCases[] = {
      {"古城街道<img src=x onerror=alert(1)>", "markup character U+003C", "HTML 标记字符 U+003C"},
      {"古城街道>", "markup character U+003E", "U+003E"},
      {"\"><svg onload=alert(1)>", "markup character U+0022", "U+0022"},
      {"O'Brien Road", "markup character U+0027", "U+0027"},
      {"A&B", "markup character U+0026", "U+0026"},
      {"`x`", "markup character U+0060", "U+0060"},
      {"古城\u202E街道", "text-direction control character: U+202E", "文字方向控制字符 U+202E"},
      {"古城\u202A街道", "U+202A", "U+202A"},
      {"古城\u2066街道", "U+2066", "U+2066"},
      {"古城\u2069街道", "U+2069", "U+2069"},
      {"古城\u200B街道", "invisible", "不可见字符"},
      {"古城\u200D街道", "U+200D", "U+200D"},
      {"古城\u2060街道", "U+2060", "U+2060"},
      {"古城\u00AD街道", "U+00AD", "U+00AD"},
      {"古城\U000E0041街道", "U+E0041", "U+E0041"},
      {"古城\tA", "control characters", "含有控制字符"},
      {"古城\n街道", "control characters", "控制字符"},
      {"古城  街道", "two spaces in a row", "连续的空格"},
      {"古城\u3000街道", "not allowed: U+3000", "不允许的字符 U+3000"},
      {"古城街道😀", "U+1F600", "U+1F600"},
      {"javascript:alert(1)", "", ""},  // letters, ':' and () are allowed: harmless as text; see below
      {"古城•街道", "middle dot", "间隔号"},
      {"古城{街道}", "U+007B", "U+007B"},
      {"古城\\街道", "U+005C", "U+005C"},
      {"-·-", "must contain an ideograph, letter or digit", "须含有汉字、字母或数字"},
      {"", "must not be empty", "名称 不能为空"},
      {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
       "一",
       "at most 50 characters", "名称 超过 50 个字符"},
      {"\xE5\xBC", "not valid UTF-8", "UTF-8"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(::testing::PrintToString(std::string(c.in)));
    const Result<std::string> r = CleanName(c.in, "name", 50);
    if (c.en_part.empty()) {  // accepted
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      continue;
    }
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "name");
    EXPECT_THAT(r.status().en(), HasSubstr(std::string(c.en_part)));
    EXPECT_THAT(r.status().zh(), HasSubstr(std::string(c.zh_part)));
  }
}

TEST(CleanNameTest, MessagesNameTheField) {
  const Result<std::string> dept = CleanName("公安<b>", "name", 50);
  EXPECT_THAT(dept.status().zh(), HasSubstr("名称"));
  const Result<std::string> display = CleanName("张三<", "display_name", 30);
  EXPECT_EQ(display.status().field(), "display_name");
  EXPECT_THAT(display.status().en(), HasSubstr("display_name must not contain"));
  const Result<std::string> zh = CleanName("城管<", "name_zh", 40, true, "中文名称");
  EXPECT_EQ(zh.status().field(), "name_zh");
  EXPECT_THAT(zh.status().zh(), HasSubstr("中文名称 不能含有"));
}

}  // namespace
}  // namespace wangge
