// 服务工单 (六单一体) and 微心愿 / 微事务 (MISSION 18, 19): the community's 服务清单 (the menu items of
// category class 14 with the community's own settings: who may serve, the promised hours, offered or not),
// ordering from it (群众点单, or staff for a resident), submitting wishes, the 抢单大厅 and the lists, and
// who may be sent (派单). The orders are work orders of kinds service and wish: their transitions (派单,
// 接单, 抢单, 完成, 督单, 评单 …) go through OrderService::Act like every order's, and their hours reach the
// 时间银行 when they close (order_actions.cpp DepositHours). docs/services.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"
#include "storage/services_repo.hpp"

namespace wangge::service {

// A menu item: the category and the community's settings (its row, or the category's defaults: provider
// "any", the promise of the category's normal handling limit in hours).
struct MenuEntry {
  Category category;
  storage::MenuItem item;
  bool custom = false;  // the community has its own row
};

struct MenuView {
  std::string community;
  std::string community_name;
  std::vector<MenuEntry> items;
};

struct ServiceOrderInput {
  order::Kind kind = order::Kind::kService;  // service | wish
  std::string category;
  std::string description;
  std::string title;
  std::string address;
  std::string place_code;                     // "" = where the caller lives (their scope, to the grid)
  std::string reporter_name, reporter_phone;  // staff ordering for a resident
};

struct MenuItemInput {
  std::string provider;  // any | party
  int64_t promise_hours = 0;
  bool active = true;
  std::string note;
  int64_t version = 0;  // as read (0: the community has no row yet)
};

class ServiceOrderService {
 public:
  ServiceOrderService(storage::Database* db, OrderService* orders, CatalogService* catalog)
      : db_(db), orders_(orders), catalog_(catalog) {}

  // The community's menu, for anyone signed in who lives or works there (order.read with the community in
  // or above their scope); `community` "" = the caller's own (their scope's first 12 digits). Inactive items
  // are listed for service.manage only.
  Result<MenuView> Menu(const Ctx& ctx, const std::string& community);
  // service.manage with the community in scope: the community's settings for one class-14 item; kConflict
  // for a stale version.
  Result<MenuEntry> SetMenuItem(const Ctx& ctx, const std::string& community, const std::string& category,
                                const MenuItemInput& in);
  // 点单 (kind service: an active item of the community's menu; the deadline is its promise) or a wish
  // (kind wish: class 15). OrderService::Report does the rest.
  Result<OrderView> Place(const Ctx& ctx, ServiceOrderInput in);
  // service.manage with the community in scope: the active accounts that may be sent (service.provide,
  // living in the community, linked to a person), by name.
  Result<std::vector<User>> Providers(const Ctx& ctx, const std::string& community);

 private:
  Result<std::string> CommunityOf(const Principal& who, const std::string& community);
  storage::Database* db_;
  OrderService* orders_;
  CatalogService* catalog_;
};

// The community's settings for a menu item when it has no row: offered to everyone who provides, promising
// the category's normal handling limit in hours (natural hours; working days count as 24 hours each).
storage::MenuItem DefaultMenuItem(const std::string& community, const Category& c);

}  // namespace wangge::service
