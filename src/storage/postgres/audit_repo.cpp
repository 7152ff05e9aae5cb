// PostgreSQL: the hash-chained audit trail (audit_repo.hpp), one chain per county (CountyOf(place_code)):
// audit's primary key is (county, seq); seq and prev_hash continue that county's chain, so two counties never
// wait for each other. The first append of a county in a transaction takes an advisory transaction lock on
// the county and then reads its tail (read committed: the read sees every append committed before the lock
// was granted), so concurrent transactions of one county append one after the other; PgTx::last_audit_
// caches each county's tail for the rest of that transaction only (PgTx::Begin clears it). A tail cached
// across transactions once let a writer append without the lock and starve another writer's appends.
#include "storage/audit_repo.hpp"

#include <cstdint>
#include <string>
#include <utility>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
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

// Rows read per statement by Verify (a statement's result is held in memory whole).
constexpr int kVerifyChunk = 5000;
constexpr size_t kCountyLen = 6;

class PgAuditRepo final : public AuditRepo {
 public:
  explicit PgAuditRepo(PgTx* tx) : tx_(tx) {}
  Status Append(AuditEntry* e) override;
  Result<Page<AuditEntry>> List(const std::string& scope, const PageRequest& page) override;
  Result<AuditVerification> Verify() override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<AuditRepo> NewPgAuditRepo(PgTx* tx) { return MakeRepo<AuditRepo, PgAuditRepo>(tx); }

Status PgAuditRepo::Append(AuditEntry* e) {
  const std::string county = CountyOf(e->place_code);
  if (e->at.empty()) e->at = NowIso();
  if (e->detail.empty()) e->detail = "{}";
  auto tail = tx_->last_audit_.find(county);
  if (tail == tx_->last_audit_.end()) {
    // The county's lock (held until the transaction ends), then its tail.
    auto lock = tx_->conn().Prepare("SELECT pg_advisory_xact_lock(7140428, hashtext($1::text))");
    lock.Bind(1, county);
    RETURN_IF_ERROR(lock.Exec());
    auto s = tx_->conn().Prepare("SELECT seq, hash FROM audit WHERE county = $1 ORDER BY seq DESC LIMIT 1");
    s.Bind(1, county);
    std::pair<int64_t, std::string> last{0, ""};
    if (s.Step()) last = std::make_pair(s.Int(0), s.Text(1));
    RETURN_IF_ERROR(s.status());
    tail = tx_->last_audit_.emplace(county, std::move(last)).first;
  }
  e->seq = tail->second.first + 1;
  e->prev_hash = tail->second.second;
  e->hash = AuditHash(*e);
  auto s = tx_->conn().Prepare(
      "INSERT INTO audit(county, seq, at, user_id, username, action, entity, entity_id, place_code, detail, "
      "prev_hash, hash) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
  s.Bind(1, county).Bind(2, e->seq).Bind(3, e->at).Bind(4, e->user_id).Bind(5, e->username);
  s.Bind(6, e->action).Bind(7, e->entity).Bind(8, e->entity_id).Bind(9, e->place_code).Bind(10, e->detail);
  s.Bind(11, e->prev_hash).Bind(12, e->hash);
  RETURN_IF_ERROR(s.Exec());
  tail->second = std::make_pair(e->seq, e->hash);
  return Status::Ok();
}

Result<Page<AuditEntry>> PgAuditRepo::List(const std::string& scope, const PageRequest& page) {
  const CodeRange r = PrefixRange(scope);
  const Cursor c = DecodeCursor(page.after);
  const int limit = PageLimit(page);
  if (scope.size() >= kCountyLen) {
    // Within one county: its chain, newest first; the cursor is the last seq seen.
    auto s = tx_->conn().Prepare("SELECT " AUDIT_COLS
                                 " FROM audit WHERE county = $1 AND place_code >= $2 AND place_code < $3 "
                                 "AND seq < $4 ORDER BY seq DESC LIMIT $5");
    s.Bind(1, CountyOf(scope)).Bind(2, r.begin).Bind(3, r.end).Bind(4, c.id == 0 ? INT64_MAX : c.id);
    s.Bind(5, limit + 1);
    return RunPage<AuditEntry>(s, limit, ReadAudit,
                               [](const AuditEntry& e) { return EncodeCursor("", e.seq); });
  }
  // Across counties: newest first by time (then county and seq: each county's chain in order); the cursor's
  // key is the last row's county followed by its time.
  auto s = tx_->conn().Prepare(
      "SELECT " AUDIT_COLS
      " FROM audit WHERE ($1::text = '' OR (place_code >= $1::text AND place_code < $2::text)) "
      "AND ($3::text = '' OR (at, county, seq) < ($4::text, $3::text, $5::bigint)) "
      "ORDER BY at DESC, county DESC, seq DESC LIMIT $6");
  const bool first = c.key.size() < kCountyLen;
  s.Bind(1, r.begin).Bind(2, r.end);
  s.Bind(3, first ? std::string() : c.key.substr(0, kCountyLen));
  s.Bind(4, first ? std::string() : c.key.substr(kCountyLen));
  s.Bind(5, c.id).Bind(6, limit + 1);
  return RunPage<AuditEntry>(s, limit, ReadAudit, [](const AuditEntry& e) {
    return EncodeCursor(CountyOf(e.place_code) + e.at, e.seq);
  });
}

Result<AuditVerification> PgAuditRepo::Verify() {
  AuditVerification v;
  auto fail = [&v](int64_t seq, const char* why) {
    v.ok = false;
    v.first_bad_seq = seq;
    v.reason = why;
  };
  std::string county;  // the chain being walked
  int64_t last = 0;    // its last seq
  std::string prev;    // and hash
  // Every county's chain in (county, seq) order, a chunk at a time (a statement's result is held whole).
  bool more = true;
  while (more && v.ok) {
    auto s = tx_->conn().Prepare("SELECT " AUDIT_COLS
                                 ", county FROM audit WHERE (county, seq) > ($1, $2) ORDER BY county, seq "
                                 "LIMIT $3");
    s.Bind(1, county).Bind(2, last).Bind(3, kVerifyChunk);
    int rows = 0;
    while (s.Step()) {
      ++rows;
      const AuditEntry e = ReadAudit(s);
      std::string row_county = s.Text(11);
      if (row_county != county) {  // the next county's chain starts at seq 1
        county = std::move(row_county);
        last = 0;
        prev.clear();
      }
      ++v.rows_checked;
      if (e.seq != last + 1) {
        fail(last + 1, "missing row");
      } else if (e.prev_hash != prev) {
        fail(e.seq, "prev_hash mismatch");
      } else if (AuditHash(e) != e.hash) {
        fail(e.seq, "hash mismatch");
      }
      if (!v.ok) break;
      last = e.seq;
      prev = e.hash;
    }
    RETURN_IF_ERROR(s.status());
    more = rows == kVerifyChunk;
  }
  return v;
}

}  // namespace wangge::storage::postgres
