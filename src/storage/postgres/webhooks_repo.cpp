// PostgreSQL: webhooks and their delivery queue (webhooks_repo.hpp). A webhook lies in the county of its
// scope ("000000" when it covers everything) and moves when Update changes that county, taking its
// deliveries along; a delivery lies in its webhook's county.
#include "storage/webhooks_repo.hpp"

#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "storage/cursor.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

constexpr int kMaxWebhooks = 1000;

Webhook ReadWebhook(const Stmt& s) {
  Webhook w;
  w.id = s.Int(0);
  w.url = s.Text(1);
  w.secret_enc = s.Blob(2);
  w.events = s.Text(3);
  w.scope = s.Text(4);
  w.active = s.Int(5) != 0;
  w.created_by = s.Int(6);
  w.created_at = s.Text(7);
  w.version = s.Int(8);
  return w;
}
#define WEBHOOK_COLS "id, url, secret_enc, events, scope, active, created_by, created_at, version "

WebhookDelivery ReadDelivery(const Stmt& s) {
  WebhookDelivery d;
  d.id = s.Int(0);
  d.webhook_id = s.Int(1);
  d.event = s.Text(2);
  d.payload = s.Text(3);
  d.attempts = static_cast<int>(s.Int(4));
  d.next_at = s.Int(5);
  d.status = s.Text(6);
  d.last_status = static_cast<int>(s.Int(7));
  d.last_error = s.Text(8);
  d.created_at = s.Int(9);
  d.delivered_at = s.Int(10);
  return d;
}
#define DELIVERY_COLS                                                                                \
  "id, webhook_id, event, payload, attempts, next_at, status, last_status, last_error, created_at, " \
  "delivered_at "

class PgWebhookRepo final : public WebhookRepo {
 public:
  explicit PgWebhookRepo(PgTx* tx) : tx_(tx) {}
  Result<std::vector<Webhook>> List() override;
  Result<Webhook> Get(int64_t id) override;
  Result<int64_t> Insert(const Webhook& w) override;
  Status Update(const Webhook& w) override;
  Result<int64_t> EnqueueDelivery(const WebhookDelivery& d) override;
  Status UpdateDelivery(const WebhookDelivery& d) override;
  Result<std::vector<WebhookDelivery>> DueDeliveries(int64_t now, int limit) override;
  Result<std::optional<int64_t>> NextDeliveryAt() override;
  Result<Page<WebhookDelivery>> Deliveries(int64_t webhook_id, const PageRequest& page) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<WebhookRepo> NewPgWebhookRepo(PgTx* tx) { return MakeRepo<WebhookRepo, PgWebhookRepo>(tx); }

Result<std::vector<Webhook>> PgWebhookRepo::List() {
  auto s = tx_->conn().Prepare("SELECT " WEBHOOK_COLS " FROM webhooks ORDER BY id LIMIT $1");
  s.Bind(1, kMaxWebhooks);
  std::vector<Webhook> out;
  while (s.Step()) out.push_back(ReadWebhook(s));
  if (!s.status().ok()) return s.status();
  return out;
}

Result<Webhook> PgWebhookRepo::Get(int64_t id) {
  return GetById<Webhook>(tx_->conn(), "SELECT " WEBHOOK_COLS " FROM webhooks WHERE id = $1", id,
                          ReadWebhook);
}

Result<int64_t> PgWebhookRepo::Insert(const Webhook& w) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO webhooks(county, url, secret_enc, events, scope, active, created_by, created_at, version) "
      "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
  s.Bind(1, CountyOf(w.scope)).Bind(2, w.url);
  BindBlobOrNull(s, 3, w.secret_enc);
  s.Bind(4, w.events).Bind(5, w.scope).Bind(6, w.active).Bind(7, w.created_by);
  s.Bind(8, w.created_at.empty() ? tx_->Now() : w.created_at).Bind(9, w.version);
  if (s.Step()) return s.Int(0);
  RETURN_IF_ERROR(s.status());
  return Internal("INSERT INTO webhooks returned no id");
}

Status PgWebhookRepo::Update(const Webhook& w) {
  const std::string county = CountyOf(w.scope);
  auto s = tx_->conn().Prepare(
      "UPDATE webhooks SET url = $1, secret_enc = $2, events = $3, scope = $4, active = $5, county = $8, "
      "version = version + 1 WHERE id = $6 AND version = $7");
  s.Bind(1, w.url);
  BindBlobOrNull(s, 2, w.secret_enc);
  s.Bind(3, w.events).Bind(4, w.scope).Bind(5, w.active).Bind(6, w.id).Bind(7, w.version).Bind(8, county);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 1) {
    // A scope in another county moved the webhook: its deliveries follow it.
    auto m = tx_->conn().Prepare(
        "UPDATE webhook_deliveries SET county = $1 WHERE webhook_id = $2 AND county <> $1");
    m.Bind(1, county).Bind(2, w.id);
    return m.Exec();
  }
  auto e = tx_->conn().Prepare("SELECT 1 FROM webhooks WHERE id = $1");
  e.Bind(1, w.id);
  if (e.Step()) return StaleVersion();
  RETURN_IF_ERROR(e.status());
  return RecordNotFound();
}

Result<int64_t> PgWebhookRepo::EnqueueDelivery(const WebhookDelivery& d) {
  // In the webhook's county ("000000" for a webhook that does not exist: SQLite accepts those too).
  auto s = tx_->conn().Prepare(
      "INSERT INTO webhook_deliveries(county, webhook_id, event, payload, attempts, next_at, status, "
      "last_status, last_error, created_at, delivered_at) "
      "VALUES(coalesce((SELECT county FROM webhooks WHERE id = $1), $11), $1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, "
      "$10) RETURNING id");
  s.Bind(1, d.webhook_id).Bind(2, d.event).Bind(3, d.payload).Bind(4, d.attempts).Bind(5, d.next_at);
  s.Bind(6, d.status)
      .Bind(7, d.last_status)
      .Bind(8, d.last_error)
      .Bind(9, d.created_at)
      .Bind(10, d.delivered_at)
      .Bind(11, CountyOf(""));
  if (s.Step()) return s.Int(0);
  RETURN_IF_ERROR(s.status());
  return Internal("INSERT INTO webhook_deliveries returned no id");
}

Status PgWebhookRepo::UpdateDelivery(const WebhookDelivery& d) {
  auto s = tx_->conn().Prepare(
      "UPDATE webhook_deliveries SET attempts = $2, next_at = $3, status = $4, last_status = $5, "
      "last_error = $6, delivered_at = $7 WHERE id = $1");
  s.Bind(1, d.id).Bind(2, d.attempts).Bind(3, d.next_at).Bind(4, d.status).Bind(5, d.last_status);
  s.Bind(6, d.last_error).Bind(7, d.delivered_at);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Result<std::vector<WebhookDelivery>> PgWebhookRepo::DueDeliveries(int64_t now, int limit) {
  auto s = tx_->conn().Prepare("SELECT " DELIVERY_COLS
                               " FROM webhook_deliveries WHERE status = 'pending' AND next_at <= $1 "
                               "ORDER BY next_at, id LIMIT $2");
  s.Bind(1, now).Bind(2, Clamp(limit, kMaxDue));
  std::vector<WebhookDelivery> out;
  while (s.Step()) out.push_back(ReadDelivery(s));
  if (!s.status().ok()) return s.status();
  return out;
}

Result<std::optional<int64_t>> PgWebhookRepo::NextDeliveryAt() {
  auto s = tx_->conn().Prepare("SELECT min(next_at) FROM webhook_deliveries WHERE status = 'pending'");
  return OptionalInt(s);
}

Result<Page<WebhookDelivery>> PgWebhookRepo::Deliveries(int64_t webhook_id, const PageRequest& page) {
  auto s = tx_->conn().Prepare(
      "SELECT " DELIVERY_COLS
      " FROM webhook_deliveries WHERE webhook_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3");
  const Cursor c = DecodeCursor(page.after);
  const int limit = PageLimit(page);
  s.Bind(1, webhook_id).Bind(2, c.id == 0 ? INT64_MAX : c.id).Bind(3, limit + 1);
  return RunPage<WebhookDelivery>(s, limit, ReadDelivery,
                                  [](const WebhookDelivery& d) { return EncodeCursor("", d.id); });
}

}  // namespace wangge::storage::postgres
