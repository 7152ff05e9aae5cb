// The storage contract of 减负 (duties_repo.hpp): list versions (one draft and one current list per county
// and kind), items numbered within their version, task citations with their order's state, refusals,
// inspections counted against the cap, the cap's optimistic update and the load view's counts. Part of the
// suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/duties_repo.hpp"

#include <gmock/gmock.h>

#include "storage/contract_test.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::storage::testing {
namespace {

constexpr int64_t kAt = 1'780'000'000;

DutyList List(const std::string& kind, int version, const std::string& status) {
  DutyList l;
  l.place_code = kCounty;
  l.kind = kind;
  l.list_version = version;
  l.title = "社区工作事项准入清单";
  l.status = status;
  l.created_by = 1;
  l.created_at = kAt;
  if (status != "draft") l.published_at = kAt + 10;
  return l;
}

DutyItem Item(int64_t list_id, const std::string& section, const std::string& title) {
  DutyItem i;
  i.list_id = list_id;
  i.place_code = kCounty;
  i.section = section;
  i.title = title;
  return i;
}

TEST_P(StorageContractTest, DutyListsKeepOneDraftAndOneCurrentVersionPerKind) {
  DutyList v1 = List("admission", 1, "published"), v2 = List("admission", 2, "draft");
  DutyList other = List("service", 1, "draft");
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.duties().InsertList(&v1));
    RETURN_IF_ERROR(tx.duties().InsertList(&v2));
    return tx.duties().InsertList(&other);
  }));
  // A second draft of the kind, or a version number taken, is a conflict and writes nothing.
  DutyList again = List("admission", 3, "draft");
  EXPECT_EQ(W([&](Tx& tx) { return tx.duties().InsertList(&again); }).code(), StatusCode::kConflict);
  DutyList taken = List("admission", 1, "superseded");
  EXPECT_EQ(W([&](Tx& tx) { return tx.duties().InsertList(&taken); }).code(), StatusCode::kConflict);
  // Items: numbered within their version; an update needs the current row version.
  DutyItem a = Item(v2.id, "duty", "开展人民调解"), b = Item(v2.id, "cancelled", "居住证明");
  b.alternative = "居住证";
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.duties().InsertItem(&a));
    return tx.duties().InsertItem(&b);
  }));
  EXPECT_EQ(a.seq, 1);
  EXPECT_EQ(b.seq, 2);
  DutyItem dup = Item(v2.id, "duty", "重复序号");
  dup.seq = 2;
  EXPECT_EQ(W([&](Tx& tx) { return tx.duties().InsertItem(&dup); }).code(), StatusCode::kConflict);
  DutyItem edited = a;
  edited.title = "开展人民调解和矛盾纠纷排查";
  ASSERT_OK(W([&](Tx& tx) { return tx.duties().UpdateItem(&edited); }));
  EXPECT_EQ(edited.version, 2);
  EXPECT_EQ(W([&](Tx& tx) { return tx.duties().UpdateItem(&a); }).code(), StatusCode::kConflict);
  EXPECT_EQ(W([&](Tx& tx) { return tx.duties().DeleteItem(b.id, 7); }).code(), StatusCode::kConflict);
  // Publishing v2 supersedes v1: two writes in one transaction, the unique current index holds after it.
  ASSERT_OK(W([&](Tx& tx) -> Status {
    v1.status = "superseded";
    v1.superseded_at = kAt + 20;
    RETURN_IF_ERROR(tx.duties().UpdateList(&v1));
    v2.status = "published";
    v2.published_at = kAt + 20;
    v2.published_by = 1;
    return tx.duties().UpdateList(&v2);
  }));
  auto tx = R();
  auto current = tx->duties().ListIn(kCounty, "admission", "published");
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->list_version, 2);
  EXPECT_FALSE(tx->duties().ListIn(kCounty, "admission", "draft")->has_value());
  auto lists = tx->duties().Lists(kCounty);
  ASSERT_TRUE(lists.ok());
  ASSERT_EQ(lists->size(), 3u);
  EXPECT_EQ((*lists)[0].kind, "admission");
  EXPECT_EQ((*lists)[0].list_version, 2);  // newest version first within a kind
  auto items = tx->duties().Items(v2.id);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].title, "开展人民调解和矛盾纠纷排查");
  EXPECT_EQ((*items)[1].alternative, "居住证");
  auto counts = tx->duties().ItemCounts(v2.id);
  ASSERT_TRUE(counts.ok());
  EXPECT_THAT(*counts, ::testing::ElementsAre(::testing::Pair("cancelled", 1), ::testing::Pair("duty", 1)));
}

TEST_P(StorageContractTest, DutyTasksInspectionsAndTheLoadCounts) {
  DutyList l = List("admission", 1, "published");
  DutyItem it = Item(0, "duty", "协助开展人口统计");
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.duties().InsertList(&l));
    it.list_id = l.id;
    return tx.duties().InsertItem(&it);
  }));
  // Two tasks to kV1 from department 3 (one returned), one to kV3 from department 4.
  int64_t ids[3] = {0, 0, 0};
  const std::string places[3] = {kV1, kV1, kV3};
  for (int k = 0; k < 3; ++k) {
    order::Order o;
    o.kind = order::Kind::kTask;
    o.state = k == 1 ? order::State::kRefused : order::State::kDispatched;
    o.category = "1701";
    o.channel = "register";
    o.title = "报送人口统计表";
    o.place_code = places[k];
    o.command_place = kT1;
    o.assignee_place = places[k];
    ASSERT_OK(W([&](Tx& tx) -> Status {
      ASSIGN_OR_RETURN(ids[k], tx.orders().Insert(o));
      DutyTask t;
      t.order_id = ids[k];
      t.place_code = places[k];
      t.dept_id = k == 2 ? 4 : 3;
      t.item_id = it.id;
      t.list_id = l.id;
      t.list_version = 1;
      t.section = "duty";
      t.type = k == 0 ? "form" : "work";
      t.period = 202612;
      t.created_at = kAt;
      return tx.duties().InsertTask(t);
    }));
  }
  DutyRefusal r;
  r.place_code = kV1;
  r.dept_id = 3;
  r.user_id = 9;
  r.type = "certificate";
  r.title = "开具居住证明";
  r.code = "cancelled";
  r.reason = "已取消";
  r.period = 202612;
  r.at = kAt;
  Inspection filed, over;
  filed.place_code = over.place_code = kV1;
  filed.dept_id = over.dept_id = 3;
  filed.planned_on = over.planned_on = "2026-12-20";
  filed.period_key = over.period_key = "2026-Q4";
  filed.subject = over.subject = "安全生产检查";
  filed.filed_by = over.filed_by = 9;
  filed.filed_at = over.filed_at = kAt;
  filed.period = over.period = 202612;
  over.over_cap = true;
  over.status = "pending";
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.duties().InsertRefusal(&r));
    RETURN_IF_ERROR(tx.duties().InsertInspection(&filed));
    return tx.duties().InsertInspection(&over);
  }));
  // Beyond the cap an inspection cannot be merely filed (the schema's check).
  Inspection bad = over;
  bad.status = "filed";
  EXPECT_FALSE(W([&](Tx& tx) { return tx.duties().InsertInspection(&bad); }).ok());
  {
    auto tx = R();
    auto task = tx->duties().GetTask(ids[0]);
    ASSERT_TRUE(task.ok() && task->has_value());
    EXPECT_EQ((*task)->item_title, "协助开展人口统计");
    EXPECT_EQ((*task)->item_seq, 1);
    DutyTaskFilter f;
    f.dept_id = 3;
    auto mine = tx->duties().Tasks(f);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 2u);
    EXPECT_EQ((*mine)[0].order_id, ids[1]);  // newest first
    EXPECT_EQ((*mine)[0].state, static_cast<int>(order::State::kRefused));
    DutyTaskFilter g;
    g.scope = kT2;
    auto t2 = tx->duties().Tasks(g);
    ASSERT_TRUE(t2.ok());
    ASSERT_EQ(t2->size(), 1u);
    EXPECT_EQ((*t2)[0].order_id, ids[2]);
    g.scope = kT1;
    g.state = static_cast<int>(order::State::kDispatched);
    EXPECT_EQ(tx->duties().Tasks(g)->size(), 1u);
    EXPECT_EQ(*tx->duties().CountAgainstCap(kV1, "2026-Q4"), 1);  // the pending one does not count
    EXPECT_EQ(tx->duties().Refusals(kT1, 0, 10)->size(), 1u);
    EXPECT_EQ(tx->duties().Refusals(kT1, 4, 10)->size(), 0u);
  }
  // Approving the pending one makes it count; a stale write is refused.
  Inspection approved = over;
  approved.status = "approved";
  approved.decided_by = 2;
  approved.decided_at = kAt + 5;
  ASSERT_OK(W([&](Tx& tx) { return tx.duties().UpdateInspection(&approved); }));
  EXPECT_EQ(W([&](Tx& tx) { return tx.duties().UpdateInspection(&over); }).code(), StatusCode::kConflict);
  // The cap: inserted once, then updated by version.
  InspectionCap cap;
  cap.place_code = kCounty;
  cap.cap = 2;
  cap.period = "month";
  cap.updated_by = 1;
  cap.updated_at = kAt;
  ASSERT_OK(W([&](Tx& tx) { return tx.duties().PutCap(&cap); }));
  InspectionCap second = cap;
  second.version = 0;
  EXPECT_EQ(W([&](Tx& tx) { return tx.duties().PutCap(&second); }).code(), StatusCode::kConflict);
  cap.cap = 3;
  ASSERT_OK(W([&](Tx& tx) { return tx.duties().PutCap(&cap); }));
  auto tx = R();
  auto got = tx->duties().GetCap(kCounty);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->cap, 3);
  EXPECT_EQ((*got)->version, 2);
  EXPECT_EQ(*tx->duties().CountAgainstCap(kV1, "2026-Q4"), 2);
  auto load = tx->duties().Load(kT1, 202601, 202612);
  ASSERT_TRUE(load.ok());
  std::map<std::string, int64_t> by;
  for (const LoadCount& c : *load) {
    EXPECT_EQ(c.place_code, kV1);
    by[c.what] += c.n;
  }
  EXPECT_EQ(by["form"], 1);
  EXPECT_EQ(by["work"], 1);
  EXPECT_EQ(by["returned"], 1);
  EXPECT_EQ(by["refused"], 1);
  EXPECT_EQ(by["inspection_filed"], 1);
  EXPECT_EQ(by["inspection_approved"], 1);
  EXPECT_EQ(by["over_cap"], 1);
  EXPECT_TRUE(tx->duties().Load(kT1, 202701, 202712)->empty());
}

}  // namespace
}  // namespace wangge::storage::testing
