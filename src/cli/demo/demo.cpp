// The demo-data generator's driver. See demo.hpp for what it builds, internal.hpp for the files of each
// domain.
//
// Shape of the work: a plan of the whole county (townships -> villages -> grid sizes and rectangles) is drawn
// first from the seed; then the villages of each township are generated in full (places, buildings,
// households, people - validated and sealed) on the calling thread while the previous township is being
// written by the database's writer, one db.Write job per township, so generation and SQLite inserts overlap.
#include "cli/demo/demo.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

#include "cli/demo/disputes.hpp"
#include "cli/demo/dual.hpp"
#include "cli/demo/duties.hpp"
#include "cli/demo/errands.hpp"
#include "cli/demo/internal.hpp"
#include "cli/demo/orders.hpp"
#include "cli/demo/petitions.hpp"
#include "cli/demo/points.hpp"
#include "cli/demo/rolls.hpp"
#include "cli/demo/screenings.hpp"
#include "cli/demo/services.hpp"
#include "core/codes.hpp"
#include "core/validation.hpp"
#include "storage/audit_repo.hpp"
#include "storage/departments_repo.hpp"
#include "storage/orgs_repo.hpp"
#include "storage/party_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {

namespace {

using namespace demo_detail;  // NOLINT(google-build-using-namespace)

// ------------------------------------------------------------------ the plan

class Namer {
 public:
  explicit Namer(Rng* rng) : rng_(rng) {}
  std::string Village() {
    for (int attempt = 0;; ++attempt) {
      std::string n;
      if (rng_->Chance(0.2)) {  // 李家湾村
        static const WordTable surnames(Surnames());
        n = std::string(surnames.Pick(*rng_)) + "家" + std::string(rng_->Pick(VillageSecond()));
      } else {
        n = std::string(rng_->Pick(VillageFirst())) + std::string(rng_->Pick(VillageSecond()));
      }
      if (attempt > 50) n += Chinese(attempt % 90 + 1);
      if (used_.insert(n + "村").second) return n + "村";
    }
  }
  std::string Community() {
    for (int attempt = 0;; ++attempt) {
      std::string n = std::string(rng_->Pick(CommunityFirst())) + std::string(rng_->Pick(CommunitySecond()));
      if (attempt > 50) n += Chinese(attempt % 90 + 1);
      if (used_.insert(n + "社区").second) return n + "社区";
    }
  }
  bool Reserve(const std::string& name) { return used_.insert(name).second; }

 private:
  Rng* rng_;
  std::set<std::string> used_;
};

// The county's bounding box: 会泽县 lies at about 103.0-103.9E, 25.9-26.8N. Other counties get the same box
// (the division tables carry no coordinates).
constexpr Rect kCountyBox{103.0, 25.9, 103.9, 26.8};

Plan MakePlan(Rng& rng, Divisions div, bool full) {
  Plan plan;
  plan.div = std::move(div);
  Namer namer(&rng);
  // Townships: FULL takes all of them; SMALL the first 街道 and the first 镇 (or else the first other one).
  std::vector<std::pair<std::string, std::string>> chosen;
  if (full) {
    chosen = plan.div.townships;
  } else {
    auto first_of = [&](auto pred) -> std::optional<std::pair<std::string, std::string>> {
      for (auto& t : plan.div.townships)
        if (pred(TownshipKind(t.first))) return t;
      return std::nullopt;
    };
    auto a = first_of([](const std::string& k) { return k == "street"; });
    auto b = first_of([](const std::string& k) { return k == "town"; });
    if (!b) b = first_of([](const std::string& k) { return k != "street"; });
    if (a) chosen.push_back(*a);
    if (b) chosen.push_back(*b);
    for (auto& t : plan.div.townships)  // a county with a single kind of township
      if (chosen.size() < 2 && std::find(chosen.begin(), chosen.end(), t) == chosen.end())
        chosen.push_back(t);
  }
  // How many villages/communities each township gets. FULL: ~381 for 25 townships (会泽县).
  std::vector<int> counts(chosen.size(), 0), seats(chosen.size(), 0);
  {
    int streets_total = 0;
    std::vector<size_t> rural;
    for (size_t i = 0; i < chosen.size(); ++i) {
      if (TownshipKind(chosen[i].first) == "street") {
        counts[i] = full ? rng.Int(8, 10) : 2;
        streets_total += counts[i];
      } else {
        rural.push_back(i);
      }
    }
    if (full && !rural.empty()) {
      const int target = static_cast<int>(std::lround(381.0 * static_cast<double>(chosen.size()) / 25.0));
      int remaining = std::max(target - streets_total, static_cast<int>(rural.size()) * 8);
      std::vector<double> w;
      double wsum = 0;
      for (size_t i : rural) {
        w.push_back((TownshipKind(chosen[i].first) == "town" ? 1.25 : 1.0) * (0.7 + 0.6 * rng.Real()));
        wsum += w.back();
      }
      int given = 0;
      std::vector<std::pair<double, size_t>> frac;
      for (size_t j = 0; j < rural.size(); ++j) {
        double exact = remaining * w[j] / wsum;
        counts[rural[j]] = static_cast<int>(exact);
        given += counts[rural[j]];
        frac.emplace_back(exact - counts[rural[j]], j);
      }
      std::sort(frac.begin(), frac.end(), std::greater<>());
      for (size_t j = 0; given < remaining; ++j, ++given) ++counts[rural[frac[j % frac.size()].second]];
      for (size_t i : rural) seats[i] = TownshipKind(chosen[i].first) == "town" ? 2 : 1;
    } else {
      for (size_t i : rural) counts[i] = full ? 12 : 3;
    }
  }
  // Villages and their grids.
  for (size_t ti = 0; ti < chosen.size(); ++ti) {
    TownshipPlan t;
    t.code = chosen[ti].first;
    t.name = chosen[ti].second;
    t.kind = TownshipKind(t.code);
    const bool street = t.kind == "street";
    const std::string stem = Stem(t.name);
    int next_community = 1, next_village = 201;
    for (int vi = 0; vi < counts[ti]; ++vi) {
      VillagePlan v;
      v.township_code = t.code;
      v.township_name = t.name;
      const bool community = street || vi < seats[ti];
      v.kind = community ? "community" : "village";
      v.seat = community && !street;
      v.code = t.code + Num3(community ? next_community++ : next_village++);
      if (v.seat && vi == 0 && namer.Reserve(stem + "社区")) {
        v.name = stem + "社区";
      } else {
        v.name = community ? namer.Community() : namer.Village();
      }
      // Grid sizes.
      int comprehensive = 0, exclusive = 0;
      if (!community) {
        comprehensive = full ? 8 + rng.Int(0, 6) + rng.Int(0, 7) : rng.Int(3, 4);
      } else if (street) {
        comprehensive = full ? rng.Int(3, 8) : 2;
        exclusive = full ? (rng.Chance(0.35) ? 1 : 0) + (rng.Chance(0.1) ? 1 : 0) : (vi == 0 ? 1 : 0);
      } else {
        comprehensive = rng.Int(2, 4);
        exclusive = rng.Chance(0.3) ? 1 : 0;
      }
      for (int g = 1; g <= comprehensive; ++g) {
        GridPlan gp;
        gp.code = v.code + Num3(g);
        gp.name = v.name + "第" + std::to_string(g) + "网格";
        if (!community)
          gp.households =
              rng.Chance(0.04) ? rng.Int(60, 140) : 20 + rng.Int(0, 10) + rng.Int(0, 10) + rng.Int(0, 8);
        else if (street)
          gp.households = rng.Int(320, 480);
        else
          gp.households = rng.Int(300, 460);
        v.grids.push_back(std::move(gp));
      }
      for (int g = 1; g <= exclusive; ++g) {
        GridPlan gp;
        gp.code = v.code + Num3(900 + g);
        gp.exclusive = true;
        if (street) {
          std::string site;
          for (int attempt = 0; attempt < 40 && site.empty(); ++attempt) {
            std::string s = plan.div.county_name + std::string(rng.Pick(ExclusiveSites()));
            if (namer.Reserve(s)) site = s;
          }
          if (site.empty()) site = v.name + "学校";
          gp.site = site;
        } else {
          gp.site = t.name + (rng.Chance(0.5) ? "中心学校" : "卫生院");
          if (!namer.Reserve(gp.site)) gp.site = v.name + "卫生室";
        }
        gp.name = gp.site + "专属网格";
        gp.households = rng.Int(6, 16);
        v.grids.push_back(std::move(gp));
      }
      t.villages.push_back(std::move(v));
    }
    plan.townships.push_back(std::move(t));
  }
  // Geometry: county box -> townships -> villages -> grids, areas by weight (urban places are small).
  auto village_weight = [](const VillagePlan& v) {
    return v.kind == "village" ? 1.0 : (v.seat ? 0.08 : 0.06);
  };
  std::vector<double> tw;
  for (auto& t : plan.townships) {
    double w = 0;
    for (auto& v : t.villages) w += village_weight(v);
    tw.push_back(std::max(w, 0.05));
  }
  auto trects = Tile(kCountyBox, tw);
  for (size_t i = 0; i < plan.townships.size(); ++i) {
    auto& t = plan.townships[i];
    t.rect = trects[i];
    std::vector<double> vw;
    for (auto& v : t.villages) vw.push_back(village_weight(v));
    auto vrects = Tile(t.rect, vw);
    for (size_t j = 0; j < t.villages.size(); ++j) {
      auto& v = t.villages[j];
      v.rect = vrects[j];
      std::vector<double> gw;
      for (auto& g : v.grids) gw.push_back(g.exclusive ? 0.35 : 1.0);
      auto grects = Tile(v.rect, gw);
      for (size_t k = 0; k < v.grids.size(); ++k) v.grids[k].rect = grects[k];
    }
  }
  return plan;
}

const std::vector<std::pair<const char*, const char*>>& DepartmentTable() {
  static const std::vector<std::pair<const char*, const char*>> v = {
      {"gongan", "县公安局"}, {"chengguan", "县城管局"}, {"scjg", "县市场监管局"}, {"minzheng", "县民政局"},
      {"sifa", "县司法局"},   {"xinfang", "县信访局"},   {"zhujian", "县住建局"},  {"weijian", "县卫健局"}};
  return v;
}

}  // namespace

// ------------------------------------------------------------------ BuildDemo

Result<DemoSummary> BuildDemo(storage::Database& db, const FieldCipher& cipher, const DemoOptions& opt) {
  const auto started = std::chrono::steady_clock::now();
  InitCrypto();
  if (opt.scale != "full" && opt.scale != "small")
    return InvalidArgument("规模只能是 full 或 small", "scale must be full or small", "scale");
  const bool full = opt.scale == "full";
  ASSIGN_OR_RETURN(Divisions div, LoadDivisions(opt.divisions_dir, opt.county));

  // Refuse a county that already has data below it.
  {
    ASSIGN_OR_RETURN(auto tx, db.Read());
    for (Level l : {Level::kTownship, Level::kVillage}) {
      ASSIGN_OR_RETURN(int64_t n, tx->places().CountInScope(opt.county, static_cast<int>(l)));
      if (n > 0)
        return FailedPrecondition(
            "数据库中 " + opt.county + " 下已有地点，演示数据只能写入空的县",
            "the database already has places under " + opt.county + "; the demo needs an empty county");
    }
  }

  // Passwords are hashed (argon2id, ~0.1 s each) on a side thread while the villages are written.
  auto passwords = std::async(std::launch::async, [] {
    std::vector<std::pair<std::string, std::string>> v;  // plaintext, hash
    for (size_t i = 0; i < kDemoAccountCount; ++i) {
      std::string pw = GeneratePassword();
      v.emplace_back(pw, HashPassword(pw));
    }
    return v;
  });

  Ctx c(opt.seed, cipher, opt.county);
  c.county_name = div.county_name;
  Plan plan = MakePlan(c.rng, std::move(div), full);
  const Divisions& d = plan.div;
  DemoSummary sum;

  // Job 1: province, prefecture, county (unless present), townships, departments.
  std::vector<Department> depts;
  {
    std::vector<Place> upper;
    for (auto [code, name] :
         {std::pair{d.province_code, d.province_name}, std::pair{d.prefecture_code, d.prefecture_name},
          std::pair{d.county_code, d.county_name}})
      upper.push_back(MakePlace(code, name, "", ""));
    std::vector<Place> towns;
    for (const auto& t : plan.townships)
      towns.push_back(MakePlace(t.code, t.name, t.kind, RectGeoJson(t.rect)));
    for (Place& p : upper) RETURN_IF_ERROR(ValidatePlace(&p));
    for (Place& p : towns) RETURN_IF_ERROR(ValidatePlace(&p));
    for (const auto& [code, name] : DepartmentTable()) {
      Department dep;
      dep.code = code;
      dep.name = name;
      dep.place_code = d.county_code;
      RETURN_IF_ERROR(ValidateDepartment(&dep));
      depts.push_back(dep);
    }
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      for (const Place& p : upper) {
        auto got = tx.places().Get(p.code);
        if (got.ok()) continue;
        if (got.status().code() != StatusCode::kNotFound) return got.status();
        RETURN_IF_ERROR(tx.places().Insert(p));
      }
      for (const Place& p : towns) RETURN_IF_ERROR(tx.places().Insert(p));
      // Departments: reuse one of this county that already has the code.
      std::map<std::string, int64_t> existing;
      storage::PageRequest page{"", 1000};
      for (;;) {
        ASSIGN_OR_RETURN(auto pg, tx.departments().List(d.county_code, page));
        for (const auto& dep : pg.items) existing[dep.code] = dep.id;
        if (pg.next.empty()) break;
        page.after = pg.next;
      }
      for (Department& dep : depts) {
        if (auto it = existing.find(dep.code); it != existing.end()) {
          dep.id = it->second;
          continue;
        }
        ASSIGN_OR_RETURN(dep.id, tx.departments().Insert(dep));
      }
      return Status::Ok();
    }));
    sum.townships = static_cast<int64_t>(towns.size());
    sum.departments = static_cast<int64_t>(depts.size());
  }

  const AccountHomes homes = ChooseAccountHomes(plan);

  // Villages, one write job per township: the next township is generated while the previous one is written.
  // (Bigger transactions than one per village cut SQLite's write amplification: the citizen-ID and name
  // indexes are random-keyed, so every transaction rewrites most of their pages.) `pending_jobs` is declared
  // before `pending` so that on an early return the future, which waits for its write, goes first.
  Found found;
  Rng harvest_rng(opt.seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<std::unique_ptr<VillageJob>> pending_jobs;
  std::future<Status> pending;
  auto finish = [&]() -> Status {
    if (!pending.valid()) return Status::Ok();
    Status st = pending.get();
    if (!st.ok()) return st;
    for (const auto& jp : pending_jobs) {
      const VillageJob& j = *jp;
      Harvest(harvest_rng, j, homes, &found);
      sum.villages += 1;
      sum.grids += static_cast<int64_t>(j.grids.size());
      sum.units += static_cast<int64_t>(j.units.size());
      sum.buildings += static_cast<int64_t>(j.buildings.size());
      sum.households += static_cast<int64_t>(j.households.size());
      sum.people += j.people;
      sum.tagged += j.tagged;
    }
    pending_jobs.clear();
    return Status::Ok();
  };
  for (const auto& t : plan.townships) {
    std::vector<std::unique_ptr<VillageJob>> jobs;
    for (const auto& v : t.villages) {
      auto gen = GenerateVillage(c, v);
      if (!gen.ok()) {
        (void)finish();
        return gen.status();
      }
      jobs.push_back(std::move(gen).value());
    }
    RETURN_IF_ERROR(finish());
    pending_jobs = std::move(jobs);
    auto* batch = &pending_jobs;
    pending = std::async(std::launch::async, [&db, batch] {
      return db.Write([batch](storage::Tx& tx) -> Status {
        for (auto& j : *batch) RETURN_IF_ERROR(WriteVillage(tx, *j));
        return Status::Ok();
      });
    });
  }
  RETURN_IF_ERROR(finish());
  if (found.grid2.empty() && !found.grid.empty()) {  // no second village: another grid of the first one
    found.grid2 = found.grid;
    found.grid2_leader = found.grid_leader;
    found.grid2_leader_name = found.grid_leader_name;
  }

  // Last job: organisations, users, the audit row.
  std::vector<Organization> orgs = MakeOrganizations(c, plan, full);
  for (Organization& o : orgs) RETURN_IF_ERROR(ValidateOrganization(&o));
  auto pw = passwords.get();
  const std::string county = d.county_code;
  ASSIGN_OR_RETURN(std::vector<User> users, MakeUsers(c, homes, found, county, opt.seed, depts[0].id));
  if (users.size() != pw.size())
    return Internal("demo: " + std::to_string(users.size()) + " accounts but kDemoAccountCount is " +
                    std::to_string(pw.size()));
  // The party org tree draws its names after the accounts, so the accounts stay as they were for a seed.
  std::vector<PlannedPartyOrg> party = MakePartyOrgs(c, plan);
  for (PlannedPartyOrg& po : party) RETURN_IF_ERROR(ValidatePartyOrg(&po.org));
  std::vector<bool> created(users.size(), false);
  std::vector<int64_t> user_ids(users.size(), 0);
  RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
    for (const Organization& o : orgs) RETURN_IF_ERROR(tx.orgs().Insert(o).status());
    std::vector<int64_t> party_ids(party.size(), 0);
    for (size_t i = 0; i < party.size(); ++i) {
      PartyOrg o = party[i].org;
      if (party[i].parent >= 0) o.parent_id = party_ids[static_cast<size_t>(party[i].parent)];
      ASSIGN_OR_RETURN(party_ids[i], tx.party().Insert(o));
    }
    for (size_t i = 0; i < users.size(); ++i) {
      auto existing = tx.users().GetByName(users[i].username);
      if (existing.ok()) {  // keep an account someone already made (e.g. `wangge init`'s admin)
        user_ids[i] = existing->id;
        spdlog::warn("demo: user {} exists, left unchanged", users[i].username);
        continue;
      }
      if (existing.status().code() != StatusCode::kNotFound) return existing.status();
      ASSIGN_OR_RETURN(user_ids[i], tx.users().Insert(users[i], pw[i].second));
      created[i] = true;
    }
    nlohmann::json detail = {{"scale", opt.scale},
                             {"seed", opt.seed},
                             {"townships", sum.townships},
                             {"villages", sum.villages},
                             {"grids", sum.grids},
                             {"units", sum.units},
                             {"buildings", sum.buildings},
                             {"households", sum.households},
                             {"people", sum.people},
                             {"tagged", sum.tagged},
                             {"organizations", orgs.size()},
                             {"party_orgs", party.size()},
                             {"departments", sum.departments}};
    storage::AuditEntry e;
    e.user_id = 0;
    e.username = "system";
    e.action = "demo.build";
    e.entity = "county";
    e.entity_id = county;
    e.place_code = county;
    e.detail = detail.dump();
    return tx.audit().Append(&e);
  }));
  sum.organizations = static_cast<int64_t>(orgs.size());
  sum.party_orgs = static_cast<int64_t>(party.size());
  for (size_t i = 0; i < users.size(); ++i)
    if (created[i])
      sum.accounts.push_back(DemoAccount{users[i].username, pw[i].first, users[i].role, users[i].place_code,
                                         users[i].display_name});

  // The event-loop history: a year of work orders in every grid.
  DemoOrdersOptions oo;
  oo.county = county;
  oo.full = full;
  oo.seed = opt.seed;
  oo.now = opt.now != 0 ? opt.now : storage::NowUnix();
  for (const auto& t : plan.townships)
    for (const auto& v : t.villages)
      for (const auto& g : v.grids)
        oo.grids.push_back(DemoGrid{g.code, g.name, v.name, t.name, g.rect.x0, g.rect.y0, g.rect.x1,
                                    g.rect.y1, g.households, v.kind == "community", g.exclusive});
  // The dispute cases and petitions first: the event history's roll-up rebuild then counts them too.
  DemoDisputesOptions dopt;
  dopt.county = county;
  dopt.full = full;
  dopt.seed = opt.seed;
  dopt.now = oo.now;
  dopt.grids = oo.grids;
  ASSIGN_OR_RETURN(DemoDisputesSummary disputes, BuildDemoDisputes(db, cipher, dopt));
  sum.disputes = disputes.cases;
  DemoPetitionsOptions popt;
  popt.county = county;
  popt.full = full;
  popt.seed = opt.seed;
  popt.now = oo.now;
  popt.grids = oo.grids;
  ASSIGN_OR_RETURN(DemoPetitionsSummary petitions, BuildDemoPetitions(db, cipher, popt));
  sum.petitions = petitions.petitions;
  // A year of 服务工单 and 微心愿 in every village (services.hpp): before the roll-up rebuild, which counts
  // them, and before the points year, which closes the months their hours are posted in.
  DemoServicesOptions sopt;
  sopt.county = county;
  sopt.full = full;
  sopt.seed = opt.seed;
  sopt.now = oo.now;
  sopt.grids = oo.grids;
  for (size_t i = 0; i < users.size(); ++i)
    if (user_ids[i] != 0) {
      User u = users[i];
      u.id = user_ids[i];
      sopt.users.push_back(std::move(u));
    }
  ASSIGN_OR_RETURN(DemoServicesSummary services, BuildDemoServices(db, cipher, sopt));
  sum.service_orders = services.orders;
  sum.wishes = services.wishes;
  // 红色代办: every village's providers (those accounts too) cover 5-8 households each (errands.hpp).
  DemoErrandsOptions eo;
  eo.seed = opt.seed;
  eo.now = oo.now;
  for (const auto& t : plan.townships)
    for (const auto& v : t.villages) eo.villages.push_back(v.code);
  for (const User& u : sopt.users)
    if (u.role == "party_member" && found.party && u.person_id == *found.party) eo.first_user_id = u.id;
  if (found.resident) {
    ASSIGN_OR_RETURN(auto rtx, db.Read());
    if (auto p = rtx->people().GetPerson(*found.resident); p.ok() && p->household_id)
      eo.first_household = *p->household_id;
  }
  eo.users = sopt.users;
  eo.full = full;
  ASSIGN_OR_RETURN(DemoErrandsSummary errands, BuildDemoErrandRunners(db, cipher, eo));
  sum.errand_runners = errands.runners;
  sum.errand_households = errands.households;
  sum.errands = errands.errands;
  // 双报到: units, in-service party members, posts and a year of their confirmed hours (dual.hpp), before
  // the points year closes the months those hours are posted in.
  DemoDualOptions du;
  du.seed = opt.seed;
  du.now = oo.now;
  du.full = full;
  du.villages = eo.villages;
  if (found.party) du.skip_person = *found.party;
  for (size_t i = 0; i < users.size(); ++i)
    if (user_ids[i] != 0 && users[i].role == "community_secretary") du.confirmer = user_ids[i];
  ASSIGN_OR_RETURN(DemoDualSummary dual, BuildDemoDual(db, du));
  sum.dual_units = dual.units;
  sum.dual_members = dual.members;
  sum.dual_logs = dual.logs;
  // 红黑榜: every village's criteria and a year of monthly lists, this month's still open (rolls.hpp), before
  // the points year closes the months the 上红榜 points are posted in.
  DemoRollsOptions ro;
  ro.seed = opt.seed;
  ro.now = oo.now;
  ro.full = full;
  ro.villages = eo.villages;
  ro.secretary = du.confirmer;
  if (found.resident) ro.resident_person = *found.resident;
  ASSIGN_OR_RETURN(DemoRollsSummary rolls, BuildDemoRolls(db, ro));
  sum.roll_red = rolls.red;
  sum.roll_black = rolls.black;
  sum.roll_publications = rolls.publications;
  sum.roll_star_households = rolls.star_households;
  // 减负: the county's lists and their versions, a year of department tasks citing them (a few refused), and
  // the inspections filed under the cap (duties.hpp); before the event history, whose roll-ups count tasks.
  DemoDutiesOptions dd;
  dd.county = county;
  dd.seed = opt.seed;
  dd.now = oo.now;
  dd.full = full;
  dd.villages = eo.villages;
  dd.departments = depts;
  for (size_t i = 0; i < users.size(); ++i) {
    if (user_ids[i] == 0) continue;
    User u = users[i];
    u.id = user_ids[i];
    if (u.role == "county_command" && dd.county_user == 0) dd.county_user = u.id;
    if (u.role == "department_handler" && dd.dept_user == 0 && u.department_id) {
      dd.dept_user = u.id;
      dd.dept_user_dept = *u.department_id;
    }
    if (u.role == "community_secretary") dd.secretaries.push_back(std::move(u));
  }
  ASSIGN_OR_RETURN(DemoDutiesSummary duties, BuildDemoDuties(db, cipher, dd));
  sum.duty_tasks = duties.tasks;
  sum.duty_refused = duties.refused;
  sum.duty_returned = duties.returned;
  sum.inspections = duties.inspections;
  sum.inspections_over_cap = duties.over_cap;
  ASSIGN_OR_RETURN(DemoOrdersSummary orders, BuildDemoOrders(db, cipher, oo));
  sum.orders = orders.orders;
  sum.order_events = orders.events;

  // A year of 矛盾纠纷排查 rounds (screenings.hpp), recorded by the grid workers' and township officials'
  // accounts where they exist.
  DemoScreeningsOptions so;
  so.seed = opt.seed;
  so.now = oo.now;
  for (const DemoGrid& g : oo.grids) so.grids.push_back(g.code);
  for (const auto& t : plan.townships) so.townships.push_back(t.code);
  for (size_t i = 0; i < users.size(); ++i)
    if (user_ids[i] != 0 && (users[i].role == "grid_worker" || users[i].role == "township_official"))
      so.recorders.emplace(users[i].place_code, user_ids[i]);
  ASSIGN_OR_RETURN(sum.screenings, BuildDemoScreenings(db, so));

  // A year of 时间银行 hours, 积分 and 积分超市 redemptions in every village (points.hpp); the demo resident
  // and party member take part in their community, whose hand-overs are the secretary's.
  DemoPointsOptions po;
  po.seed = opt.seed;
  po.now = oo.now;
  po.participants = full ? 25 : 40;
  for (const auto& t : plan.townships)
    for (const auto& v : t.villages) po.villages.push_back(v.code);
  if (found.resident) po.always.push_back(*found.resident);
  if (found.party) po.always.push_back(*found.party);
  po.keeper_village = found.secretary_village;
  for (size_t i = 0; i < users.size(); ++i)
    if (user_ids[i] != 0 && users[i].role == "community_secretary") po.keeper = user_ids[i];
  ASSIGN_OR_RETURN(DemoPointsSummary points, BuildDemoPoints(db, po));
  sum.ledger_entries = points.entries;
  sum.redemptions = points.redemptions;
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return sum;
}

}  // namespace wangge::cli
