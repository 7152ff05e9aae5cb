// Names that the web UI shows as labels on maps, charts, trees and menus (issue 11: a township renamed itself
// `古城街道<img src=x onerror=…>` and the script ran on the county centre's dashboard) follow the name rule
// (core/text.hpp CleanName): markup, bidi and invisible characters are a 400 problem+json naming the field,
// zh + en, and change nothing; real names with their punctuation still save.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

const char* const kImg = "古城街道<img src=x onerror=alert(1)>";
const char* const kSvg = "\"><svg onload=alert(1)>";
const char* const kBidi = "古城\u202E街道";
const char* const kZeroWidth = "古城\u200B街道";

int64_t UserId(const std::string& username) {
  for (const json& u : ListAll("admin", "/api/v1/users"))
    if (u.value("username", "") == username) return u.value("id", int64_t{0});
  ADD_FAILURE() << "no user " << username;
  return 0;
}

TEST(Names, PlaceNamesWithMarkupAreRefusedAndChangeNothing) {
  const std::string township = Env().place("township");
  Response before = Env().As("township", "GET", "/api/v1/places/" + township);
  ASSERT_TRUE(IsStatus(before, 200));
  const int64_t version = before.Json().value("version", int64_t{0});
  LoginAll();  // logins are audited too
  const int64_t audit_before = NewestAuditSeq();
  for (const char* bad : {kImg, kSvg, kBidi, kZeroWidth, "古城街道 & 金钟", "O'Neil街道", "`x`街道"}) {
    SCOPED_TRACE(bad);
    Response r = Env().As("township", "PATCH", "/api/v1/places/" + township,
                          json{{"version", version}, {"name", bad}});
    EXPECT_TRUE(IsProblem(r, 400, "name")) << r.body;
    EXPECT_NE(r.Json().value("detail_zh", "").find("名称"), std::string::npos) << r.body;
  }
  // creating one is refused the same way
  const std::string village = Env().place("secretary");
  Response create =
      Env().As("secretary", "POST", "/api/v1/places", json{{"code", village + "897"}, {"name", kImg}});
  EXPECT_TRUE(IsProblem(create, 400, "name")) << create.body;
  Response after = Env().As("township", "GET", "/api/v1/places/" + township);
  EXPECT_EQ(after.Json().value("name", ""), before.Json().value("name", ""));
  EXPECT_EQ(after.Json().value("version", int64_t{0}), version);
  EXPECT_EQ(NewestAuditSeq(), audit_before);

  // Real names with their punctuation still save (and the old name is put back).
  const std::string old_name = before.Json().value("name", "");
  Response ok = Env().As("township", "PATCH", "/api/v1/places/" + township,
                         json{{"version", version}, {"name", "古城街道（第12村民小组·试点）-东片"}});
  ASSERT_TRUE(IsStatus(ok, 200)) << ok.body;
  EXPECT_EQ(ok.Json().value("name", ""), "古城街道（第12村民小组·试点）-东片");
  Response back = Env().As("township", "PATCH", "/api/v1/places/" + township,
                           json{{"version", ok.Json().value("version", int64_t{0})}, {"name", old_name}});
  EXPECT_TRUE(IsStatus(back, 200)) << back.body;
}

TEST(Names, DepartmentCategoryUserAndOrganisationNamesWithMarkupAreRefused) {
  const std::string county = Env().place("county");
  LoginAll();  // logins are audited too
  const int64_t audit_before = NewestAuditSeq();
  // department: create and rename
  EXPECT_TRUE(IsProblem(Env().As("admin", "POST", "/api/v1/departments",
                                 json{{"code", "xss_dept"}, {"name", kImg}, {"place_code", county}}),
                        400, "name"));
  const int64_t gongan = DepartmentId("gongan");
  EXPECT_TRUE(IsProblem(
      Env().As("admin", "PATCH", "/api/v1/departments/" + std::to_string(gongan), json{{"name", kSvg}}), 400,
      "name"));
  // category names, zh and en
  Response cat = Env().As("admin", "GET", "/api/v1/categories/0101");
  ASSERT_TRUE(IsStatus(cat, 200));
  const int64_t cv = cat.Json().value("version", int64_t{0});
  Response zh =
      Env().As("admin", "PATCH", "/api/v1/categories/0101", json{{"version", cv}, {"name_zh", kImg}});
  EXPECT_TRUE(IsProblem(zh, 400, "name_zh")) << zh.body;
  EXPECT_NE(zh.Json().value("detail_zh", "").find("中文名称"), std::string::npos) << zh.body;
  EXPECT_TRUE(IsProblem(Env().As("admin", "PATCH", "/api/v1/categories/0101",
                                 json{{"version", cv}, {"name_en", "Rubbish<script>"}}),
                        400, "name_en"));
  // a user's display name
  const int64_t township_user = UserId("township");
  EXPECT_TRUE(IsProblem(Env().As("admin", "PATCH", "/api/v1/users/" + std::to_string(township_user),
                                 json{{"display_name", "张三<img src=x onerror=alert(1)>"}}),
                        400, "display_name"));
  // 两新组织 and 党组织 names, and the person names they carry
  const std::string village = Env().place("secretary");
  EXPECT_TRUE(IsProblem(Env().As("county", "POST", "/api/v1/organizations",
                                 json{{"place_code", village}, {"name", kImg}, {"kind", "enterprise"}}),
                        400, "name"));
  EXPECT_TRUE(IsProblem(Env().As("county", "POST", "/api/v1/organizations",
                                 json{{"place_code", village},
                                      {"name", "会泽某某有限公司"},
                                      {"kind", "enterprise"},
                                      {"instructor_name", kBidi}}),
                        400, "instructor_name"));
  EXPECT_TRUE(IsProblem(Env().As("county", "POST", "/api/v1/party-orgs",
                                 json{{"place_code", village}, {"name", kSvg}, {"kind", "village_org"}}),
                        400, "name"));
  EXPECT_TRUE(IsProblem(Env().As("county", "POST", "/api/v1/party-orgs",
                                 json{{"place_code", village},
                                      {"name", "金钟社区党委"},
                                      {"kind", "village_org"},
                                      {"secretary_name", "李四<b>"}}),
                        400, "secretary_name"));
  // a building, and a holiday's name
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/buildings",
                                 json{{"place_code", Env().place("gridworker")}, {"name", kZeroWidth}}),
                        400, "name"));
  EXPECT_TRUE(IsProblem(Env().As("admin", "PUT", "/api/v1/calendar",
                                 json{{"date", "2027-10-01"}, {"type", "holiday"}, {"name", "国庆<script>"}}),
                        400, "name"));
  EXPECT_EQ(NewestAuditSeq(), audit_before);
}

}  // namespace
}  // namespace wangge::e2e
