#include "core/order.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/indicators.hpp"

namespace wangge::order {
namespace {

// 2026-11-23 (Monday) 09:00 China time.
constexpr int64_t kMon0900 = 1795395600;

class OrderEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cat_.code = "0101";
    cat_.parent = "01";
    cat_.name_zh = "暴露垃圾";
    cat_.name_en = "Exposed garbage";
    cat_.accept_limit = {cal::LimitUnit::kWorkingHours, 2};
    cat_.handle_limit[0] = {cal::LimitUnit::kWorkingDays, 3};
    cat_.handle_limit[1] = {cal::LimitUnit::kWorkingDays, 1};
    cat_.handle_limit[2] = {cal::LimitUnit::kNaturalHours, 4};
    cat_.handling_level = "grid";
    cat_.micro = true;
  }
  Env At(int64_t t, int64_t actor = 7) { return Env{t, &calendar_, &cat_, actor}; }
  Status Do(Order& o, Input in, Role role, uint32_t rel, int64_t t, int64_t actor = 7) {
    RETURN_IF_ERROR(Check(o, in, role, rel));
    return Apply(o, in, At(t, actor));
  }
  Order Reported(int64_t t = kMon0900) {
    Order o;
    o.place_code = "530326101001001";
    o.category = "0101";
    o.reporter_user_id = 42;
    Input in;
    in.action = Action::kReport;
    EXPECT_TRUE(Do(o, in, Role::kResident, kRelNew, t).ok());
    return o;
  }
  cal::Calendar calendar_;
  Category cat_;
};

TEST(OrderRules, EveryActionHasOneRuleAndNamesRoundTrip) {
  std::set<std::pair<int, int>> seen;
  std::set<int> actions;
  for (const Rule& r : Rules()) {
    EXPECT_TRUE(seen.insert({static_cast<int>(r.kind), static_cast<int>(r.action)}).second);
    actions.insert(static_cast<int>(r.action));
  }
  EXPECT_EQ(actions.size(), static_cast<size_t>(kActionCount));  // every action belongs to some kind
  for (int k = 0; k < kKindCount; ++k) {
    const auto kind = static_cast<Kind>(k);
    EXPECT_EQ(SpecOf(kind).kind, kind);
    EXPECT_EQ(KindFromName(KindName(kind)), kind);
    ASSERT_NE(FindRule(kind, Action::kReport), nullptr) << KindName(kind);
    EXPECT_EQ(FindRule(kind, Action::kReport)->from, 0u);
  }
  for (int i = 0; i < kActionCount; ++i) {
    auto a = static_cast<Action>(i);
    EXPECT_EQ(ActionFromName(ActionName(a)), a);
    EXPECT_FALSE(ActionNameZh(a).empty());
  }
  for (int i = 0; i < kStateCount; ++i) {
    auto s = static_cast<State>(i);
    EXPECT_EQ(StateFromName(StateName(s)), s);
  }
  EXPECT_FALSE(ActionFromName("explode"));
}

TEST_F(OrderEngineTest, FullLoopSetsDeadlinesTierAndCloses) {
  Order o = Reported();
  EXPECT_EQ(o.state, State::kReported);
  EXPECT_EQ(o.command_place, "530326101");
  EXPECT_EQ(o.accept_due, kMon0900 + 2 * 3600);  // 09:00 + 2 working hours = 11:00
  Input accept{.action = Action::kAccept};
  ASSERT_TRUE(Do(o, accept, Role::kTownshipOfficial, kRelCommand, kMon0900 + 600).ok());
  EXPECT_EQ(o.state, State::kAccepted);
  // 3 working days after Monday: Thursday 18:00.
  EXPECT_EQ(o.handle_due, kMon0900 + 3 * 86400 + 9 * 3600);
  Input dispatch{.action = Action::kDispatch, .target_place = "530326101001001"};
  ASSERT_TRUE(Do(o, dispatch, Role::kTownshipOfficial, kRelCommand, kMon0900 + 900).ok());
  Input claim{.action = Action::kClaim};
  ASSERT_TRUE(Do(o, claim, Role::kGridWorker, kRelAssignee, kMon0900 + 1200, 9).ok());
  EXPECT_EQ(o.handler_user_id, 9);
  Input finish{.action = Action::kFinish, .note = "已清运"};
  ASSERT_TRUE(Do(o, finish, Role::kGridWorker, kRelAssignee, kMon0900 + 7200, 9).ok());
  EXPECT_EQ(o.tier, "grid");
  Input verify{.action = Action::kVerifyPass};
  ASSERT_TRUE(Do(o, verify, Role::kResident, kRelReporter, kMon0900 + 8000, 42).ok());
  EXPECT_EQ(o.state, State::kVerified);
  EXPECT_EQ(o.alarm_at, kMon0900 + 8000 + kRatingWindowSeconds);
  Input rate{.action = Action::kRate, .rating = kSatisfied};
  ASSERT_TRUE(Do(o, rate, Role::kResident, kRelReporter, kMon0900 + 9000, 42).ok());
  EXPECT_EQ(o.state, State::kClosed);
  Metrics m = Contribution(o);
  EXPECT_EQ(m[kResolved], 1);
  EXPECT_EQ(m[kOnTime], 1);
  EXPECT_EQ(m[kRespondedInTime], 1);
  EXPECT_EQ(m[kSatisfiedCount], 1);
  EXPECT_EQ(m[kTierGrid], 1);
  EXPECT_EQ(m[kOpenCount], 0);
  // Rating twice: the order is closed.
  EXPECT_EQ(Check(o, rate, Role::kResident, kRelReporter).code(), StatusCode::kFailedPrecondition);
}

TEST_F(OrderEngineTest, WrongStateRoleRelationAndMissingFields) {
  Order o = Reported();
  Input claim{.action = Action::kClaim};
  EXPECT_EQ(Check(o, claim, Role::kGridWorker, kRelAssignee).code(), StatusCode::kFailedPrecondition);
  Input accept{.action = Action::kAccept};
  EXPECT_EQ(Check(o, accept, Role::kResident, kRelReporter).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Check(o, accept, Role::kTownshipOfficial, 0).code(), StatusCode::kPermissionDenied);
  Input refuse{.action = Action::kRefuse};
  EXPECT_EQ(Check(o, refuse, Role::kTownshipOfficial, kRelCommand).code(), StatusCode::kInvalidArgument);
  refuse.reason = "不属于受理范围";
  EXPECT_TRUE(Check(o, refuse, Role::kTownshipOfficial, kRelCommand).ok());
  Input alarm{.action = Action::kAlarm};
  EXPECT_EQ(Check(o, alarm, Role::kSystemAdmin, kRelCommand).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(Check(o, alarm, Role::kSystemAdmin, kRelSystem).ok());
  ASSERT_TRUE(Apply(o, refuse, At(kMon0900 + 60)).ok());
  EXPECT_TRUE(IsTerminal(o.state));
  EXPECT_EQ(Contribution(o)[kRefusedCount], 1);
  EXPECT_EQ(Contribution(o)[kDue], 0);
}

TEST_F(OrderEngineTest, DissatisfiedRatingAndFailedCheckReopen) {
  Order o = Reported();
  ASSERT_TRUE(Do(o, {.action = Action::kAccept}, Role::kTownshipOfficial, kRelCommand, kMon0900 + 60).ok());
  ASSERT_TRUE(Do(o, {.action = Action::kDispatch, .target_dept = 3}, Role::kTownshipOfficial, kRelCommand,
                 kMon0900 + 120)
                  .ok());
  ASSERT_TRUE(
      Do(o, {.action = Action::kClaim}, Role::kDepartmentHandler, kRelAssignee, kMon0900 + 180, 5).ok());
  ASSERT_TRUE(Do(o, {.action = Action::kFinish, .note = "ok"}, Role::kDepartmentHandler, kRelAssignee,
                 kMon0900 + 240, 5)
                  .ok());
  EXPECT_EQ(o.tier, "department");
  ASSERT_TRUE(Do(o, {.action = Action::kVerifyFail, .reason = "未清理干净"}, Role::kTownshipOfficial,
                 kRelCommand, kMon0900 + 300)
                  .ok());
  EXPECT_EQ(o.state, State::kHandling);
  EXPECT_EQ(o.reopen_count, 1);
  ASSERT_TRUE(Do(o, {.action = Action::kFinish, .note = "ok"}, Role::kDepartmentHandler, kRelAssignee,
                 kMon0900 + 400, 5)
                  .ok());
  ASSERT_TRUE(
      Do(o, {.action = Action::kVerifyPass}, Role::kTownshipOfficial, kRelCommand, kMon0900 + 500).ok());
  ASSERT_TRUE(Do(o, {.action = Action::kRate, .rating = kDissatisfied}, Role::kResident, kRelReporter,
                 kMon0900 + 600, 42)
                  .ok());
  EXPECT_EQ(o.state, State::kHandling);
  EXPECT_EQ(o.reopen_count, 2);
  Metrics m = Contribution(o);
  EXPECT_EQ(m[kReopened], 1);
  EXPECT_EQ(m[kResolved], 0);
  EXPECT_EQ(m[kDissatisfiedCount], 1);
  EXPECT_EQ(m[kOpenCount], 1);
}

TEST_F(OrderEngineTest, EscalationClimbsOneLevelAtATime) {
  Order o = Reported();
  ASSERT_TRUE(Do(o, {.action = Action::kAccept}, Role::kTownshipOfficial, kRelCommand, kMon0900 + 60).ok());
  ASSERT_TRUE(Do(o, {.action = Action::kDispatch, .target_place = "530326101001001"}, Role::kTownshipOfficial,
                 kRelCommand, kMon0900 + 60)
                  .ok());
  Input up{.action = Action::kEscalate, .reason = "需村里协调"};
  ASSERT_TRUE(Do(o, up, Role::kGridWorker, kRelAssignee, kMon0900 + 100, 9).ok());
  EXPECT_EQ(o.state, State::kDispatched);
  EXPECT_EQ(o.assignee_place, "530326101001");
  ASSERT_TRUE(Do(o, up, Role::kCommunitySecretary, kRelAssignee, kMon0900 + 200, 10).ok());
  EXPECT_EQ(o.state, State::kAccepted);
  EXPECT_EQ(o.command_place, "530326101");
  ASSERT_TRUE(Do(o, up, Role::kTownshipOfficial, kRelCommand, kMon0900 + 300).ok());
  EXPECT_EQ(o.command_place, "530326");
  EXPECT_EQ(Do(o, up, Role::kSystemAdmin, kRelCommand, kMon0900 + 400).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(o.escalate_count, 3);
}

TEST_F(OrderEngineTest, ExtensionNeedsPendingRequestAndMovesDeadline) {
  Order o = Reported();
  ASSERT_TRUE(Do(o, {.action = Action::kAccept}, Role::kTownshipOfficial, kRelCommand, kMon0900).ok());
  ASSERT_TRUE(
      Do(o, {.action = Action::kDispatch, .target_dept = 3}, Role::kTownshipOfficial, kRelCommand, kMon0900)
          .ok());
  ASSERT_TRUE(Do(o, {.action = Action::kClaim}, Role::kDepartmentHandler, kRelAssignee, kMon0900, 5).ok());
  EXPECT_EQ(Check(o, {.action = Action::kApproveExtension}, Role::kTownshipOfficial, kRelCommand).code(),
            StatusCode::kFailedPrecondition);
  const int64_t due = o.handle_due;
  ASSERT_TRUE(Do(o, {.action = Action::kRequestExtension, .reason = "需采购", .days = 2},
                 Role::kDepartmentHandler, kRelAssignee, kMon0900, 5)
                  .ok());
  EXPECT_EQ(Check(o, {.action = Action::kRequestExtension, .reason = "x", .days = 1},
                  Role::kDepartmentHandler, kRelAssignee)
                .code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(
      Do(o, {.action = Action::kApproveExtension}, Role::kTownshipOfficial, kRelCommand, kMon0900 + 60).ok());
  EXPECT_EQ(o.handle_due, due + 4 * 86400);  // Thursday 18:00 + 2 working days (Fri, Mon) = Monday 18:00
  EXPECT_EQ(o.extensions, 1);
}

TEST_F(OrderEngineTest, AlarmGoesYellowThenRedAndMarksLate) {
  Order o = Reported();
  const int64_t due = o.accept_due;
  EXPECT_EQ(o.warn, 0);
  const int64_t yellow = o.alarm_at;
  EXPECT_GT(yellow, o.received_at);
  EXPECT_LT(yellow, due);
  EXPECT_TRUE(RefreshAlarm(o, yellow));
  EXPECT_EQ(o.warn, 1);
  EXPECT_EQ(o.alarm_at, due);
  EXPECT_TRUE(RefreshAlarm(o, due));
  EXPECT_EQ(o.warn, 2);
  EXPECT_TRUE(o.accept_late);
  EXPECT_EQ(o.alarm_at, 0);
  Metrics m = Contribution(o);
  EXPECT_EQ(m[kOverdueOpen], 1);
  ASSERT_TRUE(Do(o, {.action = Action::kAccept}, Role::kTownshipOfficial, kRelCommand, due + 60).ok());
  EXPECT_EQ(Contribution(o)[kRespondedInTime], 0);
  EXPECT_EQ(o.warn, 0);
}

TEST_F(OrderEngineTest, SettleOnTheSpotNeedsPhotoAndGridWorker) {
  Order o;
  o.place_code = "530326101001001";
  o.category = "0101";
  o.reporter_user_id = 9;
  Input settle{.action = Action::kSettle, .note = "已劝离"};
  EXPECT_EQ(Check(o, settle, Role::kGridWorker, kRelNew | kRelGridWorker).code(),
            StatusCode::kInvalidArgument);
  settle.attachments = {std::string(64, 'a')};
  EXPECT_EQ(Check(o, settle, Role::kResident, kRelNew).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(Do(o, settle, Role::kGridWorker, kRelNew | kRelGridWorker, kMon0900, 9).ok());
  EXPECT_EQ(o.state, State::kFinished);
  EXPECT_EQ(o.tier, "grid");
  // The grid worker may not verify their own settlement as its reporter.
  EXPECT_EQ(Check(o, {.action = Action::kVerifyPass}, Role::kGridWorker, kRelReporter).code(),
            StatusCode::kPermissionDenied);
}

TEST(Indicators, MonthsAndRates) {
  EXPECT_EQ(MonthOfDay(0), 1970 * 12);
  EXPECT_EQ(FirstDayOfMonth(1970 * 12), 0);
  for (int32_t d = 19000; d < 21000; d += 17) {
    const int32_t m = MonthOfDay(d);
    EXPECT_LE(FirstDayOfMonth(m), d);
    EXPECT_GT(FirstDayOfMonth(m + 1), d);
  }
  Metrics m;
  m[kReceived] = 10;
  m[kRespondedInTime] = 9;
  m[kResolved] = 4;
  m[kDue] = 5;
  m[kRated] = 4;
  m[kSatisfiedCount] = 2;
  m[kBasicSatisfiedCount] = 1;
  Rates r = ComputeRates(m);
  EXPECT_DOUBLE_EQ(r.response, 0.9);
  EXPECT_DOUBLE_EQ(r.resolution, 0.8);
  EXPECT_DOUBLE_EQ(r.satisfaction, 0.75);
  EXPECT_DOUBLE_EQ(ComputeRates(Metrics{}).response, 0.0);
}

}  // namespace
}  // namespace wangge::order

namespace wangge::order {
namespace {

// 服务工单 (六单一体) and 微心愿: open when ordered (the menu is the promise), owned by the community, taken
// by a provider (抢单) or sent to one (派单 → 接单), a return puts it back to be taken, 办结 records the
// hours and the requester rates it straight away; unrated, it is archived after the rating window.
class ServiceKindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cat_.code = "1401";
    cat_.parent = "14";
    cat_.accept_limit = {cal::LimitUnit::kWorkingHours, 4};
    for (auto& l : cat_.handle_limit) l = {cal::LimitUnit::kNaturalHours, 48};
  }
  Status Do(Order& o, Input in, Role role, uint32_t rel, int64_t t, int64_t actor = 7) {
    RETURN_IF_ERROR(Check(o, in, role, rel));
    return Apply(o, in, Env{t, &calendar_, &cat_, actor});
  }
  Order Ordered(Kind kind) {
    Order o;
    o.kind = kind;
    o.place_code = "530326101001001";
    o.category = kind == Kind::kService ? "1401" : kind == Kind::kErrand ? "1601" : "1501";
    o.reporter_user_id = 42;
    Input in;
    in.action = Action::kReport;
    EXPECT_TRUE(Do(o, in, Role::kResident, kRelNew, t0_).ok());
    return o;
  }
  cal::Calendar calendar_;
  Category cat_;
  const int64_t t0_ = 1795395600;
};

TEST_F(ServiceKindTest, GrabServeRateAndTheCommunityOwnsIt) {
  Order o = Ordered(Kind::kService);
  EXPECT_EQ(o.state, State::kAccepted);
  EXPECT_EQ(o.command_place, "530326101001");  // the community
  EXPECT_EQ(o.handle_due, t0_ + 48 * 3600);    // the promise runs from the order
  Input grab;
  grab.action = Action::kGrab;
  // Only a provider of the community, with the permission.
  EXPECT_EQ(Check(o, grab, Role::kPartyMember, 0).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Check(o, grab, Role::kGridWorker, kRelProvider).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(Do(o, grab, Role::kPartyMember, kRelProvider, t0_ + 600, 9).ok());
  EXPECT_EQ(o.state, State::kHandling);
  EXPECT_EQ(o.handler_user_id, 9);
  // A second grab finds it taken.
  EXPECT_EQ(Check(o, grab, Role::kResident, kRelProvider).code(), StatusCode::kFailedPrecondition);
  // Given back: to be taken again.
  Input ret;
  ret.action = Action::kReturn;
  ret.reason = "临时有事";
  ASSERT_TRUE(Do(o, ret, Role::kPartyMember, kRelAssignee, t0_ + 700, 9).ok());
  EXPECT_EQ(o.state, State::kAccepted);
  EXPECT_FALSE(o.handler_user_id.has_value());
  ASSERT_TRUE(Do(o, grab, Role::kResident, kRelProvider, t0_ + 800, 11).ok());
  // 办结 needs the hours, in half hours.
  Input fin;
  fin.action = Action::kFinish;
  fin.note = "已陪同就医";
  EXPECT_EQ(Check(o, fin, Role::kResident, kRelAssignee).field(), "hours");
  fin.minutes = 100;
  EXPECT_EQ(Check(o, fin, Role::kResident, kRelAssignee).field(), "hours");
  fin.minutes = 150;
  ASSERT_TRUE(Do(o, fin, Role::kResident, kRelAssignee, t0_ + 3600, 11).ok());
  EXPECT_EQ(o.state, State::kFinished);
  EXPECT_EQ(o.service_minutes, 150);
  EXPECT_EQ(o.tier, "village");
  // Waiting for the rating: archived after the window unless rated.
  EXPECT_EQ(o.alarm_at, o.finished_at + kRatingWindowSeconds);
  EXPECT_EQ(RatingState(o.kind), State::kFinished);
  Input rate;
  rate.action = Action::kRate;
  rate.rating = kSatisfied;
  ASSERT_TRUE(Do(o, rate, Role::kResident, kRelReporter, t0_ + 7200, 42).ok());
  EXPECT_EQ(o.state, State::kClosed);
}

TEST_F(ServiceKindTest, ErrandWaitsUntilNothingOfTheHouseholdsIsHeld) {
  Order o = Ordered(Kind::kErrand);
  EXPECT_EQ(o.state, State::kAccepted);
  EXPECT_EQ(o.command_place, "530326101001");
  EXPECT_TRUE(SpecOf(Kind::kErrand).holds_documents);
  Input grab;
  grab.action = Action::kGrab;
  ASSERT_TRUE(Do(o, grab, Role::kPartyMember, kRelProvider, t0_ + 600, 9).ok());
  o.documents_held = 2;  // the runner took the ID card and the medical insurance card
  Input fin;
  fin.action = Action::kFinish;
  fin.note = "已报销";
  fin.minutes = 120;
  const Status held = Check(o, fin, Role::kPartyMember, kRelAssignee);
  EXPECT_EQ(held.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(held.zh().find("2 份材料"), std::string::npos) << held.zh();
  EXPECT_EQ(Allowed(o, Action::kFinish, Role::kPartyMember, kRelAssignee).code(),
            StatusCode::kFailedPrecondition);  // no 办结 button either
  Input ret;
  ret.action = Action::kReturn;
  ret.reason = "临时有事";
  EXPECT_EQ(Check(o, ret, Role::kPartyMember, kRelAssignee).code(), StatusCode::kFailedPrecondition);
  Input cancel;
  cancel.action = Action::kRefuse;
  cancel.reason = "不办了";
  EXPECT_EQ(Check(o, cancel, Role::kResident, kRelReporter).code(), StatusCode::kFailedPrecondition);
  o.documents_held = 0;  // every document returned
  ASSERT_TRUE(Do(o, fin, Role::kPartyMember, kRelAssignee, t0_ + 3600, 9).ok());
  EXPECT_EQ(o.state, State::kFinished);
  EXPECT_EQ(o.service_minutes, 120);
  // The same precondition holds nowhere else: a service order never holds documents.
  EXPECT_FALSE(SpecOf(Kind::kService).holds_documents);
  EXPECT_EQ(ActionLabelZh(Kind::kErrand, Action::kGrab), "接办");
  EXPECT_EQ(StateLabelZh(Kind::kErrand, State::kHandling), "代办中");
}

TEST_F(ServiceKindTest, DispatchNamesAProviderAndHoursOnlyWhereTheRuleSaysSo) {
  Order o = Ordered(Kind::kService);
  Input d;
  d.action = Action::kDispatch;
  EXPECT_EQ(Check(o, d, Role::kCommunitySecretary, kRelCommand).field(), "target_user");
  d.target_place = "530326101001001";
  EXPECT_EQ(Check(o, d, Role::kCommunitySecretary, kRelCommand).field(), "target_user");
  d.target_place.clear();
  EXPECT_EQ(NeedFields(FindRule(Kind::kService, Action::kDispatch)->needs, Kind::kService),
            std::vector<std::string_view>{"target_user"});
  d.target_user = 9;
  // The community sends (service.manage); a grid worker may not.
  EXPECT_EQ(Check(o, d, Role::kGridWorker, kRelCommand).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(Do(o, d, Role::kCommunitySecretary, kRelCommand, t0_ + 60).ok());
  EXPECT_EQ(o.state, State::kDispatched);
  EXPECT_EQ(o.handler_user_id, 9);
  Input claim;
  claim.action = Action::kClaim;
  ASSERT_TRUE(Do(o, claim, Role::kPartyMember, kRelAssignee, t0_ + 120, 9).ok());
  // Hours on an action that records none.
  Input progress;
  progress.action = Action::kProgress;
  progress.note = "已联系";
  progress.minutes = 60;
  EXPECT_EQ(Check(o, progress, Role::kPartyMember, kRelAssignee).field(), "hours");
  // An event's dispatch names no provider.
  Order e;
  e.state = State::kAccepted;
  d.target_place = "530326101001";
  EXPECT_EQ(Check(e, d, Role::kTownshipOfficial, kRelCommand).field(), "target_user");
}

TEST_F(ServiceKindTest, WishIsPublishedBeforeItIsClaimedAndFulfilledWithAPhoto) {
  Order o = Ordered(Kind::kWish);
  EXPECT_EQ(o.state, State::kReported);
  Input grab;
  grab.action = Action::kGrab;
  EXPECT_EQ(Check(o, grab, Role::kPartyMember, kRelProvider).code(), StatusCode::kFailedPrecondition);
  Input publish;
  publish.action = Action::kAccept;
  ASSERT_TRUE(Do(o, publish, Role::kCommunitySecretary, kRelCommand, t0_ + 60).ok());
  ASSERT_TRUE(Do(o, grab, Role::kPartyMember, kRelProvider, t0_ + 120, 9).ok());
  Input fin;
  fin.action = Action::kFinish;
  fin.note = "书已送到";
  EXPECT_EQ(Check(o, fin, Role::kPartyMember, kRelAssignee).field(), "attachments");
  fin.attachments = {"abc"};
  ASSERT_TRUE(Do(o, fin, Role::kPartyMember, kRelAssignee, t0_ + 3600, 9).ok());  // hours optional
  EXPECT_EQ(o.service_minutes, 0);
  Input close;
  close.action = Action::kAutoClose;
  ASSERT_TRUE(Do(o, close, Role::kResident, kRelSystem, o.alarm_at).ok());
  EXPECT_EQ(o.state, State::kClosed);
}

}  // namespace
}  // namespace wangge::order
