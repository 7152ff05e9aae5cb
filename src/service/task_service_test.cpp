// 减负 on the service's clock: the county publishes its lists from the template and a new version; a
// department's task citing an admitted item goes to the community and back (接收 → 办结 → 验收); tasks citing
// no item, a cancelled certificate, another list, a draft, an old version or a withdrawn item are refused
// with the reason and kept, with nothing sent; inspections within the cap are filed, beyond it pending until
// the county approves; the load view counts it all.
#include "service/task_service.hpp"

#include <gtest/gtest.h>

#include "core/duty.hpp"
#include "service/service_test_county.hpp"
#include "storage/duties_repo.hpp"
#include "storage/notifications_repo.hpp"

namespace wangge::service {
namespace {

constexpr int64_t kDay = 86400;

class TaskServiceTest : public testing::ServiceCountyTest {
 protected:
  void SetUp() override {
    ServiceCountyTest::SetUp();
    secretary_ = secretaries_[0];  // 530326101001
    other_ = secretaries_[1];      // 530326101201
    dept_ = handlers_[0];
    // The county publishes version 1 of its admission list from the template.
    auto draft = app_->duties.OpenDraft(As(county_), "", "admission", "", "首版");
    ASSERT_TRUE(draft.ok()) << draft.status().en();
    auto pub = app_->duties.Publish(As(county_), draft->list.id, draft->list.version);
    ASSERT_TRUE(pub.ok()) << pub.status().en();
    v1_ = *pub;
    for (const auto& i : v1_.items) {
      if (i.section == "duty" && duty_item_ == 0) duty_item_ = i.id;
      if (i.section == "assist" && assist_item_ == 0) assist_item_ = i.id;
      if (i.section == "cancelled" && cancelled_item_ == 0) cancelled_item_ = i.id;
    }
  }

  TaskInput Task(int64_t item, int version) {
    TaskInput t;
    t.community = secretary_.scope;
    t.item_id = item;
    t.list_version = version;
    t.type = "form";
    t.title = "报送本季度人口统计表";
    t.description = "请于十个工作日内报送本社区常住人口统计表。";
    return t;
  }

  Status Refused(int64_t item, int version, const std::string& want_zh) {
    auto r = app_->tasks.Assign(As(dept_), Task(item, version));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << item;
    EXPECT_EQ(r.status().field(), "item_id");
    EXPECT_NE(r.status().zh().find(want_zh), std::string::npos) << r.status().zh();
    return r.status();
  }

  Principal secretary_, other_, dept_;
  DutyListView v1_;
  int64_t duty_item_ = 0, assist_item_ = 0, cancelled_item_ = 0;
};

TEST_F(TaskServiceTest, ATaskCitingAnAdmittedItemGoesToTheCommunityAndIsCheckedByTheDepartment) {
  EXPECT_EQ(v1_.list.list_version, 1);
  std::map<std::string, int64_t> counts(v1_.counts.begin(), v1_.counts.end());
  EXPECT_EQ(counts["duty"] + counts["assist"], 13);  // 会泽's 13 准入 items
  EXPECT_EQ(counts["cancelled"], 20);
  auto t = app_->tasks.Assign(As(dept_), Task(duty_item_, 1));
  ASSERT_TRUE(t.ok()) << t.status().en();
  EXPECT_EQ(t->o.kind, order::Kind::kTask);
  EXPECT_EQ(t->o.state, order::State::kDispatched);
  EXPECT_EQ(t->o.category, "1703");  // a form to fill
  EXPECT_EQ(t->o.assignee_place, secretary_.scope);
  ASSERT_TRUE(t->task.has_value());  // the order's view carries its citation and the department
  EXPECT_EQ(t->task->item_id, duty_item_);
  EXPECT_EQ(t->task->list_version, 1);
  EXPECT_EQ(t->issuer_dept_name, "县城管局");
  const int64_t id = t->o.id;
  // The community was told, and sees it; the other community does not.
  {
    auto tx = app_->db().Read();
    ASSERT_TRUE(tx.ok());
    auto inbox = (*tx)->notify().Inbox(secretary_.user_id, false, storage::PageRequest{});
    ASSERT_TRUE(inbox.ok());
    ASSERT_FALSE(inbox->items.empty());
    EXPECT_EQ(inbox->items[0].order_id, id);
  }
  EXPECT_EQ(app_->orders.Get(As(other_), id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(app_->orders.Get(As(handlers_[1]), id).status().code(), StatusCode::kNotFound);
  auto act = [&](const Principal& p, order::Action a, std::string note = "") {
    order::Input in;
    in.action = a;
    in.note = note;
    in.reason = note;
    return app_->orders.Act(As(p), id, in);
  };
  // 督办 is the township's, not the community's own.
  {
    order::Input sv;
    sv.action = order::Action::kSupervise;
    sv.strength = 1;
    sv.note = "请抓紧办理";
    EXPECT_EQ(app_->orders.Act(As(secretary_), id, sv).status().code(), StatusCode::kPermissionDenied);
    EXPECT_TRUE(app_->orders.Act(As(township_), id, sv).ok());
  }
  // The department cannot handle it; the community cannot check its own work.
  EXPECT_EQ(act(dept_, order::Action::kClaim).status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(act(secretary_, order::Action::kClaim).ok());
  now_ += kDay;
  ASSERT_TRUE(act(secretary_, order::Action::kFinish, "已报送统计表").ok());
  EXPECT_EQ(act(secretary_, order::Action::kVerifyPass).status().code(), StatusCode::kPermissionDenied);
  // 验收不通过 sends it back; 通过 closes it.
  auto back = act(dept_, order::Action::kVerifyFail, "缺少流动人口一栏");
  ASSERT_TRUE(back.ok()) << back.status().en();
  EXPECT_EQ(back->o.state, order::State::kHandling);
  ASSERT_TRUE(act(secretary_, order::Action::kFinish, "已补充流动人口").ok());
  auto done = act(dept_, order::Action::kVerifyPass);
  ASSERT_TRUE(done.ok()) << done.status().en();
  EXPECT_EQ(done->o.state, order::State::kClosed);
  auto mine = app_->tasks.Tasks(As(dept_), "", "", 0, 50);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  ASSERT_TRUE((*mine)[0].task.has_value());
  EXPECT_EQ((*mine)[0].task->item_id, duty_item_);
  EXPECT_EQ((*mine)[0].issuer_dept_name, "县城管局");
  EXPECT_TRUE(app_->tasks.Tasks(As(other_), "", "", 0, 50)->empty());
}

TEST_F(TaskServiceTest, TasksWithoutAnAdmittedItemAreRefusedWithTheReasonAndKept) {
  Refused(0, 1, "须引用社区工作事项准入清单");
  Refused(cancelled_item_, 1, "替代方式");
  Refused(duty_item_, 2, "与所引版本");
  // An item of another list.
  auto service = app_->duties.OpenDraft(As(county_), "", "service", "", "");
  ASSERT_TRUE(service.ok());
  Refused(service->items[0].id, service->list.list_version, "为民服务事项清单");
  // A draft's item, then the old version once the draft is published.
  auto v2 = app_->duties.OpenDraft(As(county_), "", "admission", "", "第二版");
  ASSERT_TRUE(v2.ok()) << v2.status().en();
  EXPECT_EQ(v2->list.list_version, 2);
  EXPECT_EQ(v2->items.size(), v1_.items.size());
  Refused(v2->items[0].id, 2, "草稿");
  // An item added to the draft takes the next number; publishing numbers the version afresh by section.
  auto added = app_->duties.AddItem(
      As(county_), v2->list.id,
      DutyItemInput{"assist", "民生保障", "协助开展高龄津贴资格认证", "", "县民政局", "", 0});
  ASSERT_TRUE(added.ok()) << added.status().en();
  EXPECT_EQ(added->seq, static_cast<int>(v1_.items.size()) + 1);
  EXPECT_EQ(app_->duties.OpenDraft(As(county_), "", "admission", "", "").status().code(),
            StatusCode::kConflict);
  auto pub = app_->duties.Publish(As(county_), v2->list.id, v2->list.version);
  ASSERT_TRUE(pub.ok()) << pub.status().en();
  for (size_t k = 0; k < pub->items.size(); ++k) {
    EXPECT_EQ(pub->items[k].seq, static_cast<int>(k) + 1);
    if (k > 0) {
      EXPECT_LE(static_cast<int>(*duty::SectionFromName(pub->items[k - 1].section)),
                static_cast<int>(*duty::SectionFromName(pub->items[k].section)));
    }
  }
  Refused(duty_item_, 1, "现行为第 2 版");
  // An item withdrawn from the current version.
  const auto& item = pub->items[0];
  auto w = app_->duties.WithdrawItem(As(county_), pub->list.id, item.id, "职责已划转县直部门", item.version);
  ASSERT_TRUE(w.ok()) << w.status().en();
  Refused(item.id, 2, "已从准入清单中撤销");
  // Nothing was sent; every refusal is on record for the load view.
  EXPECT_TRUE(app_->tasks.Tasks(As(dept_), "", "", 0, 50)->empty());
  auto refusals = app_->tasks.Refusals(As(county_), "", 100);
  ASSERT_TRUE(refusals.ok());
  ASSERT_EQ(refusals->size(), 7u);
  EXPECT_EQ((*refusals)[0].code, "withdrawn");
  EXPECT_EQ((*refusals)[6].code, "no_item");
  // The current version's second item still takes tasks.
  auto ok = app_->tasks.Assign(As(dept_), Task(pub->items[1].id, 2));
  EXPECT_TRUE(ok.ok()) << ok.status().en();
  // Only a department assigns; a community secretary may not, nor may the county edit a published version.
  EXPECT_EQ(app_->tasks.Assign(As(secretary_), Task(pub->items[1].id, 2)).status().code(),
            StatusCode::kPermissionDenied);
  DutyItemInput edit{"duty", "", "改名", "", "", "", 1};
  EXPECT_EQ(app_->duties.UpdateItem(As(county_), pub->list.id, pub->items[1].id, edit).status().code(),
            StatusCode::kFailedPrecondition);
  auto load = app_->tasks.Load(As(county_), "", "", "");
  ASSERT_TRUE(load.ok()) << load.status().en();
  EXPECT_EQ(load->total.refused, 7);
  EXPECT_EQ(load->total.tasks, 1);
  EXPECT_EQ(load->total.forms, 1);
  EXPECT_EQ(load->admission_version, 2);
  EXPECT_EQ(load->admitted, 13);  // one added, one withdrawn
}

TEST_F(TaskServiceTest, InspectionsBeyondTheCapWaitForTheCountysApproval) {
  auto cap = app_->tasks.SetCap(As(county_), "530326", 1, "month", 0);
  ASSERT_TRUE(cap.ok()) << cap.status().en();
  EXPECT_EQ(app_->tasks.SetCap(As(dept_), "530326", 5, "month", 1).status().code(),
            StatusCode::kPermissionDenied);
  InspectionInput in;
  in.community = secretary_.scope;
  in.planned_on = "2026-01-10";  // the clock is 2026-01-01
  in.subject = "燃气安全专项检查";
  auto first = app_->tasks.File(As(dept_), in);
  ASSERT_TRUE(first.ok()) << first.status().en();
  EXPECT_EQ(first->i.status, "filed");
  EXPECT_EQ(first->i.period_key, "2026-01");
  in.planned_on = "2026-01-20";
  auto second = app_->tasks.File(As(handlers_[1]), in);
  ASSERT_TRUE(second.ok()) << second.status().en();
  EXPECT_EQ(second->i.status, "pending");
  EXPECT_TRUE(second->i.over_cap);
  // Another month has its own room; the day itself or the past is not "in advance".
  in.planned_on = "2026-02-03";
  EXPECT_EQ(app_->tasks.File(As(dept_), in)->i.status, "filed");
  for (const char* day : {"2026-01-01", "2025-12-30", "2026-13-01", "2027-01-01"}) {
    in.planned_on = day;
    EXPECT_EQ(app_->tasks.File(As(dept_), in).status().code(), StatusCode::kInvalidArgument) << day;
  }
  // Only the county decides; a refusal needs its reason.
  EXPECT_EQ(app_->tasks.Decide(As(dept_), second->i.id, true, "", second->i.version).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(app_->tasks.Decide(As(county_), second->i.id, false, "", second->i.version).status().code(),
            StatusCode::kInvalidArgument);
  auto approved = app_->tasks.Decide(As(county_), second->i.id, true, "年度重点工作", second->i.version);
  ASSERT_TRUE(approved.ok()) << approved.status().en();
  EXPECT_EQ(approved->counted, 2);
  EXPECT_EQ(app_->tasks.Decide(As(county_), first->i.id, true, "", first->i.version).status().code(),
            StatusCode::kFailedPrecondition);
  // Held only on or after its day, by the department that filed it.
  EXPECT_EQ(app_->tasks.Close(As(dept_), first->i.id, true, "未发现隐患", first->i.version).status().code(),
            StatusCode::kFailedPrecondition);
  now_ += 10 * kDay;
  EXPECT_EQ(app_->tasks.Close(As(handlers_[1]), first->i.id, true, "x", first->i.version).status().code(),
            StatusCode::kNotFound);
  auto held = app_->tasks.Close(As(dept_), first->i.id, true, "未发现隐患", first->i.version);
  ASSERT_TRUE(held.ok()) << held.status().en();
  EXPECT_EQ(held->i.status, "held");
  auto seen = app_->tasks.Inspections(As(secretary_), "", "", 100);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->size(), 3u);
  EXPECT_TRUE(app_->tasks.Inspections(As(other_), "", "", 100)->empty());
  auto load = app_->tasks.Load(As(township_), "", "2026-01", "2026-02");
  ASSERT_TRUE(load.ok()) << load.status().en();
  EXPECT_EQ(load->total.inspections, 3);
  EXPECT_EQ(load->total.over_cap, 1);
  ASSERT_EQ(load->months.size(), 2u);
  EXPECT_EQ(load->months[0].row.inspections, 2);
}

}  // namespace
}  // namespace wangge::service
