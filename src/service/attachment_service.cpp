#include "service/attachment_service.hpp"

#include "core/filetype.hpp"
#include "service/authz.hpp"

namespace wangge::service {

Result<storage::Attachment> AttachmentService::Upload(const Ctx& ctx, std::string_view bytes) {
  if (!HasPermission(ctx.who.role, Permission::kOrderReport) &&
      !HasPermission(ctx.who.role, Permission::kOrderHandle))
    return PermissionDenied("您的角色不能上传附件", "your role may not upload attachments");
  if (static_cast<int64_t>(bytes.size()) > kMaxAttachmentBytes)
    return Status(StatusCode::kTooLarge, "附件不能超过 8 MiB", "an attachment may be at most 8 MiB");
  if (bytes.empty()) return InvalidArgument("附件为空", "the attachment is empty", "body");
  auto mime = SniffImage(bytes);
  if (!mime)
    return Status(StatusCode::kUnsupportedMedia, "只能上传 JPEG、PNG、WebP、GIF 图片或 PDF 文件",
                  "only JPEG, PNG, WebP, GIF images or PDF files may be uploaded");
  ASSIGN_OR_RETURN(std::string sha, blobs_->Put(bytes));
  storage::Attachment a;
  a.sha256 = sha;
  a.size = static_cast<int64_t>(bytes.size());
  a.mime = *mime;
  a.uploaded_by = ctx.who.user_id;
  a.uploaded_at = storage::NowUnix();
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    // The metadata once (the first uploader's), and every uploader: each may attach what they uploaded.
    RETURN_IF_ERROR(tx.attachments().Insert(a));
    return tx.attachments().AddUploader(sha, ctx.who.user_id, a.uploaded_at);
  }));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->attachments().Get(sha);
}

Result<Blob> AttachmentService::Download(const Ctx& ctx, const std::string& sha,
                                         const std::function<bool(int64_t)>& may_see_order) {
  if (!storage::BlobStore::IsValidSha(sha)) return RecordNotFound();
  Blob b;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    auto meta = tx->attachments().Get(sha);
    if (!meta.ok()) return RecordNotFound();
    b.meta = *meta;
    bool allowed = false;
    if (ctx.who.user_id != 0) {
      ASSIGN_OR_RETURN(allowed, tx->attachments().UploadedBy(sha, ctx.who.user_id));
    }
    if (!allowed) {
      ASSIGN_OR_RETURN(auto orders, tx->attachments().OrdersReferencing(sha, 50));
      for (int64_t id : orders)
        if (may_see_order(id)) {
          allowed = true;
          break;
        }
    }
    if (!allowed) return RecordNotFound();
  }
  ASSIGN_OR_RETURN(b.bytes, blobs_->Get(sha));
  return b;
}

}  // namespace wangge::service
