// Attachments (photos of the scene and of the result, documents): uploaded once, stored content-addressed
// on disk beside the database (<data-dir>/blobs/aa/bb/<sha256>), referenced by orders through their sha256.
// The type is taken from the bytes, never from the client's Content-Type or file name.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "service/context.hpp"
#include "storage/attachments_repo.hpp"
#include "storage/blob_store.hpp"
#include "storage/database.hpp"

namespace wangge::service {

inline constexpr int64_t kMaxAttachmentBytes = 8 * 1024 * 1024;

struct Blob {
  storage::Attachment meta;
  std::string bytes;
};

class AttachmentService {
 public:
  AttachmentService(storage::Database* db, std::unique_ptr<storage::BlobStore> blobs)
      : db_(db), blobs_(std::move(blobs)) {}

  // Any signed-in user who may report or handle orders. kTooLarge over kMaxAttachmentBytes, kUnsupportedMedia
  // unless the bytes are a JPEG, PNG, WebP, GIF or PDF. Idempotent: the same bytes give the same id.
  Result<storage::Attachment> Upload(const Ctx& ctx, std::string_view bytes);
  // The uploader, or anyone who may see an order that references it. RecordNotFound otherwise.
  // `may_see_order` answers for one order id (the order service's visibility rule).
  Result<Blob> Download(const Ctx& ctx, const std::string& sha,
                        const std::function<bool(int64_t order_id)>& may_see_order);

 private:
  storage::Database* db_;
  std::unique_ptr<storage::BlobStore> blobs_;
};

}  // namespace wangge::service
