// Notifications: the in-app inbox of each user, and outgoing webhooks (HMAC-SHA256 signed, retried with
// back-off) for other systems. Inbox rows and webhook deliveries are written inside the transaction of the
// change they report, so a notification exists exactly when its change does; a delivery thread
// (DeliverDue, run by the scheduler) posts pending deliveries.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "service/context.hpp"
#include "storage/database.hpp"
#include "storage/notifications_repo.hpp"
#include "storage/webhooks_repo.hpp"

namespace wangge::service {

class NotifyService {
 public:
  NotifyService(storage::Database* db, const FieldCipher* cipher) : db_(db), cipher_(cipher) {}

  // Inside a write: one inbox row per user (deduplicated, the actor excluded).
  static Status Notify(storage::Tx& tx, const std::vector<int64_t>& users, int64_t actor,
                       const std::string& kind, int64_t order_id, const std::string& title,
                       const std::string& body, int64_t now);
  // Inside a write: a delivery for every active webhook subscribed to `event` whose scope covers
  // `place_code`.
  Status Enqueue(storage::Tx& tx, const std::string& event, const std::string& place_code,
                 const std::string& payload, int64_t now);

  // The caller's inbox.
  Result<storage::Page<storage::Notification>> Inbox(const Ctx& ctx, bool unread_only,
                                                     const storage::PageRequest& page);
  Result<int64_t> UnreadCount(const Ctx& ctx);
  Result<int64_t> MarkRead(const Ctx& ctx, int64_t id);  // id 0 = all

  // Webhooks (kCatalogAdmin). The secret is returned once, at creation; later reads show it masked.
  Result<storage::Webhook> CreateWebhook(const Ctx& ctx, storage::Webhook w);
  Result<std::vector<storage::Webhook>> Webhooks(const Ctx& ctx);
  Result<storage::Webhook> UpdateWebhook(const Ctx& ctx, int64_t id, int64_t version, bool active,
                                         const std::string& events);
  Result<storage::Page<storage::WebhookDelivery>> Deliveries(const Ctx& ctx, int64_t webhook_id,
                                                             const storage::PageRequest& page);

  // Posts the deliveries due by `now` (scheduler thread); returns how many were attempted and sets `next` to
  // the next due time (0 = none). Each attempt is recorded; after kWebhookMaxAttempts a delivery is "failed".
  Result<int> DeliverDue(int64_t now, int64_t* next, int timeout_ms = 5000);

 private:
  Result<std::shared_ptr<const std::vector<storage::Webhook>>> Hooks(storage::Tx& tx);
  void Invalidate();
  storage::Database* db_;
  const FieldCipher* cipher_;
  std::mutex mu_;
  std::shared_ptr<const std::vector<storage::Webhook>> hooks_;
};

}  // namespace wangge::service
