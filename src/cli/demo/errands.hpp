// The demo county's 红色代办 roster (`wangge demo`, docs/errands.md): in every village and community its
// providers with accounts (the party members and volunteers the services year opened accounts for, and the
// demo party member and resident where they live) each cover 5-8 of its households as their runner
// (代办员); the demo party member covers the demo resident's household first. Then a year of errands: each
// runner runs a few a quarter for the households covered (registered by the runner for the member who
// authorised it, taken, the documents taken and returned, finished with the hours, rated by the grid worker's
// 回访 or archived), their hours in the runner's 时间银行. Deterministic from the seed, on a stream of its
// own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoErrandsOptions {
  std::vector<std::string> villages;  // 12 digits
  int64_t first_user_id = 0;          // the demo party member's account (covers first), 0 = none
  int64_t first_household = 0;        // … and the household it covers first (the demo resident's), 0 = none
  std::vector<User> users;            // the demo accounts (the grid workers visit)
  bool full = false;
  uint64_t seed = 0;
  int64_t now = 0;
};

struct DemoErrandsSummary {
  int64_t runners = 0, households = 0, errands = 0;
};

Result<DemoErrandsSummary> BuildDemoErrandRunners(storage::Database& db, const FieldCipher& cipher,
                                                  const DemoErrandsOptions& opt);

}  // namespace wangge::cli
