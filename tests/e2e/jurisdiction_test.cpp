// Jurisdiction by id guessing: records of township A asked for by township B's official are 404 (reads and
// writes, nothing changes), lists scoped to another township are 403, roles without people access get 403.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

struct Kind {
  std::string name;     // "households"
  json patch;           // fields of a PATCH (besides version)
  std::string compare;  // a field the PATCH would change
};

const std::vector<Kind>& Kinds() {
  static const std::vector<Kind> kinds = {
      {"households", {{"address", "越权修改的地址"}}, "address"},
      {"buildings", {{"name", "越权楼"}}, "name"},
      {"people", {{"name", "越权"}}, "name"},
      {"organizations", {{"name", "越权修改的组织"}}, "name"},
  };
  return kinds;
}

// The first record of `kind` in township A (created when the demo has none).
json FirstInTownshipA(const std::string& kind) {
  Response r = Env().As("township", "GET", "/api/v1/" + kind + "?limit=1");
  EXPECT_TRUE(IsStatus(r, 200));
  if (!r.Json()["items"].empty()) return r.Json()["items"][0];
  json body;
  const std::string grid = Env().place("gridworker");
  if (kind == "households")
    body = {{"place_code", grid},
            {"address", "测试路1号"},
            {"household_no", "E2EJ" + std::to_string(::getpid())}};
  else if (kind == "buildings")
    body = {{"place_code", grid}, {"name", "测试楼"}, {"address", "测试路2号"}, {"floors", 6}};
  else if (kind == "organizations")
    body = {{"place_code", Env().place("secretary")},
            {"name", "测试科技有限公司"},
            {"kind", "enterprise"},
            {"employees", 10},
            {"party_members", 1}};
  else
    body = {{"place_code", grid}, {"name", "测试人"}, {"citizen_id", FreshCitizenId(1936)}};
  Response c = Env().As("township", "POST", "/api/v1/" + kind, body);
  EXPECT_TRUE(IsStatus(c, 201));
  return c.Json();
}

TEST(Jurisdiction, RecordsOfAnotherTownshipAre404AndUntouched) {
  const std::string township_a = Env().place("township");
  std::map<std::string, json> records;
  for (const Kind& k : Kinds()) records[k.name] = FirstInTownshipA(k.name);
  LoginAll();
  const int64_t audit_before = NewestAuditSeq();
  for (const Kind& k : Kinds()) {
    SCOPED_TRACE(k.name);
    const json& rec = records[k.name];
    ASSERT_TRUE(rec.is_object());
    const int64_t id = rec.value("id", int64_t{0});
    ASSERT_GT(id, 0);
    ASSERT_EQ(rec.value("place_code", "").rfind(township_a, 0), 0u) << rec.dump();
    const std::string target = "/api/v1/" + k.name + "/" + std::to_string(id);
    Response own = Env().As("township", "GET", target);
    ASSERT_TRUE(IsStatus(own, 200));
    const int64_t version = own.Json().value("version", int64_t{0});

    EXPECT_TRUE(IsProblem(Env().As("township2", "GET", target), 404));
    json patch = k.patch;
    patch["version"] = version;
    EXPECT_TRUE(IsProblem(Env().As("township2", "PATCH", target, patch), 404));
    // Grid worker of another township, too.
    EXPECT_TRUE(IsProblem(Env().As("gridworker2", "GET", target), 404));

    Response after = Env().As("township", "GET", target);
    ASSERT_TRUE(IsStatus(after, 200));
    EXPECT_EQ(after.Json().value("version", int64_t{-1}), version);
    EXPECT_EQ(after.Json()[k.compare], own.Json()[k.compare]);

    // Lists: own scope fine, the other township's scope forbidden.
    EXPECT_TRUE(
        IsStatus(Env().As("township", "GET", "/api/v1/" + k.name + "?limit=1&scope=" + township_a), 200));
    EXPECT_TRUE(
        IsProblem(Env().As("township2", "GET", "/api/v1/" + k.name + "?limit=1&scope=" + township_a), 403));
    EXPECT_TRUE(IsProblem(
        Env().As("township2", "GET", "/api/v1/" + k.name + "?limit=1&scope=" + Env().place("gridworker")),
        403));
    // The default list of township2 holds nothing of township A.
    for (const json& item : ListAll("township2", "/api/v1/" + k.name, 3000)) {
      ASSERT_EQ(item.value("place_code", "").rfind(Env().place("township2"), 0), 0u) << item.dump();
    }
  }
  // The organisations' coverage is scoped the same way.
  EXPECT_TRUE(
      IsProblem(Env().As("township2", "GET", "/api/v1/organizations/coverage?scope=" + township_a), 403));
  EXPECT_EQ(NewestAuditSeq(), audit_before);  // reads and refused writes leave no audit row
}

TEST(Jurisdiction, UsersOutsideTheScopeAre404AndListsOutsideAre403) {
  std::vector<json> users = ListAll("admin", "/api/v1/users");
  int64_t admin_id = 0, secretary_id = 0, township_id = 0;
  for (const json& u : users) {
    if (u.value("username", "") == "admin") admin_id = u.value("id", int64_t{0});
    if (u.value("username", "") == "secretary") secretary_id = u.value("id", int64_t{0});
    if (u.value("username", "") == "township") township_id = u.value("id", int64_t{0});
  }
  ASSERT_GT(admin_id, 0);
  ASSERT_GT(secretary_id, 0);
  ASSERT_GT(township_id, 0);
  // The county command centre administers users of its county, not the system administrator.
  EXPECT_TRUE(IsStatus(Env().As("county", "GET", "/api/v1/users/" + std::to_string(secretary_id)), 200));
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/users/" + std::to_string(admin_id)), 404));
  Response admin_before = Env().As("admin", "GET", "/api/v1/users/" + std::to_string(admin_id));
  ASSERT_TRUE(IsStatus(admin_before, 200));
  EXPECT_TRUE(IsProblem(Env().As("county", "PATCH", "/api/v1/users/" + std::to_string(admin_id),
                                 json{{"display_name", "越权"}}),
                        404));
  EXPECT_TRUE(IsProblem(
      Env().As("county", "POST", "/api/v1/users/" + std::to_string(admin_id) + "/password", json::object()),
      404));
  Response admin_after = Env().As("admin", "GET", "/api/v1/users/" + std::to_string(admin_id));
  EXPECT_EQ(admin_after.Json(), admin_before.Json());
  // The admin's password still works (the reset above did not happen).
  EXPECT_TRUE(IsStatus(Env().server().Login("admin", Env().account("admin").password), 200));
  // Township officials have no user administration at all: 403 for records of either township.
  EXPECT_TRUE(IsProblem(Env().As("township2", "GET", "/api/v1/users/" + std::to_string(township_id)), 403));
  EXPECT_TRUE(IsProblem(Env().As("township2", "GET", "/api/v1/users"), 403));
  // Lists outside the caller's scope.
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/users?scope=53"), 403));
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/users?scope=530325"), 403));
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/users?scope=abc"), 400, "scope"));
  for (const json& u : ListAll("county", "/api/v1/users")) {
    ASSERT_EQ(u.value("place_code", "").rfind("530326", 0), 0u) << u.dump();
  }
}

TEST(Jurisdiction, RolesWithoutPeopleAccessGet403) {
  for (const char* user : {"resident", "partymember"}) {
    SCOPED_TRACE(user);
    EXPECT_TRUE(IsProblem(Env().As(user, "GET", "/api/v1/people"), 403));
    EXPECT_TRUE(IsProblem(Env().As(user, "GET", "/api/v1/people?scope=" + Env().place(user)), 403));
    EXPECT_TRUE(IsProblem(Env().As(user, "GET", "/api/v1/households"), 403));
    EXPECT_TRUE(IsProblem(Env().As(user, "GET", "/api/v1/export/people?format=csv"), 403));
    // They still see the tree and its counts.
    EXPECT_TRUE(IsStatus(Env().As(user, "GET", "/api/v1/places"), 200));
    EXPECT_TRUE(IsStatus(Env().As(user, "GET", "/api/v1/places/" + Env().place(user)), 200));
  }
  // A person of their own community by id is 403 as well (not 404: the role lacks the permission).
  Response some = Env().As("secretary", "GET", "/api/v1/people?limit=1");
  ASSERT_TRUE(IsStatus(some, 200));
  ASSERT_FALSE(some.Json()["items"].empty());
  const std::string id = std::to_string(some.Json()["items"][0].value("id", int64_t{0}));
  EXPECT_TRUE(IsProblem(Env().As("resident", "GET", "/api/v1/people/" + id), 403));
  EXPECT_TRUE(IsProblem(
      Env().As("partymember", "POST", "/api/v1/people/" + id + "/unmask", json{{"purpose", "好奇"}}), 403));
}

// authz.hpp: "an existing record outside the caller's scope -> 404: ids are not confirmed to exist". The 404
// for an existing id outside the jurisdiction must therefore be indistinguishable from the 404 for an id that
// does not exist at all.
TEST(Jurisdiction, NotFoundDoesNotRevealWhetherAnIdExists) {
  for (const Kind& k : Kinds()) {
    SCOPED_TRACE(k.name);
    json rec = FirstInTownshipA(k.name);
    const std::string existing = "/api/v1/" + k.name + "/" + std::to_string(rec.value("id", int64_t{0}));
    const std::string missing = "/api/v1/" + k.name + "/987654321";
    Response a = Env().As("township2", "GET", existing);
    Response b = Env().As("township2", "GET", missing);
    ASSERT_TRUE(IsProblem(a, 404));
    ASSERT_TRUE(IsProblem(b, 404));
    EXPECT_EQ(a.Json()["detail"], b.Json()["detail"]) << "existing out-of-scope id vs missing id";
    EXPECT_EQ(a.Json()["detail_zh"], b.Json()["detail_zh"]) << "existing out-of-scope id vs missing id";
  }
}

}  // namespace
}  // namespace wangge::e2e
