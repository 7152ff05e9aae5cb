// The storage contract of the notification inbox (notifications_repo.hpp).
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/notifications_repo.hpp"

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "storage/contract_test.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;

TEST_P(StorageContractTest, NotificationsInboxUnreadAndMarkRead) {
  std::vector<int64_t> ids;
  ASSERT_OK(W([&](Tx& tx) {
    for (int i = 0; i < 5; ++i) {
      Notification n{.user_id = 1,
                     .at = 1000 + i,
                     .kind = i % 2 ? "overdue" : "dispatched",
                     .order_id = 10 + i,
                     .title = "工单 " + std::to_string(i),
                     .body = "正文"};
      ASSIGN_OR_RETURN(int64_t id, tx.notify().InsertNotification(n));
      ids.push_back(id);
    }
    return tx.notify()
        .InsertNotification({.user_id = 2, .at = 2000, .kind = "whistle", .title = "别人的"})
        .status();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    std::vector<int64_t> got;
    PageRequest pr{.after = "", .limit = 2};
    for (int guard = 0; guard < 10; ++guard) {
      auto page = tx->notify().Inbox(1, false, pr);
      ASSERT_TRUE(page.ok());
      for (auto& n : page->items) got.push_back(n.id);
      if (page->next.empty()) break;
      pr.after = page->next;
    }
    EXPECT_THAT(got, ElementsAre(ids[4], ids[3], ids[2], ids[1], ids[0]));
    auto first = tx->notify().Inbox(1, false, {.after = "", .limit = 1});
    ASSERT_EQ(first->items.size(), 1u);
    const Notification& n = first->items[0];
    EXPECT_EQ(n.user_id, 1);
    EXPECT_EQ(n.at, 1004);
    EXPECT_EQ(n.kind, "dispatched");
    EXPECT_EQ(n.order_id, 14);
    EXPECT_EQ(n.title, "工单 4");
    EXPECT_EQ(n.body, "正文");
    EXPECT_EQ(n.read_at, 0);
    EXPECT_EQ(*tx->notify().UnreadCount(1), 5);
    EXPECT_EQ(*tx->notify().UnreadCount(2), 1);
    EXPECT_EQ(*tx->notify().UnreadCount(3), 0);
  }
  int64_t changed = -1;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(changed, tx.notify().MarkRead(1, ids[1], 3000));
    return Status::Ok();
  }));
  EXPECT_EQ(changed, 1);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(changed, tx.notify().MarkRead(2, ids[2], 3000));  // not theirs
    return Status::Ok();
  }));
  EXPECT_EQ(changed, 0);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_EQ(*tx->notify().UnreadCount(1), 4);
    auto unread = tx->notify().Inbox(1, true, {.after = "", .limit = 10});
    std::vector<int64_t> got;
    for (auto& n : unread->items) got.push_back(n.id);
    EXPECT_THAT(got, ElementsAre(ids[4], ids[3], ids[2], ids[0]));
    auto all = tx->notify().Inbox(1, false, {.after = "", .limit = 10});
    EXPECT_EQ(all->items[3].read_at, 3000);
  }
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(changed, tx.notify().MarkRead(1, 0, 4000));
    return Status::Ok();
  }));
  EXPECT_EQ(changed, 4);
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->notify().UnreadCount(1), 0);
  EXPECT_EQ(*tx->notify().UnreadCount(2), 1);
  EXPECT_TRUE(tx->notify().Inbox(1, true, {})->items.empty());
  EXPECT_EQ(tx->notify().Inbox(1, false, {})->items.size(), 5u);
}

}  // namespace
}  // namespace wangge::storage::testing
