// Import and export of the people table over HTTP (body = file bytes), as the community secretary.
#include <iconv.h>

#include "import_helpers.hpp"
#include "server_fixture.hpp"
#include "sheet/sheet.hpp"

namespace wangge::e2e {
namespace {

const char* kHeader = kPeopleHeader;

int64_t CommunityPeople() { return PlaceCount("secretary", Env().place("secretary"), "people"); }

// UTF-8 -> GBK with iconv.
std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return "";
  std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
  char* ip = in.data();
  size_t il = in.size();
  char* op = out.data();
  size_t ol = out.size();
  size_t rc = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return "";
  out.resize(out.size() - ol);
  return out;
}

// The rows of the import report's errors as (row, column).
std::vector<std::pair<int, std::string>> Errors(const json& rep) {
  std::vector<std::pair<int, std::string>> out;
  for (const json& e : rep["errors"]) out.emplace_back(e.value("row", 0), e.value("column", ""));
  return out;
}

// Five data rows (rows 2-6): 2, 4 and 6 good; 3 has a bad ID, 5 an unknown tag.
struct FiveRows {
  std::string csv;
  std::vector<std::string> good_ids;
};

FiveRows MakeFiveRows() {
  FiveRows f;
  const std::string grid = Env().place("gridworker");
  const std::string hh = UniqueHouseholdNo("E2EIMP");
  for (int i = 0; i < 4; ++i) f.good_ids.push_back(FreshCitizenId(1932));  // rows 2, 4, 5 (bad tag), 6
  std::string bad = FreshCitizenId(1932);  // row 3, with a wrong check character
  bad[17] = bad[17] == '1' ? '2' : '1';
  f.csv = std::string(kHeader) + "王一," + f.good_ids[0] + "," + grid + ",汉族,群众,13800001111,户籍,户主," +
          hh + ",测试路8号,低保(低保证号=DB0001)\n" + "王二," + bad + "," + grid + ",汉族,群众,,户籍,配偶," +
          hh + ",测试路8号,\n" + "王三," + f.good_ids[1] + "," + grid + ",彝族,中共党员,,户籍,配偶," + hh +
          ",测试路8号,\"残疾人(残疾类别=肢体,残疾等级=二级)\"\n" + "王四," + f.good_ids[2] + "," + grid +
          ",汉族,群众,,户籍,子," + hh + ",测试路8号,外星人\n" + "王五," + f.good_ids[3] + "," + grid +
          ",汉族,群众,,流动,,,,\n";
  return f;
}

TEST(Import, TemplatesCarryTheChineseHeaders) {
  Response csv = Env().As("secretary", "GET", "/api/v1/import/people/template?format=csv");
  ASSERT_TRUE(IsStatus(csv, 200));
  EXPECT_EQ(csv.Header("content-type").rfind("text/csv", 0), 0u) << csv.Header("content-type");
  EXPECT_NE(csv.Header("content-disposition").find(".csv"), std::string::npos);
  std::string first_line = csv.body.substr(0, csv.body.find_first_of("\r\n"));
  if (first_line.rfind("\xEF\xBB\xBF", 0) == 0) first_line = first_line.substr(3);
  EXPECT_EQ(first_line + "\n", std::string(kHeader));

  Response xlsx = Env().As("secretary", "GET", "/api/v1/import/people/template");
  ASSERT_TRUE(IsStatus(xlsx, 200));
  EXPECT_EQ(xlsx.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(xlsx.Header("content-disposition").find(".xlsx"), std::string::npos);
  ASSERT_GT(xlsx.body.size(), 100u);
  EXPECT_EQ(xlsx.body.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(xlsx.Header("content-length"), std::to_string(xlsx.body.size()));
  // A template imported as it is: its two example rows are recognised and skipped with a note, nothing is
  // rejected and nothing written, whatever the mode (the rows would otherwise add 张三 and 李四).
  const int64_t before = CommunityPeople();
  for (const auto& [bytes, name] :
       {std::pair{xlsx.body, "people-template.xlsx"}, std::pair{csv.body, "people.csv"}}) {
    for (const char* mode : {"accept_valid", "all_or_nothing"}) {
      for (bool dry_run : {true, false}) {
        SCOPED_TRACE(std::string(name) + " " + mode + (dry_run ? " dry run" : ""));
        Response r = Import(bytes, mode, dry_run, name);
        ASSERT_TRUE(IsStatus(r, 200));
        json rep = r.Json();
        EXPECT_EQ(rep.value("rows", int64_t{0}), 2);
        EXPECT_EQ(rep.value("examples_skipped", int64_t{0}), 2);
        EXPECT_EQ(rep.value("rejected", int64_t{-1}), 0) << rep.dump();
        EXPECT_EQ(rep.value("inserted", int64_t{-1}), 0);
        EXPECT_FALSE(rep.value("committed", true));
        EXPECT_NE(rep.value("note", "").find("示例行"), std::string::npos) << rep.dump();
        EXPECT_NE(rep.value("note", "").find("第 2、3 行"), std::string::npos) << rep.dump();
      }
    }
  }
  EXPECT_EQ(CommunityPeople(), before);

  EXPECT_TRUE(
      IsProblem(Env().As("secretary", "GET", "/api/v1/import/people/template?format=ods"), 400, "format"));
  EXPECT_TRUE(IsProblem(
      Env().AsRaw("police", "POST", ImportTarget("accept_valid", true, "x.csv"), csv.body, "text/csv"), 403));
}

TEST(Import, AllOrNothingAcceptValidAndReimport) {
  LoginAll();
  FiveRows f = MakeFiveRows();
  const int64_t before = CommunityPeople();
  const int64_t audit_before = NewestAuditSeq();

  // all_or_nothing: 422 with the broken rows, nothing written.
  Response aon = Import(f.csv, "all_or_nothing");
  ASSERT_EQ(aon.status, 422) << aon.Brief();
  json rep = aon.Json();
  EXPECT_EQ(rep.value("rows", int64_t{0}), 5);
  EXPECT_EQ(rep.value("rejected", int64_t{0}), 2);
  EXPECT_FALSE(rep.value("committed", true));
  auto errs = Errors(rep);
  ASSERT_EQ(errs.size(), 2u) << rep.dump();
  EXPECT_EQ(errs[0], std::make_pair(3, std::string("公民身份号码")));
  EXPECT_EQ(errs[1], std::make_pair(5, std::string("人群标签")));
  for (const json& e : rep["errors"]) {
    EXPECT_FALSE(e.value("reason_zh", "").empty());
    EXPECT_FALSE(e.value("reason_en", "").empty());
  }
  EXPECT_EQ(CommunityPeople(), before);
  EXPECT_EQ(NewestAuditSeq(), audit_before);
  for (const std::string& id : f.good_ids) {
    Response s = Env().As("secretary", "GET", "/api/v1/people?citizen_id=" + id);
    ASSERT_TRUE(IsStatus(s, 200));
    EXPECT_TRUE(s.Json()["items"].empty()) << id;
  }

  // A dry run of accept_valid reports the same and writes nothing.
  Response dry = Import(f.csv, "accept_valid", true);
  ASSERT_TRUE(IsStatus(dry, 200));
  EXPECT_EQ(dry.Json().value("inserted", int64_t{-1}), 3);
  EXPECT_EQ(dry.Json().value("rejected", int64_t{-1}), 2);
  EXPECT_FALSE(dry.Json().value("committed", true));
  EXPECT_EQ(CommunityPeople(), before);

  // accept_valid: the three good rows go in.
  Response av = Import(f.csv, "accept_valid");
  ASSERT_TRUE(IsStatus(av, 200));
  rep = av.Json();
  EXPECT_EQ(rep.value("inserted", int64_t{-1}), 3);
  EXPECT_EQ(rep.value("rejected", int64_t{-1}), 2);
  EXPECT_EQ(rep.value("updated", int64_t{-1}), 0);
  EXPECT_TRUE(rep.value("committed", false));
  EXPECT_EQ(rep.value("households_created", int64_t{-1}), 1);
  EXPECT_EQ(Errors(rep).size(), 2u);
  EXPECT_EQ(CommunityPeople(), before + 3);
  // The imported people are there, masked, with their tag and household.
  Response s = Env().As("secretary", "GET", "/api/v1/people?citizen_id=" + f.good_ids[0]);
  ASSERT_TRUE(IsStatus(s, 200));
  ASSERT_EQ(s.Json()["items"].size(), 1u);
  json p = s.Json()["items"][0];
  EXPECT_EQ(p.value("name", ""), "王一");
  EXPECT_EQ(p.value("phone", ""), "138****1111");
  EXPECT_TRUE(std::regex_match(p.value("citizen_id", ""), MaskedIdRe()));
  ASSERT_EQ(p["tags"].size(), 1u);
  EXPECT_EQ(p["tags"][0].value("tag", ""), "dibao");
  EXPECT_EQ(p["tags"][0]["fields"].value("cert_no", ""), "DB0001");
  EXPECT_TRUE(p["household_id"].is_number_integer());

  // Re-importing the same file changes nothing.
  Response again = Import(f.csv, "accept_valid");
  ASSERT_TRUE(IsStatus(again, 200));
  EXPECT_EQ(again.Json().value("inserted", int64_t{-1}), 0);
  EXPECT_EQ(again.Json().value("unchanged", int64_t{-1}), 3);
  EXPECT_EQ(again.Json().value("updated", int64_t{-1}), 0);
  EXPECT_EQ(again.Json().value("rejected", int64_t{-1}), 2);
  EXPECT_EQ(again.Json().value("households_created", int64_t{-1}), 0);
  EXPECT_EQ(CommunityPeople(), before + 3);
  Response s2 = Env().As("secretary", "GET", "/api/v1/people?citizen_id=" + f.good_ids[0]);
  EXPECT_EQ(s2.Json()["items"][0].value("version", int64_t{-1}), p.value("version", int64_t{-2}));
}

TEST(Import, RowOutsideTheJurisdictionIsRejected) {
  const std::string other_grid = Env().place("gridworker2");
  const std::string id = FreshCitizenId(1932);
  const std::string csv = std::string(kHeader) + "赵一," + id + "," + other_grid + ",汉族,群众,,户籍,,,,\n";
  const int64_t county_before = CountyPeople();
  for (const char* mode : {"accept_valid", "all_or_nothing"}) {
    SCOPED_TRACE(mode);
    Response r = Import(csv, mode);
    ASSERT_EQ(r.status, std::string(mode) == "accept_valid" ? 200 : 422) << r.Brief();
    EXPECT_EQ(r.Json().value("inserted", int64_t{-1}), 0);
    EXPECT_EQ(r.Json().value("rejected", int64_t{-1}), 1);
    auto errs = Errors(r.Json());
    ASSERT_EQ(errs.size(), 1u) << r.body;
    EXPECT_EQ(errs[0], std::make_pair(2, std::string("所属网格或十联户代码")));
  }
  EXPECT_EQ(CountyPeople(), county_before);
  Response s = Env().As("county", "GET", "/api/v1/people?citizen_id=" + id);
  EXPECT_TRUE(s.Json()["items"].empty());
}

TEST(Import, BrokenFilesAre400AndWriteNothing) {
  Response xlsx = Env().As("secretary", "GET", "/api/v1/import/people/template?format=xlsx");
  ASSERT_TRUE(IsStatus(xlsx, 200));
  const int64_t before = CountyPeople();
  EXPECT_TRUE(
      IsProblem(Import(xlsx.body.substr(0, xlsx.body.size() / 2), "accept_valid", false, "x.xlsx"), 400));
  EXPECT_TRUE(IsProblem(
      Import(xlsx.body.substr(0, xlsx.body.size() / 2), "all_or_nothing", false, "people.xlsx"), 400));
  // A CSV without the required columns, an empty body, a bad mode, a bad dry_run.
  EXPECT_TRUE(IsProblem(Import("name,id\n张三,1\n", "accept_valid"), 400));
  EXPECT_TRUE(IsProblem(Import("", "accept_valid"), 400, "body"));
  EXPECT_TRUE(IsProblem(Import(std::string(kHeader), "everything"), 400, "mode"));
  EXPECT_TRUE(IsProblem(Env().AsRaw("secretary", "POST", "/api/v1/import/people?dry_run=perhaps",
                                    std::string(kHeader), "text/csv"),
                        400, "dry_run"));
  // An old binary Excel file.
  EXPECT_TRUE(IsProblem(Import(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'),
                               "accept_valid", false, "x.xls"),
                        415));
  EXPECT_EQ(CountyPeople(), before);
}

TEST(Import, GbkCsvIsConvertedWithANote) {
  const std::string id = FreshCitizenId(1933);
  const std::string utf8 = std::string(kHeader) + "欧阳娜娜," + id + "," + Env().place("gridworker") +
                           ",汉族,群众,,户籍,,,,留守老人\n";
  const std::string gbk = ToGbk(utf8);
  ASSERT_FALSE(gbk.empty());
  ASSERT_NE(gbk, utf8);
  const int64_t before = CommunityPeople();
  Response r = Import(gbk, "all_or_nothing", false, "gbk.csv");
  ASSERT_TRUE(IsStatus(r, 200));
  EXPECT_EQ(r.Json().value("inserted", int64_t{-1}), 1);
  EXPECT_EQ(r.Json().value("rejected", int64_t{-1}), 0);
  EXPECT_TRUE(r.Json().value("committed", false));
  ASSERT_TRUE(r.Json().contains("note")) << r.body;
  EXPECT_TRUE(HasNonAscii(r.Json().value("note", ""))) << r.body;
  // In English when asked.
  Response en = Env().AsRaw("secretary", "POST", ImportTarget("accept_valid", true, "gbk.csv"), gbk,
                            "text/csv", {{"Accept-Language", "en-US,en;q=0.9"}});
  ASSERT_TRUE(IsStatus(en, 200));
  EXPECT_FALSE(en.Json().value("note", "").empty());
  EXPECT_FALSE(HasNonAscii(en.Json().value("note", ""))) << en.body;
  EXPECT_EQ(CommunityPeople(), before + 1);
  Response s = Env().As("secretary", "GET", "/api/v1/people?citizen_id=" + id);
  ASSERT_TRUE(IsStatus(s, 200));
  ASSERT_EQ(s.Json()["items"].size(), 1u);
  EXPECT_EQ(s.Json()["items"][0].value("name", ""), "欧阳娜娜");
  ASSERT_EQ(s.Json()["items"][0]["tags"].size(), 1u);
  EXPECT_EQ(s.Json()["items"][0]["tags"][0].value("tag", ""), "left_behind_elder");
}

TEST(Import, ExportIsMasked) {
  const std::string grid = Env().place("gridworker");
  // Someone with a phone number in the grid, whose clear ID we know.
  const std::string id = FreshCitizenId(1933);
  Response c = Env().As(
      "gridworker", "POST", "/api/v1/people",
      json{{"place_code", grid}, {"name", "导出测试"}, {"citizen_id", id}, {"phone", "13711112222"}});
  ASSERT_TRUE(IsStatus(c, 201));
  for (const char* user : {"secretary", "gridworker"}) {
    SCOPED_TRACE(user);
    Response r = Env().As(user, "GET", "/api/v1/export/people?format=csv&scope=" + grid);
    ASSERT_TRUE(IsStatus(r, 200));
    EXPECT_EQ(r.Header("content-type").rfind("text/csv", 0), 0u);
    auto table = sheet::ReadCsv(r.body);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    EXPECT_EQ(table->header[1], "公民身份号码");
    for (const auto& row : table->rows) {
      ASSERT_GE(row.size(), 3u);
      EXPECT_TRUE(std::regex_match(row[1], MaskedIdRe())) << row[1];
      EXPECT_EQ(row[2].rfind(grid, 0), 0u) << row[2];
    }
    EXPECT_GT(table->rows.size(), 1u);
    // The code columns are written in the `="…"` form, so a spreadsheet opening the file keeps them text.
    EXPECT_NE(r.body.find(",=\"" + id.substr(0, 6) + "********" + id.substr(14) + "\",=\"" + grid),
              std::string::npos);
    EXPECT_EQ(r.body.find(id), std::string::npos);
    EXPECT_EQ(r.body.find("13711112222"), std::string::npos);
    EXPECT_NE(r.body.find(id.substr(0, 6) + "********" + id.substr(14)), std::string::npos);
    EXPECT_NE(r.body.find("137****2222"), std::string::npos);
  }
  // Scope outside the jurisdiction.
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "GET", "/api/v1/export/people?format=csv&scope=" + Env().place("gridworker2")),
      403));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "GET", "/api/v1/export/people?format=pdf"), 400, "format"));
}

// The example rows of the template pass every check: renamed (so that they are not skipped as examples) and
// placed in the caller's grid, they would be imported.
TEST(Import, TemplateExampleRowsAreValid) {
  Response xlsx = Env().As("secretary", "GET", "/api/v1/import/people/template");
  ASSERT_TRUE(IsStatus(xlsx, 200));
  auto t = sheet::ReadXlsx(xlsx.body);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 2u);
  const std::string hh = UniqueHouseholdNo("E2ETPL");
  for (auto& row : t->rows) {
    ASSERT_GE(row.size(), 9u);
    EXPECT_TRUE(ParseCitizenId(row[1]).ok()) << row[1];
    row[0] = "示例" + row[0];
    row[2] = Env().place("gridworker");
    row[8] = hh;
  }
  for (const auto& [bytes, name] :
       {std::pair{*sheet::WriteXlsx(*t, "人员"), "t.xlsx"}, std::pair{sheet::WriteCsv(*t), "t.csv"}}) {
    SCOPED_TRACE(name);
    Response r = Import(bytes, "all_or_nothing", true, name);
    ASSERT_TRUE(IsStatus(r, 200));
    json rep = r.Json();
    EXPECT_EQ(rep.value("rejected", int64_t{-1}), 0) << rep.dump();
    EXPECT_EQ(rep.value("examples_skipped", int64_t{-1}), 0);
    EXPECT_EQ(rep.value("inserted", int64_t{0}) + rep.value("unchanged", int64_t{0}) +
                  rep.value("updated", int64_t{0}),
              2);
  }
}

// Issue 11: codes typed into General cells of Excel become numbers; a number never becomes a citizen ID,
// place code, 户号 or phone. Each such row is refused with a message that says what happened and what to do,
// in every mode, and nothing of it is stored.
TEST(Import, NumberCellsInCodeColumnsAreRefused) {
  const std::string grid = Env().place("gridworker"), unit = Env().place("unitleader");
  const std::string good = FreshCitizenId(1934), rounds = IdThatBecomesAnotherValidId(1931);
  const std::string id3 = FreshCitizenId(1934), id4 = FreshCitizenId(1934), id5 = FreshCitizenId(1934);
  ASSERT_FALSE(rounds.empty());
  const std::string hh = UniqueHouseholdNo("E2ENUM");
  const auto row = [&](std::string name, Cell id, Cell place, Cell phone, Cell household) {
    return std::vector<Cell>{{std::move(name)}, std::move(id), std::move(place),
                             {"汉族"},          {"群众"},      std::move(phone),
                             {"户籍"},          {""},          std::move(household)};
  };
  const std::string bytes = WorkerXlsx({
      row("数甲", {good}, {grid}, {"13800001111"}, {hh}),    // row 2: all text
      row("数乙", Num(rounds), {grid}, {""}, {""}),          // row 3: the ID as a number
      row("数丙", {id3}, Num(unit), {""}, {""}),             // row 4: the place code as a number
      row("数丁", {id4}, {grid}, {""}, Num("12345")),        // row 5: 户号 as a number
      row("数戊", {id5}, {grid}, Num("13800002222"), {""}),  // row 6: the phone as a number
  });
  const int64_t before = CommunityPeople();
  Response aon = Import(bytes, "all_or_nothing", false, "worker.xlsx");
  ASSERT_EQ(aon.status, 422) << aon.Brief();
  auto errors = ReportErrors(aon.Json());
  ASSERT_EQ(errors.size(), 4u) << aon.body;
  const std::vector<std::pair<int, std::string>> want = {
      {3, "公民身份号码"}, {4, "所属网格或十联户代码"}, {5, "户号"}, {6, "联系电话"}};
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].second);
    EXPECT_EQ(errors[i].row, want[i].first);
    EXPECT_EQ(errors[i].column, want[i].second);
    EXPECT_NE(errors[i].zh.find("该单元格被存为数字"), std::string::npos) << errors[i].zh;
    EXPECT_NE(errors[i].zh.find("请把此列设为文本后重新填写"), std::string::npos) << errors[i].zh;
    EXPECT_NE(errors[i].en.find("format the column as text and type it again"), std::string::npos)
        << errors[i].en;
  }
  // 18 digits have lost their last ones; 户号 and phone may have lost leading zeros.
  EXPECT_EQ(errors[0].zh, kLostDigitsZh);
  EXPECT_EQ(errors[0].en, kLostDigitsEn);
  EXPECT_EQ(errors[1].zh, kLostDigitsZh);
  EXPECT_NE(errors[2].zh.find("开头的 0"), std::string::npos);
  EXPECT_EQ(CommunityPeople(), before);

  Response av = Import(bytes, "accept_valid", false, "worker.xlsx");
  ASSERT_TRUE(IsStatus(av, 200));
  EXPECT_EQ(av.Json().value("inserted", int64_t{-1}), 1);
  EXPECT_EQ(av.Json().value("rejected", int64_t{-1}), 4);
  EXPECT_EQ(CommunityPeople(), before + 1);
  EXPECT_FALSE(NobodyHas(good));
  // Neither the typed ID nor the one the spreadsheet made of it is stored, nor any refused row.
  for (const std::string& id : {rounds, RoundedLikeASpreadsheet(rounds), id3, id4, id5})
    EXPECT_TRUE(NobodyHas(id)) << id;
}

// A CSV saved by a spreadsheet shows a number cell as scientific notation: refused the same way. The `="…"`
// form our export writes is read as its text, leading zeros and all.
TEST(Import, CsvScientificNotationIsRefusedAndFormulaTextIsKept) {
  const std::string grid = Env().place("gridworker");
  const std::string id = FreshCitizenId(1934), lost = FreshCitizenId(1934);
  const std::string hh = "00" + std::to_string(::getpid());  // digits with leading zeros
  const std::string csv = std::string(kHeader) + "科甲,=\"" + id + "\",=\"" + grid +
                          "\",汉族,群众,=\"08741234567\",户籍,户主,=\"" + hh + "\",测试路9号,\n" +
                          "科乙,5.30326E+17,=\"" + grid + "\",汉族,群众,,户籍,,,,\n" + "科丙," + lost +
                          ",5.30326001001001E+14,汉族,群众,,户籍,,,,\n";
  for (bool dry_run : {true, false}) {
    Response r = Import(csv, "accept_valid", dry_run, "saved.csv");
    ASSERT_TRUE(IsStatus(r, 200));
    auto errors = ReportErrors(r.Json());
    ASSERT_EQ(errors.size(), 2u) << r.body;
    EXPECT_EQ(errors[0].row, 3);
    EXPECT_EQ(errors[0].column, "公民身份号码");
    EXPECT_EQ(errors[0].zh, kLostDigitsZh);
    EXPECT_EQ(errors[1].row, 4);
    EXPECT_EQ(errors[1].column, "所属网格或十联户代码");
    EXPECT_EQ(errors[1].zh, kLostDigitsZh);
    EXPECT_EQ(r.Json().value("inserted", int64_t{-1}), 1);
  }
  EXPECT_TRUE(NobodyHas(lost));
  Response s = Env().As("secretary", "GET", "/api/v1/people?citizen_id=" + id);
  ASSERT_TRUE(IsStatus(s, 200));
  ASSERT_EQ(s.Json()["items"].size(), 1u);
  EXPECT_EQ(s.Json()["items"][0].value("place_code", ""), grid);
  EXPECT_EQ(s.Json()["items"][0].value("phone", ""), "087****4567");
  Response h = Env().As(
      "secretary", "GET",
      "/api/v1/households/" + std::to_string(s.Json()["items"][0].value("household_id", int64_t{0})));
  ASSERT_TRUE(IsStatus(h, 200));
  EXPECT_EQ(h.Json().value("household_no", ""), hh);  // the leading zeros are kept
}

// "取值不在允许列表中" says what is allowed: a short list in full, the 58 民族 by the template's drop-down
// list.
TEST(Import, AValueOutsideAListSaysWhatIsAllowed) {
  const std::string grid = Env().place("gridworker");
  const std::string csv = std::string(kHeader) + "列甲," + FreshCitizenId(1934) + "," + grid +
                          ",汉,群众,,户籍,,,,\n" + "列乙," + FreshCitizenId(1934) + "," + grid +
                          ",汉族,群众,,户籍,老公,,,\n";
  Response r = Import(csv, "accept_valid", true);
  ASSERT_TRUE(IsStatus(r, 200));
  auto errors = ReportErrors(r.Json());
  ASSERT_EQ(errors.size(), 2u) << r.body;
  EXPECT_EQ(errors[0].column, "民族");
  EXPECT_NE(errors[0].zh.find("下拉列表"), std::string::npos) << errors[0].zh;
  EXPECT_NE(errors[0].zh.find("汉族、蒙古族"), std::string::npos) << errors[0].zh;
  EXPECT_NE(errors[0].en.find("drop-down list"), std::string::npos) << errors[0].en;
  EXPECT_EQ(errors[1].column, "与户主关系");
  EXPECT_NE(errors[1].zh.find("户主、配偶、子、女"), std::string::npos) << errors[1].zh;
  EXPECT_NE(errors[1].en.find("户主, 配偶, 子, 女"), std::string::npos) << errors[1].en;
}

}  // namespace
}  // namespace wangge::e2e
