// SQLite: dispute parties and agreements (disputes_repo.hpp).
#include "storage/disputes_repo.hpp"

#include <string>
#include <vector>

#include "storage/disputes_rows.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

constexpr int kMaxParties = 200;  // one case's; a history page

class SqliteDisputeRepo final : public DisputeRepo {
 public:
  explicit SqliteDisputeRepo(SqliteTx* tx) : tx_(tx) {}
  Status InsertParty(dispute::Party* p) override;
  Result<std::vector<dispute::Party>> Parties(int64_t order_id) override;
  Result<std::vector<dispute::Party>> PartiesByIndex(const std::string& index, int limit) override;
  Result<int64_t> PutAgreement(const dispute::Agreement& a) override;
  Result<std::optional<dispute::Agreement>> GetAgreement(int64_t order_id) override;

 private:
  SqliteTx* tx_;
};

#define PARTY_COLS                                                                                   \
  "id, order_id, role, person_id, name_enc, name_masked, cid_enc, cid_hash, cid_masked, phone_enc, " \
  "phone_hash, phone_masked, address, created_at "

#define AGREEMENT_COLS                                                                                  \
  "order_id, facts, responsibility, terms, performance_manner, performance_location, performance_due, " \
  "signed_by, mediator, signed_at, recorded_by, updated_at, version "

}  // namespace

RepoPtr<DisputeRepo> NewSqliteDisputeRepo(SqliteTx* tx) {
  return MakeRepo<DisputeRepo, SqliteDisputeRepo>(tx);
}

Status SqliteDisputeRepo::InsertParty(dispute::Party* p) {
  auto o = tx_->conn().Prepare("SELECT 1 FROM orders WHERE id = ?1");
  o.Bind(1, p->order_id);
  if (!o.Step()) return o.status().ok() ? RecordNotFound() : o.status();
  auto s = tx_->conn().Prepare(
      "INSERT INTO dispute_parties(order_id, role, person_id, name_enc, name_masked, cid_enc, cid_hash, "
      "cid_masked, phone_enc, phone_hash, phone_masked, address, created_at) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
  s.Bind(1, p->order_id).Bind(2, p->role).Bind(3, p->person_id);
  s.BindBlob(4, p->name_enc).Bind(5, p->name_masked);
  BindBlobOrNull(s, 6, p->cid_enc);
  BindBlobOrNull(s, 7, p->cid_hash);
  s.Bind(8, p->cid_masked);
  BindBlobOrNull(s, 9, p->phone_enc);
  BindBlobOrNull(s, 10, p->phone_hash);
  s.Bind(11, p->phone_masked).Bind(12, p->address).Bind(13, p->created_at);
  RETURN_IF_ERROR(s.Exec());
  p->id = tx_->conn().LastInsertId();
  return Status::Ok();
}

Result<std::vector<dispute::Party>> SqliteDisputeRepo::Parties(int64_t order_id) {
  auto s = tx_->conn().Prepare("SELECT " PARTY_COLS
                               "FROM dispute_parties WHERE order_id = ?1 ORDER BY id LIMIT ?2");
  s.Bind(1, order_id).Bind(2, kMaxParties);
  return ReadPartyRows(s);
}

Result<std::vector<dispute::Party>> SqliteDisputeRepo::PartiesByIndex(const std::string& index, int limit) {
  if (index.empty()) return std::vector<dispute::Party>{};
  auto s = tx_->conn().Prepare(
      "SELECT " PARTY_COLS
      "FROM dispute_parties WHERE id IN (SELECT id FROM dispute_parties WHERE cid_hash = ?1 "
      "UNION SELECT id FROM dispute_parties WHERE phone_hash = ?1) ORDER BY id DESC LIMIT ?2");
  s.BindBlob(1, index).Bind(2, Clamp(limit, kMaxParties));
  return ReadPartyRows(s);
}

Result<int64_t> SqliteDisputeRepo::PutAgreement(const dispute::Agreement& a) {
  const std::string signed_by = SignedByJson(a.signed_by);
  Stmt s =
      a.version == 0
          ? tx_->conn().Prepare("INSERT INTO dispute_agreements(" AGREEMENT_COLS
                                ") VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,1) "
                                "ON CONFLICT(order_id) DO NOTHING")
          : tx_->conn().Prepare(
                "UPDATE dispute_agreements SET facts=?2, responsibility=?3, terms=?4, performance_manner=?5, "
                "performance_location=?6, performance_due=?7, signed_by=?8, mediator=?9, signed_at=?10, "
                "recorded_by=?11, updated_at=?12, version=version+1 WHERE order_id=?1 AND version=?13");
  s.Bind(1, a.order_id).Bind(2, a.facts).Bind(3, a.responsibility).Bind(4, a.terms);
  s.Bind(5, a.performance_manner)
      .Bind(6, a.performance_location)
      .Bind(7, a.performance_due)
      .Bind(8, signed_by);
  s.Bind(9, a.mediator).Bind(10, a.signed_at).Bind(11, a.recorded_by).Bind(12, a.updated_at);
  if (a.version != 0) s.Bind(13, a.version);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() != 1)
    return a.version == 0 ? Conflict("本案已有调解协议书，请按版本修改", "the case already has an agreement")
                          : StaleVersion();
  return a.version + 1;
}

Result<std::optional<dispute::Agreement>> SqliteDisputeRepo::GetAgreement(int64_t order_id) {
  auto s = tx_->conn().Prepare("SELECT " AGREEMENT_COLS "FROM dispute_agreements WHERE order_id = ?1");
  s.Bind(1, order_id);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<dispute::Agreement>();
  }
  return std::optional<dispute::Agreement>(ReadAgreementRow(s));
}

}  // namespace wangge::storage::sqlite
