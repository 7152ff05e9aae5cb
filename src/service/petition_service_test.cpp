// Petitions (信访) through the services on a real SQLite database: the county desk registers a visit (越级:
// never brought to the township), the township desk the same person's same matter later (重复信访), the
// petition is accepted late (flagged), handed to a department, handled jointly (联合处置), extended once with
// the leader in charge's approval, answered, reviewed once within 30 days at the county; the bad inputs of
// issue 13 (a second extension, acceptance after 15 days, a 复查 after 30 days, a petition seen by a
// department that is not part of it); who sees a petition; the leader's 包案 list.
#include "service/petition_service.hpp"

#include <gtest/gtest.h>

#include "service/service_test_county.hpp"

namespace wangge::service {
namespace {

using order::Action;
using order::State;

constexpr int64_t kDay = 86400;
using testing::kStart;

class PetitionServiceTest : public testing::ServiceCountyTest {
 protected:
  PetitionInput Petition(const std::string& channel = "visit") {
    PetitionInput in;
    in.category = "1301";
    in.channel = channel;
    in.place_code = grids_[0];
    in.description = "反映承包地被占用，补偿款未到位";
    dispute::Party p;
    p.name = "周五";
    p.citizen_id = "11010519491231002X";
    p.phone = "13800138000";
    in.petitioners = {p};
    return in;
  }
  Status Act(const Principal& who, int64_t id, order::Input in) {
    return app_->orders.Act(As(who), id, in).status();
  }
  order::Order Load(int64_t id) { return app_->orders.Get(As(county_), id)->o; }
};

TEST_F(PetitionServiceTest, RegisteredAcceptedLateHandledJointlyExtendedOnceAnsweredAndReviewedOnce) {
  // The county desk: a visit never brought to the township is 越级.
  auto first = app_->petitions.Register(As(petition_), Petition());
  ASSERT_TRUE(first.ok()) << first.status().en();
  const order::Order& f = first->order.o;
  EXPECT_EQ(f.kind, order::Kind::kPetition);
  EXPECT_EQ(f.channel, "visit");
  EXPECT_TRUE(f.skip_level);
  EXPECT_FALSE(f.repeat_of);
  // 15 natural days counted from the next day: due at the midnight ending 16 January (China time).
  EXPECT_EQ(f.accept_due, kStart - 9 * 3600 + 16 * kDay);
  ASSERT_EQ(first->petitioners.size(), 1u);
  EXPECT_EQ(first->petitioners[0].p.role, "petitioner");
  EXPECT_FALSE(first->petitioners[0].clear);
  EXPECT_EQ(first->petitioners[0].p.name_masked, "周*");

  // The township desk, a week later, by letter: the same person (by phone only) and matter is 重复信访 of the
  // first; a letter is not a level skipped.
  now_ += 7 * kDay;
  PetitionInput again = Petition("letter");
  again.petitioners[0].citizen_id.clear();
  auto second = app_->petitions.Register(As(petition_tw_), again);
  ASSERT_TRUE(second.ok()) << second.status().en();
  const int64_t id = second->order.o.id;
  EXPECT_EQ(second->order.o.repeat_of, f.id);
  EXPECT_FALSE(second->order.o.skip_level);
  // Another matter of the same person is not a repeat.
  PetitionInput other = Petition("letter");
  other.category = "1303";
  auto third = app_->petitions.Register(As(petition_tw_), other);
  ASSERT_TRUE(third.ok()) << third.status().en();
  EXPECT_FALSE(third->order.o.repeat_of);

  // Acceptance decided after 15 days: allowed, flagged late.
  now_ += 16 * kDay;
  ASSERT_TRUE(Act(petition_tw_, id, {.action = Action::kAccept}).ok());
  EXPECT_TRUE(Load(id).accept_late);
  // 60 days of handling from acceptance (counted from the next day, due at midnight).
  const auto Midnight = [&](int days) { return now_ - (now_ + 8 * 3600) % kDay + (days + 1) * kDay; };
  EXPECT_EQ(Load(id).handle_due, Midnight(60));

  // Given to the police; the city-management bureau is not part of it and does not see it.
  const Principal& police = handlers_[1];
  const Principal& chengguan = handlers_[0];
  ASSERT_TRUE(Act(petition_tw_, id, {.action = Action::kDispatch, .target_dept = depts_[1]}).ok());
  EXPECT_EQ(app_->petitions.Get(As(chengguan), id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(app_->petitions.Get(As(grid_workers_[0]), id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(app_->petitions.Get(As(secretaries_[0]), id).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(app_->petitions.Get(As(police), id).ok());
  ASSERT_TRUE(Act(police, id, {.action = Action::kClaim}).ok());
  // 联合处置: the bureau is called in, sees it, and acknowledges its part.
  ASSERT_TRUE(
      Act(police, id, {.action = Action::kWhistle, .reason = "涉及占道搭建", .departments = {depts_[0]}})
          .ok());
  ASSERT_TRUE(app_->petitions.Get(As(chengguan), id).ok());
  auto dept_list = app_->petitions.List(As(chengguan), {});
  ASSERT_TRUE(dept_list.ok()) << dept_list.status().en();
  ASSERT_EQ(dept_list->items.size(), 1u);
  ASSERT_TRUE(Act(chengguan, id, {.action = Action::kAck}).ok());

  // 领导包案: the county centre puts the township official in charge; they see it among their cases and
  // approve the extension. A grid worker cannot be the leader.
  EXPECT_EQ(Act(county_, id, {.action = Action::kLead, .leader = grid_workers_[0].user_id}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Act(petition_tw_, id, {.action = Action::kLead, .leader = township_.user_id}).code(),
            StatusCode::kPermissionDenied);  // the desk does not assign leaders
  ASSERT_TRUE(Act(county_, id, {.action = Action::kLead, .leader = township_.user_id}).ok());
  OrderFilter mine;
  mine.mine = "lead";
  auto led = app_->petitions.List(As(township_), mine);
  ASSERT_TRUE(led.ok()) << led.status().en();
  ASSERT_EQ(led->items.size(), 1u);
  EXPECT_EQ(led->items[0].o.id, id);

  // One extension of at most 30 days.
  EXPECT_EQ(Act(police, id, {.action = Action::kRequestExtension, .reason = "需调取档案", .days = 31}).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(
      Act(police, id, {.action = Action::kRequestExtension, .reason = "需调取档案", .days = 30}).ok());
  const int64_t due = Load(id).handle_due;
  ASSERT_TRUE(Act(township_, id, {.action = Action::kApproveExtension}).ok());
  EXPECT_EQ(Load(id).handle_due, due + 30 * kDay);
  const Status second_ext =
      Act(police, id, {.action = Action::kRequestExtension, .reason = "还需时间", .days = 5});
  EXPECT_EQ(second_ext.code(), StatusCode::kFailedPrecondition) << second_ext.en();

  // 答复 (答复意见书); a 复查 within 30 days goes to the county centre, with 30 days; only once.
  ASSERT_TRUE(Act(police, id, {.action = Action::kFinish, .note = "经核查，占地属实，已责令退还"}).ok());
  auto answered = app_->petitions.Get(As(petition_tw_), id);
  ASSERT_TRUE(answered.ok());
  EXPECT_EQ(answered->order.o.state, State::kFinished);
  EXPECT_GT(answered->order.review_until, now_);
  now_ += 20 * kDay;
  ASSERT_TRUE(Act(petition_tw_, id, {.action = Action::kReview, .reason = "对补偿标准不服"}).ok());
  order::Order reviewed = Load(id);
  EXPECT_EQ(reviewed.state, State::kAccepted);
  EXPECT_EQ(reviewed.command_place, "530326");
  EXPECT_EQ(reviewed.handle_due, Midnight(30));
  ASSERT_TRUE(Act(petition_, id, {.action = Action::kDispatch, .target_dept = depts_[1]}).ok());
  ASSERT_TRUE(Act(police, id, {.action = Action::kClaim}).ok());
  ASSERT_TRUE(Act(police, id, {.action = Action::kFinish, .note = "复查意见：维持原处理意见"}).ok());
  EXPECT_EQ(Act(petition_, id, {.action = Action::kReview, .reason = "仍不服"}).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Act(petition_, id, {.action = Action::kCloseCase, .note = "复查意见已送达，信访人息诉"}).ok());
  EXPECT_EQ(Load(id).state, State::kClosed);
}

TEST_F(PetitionServiceTest, AReviewAfterThirtyDaysIsRefused) {
  auto r = app_->petitions.Register(As(petition_tw_), Petition("online"));
  ASSERT_TRUE(r.ok()) << r.status().en();
  const int64_t id = r->order.o.id;
  ASSERT_TRUE(Act(petition_tw_, id, {.action = Action::kAccept}).ok());
  ASSERT_TRUE(Act(petition_tw_, id, {.action = Action::kDispatch, .target_place = "530326101"}).ok());
  ASSERT_TRUE(Act(township_, id, {.action = Action::kClaim}).ok());
  ASSERT_TRUE(Act(township_, id, {.action = Action::kFinish, .note = "已答复"}).ok());
  now_ += 31 * kDay;
  auto v = app_->petitions.Get(As(petition_tw_), id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(std::count(v->order.actions.begin(), v->order.actions.end(), Action::kReview), 0);
  const Status late = Act(petition_tw_, id, {.action = Action::kReview, .reason = "不服"});
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition) << late.en();
  EXPECT_NE(late.zh().find("30 日"), std::string::npos) << late.zh();
}

TEST_F(PetitionServiceTest, BadInputIsRefusedAndTheKindsKeepTheirClasses) {
  PetitionInput in = Petition();
  in.channel = "fax";
  EXPECT_EQ(app_->petitions.Register(As(petition_), in).status().field(), "channel");
  in = Petition();
  in.petitioners.clear();
  EXPECT_EQ(app_->petitions.Register(As(petition_), in).status().field(), "petitioners");
  in = Petition();
  in.superior = "市信访局 曲信转〔2026〕12号";
  EXPECT_EQ(app_->petitions.Register(As(petition_), in).status().field(), "superior_due");
  in = Petition();
  in.category = "0803";  // a dispute type is not a petition's
  EXPECT_EQ(app_->petitions.Register(As(petition_), in).status().field(), "category");
  // Nobody but the desk and the 综治 roles registers a petition; a grid worker has no such permission.
  EXPECT_EQ(app_->petitions.Register(As(grid_workers_[0]), Petition()).status().code(),
            StatusCode::kPermissionDenied);
  // An event of the petitions' class is refused.
  ReportInput ev;
  ev.category = "1301";
  ev.description = "信访类不能作为事件上报";
  ev.place_code = grids_[0];
  EXPECT_EQ(app_->orders.Report(As(grid_workers_[0]), ev).status().field(), "category");

  // 上级交办 with a date sooner than 60 days: the handling deadline is the higher level's.
  in = Petition("letter");
  in.superior = "市信访局 曲信转〔2026〕12号";
  in.superior_due = "2026-01-20";
  auto r = app_->petitions.Register(As(petition_), in);
  ASSERT_TRUE(r.ok()) << r.status().en();
  ASSERT_TRUE(Act(petition_, r->order.o.id, {.action = Action::kAccept}).ok());
  EXPECT_EQ(Load(r->order.o.id).handle_due, r->order.o.superior_due);
  EXPECT_EQ(r->order.o.superior, "市信访局 曲信转〔2026〕12号");
}

TEST_F(PetitionServiceTest, PetitionersAreUnmaskedOnlyByTheDeskWithAPurpose) {
  auto r = app_->petitions.Register(As(petition_), Petition());
  ASSERT_TRUE(r.ok()) << r.status().en();
  const int64_t id = r->order.o.id;
  EXPECT_EQ(app_->petitions.Unmask(As(petition_), id, "x").status().code(), StatusCode::kInvalidArgument);
  auto clear = app_->petitions.Unmask(As(petition_), id, "电话通知信访人受理结果");
  ASSERT_TRUE(clear.ok()) << clear.status().en();
  EXPECT_EQ(clear->petitioners[0].p.citizen_id, "11010519491231002X");
  EXPECT_EQ(clear->petitioners[0].p.phone, "13800138000");
  ASSERT_TRUE(Act(petition_, id, {.action = Action::kAccept}).ok());
  ASSERT_TRUE(Act(petition_, id, {.action = Action::kDispatch, .target_dept = depts_[1]}).ok());
  // The department handling it sees it, masked, and may not unmask.
  EXPECT_TRUE(app_->petitions.Get(As(handlers_[1]), id).ok());
  EXPECT_EQ(app_->petitions.Unmask(As(handlers_[1]), id, "核实信访人身份").status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace wangge::service
