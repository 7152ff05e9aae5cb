#include "service/notify_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/codes.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/webhook_client.hpp"

namespace wangge::service {
namespace {

bool Subscribed(const storage::Webhook& w, const std::string& event) {
  if (w.events == "*") return true;
  size_t i = 0;
  while (i <= w.events.size()) {
    size_t j = w.events.find(',', i);
    if (j == std::string::npos) j = w.events.size();
    if (w.events.compare(i, j - i, event) == 0) return true;
    i = j + 1;
  }
  return false;
}

Status ValidateEvents(std::string* events) {
  std::string e = Trim(*events);
  if (e.empty() || e == "*") {
    *events = "*";
    return Status::Ok();
  }
  if (e.size() > 1000) return InvalidArgument("订阅事件列表过长", "events list too long", "events");
  for (char c : e)
    if (!((c >= 'a' && c <= 'z') || c == '_' || c == '.' || c == ','))
      return InvalidArgument("订阅事件应为逗号分隔的事件名，如 order.dispatched,order.finished",
                             "events must be comma-separated names like order.dispatched,order.finished",
                             "events");
  *events = e;
  return Status::Ok();
}

storage::Webhook Redacted(storage::Webhook w) {
  w.secret = w.secret.empty() ? "" : w.secret.substr(0, 4) + "****";
  w.secret_enc.clear();
  return w;
}

}  // namespace

Status NotifyService::Notify(storage::Tx& tx, const std::vector<int64_t>& users, int64_t actor,
                             const std::string& kind, int64_t order_id, const std::string& title,
                             const std::string& body, int64_t now) {
  std::set<int64_t> seen;
  for (int64_t u : users) {
    if (u == 0 || u == actor || !seen.insert(u).second) continue;
    storage::Notification n;
    n.user_id = u;
    n.at = now;
    n.kind = kind;
    n.order_id = order_id;
    n.title = title;
    n.body = body;
    auto id = tx.notify().InsertNotification(n);
    if (!id.ok()) return id.status();
  }
  return Status::Ok();
}

void NotifyService::Invalidate() {
  std::lock_guard lock(mu_);
  hooks_.reset();
}

Result<std::shared_ptr<const std::vector<storage::Webhook>>> NotifyService::Hooks(storage::Tx& tx) {
  {
    std::lock_guard lock(mu_);
    if (hooks_) return hooks_;
  }
  ASSIGN_OR_RETURN(auto all, tx.webhooks().List());
  auto list = std::make_shared<std::vector<storage::Webhook>>();
  for (auto& w : all)
    if (w.active) list->push_back(std::move(w));
  std::lock_guard lock(mu_);
  hooks_ = list;
  return hooks_;
}

Status NotifyService::Enqueue(storage::Tx& tx, const std::string& event, const std::string& place_code,
                              const std::string& payload, int64_t now) {
  ASSIGN_OR_RETURN(auto hooks, Hooks(tx));
  for (const storage::Webhook& w : *hooks) {
    if (!Subscribed(w, event) || !IsWithin(place_code, w.scope)) continue;
    storage::WebhookDelivery d;
    d.webhook_id = w.id;
    d.event = event;
    d.payload = payload;
    d.next_at = now;
    d.created_at = now;
    auto id = tx.webhooks().EnqueueDelivery(d);
    if (!id.ok()) return id.status();
  }
  return Status::Ok();
}

Result<storage::Page<storage::Notification>> NotifyService::Inbox(const Ctx& ctx, bool unread_only,
                                                                  const storage::PageRequest& page) {
  if (ctx.who.user_id == 0) return Status(StatusCode::kUnauthenticated, "请先登录", "sign in first");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->notify().Inbox(ctx.who.user_id, unread_only, page);
}

Result<int64_t> NotifyService::UnreadCount(const Ctx& ctx) {
  if (ctx.who.user_id == 0) return Status(StatusCode::kUnauthenticated, "请先登录", "sign in first");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->notify().UnreadCount(ctx.who.user_id);
}

Result<int64_t> NotifyService::MarkRead(const Ctx& ctx, int64_t id) {
  if (ctx.who.user_id == 0) return Status(StatusCode::kUnauthenticated, "请先登录", "sign in first");
  if (id < 0) return InvalidArgument("通知编号无效", "invalid notification id", "id");
  int64_t changed = 0;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(changed, tx.notify().MarkRead(ctx.who.user_id, id, storage::NowUnix()));
    return Status::Ok();
  }));
  if (id != 0 && changed == 0) return RecordNotFound();
  return changed;
}

Result<storage::Webhook> NotifyService::CreateWebhook(const Ctx& ctx, storage::Webhook w) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kCatalogAdmin));
  ASSIGN_OR_RETURN(auto url, ParseWebhookUrl(w.url));
  (void)url;
  RETURN_IF_ERROR(ValidateEvents(&w.events));
  if (!w.scope.empty()) RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kCatalogAdmin, w.scope));
  if (w.secret.empty()) w.secret = RandomToken(24);
  if (w.secret.size() < 16 || w.secret.size() > 200)
    return InvalidArgument("签名密钥长度应为 16 至 200 个字符", "secret must be 16 to 200 characters",
                           "secret");
  w.secret_enc = cipher_->Encrypt(w.secret);
  w.created_by = ctx.who.user_id;
  w.created_at = storage::NowIso();
  w.active = true;
  w.version = 1;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(w.id, tx.webhooks().Insert(w));
    return Audit(tx, ctx, "webhook.create", "webhook", std::to_string(w.id), w.scope,
                 nlohmann::json{{"url", w.url}, {"events", w.events}}.dump());
  }));
  Invalidate();
  storage::Webhook out = w;
  out.secret_enc.clear();
  return out;  // the only time the secret is shown
}

Result<std::vector<storage::Webhook>> NotifyService::Webhooks(const Ctx& ctx) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kCatalogAdmin));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto all, tx->webhooks().List());
  std::vector<storage::Webhook> out;
  for (auto& w : all)
    if (IsWithin(w.scope, ctx.who.scope) || ctx.who.scope.empty()) out.push_back(Redacted(std::move(w)));
  return out;
}

Result<storage::Webhook> NotifyService::UpdateWebhook(const Ctx& ctx, int64_t id, int64_t version,
                                                      bool active, const std::string& events) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kCatalogAdmin));
  std::string ev = events;
  RETURN_IF_ERROR(ValidateEvents(&ev));
  storage::Webhook out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto w = tx.webhooks().Get(id);
    if (!w.ok() || !(IsWithin(w->scope, ctx.who.scope) || ctx.who.scope.empty())) return RecordNotFound();
    if (w->version != version)
      return Conflict("该订阅已被他人修改，请刷新后重试", "the webhook was changed by someone else",
                      "version");
    w->active = active;
    w->events = ev;
    RETURN_IF_ERROR(tx.webhooks().Update(*w));
    w->version++;
    out = *w;
    return Audit(tx, ctx, "webhook.update", "webhook", std::to_string(id), w->scope,
                 nlohmann::json{{"active", active}, {"events", ev}}.dump());
  }));
  Invalidate();
  return Redacted(out);
}

Result<storage::Page<storage::WebhookDelivery>> NotifyService::Deliveries(const Ctx& ctx, int64_t webhook_id,
                                                                          const storage::PageRequest& page) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kCatalogAdmin));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  auto w = tx->webhooks().Get(webhook_id);
  if (!w.ok() || !(IsWithin(w->scope, ctx.who.scope) || ctx.who.scope.empty())) return RecordNotFound();
  return tx->webhooks().Deliveries(webhook_id, page);
}

Result<int> NotifyService::DeliverDue(int64_t now, int64_t* next, int timeout_ms) {
  std::vector<storage::WebhookDelivery> due;
  std::vector<storage::Webhook> hooks;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(due, tx->webhooks().DueDeliveries(now, 100));
    if (!due.empty()) {
      ASSIGN_OR_RETURN(hooks, tx->webhooks().List());
    }
  }
  int attempted = 0;
  for (storage::WebhookDelivery& d : due) {
    auto hook = std::find_if(hooks.begin(), hooks.end(),
                             [&](const storage::Webhook& w) { return w.id == d.webhook_id; });
    d.attempts++;
    if (hook == hooks.end() || !hook->active) {
      d.status = "failed";
      d.last_error = "webhook disabled";
    } else {
      auto secret = cipher_->Decrypt(hook->secret_enc);
      WebhookRequest req;
      req.url = hook->url;
      req.secret = secret.ok() ? *secret : "";
      req.event = d.event;
      req.delivery_id = std::to_string(d.id);
      req.body = d.payload;
      req.timestamp = storage::NowUnix();
      WebhookResult r = PostWebhook(req, std::chrono::milliseconds(timeout_ms));
      ++attempted;
      d.last_status = r.http_status;
      d.last_error = r.error;
      if (r.delivered) {
        d.status = "delivered";
        d.delivered_at = storage::NowUnix();
      } else if (d.attempts >= kWebhookMaxAttempts) {
        d.status = "failed";
      } else {
        d.next_at = storage::NowUnix() + WebhookBackoffSeconds(d.attempts);
      }
    }
    RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) { return tx.webhooks().UpdateDelivery(d); }));
  }
  if (next) {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(auto n, tx->webhooks().NextDeliveryAt());
    *next = n.value_or(0);
  }
  return attempted;
}

}  // namespace wangge::service
