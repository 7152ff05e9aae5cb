// The server as deployed (scripts/run.sh: the built web UI beside the API): the route table comes first, so
// no API path — every Open311 GET above all — is ever answered with the web page, and the web UI answers only
// the paths no route claims. These tests failed when the static-file fallback ran before the router.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

bool IsHtml(const Response& r) { return r.Header("content-type").rfind("text/html", 0) == 0; }

TEST(WebUi, ServedAtTheRootAndForClientRoutes) {
  const Server& s = Env().server();
  for (const char* path : {"/", "/login", "/orders/12", "/track", "/board", "/places/530326"}) {
    Response r = s.Call("GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.Brief();
    EXPECT_TRUE(IsHtml(r)) << path << ": " << r.Brief();
    EXPECT_NE(r.body.find("<div id=\"app\""), std::string::npos) << path;
  }
  Response head = s.Call("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  // A missing asset is 404 (not the page parsed as a script); a path out of the build is refused.
  EXPECT_TRUE(IsProblem(s.Call("GET", "/assets/no-such-file.js"), 404));
  EXPECT_FALSE(IsHtml(s.Call("GET", "/../wangge.db")));
}

TEST(WebUi, EveryOpen311GetIsTheApiNotThePage) {
  const Server& s = Env().server();
  for (const char* path :
       {"/open311/v2/discovery.json", "/open311/v2/discovery.xml", "/open311/v2/services.json",
        "/open311/v2/services.xml", "/open311/v2/services/0501.json", "/open311/v2/services/0501.xml",
        "/open311/v2/requests.json", "/open311/v2/requests.xml",
        "/open311/v2/requests/WG2026010100000001.json", "/open311/v2/tokens/no-such-token.json",
        "/open311/v2/tokens/no-such-token.xml"}) {
    Response r = s.Call("GET", path);
    EXPECT_FALSE(IsHtml(r)) << path << " answered with the web page: " << r.Brief();
    const std::string ct = r.Header("content-type");
    const bool xml = std::string(path).find(".xml") != std::string::npos;
    EXPECT_EQ(ct, xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8") << path;
    EXPECT_TRUE(r.status == 200 || r.status == 404) << path << ": " << r.Brief();
  }
  // Paths under /open311/ and /api/ that no route has are the router's 404, never the page.
  for (const char* path : {"/open311/v2/services.csv", "/open311/v2/nothing.json", "/open311/",
                           "/api/v1/nothing", "/api/v1/", "/api"}) {
    Response r = s.Call("GET", path);
    EXPECT_FALSE(IsHtml(r)) << path;
    EXPECT_EQ(r.status, 404) << path << ": " << r.Brief();
  }
}

TEST(WebUi, OperationalEndpointsAreNotThePage) {
  const Server& s = Env().server();
  Response health = s.Call("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_FALSE(IsHtml(health));
  Response metrics = s.Call("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.body.find("<html"), std::string::npos);
  Response openapi = s.Call("GET", "/api/v1/openapi.json");
  EXPECT_EQ(openapi.status, 200);
  EXPECT_FALSE(IsHtml(openapi));
}

}  // namespace
}  // namespace wangge::e2e
