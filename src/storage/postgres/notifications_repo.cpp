// PostgreSQL: the notification inbox (notifications_repo.hpp). A notification lies in the county of its
// user's place (read from users when it is inserted); the inbox is read by user, whatever the county.
#include "storage/notifications_repo.hpp"

#include <climits>
#include <string>

#include "storage/cursor.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

Notification ReadNotification(const Stmt& s) {
  return Notification{s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Int(4), s.Text(5), s.Text(6), s.Int(7)};
}
#define NOTIFICATION_COLS "id, user_id, at, kind, order_id, title, body, read_at "

// The county of a user's place; that of the installation ("000000") for a user without one or unknown.
Result<std::string> CountyOfUser(Conn& conn, int64_t user_id) {
  auto s = conn.Prepare("SELECT place_code FROM users WHERE id = $1");
  s.Bind(1, user_id);
  std::string place;
  if (s.Step()) place = s.Text(0);
  RETURN_IF_ERROR(s.status());
  return CountyOf(place);
}

class PgNotifyRepo final : public NotifyRepo {
 public:
  explicit PgNotifyRepo(PgTx* tx) : tx_(tx) {}
  Result<int64_t> InsertNotification(const Notification& n) override;
  Result<Page<Notification>> Inbox(int64_t user_id, bool unread_only, const PageRequest& page) override;
  Result<int64_t> UnreadCount(int64_t user_id) override;
  Result<int64_t> MarkRead(int64_t user_id, int64_t id, int64_t at) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<NotifyRepo> NewPgNotifyRepo(PgTx* tx) { return MakeRepo<NotifyRepo, PgNotifyRepo>(tx); }

Result<int64_t> PgNotifyRepo::InsertNotification(const Notification& n) {
  ASSIGN_OR_RETURN(std::string county, CountyOfUser(tx_->conn(), n.user_id));
  auto s = tx_->conn().Prepare(
      "INSERT INTO notifications(county, user_id, at, kind, order_id, title, body, read_at) "
      "VALUES($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
  s.Bind(1, county).Bind(2, n.user_id).Bind(3, n.at).Bind(4, n.kind).Bind(5, n.order_id).Bind(6, n.title);
  s.Bind(7, n.body).Bind(8, n.read_at);
  if (s.Step()) return s.Int(0);
  RETURN_IF_ERROR(s.status());
  return Internal("INSERT INTO notifications returned no id");
}

Result<Page<Notification>> PgNotifyRepo::Inbox(int64_t user_id, bool unread_only, const PageRequest& page) {
  // Two statements so that the unread list reads the partial index (a bound flag would hide it from the
  // planner).
  auto s = tx_->conn().Prepare(
      unread_only
          ? "SELECT " NOTIFICATION_COLS
            " FROM notifications WHERE user_id = $1 AND read_at = 0 AND id < $2 ORDER BY id DESC LIMIT $3"
          : "SELECT " NOTIFICATION_COLS
            " FROM notifications WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3");
  const Cursor c = DecodeCursor(page.after);
  const int limit = PageLimit(page);
  s.Bind(1, user_id).Bind(2, c.id == 0 ? INT64_MAX : c.id).Bind(3, limit + 1);
  return RunPage<Notification>(s, limit, ReadNotification,
                               [](const Notification& n) { return EncodeCursor("", n.id); });
}

Result<int64_t> PgNotifyRepo::UnreadCount(int64_t user_id) {
  auto s = tx_->conn().Prepare("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at = 0");
  s.Bind(1, user_id);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return Internal("count(*) returned no row");
  }
  return s.Int(0);
}

Result<int64_t> PgNotifyRepo::MarkRead(int64_t user_id, int64_t id, int64_t at) {
  auto s = tx_->conn().Prepare(
      id == 0 ? "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND read_at = 0 AND $2::bigint = 0"
              : "UPDATE notifications SET read_at = $3 WHERE id = $2 AND user_id = $1 AND read_at = 0");
  s.Bind(1, user_id).Bind(2, id).Bind(3, at == 0 ? int64_t{1} : at);
  RETURN_IF_ERROR(s.Exec());
  return s.Changes();
}

}  // namespace wangge::storage::postgres
