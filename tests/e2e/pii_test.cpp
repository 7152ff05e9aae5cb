// Personal data (issue 5): the response scanner that every e2e request goes through (pii_scan.hpp) can fail,
// the product shows clear citizen IDs and phones only where roles.cpp says it may, and the data directory,
// the audit trail and the server log hold none of the IDs and phones submitted through the API.
#include <gtest/gtest-spi.h>

#include <atomic>

#include "server_fixture.hpp"
#include "sheet/sheet.hpp"

namespace wangge::e2e {
namespace {

using pii::Caller;
using pii::FindClear;
using pii::Kind;
using pii::Scanner;

// A valid ID that is not in the database and was never sent (the scanner tests need no server data).
const std::string kClearId = MakeCitizenId("530326", 1985, 3, 14, 123);

Response Answer(int status, const std::string& body, const std::string& content_type = "application/json") {
  Response r;
  r.status = status;
  r.headers.emplace("content-type", content_type);
  r.body = body;
  return r;
}

Caller As(const std::string& role, const std::string& scope) {
  return Caller{true, "t_" + role, role, scope};
}

std::string Masked(const std::string& id) { return MaskCitizenId(id); }

// ------------------------------------------------------------------------------------------- the scanner

TEST(PiiScanner, FindsClearIdsAndMobilesButNotMaskedValuesCodesOrHashes) {
  ASSERT_EQ(kClearId.size(), 18u);
  auto kinds = [](std::string_view text) {
    std::vector<Kind> k;
    for (const auto& m : FindClear(text)) k.push_back(m.kind);
    return k;
  };
  EXPECT_EQ(kinds("身份证" + kClearId + "，"), std::vector<Kind>{Kind::kCitizenId});
  EXPECT_EQ(kinds("call 13712345678."), std::vector<Kind>{Kind::kMobile});
  EXPECT_EQ(kinds("电话13712345678和" + kClearId), (std::vector<Kind>{Kind::kMobile, Kind::kCitizenId}));
  std::string bad_check = kClearId;
  bad_check[17] = bad_check[17] == '1' ? '2' : '1';
  EXPECT_TRUE(kinds(bad_check).empty()) << "wrong check character";
  EXPECT_TRUE(kinds(Masked(kClearId)).empty());
  EXPECT_TRUE(kinds("138****5678").empty());
  EXPECT_TRUE(kinds("12812345678").empty()) << "not a mobile prefix";
  EXPECT_TRUE(kinds("137123456789").empty()) << "part of a longer digit run";
  EXPECT_TRUE(kinds("a13712345678").empty()) << "inside a hex or base64 string";
  EXPECT_TRUE(kinds("103.13712345678").empty()) << "the fraction of a coordinate";
  EXPECT_TRUE(kinds("WG2026010112345678").empty()) << "a tracking number";
  EXPECT_TRUE(kinds("530326001001001001").empty())
      << "a household-unit code is not a valid ID (no birth date)";
  // A 15-digit number is an old ID only where IDs stand, or when it was submitted as one: grid codes look
  // alike.
  const std::string old15 = "530326850314123";
  EXPECT_TRUE(kinds(old15).empty());
  EXPECT_EQ(FindClear(old15, nullptr, /*id_context=*/true).size(), 1u);
  std::set<std::string> submitted{old15};
  EXPECT_EQ(FindClear("echo " + old15, &submitted).size(), 1u);
  // The forms people type: grouped with spaces or dashes, full-width digits.
  const std::string spaced = kClearId.substr(0, 4) + " " + kClearId.substr(4, 4) + " " +
                             kClearId.substr(8, 4) + " " + kClearId.substr(12, 4) + " " + kClearId.substr(16);
  EXPECT_EQ(kinds("身份证 " + spaced + "。"), std::vector<Kind>{Kind::kCitizenId});
  EXPECT_EQ(kinds("电话139-1234-5678"), std::vector<Kind>{Kind::kMobile});
  EXPECT_EQ(kinds("电话\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94"
                  "\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98"),
            std::vector<Kind>{Kind::kMobile})
      << "１３９１２３４５６７８";
  EXPECT_TRUE(kinds("2024-06-01 13:45").empty()) << "a date and a time";
}

TEST(PiiScanner, AClearIdForARoleWithoutUnmaskIsAViolationAMaskedOneIsNot) {
  Scanner s;
  const std::string clear = json{{"items", {{{"id", 7}, {"name", "张三"}, {"citizen_id", kClearId}}}}}.dump();
  const std::string masked =
      json{{"items", {{{"id", 7}, {"name", "张三"}, {"citizen_id", Masked(kClearId)}}}}}.dump();
  for (const std::string role : {"unit_leader", "department_handler", "grid_worker", "county_command"}) {
    SCOPED_TRACE(role);
    auto v = s.Check(As(role, "530326"), "GET", "/api/v1/people?limit=5", Answer(200, clear));
    ASSERT_EQ(v.size(), 1u) << "a list shows masked IDs to every role";
    EXPECT_EQ(v[0].kind, "citizen ID");
    EXPECT_EQ(v[0].where, "$.items[0].citizen_id");
    EXPECT_EQ(v[0].Describe().find(kClearId), std::string::npos)
        << "the message leaks the ID: " << v[0].Describe();
    EXPECT_NE(v[0].Describe().find(Masked(kClearId)), std::string::npos) << v[0].Describe();
    EXPECT_TRUE(s.Check(As(role, "530326"), "GET", "/api/v1/people?limit=5", Answer(200, masked)).empty());
  }
  // An error message that echoes an ID is a leak too, and so is any text body.
  EXPECT_EQ(s.Check(As("grid_worker", "530326001001001"), "POST", "/api/v1/people",
                    Answer(400, json{{"detail", "号码 " + kClearId + " 已存在"}}.dump(),
                           "application/problem+json"))
                .size(),
            1u);
  EXPECT_EQ(s.Check(Caller{}, "GET", "/metrics", Answer(200, "x 13712345678\n", "text/plain")).size(), 1u);
  // The phone validator's own example number is allowed in its error message, nowhere else.
  const std::string example = json{{"detail", "phone must be … (e.g. 13812345678)"}}.dump();
  EXPECT_TRUE(
      s.Check(As("county_command", "530326"), "POST", "/api/v1/people", Answer(400, example)).empty());
  EXPECT_EQ(s.Check(As("county_command", "530326"), "GET", "/api/v1/people/1", Answer(200, example)).size(),
            1u);
  EXPECT_EQ(s.Check(Caller{}, "GET", "/open311/v2/requests.xml",
                    Answer(200, "<r><description>13712345678</description></r>", "application/xml"))
                .size(),
            1u);
}

TEST(PiiScanner, UnmaskIsAllowedOnlyToRolesWithThePermission) {
  Scanner s;
  const std::string body = json{{"id", 7}, {"citizen_id", kClearId}, {"phone", "13712345678"}}.dump();
  const std::string path = "/api/v1/people/7/unmask";
  for (const std::string role :
       {"system_admin", "county_command", "township_official", "community_secretary", "grid_worker"})
    EXPECT_TRUE(s.Check(As(role, "530326"), "POST", path, Answer(200, body)).empty()) << role;
  for (const std::string role :
       {"unit_leader", "department_handler", "party_member", "resident", "hotline_operator"})
    EXPECT_EQ(s.Check(As(role, "530326"), "POST", path, Answer(200, body)).size(), 2u) << role;
  EXPECT_EQ(s.Check(Caller{}, "POST", path, Answer(200, body)).size(), 2u)
      << "an unknown caller gets the strictest rule";
  EXPECT_EQ(s.Check(As("grid_worker", "530326"), "GET", "/api/v1/people/7", Answer(200, body)).size(), 2u)
      << "only the unmask route";
}

TEST(PiiScanner, ReporterPhoneIsAllowedToCommandCentresWithinTheirScope) {
  Scanner s;
  const std::string order = json{
      {"id", 1},
      {"place_code", "530326101001001"},
      {"reporter_name", "李四"},
      {"reporter_phone",
       "13712345678"}}.dump();
  EXPECT_TRUE(s.Check(As("county_command", "530326"), "GET", "/api/v1/orders/1", Answer(200, order)).empty());
  EXPECT_TRUE(
      s.Check(As("township_official", "530326101"), "GET", "/api/v1/orders/1", Answer(200, order)).empty());
  EXPECT_TRUE(
      s.Check(As("hotline_operator", "530326"), "GET", "/api/v1/orders/1", Answer(200, order)).empty());
  EXPECT_EQ(
      s.Check(As("township_official", "530326102"), "GET", "/api/v1/orders/1", Answer(200, order)).size(), 1u)
      << "another township";
  EXPECT_EQ(s.Check(As("department_handler", "530326"), "GET", "/api/v1/orders/1", Answer(200, order)).size(),
            1u);
  EXPECT_EQ(
      s.Check(As("grid_worker", "530326101001001"), "GET", "/api/v1/orders/1", Answer(200, order)).size(),
      1u);
  // The same number in the description is not the contact field.
  const std::string in_text =
      json{{"id", 1}, {"place_code", "530326101001001"}, {"description", "电话13712345678"}}.dump();
  EXPECT_EQ(s.Check(As("county_command", "530326"), "GET", "/api/v1/orders/1", Answer(200, in_text)).size(),
            1u);
}

TEST(PiiScanner, ExportsAreClearOnlyWithAPurposeForRolesThatMayUnmaskXlsxIsDecoded) {
  Scanner s;
  sheet::Table t;
  t.header = {"姓名", "公民身份号码", "联系电话", "人群标签"};
  t.rows.push_back({"张三", kClearId, "13712345678", "留守儿童(监护人=李四,监护人电话=13912345678)"});
  const std::string xlsx = *sheet::WriteXlsx(t, "人员");
  const std::string csv = sheet::WriteCsv(t);
  const std::string xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const Caller county = As("county_command", "530326");
  EXPECT_EQ(s.Check(county, "GET", "/api/v1/export/people?scope=530326", Answer(200, xlsx, xlsx_type)).size(),
            3u);
  EXPECT_EQ(s.Check(county, "GET", "/api/v1/export/people?format=csv", Answer(200, csv, "text/csv")).size(),
            3u);
  EXPECT_TRUE(
      s.Check(county, "GET", "/api/v1/export/people?purpose=%E6%A0%B8%E5%AF%B9", Answer(200, xlsx, xlsx_type))
          .empty());
  EXPECT_EQ(s.Check(As("department_handler", "530326"), "GET", "/api/v1/export/people?purpose=x",
                    Answer(200, xlsx, xlsx_type))
                .size(),
            3u);
  // An .xlsx the scan cannot read is not proven clean.
  EXPECT_EQ(
      s.Check(county, "GET", "/api/v1/export/people", Answer(200, "PK\x03\x04garbage", xlsx_type)).size(),
      1u);
  // The import template's fictitious example row is the same for everyone; another ID in it is not.
  sheet::Table tpl;
  tpl.header = {"姓名", "公民身份号码", "联系电话"};
  tpl.rows.push_back({"张三", "530326199001019001", "13800000000"});
  EXPECT_TRUE(s.Check(As("grid_worker", "530326101001001"), "GET",
                      "/api/v1/import/people/template?format=csv",
                      Answer(200, sheet::WriteCsv(tpl), "text/csv"))
                  .empty());
  tpl.rows.push_back({"李四", kClearId, ""});
  EXPECT_EQ(s.Check(As("grid_worker", "530326101001001"), "GET", "/api/v1/import/people/template?format=csv",
                    Answer(200, sheet::WriteCsv(tpl), "text/csv"))
                .size(),
            1u);
  // Pictures and PDFs are counted, not scanned.
  pii::Totals totals;
  std::string png("\x89PNG\r\n\x1a\n\0\0", 10);
  png += kClearId;
  EXPECT_TRUE(
      s.Check(Caller{}, "GET", "/api/v1/attachments/ab", Answer(200, png, "image/png"), &totals).empty());
  EXPECT_EQ(totals.binary_skipped, 1);
}

// Observe (the hook in Server::Call) fails the running test, and learns callers from login answers.
TEST(PiiScanner, TheHookFailsTheTestThatReceivedTheLeak) {
  static Scanner* s = nullptr;
  static Request* req = nullptr;
  static Response* resp = nullptr;
  Scanner local;
  Request rq;
  rq.method = "GET";
  rq.target = "/api/v1/people/7";
  rq.headers.emplace_back("Authorization", "Bearer tok-unit");
  Response leak = Answer(200, json{{"citizen_id", kClearId}}.dump());
  s = &local, req = &rq, resp = &leak;
  local.Learn("tok-unit", Caller{true, "u", "unit_leader", "530326101001001001"});
  EXPECT_NONFATAL_FAILURE(s->Observe(*req, *resp),
                          "personal data in clear: GET /api/v1/people/7 as u (unit_leader");
  EXPECT_EQ(local.totals().violations, 1);
  // A login answer teaches the scanner who holds a token (here: a grid worker, who may unmask).
  Request login;
  login.method = "POST";
  login.target = "/api/v1/auth/login";
  local.Observe(
      login,
      Answer(200, json{{"token", "tok-grid"},
                       {"user", {{"username", "g"}, {"role", "grid_worker"}, {"scope", "530326101001001"}}}}
                      .dump()));
  EXPECT_EQ(local.CallerOf("tok-grid").role, "grid_worker");
  Request unmask;
  unmask.method = "POST";
  unmask.target = "/api/v1/people/7/unmask";
  unmask.headers.emplace_back("Cookie", "theme=dark; wangge_session=tok-grid");
  local.Observe(unmask, Answer(200, json{{"citizen_id", kClearId}}.dump()));
  EXPECT_EQ(local.totals().violations, 1);
  EXPECT_EQ(local.totals().allowed, 1);
  s = nullptr, req = nullptr, resp = nullptr;
}

// ------------------------------------------------------------------------------------- against the server

std::string FreshPhone() {
  static std::atomic<int> n{0};
  char buf[16];
  std::snprintf(buf, sizeof buf, "166%04d%04d", static_cast<int>(::getpid() % 10000), n++ % 10000);
  return buf;
}

// A new account of `role` at `place`, its initial password changed; returns a session token.
std::string NewSession(const std::string& role, const std::string& place) {
  static std::atomic<int> n{0};
  const std::string user =
      "pii_" + role.substr(0, 8) + "_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
  Response nu =
      Env().As("admin", "POST", "/api/v1/users",
               {{"username", user}, {"display_name", "测试话务员"}, {"role", role}, {"place_code", place}});
  EXPECT_TRUE(IsStatus(nu, 201));
  const std::string initial = nu.Json().value("initial_password", "");
  Response login = Env().server().Login(user, initial);
  EXPECT_TRUE(IsStatus(login, 200));
  const std::string pw = "Pii-" + std::to_string(::getpid()) + "-pw9";
  EXPECT_TRUE(IsStatus(Env().server().Call("POST", "/api/v1/me/password", login.Json().value("token", ""),
                                           json{{"old_password", initial}, {"new_password", pw}}.dump()),
                       200));
  login = Env().server().Login(user, pw);
  EXPECT_TRUE(IsStatus(login, 200));
  return login.Json().value("token", "");
}

// Everything submitted with personal data in clear, for the data-file checks.
struct Submitted {
  std::vector<std::string> ids, phones;
};

Submitted& Known() {
  static Submitted s;
  return s;
}

// A person with an ID, a phone and a left-behind child's guardian phone, created by the grid worker.
json CreatePerson(const std::string& user, const std::string& name) {
  const std::string id = FreshCitizenId(2016), phone = FreshPhone(), guardian = FreshPhone();
  Known().ids.push_back(id);
  Known().phones.push_back(phone);
  Known().phones.push_back(guardian);
  json body{
      {"place_code", Env().place("gridworker")},
      {"name", name},
      {"citizen_id", id},
      {"phone", phone},
      {"tags",
       {{{"tag", "left_behind_child"}, {"fields", {{"guardian", "王大"}, {"guardian_phone", guardian}}}},
        // 残疾人证号: the ID itself, then category 4 (肢体) and grade 2 (二级).
        {{"tag", "disabled"},
         {"fields", {{"disability_type", "肢体"}, {"grade", "二级"}, {"cert_no", id + "42"}}}}}}};
  Response r = Env().As(user, "POST", "/api/v1/people", body);
  EXPECT_TRUE(IsStatus(r, 201));
  json out = r.Json();
  out["clear_id"] = id;
  out["clear_cert"] = id + "42";
  out["clear_phone"] = phone;
  out["clear_guardian"] = guardian;
  return out;
}

std::string FieldIn(const json& person, const std::string& tag, const std::string& field) {
  for (const json& t : person.value("tags", json::array()))
    if (t.value("tag", "") == tag) return t["fields"].value(field, "<absent>");
  return "<no tag>";
}
std::string GuardianPhoneIn(const json& person) {
  return FieldIn(person, "left_behind_child", "guardian_phone");
}
std::string CertIn(const json& person) { return FieldIn(person, "disabled", "cert_no"); }

// The unmask answer's clear value of one sealed tag field; "<absent>" when not there.
std::string TagFieldOf(const json& unmasked, const std::string& field) {
  for (const json& f : unmasked.value("tag_fields", json::array()))
    if (f.value("field", "") == field) return f.value("value", "");
  return "<absent>";
}

TEST(Pii, CareGroupPhonesAreMaskedAndRevealedOnlyByUnmaskOrAPurposefulExport) {
  json p = CreatePerson("gridworker", "测试监护");
  const std::string id = std::to_string(p.value("id", int64_t{0}));
  const std::string guardian = p["clear_guardian"];
  const std::string cert = p["clear_cert"];
  EXPECT_EQ(GuardianPhoneIn(p), MaskPhone(guardian));
  EXPECT_EQ(CertIn(p), MaskDisabilityCert(cert));
  EXPECT_TRUE(std::regex_match(p.value("citizen_id", ""), MaskedIdRe()));
  for (const std::string user : {"county", "township", "secretary", "gridworker"}) {
    Response r = Env().As(user, "GET", "/api/v1/people/" + id);
    ASSERT_TRUE(IsStatus(r, 200)) << user;
    EXPECT_EQ(GuardianPhoneIn(r.Json()), MaskPhone(guardian)) << user;
    EXPECT_EQ(CertIn(r.Json()), MaskDisabilityCert(cert)) << user;
  }
  // Roles without the identity view (unit leader: not in this grid; the department handler) see no phone
  // and no certificate number.
  Response police = Env().As("police", "GET", "/api/v1/people/" + id);
  if (police.status == 200) {
    EXPECT_EQ(GuardianPhoneIn(police.Json()), "<absent>");
    EXPECT_EQ(CertIn(police.Json()), "<absent>");
  }
  // 显示 with a purpose gives the clear numbers, the tag phones included, and is audited.
  Response un =
      Env().As("gridworker", "POST", "/api/v1/people/" + id + "/unmask", {{"purpose", "联系监护人核实情况"}});
  ASSERT_TRUE(IsStatus(un, 200));
  EXPECT_EQ(un.Json().value("citizen_id", ""), p["clear_id"].get<std::string>());
  EXPECT_EQ(un.Json().value("phone", ""), p["clear_phone"].get<std::string>());
  ASSERT_EQ(un.Json()["tag_fields"].size(), 2u) << un.body.size();
  EXPECT_EQ(TagFieldOf(un.Json(), "guardian_phone"), guardian);
  EXPECT_EQ(TagFieldOf(un.Json(), "cert_no"), cert);
  EXPECT_TRUE(IsProblem(
      Env().As("police", "POST", "/api/v1/people/" + id + "/unmask", {{"purpose", "想看看"}}), 403));
  // An edit that sends the masked guardian phone back keeps the number; a new number replaces it.
  json tags =
      json::array({{{"tag", "left_behind_child"},
                    {"fields", {{"guardian", "王大"}, {"guardian_phone", GuardianPhoneIn(p)}}}},
                   {{"tag", "disabled"},
                    {"fields", {{"disability_type", "肢体"}, {"grade", "二级"}, {"cert_no", CertIn(p)}}}}});
  Response patched = Env().As("gridworker", "PATCH", "/api/v1/people/" + id,
                              {{"version", p["version"]}, {"tags", tags}, {"name", "测试监护改"}});
  ASSERT_TRUE(IsStatus(patched, 200));
  Response un2 =
      Env().As("gridworker", "POST", "/api/v1/people/" + id + "/unmask", {{"purpose", "联系监护人核实情况"}});
  ASSERT_TRUE(IsStatus(un2, 200));
  EXPECT_EQ(TagFieldOf(un2.Json(), "guardian_phone"), guardian);
  EXPECT_EQ(TagFieldOf(un2.Json(), "cert_no"), cert);
  // Exports: masked without a purpose, clear with one.
  const std::string scope = Env().place("gridworker");
  Response masked = Env().As("gridworker", "GET", "/api/v1/export/people?format=csv&scope=" + scope);
  ASSERT_TRUE(IsStatus(masked, 200));
  EXPECT_EQ(masked.body.find(guardian), std::string::npos);
  EXPECT_NE(masked.body.find(MaskPhone(guardian)), std::string::npos);
  EXPECT_EQ(masked.body.find(cert), std::string::npos);
  EXPECT_NE(masked.body.find(MaskDisabilityCert(cert)), std::string::npos);
  Response clear =
      Env().As("gridworker", "GET",
               "/api/v1/export/people?format=csv&scope=" + scope + "&purpose=" + UrlEncode("入户走访名单"));
  ASSERT_TRUE(IsStatus(clear, 200));
  EXPECT_NE(clear.body.find(guardian), std::string::npos);
  EXPECT_NE(clear.body.find(cert), std::string::npos);
  EXPECT_NE(clear.body.find(p["clear_id"].get<std::string>()), std::string::npos);
}

// A 残疾人证号 is checked against the holder: the ID part must be the person's own, the two digits must
// be the category and grade given; nothing is written otherwise.
TEST(Pii, DisabilityCertificateMustBeTheHoldersOwn) {
  json p = CreatePerson("gridworker", "测试证号");
  const std::string id = std::to_string(p.value("id", int64_t{0}));
  const std::string own = p["clear_id"];
  const std::string other = FreshCitizenId(1990);
  struct Case {
    const char* name;
    std::string cert, type, grade;
  };
  const std::vector<Case> cases = {
      {"someone else's ID", other + "42", "肢体", "二级"},
      {"category digit differs", own + "12", "肢体", "二级"},
      {"grade digit differs", own + "44", "肢体", "二级"},
      {"grade digit out of range", own + "45", "肢体", "二级"},
      {"19 characters", own + "4", "肢体", "二级"},
      {"bad check character", own.substr(0, 17) + (own[17] == '0' ? "1" : "0") + "42", "肢体", "二级"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    json tags =
        json::array({{{"tag", "disabled"},
                      {"fields", {{"disability_type", c.type}, {"grade", c.grade}, {"cert_no", c.cert}}}}});
    Response r =
        Env().As("gridworker", "PATCH", "/api/v1/people/" + id, {{"version", p["version"]}, {"tags", tags}});
    EXPECT_TRUE(IsProblem(r, 400, "tags.disabled.cert_no"));
    EXPECT_EQ(r.body.find(c.cert), std::string::npos) << "the message does not echo the number";
  }
  Response now = Env().As("gridworker", "GET", "/api/v1/people/" + id);
  ASSERT_TRUE(IsStatus(now, 200));
  EXPECT_EQ(now.Json().value("version", int64_t{0}), p.value("version", int64_t{0}));
  EXPECT_EQ(CertIn(now.Json()), MaskDisabilityCert(own + "42"));
}

TEST(Pii, HotlineCallerPhoneIsClearOnlyForCommandCentresAndTheHotline) {
  const std::string hotline = NewSession("hotline_operator", Env().place("county"));
  const std::string phone = FreshPhone();
  Known().phones.push_back(phone);
  const std::string grid = Env().place("gridworker");
  Response r = Env().server().Call("POST", "/api/v1/orders", hotline,
                                   json{{"category", "0101"},
                                        {"description", "来电反映垃圾未清运"},
                                        {"place_code", grid},
                                        {"reporter_name", "赵六"},
                                        {"reporter_phone", phone}}
                                       .dump());
  ASSERT_TRUE(IsStatus(r, 201));
  EXPECT_EQ(r.Json().value("reporter_phone", ""), phone) << "the operator who took the call";
  const std::string path = "/api/v1/orders/" + std::to_string(r.Json().value("id", int64_t{0}));
  const std::string cmd = grid.rfind(Env().place("township"), 0) == 0 ? "township" : "county";
  EXPECT_EQ(Env().As("county", "GET", path).Json().value("reporter_phone", ""), phone);
  EXPECT_EQ(Env().As(cmd, "GET", path).Json().value("reporter_phone", ""), phone);
  Response gw = Env().As("gridworker", "GET", path);
  if (gw.status == 200) {
    EXPECT_EQ(gw.Json().value("reporter_phone", ""), MaskPhone(phone));
  }
  Response track = Env().server().Call("GET", "/api/v1/track?no=" + r.Json().value("tracking_no", ""));
  EXPECT_EQ(track.body.find(phone), std::string::npos);
}

// Whether the digits found at [pos, pos + len) of a file's raw bytes sit in binary, not in text: text (a
// column's value, a log line) is UTF-8, so a digit run right after a UTF-8 lead byte or right before a
// continuation byte cannot be written text — it is the bytes of stored integers that happen to lie in
// '0'-'9' (a timestamp 0x69CDDE31 followed by 0x34393636 reads "...1" "4966"). Written numbers never sit so.
bool InBinary(const std::string& bytes, size_t pos, size_t len) {
  auto u = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  const bool lead_before = pos > 0 && u(pos - 1) >= 0xC0;
  const bool continuation_after = pos + len < bytes.size() && (u(pos + len) & 0xC0) == 0x80;
  return lead_before || continuation_after;
}

// Every clear ID or mobile number in a file's raw bytes (SQLite pages, WAL frames, logs), masked.
std::vector<std::string> ClearIn(const std::string& bytes, Kind kind) {
  std::vector<std::string> out;
  for (const auto& m : FindClear(bytes))
    if (m.kind == kind && !InBinary(bytes, m.pos, m.raw_len ? m.raw_len : m.value.size()))
      out.push_back(pii::MaskValue(m));
  return out;
}

TEST(Pii, DataFilesAuditTrailAndLogHoldNoPlaintextIdsOrPhones) {
  const int64_t audit_from = NewestAuditSeq("admin");
  // People through the API (one with a legacy 15-digit ID, upgraded and stored as 18), a phone changed by an
  // edit, an import, a hotline order and an Open311 report with the caller's phone.
  json a = CreatePerson("gridworker", "测试落盘");
  json b = CreatePerson("secretary", "测试落盘乙");
  const std::string old15 = "530326" + std::string("850314") + "9" + std::to_string(::getpid() % 90 + 10);
  std::string upgraded;
  {
    auto parsed = ParseCitizenId(old15);
    ASSERT_TRUE(parsed.ok()) << old15;
    upgraded = parsed->number;
    Response exists = Env().As("admin", "GET", "/api/v1/people?include_retired=true&citizen_id=" + upgraded);
    if (exists.status == 200 && exists.Json()["items"].empty()) {
      Known().ids.push_back(old15);
      Known().ids.push_back(upgraded);
      EXPECT_TRUE(IsStatus(
          Env().As("gridworker", "POST", "/api/v1/people",
                   {{"place_code", Env().place("gridworker")}, {"name", "测试旧号"}, {"citizen_id", old15}}),
          201));
    }
  }
  const std::string new_phone = FreshPhone();
  Known().phones.push_back(new_phone);
  EXPECT_TRUE(
      IsStatus(Env().As("gridworker", "PATCH", "/api/v1/people/" + std::to_string(a.value("id", int64_t{0})),
                        {{"version", a["version"]}, {"phone", new_phone}}),
               200));
  {
    const std::string grid = Env().place("gridworker");
    const std::string id1 = FreshCitizenId(1961), id2 = FreshCitizenId(1958);
    const std::string p1 = FreshPhone(), p2 = FreshPhone(), p3 = FreshPhone();
    Known().ids.insert(Known().ids.end(), {id1, id2});
    Known().phones.insert(Known().phones.end(), {p1, p2, p3});
    std::string csv =
        "姓名,公民身份号码,所属网格或十联户代码,民族,政治面貌,联系电话,居住类型,与户主关系,户号,住址,"
        "人群标签\n";
    csv += "钱一," + id1 + "," + grid + ",汉族,群众," + p1 +
           ",户籍,户主,,,\"留守老人(照料人=钱二,照料人电话=" + p3 + ")\"\n";
    csv += "钱三," + id2 + "," + grid + ",汉族,群众," + p2 + ",户籍,,,,\n";
    Response imp = Env().AsRaw("gridworker", "POST",
                               "/api/v1/import/people?mode=accept_valid&filename=pii.csv", csv, "text/csv");
    ASSERT_TRUE(IsStatus(imp, 200));
    EXPECT_EQ(imp.Json().value("inserted", int64_t{0}), 2) << imp.body;
  }
  const std::string hotline = NewSession("hotline_operator", Env().place("county"));
  const std::string caller = FreshPhone();
  Known().phones.push_back(caller);
  EXPECT_TRUE(IsStatus(Env().server().Call("POST", "/api/v1/orders", hotline,
                                           json{{"category", "0101"},
                                                {"description", "来电反映路灯不亮"},
                                                {"place_code", Env().place("gridworker")},
                                                {"reporter_name", "孙七"},
                                                {"reporter_phone", caller}}
                                               .dump()),
                       201));
  {
    Response me = Env().As("resident", "GET", "/api/v1/me");
    Response key =
        Env().As("admin", "POST",
                 "/api/v1/users/" + std::to_string(me.Json().value("user_id", int64_t{0})) + "/api-keys");
    ASSERT_TRUE(IsStatus(key, 200));
    const std::string o311 = FreshPhone();
    Known().phones.push_back(o311);
    const std::string form = "api_key=" + UrlEncode(key.Json().value("api_key", "")) +
                             "&service_code=0101&address_id=" + Env().place("gridworker") +
                             "&description=" + UrlEncode("路边垃圾堆积") + "&first_name=" + UrlEncode("八") +
                             "&last_name=" + UrlEncode("周") + "&phone=" + o311;
    Response r = Env().server().Call("POST", "/open311/v2/requests.json", "", form,
                                     "application/x-www-form-urlencoded");
    EXPECT_TRUE(IsStatus(r, 201));
  }
  // Unmasked reads and an unmasked export put the clear values in answers, never on disk.
  EXPECT_TRUE(IsStatus(Env().As("gridworker", "POST",
                                "/api/v1/people/" + std::to_string(b.value("id", int64_t{0})) + "/unmask",
                                {{"purpose", "核对身份信息"}}),
                       200));
  EXPECT_TRUE(IsStatus(Env().As("gridworker", "GET",
                                "/api/v1/export/people?purpose=" + UrlEncode("核对名单") +
                                    "&scope=" + Env().place("gridworker")),
                       200));
  ASSERT_GE(Known().ids.size(), 4u);

  // The files, read as they are while the server runs (the WAL holds what is not checkpointed yet).
  const fs::path data = Env().data_dir();
  std::vector<fs::path> files = {data / "wangge.db", data / "wangge.db-wal", Env().work_dir() / "server.log"};
  if (OnPostgres()) {
    // The database's own files on the server, written out first (CHECKPOINT flushes every dirty page).
    namespace st = storage::testing;
    st::Exec(Env().db_url(), "CHECKPOINT");
    const std::string oid =
        st::QueryOne(Env().db_url(), "SELECT oid FROM pg_database WHERE datname = current_database()");
    for (const auto& e : fs::directory_iterator(fs::path(st::ServerDataDir()) / "base" / oid))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  if (fs::exists(data / "blobs"))
    for (const auto& e : fs::recursive_directory_iterator(data / "blobs"))
      if (e.is_regular_file()) files.push_back(e.path());
  int64_t bytes = 0;
  int scanned = 0;
  for (const fs::path& f : files) {
    if (!fs::exists(f)) continue;
    SCOPED_TRACE(f.string());
    const std::string content = ReadFile(f);
    bytes += static_cast<int64_t>(content.size());
    ++scanned;
    for (const std::string& id : Known().ids)
      EXPECT_EQ(content.find(id), std::string::npos) << "submitted ID " << MaskCitizenId(id) << " in clear";
    for (const std::string& phone : Known().phones)
      EXPECT_EQ(content.find(phone), std::string::npos)
          << "submitted phone " << MaskPhone(phone) << " in clear";
    auto ids = ClearIn(content, Kind::kCitizenId);
    EXPECT_TRUE(ids.empty()) << ids.size() << " valid 18-character IDs in clear, e.g. " << ids.front();
    auto phones = ClearIn(content, Kind::kMobile);
    EXPECT_TRUE(phones.empty()) << phones.size() << " mobile numbers in clear, e.g. " << phones.front();
  }
  EXPECT_GE(scanned, 2) << "the database's files and server.log at least";
  // The audit rows written since the test began (their detail is in the database file too; this reads it
  // back).
  int64_t rows = 0;
  std::string after;
  for (bool more = true; more;) {
    Response page = Env().As("admin", "GET",
                             "/api/v1/audit?limit=100" + (after.empty() ? "" : "&after=" + UrlEncode(after)));
    ASSERT_TRUE(IsStatus(page, 200));
    more = page.Json()["next"].is_string();
    if (more) after = page.Json()["next"].get<std::string>();
    for (const json& row : page.Json()["items"]) {
      if (row.value("seq", int64_t{0}) <= audit_from) {
        more = false;
        break;
      }
      ++rows;
      const std::string text = row.dump();
      for (const std::string& id : Known().ids)
        EXPECT_EQ(text.find(id), std::string::npos) << row.value("action", "");
      for (const std::string& phone : Known().phones)
        EXPECT_EQ(text.find(phone), std::string::npos) << row.value("action", "");
    }
  }
  EXPECT_GT(rows, 5);
  std::printf(
      "[pii files] %d files, %lld bytes scanned; %zu submitted IDs and %zu phones searched; %lld audit rows "
      "read\n",
      scanned, static_cast<long long>(bytes), Known().ids.size(), Known().phones.size(),
      static_cast<long long>(rows));
}

// Numbers typed the way people type them — an ID in groups of four, a phone in full-width digits or with
// dashes, a legacy 15-digit ID — are sealed at intake (IDs) and scrubbed on every public view (everything),
// like the plain forms. The public views are scanned by the fixture as always; the staff view, which keeps
// phones typed into free text by design, is read past the scanner only to learn the tracking code and the
// stored text.
TEST(Pii, NumbersInSpacedFullWidthAndLegacyFormsNeverReachThePublic) {
  const std::string id = FreshCitizenId(1979);
  const std::string spaced = id.substr(0, 4) + " " + id.substr(4, 4) + " " + id.substr(8, 4) + " " +
                             id.substr(12, 4) + " " + id.substr(16);
  const std::string wide_phone =
      "\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF"
      "\xBC\x96"
      "\xEF\xBC\x97\xEF\xBC\x98";                // １３９１２３４５６７８
  const std::string legacy = "530326790512347";  // a valid 15-digit ID (1979-05-12), no place's code
  const std::string text =
      "联系人身份证 " + spaced + "，电话" + wide_phone + "，备用 139-8765-4321，老证号" + legacy;
  Response me = Env().As("hotline", "GET", "/api/v1/me");
  Response key =
      Env().As("admin", "POST",
               "/api/v1/users/" + std::to_string(me.Json().value("user_id", int64_t{0})) + "/api-keys");
  ASSERT_TRUE(IsStatus(key, 200));
  const std::string grid = Env().place("gridworker");
  Response made =
      Env().server().Call("POST", "/open311/v2/requests.json", "",
                          "api_key=" + UrlEncode(key.Json().value("api_key", "")) +
                              "&service_code=0101&address_id=" + grid + "&description=" + UrlEncode(text),
                          "application/x-www-form-urlencoded");
  ASSERT_EQ(made.status, 201) << made.Brief();
  const std::string no = made.Json()[0].value("service_request_id", "");
  // Public: Open311.
  Response pub = Env().server().Call("GET", "/open311/v2/requests/" + no + ".json");
  ASSERT_TRUE(IsStatus(pub, 200));
  const std::string desc = pub.Json()[0].value("description", "");
  EXPECT_TRUE(FindClear(desc).empty()) << desc;
  EXPECT_EQ(desc.find(legacy), std::string::npos) << desc;
  // Stored: the IDs sealed at intake (the staff view, read past the scanner: phones typed into free text
  // stay).
  Request staff;
  staff.target = "/api/v1/orders?sort=newest&limit=20";
  staff.headers.emplace_back("Authorization", "Bearer " + Env().Token("county"));
  Response list = Send(Env().server().port(), staff);
  ASSERT_EQ(list.status, 200);
  json order;
  for (const json& o : list.Json()["items"])
    if (o.value("tracking_no", "") == no) order = o;
  ASSERT_TRUE(order.is_object());
  const std::string stored = order.value("description", "");
  for (const auto& m : FindClear(stored)) EXPECT_NE(m.kind, Kind::kCitizenId) << "an ID stored in clear";
  EXPECT_EQ(stored.find(legacy), std::string::npos) << "the legacy ID is stored masked";
  EXPECT_NE(stored.find("530326******347"), std::string::npos) << stored;
  // Public: /track with the code.
  Response track = Env().server().Call("GET", "/api/v1/track?no=" + UrlEncode(order.value("track_code", "")));
  ASSERT_TRUE(IsStatus(track, 200));
  EXPECT_TRUE(FindClear(track.Json().value("description", "")).empty()) << track.body;
}

}  // namespace
}  // namespace wangge::e2e
