// SQLite: the hash-chained audit trail (audit_repo.hpp); the chain's tail is cached in SqliteTx::last_audit_.
#include "storage/audit_repo.hpp"

#include <cstdint>
#include <string>
#include <utility>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

AuditEntry ReadAudit(const Stmt& s) {
  AuditEntry e;
  e.seq = s.Int(0);
  e.at = s.Text(1);
  e.user_id = s.Int(2);
  e.username = s.Text(3);
  e.action = s.Text(4);
  e.entity = s.Text(5);
  e.entity_id = s.Text(6);
  e.place_code = s.Text(7);
  e.detail = s.Text(8);
  e.prev_hash = s.Text(9);
  e.hash = s.Text(10);
  return e;
}
#define AUDIT_COLS \
  "seq, at, user_id, username, action, entity, entity_id, place_code, detail, prev_hash, hash "

class SqliteAuditRepo final : public AuditRepo {
 public:
  explicit SqliteAuditRepo(SqliteTx* tx) : tx_(tx) {}
  Status Append(AuditEntry* e) override;
  Result<Page<AuditEntry>> List(const std::string& scope, const PageRequest& page) override;
  Result<AuditVerification> Verify() override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<AuditRepo> NewSqliteAuditRepo(SqliteTx* tx) { return MakeRepo<AuditRepo, SqliteAuditRepo>(tx); }

Status SqliteAuditRepo::Append(AuditEntry* e) {
  if (!tx_->last_audit_) {
    auto s = tx_->conn().Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (s.Step())
      tx_->last_audit_ = std::make_pair(s.Int(0), s.Text(1));
    else if (!s.status().ok())
      return s.status();
    else
      tx_->last_audit_ = std::make_pair(int64_t{0}, std::string());
  }
  e->seq = tx_->last_audit_->first + 1;
  e->prev_hash = tx_->last_audit_->second;
  if (e->at.empty()) e->at = NowIso();
  if (e->detail.empty()) e->detail = "{}";
  e->hash = AuditHash(*e);
  auto s = tx_->conn().Prepare(
      "INSERT INTO audit(seq, at, user_id, username, action, entity, entity_id, place_code, detail, "
      "prev_hash, hash) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, e->seq)
      .Bind(2, e->at)
      .Bind(3, e->user_id)
      .Bind(4, e->username)
      .Bind(5, e->action)
      .Bind(6, e->entity);
  s.Bind(7, e->entity_id).Bind(8, e->place_code).Bind(9, e->detail).Bind(10, e->prev_hash).Bind(11, e->hash);
  RETURN_IF_ERROR(s.Exec());
  tx_->last_audit_ = std::make_pair(e->seq, e->hash);
  return Status::Ok();
}

Result<Page<AuditEntry>> SqliteAuditRepo::List(const std::string& scope, const PageRequest& page) {
  // Newest first; the cursor is the last seq seen.
  auto s = tx_->conn().Prepare("SELECT " AUDIT_COLS
                               " FROM audit WHERE (?1 = '' OR (place_code >= ?1 AND place_code < ?2)) "
                               "AND seq < ?3 ORDER BY seq DESC LIMIT ?4");
  CodeRange r = PrefixRange(scope);
  Cursor c = DecodeCursor(page.after);
  int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, c.id == 0 ? INT64_MAX : c.id).Bind(4, limit + 1);
  return RunPage<AuditEntry>(s, limit, ReadAudit,
                             [](const AuditEntry& e) { return EncodeCursor("", e.seq); });
}

Result<AuditVerification> SqliteAuditRepo::Verify() {
  auto s = tx_->conn().Prepare("SELECT " AUDIT_COLS " FROM audit ORDER BY seq");
  AuditVerification v;
  std::string prev;
  int64_t expect = 1;
  while (s.Step()) {
    AuditEntry e = ReadAudit(s);
    ++v.rows_checked;
    auto fail = [&](const char* why) {
      v.ok = false;
      v.first_bad_seq = e.seq;
      v.reason = why;
    };
    if (e.seq != expect) {
      v.ok = false;
      v.first_bad_seq = expect;
      v.reason = "missing row";
    } else if (e.prev_hash != prev) {
      fail("prev_hash mismatch");
    } else if (AuditHash(e) != e.hash) {
      fail("hash mismatch");
    }
    if (!v.ok) break;
    prev = e.hash;
    ++expect;
  }
  if (!s.status().ok()) return s.status();
  return v;
}

}  // namespace wangge::storage::sqlite
