// The accounts of the demo county, one per role: where they live and who holds them (a grid worker is the
// grid's 网格长, a party member and a resident are people of the secretary's community).
#include "cli/demo/demo.hpp"
#include "cli/demo/internal.hpp"
#include "core/validation.hpp"

namespace wangge::cli::demo_detail {

namespace {

// The 12345 operator's name, from its own generator so the other accounts and the party org names stay as
// they were for a seed.
// A name of its own random stream (the seed mixed with `salt`): an account added later leaves the names of
// everything generated after the accounts as they were for a seed.
std::string SideName(uint64_t seed, uint64_t salt) {
  Rng rng(seed ^ salt);
  static const WordTable surnames(Surnames());
  const GivenNameChars& g = GivenNames(1, 1);
  return std::string(surnames.Pick(rng)) + std::string(rng.Pick(g.first)) + std::string(rng.Pick(g.last));
}

struct AccountSpec {
  std::string username, role, place_code, display_name;
  std::optional<int64_t> person_id;
  bool department = false;  // police: the 公安 department
};

}  // namespace

AccountHomes ChooseAccountHomes(const Plan& plan) {
  AccountHomes h;
  h.township = &plan.townships[0];
  for (const auto& t : plan.townships)
    if (t.kind == "street") {
      h.township = &t;
      break;
    }
  h.township2 = nullptr;
  for (const auto& t : plan.townships)
    if (&t != h.township && t.kind != "street") {
      h.township2 = &t;
      break;
    }
  if (h.township2 == nullptr) h.township2 = plan.townships.size() > 1 ? &plan.townships[1] : h.township;
  for (const auto& v : h.township->villages)
    if (v.kind == "community" || h.secretary_village.empty()) {
      h.secretary_village = v.code;
      if (v.kind == "community") break;
    }
  for (const auto& v : h.township2->villages)
    if (v.kind == "village" || h.grid2_village.empty()) {
      h.grid2_village = v.code;
      if (v.kind == "village") break;
    }
  if (h.grid2_village ==
      h.secretary_village) {  // a single-village county: take another grid of the same village
    h.grid2_village.clear();
  }
  return h;
}

void Harvest(Rng& rng, const VillageJob& job, const AccountHomes& homes, Found* f) {
  auto person = [&](const PersonRef& r) -> const Person* {
    if (!r.ok()) return nullptr;
    return &job.households[static_cast<size_t>(r.household)].members[static_cast<size_t>(r.member)];
  };
  if (job.village.code == homes.secretary_village && !job.grids.empty()) {
    f->secretary_village = job.village.code;
    f->grid = job.grids[0].code;
    if (const Person* p = person(job.grid_leader[0])) {
      f->grid_leader = p->id;
      f->grid_leader_name = p->name;
    }
    for (size_t u = 0; u < job.units.size(); ++u)
      if (job.unit_grid[u] == 0) {
        f->unit = job.units[u].code;
        if (const Person* p = person(job.unit_leader[u])) {
          f->unit_leader = p->id;
          f->unit_leader_name = p->name;
        }
        break;
      }
    std::vector<const Person*> party, residents;
    for (const auto& hh : job.households)
      for (size_t m = 0; m < hh.members.size(); ++m) {
        const Person& p = hh.members[m];
        if (hh.ages[m] < 18 || p.id == f->grid_leader || p.id == f->unit_leader) continue;
        if (p.political_status == "中共党员")
          party.push_back(&p);
        else if (p.relation == "户主" && hh.ages[m] <= 60)
          residents.push_back(&p);
      }
    if (!party.empty()) {
      const Person* p = rng.Pick(party);
      f->party = p->id;
      f->party_name = p->name;
    }
    if (!residents.empty()) {
      const Person* p = rng.Pick(residents);
      f->resident = p->id;
      f->resident_name = p->name;
    }
  }
  if (job.village.code == homes.grid2_village && !job.grids.empty()) {
    f->grid2 = job.grids[0].code;
    if (const Person* p = person(job.grid_leader[0])) {
      f->grid2_leader = p->id;
      f->grid2_leader_name = p->name;
    }
  }
}

Result<std::vector<User>> MakeUsers(Ctx& c, const AccountHomes& homes, const Found& found,
                                    const std::string& county, uint64_t seed, int64_t police_department) {
  auto name_or = [&](const std::string& n, bool male) {
    return n.empty() ? c.Name(male, 1975 + c.rng.Int(0, 20)) : n;
  };
  std::vector<AccountSpec> specs = {
      {"admin", "system_admin", "", "系统管理员", std::nullopt},
      {"county", "county_command", county, name_or("", true), std::nullopt},
      {"township", "township_official", homes.township->code, name_or("", false), std::nullopt},
      {"township2", "township_official", homes.township2->code, name_or("", true), std::nullopt},
      {"secretary", "community_secretary", found.secretary_village, name_or("", true), std::nullopt},
      {"gridworker", "grid_worker", found.grid, name_or(found.grid_leader_name, false), found.grid_leader},
      {"gridworker2", "grid_worker", found.grid2, name_or(found.grid2_leader_name, true), found.grid2_leader},
      {"unitleader", "unit_leader", found.unit, name_or(found.unit_leader_name, true), found.unit_leader},
      {"police", "department_handler", county, name_or("", true), std::nullopt, true},
      {"partymember", "party_member", found.secretary_village, name_or(found.party_name, true), found.party},
      {"resident", "resident", found.secretary_village, name_or(found.resident_name, false), found.resident},
      {"hotline", "hotline_operator", county, SideName(seed, 0x686f746c696e6531ULL), std::nullopt},
      // 人民调解员 of the secretary's village committee (调委会).
      {"mediator", "mediator", found.secretary_village, SideName(seed, 0x6d65646961746f72ULL), std::nullopt},
      // 信访干部 of the county's petition desk (县信访局).
      {"petition", "petition_officer", county, SideName(seed, 0x7065746974696f6eULL), std::nullopt},
  };
  std::vector<User> users;
  for (size_t i = 0; i < specs.size(); ++i) {
    User u;
    u.username = specs[i].username;
    if (county != kDemoCounty) u.username += "." + county;
    u.role = specs[i].role;
    u.place_code = specs[i].place_code;
    u.display_name = specs[i].display_name;
    u.person_id = specs[i].person_id;
    if (specs[i].department) u.department_id = police_department;  // gongan
    u.must_change_password = false;
    RETURN_IF_ERROR(ValidateUser(&u));
    users.push_back(std::move(u));
  }
  return users;
}

}  // namespace wangge::cli::demo_detail
