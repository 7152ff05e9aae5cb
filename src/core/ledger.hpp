// The ledger of 时间银行 hours and 积分 points (MISSION 20), double-entry: every entry is a set of movements
// on accounts that sum to zero, so hours or points are never made or lost, only moved — from the community's
// account (which issues them and so goes negative) to a person, from a person to the 积分超市 when they are
// redeemed, to the expiry account when they lapse. A balance is the sum of the account's movements. An entry
// is never edited: a mistake is undone by a reversal, a new entry with every movement negated. Entries belong
// to a month (the period); a closed period takes no more entries. docs/ledger.md gives the rules and their
// sources; the formulas are in docs/indicators.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wangge::ledger {

// What an account counts. Hours are kept in minutes (volunteer service is counted in steps of half an hour,
// HoursOf); points in whole points.
enum class Currency { kHours, kPoints };
std::string_view CurrencyName(Currency c);    // "hours" | "points"
std::string_view CurrencyNameZh(Currency c);  // 时间银行 | 积分
std::optional<Currency> CurrencyFromName(std::string_view name);

// Whose account it is. Every community has one account of each system kind per currency, opened on first
// use; a person has one per currency in the community they live in.
enum class Holder {
  kPerson,     // a resident, volunteer or party member (一张表 person)
  kCommunity,  // the community's own: issues points, and pays the hours given to public service (公益时间)
  kShop,       // 积分超市: redeemed points land here
  kExpired,    // points that lapsed (ExpiryOf)
};
std::string_view HolderName(Holder h);    // "person" | "community" | "shop" | "expired"
std::string_view HolderNameZh(Holder h);  // 个人 | 社区 | 积分超市 | 过期
std::optional<Holder> HolderFromName(std::string_view name);

// Why an entry was made.
enum class Kind {
  kAward,     // 积分奖励: the community's points to a person, by a rule of the points table
  kService,   // 服务时长: hours to the person who served, from the person served or the community
  kTransfer,  // 转赠: hours from one person to another (a family member's service)
  kRedeem,    // 兑换: points from a person to the shop (a redemption)
  kExpire,    // 过期: lapsed points from a person to the expiry account
  kReversal,  // 冲正: the mirror of an earlier entry
};
std::string_view KindName(Kind k);    // "award" | "service" | "transfer" | "redeem" | "expire" | "reversal"
std::string_view KindNameZh(Kind k);  // 积分奖励 | 服务时长 | 转赠 | 兑换 | 过期 | 冲正
std::optional<Kind> KindFromName(std::string_view name);
// The currency each kind moves (a reversal moves its original's).
bool KindMoves(Kind k, Currency c);

// A month as YYYYMM (202612). Entries carry the period of their date (China time).
int PeriodOfDay(int64_t day);  // day: days since 1970-01-01
int PeriodOfUnix(int64_t unix_seconds);
std::string FormatPeriod(int period);                                    // "2026-12"
Result<int> ParsePeriod(std::string_view text, std::string_view field);  // "2026-12"
int PreviousPeriod(int period);
int64_t PeriodFirstDay(int period);
int64_t PeriodLastDay(int period);

struct Movement {
  int64_t account_id = 0;
  int64_t amount = 0;  // minutes or points; + credits the account, - debits it
};

struct Entry {
  int64_t id = 0;
  std::string place_code;  // the community whose books it is in
  Currency currency = Currency::kPoints;
  Kind kind = Kind::kAward;
  int period = 0;        // YYYYMM
  std::string rule;      // the points rule (award), "" otherwise
  std::string memo;      // what for (required on a reversal: why)
  std::string ref;       // what it came from: "redemption:12", "order:345" … ("" = entered by hand)
  std::string idem_key;  // unique: the same key posts once ("" = none)
  int64_t reverses = 0;  // the entry this one reverses (kReversal)
  int64_t created_by = 0;
  int64_t created_at = 0;
  std::vector<Movement> movements;
  // Filled on reads: whether a later entry reverses this one.
  int64_t reversed_by = 0;
};

// An entry is well-formed: at least two movements, on distinct accounts, none zero, summing to zero;
// hours in whole half hours; memo at most 200 characters (cleaned), required on a reversal. kInvalidArgument
// with the field, zh + en.
Status ValidateEntry(Entry* e);
// The reversal of `original`: every movement negated, in `period`, reverses = original.id.
Entry ReversalOf(const Entry& original, int period, std::string memo, int64_t by, int64_t at);

// An account's limits: the balance may never go below `floor` nor above `ceiling` (nullopt: unbounded).
// A person's accounts start with floor 0 (no overdraft of hours or points); system accounts are unbounded.
struct Limits {
  std::optional<int64_t> floor;
  std::optional<int64_t> ceiling;
};
Limits DefaultLimits(Holder h);
bool WithinLimits(const Limits& l, int64_t balance);

// Hours as people give them (1.5) as minutes: 0.5 to 24 hours in whole half hours; kInvalidArgument "hours"
// otherwise (also when absent). The one reading of an hours field in every request.
Result<int64_t> MinutesOfHours(const std::optional<double>& hours);

// Hours of volunteer service from check-in to check-out (seconds): whole half hours, rounded down, and never
// more than `cap_minutes` (the activity's duration). Negative or zero spans give 0.
int64_t HoursOf(int64_t checkin, int64_t checkout, int64_t cap_minutes);

// A rule of the points table (data/points_rules.csv): what earns how many points.
struct PointsRule {
  std::string code;  // "waste_sorting"
  std::string name_zh;
  std::string name_en;
  std::string group;  // 志愿服务 | 党员先锋 | 文明新风 | 红黑榜 …
  int64_t points = 0;
  int64_t monthly_cap = 0;  // most points a person may earn by this rule in one month (0 = no cap)
};
// The shipped table (parsed once); nullptr for an unknown code.
const std::vector<PointsRule>& PointsRules();
const PointsRule* FindPointsRule(std::string_view code);
Result<std::vector<PointsRule>> ParsePointsRulesCsv(std::string_view csv);

// Expiry (docs/ledger.md): points are valid until the end of the year after the one they were earned in;
// spending consumes the oldest first. On expiring the points of `year`, what lapses from an account is what
// was credited to it in periods up to December of `year` less everything debited from it so far (never
// negative): `earned_through_year` is the sum of its positive movements in those periods, `debited` the sum
// of its negative movements (as a positive number, earlier expiries included).
int64_t ExpiryOf(int64_t earned_through_year, int64_t debited);

// "1.5 小时" / "20 分" — an amount as people read it.
std::string FormatAmount(Currency c, int64_t amount);

}  // namespace wangge::ledger
