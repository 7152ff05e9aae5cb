// Open311 GeoReport v2 over real HTTP (routes_open311.cpp): discovery, services and definitions, submitting
// with an API key issued by the admin, reading back by id, token and filters in JSON and XML, the Open311
// error bodies, paging, and the rules of issuing keys.
#include <cmath>
#include <pugixml.hpp>
#include <regex>

#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";

std::string Form(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [k, v] : pairs) out += (out.empty() ? "" : "&") + UrlEncode(k) + "=" + UrlEncode(v);
  return out;
}

Response Get(const std::string& target) { return Env().server().Call("GET", target); }

Response Post(const std::string& fmt, const std::string& body, const std::string& content_type = kForm) {
  return Env().server().Call("POST", "/open311/v2/requests." + fmt, "", body, content_type);
}

struct Xml {
  pugi::xml_document doc;
  bool ok = false;
  std::string error;
};

std::unique_ptr<Xml> ParseXml(const std::string& body) {
  auto x = std::make_unique<Xml>();
  pugi::xml_parse_result res = x->doc.load_buffer(body.data(), body.size());
  x->ok = static_cast<bool>(res);
  x->error = res.description();
  return x;
}

// An Open311 error: the status, [{"code": status, "description": "中文 / English"}] (or the XML form).
::testing::AssertionResult IsOpen311Error(const Response& r, int status, const std::string& fmt = "json",
                                          const std::string& mentions = "") {
  if (r.status != status)
    return ::testing::AssertionFailure() << "expected HTTP " << status << ", got " << r.Brief();
  std::string description;
  if (fmt == "json") {
    if (r.Header("content-type").rfind("application/json", 0) != 0)
      return ::testing::AssertionFailure()
             << "content-type " << r.Header("content-type") << ", " << r.Brief();
    const json& j = r.Json();
    if (!j.is_array() || j.size() != 1 || !j[0].is_object() || !j[0].contains("code") ||
        !j[0]["code"].is_number_integer() || j[0]["code"].get<int>() != status ||
        !j[0].contains("description") || !j[0]["description"].is_string())
      return ::testing::AssertionFailure() << "not an Open311 error array: " << r.Brief();
    description = j[0]["description"].get<std::string>();
  } else {
    if (r.Header("content-type") != "text/xml; charset=utf-8")
      return ::testing::AssertionFailure()
             << "content-type " << r.Header("content-type") << ", " << r.Brief();
    auto x = ParseXml(r.body);
    if (!x->ok)
      return ::testing::AssertionFailure() << "XML does not parse (" << x->error << "): " << r.Brief();
    pugi::xml_node e = x->doc.child("errors").child("error");
    if (!e || std::string(e.child("code").text().get()) != std::to_string(status))
      return ::testing::AssertionFailure() << "not an Open311 XML error: " << r.Brief();
    description = e.child("description").text().get();
  }
  if (!HasNonAscii(description) || description.find(" / ") == std::string::npos)
    return ::testing::AssertionFailure() << "description is not \"中文 / English\": " << description;
  if (!mentions.empty() && description.find(mentions) == std::string::npos)
    return ::testing::AssertionFailure()
           << "description does not mention " << mentions << ": " << description;
  return ::testing::AssertionSuccess();
}

// The account the admin issues the key to: the demo's 12345 operator when there is one, else the resident.
std::string KeyUser() { return Env().accounts().count("hotline") ? "hotline" : "resident"; }

int64_t UserId(const std::string& user) {
  Response me = Env().As(user, "GET", "/api/v1/me");
  EXPECT_TRUE(IsStatus(me, 200));
  return me.Json().value("user_id", int64_t{0});
}

const std::string& ApiKey() {
  static const std::string key = [] {
    Response r =
        Env().As("admin", "POST", "/api/v1/users/" + std::to_string(UserId(KeyUser())) + "/api-keys");
    EXPECT_TRUE(IsStatus(r, 200));
    return r.Json().value("api_key", "");
  }();
  return key;
}

// A point inside the gridworker's grid (checked with /api/v1/locate).
std::pair<double, double> PointInGrid() {
  static const std::pair<double, double> point = [] {
    const std::string grid = Env().place("gridworker");
    Response p = Env().As("admin", "GET", "/api/v1/places/" + grid);
    EXPECT_TRUE(IsStatus(p, 200));
    json b = p.Json()["boundary"];
    json ring = b.value("type", "") == "MultiPolygon" ? b["coordinates"][0][0] : b["coordinates"][0];
    double lon = 0, lat = 0;
    size_t n = ring.size() > 1 ? ring.size() - 1 : ring.size();  // the closing vertex repeats the first
    for (size_t i = 0; i < n; ++i) {
      lon += ring[i][0].get<double>() / n;
      lat += ring[i][1].get<double>() / n;
    }
    std::vector<std::pair<double, double>> tries = {{lat, lon}};
    for (size_t i = 0; i < n; ++i)
      tries.push_back({(lat + ring[i][1].get<double>()) / 2, (lon + ring[i][0].get<double>()) / 2});
    for (auto [la, lo] : tries) {
      char q[128];
      std::snprintf(q, sizeof q, "/api/v1/locate?lon=%.7f&lat=%.7f", lo, la);
      Response l = Env().As("admin", "GET", q);
      if (l.status == 200 && l.Json().value("grid_code", "") == grid) return std::make_pair(la, lo);
    }
    ADD_FAILURE() << "no point found inside grid " << grid;
    return std::make_pair(lat, lon);
  }();
  return point;
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.7f", v);
  return buf;
}

std::vector<std::pair<std::string, std::string>> GoodFire(
    const std::string& description = "仓库后面冒烟，请尽快处理") {
  auto [lat, lon] = PointInGrid();
  return {{"api_key", ApiKey()},
          {"service_code", "0501"},
          {"lat", Num(lat)},
          {"long", Num(lon)},
          {"address_string", "县城东门外仓库"},
          {"attribute[hazard_level]", "smoke"},
          {"attribute[people_trapped]", "no"},
          {"first_name", "小明"},
          {"last_name", "王"},
          {"phone", "13912345678"},
          {"email", "wang@example.cn"},
          {"account_id", "acct-42"},
          {"description", description},
          {"media_url", "https://img.example.cn/p/a.jpg"}};
}

struct Submitted {
  std::string id, token;
};

// One good submission shared by the read tests.
const Submitted& Fire() {
  static const Submitted s = [] {
    Response r = Post("json", Form(GoodFire()));
    EXPECT_TRUE(IsStatus(r, 201));
    const json& j = r.Json();
    Submitted out;
    if (j.is_array() && !j.empty()) {
      out.id = j[0].value("service_request_id", "");
      out.token = j[0].value("token", "");
    }
    return out;
  }();
  return s;
}

std::set<std::string> IdsOf(const json& list) {
  std::set<std::string> ids;
  for (const auto& it : list) ids.insert(it.value("service_request_id", ""));
  return ids;
}

std::set<std::string> XmlIdsOf(const std::string& body) {
  std::set<std::string> ids;
  auto x = ParseXml(body);
  EXPECT_TRUE(x->ok) << x->error;
  for (pugi::xml_node r : x->doc.child("service_requests").children("request"))
    ids.insert(r.child("service_request_id").text().get());
  return ids;
}

// ------------------------------------------------------------------------------------------ discovery,
// services

TEST(Open311, Discovery) {
  Response j = Get("/open311/v2/discovery.json");
  ASSERT_TRUE(IsStatus(j, 200));
  EXPECT_EQ(j.Header("content-type"), "application/json; charset=utf-8");
  ASSERT_TRUE(j.Json()["endpoints"].is_array());
  const json& ep = j.Json()["endpoints"][0];
  EXPECT_EQ(ep.value("specification", ""), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_NE(ep.value("url", "").find("/open311/v2"), std::string::npos);
  EXPECT_EQ(ep["formats"], json({"application/json", "text/xml"}));

  Response x = Get("/open311/v2/discovery.xml");
  ASSERT_TRUE(IsStatus(x, 200));
  EXPECT_EQ(x.Header("content-type"), "text/xml; charset=utf-8");
  EXPECT_EQ(x.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u) << x.body.substr(0, 80);
  auto doc = ParseXml(x.body);
  ASSERT_TRUE(doc->ok) << doc->error;
  pugi::xml_node e = doc->doc.child("discovery").child("endpoints").child("endpoint");
  EXPECT_STREQ(e.child("specification").text().get(), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_STREQ(e.child("formats").child("format").text().get(), "application/json");
}

TEST(Open311, ServicesInBothFormats) {
  Response j = Get("/open311/v2/services.json");
  ASSERT_TRUE(IsStatus(j, 200));
  const json& list = j.Json();
  ASSERT_TRUE(list.is_array());
  ASSERT_GT(list.size(), 20u);
  bool fire = false;
  for (const auto& s : list) {
    const std::string code = s.value("service_code", "");
    EXPECT_NE(code.substr(0, 2), "10") << "special groups are not a public service";
    EXPECT_EQ(s.value("type", ""), "realtime");
    EXPECT_TRUE(s["metadata"].is_boolean());
    if (code == "0501") {
      fire = true;
      EXPECT_EQ(s.value("service_name", ""), "火灾隐患/险情");
      EXPECT_EQ(s["metadata"], true);
      EXPECT_EQ(s.value("group", ""), "突发事件");
      EXPECT_FALSE(s.value("keywords", "").empty());
    }
    if (code == "0101") {
      EXPECT_EQ(s["metadata"], false);
    }
  }
  EXPECT_TRUE(fire);

  Response x = Get("/open311/v2/services.xml");
  ASSERT_TRUE(IsStatus(x, 200));
  auto doc = ParseXml(x.body);
  ASSERT_TRUE(doc->ok) << doc->error;
  size_t n = 0;
  for (pugi::xml_node s : doc->doc.child("services").children("service")) {
    ++n;
    if (std::string(s.child("service_code").text().get()) == "0501") {
      EXPECT_STREQ(s.child("service_name").text().get(), "火灾隐患/险情");
      EXPECT_STREQ(s.child("metadata").text().get(), "true");
    }
  }
  EXPECT_EQ(n, list.size());
}

TEST(Open311, ServiceDefinitionWithAttributes) {
  Response j = Get("/open311/v2/services/0501.json");
  ASSERT_TRUE(IsStatus(j, 200));
  EXPECT_EQ(j.Json().value("service_code", ""), "0501");
  const json& attrs = j.Json()["attributes"];
  ASSERT_TRUE(attrs.is_array());
  ASSERT_GE(attrs.size(), 1u);
  EXPECT_EQ(attrs[0].value("code", ""), "hazard_level");
  EXPECT_EQ(attrs[0].value("datatype", ""), "singlevaluelist");
  EXPECT_EQ(attrs[0]["required"], true);
  EXPECT_EQ(attrs[0]["variable"], true);
  EXPECT_EQ(attrs[0]["order"], 1);
  EXPECT_FALSE(attrs[0].value("description", "").empty());
  std::set<std::string> keys;
  for (const auto& v : attrs[0]["values"]) keys.insert(v.value("key", ""));
  EXPECT_EQ(keys, (std::set<std::string>{"hazard", "smoke", "fire"}));

  Response x = Get("/open311/v2/services/0501.xml");
  ASSERT_TRUE(IsStatus(x, 200));
  auto doc = ParseXml(x.body);
  ASSERT_TRUE(doc->ok) << doc->error;
  pugi::xml_node a = doc->doc.child("service_definition").child("attributes").child("attribute");
  EXPECT_STREQ(a.child("code").text().get(), "hazard_level");
  EXPECT_STREQ(a.child("required").text().get(), "true");
  EXPECT_EQ(
      std::distance(a.child("values").children("value").begin(), a.child("values").children("value").end()),
      3);

  // A category without attributes has an empty list.
  Response plain = Get("/open311/v2/services/0101.json");
  ASSERT_TRUE(IsStatus(plain, 200));
  EXPECT_TRUE(plain.Json()["attributes"].empty());
}

TEST(Open311, UnknownServicesAndFormats) {
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/services/9999.json"), 404));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/services/9999.xml"), 404, "xml"));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/services/1003.json"), 404)) << "special groups are not public";
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/services/0501.csv"), 404));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/services/0501"), 404));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests/WG2026010100000001.csv"), 404));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/tokens/abc.csv"), 404));
  // A fixed path with another suffix matches no route: the router's JSON 404.
  Response csv = Get("/open311/v2/services.csv");
  EXPECT_EQ(csv.status, 404);
  EXPECT_FALSE(csv.Json().is_discarded());
}

// ------------------------------------------------------------------------------------------ submit and read
// back

TEST(Open311, SubmitThenReadBackByIdAndToken) {
  const Submitted& s = Fire();
  ASSERT_TRUE(std::regex_match(s.id, std::regex(R"(WG\d{16})"))) << s.id;
  ASSERT_FALSE(s.token.empty());

  Response one = Get("/open311/v2/requests/" + s.id + ".json");
  ASSERT_TRUE(IsStatus(one, 200));
  ASSERT_TRUE(one.Json().is_array());
  ASSERT_EQ(one.Json().size(), 1u);
  const json& r = one.Json()[0];
  EXPECT_EQ(r.value("service_request_id", ""), s.id);
  EXPECT_EQ(r.value("status", ""), "open");
  EXPECT_FALSE(r.value("status_notes", "").empty());
  EXPECT_EQ(r.value("service_code", ""), "0501");
  EXPECT_EQ(r.value("service_name", ""), "火灾隐患/险情");
  EXPECT_NE(r.value("description", "").find("仓库后面冒烟"), std::string::npos);
  EXPECT_EQ(r.value("media_url", ""), "https://img.example.cn/p/a.jpg");
  EXPECT_EQ(r.value("address", ""), "县城东门外仓库");
  EXPECT_EQ(r.value("address_id", ""), Env().place("gridworker"));
  EXPECT_TRUE(r["zipcode"].is_null());
  EXPECT_NEAR(r["lat"].get<double>(), PointInGrid().first, 1e-6);
  EXPECT_NEAR(r["long"].get<double>(), PointInGrid().second, 1e-6);
  EXPECT_TRUE(std::regex_match(r.value("requested_datetime", ""),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00)")));
  EXPECT_NE(r.value("service_notice", "").find("受理时限"), std::string::npos);
  // The caller's personal data never appears.
  EXPECT_EQ(one.body.find("13912345678"), std::string::npos);
  EXPECT_EQ(one.body.find("王小明"), std::string::npos);
  EXPECT_EQ(one.body.find("wang@example.cn"), std::string::npos);

  Response xml = Get("/open311/v2/requests/" + s.id + ".xml");
  ASSERT_TRUE(IsStatus(xml, 200));
  auto doc = ParseXml(xml.body);
  ASSERT_TRUE(doc->ok) << doc->error;
  pugi::xml_node req = doc->doc.child("service_requests").child("request");
  EXPECT_EQ(std::string(req.child("service_request_id").text().get()), s.id);
  EXPECT_STREQ(req.child("status").text().get(), "open");
  EXPECT_STREQ(req.child("media_url").text().get(), "https://img.example.cn/p/a.jpg");

  Response tok = Get("/open311/v2/tokens/" + s.token + ".json");
  ASSERT_TRUE(IsStatus(tok, 200));
  EXPECT_EQ(tok.Json(),
            json::parse(R"([{"service_request_id":")" + s.id + R"(","token":")" + s.token + R"("}])"));
  Response tokx = Get("/open311/v2/tokens/" + s.token + ".xml");
  ASSERT_TRUE(IsStatus(tokx, 200));
  auto tdoc = ParseXml(tokx.body);
  ASSERT_TRUE(tdoc->ok);
  EXPECT_EQ(
      std::string(
          tdoc->doc.child("service_requests").child("request").child("service_request_id").text().get()),
      s.id);

  // The order is on the platform as an Open311 report, with its attributes, for the county command centre.
  auto id = std::stoll(s.id.substr(10));
  Response o = Env().As("county", "GET", "/api/v1/orders/" + std::to_string(id));
  ASSERT_TRUE(IsStatus(o, 200));
  EXPECT_EQ(o.Json().value("channel", ""), "open311");
  EXPECT_EQ(o.Json().value("category", ""), "0501");
}

TEST(Open311, SubmitAnswersInXml) {
  Response r = Post("xml", Form(GoodFire("XML 格式提交的火情")));
  ASSERT_TRUE(IsStatus(r, 201));
  EXPECT_EQ(r.Header("content-type"), "text/xml; charset=utf-8");
  auto doc = ParseXml(r.body);
  ASSERT_TRUE(doc->ok) << doc->error;
  pugi::xml_node req = doc->doc.child("service_requests").child("request");
  EXPECT_TRUE(
      std::regex_match(std::string(req.child("service_request_id").text().get()), std::regex(R"(WG\d{16})")));
  EXPECT_FALSE(std::string(req.child("token").text().get()).empty());
  EXPECT_STREQ(req.child("account_id").text().get(), "acct-42");
  EXPECT_NE(std::string(req.child("service_notice").text().get()).find("受理时限"), std::string::npos);
}

TEST(Open311, ListFiltersByServiceCodeAndStatusInBothFormats) {
  const Submitted& s = Fire();
  ASSERT_FALSE(s.id.empty());
  Response open = Get("/open311/v2/requests.json?service_code=0501,0101&status=open");
  ASSERT_TRUE(IsStatus(open, 200));
  ASSERT_TRUE(open.Json().is_array());
  EXPECT_TRUE(IdsOf(open.Json()).count(s.id));
  for (const auto& r : open.Json()) {
    EXPECT_EQ(r.value("status", ""), "open");
    EXPECT_TRUE(r.value("service_code", "") == "0501" || r.value("service_code", "") == "0101") << r.dump();
  }
  Response closed = Get("/open311/v2/requests.json?service_code=0501&status=closed");
  ASSERT_TRUE(IsStatus(closed, 200));
  EXPECT_FALSE(IdsOf(closed.Json()).count(s.id));
  for (const auto& r : closed.Json()) EXPECT_EQ(r.value("status", ""), "closed");
  Response other = Get("/open311/v2/requests.json?service_code=0101");
  ASSERT_TRUE(IsStatus(other, 200));
  EXPECT_FALSE(IdsOf(other.Json()).count(s.id));
  // A class code includes its subcategories.
  Response cls = Get("/open311/v2/requests.json?service_code=05");
  ASSERT_TRUE(IsStatus(cls, 200));
  EXPECT_TRUE(IdsOf(cls.Json()).count(s.id));

  Response xml = Get("/open311/v2/requests.xml?service_code=0501&status=open");
  ASSERT_TRUE(IsStatus(xml, 200));
  EXPECT_TRUE(XmlIdsOf(xml.body).count(s.id));
  Response xclosed = Get("/open311/v2/requests.xml?service_code=0501&status=closed");
  ASSERT_TRUE(IsStatus(xclosed, 200));
  EXPECT_FALSE(XmlIdsOf(xclosed.body).count(s.id));

  // By id (overrides the other filters; unknown ids are left out).
  Response byid =
      Get("/open311/v2/requests.json?service_request_id=" + s.id + ",WG2020010199999999&status=closed");
  ASSERT_TRUE(IsStatus(byid, 200));
  EXPECT_EQ(IdsOf(byid.Json()), std::set<std::string>{s.id});
  // A window in the past does not hold it.
  Response past =
      Get("/open311/v2/requests.json?service_code=0501&start_date=2020-01-01&end_date=2020-02-01");
  ASSERT_TRUE(IsStatus(past, 200));
  EXPECT_FALSE(IdsOf(past.Json()).count(s.id));
  // Special groups never show.
  Response all = Get("/open311/v2/requests.json");
  ASSERT_TRUE(IsStatus(all, 200));
  for (const auto& r : all.Json()) EXPECT_NE(r.value("service_code", "").substr(0, 2), "10");
}

TEST(Open311, Paging) {
  // At least three requests in the window.
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(IsStatus(Post("json", Form(GoodFire("翻页用的第 " + std::to_string(i) + " 条"))), 201));
  ASSERT_FALSE(Fire().id.empty());
  Response two = Get("/open311/v2/requests.json?page_size=2");
  ASSERT_TRUE(IsStatus(two, 200));
  ASSERT_EQ(two.Json().size(), 2u);
  Response p1 = Get("/open311/v2/requests.json?page_size=1");
  Response p2 = Get("/open311/v2/requests.json?page_size=1&page=2");
  ASSERT_TRUE(IsStatus(p1, 200));
  ASSERT_TRUE(IsStatus(p2, 200));
  ASSERT_EQ(p1.Json().size(), 1u);
  ASSERT_EQ(p2.Json().size(), 1u);
  EXPECT_EQ(p1.Json()[0]["service_request_id"], two.Json()[0]["service_request_id"]);
  EXPECT_EQ(p2.Json()[0]["service_request_id"], two.Json()[1]["service_request_id"]);
  // Newest first.
  EXPECT_GT(p1.Json()[0].value("service_request_id", "").substr(10),
            p2.Json()[0].value("service_request_id", "").substr(10));
  EXPECT_NE(p1.Header("link").find("page=2"), std::string::npos) << p1.Header("link");
  EXPECT_NE(p1.Header("link").find("rel=\"next\""), std::string::npos);
  Response x2 = Get("/open311/v2/requests.xml?page_size=1&page=2");
  ASSERT_TRUE(IsStatus(x2, 200));
  EXPECT_EQ(XmlIdsOf(x2.body), std::set<std::string>{p2.Json()[0].value("service_request_id", "")});
  // Far beyond the end: empty, no next link.
  Response end = Get("/open311/v2/requests.json?service_code=0501&page_size=1000&page=10");
  ASSERT_TRUE(IsStatus(end, 200));
  EXPECT_TRUE(end.Json().empty());
  EXPECT_TRUE(end.Header("link").empty());
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests.json?page_size=1001"), 400, "json", "page_size"));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests.json?page=0"), 400));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests.xml?page=11&page_size=1000"), 400, "xml"));
}

// ------------------------------------------------------------------------------------------ errors

TEST(Open311, MissingRequiredAttributeIs400) {
  auto pairs = GoodFire();
  pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                             [](const auto& p) { return p.first == "attribute[hazard_level]"; }),
              pairs.end());
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(pairs)), 400, "json", "hazard_level"));
  EXPECT_TRUE(IsOpen311Error(Post("xml", Form(pairs)), 400, "xml", "hazard_level"));
  auto bad = GoodFire();
  for (auto& [k, v] : bad)
    if (k == "attribute[hazard_level]") v = "flood";
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(bad)), 400, "json", "hazard_level"));
  auto unknown = GoodFire();
  unknown.push_back({"attribute[colour]", "red"});
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(unknown)), 400, "json", "colour"));
}

TEST(Open311, BadApiKeyIs403WithoutSayingWhetherItExists) {
  auto pairs = GoodFire();
  for (auto& [k, v] : pairs)
    if (k == "api_key") v = "not-a-key";
  Response r1 = Post("json", Form(pairs));
  EXPECT_TRUE(IsOpen311Error(r1, 403));
  for (auto& [k, v] : pairs)
    if (k == "api_key") v = "wgk_" + std::string(43, 'A');
  Response r2 = Post("json", Form(pairs));
  EXPECT_TRUE(IsOpen311Error(r2, 403));
  EXPECT_EQ(r1.body, r2.body);
  // A real session token of a role that may not report through Open311 is refused the same way.
  for (auto& [k, v] : pairs)
    if (k == "api_key") v = Env().Token("police");
  Response r3 = Post("json", Form(pairs));
  EXPECT_TRUE(IsOpen311Error(r3, 403));
  EXPECT_EQ(r3.body, r1.body);
  pairs.erase(pairs.begin());  // no api_key at all
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(pairs)), 403));
  EXPECT_TRUE(IsOpen311Error(Post("xml", Form(pairs)), 403, "xml"));
}

TEST(Open311, UnknownServiceCodeIs400) {
  auto pairs = GoodFire();
  for (auto& [k, v] : pairs)
    if (k == "service_code") v = "9999";
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(pairs)), 400, "json", "9999"));
  for (auto& [k, v] : pairs)
    if (k == "service_code") v = "1003";
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(pairs)), 400))
      << "special groups cannot be reported through Open311";
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests.json?service_code=9999"), 400, "json", "9999"));
}

TEST(Open311, UnknownRequestAndTokenAre404) {
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests/WG2020010199999999.json"), 404));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests/WG2020010199999999.xml"), 404, "xml"));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests/12345.json"), 404));
  const Submitted& s = Fire();
  ASSERT_FALSE(s.id.empty());
  // Right id, wrong date: not the same tracking number.
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests/WG1999010" + s.id.substr(9) + ".json"), 404));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/tokens/no-such-token.json"), 404));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/tokens/no-such-token.xml"), 404, "xml"));
}

TEST(Open311, LocationOutsideEveryGridIs400) {
  auto pairs = GoodFire();
  for (auto& [k, v] : pairs) {
    if (k == "lat") v = "0.5";
    if (k == "long") v = "0.5";
  }
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(pairs)), 400));
  // No location at all.
  std::vector<std::pair<std::string, std::string>> none;
  for (const auto& p : GoodFire())
    if (p.first != "lat" && p.first != "long" && p.first != "address_string") none.push_back(p);
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(none)), 400));
  // Only one coordinate, or not a number.
  std::vector<std::pair<std::string, std::string>> half;
  for (const auto& p : GoodFire())
    if (p.first != "long") half.push_back(p);
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(half)), 400, "json", "long"));
  auto nan = GoodFire();
  for (auto& [k, v] : nan)
    if (k == "lat") v = "1e1";
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(nan)), 400, "json", "lat"));
}

TEST(Open311, OtherBadInput) {
  std::vector<std::pair<std::string, std::string>> nodesc;
  for (const auto& p : GoodFire())
    if (p.first != "description") nodesc.push_back(p);
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(nodesc)), 400, "json", "description"));
  EXPECT_TRUE(IsOpen311Error(Post("json", json{{"api_key", ApiKey()}}.dump(), "application/json"), 400));
  EXPECT_TRUE(IsOpen311Error(Post("json", "api_key=%zz"), 400));
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(GoodFire()) + "&description=%FF"), 400));
  auto twice = Form(GoodFire()) + "&service_code=0101";
  EXPECT_TRUE(IsOpen311Error(Post("json", twice), 400, "json", "service_code"));
  EXPECT_TRUE(IsOpen311Error(Post("json", Form(GoodFire()) + "&x=" + std::string(70 * 1024, 'a')), 413));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests.json?status=pending"), 400, "json", "status"));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests.json?start_date=2026-13-01"), 400));
  EXPECT_TRUE(IsOpen311Error(Get("/open311/v2/requests.json?start_date=2025-01-01&end_date=2025-12-31"), 400,
                             "json", "90"));
}

// ------------------------------------------------------------------------------------------ API keys

TEST(Open311, IssuingApiKeys) {
  const int64_t target = UserId(KeyUser());
  const std::string path = "/api/v1/users/" + std::to_string(target) + "/api-keys";
  Response r = Env().As("county", "POST", path);
  ASSERT_TRUE(IsStatus(r, 200));
  const std::string key = r.Json().value("api_key", "");
  EXPECT_EQ(key.rfind("wgk_", 0), 0u);
  EXPECT_GE(key.size(), 40u);
  EXPECT_TRUE(std::regex_match(r.Json().value("expires_at", ""), std::regex(R"(\d{4}-\d\d-\d\dT.*\+08:00)")));
  EXPECT_GT(r.Json().value("expires_at", "").substr(0, 4), std::string("2029"));
  // The key opens the Open311 routes only: it is no session for /api/v1.
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/me", key), 401));
  // Audited, without the key.
  Response audit = Env().As("admin", "GET", "/api/v1/audit?limit=20");
  ASSERT_TRUE(IsStatus(audit, 200));
  bool found = false;
  for (const auto& e : audit.Json()["items"])
    if (e.value("action", "") == "apikey.issue" && e.value("entity_id", "") == std::to_string(target))
      found = true;
  EXPECT_TRUE(found);
  EXPECT_EQ(audit.body.find(key), std::string::npos);

  // Only system_admin and county_command issue keys.
  EXPECT_TRUE(IsProblem(Env().As("township", "POST", path), 403));
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", path), 403));
  // Only to hotline operators and residents.
  EXPECT_TRUE(IsProblem(
      Env().As("admin", "POST", "/api/v1/users/" + std::to_string(UserId("gridworker")) + "/api-keys"), 409));
  // Unknown accounts are 404; no session, 401.
  EXPECT_TRUE(IsProblem(Env().As("admin", "POST", "/api/v1/users/99999999/api-keys"), 404));
  EXPECT_TRUE(IsProblem(Env().server().Call("POST", path), 401));
}

}  // namespace
}  // namespace wangge::e2e
