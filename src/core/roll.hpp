// 红黑榜 (MISSION 21): the rules of a community's red and black lists, free of storage. An entry is
// nominated under published criteria citing the 村规民约, reviewed by the two committees (村党组织 and 村民
// 委员会, each once), shown in a public notice (公示) for objections, and listed by the month's publication
// only once its notice is over with no objection open. A black listing lapses after kBlackMonths, may be
// lifted early after rectification (提前移出) or revoked on appeal. docs/rolls.md gives the rules and their
// sources.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wangge::roll {

inline constexpr int kRedNoticeDays = 5;      // 红榜 公示期 (calendar days)
inline constexpr int kBlackNoticeDays = 7;    // 黑榜 公示期: longer, the listing weighs on the person
inline constexpr int kBlackMonths = 6;        // a black listing lapses after six months
inline constexpr int kAppealDays = 30;        // an appeal within 30 days of the listing
inline constexpr int kStarWindowMonths = 12;  // stars count the red listings of the last twelve months
inline constexpr int kStarThreshold = 5;      // 星级文明户 from five stars

enum class Side { kRed, kBlack };
std::optional<Side> SideFromName(std::string_view name);  // "red" | "black"
std::string_view SideName(Side s);
std::string_view SideNameZh(Side s);  // 红榜 | 黑榜

enum class State {
  kNominated,  // 待审议: waiting for the two committees
  kRejected,   // 未通过: a committee rejected it
  kNotice,     // 公示中: both approved; objections may be raised until notice_until
  kWithdrawn,  // 异议成立撤销: an objection was upheld
  kListed,     // 已上榜: published (black: until listed_until)
  kRemoved,    // 提前移出: a black listing lifted after rectification
  kRevoked,    // 申诉撤销: a black listing revoked on appeal
};
std::optional<State> StateFromName(std::string_view name);
std::string_view StateName(State s);
std::string_view StateNameZh(State s);
// nominated, notice and listed hold the person's place for that side and month (one such entry at a time).
bool IsOpen(State s);

// The notice's length in seconds for a side.
int64_t NoticeSeconds(Side s);

// Why an entry cannot be published now, or "" when it can: it must be in notice, the notice over at `now`,
// and no objection open. zh and en.
struct NotReady {
  std::string zh;
  std::string en;
  bool ready() const { return zh.empty(); }
};
NotReady Readiness(State s, int64_t notice_until, int64_t open_objections, int64_t now);

// The month a nomination may be for: the current month or the one before (periods as YYYYMM).
bool PeriodNominable(int period, int current_period);

// The unix time `months` calendar months after `at` (China time), the day clamped to the month's end.
int64_t AddMonths(int64_t at, int months);

// An item of the county's template (data/roll_criteria.csv).
struct TemplateItem {
  Side side = Side::kRed;
  int seq = 0;
  std::string title;
  std::string article;
  std::string description;
};
Result<std::vector<TemplateItem>> ParseCriteriaCsv(std::string_view csv);
const std::vector<TemplateItem>& CriteriaTemplate();  // the shipped one, parsed once

// 星级文明户: a household's stars are the distinct red items (by seq) its members were listed under in the
// window; the household is suspended while a member's black listing is active, and is a 星级文明户 with at
// least kStarThreshold stars and no suspension.
struct Listing {
  int64_t household_id = 0;
  Side side = Side::kRed;
  std::vector<int> seqs;     // the items' numbers
  int64_t listed_at = 0;     // unix
  int64_t listed_until = 0;  // black: expiry
  bool lifted = false;       // black: removed or revoked
};
struct Stars {
  std::set<int> items;
  bool suspended = false;
  bool star_household() const { return !suspended && static_cast<int>(items.size()) >= kStarThreshold; }
};
// The stars of every household with a listing, at `now`.
std::map<int64_t, Stars> StarsOf(const std::vector<Listing>& listings, int64_t now);
// Whether a black listing is in force at `now`.
bool BlackActive(int64_t listed_until, bool lifted, int64_t now);

}  // namespace wangge::roll
