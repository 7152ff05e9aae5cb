// Registers the shared environment (demo data + server) and checks that the fixture itself is sound.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

[[maybe_unused]] ::testing::Environment* const kEnvironment = ::testing::AddGlobalTestEnvironment(new E2E);

TEST(Fixture, DemoAccountsAreParsedWithTheirRolesAndPlaces) {
  const std::map<std::string, std::string> roles = {{"admin", "system_admin"},
                                                    {"county", "county_command"},
                                                    {"township", "township_official"},
                                                    {"township2", "township_official"},
                                                    {"secretary", "community_secretary"},
                                                    {"gridworker", "grid_worker"},
                                                    {"gridworker2", "grid_worker"},
                                                    {"unitleader", "unit_leader"},
                                                    {"police", "department_handler"},
                                                    {"partymember", "party_member"},
                                                    {"resident", "resident"}};
  for (const auto& [user, role] : roles) {
    SCOPED_TRACE(user);
    ASSERT_TRUE(Env().accounts().count(user));
    EXPECT_EQ(Env().account(user).role, role);
    EXPECT_FALSE(Env().account(user).password.empty());
  }
  EXPECT_EQ(Env().place("admin"), "");
  EXPECT_EQ(Env().place("county"), "530326");
  EXPECT_EQ(Env().place("township").size(), 9u);
  EXPECT_EQ(Env().place("township2").size(), 9u);
  EXPECT_NE(Env().place("township"), Env().place("township2"));
  EXPECT_EQ(Env().place("secretary").size(), 12u);
  EXPECT_EQ(Env().place("secretary").substr(0, 9), Env().place("township"));
  EXPECT_EQ(Env().place("gridworker").size(), 15u);
  EXPECT_EQ(Env().place("gridworker").substr(0, 12), Env().place("secretary"));
  EXPECT_EQ(Env().place("gridworker2").size(), 15u);
  EXPECT_NE(Env().place("gridworker2").substr(0, 12), Env().place("secretary"));
  EXPECT_EQ(Env().place("unitleader").size(), 18u);
}

TEST(Fixture, HealthzAnswersOverRealHttp) {
  Response r = Env().server().Call("GET", "/healthz");
  ASSERT_TRUE(IsStatus(r, 200));
  EXPECT_EQ(r.Json().value("status", ""), "ok");
  EXPECT_EQ(r.Header("content-length"), std::to_string(r.body.size()));
}

TEST(Fixture, EveryDemoAccountCanLogIn) {
  for (const auto& [user, a] : Env().accounts()) {
    SCOPED_TRACE(user);
    Response me = Env().As(user, "GET", "/api/v1/me");
    ASSERT_TRUE(IsStatus(me, 200));
    EXPECT_EQ(me.Json().value("username", ""), user);
    EXPECT_EQ(me.Json().value("role", ""), a.role);
    EXPECT_EQ(me.Json().value("scope", ""), a.place);
    EXPECT_FALSE(me.Json().value("must_change_password", true));
  }
}

}  // namespace
}  // namespace wangge::e2e
