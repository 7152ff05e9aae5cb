#include "service/roll_service.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/dates.hpp"
#include "core/ledger.hpp"
#include "core/roll.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/ledger_service.hpp"
#include "service/records.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using json = nlohmann::json;
using roll::Side;
using roll::State;
using storage::RollCriterion;
using storage::RollEntry;

constexpr int kMaxEntries = 500;

bool IsStaff(const Principal& who) {
  return HasPermission(who.role, Permission::kPointsAward) ||
         HasPermission(who.role, Permission::kPointsManage);
}

// The community a staff member works on: the one named (in scope, or containing the caller's grid), or the
// caller's own when they work in one.
Result<std::string> StaffCommunity(const Principal& who, const std::string& community) {
  if (community.empty()) {
    if (who.scope.size() < 12)
      return InvalidArgument("请指定村(社区)", "name the community (community)", "community");
    return who.scope.substr(0, 12);
  }
  RETURN_IF_ERROR(ValidCommunity(community).status());
  if (!Authz::InScope(who, community) && who.scope.rfind(community, 0) != 0)
    return PermissionDenied("该村(社区)不在您的管辖范围内", "the community is outside your jurisdiction");
  return community;
}

// The entries a staff member sees within a community: all of it, or their grid's.
std::string StaffPrefix(const Principal& who, const std::string& community) {
  return who.scope.size() > community.size() && who.scope.rfind(community, 0) == 0 ? who.scope : community;
}

int64_t PersonOr0(storage::Tx& tx, const Principal& who) {
  auto p = LedgerService::PersonOf(tx, who);
  return p.ok() ? *p : 0;
}

// The community the caller lives in (their person record's), "" when none.
std::string HomeCommunity(storage::Tx& tx, const Principal& who) {
  auto person = LedgerService::PersonOf(tx, who);
  if (!person.ok() || *person == 0) return "";
  auto p = tx.people().GetPerson(*person);
  if (!p.ok() || p->place_code.size() < 12) return "";
  return p->place_code.substr(0, 12);
}

Status CanManage(const Principal& who, const std::string& place) {
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  if (!Authz::InScope(who, place)) return RecordNotFound();
  return Status::Ok();
}

// A staff member reading an entry at `place`: in scope, or a grid worker of the entry's community.
bool StaffSees(const Principal& who, const std::string& place) {
  return IsStaff(who) && (Authz::InScope(who, place) || who.scope.rfind(place, 0) == 0);
}

Result<RollEntry> LoadEntry(storage::Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(auto e, tx.rolls().GetEntry(id));
  if (!e) return RecordNotFound();
  return *e;
}

State StateOf(const RollEntry& e) { return roll::StateFromName(e.status).value_or(State::kNominated); }
Side SideOf(const std::string& s) { return roll::SideFromName(s).value_or(Side::kRed); }

Result<RollEntryView> View(storage::Tx& tx, const Principal* who, RollEntry e, int64_t now,
                           int64_t caller_person) {
  RollEntryView v;
  const std::string community = e.place_code.substr(0, 12);
  v.community_name = PlaceNameOf(tx, community);
  if (e.place_code.size() >= 15) v.grid_name = PlaceNameOf(tx, e.place_code.substr(0, 15));
  const bool clear = who != nullptr && (StaffSees(*who, e.place_code) || e.person_id == caller_person);
  v.name = clear ? e.name : MaskName(e.name);
  for (int64_t id : e.criteria) {
    ASSIGN_OR_RETURN(auto c, tx.rolls().GetCriterion(id));
    if (c) v.criteria.push_back(std::move(*c));
  }
  if (clear) {
    v.nominated_by_name = UserNameOf(tx, e.nominated_by);
    v.party_by_name = UserNameOf(tx, e.party.by);
    v.village_by_name = UserNameOf(tx, e.village.by);
    ASSIGN_OR_RETURN(v.objections, tx.rolls().Objections(e.id));
  }
  ASSIGN_OR_RETURN(v.open_objections, tx.rolls().OpenObjections(e.id));
  const State st = StateOf(e);
  v.ready = roll::Readiness(st, e.notice_until, v.open_objections, now).ready();
  v.notice_over = st == State::kNotice && now >= e.notice_until;
  if (st == State::kListed) {
    if (e.side == "black") {
      v.expired = now >= e.listed_until;
      v.active = !v.expired;
      v.can_appeal = v.active && e.appeal_status.empty() && now < e.listed_at + roll::kAppealDays * 86400 &&
                     (e.person_id == caller_person || (who != nullptr && StaffSees(*who, e.place_code)));
    } else {
      v.active = true;
    }
  }
  if (e.ledger_entry_id != 0) {
    ASSIGN_OR_RETURN(auto le, tx.ledger().GetEntry(e.ledger_entry_id));
    if (le)
      for (const auto& m : le->movements)
        if (m.amount > 0) v.points = m.amount;
  }
  v.entry = std::move(e);
  return v;
}

// Checks a criterion's text fields into `c`.
Status CleanCriterion(const CriterionInput& in, RollCriterion* c) {
  ASSIGN_OR_RETURN(c->title, CleanText(in.title, "title", 60, true));
  if (Utf8Length(c->title) < 2)
    return InvalidArgument("标题至少 2 个字", "title must be at least 2 characters", "title");
  ASSIGN_OR_RETURN(c->article, CleanText(in.article, "article", 40, false));
  if (c->article.empty())
    return InvalidArgument("须注明依据的村规民约条款（如「第五条」）",
                           "cite the article of the village rules it rests on (article)", "article");
  ASSIGN_OR_RETURN(c->description, CleanText(in.description, "description", 200, false, true));
  return Status::Ok();
}

Result<RollCriterion> LoadCriterion(storage::Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(auto c, tx.rolls().GetCriterion(id));
  if (!c) return RecordNotFound();
  return *c;
}

// The listings that bear on stars now: entries listed in the last twelve months.
Result<std::vector<roll::Listing>> ListingsOf(storage::Tx& tx, const std::string& community, int64_t now,
                                              std::map<int64_t, RollEntry>* latest_red) {
  storage::RollEntryFilter f;
  f.scope = community;
  f.listed_from = roll::AddMonths(now, -roll::kStarWindowMonths);
  f.limit = 100000;
  std::vector<roll::Listing> out;
  std::map<int64_t, int> seq_of;
  for (const char* status : {"listed", "removed", "revoked"}) {
    f.status = status;
    ASSIGN_OR_RETURN(auto rows, tx.rolls().Entries(f));
    for (auto& e : rows) {
      const bool lifted = std::string_view(status) != "listed";
      if (lifted && e.side == "red") continue;
      roll::Listing l;
      l.household_id = e.household_id;
      l.side = SideOf(e.side);
      for (int64_t id : e.criteria) {
        if (!seq_of.contains(id)) {
          ASSIGN_OR_RETURN(auto c, tx.rolls().GetCriterion(id));
          seq_of[id] = c ? c->seq : 0;
        }
        l.seqs.push_back(seq_of[id]);
      }
      l.listed_at = e.listed_at;
      l.listed_until = e.listed_until;
      l.lifted = lifted;
      out.push_back(std::move(l));
      if (latest_red != nullptr && e.side == "red" && e.household_id != 0) {
        auto& slot = (*latest_red)[e.household_id];
        if (slot.listed_at <= e.listed_at) slot = e;
      }
    }
  }
  return out;
}

}  // namespace

std::string RollService::StarKey(int64_t household, int64_t now) {
  return "star:" + std::to_string(household) + ":" + std::to_string(CivilFromDays(ChinaDay(now)).year);
}

// ---- criteria ----

Result<CriteriaView> RollService::Criteria(const Ctx& ctx, const std::string& community, bool with_retired) {
  const Principal& who = ctx.who;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  std::string code;
  if (IsStaff(who)) {
    ASSIGN_OR_RETURN(code, StaffCommunity(who, community));
  } else {
    const std::string home = HomeCommunity(*tx, who);
    if (home.empty())
      return PermissionDenied("您的账号未关联本村(社区)的人员信息",
                              "your account has no person record of a community");
    code = community.empty() ? home : community;
    RETURN_IF_ERROR(ValidCommunity(code).status());
    if (code != home)
      return PermissionDenied("只能查看本村(社区)的评选标准", "criteria of your own community only");
  }
  CriteriaView v;
  v.community = code;
  v.community_name = PlaceNameOf(*tx, code);
  ASSIGN_OR_RETURN(v.items, tx->rolls().Criteria(code, with_retired));
  return v;
}

Result<RollCriterion> RollService::AddCriterion(const Ctx& ctx, CriterionInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  ASSIGN_OR_RETURN(std::string community, StaffCommunity(who, in.community));
  RETURN_IF_ERROR(CanManage(who, community));
  if (!roll::SideFromName(in.side))
    return InvalidArgument("side 应为 red(红榜) 或 black(黑榜)", "side must be red or black", "side");
  RollCriterion c;
  RETURN_IF_ERROR(CleanCriterion(in, &c));
  c.place_code = community;
  c.side = in.side;
  c.created_at = orders_->Now();
  c.created_by = who.user_id;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto place = tx.places().Get(community);
    if (!place.ok() || place->retired) return NotFound("村(社区)不存在", "no such community");
    RETURN_IF_ERROR(tx.rolls().InsertCriterion(&c));
    return Audit(tx, ctx, "roll.criterion", "roll_criterion", std::to_string(c.id), community,
                 json{{"side", c.side}, {"seq", c.seq}, {"article", c.article}}.dump());
  }));
  return c;
}

Result<RollCriterion> RollService::EditCriterion(const Ctx& ctx, int64_t id, CriterionInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  RollCriterion next;
  RETURN_IF_ERROR(CleanCriterion(in, &next));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto c, LoadCriterion(tx, id));
    RETURN_IF_ERROR(CanManage(who, c.place_code));
    if (c.status != "active")
      return FailedPrecondition("已停用的评选标准不能修改", "a retired criterion cannot be edited");
    const int64_t now = orders_->Now();
    RETURN_IF_ERROR(tx.rolls().RetireCriterion(id, now));
    next.place_code = c.place_code;
    next.side = c.side;
    next.seq = c.seq;
    next.created_at = now;
    next.created_by = who.user_id;
    RETURN_IF_ERROR(tx.rolls().InsertCriterion(&next));
    return Audit(tx, ctx, "roll.criterion_edit", "roll_criterion", std::to_string(next.id), c.place_code,
                 json{{"replaces", id}, {"seq", c.seq}, {"article", next.article}}.dump());
  }));
  return next;
}

Result<RollCriterion> RollService::RetireCriterion(const Ctx& ctx, int64_t id) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  RollCriterion out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto c, LoadCriterion(tx, id));
    RETURN_IF_ERROR(CanManage(who, c.place_code));
    if (c.status != "active") return Conflict("该评选标准已停用", "the criterion is retired already");
    RETURN_IF_ERROR(tx.rolls().RetireCriterion(id, orders_->Now()));
    ASSIGN_OR_RETURN(out, LoadCriterion(tx, id));
    return Audit(tx, ctx, "roll.criterion_retire", "roll_criterion", std::to_string(id), c.place_code, "{}");
  }));
  return out;
}

Result<CriteriaView> RollService::Adopt(const Ctx& ctx, const std::string& community_in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  ASSIGN_OR_RETURN(std::string community, StaffCommunity(who, community_in));
  RETURN_IF_ERROR(CanManage(who, community));
  CriteriaView v;
  v.community = community;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto place = tx.places().Get(community);
    if (!place.ok() || place->retired) return NotFound("村(社区)不存在", "no such community");
    ASSIGN_OR_RETURN(auto have, tx.rolls().Criteria(community, false));
    if (!have.empty())
      return Conflict("本村(社区)已有评选标准，请逐条修改",
                      "the community has criteria already; edit them instead");
    ASSIGN_OR_RETURN(v.items, AdoptTemplate(tx, community, who.user_id, orders_->Now()));
    v.community_name = PlaceNameOf(tx, community);
    return Audit(tx, ctx, "roll.criteria_adopt", "place", community, community,
                 json{{"items", v.items.size()}}.dump());
  }));
  return v;
}

Result<std::vector<RollCriterion>> RollService::AdoptTemplate(storage::Tx& tx, const std::string& community,
                                                              int64_t by, int64_t at) {
  std::vector<RollCriterion> out;
  for (const auto& t : roll::CriteriaTemplate()) {
    RollCriterion c;
    c.place_code = community;
    c.side = std::string(roll::SideName(t.side));
    c.seq = t.seq;
    c.title = t.title;
    c.article = t.article;
    c.description = t.description;
    c.created_at = at;
    c.created_by = by;
    RETURN_IF_ERROR(tx.rolls().InsertCriterion(&c));
    out.push_back(std::move(c));
  }
  return out;
}

// ---- entries ----

Result<std::vector<RollEntryView>> RollService::Entries(const Ctx& ctx, const std::string& community_in,
                                                        const std::string& status, const std::string& side,
                                                        const std::string& period, std::string* community_out,
                                                        std::string* community_name_out) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::CanAny(who, {Permission::kPointsAward, Permission::kPointsManage}));
  ASSIGN_OR_RETURN(std::string community, StaffCommunity(who, community_in));
  storage::RollEntryFilter f;
  f.scope = StaffPrefix(who, community);
  if (!status.empty() && !roll::StateFromName(status))
    return InvalidArgument("status 不是有效的状态：" + status, "unknown status: " + status, "status");
  f.status = status;
  if (!side.empty() && !roll::SideFromName(side))
    return InvalidArgument("side 应为 red 或 black", "side must be red or black", "side");
  f.side = side;
  if (!period.empty()) {
    ASSIGN_OR_RETURN(f.period, ledger::ParsePeriod(period, "period"));
  }
  f.limit = kMaxEntries;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto rows, tx->rolls().Entries(f));
  const int64_t now = orders_->Now();
  std::vector<RollEntryView> out;
  for (auto& e : rows) {
    ASSIGN_OR_RETURN(auto v, View(*tx, &who, std::move(e), now, 0));
    out.push_back(std::move(v));
  }
  *community_out = community;
  *community_name_out = PlaceNameOf(*tx, community);
  return out;
}

Result<RollEntryView> RollService::Get(const Ctx& ctx, int64_t id) {
  const Principal& who = ctx.who;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto e, LoadEntry(*tx, id));
  const int64_t me = PersonOr0(*tx, who);  // staff may be named too, outside their scope
  if (!StaffSees(who, e.place_code) && (me == 0 || me != e.person_id)) return RecordNotFound();
  return View(*tx, &who, std::move(e), orders_->Now(), me);
}

Result<RollEntryView> RollService::Nominate(const Ctx& ctx, NominationInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsAward));
  auto side = roll::SideFromName(in.side);
  if (!side)
    return InvalidArgument("side 应为 red(红榜) 或 black(黑榜)", "side must be red or black", "side");
  if (in.subject != "person" && in.subject != "household")
    return InvalidArgument("subject 应为 person(个人) 或 household(家庭)",
                           "subject must be person or household", "subject");
  const int64_t now = orders_->Now();
  ASSIGN_OR_RETURN(const int period, ledger::ParsePeriod(in.period, "period"));
  if (!roll::PeriodNominable(period, ledger::PeriodOfUnix(now)))
    return InvalidArgument("只能提名本月或上月的红黑榜", "a nomination is for this month or the last",
                           "period");
  if (in.criteria.empty() || in.criteria.size() > 9)
    return InvalidArgument("须选择 1-9 项评选标准", "choose 1-9 criteria", "criteria");
  RollEntry e;
  ASSIGN_OR_RETURN(e.evidence, CleanText(in.evidence, "evidence", 500, true, true));
  if (Utf8Length(e.evidence) < 10)
    return InvalidArgument("事实依据至少 10 个字", "the evidence must be at least 10 characters", "evidence");
  e.period = period;
  e.side = in.side;
  e.subject = in.subject;
  e.nominated_by = who.user_id;
  e.nominated_at = now;
  RollEntryView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto p = tx.people().GetPerson(in.person_id);
    if (!p.ok())
      return p.status().code() == StatusCode::kNotFound
                 ? InvalidArgument("人员不存在", "no such person", "person_id")
                 : p.status();
    RETURN_IF_ERROR(Authz::CanRecord(who, Permission::kPointsAward, p->place_code));
    if (p->retired) return FailedPrecondition("此人已注销", "the person's record is retired");
    if (p->place_code.size() < 12)
      return FailedPrecondition("此人未落到村(社区)", "the person is not placed in a community");
    const std::string community = p->place_code.substr(0, 12);
    if (in.subject == "household" && !p->household_id)
      return InvalidArgument("此人没有户信息，不能按家庭提名",
                             "the person has no household: nominate as a person", "subject");
    e.place_code = p->place_code;
    e.person_id = p->id;
    e.household_id = p->household_id.value_or(0);
    std::set<int64_t> seen;
    for (int64_t id : in.criteria) {
      if (!seen.insert(id).second) continue;
      ASSIGN_OR_RETURN(auto c, tx.rolls().GetCriterion(id));
      if (!c || c->place_code != community || c->side != in.side || c->status != "active")
        return InvalidArgument("评选标准 " + std::to_string(id) + " 不是本村(社区)现行的" +
                                   std::string(roll::SideNameZh(*side)) + "标准",
                               "criterion " + std::to_string(id) + " is not an active " + in.side +
                                   " criterion of the community",
                               "criteria");
      e.criteria.push_back(id);
    }
    if (*side == Side::kRed) {
      storage::RollEntryFilter f;
      f.person_id = p->id;  // wherever they were listed
      f.side = "black";
      f.status = "listed";
      ASSIGN_OR_RETURN(auto blacks, tx.rolls().Entries(f));
      for (const auto& b : blacks)
        if (roll::BlackActive(b.listed_until, false, now))
          return FailedPrecondition(
              "此人在黑榜期内（至 " + FormatDate(ChinaDay(b.listed_until)) + "），不能提名红榜",
              "the person is on the black list until " + FormatDate(ChinaDay(b.listed_until)));
    }
    Status s = tx.rolls().InsertEntry(&e);
    if (s.code() == StatusCode::kConflict)
      return Conflict("此人本月已有" + std::string(roll::SideNameZh(*side)) + "提名",
                      "the person already has a " + in.side + " nomination for this month", "person_id");
    RETURN_IF_ERROR(s);
    e.name = p->name;
    RETURN_IF_ERROR(Audit(tx, ctx, "roll.nominate", "roll_entry", std::to_string(e.id), e.place_code,
                          json{{"side", e.side}, {"period", e.period}, {"criteria", e.criteria}}.dump()));
    ASSIGN_OR_RETURN(out, View(tx, &who, e, now, 0));
    return Status::Ok();
  }));
  return out;
}

Result<RollEntryView> RollService::Review(const Ctx& ctx, int64_t id, ReviewInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  if (in.committee != "party" && in.committee != "village")
    return InvalidArgument("committee 应为 party(村党组织) 或 village(村民委员会)",
                           "committee must be party or village", "committee");
  ASSIGN_OR_RETURN(std::string opinion, CleanText(in.opinion, "opinion", 200, !in.approve, true));
  int64_t met_day = 0;
  RETURN_IF_ERROR(ValidateDate(in.met_on, "met_on", &met_day));
  const int64_t now = orders_->Now();
  if (met_day > ChinaDay(now))
    return InvalidArgument("会议日期不能晚于今天", "the meeting cannot be in the future", "met_on");
  RollEntryView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto e, LoadEntry(tx, id));
    RETURN_IF_ERROR(CanManage(who, e.place_code));
    if (e.status != "nominated")
      return Conflict("此提名已是「" + std::string(roll::StateNameZh(StateOf(e))) + "」，不能再审议",
                      "the entry is " + e.status + "; it can no longer be reviewed", "status");
    storage::RollReview& r = in.committee == "party" ? e.party : e.village;
    if (r.approve >= 0)
      return Conflict(std::string(in.committee == "party" ? "村党组织" : "村民委员会") + "已审议过此提名",
                      "the " + in.committee + " committee has reviewed the entry already", "committee");
    if (e.version != in.version) return StaleRecord();
    if (met_day < ChinaDay(e.nominated_at))
      return InvalidArgument("会议日期不能早于提名日期", "the meeting cannot be before the nomination",
                             "met_on");
    r.approve = in.approve ? 1 : 0;
    r.opinion = opinion;
    r.met_on = in.met_on;
    r.by = who.user_id;
    r.at = now;
    if (!in.approve) {
      e.status = "rejected";
      e.closed_reason =
          std::string(in.committee == "party" ? "村党组织" : "村民委员会") + "未通过：" + opinion;
      e.closed_by = who.user_id;
      e.closed_at = now;
    } else if (e.party.approve == 1 && e.village.approve == 1) {
      e.status = "notice";
      e.notice_from = now;
      e.notice_until = now + roll::NoticeSeconds(SideOf(e.side));
    }
    RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
    RETURN_IF_ERROR(
        Audit(tx, ctx, "roll.review", "roll_entry", std::to_string(id), e.place_code,
              json{{"committee", in.committee}, {"approve", in.approve}, {"status", e.status}}.dump()));
    ASSIGN_OR_RETURN(out, View(tx, &who, e, now, 0));
    return Status::Ok();
  }));
  return out;
}

Result<RollEntryView> RollService::Object(const Ctx& ctx, int64_t id, const std::string& reason_in) {
  const Principal& who = ctx.who;
  ASSIGN_OR_RETURN(std::string reason, CleanText(reason_in, "reason", 500, true, true));
  if (Utf8Length(reason) < 5)
    return InvalidArgument("异议理由至少 5 个字", "the reason must be at least 5 characters", "reason");
  const int64_t now = orders_->Now();
  RollEntryView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto e, LoadEntry(tx, id));
    const std::string community = e.place_code.substr(0, 12);
    const bool staff = StaffSees(who, e.place_code);
    if (!staff && HomeCommunity(tx, who) != community) return RecordNotFound();
    if (e.status != "notice" || now >= e.notice_until)
      return Conflict("只能在公示期内提出异议", "objections are taken during the notice period only",
                      "status");
    ASSIGN_OR_RETURN(auto mine, tx.rolls().Objections(id));
    for (const auto& o : mine)
      if (o.raised_by == who.user_id && o.status == "open")
        return Conflict("您对此条目的异议尚在处理中", "your objection to this entry is still open");
    storage::RollObjection o;
    o.entry_id = id;
    o.reason = reason;
    o.raised_by = who.user_id;
    o.raised_at = now;
    RETURN_IF_ERROR(tx.rolls().InsertObjection(&o));
    RETURN_IF_ERROR(Audit(tx, ctx, "roll.object", "roll_entry", std::to_string(id), e.place_code,
                          json{{"objection", o.id}}.dump()));
    const int64_t me = staff ? 0 : PersonOr0(tx, who);
    ASSIGN_OR_RETURN(out, View(tx, &who, e, now, me));
    return Status::Ok();
  }));
  return out;
}

Result<RollEntryView> RollService::DecideObjection(const Ctx& ctx, int64_t objection_id, bool uphold,
                                                   const std::string& note_in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  ASSIGN_OR_RETURN(std::string note, CleanText(note_in, "note", 200, true, true));
  if (Utf8Length(note) < 2)
    return InvalidArgument("处理意见至少 2 个字", "the note must be at least 2 characters", "note");
  const int64_t now = orders_->Now();
  RollEntryView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto o, tx.rolls().GetObjection(objection_id));
    if (!o) return RecordNotFound();
    ASSIGN_OR_RETURN(auto e, LoadEntry(tx, o->entry_id));
    RETURN_IF_ERROR(CanManage(who, e.place_code));
    if (o->status != "open") return Conflict("该异议已处理", "the objection is decided already");
    if (e.status != "notice")
      return Conflict("条目已不在公示中", "the entry is no longer in its notice", "status");
    o->status = uphold ? "upheld" : "dismissed";
    o->note = note;
    o->decided_by = who.user_id;
    o->decided_at = now;
    RETURN_IF_ERROR(tx.rolls().DecideObjection(&*o));
    if (uphold) {
      e.status = "withdrawn";
      e.closed_reason = "异议成立：" + note;
      e.closed_by = who.user_id;
      e.closed_at = now;
      RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
    }
    RETURN_IF_ERROR(Audit(tx, ctx, "roll.objection", "roll_entry", std::to_string(e.id), e.place_code,
                          json{{"objection", objection_id}, {"uphold", uphold}}.dump()));
    ASSIGN_OR_RETURN(out, View(tx, &who, e, now, 0));
    return Status::Ok();
  }));
  return out;
}

// ---- publication ----

Result<PublicationView> RollService::Publish(const Ctx& ctx, const std::string& community_in,
                                             const std::string& period_in,
                                             const std::optional<std::vector<int64_t>>& entry_ids) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  ASSIGN_OR_RETURN(std::string community, StaffCommunity(who, community_in));
  RETURN_IF_ERROR(CanManage(who, community));
  ASSIGN_OR_RETURN(const int period, ledger::ParsePeriod(period_in, "period"));
  const int64_t now = orders_->Now();
  if (!roll::PeriodNominable(period, ledger::PeriodOfUnix(now)))
    return InvalidArgument("只能发布本月或上月的红黑榜", "the list published is this month's or last month's",
                           "period");
  if (entry_ids && entry_ids->empty())
    return InvalidArgument("entry_ids 不能为空（省略则发布全部公示期满的条目）",
                           "entry_ids must not be empty (leave it out to publish every ready entry)",
                           "entry_ids");
  PublicationView out;
  const Status published =
      Conflict(ledger::FormatPeriod(period) + " 的红黑榜已发布",
               "the list of " + ledger::FormatPeriod(period) + " is published already", "period");
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto pubs, tx.rolls().Publications(community, 24));
    for (const auto& p : pubs)
      if (p.period == period) return published;
    std::vector<RollEntry> chosen;
    if (entry_ids) {
      std::set<int64_t> seen;
      for (int64_t id : *entry_ids) {
        if (!seen.insert(id).second) continue;
        ASSIGN_OR_RETURN(auto e, tx.rolls().GetEntry(id));
        if (!e || e->place_code.rfind(community, 0) != 0)
          return InvalidArgument("条目 " + std::to_string(id) + " 不是本村(社区)的",
                                 "entry " + std::to_string(id) + " is not of the community", "entry_ids");
        ASSIGN_OR_RETURN(const int64_t open, tx.rolls().OpenObjections(id));
        const roll::NotReady why = roll::Readiness(StateOf(*e), e->notice_until, open, now);
        if (!why.ready())
          return Conflict(std::string(roll::SideNameZh(SideOf(e->side))) + "条目 " + std::to_string(id) +
                              "（" + MaskName(e->name) + "）：" + why.zh,
                          e->side + " entry " + std::to_string(id) + ": " + why.en, "entry_ids");
        chosen.push_back(std::move(*e));
      }
    } else {
      storage::RollEntryFilter f;
      f.scope = community;
      f.status = "notice";
      f.limit = 100000;
      ASSIGN_OR_RETURN(auto rows, tx.rolls().Entries(f));
      for (auto& e : rows) {
        ASSIGN_OR_RETURN(const int64_t open, tx.rolls().OpenObjections(e.id));
        if (roll::Readiness(State::kNotice, e.notice_until, open, now).ready())
          chosen.push_back(std::move(e));
      }
      if (chosen.empty())
        return Conflict("没有公示期满且无未决异议的条目，无可发布",
                        "no entry has finished its notice free of objections");
    }
    storage::RollPublication pub;
    pub.place_code = community;
    pub.period = period;
    pub.published_at = now;
    pub.published_by = who.user_id;
    Status s = tx.rolls().InsertPublication(&pub);
    if (s.code() == StatusCode::kConflict) return published;
    RETURN_IF_ERROR(s);
    ASSIGN_OR_RETURN(const int stars_awarded, ListEntries(tx, community, pub, &chosen, who.user_id, now));
    RETURN_IF_ERROR(
        Audit(tx, ctx, "roll.publish", "roll_publication", std::to_string(pub.id), community,
              json{{"period", period}, {"entries", chosen.size()}, {"stars", stars_awarded}}.dump()));
    ASSIGN_OR_RETURN(auto stored, tx.rolls().GetPublication(pub.id));
    out.publication = stored ? *stored : pub;
    out.community_name = PlaceNameOf(tx, community);
    out.published_by_name = UserNameOf(tx, who.user_id);
    for (auto& e : chosen) {
      ASSIGN_OR_RETURN(auto v, View(tx, &who, std::move(e), now, 0));
      out.entries.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

Result<int> RollService::ListEntries(storage::Tx& tx, const std::string& community,
                                     const storage::RollPublication& pub, std::vector<RollEntry>* entries,
                                     int64_t by, int64_t now) {
  std::set<int64_t> red_households;
  for (auto& e : *entries) {
    e.status = "listed";
    e.listed_at = now;
    e.publication_id = pub.id;
    if (e.side == "black") {
      e.listed_until = roll::AddMonths(now, roll::kBlackMonths);
    } else {
      ASSIGN_OR_RETURN(auto posted,
                       LedgerService::CreditService(tx, community, e.person_id, 0,
                                                    "上红榜：" + ledger::FormatPeriod(e.period),
                                                    "roll:" + std::to_string(e.id),
                                                    "roll:" + std::to_string(e.id), by, now, "red_list"));
      e.ledger_entry_id = posted.id;
      if (e.household_id != 0) red_households.insert(e.household_id);
    }
    RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
  }
  // 星级文明户: a household these listings take to five stars gets the 评为文明户 points, once a year, on the
  // account of its member listed last.
  std::map<int64_t, RollEntry> latest;
  ASSIGN_OR_RETURN(auto listings, ListingsOf(tx, community, now, &latest));
  const auto stars = roll::StarsOf(listings, now);
  int awarded = 0;
  for (int64_t hh : red_households) {
    auto it = stars.find(hh);
    if (it == stars.end() || !it->second.star_household() || !latest.contains(hh)) continue;
    ASSIGN_OR_RETURN(auto before, tx.ledger().FindEntryByKey(StarKey(hh, now) + ":bonus"));
    if (before) continue;
    ASSIGN_OR_RETURN(auto posted,
                     LedgerService::CreditService(tx, community, latest[hh].person_id, 0, "星级文明户",
                                                  "household:" + std::to_string(hh), StarKey(hh, now), by,
                                                  now, "civilized_family"));
    if (posted.id != 0) ++awarded;
  }
  return awarded;
}

Result<std::vector<PublicationView>> RollService::Publications(const Ctx& ctx,
                                                               const std::string& community_in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::CanAny(who, {Permission::kPointsAward, Permission::kPointsManage}));
  ASSIGN_OR_RETURN(std::string community, StaffCommunity(who, community_in));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto rows, tx->rolls().Publications(community, 120));
  std::vector<PublicationView> out;
  for (auto& p : rows) {
    PublicationView v;
    v.community_name = PlaceNameOf(*tx, p.place_code);
    v.published_by_name = UserNameOf(*tx, p.published_by);
    v.publication = std::move(p);
    out.push_back(std::move(v));
  }
  return out;
}

Result<PublicationView> RollService::Publication(const Ctx& ctx, int64_t id) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::CanAny(who, {Permission::kPointsAward, Permission::kPointsManage}));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto p, tx->rolls().GetPublication(id));
  if (!p || !StaffSees(who, p->place_code)) return RecordNotFound();
  PublicationView v;
  v.community_name = PlaceNameOf(*tx, p->place_code);
  v.published_by_name = UserNameOf(*tx, p->published_by);
  storage::RollEntryFilter f;
  f.scope = p->place_code;
  f.publication_id = id;
  f.limit = 100000;
  ASSIGN_OR_RETURN(auto rows, tx->rolls().Entries(f));
  const int64_t now = orders_->Now();
  for (auto& e : rows) {
    ASSIGN_OR_RETURN(auto ev, View(*tx, &who, std::move(e), now, 0));
    v.entries.push_back(std::move(ev));
  }
  v.publication = std::move(*p);
  return v;
}

// ---- the black list after listing ----

Result<RollEntryView> RollService::Remove(const Ctx& ctx, int64_t id, const std::string& reason_in,
                                          int64_t version) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  ASSIGN_OR_RETURN(std::string reason, CleanText(reason_in, "reason", 200, true, true));
  const int64_t now = orders_->Now();
  RollEntryView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto e, LoadEntry(tx, id));
    RETURN_IF_ERROR(CanManage(who, e.place_code));
    if (e.side != "black" || e.status != "listed" || now >= e.listed_until)
      return Conflict("只有期内的黑榜条目可以提前移出", "only a black listing in force can be lifted",
                      "status");
    if (e.version != version) return StaleRecord();
    e.status = "removed";
    e.closed_reason = reason;
    e.closed_by = who.user_id;
    e.closed_at = now;
    RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
    RETURN_IF_ERROR(Audit(tx, ctx, "roll.remove", "roll_entry", std::to_string(id), e.place_code, "{}"));
    ASSIGN_OR_RETURN(out, View(tx, &who, e, now, 0));
    return Status::Ok();
  }));
  return out;
}

Result<RollEntryView> RollService::Appeal(const Ctx& ctx, int64_t id, const std::string& reason_in) {
  const Principal& who = ctx.who;
  ASSIGN_OR_RETURN(std::string reason, CleanText(reason_in, "reason", 500, true, true));
  if (Utf8Length(reason) < 5)
    return InvalidArgument("申诉理由至少 5 个字", "the reason must be at least 5 characters", "reason");
  const int64_t now = orders_->Now();
  RollEntryView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto e, LoadEntry(tx, id));
    const bool staff =
        HasPermission(who.role, Permission::kPointsManage) && Authz::InScope(who, e.place_code);
    const int64_t me = PersonOr0(tx, who);
    if (!staff && (me == 0 || me != e.person_id)) return RecordNotFound();
    if (e.side != "black" || e.status != "listed" || now >= e.listed_until)
      return Conflict("只有期内的黑榜条目可以申诉", "only a black listing in force can be appealed",
                      "status");
    if (now >= e.listed_at + roll::kAppealDays * 86400)
      return Conflict("已超过上榜后 30 日的申诉期限",
                      "the 30 days for an appeal after the listing have passed");
    if (!e.appeal_status.empty()) return Conflict("此条目已申诉过", "the entry has been appealed already");
    e.appeal_status = "open";
    e.appeal_reason = reason;
    e.appeal_by = who.user_id;
    e.appeal_at = now;
    RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
    RETURN_IF_ERROR(Audit(tx, ctx, "roll.appeal", "roll_entry", std::to_string(id), e.place_code, "{}"));
    ASSIGN_OR_RETURN(out, View(tx, &who, e, now, staff ? 0 : me));
    return Status::Ok();
  }));
  return out;
}

Result<RollEntryView> RollService::DecideAppeal(const Ctx& ctx, int64_t id, bool uphold,
                                                const std::string& note_in, int64_t version) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPointsManage));
  ASSIGN_OR_RETURN(std::string note, CleanText(note_in, "note", 200, true, true));
  const int64_t now = orders_->Now();
  RollEntryView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto e, LoadEntry(tx, id));
    RETURN_IF_ERROR(CanManage(who, e.place_code));
    if (e.appeal_status != "open") return Conflict("没有待处理的申诉", "there is no open appeal", "appeal");
    if (e.version != version) return StaleRecord();
    e.appeal_status = uphold ? "upheld" : "dismissed";
    e.appeal_note = note;
    e.appeal_decided_by = who.user_id;
    e.appeal_decided_at = now;
    if (uphold && e.status == "listed") {
      e.status = "revoked";
      e.closed_reason = "申诉成立：" + note;
      e.closed_by = who.user_id;
      e.closed_at = now;
    }
    RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
    RETURN_IF_ERROR(Audit(tx, ctx, "roll.appeal_decide", "roll_entry", std::to_string(id), e.place_code,
                          json{{"uphold", uphold}}.dump()));
    ASSIGN_OR_RETURN(out, View(tx, &who, e, now, 0));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<RollEntryView>> RollService::Mine(const Ctx& ctx) {
  const Principal& who = ctx.who;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  const int64_t me = PersonOr0(*tx, who);
  std::vector<RollEntryView> out;
  if (me == 0) return out;
  storage::RollEntryFilter f;
  f.person_id = me;
  f.limit = kMaxEntries;
  ASSIGN_OR_RETURN(auto rows, tx->rolls().Entries(f));
  const int64_t now = orders_->Now();
  for (auto& e : rows) {
    // what the person sees is what is public about them: the notice on, the listing
    if (e.status == "nominated" || e.status == "rejected") continue;
    ASSIGN_OR_RETURN(auto v, View(*tx, &who, std::move(e), now, me));
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<MyObjection>> RollService::MyObjections(const Ctx& ctx) {
  const Principal& who = ctx.who;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto rows, tx->rolls().ObjectionsBy(who.user_id, 100));
  const int64_t me = PersonOr0(*tx, who);
  const int64_t now = orders_->Now();
  std::vector<MyObjection> out;
  for (auto& o : rows) {
    ASSIGN_OR_RETURN(auto e, tx->rolls().GetEntry(o.entry_id));
    if (!e) continue;
    MyObjection m;
    ASSIGN_OR_RETURN(m.entry, View(*tx, &who, std::move(*e), now, me));
    m.objection = std::move(o);
    out.push_back(std::move(m));
  }
  return out;
}

Result<StarsView> RollService::Stars(const Ctx& ctx, const std::string& community_in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::CanAny(who, {Permission::kPointsAward, Permission::kPointsManage}));
  ASSIGN_OR_RETURN(std::string community, StaffCommunity(who, community_in));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  const int64_t now = orders_->Now();
  StarsView v;
  v.community = community;
  v.community_name = PlaceNameOf(*tx, community);
  v.threshold = roll::kStarThreshold;
  ASSIGN_OR_RETURN(auto criteria, tx->rolls().Criteria(community, false));
  for (const auto& c : criteria)
    if (c.side == "red") ++v.of;
  std::map<int64_t, RollEntry> latest;
  ASSIGN_OR_RETURN(auto listings, ListingsOf(*tx, community, now, &latest));
  const std::string prefix = StaffPrefix(who, community);
  for (const auto& [hh, s] : roll::StarsOf(listings, now)) {
    StarRow r;
    r.household_id = hh;
    r.items.assign(s.items.begin(), s.items.end());
    r.suspended = s.suspended;
    r.star_household = s.star_household();
    auto it = latest.find(hh);
    if (it != latest.end()) {
      if (it->second.place_code.rfind(prefix, 0) != 0) continue;
      r.label = it->second.name + "家";
      if (it->second.place_code.size() >= 15)
        r.grid_name = PlaceNameOf(*tx, it->second.place_code.substr(0, 15));
    } else {
      continue;  // only black listings: no stars to show
    }
    ASSIGN_OR_RETURN(auto award, tx->ledger().FindEntryByKey(StarKey(hh, now) + ":bonus"));
    if (award)
      for (const auto& m : award->movements)
        if (m.amount > 0) r.awarded_points = m.amount;
    v.items.push_back(std::move(r));
  }
  std::stable_sort(v.items.begin(), v.items.end(),
                   [](const StarRow& a, const StarRow& b) { return a.items.size() > b.items.size(); });
  return v;
}

Result<BoardView> RollService::Board(const std::string& community_in) {
  ASSIGN_OR_RETURN(std::string community, ValidCommunity(community_in));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  auto place = tx->places().Get(community);
  if (!place.ok() || place->retired) return NotFound("村(社区)不存在", "no such community");
  BoardView v;
  v.community = community;
  v.community_name = place->name;
  const int64_t now = orders_->Now();
  storage::RollEntryFilter f;
  f.scope = community;
  f.status = "notice";
  f.limit = kMaxEntries;
  ASSIGN_OR_RETURN(auto rows, tx->rolls().Entries(f));
  for (auto& e : rows) {
    if (now >= e.notice_until) continue;
    ASSIGN_OR_RETURN(auto ev, View(*tx, nullptr, std::move(e), now, 0));
    v.notices.push_back(std::move(ev));
  }
  ASSIGN_OR_RETURN(auto pubs, tx->rolls().Publications(community, 1));
  if (!pubs.empty()) {
    PublicationView p;
    p.community_name = v.community_name;
    storage::RollEntryFilter pf;
    pf.scope = community;
    pf.publication_id = pubs[0].id;
    pf.limit = 100000;
    ASSIGN_OR_RETURN(auto entries, tx->rolls().Entries(pf));
    for (auto& e : entries) {
      // a listing lifted or revoked since is not shown any more
      if (e.status != "listed") continue;
      ASSIGN_OR_RETURN(auto ev, View(*tx, nullptr, std::move(e), now, 0));
      if (ev.entry.side == "black" && ev.expired) continue;
      p.entries.push_back(std::move(ev));
    }
    p.publication = std::move(pubs[0]);
    v.publication = std::move(p);
  }
  return v;
}

}  // namespace wangge::service
