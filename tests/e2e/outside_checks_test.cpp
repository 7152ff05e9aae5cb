// The smaller defects an outsider's probe found (issue 11 §3-5), each as the outsider saw it: duplicate JSON
// keys, invisible formatting in titles, the session cookie behind https, a household moved into another
// grid's building, Open311 keys used as sessions, public routes hammered from one address, GB 11643's own
// example ID.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

std::pair<double, double> CentreOf(const std::string& grid) {
  auto c = GridCentre(grid);
  EXPECT_TRUE(c.has_value()) << "no boundary for grid " << grid;
  return c.value_or(std::make_pair(0.0, 0.0));
}

TEST(OutsideChecks, DuplicateJsonKeysAreRefused) {
  const std::string grid = Env().place("gridworker");
  Response r = Env().AsRaw("gridworker", "POST", "/api/v1/orders",
                           R"({"category":"0101","description":"重复字段","place_code":")" + grid +
                               R"(","place_code":"530326102203001"})",
                           "application/json");
  EXPECT_TRUE(IsProblem(r, 400, "place_code")) << r.Brief();
  // Nested objects are checked too; the same key in two objects is fine.
  Response nested = Env().AsRaw("county", "POST", "/api/v1/orders/1/supervise", R"({"note":"a","note":"b"})",
                                "application/json");
  EXPECT_TRUE(IsProblem(nested, 400, "note"));
}

TEST(OutsideChecks, InvisibleFormattingInFreeTextIsRefused) {
  const std::string grid = Env().place("gridworker");
  auto [lon, lat] = CentreOf(grid);
  for (const std::string& bad : {std::string("发票\u202Egpj.exe"), std::string("路灯\u200B坏了")}) {
    Response title = Env().As(
        "gridworker", "POST", "/api/v1/orders",
        {{"category", "0101"}, {"title", bad}, {"description", "正常描述"}, {"lat", lat}, {"lon", lon}});
    EXPECT_TRUE(IsProblem(title, 400, "title")) << title.Brief();
    Response desc = Env().As("gridworker", "POST", "/api/v1/orders",
                             {{"category", "0101"}, {"description", bad}, {"lat", lat}, {"lon", lon}});
    EXPECT_TRUE(IsProblem(desc, 400, "description")) << desc.Brief();
  }
}

TEST(OutsideChecks, SessionCookieIsSecureBehindHttps) {
  const Account& a = Env().account("resident");
  const std::string body = json{{"username", a.username}, {"password", a.password}}.dump();
  Response plain = Env().server().Call("POST", "/api/v1/auth/login", "", body);
  ASSERT_TRUE(IsStatus(plain, 200));
  EXPECT_EQ(plain.Header("set-cookie").find("Secure"), std::string::npos);
  Response tls = Env().server().Call("POST", "/api/v1/auth/login", "", body, "application/json",
                                     {{"X-Forwarded-Proto", "https"}});
  ASSERT_TRUE(IsStatus(tls, 200));
  EXPECT_NE(tls.Header("set-cookie").find("; Secure"), std::string::npos) << tls.Header("set-cookie");
  EXPECT_NE(tls.Header("set-cookie").find("HttpOnly"), std::string::npos);
}

// PATCH checks a household's building as POST does: a building of another grid is refused, nothing saved.
TEST(OutsideChecks, AHouseholdCannotBePatchedIntoAnotherGridsBuilding) {
  const std::string grid = Env().place("gridworker"), other = Env().place("gridworker2");
  ASSERT_NE(grid.substr(0, 15), other.substr(0, 15));
  Response b = Env().As("admin", "POST", "/api/v1/buildings",
                        {{"place_code", other.substr(0, 15)}, {"name", "外网格楼"}});
  ASSERT_TRUE(IsStatus(b, 201)) << b.Brief();
  Response h = Env().As("admin", "POST", "/api/v1/households",
                        {{"place_code", grid.substr(0, 15)},
                         {"household_no", "OC" + std::to_string(::getpid())},
                         {"address", "测试户"}});
  ASSERT_TRUE(IsStatus(h, 201)) << h.Brief();
  const std::string path = "/api/v1/households/" + std::to_string(h.Json()["id"].get<int64_t>());
  Response patch =
      Env().As("admin", "PATCH", path, {{"version", h.Json()["version"]}, {"building_id", b.Json()["id"]}});
  EXPECT_TRUE(IsProblem(patch, 400, "building_id")) << patch.Brief();
  Response now = Env().As("admin", "GET", path);
  EXPECT_TRUE(now.Json()["building_id"].is_null()) << now.Brief();
}

// An Open311 key opens the Open311 routes only, is listed without the key itself, and stops working when
// revoked.
TEST(OutsideChecks, Open311KeysAreLimitedListedAndRevocable) {
  Response me = Env().As("hotline", "GET", "/api/v1/me");
  const int64_t uid = me.Json().value("user_id", int64_t{0});
  Response issued = Env().As("county", "POST", "/api/v1/users/" + std::to_string(uid) + "/api-keys");
  ASSERT_TRUE(IsStatus(issued, 200)) << issued.Brief();
  const std::string key = issued.Json().value("api_key", ""), key_id = issued.Json().value("key_id", "");
  ASSERT_FALSE(key_id.empty());
  // Not a session: /api/v1 answers 401, and says why.
  Response orders = Env().server().Call("GET", "/api/v1/orders", key);
  EXPECT_TRUE(IsProblem(orders, 401)) << orders.Brief();
  EXPECT_NE(orders.Json().value("detail", "").find("Open311"), std::string::npos);
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/me", key), 401));
  // A login's token is no API key.
  const std::string form =
      "service_code=0101&address_id=" + Env().place("gridworker") + "&description=" + UrlEncode("路面破损");
  EXPECT_EQ(Env()
                .server()
                .Call("POST", "/open311/v2/requests.json", "",
                      "api_key=" + Env().Token("hotline") + "&" + form, "application/x-www-form-urlencoded")
                .status,
            403);
  EXPECT_EQ(Env()
                .server()
                .Call("POST", "/open311/v2/requests.json", "", "api_key=" + UrlEncode(key) + "&" + form,
                      "application/x-www-form-urlencoded")
                .status,
            201);
  // Listed (for the county and the admin), without the key.
  Response list = Env().As("county", "GET", "/api/v1/api-keys?user_id=" + std::to_string(uid));
  ASSERT_TRUE(IsStatus(list, 200));
  bool listed = false;
  for (const json& k : list.Json()["items"]) {
    if (k.value("key_id", "") == key_id) listed = true;
    EXPECT_EQ(k.dump().find(key), std::string::npos) << "a list shows no key";
  }
  EXPECT_TRUE(listed);
  EXPECT_TRUE(IsProblem(Env().As("township", "GET", "/api/v1/api-keys"), 403));
  // Revoked: it stops working at once; a second revoke is 404.
  EXPECT_EQ(Env().As("county", "DELETE", "/api/v1/api-keys/" + key_id).status, 204);
  EXPECT_EQ(Env()
                .server()
                .Call("POST", "/open311/v2/requests.json", "", "api_key=" + UrlEncode(key) + "&" + form,
                      "application/x-www-form-urlencoded")
                .status,
            403);
  EXPECT_TRUE(IsProblem(Env().As("county", "DELETE", "/api/v1/api-keys/" + key_id), 404));
}

Response GetFrom(const std::string& ip, const std::string& target) {
  Request r;
  r.target = target;
  r.source_ip = ip;
  return Send(Env().server().port(), r);
}

// The public routes answer 429 to one address that hammers them (at the default rate), not to the next
// address, and never the health check a monitor calls.
TEST(OutsideChecks, PublicRoutesAreRateLimitedPerAddress) {
  int limited = 0;
  std::string retry;
  for (int i = 0; i < 400 && limited == 0; ++i) {
    Response r = GetFrom("127.0.0.5", "/api/v1/track?no=WG2026010100000001-0000000000");
    if (r.status == 429) {
      ++limited;
      retry = r.Header("retry-after");
      EXPECT_EQ(r.Header("content-type").rfind("application/problem+json", 0), 0u);
    } else {
      EXPECT_EQ(r.status, 404) << r.Brief();
    }
  }
  EXPECT_EQ(limited, 1) << "no 429 after 400 requests from one address";
  EXPECT_FALSE(retry.empty());
  EXPECT_EQ(GetFrom("127.0.0.5", "/open311/v2/services.json").status, 429)
      << "Open311 shares the address's limit";
  EXPECT_EQ(GetFrom("127.0.0.5", "/healthz").status, 200);
  EXPECT_EQ(GetFrom("127.0.0.6", "/api/v1/board?limit=1").status, 200);
}

// GB 11643's own example (born 1880) is a valid ID: registered, with a warning to check it.
TEST(OutsideChecks, TheStandardsOwnExampleIdIsAcceptedWithAWarning) {
  const std::string grid = Env().place("gridworker");
  Response r = Env().As("gridworker", "POST", "/api/v1/people",
                        {{"name", "王老"}, {"citizen_id", "440524188001010014"}, {"place_code", grid}});
  ASSERT_TRUE(IsStatus(r, 201)) << r.Brief();
  EXPECT_EQ(r.Json().value("birth_date", ""), "1880-01-01");
  ASSERT_TRUE(r.Json()["warnings"].is_array()) << r.body;
  EXPECT_EQ(r.Json()["warnings"][0].value("field", ""), "citizen_id");
  Response young = Env().As("gridworker", "POST", "/api/v1/people",
                            {{"name", "王少"}, {"citizen_id", FreshCitizenId(1990)}, {"place_code", grid}});
  ASSERT_TRUE(IsStatus(young, 201));
  EXPECT_FALSE(young.Json().contains("warnings"));
}

}  // namespace
}  // namespace wangge::e2e
