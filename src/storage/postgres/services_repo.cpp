// PostgreSQL: each community's 服务清单 (services_repo.hpp, migration 0021), in the county of each
// community.
#include "storage/services_repo.hpp"

#include <string>
#include <vector>

#include "storage/ledger_rows.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"
#include "storage/services_rows.hpp"

namespace wangge::storage::postgres {
namespace {

class PgServiceMenuRepo final : public ServiceMenuRepo {
 public:
  explicit PgServiceMenuRepo(PgTx* tx) : tx_(tx) {}
  Result<std::vector<MenuItem>> Menu(const std::string& community) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_MENU_COLS
                                 "FROM service_menu WHERE place_code = $1 ORDER BY category LIMIT 500");
    s.Bind(1, community);
    return ReadAll<MenuItem>(s, ReadMenuRow<Stmt>);
  }
  Result<std::optional<MenuItem>> GetMenuItem(const std::string& community,
                                              const std::string& category) override {
    auto s = tx_->conn().Prepare("SELECT " WANGGE_MENU_COLS
                                 "FROM service_menu WHERE place_code = $1 AND category = $2");
    s.Bind(1, community).Bind(2, category);
    if (!s.Step()) {
      RETURN_IF_ERROR(s.status());
      return std::optional<MenuItem>();
    }
    return std::optional<MenuItem>(ReadMenuRow(s));
  }
  Status UpsertMenuItem(MenuItem* m) override {
    auto s = tx_->conn().Prepare(
        m->version == 0
            ? "INSERT INTO service_menu(county, place_code, category, provider, promise_hours, active, note, "
              "version, "
              "updated_by, updated_at) VALUES($7,$1,$2,$3,$4,$5,$6,1,$8,$9) ON CONFLICT DO NOTHING"
            : "UPDATE service_menu SET provider = $3, promise_hours = $4, active = $5, note = $6, "
              "version = version + 1, updated_by = $8, updated_at = $9 "
              "WHERE place_code = $1 AND category = $2 AND version = $7");
    s.Bind(1, m->place_code).Bind(2, m->category).Bind(3, m->provider).Bind(4, m->promise_hours);
    s.Bind(5, m->active).Bind(6, m->note).Bind(8, m->updated_by).Bind(9, m->updated_at);
    if (m->version != 0)
      s.Bind(7, m->version);
    else
      s.Bind(7, CountyOf(m->place_code));
    RETURN_IF_ERROR(s.Exec());
    if (s.Changes() != 1) return StaleVersion();
    ++m->version;
    return Status::Ok();
  }

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<ServiceMenuRepo> NewPgServiceMenuRepo(PgTx* tx) {
  return MakeRepo<ServiceMenuRepo, PgServiceMenuRepo>(tx);
}

}  // namespace wangge::storage::postgres
