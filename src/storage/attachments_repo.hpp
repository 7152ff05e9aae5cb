// Attachments: the metadata of content-addressed blobs (photos, documents; the bytes are in the BlobStore,
// blob_store.hpp), which orders reference them and who uploaded them. Backends: sqlite/attachments_repo.cpp;
// contract: attachments_repo_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct Attachment {
  std::string sha256;
  int64_t size = 0;
  std::string mime;
  int64_t uploaded_by = 0;
  int64_t uploaded_at = 0;
};

class AttachmentRepo {
 public:
  virtual ~AttachmentRepo() = default;
  // Inserts the metadata; does nothing when the blob is already known.
  virtual Status Insert(const Attachment& a) = 0;
  virtual Result<Attachment> Get(const std::string& sha256) = 0;           // RecordNotFound
  virtual Status AddRef(const std::string& sha256, int64_t order_id) = 0;  // idempotent
  virtual Result<std::vector<int64_t>> OrdersReferencing(const std::string& sha256, int limit) = 0;
  // Records that `user_id` uploaded the blob (idempotent; the same bytes may come from several people).
  virtual Status AddUploader(const std::string& sha256, int64_t user_id, int64_t at) = 0;
  // Whether `user_id` uploaded the blob.
  virtual Result<bool> UploadedBy(const std::string& sha256, int64_t user_id) = 0;
};

}  // namespace wangge::storage
