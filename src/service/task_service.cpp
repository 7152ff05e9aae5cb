#include "service/task_service.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/codes.hpp"
#include "core/dates.hpp"
#include "core/duty.hpp"
#include "core/ledger.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/duty_service.hpp"
#include "service/notify_service.hpp"
#include "service/order_parties.hpp"
#include "service/records.hpp"
#include "storage/departments_repo.hpp"

namespace wangge::service {
namespace {

using json = nlohmann::json;
using storage::DutyTask;
using storage::Inspection;

constexpr int kMaxDueDays = 60;

Status DepartmentOnly(const Principal& who) {
  if (who.role != Role::kDepartmentHandler || !who.department_id)
    return PermissionDenied("只有职能部门的经办人可以交办事项或报备督导检查",
                            "only a department's handler assigns tasks or files inspections");
  return Status::Ok();
}

std::string DeptName(storage::Tx& tx, int64_t id) {
  if (id == 0) return "";
  auto d = tx.departments().Get(id);
  return d.ok() ? d->name : "";
}

// The citation as the records hold it.
Result<duty::Cited> ReadCitation(storage::Tx& tx, const std::string& county, int64_t item_id) {
  duty::Cited c;
  if (item_id <= 0) return c;
  ASSIGN_OR_RETURN(auto item, tx.duties().GetItem(item_id));
  if (!item) return c;
  ASSIGN_OR_RETURN(auto list, tx.duties().GetList(item->list_id));
  if (!list) return c;
  c.found = true;
  c.same_county = list->place_code == county;
  c.list_kind = duty::ListKindFromName(list->kind).value_or(duty::ListKind::kAdmission);
  c.list_status = duty::ListStatusFromName(list->status).value_or(duty::ListStatus::kDraft);
  c.list_version = list->list_version;
  ASSIGN_OR_RETURN(auto current, DutyService::CurrentAdmission(tx, county));
  c.current_version = current ? current->list_version : 0;
  c.section = duty::SectionFromName(item->section).value_or(duty::Section::kDuty);
  c.withdrawn = item->status == "withdrawn";
  c.seq = item->seq;
  c.title = item->title;
  c.alternative = item->alternative;
  return c;
}

void Add(storage::LoadCount const& c, LoadRow* r) {
  if (c.what == "work" || c.what == "form" || c.what == "certificate") {
    r->tasks += c.n;
    (c.what == "work" ? r->work : c.what == "form" ? r->forms : r->certificates) += c.n;
  } else if (c.what == "returned") {
    r->returned += c.n;
  } else if (c.what == "refused") {
    r->refused += c.n;
  } else if (c.what == "inspection_filed" || c.what == "inspection_approved" || c.what == "inspection_held") {
    r->inspections += c.n;
  } else if (c.what == "inspection_pending") {
    r->pending += c.n;
  } else if (c.what == "inspection_refused") {
    r->refused_inspections += c.n;
  } else if (c.what == "over_cap") {
    r->over_cap += c.n;
  }
}

int AddMonthsToPeriod(int period, int months) {
  int y = period / 100, m = period % 100 - 1 + months;
  y += m >= 0 ? m / 12 : (m - 11) / 12;
  m = ((m % 12) + 12) % 12;
  return y * 100 + m + 1;
}

}  // namespace

Result<OrderView> TaskService::Assign(const Ctx& ctx, const TaskInput& in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kTaskAssign));
  RETURN_IF_ERROR(DepartmentOnly(who));
  ASSIGN_OR_RETURN(std::string community, ValidCommunity(in.community));
  if (!IsWithin(community, who.scope))
    return PermissionDenied("该村(社区)不在本部门的管辖范围内", "the community is outside your jurisdiction");
  const auto type = duty::TaskTypeFromName(in.type);
  if (!type)
    return InvalidArgument("交办类型只能是 work（工作任务）、form（报表填报）或 certificate（出具证明）",
                           "type must be work, form or certificate", "type");
  if (in.due_days < 0 || in.due_days > kMaxDueDays)
    return InvalidArgument("办理时限应为 1 至 60 个工作日（不填按分类时限）",
                           "due_days must be 1 to 60 working days (0: the category's)", "due_days");
  ASSIGN_OR_RETURN(std::string title, CleanText(in.title, "title", 60));
  ASSIGN_OR_RETURN(std::string description, CleanText(in.description, "description", 2000, true, true));
  const std::string county = community.substr(0, 6);
  const int64_t now = orders_->Now();
  // The citation, read first: a refusal is kept (its own write) and answered with the reason.
  duty::Cited cited;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    auto place = tx->places().Get(community);
    if (!place.ok() || place->retired)
      return NotFound("村(社区) " + community + " 不存在", "no community " + community);
    ASSIGN_OR_RETURN(cited, ReadCitation(*tx, county, in.item_id));
  }
  const duty::Refusal refusal = duty::CheckCitation(cited, in.list_version);
  if (refusal.refused()) {
    storage::DutyRefusal r;
    r.place_code = community;
    r.dept_id = *who.department_id;
    r.user_id = who.user_id;
    r.item_id = std::max<int64_t>(in.item_id, 0);
    r.list_version = std::max(in.list_version, 0);
    r.type = std::string(duty::TaskTypeName(*type));
    r.title = title;
    r.code = refusal.code;
    r.reason = refusal.zh;
    r.period = ledger::PeriodOfUnix(now);
    r.at = now;
    RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
      RETURN_IF_ERROR(tx.duties().InsertRefusal(&r));
      return Audit(tx, ctx, "task.refused", "duty_refusal", std::to_string(r.id), community,
                   json{{"item_id", r.item_id}, {"code", r.code}}.dump());
    }));
    return InvalidArgument("不予交办：" + refusal.zh, "task refused: " + refusal.en, "item_id");
  }
  ReportInput r;
  r.kind = order::Kind::kTask;
  r.category = std::string(duty::TaskCategory(cited.section, *type));
  r.title = title;
  r.description = description;
  r.place_code = community;
  if (in.due_days > 0) r.handle_limit = cal::Limit{cal::LimitUnit::kWorkingDays, in.due_days};
  // Checked again inside the write: the list may have changed since (then nothing is written or kept).
  r.before = [&](storage::Tx& tx, order::Order&) -> Status {
    ASSIGN_OR_RETURN(auto again, ReadCitation(tx, county, in.item_id));
    const duty::Refusal late = duty::CheckCitation(again, in.list_version);
    if (late.refused()) return InvalidArgument("不予交办：" + late.zh, "task refused: " + late.en, "item_id");
    return Status::Ok();
  };
  r.also = [&](storage::Tx& tx, const order::Order& o) -> Status {
    DutyTask t;
    t.order_id = o.id;
    t.place_code = community;
    t.dept_id = *who.department_id;
    t.item_id = in.item_id;
    ASSIGN_OR_RETURN(auto item, tx.duties().GetItem(in.item_id));
    if (!item) return Internal("cited item vanished");  // checked by `before` in this transaction
    t.list_id = item->list_id;
    t.list_version = in.list_version;
    t.section = item->section;
    t.type = std::string(duty::TaskTypeName(*type));
    t.period = ledger::PeriodOfUnix(now);
    t.created_at = now;
    RETURN_IF_ERROR(tx.duties().InsertTask(t));
    ASSIGN_OR_RETURN(auto users, AssigneeUsers(tx, o));
    return NotifyService::Notify(tx, users, who.user_id, "dispatched", o.id,
                                 "新交办事项：" + DeptName(tx, t.dept_id), o.title, now);
  };
  return orders_->Report(ctx, std::move(r));
}

Result<std::vector<OrderView>> TaskService::Tasks(const Ctx& ctx, const std::string& scope,
                                                  const std::string& state, int64_t before, int limit) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kOrderRead));
  storage::DutyTaskFilter f;
  if (who.role == Role::kDepartmentHandler) {
    RETURN_IF_ERROR(DepartmentOnly(who));
    f.dept_id = *who.department_id;
    if (!scope.empty()) {
      auto lvl = ParseCode(scope);
      if (!lvl.ok()) return InvalidArgument("地点编码无效", "scope is not a place code", "scope");
      f.scope = scope;
    }
  } else {
    if (OrderVisibilityOf(who.role) != OrderVisibility::kScope)
      return PermissionDenied("无权查看交办事项", "you may not read department tasks");
    ASSIGN_OR_RETURN(f.scope, Authz::ListScope(who, Permission::kOrderRead, scope));
  }
  if (!state.empty()) {
    auto s = order::StateFromName(state);
    if (!s) return InvalidArgument("未知的状态 " + state.substr(0, 20), "unknown state", "state");
    f.state = static_cast<int>(*s);
  }
  f.before = before;
  f.limit = std::clamp(limit, 1, 200);
  std::vector<DutyTask> tasks;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(tasks, tx->duties().Tasks(f));
  }
  // Each order's own view carries its citation and department (OrderView::task, issuer_dept_name).
  std::vector<OrderView> out;
  for (const DutyTask& t : tasks) {
    auto v = orders_->Get(ctx, t.order_id);
    if (!v.ok()) continue;  // not visible to the caller (a department's task in another's scope)
    v->events.clear();
    out.push_back(std::move(*v));
  }
  return out;
}

Result<std::vector<storage::DutyRefusal>> TaskService::Refusals(const Ctx& ctx, const std::string& scope,
                                                                int limit) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kOrderRead));
  int64_t dept = 0;
  std::string s;
  if (who.role == Role::kDepartmentHandler) {
    RETURN_IF_ERROR(DepartmentOnly(who));
    dept = *who.department_id;
    s = who.scope;
  } else {
    RETURN_IF_ERROR(Authz::Can(who, Permission::kIndicatorRead));
    if (OrderVisibilityOf(who.role) != OrderVisibility::kScope)
      return PermissionDenied("无权查看", "you may not read refused tasks");
    ASSIGN_OR_RETURN(s, Authz::ListScope(who, Permission::kIndicatorRead, scope));
  }
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->duties().Refusals(s, dept, std::clamp(limit, 1, 500));
}

Result<InspectionView> TaskService::InspectionOf(storage::Tx& tx, Inspection i) {
  InspectionView v;
  v.place_name = PlaceNameOf(tx, i.place_code);
  v.dept_name = DeptName(tx, i.dept_id);
  ASSIGN_OR_RETURN(auto cap, tx.duties().GetCap(i.place_code.substr(0, 6)));
  v.cap = cap ? cap->cap : duty::kDefaultCap;
  v.cap_period = cap ? cap->period : std::string(duty::CapPeriodName(duty::kDefaultCapPeriod));
  ASSIGN_OR_RETURN(v.counted, tx.duties().CountAgainstCap(i.place_code, i.period_key));
  v.i = std::move(i);
  return v;
}

Result<InspectionView> TaskService::File(const Ctx& ctx, const InspectionInput& in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kTaskAssign));
  RETURN_IF_ERROR(DepartmentOnly(who));
  ASSIGN_OR_RETURN(std::string community, ValidCommunity(in.community));
  if (!IsWithin(community, who.scope))
    return PermissionDenied("该村(社区)不在本部门的管辖范围内", "the community is outside your jurisdiction");
  int64_t day = 0;
  RETURN_IF_ERROR(ValidateDate(in.planned_on, "planned_on", &day));
  const int64_t now = orders_->Now();
  const int64_t today = ChinaDay(now);
  if (day < today + duty::kFileAheadDays)
    return InvalidArgument("督导检查须至少提前 1 天报备", "an inspection is filed at least a day ahead",
                           "planned_on");
  if (day > today + duty::kFileWithinDays)
    return InvalidArgument("只能报备 180 天内的督导检查", "file inspections within 180 days", "planned_on");
  Inspection i;
  i.place_code = community;
  i.dept_id = *who.department_id;
  i.planned_on = in.planned_on;
  ASSIGN_OR_RETURN(i.subject, CleanText(in.subject, "subject", 60));
  ASSIGN_OR_RETURN(i.purpose, CleanText(in.purpose, "purpose", 500, false, true));
  i.item_id = std::max<int64_t>(in.item_id, 0);
  i.filed_by = who.user_id;
  i.filed_at = now;
  i.period = std::stoi(in.planned_on.substr(0, 4)) * 100 + std::stoi(in.planned_on.substr(5, 2));
  InspectionView v;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto place = tx.places().Get(community);
    if (!place.ok() || place->retired)
      return NotFound("村(社区) " + community + " 不存在", "no community " + community);
    if (i.item_id != 0) {
      ASSIGN_OR_RETURN(auto item, tx.duties().GetItem(i.item_id));
      if (!item || item->place_code != community.substr(0, 6))
        return InvalidArgument("所引事项不存在", "no such item", "item_id");
    }
    ASSIGN_OR_RETURN(auto cap, tx.duties().GetCap(community.substr(0, 6)));
    const auto period = cap ? duty::CapPeriodFromName(cap->period).value_or(duty::kDefaultCapPeriod)
                            : duty::kDefaultCapPeriod;
    const int limit = cap ? cap->cap : duty::kDefaultCap;
    i.period_key = duty::PeriodKey(period, i.planned_on);
    ASSIGN_OR_RETURN(const int64_t counted, tx.duties().CountAgainstCap(community, i.period_key));
    i.over_cap = counted >= limit;
    i.status = i.over_cap ? "pending" : "filed";
    RETURN_IF_ERROR(tx.duties().InsertInspection(&i));
    RETURN_IF_ERROR(
        Audit(tx, ctx, "inspection.file", "inspection", std::to_string(i.id), community,
              json{{"planned_on", i.planned_on}, {"status", i.status}, {"counted", counted}}.dump()));
    if (i.over_cap) {
      ASSIGN_OR_RETURN(auto county_users, tx.users().UsersAt(community.substr(0, 6), "county_command"));
      std::vector<int64_t> ids;
      for (const User& u : county_users) ids.push_back(u.id);
      RETURN_IF_ERROR(NotifyService::Notify(tx, ids, who.user_id, "inspection_pending", 0,
                                            "督导检查超出限额，待审批：" + place->name, i.subject, now));
    }
    ASSIGN_OR_RETURN(v, InspectionOf(tx, i));
    return Status::Ok();
  }));
  return v;
}

Result<InspectionView> TaskService::Decide(const Ctx& ctx, int64_t id, bool approve, const std::string& note,
                                           int64_t version) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kListManage));
  ASSIGN_OR_RETURN(std::string why, CleanText(note, "note", 200, !approve));
  InspectionView v;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto i, tx.duties().GetInspection(id));
    if (!i || !IsWithin(i->place_code, ctx.who.scope))
      return NotFound("督导检查 " + std::to_string(id) + " 不存在", "no inspection " + std::to_string(id));
    if (i->status != "pending")
      return FailedPrecondition("只有超出限额待审批的督导检查需要审批",
                                "only an inspection pending approval is decided");
    i->status = approve ? "approved" : "refused";
    i->decided_by = ctx.who.user_id;
    i->decided_at = orders_->Now();
    i->decision_note = why;
    i->version = version;
    Status st = tx.duties().UpdateInspection(&*i);
    if (st.code() == StatusCode::kConflict) return StaleRecord();
    RETURN_IF_ERROR(st);
    RETURN_IF_ERROR(Audit(tx, ctx, approve ? "inspection.approve" : "inspection.refuse", "inspection",
                          std::to_string(id), i->place_code, json{{"note", why}}.dump()));
    ASSIGN_OR_RETURN(auto users, DepartmentUsers(tx, i->dept_id));
    RETURN_IF_ERROR(NotifyService::Notify(tx, users, ctx.who.user_id, "inspection_decided", 0,
                                          approve ? "督导检查已批准" : "督导检查未获批准", i->subject,
                                          i->decided_at));
    ASSIGN_OR_RETURN(v, InspectionOf(tx, *i));
    return Status::Ok();
  }));
  return v;
}

Result<InspectionView> TaskService::Close(const Ctx& ctx, int64_t id, bool held, const std::string& text,
                                          int64_t version) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kTaskAssign));
  RETURN_IF_ERROR(DepartmentOnly(who));
  ASSIGN_OR_RETURN(std::string findings, CleanText(text, held ? "findings" : "reason", 1000, true, true));
  const int64_t now = orders_->Now();
  InspectionView v;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto i, tx.duties().GetInspection(id));
    if (!i || i->dept_id != *who.department_id)
      return NotFound("督导检查 " + std::to_string(id) + " 不存在", "no inspection " + std::to_string(id));
    if (held) {
      if (i->status != "filed" && i->status != "approved")
        return FailedPrecondition("只有已备案或已批准的督导检查可以登记开展情况",
                                  "only a filed or approved inspection is held");
      int64_t day = 0;
      RETURN_IF_ERROR(ValidateDate(i->planned_on, "planned_on", &day));
      if (day > ChinaDay(now))
        return FailedPrecondition("计划日期未到，不能登记开展情况", "the inspection's day has not come");
    } else if (i->status != "filed" && i->status != "approved" && i->status != "pending") {
      return FailedPrecondition("该督导检查已结束", "the inspection is over");
    }
    i->status = held ? "held" : "cancelled";
    i->closed_by = who.user_id;
    i->closed_at = now;
    i->findings = findings;
    i->version = version;
    Status st = tx.duties().UpdateInspection(&*i);
    if (st.code() == StatusCode::kConflict) return StaleRecord();
    RETURN_IF_ERROR(st);
    RETURN_IF_ERROR(Audit(tx, ctx, held ? "inspection.held" : "inspection.cancel", "inspection",
                          std::to_string(id), i->place_code, "{}"));
    ASSIGN_OR_RETURN(v, InspectionOf(tx, *i));
    return Status::Ok();
  }));
  return v;
}

Result<std::vector<InspectionView>> TaskService::Inspections(const Ctx& ctx, const std::string& scope,
                                                             const std::string& status, int limit) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kOrderRead));
  storage::InspectionFilter f;
  if (who.role == Role::kDepartmentHandler) {
    RETURN_IF_ERROR(DepartmentOnly(who));
    f.dept_id = *who.department_id;
    if (!scope.empty() && !ParseCode(scope).ok())
      return InvalidArgument("地点编码无效", "scope is not a place code", "scope");
    f.scope = scope;  // the department's own, narrowed to a place when asked
  } else {
    if (OrderVisibilityOf(who.role) != OrderVisibility::kScope)
      return PermissionDenied("无权查看督导检查", "you may not read inspections");
    ASSIGN_OR_RETURN(f.scope, Authz::ListScope(who, Permission::kOrderRead, scope));
  }
  if (!status.empty() && !duty::InspectionStatusFromName(status))
    return InvalidArgument("未知的状态 " + status.substr(0, 20), "unknown status", "status");
  f.status = status;
  f.limit = std::clamp(limit, 1, 500);
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto rows, tx->duties().Inspections(f));
  std::vector<InspectionView> out;
  for (Inspection& i : rows) {
    ASSIGN_OR_RETURN(auto v, InspectionOf(*tx, std::move(i)));
    out.push_back(std::move(v));
  }
  return out;
}

Result<CapView> TaskService::Cap(const Ctx& ctx, const std::string& county) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPlaceRead));
  const std::string code =
      county.empty() ? ctx.who.scope.substr(0, std::min<size_t>(6, ctx.who.scope.size())) : county;
  auto lvl = ParseCode(code);
  if (!lvl.ok() || *lvl != Level::kCounty)
    return InvalidArgument("县（区）编码应为 6 位", "county must be a 6-digit county code", "county");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto cap, tx->duties().GetCap(code));
  if (!cap)
    return CapView{code, duty::kDefaultCap, std::string(duty::CapPeriodName(duty::kDefaultCapPeriod)), 0};
  return CapView{code, cap->cap, cap->period, cap->version};
}

Result<CapView> TaskService::SetCap(const Ctx& ctx, const std::string& county, int cap,
                                    const std::string& period, int64_t version) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kListManage));
  auto lvl = ParseCode(county);
  if (!lvl.ok() || *lvl != Level::kCounty)
    return InvalidArgument("县（区）编码应为 6 位", "county must be a 6-digit county code", "county");
  if (!Authz::InScope(ctx.who, county))
    return PermissionDenied("该县（区）不在您的管辖范围内", "the county is outside your jurisdiction");
  if (cap < 0 || cap > duty::kMaxCap)
    return InvalidArgument("限额应为 0 至 60 次", "cap must be 0 to 60", "cap");
  if (!duty::CapPeriodFromName(period))
    return InvalidArgument("周期只能是 month、quarter 或 year", "period must be month, quarter or year",
                           "period");
  storage::InspectionCap c;
  c.place_code = county;
  c.cap = cap;
  c.period = period;
  c.updated_by = ctx.who.user_id;
  c.updated_at = orders_->Now();
  c.version = version;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    Status st = tx.duties().PutCap(&c);
    if (st.code() == StatusCode::kConflict) return StaleRecord();
    RETURN_IF_ERROR(st);
    return Audit(tx, ctx, "inspection.cap", "inspection_cap", county, county,
                 json{{"cap", cap}, {"period", period}}.dump());
  }));
  return CapView{county, c.cap, c.period, c.version};
}

Result<LoadView> TaskService::Load(const Ctx& ctx, const std::string& scope, const std::string& from,
                                   const std::string& to) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kIndicatorRead));
  if (OrderVisibilityOf(who.role) != OrderVisibility::kScope)
    return PermissionDenied("无权查看社区负担", "you may not read the communities' load");
  LoadView v;
  ASSIGN_OR_RETURN(v.scope, Authz::ListScope(who, Permission::kIndicatorRead, scope));
  const int now = ledger::PeriodOfUnix(orders_->Now());
  if (to.empty()) {
    v.to = now;
  } else {
    ASSIGN_OR_RETURN(v.to, ledger::ParsePeriod(to, "to"));
  }
  if (from.empty()) {
    v.from = AddMonthsToPeriod(v.to, -11);
  } else {
    ASSIGN_OR_RETURN(v.from, ledger::ParsePeriod(from, "from"));
  }
  if (v.from > v.to) return InvalidArgument("起始月份晚于截止月份", "from is after to", "from");
  if (AddMonthsToPeriod(v.from, 36) <= v.to)
    return InvalidArgument("一次最多查看 36 个月", "at most 36 months at once", "from");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto counts, tx->duties().Load(v.scope, v.from, v.to));
  std::map<std::string, LoadRow> places;
  std::map<int, LoadRow> months;
  std::map<int64_t, LoadRow> depts;
  for (const storage::LoadCount& c : counts) {
    Add(c, &places[c.place_code]);
    Add(c, &months[c.period]);
    Add(c, &depts[c.dept_id]);
    Add(c, &v.total);
  }
  for (auto& [code, row] : places) {
    row.place_code = code;
    row.place_name = PlaceNameOf(*tx, code);
    v.communities.push_back(row);
  }
  std::stable_sort(v.communities.begin(), v.communities.end(),
                   [](const LoadRow& a, const LoadRow& b) { return a.tasks > b.tasks; });
  for (int p = v.from; p <= v.to; p = AddMonthsToPeriod(p, 1)) v.months.push_back({p, months[p]});
  for (auto& [id, row] : depts) v.departments.push_back({id, DeptName(*tx, id), row});
  std::stable_sort(v.departments.begin(), v.departments.end(),
                   [](const LoadDept& a, const LoadDept& b) { return a.row.tasks > b.row.tasks; });
  v.scope_name = PlaceNameOf(*tx, v.scope);
  if (v.scope.size() >= 6) {
    const std::string county = v.scope.substr(0, 6);
    ASSIGN_OR_RETURN(auto current, DutyService::CurrentAdmission(*tx, county));
    if (current) {
      v.admission_version = current->list_version;
      ASSIGN_OR_RETURN(auto counts2, tx->duties().ItemCounts(current->id));
      for (const auto& [section, n] : counts2) (section == "cancelled" ? v.cancelled : v.admitted) += n;
    }
    ASSIGN_OR_RETURN(auto cap, tx->duties().GetCap(county));
    v.cap = cap ? CapView{county, cap->cap, cap->period, cap->version}
                : CapView{county, duty::kDefaultCap,
                          std::string(duty::CapPeriodName(duty::kDefaultCapPeriod)), 0};
  }
  return v;
}

}  // namespace wangge::service
