// SQLite: attachment metadata, references and uploaders (attachments_repo.hpp).
#include "storage/attachments_repo.hpp"

#include <string>
#include <vector>

#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

class SqliteAttachmentRepo final : public AttachmentRepo {
 public:
  explicit SqliteAttachmentRepo(SqliteTx* tx) : tx_(tx) {}
  Status Insert(const Attachment& a) override;
  Result<Attachment> Get(const std::string& sha256) override;
  Status AddRef(const std::string& sha256, int64_t order_id) override;
  Result<std::vector<int64_t>> OrdersReferencing(const std::string& sha256, int limit) override;
  Status AddUploader(const std::string& sha256, int64_t user_id, int64_t at) override;
  Result<bool> UploadedBy(const std::string& sha256, int64_t user_id) override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<AttachmentRepo> NewSqliteAttachmentRepo(SqliteTx* tx) {
  return MakeRepo<AttachmentRepo, SqliteAttachmentRepo>(tx);
}

Status SqliteAttachmentRepo::Insert(const Attachment& a) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO attachments(sha256, size, mime, uploaded_by, uploaded_at) VALUES(?,?,?,?,?) "
      "ON CONFLICT(sha256) DO NOTHING");
  s.Bind(1, a.sha256).Bind(2, a.size).Bind(3, a.mime).Bind(4, a.uploaded_by).Bind(5, a.uploaded_at);
  return s.Exec();
}

Result<Attachment> SqliteAttachmentRepo::Get(const std::string& sha256) {
  auto s = tx_->conn().Prepare(
      "SELECT sha256, size, mime, uploaded_by, uploaded_at FROM attachments WHERE sha256 = ?");
  s.Bind(1, sha256);
  if (s.Step()) return Attachment{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4)};
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Status SqliteAttachmentRepo::AddRef(const std::string& sha256, int64_t order_id) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO attachment_refs(sha256, order_id) VALUES(?,?) ON CONFLICT(sha256, order_id) DO NOTHING");
  s.Bind(1, sha256).Bind(2, order_id);
  return s.Exec();
}

Result<std::vector<int64_t>> SqliteAttachmentRepo::OrdersReferencing(const std::string& sha256, int limit) {
  auto s = tx_->conn().Prepare(
      "SELECT order_id FROM attachment_refs WHERE sha256 = ?1 ORDER BY order_id LIMIT ?2");
  s.Bind(1, sha256).Bind(2, Clamp(limit, kMaxPage));
  std::vector<int64_t> out;
  while (s.Step()) out.push_back(s.Int(0));
  if (!s.status().ok()) return s.status();
  return out;
}

Status SqliteAttachmentRepo::AddUploader(const std::string& sha256, int64_t user_id, int64_t at) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO attachment_uploads(sha256, user_id, uploaded_at) VALUES(?,?,?) "
      "ON CONFLICT(sha256, user_id) DO NOTHING");
  s.Bind(1, sha256).Bind(2, user_id).Bind(3, at);
  return s.Exec();
}

Result<bool> SqliteAttachmentRepo::UploadedBy(const std::string& sha256, int64_t user_id) {
  auto s = tx_->conn().Prepare("SELECT 1 FROM attachment_uploads WHERE sha256 = ?1 AND user_id = ?2");
  s.Bind(1, sha256).Bind(2, user_id);
  if (s.Step()) return true;
  RETURN_IF_ERROR(s.status());
  return false;
}

}  // namespace wangge::storage::sqlite
