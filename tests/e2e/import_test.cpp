// Import and export of the people table over HTTP (body = file bytes), as the community secretary.
#include <iconv.h>

#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

const char* kHeader = "姓名,公民身份号码,所属网格或十联户代码,民族,政治面貌,联系电话,居住类型,与户主关系,户号,住址,人群标签\n";

std::string ImportTarget(const std::string& mode, bool dry_run, const std::string& filename) {
  return "/api/v1/import/people?mode=" + mode + "&dry_run=" + (dry_run ? "true" : "false") + "&filename=" + UrlEncode(filename);
}

Response Import(const std::string& bytes, const std::string& mode, bool dry_run = false, const std::string& filename = "x.csv",
                const std::string& user = "secretary") {
  return Env().AsRaw(user, "POST", ImportTarget(mode, dry_run, filename), bytes, "application/octet-stream");
}

int64_t CommunityPeople() { return PlaceCount("secretary", Env().place("secretary"), "people"); }

std::string UniqueHouseholdNo(const std::string& stem) {
  static std::atomic<int> n{0};
  return stem + std::to_string(::getpid()) + "N" + std::to_string(n++);
}

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
  f.csv = std::string(kHeader) +
          "王一," + f.good_ids[0] + "," + grid + ",汉族,群众,13800001111,户籍,户主," + hh + ",测试路8号,低保(低保证号=DB0001)\n" +
          "王二," + bad + "," + grid + ",汉族,群众,,户籍,配偶," + hh + ",测试路8号,\n" +
          "王三," + f.good_ids[1] + "," + grid + ",彝族,中共党员,,户籍,配偶," + hh + ",测试路8号,\"残疾人(残疾类别=肢体,残疾等级=二级)\"\n" +
          "王四," + f.good_ids[2] + "," + grid + ",汉族,群众,,户籍,子," + hh + ",测试路8号,外星人\n" +
          "王五," + f.good_ids[3] + "," + grid + ",汉族,群众,,流动,,,,\n";
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
  // The template imports cleanly as a dry run of its format (its example codes are fictitious: rejected
  // rows, but the file itself is readable and the headers are recognised).
  Response dry = Import(xlsx.body, "accept_valid", true, "people-template.xlsx");
  ASSERT_TRUE(IsStatus(dry, 200));
  EXPECT_EQ(dry.Json().value("rows", int64_t{0}), 2);
  EXPECT_FALSE(dry.Json().value("committed", true));

  EXPECT_TRUE(IsProblem(Env().As("secretary", "GET", "/api/v1/import/people/template?format=ods"), 400, "format"));
  EXPECT_TRUE(IsProblem(Env().AsRaw("police", "POST", ImportTarget("accept_valid", true, "x.csv"), csv.body, "text/csv"), 403));
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
  EXPECT_TRUE(IsProblem(Import(xlsx.body.substr(0, xlsx.body.size() / 2), "accept_valid", false, "x.xlsx"), 400));
  EXPECT_TRUE(IsProblem(Import(xlsx.body.substr(0, xlsx.body.size() / 2), "all_or_nothing", false, "people.xlsx"), 400));
  // A CSV without the required columns, an empty body, a bad mode, a bad dry_run.
  EXPECT_TRUE(IsProblem(Import("name,id\n张三,1\n", "accept_valid"), 400));
  EXPECT_TRUE(IsProblem(Import("", "accept_valid"), 400, "body"));
  EXPECT_TRUE(IsProblem(Import(std::string(kHeader), "everything"), 400, "mode"));
  EXPECT_TRUE(IsProblem(Env().AsRaw("secretary", "POST", "/api/v1/import/people?dry_run=perhaps", std::string(kHeader),
                                    "text/csv"),
                        400, "dry_run"));
  // An old binary Excel file.
  EXPECT_TRUE(IsProblem(Import(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'), "accept_valid",
                               false, "x.xls"),
                        415));
  EXPECT_EQ(CountyPeople(), before);
}

TEST(Import, GbkCsvIsConvertedWithANote) {
  const std::string id = FreshCitizenId(1933);
  const std::string utf8 = std::string(kHeader) + "欧阳娜娜," + id + "," + Env().place("gridworker") + ",汉族,群众,,户籍,,,,留守老人\n";
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
  Response en = Env().AsRaw("secretary", "POST", ImportTarget("accept_valid", true, "gbk.csv"), gbk, "text/csv",
                            {{"Accept-Language", "en-US,en;q=0.9"}});
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
  Response c = Env().As("gridworker", "POST", "/api/v1/people",
                        json{{"place_code", grid}, {"name", "导出测试"}, {"citizen_id", id}, {"phone", "13711112222"}});
  ASSERT_TRUE(IsStatus(c, 201));
  for (const char* user : {"secretary", "gridworker"}) {
    SCOPED_TRACE(user);
    Response r = Env().As(user, "GET", "/api/v1/export/people?format=csv&scope=" + grid);
    ASSERT_TRUE(IsStatus(r, 200));
    EXPECT_EQ(r.Header("content-type").rfind("text/csv", 0), 0u);
    std::istringstream in(r.body);
    std::string line;
    int rows = 0;
    bool header = true;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      if (header) {
        header = false;
        continue;
      }
      std::vector<std::string> f;
      size_t pos = 0;
      for (int k = 0; k < 3; ++k) {
        size_t comma = line.find(',', pos);
        f.push_back(line.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
        pos = comma == std::string::npos ? line.size() : comma + 1;
      }
      ++rows;
      EXPECT_TRUE(std::regex_match(f[1], MaskedIdRe())) << line;
      EXPECT_EQ(f[2].rfind(grid, 0), 0u) << line;
    }
    EXPECT_GT(rows, 1);
    EXPECT_EQ(r.body.find(id), std::string::npos);
    EXPECT_EQ(r.body.find("13711112222"), std::string::npos);
    EXPECT_NE(r.body.find(id.substr(0, 6) + "********" + id.substr(14)), std::string::npos);
    EXPECT_NE(r.body.find("137****2222"), std::string::npos);
  }
  // Scope outside the jurisdiction.
  EXPECT_TRUE(IsProblem(Env().As("secretary", "GET", "/api/v1/export/people?format=csv&scope=" + Env().place("gridworker2")), 403));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "GET", "/api/v1/export/people?format=pdf"), 400, "format"));
}

}  // namespace
}  // namespace wangge::e2e
