// SQLite: screening records (screenings_repo.hpp).
#include "storage/screenings_repo.hpp"

#include <string>
#include <vector>

#include "storage/screenings_rows.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

constexpr int kMaxList = 1000;

class SqliteScreeningRepo final : public ScreeningRepo {
 public:
  explicit SqliteScreeningRepo(SqliteTx* tx) : tx_(tx) {}
  Status Insert(screening::Record* r) override;
  Result<std::optional<screening::Record>> Get(const std::string& place_code, int64_t first) override;
  Result<std::vector<screening::Record>> List(const std::string& scope, int64_t from, int64_t to,
                                              int limit) override;
  Result<std::vector<ScreeningTally>> Tally(const std::string& scope, size_t place_len, size_t child_len,
                                            int64_t first) override;

 private:
  SqliteTx* tx_;
};

#define SCREENING_COLS                                                                                       \
  "s.id, s.place_code, s.period_first, s.period_last, s.cycle, s.found, s.resolved, s.note, s.recorded_by, " \
  "s.recorded_at, s.late, COALESCE(u.display_name, '') "

}  // namespace

RepoPtr<ScreeningRepo> NewSqliteScreeningRepo(SqliteTx* tx) {
  return MakeRepo<ScreeningRepo, SqliteScreeningRepo>(tx);
}

Status SqliteScreeningRepo::Insert(screening::Record* r) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO screenings(place_code, period_first, period_last, cycle, found, resolved, note, "
      "recorded_by, "
      "recorded_at, late) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) "
      "ON CONFLICT(place_code, period_first) DO NOTHING");
  s.Bind(1, r->place_code).Bind(2, r->period.first).Bind(3, r->period.last).Bind(4, r->cycle);
  s.Bind(5, static_cast<int64_t>(r->found)).Bind(6, static_cast<int64_t>(r->resolved)).Bind(7, r->note);
  s.Bind(8, r->recorded_by).Bind(9, r->recorded_at).Bind(10, static_cast<int64_t>(r->late ? 1 : 0));
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() != 1)
    return Conflict("本期排查已登记", "this period's screening is already recorded", "place_code");
  r->id = tx_->conn().LastInsertId();
  return Status::Ok();
}

Result<std::optional<screening::Record>> SqliteScreeningRepo::Get(const std::string& place_code,
                                                                  int64_t first) {
  auto s = tx_->conn().Prepare("SELECT " SCREENING_COLS
                               "FROM screenings s LEFT JOIN users u ON u.id = s.recorded_by "
                               "WHERE s.place_code = ?1 AND s.period_first = ?2");
  s.Bind(1, place_code).Bind(2, first);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<screening::Record>();
  }
  return std::optional<screening::Record>(ReadScreeningRow(s));
}

Result<std::vector<screening::Record>> SqliteScreeningRepo::List(const std::string& scope, int64_t from,
                                                                 int64_t to, int limit) {
  const CodeRange r = PrefixRange(scope);
  auto s = tx_->conn().Prepare("SELECT " SCREENING_COLS
                               "FROM screenings s LEFT JOIN users u ON u.id = s.recorded_by "
                               "WHERE s.period_first >= ?3 AND s.period_first <= ?4 "
                               "AND s.place_code >= ?1 AND s.place_code < ?2 "
                               "ORDER BY s.period_first DESC, s.place_code LIMIT ?5");
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, from).Bind(4, to).Bind(5, Clamp(limit, kMaxList));
  return ReadScreeningRows(s);
}

Result<std::vector<ScreeningTally>> SqliteScreeningRepo::Tally(const std::string& scope, size_t place_len,
                                                               size_t child_len, int64_t first) {
  const CodeRange r = PrefixRange(scope);
  auto s = tx_->conn().Prepare(
      "SELECT substr(place_code, 1, ?5) AS child, count(*), sum(late), sum(found), sum(resolved) "
      "FROM screenings WHERE period_first = ?3 AND place_code >= ?1 AND place_code < ?2 "
      "AND length(place_code) = ?4 GROUP BY child ORDER BY child");
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, first);
  s.Bind(4, static_cast<int64_t>(place_len)).Bind(5, static_cast<int64_t>(child_len));
  return ReadTallyRows(s);
}

}  // namespace wangge::storage::sqlite
