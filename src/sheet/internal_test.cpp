// Tests of wangge_sheet's internal pieces: UTF-8 helpers, the XML tokenizer, number and date text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sheet/number_format.hpp"
#include "sheet/utf8.hpp"
#include "sheet/xml_pull.hpp"

namespace wangge::sheet::internal {
namespace {

TEST(Utf8Test, FindsFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii text, long enough for the fast path"), 47u);
  EXPECT_EQ(FindInvalidUtf8("中文"), 6u);
  EXPECT_EQ(FindInvalidUtf8("ab\xC0\xAF"), 2u);          // overlong
  EXPECT_EQ(FindInvalidUtf8("ab\xED\xA0\x80"), 2u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8("ab\xF4\x90\x80\x80"), 2u);  // > U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("abcdefgh\xE4\xB8"), 8u);    // truncated
  EXPECT_EQ(FindInvalidUtf8("\xF0\x9F\x98\x80"), 4u);    // emoji is fine
  EXPECT_EQ(SanitizeUtf8("a\xFFz"), "a\xEF\xBF\xBDz");
}

TEST(Utf8Test, TrimAndWidth) {
  EXPECT_EQ(TrimHeaderCell("\xEF\xBB\xBF \xE3\x80\x80姓名\xC2\xA0\t"), "姓名");
  EXPECT_EQ(TrimHeaderCell("   "), "");
  EXPECT_EQ(DisplayWidth("ab中文"), 6);
  EXPECT_EQ(LineOfOffset("a\nb\r\nc\rd", 7), 4);
}

std::vector<std::string> Events(std::string_view xml) {
  std::vector<std::string> out;
  XmlPull pull(xml);
  for (int guard = 0; guard < 10000; ++guard) {
    switch (pull.Next()) {
      case XmlPull::Event::kStartElement: {
        std::string e = "<" + std::string(pull.name());
        std::string_view v;
        if (pull.Attr("r", &v)) e += " r=" + std::string(v);
        out.push_back(e + ">");
        break;
      }
      case XmlPull::Event::kEndElement:
        out.push_back("</" + std::string(pull.name()) + ">");
        break;
      case XmlPull::Event::kText: {
        std::string text;
        if (pull.is_cdata()) {
          text = pull.text();
        } else {
          AppendXmlText(pull.text(), &text);
        }
        out.push_back("'" + text + "'");
        break;
      }
      case XmlPull::Event::kEnd:
        return out;
      case XmlPull::Event::kError:
        out.push_back("ERROR");
        return out;
    }
  }
  return out;
}

TEST(XmlPullTest, Tokenizes) {
  EXPECT_EQ(Events("<?xml version='1.0'?><!-- hi --><x:a "
                   "r='1'><b/>t&lt;&#x4E2D;&#20013;&bogus;<![CDATA[<raw>]]></x:a>"),
            (std::vector<std::string>{"<a r=1>", "<b>", "</b>", "'t<中中&bogus;'", "'<raw>'", "</a>"}));
  EXPECT_EQ(Events("<a>x\r\ny\rz</a>"), (std::vector<std::string>{"<a>", "'x\ny\nz'", "</a>"}));
}

TEST(XmlPullTest, RejectsMalformed) {
  for (const char* bad :
       {"<a>", "<a></b>", "</a>", "<a", "<a b></a>", "<a b=1></a>", "<a b='1></a>", "<!DOCTYPE a><a/>",
        "<a><!-- x</a>", "<a/ >", "<a b='1'c='2'/>", "<>", "<a><![CDATA[x</a>"}) {
    const std::vector<std::string> e = Events(bad);
    ASSERT_FALSE(e.empty()) << bad;
    EXPECT_EQ(e.back(), "ERROR") << bad;
  }
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "<a>";
  EXPECT_EQ(Events(deep).back(), "ERROR");
}

TEST(XmlPullTest, ReferencesOutOfRangeStayLiteral) {
  std::string out;
  AppendXmlText("&#0;&#xD800;&#x110000;&#99999999999;&amp", &out);
  EXPECT_EQ(out, "&#0;&#xD800;&#x110000;&#99999999999;&amp");
}

TEST(ExcelEscapeTest, Decodes) {
  std::string s = "a_x000A_b_x005F_x000A__xD83D__xDE00__xD800_z_x12__x0000_";
  DecodeExcelEscapes(&s);
  EXPECT_EQ(s, "a\nb_x000A_\xF0\x9F\x98\x80_xD800_z_x12__x0000_");
}

TEST(NumberFormatTest, Numbers) {
  EXPECT_EQ(FormatNumber("5303261990010112", DateKind::kNone, false), "5303261990010112");
  EXPECT_EQ(FormatNumber("5.30326199001011E+17", DateKind::kNone, false), "530326199001011000");
  EXPECT_EQ(FormatNumber("12.0", DateKind::kNone, false), "12");
  EXPECT_EQ(FormatNumber("-3", DateKind::kNone, false), "-3");
  EXPECT_EQ(FormatNumber("0.1", DateKind::kNone, false), "0.1");
  EXPECT_EQ(FormatNumber("0.30000000000000004", DateKind::kNone, false), "0.30000000000000004");
  EXPECT_EQ(FormatNumber("1E-7", DateKind::kNone, false), "1e-07");
  EXPECT_EQ(FormatNumber("1E+300", DateKind::kNone, false), "1e+300");
  EXPECT_EQ(FormatNumber("-0", DateKind::kNone, false), "-0");
  EXPECT_EQ(FormatNumber("-0.0", DateKind::kNone, false), "0");
  EXPECT_EQ(FormatNumber("abc", DateKind::kNone, false), "abc");
  EXPECT_EQ(FormatNumber("", DateKind::kDate, false), "");
  EXPECT_EQ(FormatDouble(123456789012345678.0), "123456789012345680");
}

TEST(NumberFormatTest, Dates) {
  EXPECT_EQ(FormatNumber("1", DateKind::kDate, false), "1900-01-01");
  EXPECT_EQ(FormatNumber("59", DateKind::kDate, false), "1900-02-28");
  EXPECT_EQ(FormatNumber("60", DateKind::kDate, false), "1900-02-29");
  EXPECT_EQ(FormatNumber("61", DateKind::kDate, false), "1900-03-01");
  EXPECT_EQ(FormatNumber("45292", DateKind::kDate, false), "2024-01-01");
  EXPECT_EQ(FormatNumber("45292.75", DateKind::kDateTime, false), "2024-01-01 18:00:00");
  EXPECT_EQ(FormatNumber("0.5", DateKind::kTime, false), "12:00:00");
  EXPECT_EQ(FormatNumber("0.99999999", DateKind::kDateTime, false), "1900-01-01 00:00:00");
  EXPECT_EQ(FormatNumber("0", DateKind::kDate, true), "1904-01-01");
  EXPECT_EQ(FormatNumber("-1", DateKind::kDate, false), "-1");  // out of range: a number
  EXPECT_EQ(FormatNumber("3000000", DateKind::kDate, false), "3000000");
  EXPECT_EQ(FormatNumber("2958465", DateKind::kDate, false), "9999-12-31");
}

TEST(NumberFormatTest, Classifies) {
  EXPECT_EQ(ClassifyBuiltinFormat(14), DateKind::kDate);
  EXPECT_EQ(ClassifyBuiltinFormat(31), DateKind::kDate);
  EXPECT_EQ(ClassifyBuiltinFormat(20), DateKind::kTime);
  EXPECT_EQ(ClassifyBuiltinFormat(22), DateKind::kDateTime);
  EXPECT_EQ(ClassifyBuiltinFormat(0), DateKind::kNone);
  EXPECT_EQ(ClassifyBuiltinFormat(49), DateKind::kNone);
  EXPECT_EQ(ClassifyFormatCode("General"), DateKind::kNone);
  EXPECT_EQ(ClassifyFormatCode("0.00E+00"), DateKind::kNone);
  EXPECT_EQ(ClassifyFormatCode("#,##0.00_);[Red](#,##0.00)"), DateKind::kNone);
  EXPECT_EQ(ClassifyFormatCode("@"), DateKind::kNone);
  EXPECT_EQ(ClassifyFormatCode("yyyy\"年\"m\"月\"d\"日\""), DateKind::kDate);
  EXPECT_EQ(ClassifyFormatCode("[$-F800]dddd, mmmm dd, yyyy"), DateKind::kDate);
  EXPECT_EQ(ClassifyFormatCode("yyyy/m/d h:mm"), DateKind::kDateTime);
  EXPECT_EQ(ClassifyFormatCode("h:mm AM/PM"), DateKind::kTime);
  EXPECT_EQ(ClassifyFormatCode("[h]:mm:ss"), DateKind::kTime);
  EXPECT_EQ(ClassifyFormatCode("mm:ss"), DateKind::kTime);
  EXPECT_EQ(ClassifyFormatCode("\"day\" 0"), DateKind::kNone);
  EXPECT_EQ(ClassifyFormatCode("[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\""), DateKind::kDate);
}

}  // namespace
}  // namespace wangge::sheet::internal
