// The ledger of hours and points (core/ledger.hpp): accounts, entries with their movements, closed periods.
// Backends: sqlite/ledger_repo.cpp, postgres/ledger_repo.cpp; contract: ledger_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ledger.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct LedgerAccount {
  int64_t id = 0;
  std::string place_code;  // the community
  ledger::Currency currency = ledger::Currency::kPoints;
  ledger::Holder holder = ledger::Holder::kPerson;
  int64_t person_id = 0;  // kPerson; 0 for the community's own accounts
  int64_t balance = 0;    // maintained: the sum of its movements
  ledger::Limits limits;
  int64_t created_at = 0;
  std::string person_name;  // filled on reads (people.name; "" for system accounts)
};

// One line of an account's statement: an entry as it touched the account.
struct StatementLine {
  ledger::Entry entry;  // with all its movements
  int64_t amount = 0;   // this account's movement
  int64_t balance = 0;  // the account's balance after the entry
};

struct PeriodClose {
  std::string place_code;
  ledger::Currency currency = ledger::Currency::kPoints;
  int period = 0;
  int64_t entries = 0;
  int64_t turnover = 0;  // the sum of the credits (positive movements) of its entries
  int64_t net = 0;       // the sum of all its movements: 0 when the books balance
  int64_t closed_by = 0;
  int64_t closed_at = 0;  // 0 while open
};

// Hours of service of a group of places (LedgerRepo::ServiceHours).
struct ServiceHoursRow {
  std::string key;
  int64_t minutes = 0;  // credited
  int64_t people = 0;   // distinct people credited
  int64_t entries = 0;  // credits
};

class LedgerRepo {
 public:
  virtual ~LedgerRepo() = default;
  // The account of the holder, opened with `limits` if it does not exist yet.
  virtual Result<LedgerAccount> OpenAccount(const std::string& place_code, ledger::Currency c,
                                            ledger::Holder h, int64_t person_id, const ledger::Limits& limits,
                                            int64_t at) = 0;
  virtual Result<std::optional<LedgerAccount>> GetAccount(int64_t id) = 0;
  // The accounts of a person (any community), by id.
  virtual Result<std::vector<LedgerAccount>> PersonAccounts(int64_t person_id) = 0;
  // Accounts of communities inside `scope` in one currency, optionally of one holder kind, by (place_code,
  // id), keyset-paged. A scope below a community (a grid, a unit) lists the accounts of the people who live
  // there.
  virtual Result<Page<LedgerAccount>> ListAccounts(const std::string& scope, ledger::Currency c,
                                                   std::optional<ledger::Holder> holder,
                                                   const PageRequest& page) = 0;
  // kFailedPrecondition when the current balance lies outside the new limits.
  virtual Status SetLimits(int64_t account_id, const ledger::Limits& limits) = 0;

  // Posts a validated entry (ledger::ValidateEntry) and fills e->id: the entry, its movements, each
  // account's balance. kConflict when its idem_key was used before, or when its original is already
  // reversed; kFailedPrecondition when its period is closed for its community and currency, or when a
  // balance would leave its account's limits (the field names the account: "account:<id>"); kNotFound for
  // an account that does not exist or is of another currency or community. Nothing is written on an error
  // (the caller's write transaction rolls back).
  virtual Status Post(ledger::Entry* e) = 0;
  // The entry with its movements and reversed_by; nullopt when none.
  virtual Result<std::optional<ledger::Entry>> GetEntry(int64_t id) = 0;
  virtual Result<std::optional<ledger::Entry>> FindEntryByKey(const std::string& idem_key) = 0;
  // The account's statement, newest first, keyset-paged by entry id.
  virtual Result<Page<StatementLine>> Statement(int64_t account_id, const PageRequest& page) = 0;
  // A community's entries in one currency and period, by id, keyset-paged.
  virtual Result<Page<ledger::Entry>> Journal(const std::string& place_code, ledger::Currency c, int period,
                                              const PageRequest& page) = 0;
  // Sums of an account's movements: all of them (the derived balance), and for expiry the credits in
  // periods up to `through_period` and the debits (as a positive number).
  struct Sums {
    int64_t total = 0;
    int64_t credits_through = 0;
    int64_t debits = 0;
  };
  virtual Result<Sums> SumMovements(int64_t account_id, int through_period) = 0;
  // What the account was credited by one points rule in one period, net of reversals (the rule's monthly
  // cap).
  virtual Result<int64_t> RuleTotal(int64_t account_id, const std::string& rule, int period) = 0;

  // The period's figures (closed_at 0 while it is open).
  virtual Result<PeriodClose> Period(const std::string& place_code, ledger::Currency c, int period) = 0;
  // Closes the period with its figures as of now: kConflict when it is closed already.
  virtual Result<PeriodClose> ClosePeriod(const std::string& place_code, ledger::Currency c, int period,
                                          int64_t by, int64_t at) = 0;
  // Closed periods of communities inside `scope`, latest first, at most `limit`.
  virtual Result<std::vector<PeriodClose>> ClosedPeriods(const std::string& scope, ledger::Currency c,
                                                         int limit) = 0;

  // Every account's balance against the sum of its movements, and every entry's movements against zero.
  virtual Result<DerivedCheck> CheckBalances() = 0;
  // Hours of service credited to people: `service` entries of the communities under `scope` created in
  // [from, to) (unix seconds), not reversed, their positive movements to person accounts, grouped by the
  // first `key_len` characters of the community code (the scope's own length: one row).
  virtual Result<std::vector<ServiceHoursRow>> ServiceHours(const std::string& scope, int64_t from,
                                                            int64_t to, int key_len) = 0;
};

}  // namespace wangge::storage
