// The OpenAPI document is generated from the route table; docs/api/openapi.json is its committed snapshot.
// These tests keep the two in sync and every route documented.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "http/openapi.hpp"
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
    EXPECT_TRUE(seen.insert(r.method + " " + r.pattern).second) << "duplicate route " << r.method << " " << r.pattern;
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
    EXPECT_TRUE(doc["paths"].contains(r.pattern) && doc["paths"][r.pattern].contains(m)) << r.method << " " << r.pattern;
  }
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
