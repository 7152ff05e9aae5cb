// The demo county's 红色代办 roster (`wangge demo`, docs/errands.md): in every village and community its
// providers with accounts (the party members and volunteers the services year opened accounts for, and the
// demo party member and resident where they live) each cover 5-8 of its households as their runner
// (代办员); the demo party member covers the demo resident's household first. Errands themselves are asked
// through the product (not generated). Deterministic from the seed, on a stream of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

struct DemoErrandsOptions {
  std::vector<std::string> villages;  // 12 digits
  int64_t first_user_id = 0;          // the demo party member's account (covers first), 0 = none
  int64_t first_household = 0;        // … and the household it covers first (the demo resident's), 0 = none
  uint64_t seed = 0;
  int64_t now = 0;
};

struct DemoErrandsSummary {
  int64_t runners = 0, households = 0;
};

Result<DemoErrandsSummary> BuildDemoErrandRunners(storage::Database& db, const DemoErrandsOptions& opt);

}  // namespace wangge::cli
