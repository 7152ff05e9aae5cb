#include "sheet/sheet.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iconv.h>
#include <zip.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace wangge::sheet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Rows = std::vector<std::vector<std::string>>;

// UTF-8 -> `to_code` with iconv (the test's own converter, independent of the library's).
std::string Encode(const std::string& utf8, const char* to_code) {
  iconv_t cd = iconv_open(to_code, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &o, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// A zip holding `parts` (name -> content), built with libzip.
std::string BuildZip(const std::map<std::string, std::string>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  EXPECT_NE(buffer, nullptr);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(archive, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), s, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  EXPECT_EQ(zip_source_open(buffer), 0);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  EXPECT_EQ(zip_source_read(buffer, out.data(), out.size()), size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

constexpr char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/></Types>)";
constexpr char kPackageRels[] =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
    R"(</Relationships>)";
constexpr char kWorkbook[] =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="人口" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr char kWorkbookRels[] =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
    R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
    R"(</Relationships>)";

std::string SheetXml(const std::string& sheet_data) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         sheet_data + "</sheetData></worksheet>";
}

// A minimal hand-built xlsx: the given sheetData, shared strings (<si> elements) and styles.
std::string HandBuiltXlsx(const std::string& sheet_data, const std::string& shared_si = {},
                          const std::string& styles = {}) {
  std::map<std::string, std::string> parts = {
      {"[Content_Types].xml", kContentTypes},
      {"_rels/.rels", kPackageRels},
      {"xl/workbook.xml", kWorkbook},
      {"xl/_rels/workbook.xml.rels", kWorkbookRels},
      {"xl/worksheets/sheet1.xml", SheetXml(sheet_data)},
  };
  if (!shared_si.empty()) {
    parts["xl/sharedStrings.xml"] =
        R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" +
        shared_si + "</sst>";
  }
  if (!styles.empty()) parts["xl/styles.xml"] = styles;
  return BuildZip(parts);
}

Table PeopleTable() {
  Table t;
  t.header = {"姓名", "公民身份号码", "住址", "备注"};
  t.rows = {
      {"张三", "530326199001011234", "云南省曲靖市会泽县金钟街道1号", ""},
      {"李四", "53032619851231002X", "地址, 含逗号", "他说\"你好\""},
      {"王五", "530326200002290011", "第一行\n第二行", " 前后空格 "},
      {"赵六", "110101190001010000", "CRLF\r\n换行", "\t制表"},
  };
  t.row_numbers = {2, 3, 4, 5};
  return t;
}

// ---- CSV ------------------------------------------------------------------------------------------

TEST(CsvTest, WriteThenReadRoundTrips) {
  const Table t = PeopleTable();
  const std::string csv = WriteCsv(t);
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF姓名,公民身份号码,住址,备注\r\n"));
  EXPECT_THAT(csv, HasSubstr("\"地址, 含逗号\",\"他说\"\"你好\"\"\"\r\n"));
  EXPECT_THAT(csv, HasSubstr("\" 前后空格 \""));
  const Result<Table> back = ReadCsv(csv);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->header, t.header);
  // An empty last field in a row is kept (as read: 4 fields).
  EXPECT_EQ(back->rows, t.rows);
  EXPECT_EQ(back->row_numbers, t.row_numbers);
  EXPECT_TRUE(back->note_zh.empty());
}

// A header cell that is blank after trimming (here two ideographic spaces) at the end of the header is
// dropped, in CSV and .xlsx alike: .xlsx does not store a blank cell, so it could not survive a round trip
// (found by fuzz_xlsx_parts). The data rows keep their width.
TEST(CsvTest, BlankCellsAtTheEndOfTheHeaderAreDropped) {
  const Result<Table> t = ReadCsv("姓名,住址,\u3000\u3000,\n张三,西街,x,\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("姓名", "住址"));
  EXPECT_EQ(t->rows, (Rows{{"张三", "西街", "x", ""}}));
  auto x = WriteXlsx(*t, "人口");
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  const Result<Table> back = ReadXlsx(*x);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->header, t->header);
  const Result<Table> middle = ReadCsv("姓名,,住址\n张三,1,西街\n");
  ASSERT_TRUE(middle.ok());
  EXPECT_THAT(middle->header, ElementsAre("姓名", "", "住址"));  // a blank inside the header stays
}

TEST(CsvTest, BomIsStripped) {
  const Result<Table> t = ReadCsv("\xEF\xBB\xBF姓名,年龄\n张三,30\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("姓名", "年龄"));
  EXPECT_EQ(t->rows, (Rows{{"张三", "30"}}));
}

TEST(CsvTest, CrlfLfAndLoneCrAllEndRecords) {
  for (const std::string eol : {"\r\n", "\n", "\r"}) {
    const Result<Table> t = ReadCsv("a,b" + eol + "1,2" + eol + "3,4" + eol);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    EXPECT_THAT(t->header, ElementsAre("a", "b"));
    EXPECT_EQ(t->rows, (Rows{{"1", "2"}, {"3", "4"}}));
    EXPECT_THAT(t->row_numbers, ElementsAre(2, 3));
  }
  // No line end after the last record.
  const Result<Table> t = ReadCsv("a,b\r\n1,2");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows, (Rows{{"1", "2"}}));
}

TEST(CsvTest, EmbeddedNewlineAndCommaInQuotes) {
  const std::string csv = "姓名,住址\n\"张三\",\"第一行\r\n第二行, 有逗号\"\n李四,普通\n";
  const Result<Table> t = ReadCsv(csv);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows, (Rows{{"张三", "第一行\r\n第二行, 有逗号"}, {"李四", "普通"}}));
  // The multi-line record is one spreadsheet row.
  EXPECT_THAT(t->row_numbers, ElementsAre(2, 3));

  CsvReader reader(csv);
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.Next(&fields));
  ASSERT_TRUE(reader.Next(&fields));
  ASSERT_TRUE(reader.Next(&fields));
  EXPECT_EQ(reader.row_number(), 3);
  EXPECT_EQ(reader.line_number(), 4);  // the physical line it starts on
  EXPECT_FALSE(reader.Next(&fields));
  EXPECT_TRUE(reader.status().ok());
}

TEST(CsvTest, UnterminatedQuoteNamesItsLine) {
  const Result<Table> t = ReadCsv("姓名,住址\n张三,北京\n李四,\"没有结束\n王五,上海\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(t.status().zh(), HasSubstr("第 3 行"));
  EXPECT_THAT(t.status().en(), HasSubstr("line 3"));

  CsvReader reader("a\n\"x");
  std::vector<std::string> fields;
  EXPECT_TRUE(reader.Next(&fields));
  EXPECT_FALSE(reader.Next(&fields));
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(reader.Next(&fields));  // stays failed
}

TEST(CsvTest, GbkIsConvertedWithNote) {
  const std::string utf8 = "姓名,公民身份号码\n张三,530326199001011234\n";
  const std::string gbk = Encode(utf8, "GBK");
  ASSERT_NE(gbk, utf8);
  const Result<Table> t = ReadCsv(gbk);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("姓名", "公民身份号码"));
  EXPECT_EQ(t->rows, (Rows{{"张三", "530326199001011234"}}));
  EXPECT_EQ(t->note_zh, "文件为 GBK 编码，已转换为 UTF-8");
  EXPECT_EQ(t->note_en, "file was GBK-encoded and was converted to UTF-8");
  // GB18030-only characters (beyond GBK) too.
  const Result<Table> t2 = ReadCsv(Encode("名字\n𠀀䶮\n", "GB18030"));
  ASSERT_TRUE(t2.ok()) << t2.status().ToString();
  EXPECT_EQ(t2->rows, (Rows{{"𠀀䶮"}}));
}

TEST(CsvTest, NormalizeEncodingDoesNotCopyUtf8) {
  std::string zh = "x", en = "x";
  const std::string utf8 = "姓名\n张三\n";
  Result<std::string> r = NormalizeEncoding(utf8, &zh, &en);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_TRUE(zh.empty());
  std::string storage;
  const Result<std::string_view> v = ToUtf8(utf8, &storage, nullptr, nullptr);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->data(), utf8.data());  // the same bytes, not a copy
  const std::string gbk = Encode(utf8, "GBK");
  const Result<std::string_view> v2 = ToUtf8(gbk, &storage, &zh, &en);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(*v2, utf8);
  EXPECT_FALSE(zh.empty());
}

TEST(CsvTest, Utf16WithBomIsConverted) {
  const std::string utf16 =
      Encode("姓名\t身份证\n张三\t530326199001011234\n", "UTF-16");  // glibc writes a BOM
  const Result<Table> t = ReadCsv(utf16);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("姓名", "身份证"));  // tab-separated, sniffed
  EXPECT_EQ(t->rows, (Rows{{"张三", "530326199001011234"}}));
  EXPECT_THAT(t->note_zh, HasSubstr("UTF-16"));
}

TEST(CsvTest, BadEncodingNamesOffsetAndLine) {
  // Valid UTF-8 except for one stray 0xFF on line 2; 0xFF is not GB18030 either.
  const std::string bad = "姓名\nab\xFF\n";
  const Result<Table> t = ReadCsv(bad);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(t.status().en(), HasSubstr("line 2"));
  EXPECT_THAT(t.status().en(), HasSubstr("byte offset 9"));
  EXPECT_THAT(t.status().zh(), HasSubstr("第 2 行"));
}

TEST(CsvTest, RandomGarbageIsRejectedCleanly) {
  std::mt19937 rng(20240601);
  for (int round = 0; round < 50; ++round) {
    std::string garbage(4096, '\0');
    for (char& c : garbage) c = static_cast<char>(rng() & 0xFF);
    if (round % 2 == 1) {
      for (char& c : garbage) {
        if (c == 0) c = 1;  // no NUL: must fail on the encoding instead
      }
    }
    const Result<Table> t = Read(garbage, "上传.csv");
    ASSERT_FALSE(t.ok()) << "round " << round;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << t.status().ToString();
    EXPECT_FALSE(t.status().zh().empty());
    EXPECT_FALSE(t.status().en().empty());
  }
}

TEST(CsvTest, BlankLinesSkippedAndCounted) {
  const Result<Table> t = ReadCsv("\n姓名,年龄\n\n张三,30\n,,\n   \n李四,40\n\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->header_row_number, 2);
  EXPECT_EQ(t->rows, (Rows{{"张三", "30"}, {"李四", "40"}}));
  EXPECT_THAT(t->row_numbers, ElementsAre(4, 7));
}

TEST(CsvTest, TrailingWhitespaceTrimmedButQuotedKept) {
  const Result<Table> t = ReadCsv(" 姓名 \t, 年龄\n 张三  ,\"  30  \"  \n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("姓名", "年龄"));  // header trimmed on both sides
  EXPECT_EQ(t->rows, (Rows{{" 张三", "  30  "}}));      // data: trailing blanks only, quoted kept
}

TEST(CsvTest, LenientQuoting) {
  const Result<Table> t = ReadCsv("a,b,c\nx\"y, \"q,r\" ,\"p\"s\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows, (Rows{{"x\"y", "q,r", "ps"}}));
}

TEST(CsvTest, EmptyFileIsAnError) {
  for (const std::string& empty : {std::string(), std::string("\xEF\xBB\xBF"), std::string("\n\r\n,,\n")}) {
    const Result<Table> t = ReadCsv(empty);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(CsvTest, LimitsGiveTooLarge) {
  Limits limits;
  limits.max_rows = 2;
  EXPECT_TRUE(ReadCsv("h\n1\n2\n", limits).ok());
  EXPECT_EQ(ReadCsv("h\n1\n2\n3\n", limits).status().code(), StatusCode::kTooLarge);
  limits = Limits{};
  limits.max_columns = 3;
  EXPECT_TRUE(ReadCsv("a,b,c\n", limits).ok());
  EXPECT_EQ(ReadCsv("a,b,c,d\n", limits).status().code(), StatusCode::kTooLarge);
  limits = Limits{};
  limits.max_cells = 5;
  EXPECT_EQ(ReadCsv("a,b\n1,2\n3,4\n5,6\n", limits).status().code(), StatusCode::kTooLarge);
}

TEST(CsvTest, ReaderReusesFieldsAcrossWidths) {
  CsvReader reader("a,b,c\nd\ne,f\n");
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("a", "b", "c"));
  ASSERT_TRUE(reader.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("d"));
  ASSERT_TRUE(reader.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("e", "f"));
  EXPECT_EQ(reader.row_number(), 3);
  EXPECT_FALSE(reader.Next(&fields));
  EXPECT_TRUE(reader.status().ok());
}

TEST(CsvTest, NulByteIsBinary) {
  const Result<Table> t = ReadCsv(std::string("a,b\n1,\0\n", 8));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(t.status().en(), HasSubstr("NUL"));
}

// ---- numbers where codes belong, and the `="…"` form -------------------------------------------------

TEST(CsvTest, FormulaTextIsReadAsItsValue) {
  // Unquoted (what Excel users write) and RFC 4180 quoted, quotes inside doubled; anything not wholly in the
  // form stays as it is.
  const Result<Table> t = ReadCsv(
      "户号,公民身份号码,备注\n"
      "=\"0012345\",\"=\"\"530326199001011107\"\"\",=\"他说\"\"好\"\"\"\n"
      "=\"\",=\"a\"b\",=\"x\n"
      "=\"1\" ,==\"2\",\" =\"\"3\"\"\"\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows, (Rows{{"0012345", "530326199001011107", "他说\"好\""},
                           {"", "=\"a\"b\"", "=\"x"},
                           {"1", "==\"2\"", " =\"3\""}}));
  std::string v;
  EXPECT_TRUE(ParseFormulaText("=\"\"\"\"", &v));  // FormulaText of a quote
  EXPECT_FALSE(ParseFormulaText("=\"\"\"\"\"", &v));
  EXPECT_EQ(v, "\"");
  EXPECT_FALSE(ParseFormulaText("=\"", &v));
  EXPECT_FALSE(ParseFormulaText("\"0012345\"", &v));
  EXPECT_EQ(FormulaText("0012345"), "=\"0012345\"");
  EXPECT_EQ(FormulaText("a\"b"), "=\"a\"\"b\"");
}

TEST(CsvTest, ScientificNotationIsListedAsANumber) {
  for (const char* yes :
       {"5.30326E+17", "5.30326199001011E+17", "5,30326E+17", "-4E5", "1.2e-3", "+7.E3", ".5E1"})
    EXPECT_TRUE(IsScientificNumber(yes)) << yes;
  for (const char* no :
       {"", "E5", "5E", "5E+", "530326199001011107", "0012345", "1.5", "5E3x", " 5E3", "HZ1E5", "5.E"})
    EXPECT_FALSE(IsScientificNumber(no)) << no;
  const std::string csv =
      "姓名,公民身份号码,户号,联系电话\n"
      "张三,5.30326E+17,12345,13800001111\n"
      "李四,530326199001011107,=\"1E5\",\"1.38E+10\"\n"
      "王五,x,,\n";
  const Result<Table> t = ReadCsv(csv);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->number_columns.size(), 3u);
  EXPECT_THAT(t->number_columns[0], ElementsAre(1));  // digit strings are not listed: a CSV cannot tell
  EXPECT_THAT(t->number_columns[1], ElementsAre(3));  // `="1E5"` is text
  EXPECT_TRUE(t->number_columns[2].empty());
  EXPECT_TRUE(t->IsNumber(0, 1));
  EXPECT_FALSE(t->IsNumber(0, 2));
  EXPECT_FALSE(t->IsNumber(7, 1));
  EXPECT_EQ(t->rows[1][2], "1E5");
  // The streaming reader says the same; a reused list is cleared per record.
  CsvReader reader(csv);
  std::vector<std::string> fields;
  std::vector<int> numbers = {9};
  ASSERT_TRUE(reader.Next(&fields, &numbers));
  EXPECT_TRUE(numbers.empty());
  ASSERT_TRUE(reader.Next(&fields, &numbers));
  EXPECT_THAT(numbers, ElementsAre(1));
  ASSERT_TRUE(reader.Next(&fields, &numbers));
  EXPECT_THAT(numbers, ElementsAre(3));
}

TEST(CsvTest, TextColumnsAreWrittenSoASpreadsheetKeepsThemText) {
  Table t;
  t.header = {"姓名", "公民身份号码", "户号", "备注"};
  t.rows = {{"张三", "530326199001011107", "0012345", "=\"不是公式\""},
            {"李四", "", "1-2,3", "7"},
            {"王五", std::string(256, '9'), "a\"b", ""}};
  const std::string csv = WriteCsv(t, {1, 2});
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF姓名,公民身份号码,户号,备注\r\n"));  // the header is not wrapped
  EXPECT_THAT(csv, HasSubstr("张三,=\"530326199001011107\",=\"0012345\","));
  EXPECT_THAT(csv, HasSubstr("李四,,\"=\"\"1-2,3\"\"\",7\r\n"));  // quoted when a comma needs it
  EXPECT_THAT(csv, HasSubstr("王五," + std::string(256, '9') + ",=\"a\"\"b\","));  // too long for a formula
  // A value in the `="…"` form in any column is protected, so every cell reads back as it was.
  EXPECT_THAT(csv, HasSubstr(",=\"=\"\"不是公式\"\"\"\r\n"));
  const Result<Table> back = ReadCsv(csv);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->header, t.header);
  EXPECT_EQ(back->rows, t.rows);
  EXPECT_EQ(WriteCsv(t), WriteCsv(t, {}));
}

TEST(NumberCellTest, MessageSaysWhatWasLostAndWhatToDo) {
  for (const char* lost : {"530326199001011000", "5.30326E+17", "1234567890123456"}) {
    const Status st = NumberCellError(lost);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(st.zh(), "该单元格被存为数字，已丢失末几位；请把此列设为文本后重新填写") << lost;
    EXPECT_EQ(
        st.en(),
        "the cell is stored as a number and has lost its last digits; format the column as text and type "
        "it again");
  }
  for (const char* zeros : {"12345", "8741234567", "530326001001001"}) {
    const Status st = NumberCellError(zeros);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(st.zh(), HasSubstr("该单元格被存为数字，开头的 0 可能已丢失；请把此列设为文本后重新填写"))
        << zeros;
    EXPECT_THAT(st.en(), HasSubstr("leading zeros"));
  }
}

// ---- format detection -----------------------------------------------------------------------------

TEST(DetectFormatTest, Cases) {
  EXPECT_EQ(*DetectFormat("PK\x03\x04rest"), Format::kXlsx);
  EXPECT_EQ(*DetectFormat("PK\x03\x04rest", "people.csv"), Format::kXlsx);  // bytes win over the name
  EXPECT_EQ(*DetectFormat("姓名,年龄\n", "people.xlsx"), Format::kCsv);
  EXPECT_EQ(*DetectFormat("a,b\n"), Format::kCsv);
  EXPECT_EQ(*DetectFormat("", "people.XLSX"), Format::kXlsx);  // a tie: the name decides
  EXPECT_EQ(*DetectFormat("", "people.csv"), Format::kCsv);
  EXPECT_EQ(*DetectFormat(""), Format::kCsv);

  const std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12);
  const Result<Format> f = DetectFormat(xls, "人口.xls");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kUnsupportedMedia);
  EXPECT_THAT(f.status().zh(), HasSubstr("请另存为 .xlsx 或 .csv"));
  const Result<Format> encrypted = DetectFormat(xls, "人口.xlsx");
  ASSERT_FALSE(encrypted.ok());
  EXPECT_EQ(encrypted.status().code(), StatusCode::kUnsupportedMedia);
  EXPECT_THAT(encrypted.status().zh(), HasSubstr("密码"));
  EXPECT_EQ(Read(xls, "人口.xls").status().code(), StatusCode::kUnsupportedMedia);

  EXPECT_EQ(DetectFormat("<html><table><tr><td>姓名</td></tr></table></html>", "x.xls").status().code(),
            StatusCode::kUnsupportedMedia);
  EXPECT_EQ(DetectFormat("\xEF\xBB\xBF <?xml version=\"1.0\"?><Workbook/>").status().code(),
            StatusCode::kUnsupportedMedia);
  EXPECT_EQ(DetectFormat(std::string("PK\x03\x04", 4) + std::string(26, 'x') +
                         "mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
                .status()
                .code(),
            StatusCode::kUnsupportedMedia);
}

// ---- xlsx -----------------------------------------------------------------------------------------

TEST(XlsxTest, WriteThenReadRoundTrips) {
  const Table t = PeopleTable();
  const Result<std::string> bytes = WriteXlsx(t, "人口 [2024]/花名册");
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_TRUE(bytes->starts_with("PK\x03\x04"));
  EXPECT_EQ(*DetectFormat(*bytes), Format::kXlsx);
  const Result<Table> back = ReadXlsx(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->header, t.header);
  // Trailing empty cells are not materialised by the reader: row 1 had an empty "备注".
  Rows expected = t.rows;
  expected[0].pop_back();
  EXPECT_EQ(back->rows, expected);
  EXPECT_EQ(back->row_numbers, t.row_numbers);
  EXPECT_EQ(back->rows[0][1], "530326199001011234");  // all 18 digits: written as a string
  // Read() dispatches by content.
  const Result<Table> via_read = Read(*bytes, "whatever.csv");
  ASSERT_TRUE(via_read.ok());
  EXPECT_EQ(via_read->rows, expected);
}

TEST(XlsxTest, RoundTripsControlCharactersAndEscapeLookalikes) {
  Table t;
  t.header = {"值"};
  t.rows = {{std::string("a\x01z")}, {"_x0041_"}, {"a < b & c > d"}, {std::string("\xFF bad utf8")}};
  const Result<std::string> bytes = WriteXlsx(t, "");
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  const Result<Table> back = ReadXlsx(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->rows.size(), 4u);
  EXPECT_EQ(back->rows[0][0], "a\x01z");
  EXPECT_EQ(back->rows[1][0], "_x0041_");
  EXPECT_EQ(back->rows[2][0], "a < b & c > d");
  EXPECT_EQ(back->rows[3][0], "\xEF\xBF\xBD bad utf8");  // replaced by U+FFFD
}

TEST(XlsxTest, ManyRowsRoundTrip) {
  Table t;
  t.header = {"序号", "公民身份号码"};
  for (int i = 0; i < 20'000; ++i)
    t.rows.push_back({std::to_string(i), "5303261990" + std::to_string(10000000 + i)});
  const Result<std::string> bytes = WriteXlsx(t, "人口");
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  const Result<Table> back = ReadXlsx(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->rows.size(), t.rows.size());
  EXPECT_EQ(back->rows.back(), t.rows.back());
  EXPECT_EQ(back->row_numbers.back(), 20'001);
}

TEST(XlsxTest, TruncatedIsInvalidArgument) {
  const Result<std::string> bytes = WriteXlsx(PeopleTable(), "人口");
  ASSERT_TRUE(bytes.ok());
  const std::string half = bytes->substr(0, bytes->size() / 2);
  EXPECT_EQ(*DetectFormat(half), Format::kXlsx);
  const Result<Table> t = Read(half);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(t.status().zh(), HasSubstr("文件已损坏或不是有效的 xlsx"));
  // Every prefix fails cleanly.
  for (size_t n = 0; n < bytes->size(); n += 97) EXPECT_FALSE(ReadXlsx(bytes->substr(0, n)).ok());
}

TEST(XlsxTest, HandBuiltSharedStringsNumbersAndSkippedCells) {
  const std::string shared =
      "<si><t>姓名</t></si>"
      "<si><t>年龄</t></si>"
      "<si><t>张三</t></si>"
      "<si><r><rPr><b/></rPr><t>李</t></r><r><t xml:space=\"preserve\">四 </t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>li</t></rPh></si>"
      "<si><t>身份证</t></si>";
  const std::string data =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>4</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>5303261990010112</v></c>)"
      R"(<c r="C2"><v>30</v></c><c r="D2"><v>5.30326199001011E+17</v></c></row>)"
      R"(<row r="3"></row>)"
      R"(<row r="5"><c r="A5" t="s"><v>3</v></c><c r="C5"><v>0.1</v></c><c r="D5" t="inlineStr"><is><t>11010119900101123X</t></is></c></row>)"
      R"(<row r="6"><c r="B6" t="b"><v>1</v></c><c r="C6" t="str"><f>A1</f><v>公式</v></c><c r="D6" t="e"><v>#N/A</v></c></row>)";
  const Result<Table> t = ReadXlsx(HandBuiltXlsx(data, shared));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("姓名", "", "年龄", "身份证"));
  EXPECT_EQ(t->rows, (Rows{{"张三", "5303261990010112", "30", "530326199001011000"},
                           {"李四 ", "", "0.1", "11010119900101123X"},
                           {"", "TRUE", "公式", "#N/A"}}));
  EXPECT_THAT(t->row_numbers, ElementsAre(2, 5, 6));
}

// Every number cell is listed, whatever its style; strings, formula strings, booleans and errors are not.
TEST(XlsxTest, NumberCellsAreListed) {
  const std::string styles =
      R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>)";
  const std::string data =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>公民身份号码</t></is></c><c r="B1" t="inlineStr"><is><t>户号</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="n"><v>5.30326199001011E+17</v></c><c r="B2"><v>12345</v></c><c r="D2" s="1"><v>32874</v></c></row>)"
      R"(<row r="3"><c r="A3" t="str"><f>"530326199001011107"</f><v>530326199001011107</v></c>)"
      R"(<c r="B3" t="inlineStr"><is><t>0012345</t></is></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c></row>)"
      R"(<row r="4"><c r="B4"><v>1</v></c><c r="B4" t="inlineStr"><is><t>text wins</t></is></c><c r="C4"/></row>)"
      R"(<row r="5"><c r="C5" t="inlineStr"><is><t>x</t></is></c><c r="A5"><v>8741234567</v></c></row>)";
  const Result<Table> t = ReadXlsx(HandBuiltXlsx(data, {}, styles));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows, (Rows{{"530326199001011000", "12345", "", "1990-01-01"},
                           {"530326199001011107", "0012345", "TRUE", "#N/A"},
                           {"", "text wins"},
                           {"8741234567", "", "x"}}));
  ASSERT_EQ(t->number_columns.size(), 4u);
  EXPECT_THAT(t->number_columns[0], ElementsAre(0, 1, 3));  // a date is a number too
  EXPECT_TRUE(t->number_columns[1].empty());
  EXPECT_TRUE(t->number_columns[2].empty());
  EXPECT_THAT(t->number_columns[3], ElementsAre(0));
  EXPECT_TRUE(t->IsNumber(0, 0));
  EXPECT_FALSE(t->IsNumber(1, 0));
  // WriteXlsx writes strings only: nothing reads back as a number.
  const Result<std::string> bytes = WriteXlsx(*t, "人口");
  ASSERT_TRUE(bytes.ok());
  const Result<Table> back = ReadXlsx(*bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->number_columns, std::vector<std::vector<int>>(4));
}

TEST(XlsxTest, CellsWithoutReferencesAndDates) {
  const std::string styles =
      R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>)"
      R"(<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="22"/></cellXfs>)"
      R"(</styleSheet>)";
  const std::string data =
      R"(<row><c t="inlineStr"><is><t>出生日期</t></is></c><c t="inlineStr"><is><t>登记</t></is></c>)"
      R"(<c t="inlineStr"><is><t>时间</t></is></c></row>)"
      R"(<row><c s="1"><v>32874</v></c><c s="2"><v>45306</v></c><c s="3"><v>45306.5</v></c></row>)";
  const Result<Table> t = ReadXlsx(HandBuiltXlsx(data, {}, styles));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("出生日期", "登记", "时间"));
  EXPECT_EQ(t->rows, (Rows{{"1990-01-01", "2024-01-15", "2024-01-15 12:00:00"}}));
  EXPECT_THAT(t->row_numbers, ElementsAre(2));
}

TEST(XlsxTest, ExcelEscapesAreDecoded) {
  const Result<Table> t = ReadXlsx(HandBuiltXlsx(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>)",
      "<si><t>h</t></si><si><t>a_x000D_b_x005F_x0041_</t></si>"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows, (Rows{{"a\rb_x0041_"}}));
}

TEST(XlsxTest, CorruptPartsAreInvalidArgument) {
  const auto expect_invalid = [](const std::string& bytes, const char* what) {
    const Result<Table> t = ReadXlsx(bytes);
    ASSERT_FALSE(t.ok()) << what;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << what << ": " << t.status().ToString();
    EXPECT_THAT(t.status().zh(), HasSubstr("文件已损坏或不是有效的 xlsx")) << what;
  };
  expect_invalid(BuildZip({{"hello.txt", "hi"}}), "not an xlsx zip");
  expect_invalid(BuildZip({{"[Content_Types].xml", kContentTypes}, {"xl/workbook.xml", kWorkbook}}),
                 "no rels");
  expect_invalid(BuildZip({{"[Content_Types].xml", kContentTypes},
                           {"xl/workbook.xml", kWorkbook},
                           {"xl/_rels/workbook.xml.rels", kWorkbookRels}}),
                 "no sheet");
  expect_invalid(HandBuiltXlsx(R"(<row r="1"><c r="A1" t="s"><v>7</v></c></row>)", "<si><t>x</t></si>"),
                 "shared string index out of range");
  expect_invalid(HandBuiltXlsx(R"(<row r="1"><c r="A1"><v>1</v></row>)"), "mismatched tags");
  expect_invalid(HandBuiltXlsx(R"(<row r="0"><c r="A1"><v>1</v></c></row>)"), "row 0");
  expect_invalid(HandBuiltXlsx(R"(<row r="1"><c r="11"><v>1</v></c></row>)"), "bad reference");
  expect_invalid(HandBuiltXlsx("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xFF</t></is></c></row>"),
                 "not UTF-8");
  const Result<Table> empty =
      ReadXlsx(HandBuiltXlsx(R"(<row r="1"><c r="A1" t="inlineStr"><is><t></t></is></c></row>)"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(empty.status().zh(), HasSubstr("文件为空"));
}

TEST(XlsxTest, LimitsGiveTooLarge) {
  std::string data;
  for (int r = 1; r <= 10; ++r)
    data += "<row r=\"" + std::to_string(r) + "\"><c><v>" + std::to_string(r) + "</v></c></row>";
  const std::string bytes = HandBuiltXlsx(data);
  Limits limits;
  limits.max_rows = 9;
  EXPECT_TRUE(ReadXlsx(bytes, limits).ok());
  limits.max_rows = 8;
  EXPECT_EQ(ReadXlsx(bytes, limits).status().code(), StatusCode::kTooLarge);
  limits = Limits{};
  limits.max_xml_bytes = 200;  // the sheet XML is larger: refused as a possible zip bomb
  EXPECT_EQ(ReadXlsx(bytes, limits).status().code(), StatusCode::kTooLarge);
  limits = Limits{};
  limits.max_columns = 100;
  EXPECT_EQ(ReadXlsx(HandBuiltXlsx(R"(<row r="1"><c r="XFD1"><v>1</v></c></row>)"), limits).status().code(),
            StatusCode::kTooLarge);
  EXPECT_EQ(ReadXlsx(HandBuiltXlsx(R"(<row r="1"><c r="ZZZZZZZZ1"><v>1</v></c></row>)")).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(XlsxTest, ZipBombIsRefusedWithoutInflatingIt) {
  // 64 MiB of zeros compresses to ~64 KiB; with max_xml_bytes = 1 MiB the reader stops early.
  std::map<std::string, std::string> parts = {
      {"[Content_Types].xml", kContentTypes},
      {"_rels/.rels", kPackageRels},
      {"xl/workbook.xml", kWorkbook},
      {"xl/_rels/workbook.xml.rels", kWorkbookRels},
      {"xl/worksheets/sheet1.xml", std::string(64 << 20, ' ')},
  };
  const std::string bytes = BuildZip(parts);
  EXPECT_LT(bytes.size(), 1u << 20);
  Limits limits;
  limits.max_xml_bytes = 1 << 20;
  EXPECT_EQ(ReadXlsx(bytes, limits).status().code(), StatusCode::kTooLarge);
}

TEST(XlsxTest, FirstVisibleWorksheetIsRead) {
  const std::string workbook =
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)"
      R"(<sheet name="隐藏" sheetId="1" state="hidden" r:id="rId1"/><sheet name="可见" sheetId="2" r:id="rId2"/>)"
      R"(</sheets></workbook>)";
  const std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="./worksheets/../worksheets/sheet2.xml"/>)"
      R"(</Relationships>)";
  const std::string bytes = BuildZip({
      {"[Content_Types].xml", kContentTypes},
      {"xl/workbook.xml", workbook},
      {"xl/_rels/workbook.xml.rels", rels},
      {"xl/worksheets/sheet1.xml",
       SheetXml(R"(<row r="1"><c t="inlineStr"><is><t>hidden</t></is></c></row>)")},
      {"xl/worksheets/sheet2.xml",
       SheetXml(R"(<row r="1"><c t="inlineStr"><is><t>visible</t></is></c></row>)")},
  });
  const Result<Table> t = ReadXlsx(bytes);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("visible"));
}

// The text of one part of a zip ("" when absent).
std::string ZipEntry(const std::string& zip_bytes, const char* name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(src);
    return "";
  }
  std::string out;
  if (zip_file_t* f = zip_fopen(archive, name, 0)) {
    char buf[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    zip_fclose(f);
  }
  zip_discard(archive);
  return out;
}

TEST(XlsxTest, DropDownListsShortInlineLongOnAHiddenSheet) {
  Table t;
  t.header = {"姓名", "民族", "居住类型"};
  t.rows = {{"张三", "汉族", "户籍"}};
  std::vector<std::string> many;
  for (int i = 0; i < 60; ++i) many.push_back("民族" + std::to_string(i));  // 60 values, far over 255 bytes
  const Result<std::string> bytes = WriteXlsx(t, "人员", {{1, many}, {2, {"户籍", "流动", "寄住"}}});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  const std::string sheet = ZipEntry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet, HasSubstr(R"(<dataValidations count="2">)"));
  EXPECT_THAT(sheet, HasSubstr(R"(sqref="B2:B1048576"><formula1>'下拉列表'!$A$1:$A$60</formula1>)"));
  EXPECT_THAT(sheet, HasSubstr(R"(sqref="C2:C1048576"><formula1>"户籍,流动,寄住"</formula1>)"));
  EXPECT_THAT(ZipEntry(*bytes, "xl/workbook.xml"),
              HasSubstr(R"(<sheet name="下拉列表" sheetId="2" state="hidden")"));
  const std::string lists = ZipEntry(*bytes, "xl/worksheets/sheet2.xml");
  EXPECT_THAT(lists, HasSubstr("民族0"));
  EXPECT_THAT(lists, HasSubstr("民族59"));
  // The import reads the first visible sheet: the data, not the lists.
  const Result<Table> back = ReadXlsx(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->header, t.header);
  EXPECT_EQ(back->rows, t.rows);
  // Bad choices are the caller's mistake.
  for (const std::vector<ColumnChoices>& bad :
       std::vector<std::vector<ColumnChoices>>{{{3, {"a"}}},
                                               {{1, {}}},
                                               {{1, {"a,b"}}},
                                               {{1, {""}}},
                                               {{1, {"a\"b"}}},
                                               {{1, {std::string(256, 'x')}}}}) {
    EXPECT_EQ(WriteXlsx(t, "人员", bad).status().code(), StatusCode::kInvalidArgument);
  }
}

// Robustness: random mutations of valid inputs must give a Status, never a crash (run under ASan).
TEST(RobustnessTest, MutatedInputsNeverCrash) {
  std::mt19937 rng(7);
  const std::string csv = WriteCsv(PeopleTable());
  const std::string sheet = SheetXml(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><r><t>x&amp;&#x4E2D;</t></r></is></c></row>)"
      R"(<row r="2"><c r="A2" s="1"><v>45306.25</v></c><c r="B2" t="b"><v>1</v></c><!-- c --><c r="C2"><v><![CDATA[7]]></v></c></row>)");
  const std::string alphabet = "<>/=\"' &;#x_rcvtsiRA1:?!-[]\n\r,\xE4\xB8\xAD\xFF";
  for (int i = 0; i < 3000; ++i) {
    std::string c = csv;
    std::string s = sheet;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < edits; ++k) {
      c[rng() % c.size()] = alphabet[rng() % alphabet.size()];
      const size_t pos = rng() % s.size();
      switch (rng() % 3) {
        case 0:
          s[pos] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          s.erase(pos, 1 + rng() % 8);
          break;
        default:
          s.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
      }
    }
    (void)ReadCsv(c);
    (void)Read(c.substr(0, rng() % c.size()));
    if (i % 10 == 0) {
      const std::string bytes = BuildZip({{"[Content_Types].xml", kContentTypes},
                                          {"_rels/.rels", kPackageRels},
                                          {"xl/workbook.xml", kWorkbook},
                                          {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                                          {"xl/sharedStrings.xml", "<sst><si><t>a</t></si></sst>"},
                                          {"xl/worksheets/sheet1.xml", s}});
      (void)ReadXlsx(bytes);
      std::string flipped = bytes;
      for (int k = 0; k < 4; ++k) flipped[rng() % flipped.size()] ^= static_cast<char>(1 + rng() % 255);
      (void)ReadXlsx(flipped);
    }
  }
}

}  // namespace
}  // namespace wangge::sheet
