// The demo county's 服务工单 (六单一体) and 微心愿 year (`wangge demo`, docs/services.md): in every village
// and community three providers (two party members and a volunteer of its people; in the demo secretary's
// community the demo party member and resident accounts too) serve what its people order from the 服务清单 —
// most orders registered by the grid worker for an older resident, some by the resident on the phone; the
// community sends a provider or one takes it in the 抢单大厅; served within the promise mostly, a few late;
// rated (a few 不满意, served again) or archived unrated; the hours and points of every closed order in the
// provider's 时间银行. Wishes are checked and published, taken and fulfilled. The orders of the last days
// are still open. Every step goes through the order engine (core/order.hpp) and has its timeline row.
// Deterministic from the seed and `now`, on a stream of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/demo/orders.hpp"
#include "core/crypto.hpp"
#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoServicesOptions {
  std::string county;
  bool full = false;
  std::vector<DemoGrid> grids;
  std::vector<User> users;  // the demo accounts (with their ids): secretaries, grid workers, providers
  uint64_t seed = 0;
  int64_t now = 0;
};

struct DemoServicesSummary {
  int64_t orders = 0, wishes = 0, providers = 0, minutes = 0;
};

Result<DemoServicesSummary> BuildDemoServices(storage::Database& db, const FieldCipher& cipher,
                                              const DemoServicesOptions& opt);

}  // namespace wangge::cli
