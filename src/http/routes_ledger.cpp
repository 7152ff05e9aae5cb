// 时间银行 and 积分 over HTTP: post points by a rule and hours of service, reverse an entry, accounts and
// their statements, a person's own accounts, months (figures, journal, closing) and expiry. Amounts are in
// the currency's unit: points as whole numbers, hours as hours (1.5); the ledger keeps minutes.
#include "core/calendar.hpp"
#include "core/ledger.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

using ledger::Currency;

json Amount(Currency c, int64_t v) {
  if (c == Currency::kHours) return json(static_cast<double>(v) / 60.0);
  return json(v);
}

json EntryJson(const ledger::Entry& e) {
  json movements = json::array();
  for (const auto& m : e.movements)
    movements.push_back({{"account_id", m.account_id}, {"amount", Amount(e.currency, m.amount)}});
  const ledger::PointsRule* rule = e.rule.empty() ? nullptr : ledger::FindPointsRule(e.rule);
  return {{"id", e.id},
          {"place_code", e.place_code},
          {"currency", ledger::CurrencyName(e.currency)},
          {"kind", ledger::KindName(e.kind)},
          {"kind_zh", ledger::KindNameZh(e.kind)},
          {"period", ledger::FormatPeriod(e.period)},
          {"rule", e.rule},
          {"rule_zh", rule ? rule->name_zh : std::string()},
          {"memo", e.memo},
          {"ref", e.ref},
          {"reverses", e.reverses > 0 ? json(e.reverses) : json(nullptr)},
          {"reversed_by", e.reversed_by > 0 ? json(e.reversed_by) : json(nullptr)},
          {"created_by", e.created_by},
          {"created_at", cal::IsoLocal(e.created_at)},
          {"movements", movements}};
}

json LimitJson(const std::optional<int64_t>& v, Currency c) { return v ? Amount(c, *v) : json(nullptr); }

json AccountJson(const service::AccountView& v) {
  const storage::LedgerAccount& a = v.account;
  return {{"id", a.id},
          {"place_code", a.place_code},
          {"currency", ledger::CurrencyName(a.currency)},
          {"currency_zh", ledger::CurrencyNameZh(a.currency)},
          {"holder", ledger::HolderName(a.holder)},
          {"holder_zh", ledger::HolderNameZh(a.holder)},
          {"person_id", a.person_id > 0 ? json(a.person_id) : json(nullptr)},
          {"person_name", a.person_name},
          {"balance", Amount(a.currency, a.balance)},
          {"balance_text", ledger::FormatAmount(a.currency, a.balance)},
          {"floor", LimitJson(a.limits.floor, a.currency)},
          {"ceiling", LimitJson(a.limits.ceiling, a.currency)},
          {"own", v.own}};
}

json PeriodJson(const storage::PeriodClose& p) {
  return {{"place_code", p.place_code},
          {"currency", ledger::CurrencyName(p.currency)},
          {"period", ledger::FormatPeriod(p.period)},
          {"entries", p.entries},
          {"turnover", Amount(p.currency, p.turnover)},
          {"balanced", p.net == 0},
          {"closed", p.closed_at != 0},
          {"closed_by", p.closed_at != 0 ? json(p.closed_by) : json(nullptr)},
          {"closed_at", p.closed_at != 0 ? json(cal::IsoLocal(p.closed_at)) : json(nullptr)}};
}

Result<Currency> ReadCurrency(const std::string& name) {
  auto c = ledger::CurrencyFromName(name);
  if (!c)
    return InvalidArgument("currency 须为 hours（时间银行）或 points（积分）",
                           "currency must be hours or points", "currency");
  return *c;
}

std::string IdemKey(Call& c, const std::string& body_key) {
  const std::string header = c.req().Header("idempotency-key");
  return header.empty() ? body_key : header;
}

HttpResponse PostedJson(Call& c, const Result<service::Posted>& res) {
  if (!res.ok()) return Error(c, res.status());
  return Json(json{{"entry", EntryJson(res->entry)}, {"replayed", res->replayed}}, res->replayed ? 200 : 201);
}

Result<int> ReadPeriod(Call& c) {
  const std::string p = c.Query("period");
  if (p.empty())
    return InvalidArgument("缺少 period（如 2026-11）", "period is required (e.g. 2026-11)", "period");
  return ledger::ParsePeriod(p, "period");
}

}  // namespace

void RegisterLedgerRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/ledger/rules",
         .tag = "ledger",
         .summary = "The points table: what earns how many points, with each rule's monthly cap",
         .summary_zh = "积分规则表：各项行为可得积分及每月上限",
         .any_user = true,
         .handler = [](Call&) -> HttpResponse {
           json items = json::array();
           for (const auto& rule : ledger::PointsRules())
             items.push_back({{"code", rule.code},
                              {"name_zh", rule.name_zh},
                              {"name_en", rule.name_en},
                              {"group", rule.group},
                              {"points", rule.points},
                              {"monthly_cap", rule.monthly_cap}});
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/ledger/awards",
         .tag = "ledger",
         .summary = "Award points to a person by a rule of the points table (Idempotency-Key: posts once)",
         .summary_zh = "按积分规则给居民记积分（带 Idempotency-Key 时只记一次）",
         .any_of = {Permission::kPointsAward},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::AwardInput in;
           std::string key;
           JsonIn j(*body);
           j.Int("person_id", &in.person_id, true)
               .Str("rule", &in.rule, true)
               .Int("count", &in.count)
               .Str("memo", &in.memo)
               .Str("date", &in.date)
               .Str("idempotency_key", &key);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           in.idem_key = IdemKey(c, key);
           return PostedJson(c, c.app().ledger.Award(c.ctx(), std::move(in)));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/ledger/hours",
         .tag = "ledger",
         .summary = "Deposit hours of service in the time bank: to the person who served, from the person "
                    "served or from the community (public service)",
         .summary_zh = "时间银行存入服务时长：记给服务者，由被服务者支付或由村（社区）公益时间支付",
         .any_of = {Permission::kPointsAward},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::HoursInput in;
           std::optional<double> hours;
           std::string key;
           JsonIn j(*body);
           j.Int("person_id", &in.person_id, true)
               .Int("from_person_id", &in.from_person_id)
               .Num("hours", &hours)
               .Str("memo", &in.memo)
               .Str("date", &in.date)
               .Str("idempotency_key", &key);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto minutes = ledger::MinutesOfHours(hours);
           if (!minutes.ok()) return Error(c, minutes.status());
           in.minutes = *minutes;
           in.idem_key = IdemKey(c, key);
           return PostedJson(c, c.app().ledger.Hours(c.ctx(), std::move(in)));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/ledger/entries/{id}",
         .tag = "ledger",
         .summary = "One ledger entry with its movements",
         .summary_zh = "一笔记账分录及其借贷记录",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage, Permission::kPointsRedeem},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().ledger.GetEntry(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(EntryJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/ledger/entries/{id}/reverse",
         .tag = "ledger",
         .summary = "Reverse an entry (entries are never edited): a new entry with every movement negated",
         .summary_zh = "冲正一笔分录（分录不可修改）：记一笔金额相反的新分录",
         .any_of = {Permission::kPointsManage},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string reason;
           JsonIn j(*body);
           j.Str("reason", &reason, true);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto res = c.app().ledger.Reverse(c.ctx(), *id, reason);
           if (!res.ok()) return Error(c, res.status());
           return Json(EntryJson(*res), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/ledger/accounts",
         .tag = "ledger",
         .summary = "Accounts of communities in scope in one currency, with their balances",
         .summary_zh = "辖区内村（社区）的积分或时间账户及余额",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage},
         .query = {{"scope", "string", "place code prefix (default: the caller's)"},
                   {"currency", "string", "hours | points (default points)"},
                   {"holder", "string", "person | community | shop | expired"},
                   {"person_id", "integer", "one person's accounts"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "1-1000"}},
         .handler = [](Call& c) -> HttpResponse {
           auto cur = ReadCurrency(c.Query("currency", "points"));
           if (!cur.ok()) return Error(c, cur.status());
           std::optional<ledger::Holder> holder;
           if (const std::string h = c.Query("holder"); !h.empty()) {
             holder = ledger::HolderFromName(h);
             if (!holder)
               return Error(c,
                            InvalidArgument("holder 须为 person、community、shop 或 expired",
                                            "holder must be person, community, shop or expired", "holder"));
           }
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto person = c.QueryInt("person_id", 0, 0, INT64_MAX);
           if (!person.ok()) return Error(c, person.status());
           auto res = c.app().ledger.Accounts(c.ctx(), c.Query("scope"), *cur, holder, *person, *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, AccountJson));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/ledger/me",
         .tag = "ledger",
         .summary = "The caller's own hours and points (a person record linked to the account)",
         .summary_zh = "本人的时间银行和积分账户",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().ledger.MyAccounts(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& a : *res) items.push_back(AccountJson(a));
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/ledger/accounts/{id}",
         .tag = "ledger",
         .summary = "One account and its balance",
         .summary_zh = "一个账户及余额",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage, Permission::kPointsRedeem},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().ledger.GetAccount(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(AccountJson(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/ledger/accounts/{id}/statement",
         .tag = "ledger",
         .summary = "An account's statement, newest first, with the balance after each entry",
         .summary_zh = "账户明细（最新在前），含每笔后的余额",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage, Permission::kPointsRedeem},
         .query = {{"after", "string", "cursor"}, {"limit", "integer", "1-1000"}},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto res = c.app().ledger.Statement(c.ctx(), *id, *page);
           if (!res.ok()) return Error(c, res.status());
           return Json(PageJson(*res, [](const storage::StatementLine& l) {
             json j = EntryJson(l.entry);
             j.erase("movements");
             j["amount"] = Amount(l.entry.currency, l.amount);
             j["balance"] = Amount(l.entry.currency, l.balance);
             return j;
           }));
         }});
  r.Add({.method = "PUT",
         .pattern = "/api/v1/ledger/accounts/{id}/limits",
         .tag = "ledger",
         .summary = "Set an account's limits (floor and ceiling of its balance; null = none)",
         .summary_zh = "设置账户限额（余额下限、上限；null 为不限）",
         .any_of = {Permission::kPointsManage},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::optional<int64_t> floor, ceiling;
           JsonIn j(*body);
           j.OptInt("floor", &floor).OptInt("ceiling", &ceiling);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto acct = c.app().ledger.GetAccount(c.ctx(), *id);
           if (!acct.ok()) return Error(c, acct.status());
           // Limits of an hours account are given in hours, kept in minutes.
           const int64_t unit = acct->account.currency == Currency::kHours ? 60 : 1;
           if (floor) *floor *= unit;
           if (ceiling) *ceiling *= unit;
           auto res = c.app().ledger.SetLimits(c.ctx(), *id, {floor, ceiling});
           if (!res.ok()) return Error(c, res.status());
           return Json(AccountJson(*res));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/ledger/periods",
         .tag = "ledger",
         .summary = "A community's month: its figures (entries, turnover, balanced, closed) and journal",
         .summary_zh = "村（社区）某月账目：笔数、发生额、是否平衡、是否结账，及分录",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage},
         .query = {{"place", "string", "community code (12 digits)"},
                   {"currency", "string", "hours | points"},
                   {"period", "string", "YYYY-MM"},
                   {"after", "string", "journal cursor"},
                   {"limit", "integer", "1-1000"}},
         .handler = [](Call& c) -> HttpResponse {
           auto cur = ReadCurrency(c.Query("currency", "points"));
           if (!cur.ok()) return Error(c, cur.status());
           auto period = ReadPeriod(c);
           if (!period.ok()) return Error(c, period.status());
           auto page = c.Page();
           if (!page.ok()) return Error(c, page.status());
           auto fig = c.app().ledger.Period(c.ctx(), c.Query("place"), *cur, *period);
           if (!fig.ok()) return Error(c, fig.status());
           auto journal = c.app().ledger.Journal(c.ctx(), c.Query("place"), *cur, *period, *page);
           if (!journal.ok()) return Error(c, journal.status());
           json out = PeriodJson(*fig);
           out["journal"] = PageJson(*journal, EntryJson);
           return Json(out);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/ledger/periods/closed",
         .tag = "ledger",
         .summary = "Closed months of communities in scope, latest first",
         .summary_zh = "辖区内已结账的月份（最新在前）",
         .any_of = {Permission::kPointsAward, Permission::kPointsManage},
         .query = {{"scope", "string", "place code prefix"}, {"currency", "string", "hours | points"}},
         .handler = [](Call& c) -> HttpResponse {
           auto cur = ReadCurrency(c.Query("currency", "points"));
           if (!cur.ok()) return Error(c, cur.status());
           auto res = c.app().ledger.ClosedPeriods(c.ctx(), c.Query("scope"), *cur);
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& p : *res) items.push_back(PeriodJson(p));
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/ledger/periods/close",
         .tag = "ledger",
         .summary = "Close a community's month that has ended: nothing more can be posted into it",
         .summary_zh = "村（社区）月末结账：结账后不能再记入该月",
         .any_of = {Permission::kPointsManage},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string place, currency = "points", period;
           JsonIn j(*body);
           j.Str("place", &place, true).Str("currency", &currency).Str("period", &period, true);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto cur = ReadCurrency(currency);
           if (!cur.ok()) return Error(c, cur.status());
           auto p = ledger::ParsePeriod(period, "period");
           if (!p.ok()) return Error(c, p.status());
           auto res = c.app().ledger.ClosePeriod(c.ctx(), place, *cur, *p);
           if (!res.ok()) return Error(c, res.status());
           return Json(PeriodJson(*res), 201);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/ledger/expire",
         .tag = "ledger",
         .summary = "Expire a community's points earned in a year (valid to the end of the following year; "
                    "once per account)",
         .summary_zh = "村（社区）积分过期处理：某年所得积分有效期至次年年底（每个账户只处理一次）",
         .any_of = {Permission::kPointsManage},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string place;
           int year = 0;
           JsonIn j(*body);
           j.Str("place", &place, true).Int("year", &year, true);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto res = c.app().ledger.Expire(c.ctx(), place, year);
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& e : *res) items.push_back(EntryJson(e));
           return Json(json{{"items", items}});
         }});
}

}  // namespace wangge::http
