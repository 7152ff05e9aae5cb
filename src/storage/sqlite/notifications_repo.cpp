// SQLite: the notification inbox (notifications_repo.hpp).
#include "storage/notifications_repo.hpp"

#include <climits>
#include <string>

#include "storage/cursor.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

Notification ReadNotification(const Stmt& s) {
  return Notification{s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Int(4), s.Text(5), s.Text(6), s.Int(7)};
}
#define NOTIFICATION_COLS "id, user_id, at, kind, order_id, title, body, read_at "

class SqliteNotifyRepo final : public NotifyRepo {
 public:
  explicit SqliteNotifyRepo(SqliteTx* tx) : tx_(tx) {}
  Result<int64_t> InsertNotification(const Notification& n) override;
  Result<Page<Notification>> Inbox(int64_t user_id, bool unread_only, const PageRequest& page) override;
  Result<int64_t> UnreadCount(int64_t user_id) override;
  Result<int64_t> MarkRead(int64_t user_id, int64_t id, int64_t at) override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<NotifyRepo> NewSqliteNotifyRepo(SqliteTx* tx) { return MakeRepo<NotifyRepo, SqliteNotifyRepo>(tx); }

Result<int64_t> SqliteNotifyRepo::InsertNotification(const Notification& n) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO notifications(user_id, at, kind, order_id, title, body, read_at) VALUES(?,?,?,?,?,?,?)");
  s.Bind(1, n.user_id).Bind(2, n.at).Bind(3, n.kind).Bind(4, n.order_id).Bind(5, n.title).Bind(6, n.body);
  s.Bind(7, n.read_at);
  RETURN_IF_ERROR(s.Exec());
  return tx_->conn().LastInsertId();
}

Result<Page<Notification>> SqliteNotifyRepo::Inbox(int64_t user_id, bool unread_only,
                                                   const PageRequest& page) {
  // Two statements so that the unread list reads the partial index (a bound flag would hide it from the
  // planner).
  auto s = tx_->conn().Prepare(
      unread_only
          ? "SELECT " NOTIFICATION_COLS
            " FROM notifications WHERE user_id = ?1 AND read_at = 0 AND id < ?2 ORDER BY id DESC LIMIT ?3"
          : "SELECT " NOTIFICATION_COLS
            " FROM notifications WHERE user_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3");
  const Cursor c = DecodeCursor(page.after);
  const int limit = PageLimit(page);
  s.Bind(1, user_id).Bind(2, c.id == 0 ? INT64_MAX : c.id).Bind(3, limit + 1);
  return RunPage<Notification>(s, limit, ReadNotification,
                               [](const Notification& n) { return EncodeCursor("", n.id); });
}

Result<int64_t> SqliteNotifyRepo::UnreadCount(int64_t user_id) {
  auto s = tx_->conn().Prepare("SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at = 0");
  s.Bind(1, user_id);
  if (!s.Step()) return s.status();
  return s.Int(0);
}

Result<int64_t> SqliteNotifyRepo::MarkRead(int64_t user_id, int64_t id, int64_t at) {
  auto s = tx_->conn().Prepare(
      id == 0 ? "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND read_at = 0 AND ?2 = 0"
              : "UPDATE notifications SET read_at = ?3 WHERE id = ?2 AND user_id = ?1 AND read_at = 0");
  s.Bind(1, user_id).Bind(2, id).Bind(3, at == 0 ? int64_t{1} : at);
  RETURN_IF_ERROR(s.Exec());
  return static_cast<int64_t>(tx_->conn().Changes());
}

}  // namespace wangge::storage::sqlite
