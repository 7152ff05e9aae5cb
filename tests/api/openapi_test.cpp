// The OpenAPI document is generated from the route table; docs/api/openapi.json is its committed snapshot.
// These tests keep the two in sync and every route documented.
#include "http/openapi.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "http/router.hpp"

namespace wangge::http {
namespace {

std::vector<Route> AllRoutes() {
  static Router router(nullptr);
  static bool once = [] {
    RegisterAllRoutes(router);
    return true;
  }();
  (void)once;
  return router.routes();
}

TEST(OpenApi, EveryRouteIsDocumentedInBothLanguages) {
  auto routes = AllRoutes();
  ASSERT_GT(routes.size(), 30u);
  std::set<std::string> seen;
  for (const Route& r : routes) {
    EXPECT_FALSE(r.summary.empty()) << r.method << " " << r.pattern;
    EXPECT_FALSE(r.summary_zh.empty()) << r.method << " " << r.pattern;
    EXPECT_FALSE(r.tag.empty()) << r.method << " " << r.pattern;
    EXPECT_TRUE(r.handler) << r.method << " " << r.pattern;
    EXPECT_TRUE(seen.insert(r.method + " " + r.pattern).second)
        << "duplicate route " << r.method << " " << r.pattern;
  }
}

TEST(OpenApi, DocumentListsExactlyTheRouteTable) {
  auto routes = AllRoutes();
  nlohmann::json doc = OpenApiDocument(routes);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  size_t ops = 0;
  for (auto& [path, methods] : doc["paths"].items()) ops += methods.size();
  EXPECT_EQ(ops, routes.size());
  for (const Route& r : routes) {
    std::string m = r.method;
    std::transform(m.begin(), m.end(), m.begin(), ::tolower);
    EXPECT_TRUE(doc["paths"].contains(r.pattern) && doc["paths"][r.pattern].contains(m))
        << r.method << " " << r.pattern;
  }
}

// The declaration the Router enforces and the authorization-matrix test (tests/authz) reads.
TEST(OpenApi, EveryOperationDeclaresWhoMayCallIt) {
  std::set<std::string> perm_names, role_names;
  for (int i = 0; i < kPermissionCount; ++i)
    perm_names.insert(std::string(PermissionName(static_cast<Permission>(i))));
  for (Role role : AllRoles()) role_names.insert(std::string(RoleName(role)));
  nlohmann::json doc = OpenApiDocument(AllRoutes());
  for (auto& [path, methods] : doc["paths"].items())
    for (auto& [method, op] : methods.items()) {
      SCOPED_TRACE(method + " " + path);
      const std::string access = op.value("x-wangge-access", "");
      ASSERT_TRUE(access == "public" || access == "signed-in" || access == "permission") << access;
      EXPECT_EQ(access != "public", op.contains("security"));
      EXPECT_EQ(access == "permission", op.contains("x-wangge-permissions"));
      for (const auto& p : op.value("x-wangge-permissions", nlohmann::json::array())) {
        EXPECT_TRUE(perm_names.count(p.get<std::string>())) << p;
      }
      for (const auto& r : op.value("x-wangge-roles", nlohmann::json::array())) {
        EXPECT_TRUE(role_names.count(r.get<std::string>())) << r;
      }
    }
}

TEST(OpenApi, ARouteWithoutAnAccessDeclarationIsRefused) {
  Router router(nullptr);
  auto handler = [](Call&) { return HttpResponse{}; };
  EXPECT_THROW(router.Add({.method = "GET",
                           .pattern = "/api/v1/x",
                           .tag = "t",
                           .summary = "s",
                           .summary_zh = "s",
                           .handler = handler}),
               std::logic_error);
  EXPECT_THROW(router.Add({.method = "GET",
                           .pattern = "/api/v1/x",
                           .tag = "t",
                           .summary = "s",
                           .summary_zh = "s",
                           .auth = false,
                           .any_user = true,
                           .handler = handler}),
               std::logic_error);
  EXPECT_THROW(router.Add({.method = "GET",
                           .pattern = "/api/v1/x",
                           .tag = "t",
                           .summary = "s",
                           .summary_zh = "s",
                           .roles = {Role::kSystemAdmin},
                           .handler = handler}),
               std::logic_error);
  EXPECT_NO_THROW(router.Add({.method = "GET",
                              .pattern = "/api/v1/x",
                              .tag = "t",
                              .summary = "s",
                              .summary_zh = "s",
                              .any_of = {Permission::kPlaceRead},
                              .handler = handler}));
  EXPECT_NO_THROW(router.Add({.method = "GET",
                              .pattern = "/api/v1/y",
                              .tag = "t",
                              .summary = "s",
                              .summary_zh = "s",
                              .any_user = true,
                              .handler = handler}));
  EXPECT_NO_THROW(router.Add({.method = "GET",
                              .pattern = "/api/v1/z",
                              .tag = "t",
                              .summary = "s",
                              .summary_zh = "s",
                              .auth = false,
                              .handler = handler}));
}

TEST(OpenApi, CommittedSnapshotMatchesTheRouteTable) {
  std::ifstream f(std::string(WANGGE_SOURCE_DIR) + "/docs/api/openapi.json");
  ASSERT_TRUE(f) << "docs/api/openapi.json is missing";
  std::stringstream ss;
  ss << f.rdbuf();
  auto committed = nlohmann::json::parse(ss.str(), nullptr, false);
  ASSERT_FALSE(committed.is_discarded());
  EXPECT_EQ(committed, OpenApiDocument(AllRoutes()))
      << "the route table changed: regenerate with `wangge openapi > docs/api/openapi.json`";
}

}  // namespace
}  // namespace wangge::http
