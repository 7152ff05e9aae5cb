// Unit tests of the Open311 adapter's documents (open311_documents.cpp): services, service definitions,
// service requests, tokens and errors as JSON, and as XML parsed back with pugixml.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "core/calendar.hpp"
#include "http/open311.hpp"
#include "http/open311_test_data.hpp"

namespace wangge::http::open311 {
namespace {

using testdata::FireCategory;

// ------------------------------------------------------------------------------------------ documents

TEST(Open311Docs, ServiceAndDefinition) {
  Category c = FireCategory();
  ojson s = ServiceJson(c, "突发事件");
  std::vector<std::string> keys;
  for (const auto& [k, v] : s.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"service_code", "service_name", "description", "metadata", "type",
                                            "keywords", "group"}));
  EXPECT_EQ(s["service_code"], "0501");
  EXPECT_EQ(s["service_name"], "火灾隐患/险情");
  EXPECT_EQ(s["metadata"], true);
  EXPECT_EQ(s["type"], "realtime");
  EXPECT_EQ(s["group"], "突发事件");
  c.attributes_json = "[]";
  EXPECT_EQ(ServiceJson(c, "g")["metadata"], false);

  auto def = ServiceDefinitionJson(FireCategory());
  ASSERT_TRUE(def.ok());
  EXPECT_EQ((*def)["service_code"], "0501");
  ASSERT_EQ((*def)["attributes"].size(), 7u);
  const ojson& a = (*def)["attributes"][0];
  std::vector<std::string> akeys;
  for (const auto& [k, v] : a.items()) akeys.push_back(k);
  EXPECT_EQ(akeys, (std::vector<std::string>{"variable", "code", "datatype", "required",
                                             "datatype_description", "order", "description", "values"}));
  EXPECT_EQ(a["variable"], true);
  EXPECT_EQ(a["required"], true);
  EXPECT_TRUE(a["datatype_description"].is_null());
  EXPECT_EQ(a["values"][2], (ojson{{"key", "fire"}, {"name", "明火"}}));
  EXPECT_EQ((*def)["attributes"][6]["variable"], false);
  EXPECT_TRUE((*def)["attributes"][2]["values"].empty());
}

TEST(Open311Docs, PublicCategoriesAndStatus) {
  EXPECT_TRUE(IsPublicCategoryCode("0501"));
  EXPECT_TRUE(IsPublicCategoryCode("01"));
  EXPECT_FALSE(IsPublicCategoryCode("10"));
  EXPECT_FALSE(IsPublicCategoryCode("1003"));
  Category c = FireCategory();
  EXPECT_TRUE(IsPublicService(c));
  c.active = false;
  EXPECT_FALSE(IsPublicService(c));
  using order::State;
  for (State s : {State::kClosed, State::kRefused, State::kMerged}) EXPECT_EQ(PublicStatus(s), "closed");
  for (State s : {State::kReported, State::kAccepted, State::kDispatched, State::kHandling, State::kReturned,
                  State::kFinished, State::kVerified})
    EXPECT_EQ(PublicStatus(s), "open");
}

TEST(Open311Docs, RequestObject) {
  service::OrderView v;
  v.o.id = 7;
  v.o.state = order::State::kHandling;
  v.o.category = "0501";
  v.o.urgency = 3;
  v.o.description = "冒烟\n附件链接：https://x.cn/a.jpg";
  v.o.address = "县城东门";
  v.o.place_code = "530326001001002";
  v.o.lat = 25.5;
  v.o.lon = 103.25;
  v.o.received_at = *cal::ParseIsoTime("2026-01-05T09:00:00+08:00");
  v.o.handle_due = *cal::ParseIsoTime("2026-01-05T11:00:00+08:00");
  v.o.phase_start = v.o.received_at;
  v.tracking_no = "WG2026010500000007";
  v.assignee_dept_name = "消防救援大队";
  Category c = FireCategory();
  ojson j = RequestJson(v, &c);
  std::vector<std::string> keys;
  for (const auto& [k, val] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"service_request_id", "status", "status_notes", "service_name",
                                      "service_code", "description", "agency_responsible", "service_notice",
                                      "requested_datetime", "updated_datetime", "expected_datetime",
                                      "address", "address_id", "zipcode", "lat", "long", "media_url"}));
  EXPECT_EQ(j["service_request_id"], "WG2026010500000007");
  EXPECT_EQ(j["status"], "open");
  EXPECT_EQ(j["status_notes"], std::string(order::StateNameZh(order::State::kHandling)));
  EXPECT_EQ(j["service_name"], "火灾隐患/险情");
  EXPECT_EQ(j["agency_responsible"], "消防救援大队");
  EXPECT_EQ(j["requested_datetime"], "2026-01-05T09:00:00+08:00");
  EXPECT_EQ(j["updated_datetime"], "2026-01-05T09:00:00+08:00");
  EXPECT_EQ(j["address_id"], "530326001001002");
  EXPECT_TRUE(j["zipcode"].is_null());
  EXPECT_EQ(j["lat"], 25.5);
  EXPECT_EQ(j["long"], 103.25);
  EXPECT_EQ(j["media_url"], "https://x.cn/a.jpg");
  EXPECT_NE(j["service_notice"].get<std::string>().find("受理时限1小时"), std::string::npos)
      << j["service_notice"];
  // No coordinates, no category, no assignee.
  v.o.lat.reset();
  v.o.lon.reset();
  v.o.description = "x";
  v.assignee_dept_name.clear();
  v.category_name = "旧分类";
  ojson k = RequestJson(v, nullptr);
  EXPECT_TRUE(k["lat"].is_null());
  EXPECT_TRUE(k["media_url"].is_null());
  EXPECT_TRUE(k["agency_responsible"].is_null());
  EXPECT_TRUE(k["service_notice"].is_null());
  EXPECT_EQ(k["service_name"], "旧分类");
}

TEST(Open311Docs, SubmittedTokensAndErrors) {
  ojson s = SubmittedJson("WG2026010500000007", "tok", "notice", "");
  ASSERT_TRUE(s.is_array());
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0]["service_request_id"], "WG2026010500000007");
  EXPECT_EQ(s[0]["token"], "tok");
  EXPECT_TRUE(s[0]["account_id"].is_null());
  ojson t = TokenJson("WG2026010500000007", "tok");
  EXPECT_EQ(t.dump(), R"([{"service_request_id":"WG2026010500000007","token":"tok"}])");
  ojson e = ErrorsJson(400, "缺少 x / x is missing");
  EXPECT_EQ(e.dump(), R"([{"code":400,"description":"缺少 x / x is missing"}])");
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
  HttpResponse r = ErrorResponse(InvalidArgument("坏", "bad"), Format::kJson);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, kJsonContentType);
  EXPECT_EQ(r.body, R"([{"code":400,"description":"坏 / bad"}])");
}

// ------------------------------------------------------------------------------------------ XML

pugi::xml_document ParseXml(const std::string& xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result res =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration);
  EXPECT_TRUE(res) << res.description() << " at " << res.offset << " in\n" << xml;
  return doc;
}

TEST(Open311Xml, ErrorsDocument) {
  HttpResponse r = ErrorResponse(PermissionDenied("api_key 无效", "invalid api_key"), Format::kXml);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(r.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u) << r.body;
  auto doc = ParseXml(r.body);
  pugi::xml_node err = doc.child("errors").child("error");
  ASSERT_TRUE(err);
  EXPECT_STREQ(err.child("code").text().get(), "403");
  EXPECT_STREQ(err.child("description").text().get(), "api_key 无效 / invalid api_key");
}

TEST(Open311Xml, EscapesEveryTextNode) {
  const std::string nasty = "<b>&amp;\"'</b> ]]> <!-- x --> 中文";
  ojson j = ojson::array({ojson{{"service_request_id", nasty}, {"description", nasty + "\n第二行\ttab"}}});
  const std::string xml = ToXml(j, "service_requests");
  EXPECT_EQ(xml.find("<b>"), std::string::npos) << xml;
  auto doc = ParseXml(xml);
  pugi::xml_node req = doc.child("service_requests").child("request");
  ASSERT_TRUE(req);
  EXPECT_EQ(std::string(req.child("service_request_id").text().get()), nasty);
  EXPECT_EQ(std::string(req.child("description").text().get()), nasty + "\n第二行\ttab");
}

TEST(Open311Xml, ReplacesCharactersXmlForbids) {
  ojson j = ojson::object();
  j["a"] = std::string("x\x01y\x1Fz");
  j["b"] = std::string("bad\xFFutf8\xC3");
  j["c"] = std::string("\xEF\xBF\xBE");  // U+FFFE
  const std::string xml = ToXml(j, "doc");
  EXPECT_EQ(xml.find("&#"), std::string::npos) << xml;
  auto doc = ParseXml(xml);
  EXPECT_EQ(std::string(doc.child("doc").child("a").text().get()), "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  EXPECT_EQ(std::string(doc.child("doc").child("b").text().get()), "bad\xEF\xBF\xBDutf8\xEF\xBF\xBD");
  EXPECT_EQ(std::string(doc.child("doc").child("c").text().get()), "\xEF\xBF\xBD");
}

TEST(Open311Xml, NestedListsNullsBooleansAndNumbers) {
  auto def = ServiceDefinitionJson(FireCategory());
  ASSERT_TRUE(def.ok());
  HttpResponse r = Render(*def, Format::kXml, "service_definition");
  auto doc = ParseXml(r.body);
  pugi::xml_node sd = doc.child("service_definition");
  EXPECT_STREQ(sd.child("service_code").text().get(), "0501");
  pugi::xml_node attr = sd.child("attributes").child("attribute");
  ASSERT_TRUE(attr);
  EXPECT_STREQ(attr.child("variable").text().get(), "true");
  EXPECT_STREQ(attr.child("code").text().get(), "hazard_level");
  EXPECT_STREQ(attr.child("order").text().get(), "1");
  EXPECT_TRUE(attr.child("datatype_description"));  // null: present and empty
  EXPECT_STREQ(attr.child("datatype_description").text().get(), "");
  int values = 0;
  for (pugi::xml_node v : attr.child("values").children("value")) {
    ++values;
    EXPECT_TRUE(v.child("key"));
    EXPECT_TRUE(v.child("name"));
  }
  EXPECT_EQ(values, 3);
  int attrs = 0;
  for (pugi::xml_node a : sd.child("attributes").children()) {
    EXPECT_STREQ(a.name(), "attribute");
    ++attrs;
  }
  EXPECT_EQ(attrs, 7);

  ojson d = DiscoveryJson("http://h/open311/v2", "2026-01-01T00:00:00+08:00");
  auto ddoc = ParseXml(ToXml(d, "discovery"));
  pugi::xml_node ep = ddoc.child("discovery").child("endpoints").child("endpoint");
  EXPECT_STREQ(ep.child("url").text().get(), "http://h/open311/v2");
  EXPECT_STREQ(ep.child("formats").first_child().name(), "format");
  EXPECT_STREQ(ep.child("formats").first_child().text().get(), "application/json");

  service::OrderView v;
  v.o.id = 1;
  v.o.category = "0501";
  v.o.lat = 25.125;
  v.o.lon = 103.5;
  v.o.received_at = 1780000000;
  v.tracking_no = "WG2026052800000001";
  Category c = FireCategory();
  auto rdoc = ParseXml(ToXml(ojson::array({RequestJson(v, &c)}), "service_requests"));
  pugi::xml_node req = rdoc.child("service_requests").child("request");
  EXPECT_STREQ(req.child("lat").text().get(), "25.125");
  EXPECT_STREQ(req.child("long").text().get(), "103.5");
  EXPECT_TRUE(req.child("zipcode"));
}

TEST(Open311Xml, EmptyListAndServices) {
  auto doc = ParseXml(ToXml(ojson::array(), "service_requests"));
  EXPECT_TRUE(doc.child("service_requests"));
  EXPECT_FALSE(doc.child("service_requests").first_child());
  Category c = FireCategory();
  auto sdoc = ParseXml(ToXml(ojson::array({ServiceJson(c, "突发事件")}), "services"));
  pugi::xml_node s = sdoc.child("services").child("service");
  EXPECT_STREQ(s.child("metadata").text().get(), "true");
  EXPECT_STREQ(s.child("group").text().get(), "突发事件");
  // JSON rendering of the same.
  HttpResponse j = Render(ojson::array({ServiceJson(c, "突发事件")}), Format::kJson, "services");
  auto parsed = nlohmann::json::parse(j.body);
  ASSERT_TRUE(parsed.is_array());
  EXPECT_EQ(parsed[0]["service_code"], "0501");
  EXPECT_EQ(j.content_type, "application/json; charset=utf-8");
}

TEST(Open311Xml, ItemNames) {
  EXPECT_EQ(ItemName("services"), "service");
  EXPECT_EQ(ItemName("service_requests"), "request");
  EXPECT_EQ(ItemName("errors"), "error");
  EXPECT_EQ(ItemName("attributes"), "attribute");
  EXPECT_EQ(ItemName("values"), "value");
  EXPECT_EQ(ItemName("other"), "item");
}

}  // namespace
}  // namespace wangge::http::open311
