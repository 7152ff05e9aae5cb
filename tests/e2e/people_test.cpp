// People and masking: identities are masked for every role, shown in clear only through an audited
// /unmask with a purpose; department handlers see no identity and no sensitive groups.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

const std::vector<std::string>& IdentityRoles() {
  static const std::vector<std::string> v = {"admin",     "county",     "township",   "township2",
                                             "secretary", "gridworker", "gridworker2"};
  return v;
}

bool HasSensitiveTag(const json& person) {
  if (!person.contains("tags")) return false;
  for (const json& t : person["tags"]) {
    if (t.value("sensitive", false)) return true;
    const std::string tag = t.value("tag", "");
    for (const char* s : {"community_correction", "released_prisoner", "severe_mental_disorder", "drug_user",
                          "key_youth", "key_petitioner"})
      if (tag == s) return true;
  }
  return false;
}

// Checks one person object as seen by `user`.
void CheckPersonView(const std::string& user, const json& p) {
  SCOPED_TRACE(p.dump().substr(0, 300));
  const bool identity =
      std::find(IdentityRoles().begin(), IdentityRoles().end(), user) != IdentityRoles().end();
  if (identity) {
    ASSERT_TRUE(p.contains("citizen_id"));
    const std::string cid = p["citizen_id"].get<std::string>();
    EXPECT_TRUE(std::regex_match(cid, MaskedIdRe())) << cid;
    ASSERT_TRUE(p.contains("phone"));
    const std::string phone = p["phone"].get<std::string>();
    EXPECT_TRUE(std::regex_match(phone, MaskedPhoneRe())) << phone;
  } else {
    EXPECT_FALSE(p.contains("citizen_id"));
    EXPECT_FALSE(p.contains("phone"));
    EXPECT_FALSE(p.contains("ethnicity"));
  }
  EXPECT_FALSE(p.contains("citizen_id_enc"));
  EXPECT_FALSE(p.contains("citizen_id_hash"));
  const bool sensitive_ok = user == "admin" || user == "county" || user == "township" || user == "township2";
  if (!sensitive_ok) {
    EXPECT_FALSE(HasSensitiveTag(p));
  }
  if (!Env().place(user).empty()) {
    EXPECT_EQ(p.value("place_code", "").rfind(Env().place(user), 0), 0u);
  }
}

// A person of the grid worker's grid, as seen by the county.
json PersonInGrid() {
  Response r = Env().As("gridworker", "GET", "/api/v1/people?limit=5");
  EXPECT_TRUE(IsStatus(r, 200));
  EXPECT_FALSE(r.Json()["items"].empty());
  return r.Json()["items"].empty() ? json() : r.Json()["items"][0];
}

// Makes sure the county has at least one person in community correction; returns one such person's id.
int64_t CorrectionPerson() {
  Response r = Env().As("county", "GET", "/api/v1/people?tag=community_correction&limit=5");
  EXPECT_TRUE(IsStatus(r, 200));
  if (!r.Json()["items"].empty()) return r.Json()["items"][0].value("id", int64_t{0});
  json body{
      {"place_code", Env().place("gridworker")},
      {"name", "测试矫正"},
      {"citizen_id", FreshCitizenId(1937)},
      {"tags", json::array({json{
                   {"tag", "community_correction"},
                   {"fields", {{"start_on", "2024-01-01"}, {"end_on", "2026-06-30"}, {"type", "缓刑"}}}}})}};
  Response c = Env().As("county", "POST", "/api/v1/people", body);
  EXPECT_TRUE(IsStatus(c, 201));
  return c.Json().value("id", int64_t{0});
}

TEST(PeopleMasking, EveryRoleSeesMaskedIdentityOnly) {
  CorrectionPerson();  // a sensitive person exists for the views below
  for (const std::string user : {"admin", "county", "township", "township2", "secretary", "gridworker",
                                 "gridworker2", "unitleader", "police"}) {
    SCOPED_TRACE(user);
    Response list = Env().As(user, "GET", "/api/v1/people?limit=200");
    ASSERT_TRUE(IsStatus(list, 200));
    const json& items = list.Json()["items"];
    ASSERT_FALSE(items.empty());
    for (const json& p : items) CheckPersonView(user, p);
    // Details of a few of them.
    for (size_t i = 0; i < items.size() && i < 5; ++i) {
      const std::string id = std::to_string(items[i].value("id", int64_t{0}));
      Response d = Env().As(user, "GET", "/api/v1/people/" + id);
      ASSERT_TRUE(IsStatus(d, 200));
      CheckPersonView(user, d.Json());
    }
    // Name search and the second page too.
    if (!list.Json()["next"].is_null()) {
      Response page2 = Env().As(
          user, "GET", "/api/v1/people?limit=200&after=" + UrlEncode(list.Json()["next"].get<std::string>()));
      ASSERT_TRUE(IsStatus(page2, 200));
      for (const json& p : page2.Json()["items"]) CheckPersonView(user, p);
    }
  }
}

TEST(PeopleMasking, CreatedPersonIsReturnedMasked) {
  const std::string cid = FreshCitizenId(1937);
  json body{{"place_code", Env().place("gridworker")},
            {"name", "测试掩码"},
            {"citizen_id", cid},
            {"phone", "13987654321"}};
  Response r = Env().As("gridworker", "POST", "/api/v1/people", body);
  ASSERT_TRUE(IsStatus(r, 201));
  json p = r.Json();
  EXPECT_EQ(p.value("citizen_id", ""), cid.substr(0, 6) + "********" + cid.substr(14));
  EXPECT_EQ(p.value("phone", ""), "139****4321");
  EXPECT_EQ(r.body.find(cid), std::string::npos);
  EXPECT_EQ(r.body.find("13987654321"), std::string::npos);
  // Derived from the ID.
  EXPECT_EQ(p.value("birth_date", ""), cid.substr(6, 4) + "-" + cid.substr(10, 2) + "-" + cid.substr(12, 2));
  EXPECT_EQ(p.value("sex", ""), ((cid[16] - '0') % 2 == 1) ? "M" : "F");
}

TEST(PeopleMasking, UnmaskWithPurposeIsAuditedAndGivesTheClearId) {
  LoginAll();
  json person = PersonInGrid();
  ASSERT_TRUE(person.is_object());
  const int64_t id = person.value("id", int64_t{0});
  const std::string masked = person.value("citizen_id", "");
  const std::string purpose = "入户走访核实身份 e2e-" + std::to_string(::getpid());
  Response r = Env().As("gridworker", "POST", "/api/v1/people/" + std::to_string(id) + "/unmask",
                        json{{"purpose", purpose}});
  ASSERT_TRUE(IsStatus(r, 200));
  const std::string clear = r.Json().value("citizen_id", "");
  ASSERT_EQ(clear.size(), 18u) << r.body;
  auto parsed = ParseCitizenId(clear);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(clear.substr(0, 6), masked.substr(0, 6));
  EXPECT_EQ(clear.substr(14), masked.substr(14));
  EXPECT_EQ(r.Json().value("id", int64_t{0}), id);

  // The audit trail (county view) has the unmask with its purpose, newest first.
  Response audit = Env().As("county", "GET", "/api/v1/audit?limit=50");
  ASSERT_TRUE(IsStatus(audit, 200));
  bool found = false;
  for (const json& row : audit.Json()["items"]) {
    if (row.value("action", "") == "person.unmask" && row.value("entity_id", "") == std::to_string(id) &&
        row["detail"].is_object() && row["detail"].value("purpose", "") == purpose) {
      found = true;
      EXPECT_EQ(row.value("username", ""), "gridworker");
      EXPECT_EQ(row.value("place_code", ""), person.value("place_code", ""));
      EXPECT_EQ(row.dump().find(clear), std::string::npos) << "the audit row must not hold the clear ID";
    }
  }
  EXPECT_TRUE(found) << audit.body.substr(0, 2000);

  // Search by the exact ID finds exactly that person.
  Response search = Env().As("county", "GET", "/api/v1/people?citizen_id=" + clear);
  ASSERT_TRUE(IsStatus(search, 200));
  ASSERT_EQ(search.Json()["items"].size(), 1u) << search.body;
  EXPECT_EQ(search.Json()["items"][0].value("id", int64_t{0}), id);
  EXPECT_EQ(search.Json()["items"][0].value("citizen_id", ""), masked);
  // Lower-case x / surrounding spaces are the same ID; another township's official finds nothing.
  Response other = Env().As("township2", "GET", "/api/v1/people?citizen_id=" + clear);
  ASSERT_TRUE(IsStatus(other, 200));
  EXPECT_TRUE(other.Json()["items"].empty());
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/people?citizen_id=123"), 400, "citizen_id"));
}

TEST(PeopleMasking, UnmaskRefusals) {
  LoginAll();
  json person = PersonInGrid();
  ASSERT_TRUE(person.is_object());
  const std::string target = "/api/v1/people/" + std::to_string(person.value("id", int64_t{0})) + "/unmask";
  const int64_t audit_before = NewestAuditSeq();
  struct Case {
    std::string user;
    std::string body;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"gridworker", "{}", 400, "purpose"},
      {"gridworker", R"({"purpose": ""})", 400, "purpose"},
      {"gridworker", R"({"purpose": "看"})", 400, "purpose"},
      {"gridworker", R"({"purpose": "   "})", 400, "purpose"},
      {"gridworker", R"({"purpose": 42})", 400, "purpose"},
      {"gridworker", R"({"purpose": "核实", "why": "x"})", 400, "why"},
      {"gridworker", "", 400, "body"},
      {"police", R"({"purpose": "案件调查"})", 403, ""},
      {"unitleader", R"({"purpose": "入户走访"})", 403, ""},
      {"gridworker2", R"({"purpose": "入户走访"})", 404, ""},
      {"township2", R"({"purpose": "入户走访"})", 404, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.user + " " + c.body);
    Response r = Env().AsRaw(c.user, "POST", target, c.body, "application/json");
    EXPECT_TRUE(IsProblem(r, c.status, c.field));
    EXPECT_FALSE(r.Json().contains("citizen_id"));
  }
  EXPECT_EQ(NewestAuditSeq(), audit_before);
}

TEST(PeopleMasking, DepartmentHandlerSeesNoIdentityAndNoSensitiveGroups) {
  const int64_t correction = CorrectionPerson();
  ASSERT_GT(correction, 0);
  Response list = Env().As("police", "GET", "/api/v1/people?limit=300");
  ASSERT_TRUE(IsStatus(list, 200));
  ASSERT_FALSE(list.Json()["items"].empty());
  for (const json& p : list.Json()["items"]) {
    EXPECT_FALSE(p.contains("citizen_id")) << p.dump();
    EXPECT_FALSE(p.contains("phone")) << p.dump();
    EXPECT_FALSE(p.contains("household_id")) << p.dump();
    EXPECT_FALSE(HasSensitiveTag(p)) << p.dump();
  }
  EXPECT_EQ(list.body.find("community_correction"), std::string::npos);
  EXPECT_EQ(list.body.find("社区矫正"), std::string::npos);
  Response d = Env().As("police", "GET", "/api/v1/people/" + std::to_string(correction));
  ASSERT_TRUE(IsStatus(d, 200));
  EXPECT_FALSE(d.Json().contains("citizen_id"));
  EXPECT_FALSE(HasSensitiveTag(d.Json())) << d.body;
  EXPECT_EQ(d.body.find("community_correction"), std::string::npos) << d.body;
  // The county sees the tag on the same person.
  Response cd = Env().As("county", "GET", "/api/v1/people/" + std::to_string(correction));
  ASSERT_TRUE(IsStatus(cd, 200));
  EXPECT_TRUE(HasSensitiveTag(cd.Json())) << cd.body;
  // Police may not search by sensitive group nor by citizen ID, and the tag definitions hide sensitive
  // groups.
  EXPECT_TRUE(IsProblem(Env().As("police", "GET", "/api/v1/people?tag=community_correction"), 403));
  EXPECT_TRUE(IsProblem(
      Env().As("police", "GET", "/api/v1/people?citizen_id=" + MakeCitizenId("530326", 1980, 1, 1, 1)), 403));
  Response tags = Env().As("police", "GET", "/api/v1/tags");
  ASSERT_TRUE(IsStatus(tags, 200));
  for (const json& t : tags.Json()["items"]) EXPECT_FALSE(t.value("sensitive", true)) << t.dump();
  // Counts shown to the police hide sensitive groups too.
  Response county = Env().As("police", "GET", "/api/v1/places/530326");
  ASSERT_TRUE(IsStatus(county, 200));
  EXPECT_FALSE(county.Json()["counts"]["tags"].contains("community_correction"))
      << county.body.substr(0, 800);
}

TEST(PeopleMasking, SearchBySensitiveTagIsForComprehensiveGovernanceRolesOnly) {
  const int64_t correction = CorrectionPerson();
  ASSERT_GT(correction, 0);
  Response r = Env().As("county", "GET", "/api/v1/people?tag=community_correction&limit=500");
  ASSERT_TRUE(IsStatus(r, 200));
  ASSERT_FALSE(r.Json()["items"].empty());
  for (const json& p : r.Json()["items"]) {
    bool has = false;
    for (const json& t : p["tags"]) has = has || t.value("tag", "") == "community_correction";
    EXPECT_TRUE(has) << p.dump();
    EXPECT_TRUE(std::regex_match(p.value("citizen_id", ""), MaskedIdRe()));
  }
  // The county counts agree with at least what the search returned.
  Response county = Env().As("county", "GET", "/api/v1/places/530326");
  ASSERT_TRUE(IsStatus(county, 200));
  EXPECT_GE(county.Json()["counts"]["tags"].value("community_correction", int64_t{0}),
            static_cast<int64_t>(r.Json()["items"].size()));
  for (const char* user : {"secretary", "gridworker", "unitleader"}) {
    SCOPED_TRACE(user);
    EXPECT_TRUE(IsProblem(Env().As(user, "GET", "/api/v1/people?tag=community_correction"), 403));
    EXPECT_TRUE(
        IsProblem(Env().As(user, "GET", "/api/v1/export/people?format=csv&tag=community_correction"), 403));
  }
  // A care group is fine for the secretary; an unknown tag is 400.
  EXPECT_TRUE(IsStatus(Env().As("secretary", "GET", "/api/v1/people?tag=dibao"), 200));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "GET", "/api/v1/people?tag=alien"), 400, "tag"));
}

}  // namespace
}  // namespace wangge::e2e
