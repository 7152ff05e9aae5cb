// 积分超市: a community's shop items with their stock, and redemptions of points for them. The points side of
// a redemption is a ledger entry (ledger_repo.hpp) written in the same transaction. Backends:
// sqlite/shop_repo.cpp, postgres/shop_repo.cpp; contract: shop_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct ShopItem {
  int64_t id = 0;
  std::string place_code;  // the community
  std::string name;
  int64_t points = 0;  // price of one
  int64_t stock = 0;   // never below zero
  bool active = true;  // offered (an inactive item keeps its history)
  std::string note;
  int64_t version = 1;
  int64_t created_at = 0;
};

// pending: points taken, waiting at the shop; handed: the shopkeeper handed it over; cancelled: points
// refunded by a reversal and the stock put back.
struct Redemption {
  int64_t id = 0;
  std::string place_code;
  int64_t item_id = 0;
  std::string item_name;
  int64_t person_id = 0;
  int64_t qty = 1;
  int64_t points = 0;    // qty × price at the time
  int64_t entry_id = 0;  // the ledger entry that took the points
  std::string idem_key;  // the creator's key
  std::string status = "pending";
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t done_by = 0;  // who handed it over or cancelled it
  int64_t done_at = 0;
  std::string person_name;  // filled on reads
};

struct RedemptionQuery {
  std::string scope;      // communities inside it
  std::string status;     // "" = any
  int64_t person_id = 0;  // 0 = anyone
  int64_t item_id = 0;    // 0 = any
};

class ShopRepo {
 public:
  virtual ~ShopRepo() = default;
  virtual Status InsertItem(ShopItem* item) = 0;
  virtual Result<std::optional<ShopItem>> GetItem(int64_t id) = 0;
  // Writes name, points, active, note and stock when item.version is current; kConflict otherwise. Bumps
  // the version.
  virtual Status UpdateItem(ShopItem* item) = 0;
  // Items of communities inside `scope`, by (place_code, id); inactive ones too when `all`.
  virtual Result<std::vector<ShopItem>> ListItems(const std::string& scope, bool all) = 0;
  // Takes `qty` from the stock if that much is there: true when taken, false when short (nothing changes).
  virtual Result<bool> TakeStock(int64_t item_id, int64_t qty) = 0;
  virtual Status ReturnStock(int64_t item_id, int64_t qty) = 0;

  // Fills r->id; kConflict when its creator used the key before.
  virtual Status InsertRedemption(Redemption* r) = 0;
  virtual Result<std::optional<Redemption>> GetRedemption(int64_t id) = 0;
  virtual Result<std::optional<Redemption>> FindRedemption(int64_t created_by,
                                                           const std::string& idem_key) = 0;
  // Moves a redemption from `from` to `to` (handed, cancelled); kConflict when its status is no longer
  // `from`.
  virtual Status SetRedemptionStatus(int64_t id, const std::string& from, const std::string& to, int64_t by,
                                     int64_t at) = 0;
  // Newest first, keyset-paged by id.
  virtual Result<Page<Redemption>> ListRedemptions(const RedemptionQuery& q, const PageRequest& page) = 0;
};

}  // namespace wangge::storage
