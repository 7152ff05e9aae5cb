#include "core/order.hpp"

#include <algorithm>
#include <array>

#include "core/codes.hpp"

namespace wangge::order {
namespace {

using P = Permission;
constexpr uint32_t B(State s) { return 1u << static_cast<int>(s); }
constexpr uint32_t kEventOpen = B(State::kReported) | B(State::kAccepted) | B(State::kDispatched) |
                                B(State::kHandling) | B(State::kReturned) | B(State::kFinished);
// order::IsOpen: an event's open states and a dispute's 已分流 (still followed, not yet ended).
constexpr uint32_t kOpen = kEventOpen | B(State::kTransferred);
// A dispute case before its agreement: what its 30 days run over.
constexpr uint32_t kMediating =
    B(State::kAccepted) | B(State::kDispatched) | B(State::kHandling) | B(State::kReturned);
constexpr uint32_t kBeingHandled = B(State::kDispatched) | B(State::kHandling);
// A service order or wish before it is rated: what 督办 and the time-limit alarms apply to.
constexpr uint32_t kCommunityOpen = B(State::kReported) | B(State::kAccepted) | kBeingHandled;
// 部门交办: sent, being handled, or finished and waiting for the department's check.
constexpr uint32_t kTaskOpen = kBeingHandled | B(State::kFinished);

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
      {Kind::kEvent, Action::kSupervise, kEventOpen, kEventOpen, P::kOrderSupervise, kRelSupervisor,
       kNeedStrength | kNeedNote},
      {Kind::kEvent, Action::kAutoClose, B(State::kVerified), B(State::kClosed), P::kOrderRead, kRelSystem,
       0},
      {Kind::kEvent, Action::kAlarm, kEventOpen, kEventOpen, P::kOrderRead, kRelSystem, 0},

      // 矛盾纠纷 (docs/architecture.md, "Disputes"): 登记 → 受理 (30 days start) → 分派 to a committee (a
      // village or township place) or a department → the committee's mediator takes it → sessions → 协议
      // (settled / partly) → 回访 until performed = 案结事了; or 调解不成 → 分流 (诉讼 / 仲裁 / 行政处理) →
      // that channel's result = 案结事了. The command centre owning the place (综治中心) accepts and
      // dispatches.
      {Kind::kDispute, Action::kReport, 0, B(State::kReported), P::kDisputeRegister, kRelNew, 0},
      {Kind::kDispute, Action::kAccept, B(State::kReported), B(State::kAccepted), P::kOrderCommand,
       kRelCommand, 0},
      {Kind::kDispute, Action::kRefuse, B(State::kReported), B(State::kRefused), P::kOrderCommand,
       kRelCommand, kNeedReason},
      {Kind::kDispute, Action::kDispatch, B(State::kAccepted) | B(State::kReturned), B(State::kDispatched),
       P::kOrderCommand, kRelCommand, kNeedTarget},
      {Kind::kDispute, Action::kClaim, B(State::kDispatched), B(State::kHandling), P::kDisputeMediate,
       kRelAssignee, 0},
      {Kind::kDispute, Action::kProgress, B(State::kHandling), B(State::kHandling), P::kDisputeMediate,
       kRelAssignee, kNeedNote},
      {Kind::kDispute, Action::kReturn, B(State::kDispatched) | B(State::kHandling), B(State::kReturned),
       P::kDisputeMediate, kRelAssignee, kNeedReason},
      {Kind::kDispute, Action::kAssess, kOpen & ~B(State::kTransferred), kOpen & ~B(State::kTransferred),
       P::kDisputeRegister, kRelCommand | kRelAssignee, kNeedRisk | kNeedReason},
      {Kind::kDispute, Action::kExtend, kMediating, kMediating, P::kDisputeRegister,
       kRelCommand | kRelAssignee, kNeedDays | kNeedReason | kNeedConsent},
      {Kind::kDispute, Action::kAgree, B(State::kHandling), B(State::kFinished), P::kDisputeMediate,
       kRelAssignee, kNeedOutcome},
      {Kind::kDispute, Action::kFail, B(State::kHandling) | B(State::kFinished), B(State::kTransferred),
       P::kDisputeRegister, kRelCommand | kRelAssignee, kNeedRoute | kNeedReason},
      {Kind::kDispute, Action::kConfirm, B(State::kFinished), B(State::kFinished), P::kDisputeRegister,
       kRelCommand | kRelAssignee, kNeedReference},
      {Kind::kDispute, Action::kFollowUp, B(State::kFinished), B(State::kFinished) | B(State::kClosed),
       P::kDisputeRegister, kRelCommand | kRelAssignee | kRelGridWorker, kNeedNote},
      {Kind::kDispute, Action::kConclude, B(State::kTransferred), B(State::kClosed), P::kDisputeRegister,
       kRelCommand | kRelAssignee, kNeedReference | kNeedNote},
      {Kind::kDispute, Action::kSupervise, kOpen, kOpen, P::kOrderSupervise, kRelSupervisor,
       kNeedStrength | kNeedNote},
      {Kind::kDispute, Action::kAlarm, kOpen, kOpen, P::kOrderRead, kRelSystem, 0},

      // 信访 (docs/architecture.md, "Petitions"; 信访工作条例): 登记 by the petition desk → 受理 or 不予受理
      // within 15 days (later is allowed and flagged) → 交办 to a department or a place → 接办 → 办理 (接访、
      // 约访、下访 as progress; 联合处置 by calling departments in, each acknowledging its part) → 答复 (the
      // 答复意见书) within 60 days of acceptance, one extension of at most 30 days approved by the command
      // centre or the leader in charge → 复查 asked within 30 days of the answer (handled at the level above,
      // 30 days; once) → 销案. The desk (信访 role) and the 综治 centre hold the command relation.
      {Kind::kPetition, Action::kReport, 0, B(State::kReported), P::kPetitionRegister, kRelNew, 0},
      {Kind::kPetition, Action::kAccept, B(State::kReported), B(State::kAccepted), P::kPetitionRegister,
       kRelCommand, 0},
      {Kind::kPetition, Action::kRefuse, B(State::kReported), B(State::kRefused), P::kPetitionRegister,
       kRelCommand, kNeedReason},
      {Kind::kPetition, Action::kDispatch, B(State::kAccepted) | B(State::kReturned), B(State::kDispatched),
       P::kPetitionRegister, kRelCommand, kNeedTarget},
      {Kind::kPetition, Action::kClaim, B(State::kDispatched), B(State::kHandling), P::kOrderHandle,
       kRelAssignee, 0},
      {Kind::kPetition, Action::kProgress, B(State::kHandling), B(State::kHandling), P::kOrderHandle,
       kRelAssignee | kRelCalled, kNeedNote | kOptVisit},
      {Kind::kPetition, Action::kReturn, kBeingHandled, B(State::kReturned), P::kOrderHandle, kRelAssignee,
       kNeedReason},
      {Kind::kPetition, Action::kWhistle, B(State::kHandling), B(State::kHandling), P::kOrderHandle,
       kRelAssignee, kNeedDepartments | kNeedReason},
      {Kind::kPetition, Action::kAck, B(State::kHandling) | B(State::kFinished),
       B(State::kHandling) | B(State::kFinished), P::kOrderHandle, kRelCalled, 0},
      {Kind::kPetition, Action::kRequestExtension, B(State::kHandling), B(State::kHandling), P::kOrderHandle,
       kRelAssignee, kNeedDays | kNeedReason | kNeedNoPending},
      {Kind::kPetition, Action::kApproveExtension, B(State::kHandling), B(State::kHandling), P::kOrderCommand,
       kRelCommand | kRelLeader, kNeedPending},
      {Kind::kPetition, Action::kRefuseExtension, B(State::kHandling), B(State::kHandling), P::kOrderCommand,
       kRelCommand | kRelLeader, kNeedPending | kNeedReason},
      {Kind::kPetition, Action::kFinish, B(State::kHandling), B(State::kFinished), P::kOrderHandle,
       kRelAssignee, kNeedNote},
      {Kind::kPetition, Action::kReview, B(State::kFinished), B(State::kAccepted), P::kPetitionRegister,
       kRelCommand, kNeedReason},
      {Kind::kPetition, Action::kCloseCase, B(State::kFinished), B(State::kClosed), P::kPetitionRegister,
       kRelCommand, kNeedNote},
      {Kind::kPetition, Action::kLead, kEventOpen, kEventOpen, P::kOrderCommand, kRelCommand, kNeedLeader},
      {Kind::kPetition, Action::kSupervise, kEventOpen, kEventOpen, P::kOrderSupervise,
       kRelSupervisor | kRelLeader, kNeedStrength | kNeedNote},
      {Kind::kPetition, Action::kAlarm, kEventOpen, kEventOpen, P::kOrderRead, kRelSystem, 0},

      // 服务工单, 六单一体 (docs/services.md): 群众点单 (a resident orders an item of the community's
      // 服务清单, or a grid worker or the community for them; the order is open at once: the menu is the
      // promise) → 支部派单 (the community sends a provider) and 党员接单, or 党员抢单 (a provider of the
      // community takes it) → 服务 → 办结 with the hours served → 群众评单 (不满意: served again). 多方督单
      // is 督办 by the community and above; 平台晒单 is the public board of closed orders. Hours go to the
      // time bank at closing.
      {Kind::kService, Action::kReport, 0, B(State::kAccepted), P::kOrderReport, kRelNew, 0},
      // 取消: the community (its relation needs service.manage) or the one who ordered it.
      {Kind::kService, Action::kRefuse, B(State::kAccepted), B(State::kRefused), P::kOrderRead,
       kRelCommand | kRelReporter, kNeedReason},
      {Kind::kService, Action::kDispatch, B(State::kAccepted), B(State::kDispatched), P::kServiceManage,
       kRelCommand, kNeedTarget},
      {Kind::kService, Action::kClaim, B(State::kDispatched), B(State::kHandling), P::kServiceProvide,
       kRelAssignee, 0},
      {Kind::kService, Action::kGrab, B(State::kAccepted), B(State::kHandling), P::kServiceProvide,
       kRelProvider, 0},
      {Kind::kService, Action::kReturn, kBeingHandled, B(State::kAccepted), P::kServiceProvide, kRelAssignee,
       kNeedReason},
      {Kind::kService, Action::kProgress, B(State::kHandling), B(State::kHandling), P::kServiceProvide,
       kRelAssignee, kNeedNote},
      {Kind::kService, Action::kFinish, B(State::kHandling), B(State::kFinished), P::kServiceProvide,
       kRelAssignee, kNeedNote | kNeedHours},
      {Kind::kService, Action::kRate, B(State::kFinished), B(State::kClosed) | B(State::kHandling),
       P::kOrderRead, kRelReporter | kRelVisitor, kNeedRating},
      {Kind::kService, Action::kSupervise, kCommunityOpen, kCommunityOpen, P::kOrderSupervise, kRelSupervisor,
       kNeedStrength | kNeedNote},
      {Kind::kService, Action::kAutoClose, B(State::kFinished), B(State::kClosed), P::kOrderRead, kRelSystem,
       0},
      {Kind::kService, Action::kAlarm, kCommunityOpen, kCommunityOpen, P::kOrderRead, kRelSystem, 0},

      // 微心愿 / 微事务 (docs/services.md): a resident's small wish (or the community's small task) is
      // submitted → the community checks and publishes it (审核发布) → a provider takes it (认领) → fulfils
      // it with a photo (实现, hours optional) → the one who wished thanks and rates (致谢).
      {Kind::kWish, Action::kReport, 0, B(State::kReported), P::kOrderReport, kRelNew, 0},
      {Kind::kWish, Action::kAccept, B(State::kReported), B(State::kAccepted), P::kServiceManage, kRelCommand,
       0},
      {Kind::kWish, Action::kRefuse, B(State::kReported) | B(State::kAccepted), B(State::kRefused),
       P::kServiceManage, kRelCommand, kNeedReason},
      {Kind::kWish, Action::kGrab, B(State::kAccepted), B(State::kHandling), P::kServiceProvide, kRelProvider,
       0},
      {Kind::kWish, Action::kReturn, B(State::kHandling), B(State::kAccepted), P::kServiceProvide,
       kRelAssignee, kNeedReason},
      {Kind::kWish, Action::kProgress, B(State::kHandling), B(State::kHandling), P::kServiceProvide,
       kRelAssignee, kNeedNote},
      {Kind::kWish, Action::kFinish, B(State::kHandling), B(State::kFinished), P::kServiceProvide,
       kRelAssignee, kNeedNote | kNeedPhoto | kOptHours},
      {Kind::kWish, Action::kRate, B(State::kFinished), B(State::kClosed) | B(State::kHandling),
       P::kOrderRead, kRelReporter | kRelVisitor, kNeedRating},
      {Kind::kWish, Action::kSupervise, kCommunityOpen, kCommunityOpen, P::kOrderSupervise, kRelSupervisor,
       kNeedStrength | kNeedNote},
      {Kind::kWish, Action::kAutoClose, B(State::kFinished), B(State::kClosed), P::kOrderRead, kRelSystem, 0},
      {Kind::kWish, Action::kAlarm, kCommunityOpen, kCommunityOpen, P::kOrderRead, kRelSystem, 0},

      // 红色代办 (docs/errands.md): a household authorises a runner (its 代办员: a party member or volunteer
      // covering 5-8 households) for one matter → the runner takes it (接办; or the community sends another
      // runner: 派代办员 → 接办) → takes the documents it needs (recorded, ErrandRepo), runs it, returns
      // every document → 办结 with the hours → the household rates it (不满意: run again). No fee. Finishing,
      // handing back and cancelling wait until nothing of the household's is held.
      {Kind::kErrand, Action::kReport, 0, B(State::kAccepted), P::kOrderReport, kRelNew, 0},
      {Kind::kErrand, Action::kRefuse, B(State::kAccepted) | B(State::kDispatched) | B(State::kHandling),
       B(State::kRefused), P::kOrderRead, kRelCommand | kRelReporter, kNeedReason | kNeedNothingHeld},
      {Kind::kErrand, Action::kDispatch, B(State::kAccepted), B(State::kDispatched), P::kServiceManage,
       kRelCommand, kNeedTarget},
      {Kind::kErrand, Action::kClaim, B(State::kDispatched), B(State::kHandling), P::kServiceProvide,
       kRelAssignee, 0},
      {Kind::kErrand, Action::kGrab, B(State::kAccepted), B(State::kHandling), P::kServiceProvide,
       kRelProvider, 0},
      {Kind::kErrand, Action::kReturn, kBeingHandled, B(State::kAccepted), P::kServiceProvide, kRelAssignee,
       kNeedReason | kNeedNothingHeld},
      {Kind::kErrand, Action::kProgress, B(State::kHandling), B(State::kHandling), P::kServiceProvide,
       kRelAssignee, kNeedNote},
      {Kind::kErrand, Action::kFinish, B(State::kHandling), B(State::kFinished), P::kServiceProvide,
       kRelAssignee, kNeedNote | kNeedHours | kNeedNothingHeld},
      {Kind::kErrand, Action::kRate, B(State::kFinished), B(State::kClosed) | B(State::kHandling),
       P::kOrderRead, kRelReporter | kRelVisitor, kNeedRating},
      {Kind::kErrand, Action::kSupervise, kCommunityOpen, kCommunityOpen, P::kOrderSupervise, kRelSupervisor,
       kNeedStrength | kNeedNote},
      {Kind::kErrand, Action::kAutoClose, B(State::kFinished), B(State::kClosed), P::kOrderRead, kRelSystem,
       0},
      {Kind::kErrand, Action::kAlarm, kCommunityOpen, kCommunityOpen, P::kOrderRead, kRelSystem, 0},

      // 部门交办事项 (docs/duties.md): a department assigns a task to a community citing an item of the
      // county's published 准入清单 (the service refuses it otherwise) → sent to the community at once
      // (待接收) → the secretary 接收 (or 退回 with the reason; the department may 撤回 it the same way) →
      // 办理 → 办结 → the department 验收 (通过: closed; 不通过: handled again). One extension, approved by
      // the department.
      {Kind::kTask, Action::kReport, 0, B(State::kDispatched), P::kTaskAssign, kRelNew, 0},
      {Kind::kTask, Action::kClaim, B(State::kDispatched), B(State::kHandling), P::kOrderHandle, kRelAssignee,
       0},
      {Kind::kTask, Action::kRefuse, B(State::kDispatched) | B(State::kHandling), B(State::kRefused),
       P::kOrderRead, kRelAssignee | kRelIssuer, kNeedReason},
      {Kind::kTask, Action::kProgress, B(State::kHandling), B(State::kHandling), P::kOrderHandle,
       kRelAssignee, kNeedNote},
      {Kind::kTask, Action::kRequestExtension, B(State::kHandling), B(State::kHandling), P::kOrderHandle,
       kRelAssignee, kNeedDays | kNeedReason | kNeedNoPending},
      {Kind::kTask, Action::kApproveExtension, B(State::kHandling), B(State::kHandling), P::kTaskAssign,
       kRelIssuer, kNeedPending},
      {Kind::kTask, Action::kRefuseExtension, B(State::kHandling), B(State::kHandling), P::kTaskAssign,
       kRelIssuer, kNeedPending | kNeedReason},
      {Kind::kTask, Action::kFinish, B(State::kHandling), B(State::kFinished), P::kOrderHandle, kRelAssignee,
       kNeedNote},
      {Kind::kTask, Action::kVerifyPass, B(State::kFinished), B(State::kClosed), P::kTaskAssign, kRelIssuer,
       0},
      {Kind::kTask, Action::kVerifyFail, B(State::kFinished), B(State::kHandling), P::kTaskAssign, kRelIssuer,
       kNeedReason},
      {Kind::kTask, Action::kSupervise, kTaskOpen, kTaskOpen, P::kOrderSupervise, kRelSupervisor,
       kNeedStrength | kNeedNote},
      {Kind::kTask, Action::kAutoClose, B(State::kFinished), B(State::kClosed), P::kOrderRead, kRelSystem, 0},
      {Kind::kTask, Action::kAlarm, kTaskOpen, kTaskOpen, P::kOrderRead, kRelSystem, 0},
  };
  return rules;
}

const std::array<KindSpec, kKindCount>& Specs() {
  static const std::array<KindSpec, kKindCount> specs = {{
      {Kind::kEvent, "event", "事件", std::nullopt, std::nullopt, cal::LimitUnit::kWorkingDays, 30, "", false,
       0, 0, 0, false},
      // 人民调解: accepted within 3 working days (a platform rule; the law is silent), mediated within 30
      // days of acceptance, extended only with every party's consent (at most 30 days each time).
      {Kind::kDispute, "dispute", "矛盾纠纷", cal::Limit{cal::LimitUnit::kWorkingDays, 3},
       cal::Limit{cal::LimitUnit::kNaturalDays, 30}, cal::LimitUnit::kNaturalDays, 30, "08", false, 0, 0, 0,
       false},
      // 信访工作条例: acceptance decided within 15 days of receipt, handled within 60 days of acceptance, one
      // extension of at most 30 days; 复查 asked within 30 days of the answer and answered within 30 days.
      {Kind::kPetition, "petition", "信访事项", cal::Limit{cal::LimitUnit::kNaturalDays, 15},
       cal::Limit{cal::LimitUnit::kNaturalDays, 60}, cal::LimitUnit::kNaturalDays, 30, "13", true, 1, 30, 30,
       false},
      // 服务清单 items are class 14: the category's limits are the menu's promise (e.g. 48 hours), which a
      // community may change for its own menu (ServiceMenu). No extension: a late service is late.
      {Kind::kService, "service", "服务工单", std::nullopt, std::nullopt, cal::LimitUnit::kNaturalDays, 0,
       "14", true, 0, 0, 0, true},
      // 微心愿 (1501) and 微事务 (1502): checked within the category's accept limit, fulfilled within its
      // handling limit from publication.
      {Kind::kWish, "wish", "微心愿", std::nullopt, std::nullopt, cal::LimitUnit::kNaturalDays, 0, "15", true,
       0, 0, 0, true},
      // 代办事项 are class 16: each category's limits are the errand's (e.g. 社保 5 working days).
      {Kind::kErrand, "errand", "红色代办", std::nullopt, std::nullopt, cal::LimitUnit::kNaturalDays, 0, "16",
       true, 0, 0, 0, true, true},
      // 部门交办事项 are class 17 (1701 依法履职事项, 1702 协助政府事项: the cited item's section); the
      // limits are the category's unless the department gives the task its own (working days), one extension
      // of at most 10 working days.
      {Kind::kTask, "task", "部门交办", std::nullopt, std::nullopt, cal::LimitUnit::kWorkingDays, 10, "17",
       true, 1, 0, 0, false, false, true},
  }};
  return specs;
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
                                                         {"merged", "已并单"},
                                                         {"transferred", "已分流"}}};
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
                                                           {"alarm", "时限预警"},
                                                           {"assess", "风险研判"},
                                                           {"agree", "达成协议"},
                                                           {"fail", "调解不成分流"},
                                                           {"confirm", "司法确认"},
                                                           {"follow_up", "回访"},
                                                           {"conclude", "分流结案"},
                                                           {"extend", "延长调解期限"},
                                                           {"review", "复查"},
                                                           {"close_case", "销案"},
                                                           {"lead", "领导包案"},
                                                           {"grab", "抢单"}}};

std::string StatesZh(Kind k, uint32_t mask) {
  std::string s;
  for (int i = 0; i < kStateCount; ++i)
    if (mask & (1u << i)) {
      if (!s.empty()) s += "、";
      s += StateLabelZh(k, static_cast<State>(i));
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

// Handling limit of the order: its kind's, else its category's for its urgency.
cal::Limit HandleLimit(const Order& o, const Category& c) {
  if (const auto& l = SpecOf(o.kind).handle_limit) return *l;
  const int u = std::clamp(o.urgency, 1, 3);
  return c.handle_limit[u - 1];
}
cal::Limit AcceptLimit(const Order& o, const Category& c) {
  if (const auto& l = SpecOf(o.kind).accept_limit) return *l;
  return c.accept_limit;
}

std::string TierOf(const Order& o) {
  if (SpecOf(o.kind).community) return "village";  // served in the community
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
  o.handle_due = env.calendar->Deadline(start, HandleLimit(o, *env.category));
  // 上级交办: the higher level's date comes first when it is sooner.
  if (o.superior_due > 0 && o.superior_due < o.handle_due) o.handle_due = o.superior_due;
  o.handle_late = false;
}

}  // namespace

const std::vector<Rule>& Rules() { return Table(); }

std::vector<std::string_view> NeedFields(uint32_t needs, Kind kind) {
  static constexpr std::pair<uint32_t, std::string_view> kFields[] = {
      {kNeedTarget, "target"},       {kNeedDepartments, "departments"}, {kNeedMergeTarget, "merge_into"},
      {kNeedRisk, "risk"},           {kNeedOutcome, "outcome"},         {kNeedRoute, "route"},
      {kNeedReference, "reference"}, {kNeedRating, "rating"},           {kNeedStrength, "strength"},
      {kNeedDays, "days"},           {kNeedConsent, "consents"},        {kNeedReason, "reason"},
      {kNeedNote, "note"},           {kNeedPhoto, "attachments"},       {kNeedLeader, "leader"},
      {kNeedHours, "hours"},
  };
  std::vector<std::string_view> out;
  for (const auto& [bit, name] : kFields)
    if (needs & bit) out.push_back(bit == kNeedTarget && SpecOf(kind).community ? "target_user" : name);
  return out;
}

std::vector<std::string_view> OptionalFields(uint32_t needs) {
  std::vector<std::string_view> out;
  if (needs & kOptVisit) out.push_back("visit");
  if (needs & kOptHours) out.push_back("hours");
  return out;
}

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
const KindSpec& SpecOf(Kind k) { return Specs()[static_cast<size_t>(k)]; }
std::string_view KindName(Kind k) { return SpecOf(k).name; }
std::optional<Kind> KindFromName(std::string_view name) {
  for (const KindSpec& s : Specs())
    if (s.name == name) return s.kind;
  return std::nullopt;
}

std::optional<Kind> KindOwningCategory(std::string_view category_code) {
  for (const KindSpec& s : Specs())
    if (s.owns_class && category_code.substr(0, 2) == s.category_class) return s.kind;
  return std::nullopt;
}

std::string_view StateLabelZh(Kind k, State s) {
  if (k == Kind::kPetition) switch (s) {
      case State::kAccepted:
        return "已受理待交办";
      case State::kDispatched:
        return "待接办";
      case State::kHandling:
        return "办理中";
      case State::kReturned:
        return "已退回";
      case State::kFinished:
        return "已答复";
      case State::kClosed:
        return "已销案";
      default:
        break;
    }
  if (k == Kind::kDispute) switch (s) {
      case State::kAccepted:
        return "待分派";
      case State::kDispatched:
        return "待接案";
      case State::kHandling:
        return "调解中";
      case State::kReturned:
        return "已退回";
      case State::kFinished:
        return "协议履行中";
      case State::kClosed:
        return "案结事了";
      default:
        break;
    }
  if (k == Kind::kService) switch (s) {
      case State::kAccepted:
        return "待派单";
      case State::kDispatched:
        return "待接单";
      case State::kHandling:
        return "服务中";
      case State::kFinished:
        return "待评单";
      case State::kClosed:
        return "已评单";
      case State::kRefused:
        return "已取消";
      default:
        break;
    }
  if (k == Kind::kWish) switch (s) {
      case State::kReported:
        return "待审核";
      case State::kAccepted:
        return "待认领";
      case State::kHandling:
        return "已认领";
      case State::kFinished:
        return "已实现待致谢";
      case State::kClosed:
        return "已圆梦";
      case State::kRefused:
        return "未发布";
      default:
        break;
    }
  if (k == Kind::kTask) switch (s) {
      case State::kDispatched:
        return "待接收";
      case State::kHandling:
        return "办理中";
      case State::kFinished:
        return "待验收";
      case State::kClosed:
        return "已完成";
      case State::kRefused:
        return "已退回";
      default:
        break;
    }
  if (k == Kind::kErrand) switch (s) {
      case State::kAccepted:
        return "待接办";
      case State::kDispatched:
        return "已派待接办";
      case State::kHandling:
        return "代办中";
      case State::kFinished:
        return "待评价";
      case State::kClosed:
        return "已办结";
      case State::kRefused:
        return "已取消";
      default:
        break;
    }
  return StateNameZh(s);
}

std::string_view ActionLabelZh(Kind k, Action a) {
  if (k == Kind::kPetition) switch (a) {
      case Action::kReport:
        return "登记";
      case Action::kDispatch:
        return "交办";
      case Action::kClaim:
        return "接办";
      case Action::kProgress:
        return "办理";
      case Action::kFinish:
        return "答复";
      case Action::kReturn:
        return "退回";
      case Action::kWhistle:
        return "联合处置";
      case Action::kApproveExtension:
        return "批准延期";
      default:
        break;
    }
  if (k == Kind::kDispute) switch (a) {
      case Action::kReport:
        return "登记";
      case Action::kDispatch:
        return "分派";
      case Action::kClaim:
        return "接案";
      case Action::kProgress:
        return "调解";
      case Action::kReturn:
        return "退回";
      default:
        break;
    }
  if (k == Kind::kService) switch (a) {
      case Action::kReport:
        return "点单";
      case Action::kRefuse:
        return "取消";
      case Action::kDispatch:
        return "派单";
      case Action::kFinish:
        return "完成服务";
      case Action::kProgress:
        return "服务进展";
      case Action::kSupervise:
        return "督单";
      case Action::kRate:
        return "评单";
      default:
        break;
    }
  if (k == Kind::kWish) switch (a) {
      case Action::kReport:
        return "提交心愿";
      case Action::kAccept:
        return "审核发布";
      case Action::kRefuse:
        return "不予发布";
      case Action::kGrab:
        return "认领";
      case Action::kReturn:
        return "放弃认领";
      case Action::kFinish:
        return "实现心愿";
      case Action::kRate:
        return "致谢评价";
      default:
        break;
    }
  if (k == Kind::kTask) switch (a) {
      case Action::kReport:
        return "交办";
      case Action::kClaim:
        return "接收";
      case Action::kRefuse:
        return "退回(撤回)";
      case Action::kProgress:
        return "办理进展";
      case Action::kVerifyPass:
        return "验收通过";
      case Action::kVerifyFail:
        return "验收不通过";
      default:
        break;
    }
  if (k == Kind::kErrand) switch (a) {
      case Action::kReport:
        return "委托代办";
      case Action::kRefuse:
        return "取消";
      case Action::kDispatch:
        return "派代办员";
      case Action::kClaim:
      case Action::kGrab:
        return "接办";
      case Action::kReturn:
        return "退回";
      case Action::kProgress:
        return "代办进展";
      case Action::kRate:
        return "评价";
      default:
        break;
    }
  return ActionNameZh(a);
}

std::string_view OutcomeName(int outcome) {
  switch (outcome) {
    case kOutcomeSettled:
      return "settled";
    case kOutcomePartly:
      return "partly";
    case kOutcomeFailed:
      return "failed";
    default:
      return "";
  }
}
std::string_view OutcomeNameZh(int outcome) {
  switch (outcome) {
    case kOutcomeSettled:
      return "调解成功";
    case kOutcomePartly:
      return "部分达成";
    case kOutcomeFailed:
      return "调解不成";
    default:
      return "";
  }
}
std::string_view RouteNameZh(std::string_view route) {
  if (route == "confirm") return "司法确认";
  if (route == "litigation") return "诉讼";
  if (route == "arbitration") return "仲裁";
  if (route == "administrative") return "行政处理";
  return "";
}
bool IsTransferRoute(std::string_view route) {
  return route == "litigation" || route == "arbitration" || route == "administrative";
}
std::string_view VisitNameZh(std::string_view v) {
  if (v == "receive") return "接访";
  if (v == "appointment") return "约访";
  if (v == "home") return "下访";
  return "";
}
bool IsChannelOf(Kind kind, std::string_view c) {
  switch (kind) {
    case Kind::kEvent:
      return c == "patrol" || c == "web" || c == "hotline" || c == "open311";
    case Kind::kDispute:
      return c == "register";
    case Kind::kPetition:
      return c == "letter" || c == "visit" || c == "online" || c == "hotline" || c == "mailbox";
    case Kind::kService:
    case Kind::kWish:
    case Kind::kErrand:
      return c == "web" || c == "register";  // by the person themself | for them (grid worker, community)
    case Kind::kTask:
      return c == "register";
  }
  return false;
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
std::string CommandPlaceFor(Kind kind, std::string_view place_code) {
  if (SpecOf(kind).community && place_code.size() >= 12) return std::string(place_code.substr(0, 12));
  return CommandPlaceFor(place_code);
}
State RatingState(Kind kind) {
  return SpecOf(kind).community || SpecOf(kind).issued ? State::kFinished : State::kVerified;
}

Status Allowed(const Order& o, Action action, Role role, uint32_t relations) {
  const Rule* rule = FindRule(o.kind, action);
  // The route exists (another kind has the action); this order cannot do it, whatever its state: 409.
  if (!rule)
    return FailedPrecondition("「" + std::string(SpecOf(o.kind).zh) + "」类工单没有「" +
                                  std::string(ActionNameZh(action)) + "」操作",
                              "an order of kind " + std::string(KindName(o.kind)) + " has no action " +
                                  std::string(ActionName(action)));
  const bool creating = rule->from == 0;
  if (!creating && !(rule->from & B(o.state)))
    return FailedPrecondition(
        "工单当前状态为「" + std::string(StateLabelZh(o.kind, o.state)) + "」，不能" +
            std::string(ActionLabelZh(o.kind, action)) + "（仅限：" + StatesZh(o.kind, rule->from) + "）",
        "the order is " + std::string(StateName(o.state)) + "; " + std::string(ActionName(action)) +
            " is allowed only when " + StatesEn(rule->from));
  if (rule->relations == kRelSystem) {
    if (!(relations & kRelSystem))
      return PermissionDenied("该操作只能由系统执行", "only the system performs this action");
  } else {
    if (!HasPermission(role, rule->permission))
      return PermissionDenied("您的角色不能" + std::string(ActionLabelZh(o.kind, action)),
                              "your role may not " + std::string(ActionName(action)));
    if (!(relations & rule->relations))
      return PermissionDenied(
          "您不是此工单可以" + std::string(ActionLabelZh(o.kind, action)) + "的一方",
          "you are not a party who may " + std::string(ActionName(action)) + " this order");
  }
  if ((rule->needs & kNeedPending) && o.ext_pending_days == 0)
    return FailedPrecondition("没有待审批的延期申请", "there is no pending extension request");
  if ((rule->needs & kNeedNoPending) && o.ext_pending_days != 0)
    return FailedPrecondition("已有延期申请待审批", "an extension request is already pending");
  if ((rule->needs & kNeedNothingHeld) && o.documents_held > 0)
    return FailedPrecondition("代办员仍持有群众的 " + std::to_string(o.documents_held) +
                                  " 份材料，须全部归还并登记后才能" +
                                  std::string(ActionLabelZh(o.kind, action)),
                              "the runner still holds " + std::to_string(o.documents_held) +
                                  " of the household's documents; return them all first");
  if (const int most = SpecOf(o.kind).max_extensions;
      (rule->needs & kNeedDays) && most > 0 && o.extensions >= most)
    return FailedPrecondition(
        "「" + std::string(SpecOf(o.kind).zh) + "」只能延期 " + std::to_string(most) + " 次，已延期过",
        "an order of kind " + std::string(KindName(o.kind)) + " may be extended " + std::to_string(most) +
            " time(s); it has been");
  if (action == Action::kReview && o.reopen_count > 0)
    return FailedPrecondition("该信访事项已复查过，复查意见为最终意见",
                              "the petition has been reviewed once; the review is final");
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
    return InvalidArgument(o.kind == Kind::kDispute ? "请填写情况说明（调解笔录、回访情况或处理结果）"
                           : o.kind == Kind::kPetition ? "请填写办理情况、答复意见或销案说明"
                                                       : "请填写处置情况说明",
                           "a note is required", "note");
  if ((n & kNeedPhoto) && in.attachments.empty())
    return InvalidArgument("请上传至少一张现场照片", "at least one photo is required", "attachments");
  if ((n & kNeedTarget) && SpecOf(o.kind).community) {
    if (!in.target_user || in.target_dept || !in.target_place.empty())
      return InvalidArgument("请选择承接服务的党员或志愿者", "name the provider to send (target_user)",
                             "target_user");
  } else if (in.target_user) {
    return InvalidArgument("此操作不指定承接人", "this action sends no provider", "target_user");
  }
  if ((n & kNeedTarget) && !in.target_user && !in.target_dept && in.target_place.empty())
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
  if (n & kNeedDays) {
    const KindSpec& spec = SpecOf(o.kind);
    if (in.days < 1 || in.days > spec.max_extension_days) {
      const cal::Limit most{spec.extension_unit, spec.max_extension_days};
      return InvalidArgument("延期天数应为 1 至 " + cal::DescribeLimitZh(most),
                             "an extension must be 1 to " + cal::DescribeLimitEn(most), "days");
    }
  }
  if ((n & kNeedRisk) && (in.risk < 1 || in.risk > 3))
    return InvalidArgument("风险等级只能是 1 低、2 中、3 高", "risk must be 1 (low), 2 (medium) or 3 (high)",
                           "risk");
  if ((n & kNeedOutcome) && in.outcome != kOutcomeSettled && in.outcome != kOutcomePartly)
    return InvalidArgument("调解结果只能是 settled 调解成功 或 partly 部分达成",
                           "outcome must be settled or partly", "outcome");
  if ((n & kNeedRoute) && !IsTransferRoute(in.route))
    return InvalidArgument("分流去向只能是 litigation 诉讼、arbitration 仲裁 或 administrative 行政处理",
                           "route must be litigation, arbitration or administrative", "route");
  if ((n & kNeedReference) && in.reference.empty())
    return InvalidArgument("请填写案号或文号", "the case or document number is required", "reference");
  if ((n & kNeedConsent) && in.consents.empty())
    return InvalidArgument("延长调解期限须经各方当事人同意，请登记同意的当事人",
                           "an extension needs the consent of every party; list the parties who consented",
                           "consents");
  if ((n & kNeedLeader) && !in.leader)
    return InvalidArgument("请选择包案领导", "the leader to put in charge is required", "leader");
  if ((n & kNeedHours) && in.minutes == 0)
    return InvalidArgument("请填写服务时长（小时）", "the hours served are required", "hours");
  if (in.minutes != 0 && !(n & (kNeedHours | kOptHours)))
    return InvalidArgument("此操作不登记服务时长", "this action records no hours", "hours");
  if (in.minutes != 0 && (in.minutes < 30 || in.minutes > 1440 || in.minutes % 30 != 0))
    return InvalidArgument("服务时长应为 0.5 至 24 小时，以半小时计", "hours must be 0.5 to 24 in half hours",
                           "hours");
  if (!in.visit.empty() && !(n & kOptVisit))
    return InvalidArgument("此操作不登记接访方式", "this action records no visit", "visit");
  if (!in.visit.empty() && VisitNameZh(in.visit).empty())
    return InvalidArgument("接访方式只能是 receive 接访、appointment 约访 或 home 下访",
                           "visit must be receive, appointment or home", "visit");
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
  return calendar.Deadline(o.accept_due, HandleLimit(o, *category));
}

bool RefreshAlarm(Order& o, int64_t now, int warn_percent) {
  const int old_warn = o.warn;
  const bool old_al = o.accept_late, old_hl = o.handle_late;
  const int64_t old_alarm = o.alarm_at;
  const int64_t due = CurrentDeadline(o);
  if (o.state == RatingState(o.kind)) {
    o.warn = 0;
    // Unrated orders are archived then (kAutoClose).
    o.alarm_at = (o.state == State::kVerified ? o.verified_at : o.finished_at) + kRatingWindowSeconds;
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
      o.accept_due = env.calendar->Deadline(now, AcceptLimit(o, *env.category));
      o.command_place = CommandPlaceFor(o.kind, o.place_code);
      if (FindRule(o.kind, Action::kReport)->to & (B(State::kAccepted) | B(State::kDispatched))) {
        // A kind whose orders are open when made (a service from the menu): accepted with the report.
        o.state = State::kAccepted;
        o.responded_at = now;
        o.accepted_at = now;
        StartHandling(o, env, now);
      }
      if (SpecOf(o.kind).issued) {
        // … and one issued to a community is sent there with it (部门交办: 待接收).
        o.state = State::kDispatched;
        o.assignee_place = o.place_code.substr(0, 12);
        o.ever_dispatched = true;
      }
      break;
    case Action::kSettle:
      // Reported, accepted and handled by the grid worker in one step; the check comes next.
      o.received_at = now;
      o.accept_due = env.calendar->Deadline(now, AcceptLimit(o, *env.category));
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
      o.handler_user_id = in.target_user;  // a service kind's provider; events: claimed later
      o.ever_dispatched = true;
      break;
    case Action::kClaim:
    case Action::kGrab:
      o.state = State::kHandling;
      o.handler_user_id = env.actor_user_id;
      break;
    case Action::kProgress:
    case Action::kAck:
      break;
    case Action::kFinish:
      o.state = State::kFinished;
      if (in.minutes > 0) o.service_minutes = in.minutes;
      o.finished_at = now;
      o.ever_finished = true;
      if (!o.handler_user_id) o.handler_user_id = env.actor_user_id;
      o.tier = TierOf(o);
      if (now > o.handle_due) o.handle_late = true;
      o.ext_pending_days = 0;
      break;
    case Action::kReturn:
      // A service order or wish goes back to be sent or taken again.
      o.state = SpecOf(o.kind).community ? State::kAccepted : State::kReturned;
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
          env.calendar->Deadline(o.handle_due, cal::Limit{SpecOf(o.kind).extension_unit, o.ext_pending_days});
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
      if (SpecOf(o.kind).issued) {  // 验收 by the issuer closes it
        o.state = State::kClosed;
        o.closed_at = now;
      }
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
    case Action::kAssess:
      o.risk = in.risk;
      break;
    case Action::kAgree:
      o.state = State::kFinished;
      o.outcome = in.outcome;
      o.finished_at = now;
      o.ever_finished = true;
      if (!o.handler_user_id) o.handler_user_id = env.actor_user_id;
      o.tier = TierOf(o);
      if (now > o.handle_due) o.handle_late = true;
      break;
    case Action::kFail:
      if (o.state == State::kHandling) {  // mediation failed; an agreement not performed keeps its outcome
        o.outcome = kOutcomeFailed;
        o.finished_at = now;
        o.ever_finished = true;
        o.tier = TierOf(o);
        if (now > o.handle_due) o.handle_late = true;
      }
      o.route = in.route;
      o.route_ref.clear();
      o.state = State::kTransferred;
      break;
    case Action::kConfirm:
      o.route = "confirm";
      o.route_ref = in.reference;
      break;
    case Action::kFollowUp:
      o.followups++;
      if (in.performed) {
        o.state = State::kClosed;
        o.closed_at = now;
      }
      break;
    case Action::kConclude:
      o.route_ref = in.reference;
      o.state = State::kClosed;
      o.closed_at = now;
      break;
    case Action::kReview: {
      // 复查: asked within the window of the answer (the 答复意见书's date), handled at the level above —
      // the county for a township's petition; a county's own goes to its county centre again (the level
      // above the county is outside the platform) — within its own limit, once.
      const KindSpec& spec = SpecOf(o.kind);
      const int64_t last =
          env.calendar->Deadline(o.finished_at, cal::Limit{cal::LimitUnit::kNaturalDays, spec.review_days});
      if (now > last)
        return FailedPrecondition(
            "复查请求须在收到答复意见之日起 " + std::to_string(spec.review_days) + " 日内提出，已超过期限",
            "a review must be asked within " + std::to_string(spec.review_days) +
                " days of the answer; that time has passed");
      o.state = State::kAccepted;
      o.reopen_count++;
      o.command_place = o.place_code.substr(0, 6);
      o.assignee_dept.reset();
      o.assignee_place.clear();
      o.handler_user_id.reset();
      o.phase_start = now;
      o.handle_due =
          env.calendar->Deadline(now, cal::Limit{cal::LimitUnit::kNaturalDays, spec.review_limit_days});
      o.handle_late = false;
      break;
    }
    case Action::kCloseCase:
      o.state = State::kClosed;
      o.closed_at = now;
      break;
    case Action::kLead:
      o.leader_user_id = in.leader;
      break;
    case Action::kExtend: {
      const KindSpec& spec = SpecOf(o.kind);
      o.handle_due = env.calendar->Deadline(o.handle_due, cal::Limit{spec.extension_unit, in.days});
      o.extensions++;
      o.handle_late = now > o.handle_due ? o.handle_late : false;
      break;
    }
  }
  if (const Rule* r = FindRule(o.kind, in.action); r && !(r->to & B(o.state)))
    return Internal("order engine: " + std::string(ActionName(in.action)) + " led to an unlisted state");
  RefreshAlarm(o, now, env.warn_percent);
  o.updated_at = now;
  return Status::Ok();
}

}  // namespace wangge::order
