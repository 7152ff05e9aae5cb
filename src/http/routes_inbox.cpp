// The caller's inbox: notifications written by the order service, and marking them read.
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {

void RegisterInboxRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/inbox",
         .tag = "inbox",
         .summary = "The caller's notifications, newest first, with the unread count",
         .summary_zh = "我的消息（最新在前）及未读数",
         .any_user = true,
         .query = {{"unread", "boolean", "unread only"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           auto unread = c.QueryBool("unread", false);
           if (!page.ok()) return Error(c, page.status());
           if (!unread.ok()) return Error(c, unread.status());
           auto res = c.app().notify.Inbox(c.ctx(), *unread, *page);
           if (!res.ok()) return Error(c, res.status());
           auto count = c.app().notify.UnreadCount(c.ctx());
           if (!count.ok()) return Error(c, count.status());
           json j = PageJson(*res, NotificationJson);
           j["unread"] = *count;
           return Json(j);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/inbox/{id}/read",
         .tag = "inbox",
         .summary = "Mark one notification read (id 0 = all)",
         .summary_zh = "标记消息已读（编号 0 为全部）",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           // PathId refuses 0, which here means "all" (the inbox's 全部标为已读).
           auto id = c.PathParam("id") == "0" ? Result<int64_t>(int64_t{0}) : c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().notify.MarkRead(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"marked", *res}});
         }});
}

}  // namespace wangge::http
