#include "core/order.hpp"

#include <algorithm>
#include <array>

#include "core/codes.hpp"

namespace wangge::order {
namespace {

using P = Permission;
constexpr uint32_t B(State s) { return 1u << static_cast<int>(s); }
constexpr uint32_t kOpen = B(State::kReported) | B(State::kAccepted) | B(State::kDispatched) |
                           B(State::kHandling) | B(State::kReturned) | B(State::kFinished);
constexpr uint32_t kBeingHandled = B(State::kDispatched) | B(State::kHandling);

// The engine. One row per (kind, action); docs/architecture.md "Order engine" renders it as a table.
const std::vector<Rule>& Table() {
  static const std::vector<Rule> rules = {
      {Kind::kEvent, Action::kReport, 0, B(State::kReported), P::kOrderReport, kRelNew, 0},
      {Kind::kEvent, Action::kSettle, 0, B(State::kFinished), P::kOrderHandle, kRelGridWorker,
       kNeedNote | kNeedPhoto},
      {Kind::kEvent, Action::kAccept, B(State::kReported), B(State::kAccepted), P::kOrderCommand, kRelCommand,
       0},
      {Kind::kEvent, Action::kRefuse, B(State::kReported), B(State::kRefused), P::kOrderCommand, kRelCommand,
       kNeedReason},
      {Kind::kEvent, Action::kMerge, B(State::kReported) | B(State::kAccepted), B(State::kMerged),
       P::kOrderCommand, kRelCommand, kNeedMergeTarget},
      {Kind::kEvent, Action::kDispatch, B(State::kAccepted) | B(State::kReturned), B(State::kDispatched),
       P::kOrderCommand, kRelCommand, kNeedTarget},
      {Kind::kEvent, Action::kClaim, B(State::kDispatched), B(State::kHandling), P::kOrderHandle,
       kRelAssignee, 0},
      {Kind::kEvent, Action::kProgress, B(State::kHandling), B(State::kHandling), P::kOrderHandle,
       kRelAssignee | kRelCalled, kNeedNote},
      {Kind::kEvent, Action::kFinish, B(State::kHandling), B(State::kFinished), P::kOrderHandle, kRelAssignee,
       kNeedNote},
      {Kind::kEvent, Action::kReturn, kBeingHandled, B(State::kReturned), P::kOrderHandle, kRelAssignee,
       kNeedReason},
      {Kind::kEvent, Action::kEscalate, kBeingHandled | B(State::kAccepted),
       B(State::kAccepted) | B(State::kDispatched), P::kOrderHandle, kRelAssignee | kRelCommand, kNeedReason},
      {Kind::kEvent, Action::kWhistle, B(State::kHandling), B(State::kHandling), P::kOrderHandle,
       kRelAssignee, kNeedDepartments | kNeedReason},
      {Kind::kEvent, Action::kAck, B(State::kHandling) | B(State::kFinished),
       B(State::kHandling) | B(State::kFinished), P::kOrderHandle, kRelCalled, 0},
      {Kind::kEvent, Action::kRequestExtension, B(State::kHandling), B(State::kHandling), P::kOrderHandle,
       kRelAssignee, kNeedDays | kNeedReason | kNeedNoPending},
      {Kind::kEvent, Action::kApproveExtension, B(State::kHandling), B(State::kHandling), P::kOrderCommand,
       kRelCommand, kNeedPending},
      {Kind::kEvent, Action::kRefuseExtension, B(State::kHandling), B(State::kHandling), P::kOrderCommand,
       kRelCommand, kNeedPending | kNeedReason},
      {Kind::kEvent, Action::kVerifyPass, B(State::kFinished), B(State::kVerified), P::kOrderRead,
       kRelCommand | kRelReporter, 0},
      {Kind::kEvent, Action::kVerifyFail, B(State::kFinished), B(State::kHandling), P::kOrderRead,
       kRelCommand | kRelReporter, kNeedReason},
      {Kind::kEvent, Action::kRate, B(State::kVerified), B(State::kClosed) | B(State::kHandling),
       P::kOrderRead, kRelReporter | kRelVisitor, kNeedRating},
      {Kind::kEvent, Action::kSupervise, kOpen, kOpen, P::kOrderSupervise, kRelSupervisor,
       kNeedStrength | kNeedNote},
      {Kind::kEvent, Action::kAutoClose, B(State::kVerified), B(State::kClosed), P::kOrderRead, kRelSystem,
       0},
      {Kind::kEvent, Action::kAlarm, kOpen, kOpen, P::kOrderRead, kRelSystem, 0},
  };
  return rules;
}

struct Names {
  std::string_view en, zh;
};
constexpr std::array<Names, kStateCount> kStateNames = {{{"reported", "待受理"},
                                                         {"refused", "不予受理"},
                                                         {"accepted", "待派单"},
                                                         {"dispatched", "待接单"},
                                                         {"handling", "处置中"},
                                                         {"returned", "已退单"},
                                                         {"finished", "待核查"},
                                                         {"verified", "待评价"},
                                                         {"closed", "已办结归档"},
                                                         {"merged", "已并单"}}};
constexpr std::array<Names, kActionCount> kActionNames = {{{"report", "上报"},
                                                           {"settle", "就地办结"},
                                                           {"accept", "受理"},
                                                           {"refuse", "不予受理"},
                                                           {"merge", "并单"},
                                                           {"dispatch", "派单"},
                                                           {"claim", "接单"},
                                                           {"progress", "处置进展"},
                                                           {"finish", "办结"},
                                                           {"return", "退单"},
                                                           {"escalate", "上报上级"},
                                                           {"whistle", "吹哨"},
                                                           {"ack", "报到"},
                                                           {"request_extension", "申请延期"},
                                                           {"approve_extension", "批准延期"},
                                                           {"refuse_extension", "驳回延期"},
                                                           {"verify_pass", "核查通过"},
                                                           {"verify_fail", "核查不通过"},
                                                           {"rate", "评价"},
                                                           {"supervise", "督办"},
                                                           {"auto_close", "到期归档"},
                                                           {"alarm", "时限预警"}}};

std::string StatesZh(uint32_t mask) {
  std::string s;
  for (int i = 0; i < kStateCount; ++i)
    if (mask & (1u << i)) {
      if (!s.empty()) s += "、";
      s += kStateNames[static_cast<size_t>(i)].zh;
    }
  return s;
}
std::string StatesEn(uint32_t mask) {
  std::string s;
  for (int i = 0; i < kStateCount; ++i)
    if (mask & (1u << i)) {
      if (!s.empty()) s += ", ";
      s += kStateNames[static_cast<size_t>(i)].en;
    }
  return s;
}

// Handling limit for the order's urgency.
cal::Limit HandleLimit(const Category& c, int urgency) {
  const int u = std::clamp(urgency, 1, 3);
  return c.handle_limit[u - 1];
}

std::string TierOf(const Order& o) {
  if (o.command_place.size() == 6) return "county";
  if (o.assignee_dept) return "department";
  switch (o.assignee_place.size()) {
    case 15:
      return "grid";
    case 12:
      return "village";
    default:
      return "township";
  }
}

void StartHandling(Order& o, const Env& env, int64_t start) {
  o.phase_start = start;
  o.handle_due = env.calendar->Deadline(start, HandleLimit(*env.category, o.urgency));
  o.handle_late = false;
}

}  // namespace

const std::vector<Rule>& Rules() { return Table(); }

const Rule* FindRule(Kind kind, Action action) {
  for (const Rule& r : Table())
    if (r.kind == kind && r.action == action) return &r;
  return nullptr;
}

std::string_view StateName(State s) { return kStateNames[static_cast<size_t>(s)].en; }
std::string_view StateNameZh(State s) { return kStateNames[static_cast<size_t>(s)].zh; }
std::optional<State> StateFromName(std::string_view name) {
  for (int i = 0; i < kStateCount; ++i)
    if (kStateNames[static_cast<size_t>(i)].en == name) return static_cast<State>(i);
  return std::nullopt;
}
std::string_view ActionName(Action a) { return kActionNames[static_cast<size_t>(a)].en; }
std::string_view ActionNameZh(Action a) { return kActionNames[static_cast<size_t>(a)].zh; }
std::optional<Action> ActionFromName(std::string_view name) {
  for (int i = 0; i < kActionCount; ++i)
    if (kActionNames[static_cast<size_t>(i)].en == name) return static_cast<Action>(i);
  return std::nullopt;
}
std::string_view KindName(Kind) { return "event"; }
std::optional<Kind> KindFromName(std::string_view name) {
  if (name == "event") return Kind::kEvent;
  return std::nullopt;
}
bool IsTerminal(State s) { return s == State::kRefused || s == State::kClosed || s == State::kMerged; }
bool IsOpen(State s) { return (kOpen & B(s)) != 0; }

std::string_view TierZh(std::string_view tier) {
  if (tier == "grid") return "网格";
  if (tier == "village") return "村(社区)";
  if (tier == "township") return "乡镇(街道)";
  if (tier == "county") return "县级及以上";
  if (tier == "department") return "职能部门";
  return "";
}

std::string CommandPlaceFor(std::string_view place_code) {
  if (place_code.size() >= 9) return std::string(place_code.substr(0, 9));
  return std::string(place_code.substr(0, std::min<size_t>(6, place_code.size())));
}

Status Allowed(const Order& o, Action action, Role role, uint32_t relations) {
  const Rule* rule = FindRule(o.kind, action);
  if (!rule) return InvalidArgument("此类工单没有该操作", "this kind of order has no such action", "action");
  const bool creating = rule->from == 0;
  if (!creating && !(rule->from & B(o.state)))
    return FailedPrecondition(
        "工单当前状态为「" + std::string(StateNameZh(o.state)) + "」，不能" +
            std::string(ActionNameZh(action)) + "（仅限：" + StatesZh(rule->from) + "）",
        "the order is " + std::string(StateName(o.state)) + "; " + std::string(ActionName(action)) +
            " is allowed only when " + StatesEn(rule->from));
  if (rule->relations == kRelSystem) {
    if (!(relations & kRelSystem))
      return PermissionDenied("该操作只能由系统执行", "only the system performs this action");
  } else {
    if (!HasPermission(role, rule->permission))
      return PermissionDenied("您的角色不能" + std::string(ActionNameZh(action)),
                              "your role may not " + std::string(ActionName(action)));
    if (!(relations & rule->relations))
      return PermissionDenied(
          "您不是此工单可以" + std::string(ActionNameZh(action)) + "的一方",
          "you are not a party who may " + std::string(ActionName(action)) + " this order");
  }
  if ((rule->needs & kNeedPending) && o.ext_pending_days == 0)
    return FailedPrecondition("没有待审批的延期申请", "there is no pending extension request");
  if ((rule->needs & kNeedNoPending) && o.ext_pending_days != 0)
    return FailedPrecondition("已有延期申请待审批", "an extension request is already pending");
  // The reporter who also handled it may not check or rate their own work.
  if ((action == Action::kVerifyPass || action == Action::kVerifyFail || action == Action::kRate) &&
      !(relations & (kRelCommand | kRelVisitor)) && o.handler_user_id &&
      *o.handler_user_id == o.reporter_user_id)
    return PermissionDenied("不能核查或评价自己办理的工单", "you may not check or rate an order you handled");
  return Status::Ok();
}

Status Check(const Order& o, const Input& in, Role role, uint32_t relations) {
  RETURN_IF_ERROR(Allowed(o, in.action, role, relations));
  const Rule* rule = FindRule(o.kind, in.action);
  const uint32_t n = rule->needs;
  if ((n & kNeedReason) && in.reason.empty())
    return InvalidArgument("请填写原因", "a reason is required", "reason");
  if ((n & kNeedNote) && in.note.empty())
    return InvalidArgument("请填写处置情况说明", "a note is required", "note");
  if ((n & kNeedPhoto) && in.attachments.empty())
    return InvalidArgument("请上传至少一张现场照片", "at least one photo is required", "attachments");
  if ((n & kNeedTarget) && !in.target_dept && in.target_place.empty())
    return InvalidArgument("请选择承办部门或承办单位", "a department or place to dispatch to is required",
                           "target");
  if ((n & kNeedTarget) && in.target_dept && !in.target_place.empty())
    return InvalidArgument("只能选择一个承办部门或一个承办单位",
                           "dispatch to a department or a place, not both", "target");
  if ((n & kNeedDepartments) && in.departments.empty())
    return InvalidArgument("请选择要吹哨的部门", "name the departments to call in", "departments");
  if ((n & kNeedRating) && (in.rating < kSatisfied || in.rating > kDissatisfied))
    return InvalidArgument("评价只能是 1 满意、2 基本满意、3 不满意", "rating must be 1, 2 or 3", "rating");
  if ((n & kNeedStrength) && (in.strength < 1 || in.strength > 3))
    return InvalidArgument("督办强度只能是 1 提醒、2 督促、3 挂牌督办", "strength must be 1, 2 or 3",
                           "strength");
  if ((n & kNeedDays) && (in.days < 1 || in.days > 30))
    return InvalidArgument("延期天数应为 1 至 30 个工作日", "extension must be 1 to 30 working days", "days");
  if ((n & kNeedMergeTarget) && !in.merge_into)
    return InvalidArgument("请指定并入的工单", "the order to merge into is required", "merge_into");
  return Status::Ok();
}

int64_t CurrentDeadline(const Order& o) {
  switch (o.state) {
    case State::kReported:
      return o.accept_due;
    case State::kAccepted:
    case State::kDispatched:
    case State::kHandling:
    case State::kReturned:
      return o.handle_due;
    default:
      return 0;
  }
}

int64_t ExpectedDone(const Order& o, const cal::Calendar& calendar, const Category* category) {
  if (o.handle_due != 0) return o.handle_due;
  if (o.state != State::kReported || category == nullptr || o.accept_due == 0) return 0;
  return calendar.Deadline(o.accept_due, HandleLimit(*category, o.urgency));
}

bool RefreshAlarm(Order& o, int64_t now, int warn_percent) {
  const int old_warn = o.warn;
  const bool old_al = o.accept_late, old_hl = o.handle_late;
  const int64_t old_alarm = o.alarm_at;
  const int64_t due = CurrentDeadline(o);
  if (o.state == State::kVerified) {
    o.warn = 0;
    o.alarm_at = o.verified_at + kRatingWindowSeconds;  // unrated orders are archived then (kAutoClose)
  } else if (due == 0) {
    o.warn = 0;
    o.alarm_at = 0;
  } else {
    const int64_t start = o.state == State::kReported ? o.received_at : o.phase_start;
    const int64_t yellow = start + (due - start) * warn_percent / 100;
    if (now >= due) {
      o.warn = 2;
      o.alarm_at = 0;
      if (o.state == State::kReported)
        o.accept_late = true;
      else
        o.handle_late = true;
    } else if (now >= yellow) {
      o.warn = 1;
      o.alarm_at = due;
    } else {
      o.warn = 0;
      o.alarm_at = yellow;
    }
  }
  return o.warn != old_warn || o.accept_late != old_al || o.handle_late != old_hl || o.alarm_at != old_alarm;
}

Status Apply(Order& o, const Input& in, const Env& env) {
  if (!env.calendar || !env.category) return Internal("order::Apply without calendar or category");
  const int64_t now = env.now;
  switch (in.action) {
    case Action::kReport:
      o.state = State::kReported;
      o.received_at = now;
      o.phase_start = now;
      o.accept_due = env.calendar->Deadline(now, env.category->accept_limit);
      o.command_place = CommandPlaceFor(o.place_code);
      break;
    case Action::kSettle:
      // Reported, accepted and handled by the grid worker in one step; the check comes next.
      o.received_at = now;
      o.accept_due = env.calendar->Deadline(now, env.category->accept_limit);
      o.responded_at = now;
      o.accepted_at = now;
      o.command_place = CommandPlaceFor(o.place_code);
      o.assignee_place = o.place_code;
      o.handler_user_id = env.actor_user_id;
      StartHandling(o, env, now);
      o.finished_at = now;
      o.ever_finished = true;
      o.state = State::kFinished;
      o.tier = "grid";
      break;
    case Action::kAccept:
      o.state = State::kAccepted;
      if (now > o.accept_due) o.accept_late = true;
      o.responded_at = now;
      o.accepted_at = now;
      StartHandling(o, env, now);
      break;
    case Action::kRefuse:
      o.state = State::kRefused;
      if (now > o.accept_due) o.accept_late = true;
      o.responded_at = now;
      o.closed_at = now;
      break;
    case Action::kMerge:
      o.state = State::kMerged;
      if (o.responded_at == 0) {
        o.responded_at = now;
        if (now > o.accept_due) o.accept_late = true;
      }
      o.merged_into = in.merge_into;
      o.closed_at = now;
      break;
    case Action::kDispatch:
      o.state = State::kDispatched;
      o.assignee_dept = in.target_dept;
      o.assignee_place = in.target_place;
      o.handler_user_id.reset();
      o.ever_dispatched = true;
      break;
    case Action::kClaim:
      o.state = State::kHandling;
      o.handler_user_id = env.actor_user_id;
      break;
    case Action::kProgress:
    case Action::kAck:
      break;
    case Action::kFinish:
      o.state = State::kFinished;
      o.finished_at = now;
      o.ever_finished = true;
      if (!o.handler_user_id) o.handler_user_id = env.actor_user_id;
      o.tier = TierOf(o);
      if (now > o.handle_due) o.handle_late = true;
      o.ext_pending_days = 0;
      break;
    case Action::kReturn:
      o.state = State::kReturned;
      o.return_count++;
      o.assignee_dept.reset();
      o.assignee_place.clear();
      o.handler_user_id.reset();
      o.ext_pending_days = 0;
      break;
    case Action::kEscalate: {
      if (o.state == State::kAccepted && o.command_place.size() <= 6)
        return FailedPrecondition("县级综治中心已是最高一级", "the county command centre is the top level");
      o.escalate_count++;
      o.ext_pending_days = 0;
      o.handler_user_id.reset();
      if (o.state == State::kAccepted) {
        // The command centre itself hands the order one level up.
        o.command_place = o.command_place.substr(0, 6);
      } else if (!o.assignee_dept && o.assignee_place.size() == 15) {
        o.assignee_place = ParentCode(o.assignee_place);  // grid → its village
        o.state = State::kDispatched;
      } else if (!o.assignee_dept && o.assignee_place.size() == 12) {
        o.assignee_place.clear();
        o.state = State::kAccepted;  // village → its township centre
      } else {
        // A township handler or a department: up to the county centre.
        o.assignee_place.clear();
        o.assignee_dept.reset();
        o.command_place = o.place_code.substr(0, 6);
        o.state = State::kAccepted;
      }
      break;
    }
    case Action::kWhistle:
      break;  // call-ins are rows of their own (service)
    case Action::kRequestExtension:
      o.ext_pending_days = in.days;
      break;
    case Action::kApproveExtension:
      o.handle_due =
          env.calendar->Deadline(o.handle_due, cal::Limit{cal::LimitUnit::kWorkingDays, o.ext_pending_days});
      o.extensions++;
      o.ext_pending_days = 0;
      o.handle_late = now > o.handle_due ? o.handle_late : false;
      break;
    case Action::kRefuseExtension:
      o.ext_pending_days = 0;
      break;
    case Action::kVerifyPass:
      o.state = State::kVerified;
      o.verified_at = now;
      break;
    case Action::kVerifyFail:
      o.state = State::kHandling;  // 重办 by the same handler
      o.reopen_count++;
      o.verified_at = 0;
      StartHandling(o, env, now);
      break;
    case Action::kRate:
      o.rating = in.rating;
      if (in.rating == kDissatisfied) {
        o.state = State::kHandling;  // 重办
        o.reopen_count++;
        o.verified_at = 0;
        StartHandling(o, env, now);
      } else {
        o.state = State::kClosed;
        o.closed_at = now;
      }
      break;
    case Action::kSupervise:
      o.supervise_count++;
      o.supervise_level = std::max(o.supervise_level, in.strength);
      break;
    case Action::kAutoClose:
      o.state = State::kClosed;
      o.closed_at = now;
      break;
    case Action::kAlarm:
      break;
  }
  if (const Rule* r = FindRule(o.kind, in.action); r && !(r->to & B(o.state)))
    return Internal("order engine: " + std::string(ActionName(in.action)) + " led to an unlisted state");
  RefreshAlarm(o, now, env.warn_percent);
  o.updated_at = now;
  return Status::Ok();
}

}  // namespace wangge::order
