// Attachments of orders (photos, PDF): upload as a raw body, download by sha256 id.
#include "core/filetype.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

constexpr size_t kAttachmentMaxBody = 8u << 20;

}  // namespace

void RegisterAttachmentRoutes(Router& r) {
  r.Add({.method = "POST",
         .pattern = "/api/v1/attachments",
         .tag = "orders",
         .summary = "Upload a photo or PDF (raw body, at most 8 MiB); returns its sha256 id",
         .summary_zh = "上传照片或 PDF（请求体为文件，最大 8 MiB），返回附件编号",
         .any_of = {Permission::kOrderReport, Permission::kOrderHandle},
         .max_body = kAttachmentMaxBody,
         .request_body = "upload",
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().attachments.Upload(c.ctx(), c.req().body);
           if (!res.ok()) return Error(c, res.status());
           return Json(json{{"id", res->sha256}, {"size", res->size}, {"mime", res->mime}}, 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/attachments/{sha}",
         .tokens = {"sha"},
         .tag = "orders",
         .summary = "Download an attachment (its uploader, or anyone who may see an order showing it)",
         .summary_zh = "下载附件（上传者，或可查看引用该附件工单的人）",
         .any_user = true,
         .response = "binary",
         .handler = [](Call& c) -> HttpResponse {
           std::string sha = c.PathParam("sha");
           auto res = c.app().attachments.Download(
               c.ctx(), sha, [&](int64_t id) { return c.app().orders.MaySee(c.ctx(), id); });
           if (!res.ok()) return Error(c, res.status());
           HttpResponse resp;
           resp.content_type = res->meta.mime;
           resp.body = std::move(res->bytes);
           resp.headers.emplace_back("Content-Disposition", "inline; filename=\"" + sha.substr(0, 16) + "." +
                                                                std::string(ExtensionFor(res->meta.mime)) +
                                                                "\"");
           return resp;
         }});
}

}  // namespace wangge::http
