// Issue 11: what a real spreadsheet does to our files. LibreOffice Calc, headless (Debian's
// libreoffice-calc-nogui, installed by scripts/install-deps.sh --test), opens the files the way a community
// worker's spreadsheet does (CSV columns of the default type "Standard", like Excel's "General") and saves
// them as .xlsx or CSV; the results go back through the import API of a real `wangge serve` (the e2e
// fixture).
//
//   - Codes typed as plain digits become numbers: every row carrying one is refused with the message that
//     says the digits are lost, in every mode, and nothing is stored (neither the typed ID nor the one the
//     rounding made of it).
//   - Our CSV export keeps every citizen ID, place code, 户号 and phone exact through a spreadsheet (the
//     `="…"` form): re-importing what the spreadsheet saved changes nothing.
//   - The .xlsx template opens with its drop-down lists, and its example rows pass.
//
// Each test runs LibreOffice twice (about 5 s each) with a private profile in the test's work directory
// (LibreOffice refuses to run twice on one profile at once; tests run in parallel).
#include <zip.h>

#include "../e2e/import_helpers.hpp"
#include "../e2e/server_fixture.hpp"
#include "sheet/sheet.hpp"

namespace wangge::e2e {
namespace {

[[maybe_unused]] ::testing::Environment* const kEnvironment = ::testing::AddGlobalTestEnvironment(new E2E);

const char* const kCsvFilter = "CSV:44,34,76,1";  // comma, double quote, UTF-8, from line 1; column types
                                                  // left at their default (Standard)
const char* const kCsvOut = "csv:Text - txt - csv (StarCalc):44,34,76,1";

std::string FindSoffice() {
  for (const char* p : {"/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice"})
    if (::access(p, X_OK) == 0) return p;
  return "";
}

// The work directory of this test process (removed with the e2e work directory).
fs::path WorkDir() {
  const fs::path d = Env().work_dir() / "office";
  fs::create_directories(d);
  return d;
}

// Converts `inputs` with LibreOffice into a fresh directory, which it returns ("" after a test failure).
// `infilter` forces the import filter (needed for CSV: headless LibreOffice reads a CSV in the system's
// 8-bit character set otherwise).
fs::path Soffice(const std::vector<fs::path>& inputs, const std::string& convert_to,
                 const std::string& infilter = "") {
  static int calls = 0;
  const std::string soffice = FindSoffice();
  if (soffice.empty()) {
    ADD_FAILURE() << "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui "
                     "(scripts/install-deps.sh --test)";
    return {};
  }
  const fs::path out = WorkDir() / ("lo-out-" + std::to_string(++calls));
  fs::create_directories(out);
  std::vector<std::string> args = {"/usr/bin/timeout",
                                   "120",
                                   soffice,
                                   "-env:UserInstallation=file://" + (WorkDir() / "lo-profile").string(),
                                   "--headless",
                                   "--norestore",
                                   "--convert-to",
                                   convert_to,
                                   "--outdir",
                                   out.string()};
  if (!infilter.empty()) args.insert(args.begin() + 5, "--infilter=" + infilter);
  for (const fs::path& in : inputs) args.push_back(in.string());
  std::string stdout_text;
  const std::string log = (out / "soffice.stderr").string();
  const int rc = RunCapture(args, {"HOME=" + WorkDir().string()}, &stdout_text, log);
  if (rc != 0) {
    ADD_FAILURE() << "soffice exited with " << rc << "\n" << stdout_text << ReadFile(log);
    return {};
  }
  for (const fs::path& in : inputs) {
    const std::string ext = convert_to.substr(0, convert_to.find(':'));
    const fs::path want = out / (in.stem().string() + "." + ext);
    if (!fs::exists(want)) {
      ADD_FAILURE() << "soffice did not write " << want << "\n" << stdout_text << ReadFile(log);
      return {};
    }
  }
  return out;
}

fs::path Save(const std::string& name, const std::string& bytes) {
  const fs::path p = WorkDir() / name;
  WriteFile(p, bytes);
  return p;
}

// The text of one part of a zip ("" when absent).
std::string ZipEntry(const std::string& zip_bytes, const char* name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  zip_t* archive = src == nullptr ? nullptr : zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    if (src != nullptr) zip_source_free(src);
    return "";
  }
  std::string out;
  if (zip_file_t* f = zip_fopen(archive, name, 0)) {
    char buf[1 << 14];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    zip_fclose(f);
  }
  zip_discard(archive);
  return out;
}

// The <dataValidation> elements of a worksheet's XML, each as its text.
std::vector<std::string> DataValidations(const std::string& sheet_xml) {
  std::vector<std::string> out;
  for (size_t pos = sheet_xml.find("<dataValidation "); pos != std::string::npos;
       pos = sheet_xml.find("<dataValidation ", pos + 1)) {
    const size_t end = sheet_xml.find("</dataValidation>", pos);
    out.push_back(sheet_xml.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
  }
  return out;
}

// The validation on column `letter` (its sqref starts there), or "".
std::string ValidationOn(const std::vector<std::string>& validations, const std::string& letter) {
  for (const std::string& v : validations)
    if (v.find("sqref=\"" + letter + "2") != std::string::npos) return v;
  return "";
}

int64_t Count(const json& rep, const char* key) { return rep.value(key, int64_t{-1}); }

// A worker types IDs, place codes, 户号 and phones as digits into a CSV-born sheet; the spreadsheet makes
// numbers of them. Every row is refused, in every mode, with the message of issue 11, and nothing is stored.
TEST(Office, CodesTypedAsNumbersAreRefusedAfterASpreadsheetSavesThem) {
  const std::string unit = Env().place("unitleader");
  std::vector<std::string> ids = {IdThatBecomesAnotherValidId(1930), FreshCitizenId(1935),
                                  FreshCitizenId(1935)};
  // And an ID ending in X: the spreadsheet keeps that one text, but the place code beside it is a number.
  for (int i = 0; i < 60 && ids.size() < 4; ++i)
    if (std::string id = FreshCitizenId(1935); !id.empty() && id.back() == 'X') ids.push_back(id);
  ASSERT_EQ(ids.size(), 4u);
  std::string csv = kPeopleHeader;
  for (size_t i = 0; i < ids.size(); ++i)
    csv += "号" + std::to_string(i) + "," + ids[i] + "," + unit + ",汉族,群众,1380000" +
           std::to_string(1000 + i) + ",户籍,户主,00" + std::to_string(::getpid()) + std::to_string(i) +
           ",测试路" + std::to_string(i) + "号,\n";
  const fs::path typed = Save("typed.csv", csv);

  const fs::path xlsx_dir = Soffice({typed}, "xlsx", kCsvFilter);
  ASSERT_FALSE(xlsx_dir.empty());
  const std::string xlsx = ReadFile(xlsx_dir / "typed.xlsx");
  // What the spreadsheet made of the digits: numbers, the IDs rounded to 15 significant digits.
  auto sheet = sheet::ReadXlsx(xlsx);
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ASSERT_EQ(sheet->rows.size(), ids.size());
  EXPECT_EQ(sheet->rows[0][1], RoundedLikeASpreadsheet(ids[0]));
  EXPECT_TRUE(sheet->IsNumber(0, 1));
  EXPECT_FALSE(sheet->IsNumber(3, 1));  // …X stays text
  EXPECT_TRUE(sheet->IsNumber(3, 2));
  // Saved again as CSV: the numbers are written in scientific notation.
  const fs::path csv_dir = Soffice({xlsx_dir / "typed.xlsx"}, kCsvOut);
  ASSERT_FALSE(csv_dir.empty());
  const std::string resaved = ReadFile(csv_dir / "typed.csv");
  EXPECT_NE(resaved.find("E+017"), std::string::npos) << resaved;

  const int64_t before = CountyPeople();
  for (const auto& [bytes, name] : {std::pair{xlsx, "typed.xlsx"}, std::pair{resaved, "typed.csv"}}) {
    for (const char* mode : {"all_or_nothing", "accept_valid"}) {
      for (bool dry_run : {false, true}) {
        SCOPED_TRACE(std::string(name) + " " + mode + (dry_run ? " dry run" : ""));
        Response r = Import(bytes, mode, dry_run, name);
        ASSERT_EQ(r.status, !dry_run && std::string(mode) == "all_or_nothing" ? 422 : 200) << r.Brief();
        const json rep = r.Json();
        EXPECT_EQ(Count(rep, "rows"), static_cast<int64_t>(ids.size()));
        EXPECT_EQ(Count(rep, "rejected"), static_cast<int64_t>(ids.size()));
        EXPECT_EQ(Count(rep, "inserted") + Count(rep, "updated") + Count(rep, "unchanged"), 0);
        const auto errors = ReportErrors(rep);
        ASSERT_EQ(errors.size(), ids.size()) << rep.dump();
        for (size_t i = 0; i < ids.size(); ++i) {
          SCOPED_TRACE(ids[i]);
          EXPECT_EQ(errors[i].row, static_cast<int>(i) + 2);
          EXPECT_EQ(errors[i].column, ids[i].back() == 'X' ? "所属网格或十联户代码" : "公民身份号码");
          EXPECT_EQ(errors[i].zh, kLostDigitsZh);
          EXPECT_EQ(errors[i].en, kLostDigitsEn);
        }
      }
    }
  }
  EXPECT_EQ(CountyPeople(), before);
  for (const std::string& id : ids) {
    EXPECT_TRUE(NobodyHas(id)) << id;
    if (id.back() != 'X') {
      EXPECT_TRUE(NobodyHas(RoundedLikeASpreadsheet(id))) << id;
    }
  }
}

// Export as CSV, open in a spreadsheet, save as .xlsx or CSV, import: every ID, place code, 户号 and phone
// comes back exact, and the import changes nothing.
TEST(Office, ExportedCsvKeepsEveryCodeThroughASpreadsheet) {
  const std::string unit = Env().place("unitleader");
  // People whose codes a spreadsheet would mangle: 户号 with leading zeros, landlines, an ID ending in X.
  std::vector<std::string> ids = {FreshCitizenId(1936), FreshCitizenId(1936)};
  for (int i = 0; i < 60 && ids.size() < 3; ++i)
    if (std::string id = FreshCitizenId(1936); !id.empty() && id.back() == 'X') ids.push_back(id);
  ASSERT_EQ(ids.size(), 3u);
  const std::string pid = std::to_string(::getpid());
  const std::string seed = std::string(kPeopleHeader) +                                                     //
                           "导出甲," + ids[0] + "," + unit + ",汉族,群众,08741234567,户籍,户主,00" + pid +  //
                           ",测试路1号,低保(低保证号=0012)\n" +                                             //
                           "导出乙," + ids[1] + "," + unit + ",彝族,中共党员,0874-1234568,户籍,配偶,00" +
                           pid + ",测试路1号,\n" +  //
                           "导出丙," + ids[2] + "," + unit + ",汉族,群众,13800001234,流动,,1-2" + pid +
                           ",,\n";
  Response seeded = Import(seed, "all_or_nothing", false, "seed.csv");
  ASSERT_TRUE(IsStatus(seeded, 200));
  ASSERT_EQ(Count(seeded.Json(), "inserted"), 3) << seeded.body;

  Response exported =
      Env().As("secretary", "GET",
               "/api/v1/export/people?format=csv&scope=" + unit + "&purpose=" + UrlEncode("核对户籍"));
  ASSERT_TRUE(IsStatus(exported, 200));
  auto table = sheet::ReadCsv(exported.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_GE(table->rows.size(), 3u);
  for (const std::string& id : ids) EXPECT_NE(exported.body.find("=\"" + id + "\""), std::string::npos) << id;

  const fs::path xlsx_dir = Soffice({Save("people.csv", exported.body)}, "xlsx", kCsvFilter);
  ASSERT_FALSE(xlsx_dir.empty());
  const std::string xlsx = ReadFile(xlsx_dir / "people.xlsx");
  const fs::path csv_dir = Soffice({xlsx_dir / "people.xlsx"}, kCsvOut);
  ASSERT_FALSE(csv_dir.empty());
  const std::string resaved = ReadFile(csv_dir / "people.csv");

  // Cell by cell, the code columns (公民身份号码, 所属网格或十联户代码, 联系电话, 户号) are what was
  // exported, and text.
  auto from_xlsx = sheet::ReadXlsx(xlsx);
  ASSERT_TRUE(from_xlsx.ok()) << from_xlsx.status().ToString();
  auto from_csv = sheet::ReadCsv(resaved);
  ASSERT_TRUE(from_csv.ok()) << from_csv.status().ToString();
  for (const sheet::Table* t : {&*from_xlsx, &*from_csv}) {
    ASSERT_EQ(t->rows.size(), table->rows.size());
    for (size_t r = 0; r < t->rows.size(); ++r)
      for (size_t c : {1u, 2u, 5u, 8u}) {
        const std::string want = c < table->rows[r].size() ? table->rows[r][c] : "";
        const std::string got = c < t->rows[r].size() ? t->rows[r][c] : "";
        EXPECT_EQ(got, want) << "row " << r + 2 << " column " << table->header[c];
        EXPECT_FALSE(t->IsNumber(r, c)) << "row " << r + 2 << " column " << table->header[c];
      }
  }

  for (const auto& [bytes, name] : {std::pair{xlsx, "people.xlsx"}, std::pair{resaved, "people.csv"}}) {
    SCOPED_TRACE(name);
    Response r = Import(bytes, "all_or_nothing", false, name);
    ASSERT_TRUE(IsStatus(r, 200));
    const json rep = r.Json();
    EXPECT_EQ(Count(rep, "rejected"), 0) << rep.dump();
    EXPECT_EQ(Count(rep, "unchanged"), static_cast<int64_t>(table->rows.size())) << rep.dump();
    EXPECT_EQ(Count(rep, "inserted"), 0);
    EXPECT_EQ(Count(rep, "updated"), 0);
    EXPECT_EQ(Count(rep, "households_created"), 0);
  }
}

// The .xlsx template has a drop-down list on every fixed-list column (民族 from a range of the hidden sheet,
// the short lists inline), LibreOffice opens it and keeps them, and the example rows survive a spreadsheet
// in either format.
TEST(Office, TemplateOpensWithItsDropDownLists) {
  Response xlsx = Env().As("secretary", "GET", "/api/v1/import/people/template");
  ASSERT_TRUE(IsStatus(xlsx, 200));
  Response csv = Env().As("secretary", "GET", "/api/v1/import/people/template?format=csv");
  ASSERT_TRUE(IsStatus(csv, 200));

  // Ours: 民族 (D), 政治面貌 (E), 居住类型 (G), 与户主关系 (H).
  const auto ours = DataValidations(ZipEntry(xlsx.body, "xl/worksheets/sheet1.xml"));
  EXPECT_EQ(ours.size(), 4u);
  EXPECT_NE(ValidationOn(ours, "D").find("'下拉列表'!$A$1:$A$58"), std::string::npos)
      << ValidationOn(ours, "D");
  EXPECT_NE(ValidationOn(ours, "E").find("\"中共党员,中共预备党员,共青团员,"), std::string::npos);
  EXPECT_NE(ValidationOn(ours, "G").find("\"户籍,流动,寄住\""), std::string::npos);
  EXPECT_NE(ValidationOn(ours, "H").find("\"户主,配偶,子,女,"), std::string::npos);
  const std::string lists = ZipEntry(xlsx.body, "xl/worksheets/sheet2.xml");
  for (const char* e : {"汉族", "基诺族", "外国血统"}) EXPECT_NE(lists.find(e), std::string::npos) << e;
  EXPECT_NE(ZipEntry(xlsx.body, "xl/workbook.xml").find("state=\"hidden\""), std::string::npos);

  // LibreOffice opens the .xlsx and saves it with the lists it read.
  const fs::path resaved_dir = Soffice({Save("template.xlsx", xlsx.body)}, "xlsx");
  ASSERT_FALSE(resaved_dir.empty());
  const std::string resaved = ReadFile(resaved_dir / "template.xlsx");
  const auto theirs = DataValidations(ZipEntry(resaved, "xl/worksheets/sheet1.xml"));
  EXPECT_EQ(theirs.size(), 4u);
  for (const char* col : {"D", "E", "G", "H"}) EXPECT_NE(ValidationOn(theirs, col), "") << col;
  EXPECT_NE(ValidationOn(theirs, "D").find("下拉列表"), std::string::npos) << ValidationOn(theirs, "D");
  EXPECT_NE(ValidationOn(theirs, "G").find("户籍,流动,寄住"), std::string::npos) << ValidationOn(theirs, "G");

  // The CSV template opened in a spreadsheet keeps its example IDs.
  const fs::path from_csv_dir = Soffice({Save("template-csv.csv", csv.body)}, "xlsx", kCsvFilter);
  ASSERT_FALSE(from_csv_dir.empty());
  const std::string from_csv = ReadFile(from_csv_dir / "template-csv.xlsx");

  auto original = sheet::ReadXlsx(xlsx.body);
  ASSERT_TRUE(original.ok());
  for (const auto& [bytes, name] :
       {std::pair{resaved, "template.xlsx"}, std::pair{from_csv, "template-csv.xlsx"}}) {
    SCOPED_TRACE(name);
    auto t = sheet::ReadXlsx(bytes);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    ASSERT_EQ(t->rows.size(), 2u);
    for (size_t r = 0; r < 2; ++r) {
      EXPECT_EQ(t->rows[r][1], original->rows[r][1]);
      EXPECT_EQ(t->rows[r][2], original->rows[r][2]);
      EXPECT_FALSE(t->IsNumber(r, 1));
    }
    Response dry = Import(bytes, "all_or_nothing", true, name);
    ASSERT_TRUE(IsStatus(dry, 200));
    EXPECT_EQ(Count(dry.Json(), "examples_skipped"), 2) << dry.body;
    EXPECT_EQ(Count(dry.Json(), "rejected"), 0) << dry.body;
  }
}

}  // namespace
}  // namespace wangge::e2e
