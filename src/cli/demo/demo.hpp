// The demo-data generator (`wangge demo`): a whole fictitious county - townships, villages and communities,
// grids, household units (十联户), buildings, households, people with care and sensitive groups, 两新组织,
// departments and one account per role - written through the storage repositories, deterministic from a
// seed (apart from passwords, encryption nonces and timestamps).
//
// Everything personal is made up: names are drawn from word lists, citizen IDs are valid but use sequence
// numbers 900-999 only (see BuildDemo), and phone numbers use the unissued mobile segment 154.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/status.hpp"
#include "geo/geo.hpp"
#include "service/place_service.hpp"
#include "storage/database.hpp"

namespace wangge::cli {

// The county the demo builds unless told otherwise (会泽县). Its accounts keep their plain names ("county",
// "gridworker" …); another county's get the county code as a suffix ("county.530381"), so several demo
// counties can share one database (a province-sized benchmark).
inline constexpr const char* kDemoCounty = "530326";
// The demo's accounts (users.cpp MakeUsers: admin, county, township ×2, secretary, grid worker ×2, unit
// leader, police, party member, resident, 12345, mediator); their passwords are hashed ahead on a side
// thread.
inline constexpr size_t kDemoAccountCount = 14;

struct DemoOptions {
  std::string scale =
      "full";                // "full" (the whole county, ~1,000,000 people) | "small" (tests, a few thousand)
  uint64_t seed = 20261121;  // std::mt19937_64 seed; the same seed gives the same county
  std::string
      divisions_dir;  // folder with provinces.csv, cities.csv, areas.csv, streets.csv ("" = data/divisions)
  std::string county = kDemoCounty;  // 6-digit county code from areas.csv
  int64_t now = 0;  // the demo's present for the order history (unix seconds; 0 = when it runs)
};

// A generated login. `password` is the plaintext, shown once to whoever ran the demo.
struct DemoAccount {
  std::string username, password, role, place_code, display_name;
};

struct DemoSummary {
  int64_t townships = 0, villages = 0, grids = 0, units = 0, buildings = 0, households = 0, people = 0,
          tagged = 0, organizations = 0, party_orgs = 0, departments = 0;
  int64_t orders = 0, order_events = 0;               // the event-loop history (orders.hpp)
  int64_t screenings = 0;                             // 矛盾纠纷排查 rounds (screenings.hpp)
  int64_t disputes = 0;                               // dispute cases (disputes.hpp)
  int64_t petitions = 0;                              // petitions (petitions.hpp)
  int64_t ledger_entries = 0;                         // 时间银行 and 积分 entries (points.hpp)
  int64_t redemptions = 0;                            // 积分超市 redemptions (points.hpp)
  int64_t service_orders = 0, wishes = 0;             // 服务工单 and 微心愿 (services.hpp)
  int64_t errand_runners = 0, errand_households = 0;  // 红色代办 runners and the households they cover
  int64_t errands = 0;                                // … and the errands of the demo year
  int64_t dual_units = 0, dual_members = 0, dual_logs = 0;  // 双报到 units, members, hours reported
  int64_t roll_red = 0, roll_black = 0;                     // 红黑榜 listings of the demo year (rolls.hpp)
  int64_t roll_publications = 0, roll_star_households = 0;  // … monthly publications, 星级文明户 named
  int64_t duty_tasks = 0, duty_refused = 0, duty_returned = 0;  // 部门交办 of the demo year (duties.hpp)
  int64_t inspections = 0, inspections_over_cap = 0;  // … 督导检查备案, those beyond the cap
  std::vector<DemoAccount> accounts;
  double seconds = 0;  // wall time of BuildDemo
};

// Builds the demo county into `db`:
//  - places: the province, prefecture and county (inserted unless present), the county's real townships from
//    streets.csv (FULL: all; SMALL: the first 街道 and the first 镇), villages/communities (12 digits:
//    communities 001-199, villages 201-399), grids (15 digits: comprehensive 001.., exclusive 901.. for
//    schools and hospitals in urban communities) and household units (18 digits, 10-15 households each);
//    townships, villages and grids get rectangular GeoJSON boundaries that tile their parent exactly, so
//    geo::ValidateGridLayout(village.boundary, grids, BandForKind(village.kind)) is clean everywhere;
//  - buildings (楼栋, urban grids, with a 楼栋长), households, people (ValidatePerson + SealPersonalData),
//    care/sensitive group tags, leaders of grids (网格长) and units (联户长);
//  - 两新组织; the 党组织 tree (one 党(工)委 per township, one 党组织 per village/community, a 网格党支部 for
//    nine grids in ten, a few 楼栋党小组 in community grids); county departments, one account per role
//    (passwords from GeneratePassword, returned in the summary; the 12345 operator "hotline" is scoped to the
//    county), and one audit row "demo.build";
//  - a year of dispute cases (BuildDemoDisputes, disputes.hpp: FULL ~2,500, SMALL 80) and of petitions
//    (BuildDemoPetitions, petitions.hpp: FULL ~400, SMALL 30);
//  - then ~12 months of work orders before `now` (BuildDemoOrders, orders.hpp): FULL ~315,000,
//    SMALL ~3,000, with their timelines, call-ins, the rebuilt roll-ups and the audit row "demo.orders";
//  - then a year of 矛盾纠纷排查 rounds of every grid and township (BuildDemoScreenings, screenings.hpp);
//  - then a year of 时间银行 hours, 积分 and 积分超市 redemptions in every village (BuildDemoPoints,
//  points.hpp).
// Writes go through db.Write: one job for the upper levels, one per township, one for organisations, party
// orgs, users and the audit row, then the order history's jobs; each job is one transaction, so a failure
// leaves the townships already written in place. Demo citizen IDs are 530326 + birth date + a sequence number
// 900-999 + check character: real, valid-looking numbers whose 9xx sequence marks them as demo data. Errors:
// kInvalidArgument for a bad scale, county or divisions folder; kFailedPrecondition if the database already
// has townships or villages under the county; any storage error.
Result<DemoSummary> BuildDemo(storage::Database& db, const FieldCipher& cipher, const DemoOptions& opt);

// The household band the generated grids respect is the service's rule (service/place_service.hpp).
using service::BandForKind;

}  // namespace wangge::cli
