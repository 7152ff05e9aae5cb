// SQLite: the ledger of hours and points (ledger_repo.hpp, migration 0012).
#include "storage/ledger_repo.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/codes.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

using ledger::Currency;
using ledger::Entry;

#define ACCOUNT_COLS                                                                                     \
  "a.id, a.place_code, a.currency, a.holder, a.person_id, a.balance, a.floor, a.ceiling, a.created_at, " \
  "COALESCE(p.name, '') "
#define ACCOUNT_FROM \
  "FROM ledger_accounts a LEFT JOIN people p ON p.id = a.person_id AND a.holder = 'person' "
#define ENTRY_COLS                                                                                      \
  "e.id, e.place_code, e.currency, e.kind, e.period, e.rule, e.memo, e.ref, COALESCE(e.idem_key, ''), " \
  "e.reverses, e.created_by, e.created_at, (SELECT r.id FROM ledger_entries r WHERE r.reverses = e.id) "

class SqliteLedgerRepo final : public LedgerRepo {
 public:
  explicit SqliteLedgerRepo(SqliteTx* tx) : tx_(tx) {}
  Result<LedgerAccount> OpenAccount(const std::string& place_code, Currency c, ledger::Holder h,
                                    int64_t person_id, const ledger::Limits& limits, int64_t at) override;
  Result<std::optional<LedgerAccount>> GetAccount(int64_t id) override;
  Result<std::vector<LedgerAccount>> PersonAccounts(int64_t person_id) override;
  Result<Page<LedgerAccount>> ListAccounts(const std::string& scope, Currency c,
                                           std::optional<ledger::Holder> holder,
                                           const PageRequest& page) override;
  Status SetLimits(int64_t account_id, const ledger::Limits& limits) override;
  Status Post(Entry* e) override;
  Result<std::optional<Entry>> GetEntry(int64_t id) override;
  Result<std::optional<Entry>> FindEntryByKey(const std::string& idem_key) override;
  Result<Page<StatementLine>> Statement(int64_t account_id, const PageRequest& page) override;
  Result<Page<Entry>> Journal(const std::string& place_code, Currency c, int period,
                              const PageRequest& page) override;
  Result<Sums> SumMovements(int64_t account_id, int through_period) override;
  Result<int64_t> RuleTotal(int64_t account_id, const std::string& rule, int period) override;
  Result<PeriodClose> Period(const std::string& place_code, Currency c, int period) override;
  Result<PeriodClose> ClosePeriod(const std::string& place_code, Currency c, int period, int64_t by,
                                  int64_t at) override;
  Result<std::vector<PeriodClose>> ClosedPeriods(const std::string& scope, Currency c, int limit) override;
  Result<DerivedCheck> CheckBalances() override;
  Result<std::vector<ServiceHoursRow>> ServiceHours(const std::string& scope, int64_t from, int64_t to,
                                                    int key_len) override;

 private:
  Status LoadMovements(Entry* e);
  Result<std::optional<Entry>> OneEntry(Stmt& s);
  SqliteTx* tx_;
};

PeriodClose ReadPeriodRow(const Stmt& s) {
  PeriodClose p;
  p.place_code = s.Text(0);
  p.currency = ledger::CurrencyFromName(s.Text(1)).value_or(Currency::kPoints);
  p.period = static_cast<int>(s.Int(2));
  p.entries = s.Int(3);
  p.turnover = s.Int(4);
  p.net = 0;
  p.closed_by = s.Int(5);
  p.closed_at = s.Int(6);
  return p;
}

}  // namespace

RepoPtr<LedgerRepo> NewSqliteLedgerRepo(SqliteTx* tx) { return MakeRepo<LedgerRepo, SqliteLedgerRepo>(tx); }

Result<LedgerAccount> SqliteLedgerRepo::OpenAccount(const std::string& place_code, Currency c,
                                                    ledger::Holder h, int64_t person_id,
                                                    const ledger::Limits& limits, int64_t at) {
  auto ins = tx_->conn().Prepare(
      "INSERT INTO ledger_accounts(place_code, currency, holder, person_id, floor, ceiling, created_at) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7) ON CONFLICT(place_code, currency, holder, person_id) DO NOTHING");
  ins.Bind(1, place_code).Bind(2, ledger::CurrencyName(c)).Bind(3, ledger::HolderName(h)).Bind(4, person_id);
  ins.Bind(5, limits.floor).Bind(6, limits.ceiling).Bind(7, at);
  RETURN_IF_ERROR(ins.Exec());
  auto s = tx_->conn().Prepare(
      "SELECT " ACCOUNT_COLS ACCOUNT_FROM
      "WHERE a.place_code = ?1 AND a.currency = ?2 AND a.holder = ?3 AND a.person_id = ?4");
  s.Bind(1, place_code).Bind(2, ledger::CurrencyName(c)).Bind(3, ledger::HolderName(h)).Bind(4, person_id);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return Internal("ledger account vanished after insert");
  }
  return ReadAccountRow(s);
}

Result<std::optional<LedgerAccount>> SqliteLedgerRepo::GetAccount(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT " ACCOUNT_COLS ACCOUNT_FROM "WHERE a.id = ?1");
  s.Bind(1, id);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<LedgerAccount>();
  }
  return std::optional<LedgerAccount>(ReadAccountRow(s));
}

Result<std::vector<LedgerAccount>> SqliteLedgerRepo::PersonAccounts(int64_t person_id) {
  auto s = tx_->conn().Prepare("SELECT " ACCOUNT_COLS ACCOUNT_FROM
                               "WHERE a.person_id = ?1 AND a.holder = 'person' ORDER BY a.id");
  s.Bind(1, person_id);
  return ReadAll<LedgerAccount>(s, ReadAccountRow<Stmt>);
}

Result<Page<LedgerAccount>> SqliteLedgerRepo::ListAccounts(const std::string& scope, Currency c,
                                                           std::optional<ledger::Holder> holder,
                                                           const PageRequest& page) {
  // A scope below a community (a grid, a unit): the accounts of the people living there, in their community.
  const bool deep = scope.size() > 12;
  auto s = tx_->conn().Prepare(
      "SELECT " ACCOUNT_COLS ACCOUNT_FROM
      "WHERE a.place_code >= ?1 AND a.place_code < ?2 AND (a.place_code, a.id) > (?3, ?4) "
      "AND a.currency = ?6 AND (?7 = '' OR a.holder = ?7) "
      "AND (?8 = '' OR (p.place_code >= ?8 AND p.place_code < ?9)) "
      "ORDER BY a.place_code, a.id LIMIT ?5");
  const CodeRange r = PrefixRange(deep ? scope.substr(0, 12) : scope);
  const CodeRange people = PrefixRange(scope);
  Cursor cur = DecodeCursor(page.after);
  const int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, cur.key).Bind(4, cur.id).Bind(5, limit + 1);
  s.Bind(6, std::string(ledger::CurrencyName(c)));
  s.Bind(7, holder ? std::string(ledger::HolderName(*holder)) : std::string());
  s.Bind(8, deep ? people.begin : std::string()).Bind(9, deep ? people.end : std::string());
  return RunPage<LedgerAccount>(s, limit, ReadAccountRow<Stmt>,
                                [](const LedgerAccount& a) { return EncodeCursor(a.place_code, a.id); });
}

Status SqliteLedgerRepo::SetLimits(int64_t account_id, const ledger::Limits& limits) {
  auto s = tx_->conn().Prepare(
      "UPDATE ledger_accounts SET floor = ?2, ceiling = ?3 WHERE id = ?1 "
      "AND (?2 IS NULL OR balance >= ?2) AND (?3 IS NULL OR balance <= ?3)");
  s.Bind(1, account_id).Bind(2, limits.floor).Bind(3, limits.ceiling);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 1) return Status::Ok();
  ASSIGN_OR_RETURN(auto a, GetAccount(account_id));
  if (!a) return RecordNotFound();
  return FailedPrecondition("账户当前余额不在新的限额之内",
                            "the account's balance lies outside the new limits");
}

Status SqliteLedgerRepo::Post(Entry* e) {
  Conn& c = tx_->conn();
  const std::string currency(ledger::CurrencyName(e->currency));
  {
    auto s =
        c.Prepare("SELECT 1 FROM ledger_periods WHERE place_code = ?1 AND currency = ?2 AND period = ?3");
    s.Bind(1, e->place_code).Bind(2, currency).Bind(3, e->period);
    if (s.Step())
      return Status(StatusCode::kFailedPrecondition, ledger::FormatPeriod(e->period) + " 已结账，不能再记入",
                    ledger::FormatPeriod(e->period) + " is closed: nothing more can be posted into it",
                    "period");
    RETURN_IF_ERROR(s.status());
  }
  if (!e->idem_key.empty()) {
    ASSIGN_OR_RETURN(auto dup, FindEntryByKey(e->idem_key));
    if (dup)
      return Conflict("该操作已记账（幂等键重复）", "already posted (the idempotency key was used)",
                      "idempotency_key");
  }
  if (e->reverses > 0) {
    auto s = c.Prepare("SELECT id FROM ledger_entries WHERE reverses = ?1");
    s.Bind(1, e->reverses);
    if (s.Step()) return Conflict("该分录已冲正", "the entry is already reversed", "reverses");
    RETURN_IF_ERROR(s.status());
  }
  auto ins = c.Prepare(
      "INSERT INTO ledger_entries(place_code, currency, kind, period, rule, memo, ref, idem_key, reverses, "
      "created_by, created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,NULLIF(?8, ''),NULLIF(?9, 0),?10,?11)");
  ins.Bind(1, e->place_code).Bind(2, currency).Bind(3, ledger::KindName(e->kind)).Bind(4, e->period);
  ins.Bind(5, e->rule).Bind(6, e->memo).Bind(7, e->ref).Bind(8, e->idem_key).Bind(9, e->reverses);
  ins.Bind(10, e->created_by).Bind(11, e->created_at);
  RETURN_IF_ERROR(ins.Exec());
  e->id = c.LastInsertId();
  std::vector<ledger::Movement> ordered = e->movements;
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.account_id < b.account_id; });
  auto upd = c.Prepare(
      "UPDATE ledger_accounts SET balance = balance + ?2 WHERE id = ?1 AND currency = ?3 AND place_code = ?4 "
      "AND (floor IS NULL OR balance + ?2 >= floor) AND (ceiling IS NULL OR balance + ?2 <= ceiling)");
  auto mov =
      c.Prepare("INSERT INTO ledger_movements(entry_id, account_id, amount, period) VALUES(?1,?2,?3,?4)");
  for (const ledger::Movement& m : ordered) {
    upd.Reset();
    upd.Bind(1, m.account_id).Bind(2, m.amount).Bind(3, currency).Bind(4, e->place_code);
    RETURN_IF_ERROR(upd.Exec());
    if (c.Changes() != 1) {
      ASSIGN_OR_RETURN(auto a, GetAccount(m.account_id));
      if (!a || a->currency != e->currency || a->place_code != e->place_code) return RecordNotFound();
      if (m.amount < 0)
        return Status(
            StatusCode::kFailedPrecondition, "余额不足：" + ledger::FormatAmount(a->currency, a->balance),
            "insufficient balance: " + std::to_string(a->balance), "account:" + std::to_string(a->id));
      return Status(StatusCode::kFailedPrecondition, "超出账户上限",
                    "the account's ceiling would be exceeded", "account:" + std::to_string(a->id));
    }
    mov.Reset();
    mov.Bind(1, e->id).Bind(2, m.account_id).Bind(3, m.amount).Bind(4, e->period);
    RETURN_IF_ERROR(mov.Exec());
  }
  return Status::Ok();
}

Status SqliteLedgerRepo::LoadMovements(Entry* e) {
  auto s = tx_->conn().Prepare(
      "SELECT account_id, amount FROM ledger_movements WHERE entry_id = ?1 ORDER BY account_id");
  s.Bind(1, e->id);
  e->movements.clear();
  while (s.Step()) e->movements.push_back({s.Int(0), s.Int(1)});
  return s.status();
}

Result<std::optional<Entry>> SqliteLedgerRepo::OneEntry(Stmt& s) {
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<Entry>();
  }
  Entry e = ReadEntryRow(s);
  RETURN_IF_ERROR(LoadMovements(&e));
  return std::optional<Entry>(std::move(e));
}

Result<std::optional<Entry>> SqliteLedgerRepo::GetEntry(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT " ENTRY_COLS "FROM ledger_entries e WHERE e.id = ?1");
  s.Bind(1, id);
  return OneEntry(s);
}

Result<std::optional<Entry>> SqliteLedgerRepo::FindEntryByKey(const std::string& idem_key) {
  auto s = tx_->conn().Prepare("SELECT " ENTRY_COLS "FROM ledger_entries e WHERE e.idem_key = ?1");
  s.Bind(1, idem_key);
  return OneEntry(s);
}

Result<Page<StatementLine>> SqliteLedgerRepo::Statement(int64_t account_id, const PageRequest& page) {
  ASSIGN_OR_RETURN(auto account, GetAccount(account_id));
  if (!account) return RecordNotFound();
  const Cursor cur = DecodeCursor(page.after);
  const int64_t before = cur.id > 0 ? cur.id : INT64_MAX;
  int64_t later = 0;  // the movements after this page's first line
  {
    auto s = tx_->conn().Prepare(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger_movements WHERE account_id = ?1 AND entry_id >= ?2");
    s.Bind(1, account_id).Bind(2, before);
    if (s.Step()) later = s.Int(0);
    RETURN_IF_ERROR(s.status());
  }
  auto s =
      tx_->conn().Prepare("SELECT m.amount, " ENTRY_COLS
                          "FROM ledger_movements m JOIN ledger_entries e ON e.id = m.entry_id "
                          "WHERE m.account_id = ?1 AND m.entry_id < ?2 ORDER BY m.entry_id DESC LIMIT ?3");
  const int limit = PageLimit(page);
  s.Bind(1, account_id).Bind(2, before).Bind(3, limit + 1);
  int64_t balance = account->balance - later;
  return RunPage<StatementLine>(
      s, limit,
      [&balance](const Stmt& row) {
        StatementLine l;
        l.amount = row.Int(0);
        l.entry = ReadEntryRow(row, 1);
        l.balance = balance;
        balance -= l.amount;
        return l;
      },
      [](const StatementLine& l) { return EncodeCursor("", l.entry.id); });
}

Result<Page<Entry>> SqliteLedgerRepo::Journal(const std::string& place_code, Currency c, int period,
                                              const PageRequest& page) {
  auto s = tx_->conn().Prepare(
      "SELECT " ENTRY_COLS
      "FROM ledger_entries e WHERE e.place_code = ?1 AND e.currency = ?2 AND e.period = ?3 "
      "AND e.id > ?4 ORDER BY e.id LIMIT ?5");
  const Cursor cur = DecodeCursor(page.after);
  const int limit = PageLimit(page);
  s.Bind(1, place_code).Bind(2, ledger::CurrencyName(c)).Bind(3, period).Bind(4, cur.id).Bind(5, limit + 1);
  ASSIGN_OR_RETURN(auto p, RunPage<Entry>(
                               s, limit, [](const Stmt& row) { return ReadEntryRow(row); },
                               [](const Entry& e) { return EncodeCursor("", e.id); }));
  for (Entry& e : p.items) RETURN_IF_ERROR(LoadMovements(&e));
  return p;
}

Result<LedgerRepo::Sums> SqliteLedgerRepo::SumMovements(int64_t account_id, int through_period) {
  auto s = tx_->conn().Prepare(
      "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(CASE WHEN amount > 0 AND period <= ?2 THEN amount END), "
      "0), "
      "COALESCE(-SUM(CASE WHEN amount < 0 THEN amount END), 0) FROM ledger_movements WHERE account_id = ?1");
  s.Bind(1, account_id).Bind(2, through_period);
  Sums sums;
  if (s.Step()) sums = {s.Int(0), s.Int(1), s.Int(2)};
  RETURN_IF_ERROR(s.status());
  return sums;
}

Result<int64_t> SqliteLedgerRepo::RuleTotal(int64_t account_id, const std::string& rule, int period) {
  auto s = tx_->conn().Prepare(
      "SELECT COALESCE(SUM(m.amount), 0) FROM ledger_movements m JOIN ledger_entries e ON e.id = m.entry_id "
      "WHERE m.account_id = ?1 AND m.period = ?3 AND e.rule = ?2");
  s.Bind(1, account_id).Bind(2, rule).Bind(3, period);
  int64_t total = 0;
  if (s.Step()) total = s.Int(0);
  RETURN_IF_ERROR(s.status());
  return total;
}

Result<PeriodClose> SqliteLedgerRepo::Period(const std::string& place_code, Currency c, int period) {
  const std::string currency(ledger::CurrencyName(c));
  {
    auto s = tx_->conn().Prepare(
        "SELECT place_code, currency, period, entries, turnover, closed_by, closed_at FROM ledger_periods "
        "WHERE place_code = ?1 AND currency = ?2 AND period = ?3");
    s.Bind(1, place_code).Bind(2, currency).Bind(3, period);
    if (s.Step()) return ReadPeriodRow(s);
    RETURN_IF_ERROR(s.status());
  }
  auto s = tx_->conn().Prepare(
      "SELECT COUNT(DISTINCT e.id), COALESCE(SUM(CASE WHEN m.amount > 0 THEN m.amount END), 0), "
      "COALESCE(SUM(m.amount), 0) FROM ledger_entries e JOIN ledger_movements m ON m.entry_id = e.id "
      "WHERE e.place_code = ?1 AND e.currency = ?2 AND e.period = ?3");
  s.Bind(1, place_code).Bind(2, currency).Bind(3, period);
  PeriodClose p{place_code, c, period};
  if (s.Step()) {
    p.entries = s.Int(0);
    p.turnover = s.Int(1);
    p.net = s.Int(2);
  }
  RETURN_IF_ERROR(s.status());
  return p;
}

Result<PeriodClose> SqliteLedgerRepo::ClosePeriod(const std::string& place_code, Currency c, int period,
                                                  int64_t by, int64_t at) {
  ASSIGN_OR_RETURN(PeriodClose p, Period(place_code, c, period));
  if (p.closed_at != 0)
    return Conflict(ledger::FormatPeriod(period) + " 已结账",
                    ledger::FormatPeriod(period) + " is closed already", "period");
  if (p.net != 0) return Internal("ledger period does not balance: " + std::to_string(p.net));
  auto s = tx_->conn().Prepare(
      "INSERT INTO ledger_periods(place_code, currency, period, entries, turnover, closed_by, closed_at) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7)");
  s.Bind(1, place_code)
      .Bind(2, ledger::CurrencyName(c))
      .Bind(3, period)
      .Bind(4, p.entries)
      .Bind(5, p.turnover);
  s.Bind(6, by).Bind(7, at);
  RETURN_IF_ERROR(s.Exec());
  p.closed_by = by;
  p.closed_at = at;
  return p;
}

Result<std::vector<PeriodClose>> SqliteLedgerRepo::ClosedPeriods(const std::string& scope, Currency c,
                                                                 int limit) {
  auto s = tx_->conn().Prepare(
      "SELECT place_code, currency, period, entries, turnover, closed_by, closed_at FROM ledger_periods "
      "WHERE place_code >= ?1 AND place_code < ?2 AND currency = ?3 ORDER BY period DESC, place_code LIMIT "
      "?4");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, ledger::CurrencyName(c)).Bind(4, Clamp(limit, kMaxPage));
  return ReadAll<PeriodClose>(s, ReadPeriodRow);
}

Result<DerivedCheck> SqliteLedgerRepo::CheckBalances() {
  DerivedCheck out;
  auto a = tx_->conn().Prepare(
      "SELECT a.id, a.balance, COALESCE((SELECT SUM(m.amount) FROM ledger_movements m WHERE m.account_id = "
      "a.id), 0) "
      "FROM ledger_accounts a ORDER BY a.id");
  RETURN_IF_ERROR(CheckAccountRows(a, &out));
  auto e = tx_->conn().Prepare(
      "SELECT e.id, COUNT(m.account_id), COALESCE(SUM(m.amount), 0) FROM ledger_entries e "
      "LEFT JOIN ledger_movements m ON m.entry_id = e.id GROUP BY e.id "
      "HAVING COUNT(m.account_id) < 2 OR SUM(m.amount) <> 0");
  RETURN_IF_ERROR(CheckEntryRows(e, &out));
  return out;
}

Result<std::vector<ServiceHoursRow>> SqliteLedgerRepo::ServiceHours(const std::string& scope, int64_t from,
                                                                    int64_t to, int key_len) {
  auto s = tx_->conn().Prepare(
      "SELECT substr(e.place_code, 1, ?4) AS k, SUM(m.amount), COUNT(DISTINCT a.person_id), "
      "COUNT(DISTINCT e.id) FROM ledger_entries e JOIN ledger_movements m ON m.entry_id = e.id "
      "JOIN ledger_accounts a ON a.id = m.account_id WHERE e.place_code >= ?1 AND e.place_code < ?5 "
      "AND e.currency = 'hours' AND e.kind = 'service' AND e.created_at >= ?2 AND e.created_at < ?3 AND "
      "a.holder = 'person' AND "
      "m.amount > 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses = e.id) GROUP BY k ORDER "
      "BY k");
  // a range, not LIKE: the place index (ledger_entries_journal) narrows a township to its own entries
  const CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, from).Bind(3, to).Bind(4, key_len).Bind(5, r.end);
  std::vector<ServiceHoursRow> out;
  while (s.Step()) out.push_back({s.Text(0), s.Int(1), s.Int(2), s.Int(3)});
  RETURN_IF_ERROR(s.status());
  return out;
}

}  // namespace wangge::storage::sqlite
