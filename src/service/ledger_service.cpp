#include "service/ledger_service.hpp"

#include <algorithm>

#include "core/citizen_id.hpp"
#include "core/dates.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using ledger::Currency;
using ledger::Entry;
using ledger::Holder;
using ledger::Kind;

constexpr int kMaxCount = 20;
constexpr int64_t kMaxMinutes = 24 * 60;
constexpr size_t kMaxKey = 100;
constexpr int64_t kMostDaysBack = 366;

bool MayManage(const Principal& who) { return HasPermission(who.role, Permission::kPointsManage); }

// The key as stored: the caller's own namespace, so two callers' keys never collide.
Result<std::string> StoredKey(const Principal& who, const std::string& key) {
  if (key.empty()) return std::string();
  if (key.size() > kMaxKey || !IsValidUtf8(key))
    return InvalidArgument("幂等键至多 100 个字符", "the idempotency key is at most 100 characters",
                           "idempotency_key");
  return "u" + std::to_string(who.user_id) + ":" + key;
}

std::string EntryDetail(const Entry& e) {
  std::string d = "{\"currency\":\"" + std::string(ledger::CurrencyName(e.currency)) + "\",\"kind\":\"" +
                  std::string(ledger::KindName(e.kind)) + "\",\"period\":" + std::to_string(e.period);
  if (!e.rule.empty()) d += ",\"rule\":\"" + e.rule + "\"";
  if (e.reverses > 0) d += ",\"reverses\":" + std::to_string(e.reverses);
  d += ",\"movements\":[";
  for (size_t i = 0; i < e.movements.size(); ++i)
    d += (i ? "," : "") + std::string("[") + std::to_string(e.movements[i].account_id) + "," +
         std::to_string(e.movements[i].amount) + "]";
  return d + "]}";
}

AccountView View(const Principal& who, storage::LedgerAccount a, bool own) {
  if (!own && !HasPermission(who.role, Permission::kPersonRead)) a.person_name = MaskName(a.person_name);
  return {std::move(a), own};
}

Status NotACommunity(const std::string& place) {
  return InvalidArgument("积分和时间银行按村（社区）记账：" + place + " 不是村（社区）编码",
                         "hours and points are kept per village or community: " + place + " is not one",
                         "place");
}

}  // namespace

Result<storage::LedgerAccount> LedgerService::PersonAccount(storage::Tx& tx, const std::string& community,
                                                            Currency c, int64_t person_id, int64_t now) {
  return tx.ledger().OpenAccount(community, c, Holder::kPerson, person_id,
                                 ledger::DefaultLimits(Holder::kPerson), now);
}

Result<storage::LedgerAccount> LedgerService::SystemAccount(storage::Tx& tx, const std::string& community,
                                                            Currency c, Holder h, int64_t now) {
  return tx.ledger().OpenAccount(community, c, h, 0, ledger::DefaultLimits(h), now);
}

Result<Entry> LedgerService::CreditService(storage::Tx& tx, const std::string& community, int64_t person_id,
                                           int64_t minutes, const std::string& memo, const std::string& ref,
                                           const std::string& key, int64_t by, int64_t at,
                                           std::string_view bonus_rule) {
  // Done before: the first entry of the credit is there under its key.
  const std::string first_key = minutes > 0 ? key : key + ":bonus";
  ASSIGN_OR_RETURN(auto before, tx.ledger().FindEntryByKey(first_key));
  if (before) return std::move(*before);
  const int period = ledger::PeriodOfUnix(at);
  std::optional<Entry> first;
  // An entry of the credit: `amount` from the community's account to the person's.
  auto made = [&](Currency c, Kind kind, const std::string& k, int64_t from, int64_t to, int64_t amount) {
    Entry e;
    e.place_code = community;
    e.currency = c;
    e.kind = kind;
    e.period = period;
    e.memo = memo;
    e.ref = ref;
    e.idem_key = k;
    e.created_by = by;
    e.created_at = at;
    e.movements = {{from, -amount}, {to, amount}};
    return e;
  };
  if (minutes > 0) {
    ASSIGN_OR_RETURN(auto pool, SystemAccount(tx, community, Currency::kHours, Holder::kCommunity, at));
    ASSIGN_OR_RETURN(auto hours, PersonAccount(tx, community, Currency::kHours, person_id, at));
    Entry e = made(Currency::kHours, Kind::kService, key, pool.id, hours.id, minutes);
    RETURN_IF_ERROR(ledger::ValidateEntry(&e));
    RETURN_IF_ERROR(tx.ledger().Post(&e));
    first = std::move(e);
  }
  // Points by a rule of the table, within its monthly cap (nothing when the cap is reached).
  auto award = [&](const ledger::PointsRule* rule, int64_t want, const std::string& k) -> Status {
    if (rule == nullptr || want <= 0) return Status::Ok();
    ASSIGN_OR_RETURN(auto points, PersonAccount(tx, community, Currency::kPoints, person_id, at));
    ASSIGN_OR_RETURN(const int64_t earned, tx.ledger().RuleTotal(points.id, rule->code, period));
    if (rule->monthly_cap > 0) want = std::min(want, rule->monthly_cap - earned);
    if (want <= 0) return Status::Ok();
    ASSIGN_OR_RETURN(auto issue, SystemAccount(tx, community, Currency::kPoints, Holder::kCommunity, at));
    Entry a = made(Currency::kPoints, Kind::kAward, k, issue.id, points.id, want);
    a.rule = rule->code;
    RETURN_IF_ERROR(ledger::ValidateEntry(&a));
    RETURN_IF_ERROR(tx.ledger().Post(&a));
    if (!first) first = std::move(a);
    return Status::Ok();
  };
  if (const ledger::PointsRule* hourly = ledger::FindPointsRule("volunteer_hour"))
    RETURN_IF_ERROR(award(hourly, hourly->points * (minutes / 60), key + ":points"));
  if (!bonus_rule.empty()) {
    const ledger::PointsRule* bonus = ledger::FindPointsRule(bonus_rule);
    if (bonus == nullptr) return Internal("unknown points rule " + std::string(bonus_rule));
    RETURN_IF_ERROR(award(bonus, bonus->points, key + ":bonus"));
  }
  if (!first) return Entry{};
  return std::move(*first);
}

Result<int64_t> LedgerService::PersonOf(storage::Tx& tx, const Principal& who) {
  if (who.user_id <= 0) return int64_t{0};
  auto u = tx.users().Get(who.user_id);
  if (!u.ok()) return int64_t{0};
  return u->person_id.value_or(0);
}

Result<int> LedgerService::PeriodOfDate(const std::string& date) const {
  const int64_t today = ChinaDay(Now());
  if (date.empty()) return ledger::PeriodOfDay(today);
  int64_t day = 0;
  RETURN_IF_ERROR(ValidateDate(date, "date", &day));
  if (day > today) return InvalidArgument("日期不能在今天之后", "the date must not be in the future", "date");
  if (day < today - kMostDaysBack)
    return InvalidArgument("只能补记一年以内的", "at most a year can be posted late", "date");
  return ledger::PeriodOfDay(day);
}

Result<Posted> LedgerService::PostOnce(const Ctx& ctx, const std::string& client_key,
                                       const std::string& action,
                                       const std::function<Status(storage::Tx&, Entry&)>& prepare,
                                       const std::function<Result<bool>(storage::Tx&, const Entry&)>& same) {
  ASSIGN_OR_RETURN(const std::string key, StoredKey(ctx.who, client_key));
  Posted out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    out = Posted{};
    if (!key.empty()) {
      ASSIGN_OR_RETURN(auto before, tx.ledger().FindEntryByKey(key));
      if (before) {
        ASSIGN_OR_RETURN(const bool is_same, same(tx, *before));
        if (!is_same)
          return Conflict("此幂等键已用于另一笔记账", "this idempotency key was used for another posting",
                          "idempotency_key");
        out.entry = std::move(*before);
        out.replayed = true;
        return Status::Ok();
      }
    }
    Entry& e = out.entry;
    e.idem_key = key;
    e.created_by = ctx.who.user_id;
    e.created_at = Now();
    RETURN_IF_ERROR(prepare(tx, e));
    RETURN_IF_ERROR(ledger::ValidateEntry(&e));
    RETURN_IF_ERROR(tx.ledger().Post(&e));
    return Audit(tx, ctx, action, "ledger_entry", std::to_string(e.id), e.place_code, EntryDetail(e));
  }));
  if (out.replayed) {
    // The stored entry again: a replay must not reveal another scope's entry (the key is the caller's own).
    ASSIGN_OR_RETURN(out.entry, GetEntry(ctx, out.entry.id));
  }
  return out;
}

namespace {
// Whether the stored entry is the one a replayed request would post: its kind and rule, and the amount
// credited to the person's account.
Result<bool> Credits(storage::Tx& tx, const Entry& e, Kind kind, const std::string& rule, int64_t person,
                     int64_t amount) {
  if (e.kind != kind || e.rule != rule) return false;
  for (const auto& m : e.movements) {
    if (m.amount <= 0) continue;
    ASSIGN_OR_RETURN(auto a, tx.ledger().GetAccount(m.account_id));
    return a && a->holder == Holder::kPerson && a->person_id == person && m.amount == amount;
  }
  return false;
}
}  // namespace

Result<Posted> LedgerService::Award(const Ctx& ctx, AwardInput in) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsAward));
  const ledger::PointsRule* rule = ledger::FindPointsRule(in.rule);
  if (rule == nullptr)
    return InvalidArgument("未知的积分规则：" + in.rule, "unknown points rule: " + in.rule, "rule");
  if (in.count < 1 || in.count > kMaxCount)
    return InvalidArgument("次数须为 1-20", "count must be 1-20", "count");
  ASSIGN_OR_RETURN(const int period, PeriodOfDate(in.date));
  return PostOnce(
      ctx, in.idem_key, "ledger.award",
      [&](storage::Tx& tx, Entry& e) -> Status {
        ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(in.person_id));
        RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsAward, p.place_code));
        if (p.retired) return FailedPrecondition("此人已注销", "the person's record is retired");
        if (p.place_code.size() < 12) return NotACommunity(p.place_code);
        const std::string community = CommunityOf(p.place_code);
        ASSIGN_OR_RETURN(auto from,
                         SystemAccount(tx, community, Currency::kPoints, Holder::kCommunity, e.created_at));
        ASSIGN_OR_RETURN(auto to, PersonAccount(tx, community, Currency::kPoints, p.id, e.created_at));
        const int64_t points = rule->points * in.count;
        if (rule->monthly_cap > 0) {
          ASSIGN_OR_RETURN(const int64_t earned, tx.ledger().RuleTotal(to.id, rule->code, period));
          if (earned + points > rule->monthly_cap)
            return Status(StatusCode::kFailedPrecondition,
                          "超过「" + rule->name_zh + "」每月上限 " + std::to_string(rule->monthly_cap) +
                              " 分（本月已得 " + std::to_string(earned) + " 分）",
                          "over the monthly cap of " + std::to_string(rule->monthly_cap) + " points for " +
                              rule->code + " (" + std::to_string(earned) + " earned this month)",
                          "count");
        }
        e.place_code = community;
        e.currency = Currency::kPoints;
        e.kind = Kind::kAward;
        e.period = period;
        e.rule = rule->code;
        e.memo = in.memo;
        e.movements = {{from.id, -points}, {to.id, points}};
        return Status::Ok();
      },
      [&](storage::Tx& tx, const Entry& e) {
        return Credits(tx, e, Kind::kAward, rule->code, in.person_id, rule->points * in.count);
      });
}

Result<Posted> LedgerService::Hours(const Ctx& ctx, HoursInput in) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsAward));
  if (in.minutes < 30 || in.minutes > kMaxMinutes || in.minutes % 30 != 0)
    return InvalidArgument("时长须为 0.5 至 24 小时，按半小时计", "hours must be 0.5 to 24, in half hours",
                           "hours");
  if (in.from_person_id == in.person_id)
    return InvalidArgument("服务者和被服务者不能是同一人",
                           "the one who served and the one served must differ", "from_person_id");
  ASSIGN_OR_RETURN(const int period, PeriodOfDate(in.date));
  auto res = PostOnce(
      ctx, in.idem_key, "ledger.hours",
      [&](storage::Tx& tx, Entry& e) -> Status {
        ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(in.person_id));
        RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsAward, p.place_code));
        if (p.retired) return FailedPrecondition("此人已注销", "the person's record is retired");
        if (p.place_code.size() < 12) return NotACommunity(p.place_code);
        const std::string community = CommunityOf(p.place_code);
        ASSIGN_OR_RETURN(auto to, PersonAccount(tx, community, Currency::kHours, p.id, e.created_at));
        int64_t from_id = 0;
        if (in.from_person_id > 0) {
          ASSIGN_OR_RETURN(Person q, tx.people().GetPerson(in.from_person_id));
          RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsAward, q.place_code));
          if (q.place_code.size() < 12 || CommunityOf(q.place_code) != community)
            return InvalidArgument("被服务者须与服务者同属一个村（社区）",
                                   "the one served must live in the same community", "from_person_id");
          ASSIGN_OR_RETURN(auto from, PersonAccount(tx, community, Currency::kHours, q.id, e.created_at));
          from_id = from.id;
        } else {
          ASSIGN_OR_RETURN(auto from,
                           SystemAccount(tx, community, Currency::kHours, Holder::kCommunity, e.created_at));
          from_id = from.id;
        }
        e.place_code = community;
        e.currency = Currency::kHours;
        e.kind = in.from_person_id > 0 ? Kind::kTransfer : Kind::kService;
        e.period = period;
        e.memo = in.memo;
        e.movements = {{from_id, -in.minutes}, {to.id, in.minutes}};
        return Status::Ok();
      },
      [&](storage::Tx& tx, const Entry& e) {
        return Credits(tx, e, in.from_person_id > 0 ? Kind::kTransfer : Kind::kService, "", in.person_id,
                       in.minutes);
      });
  // The served person's hours would go below their floor: say whose, not which account.
  if (!res.ok() && res.status().code() == StatusCode::kFailedPrecondition &&
      res.status().field().rfind("account:", 0) == 0)
    return Status(StatusCode::kFailedPrecondition,
                  "被服务者的时间银行余额不足，不能由其支付：" + res.status().zh(),
                  "the person served has too few hours to pay: " + res.status().en(), "from_person_id");
  return res;
}

Result<Entry> LedgerService::Reverse(const Ctx& ctx, int64_t entry_id, const std::string& reason) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsManage));
  Entry out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto original, tx.ledger().GetEntry(entry_id));
    if (!original) return RecordNotFound();
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsManage, original->place_code));
    if (original->kind == Kind::kReversal)
      return FailedPrecondition("冲正分录不能再冲正：请重新记一笔",
                                "a reversal is not reversed: post the entry again");
    if (original->reversed_by > 0)
      return Conflict("该分录已冲正", "the entry is already reversed", "reverses");
    if (original->kind == Kind::kRedeem)
      return FailedPrecondition(
          "兑换请在积分超市取消：积分退回的同时恢复库存",
          "a redemption is undone by cancelling it in the shop, which also puts the stock back");
    const int64_t now = Now();
    out = ledger::ReversalOf(*original, ledger::PeriodOfUnix(now), reason, ctx.who.user_id, now);
    RETURN_IF_ERROR(ledger::ValidateEntry(&out));
    RETURN_IF_ERROR(tx.ledger().Post(&out));
    return Audit(tx, ctx, "ledger.reverse", "ledger_entry", std::to_string(out.id), out.place_code,
                 EntryDetail(out));
  }));
  return out;
}

Status LedgerService::CanReadAccount(storage::Tx& tx, const Principal& who, const storage::LedgerAccount& a,
                                     bool* own) {
  *own = false;
  if (a.holder == Holder::kPerson && HasPermission(who.role, Permission::kPointsRedeem)) {
    ASSIGN_OR_RETURN(const int64_t me, PersonOf(tx, who));
    if (me > 0 && me == a.person_id) {
      *own = true;
      return Status::Ok();
    }
  }
  if (IsStaff(who) && Authz::InScope(who, a.place_code)) return Status::Ok();
  // A grid worker reads the accounts of the people of their grid (the books are the community's).
  if (IsStaff(who) && a.holder == Holder::kPerson) {
    auto p = tx.people().GetPerson(a.person_id);
    if (p.ok() && Authz::InScope(who, p->place_code)) return Status::Ok();
  }
  return RecordNotFound();
}

Result<Entry> LedgerService::GetEntry(const Ctx& ctx, int64_t entry_id) {
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto e, tx->ledger().GetEntry(entry_id));
  if (!e) return RecordNotFound();
  if (IsStaff(ctx.who) && Authz::InScope(ctx.who, e->place_code)) return std::move(*e);
  // A holder sees the entries that touch one of their accounts.
  if (HasPermission(ctx.who.role, Permission::kPointsRedeem)) {
    ASSIGN_OR_RETURN(const int64_t me, PersonOf(*tx, ctx.who));
    for (const auto& m : e->movements) {
      ASSIGN_OR_RETURN(auto a, tx->ledger().GetAccount(m.account_id));
      if (a && me > 0 && a->holder == Holder::kPerson && a->person_id == me) return std::move(*e);
    }
  }
  return RecordNotFound();
}

Result<AccountView> LedgerService::GetAccount(const Ctx& ctx, int64_t account_id) {
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto a, tx->ledger().GetAccount(account_id));
  if (!a) return RecordNotFound();
  bool own = false;
  RETURN_IF_ERROR(CanReadAccount(*tx, ctx.who, *a, &own));
  return View(ctx.who, std::move(*a), own);
}

Result<storage::Page<storage::StatementLine>> LedgerService::Statement(const Ctx& ctx, int64_t account_id,
                                                                       const storage::PageRequest& page) {
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto a, tx->ledger().GetAccount(account_id));
  if (!a) return RecordNotFound();
  bool own = false;
  RETURN_IF_ERROR(CanReadAccount(*tx, ctx.who, *a, &own));
  return tx->ledger().Statement(account_id, page);
}

Result<storage::Page<AccountView>> LedgerService::Accounts(const Ctx& ctx, const std::string& scope,
                                                           Currency c, std::optional<Holder> holder,
                                                           int64_t person_id,
                                                           const storage::PageRequest& page) {
  const Permission perm = MayManage(ctx.who) ? Permission::kPointsManage : Permission::kPointsAward;
  ASSIGN_OR_RETURN(const std::string s, Authz::ListScope(ctx.who, perm, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  if (person_id > 0) {  // one person's accounts (the shop counter looks a balance up)
    ASSIGN_OR_RETURN(Person p, tx->people().GetPerson(person_id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, perm, p.place_code));
    ASSIGN_OR_RETURN(auto mine, tx->ledger().PersonAccounts(person_id));
    storage::Page<AccountView> out;
    for (auto& a : mine)
      if (a.currency == c && (!holder || *holder == Holder::kPerson))
        out.items.push_back(View(ctx.who, std::move(a), false));
    return out;
  }
  ASSIGN_OR_RETURN(auto accounts, tx->ledger().ListAccounts(s, c, holder, page));
  storage::Page<AccountView> out;
  out.next = accounts.next;
  for (auto& a : accounts.items) out.items.push_back(View(ctx.who, std::move(a), false));
  return out;
}

Result<std::vector<AccountView>> LedgerService::MyAccounts(const Ctx& ctx) {
  std::vector<AccountView> out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    out.clear();
    ASSIGN_OR_RETURN(const int64_t me, PersonOf(tx, ctx.who));
    if (me == 0)
      return FailedPrecondition("您的账号未关联一张表中的人员，没有积分和时间账户",
                                "your account is not linked to a person record: you have no hours or points");
    ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(me));
    if (p.place_code.size() >= 12) {
      const std::string community = CommunityOf(p.place_code);
      for (Currency c : {Currency::kHours, Currency::kPoints})
        RETURN_IF_ERROR(PersonAccount(tx, community, c, me, Now()).status());
    }
    ASSIGN_OR_RETURN(auto accounts, tx.ledger().PersonAccounts(me));
    for (auto& a : accounts) out.push_back({std::move(a), true});
    return Status::Ok();
  }));
  return out;
}

Result<AccountView> LedgerService::SetLimits(const Ctx& ctx, int64_t account_id,
                                             const ledger::Limits& limits) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsManage));
  if (limits.floor && limits.ceiling && *limits.floor > *limits.ceiling)
    return InvalidArgument("下限不能高于上限", "the floor must not be above the ceiling", "floor");
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto a, tx.ledger().GetAccount(account_id));
    if (!a) return RecordNotFound();
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsManage, a->place_code));
    RETURN_IF_ERROR(tx.ledger().SetLimits(account_id, limits));
    auto num = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string("null"); };
    return Audit(tx, ctx, "ledger.limits", "ledger_account", std::to_string(account_id), a->place_code,
                 "{\"floor\":" + num(limits.floor) + ",\"ceiling\":" + num(limits.ceiling) + "}");
  }));
  return GetAccount(ctx, account_id);
}

Result<storage::PeriodClose> LedgerService::Period(const Ctx& ctx, const std::string& place, Currency c,
                                                   int period) {
  if (!IsStaff(ctx.who)) return Authz::Can(ctx.who, Permission::kPointsAward);
  if (place.size() != 12) return NotACommunity(place);
  RETURN_IF_ERROR(Authz::CanTarget(
      ctx.who, MayManage(ctx.who) ? Permission::kPointsManage : Permission::kPointsAward, place));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->ledger().Period(place, c, period);
}

Result<storage::Page<Entry>> LedgerService::Journal(const Ctx& ctx, const std::string& place, Currency c,
                                                    int period, const storage::PageRequest& page) {
  RETURN_IF_ERROR(Period(ctx, place, c, period).status());
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->ledger().Journal(place, c, period, page);
}

Result<std::vector<storage::PeriodClose>> LedgerService::ClosedPeriods(const Ctx& ctx,
                                                                       const std::string& scope, Currency c) {
  const Permission perm = MayManage(ctx.who) ? Permission::kPointsManage : Permission::kPointsAward;
  ASSIGN_OR_RETURN(const std::string s, Authz::ListScope(ctx.who, perm, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->ledger().ClosedPeriods(s, c, 500);
}

Result<storage::PeriodClose> LedgerService::ClosePeriod(const Ctx& ctx, const std::string& place, Currency c,
                                                        int period) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsManage));
  if (place.size() != 12) return NotACommunity(place);
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kPointsManage, place));
  const int64_t now = Now();
  if (period >= ledger::PeriodOfUnix(now))
    return Status(StatusCode::kFailedPrecondition, "只能结账已经结束的月份",
                  "only a month that has ended can be closed", "period");
  storage::PeriodClose out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Place p, tx.places().Get(place));
    (void)p;
    ASSIGN_OR_RETURN(out, tx.ledger().ClosePeriod(place, c, period, ctx.who.user_id, now));
    return Audit(tx, ctx, "ledger.close", "ledger_period",
                 place + ":" + std::string(ledger::CurrencyName(c)) + ":" + std::to_string(period), place,
                 "{\"entries\":" + std::to_string(out.entries) +
                     ",\"turnover\":" + std::to_string(out.turnover) + "}");
  }));
  return out;
}

Result<std::vector<Entry>> LedgerService::Expire(const Ctx& ctx, const std::string& place, int year) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsManage));
  if (place.size() != 12) return NotACommunity(place);
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kPointsManage, place));
  const int64_t now = Now();
  const int this_year = ledger::PeriodOfUnix(now) / 100;
  if (year < 2000 || year > this_year - 2)
    return InvalidArgument(
        "积分有效期至获得次年年底：只能对 " + std::to_string(this_year - 2) + " 年及以前的积分做过期处理",
        "points are valid to the end of the following year: only points of " + std::to_string(this_year - 2) +
            " or earlier can expire now",
        "year");
  std::vector<Entry> out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    out.clear();
    ASSIGN_OR_RETURN(auto sink, SystemAccount(tx, place, Currency::kPoints, Holder::kExpired, now));
    storage::PageRequest page{"", 1000};
    for (;;) {
      ASSIGN_OR_RETURN(auto accounts,
                       tx.ledger().ListAccounts(place, Currency::kPoints, Holder::kPerson, page));
      for (const auto& a : accounts.items) {
        if (a.place_code != place) continue;
        const std::string key = "expire:" + std::to_string(a.id) + ":" + std::to_string(year);
        ASSIGN_OR_RETURN(auto done, tx.ledger().FindEntryByKey(key));
        if (done) continue;
        ASSIGN_OR_RETURN(auto sums, tx.ledger().SumMovements(a.id, year * 100 + 12));
        const int64_t lapsed = std::min(ledger::ExpiryOf(sums.credits_through, sums.debits), a.balance);
        if (lapsed <= 0) continue;
        Entry e;
        e.place_code = place;
        e.currency = Currency::kPoints;
        e.kind = Kind::kExpire;
        e.period = ledger::PeriodOfUnix(now);
        e.memo = std::to_string(year) + " 年积分到期";
        e.idem_key = key;
        e.created_by = ctx.who.user_id;
        e.created_at = now;
        e.movements = {{a.id, -lapsed}, {sink.id, lapsed}};
        RETURN_IF_ERROR(ledger::ValidateEntry(&e));
        RETURN_IF_ERROR(tx.ledger().Post(&e));
        out.push_back(std::move(e));
      }
      if (accounts.next.empty()) break;
      page.after = accounts.next;
    }
    return Audit(tx, ctx, "ledger.expire", "ledger_period", place + ":points:" + std::to_string(year), place,
                 "{\"year\":" + std::to_string(year) + ",\"entries\":" + std::to_string(out.size()) + "}");
  }));
  return out;
}

}  // namespace wangge::service
