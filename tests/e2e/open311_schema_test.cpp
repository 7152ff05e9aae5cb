// Open311 as an outside client sees it: the live responses of the deployed server held against the GeoReport
// v2 JSON Schemas written from the specification (docs/api/open311/, checked by Debian's python3-jsonschema,
// not by our code), the XML element names of the specification, the handling deadline as expected_datetime,
// and address-only requests treated alike for every kind of key.
#include <pugixml.hpp>

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
Response Post(const std::string& fmt, const std::vector<std::pair<std::string, std::string>>& pairs) {
  return Env().server().Call("POST", "/open311/v2/requests." + fmt, "", Form(pairs), kForm);
}

std::string KeyFor(const std::string& user) {
  Response me = Env().As(user, "GET", "/api/v1/me");
  EXPECT_TRUE(IsStatus(me, 200));
  Response r =
      Env().As("admin", "POST",
               "/api/v1/users/" + std::to_string(me.Json().value("user_id", int64_t{0})) + "/api-keys");
  EXPECT_TRUE(IsStatus(r, 200));
  return r.Json().value("api_key", "");
}

// The resident's village and its township, as the API names them.
struct Village {
  std::string code, name, township;
};
Village ResidentVillage() {
  Village v;
  v.code = Env().place("resident").substr(0, 12);
  Response p = Env().As("county", "GET", "/api/v1/places/" + v.code);
  EXPECT_TRUE(IsStatus(p, 200));
  v.name = p.Json().value("name", "");
  Response t = Env().As("county", "GET", "/api/v1/places/" + v.code.substr(0, 9));
  EXPECT_TRUE(IsStatus(t, 200));
  v.township = t.Json().value("name", "");
  return v;
}

// Runs the outside validator over the collected cases; the test fails with its report.
void Validate(const json& cases) {
  const fs::path file = Env().work_dir() / "open311-cases.json";
  WriteFile(file, cases.dump());
  std::string out;
  const std::string src = SourceDir();
  int rc = RunCapture({"/usr/bin/python3", src + "/tests/e2e/open311_schema_check.py",
                       src + "/docs/api/open311", file.string()},
                      {}, &out, (Env().work_dir() / "open311-schema.stderr").string());
  EXPECT_EQ(rc, 0) << "GeoReport v2 schema check failed (exit " << rc << "):\n"
                   << out << ReadFile(Env().work_dir() / "open311-schema.stderr");
  EXPECT_NE(
      out.find(std::to_string(cases.size()) + " of " + std::to_string(cases.size()) + " responses valid"),
      std::string::npos)
      << out;
}

TEST(Open311Schema, LiveResponsesMatchTheSpecification) {
  json cases = json::array();
  auto add = [&](const std::string& name, const std::string& schema, const Response& r, int status) {
    EXPECT_EQ(r.status, status) << name << ": " << r.Brief();
    EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8") << name;
    cases.push_back({{"name", name}, {"schema", schema}, {"instance", r.Json()}});
  };
  add("discovery", "discovery.schema.json", Get("/open311/v2/discovery.json"), 200);
  Response services = Get("/open311/v2/services.json");
  add("services", "services.schema.json", services, 200);
  int with_attributes = 0;
  for (const json& s : services.Json()) {
    const std::string code = s.value("service_code", "");
    if (s.value("metadata", false) || code == "0101")
      add("service " + code, "service_definition.schema.json", Get("/open311/v2/services/" + code + ".json"),
          200);
    with_attributes += s.value("metadata", false) ? 1 : 0;
  }
  EXPECT_GT(with_attributes, 0) << "no service with attributes to check";

  const Village v = ResidentVillage();
  const std::string key = KeyFor("hotline");
  Response created = Post("json", {{"api_key", key},
                                   {"service_code", "0101"},
                                   {"address_string", v.township + v.name + "村委会门口"},
                                   {"description", "路边垃圾堆积，请清运"},
                                   {"first_name", "明"},
                                   {"last_name", "李"},
                                   {"phone", "13912345678"}});
  add("POST requests", "post_response.schema.json", created, 201);
  const std::string id = created.Json()[0].value("service_request_id", "");
  const std::string token = created.Json()[0].value("token", "");
  add("request " + id, "requests.schema.json", Get("/open311/v2/requests/" + id + ".json"), 200);
  add("token", "token.schema.json", Get("/open311/v2/tokens/" + token + ".json"), 200);
  add("requests (default)", "requests.schema.json", Get("/open311/v2/requests.json"), 200);
  add("requests closed", "requests.schema.json", Get("/open311/v2/requests.json?status=closed&page_size=200"),
      200);
  add("requests 0101", "requests.schema.json", Get("/open311/v2/requests.json?service_code=01"), 200);
  add("error: bad key", "errors.schema.json",
      Post("json", {{"api_key", "wgk_nope"}, {"service_code", "0101"}, {"description", "x"}}), 403);
  add("error: unknown service", "errors.schema.json", Get("/open311/v2/services/9999.json"), 404);
  add("error: bad date", "errors.schema.json", Get("/open311/v2/requests.json?start_date=yesterday"), 400);
  Validate(cases);
}

// Element names of the XML forms, as the specification's examples write them.
TEST(Open311Schema, XmlElementNames) {
  auto parse = [](const Response& r, pugi::xml_document* doc) {
    EXPECT_EQ(r.Header("content-type"), "text/xml; charset=utf-8") << r.Brief();
    EXPECT_TRUE(doc->load_buffer(r.body.data(), r.body.size())) << r.Brief();
  };
  auto children = [](pugi::xml_node n) {
    std::set<std::string> names;
    for (pugi::xml_node c : n.children()) names.insert(c.name());
    return names;
  };
  pugi::xml_document d;
  parse(Get("/open311/v2/discovery.xml"), &d);
  pugi::xml_node ep = d.child("discovery").child("endpoints").child("endpoint");
  ASSERT_TRUE(ep) << "discovery/endpoints/endpoint missing";
  EXPECT_EQ(children(ep), (std::set<std::string>{"specification", "url", "changeset", "type", "formats"}));
  std::set<std::string> formats;
  for (pugi::xml_node f : ep.child("formats").children("format")) formats.insert(f.text().get());
  EXPECT_EQ(formats, (std::set<std::string>{"application/json", "text/xml"}));

  pugi::xml_document s;
  parse(Get("/open311/v2/services.xml"), &s);
  pugi::xml_node svc = s.child("services").child("service");
  ASSERT_TRUE(svc);
  EXPECT_EQ(children(svc), (std::set<std::string>{"service_code", "service_name", "description", "metadata",
                                                  "type", "keywords", "group"}));
  pugi::xml_document def;
  parse(Get("/open311/v2/services/0501.xml"), &def);
  pugi::xml_node attr = def.child("service_definition").child("attributes").child("attribute");
  ASSERT_TRUE(attr) << "service_definition/attributes/attribute missing";
  EXPECT_TRUE(def.child("service_definition").child("service_code"));
  for (const char* n :
       {"variable", "code", "datatype", "required", "datatype_description", "order", "description"})
    EXPECT_TRUE(attr.child(n)) << "attribute/" << n;
  pugi::xml_node value = attr.child("values").child("value");
  ASSERT_TRUE(value) << "attribute/values/value missing";
  EXPECT_TRUE(value.child("key") && value.child("name"));

  const Village v = ResidentVillage();
  pugi::xml_document created;
  Response post = Post("xml", {{"api_key", KeyFor("resident")},
                               {"service_code", "0101"},
                               {"address_string", v.name + "小卖部旁"},
                               {"description", "垃圾桶满了"}});
  EXPECT_EQ(post.status, 201) << post.Brief();
  parse(post, &created);
  pugi::xml_node req = created.child("service_requests").child("request");
  ASSERT_TRUE(req.child("service_request_id")) << post.body;
  pugi::xml_document one;
  parse(Get(std::string("/open311/v2/requests/") + req.child("service_request_id").text().get() + ".xml"),
        &one);
  pugi::xml_node r = one.child("service_requests").child("request");
  for (const char* n :
       {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
        "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
        "address", "address_id", "zipcode", "lat", "long", "media_url"})
    EXPECT_TRUE(r.child(n)) << "request/" << n;
  pugi::xml_document err;
  parse(Get("/open311/v2/services/9999.xml"), &err);
  EXPECT_TRUE(err.child("errors").child("error").child("code")) << "errors/error/code";
  EXPECT_TRUE(err.child("errors").child("error").child("description"));
}

// expected_datetime is when the matter is to be handled (办结), not when it is to be accepted.
TEST(Open311Schema, ExpectedDatetimeIsTheHandlingDeadline) {
  const Village v = ResidentVillage();
  Response created = Post("json", {{"api_key", KeyFor("hotline")},
                                   {"service_code", "0101"},
                                   {"address_string", v.township + v.name},
                                   {"description", "路灯不亮"},
                                   {"phone", "13912345678"}});
  ASSERT_EQ(created.status, 201) << created.Brief();
  const std::string no = created.Json()[0].value("service_request_id", "");
  Response list = Env().As("county", "GET", "/api/v1/orders?limit=5&sort=newest");
  ASSERT_TRUE(IsStatus(list, 200));
  json order;
  for (const json& o : list.Json()["items"])
    if (o.value("tracking_no", "") == no) order = o;
  ASSERT_TRUE(order.is_object()) << "order " << no << " not in the county's newest orders";
  const int64_t id = order["id"].get<int64_t>();
  Response before = Get("/open311/v2/requests/" + no + ".json");
  ASSERT_TRUE(IsStatus(before, 200));
  const std::string expected_reported = before.Json()[0].value("expected_datetime", "");
  EXPECT_FALSE(expected_reported.empty());
  EXPECT_GT(expected_reported, order.value("accept_due", ""))
      << "a reported order's expected_datetime must lie "
         "beyond its accept deadline";
  // Once accepted, it is the order's handling deadline exactly.
  ASSERT_TRUE(IsStatus(Env().As("county", "POST", "/api/v1/orders/" + std::to_string(id) + "/accept"), 200));
  Response after = Env().As("county", "GET", "/api/v1/orders/" + std::to_string(id));
  ASSERT_TRUE(IsStatus(after, 200));
  Response pub = Get("/open311/v2/requests/" + no + ".json");
  EXPECT_EQ(pub.Json()[0].value("expected_datetime", ""), after.Json().value("handle_due", "x"));
  EXPECT_LE(pub.Json()[0].value("expected_datetime", ""), expected_reported);
}

// An address written in words is placed the same way whoever's key sends it: in the village it names, or
// refused with the same reason — never a request for place_code, which is not an Open311 parameter.
TEST(Open311Schema, AddressOnlyRequestsAreAlikeForEveryKey) {
  const Village v = ResidentVillage();
  for (const std::string user : {"hotline", "resident"}) {
    const std::string key = KeyFor(user);
    Response ok = Post("json", {{"api_key", key},
                                {"service_code", "0101"},
                                {"address_string", v.township + v.name + "第3村民小组"},
                                {"description", "道路积水"}});
    ASSERT_EQ(ok.status, 201) << user << ": " << ok.Brief();
    Response got = Get("/open311/v2/requests/" + ok.Json()[0].value("service_request_id", "") + ".json");
    EXPECT_EQ(got.Json()[0].value("address_id", ""), v.code) << user;
    Response nowhere = Post("json", {{"api_key", key},
                                     {"service_code", "0101"},
                                     {"address_string", "县城某处"},
                                     {"description", "道路积水"}});
    EXPECT_EQ(nowhere.status, 400) << user << ": " << nowhere.Brief();
    const std::string d = nowhere.Json()[0].value("description", "");
    EXPECT_NE(d.find("address_string"), std::string::npos) << d;
    EXPECT_EQ(d.find("place_code"), std::string::npos) << d;
  }
  // The refusals read the same for both keys.
  auto refusal = [&](const std::string& user) {
    return Post("json", {{"api_key", KeyFor(user)},
                         {"service_code", "0101"},
                         {"address_string", "某地"},
                         {"description", "x"}})
        .body;
  };
  EXPECT_EQ(refusal("hotline"), refusal("resident"));
  // Outside every grid: the answer speaks of lat/long and address_id.
  Response far = Post("json", {{"api_key", KeyFor("hotline")},
                               {"service_code", "0101"},
                               {"lat", "0.5"},
                               {"long", "0.5"},
                               {"description", "x"}});
  EXPECT_EQ(far.status, 400);
  EXPECT_EQ(far.body.find("place_code"), std::string::npos) << far.body;
}

}  // namespace
}  // namespace wangge::e2e
