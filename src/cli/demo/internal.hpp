// What the files of the demo generator share (not part of its interface, which is demo.hpp): the random
// numbers, the generator's reference date, the plan of the county, the generation context, the generated
// village, and each domain's step. One file per domain, like the other layers:
//   demo.cpp    BuildDemo: the plan of the county and the driver (write jobs, summary)
//   places.cpp  division tables, geometry, villages with their grids, units and buildings (and their writing)
//   people.cpp  households, people, their care and sensitive group tags, the demo citizen IDs
//   orgs.cpp    两新组织
//   party.cpp   the 党组织 tree
//   users.cpp   the accounts: where they live, who holds them
//   orders.cpp  the year of work orders (orders.hpp), and the step every generated case history takes
//   disputes.cpp, petitions.cpp, screenings.cpp  the year of cases, petitions and screening rounds
//   names.cpp   the word lists names are drawn from
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/crypto.hpp"
#include "core/dates.hpp"
#include "core/entities.hpp"
#include "core/order.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::cli::demo_detail {

// ------------------------------------------------------------------ random numbers

// Draws only through mt19937_64's raw output (fully specified by the standard), so a seed gives the same
// county with every standard library; std::uniform_*_distribution are implementation-defined.
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  // Uniform in [lo, hi], inclusive. The modulo bias over 2^64 is negligible for these small ranges.
  int Int(int lo, int hi) { return lo + static_cast<int>(g_() % static_cast<uint64_t>(hi - lo + 1)); }
  double Real() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double Range(double lo, double hi) { return lo + (hi - lo) * Real(); }
  bool Chance(double p) { return Real() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Int(0, static_cast<int>(v.size()) - 1))];
  }
  // Index into a list of probabilities/weights (need not sum to 1).
  size_t Weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = Real() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return w.size() - 1;
  }
  // An index drawn by cumulative weights (cum.back() is the total).
  size_t Cumulative(const std::vector<double>& cum) {
    const double r = Real() * cum.back();
    auto it = std::upper_bound(cum.begin(), cum.end(), r);
    return std::min(static_cast<size_t>(it - cum.begin()), cum.size() - 1);
  }

 private:
  std::mt19937_64 g_;
};

// ------------------------------------------------------------------ word lists (names.cpp)

struct WeightedWord {
  std::string_view word;
  int weight;
};
struct GivenNameChars {
  std::vector<std::string_view> first;  // first of two characters
  std::vector<std::string_view> last;   // second of two, or a one-character name
};
const std::vector<WeightedWord>& Surnames();
const std::vector<WeightedWord>& SurnamesOf(std::string_view ethnicity);  // 回族 彝族 苗族 get their own
const GivenNameChars& GivenNames(int sex, int generation);  // sex 0 male 1 female; generation 0-2
const std::vector<std::string_view>& VillageFirst();
const std::vector<std::string_view>& VillageSecond();
const std::vector<std::string_view>& CommunityFirst();
const std::vector<std::string_view>& CommunitySecond();
const std::vector<std::string_view>& ExclusiveSites();
const std::vector<std::string_view>& BrandSyllables();
const std::vector<std::string_view>& EnterpriseTrades();
const std::vector<std::string_view>& EnterpriseForms();
const std::vector<std::string_view>& SocialOrgKinds();
const std::vector<std::string_view>& Workplaces();
const std::vector<std::string_view>& PetitionMatters();

// A weighted word list with its cumulative weights, for fast picks.
class WordTable {
 public:
  explicit WordTable(const std::vector<WeightedWord>& words) {
    int total = 0;
    for (const auto& w : words) {
      total += w.weight;
      words_.push_back(w.word);
      cum_.push_back(total);
    }
  }
  std::string_view Pick(Rng& rng) const {
    int r = rng.Int(0, cum_.back() - 1);
    auto it = std::upper_bound(cum_.begin(), cum_.end(), r);
    return words_[static_cast<size_t>(it - cum_.begin())];
  }

 private:
  std::vector<std::string_view> words_;
  std::vector<int> cum_;
};

// ------------------------------------------------------------------ dates

// The generator's "today": every birth date and tag date lies on or before it, and ValidatePerson is run
// against it, so the same seed gives the same people whatever the clock says.
constexpr std::string_view kRefDate = "2026-06-30";
constexpr int64_t kRefDays = DaysFromCivil(2026, 6, 30);
constexpr int64_t kFirstIdDay = DaysFromCivil(1920, 1, 1);

// ------------------------------------------------------------------ division tables (places.cpp)

struct Divisions {
  std::string province_code, province_name, prefecture_code, prefecture_name, county_code, county_name;
  std::vector<std::pair<std::string, std::string>> townships;  // code, name (file order)
};

// The county, its prefecture and province, and its townships from the division tables in `dir` ("" =
// data/divisions). Errors: kInvalidArgument for a bad county code, a missing or invalid table, a county not
// in areas.csv or without townships in streets.csv.
Result<Divisions> LoadDivisions(const std::string& dir, const std::string& county);

// "street" for 001-099 (街道), "town" 100-199 (镇), "township" 200-399 (乡), "" otherwise.
std::string TownshipKind(std::string_view code);

// "娜姑镇" -> "娜姑", "新街回族乡" -> "新街", "古城街道" -> "古城".
std::string Stem(std::string_view name);

std::string Num3(int n);     // 7 -> "007"
std::string Chinese(int n);  // 1..99 -> 一..九十九

// ------------------------------------------------------------------ geometry (places.cpp)

struct Rect {
  double x0, y0, x1, y1;  // lon/lat degrees: west, south, east, north
};

// Tiles `r` into rectangles with areas proportional to `weights`, in order: consecutive items stay
// neighbours, tiles stay close to square, and shared edges are bit-identical.
std::vector<Rect> Tile(const Rect& r, const std::vector<double>& weights);

// The rectangle as a GeoJSON Polygon (counter-clockwise exterior ring).
std::string RectGeoJson(const Rect& r);

// ------------------------------------------------------------------ the plan (demo.cpp)

struct GridPlan {
  std::string code, name;
  bool exclusive = false;
  std::string site;  // exclusive grids: "会泽县第一中学"
  int households = 0;
  Rect rect{};
};

struct VillagePlan {
  std::string code, name, kind;  // kind "community" | "village"
  std::string township_code, township_name;
  bool seat = false;  // a community at a town seat
  Rect rect{};
  std::vector<GridPlan> grids;
};

struct TownshipPlan {
  std::string code, name, kind;
  Rect rect{};
  std::vector<VillagePlan> villages;
};

struct Plan {
  Divisions div;
  std::vector<TownshipPlan> townships;
};

// ------------------------------------------------------------------ the generation context

// Demo citizen IDs: address code = the county, the real birth date, and a sequence number 900-999 only (odd =
// male, even = female), so every demo ID is valid but recognisable. Each (birth date, sex) has 50 numbers;
// when a day is used up the birth date moves to the next free day. (people.cpp)
class IdPool {
 public:
  explicit IdPool(std::string county)
      : county_(std::move(county)), used_((kRefDays - kFirstIdDay + 2) * 2, 0) {}
  // Returns the ID and may move *day to a free one (the nearest day with a free number, later days first).
  std::string Take(Rng& rng, int64_t* day, bool male);

 private:
  std::string county_;
  std::vector<uint64_t> used_;
};

// The seeded random source and what the steps that draw names share. The steps draw from `rng` in the order
// BuildDemo calls them; that order is part of what a seed means.
struct Ctx {
  explicit Ctx(uint64_t seed, const FieldCipher& c, std::string county)
      : rng(seed), cipher(c), ids(std::move(county)) {}
  Rng rng;
  const FieldCipher& cipher;
  IdPool ids;
  std::string county_name;
  WordTable surnames{Surnames()};
  WordTable hui{SurnamesOf("回族")}, yi{SurnamesOf("彝族")}, miao{SurnamesOf("苗族")};
  int64_t hh_serial = 0;

  std::string_view Surname(std::string_view eth) {
    if (eth == "回族") return hui.Pick(rng);
    if (eth == "彝族") return yi.Pick(rng);
    if (eth == "苗族") return miao.Pick(rng);
    return surnames.Pick(rng);
  }
  std::string Given(bool male, int birth_year) {
    const int gen = birth_year < 1965 ? 0 : (birth_year < 1995 ? 1 : 2);
    const GivenNameChars& g = GivenNames(male ? 0 : 1, gen);
    if (rng.Chance(gen == 1 ? 0.35 : 0.25)) return std::string(rng.Pick(g.last));
    return std::string(rng.Pick(g.first)) + std::string(rng.Pick(g.last));
  }
  std::string Name(bool male, int birth_year) {
    return std::string(Surname("汉族")) + Given(male, birth_year);
  }
  std::string Phone() {
    // 154 is a mobile segment not issued to subscribers: the numbers are well-formed and reach nobody.
    char buf[16];
    std::snprintf(buf, sizeof buf, "154%08d", rng.Int(0, 99999999));
    return buf;
  }
  // A date between max(birth, ref - years_back) and ref.
  int64_t Since(int64_t birth, int years_back) {
    int64_t lo = std::max(birth, kRefDays - 365 * years_back);
    return lo + rng.Int(0, static_cast<int>(kRefDays - lo));
  }
};

// ------------------------------------------------------------------ villages (places.cpp, people.cpp)

struct GenHousehold {
  Household h;
  int grid = 0;       // index into VillageJob::grids
  int unit = 0;       // index into VillageJob::units
  int building = -1;  // index into VillageJob::buildings
  std::vector<Person> members;
  std::vector<int> ages;        // completed years on kRefDate
  std::vector<int64_t> births;  // days since 1970-01-01
  std::vector<bool> male;
};

struct PersonRef {
  int household = -1, member = -1;
  bool ok() const { return household >= 0; }
};

struct VillageJob {
  const VillagePlan* plan = nullptr;
  Place village;
  std::vector<Place> grids, units;
  std::vector<int> unit_grid;  // grid index of each unit
  std::vector<Building> buildings;
  std::vector<GenHousehold> households;
  std::vector<PersonRef> grid_leader, unit_leader, building_leader;
  int64_t people = 0, tagged = 0;
};

// A place with its level and parent derived from the code (not validated).
Place MakePlace(const std::string& code, const std::string& name, const std::string& kind,
                const std::string& boundary);

// One village in full: the village, its grids and household units, buildings, households and people
// (validated and sealed), and the leaders picked for grids, units and buildings. Draws from c.rng. Errors: a
// place, building, household or person the validators refuse (kInternal for a person: a bug).
Result<std::unique_ptr<VillageJob>> GenerateVillage(Ctx& c, const VillagePlan& vp);

// The write job of one village: places, buildings, households, people, then the leaders. Sets the ids in
// `job`. Errors: any storage error.
Status WriteVillage(storage::Tx& tx, VillageJob& job);

// One household's members as validated, sealed Person records, with their tags (people.cpp). Draws from
// c.rng. Errors: kInternal if a generated person fails validation (a bug).
Status MakeHousehold(Ctx& c, const VillagePlan& vp, GenHousehold& hh);

// ------------------------------------------------------------------ organisations (orgs.cpp)

// 两新组织: FULL 300 enterprises and 50 social organisations, SMALL 12 and 3, in the county's grids (not
// validated). Draws from c.rng.
std::vector<Organization> MakeOrganizations(Ctx& c, const Plan& plan, bool full);

// ------------------------------------------------------------------ 党组织 tree (party.cpp)

// A party org and the index of its parent in the same list (-1 = none); listed parents first.
struct PlannedPartyOrg {
  PartyOrg org;
  int parent = -1;
};

// One 党工委/党委 per township, one 党组织 per village or community, a 网格党支部 for nine grids in ten and a
// few 楼栋党小组 in urban (community) grids that have a branch (not validated). Draws from c.rng.
std::vector<PlannedPartyOrg> MakePartyOrgs(Ctx& c, const Plan& plan);

// ------------------------------------------------------------------ accounts (users.cpp)

// Where the sample accounts live: a 街道 and another township (a 镇 or 乡 when there is one), a community of
// the first for the secretary and a village of the second for the second grid worker ("" when the county has
// a single village).
struct AccountHomes {
  const TownshipPlan* township = nullptr;
  const TownshipPlan* township2 = nullptr;
  std::string secretary_village, grid2_village;
};
AccountHomes ChooseAccountHomes(const Plan& plan);

// The account holders found in the written villages (person IDs are known then).
struct Found {
  std::string secretary_village, grid, unit, grid2;
  std::string grid_leader_name, unit_leader_name, party_name, resident_name, grid2_leader_name;
  std::optional<int64_t> grid_leader, unit_leader, party, resident, grid2_leader;
};

// Picks the account holders out of a written village into *f when it is one of `homes`' villages.
void Harvest(Rng& rng, const VillageJob& job, const AccountHomes& homes, Found* f);

// One validated account per role (system_admin, county_command, township_official x2, community_secretary,
// grid_worker x2, unit_leader, department_handler of `police_department`, party_member, resident,
// hotline_operator), in that order. Names come from `found` or are drawn from c.rng. Errors: what
// ValidateUser refuses.
Result<std::vector<User>> MakeUsers(Ctx& c, const AccountHomes& homes, const Found& found,
                                    const std::string& county, uint64_t seed, int64_t police_department);

// ------------------------------------------------------------------ case histories (disputes, petitions)

// Who takes a step: a user of the county, or user 0 with a plausible name ("人民调解员", "县公安局经办人").
struct DemoActor {
  int64_t id = 0;
  std::string name, role;
};

// A case history being played: the order, its timeline rows, its category; `stopped` once a step fell at or
// after `now` (the history ends there, the order stays in its state), `err` when the engine refused a step.
struct DemoHistory {
  order::Order o;
  std::vector<storage::OrderEvent> events;
  const Category* cat = nullptr;
  bool stopped = false;
  Status err;
};

// One step of a history: `in.action` set to `a`, taken at `t` (moved a minute or more past the last row when
// not later), after the scheduler's alarms due before it, through the engine, with its timeline row. False
// when the history stopped or failed (`what` names the generator in the error).
bool PlayDemoStep(DemoHistory& h, const cal::Calendar& calendar, int64_t now, order::Action a, int64_t t,
                  const DemoActor& who, order::Input in, Rng& rng, std::string_view what);

}  // namespace wangge::cli::demo_detail
