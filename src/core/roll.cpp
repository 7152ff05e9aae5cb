#include "core/roll.hpp"

#include <algorithm>
#include <cstdio>

#include "core/csv.hpp"
#include "core/dates.hpp"
#include "core/shipped_data.hpp"

namespace wangge::roll {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kChinaOffset = 8 * 3600;

struct StateRow {
  State state;
  std::string_view name;
  std::string_view zh;
};
constexpr StateRow kStates[] = {
    {State::kNominated, "nominated", "待审议"}, {State::kRejected, "rejected", "未通过"},
    {State::kNotice, "notice", "公示中"},       {State::kWithdrawn, "withdrawn", "异议成立撤销"},
    {State::kListed, "listed", "已上榜"},       {State::kRemoved, "removed", "提前移出"},
    {State::kRevoked, "revoked", "申诉撤销"},
};

}  // namespace

std::optional<Side> SideFromName(std::string_view name) {
  if (name == "red") return Side::kRed;
  if (name == "black") return Side::kBlack;
  return std::nullopt;
}
std::string_view SideName(Side s) { return s == Side::kRed ? "red" : "black"; }
std::string_view SideNameZh(Side s) { return s == Side::kRed ? "红榜" : "黑榜"; }

std::optional<State> StateFromName(std::string_view name) {
  for (const auto& r : kStates)
    if (r.name == name) return r.state;
  return std::nullopt;
}
std::string_view StateName(State s) {
  for (const auto& r : kStates)
    if (r.state == s) return r.name;
  return "";
}
std::string_view StateNameZh(State s) {
  for (const auto& r : kStates)
    if (r.state == s) return r.zh;
  return "";
}
bool IsOpen(State s) { return s == State::kNominated || s == State::kNotice || s == State::kListed; }

int64_t NoticeSeconds(Side s) { return (s == Side::kRed ? kRedNoticeDays : kBlackNoticeDays) * kDay; }

NotReady Readiness(State s, int64_t notice_until, int64_t open_objections, int64_t now) {
  if (s == State::kNominated)
    return {"尚未经两委审议通过并公示", "not yet approved by both committees and noticed"};
  if (s != State::kNotice)
    return {"状态为「" + std::string(StateNameZh(s)) + "」，不能发布",
            "its status is " + std::string(StateName(s)) + "; it cannot be published"};
  if (now < notice_until) {
    const CivilDate d = CivilFromDays(ChinaDay(notice_until));
    const int64_t secs = (notice_until + kChinaOffset) % kDay;
    char until[32];
    std::snprintf(until, sizeof until, "%d月%d日%02d:%02d", d.month, d.day, static_cast<int>(secs / 3600),
                  static_cast<int>(secs % 3600 / 60));
    return {std::string("公示期未满（至") + until + "），不能发布",
            "its notice period has not ended (until " + FormatDate(d) + "); it cannot be published yet"};
  }
  if (open_objections > 0)
    return {"有 " + std::to_string(open_objections) + " 条异议尚未处理",
            std::to_string(open_objections) + " objection(s) are still open"};
  return {};
}

bool PeriodNominable(int period, int current_period) {
  const int prev = current_period % 100 == 1 ? (current_period / 100 - 1) * 100 + 12 : current_period - 1;
  return period == current_period || period == prev;
}

int64_t AddMonths(int64_t at, int months) {
  const int64_t day = ChinaDay(at);
  const int64_t secs = at - (day * kDay - kChinaOffset);
  CivilDate d = CivilFromDays(day);
  const int total = d.year * 12 + (d.month - 1) + months;
  const int year = total / 12;
  const int month = total % 12 + 1;
  const int dd = std::min(d.day, DaysInMonth(year, month));
  return DaysFromCivil(year, month, dd) * kDay - kChinaOffset + secs;
}

Result<std::vector<TemplateItem>> ParseCriteriaCsv(std::string_view text) {
  ASSIGN_OR_RETURN(std::vector<csv::Record> records, csv::Parse(text));
  RETURN_IF_ERROR(csv::ExpectHeader(records, "side,seq,title,article,description"));
  std::vector<TemplateItem> out;
  std::set<std::pair<int, int>> seen;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r].fields;
    const int line = records[r].line;
    if (f.size() != 5) return csv::AtLine(line, InvalidArgument("应有 5 列", "expected 5 fields"));
    auto side = SideFromName(f[0]);
    if (!side)
      return csv::AtLine(line, InvalidArgument("side 应为 red 或 black", "side must be red or black"));
    TemplateItem it{*side, 0, f[2], f[3], f[4]};
    try {
      it.seq = std::stoi(f[1]);
    } catch (...) {
      it.seq = 0;
    }
    if (it.seq < 1 || !seen.insert({static_cast<int>(*side), it.seq}).second)
      return csv::AtLine(line,
                         InvalidArgument("序号应为正整数且不重复", "seq must be a positive, unique number"));
    if (it.title.empty() || it.article.empty())
      return csv::AtLine(line,
                         InvalidArgument("标题和村规民约条款不能为空", "title and article are required"));
    out.push_back(std::move(it));
  }
  return out;
}

const std::vector<TemplateItem>& CriteriaTemplate() {
  static const std::vector<TemplateItem> items = [] {
    auto parsed = ParseCriteriaCsv(data::RollCriteriaCsv());
    return parsed.ok() ? *parsed : std::vector<TemplateItem>{};
  }();
  return items;
}

bool BlackActive(int64_t listed_until, bool lifted, int64_t now) { return !lifted && now < listed_until; }

std::map<int64_t, Stars> StarsOf(const std::vector<Listing>& listings, int64_t now) {
  std::map<int64_t, Stars> out;
  const int64_t from = AddMonths(now, -kStarWindowMonths);
  for (const Listing& l : listings) {
    if (l.household_id == 0) continue;
    if (l.side == Side::kRed) {
      if (l.listed_at < from || l.listed_at > now) continue;
      Stars& s = out[l.household_id];
      s.items.insert(l.seqs.begin(), l.seqs.end());
    } else if (l.listed_at <= now && BlackActive(l.listed_until, l.lifted, now)) {
      out[l.household_id].suspended = true;
    }
  }
  return out;
}

}  // namespace wangge::roll
