// The OpenAPI document, metrics, and the answers for unknown paths and wrong methods.
#include "http/router.hpp"
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

const std::vector<http::Route>& RouteTable() {
  static const http::Router* router = [] {
    auto* r = new http::Router(nullptr);
    http::RegisterAllRoutes(*r);
    return r;
  }();
  return router->routes();
}

TEST(Meta, OpenApiDocumentListsEveryRoute) {
  Response r = Env().server().Call("GET", "/api/v1/openapi.json");
  ASSERT_TRUE(IsStatus(r, 200));
  EXPECT_EQ(r.Header("content-type").rfind("application/json", 0), 0u);
  json doc = r.Json();
  ASSERT_TRUE(doc.is_object()) << r.body.substr(0, 300);
  EXPECT_EQ(doc.value("openapi", ""), "3.0.3");
  ASSERT_TRUE(doc["paths"].is_object());
  ASSERT_GT(RouteTable().size(), 30u);
  size_t operations = 0;
  for (auto it = doc["paths"].begin(); it != doc["paths"].end(); ++it) operations += it.value().size();
  EXPECT_GE(operations, RouteTable().size());
  for (const http::Route& route : RouteTable()) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    ASSERT_TRUE(doc["paths"].contains(route.pattern));
    EXPECT_TRUE(doc["paths"][route.pattern].contains(Lower(route.method)));
  }
  // The CLI prints the same document.
  std::string out;
  ASSERT_EQ(RunCapture({WanggeBin(), "openapi"}, {}, &out, (Env().work_dir() / "openapi.stderr").string()),
            0);
  json cli = json::parse(out, nullptr, false);
  ASSERT_FALSE(cli.is_discarded());
  EXPECT_EQ(cli["paths"], doc["paths"]);
}

TEST(Meta, EveryGetRouteIsServed) {
  for (const http::Route& route : RouteTable()) {
    if (route.method != "GET") continue;
    std::string target = route.pattern;
    for (auto [param, value] : {std::pair<std::string, std::string>{"{id}", "1"},
                                {"{code}", "530326"},
                                {"{file}", "0101.json"},
                                {"{sha}", std::string(64, '0')}}) {
      size_t pos;
      while ((pos = target.find(param)) != std::string::npos) target.replace(pos, param.size(), value);
    }
    if (target == "/api/v1/export/people") target += "?format=csv&scope=" + Env().place("gridworker");
    SCOPED_TRACE(target);
    Response r = Env().As("admin", "GET", target);
    EXPECT_NE(r.status, 405);
    EXPECT_NE(r.status, 0) << r.error;
    EXPECT_GE(r.status, 200);
    if (r.status == 404 && r.Json().is_object()) {  // Open311 errors are arrays, never "no such endpoint"
      EXPECT_EQ(r.Json().value("detail", "").find("no such endpoint"), std::string::npos) << r.body;
    }
    EXPECT_LT(r.status, 500) << r.body;
  }
}

TEST(Meta, MetricsExposeRequestsAndCommitBatches) {
  // Something to count: a read and a write.
  ASSERT_TRUE(IsStatus(Env().server().Call("GET", "/healthz"), 200));
  ASSERT_TRUE(IsStatus(Env().As("county", "GET", "/api/v1/me"), 200));
  Response r = Env().server().Call("GET", "/metrics");
  ASSERT_TRUE(IsStatus(r, 200));
  EXPECT_EQ(r.Header("content-type").rfind("text/plain", 0), 0u);
  EXPECT_NE(r.body.find("# TYPE wangge_http_requests_total counter"), std::string::npos);
  EXPECT_NE(r.body.find("wangge_http_requests_total{route=\"GET /healthz\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("wangge_http_requests_total{route=\"POST /api/v1/auth/login\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("wangge_db_commit_batch_size"), std::string::npos);
  EXPECT_NE(r.body.find("wangge_db_commit_batch_size_count"), std::string::npos);
  EXPECT_NE(r.body.find("wangge_http_request_duration_seconds_bucket"), std::string::npos);
  // Counters only grow.
  auto count_of = [](const std::string& body, const std::string& series) -> long long {
    size_t pos = body.find(series + " ");
    return pos == std::string::npos ? -1 : std::atoll(body.c_str() + pos + series.size() + 1);
  };
  const std::string series = "wangge_http_requests_total{route=\"GET /healthz\",status=\"200\"}";
  long long n1 = count_of(r.body, series);
  ASSERT_TRUE(IsStatus(Env().server().Call("GET", "/healthz"), 200));
  long long n2 = count_of(Env().server().Call("GET", "/metrics").body, series);
  EXPECT_EQ(n2, n1 + 1);
}

TEST(Meta, UnknownPathIs404Problem) {
  for (const char* target : {"/api/v1/nope", "/api/v1/people/abc", "/api/v1/people/1/2/3", "/api/v2/people",
                             "/api/v1/places/5303x6", "/api/v1/people/99999999999999999999999"}) {
    SCOPED_TRACE(target);
    EXPECT_TRUE(IsProblem(Env().As("county", "GET", target), 404));
    EXPECT_TRUE(IsProblem(Env().server().Call("GET", target), 404));  // before authentication
  }
}

TEST(Meta, WrongMethodIs405Problem) {
  for (auto [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"DELETE", "/api/v1/people"},
                                                        {"PUT", "/api/v1/me"},
                                                        {"DELETE", "/api/v1/people/1"},
                                                        {"POST", "/healthz"},
                                                        {"PATCH", "/api/v1/places"}}) {
    SCOPED_TRACE(method + " " + target);
    Response r = Env().As("county", method, target);
    EXPECT_TRUE(IsProblem(r, 405));
  }
  // Nothing was deleted.
  EXPECT_TRUE(IsStatus(Env().As("admin", "GET", "/api/v1/people?limit=1"), 200));
}

// RFC 9110 §15.5.6: a 405 response MUST carry an Allow header listing the supported methods.
TEST(Meta, WrongMethodNamesTheAllowedMethods) {
  Response r = Env().As("county", "DELETE", "/api/v1/people");
  ASSERT_EQ(r.status, 405) << r.Brief();
  const std::string allow = r.Header("allow");
  EXPECT_NE(allow.find("GET"), std::string::npos) << "Allow: '" << allow << "'";
  EXPECT_NE(allow.find("POST"), std::string::npos) << "Allow: '" << allow << "'";
}

TEST(Meta, ResponsesCarrySafetyHeaders) {
  Response r = Env().As("county", "GET", "/api/v1/people?limit=1");
  ASSERT_TRUE(IsStatus(r, 200));
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_EQ(r.Header("content-length"), std::to_string(r.body.size()));
  // English messages when asked.
  Response en = Env().server().Call("GET", "/api/v1/me", "", "", "", {{"Accept-Language", "en-US"}});
  ASSERT_TRUE(IsProblem(en, 401));
  EXPECT_EQ(en.Json()["message"], en.Json()["detail"]);
  Response zh = Env().server().Call("GET", "/api/v1/me", "", "", "", {{"Accept-Language", "zh-CN"}});
  ASSERT_TRUE(IsProblem(zh, 401));
  EXPECT_EQ(zh.Json()["message"], zh.Json()["detail_zh"]);
}

}  // namespace
}  // namespace wangge::e2e
