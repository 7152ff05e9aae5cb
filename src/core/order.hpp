// The order engine: one table-driven state machine for every kind of work order (events now; service
// orders, micro-wishes and errands are further kinds with their own rows in the same table).
//
// The table (order.cpp, kRules) says, per kind and action: the states it may fire from, the states it may
// lead to, the permission the caller's role needs, the relations to the order that qualify the caller
// (reporter, command centre owning it, assigned handler, called-in department …) and the fields the input
// must carry. The service layer works out the caller's relations, asks Check() and then Apply(); storage
// writes the result, its timeline row, its audit row and its indicator roll-up deltas in one transaction.
//
// Times are unix seconds; deadlines come from the working-time calendar (calendar.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/category.hpp"
#include "core/roles.hpp"
#include "core/status.hpp"

namespace wangge::order {

enum class Kind : uint8_t {
  kEvent = 0,    // 事件: the event loop (网格吹哨、部门报到)
  kDispute = 1,  // 矛盾纠纷案件: mediation (枫桥经验), from registration to 案结事了
  kPetition = 2,  // 信访事项: 登记 → 受理 (15 days) → 交办 → 答复 (60 days) → 复查 → 销案
  kService = 3,  // 服务工单 (六单一体): 点单 → 派单 or 抢单 → 接单 → 服务 → 督单 → 晒单 → 评单
  kWish = 4,     // 微心愿 / 微事务: 提交 → 审核发布 → 认领 → 实现 (photo) → 致谢
  kErrand = 5,  // 红色代办: 委托 → 接办 (the household's runner) → 收取材料 … 归还 → 办结 → 评价
  kTask = 6,  // 部门交办事项: 交办 (citing an admitted item of the 准入清单) → 接收 → 办理 → 办结 → 验收
};
inline constexpr int kKindCount = 7;

enum class State : uint8_t {
  kReported = 0,  // 已上报, 待受理
  kRefused,       // 不予受理 (terminal)
  kAccepted,      // 已受理, 待派单 (at the owning command centre)
  kDispatched,    // 已派单, 待接单
  kHandling,      // 处置中 (claimed)
  kReturned,      // 已退单, 待改派
  kFinished,      // 已办结, 待核查
  kVerified,      // 核查通过, 待评价
  kClosed,        // 已评价归档 (terminal)
  kMerged,        // 已并单 (terminal)
  kTransferred,  // 已分流: a dispute not (wholly) settled by mediation, handed to 诉讼 / 仲裁 / 行政处理 and
                 // followed until that channel's result is recorded
};
inline constexpr int kStateCount = 11;

enum class Action : uint8_t {
  kReport = 0,        // 上报 (creates the order)
  kSettle,            // 就地办结 (grid worker reports a micro matter already settled)
  kAccept,            // 受理
  kRefuse,            // 不予受理
  kMerge,             // 并单 into another order
  kDispatch,          // 派单 / 改派
  kClaim,             // 接单
  kProgress,          // 处置进展
  kFinish,            // 办结
  kReturn,            // 退单
  kEscalate,          // 上报 one level up
  kWhistle,           // 吹哨: call departments in
  kAck,               // 报到 (called-in department)
  kRequestExtension,  // 申请延期
  kApproveExtension,  // 批准延期
  kRefuseExtension,   // 驳回延期
  kVerifyPass,        // 核查通过
  kVerifyFail,        // 核查不通过 → 重办
  kRate,              // 评价 (不满意 → 重办)
  kSupervise,         // 督办
  kAutoClose,         // system: verified and not rated within the rating window
  kAlarm,             // system: time-limit colour change (yellow / red)
  kAssess,            // 风险研判: set the risk level with the criteria that set it
  kAgree,      // 达成调解协议 (settled or partly): the agreement is on record; performance follows
  kFail,       // 调解不成 / 协议未履行 → 分流 to 诉讼, 仲裁 or 行政处理
  kConfirm,    // 司法确认: the court's case number of the agreement's confirmation
  kFollowUp,   // 回访 on performance; "performed" ends the case (案结事了)
  kConclude,   // the other channel's result (judgment, award, decision) ends a transferred case
  kExtend,     // 延长期限 with every party's recorded consent (no approval step)
  kReview,     // 复查: the petitioner asks the level above to review the answer (within 30 days of it)
  kCloseCase,  // 销案: the desk closes an answered petition
  kLead,  // 领导包案: the command centre puts a leader in charge of the order (approval by assigning)
  kGrab,  // 抢单 / 认领: a provider of the community takes an open service order or wish for themself
};
inline constexpr int kActionCount = 33;

// How the caller stands to one order (worked out by the service; several may hold).
enum Relation : uint32_t {
  kRelReporter = 1u << 0,  // reported it (own account)
  kRelCommand = 1u << 1,   // command-centre role whose scope covers the owning command place
  kRelAssignee = 1u << 2,  // handler role of the assigned department, or scoped exactly to the assigned place
  kRelCalled = 1u << 3,    // handler of a department called in (吹哨) and not yet released
  kRelGridWorker = 1u << 4,  // grid worker of the order's grid
  kRelVisitor = 1u << 5,     // 回访: a role with the rate permission whose scope covers the order
  kRelSupervisor = 1u << 6,  // a role with the supervise permission whose scope covers the order
  kRelSystem = 1u << 7,      // the scheduler
  kRelNew = 1u << 8,         // creating: any caller with the permission (jurisdiction checked by the service)
  kRelLeader = 1u << 9,      // the leader in charge of the order (领导包案: Order::leader_user_id)
  kRelProvider = 1u << 10,   // service kinds: a provider (service.provide) living in the order's community;
                             // an errand's: the runner covering its household (代办员)
  kRelIssuer = 1u << 11,     // 部门交办: a handler (task.assign) of the department that issued it
};

// Fields an action's input must carry.
enum Need : uint32_t {
  kNeedReason = 1u << 0,       // reason (refuse, return, escalate, verify-fail, extension)
  kNeedNote = 1u << 1,         // text (progress, result)
  kNeedPhoto = 1u << 2,        // at least one attachment
  kNeedTarget = 1u << 3,       // department or place to dispatch to
  kNeedDepartments = 1u << 4,  // departments called in
  kNeedRating = 1u << 5,
  kNeedStrength = 1u << 6,  // 督办 strength 1..3
  kNeedDays = 1u << 7,      // extension working days
  kNeedMergeTarget = 1u << 8,
  kNeedPending = 1u << 9,     // an extension request must be pending
  kNeedNoPending = 1u << 10,  // no extension request may be pending
  kNeedRisk = 1u << 11,       // risk level 1..3
  kNeedOutcome = 1u << 12,    // outcome settled (1) or partly (2)
  kNeedRoute = 1u << 13,      // litigation | arbitration | administrative
  kNeedReference = 1u << 14,  // a case number of the court, arbitration commission or authority
  kNeedConsent = 1u << 15,    // the parties who consented (the service checks that every party did)
  kNeedLeader = 1u << 16,     // the user put in charge (领导包案)
  // Not a need: the input MAY name how the person was met (Input::visit), and only where the rule says so.
  kOptVisit = 1u << 17,
  kNeedHours = 1u << 18,  // the hours served (Input::minutes: 30-1440 in half hours)
  kOptHours = 1u << 19,   // … or MAY carry them
  // A precondition, not a field: nothing of the household's is held (Order::documents_held is 0) — an errand
  // is finished, handed back or cancelled only once every document the runner took is returned.
  kNeedNothingHeld = 1u << 20,
};

// What a kind of order is: its names, the limits that override its category's (a law fixes them: 调解 30
// days), and how its handling limit is extended.
struct KindSpec {
  Kind kind;
  std::string_view name;                   // "dispute"
  std::string_view zh;                     // "矛盾纠纷"
  std::optional<cal::Limit> accept_limit;  // nullopt: the category's
  std::optional<cal::Limit> handle_limit;  // nullopt: the category's by urgency
  cal::LimitUnit extension_unit;           // what an extension's days count
  int max_extension_days;                  // one extension at most this many days
  std::string_view category_class;         // "" any; else the class (2 digits) every category must be in
  bool owns_class;                         // the class is this kind's alone: no event, no Open311 service
  int max_extensions;                      // 0 = no limit; 信访: one extension only
  int review_days;        // 复查 asked within this many natural days of the answer (0: none)
  int review_limit_days;  // the 复查's handling limit, natural days from the request
  // The service kinds (服务工单, 微心愿): owned by the community of the place (command_place is the village,
  // 12 digits, whose service.manage staff 派单 and publish), handled by one person (handler_user_id) who was
  // sent or took it (抢单), a return puts it back to be taken, and the requester's rating follows 办结
  // directly (no check step; unrated after kRatingWindowSeconds it is archived).
  bool community = false;
  // 红色代办: the handler takes documents of the household (身份证, 户口簿 …) and records each one's return
  // (ErrandRepo); Order::documents_held counts those not yet returned.
  bool holds_documents = false;
  // 部门交办: made by a department (Order::issuer_dept) for the community of its place, to which it is sent
  // when made (待接收); the community's secretary handles it, and the issuing department checks the result
  // (验收), which closes it. Not checked within kRatingWindowSeconds of 办结, it is archived.
  bool issued = false;
};
const KindSpec& SpecOf(Kind k);

struct Rule {
  Kind kind;
  Action action;
  uint32_t from;          // bit per State; 0 = creates the order
  uint32_t to;            // bit per State the action may lead to
  Permission permission;  // the role must hold it (ignored for kRelSystem)
  uint32_t relations;     // any of these qualifies the caller
  uint32_t needs;         // Need bits
};

// Every rule of the engine (for docs, the OpenAPI description and the web UI's action buttons).
const std::vector<Rule>& Rules();
const Rule* FindRule(Kind kind, Action action);
// The input fields (their JSON names: "reason", "note", "attachments", "target", "departments", "rating",
// "strength", "days", "merge_into", "risk", "outcome", "route", "reference", "consents", "leader") a rule's
// Need bits ask for; the preconditions (kNeedPending, kNeedNoPending) are not fields. The web UI's action
// dialog reads them from the order (action_needs) instead of keeping its own list.
// A service kind's target is the provider sent: "target_user".
std::vector<std::string_view> NeedFields(uint32_t needs, Kind kind = Kind::kEvent);
// The input fields the action MAY carry beyond those (kOptVisit: "visit").
std::vector<std::string_view> OptionalFields(uint32_t needs);

std::string_view StateName(State s);    // "reported"
std::string_view StateNameZh(State s);  // "待受理"
// The state's Chinese label for orders of `k` (a dispute in kFinished is "履行中", not "待核查").
std::string_view StateLabelZh(Kind k, State s);
std::string_view ActionLabelZh(Kind k, Action a);  // a dispute's kProgress is "调解"
std::optional<State> StateFromName(std::string_view name);
std::string_view ActionName(Action a);    // "dispatch"
std::string_view ActionNameZh(Action a);  // "派单"
std::optional<Action> ActionFromName(std::string_view name);
std::string_view KindName(Kind k);  // "event", "dispute"
std::optional<Kind> KindFromName(std::string_view name);
// The kind whose own class (KindSpec::owns_class) `category_code` lies in: 13 信访事项 is the petitions';
// nullopt for the classes every kind may use.
std::optional<Kind> KindOwningCategory(std::string_view category_code);
bool IsTerminal(State s);  // refused, closed, merged
bool IsOpen(State s);      // anything before verified that is not terminal
inline uint32_t Bit(State s) { return 1u << static_cast<int>(s); }

// Ratings (群众评单).
inline constexpr int kSatisfied = 1;       // 满意
inline constexpr int kBasicSatisfied = 2;  // 基本满意
inline constexpr int kDissatisfied = 3;    // 不满意

// A verified order not rated within this window is archived by the scheduler (counted as not rated).
inline constexpr int64_t kRatingWindowSeconds = 7 * 86400;

// Dispute outcomes (调解结果) and routes (分流 / 司法确认).
inline constexpr int kOutcomeSettled = 1;     // 调解成功
inline constexpr int kOutcomePartly = 2;      // 部分达成
inline constexpr int kOutcomeFailed = 3;      // 调解不成
std::string_view OutcomeName(int outcome);    // "settled" | "partly" | "failed" | ""
std::string_view OutcomeNameZh(int outcome);  // 调解成功 | 部分达成 | 调解不成
// "confirm" 司法确认, "litigation" 诉讼, "arbitration" 仲裁, "administrative" 行政处理.
std::string_view RouteNameZh(std::string_view route);
bool IsTransferRoute(std::string_view route);  // litigation, arbitration, administrative
// The channels an order of the kind arrives by: an event patrol | web | hotline | open311; a dispute case
// register; a petition letter 来信 | visit 来访 | online 网上 | hotline 12345 | mailbox 领导信箱.
bool IsChannelOf(Kind kind, std::string_view channel);
// How a petitioner was met (Input::visit): "receive" 接访 (at the office), "appointment" 约访 (invited to
// talk), "home" 下访 (at their home); "" when unknown.
std::string_view VisitNameZh(std::string_view visit);

// Resolution tier (微事不出格、小事不出村、大事不出镇、难事不出县).
std::string_view TierZh(
    std::string_view tier);  // grid 网格 / village 村(社区) / township 乡镇 / county 县级 / department 部门

struct Order {
  int64_t id = 0;
  Kind kind = Kind::kEvent;
  State state = State::kReported;
  std::string category;  // category code (2 or 4 digits)
  int urgency = 1;       // 1 一般 2 紧急 3 特急
  std::string channel;   // patrol | web | hotline | open311
  std::string title;
  std::string description;
  std::string address;
  std::optional<double> lat, lon;
  std::string place_code;  // where it happened: a grid (15), or a village/township when not located finer
  int64_t reporter_user_id = 0;  // 0 when reported without an account (hotline caller, Open311)
  // The secret half of the public tracking code (查询码 "WG…-<key>", service TrackCode): 10 random upper-case
  // hex characters, given to the reporter; set once when the order is reported, never shown in public.
  std::string track_key;
  std::string reporter_name;   // plaintext in memory only (hotline caller / Open311 name)
  std::string reporter_phone;  // plaintext in memory only
  std::string command_place;   // command centre owning the order: a township (9) or the county (6)
  std::optional<int64_t> assignee_dept;
  std::string assignee_place;  // township (9), village (12) or grid (15) handling it; "" when a department
  std::optional<int64_t> handler_user_id;  // who claimed it
  int64_t received_at = 0;
  int64_t accept_due = 0;
  int64_t responded_at = 0;  // accepted, refused or merged (0 = not yet)
  int64_t accepted_at = 0;
  int64_t phase_start = 0;  // start of the current deadline (receipt, acceptance, reopening)
  int64_t handle_due = 0;   // 0 until accepted
  int64_t finished_at = 0;  // latest 办结
  int64_t verified_at = 0;
  int64_t closed_at = 0;
  int64_t alarm_at = 0;      // next time-limit colour change (0 = none): the scheduler's index
  int warn = 0;              // 0 normal 1 yellow 2 red (overdue)
  bool accept_late = false;  // the accept limit passed before a response
  bool handle_late = false;  // the handling limit passed before 办结
  bool ever_dispatched = false;
  bool ever_finished = false;
  int ext_pending_days = 0;  // a pending extension request (working days), 0 = none
  int extensions = 0;
  int return_count = 0;
  int reopen_count = 0;
  int escalate_count = 0;
  int supervise_count = 0;
  int supervise_level = 0;  // highest 督办 strength so far
  int rating = 0;           // latest rating, 0 = none
  std::string tier;         // set at 办结
  std::optional<int64_t> merged_into;
  int risk = 0;           // 风险等级: 0 未研判, 1 低, 2 中, 3 高 (kAssess)
  int outcome = 0;        // dispute: kOutcomeSettled / kOutcomePartly / kOutcomeFailed, 0 = none yet
  std::string route;      // "" or a route (RouteNameZh): where the case went after mediation
  std::string route_ref;  // that channel's case number (court, arbitration commission, authority)
  int followups = 0;      // 回访 recorded
  // The order this one came from or became (an event of a dispute category ↔ its dispute case), both ways.
  std::optional<int64_t> linked_order;
  std::optional<int64_t> leader_user_id;  // 领导包案: the leader in charge (kLead), who sees it as "my cases"
  // 信访 (set at registration by the service): the earlier petition of the same petitioner and matter
  // (重复信访), skipped a level (越级), and 上级交办 — who assigned it from above, with its document number,
  // and the date they want the result by (unix seconds, 0 = none; reported back when answered).
  std::optional<int64_t> repeat_of;
  bool skip_level = false;
  std::string superior;
  int64_t superior_due = 0;
  // Service kinds: the time the provider served (minutes, recorded at 办结), deposited into the time bank
  // when the order closes.
  int service_minutes = 0;
  // Kinds that hold documents (KindSpec::holds_documents): how many the handler holds now. Not stored with
  // the order: the service counts the kind's document rows before it checks an action (kNeedNothingHeld).
  int documents_held = 0;
  // 红色代办: the runner covering the order's household, who may take it (kRelProvider) and see it. Not
  // stored with the order either: read from the roster with documents_held (service KindFacts).
  std::optional<int64_t> runner_user_id;
  // 部门交办: the department that issued it (kRelIssuer). Not stored with the order: read from the task's
  // citation row (TaskRepo) with the kind's other facts (service KindFacts).
  std::optional<int64_t> issuer_dept;
  int64_t version = 1;
  int64_t updated_at = 0;

  // Storage-only encrypted copies of the reporter's personal data.
  std::string reporter_name_enc, reporter_phone_enc, reporter_name_masked, reporter_phone_masked;
};

struct Input {
  Action action = Action::kReport;
  std::string reason;
  std::string note;
  std::vector<std::string> attachments;  // sha256 ids
  std::optional<int64_t> target_dept;
  std::string target_place;
  std::vector<int64_t> departments;
  int rating = 0;
  int strength = 0;
  int days = 0;
  std::optional<int64_t> merge_into;
  bool override_catalogue = false;  // dispatch a department matter to a community anyway (with reason)
  int risk = 0;
  int outcome = 0;
  std::string route;
  std::string reference;          // route_ref
  bool performed = false;         // 回访: the agreement has been performed
  std::vector<int64_t> consents;  // ids of the parties who consented (kExtend)
  std::optional<int64_t> leader;  // the user put in charge (kLead)
  std::string visit;  // kOptVisit: receive 接访 | appointment 约访 | home 下访 ("" = not a visit)
  std::optional<int64_t> target_user;  // 派单 of a service kind: the provider sent
  int minutes = 0;                     // kNeedHours / kOptHours: the time served, in minutes (0 = none)
};

struct Env {
  int64_t now = 0;
  const cal::Calendar* calendar = nullptr;
  const Category* category = nullptr;  // the order's category
  int64_t actor_user_id = 0;
  int warn_percent = 75;  // yellow when this share of the limit has elapsed
};

// Whether the caller may fire `action` now (state, permission, relations, pending extension) — the web UI's
// action buttons; Check() adds the input's required fields.
Status Allowed(const Order& o, Action action, Role role, uint32_t relations);

// Checks the rule for (kind, action): the state, the role's permission, the caller's relations and the
// input's required fields. kFailedPrecondition (409) for a wrong state, kPermissionDenied (403) for a role
// or relation that may not fire it, kInvalidArgument (400) for a missing field.
Status Check(const Order& o, const Input& in, Role role, uint32_t relations);

// Applies an action that Check() allowed: new state, timestamps, deadlines, counters, alarm time.
// Dispatch targets, departments and merge targets have been validated by the service.
Status Apply(Order& o, const Input& in, const Env& env);

// Sets accept_due/handle_due-derived alarm_at and warn for `now` (used by Apply and by the scheduler's
// kAlarm). Returns true when the colour or a late flag changed.
bool RefreshAlarm(Order& o, int64_t now, int warn_percent = 75);

// The current deadline the colour refers to (accept_due while reported, handle_due while being handled,
// 0 otherwise).
int64_t CurrentDeadline(const Order& o);
// When the order is expected to be handled (办结): its handling deadline once it has one; for an order not
// yet accepted, the handling limit counted from its accept deadline (the latest the promise allows); 0 for an
// order refused or merged before handling, or when `category` is null.
int64_t ExpectedDone(const Order& o, const cal::Calendar& calendar, const Category* category);

// Where a new order is owned: the township of its place (or the county for a county-level place); the
// community (village, 12 digits) for the service kinds.
std::string CommandPlaceFor(std::string_view place_code);
std::string CommandPlaceFor(Kind kind, std::string_view place_code);
// The state a finished order waits in for its rating: verified, or finished for the service kinds.
State RatingState(Kind kind);

}  // namespace wangge::order
