// PostgreSQL: attachment metadata, references and uploaders (attachments_repo.hpp). An attachment lies in the
// county of the user who first uploaded it, a reference in its order's county, an upload in its user's
// county. The keys SQLite holds across the database (a blob's hash; hash and order; hash and user) lead with
// county here: each insert first checks the key across counties, so a blob stays known once and references
// and uploads stay sets.
#include "storage/attachments_repo.hpp"

#include <string>
#include <vector>

#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

// The county of a user's place; that of the installation ("000000") for a user without one or unknown.
Result<std::string> CountyOfUser(Conn& conn, int64_t user_id) {
  auto s = conn.Prepare("SELECT place_code FROM users WHERE id = $1");
  s.Bind(1, user_id);
  std::string place;
  if (s.Step()) place = s.Text(0);
  RETURN_IF_ERROR(s.status());
  return CountyOf(place);
}

class PgAttachmentRepo final : public AttachmentRepo {
 public:
  explicit PgAttachmentRepo(PgTx* tx) : tx_(tx) {}
  Status Insert(const Attachment& a) override;
  Result<Attachment> Get(const std::string& sha256) override;
  Status AddRef(const std::string& sha256, int64_t order_id) override;
  Result<std::vector<int64_t>> OrdersReferencing(const std::string& sha256, int limit) override;
  Status AddUploader(const std::string& sha256, int64_t user_id, int64_t at) override;
  Result<bool> UploadedBy(const std::string& sha256, int64_t user_id) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<AttachmentRepo> NewPgAttachmentRepo(PgTx* tx) {
  return MakeRepo<AttachmentRepo, PgAttachmentRepo>(tx);
}

Status PgAttachmentRepo::Insert(const Attachment& a) {
  ASSIGN_OR_RETURN(std::string county, CountyOfUser(tx_->conn(), a.uploaded_by));
  auto s = tx_->conn().Prepare(
      "INSERT INTO attachments(county, sha256, size, mime, uploaded_by, uploaded_at) "
      "SELECT $1::text, $2::text, $3::bigint, $4::text, $5::bigint, $6::bigint "
      "WHERE NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = $2::text) "
      "ON CONFLICT (county, sha256) DO NOTHING");
  s.Bind(1, county).Bind(2, a.sha256).Bind(3, a.size).Bind(4, a.mime).Bind(5, a.uploaded_by);
  s.Bind(6, a.uploaded_at);
  return s.Exec();
}

Result<Attachment> PgAttachmentRepo::Get(const std::string& sha256) {
  // The first upload when concurrent writers of two counties both stored the blob.
  auto s = tx_->conn().Prepare(
      "SELECT sha256, size, mime, uploaded_by, uploaded_at FROM attachments WHERE sha256 = $1 "
      "ORDER BY uploaded_at, county LIMIT 1");
  s.Bind(1, sha256);
  if (s.Step()) return Attachment{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4)};
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

Status PgAttachmentRepo::AddRef(const std::string& sha256, int64_t order_id) {
  // In the order's county ("000000" for an order that does not exist: SQLite accepts those too).
  auto s = tx_->conn().Prepare(
      "INSERT INTO attachment_refs(county, sha256, order_id) "
      "SELECT coalesce((SELECT county FROM orders WHERE id = $2::bigint), $3::text), $1::text, $2::bigint "
      "WHERE NOT EXISTS (SELECT 1 FROM attachment_refs WHERE sha256 = $1::text AND order_id = $2::bigint) "
      "ON CONFLICT (county, sha256, order_id) DO NOTHING");
  s.Bind(1, sha256).Bind(2, order_id).Bind(3, CountyOf(""));
  return s.Exec();
}

Result<std::vector<int64_t>> PgAttachmentRepo::OrdersReferencing(const std::string& sha256, int limit) {
  auto s = tx_->conn().Prepare(
      "SELECT order_id FROM attachment_refs WHERE sha256 = $1 ORDER BY order_id LIMIT $2");
  s.Bind(1, sha256).Bind(2, Clamp(limit, kMaxPage));
  std::vector<int64_t> out;
  while (s.Step()) out.push_back(s.Int(0));
  if (!s.status().ok()) return s.status();
  return out;
}

Status PgAttachmentRepo::AddUploader(const std::string& sha256, int64_t user_id, int64_t at) {
  ASSIGN_OR_RETURN(std::string county, CountyOfUser(tx_->conn(), user_id));
  auto s = tx_->conn().Prepare(
      "INSERT INTO attachment_uploads(county, sha256, user_id, uploaded_at) "
      "SELECT $1::text, $2::text, $3::bigint, $4::bigint "
      "WHERE NOT EXISTS (SELECT 1 FROM attachment_uploads WHERE sha256 = $2::text AND user_id = $3::bigint) "
      "ON CONFLICT (county, sha256, user_id) DO NOTHING");
  s.Bind(1, county).Bind(2, sha256).Bind(3, user_id).Bind(4, at);
  return s.Exec();
}

Result<bool> PgAttachmentRepo::UploadedBy(const std::string& sha256, int64_t user_id) {
  auto s = tx_->conn().Prepare("SELECT 1 FROM attachment_uploads WHERE sha256 = $1 AND user_id = $2 LIMIT 1");
  s.Bind(1, sha256).Bind(2, user_id);
  if (s.Step()) return true;
  RETURN_IF_ERROR(s.status());
  return false;
}

}  // namespace wangge::storage::postgres
