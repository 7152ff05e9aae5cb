// Bad input on POST /api/v1/people and PATCH /api/v1/people/{id}: every rejection is a problem+json with
// English and Chinese details, names the field, and changes nothing.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

constexpr int kYear = 1934;  // birth year of the people these tests create

json ValidPerson(const std::string& place, const std::string& name, const std::string& cid) {
  return json{{"place_code", place},    {"name", name},        {"citizen_id", cid},
              {"phone", "13912345678"}, {"ethnicity", "汉族"}, {"residence_type", "户籍"}};
}

// A citizen ID whose date is impossible but whose check digit is right.
std::string BadDateId() {
  std::string first17 = "530326" + std::string("19341332") + "901";
  return first17 + CheckDigit(first17);
}

std::string BadCheckDigitId(const std::string& good) {
  std::string bad = good;
  bad[17] = bad[17] == '1' ? '2' : '1';
  return bad;
}

// A grid code under the secretary's community that does not exist (checked).
std::string MissingGridCode() {
  for (int seq = 898; seq > 800; --seq) {
    std::string code = Env().place("secretary") + std::to_string(seq);
    if (Env().As("county", "GET", "/api/v1/places/" + code).status == 404) return code;
  }
  ADD_FAILURE() << "no free grid code";
  return "";
}

struct RawCase {
  std::string name;
  std::string body;  // raw bytes sent
  std::string content_type;
  int status;
  std::string field;  // "" = not checked
};

TEST(PeopleInput, RejectedCreatesChangeNothing) {
  const std::string grid = Env().place("gridworker");
  const std::string good = FreshCitizenId(kYear);
  ASSERT_FALSE(good.empty());
  auto with = [&](const std::function<void(json&)>& edit) {
    json j = ValidPerson(grid, "测试甲", good);
    edit(j);
    return j.dump();
  };
  const std::string missing_grid = MissingGridCode();
  std::vector<RawCase> cases = {
      {"malformed JSON", R"({"place_code": "1", "name": )", "application/json", 400, "body"},
      {"trailing garbage", with([](json&) {}) + "}", "application/json", 400, "body"},
      {"array body", R"(["place_code", "name"])", "application/json", 400, "body"},
      {"string body", R"("hello")", "application/json", 400, "body"},
      {"empty body", "", "application/json", 400, "body"},
      {"name is a number", with([](json& j) { j["name"] = 123; }), "application/json", 400, "name"},
      {"citizen_id is a number", with([](json& j) { j["citizen_id"] = 530326193401019011LL; }),
       "application/json", 400, "citizen_id"},
      {"household_id is a string", with([](json& j) { j["household_id"] = "12"; }), "application/json", 400,
       "household_id"},
      {"tags is a string", with([](json& j) { j["tags"] = "dibao"; }), "application/json", 400, "tags"},
      {"missing name", with([](json& j) { j.erase("name"); }), "application/json", 400, "name"},
      {"missing citizen_id", with([](json& j) { j.erase("citizen_id"); }), "application/json", 400,
       "citizen_id"},
      {"unknown field", with([](json& j) { j["nickname"] = "小张"; }), "application/json", 400, "nickname"},
      {"name of 31 characters", with([](json& j) {
         j["name"] = std::string();
         for (int i = 0; i < 31; ++i) j["name"] = j["name"].get<std::string>() + "张";
       }),
       "application/json", 400, "name"},
      {"name with digits", with([](json& j) { j["name"] = "张3"; }), "application/json", 400, "name"},
      {"invalid UTF-8",
       std::string(R"({"place_code":")") + grid + R"(","name":"张)" + std::string("\xff\xfe") +
           R"(","citizen_id":")" + good + R"("})",
       "application/json", 400, "body"},
      {"bad check digit", with([&](json& j) { j["citizen_id"] = BadCheckDigitId(good); }), "application/json",
       400, "citizen_id"},
      {"impossible birth date", with([](json& j) { j["citizen_id"] = BadDateId(); }), "application/json", 400,
       "citizen_id"},
      {"17 characters", with([&](json& j) { j["citizen_id"] = good.substr(0, 17); }), "application/json", 400,
       "citizen_id"},
      {"letters in ID", with([&](json& j) { j["citizen_id"] = good.substr(0, 10) + "AB" + good.substr(12); }),
       "application/json", 400, "citizen_id"},
      {"unknown grid code", with([&](json& j) { j["place_code"] = missing_grid; }), "application/json", 400,
       "place_code"},
      {"township code (9 digits)", with([&](json& j) { j["place_code"] = Env().place("township"); }),
       "application/json", 400, "place_code"},
      {"malformed code", with([&](json& j) { j["place_code"] = "53032600100100x"; }), "application/json", 400,
       "place_code"},
      {"unknown tag", with([](json& j) {
         j["tags"] = json::array({json{{"tag", "alien"}}});
       }),
       "application/json", 400, "tags"},
      {"tag field of wrong type", with([](json& j) {
         j["tags"] = json::array({json{{"tag", "dibao"}, {"fields", {{"monthly_amount", "many"}}}}});
       }),
       "application/json", 400, "tags.dibao.monthly_amount"},
      {"bad phone", with([](json& j) { j["phone"] = "12345"; }), "application/json", 400, "phone"},
      {"ethnicity not in list", with([](json& j) { j["ethnicity"] = "火星族"; }), "application/json", 400,
       "ethnicity"},
      {"text/plain", with([](json&) {}), "text/plain", 415, ""},
      {"form encoded", "name=x&citizen_id=y", "application/x-www-form-urlencoded", 415, ""},
  };
  LoginAll();
  const int64_t people_before = CountyPeople();
  const int64_t audit_before = NewestAuditSeq();
  for (const RawCase& c : cases) {
    SCOPED_TRACE(c.name);
    Response r = Env().AsRaw("county", "POST", "/api/v1/people", c.body, c.content_type);
    EXPECT_TRUE(IsProblem(r, c.status, c.field));
    EXPECT_EQ(CountyPeople(), people_before);
  }
  EXPECT_EQ(NewestAuditSeq(), audit_before);
  // The ID was never stored.
  Response search = Env().As("county", "GET", "/api/v1/people?include_retired=true&citizen_id=" + good);
  ASSERT_TRUE(IsStatus(search, 200));
  EXPECT_TRUE(search.Json()["items"].empty()) << search.body;
  // The same body, corrected, is accepted: the cases above failed for their own reason.
  Response ok = Env().As("county", "POST", "/api/v1/people", ValidPerson(grid, "测试甲", good));
  ASSERT_TRUE(IsStatus(ok, 201));
  EXPECT_EQ(CountyPeople(), people_before + 1);
}

TEST(PeopleInput, OversizeBodyIs413) {
  const int64_t before = CountyPeople();
  json j = ValidPerson(Env().place("gridworker"), "测试乙", FreshCitizenId(kYear));
  j["address_note"] = std::string((1 << 20) + 16, 'a');
  Response r = Env().AsRaw("county", "POST", "/api/v1/people", j.dump(), "application/json");
  EXPECT_TRUE(IsProblem(r, 413));
  // Over the limit even when the JSON would be invalid anyway.
  Response r2 =
      Env().AsRaw("county", "POST", "/api/v1/people", std::string((1 << 20) + 1, ' '), "application/json");
  EXPECT_TRUE(IsProblem(r2, 413));
  EXPECT_EQ(CountyPeople(), before);
  // The server is fine afterwards.
  EXPECT_TRUE(IsStatus(Env().As("county", "GET", "/api/v1/me"), 200));
}

TEST(PeopleInput, DuplicateCitizenIdIs409) {
  const std::string grid = Env().place("gridworker");
  const std::string cid = FreshCitizenId(kYear);
  const int64_t before = CountyPeople();
  Response first = Env().As("county", "POST", "/api/v1/people", ValidPerson(grid, "测试丙", cid));
  ASSERT_TRUE(IsStatus(first, 201));
  EXPECT_EQ(CountyPeople(), before + 1);
  LoginAll();
  const int64_t audit = NewestAuditSeq();
  // The same ID again, elsewhere and under another name; also with a lower-case 'x' or spaces it is the same
  // ID.
  Response again = Env().As("secretary", "POST", "/api/v1/people", ValidPerson(grid, "测试丁", cid));
  EXPECT_TRUE(IsProblem(again, 409, "citizen_id"));
  Response spaced = Env().As("county", "POST", "/api/v1/people",
                             ValidPerson(Env().place("gridworker2"), "测试戊", " " + cid + " "));
  EXPECT_TRUE(IsProblem(spaced, 409, "citizen_id"));
  EXPECT_EQ(CountyPeople(), before + 1);
  EXPECT_EQ(NewestAuditSeq(), audit);
  Response search = Env().As("county", "GET", "/api/v1/people?citizen_id=" + cid);
  ASSERT_TRUE(IsStatus(search, 200));
  ASSERT_EQ(search.Json()["items"].size(), 1u);
  EXPECT_EQ(search.Json()["items"][0].value("name", ""), "测试丙");
}

TEST(PeopleInput, SensitiveTagByGridWorkerIs403) {
  const std::string grid = Env().place("gridworker");
  const json correction = json::array(
      {json{{"tag", "community_correction"},
            {"fields", {{"start_on", "2024-01-01"}, {"end_on", "2026-01-01"}, {"type", "缓刑"}}}}});
  const std::string cid = FreshCitizenId(kYear);
  json body = ValidPerson(grid, "测试己", cid);
  body["tags"] = correction;
  const int64_t before = CountyPeople();
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/people", body), 403));
  // By its Chinese name too.
  body["tags"][0]["tag"] = "社区矫正";
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/people", body), 403));
  EXPECT_EQ(CountyPeople(), before);
  // Without the sensitive tag the grid worker may register the person; a care tag is fine.
  body["tags"] = json::array({json{{"tag", "left_behind_elder"}}});
  Response ok = Env().As("gridworker", "POST", "/api/v1/people", body);
  ASSERT_TRUE(IsStatus(ok, 201));
  EXPECT_EQ(CountyPeople(), before + 1);
  const int64_t id = ok.Json().value("id", int64_t{0});
  const int64_t version = ok.Json().value("version", int64_t{0});
  // Adding the sensitive tag by PATCH is refused too, and the record is unchanged.
  Response patch = Env().As("gridworker", "PATCH", "/api/v1/people/" + std::to_string(id),
                            json{{"version", version}, {"tags", correction}});
  EXPECT_TRUE(IsProblem(patch, 403));
  Response now = Env().As("county", "GET", "/api/v1/people/" + std::to_string(id));
  ASSERT_TRUE(IsStatus(now, 200));
  EXPECT_EQ(now.Json().value("version", int64_t{-1}), version);
  ASSERT_EQ(now.Json()["tags"].size(), 1u);
  EXPECT_EQ(now.Json()["tags"][0].value("tag", ""), "left_behind_elder");
  // The county command centre may set it.
  Response county = Env().As("county", "PATCH", "/api/v1/people/" + std::to_string(id),
                             json{{"version", version}, {"tags", correction}});
  ASSERT_TRUE(IsStatus(county, 200));
  EXPECT_EQ(county.Json()["tags"].size(), 1u);
}

TEST(PeopleInput, RejectedPatchesChangeNothing) {
  const std::string grid = Env().place("gridworker");
  Response created =
      Env().As("gridworker", "POST", "/api/v1/people", ValidPerson(grid, "测试庚", FreshCitizenId(kYear)));
  ASSERT_TRUE(IsStatus(created, 201));
  const int64_t id = created.Json().value("id", int64_t{0});
  const int64_t v = created.Json().value("version", int64_t{0});
  const std::string target = "/api/v1/people/" + std::to_string(id);
  std::string long_name;
  for (int i = 0; i < 31; ++i) long_name += "李";
  std::vector<RawCase> cases = {
      {"malformed JSON", R"({"version": 1, "name": )", "application/json", 400, "body"},
      {"array body", "[1]", "application/json", 400, "body"},
      {"missing version", json{{"name", "测试辛"}}.dump(), "application/json", 400, "version"},
      {"version is a string", json{{"version", std::to_string(v)}, {"name", "测试辛"}}.dump(),
       "application/json", 400, "version"},
      {"name is a number", json{{"version", v}, {"name", 5}}.dump(), "application/json", 400, "name"},
      {"unknown field", json{{"version", v}, {"nick", "x"}}.dump(), "application/json", 400, "nick"},
      {"name of 31 characters", json{{"version", v}, {"name", long_name}}.dump(), "application/json", 400,
       "name"},
      {"bad citizen ID", json{{"version", v}, {"citizen_id", "53032619340101901"}}.dump(), "application/json",
       400, "citizen_id"},
      {"invalid UTF-8", "{\"version\":" + std::to_string(v) + ",\"name\":\"\xc3\x28\"}", "application/json",
       400, "body"},
      {"stale version", json{{"version", v - 1}, {"name", "测试辛"}}.dump(), "application/json", 409,
       "version"},
      {"future version", json{{"version", v + 7}, {"name", "测试辛"}}.dump(), "application/json", 409,
       "version"},
      {"text/plain", json{{"version", v}, {"name", "测试辛"}}.dump(), "text/plain", 415, ""},
  };
  LoginAll();
  const int64_t audit_before = NewestAuditSeq();
  for (const RawCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(
        IsProblem(Env().AsRaw("gridworker", "PATCH", target, c.body, c.content_type), c.status, c.field));
    Response now = Env().As("county", "GET", target);
    ASSERT_TRUE(IsStatus(now, 200));
    EXPECT_EQ(now.Json().value("version", int64_t{-1}), v);
    EXPECT_EQ(now.Json().value("name", ""), "测试庚");
  }
  EXPECT_EQ(NewestAuditSeq(), audit_before);

  // A correct PATCH works and bumps the version; the old version is then stale.
  Response ok = Env().As("gridworker", "PATCH", target, json{{"version", v}, {"name", "测试辛"}});
  ASSERT_TRUE(IsStatus(ok, 200));
  EXPECT_EQ(ok.Json().value("name", ""), "测试辛");
  EXPECT_EQ(ok.Json().value("version", int64_t{-1}), v + 1);
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "PATCH", target, json{{"version", v}, {"name", "测试壬"}}),
                        409, "version"));
  Response now = Env().As("county", "GET", target);
  EXPECT_EQ(now.Json().value("name", ""), "测试辛");
  EXPECT_EQ(now.Json().value("version", int64_t{-1}), v + 1);
}

// POST answers an unknown tag with 400 naming "tags" (ValidatePerson runs first); PATCH must do the same
// rather than calling the unknown tag sensitive and answering 403.
TEST(PeopleInput, PatchWithUnknownTagIs400LikePost) {
  const std::string grid = Env().place("gridworker");
  const json alien = json::array({json{{"tag", "alien"}}});
  json body = ValidPerson(grid, "测试子", FreshCitizenId(kYear));
  body["tags"] = alien;
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/people", body), 400, "tags"));
  body.erase("tags");
  Response created = Env().As("gridworker", "POST", "/api/v1/people", body);
  ASSERT_TRUE(IsStatus(created, 201));
  const std::string target = "/api/v1/people/" + std::to_string(created.Json().value("id", int64_t{0}));
  const int64_t v = created.Json().value("version", int64_t{0});
  EXPECT_TRUE(
      IsProblem(Env().As("county", "PATCH", target, json{{"version", v}, {"tags", alien}}), 400, "tags"));
  EXPECT_TRUE(
      IsProblem(Env().As("gridworker", "PATCH", target, json{{"version", v}, {"tags", alien}}), 400, "tags"));
  Response now = Env().As("county", "GET", target);
  ASSERT_TRUE(IsStatus(now, 200));
  EXPECT_EQ(now.Json().value("version", int64_t{-1}), v);
  EXPECT_TRUE(now.Json()["tags"].empty());
}

TEST(PeopleInput, PatchOfAnotherJurisdictionsPersonIs404AndUnchanged) {
  const std::string grid = Env().place("gridworker");
  Response created =
      Env().As("gridworker", "POST", "/api/v1/people", ValidPerson(grid, "测试癸", FreshCitizenId(kYear)));
  ASSERT_TRUE(IsStatus(created, 201));
  const int64_t id = created.Json().value("id", int64_t{0});
  const int64_t v = created.Json().value("version", int64_t{0});
  const std::string target = "/api/v1/people/" + std::to_string(id);
  LoginAll();
  const int64_t audit_before = NewestAuditSeq();
  for (const char* user : {"gridworker2", "township2", "unitleader"}) {
    SCOPED_TRACE(user);
    Response r = Env().As(user, "PATCH", target, json{{"version", v}, {"name", "越权"}});
    if (std::string(user) == "unitleader") {
      EXPECT_TRUE(IsProblem(r, 403));  // no write permission at all
    } else {
      EXPECT_TRUE(IsProblem(r, 404));
      EXPECT_TRUE(IsProblem(Env().As(user, "GET", target), 404));
    }
    // Moving the person into the caller's own grid is no way around it.
    if (std::string(user) == "gridworker2") {
      EXPECT_TRUE(IsProblem(
          Env().As(user, "PATCH", target, json{{"version", v}, {"place_code", Env().place("gridworker2")}}),
          404));
    }
  }
  // Ids that do not exist are 404 too.
  Response missing =
      Env().As("gridworker2", "PATCH", "/api/v1/people/999999999", json{{"version", 1}, {"name", "越权"}});
  EXPECT_TRUE(IsProblem(missing, 404));
  Response now = Env().As("county", "GET", target);
  ASSERT_TRUE(IsStatus(now, 200));
  EXPECT_EQ(now.Json().value("name", ""), "测试癸");
  EXPECT_EQ(now.Json().value("place_code", ""), grid);
  EXPECT_EQ(now.Json().value("version", int64_t{-1}), v);
  EXPECT_EQ(NewestAuditSeq(), audit_before);
}

}  // namespace
}  // namespace wangge::e2e
