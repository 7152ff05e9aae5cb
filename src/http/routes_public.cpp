// The public side of the event loop (no sign-in, rate-limited per address): tracking an order by its
// tracking code, and the board of closed orders (平台晒单). Personal data masked.
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {

void RegisterPublicRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/track",
         .tag = "public",
         .summary = "Follow an order by its tracking code (public, masked; rate-limited per address)",
         .summary_zh = "按查询码查看办理进度（公开，个人信息已隐藏）",
         .auth = false,
         .query = {{"no", "string",
                    "tracking code WGyyyymmddnnnnnnnn-XXXXXXXXXX, as given to the reporter (track_code); the "
                    "tracking number alone is not enough",
                    true}},
         .handler = [](Call& c) -> HttpResponse {
           std::string no = c.Query("no");
           if (no.empty()) return Error(c, InvalidArgument("请填写查询码", "no is required", "no"));
           auto res = c.app().orders.Track(no);
           if (!res.ok()) return Error(c, res.status());
           json j = OrderJson(*res, false);
           json steps = json::array();
           for (const auto& e : res->events) steps.push_back(OrderEventJson(e, true));
           j["events"] = steps;
           return Json(j);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/board",
         .tag = "public",
         .summary = "Public board of closed orders (平台晒单), personal data masked",
         .summary_zh = "平台晒单：已办结工单（个人信息已隐藏）",
         .auth = false,
         .query = {{"place", "string", "place code prefix"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().orders.Board(c.Query("place"), *page);
           if (!res.ok()) return Error(c, res.status());
           return JsonText(OrderPageJsonText(*res));
         }});
}

}  // namespace wangge::http
