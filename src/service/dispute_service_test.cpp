// Dispute cases through the services on a real SQLite database: an event becomes a case, the township
// dispatches it to a village committee, its mediator mediates to a signed agreement and 回访 ends it; the bad
// inputs of issue 13 (an agreement missing an element, an extension without every party's consent, a
// mediator acting on another committee's case, a party's history read by a grid worker); who sees a case and
// its parties; the roll-ups stay equal to a recomputation.
#include "service/dispute_service.hpp"

#include <gtest/gtest.h>

#include "service/service_test_county.hpp"
#include "storage/disputes_repo.hpp"

namespace wangge::service {
namespace {

using order::Action;
using order::State;

class DisputeServiceTest : public testing::ServiceCountyTest {
 protected:
  dispute::Party P(const std::string& role, const std::string& name, const std::string& cid,
                   const std::string& phone) {
    dispute::Party p;
    p.role = role;
    p.name = name;
    p.citizen_id = cid;
    p.phone = phone;
    return p;
  }
  DisputeInput Case() {
    DisputeInput in;
    in.category = "0802";
    in.place_code = grids_[0];
    in.description = "张某与李某因赡养老人费用分担发生争执";
    in.parties = {P("applicant", "张三", "11010519491231002X", "13800138000"),
                  P("respondent", "李四", "", "13900139000")};
    return in;
  }
  Status Act(const Principal& who, int64_t id, order::Input in) {
    return app_->orders.Act(As(who), id, in).status();
  }
  // Registered by the first grid worker, accepted by the township, given to the first village committee and
  // taken by its mediator.
  int64_t Mediating() {
    auto r = app_->disputes.Register(As(grid_workers_[0]), Case());
    EXPECT_TRUE(r.ok()) << r.status().en();
    const int64_t id = r->order.o.id;
    EXPECT_TRUE(Act(township_, id, {.action = Action::kAccept}).ok());
    EXPECT_TRUE(Act(township_, id, {.action = Action::kDispatch, .target_place = "530326101001"}).ok());
    EXPECT_TRUE(Act(mediators_[0], id, {.action = Action::kClaim}).ok());
    return id;
  }
  dispute::Agreement Agreement(const std::vector<int64_t>& signers) {
    dispute::Agreement a;
    a.facts = "双方因赡养费分担发生纠纷";
    a.responsibility = "双方均有赡养义务";
    a.terms = "每月各付 500 元";
    a.performance_manner = "银行转账";
    a.performance_location = "甲社区";
    a.performance_due = "2026-03-01";
    a.mediator = "王调解";
    a.signed_by = signers;
    return a;
  }
};

TEST_F(DisputeServiceTest, ACaseIsWhereItHappenedItsOwnPointOrItsEventsForTheMap) {
  // Registered with a point: located to its grid, as an event is; a point outside every grid is refused.
  DisputeInput in = Case();
  in.place_code.clear();
  in.lat = 26.15;
  in.lon = 103.15;
  auto own = app_->disputes.Register(As(township_), in);
  ASSERT_TRUE(own.ok()) << own.status().en();
  EXPECT_EQ(own->order.o.place_code, "530326101201002");
  EXPECT_EQ(own->order.o.lat, 26.15);
  in.lat = 30.0;
  EXPECT_EQ(app_->disputes.Register(As(township_), in).status().field(), "lat");
  // From an event with a point: the case keeps the event's point (and so its grid).
  ReportInput ev;
  ev.category = "0803";
  ev.description = "两户因宅基地界址争执";
  ev.lat = 26.05;
  ev.lon = 103.05;
  auto event = app_->orders.Report(As(grid_workers_[0]), ev);
  ASSERT_TRUE(event.ok()) << event.status().en();
  DisputeInput from = Case();
  from.place_code.clear();
  from.from_order = event->o.id;
  auto converted = app_->disputes.Register(As(grid_workers_[0]), from);
  ASSERT_TRUE(converted.ok()) << converted.status().en();
  EXPECT_EQ(converted->order.o.lat, 26.05);
  EXPECT_EQ(converted->order.o.lon, 103.05);
  EXPECT_EQ(converted->order.o.place_code, event->o.place_code);
}

TEST_F(DisputeServiceTest, AnEventBecomesACaseAndIsMediatedToItsEnd) {
  ReportInput ev;
  ev.category = "0802";
  ev.description = "老人赡养问题兄弟争吵";
  ev.place_code = grids_[0];
  auto event = app_->orders.Report(As(grid_workers_[0]), ev);
  ASSERT_TRUE(event.ok()) << event.status().en();
  DisputeInput in = Case();
  in.place_code.clear();
  in.description.clear();
  in.from_order = event->o.id;
  auto r = app_->disputes.Register(As(grid_workers_[0]), in);
  ASSERT_TRUE(r.ok()) << r.status().en();
  const int64_t id = r->order.o.id;
  EXPECT_EQ(r->order.o.kind, order::Kind::kDispute);
  EXPECT_EQ(r->order.o.place_code, grids_[0]);
  EXPECT_EQ(r->order.o.linked_order, event->o.id);
  EXPECT_EQ(r->order.o.description, "老人赡养问题兄弟争吵");
  EXPECT_EQ(r->order.o.channel, "register");
  // The grid worker registered it: sees the case, not the parties in clear.
  ASSERT_EQ(r->parties.size(), 2u);
  EXPECT_FALSE(r->parties[0].clear);
  EXPECT_EQ(r->parties[0].p.name_masked, "张*");
  EXPECT_EQ(r->parties[0].p.cid_masked, "110105********002X");
  EXPECT_TRUE(r->parties[0].p.name.empty());
  // Linked both ways; the same event twice is a conflict.
  EXPECT_EQ(app_->orders.Get(As(county_), event->o.id)->o.linked_order, id);
  EXPECT_EQ(app_->disputes.Register(As(grid_workers_[0]), in).status().code(), StatusCode::kConflict);

  ASSERT_TRUE(Act(township_, id, {.action = Action::kAccept}).ok());
  // A committee, not a department or a grid.
  EXPECT_EQ(Act(township_, id, {.action = Action::kDispatch, .target_dept = depts_[0]}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Act(township_, id, {.action = Action::kDispatch, .target_place = grids_[0]}).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(Act(township_, id, {.action = Action::kDispatch, .target_place = "530326101001"}).ok());
  // The committee's mediator is told, not the community's secretary (who cannot mediate).
  auto told = app_->notify.Inbox(As(mediators_[0]), true, {});
  ASSERT_TRUE(told.ok());
  ASSERT_FALSE(told->items.empty());
  EXPECT_EQ(told->items.back().kind, "dispatched");
  EXPECT_EQ(told->items.back().order_id, id);
  auto secretary = app_->notify.Inbox(As(secretaries_[0]), true, {});
  ASSERT_TRUE(secretary.ok());
  for (const auto& n : secretary->items) EXPECT_NE(n.order_id, id);
  // The other village's mediator does not see it; the right one takes it.
  EXPECT_EQ(Act(mediators_[1], id, {.action = Action::kClaim}).code(), StatusCode::kNotFound);
  ASSERT_TRUE(Act(mediators_[0], id, {.action = Action::kClaim}).ok());
  ASSERT_TRUE(Act(mediators_[0], id, {.action = Action::kProgress, .note = "第一次调解，双方陈述意见"}).ok());
  // Parties are masked in the case; its mediator unmasks them with a purpose (audited), a grid worker may
  // not.
  auto masked = app_->disputes.Get(As(mediators_[0]), id);
  ASSERT_TRUE(masked.ok()) << masked.status().en();
  EXPECT_FALSE(masked->parties[0].clear);
  EXPECT_EQ(app_->disputes.UnmaskParties(As(mediators_[0]), id, "").status().field(), "purpose");
  EXPECT_EQ(app_->disputes.UnmaskParties(As(grid_workers_[0]), id, "回访").status().code(),
            StatusCode::kPermissionDenied);
  auto mine = app_->disputes.UnmaskParties(As(mediators_[0]), id, "电话通知双方调解时间");
  ASSERT_TRUE(mine.ok()) << mine.status().en();
  ASSERT_TRUE(mine->parties[0].clear);
  EXPECT_EQ(mine->parties[0].p.name, "张三");
  EXPECT_EQ(mine->parties[1].p.phone, "13900139000");
  const std::vector<int64_t> ids = {mine->parties[0].p.id, mine->parties[1].p.id};

  // An agreement missing a required element; then one signed by one party only.
  dispute::Agreement bad = Agreement(ids);
  bad.performance_manner.clear();
  auto refused = app_->disputes.PutAgreement(As(mediators_[0]), id, bad);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "performance_manner");
  auto half = app_->disputes.PutAgreement(As(mediators_[0]), id, Agreement({ids[0]}));
  ASSERT_TRUE(half.ok()) << half.status().en();
  EXPECT_EQ(Act(mediators_[0], id, {.action = Action::kAgree, .outcome = order::kOutcomeSettled}).code(),
            StatusCode::kFailedPrecondition);
  dispute::Agreement both = Agreement(ids);
  both.version = half->version;
  ASSERT_TRUE(app_->disputes.PutAgreement(As(mediators_[0]), id, both).ok());
  ASSERT_TRUE(Act(mediators_[0], id, {.action = Action::kAgree, .outcome = order::kOutcomeSettled}).ok());
  // Mediation is over: the agreement is no longer rewritten.
  both.version = 2;
  EXPECT_EQ(app_->disputes.PutAgreement(As(mediators_[0]), id, both).status().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(
      Act(grid_workers_[0], id, {.action = Action::kFollowUp, .note = "已付首月", .performed = false}).ok());
  ASSERT_TRUE(
      Act(mediators_[0], id, {.action = Action::kFollowUp, .note = "已按约履行", .performed = true}).ok());
  auto done = app_->disputes.Get(As(county_), id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->order.o.state, State::kClosed);
  EXPECT_EQ(done->order.o.tier, "village");
  ASSERT_TRUE(done->agreement.has_value());
  EXPECT_EQ(done->agreement->signed_by, ids);

  // The figures: the county's roll-ups equal a recomputation; a settled, followed-up case is counted.
  auto tx = app_->db().Read();
  ASSERT_TRUE(tx.ok());
  auto check = (*tx)->orders().CheckRollups();
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->mismatches, 0) << check->first;
  storage::RollupQuery q{.subject = "530326", .from_day = 0, .to_day = 100000, .kind = 1};
  auto m = (*tx)->orders().SumRollup(q);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)[order::kSettled], 1);
  EXPECT_EQ((*m)[order::kFollowedUp], 1);
  EXPECT_EQ((*m)[order::kResolved], 1);
}

TEST_F(DisputeServiceTest, ExtensionNeedsEveryPartysConsent) {
  const int64_t id = Mediating();
  auto c = app_->disputes.Get(As(mediators_[0]), id);  // party ids are in the masked view
  ASSERT_TRUE(c.ok());
  const int64_t a = c->parties[0].p.id, b = c->parties[1].p.id;
  order::Input ext{.action = Action::kExtend, .reason = "需等待鉴定结果", .days = 15, .consents = {a}};
  auto st = Act(mediators_[0], id, ext);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "consents");
  ext.consents = {a, b, b + 1000};
  EXPECT_EQ(Act(mediators_[0], id, ext).code(), StatusCode::kInvalidArgument);
  const int64_t due = c->order.o.handle_due;
  ext.consents = {b, a};
  ASSERT_TRUE(Act(mediators_[0], id, ext).ok());
  EXPECT_EQ(app_->disputes.Get(As(county_), id)->order.o.handle_due, due + 15 * 86400);
}

TEST_F(DisputeServiceTest, AMedicalDisputeGoesToTheCommitteeWhateverTheDispatchCatalogueSays) {
  // 0808 医疗纠纷: the catalogue sends the event to the health bureau; the case goes to a committee, no
  // override.
  DisputeInput in = Case();
  in.category = "0808";
  auto r = app_->disputes.Register(As(grid_workers_[0]), in);
  ASSERT_TRUE(r.ok()) << r.status().en();
  const int64_t id = r->order.o.id;
  ASSERT_TRUE(Act(township_, id, {.action = Action::kAccept}).ok());
  auto st =
      app_->orders.Act(As(township_), id, {.action = Action::kDispatch, .target_place = "530326101001"});
  ASSERT_TRUE(st.ok()) << st.status().en();
  EXPECT_TRUE(st->warning.empty());
}

TEST_F(DisputeServiceTest, WhoSeesACaseItsPartiesAndAPartysHistory) {
  const int64_t id = Mediating();
  // A grid worker of the same grid who did not register it, the community secretary of another village,
  // a resident, the other village's mediator: 404.
  for (const Principal& p : {grid_workers_[1], secretaries_[1], residents_[0], mediators_[1]})
    EXPECT_EQ(app_->disputes.Get(As(p), id).status().code(), StatusCode::kNotFound) << p.username;
  EXPECT_EQ(app_->disputes.PutAgreement(As(mediators_[1]), id, Agreement({})).status().code(),
            StatusCode::kNotFound);
  // The township's mediator is not this case's mediator either (the case is the village committee's).
  EXPECT_EQ(app_->disputes.Get(As(mediators_[2]), id).status().code(), StatusCode::kNotFound);
  // Lists: the event loop's list never shows a case; the dispute list shows it to its people only.
  OrderFilter all;
  all.page.limit = 100;
  auto events = app_->orders.List(As(county_), all);
  ASSERT_TRUE(events.ok());
  for (const auto& o : events->items) EXPECT_NE(o.o.id, id);
  auto count = [&](const Principal& p) {
    auto page = app_->disputes.List(As(p), all);
    EXPECT_TRUE(page.ok()) << p.username << " " << page.status().en();
    return page.ok() ? page->items.size() : 0u;
  };
  EXPECT_EQ(count(county_), 1u);
  EXPECT_EQ(count(township_), 1u);
  EXPECT_EQ(count(mediators_[0]), 1u);
  EXPECT_EQ(count(grid_workers_[0]), 1u);  // registered it
  EXPECT_EQ(count(mediators_[1]), 0u);
  EXPECT_EQ(count(grid_workers_[1]), 0u);
  EXPECT_EQ(app_->disputes.List(As(residents_[0]), all).status().code(), StatusCode::kPermissionDenied);
  // A party's history: the 综治 roles only, with a purpose, audited.
  EXPECT_EQ(app_->disputes.History(As(grid_workers_[0]), "11010519491231002X", "回访").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(app_->disputes.History(As(township_), "11010519491231002X", "").status().code(),
            StatusCode::kInvalidArgument);
  auto h = app_->disputes.History(As(township_), "11010519491231002X", "研判是否重复纠纷");
  ASSERT_TRUE(h.ok()) << h.status().en();
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].order.o.id, id);
  auto by_phone = app_->disputes.History(As(county_), "13900139000", "研判");
  ASSERT_TRUE(by_phone.ok());
  EXPECT_EQ(by_phone->size(), 1u);
  auto tx = app_->db().Read();
  auto audit = (*tx)->audit().List("", {.after = "", .limit = 50});
  ASSERT_TRUE(audit.ok());
  int history_reads = 0;
  for (const auto& e : audit->items) history_reads += e.action == "dispute.history.read";
  EXPECT_EQ(history_reads, 2);
}

TEST_F(DisputeServiceTest, RegistrationRefusesBadParties) {
  DisputeInput in = Case();
  in.parties.pop_back();
  EXPECT_EQ(app_->disputes.Register(As(grid_workers_[0]), in).status().field(), "parties");
  in = Case();
  in.parties[1].citizen_id = "110105194912310021";  // wrong check digit
  EXPECT_EQ(app_->disputes.Register(As(grid_workers_[0]), in).status().field(), "parties[1].citizen_id");
  in = Case();
  in.parties[0].role = "witness";
  EXPECT_EQ(app_->disputes.Register(As(grid_workers_[0]), in).status().field(), "parties[0].role");
  in = Case();
  in.category = "0101";  // not a dispute type
  EXPECT_EQ(app_->disputes.Register(As(grid_workers_[0]), in).status().field(), "category");
  in = Case();
  in.place_code = grids_[2];  // another village's grid
  EXPECT_EQ(app_->disputes.Register(As(grid_workers_[0]), in).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(app_->disputes.Register(As(residents_[0]), Case()).status().code(),
            StatusCode::kPermissionDenied);
  // Nothing was written.
  auto tx = app_->db().Read();
  storage::OrderQuery q;
  EXPECT_TRUE((*tx)->orders().List(q)->items.empty());
}

}  // namespace
}  // namespace wangge::service
