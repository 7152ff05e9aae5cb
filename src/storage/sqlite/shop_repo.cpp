// SQLite: the 积分超市's items and redemptions (shop_repo.hpp, migration 0012).
#include "storage/shop_repo.hpp"

#include <string>
#include <vector>

#include "storage/ledger_rows.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

#define ITEM_COLS "id, place_code, name, points, stock, active, note, version, created_at "
#define REDEMPTION_COLS                                                                                \
  "r.id, r.place_code, r.item_id, r.item_name, r.person_id, r.qty, r.points, r.entry_id, r.idem_key, " \
  "r.status, "                                                                                         \
  "r.created_by, r.created_at, r.done_by, r.done_at, COALESCE(p.name, '') "
#define REDEMPTION_FROM "FROM shop_redemptions r LEFT JOIN people p ON p.id = r.person_id "

class SqliteShopRepo final : public ShopRepo {
 public:
  explicit SqliteShopRepo(SqliteTx* tx) : tx_(tx) {}
  Status InsertItem(ShopItem* item) override;
  Result<std::optional<ShopItem>> GetItem(int64_t id) override;
  Status UpdateItem(ShopItem* item) override;
  Result<std::vector<ShopItem>> ListItems(const std::string& scope, bool all) override;
  Result<bool> TakeStock(int64_t item_id, int64_t qty) override;
  Status ReturnStock(int64_t item_id, int64_t qty) override;
  Status InsertRedemption(Redemption* r) override;
  Result<std::optional<Redemption>> GetRedemption(int64_t id) override;
  Result<std::optional<Redemption>> FindRedemption(int64_t created_by, const std::string& idem_key) override;
  Status SetRedemptionStatus(int64_t id, const std::string& from, const std::string& to, int64_t by,
                             int64_t at) override;
  Result<Page<Redemption>> ListRedemptions(const RedemptionQuery& q, const PageRequest& page) override;

 private:
  Result<std::optional<Redemption>> One(Stmt& s);
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<ShopRepo> NewSqliteShopRepo(SqliteTx* tx) { return MakeRepo<ShopRepo, SqliteShopRepo>(tx); }

Status SqliteShopRepo::InsertItem(ShopItem* item) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO shop_items(place_code, name, points, stock, active, note, version, created_at) "
      "VALUES(?1,?2,?3,?4,?5,?6,1,?7)");
  s.Bind(1, item->place_code).Bind(2, item->name).Bind(3, item->points).Bind(4, item->stock);
  s.Bind(5, item->active).Bind(6, item->note).Bind(7, item->created_at);
  RETURN_IF_ERROR(s.Exec());
  item->id = tx_->conn().LastInsertId();
  item->version = 1;
  return Status::Ok();
}

Result<std::optional<ShopItem>> SqliteShopRepo::GetItem(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT " ITEM_COLS "FROM shop_items WHERE id = ?1");
  s.Bind(1, id);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<ShopItem>();
  }
  return std::optional<ShopItem>(ReadItemRow(s));
}

Status SqliteShopRepo::UpdateItem(ShopItem* item) {
  auto s = tx_->conn().Prepare(
      "UPDATE shop_items SET name = ?3, points = ?4, stock = ?5, active = ?6, note = ?7, version = version + "
      "1 "
      "WHERE id = ?1 AND version = ?2");
  s.Bind(1, item->id).Bind(2, item->version).Bind(3, item->name).Bind(4, item->points).Bind(5, item->stock);
  s.Bind(6, item->active).Bind(7, item->note);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() != 1) return StaleVersion();
  ++item->version;
  return Status::Ok();
}

Result<std::vector<ShopItem>> SqliteShopRepo::ListItems(const std::string& scope, bool all) {
  auto s =
      tx_->conn().Prepare("SELECT " ITEM_COLS
                          "FROM shop_items WHERE place_code >= ?1 AND place_code < ?2 AND (?3 OR active) "
                          "ORDER BY place_code, id LIMIT 2000");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, all);
  return ReadAll<ShopItem>(s, ReadItemRow<Stmt>);
}

Result<bool> SqliteShopRepo::TakeStock(int64_t item_id, int64_t qty) {
  auto s = tx_->conn().Prepare("UPDATE shop_items SET stock = stock - ?2 WHERE id = ?1 AND stock >= ?2");
  s.Bind(1, item_id).Bind(2, qty);
  RETURN_IF_ERROR(s.Exec());
  return tx_->conn().Changes() == 1;
}

Status SqliteShopRepo::ReturnStock(int64_t item_id, int64_t qty) {
  auto s = tx_->conn().Prepare("UPDATE shop_items SET stock = stock + ?2 WHERE id = ?1");
  s.Bind(1, item_id).Bind(2, qty);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() != 1) return RecordNotFound();
  return Status::Ok();
}

Status SqliteShopRepo::InsertRedemption(Redemption* r) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO shop_redemptions(place_code, item_id, item_name, person_id, qty, points, entry_id, "
      "idem_key, "
      "status, created_by, created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) "
      "ON CONFLICT(created_by, idem_key) DO NOTHING");
  s.Bind(1, r->place_code).Bind(2, r->item_id).Bind(3, r->item_name).Bind(4, r->person_id).Bind(5, r->qty);
  s.Bind(6, r->points).Bind(7, r->entry_id).Bind(8, r->idem_key).Bind(9, r->status).Bind(10, r->created_by);
  s.Bind(11, r->created_at);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() != 1)
    return Conflict("该兑换已提交（幂等键重复）", "this redemption was made before (same idempotency key)",
                    "idempotency_key");
  r->id = tx_->conn().LastInsertId();
  return Status::Ok();
}

Result<std::optional<Redemption>> SqliteShopRepo::One(Stmt& s) {
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<Redemption>();
  }
  return std::optional<Redemption>(ReadRedemptionRow(s));
}

Result<std::optional<Redemption>> SqliteShopRepo::GetRedemption(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT " REDEMPTION_COLS REDEMPTION_FROM "WHERE r.id = ?1");
  s.Bind(1, id);
  return One(s);
}

Result<std::optional<Redemption>> SqliteShopRepo::FindRedemption(int64_t created_by,
                                                                 const std::string& idem_key) {
  auto s = tx_->conn().Prepare("SELECT " REDEMPTION_COLS REDEMPTION_FROM
                               "WHERE r.created_by = ?1 AND r.idem_key = ?2");
  s.Bind(1, created_by).Bind(2, idem_key);
  return One(s);
}

Status SqliteShopRepo::SetRedemptionStatus(int64_t id, const std::string& from, const std::string& to,
                                           int64_t by, int64_t at) {
  auto s = tx_->conn().Prepare(
      "UPDATE shop_redemptions SET status = ?3, done_by = ?4, done_at = ?5 WHERE id = ?1 AND status = ?2");
  s.Bind(1, id).Bind(2, from).Bind(3, to).Bind(4, by).Bind(5, at);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() != 1)
    return Conflict("兑换状态已变化，请刷新", "the redemption's status has changed: reload it", "status");
  return Status::Ok();
}

Result<Page<Redemption>> SqliteShopRepo::ListRedemptions(const RedemptionQuery& q, const PageRequest& page) {
  auto s = tx_->conn().Prepare("SELECT " REDEMPTION_COLS REDEMPTION_FROM
                               "WHERE r.place_code >= ?1 AND r.place_code < ?2 AND r.id < ?3 "
                               "AND (?4 = '' OR r.status = ?4) AND (?5 = 0 OR r.person_id = ?5) "
                               "AND (?6 = 0 OR r.item_id = ?6) ORDER BY r.id DESC LIMIT ?7");
  CodeRange r = PrefixRange(q.scope);
  const Cursor cur = DecodeCursor(page.after);
  const int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, cur.id > 0 ? cur.id : INT64_MAX).Bind(4, q.status);
  s.Bind(5, q.person_id).Bind(6, q.item_id).Bind(7, limit + 1);
  return RunPage<Redemption>(s, limit, ReadRedemptionRow<Stmt>,
                             [](const Redemption& x) { return EncodeCursor("", x.id); });
}

}  // namespace wangge::storage::sqlite
