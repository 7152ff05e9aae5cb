// Health, metrics, the OpenAPI document, and the registry of every route (routes.def).
#include "http/json_io.hpp"
#include "http/openapi.hpp"
#include "http/router.hpp"

namespace wangge::http {

#define WANGGE_ROUTES(Domain) void Register##Domain##Routes(Router& r);
#include "http/routes.def"
#undef WANGGE_ROUTES

void RegisterMetaRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/healthz",
         .tag = "meta",
         .summary = "Liveness and database check",
         .summary_zh = "健康检查",
         .auth = false,
         .unlimited = true,
         .response = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto tx = c.app().db().Read();
           if (!tx.ok()) return Error(c, tx.status());
           return Json(json{{"status", "ok"}, {"database", c.app().db().Backend()}});
         }});
  r.Add({.method = "GET",
         .pattern = "/metrics",
         .tag = "meta",
         .summary = "Prometheus metrics",
         .summary_zh = "监控指标",
         .auth = false,
         .unlimited = true,
         .response = "text",
         .handler = [&r](Call& c) -> HttpResponse {
           HttpResponse resp;
           resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
           resp.body = r.metrics().Render(c.app().db().Stats());
           return resp;
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/openapi.json",
         .tag = "meta",
         .summary = "This OpenAPI 3 document",
         .summary_zh = "接口文档",
         .auth = false,
         .unlimited = true,
         .handler = [&r](Call&) -> HttpResponse { return Json(OpenApiDocument(r.routes())); }});
}

void RegisterAllRoutes(Router& r) {
#define WANGGE_ROUTES(Domain) Register##Domain##Routes(r);
#include "http/routes.def"
#undef WANGGE_ROUTES
}

}  // namespace wangge::http
