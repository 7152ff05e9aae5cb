// 积分超市 (MISSION 20): a community's shop of items with stock, redeemed for points. A redemption takes the
// stock and debits the person's points (a ledger entry to the shop's account) in one transaction, once per
// idempotency key; the shopkeeper hands the item over, or cancels it (the points come back by a reversal and
// the stock is put back). docs/ledger.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/context.hpp"
#include "service/ledger_service.hpp"
#include "storage/database.hpp"
#include "storage/shop_repo.hpp"

namespace wangge::service {

struct ItemInput {
  std::string place_code;  // the community (create only)
  std::optional<std::string> name;
  std::optional<int64_t> points;
  std::optional<int64_t> stock;
  std::optional<bool> active;
  std::optional<std::string> note;
  int64_t version = 0;  // update: the version read
};

struct RedeemInput {
  int64_t item_id = 0;
  int64_t qty = 1;        // 1-99
  int64_t person_id = 0;  // 0 = the caller's own person (residents); staff redeem for a person in scope
  std::string idem_key;   // required: a retried request with the same key redeems once
};

struct Redeemed {
  storage::Redemption redemption;
  bool replayed = false;
};

class ShopService {
 public:
  ShopService(storage::Database* db, LedgerService* ledger) : db_(db), ledger_(ledger) {}

  // Staff (points.award or points.manage): items of communities in scope ("" = the caller's); `all` adds
  // inactive ones. A person (points.redeem): the active items of their own community.
  Result<std::vector<storage::ShopItem>> Items(const Ctx& ctx, const std::string& scope, bool all);
  // points.manage, the community in scope. Audited (shop.item).
  Result<storage::ShopItem> CreateItem(const Ctx& ctx, const ItemInput& in);
  // points.manage: name, price, stock (restocking sets it), active, note; kConflict on a stale version.
  Result<storage::ShopItem> UpdateItem(const Ctx& ctx, int64_t id, const ItemInput& in);
  // points.redeem (oneself) or points.manage (a person in scope): kConflict when the stock is short
  // ("stock") or the points are ("points"); the same key again answers the first redemption (replayed) or,
  // with another item, quantity or person, kConflict. Audited (shop.redeem).
  Result<Redeemed> Redeem(const Ctx& ctx, RedeemInput in);
  // points.manage, in scope: pending -> handed.
  Result<storage::Redemption> HandOver(const Ctx& ctx, int64_t id);
  // points.manage in scope, or the person while pending: pending -> cancelled; the points are refunded by a
  // reversal and the stock put back.
  Result<storage::Redemption> Cancel(const Ctx& ctx, int64_t id, const std::string& reason);
  Result<storage::Redemption> Get(const Ctx& ctx, int64_t id);
  // Staff: redemptions in scope (status, item, person filters); a person: their own.
  Result<storage::Page<storage::Redemption>> List(const Ctx& ctx, storage::RedemptionQuery q,
                                                  const storage::PageRequest& page);

 private:
  Status CanSee(storage::Tx& tx, const Principal& who, const storage::Redemption& r, bool* own);
  storage::Database* db_;
  LedgerService* ledger_;
};

}  // namespace wangge::service
