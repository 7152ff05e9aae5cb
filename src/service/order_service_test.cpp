// The event loop through the service, on a real SQLite database: random order histories driven by random
// callers (most of whose actions are refused), with a test clock and the scheduler, then the roll-ups are
// checked against a recomputation from the raw orders (in SQL and in C++). Also: refused actions change
// nothing, and the per-role rules of who may act.
#include "service/order_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "core/codes.hpp"
#include "service/app.hpp"
#include "service/service_test_county.hpp"
#include "storage/departments_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using order::Action;
using order::State;
using testing::Diff;
using testing::kStart;
using testing::Rect;

class OrderServiceTest : public testing::ServiceCountyTest {};

TEST_F(OrderServiceTest, ResidentReportToRatingThroughTheLoop) {
  ReportInput in;
  in.category = "0101";
  in.description = "小区门口垃圾堆放三天无人清运";
  in.lat = 26.05;
  in.lon = 103.05;
  auto r = app_->orders.Report(As(residents_[0]), in);
  ASSERT_TRUE(r.ok()) << r.status().en();
  EXPECT_EQ(r->o.place_code, "530326101001001");
  EXPECT_EQ(r->o.channel, "web");
  const int64_t id = r->o.id;
  EXPECT_EQ(ParseTrackingNo(r->tracking_no), id);

  // Outside every grid.
  in.lat = 30.0;
  EXPECT_EQ(app_->orders.Report(As(residents_[0]), in).status().code(), StatusCode::kInvalidArgument);
  in.lat = 26.05;
  in.category = "9999";
  EXPECT_EQ(app_->orders.Report(As(residents_[0]), in).status().field(), "category");

  auto act = [&](const Principal& p, order::Input i) { return app_->orders.Act(As(p), id, i); };
  EXPECT_EQ(act(residents_[1], {.action = Action::kAccept}).status().code(),
            StatusCode::kNotFound);  // not theirs
  EXPECT_EQ(act(grid_workers_[0], {.action = Action::kAccept}).status().code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(act(township_, {.action = Action::kAccept}).ok());
  // A department matter pushed to a community needs an override with a reason.
  auto d = act(township_, {.action = Action::kDispatch, .target_dept = depts_[0]});
  ASSERT_TRUE(d.ok()) << d.status().en();
  EXPECT_EQ(act(handlers_[1], {.action = Action::kClaim}).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(act(handlers_[0], {.action = Action::kClaim}).ok());
  EXPECT_EQ(act(handlers_[0], {.action = Action::kClaim}).status().code(), StatusCode::kFailedPrecondition);
  {
    OrderFilter f;
    f.mine = "todo";
    auto l = app_->orders.List(As(handlers_[0]), f);
    ASSERT_TRUE(l.ok());
    ASSERT_EQ(l->items.size(), 1u);
    EXPECT_EQ(l->items[0].o.id, id);
  }
  now_ += 3600;
  ASSERT_TRUE(act(handlers_[0], {.action = Action::kFinish, .note = "已清运完毕"}).ok());
  // The department's 待办 (mine=todo) lists its open orders only: this one until it is finished.
  auto todo = [&] {
    OrderFilter f;
    f.mine = "todo";
    auto l = app_->orders.List(As(handlers_[0]), f);
    EXPECT_TRUE(l.ok());
    return l.ok() ? std::count_if(l->items.begin(), l->items.end(),
                                  [&](const OrderView& v) { return v.o.id == id; })
                  : -1;
  };
  EXPECT_EQ(todo(), 0) << "once finished it waits for the check, not for the department";
  ASSERT_TRUE(act(residents_[0], {.action = Action::kVerifyPass}).ok());
  auto rated = act(residents_[0], {.action = Action::kRate, .rating = order::kBasicSatisfied});
  ASSERT_TRUE(rated.ok());
  EXPECT_EQ(rated->o.state, State::kClosed);
  EXPECT_EQ(todo(), 0) << "a closed order is no longer 待办";
  EXPECT_EQ(act(residents_[0], {.action = Action::kRate, .rating = order::kSatisfied}).status().code(),
            StatusCode::kFailedPrecondition);
  auto view = app_->orders.Get(As(township_), id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->events.size(), 7u);
  // The public board has it, without the reporter.
  auto board = app_->orders.Board("", {});
  ASSERT_TRUE(board.ok());
  ASSERT_EQ(board->items.size(), 1u);
  EXPECT_TRUE(board->items[0].o.reporter_name.empty());
  // Followed by the tracking code the reporter was given, never by the (sequential) tracking number alone.
  ASSERT_EQ(r->track_code.rfind(r->tracking_no + "-", 0), 0u) << r->track_code;
  auto track = app_->orders.Track(r->track_code);
  ASSERT_TRUE(track.ok());
  EXPECT_EQ(track->o.state, State::kClosed);
  EXPECT_TRUE(track->track_code.empty());
  EXPECT_EQ(app_->orders.Track(r->tracking_no).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(app_->orders.Track(r->tracking_no + "-0000000000").status().code(), StatusCode::kNotFound);
  // The reporter's inbox got the finish notice (their own check does not notify themselves); the department's
  // handler got the dispatch.
  auto inbox = app_->notify.Inbox(As(residents_[0]), false, {});
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->items.size(), 1u);
  EXPECT_EQ(inbox->items[0].kind, "finished");
  auto dept_inbox = app_->notify.Inbox(As(handlers_[0]), true, {});
  ASSERT_TRUE(dept_inbox.ok());
  ASSERT_FALSE(dept_inbox->items.empty());
  EXPECT_EQ(dept_inbox->items.back().kind, "dispatched");
}

TEST_F(OrderServiceTest, CatalogueWarningWhenPushingADepartmentMatterDown) {
  ReportInput in;
  in.category = "0401";  // 占道经营: a department (城管) matter in the shipped catalogue?
  in.description = "占道经营";
  in.place_code = grids_[0];
  auto cat = app_->catalog.Get();
  ASSERT_TRUE(cat.ok());
  std::string dept_cat;
  for (const auto& [code, c] : (*cat)->categories)
    if (c.handling_level == "department" && code.size() == 4) {
      dept_cat = code;
      break;
    }
  ASSERT_FALSE(dept_cat.empty());
  in.category = dept_cat;
  auto r = app_->orders.Report(As(residents_[0]), in);
  ASSERT_TRUE(r.ok()) << r.status().en();
  ASSERT_TRUE(app_->orders.Act(As(township_), r->o.id, {.action = Action::kAccept}).ok());
  auto down =
      app_->orders.Act(As(township_), r->o.id, {.action = Action::kDispatch, .target_place = "530326101001"});
  EXPECT_EQ(down.status().code(), StatusCode::kInvalidArgument);
  auto forced = app_->orders.Act(As(township_), r->o.id,
                                 {.action = Action::kDispatch,
                                  .reason = "部门已委托社区",
                                  .target_place = "530326101001",
                                  .override_catalogue = true});
  ASSERT_TRUE(forced.ok()) << forced.status().en();
  EXPECT_FALSE(forced->warning.empty());
  auto get = app_->orders.Get(As(township_), r->o.id);
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->suggested_level, "department");
  ASSERT_TRUE(get->suggested_dept.has_value());
}

TEST_F(OrderServiceTest, SpecialGroupOrdersStayOffThePublicBoard) {
  ReportInput in;
  in.category = "1001";  // 社区矫正对象
  in.description = "社区矫正对象未按时报到";
  in.place_code = grids_[0];
  auto r = app_->orders.Report(As(township_), in);
  ASSERT_TRUE(r.ok()) << r.status().en();
  const int64_t id = r->o.id;
  auto act = [&](const Principal& p, order::Input i) { return app_->orders.Act(As(p), id, i); };
  ASSERT_TRUE(act(township_, {.action = Action::kAccept}).ok());
  ASSERT_TRUE(act(township_, {.action = Action::kDispatch, .target_dept = depts_[1]}).ok());
  ASSERT_TRUE(act(handlers_[1], {.action = Action::kClaim}).ok());
  ASSERT_TRUE(act(handlers_[1], {.action = Action::kFinish, .note = "已督促报到"}).ok());
  ASSERT_TRUE(act(county_, {.action = Action::kVerifyPass}).ok());
  // The 12345 line may not see sensitive groups: not this order either (the county centre calls back
  // instead).
  EXPECT_EQ(act(hotline_, {.action = Action::kRate, .rating = order::kSatisfied}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(app_->orders.Get(As(hotline_), id).status().code(), StatusCode::kNotFound);
  auto closed = act(county_, {.action = Action::kRate, .rating = order::kSatisfied});
  ASSERT_TRUE(closed.ok()) << closed.status().en();
  ASSERT_EQ(closed->o.state, State::kClosed);
  auto board = app_->orders.Board("", {});
  ASSERT_TRUE(board.ok());
  for (const auto& v : board->items) EXPECT_NE(v.o.id, id);
  EXPECT_EQ(app_->orders.PublicGet(id).status().code(), StatusCode::kNotFound);
}

// The property test: thousands of random actions by random callers; the roll-ups always equal a
// recomputation from the raw orders.
TEST_F(OrderServiceTest, RollupsEqualRecomputationAfterRandomHistories) {
  std::mt19937_64 rng(20261122);
  auto pick = [&](auto& v) -> auto& {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto cat = app_->catalog.Get();
  ASSERT_TRUE(cat.ok());
  std::vector<std::string> codes;
  for (const auto& [code, c] : (*cat)->categories)
    if (code.size() == 4 && !order::KindOwningCategory(code)) codes.push_back(code);  // events' categories
  std::vector<Principal> everyone = Everyone();
  std::vector<int64_t> ids;
  int ok_actions = 0, refused = 0;
  const std::vector<Action> actions = {Action::kAccept,
                                       Action::kRefuse,
                                       Action::kMerge,
                                       Action::kDispatch,
                                       Action::kClaim,
                                       Action::kProgress,
                                       Action::kFinish,
                                       Action::kReturn,
                                       Action::kEscalate,
                                       Action::kWhistle,
                                       Action::kAck,
                                       Action::kRequestExtension,
                                       Action::kApproveExtension,
                                       Action::kRefuseExtension,
                                       Action::kVerifyPass,
                                       Action::kVerifyFail,
                                       Action::kRate,
                                       Action::kSupervise};
  const int kSteps = 4000;
  for (int step = 0; step < kSteps; ++step) {
    now_ += std::uniform_int_distribution<int64_t>(0, 4 * 3600)(rng);
    if (ids.empty() || chance(0.22)) {
      ReportInput in;
      in.category = pick(codes);
      in.description = "随机事件 " + std::to_string(step);
      in.urgency = static_cast<int>(std::uniform_int_distribution<int>(1, 3)(rng));
      const Principal* who = &pick(residents_);
      if (chance(0.3)) {
        who = &hotline_;
        in.reporter_phone = "13800138000";
        in.reporter_name = "张三";
      }
      if (chance(0.5)) {
        in.lat = 26.0 + std::uniform_real_distribution<double>(0.001, 0.199)(rng);
        in.lon = 103.0 + std::uniform_real_distribution<double>(0.001, 0.199)(rng);
      } else {
        in.place_code = pick(grids_);
      }
      auto r = app_->orders.Report(As(*who), in);
      ASSERT_TRUE(r.ok()) << r.status().en();
      ids.push_back(r->o.id);
      continue;
    }
    const int64_t id = pick(ids);
    std::optional<order::Order> before;
    {
      auto tx = app_->db().Read();
      ASSERT_TRUE(tx.ok());
      auto o = (*tx)->orders().Get(id);
      ASSERT_TRUE(o.ok());
      before = *o;
    }
    order::Input in;
    in.action = pick(actions);
    if (chance(0.75)) {
      // A plausible next step for the state.
      static const std::map<State, std::vector<Action>> next = {
          {State::kReported,
           {Action::kAccept, Action::kAccept, Action::kAccept, Action::kRefuse, Action::kMerge}},
          {State::kAccepted, {Action::kDispatch, Action::kDispatch, Action::kEscalate}},
          {State::kReturned, {Action::kDispatch}},
          {State::kDispatched, {Action::kClaim, Action::kClaim, Action::kReturn, Action::kEscalate}},
          {State::kHandling,
           {Action::kFinish, Action::kFinish, Action::kProgress, Action::kWhistle, Action::kAck,
            Action::kReturn, Action::kRequestExtension, Action::kApproveExtension, Action::kRefuseExtension,
            Action::kEscalate, Action::kSupervise}},
          {State::kFinished, {Action::kVerifyPass, Action::kVerifyPass, Action::kVerifyFail}},
          {State::kVerified, {Action::kRate}},
      };
      if (auto it = next.find(before->state); it != next.end())
        in.action = pick(const_cast<std::vector<Action>&>(it->second));
    }
    // Mostly a caller of the kind that may fire the action (so histories get far), sometimes anyone.
    const Principal* who = &pick(everyone);
    if (chance(0.8)) {
      switch (in.action) {
        case Action::kAccept:
        case Action::kRefuse:
        case Action::kMerge:
        case Action::kDispatch:
        case Action::kApproveExtension:
        case Action::kRefuseExtension:
        case Action::kVerifyFail:
          who = chance(0.7) ? &township_ : &county_;
          break;
        case Action::kVerifyPass:
        case Action::kRate:
        case Action::kSupervise: {
          std::vector<const Principal*> c = {&township_, &county_, &hotline_, &pick(residents_)};
          who = c[std::uniform_int_distribution<size_t>(0, c.size() - 1)(rng)];
          break;
        }
        case Action::kAck:
          who = &pick(handlers_);
          break;
        default: {
          std::vector<const Principal*> c = {&township_, &pick(secretaries_), &pick(grid_workers_),
                                             &pick(handlers_)};
          who = c[std::uniform_int_distribution<size_t>(0, c.size() - 1)(rng)];
        }
      }
    }
    in.reason = chance(0.9) ? "原因" : "";
    in.note = chance(0.9) ? "说明" : "";
    in.rating = std::uniform_int_distribution<int>(1, 3)(rng);
    in.strength = std::uniform_int_distribution<int>(1, 3)(rng);
    in.days = std::uniform_int_distribution<int>(1, 5)(rng);
    if (in.action == Action::kDispatch) {
      switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
        case 0:
          in.target_dept = pick(depts_);
          break;
        case 1:
          in.target_place = "530326101";
          break;
        case 2:
          in.target_place = pick(grids_).substr(0, 12);
          break;
        default:
          in.target_place = pick(grids_);
      }
      in.override_catalogue = chance(0.5);
    }
    if (in.action == Action::kWhistle) in.departments = {pick(depts_)};
    if (in.action == Action::kMerge) in.merge_into = pick(ids);
    auto res = app_->orders.Act(As(*who), id, in);
    if (res.ok()) {
      ++ok_actions;
    } else {
      ++refused;
      ASSERT_NE(res.status().code(), StatusCode::kInternal) << res.status().en();
      auto tx = app_->db().Read();
      ASSERT_TRUE(tx.ok());
      auto after = (*tx)->orders().Get(id);
      ASSERT_TRUE(after.ok());
      EXPECT_EQ(after->version, before->version) << "a refused action changed the order";
      EXPECT_EQ(after->state, before->state);
    }
    if (step % 97 == 0) {
      int64_t next = 0;
      ASSERT_TRUE(app_->orders.RunDue(now_, &next).ok());
    }
  }
  std::printf("random walk: %d actions done, %d refused, %zu orders\n", ok_actions, refused, ids.size());
  EXPECT_GT(ok_actions, 600);
  EXPECT_GT(refused, 500);

  // Recompute in C++ from every order.
  std::map<std::string, order::Metrics> expected;
  int32_t min_day = INT32_MAX, max_day = 0;
  std::set<State> states;
  {
    auto tx = app_->db().Read();
    ASSERT_TRUE(tx.ok());
    for (int64_t id : ids) {
      auto o = (*tx)->orders().Get(id);
      ASSERT_TRUE(o.ok());
      states.insert(o->state);
      const order::Metrics m = order::Contribution(*o);
      for (const std::string& s : order::Subjects(*o)) expected[s] += m;
      min_day = std::min(min_day, order::ReceivedDay(*o));
      max_day = std::max(max_day, order::ReceivedDay(*o));
    }
  }
  EXPECT_GE(states.size(), 7u) << "the random walk should reach most states";
  auto tx = app_->db().Read();
  ASSERT_TRUE(tx.ok());
  for (const auto& [subject, m] : expected) {
    storage::RollupQuery q{subject, min_day, max_day, "", std::nullopt};
    auto sum = (*tx)->orders().SumRollup(q);
    ASSERT_TRUE(sum.ok());
    EXPECT_TRUE(*sum == m) << subject << ": " << Diff(*sum, m);
    auto sql = (*tx)->orders().RecomputeFromOrders(q);
    ASSERT_TRUE(sql.ok());
    EXPECT_TRUE(*sql == m) << subject << " (SQL recomputation): " << Diff(*sql, m);
  }
  // A sub-range and a category class.
  const int32_t mid = (min_day + max_day) / 2;
  for (const std::string& subject : {std::string("530326"), std::string("530326101001")}) {
    storage::RollupQuery q{subject, mid - 20, mid + 20, "01", std::nullopt};
    auto a = (*tx)->orders().SumRollup(q);
    auto b = (*tx)->orders().RecomputeFromOrders(q);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(*a == *b) << subject << ": " << Diff(*a, *b);
  }
}

}  // namespace
}  // namespace wangge::service
