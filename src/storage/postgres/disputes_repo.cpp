// PostgreSQL: dispute parties and agreements (disputes_repo.hpp), in the county of their order (migration
// 0015): written with the order's county read from it, read by order id (an index on it: one server).
#include "storage/disputes_repo.hpp"

#include <string>
#include <vector>

#include "storage/disputes_rows.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

constexpr int kMaxParties = 200;  // one case's; a history page

class PgDisputeRepo final : public DisputeRepo {
 public:
  explicit PgDisputeRepo(PgTx* tx) : tx_(tx) {}
  Status InsertParty(dispute::Party* p) override;
  Result<std::vector<dispute::Party>> Parties(int64_t order_id) override;
  Result<std::vector<dispute::Party>> PartiesByIndex(const std::string& index, int limit) override;
  Result<int64_t> PutAgreement(const dispute::Agreement& a) override;
  Result<std::optional<dispute::Agreement>> GetAgreement(int64_t order_id) override;

 private:
  PgTx* tx_;
};

#define PARTY_COLS                                                                                   \
  "id, order_id, role, person_id, name_enc, name_masked, cid_enc, cid_hash, cid_masked, phone_enc, " \
  "phone_hash, phone_masked, address, created_at "

#define AGREEMENT_COLS                                                                                  \
  "order_id, facts, responsibility, terms, performance_manner, performance_location, performance_due, " \
  "signed_by, mediator, signed_at, recorded_by, updated_at, version "

}  // namespace

RepoPtr<DisputeRepo> NewPgDisputeRepo(PgTx* tx) { return MakeRepo<DisputeRepo, PgDisputeRepo>(tx); }

Status PgDisputeRepo::InsertParty(dispute::Party* p) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO dispute_parties(county, order_id, role, person_id, name_enc, name_masked, cid_enc, "
      "cid_hash, "
      "cid_masked, phone_enc, phone_hash, phone_masked, address, created_at) "
      "SELECT o.county, $1::bigint, $2::text, $3::bigint, $4::bytea, $5::text, $6::bytea, $7::bytea, "
      "$8::text, "
      "$9::bytea, $10::bytea, $11::text, $12::text, $13::bigint FROM orders o WHERE o.id = $1 "
      "RETURNING id");
  s.Bind(1, p->order_id).Bind(2, p->role).Bind(3, p->person_id);
  s.BindBlob(4, p->name_enc).Bind(5, p->name_masked);
  BindBlobOrNull(s, 6, p->cid_enc);
  BindBlobOrNull(s, 7, p->cid_hash);
  s.Bind(8, p->cid_masked);
  BindBlobOrNull(s, 9, p->phone_enc);
  BindBlobOrNull(s, 10, p->phone_hash);
  s.Bind(11, p->phone_masked).Bind(12, p->address).Bind(13, p->created_at);
  if (!s.Step()) return s.status().ok() ? RecordNotFound() : s.status();  // no such order
  p->id = s.Int(0);
  return Status::Ok();
}

Result<std::vector<dispute::Party>> PgDisputeRepo::Parties(int64_t order_id) {
  auto s = tx_->conn().Prepare("SELECT " PARTY_COLS
                               "FROM dispute_parties WHERE order_id = $1 ORDER BY id LIMIT $2");
  s.Bind(1, order_id).Bind(2, kMaxParties);
  return ReadPartyRows(s);
}

Result<std::vector<dispute::Party>> PgDisputeRepo::PartiesByIndex(const std::string& index, int limit) {
  if (index.empty()) return std::vector<dispute::Party>{};
  auto s = tx_->conn().Prepare(
      "SELECT " PARTY_COLS
      "FROM dispute_parties WHERE id IN (SELECT id FROM dispute_parties WHERE cid_hash = $1 "
      "UNION SELECT id FROM dispute_parties WHERE phone_hash = $1) ORDER BY id DESC LIMIT $2");
  s.BindBlob(1, index).Bind(2, Clamp(limit, kMaxParties));
  return ReadPartyRows(s);
}

Result<int64_t> PgDisputeRepo::PutAgreement(const dispute::Agreement& a) {
  const std::string signed_by = SignedByJson(a.signed_by);
  Stmt s =
      a.version == 0
          ? tx_->conn().Prepare(
                "INSERT INTO dispute_agreements(county, " AGREEMENT_COLS
                ") SELECT o.county, $1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, "
                "$7::text, $8::text, $9::text, $10::bigint, $11::bigint, $12::bigint, 1 "
                "FROM orders o WHERE o.id = $1 ON CONFLICT DO NOTHING")
          : tx_->conn().Prepare(
                "UPDATE dispute_agreements SET facts=$2, responsibility=$3, terms=$4, performance_manner=$5, "
                "performance_location=$6, performance_due=$7, signed_by=$8, mediator=$9, signed_at=$10, "
                "recorded_by=$11, updated_at=$12, version=version+1 WHERE order_id=$1 AND version=$13");
  s.Bind(1, a.order_id).Bind(2, a.facts).Bind(3, a.responsibility).Bind(4, a.terms);
  s.Bind(5, a.performance_manner)
      .Bind(6, a.performance_location)
      .Bind(7, a.performance_due)
      .Bind(8, signed_by);
  s.Bind(9, a.mediator).Bind(10, a.signed_at).Bind(11, a.recorded_by).Bind(12, a.updated_at);
  if (a.version != 0) s.Bind(13, a.version);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() != 1)
    return a.version == 0 ? Conflict("本案已有调解协议书，请按版本修改", "the case already has an agreement")
                          : StaleVersion();
  return a.version + 1;
}

Result<std::optional<dispute::Agreement>> PgDisputeRepo::GetAgreement(int64_t order_id) {
  auto s = tx_->conn().Prepare("SELECT " AGREEMENT_COLS "FROM dispute_agreements WHERE order_id = $1");
  s.Bind(1, order_id);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<dispute::Agreement>();
  }
  return std::optional<dispute::Agreement>(ReadAgreementRow(s));
}

}  // namespace wangge::storage::postgres
