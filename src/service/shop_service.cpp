#include "service/shop_service.hpp"

#include "core/citizen_id.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::service {
namespace {

using ledger::Currency;
using ledger::Holder;

constexpr int64_t kMaxQty = 99;
constexpr int64_t kMaxPoints = 100000;
constexpr int64_t kMaxStock = 1000000;

bool MayManage(const Principal& who) { return HasPermission(who.role, Permission::kPointsManage); }

Status ValidateItem(storage::ShopItem* it) {
  ASSIGN_OR_RETURN(it->name, CleanText(it->name, "name", 60));
  ASSIGN_OR_RETURN(it->note, CleanText(it->note, "note", 200, /*required=*/false));
  if (it->points < 1 || it->points > kMaxPoints)
    return InvalidArgument("所需积分须为 1-100000", "points must be 1-100000", "points");
  if (it->stock < 0 || it->stock > kMaxStock)
    return InvalidArgument("库存须为 0-1000000", "stock must be 0-1000000", "stock");
  return Status::Ok();
}

std::string RedemptionKey(const Principal& who, const std::string& key) {
  return "redeem:u" + std::to_string(who.user_id) + ":" + key;
}

}  // namespace

Result<std::vector<storage::ShopItem>> ShopService::Items(const Ctx& ctx, const std::string& scope,
                                                          bool all) {
  if (LedgerService::IsStaff(ctx.who)) {
    const Permission perm = MayManage(ctx.who) ? Permission::kPointsManage : Permission::kPointsAward;
    ASSIGN_OR_RETURN(const std::string s, Authz::ListScope(ctx.who, perm, scope));
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    return tx->shop().ListItems(s, all);
  }
  // A person's list is their community's whatever the scope; a scope outside theirs is refused all the same.
  RETURN_IF_ERROR(Authz::ListScope(ctx.who, Permission::kPointsRedeem, scope).status());
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(const int64_t me, LedgerService::PersonOf(*tx, ctx.who));
  if (me == 0) return std::vector<storage::ShopItem>{};
  ASSIGN_OR_RETURN(Person p, tx->people().GetPerson(me));
  if (p.place_code.size() < 12) return std::vector<storage::ShopItem>{};
  ASSIGN_OR_RETURN(auto items, tx->shop().ListItems(LedgerService::CommunityOf(p.place_code), false));
  std::vector<storage::ShopItem> out;
  for (auto& it : items)
    if (it.place_code == LedgerService::CommunityOf(p.place_code)) out.push_back(std::move(it));
  return out;
}

Result<storage::ShopItem> ShopService::CreateItem(const Ctx& ctx, const ItemInput& in) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsManage));
  if (in.place_code.size() != 12)
    return InvalidArgument("积分超市设在村（社区）：请给出 12 位村（社区）编码",
                           "a shop belongs to a village or community: give its 12-digit code", "place_code");
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kPointsManage, in.place_code));
  storage::ShopItem it;
  it.place_code = in.place_code;
  it.name = in.name.value_or("");
  it.points = in.points.value_or(0);
  it.stock = in.stock.value_or(0);
  it.active = in.active.value_or(true);
  it.note = in.note.value_or("");
  it.created_at = ledger_->Now();
  RETURN_IF_ERROR(ValidateItem(&it));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Place place, tx.places().Get(it.place_code));
    if (place.retired) return FailedPrecondition("该村（社区）已撤销", "the community is retired");
    RETURN_IF_ERROR(tx.shop().InsertItem(&it));
    return Audit(tx, ctx, "shop.item", "shop_item", std::to_string(it.id), it.place_code,
                 "{\"points\":" + std::to_string(it.points) + ",\"stock\":" + std::to_string(it.stock) + "}");
  }));
  return it;
}

Result<storage::ShopItem> ShopService::UpdateItem(const Ctx& ctx, int64_t id, const ItemInput& in) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsManage));
  storage::ShopItem it;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cur, tx.shop().GetItem(id));
    if (!cur) return RecordNotFound();
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsManage, cur->place_code));
    it = *cur;
    if (in.version != it.version)
      return Conflict("记录已被他人修改，请刷新后重试",
                      "record was changed by someone else (version mismatch); reload and retry", "version");
    if (in.name) it.name = *in.name;
    if (in.points) it.points = *in.points;
    if (in.stock) it.stock = *in.stock;
    if (in.active) it.active = *in.active;
    if (in.note) it.note = *in.note;
    RETURN_IF_ERROR(ValidateItem(&it));
    RETURN_IF_ERROR(tx.shop().UpdateItem(&it));
    return Audit(tx, ctx, "shop.item", "shop_item", std::to_string(it.id), it.place_code,
                 "{\"points\":" + std::to_string(it.points) + ",\"stock\":" + std::to_string(it.stock) +
                     ",\"active\":" + (it.active ? "true" : "false") + "}");
  }));
  return it;
}

Result<Redeemed> ShopService::Redeem(const Ctx& ctx, RedeemInput in) {
  const bool staff = MayManage(ctx.who);
  if (!staff) RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsRedeem));
  if (in.qty < 1 || in.qty > kMaxQty) return InvalidArgument("数量须为 1-99", "qty must be 1-99", "qty");
  if (in.idem_key.empty() || in.idem_key.size() > 100 || !IsValidUtf8(in.idem_key))
    return InvalidArgument("兑换须带幂等键（Idempotency-Key，至多 100 个字符），重试时使用同一个键",
                           "a redemption needs an idempotency key (Idempotency-Key, at most 100 characters); "
                           "retry with the same key",
                           "idempotency_key");
  Redeemed out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    out = Redeemed{};
    int64_t person = in.person_id;
    if (person == 0 || !staff) {
      ASSIGN_OR_RETURN(const int64_t me, LedgerService::PersonOf(tx, ctx.who));
      if (me == 0)
        return FailedPrecondition("您的账号未关联一张表中的人员，不能兑换",
                                  "your account is not linked to a person record: you cannot redeem");
      if (in.person_id != 0 && in.person_id != me) return RecordNotFound();
      person = me;
    }
    ASSIGN_OR_RETURN(auto before, tx.shop().FindRedemption(ctx.who.user_id, in.idem_key));
    if (before) {
      if (before->item_id != in.item_id || before->qty != in.qty || before->person_id != person)
        return Conflict("此幂等键已用于另一笔兑换", "this idempotency key was used for another redemption",
                        "idempotency_key");
      out.redemption = std::move(*before);
      out.replayed = true;
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(auto item, tx.shop().GetItem(in.item_id));
    if (!item) return RecordNotFound();
    ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(person));
    if (staff) {
      RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsManage, item->place_code));
      RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsManage, p.place_code));
    } else if (p.place_code.size() < 12 || LedgerService::CommunityOf(p.place_code) != item->place_code) {
      return RecordNotFound();  // another community's shop
    }
    if (!item->active) return FailedPrecondition("该商品已下架", "the item is no longer offered");
    ASSIGN_OR_RETURN(const bool taken, tx.shop().TakeStock(item->id, in.qty));
    if (!taken)
      return Conflict("库存不足：「" + item->name + "」剩余 " + std::to_string(item->stock) + " 件",
                      "out of stock: " + std::to_string(item->stock) + " left", "stock");
    const int64_t now = ledger_->Now();
    ASSIGN_OR_RETURN(auto from,
                     LedgerService::PersonAccount(tx, item->place_code, Currency::kPoints, person, now));
    ASSIGN_OR_RETURN(
        auto to, LedgerService::SystemAccount(tx, item->place_code, Currency::kPoints, Holder::kShop, now));
    const int64_t points = item->points * in.qty;
    ledger::Entry e;
    e.place_code = item->place_code;
    e.currency = Currency::kPoints;
    e.kind = ledger::Kind::kRedeem;
    e.period = ledger::PeriodOfUnix(now);
    e.memo = item->name + " × " + std::to_string(in.qty);
    e.ref = "shop:" + std::to_string(item->id);
    e.idem_key = RedemptionKey(ctx.who, in.idem_key);
    e.created_by = ctx.who.user_id;
    e.created_at = now;
    e.movements = {{from.id, -points}, {to.id, points}};
    RETURN_IF_ERROR(ledger::ValidateEntry(&e));
    Status posted = tx.ledger().Post(&e);
    if (posted.code() == StatusCode::kFailedPrecondition &&
        posted.field() == "account:" + std::to_string(from.id))
      return Conflict(
          "积分不足：需要 " + std::to_string(points) + " 分，现有 " + std::to_string(from.balance) + " 分",
          "not enough points: " + std::to_string(points) + " needed, " + std::to_string(from.balance) +
              " held",
          "points");
    RETURN_IF_ERROR(posted);
    storage::Redemption& r = out.redemption;
    r.place_code = item->place_code;
    r.item_id = item->id;
    r.item_name = item->name;
    r.person_id = person;
    r.qty = in.qty;
    r.points = points;
    r.entry_id = e.id;
    r.idem_key = in.idem_key;
    r.status = "pending";
    r.created_by = ctx.who.user_id;
    r.created_at = now;
    r.person_name = p.name;
    RETURN_IF_ERROR(tx.shop().InsertRedemption(&r));
    return Audit(tx, ctx, "shop.redeem", "shop_redemption", std::to_string(r.id), r.place_code,
                 "{\"item\":" + std::to_string(r.item_id) + ",\"qty\":" + std::to_string(r.qty) +
                     ",\"points\":" + std::to_string(points) + ",\"entry\":" + std::to_string(e.id) + "}");
  }));
  return out;
}

Status ShopService::CanSee(storage::Tx& tx, const Principal& who, const storage::Redemption& r, bool* own) {
  *own = false;
  if (LedgerService::IsStaff(who) && Authz::InScope(who, r.place_code)) return Status::Ok();
  if (HasPermission(who.role, Permission::kPointsRedeem)) {
    ASSIGN_OR_RETURN(const int64_t me, LedgerService::PersonOf(tx, who));
    if (me > 0 && me == r.person_id) {
      *own = true;
      return Status::Ok();
    }
  }
  return RecordNotFound();
}

Result<storage::Redemption> ShopService::Get(const Ctx& ctx, int64_t id) {
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto r, tx->shop().GetRedemption(id));
  if (!r) return RecordNotFound();
  bool own = false;
  RETURN_IF_ERROR(CanSee(*tx, ctx.who, *r, &own));
  if (!own && !HasPermission(ctx.who.role, Permission::kPersonRead))
    r->person_name = MaskName(r->person_name);
  return std::move(*r);
}

Result<storage::Redemption> ShopService::HandOver(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsManage));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto r, tx.shop().GetRedemption(id));
    if (!r) return RecordNotFound();
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsManage, r->place_code));
    if (r->status != "pending")
      return FailedPrecondition("只有待领取的兑换可以确认领取",
                                "only a pending redemption can be handed over");
    RETURN_IF_ERROR(tx.shop().SetRedemptionStatus(id, "pending", "handed", ctx.who.user_id, ledger_->Now()));
    return Audit(tx, ctx, "shop.hand_over", "shop_redemption", std::to_string(id), r->place_code);
  }));
  return Get(ctx, id);
}

Result<storage::Redemption> ShopService::Cancel(const Ctx& ctx, int64_t id, const std::string& reason) {
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto r, tx.shop().GetRedemption(id));
    if (!r) return RecordNotFound();
    bool own = false;
    RETURN_IF_ERROR(CanSee(tx, ctx.who, *r, &own));
    if (!own && !MayManage(ctx.who)) return RecordNotFound();
    if (r->status != "pending")
      return FailedPrecondition("只有待领取的兑换可以取消", "only a pending redemption can be cancelled");
    ASSIGN_OR_RETURN(auto original, tx.ledger().GetEntry(r->entry_id));
    if (!original) return Internal("redemption without its ledger entry");
    const int64_t now = ledger_->Now();
    ledger::Entry back =
        ledger::ReversalOf(*original, ledger::PeriodOfUnix(now),
                           reason.empty() ? std::string("取消兑换") : reason, ctx.who.user_id, now);
    RETURN_IF_ERROR(ledger::ValidateEntry(&back));
    RETURN_IF_ERROR(tx.ledger().Post(&back));
    RETURN_IF_ERROR(tx.shop().ReturnStock(r->item_id, r->qty));
    RETURN_IF_ERROR(tx.shop().SetRedemptionStatus(id, "pending", "cancelled", ctx.who.user_id, now));
    return Audit(tx, ctx, "shop.cancel", "shop_redemption", std::to_string(id), r->place_code,
                 "{\"reversal\":" + std::to_string(back.id) + "}");
  }));
  return Get(ctx, id);
}

Result<storage::Page<storage::Redemption>> ShopService::List(const Ctx& ctx, storage::RedemptionQuery q,
                                                             const storage::PageRequest& page) {
  if (!q.status.empty() && q.status != "pending" && q.status != "handed" && q.status != "cancelled")
    return InvalidArgument("状态须为 pending、handed 或 cancelled",
                           "status must be pending, handed or cancelled", "status");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  if (LedgerService::IsStaff(ctx.who)) {
    const Permission perm = MayManage(ctx.who) ? Permission::kPointsManage : Permission::kPointsAward;
    ASSIGN_OR_RETURN(q.scope, Authz::ListScope(ctx.who, perm, q.scope));
  } else {
    RETURN_IF_ERROR(Authz::ListScope(ctx.who, Permission::kPointsRedeem, q.scope).status());
    ASSIGN_OR_RETURN(const int64_t me, LedgerService::PersonOf(*tx, ctx.who));
    if (me == 0) return storage::Page<storage::Redemption>{};
    q.scope = "";
    q.person_id = me;
  }
  ASSIGN_OR_RETURN(auto out, tx->shop().ListRedemptions(q, page));
  if (LedgerService::IsStaff(ctx.who) &&
      !HasPermission(ctx.who.role, Permission::kPersonRead))  // one's own: not masked
    for (auto& r : out.items) r.person_name = MaskName(r.person_name);
  return out;
}

}  // namespace wangge::service
