#include "core/ledger.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "core/csv.hpp"
#include "core/dates.hpp"
#include "core/shipped_data.hpp"
#include "core/text.hpp"

namespace wangge::ledger {
namespace {

constexpr int64_t kHalfHourMinutes = 30;
constexpr size_t kMemoChars = 200;

template <typename E, size_t N>
std::optional<E> FromName(const std::string_view (&names)[N], std::string_view name) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::string_view kCurrencies[] = {"hours", "points"};
constexpr std::string_view kCurrenciesZh[] = {"时间银行", "积分"};
constexpr std::string_view kHolders[] = {"person", "community", "shop", "expired"};
constexpr std::string_view kHoldersZh[] = {"个人", "社区", "积分超市", "过期"};
constexpr std::string_view kKinds[] = {"award", "service", "transfer", "redeem", "expire", "reversal"};
constexpr std::string_view kKindsZh[] = {"积分奖励", "服务时长", "转赠", "兑换", "过期", "冲正"};

Result<int64_t> ParseInt(const std::string& s, int line, const char* field) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0)
    return csv::AtLine(line, InvalidArgument(std::string(field) + " 须为非负整数",
                                             std::string(field) + " must be a non-negative integer", field));
  return v;
}

}  // namespace

std::string_view CurrencyName(Currency c) { return kCurrencies[static_cast<int>(c)]; }
std::string_view CurrencyNameZh(Currency c) { return kCurrenciesZh[static_cast<int>(c)]; }
std::optional<Currency> CurrencyFromName(std::string_view name) {
  return FromName<Currency>(kCurrencies, name);
}
std::string_view HolderName(Holder h) { return kHolders[static_cast<int>(h)]; }
std::string_view HolderNameZh(Holder h) { return kHoldersZh[static_cast<int>(h)]; }
std::optional<Holder> HolderFromName(std::string_view name) { return FromName<Holder>(kHolders, name); }
std::string_view KindName(Kind k) { return kKinds[static_cast<int>(k)]; }
std::string_view KindNameZh(Kind k) { return kKindsZh[static_cast<int>(k)]; }
std::optional<Kind> KindFromName(std::string_view name) { return FromName<Kind>(kKinds, name); }

bool KindMoves(Kind k, Currency c) {
  switch (k) {
    case Kind::kAward:
    case Kind::kRedeem:
    case Kind::kExpire:
      return c == Currency::kPoints;
    case Kind::kService:
    case Kind::kTransfer:
      return c == Currency::kHours;
    case Kind::kReversal:
      return true;
  }
  return false;
}

int PeriodOfDay(int64_t day) {
  const CivilDate d = CivilFromDays(day);
  return d.year * 100 + d.month;
}
int PeriodOfUnix(int64_t unix_seconds) {
  return PeriodOfDay(dates_internal::FloorDiv(unix_seconds + kChinaUtcOffsetSeconds, kSecondsPerDay));
}

std::string FormatPeriod(int period) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", period / 100, period % 100);
  return buf;
}

Result<int> ParsePeriod(std::string_view text, std::string_view field) {
  const std::string f(field);
  auto bad = [&] {
    return InvalidArgument(f + " 须为年月，如 2026-12", f + " must be a month such as 2026-12", f);
  };
  if (text.size() != 7 || text[4] != '-') return bad();
  int year = 0, month = 0;
  auto [p1, e1] = std::from_chars(text.data(), text.data() + 4, year);
  auto [p2, e2] = std::from_chars(text.data() + 5, text.data() + 7, month);
  if (e1 != std::errc() || e2 != std::errc() || p1 != text.data() + 4 || p2 != text.data() + 7 ||
      year < 2000 || year > 2999 || month < 1 || month > 12)
    return bad();
  return year * 100 + month;
}

int PreviousPeriod(int period) { return period % 100 == 1 ? (period / 100 - 1) * 100 + 12 : period - 1; }
int64_t PeriodFirstDay(int period) { return DaysFromCivil(period / 100, period % 100, 1); }
int64_t PeriodLastDay(int period) {
  return DaysFromCivil(period / 100, period % 100, DaysInMonth(period / 100, period % 100));
}

Status ValidateEntry(Entry* e) {
  if (e->movements.size() < 2)
    return InvalidArgument("一笔分录至少有两条记账（借方和贷方）",
                           "an entry has at least two movements (a debit and a credit)", "movements");
  std::set<int64_t> accounts;
  int64_t sum = 0;
  for (const Movement& m : e->movements) {
    if (m.account_id <= 0) return InvalidArgument("账户无效", "invalid account", "account_id");
    if (!accounts.insert(m.account_id).second)
      return InvalidArgument("同一账户在一笔分录中只能出现一次", "an account appears once in an entry",
                             "account_id");
    if (m.amount == 0)
      return InvalidArgument("记账金额不能为零", "a movement's amount must not be zero", "amount");
    if (m.amount > 1'000'000'000 || m.amount < -1'000'000'000)
      return InvalidArgument("记账金额过大", "the amount is too large", "amount");
    if (e->currency == Currency::kHours && m.amount % kHalfHourMinutes != 0)
      return InvalidArgument("时长须为半小时的整数倍", "hours must be whole half hours", "amount");
    sum += m.amount;
  }
  if (sum != 0)
    return InvalidArgument("借贷不平：一笔分录的各条记账之和须为零",
                           "the entry does not balance: its movements must sum to zero", "movements");
  if (!KindMoves(e->kind, e->currency))
    return InvalidArgument(
        std::string(KindNameZh(e->kind)) + "不记入" + std::string(CurrencyNameZh(e->currency)),
        std::string(KindName(e->kind)) + " entries do not move " + std::string(CurrencyName(e->currency)),
        "kind");
  if ((e->kind == Kind::kReversal) != (e->reverses > 0))
    return InvalidArgument("冲正分录须指明被冲正的分录", "a reversal names the entry it reverses",
                           "reverses");
  ASSIGN_OR_RETURN(e->memo, CleanText(e->memo, "memo", kMemoChars, /*required=*/e->kind == Kind::kReversal));
  if (e->period < 200001 || e->period > 299912 || e->period % 100 < 1 || e->period % 100 > 12)
    return InvalidArgument("期间无效", "invalid period", "period");
  return Status::Ok();
}

Entry ReversalOf(const Entry& original, int period, std::string memo, int64_t by, int64_t at) {
  Entry r;
  r.place_code = original.place_code;
  r.currency = original.currency;
  r.kind = Kind::kReversal;
  r.period = period;
  r.memo = std::move(memo);
  r.rule = original.rule;  // a reversed award no longer counts towards its rule's monthly cap
  r.ref = original.ref;
  r.idem_key = "reverse:" + std::to_string(original.id);
  r.reverses = original.id;
  r.created_by = by;
  r.created_at = at;
  for (const Movement& m : original.movements) r.movements.push_back({m.account_id, -m.amount});
  return r;
}

Limits DefaultLimits(Holder h) {
  if (h == Holder::kPerson) return {0, std::nullopt};
  return {};
}

bool WithinLimits(const Limits& l, int64_t balance) {
  return (!l.floor || balance >= *l.floor) && (!l.ceiling || balance <= *l.ceiling);
}

Result<int64_t> MinutesOfHours(const std::optional<double>& hours) {
  if (!hours) return InvalidArgument("缺少 hours（小时数）", "hours is required", "hours");
  const double m = *hours * 60.0;
  const int64_t whole = static_cast<int64_t>(m + 0.5);
  if (!(m > 0) || m > 24 * 60 || whole % kHalfHourMinutes != 0 ||
      std::abs(m - static_cast<double>(whole)) > 1e-6)
    return InvalidArgument("时长须为 0.5 至 24 小时，按半小时计", "hours must be 0.5 to 24, in half hours",
                           "hours");
  return whole;
}

int64_t HoursOf(int64_t checkin, int64_t checkout, int64_t cap_minutes) {
  if (checkout <= checkin || cap_minutes <= 0) return 0;
  const int64_t minutes = (checkout - checkin) / 60;
  const int64_t steps = std::min(minutes, cap_minutes) / kHalfHourMinutes;
  return steps * kHalfHourMinutes;
}

Result<std::vector<PointsRule>> ParsePointsRulesCsv(std::string_view text) {
  ASSIGN_OR_RETURN(std::vector<csv::Record> records, csv::Parse(text));
  RETURN_IF_ERROR(csv::ExpectHeader(records, "code,name_zh,name_en,group,points,monthly_cap"));
  std::vector<PointsRule> out;
  std::set<std::string> codes;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r].fields;
    const int line = records[r].line;
    if (f.size() != 6) return csv::AtLine(line, InvalidArgument("应有 6 列", "expected 6 fields"));
    PointsRule rule{f[0], f[1], f[2], f[3], 0, 0};
    if (rule.code.empty() || !codes.insert(rule.code).second)
      return csv::AtLine(line, InvalidArgument("规则编码为空或重复", "empty or repeated rule code", "code"));
    ASSIGN_OR_RETURN(rule.points, ParseInt(f[4], line, "points"));
    ASSIGN_OR_RETURN(rule.monthly_cap, ParseInt(f[5], line, "monthly_cap"));
    if (rule.points <= 0)
      return csv::AtLine(line, InvalidArgument("积分须为正数", "points must be positive", "points"));
    out.push_back(std::move(rule));
  }
  return out;
}

const std::vector<PointsRule>& PointsRules() {
  static const std::vector<PointsRule> rules = [] {
    auto parsed = ParsePointsRulesCsv(data::PointsRulesCsv());
    return parsed.ok() ? *parsed : std::vector<PointsRule>{};
  }();
  return rules;
}

const PointsRule* FindPointsRule(std::string_view code) {
  for (const PointsRule& r : PointsRules())
    if (r.code == code) return &r;
  return nullptr;
}

int64_t ExpiryOf(int64_t earned_through_year, int64_t debited) {
  return std::max<int64_t>(0, earned_through_year - debited);
}

std::string FormatAmount(Currency c, int64_t amount) {
  if (c == Currency::kPoints) return std::to_string(amount) + " 分";
  const int64_t half_hours = amount / kHalfHourMinutes;
  std::string s = std::to_string(half_hours / 2);
  if (half_hours % 2 != 0) s += ".5";
  if (amount < 0 && half_hours / 2 == 0) s = "-" + s;
  return s + " 小时";
}

}  // namespace wangge::ledger
