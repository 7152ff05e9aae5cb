// Outgoing webhooks: subscriptions to order events (HMAC-signed) and their delivery attempts.
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {

void RegisterWebhookRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/webhooks",
         .tag = "catalog",
         .summary = "Outgoing webhooks (secrets masked)",
         .summary_zh = "对外推送（Webhook）订阅",
         .any_of = {Permission::kCatalogAdmin},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().notify.Webhooks(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& w : *res) items.push_back(WebhookJson(w));
           return Json(json{{"items", items}});
         }});
  r.Add(
      {.method = "POST",
       .pattern = "/api/v1/webhooks",
       .tag = "catalog",
       .summary = "Subscribe a URL to order events; the HMAC secret is shown once",
       .summary_zh = "新增推送订阅（签名密钥仅显示一次）",
       .any_of = {Permission::kCatalogAdmin},
       .request_body = "json",
       .handler = [](Call& c) -> HttpResponse {
         auto body = c.JsonBody();
         if (!body.ok()) return Error(c, body.status());
         storage::Webhook w;
         JsonIn j(*body);
         j.Str("url", &w.url, true).Str("events", &w.events).Str("scope", &w.scope).Str("secret", &w.secret);
         if (Status st = j.Finish(); !st.ok()) return Error(c, st);
         auto res = c.app().notify.CreateWebhook(c.ctx(), w);
         if (!res.ok()) return Error(c, res.status());
         return Json(WebhookJson(*res), 201);
       }});
  r.Add({.method = "PATCH",
         .pattern = "/api/v1/webhooks/{id}",
         .tag = "catalog",
         .summary = "Enable/disable a webhook or change its events (with version)",
         .summary_zh = "启用/停用推送或修改订阅事件",
         .any_of = {Permission::kCatalogAdmin},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           int64_t version = 0;
           bool active = true;
           std::string events = "*";
           JsonIn j(*body);
           j.Int("version", &version, true).Bool("active", &active, true).Str("events", &events);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().notify.UpdateWebhook(c.ctx(), *id, version, active, events);
           if (!res.ok()) return Error(c, res.status());
           return Json(WebhookJson(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/webhooks/{id}/deliveries",
         .tag = "catalog",
         .summary = "Delivery attempts of a webhook, newest first",
         .summary_zh = "推送记录",
         .any_of = {Permission::kCatalogAdmin},
         .query = {{"after", "string", "cursor"}, {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           auto page = c.Page();
           if (!id.ok()) return Error(c, id.status());
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().notify.Deliveries(c.ctx(), *id, *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, DeliveryJson));
         }});
}

}  // namespace wangge::http
