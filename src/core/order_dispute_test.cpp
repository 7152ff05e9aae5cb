// The dispute kind of the order engine (矛盾纠纷): its own limits, states, actions and figures.
#include <gtest/gtest.h>

#include "core/indicators.hpp"
#include "core/order.hpp"

namespace wangge::order {
namespace {

// 2026-11-23 (Monday) 09:00 China time.
constexpr int64_t kMon0900 = 1795395600;
constexpr int64_t kDay = 86400;

class DisputeEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cat_.code = "0802";
    cat_.parent = "08";
    cat_.name_zh = "婚姻家庭纠纷";
    cat_.accept_limit = {cal::LimitUnit::kWorkingHours, 2};
    cat_.handle_limit[0] = {cal::LimitUnit::kWorkingDays, 15};
    cat_.handle_limit[1] = {cal::LimitUnit::kWorkingDays, 5};
    cat_.handle_limit[2] = {cal::LimitUnit::kWorkingDays, 1};
    cat_.handling_level = "village";
  }
  Status Do(Order& o, Input in, Role role, uint32_t rel, int64_t t, int64_t actor = 7) {
    RETURN_IF_ERROR(Check(o, in, role, rel));
    return Apply(o, in, Env{t, &calendar_, &cat_, actor});
  }
  // Registered, accepted at 09:10, given to the village committee and taken by its mediator (user 9).
  Order Mediating() {
    Order o;
    o.kind = Kind::kDispute;
    o.place_code = "530326101001001";
    o.category = "0802";
    EXPECT_TRUE(Do(o, {.action = Action::kReport}, Role::kGridWorker, kRelNew, kMon0900).ok());
    EXPECT_TRUE(
        Do(o, {.action = Action::kAccept}, Role::kTownshipOfficial, kRelCommand, kMon0900 + 600).ok());
    EXPECT_TRUE(Do(o, {.action = Action::kDispatch, .target_place = "530326101001"}, Role::kTownshipOfficial,
                   kRelCommand, kMon0900 + 900)
                    .ok());
    EXPECT_TRUE(Do(o, {.action = Action::kClaim}, Role::kMediator, kRelAssignee, kMon0900 + 1200, 9).ok());
    return o;
  }
  cal::Calendar calendar_;
  Category cat_;
};

TEST_F(DisputeEngineTest, KindLimitsOverrideTheCategory) {
  Order o;
  o.kind = Kind::kDispute;
  o.place_code = "530326101001001";
  o.category = "0802";
  ASSERT_TRUE(Do(o, {.action = Action::kReport}, Role::kGridWorker, kRelNew, kMon0900).ok());
  // Accepted within 3 working days (Thursday 18:00), not the category's 2 working hours.
  EXPECT_EQ(o.accept_due, kMon0900 + 3 * kDay + 9 * 3600);
  ASSERT_TRUE(Do(o, {.action = Action::kAccept}, Role::kTownshipOfficial, kRelCommand, kMon0900 + 600).ok());
  // 30 days from acceptance: midnight ending 2026-12-23.
  EXPECT_EQ(o.handle_due, kMon0900 - 9 * 3600 + 31 * kDay);
  EXPECT_EQ(StateLabelZh(o.kind, o.state), "待分派");
  EXPECT_EQ(StateLabelZh(Kind::kEvent, o.state), "待派单");
}

TEST_F(DisputeEngineTest, AgreementFollowUpsAndPerformanceEndTheCase) {
  Order o = Mediating();
  ASSERT_EQ(o.state, State::kHandling);
  EXPECT_TRUE(Do(o, {.action = Action::kProgress, .note = "第一次调解：双方陈述"}, Role::kMediator,
                 kRelAssignee, kMon0900 + kDay, 9)
                  .ok());
  // Outcome must be settled or partly; failure is its own action.
  EXPECT_EQ(
      Check(o, {.action = Action::kAgree, .outcome = kOutcomeFailed}, Role::kMediator, kRelAssignee).code(),
      StatusCode::kInvalidArgument);
  // A grid worker is not a mediator; the township is not the assignee.
  EXPECT_EQ(Check(o, {.action = Action::kAgree, .outcome = kOutcomeSettled}, Role::kGridWorker, kRelAssignee)
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(
      Check(o, {.action = Action::kAgree, .outcome = kOutcomeSettled}, Role::kMediator, kRelCommand).code(),
      StatusCode::kPermissionDenied);
  ASSERT_TRUE(Do(o, {.action = Action::kAgree, .outcome = kOutcomeSettled}, Role::kMediator, kRelAssignee,
                 kMon0900 + 2 * kDay, 9)
                  .ok());
  EXPECT_EQ(o.state, State::kFinished);
  EXPECT_EQ(o.tier, "village");
  EXPECT_FALSE(o.handle_late);
  ASSERT_TRUE(Do(o, {.action = Action::kConfirm, .reference = "（2026）云0326民特12号"}, Role::kMediator,
                 kRelAssignee, kMon0900 + 5 * kDay, 9)
                  .ok());
  EXPECT_EQ(o.route, "confirm");
  ASSERT_TRUE(Do(o, {.action = Action::kFollowUp, .note = "已付一半"}, Role::kGridWorker, kRelGridWorker,
                 kMon0900 + 10 * kDay)
                  .ok());
  EXPECT_EQ(o.state, State::kFinished);
  ASSERT_TRUE(Do(o, {.action = Action::kFollowUp, .note = "已全部履行", .performed = true},
                 Role::kTownshipOfficial, kRelCommand, kMon0900 + 20 * kDay)
                  .ok());
  EXPECT_EQ(o.state, State::kClosed);
  EXPECT_EQ(o.followups, 2);
  const Metrics m = Contribution(o);
  EXPECT_EQ(m[kResolved], 1);
  EXPECT_EQ(m[kOnTime], 1);
  EXPECT_EQ(m[kSettled], 1);
  EXPECT_EQ(m[kConfirmed], 1);
  EXPECT_EQ(m[kFollowedUp], 1);
  EXPECT_EQ(m[kTierVillage], 1);
  EXPECT_EQ(m[kOpenCount], 0);
  EXPECT_EQ(StateLabelZh(o.kind, o.state), "案结事了");
}

TEST_F(DisputeEngineTest, FailureIsTransferredAndFollowedToItsEnd) {
  Order o = Mediating();
  EXPECT_EQ(Check(o, {.action = Action::kFail, .reason = "分歧过大", .route = "court"}, Role::kMediator,
                  kRelAssignee)
                .field(),
            "route");
  ASSERT_TRUE(Do(o, {.action = Action::kFail, .reason = "分歧过大", .route = "litigation"}, Role::kMediator,
                 kRelAssignee, kMon0900 + 40 * kDay, 9)
                  .ok());
  EXPECT_EQ(o.state, State::kTransferred);
  EXPECT_EQ(o.outcome, kOutcomeFailed);
  EXPECT_TRUE(o.handle_late);  // 40 days after acceptance, no extension
  EXPECT_TRUE(IsOpen(o.state));
  EXPECT_EQ(CurrentDeadline(o), 0);  // the court's time is not ours
  Metrics m = Contribution(o);
  EXPECT_EQ(m[kMediationFailed], 1);
  EXPECT_EQ(m[kTransferredCount], 1);
  EXPECT_EQ(m[kLitigated], 1);
  EXPECT_EQ(m[kOpenCount], 1);
  EXPECT_EQ(
      Check(o, {.action = Action::kConclude, .note = "判决离婚"}, Role::kMediator, kRelAssignee).field(),
      "reference");
  ASSERT_TRUE(Do(o, {.action = Action::kConclude, .note = "判决离婚", .reference = "（2027）云0326民初88号"},
                 Role::kTownshipOfficial, kRelCommand, kMon0900 + 90 * kDay)
                  .ok());
  EXPECT_EQ(o.state, State::kClosed);
  EXPECT_EQ(o.route_ref, "（2027）云0326民初88号");
  m = Contribution(o);
  EXPECT_EQ(m[kResolved], 1);
  EXPECT_EQ(m[kOnTime], 0);
  const Rates r = ComputeRates(m);
  EXPECT_DOUBLE_EQ(r.mediation_success, 0.0);
  EXPECT_DOUBLE_EQ(r.settle, 0.0);
}

TEST_F(DisputeEngineTest, ExtensionNeedsConsentAndCountsNaturalDays) {
  Order o = Mediating();
  const int64_t due = o.handle_due;
  Input ext{.action = Action::kExtend, .reason = "需补充证据", .days = 15};
  EXPECT_EQ(Check(o, ext, Role::kMediator, kRelAssignee).field(), "consents");
  ext.consents = {1, 2};
  ext.days = 31;
  EXPECT_EQ(Check(o, ext, Role::kMediator, kRelAssignee).field(), "days");
  ext.days = 15;
  ASSERT_TRUE(Do(o, ext, Role::kMediator, kRelAssignee, kMon0900 + 2 * kDay, 9).ok());
  EXPECT_EQ(o.handle_due, due + 15 * kDay);
  EXPECT_EQ(o.extensions, 1);
  // Events still approve extensions in working days; a dispute has no request/approve pair.
  EXPECT_EQ(FindRule(Kind::kDispute, Action::kRequestExtension), nullptr);
}

TEST(DisputeRules, NeedFieldsNameTheInputsEachActionNeeds) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(NeedFields(FindRule(Kind::kDispute, Action::kExtend)->needs), (V{"days", "consents", "reason"}));
  EXPECT_EQ(NeedFields(FindRule(Kind::kDispute, Action::kConclude)->needs), (V{"reference", "note"}));
  EXPECT_EQ(NeedFields(FindRule(Kind::kEvent, Action::kSettle)->needs), (V{"note", "attachments"}));
  EXPECT_EQ(NeedFields(FindRule(Kind::kEvent, Action::kFinish)->needs), V{"note"});      // photos optional
  EXPECT_EQ(NeedFields(FindRule(Kind::kEvent, Action::kApproveExtension)->needs), V{});  // preconditions only
  // A petition's 办理 may say how the petitioner was met (接访/约访/下访); that is no need.
  EXPECT_EQ(NeedFields(FindRule(Kind::kPetition, Action::kProgress)->needs), V{"note"});
  EXPECT_EQ(OptionalFields(FindRule(Kind::kPetition, Action::kProgress)->needs), V{"visit"});
  EXPECT_EQ(OptionalFields(FindRule(Kind::kDispute, Action::kProgress)->needs), V{});
  // Every Need bit but the three preconditions has a field name, a required or an optional one.
  for (const Rule& r : Rules())
    EXPECT_EQ(NeedFields(r.needs).size() + OptionalFields(r.needs).size(),
              static_cast<size_t>(
                  __builtin_popcount(r.needs & ~(kNeedPending | kNeedNoPending | kNeedNothingHeld))))
        << ActionName(r.action);
}

TEST_F(DisputeEngineTest, RiskAndWrongStates) {
  Order o = Mediating();
  EXPECT_EQ(Check(o, {.action = Action::kAssess, .reason = "扬言报复", .risk = 4}, Role::kTownshipOfficial,
                  kRelCommand)
                .field(),
            "risk");
  ASSERT_TRUE(Do(o, {.action = Action::kAssess, .reason = "扬言报复", .risk = 3}, Role::kTownshipOfficial,
                 kRelCommand, kMon0900 + kDay)
                  .ok());
  EXPECT_EQ(Contribution(o)[kHighRisk], 1);
  // No follow-up before an agreement; no 司法确认 of a case still in mediation.
  EXPECT_EQ(Check(o, {.action = Action::kFollowUp, .note = "x"}, Role::kMediator, kRelAssignee).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Check(o, {.action = Action::kConfirm, .reference = "x"}, Role::kMediator, kRelAssignee).code(),
            StatusCode::kFailedPrecondition);
  // The event actions that a dispute does not have.
  EXPECT_EQ(
      Check(o, {.action = Action::kWhistle, .reason = "x", .departments = {1}}, Role::kMediator, kRelAssignee)
          .code(),
      StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace wangge::order
