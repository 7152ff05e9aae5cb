// Webhooks for other systems: the registered endpoints (their secret sealed at rest) and the queue of
// deliveries with their retries. Backends: sqlite/webhooks_repo.cpp; contract: webhooks_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct Webhook {
  int64_t id = 0;
  std::string url;
  std::string secret;      // plaintext in memory only
  std::string secret_enc;  // storage
  std::string events;      // comma-separated event names, "*" = all
  std::string scope;       // place prefix of orders it receives ("" = all)
  bool active = true;
  int64_t created_by = 0;
  std::string created_at;
  int64_t version = 1;
};

struct WebhookDelivery {
  int64_t id = 0;
  int64_t webhook_id = 0;
  std::string event;
  std::string payload;  // JSON body
  int attempts = 0;
  int64_t next_at = 0;             // when to try next (unix seconds)
  std::string status = "pending";  // pending | delivered | failed
  int last_status = 0;             // last HTTP status, 0 when none
  std::string last_error;
  int64_t created_at = 0;
  int64_t delivered_at = 0;
};

class WebhookRepo {
 public:
  virtual ~WebhookRepo() = default;
  virtual Result<std::vector<Webhook>> List() = 0;  // all, by id
  virtual Result<Webhook> Get(int64_t id) = 0;      // RecordNotFound
  virtual Result<int64_t> Insert(const Webhook& w) = 0;
  virtual Status Update(const Webhook& w) = 0;  // kConflict on version
  virtual Result<int64_t> EnqueueDelivery(const WebhookDelivery& d) = 0;
  virtual Status UpdateDelivery(const WebhookDelivery& d) = 0;
  // Pending deliveries with next_at <= now, oldest first.
  virtual Result<std::vector<WebhookDelivery>> DueDeliveries(int64_t now, int limit) = 0;
  virtual Result<std::optional<int64_t>> NextDeliveryAt() = 0;
  virtual Result<Page<WebhookDelivery>> Deliveries(int64_t webhook_id,
                                                   const PageRequest& page) = 0;  // newest first
};

}  // namespace wangge::storage
