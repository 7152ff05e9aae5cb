// 时间银行 and 积分 (MISSION 20): the double-entry ledger of hours and points (core/ledger.hpp). Community
// staff and grid workers post points by the rules table and hours of service to the people of their scope;
// secretaries and above reverse mistakes, close months and run expiry; a person reads their own accounts.
// The 积分超市 (shop_service.hpp) debits points through the same posting path. docs/ledger.md.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/ledger.hpp"
#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"
#include "storage/ledger_repo.hpp"

namespace wangge::service {

struct AwardInput {
  int64_t person_id = 0;
  std::string rule;  // a code of the points table
  int count = 1;     // times the rule was earned (1-20): points = rule.points × count
  std::string memo;
  std::string date;      // the day it was earned (YYYY-MM-DD, "" = today): its month is the entry's period
  std::string idem_key;  // the client's key ("" = none): the same key posts once
};

struct HoursInput {
  int64_t person_id = 0;       // who served: credited
  int64_t from_person_id = 0;  // who was served, paying from their own hours; 0 = the community (公益时间)
  int64_t minutes = 0;         // whole half hours, 30-1440
  std::string memo;
  std::string date;
  std::string idem_key;
};

// A posting's answer: the entry, and whether it was posted before under the same idempotency key (then
// nothing new was written).
struct Posted {
  ledger::Entry entry;
  bool replayed = false;
};

// An account as answered: the person's name is masked for callers who may not read people.
struct AccountView {
  storage::LedgerAccount account;
  bool own = false;  // the caller's own account
};

class LedgerService {
 public:
  LedgerService(storage::Database* db, OrderService* orders) : db_(db), orders_(orders) {}

  // points.award, the person in scope: posts the rule's points × count from the community's account (the
  // community of the person's place) to the person's, capped by the rule's monthly cap (kFailedPrecondition
  // beyond it). Audited (ledger.award).
  Result<Posted> Award(const Ctx& ctx, AwardInput in);
  // points.award, both people in scope: hours to the person who served, from the person served or the
  // community; the served person's hours may not go below their floor. Audited (ledger.hours).
  Result<Posted> Hours(const Ctx& ctx, HoursInput in);
  // points.manage, the entry's community in scope: a reversal posted today with the reason. kConflict when
  // it is already reversed, kFailedPrecondition when it is itself a reversal (post the entry again instead).
  Result<ledger::Entry> Reverse(const Ctx& ctx, int64_t entry_id, const std::string& reason);
  // Readers: points.award or points.manage in scope; the holder (points.redeem) for their own.
  Result<ledger::Entry> GetEntry(const Ctx& ctx, int64_t entry_id);
  Result<AccountView> GetAccount(const Ctx& ctx, int64_t account_id);
  Result<storage::Page<storage::StatementLine>> Statement(const Ctx& ctx, int64_t account_id,
                                                          const storage::PageRequest& page);
  // points.award / points.manage: accounts of communities in scope ("" = the caller's; a grid worker's are
  // the accounts of the people of the grid), or, with `person_id`, that person's (in scope).
  Result<storage::Page<AccountView>> Accounts(const Ctx& ctx, const std::string& scope, ledger::Currency c,
                                              std::optional<ledger::Holder> holder, int64_t person_id,
                                              const storage::PageRequest& page);
  // Anyone signed in with a person record (users.person_id): their own accounts, both currencies, opened on
  // first read so a new resident sees 0 rather than nothing.
  Result<std::vector<AccountView>> MyAccounts(const Ctx& ctx);
  // points.manage: set an account's limits (floor ≤ balance ≤ ceiling must hold). Audited.
  Result<AccountView> SetLimits(const Ctx& ctx, int64_t account_id, const ledger::Limits& limits);
  // A community's month: its figures (open or closed) and its journal page.
  Result<storage::PeriodClose> Period(const Ctx& ctx, const std::string& place, ledger::Currency c,
                                      int period);
  Result<storage::Page<ledger::Entry>> Journal(const Ctx& ctx, const std::string& place, ledger::Currency c,
                                               int period, const storage::PageRequest& page);
  Result<std::vector<storage::PeriodClose>> ClosedPeriods(const Ctx& ctx, const std::string& scope,
                                                          ledger::Currency c);
  // points.manage, a community in scope: closes a month that has ended. kConflict when closed already.
  Result<storage::PeriodClose> ClosePeriod(const Ctx& ctx, const std::string& place, ledger::Currency c,
                                           int period);
  // points.manage, a community in scope: posts the expiry of the points earned in `year` (at most the year
  // before last: points are valid to the end of the following year), once per account (idempotent).
  // Returns the entries posted by this run.
  Result<std::vector<ledger::Entry>> Expire(const Ctx& ctx, const std::string& place, int year);

  // For the services that post (shop_service): inside their write transaction, the community of a place
  // code and a person's open account there.
  static std::string CommunityOf(const std::string& place_code) { return place_code.substr(0, 12); }
  static Result<storage::LedgerAccount> PersonAccount(storage::Tx& tx, const std::string& community,
                                                      ledger::Currency c, int64_t person_id, int64_t now);
  static Result<storage::LedgerAccount> SystemAccount(storage::Tx& tx, const std::string& community,
                                                      ledger::Currency c, ledger::Holder h, int64_t now);
  // Hours of service deposited for a person, inside the caller's write transaction, once per `key`: a
  // `service` entry from the community's hours account to the person's (minutes, whole half hours), and the
  // points of the rule `volunteer_hour` for each whole hour within its monthly cap (what the cap leaves; none
  // beyond it), and with `bonus_rule` that rule's points once (the kind's own: service_order,
  // wish_fulfilled). With minutes 0 only the bonus. Returns the first entry posted (the one posted before
  // under the key when there is one, unchanged; an empty entry when nothing was due). Used by every kind of
  // work that gives hours: activities, service orders and wishes (order_actions.cpp DepositHours).
  static Result<ledger::Entry> CreditService(storage::Tx& tx, const std::string& community, int64_t person_id,
                                             int64_t minutes, const std::string& memo, const std::string& ref,
                                             const std::string& key, int64_t by, int64_t at,
                                             std::string_view bonus_rule = "");
  // Staff of the points domains: those who post (points.award) or keep the books (points.manage), as opposed
  // to people acting for themselves (points.redeem). The ledger, the shop and activities all ask this.
  static bool IsStaff(const Principal& who) {
    return HasPermission(who.role, Permission::kPointsAward) ||
           HasPermission(who.role, Permission::kPointsManage);
  }
  // The person linked to the caller's account (users.person_id); 0 when none.
  static Result<int64_t> PersonOf(storage::Tx& tx, const Principal& who);
  int64_t Now() const { return orders_->Now(); }

 private:
  Result<int> PeriodOfDate(const std::string& date) const;
  // Posts the entry `prepare` fills inside one write (the key made the caller's: "u<id>:<key>"), or answers
  // the entry posted before under the key.
  // A replay whose stored entry `same` says is another request is kConflict ("idempotency_key").
  Result<Posted> PostOnce(const Ctx& ctx, const std::string& client_key, const std::string& audit_action,
                          const std::function<Status(storage::Tx&, ledger::Entry&)>& prepare,
                          const std::function<Result<bool>(storage::Tx&, const ledger::Entry&)>& same);
  Status CanReadAccount(storage::Tx& tx, const Principal& who, const storage::LedgerAccount& a, bool* own);
  storage::Database* db_;
  OrderService* orders_;
};

}  // namespace wangge::service
