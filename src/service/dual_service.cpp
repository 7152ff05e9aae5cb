#include "service/dual_service.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/calendar.hpp"
#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/dates.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/ledger_service.hpp"
#include "service/records.hpp"
#include "sheet/sheet.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using json = nlohmann::json;

constexpr int kMaxLogs = 500;           // logs listed at once
constexpr int kMaxStatementPages = 40;  // 100 lines a page, for one member's quarter
constexpr int kLogDaysBack = 92;        // a member reports hours served within the last quarter
const char* const kKinds[] = {"organ", "institution", "enterprise", "other"};
const char* const kResources[] = {"venue", "funds", "volunteers", "expertise", "supplies"};

bool IsStaff(const Principal& who) { return HasPermission(who.role, Permission::kServiceManage); }

Result<std::string> CommunityCode(const Principal& who, const std::string& community) {
  if (community.empty()) {
    if (who.scope.size() < 12)
      return InvalidArgument("请指定村(社区)", "name the community (community)", "community");
    return who.scope.substr(0, 12);
  }
  auto lvl = ParseCode(community);
  if (!lvl.ok() || *lvl != Level::kVillage)
    return InvalidArgument("村(社区)编码应为 12 位", "community must be a 12-digit village code",
                           "community");
  if (!Authz::InScope(who, community))
    return PermissionDenied("该村(社区)不在您的管辖范围内", "the community is outside your jurisdiction");
  return community;
}

// The caller's person record (users.person_id), 0 when none.
int64_t PersonOfCaller(storage::Tx& tx, const Principal& who) {
  auto p = LedgerService::PersonOf(tx, who);
  return p.ok() ? *p : 0;
}

// The caller's active registration; NotFound when they have none.
Result<storage::DualMember> OwnMember(storage::Tx& tx, const Principal& who) {
  const Status none = NotFound("您尚未向居住地村(社区)报到", "you have not registered with your community");
  const int64_t person = PersonOfCaller(tx, who);
  if (person == 0) return none;
  ASSIGN_OR_RETURN(auto m, tx.dual().ActiveOfPerson(person));
  if (!m) return none;
  return *m;
}

Result<storage::DualUnit> LoadUnit(storage::Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(auto u, tx.dual().GetUnit(id));
  if (!u) return RecordNotFound();
  return *u;
}

Result<storage::DualMember> LoadMember(storage::Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(auto m, tx.dual().GetMember(id));
  if (!m) return RecordNotFound();
  return *m;
}

Result<storage::DualPost> LoadPost(storage::Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(auto p, tx.dual().GetPost(id));
  if (!p) return RecordNotFound();
  return *p;
}

// The unit's fields, cleaned and checked (the community is set by the caller).
Status CleanUnit(UnitInput* in, storage::DualUnit* u) {
  ASSIGN_OR_RETURN(u->name, CleanName(in->name, "name", 60, true, "单位名称"));
  if (std::find(std::begin(kKinds), std::end(kKinds), in->kind) == std::end(kKinds))
    return InvalidArgument("单位类别应为 organ(机关)、institution(事业单位)、enterprise(企业) 或 other(其他)",
                           "kind must be organ, institution, enterprise or other", "kind");
  u->kind = in->kind;
  ASSIGN_OR_RETURN(u->party_org, CleanName(in->party_org, "party_org", 60, false));
  ASSIGN_OR_RETURN(u->liaison_name, CleanText(in->liaison_name, "liaison_name", 30, false));
  if (!u->liaison_name.empty()) {
    Status s = ValidatePersonName(u->liaison_name);
    if (!s.ok()) return InvalidArgument("联络人姓名无效：" + s.zh(), "invalid liaison name", "liaison_name");
  }
  u->office_phone = Trim(in->office_phone);
  if (!u->office_phone.empty()) {
    Status s = ValidatePhone(u->office_phone);
    if (!s.ok()) return InvalidArgument("办公电话无效：" + s.zh(), "invalid office phone", "office_phone");
  }
  std::set<std::string> seen;
  std::string list;
  for (const std::string& r : in->resources) {
    if (std::find(std::begin(kResources), std::end(kResources), r) == std::end(kResources))
      return InvalidArgument("认领资源应为 venue、funds、volunteers、expertise、supplies 之一：" + r,
                             "resources are venue, funds, volunteers, expertise or supplies: " + r,
                             "resources");
    if (!seen.insert(r).second) continue;
    list += (list.empty() ? "" : ",") + r;
  }
  u->resources = list;
  ASSIGN_OR_RETURN(u->pledge, CleanText(in->pledge, "pledge", 500, false, true));
  return Status::Ok();
}

UnitView ViewUnit(storage::Tx& tx, storage::DualUnit u, int64_t members) {
  UnitView v;
  v.community_name = PlaceNameOf(tx, u.place_code);
  v.unit = std::move(u);
  v.members = members;
  return v;
}

Result<int64_t> MembersOf(storage::Tx& tx, int64_t unit_id) {
  ASSIGN_OR_RETURN(auto per, tx.dual().MembersPerUnit());
  for (const auto& [id, n] : per)
    if (id == unit_id) return n;
  return int64_t{0};
}

Result<DualMemberView> ViewMember(storage::Tx& tx, storage::DualMember m) {
  DualMemberView v;
  v.community_name = PlaceNameOf(tx, m.place_code);
  v.grid_name = PlaceNameOf(tx, m.grid_code);
  if (m.status == "active") {
    ASSIGN_OR_RETURN(auto claims, tx.dual().Claims(0, m.id));
    v.posts = static_cast<int>(claims.size());
  }
  ASSIGN_OR_RETURN(auto logs, tx.dual().Logs("", m.id, "confirmed", 5000));
  for (const auto& l : logs) v.minutes += l.minutes;
  v.member = std::move(m);
  return v;
}

Result<PostView> ViewPost(storage::Tx& tx, const Principal& who, storage::DualPost p, int64_t my_member) {
  PostView v;
  v.grid_name = PlaceNameOf(tx, p.grid_code);
  ASSIGN_OR_RETURN(auto claims, tx.dual().Claims(p.id, 0));
  for (const auto& c : claims) {
    if (c.member_id == my_member) v.mine = true;
    if (!IsStaff(who)) continue;
    ASSIGN_OR_RETURN(auto m, tx.dual().GetMember(c.member_id));
    v.claimants.push_back({c.member_id, m ? m->name : "", c.claimed_at});
  }
  v.post = std::move(p);
  return v;
}

Result<LogView> ViewLog(storage::Tx& tx, storage::DualLog l) {
  LogView v;
  ASSIGN_OR_RETURN(auto m, tx.dual().GetMember(l.member_id));
  if (m) v.name = m->name;
  if (l.post_id) {
    ASSIGN_OR_RETURN(auto p, tx.dual().GetPost(l.post_id));
    if (p) v.post_title = p->title;
  }
  v.log = std::move(l);
  return v;
}

// A grid of the community, live; "" stays "".
Status CheckGrid(storage::Tx& tx, const std::string& community, const std::string& grid) {
  if (grid.empty()) return Status::Ok();
  auto lvl = ParseCode(grid);
  const Status bad = InvalidArgument("网格应为本村(社区)的网格 (15 位编码)",
                                     "grid_code must be a grid (15 digits) of the community", "grid_code");
  if (!lvl.ok() || *lvl != Level::kGrid || grid.rfind(community, 0) != 0) return bad;
  auto p = tx.places().Get(grid);
  if (!p.ok()) return p.status().code() == StatusCode::kNotFound ? bad : p.status();
  return p->retired ? bad : Status::Ok();
}

Result<std::pair<std::string, std::string>> QuarterRange(const std::string& q) {
  const Status bad =
      InvalidArgument("季度应为 YYYY-Qn，如 2026-Q4", "quarter must be YYYY-Qn, e.g. 2026-Q4", "quarter");
  if (q.size() != 7 || q[4] != '-' || q[5] != 'Q' || q[6] < '1' || q[6] > '4') return bad;
  for (int i = 0; i < 4; ++i)
    if (q[i] < '0' || q[i] > '9') return bad;
  const int year = std::stoi(q.substr(0, 4));
  if (year < 2000 || year > 2100) return bad;
  const int n = q[6] - '0';
  const int m1 = 3 * n - 2, m3 = 3 * n;
  auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
  const std::string y = q.substr(0, 4);
  return std::make_pair(y + "-" + two(m1) + "-01", y + "-" + two(m3) + "-" + two(DaysInMonth(year, m3)));
}

}  // namespace

std::string_view UnitKindNameZh(std::string_view kind) {
  if (kind == "organ") return "机关";
  if (kind == "institution") return "事业单位";
  if (kind == "enterprise") return "企业";
  if (kind == "other") return "其他";
  return "";
}

std::string_view ResourceNameZh(std::string_view r) {
  if (r == "venue") return "活动场地";
  if (r == "funds") return "资金支持";
  if (r == "volunteers") return "志愿服务";
  if (r == "expertise") return "专业服务";
  if (r == "supplies") return "物资捐赠";
  return "";
}

// ---- 报到单位 ----

Result<std::vector<UnitView>> DualService::Units(const Ctx& ctx, const std::string& scope,
                                                 const std::string& status) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::CanAny(who, {Permission::kServiceManage, Permission::kServiceProvide}));
  if (!status.empty() && status != "active" && status != "withdrawn")
    return InvalidArgument("status 应为 active 或 withdrawn", "status must be active or withdrawn", "status");
  std::string prefix = scope;
  if (IsStaff(who)) {
    if (prefix.empty()) prefix = who.scope;
    if (!prefix.empty() && !ParseCode(prefix).ok())
      return InvalidArgument("scope 不是有效的区划编码", "scope is not a valid place code", "scope");
    if (!Authz::InScope(who, prefix))
      return PermissionDenied("该区域不在您的管辖范围内", "the place is outside your jurisdiction");
  } else {
    // a member picks an employer among the units of their county
    const std::string county = who.scope.substr(0, std::min<size_t>(6, who.scope.size()));
    if (prefix.empty()) prefix = county;
    if (!ParseCode(prefix).ok() || prefix.rfind(county, 0) != 0)
      return PermissionDenied("只能查看本县的报到单位", "units of your own county only");
  }
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto rows, tx->dual().Units(prefix, status));
  ASSIGN_OR_RETURN(auto per, tx->dual().MembersPerUnit());
  std::map<int64_t, int64_t> counts(per.begin(), per.end());
  std::vector<UnitView> out;
  for (auto& u : rows) {
    const int64_t n = counts.contains(u.id) ? counts[u.id] : 0;
    out.push_back(ViewUnit(*tx, std::move(u), n));
  }
  return out;
}

Result<UnitView> DualService::RegisterUnit(const Ctx& ctx, UnitInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  ASSIGN_OR_RETURN(std::string community, CommunityCode(who, in.community));
  storage::DualUnit u;
  RETURN_IF_ERROR(CleanUnit(&in, &u));
  u.place_code = community;
  u.registered_at = storage::NowUnix();
  u.registered_by = who.user_id;
  UnitView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto place = tx.places().Get(community);
    if (!place.ok() || place->retired) return NotFound("村(社区)不存在", "no such community");
    ASSIGN_OR_RETURN(auto same, tx.dual().Units(community, "active"));
    for (const auto& x : same)
      if (x.name == u.name)
        return Conflict(u.name + " 已向本村(社区)报到", u.name + " is registered with the community already",
                        "name");
    RETURN_IF_ERROR(tx.dual().InsertUnit(&u));
    out = ViewUnit(tx, u, 0);
    return Audit(tx, ctx, "dual.unit", "dual_unit", std::to_string(u.id), community,
                 json{{"name", u.name}, {"kind", u.kind}, {"resources", u.resources}}.dump());
  }));
  return out;
}

Result<UnitView> DualService::UpdateUnit(const Ctx& ctx, int64_t id, UnitInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  storage::DualUnit fields;
  RETURN_IF_ERROR(CleanUnit(&in, &fields));
  UnitView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto u, LoadUnit(tx, id));
    if (!Authz::InScope(who, u.place_code)) return RecordNotFound();
    if (u.status != "active")
      return FailedPrecondition("已撤销报到的单位不能修改", "a withdrawn unit cannot be edited");
    if (u.version != in.version) return StaleRecord();
    if (fields.name != u.name) {
      ASSIGN_OR_RETURN(auto same, tx.dual().Units(u.place_code, "active"));
      for (const auto& x : same)
        if (x.name == fields.name)
          return Conflict(fields.name + " 已向本村(社区)报到", "the name is registered already", "name");
    }
    u.name = fields.name;
    u.kind = fields.kind;
    u.party_org = fields.party_org;
    u.liaison_name = fields.liaison_name;
    u.office_phone = fields.office_phone;
    u.resources = fields.resources;
    u.pledge = fields.pledge;
    RETURN_IF_ERROR(tx.dual().UpdateUnit(&u));
    ASSIGN_OR_RETURN(const int64_t n, MembersOf(tx, u.id));
    out = ViewUnit(tx, u, n);
    return Audit(tx, ctx, "dual.unit_edit", "dual_unit", std::to_string(id), u.place_code,
                 json{{"version", u.version}}.dump());
  }));
  return out;
}

Result<UnitView> DualService::WithdrawUnit(const Ctx& ctx, int64_t id, int64_t version) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  UnitView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto u, LoadUnit(tx, id));
    if (!Authz::InScope(who, u.place_code)) return RecordNotFound();
    if (u.status != "active") return Conflict("该单位已撤销报到", "the unit is withdrawn already");
    if (u.version != version) return StaleRecord();
    u.status = "withdrawn";
    u.withdrawn_at = storage::NowUnix();
    RETURN_IF_ERROR(tx.dual().UpdateUnit(&u));
    ASSIGN_OR_RETURN(const int64_t n, MembersOf(tx, u.id));
    out = ViewUnit(tx, u, n);
    return Audit(tx, ctx, "dual.unit_withdraw", "dual_unit", std::to_string(id), u.place_code, "{}");
  }));
  return out;
}

// ---- 在职党员 ----

Result<MembersView> DualService::Members(const Ctx& ctx, const std::string& community,
                                         const std::string& status) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  ASSIGN_OR_RETURN(std::string code, CommunityCode(who, community));
  if (!status.empty() && status != "active" && status != "left")
    return InvalidArgument("status 应为 active 或 left", "status must be active or left", "status");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  MembersView out;
  out.community = code;
  out.community_name = PlaceNameOf(*tx, code);
  storage::PageRequest page;
  page.limit = 500;
  ASSIGN_OR_RETURN(auto grids, tx->places().Children(code, false, page));
  for (const Place& g : grids.items) out.grids.push_back({g.code, g.name});
  ASSIGN_OR_RETURN(auto rows, tx->dual().Members(code, status));
  for (auto& m : rows) {
    ASSIGN_OR_RETURN(auto v, ViewMember(*tx, std::move(m)));
    out.items.push_back(std::move(v));
  }
  return out;
}

Result<DualMemberView> DualService::Mine(const Ctx& ctx) {
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto m, OwnMember(*tx, ctx.who));
  return ViewMember(*tx, std::move(m));
}

Result<DualMemberView> DualService::Register(const Ctx& ctx, MemberInput in) {
  const Principal& who = ctx.who;
  const bool staff = IsStaff(who);
  if (!staff && !in.person_id && who.role != Role::kPartyMember)
    return PermissionDenied("只有党员可以报到", "only party members register");
  if (!staff && in.person_id)
    return PermissionDenied("只有社区可以代为报到", "only the community registers others");
  std::string employer;
  if (in.unit_id <= 0) {
    ASSIGN_OR_RETURN(employer, CleanName(in.employer_name, "employer_name", 60, false, "工作单位"));
    if (employer.empty())
      return InvalidArgument("请选择报到单位或填写工作单位", "give the employer (unit_id or employer_name)",
                             "employer_name");
  }
  DualMemberView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    int64_t person_id = in.person_id.value_or(0);
    if (!in.person_id) {
      person_id = PersonOfCaller(tx, who);
      if (person_id == 0)
        return FailedPrecondition("您的账号未关联一张表中的人员，请联系社区",
                                  "your account is linked to no person");
    }
    auto p = tx.people().GetPerson(person_id);
    if (!p.ok()) return p.status().code() == StatusCode::kNotFound ? RecordNotFound() : p.status();
    if (p->retired || p->place_code.size() < 12) return RecordNotFound();
    const std::string community = p->place_code.substr(0, 12);
    if (staff && in.person_id && !Authz::InScope(who, community)) return RecordNotFound();
    if (p->political_status.find("党员") == std::string::npos)
      return InvalidArgument("只有中共党员(含预备党员)可以报到，该人员的政治面貌为" +
                                 (p->political_status.empty() ? std::string("空") : p->political_status),
                             "only party members register", "person_id");
    ASSIGN_OR_RETURN(auto active, tx.dual().ActiveOfPerson(person_id));
    if (active)
      return Conflict("该党员已于 " + cal::IsoFromDay(static_cast<int32_t>(ChinaDay(active->registered_at))) +
                          " 向" + PlaceNameOf(tx, active->place_code) +
                          "报到，同一时间只能向一个村(社区)报到，须先办理转出",
                      "registered with " + active->place_code + " already: leave there first", "person_id");
    storage::DualMember m;
    if (in.unit_id > 0) {
      auto u = tx.dual().GetUnit(in.unit_id);
      if (!u.ok()) return u.status();
      const std::string county = community.substr(0, 6);
      if (!*u || (*u)->status != "active" || (*u)->place_code.rfind(county, 0) != 0)
        return InvalidArgument("报到单位不存在或已撤销", "no such active unit in the county", "unit_id");
      m.unit_id = in.unit_id;
      employer = (*u)->name;
    }
    m.place_code = community;
    m.person_id = person_id;
    m.employer_name = employer;
    m.registered_at = storage::NowUnix();
    m.registered_by = who.user_id;
    if (!in.person_id) m.user_id = who.user_id;
    RETURN_IF_ERROR(tx.dual().InsertMember(&m));
    m.name = p->name;
    ASSIGN_OR_RETURN(out, ViewMember(tx, m));
    return Audit(tx, ctx, "dual.member", "dual_member", std::to_string(m.id), community,
                 json{{"person_id", person_id}, {"unit_id", m.unit_id}}.dump());
  }));
  return out;
}

Result<DualMemberView> DualService::PlaceInGrid(const Ctx& ctx, int64_t id, const std::string& grid_code,
                                                int64_t version) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  DualMemberView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto m, LoadMember(tx, id));
    if (!Authz::InScope(who, m.place_code)) return RecordNotFound();
    if (m.status != "active") return FailedPrecondition("已转出的党员不能编入网格", "the member has left");
    if (grid_code.empty()) return InvalidArgument("请选择网格", "grid_code is required", "grid_code");
    RETURN_IF_ERROR(CheckGrid(tx, m.place_code, grid_code));
    if (m.version != version) return StaleRecord();
    m.grid_code = grid_code;
    RETURN_IF_ERROR(tx.dual().UpdateMember(&m));
    ASSIGN_OR_RETURN(out, ViewMember(tx, m));
    return Audit(tx, ctx, "dual.member_grid", "dual_member", std::to_string(id), m.place_code,
                 json{{"grid_code", grid_code}}.dump());
  }));
  return out;
}

Result<DualMemberView> DualService::Leave(const Ctx& ctx, int64_t id, int64_t version) {
  const Principal& who = ctx.who;
  DualMemberView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto m, LoadMember(tx, id));
    const bool own = m.person_id == PersonOfCaller(tx, who);
    if (!own && !(IsStaff(who) && Authz::InScope(who, m.place_code))) return RecordNotFound();
    if (m.status != "active") return Conflict("该党员已转出", "the member has left already");
    if (m.version != version) return StaleRecord();
    const int64_t now = storage::NowUnix();
    ASSIGN_OR_RETURN(auto claims, tx.dual().Claims(0, m.id));
    for (const auto& c : claims) RETURN_IF_ERROR(tx.dual().Release(c.post_id, m.id, now));
    m.status = "left";
    m.left_at = now;
    RETURN_IF_ERROR(tx.dual().UpdateMember(&m));
    ASSIGN_OR_RETURN(out, ViewMember(tx, m));
    return Audit(tx, ctx, "dual.member_leave", "dual_member", std::to_string(id), m.place_code,
                 json{{"released", claims.size()}}.dump());
  }));
  return out;
}

// ---- 岗位 ----

Result<std::vector<PostView>> DualService::Posts(const Ctx& ctx, const std::string& community) {
  const Principal& who = ctx.who;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  std::string code;
  int64_t me = 0;
  if (IsStaff(who)) {
    ASSIGN_OR_RETURN(code, CommunityCode(who, community));
  } else {
    RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceProvide));
    ASSIGN_OR_RETURN(auto m, OwnMember(*tx, who));
    if (!community.empty() && community != m.place_code)
      return PermissionDenied("只能查看报到村(社区)的岗位", "posts of your own community only");
    code = m.place_code;
    me = m.id;
  }
  ASSIGN_OR_RETURN(auto rows, tx->dual().Posts(code));
  std::vector<PostView> out;
  for (auto& p : rows) {
    if (!IsStaff(who) && p.status != "open") continue;
    ASSIGN_OR_RETURN(auto v, ViewPost(*tx, who, std::move(p), me));
    out.push_back(std::move(v));
  }
  return out;
}

namespace {

Status CleanPost(PostInput* in, storage::DualPost* p) {
  ASSIGN_OR_RETURN(p->title, CleanText(in->title, "title", 40));
  ASSIGN_OR_RETURN(p->description, CleanText(in->description, "description", 500, false, true));
  if (in->slots < 1 || in->slots > 200)
    return InvalidArgument("名额应为 1-200", "slots must be 1-200", "slots");
  p->slots = in->slots;
  if (in->status != "open" && in->status != "closed")
    return InvalidArgument("status 应为 open 或 closed", "status must be open or closed", "status");
  p->status = in->status;
  return Status::Ok();
}
}  // namespace

Result<PostView> DualService::CreatePost(const Ctx& ctx, PostInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  ASSIGN_OR_RETURN(std::string community, CommunityCode(who, in.community));
  storage::DualPost p;
  in.status = "open";
  RETURN_IF_ERROR(CleanPost(&in, &p));
  PostView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto place = tx.places().Get(community);
    if (!place.ok() || place->retired) return NotFound("村(社区)不存在", "no such community");
    RETURN_IF_ERROR(CheckGrid(tx, community, in.grid_code));
    p.place_code = community;
    p.grid_code = in.grid_code;
    p.created_at = storage::NowUnix();
    p.created_by = who.user_id;
    RETURN_IF_ERROR(tx.dual().InsertPost(&p));
    ASSIGN_OR_RETURN(out, ViewPost(tx, who, p, 0));
    return Audit(tx, ctx, "dual.post", "dual_post", std::to_string(p.id), community,
                 json{{"title", p.title}, {"slots", p.slots}}.dump());
  }));
  return out;
}

Result<PostView> DualService::UpdatePost(const Ctx& ctx, int64_t id, PostInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  storage::DualPost fields;
  RETURN_IF_ERROR(CleanPost(&in, &fields));
  PostView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto p, LoadPost(tx, id));
    if (!Authz::InScope(who, p.place_code)) return RecordNotFound();
    if (p.version != in.version) return StaleRecord();
    if (fields.slots < p.taken)
      return Conflict("名额不能少于已认领的 " + std::to_string(p.taken) + " 人",
                      "slots cannot be below the " + std::to_string(p.taken) + " claimed", "slots");
    p.title = fields.title;
    p.description = fields.description;
    p.slots = fields.slots;
    p.status = fields.status;
    RETURN_IF_ERROR(tx.dual().UpdatePost(&p));
    ASSIGN_OR_RETURN(out, ViewPost(tx, who, p, 0));
    return Audit(tx, ctx, "dual.post_edit", "dual_post", std::to_string(id), p.place_code,
                 json{{"status", p.status}, {"slots", p.slots}}.dump());
  }));
  return out;
}

Result<PostView> DualService::Claim(const Ctx& ctx, int64_t id) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceProvide));
  PostView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto m, OwnMember(tx, who));
    ASSIGN_OR_RETURN(auto p, LoadPost(tx, id));
    if (p.place_code != m.place_code) return RecordNotFound();
    if (p.status != "open") return Conflict("该岗位已关闭", "the post is closed");
    ASSIGN_OR_RETURN(auto held, tx.dual().Claims(p.id, m.id));
    if (!held.empty()) return Conflict("您已认领该岗位", "you hold this post already");
    if (p.taken >= p.slots)
      return Conflict("该岗位 " + std::to_string(p.slots) + " 个名额已满", "the post's slots are taken");
    storage::DualClaim c;
    c.post_id = p.id;
    c.member_id = m.id;
    c.claimed_at = storage::NowUnix();
    Status s = tx.dual().Claim(&c, p.version);
    if (s.code() == StatusCode::kConflict)
      return Conflict("岗位刚被他人认领或修改，请刷新后重试", "the post changed meanwhile: reload and retry");
    RETURN_IF_ERROR(s);
    ASSIGN_OR_RETURN(auto now, LoadPost(tx, id));
    ASSIGN_OR_RETURN(out, ViewPost(tx, who, now, m.id));
    return Audit(tx, ctx, "dual.claim", "dual_post", std::to_string(id), p.place_code,
                 json{{"member_id", m.id}}.dump());
  }));
  return out;
}

Result<PostView> DualService::Release(const Ctx& ctx, int64_t id) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceProvide));
  PostView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto m, OwnMember(tx, who));
    ASSIGN_OR_RETURN(auto p, LoadPost(tx, id));
    if (p.place_code != m.place_code) return RecordNotFound();
    Status s = tx.dual().Release(id, m.id, storage::NowUnix());
    if (s.code() == StatusCode::kNotFound) return Conflict("您未认领该岗位", "you do not hold this post");
    RETURN_IF_ERROR(s);
    ASSIGN_OR_RETURN(auto now, LoadPost(tx, id));
    ASSIGN_OR_RETURN(out, ViewPost(tx, who, now, m.id));
    return Audit(tx, ctx, "dual.release", "dual_post", std::to_string(id), p.place_code,
                 json{{"member_id", m.id}}.dump());
  }));
  return out;
}

// ---- 服务记录 ----

Result<LogView> DualService::AddLog(const Ctx& ctx, LogInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceProvide));
  int64_t day = 0;
  RETURN_IF_ERROR(ValidateDate(in.served_on, "served_on", &day));
  const int64_t today = ChinaDay(storage::NowUnix());
  if (day > today)
    return InvalidArgument("服务日期不能在今天之后", "served_on is in the future", "served_on");
  if (day < today - kLogDaysBack)
    return InvalidArgument("只能登记 " + std::to_string(kLogDaysBack) + " 天内的服务",
                           "hours are reported within " + std::to_string(kLogDaysBack) + " days",
                           "served_on");
  if (in.minutes < 30 || in.minutes > 1440 || in.minutes % 30 != 0)
    return InvalidArgument("服务时长应为 0.5-24 小时，以半小时计", "hours are 0.5-24 in half hours", "hours");
  storage::DualLog l;
  ASSIGN_OR_RETURN(l.note, CleanText(in.note, "note", 200, false, true));
  LogView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto m, OwnMember(tx, who));
    if (in.post_id) {
      auto p = tx.dual().GetPost(in.post_id);
      if (!p.ok()) return p.status();
      if (!*p || (*p)->place_code != m.place_code)
        return InvalidArgument("岗位不是本村(社区)的", "the post is not of your community", "post_id");
    }
    l.member_id = m.id;
    l.place_code = m.place_code;
    l.post_id = in.post_id;
    l.served_on = in.served_on;
    l.minutes = in.minutes;
    l.created_at = storage::NowUnix();
    RETURN_IF_ERROR(tx.dual().InsertLog(&l));
    ASSIGN_OR_RETURN(out, ViewLog(tx, l));
    return Audit(tx, ctx, "dual.log", "dual_log", std::to_string(l.id), m.place_code,
                 json{{"minutes", l.minutes}, {"served_on", l.served_on}}.dump());
  }));
  return out;
}

Result<std::vector<LogView>> DualService::Logs(const Ctx& ctx, const std::string& community,
                                               const std::string& status, bool mine) {
  const Principal& who = ctx.who;
  if (!status.empty() && status != "pending" && status != "confirmed" && status != "rejected")
    return InvalidArgument("status 应为 pending、confirmed 或 rejected",
                           "status must be pending, confirmed or rejected", "status");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  std::vector<storage::DualLog> rows;
  if (mine || !IsStaff(who)) {
    RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceProvide));
    ASSIGN_OR_RETURN(auto m, OwnMember(*tx, who));
    ASSIGN_OR_RETURN(rows, tx->dual().Logs("", m.id, status, kMaxLogs));
  } else {
    ASSIGN_OR_RETURN(std::string code, CommunityCode(who, community));
    ASSIGN_OR_RETURN(rows, tx->dual().Logs(code, 0, status, kMaxLogs));
  }
  std::vector<LogView> out;
  for (auto& l : rows) {
    ASSIGN_OR_RETURN(auto v, ViewLog(*tx, std::move(l)));
    out.push_back(std::move(v));
  }
  return out;
}

Result<LogView> DualService::Decide(const Ctx& ctx, int64_t id, bool confirm, int64_t version,
                                    const std::string& reason) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  std::string why;
  if (!confirm) {
    ASSIGN_OR_RETURN(why, CleanText(reason, "reason", 200));
  }
  LogView out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto found, tx.dual().GetLog(id));
    if (!found) return RecordNotFound();
    storage::DualLog l = *found;
    if (!Authz::InScope(who, l.place_code)) return RecordNotFound();
    if (l.status != "pending") return Conflict("该记录已确认或退回", "the log is decided already");
    if (l.version != version) return StaleRecord();
    const int64_t now = storage::NowUnix();
    l.status = confirm ? "confirmed" : "rejected";
    l.reason = why;
    l.decided_by = who.user_id;
    l.decided_at = now;
    if (confirm) {
      ASSIGN_OR_RETURN(auto m, LoadMember(tx, l.member_id));
      std::string memo = "双报到服务";
      if (l.post_id) {
        ASSIGN_OR_RETURN(auto p, tx.dual().GetPost(l.post_id));
        if (p) memo += "：" + p->title;
      }
      ASSIGN_OR_RETURN(ledger::Entry e,
                       LedgerService::CreditService(tx, l.place_code, m.person_id, l.minutes, memo,
                                                    "dual:" + std::to_string(l.id),
                                                    "dual:" + std::to_string(l.id), who.user_id, now));
      l.entry_id = e.id;
    }
    RETURN_IF_ERROR(tx.dual().DecideLog(&l));
    ASSIGN_OR_RETURN(out, ViewLog(tx, l));
    return Audit(tx, ctx, confirm ? "dual.log_confirm" : "dual.log_reject", "dual_log", std::to_string(id),
                 l.place_code, json{{"entry_id", l.entry_id}}.dump());
  }));
  return out;
}

// ---- 季度报告 ----

Result<DualReport> DualService::Report(const Ctx& ctx, const std::string& community,
                                       const std::string& quarter, int64_t unit_id) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  ASSIGN_OR_RETURN(std::string code, CommunityCode(who, community));
  ASSIGN_OR_RETURN(auto range, QuarterRange(quarter));
  int64_t from_day = 0, to_day = 0;
  RETURN_IF_ERROR(ValidateDate(range.first, "quarter", &from_day));
  RETURN_IF_ERROR(ValidateDate(range.second, "quarter", &to_day));
  const int64_t from_ts = cal::DayStart(static_cast<int32_t>(from_day));
  const int64_t to_ts = cal::DayStart(static_cast<int32_t>(to_day + 1));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  DualReport out;
  out.community = code;
  out.community_name = PlaceNameOf(*tx, code);
  out.quarter = quarter;
  out.from = range.first;
  out.to = range.second;
  out.issued_on = cal::IsoFromDay(static_cast<int32_t>(ChinaDay(storage::NowUnix())));
  ASSIGN_OR_RETURN(auto members, tx->dual().Members(code, ""));
  ASSIGN_OR_RETURN(auto logs, tx->dual().ConfirmedIn(code, out.from, out.to));
  std::map<std::pair<int64_t, std::string>, ReportEmployer> by_employer;
  for (const auto& m : members) {
    if (m.registered_at >= to_ts || (m.left_at != 0 && m.left_at < from_ts)) continue;
    if (unit_id > 0 && m.unit_id != unit_id) continue;
    ReportMember r;
    r.member_id = m.id;
    r.person_id = m.person_id;
    r.name = m.name;
    r.grid_name = PlaceNameOf(*tx, m.grid_code);
    r.registered_at = m.registered_at;
    std::set<int64_t> posts;
    for (const auto& l : logs) {
      if (l.member_id != m.id) continue;
      ++r.logs;
      r.minutes_posts += l.minutes;
      if (l.post_id) posts.insert(l.post_id);
    }
    if (m.status == "active") {
      ASSIGN_OR_RETURN(auto held, tx->dual().Claims(0, m.id));
      for (const auto& c : held) posts.insert(c.post_id);
    }
    for (int64_t pid : posts) {
      ASSIGN_OR_RETURN(auto p, tx->dual().GetPost(pid));
      if (p) r.posts.push_back(p->title);
    }
    // the other hours of service credited in the quarter (activities, service orders, wishes, errands)
    ASSIGN_OR_RETURN(auto accounts, tx->ledger().PersonAccounts(m.person_id));
    for (const auto& a : accounts) {
      if (a.currency != ledger::Currency::kHours) continue;
      storage::PageRequest page;
      page.limit = 100;
      for (int i = 0; i < kMaxStatementPages; ++i) {
        ASSIGN_OR_RETURN(auto lines, tx->ledger().Statement(a.id, page));
        bool older = false;
        for (const auto& line : lines.items) {
          const ledger::Entry& e = line.entry;
          if (e.created_at < from_ts) older = true;
          if (e.created_at < from_ts || e.created_at >= to_ts) continue;
          if (e.kind != ledger::Kind::kService || e.reversed_by != 0 || line.amount <= 0) continue;
          if (e.ref.rfind("dual:", 0) == 0) continue;  // counted above, by the day served
          r.minutes_other += line.amount;
          if (e.ref.rfind("order:", 0) == 0) ++r.orders;
        }
        if (older || lines.next.empty()) break;
        page.after = lines.next;
      }
    }
    auto& emp = by_employer[{m.unit_id, m.unit_id ? std::string() : m.employer_name}];
    emp.unit_id = m.unit_id;
    emp.employer_name = m.employer_name;
    emp.minutes += r.minutes();
    emp.members.push_back(std::move(r));
  }
  for (auto& [key, emp] : by_employer) {
    if (emp.unit_id) {
      ASSIGN_OR_RETURN(auto u, tx->dual().GetUnit(emp.unit_id));
      if (u) emp.employer_name = u->name;
    }
    out.employers.push_back(std::move(emp));
  }
  std::sort(out.employers.begin(), out.employers.end(), [](const ReportEmployer& a, const ReportEmployer& b) {
    return a.employer_name < b.employer_name;
  });
  return out;
}

namespace {
std::string HoursText(int64_t minutes) {
  const int64_t halves = minutes / 30;
  return std::to_string(halves / 2) + (halves % 2 ? ".5" : "");
}
}  // namespace

Result<std::string> DualReportXlsx(const DualReport& r) {
  sheet::Table t;
  t.header = {"村(社区)",
              "季度",
              "工作单位",
              "姓名",
              "网格",
              "认领岗位",
              "岗位服务次数",
              "岗位服务时长(小时)",
              "其他志愿服务时长(小时)",
              "办结服务工单(件)",
              "合计时长(小时)"};
  for (const auto& e : r.employers)
    for (const auto& m : e.members) {
      std::string posts;
      for (const auto& p : m.posts) posts += (posts.empty() ? "" : "、") + p;
      t.rows.push_back({r.community_name, r.quarter, e.employer_name, m.name, m.grid_name, posts,
                        std::to_string(m.logs), HoursText(m.minutes_posts), HoursText(m.minutes_other),
                        std::to_string(m.orders), HoursText(m.minutes())});
    }
  return sheet::WriteXlsx(t, "在职党员服务情况");
}

}  // namespace wangge::service
