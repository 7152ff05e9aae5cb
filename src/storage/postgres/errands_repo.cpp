// PostgreSQL: 红色代办's roster, authorisations and documents (errands_repo.hpp, migration 0022), in the
// county of the household's community (the roster) or of the errand's order.
#include "storage/errands_repo.hpp"

#include <string>
#include <vector>

#include "storage/errands_rows.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

class PgErrandRepo final : public ErrandRepo {
 public:
  explicit PgErrandRepo(PgTx* tx) : tx_(tx) {}

  Result<std::optional<ErrandRunner>> RunnerOf(int64_t household_id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ERRAND_RUNNER_COLS
                                 "FROM errand_runners WHERE household_id = $1");
    s.Bind(1, household_id);
    if (!s.Step()) {
      RETURN_IF_ERROR(s.status());
      return std::optional<ErrandRunner>();
    }
    return std::optional<ErrandRunner>(ReadErrandRunnerRow(s));
  }
  Result<std::vector<ErrandRunner>> Runners(const std::string& community) override {
    auto s =
        tx_->conn().Prepare("SELECT " WANGGE_ERRAND_RUNNER_COLS
                            "FROM errand_runners WHERE place_code = $1 ORDER BY household_id LIMIT 20000");
    s.Bind(1, community);
    return ReadAll<ErrandRunner>(s, ReadErrandRunnerRow<Stmt>);
  }
  Result<std::vector<ErrandRunner>> CoveredBy(int64_t runner_user_id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ERRAND_RUNNER_COLS
                                 "FROM errand_runners WHERE runner_user_id = $1 ORDER BY household_id "
                                 "LIMIT 1000");
    s.Bind(1, runner_user_id);
    return ReadAll<ErrandRunner>(s, ReadErrandRunnerRow<Stmt>);
  }
  Status PutRunner(ErrandRunner* r) override {
    auto s = tx_->conn().Prepare(
        r->version == 0
            ? "INSERT INTO errand_runners(county, household_id, place_code, runner_user_id, assigned_by, "
              "assigned_at, version) VALUES($6,$1,$2,$3,$4,$5,1) ON CONFLICT DO NOTHING"
            : "UPDATE errand_runners SET place_code = $2, runner_user_id = $3, assigned_by = $4, "
              "assigned_at = $5, version = version + 1 WHERE household_id = $1 AND version = $6");
    s.Bind(1, r->household_id).Bind(2, r->place_code).Bind(3, r->runner_user_id);
    s.Bind(4, r->assigned_by).Bind(5, r->assigned_at);
    if (r->version != 0)
      s.Bind(6, r->version);
    else
      s.Bind(6, CountyOf(r->place_code));
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return StaleVersion();
    ++r->version;
    return Status::Ok();
  }
  Status RemoveRunner(int64_t household_id, int64_t version) override {
    auto s = tx_->conn().Prepare("DELETE FROM errand_runners WHERE household_id = $1 AND version = $2");
    s.Bind(1, household_id).Bind(2, version);
    RETURN_IF_ERROR(s.Exec());
    return s.Changes() == 1 ? Status::Ok() : StaleVersion();
  }

  Status InsertErrand(const Errand& e) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO errands(county, order_id, household_id, authoriser_person_id, authorisation, "
        "created_at) SELECT o.county, $1::bigint, $2::bigint, $3::bigint, $4::text, $5::bigint FROM orders o "
        "WHERE o.id = $1");
    s.Bind(1, e.order_id).Bind(2, e.household_id).Bind(3, e.authoriser_person_id);
    s.Bind(4, e.authorisation).Bind(5, e.created_at);
    RETURN_IF_ERROR(s.Exec());
    return s.Changes() == 1 ? Status::Ok() : RecordNotFound();  // no such order
  }
  Result<std::optional<Errand>> GetErrand(int64_t order_id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ERRAND_COLS "FROM errands WHERE order_id = $1");
    s.Bind(1, order_id);
    if (!s.Step()) {
      RETURN_IF_ERROR(s.status());
      return std::optional<Errand>();
    }
    return std::optional<Errand>(ReadErrandRow(s));
  }
  Result<std::vector<int64_t>> OpenFor(int64_t runner_user_id, int limit) override {
    auto s = tx_->conn().Prepare(
        "SELECT e.order_id FROM errand_runners r JOIN errands e ON e.household_id = r.household_id "
        "JOIN orders o ON o.id = e.order_id WHERE r.runner_user_id = $1 AND o.state = 2 "
        "ORDER BY e.order_id DESC LIMIT $2");
    s.Bind(1, runner_user_id).Bind(2, Clamp(limit, kMaxPage));
    std::vector<int64_t> ids;
    while (s.Step()) ids.push_back(s.Int(0));
    RETURN_IF_ERROR(s.status());
    return ids;
  }

  Status AddDocument(ErrandDocument* d) override {
    auto s = tx_->conn().Prepare(
        "INSERT INTO errand_documents(county, order_id, name, copies, received_at, received_by) "
        "SELECT e.county, $1::bigint, $2::text, $3::bigint, $4::bigint, $5::bigint FROM errands e "
        "WHERE e.order_id = $1 RETURNING id");
    s.Bind(1, d->order_id).Bind(2, d->name).Bind(3, d->copies).Bind(4, d->received_at);
    s.Bind(5, d->received_by);
    if (!s.Step()) return s.status().ok() ? RecordNotFound() : s.status();  // no such errand
    d->id = s.Int(0);
    d->returned_at = d->returned_by = 0;
    d->version = 1;
    return Status::Ok();
  }
  Result<std::vector<ErrandDocument>> Documents(int64_t order_id) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_ERRAND_DOC_COLS
                                 "FROM errand_documents WHERE order_id = $1 ORDER BY id LIMIT 1000");
    s.Bind(1, order_id);
    return ReadAll<ErrandDocument>(s, ReadErrandDocRow<Stmt>);
  }
  Status ReturnDocument(ErrandDocument* d) override {
    auto s = tx_->conn().Prepare(
        "UPDATE errand_documents SET returned_at = $3, returned_by = $4, version = version + 1 "
        "WHERE id = $1 AND version = $2 AND returned_at = 0");
    s.Bind(1, d->id).Bind(2, d->version).Bind(3, d->returned_at).Bind(4, d->returned_by);
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return StaleVersion();
    ++d->version;
    return Status::Ok();
  }
  Result<int> Held(int64_t order_id) override {
    auto s =
        tx_->conn().Prepare("SELECT COUNT(*) FROM errand_documents WHERE order_id = $1 AND returned_at = 0");
    s.Bind(1, order_id);
    if (!s.Step()) return s.status().ok() ? Internal("count") : s.status();
    return static_cast<int>(s.Int(0));
  }

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<ErrandRepo> NewPgErrandRepo(PgTx* tx) { return MakeRepo<ErrandRepo, PgErrandRepo>(tx); }

}  // namespace wangge::storage::postgres
