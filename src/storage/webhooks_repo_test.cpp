// The storage contract of webhooks and their deliveries (webhooks_repo.hpp).
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/webhooks_repo.hpp"

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "storage/contract_test.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;

TEST_P(StorageContractTest, WebhooksAndDeliveries) {
  Webhook w{.url = "https://example.org/hook",
            .secret_enc = std::string("\x00\x01sealed", 8),
            .events = "order.*",
            .scope = kT1,
            .created_by = 5};
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(w.id, tx.webhooks().Insert(w));
    return tx.webhooks().Insert({.url = "https://example.org/b", .events = "*"}).status();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->webhooks().Get(w.id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->url, w.url);
    EXPECT_EQ(got->secret_enc, w.secret_enc);
    EXPECT_TRUE(got->secret.empty());
    EXPECT_EQ(got->events, "order.*");
    EXPECT_EQ(got->scope, kT1);
    EXPECT_TRUE(got->active);
    EXPECT_EQ(got->created_by, 5);
    EXPECT_FALSE(got->created_at.empty());
    EXPECT_EQ(got->version, 1);
    auto all = tx->webhooks().List();
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, w.id);
    EXPECT_EQ(tx->webhooks().Get(w.id + 100).status().code(), StatusCode::kNotFound);
  }
  Webhook upd = w;
  upd.active = false;
  upd.events = "order.closed";
  ASSERT_OK(W([&](Tx& tx) { return tx.webhooks().Update(upd); }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.webhooks().Update(upd); }), StatusCode::kConflict);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->webhooks().Get(w.id);
    EXPECT_FALSE(got->active);
    EXPECT_EQ(got->events, "order.closed");
    EXPECT_EQ(got->version, 2);
  }
  // Deliveries: due by next_at among the pending ones.
  std::vector<int64_t> d;
  ASSERT_OK(W([&](Tx& tx) {
    for (int64_t next : {500, 100, 300, 100}) {
      WebhookDelivery x{.webhook_id = w.id,
                        .event = "order.closed",
                        .payload = R"({"id":1})",
                        .next_at = next,
                        .created_at = 50};
      ASSIGN_OR_RETURN(int64_t id, tx.webhooks().EnqueueDelivery(x));
      d.push_back(id);
    }
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    std::vector<int64_t> due;
    auto listed = tx->webhooks().DueDeliveries(300, 10);
    ASSERT_TRUE(listed.ok());
    for (auto& x : *listed) due.push_back(x.id);
    EXPECT_THAT(due, ElementsAre(d[1], d[3], d[2]));
    EXPECT_EQ(*tx->webhooks().NextDeliveryAt(), std::optional<int64_t>(100));
    EXPECT_EQ(tx->webhooks().DueDeliveries(300, 1)->size(), 1u);
  }
  ASSERT_OK(W([&](Tx& tx) -> Status {
    auto due = tx.webhooks().DueDeliveries(100, 10);
    if (!due.ok()) return due.status();
    WebhookDelivery a = (*due)[0], b = (*due)[1];
    a.status = "delivered";
    a.attempts = 1;
    a.last_status = 204;
    a.delivered_at = 120;
    b.attempts = 1;
    b.next_at = 700;
    b.last_status = 503;
    b.last_error = "service unavailable";
    RETURN_IF_ERROR(tx.webhooks().UpdateDelivery(a));
    return tx.webhooks().UpdateDelivery(b);
  }));
  EXPECT_CODE(W([&](Tx& tx) {
                WebhookDelivery ghost{.id = d[3] + 100};
                return tx.webhooks().UpdateDelivery(ghost);
              }),
              StatusCode::kNotFound);
  auto tx = R();
  ASSERT_TRUE(tx);
  std::vector<int64_t> due;
  auto due_now = tx->webhooks().DueDeliveries(1000, 10);
  ASSERT_TRUE(due_now.ok());
  for (auto& x : *due_now) due.push_back(x.id);
  EXPECT_THAT(due, ElementsAre(d[2], d[0], d[3]));
  EXPECT_EQ(*tx->webhooks().NextDeliveryAt(), std::optional<int64_t>(300));
  std::vector<WebhookDelivery> listed;
  PageRequest pr{.after = "", .limit = 3};
  for (int guard = 0; guard < 10; ++guard) {
    auto page = tx->webhooks().Deliveries(w.id, pr);
    ASSERT_TRUE(page.ok());
    for (auto& x : page->items) listed.push_back(x);
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[0].id, d[3]);
  EXPECT_EQ(listed[3].id, d[0]);
  const WebhookDelivery& a = listed[2];  // d[1], delivered
  EXPECT_EQ(a.id, d[1]);
  EXPECT_EQ(a.webhook_id, w.id);
  EXPECT_EQ(a.event, "order.closed");
  EXPECT_EQ(a.payload, R"({"id":1})");
  EXPECT_EQ(a.status, "delivered");
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(a.last_status, 204);
  EXPECT_EQ(a.created_at, 50);
  EXPECT_EQ(a.delivered_at, 120);
  EXPECT_EQ(listed[0].last_error, "service unavailable");
  EXPECT_EQ(listed[0].next_at, 700);
  EXPECT_TRUE(tx->webhooks().Deliveries(w.id + 100, {})->items.empty());
}

}  // namespace
}  // namespace wangge::storage::testing
