#include "service/order_actions.hpp"

#include <array>
#include <set>

#include "core/codes.hpp"
#include "core/dispute.hpp"
#include "service/ledger_service.hpp"
#include "service/notify_service.hpp"
#include "service/order_parties.hpp"
#include "service/order_service.hpp"
#include "storage/disputes_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/services_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using order::Action;
using order::Order;
using order::State;
using json = nlohmann::json;

std::vector<int64_t> Join(std::vector<int64_t> a, const std::vector<int64_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<int64_t> Reporter(const Order& o) {
  std::vector<int64_t> ids;
  if (o.reporter_user_id) ids.push_back(o.reporter_user_id);
  return ids;
}

// One inbox row per user, from the caller, about the order.
Status Tell(ActionContext& a, const std::vector<int64_t>& users, const std::string& kind,
            const std::string& title) {
  return NotifyService::Notify(a.tx, users, a.who.user_id, kind, a.o.id, title, NotificationText(a.o), a.now);
}

// ------------------------------------------------------------------ validate

// Whether the user may serve the order: an active account that provides (service.provide) and lives in the
// order's community, linked to a person of 一张表 (the hours go to that person's account), and a party
// member when the community's menu says the item is for party members (服务清单 provider "party").
Status CheckProvider(ActionContext& a, int64_t user_id) {
  const Order& o = a.o;
  const bool self = user_id == a.who.user_id;
  const Status not_provider =
      self ? PermissionDenied("您不是本社区登记的服务提供者（党员或志愿者）",
                              "you are not a provider of this community")
           : InvalidArgument("承接人须为本社区的党员或志愿者账号",
                             "the provider must be an active party member or volunteer of the community",
                             "target_user");
  if (user_id == o.reporter_user_id)  // nobody serves what they asked for (and earns its hours)
    return self ? PermissionDenied("不能承接本人提交的服务单或心愿", "you may not serve what you asked for")
                : InvalidArgument("不能派给提交该服务单或心愿的人", "the provider asked for it",
                                  "target_user");
  auto u = a.tx.users().Get(user_id);
  if (!u.ok()) return u.status().code() == StatusCode::kNotFound ? not_provider : u.status();
  if (!AccountProvidesIn(*u, o.command_place)) return not_provider;
  const auto role = RoleFromName(u->role);
  if (!u->person_id)
    return FailedPrecondition(
        self ? "您的账号未关联一张表中的人员，服务时长无法记入时间银行；请联系社区关联"
             : "承接人的账号未关联一张表中的人员，服务时长无法记入时间银行",
        "the provider's account is linked to no person; the hours could not be deposited");
  ASSIGN_OR_RETURN(auto item, a.tx.services().GetMenuItem(o.command_place, o.category));
  if (item && item->provider == "party" && *role != Role::kPartyMember)
    return self ? PermissionDenied("该服务项目仅限党员承接", "this menu item is served by party members only")
                : InvalidArgument("该服务项目仅限党员承接", "this menu item is served by party members only",
                                  "target_user");
  return Status::Ok();
}

// 抢单 / 认领: the caller provides in the community (the engine's kRelProvider) and may serve this item.
Status CheckTaker(ActionContext& a) { return CheckProvider(a, a.who.user_id); }

// 派单: a department covering the place, or the township, village or grid of the order's place inside the
// owning centre's area; a department matter goes to a village or grid only with override_catalogue and a
// reason, which is kept as the warning.
Status CheckDispatchTarget(ActionContext& a) {
  const order::Input& in = a.in;
  const Order& o = a.o;
  if (order::SpecOf(o.kind).community) return CheckProvider(a, *in.target_user);
  // A dispute case goes to a mediation committee: the 调委会 of a village or a township.
  if (o.kind == order::Kind::kDispute &&
      (in.target_dept || (in.target_place.size() != 9 && in.target_place.size() != 12)))
    return InvalidArgument("矛盾纠纷案件须分派给村(社区)或乡镇(街道)人民调解委员会",
                           "a dispute case is dispatched to the mediation committee of a village or township",
                           "target_place");
  if (in.target_dept) {
    auto d = a.tx.departments().Get(*in.target_dept);
    if (!d.ok() || !IsWithin(o.place_code, d->place_code))
      return InvalidArgument("承办部门不存在或不负责该地区",
                             "the department does not exist or does not cover the place", "target_dept");
    return Status::Ok();
  }
  auto p = a.tx.places().Get(in.target_place);
  const size_t len = in.target_place.size();
  if (!p.ok() || p->retired || (len != 9 && len != 12 && len != 15) ||
      !IsWithin(o.place_code, in.target_place) || !IsWithin(in.target_place, o.command_place))
    return InvalidArgument(
        "承办单位须为事发地所在的乡镇、村(社区)或网格，且在本中心辖区内",
        "the target place must be the township, village or grid of the order's place, inside "
        "the command centre's area",
        "target_place");
  const Category& c = a.category;
  // The dispatch catalogue says which level handles an event; a dispute goes to a committee whatever its type
  // (a 医疗纠纷 is mediated by the village or township committee, not sent to the health bureau).
  if (o.kind == order::Kind::kEvent && c.handling_level == "department" && len >= 12) {
    if (!in.override_catalogue || in.reason.empty())
      return InvalidArgument(
          "该事项属于职能部门（" + c.default_department +
              "）职责，按派单目录不得下派村(社区)或网格；确需下派请注明理由并确认",
          "this matter belongs to a department (" + c.default_department +
              ") by the dispatch catalogue and must not be pushed down to a community; to do "
              "it anyway give a reason and override_catalogue",
          "target_place");
    a.warning = "已按理由越过派单目录下派：" + in.reason;
  }
  return Status::Ok();
}

// 达成协议: the case's 调解协议书 is on record, complete, and signed by every party.
Status CheckAgreementSigned(ActionContext& a) {
  ASSIGN_OR_RETURN(auto agreement, a.tx.disputes().GetAgreement(a.o.id));
  if (!agreement) return FailedPrecondition("请先录入调解协议书", "record the mediation agreement first");
  ASSIGN_OR_RETURN(auto parties, a.tx.disputes().Parties(a.o.id));
  return dispute::CheckSignatures(*agreement, parties);
}

// 延长调解期限: every party of the case consented, nobody else is named.
Status CheckEveryPartyConsented(ActionContext& a) {
  ASSIGN_OR_RETURN(auto parties, a.tx.disputes().Parties(a.o.id));
  return dispute::CheckConsents(a.in.consents, parties);
}

// 领导包案: the leader is an active user of a command centre (county centre or township) whose area covers
// the order's place: the one who answers for it and may approve its extension.
Status CheckLeader(ActionContext& a) {
  const int64_t id = *a.in.leader;  // the engine requires it
  const Status unknown = InvalidArgument("包案领导须为覆盖事发地的县、乡镇(街道)领导账号",
                                         "the leader must be an active county or township command account "
                                         "whose area covers the order's place",
                                         "leader");
  auto u = a.tx.users().Get(id);
  if (!u.ok()) return u.status().code() == StatusCode::kNotFound ? unknown : u.status();
  auto role = RoleFromName(u->role);
  if (u->disabled || !role || !HasPermission(*role, Permission::kOrderCommand) ||
      !IsWithin(a.o.place_code, u->place_code) || u->place_code.empty())
    return unknown;
  if (a.o.leader_user_id == id) return Conflict("该领导已包案", "that leader is already in charge", "leader");
  a.leader_name = u->display_name;
  return Status::Ok();
}

void RecordLeader(const ActionContext& a, json& data) {
  data["leader"] = *a.in.leader;
  data["leader_name"] = a.leader_name;
}

Status NotifyLeader(ActionContext& a) {
  return Tell(a, {*a.in.leader}, "lead", "您被确定为包案领导：请督促办理");
}

// 复查: the county centre that takes it over, and the desk.
Status NotifyReview(ActionContext& a) {
  ASSIGN_OR_RETURN(auto u, CommandUsers(a.tx, a.o));
  return Tell(a, u, "review", "信访人申请复查：请在 30 日内提出复查意见");
}

// 并单: into another open order the caller sees.
Status FindMergeTarget(ActionContext& a) {
  const int64_t into = *a.in.merge_into;  // the engine requires it
  if (into == a.o.id)
    return InvalidArgument("不能并入自身", "an order cannot merge into itself", "merge_into");
  auto t = a.tx.orders().Get(into);
  if (!t.ok())
    return InvalidArgument("要并入的工单不存在", "the order to merge into does not exist", "merge_into");
  ASSIGN_OR_RETURN(auto tcall, a.tx.orders().Callins(t->id));
  if (!CanSee(a.who, *t, tcall) || order::IsTerminal(t->state) || t->state == State::kVerified)
    return InvalidArgument("只能并入本辖区内未办结的工单", "merge only into an open order in your area",
                           "merge_into");
  a.target = std::move(*t);
  return Status::Ok();
}

// 吹哨: up to 8 departments covering the place, none of them called in and not yet reported.
Status CheckCallIns(ActionContext& a) {
  std::set<int64_t> seen;
  for (int64_t id : a.in.departments) {
    if (!seen.insert(id).second) continue;
    auto d = a.tx.departments().Get(id);
    if (!d.ok() || !IsWithin(a.o.place_code, d->place_code))
      return InvalidArgument(
          "部门 " + std::to_string(id) + " 不存在或不负责该地区",
          "department " + std::to_string(id) + " does not exist or does not cover the place", "departments");
    for (const auto& ci : a.callins)
      if (ci.dept_id == id && ci.acked_at == 0)
        return Conflict(d->name + " 已被吹哨，尚未报到", d->name + " is already called in", "departments");
    a.called.push_back(*d);
  }
  if (a.called.size() > 8)
    return InvalidArgument("一次最多吹哨 8 个部门", "call in at most 8 departments", "departments");
  return Status::Ok();
}

// 报到: the caller's department has a call-in not yet acknowledged.
Status CheckPendingCallin(ActionContext& a) {
  bool pending = false;
  for (const auto& ci : a.callins)
    if (a.who.department_id && ci.dept_id == *a.who.department_id && ci.acked_at == 0) pending = true;
  if (!pending) return FailedPrecondition("本部门已报到", "your department has already acknowledged");
  return Status::Ok();
}

// ------------------------------------------------------------------ record

void RecordWarn(const ActionContext& a, json& data) { data["warn"] = a.o.warn; }

// ------------------------------------------------------------------ apply

// A call-in per department, due within the category's accept limit (a department called again gets a new
// one in place of its acknowledged one).
Status CallIn(ActionContext& a) {
  for (const Department& d : a.called) {
    storage::OrderCallin ci;
    ci.order_id = a.o.id;
    ci.dept_id = d.id;
    ci.called_at = a.now;
    ci.due_at = a.catalog.calendar.Deadline(a.now, a.category.accept_limit);
    bool exists = false;
    for (const auto& old : a.callins)
      if (old.dept_id == d.id) exists = true;
    if (exists)
      RETURN_IF_ERROR(a.tx.orders().UpdateCallin(ci));
    else
      RETURN_IF_ERROR(a.tx.orders().InsertCallin(ci));
  }
  return Status::Ok();
}

// 报到: the caller's department's call-ins are acknowledged now.
Status AckCallin(ActionContext& a) {
  for (auto ci : a.callins)
    if (ci.dept_id == *a.who.department_id) {  // CheckPendingCallin: the caller has a department
      ci.acked_at = a.now;
      RETURN_IF_ERROR(a.tx.orders().UpdateCallin(ci));
    }
  return Status::Ok();
}

// The merge target's timeline says what was merged into it.
Status MergeIntoTarget(ActionContext& a) {
  if (!a.target) return Status::Ok();
  storage::OrderEvent te;
  te.order_id = a.target->id;
  te.at = a.now;
  te.action = "merged_in";
  te.from_state = te.to_state = static_cast<int>(a.target->state);
  te.user_id = a.who.user_id;
  te.user_name = a.who.display_name;
  te.role = std::string(RoleName(a.who.role));
  te.note = "并入工单 " + TrackingNo(a.o);
  te.data = json{{"merged", a.o.id}}.dump();
  return a.tx.orders().AppendEvent(&te);
}

// A service order or wish that closed (rated, or archived unrated): the hours served go into the provider's
// 时间银行 account with their points, and the kind's own points (service_order, wish_fulfilled) — once per
// order (key "order:<id>"), however often it was reopened and closed.
// The points rule (data/points_rules.csv) a closed order of a community kind earns beside its hours.
const char* HoursRule(order::Kind kind) {
  switch (kind) {
    case order::Kind::kWish:
      return "wish_fulfilled";
    case order::Kind::kErrand:
      return "errand";
    default:
      return "service_order";
  }
}

Status DepositHours(ActionContext& a) {
  const Order& o = a.o;
  if (!order::SpecOf(o.kind).community || o.state != State::kClosed || !o.handler_user_id)
    return Status::Ok();
  ASSIGN_OR_RETURN(User u, a.tx.users().Get(*o.handler_user_id));
  if (!u.person_id) return Status::Ok();  // checked when taken; an account unlinked since earns nothing
  const std::string ref = "order:" + std::to_string(o.id);
  return LedgerService::CreditService(a.tx, o.command_place, *u.person_id, o.service_minutes,
                                      std::string(order::SpecOf(o.kind).zh) + " " + TrackingNo(o), ref, ref,
                                      a.who.user_id, a.now, HoursRule(o.kind))
      .status();
}

// ------------------------------------------------------------------ notify

Status NotifyDispatched(ActionContext& a) {
  ASSIGN_OR_RETURN(auto u, AssigneeUsers(a.tx, a.o));
  return Tell(a, u, "dispatched", "新派单：请及时接单");
}

Status NotifyReturned(ActionContext& a) {
  ASSIGN_OR_RETURN(auto u, CommandUsers(a.tx, a.o));
  return Tell(a, u, "returned", "工单被退回，请改派");
}

Status NotifyExtensionRequested(ActionContext& a) {
  ASSIGN_OR_RETURN(auto u, order::SpecOf(a.o.kind).issued ? IssuerUsers(a.tx, a.o) : CommandUsers(a.tx, a.o));
  return Tell(a, u, "extension_requested", "延期申请待审批");
}

// Whoever has the order now: a command centre it landed at (accepted again), or the village a grid handed
// it up to.
Status NotifyEscalated(ActionContext& a) {
  ASSIGN_OR_RETURN(auto u,
                   a.o.state == State::kAccepted ? CommandUsers(a.tx, a.o) : AssigneeUsers(a.tx, a.o));
  return Tell(a, u, "escalated", "下级上报的工单待处理");
}

Status NotifyCalledIn(ActionContext& a) {
  for (const Department& d : a.called) {
    ASSIGN_OR_RETURN(auto ids, DepartmentUsers(a.tx, d.id));
    RETURN_IF_ERROR(Tell(a, ids, "whistle", "吹哨报到：请在时限内报到"));
  }
  return Status::Ok();
}

Status NotifyFinished(ActionContext& a) {
  if (order::SpecOf(a.o.kind).issued) {
    ASSIGN_OR_RETURN(auto u, IssuerUsers(a.tx, a.o));
    return Tell(a, u, "finished", "交办事项已办结，请验收");
  }
  ASSIGN_OR_RETURN(auto u, CommandUsers(a.tx, a.o));
  return Tell(a, Join(u, Reporter(a.o)), "finished",
              order::SpecOf(a.o.kind).community ? "服务已完成，请评价" : "工单已办结，待核查");
}

Status NotifyVerified(ActionContext& a) {
  if (order::SpecOf(a.o.kind).issued) {
    ASSIGN_OR_RETURN(auto u, AssigneeUsers(a.tx, a.o));
    return Tell(a, u, "verified", "交办事项已验收通过");
  }
  return Tell(a, Reporter(a.o), "verified", "工单已办结，请评价");
}

// A failed check or a 不满意 rating reopens the order (重办) with the same handler.
Status NotifyReopened(ActionContext& a) {
  if (a.o.state != State::kHandling) return Status::Ok();
  ASSIGN_OR_RETURN(auto u, AssigneeUsers(a.tx, a.o));
  return Tell(a, u, "reopened", "工单重办：请重新处置");
}

Status NotifyExtensionApproved(ActionContext& a) {
  ASSIGN_OR_RETURN(auto u, AssigneeUsers(a.tx, a.o));
  return Tell(a, u, "extension_decided", "延期申请已批准");
}

Status NotifyExtensionRefused(ActionContext& a) {
  ASSIGN_OR_RETURN(auto u, AssigneeUsers(a.tx, a.o));
  return Tell(a, u, "extension_decided", "延期申请被驳回");
}

// 督办: the handler; 挂牌督办 (strength 3) the command centre too.
Status NotifySupervised(ActionContext& a) {
  ASSIGN_OR_RETURN(auto u, AssigneeUsers(a.tx, a.o));
  if (a.in.strength >= 3) {
    ASSIGN_OR_RETURN(auto cmd, CommandUsers(a.tx, a.o));
    u = Join(u, cmd);
  }
  static const char* kTitles[] = {"", "督办提醒", "督办催办", "挂牌督办"};
  return Tell(a, u, "supervise", kTitles[a.in.strength]);
}

Status NotifyRefused(ActionContext& a) {
  if (order::SpecOf(a.o.kind).issued) {  // 退回 by the community, 撤回 by the department: the other side
    ASSIGN_OR_RETURN(auto issuer, IssuerUsers(a.tx, a.o));
    ASSIGN_OR_RETURN(auto community, AssigneeUsers(a.tx, a.o));
    return Tell(a, Issues(a.who, a.o) ? community : issuer, "refused",
                Issues(a.who, a.o) ? "交办事项已被部门撤回" : "交办事项已被社区退回");
  }
  return Tell(a, Reporter(a.o), "refused",
              a.o.kind == order::Kind::kErrand    ? "您委托的代办事项已取消"
              : order::SpecOf(a.o.kind).community ? "您的服务单或心愿未能受理"
                                                  : "您反映的问题不予受理");
}

// 抢单 / 认领: the one who asked learns who took it.
Status NotifyTaken(ActionContext& a) {
  return Tell(a, Reporter(a.o), "taken",
              a.o.kind == order::Kind::kWish     ? "您的心愿已被认领"
              : a.o.kind == order::Kind::kErrand ? "代办员已接办您委托的事项"
                                                 : "您的服务单已有人承接");
}

Status NotifyMerged(ActionContext& a) {
  return Tell(a, Reporter(a.o), "merged", "您反映的问题已与同类问题合并办理");
}

// A colour that got worse: whoever must act now (the command centre before acceptance, else the handler);
// red also tells the handler's supervisor, the command centre.
Status NotifyAlarm(ActionContext& a) {
  const Order& o = a.o;
  if (o.warn <= a.before->warn) return Status::Ok();
  ASSIGN_OR_RETURN(auto u, o.state == State::kReported ? CommandUsers(a.tx, o) : AssigneeUsers(a.tx, o));
  if (o.warn == 2 && o.state != State::kReported) {
    ASSIGN_OR_RETURN(auto cmd, CommandUsers(a.tx, o));
    u = Join(u, cmd);
  }
  return Tell(a, u, o.warn == 2 ? "overdue" : "due_soon",
              o.warn == 2 ? "工单已超期" : "工单即将超期（黄灯）");
}

// ------------------------------------------------------------------ the table

// One row per order::Action, in the enum's order (checked below). Report and settle create orders
// (OrderService::Report) and have no steps.
// clang-format off
constexpr std::array<ActionSteps, order::kActionCount> kSteps = {{
    // action                   validate             record      apply            notify
    {Action::kReport,           nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kSettle,           nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kAccept,           nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kRefuse,           nullptr,             nullptr,    nullptr,         NotifyRefused},
    {Action::kMerge,            FindMergeTarget,     nullptr,    MergeIntoTarget, NotifyMerged},
    {Action::kDispatch,         CheckDispatchTarget, nullptr,    nullptr,         NotifyDispatched},
    {Action::kClaim,            nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kProgress,         nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kFinish,           nullptr,             nullptr,    nullptr,         NotifyFinished},
    {Action::kReturn,           nullptr,             nullptr,    nullptr,         NotifyReturned},
    {Action::kEscalate,         nullptr,             nullptr,    nullptr,         NotifyEscalated},
    {Action::kWhistle,          CheckCallIns,        nullptr,    CallIn,          NotifyCalledIn},
    {Action::kAck,              CheckPendingCallin,  nullptr,    AckCallin,       nullptr},
    {Action::kRequestExtension, nullptr,             nullptr,    nullptr,         NotifyExtensionRequested},
    {Action::kApproveExtension, nullptr,             nullptr,    nullptr,         NotifyExtensionApproved},
    {Action::kRefuseExtension,  nullptr,             nullptr,    nullptr,         NotifyExtensionRefused},
    {Action::kVerifyPass,       nullptr,             nullptr,    nullptr,         NotifyVerified},
    {Action::kVerifyFail,       nullptr,             nullptr,    nullptr,         NotifyReopened},
    {Action::kRate,             nullptr,             nullptr,    DepositHours,    NotifyReopened},
    {Action::kSupervise,        nullptr,             nullptr,    nullptr,         NotifySupervised},
    {Action::kAutoClose,        nullptr,             nullptr,    DepositHours,    nullptr},
    {Action::kAlarm,            nullptr,             RecordWarn, nullptr,         NotifyAlarm},
    // The dispute kind's own actions (矛盾纠纷).
    {Action::kAssess,           nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kAgree,            CheckAgreementSigned, nullptr,   nullptr,         nullptr},
    {Action::kFail,             nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kConfirm,          nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kFollowUp,         nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kConclude,         nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kExtend,           CheckEveryPartyConsented, nullptr, nullptr,       nullptr},
    // The petition kind's own actions (信访).
    {Action::kReview,           nullptr,             nullptr,    nullptr,         NotifyReview},
    {Action::kCloseCase,        nullptr,             nullptr,    nullptr,         nullptr},
    {Action::kLead,             CheckLeader,         RecordLeader, nullptr,       NotifyLeader},
    // The service kinds' own action (服务工单, 微心愿).
    {Action::kGrab,             CheckTaker,          nullptr,    nullptr,         NotifyTaken},
}};
// clang-format on

constexpr bool OneRowPerAction() {
  for (size_t i = 0; i < kSteps.size(); ++i)
    if (static_cast<size_t>(kSteps[i].action) != i) return false;
  return true;
}
static_assert(OneRowPerAction(), "kSteps needs one row per order::Action, in the enum's order");

}  // namespace

const ActionSteps& StepsOf(Action action) { return kSteps.at(static_cast<size_t>(action)); }

std::string NotificationText(const Order& o) {
  std::string t = o.title.empty() ? o.description : o.title;
  return TrackingNo(o) + " " + t;
}

}  // namespace wangge::service
