// Notifications (消息): each user's inbox of what happened to the orders they answer for (dispatched,
// overdue, 督办, 吹哨 …). Who receives one is decided by the service (UserRepo::UsersOfDepartment, UsersAt).
// Webhooks to other systems are their own domain (webhooks_repo.hpp). Backends:
// sqlite/notifications_repo.cpp; contract: notifications_repo_test.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct Notification {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t at = 0;
  std::string kind;      // "dispatched", "overdue", "supervise", "whistle", "returned", "reopened", …
  int64_t order_id = 0;  // 0 when none
  std::string title;     // Chinese, short
  std::string body;
  int64_t read_at = 0;
};

class NotifyRepo {
 public:
  virtual ~NotifyRepo() = default;
  virtual Result<int64_t> InsertNotification(const Notification& n) = 0;
  // Newest first; unread only when asked.
  virtual Result<Page<Notification>> Inbox(int64_t user_id, bool unread_only, const PageRequest& page) = 0;
  virtual Result<int64_t> UnreadCount(int64_t user_id) = 0;
  // Marks one (id) or all (id 0) of the user's notifications read; returns how many changed.
  virtual Result<int64_t> MarkRead(int64_t user_id, int64_t id, int64_t at) = 0;
};

}  // namespace wangge::storage
