// 服务清单: each community's own settings for the service menu's items (categories of class 14, core
// category.hpp): who may serve an item, the hours it promises, whether it is offered. A community without a
// row for an item offers it with the category's defaults (service/service_order_service.hpp). The orders
// themselves are work orders of kind service (orders_repo.hpp). Backends: sqlite/services_repo.cpp,
// postgres/services_repo.cpp; contract: services_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct MenuItem {
  std::string place_code;        // the community (12 digits)
  std::string category;          // a class-14 subcategory ("1401")
  std::string provider = "any";  // any: party members and volunteers | party: party members only
  int promise_hours = 48;        // 1-720: the handling limit of an order of the item, natural hours
  bool active = true;
  std::string note;
  int64_t version = 0;  // 0 = no row yet (Upsert inserts); then 1, 2 …
  int64_t updated_by = 0;
  int64_t updated_at = 0;
};

class ServiceMenuRepo {
 public:
  virtual ~ServiceMenuRepo() = default;
  // The community's own rows, by category.
  virtual Result<std::vector<MenuItem>> Menu(const std::string& community) = 0;
  virtual Result<std::optional<MenuItem>> GetMenuItem(const std::string& community,
                                                      const std::string& category) = 0;
  // Inserts the row when item->version is 0 (kConflict when one exists meanwhile), else updates it when the
  // version is current (kConflict otherwise); sets item->version to the new one.
  virtual Status UpsertMenuItem(MenuItem* item) = 0;
};

}  // namespace wangge::storage
