#include "core/csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wangge::csv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Rows = std::vector<std::vector<std::string>>;

struct Read {
  Rows rows;
  std::vector<int64_t> lines;
  std::vector<bool> blank;
  Error error = Error::kNone;
  int64_t error_line = 0;
};

Read All(std::string_view text, Options options = {}) {
  Tokenizer t(text, options);
  Read r;
  std::vector<std::string> fields;
  while (t.Next(&fields)) {
    r.rows.push_back(fields);
    r.lines.push_back(t.line());
    r.blank.push_back(t.blank());
  }
  r.error = t.error();
  r.error_line = t.error_line();
  EXPECT_FALSE(t.Next(&fields)) << "stays at the end";
  return r;
}

Options Lenient(char delimiter = ',') { return Options{delimiter, Dialect::kLenient}; }

// ---- both dialects

TEST(CsvTokenizerTest, FieldsQuotesAndLineEnds) {
  for (const Options& o : {Options{}, Lenient()}) {
    const Read r =
        All("\xEF\xBB\xBF"
            "a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n",
            o);
    EXPECT_EQ(r.error, Error::kNone);
    EXPECT_EQ(r.rows, (Rows{{"a", "b,1", "say \"hi\""}, {"two\nlines", "", "x"}}));
    EXPECT_THAT(r.lines, ElementsAre(1, 2));  // the second record starts on line 2 and spans 3
  }
}

TEST(CsvTokenizerTest, BlankLinesAreRecordsOfOneEmptyField) {
  for (const Options& o : {Options{}, Lenient()}) {
    const Read r = All("\na\n\r\n,\n\"\"\n", o);
    EXPECT_EQ(r.rows, (Rows{{""}, {"a"}, {""}, {"", ""}, {""}}));
    EXPECT_THAT(r.blank, ElementsAre(true, false, true, false, false));  // "" is a quoted empty field
    EXPECT_THAT(r.lines, ElementsAre(1, 2, 3, 4, 5));
  }
}

TEST(CsvTokenizerTest, LastRecordWithoutLineEnd) {
  for (const Options& o : {Options{}, Lenient()}) {
    EXPECT_EQ(All("a,b\nc,d", o).rows, (Rows{{"a", "b"}, {"c", "d"}}));
    EXPECT_EQ(All("a,", o).rows, (Rows{{"a", ""}}));
    EXPECT_EQ(All("", o).rows, Rows{});
    EXPECT_EQ(All("\xEF\xBB\xBF", o).rows, Rows{});
  }
}

TEST(CsvTokenizerTest, UnclosedQuoteNamesTheLineItOpensOn) {
  for (const Options& o : {Options{}, Lenient()}) {
    const Read r = All("a\nb,\"open\nstill\nopen", o);
    EXPECT_EQ(r.rows, (Rows{{"a"}}));
    EXPECT_EQ(r.error, Error::kUnclosedQuote);
    EXPECT_EQ(r.error_line, 2);
  }
}

TEST(CsvTokenizerTest, TooManyFields) {
  Options o;
  o.max_fields = 2;
  const Read r = All("a,b\n\"x\ny\",c,d\n", o);
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}}));
  EXPECT_EQ(r.error, Error::kTooManyFields);
  EXPECT_EQ(r.error_line, 3);  // where the third field starts
}

TEST(CsvTokenizerTest, ReusesTheCallersStrings) {
  Tokenizer t("a,b,c\nd\ne,f\n");
  std::vector<std::string> fields;
  ASSERT_TRUE(t.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("a", "b", "c"));
  ASSERT_TRUE(t.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("d"));
  ASSERT_TRUE(t.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("e", "f"));
  EXPECT_FALSE(t.Next(&fields));
  EXPECT_EQ(t.error(), Error::kNone);
}

// ---- strict (RFC 4180, our own tables)

TEST(CsvTokenizerTest, StrictKeepsFieldsAsWritten) {
  EXPECT_EQ(All(" a , b \n").rows, (Rows{{" a ", " b "}}));
  EXPECT_EQ(All("a\tb,c\n").rows, (Rows{{"a\tb", "c"}}));
}

TEST(CsvTokenizerTest, StrictLoneCrIsData) {
  const Read r = All("a\rb,c\r\nd\r");
  EXPECT_EQ(r.rows, (Rows{{"a\rb", "c"}, {"d"}}));  // a CR at the very end ends the record
  EXPECT_THAT(r.lines, ElementsAre(1, 2));
  EXPECT_THAT(All("\"x\ry\"\nz\n").lines, ElementsAre(1, 2));  // not a line end inside quotes either
}

TEST(CsvTokenizerTest, StrictErrors) {
  struct Case {
    std::string text;
    Error error;
    int64_t line;
  };
  const Case kCases[] = {
      {"a,b\nc\"d\n", Error::kQuoteInUnquoted, 2},
      {"a\n\"b\"c\n", Error::kTextAfterQuote, 2},
      {"\"multi\nline\"x\n", Error::kTextAfterQuote, 2},
      {"\"a\"\rb\n", Error::kTextAfterQuote, 1},  // a lone CR is no line end here
      {" \"a\"\n", Error::kQuoteInUnquoted, 1},   // no blanks before a quote
  };
  for (const Case& c : kCases) {
    const Read r = All(c.text);
    EXPECT_EQ(r.error, c.error) << c.text;
    EXPECT_EQ(r.error_line, c.line) << c.text;
  }
}

// ---- lenient (spreadsheets)

TEST(CsvTokenizerTest, LenientIsExcelLike) {
  // Trailing blanks of unquoted fields trimmed, quoted content kept, blanks before a quote dropped, text
  // after a closing quote appended (its trailing blanks trimmed), a quote inside an unquoted field literal.
  const Read r = All(" name \t, \"  30  \"  ,x\"y, \"q,r\" ,\"p\"s t \n", Lenient());
  EXPECT_EQ(r.error, Error::kNone);
  EXPECT_EQ(r.rows, (Rows{{" name", "  30  ", "x\"y", "q,r", "ps t"}}));
}

TEST(CsvTokenizerTest, LenientLoneCrEndsARecord) {
  const Read r = All("a,b\rc,d\r\ne\n\"x\ry\"\rz", Lenient());
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"c", "d"}, {"e"}, {"x\ry"}, {"z"}}));
  EXPECT_THAT(r.lines, ElementsAre(1, 2, 3, 4, 6));  // the CR inside the quotes is a line too
}

TEST(CsvTokenizerTest, LenientTabDelimiter) {
  const Read r = All("a\tb c \t\"d\te\"\n", Lenient('\t'));
  EXPECT_EQ(r.rows, (Rows{{"a", "b c", "d\te"}}));
  EXPECT_EQ(All("a, \t\"b\"\n", Lenient(',')).rows, (Rows{{"a", "b"}}));
  EXPECT_EQ(All("a\t \"b\"\n", Lenient('\t')).rows, (Rows{{"a", "b"}}));  // tab delimits, space dropped
}

// ---- Parse, Escape, AppendRow, AtLine

TEST(CsvParseTest, SkipsBlankLinesAndNumbersRecords) {
  const Result<std::vector<Record>> r = Parse("h1,h2\n\n\"a\nb\",c\r\n\r\nd,e");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].line, 1);
  EXPECT_EQ((*r)[1].line, 3);
  EXPECT_THAT((*r)[1].fields, ElementsAre("a\nb", "c"));
  EXPECT_EQ((*r)[2].line, 6);
  EXPECT_THAT((*r)[2].fields, ElementsAre("d", "e"));
}

TEST(CsvParseTest, ErrorsNameTheLine) {
  struct Case {
    std::string text;
    std::string en_part;
  };
  const Case kCases[] = {
      {"a\nb\nc\"d\n", "line 3: a quote (\") inside an unquoted field"},
      {"a\n\"b\"c\n", "line 2: a closing quote must be followed by a comma or a line end"},
      {"a\n\n\"b\n\nc", "line 3: the quoted field is never closed"},
  };
  for (const Case& c : kCases) {
    const Result<std::vector<Record>> r = Parse(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(r.status().en(), HasSubstr(c.en_part));
    EXPECT_THAT(r.status().zh(), HasSubstr("第 "));
  }
}

TEST(CsvParseTest, WrittenRowsReadBack) {
  const std::vector<std::string_view> row = {"plain", "a,b", "say \"hi\"", " padded ", "two\nlines", ""};
  std::string out;
  AppendRow(&out, row);
  AppendRow(&out, {"x"});
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\" padded \",\"two\nlines\",\nx\n");
  const Result<std::vector<Record>> r = Parse(out);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_THAT((*r)[0].fields, ElementsAre("plain", "a,b", "say \"hi\"", " padded ", "two\nlines", ""));
  EXPECT_EQ((*r)[1].line, 3);
}

TEST(CsvParseTest, AtLinePrefixesTheMessages) {
  const Status st = AtLine(7, InvalidArgument("日期无效", "bad date", "date"));
  EXPECT_EQ(st.zh(), "第 7 行（date）：日期无效");
  EXPECT_EQ(st.en(), "line 7 (date): bad date");
  EXPECT_EQ(st.field(), "date");
  EXPECT_EQ(AtLine(2, InvalidArgument("坏", "bad")).en(), "line 2: bad");
}

}  // namespace
}  // namespace wangge::csv
