// The demo generator at SMALL scale, written into a fresh SQLite file: counts, citizen IDs, tags, grid
// layouts, leaders, organisations, accounts, the audit row, the refusal to run twice, and the year of work
// orders (demo/orders.hpp): states, channels, tiers, the county's rates, roll-ups, deadlines, timelines,
// encrypted reporters and determinism.
#include "cli/demo/demo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli/demo/orders.hpp"
#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/crypto.hpp"
#include "core/csv.hpp"
#include "core/indicators.hpp"
#include "core/order.hpp"
#include "core/roles.hpp"
#include "core/tags.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"
#include "demo_fixture.hpp"
#include "geo/geo.hpp"
#include "storage/audit_repo.hpp"
#include "storage/database.hpp"
#include "storage/departments_repo.hpp"
#include "storage/orders_repo.hpp"
#include "storage/orgs_repo.hpp"
#include "storage/party_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

namespace fs = std::filesystem;
using demo_test::All;
using demo_test::DemoTest;
using demo_test::SourceDir;

TEST_F(DemoTest, BandForKind) {
  EXPECT_EQ(BandForKind("community").min_households, 300);
  EXPECT_EQ(BandForKind("community").max_households, 500);
  EXPECT_EQ(BandForKind("village").min_households, 20);
  EXPECT_EQ(BandForKind("village").max_households, 150);
}

TEST_F(DemoTest, SummaryHasTheSmallShape) {
  const DemoSummary& s = *summary_;
  EXPECT_EQ(s.townships, 2);
  EXPECT_EQ(s.villages, 5);
  EXPECT_GE(s.grids, 12);
  EXPECT_GT(s.units, s.grids);
  EXPECT_GT(s.buildings, 10);
  EXPECT_GT(s.households, 1000);
  EXPECT_GT(s.people, 3000);
  EXPECT_LT(s.people, 12000);
  EXPECT_GT(s.tagged, 0);
  EXPECT_GT(s.organizations, 10);
  EXPECT_EQ(s.departments, 8);
  EXPECT_GT(s.seconds, 0);
  EXPECT_GT(static_cast<double>(s.people) / static_cast<double>(s.households), 2.8);
  EXPECT_LT(static_cast<double>(s.people) / static_cast<double>(s.households), 4.0);
}

TEST_F(DemoTest, CountersMatchTheBaseTables) {
  auto tx = Read();
  auto counts = tx->places().Counts("530326");
  ASSERT_TRUE(counts.ok());
  auto people = tx->people().CountPeople("530326");
  ASSERT_TRUE(people.ok());
  EXPECT_EQ(counts->people, *people);
  EXPECT_EQ(counts->people, summary_->people);
  auto households =
      All<Household>([&](const storage::PageRequest& p) { return tx->people().Households("530326", p); });
  EXPECT_EQ(counts->households, static_cast<int64_t>(households.size()));
  EXPECT_EQ(counts->households, summary_->households);
  EXPECT_EQ(counts->grids, summary_->grids);
  EXPECT_EQ(counts->units, summary_->units);
  auto n = tx->places().CountInScope("530326", static_cast<int>(Level::kVillage));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, summary_->villages);
  // Members per household as maintained.
  int64_t members = 0;
  for (const Household& h : households) {
    EXPECT_GE(h.member_count, 1);
    EXPECT_LE(h.member_count, 6);
    members += h.member_count;
  }
  EXPECT_EQ(members, *people);
  // The upper levels exist with their parents.
  auto county = tx->places().Get("530326");
  ASSERT_TRUE(county.ok());
  EXPECT_EQ(county->name, "会泽县");
  EXPECT_EQ(county->parent_code, "5303");
  EXPECT_TRUE(tx->places().Get("5303").ok());
  EXPECT_TRUE(tx->places().Get("53").ok());
}

TEST_F(DemoTest, CitizenIdsDecryptAreValidDemoNumbersAndUnique) {
  auto tx = Read();
  auto people = People(*tx);
  ASSERT_EQ(static_cast<int64_t>(people.size()), summary_->people);
  std::set<std::string> seen;
  std::map<int64_t, std::vector<const Person*>> by_household;
  for (const Person& p : people) {
    auto cid = cipher_->Decrypt(p.citizen_id_enc);
    ASSERT_TRUE(cid.ok()) << cid.status().ToString();
    auto parsed = ParseCitizenId(*cid);
    ASSERT_TRUE(parsed.ok()) << *cid << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->address_code, "530326");
    const int seq = std::stoi(cid->substr(14, 3));
    EXPECT_GE(seq, 900) << *cid;
    EXPECT_LE(seq, 999) << *cid;
    EXPECT_EQ(std::string(1, parsed->sex), p.sex);
    EXPECT_EQ(parsed->BirthDate(), p.birth_date);
    EXPECT_TRUE(seen.insert(*cid).second) << "duplicate " << *cid;
    EXPECT_EQ(p.citizen_id_hash, cipher_->BlindIndex("cid", *cid));
    EXPECT_EQ(p.citizen_id_masked, MaskCitizenId(*cid));
    if (!p.phone_enc.empty()) {
      auto phone = cipher_->Decrypt(p.phone_enc);
      ASSERT_TRUE(phone.ok());
      EXPECT_TRUE(ValidatePhone(*phone).ok()) << *phone;
    }
    ASSERT_TRUE(p.household_id.has_value());
    by_household[*p.household_id].push_back(&p);
  }
  // Households: one 户主, children younger than the head, sex consistent with the relation.
  for (auto& [id, members] : by_household) {
    int heads = 0;
    const Person* head = nullptr;
    for (const Person* p : members)
      if (p->relation == "户主") {
        ++heads;
        head = p;
      }
    ASSERT_EQ(heads, 1) << "household " << id;
    for (const Person* p : members) {
      const std::string& r = p->relation;
      if (r == "子" || r == "女" || r == "孙子" || r == "孙女") {
        EXPECT_GT(p->birth_date, head->birth_date) << p->name;
      }
      if (r == "父亲" || r == "母亲") {
        EXPECT_LT(p->birth_date, head->birth_date) << p->name;
      }
      if (r == "子" || r == "父亲" || r == "孙子") {
        EXPECT_EQ(p->sex, "M");
      }
      if (r == "女" || r == "母亲" || r == "孙女" || r == "儿媳") {
        EXPECT_EQ(p->sex, "F");
      }
      if (r == "配偶") {
        EXPECT_NE(p->sex, head->sex);
      }
    }
  }
}

TEST_F(DemoTest, TagsHaveValidFieldsAndAreCounted) {
  auto tx = Read();
  auto people = People(*tx);
  std::map<std::string, int64_t> per_tag;
  int64_t sealed_phones = 0, sealed_certs = 0;
  for (const Person& stored : people) {
    // Phones in tags (监护人电话 …) and 残疾人证号 are stored sealed, never as plain strings; unsealed they
    // validate, and a certificate number is the holder's own ID.
    for (const PersonTag& t : stored.tags) {
      nlohmann::json f = nlohmann::json::parse(t.fields_json);
      for (const char* k : {"guardian_phone", "caregiver_phone"})
        if (f.contains(k)) {
          EXPECT_TRUE(f[k].is_object() && f[k].contains("enc")) << t.tag << " " << k << " is not sealed";
          ++sealed_phones;
        }
      if (t.tag == "disabled" && f.contains("cert_no")) {
        EXPECT_TRUE(f["cert_no"].is_object() && f["cert_no"].contains("enc")) << "a 残疾人证号 is not sealed";
        ++sealed_certs;
      }
    }
    Person p = stored;
    ASSERT_TRUE(UnsealTagFields(*cipher_, &p).ok()) << p.id;
    for (const PersonTag& t : p.tags) {
      if (t.tag == "disabled") {
        nlohmann::json f = nlohmann::json::parse(t.fields_json);
        if (f.contains("cert_no")) {
          auto id = cipher_->Decrypt(p.citizen_id_enc);
          ASSERT_TRUE(id.ok());
          EXPECT_EQ(f["cert_no"].get<std::string>().substr(0, 18), *id) << p.id;
        }
      }
      const TagDef* def = FindTag(t.tag);
      ASSERT_NE(def, nullptr) << t.tag;
      auto v = ValidateTagFields(*def, t.fields_json);
      EXPECT_TRUE(v.ok()) << t.tag << " " << t.fields_json << ": " << v.status().ToString();
      EXPECT_FALSE(t.since.empty());
      EXPECT_LE(t.since, "2026-06-30");
      EXPECT_GE(t.since, p.birth_date);
      ++per_tag[t.tag];
    }
  }
  EXPECT_GT(sealed_phones, 0);
  EXPECT_GT(sealed_certs, 0);
  EXPECT_GT(per_tag["dibao"], 0);
  EXPECT_GT(per_tag["disabled"], 0);
  auto counts = tx->places().Counts("530326");
  ASSERT_TRUE(counts.ok());
  std::map<std::string, int64_t> counted(counts->tags.begin(), counts->tags.end());
  EXPECT_EQ(counted, per_tag);
}

TEST_F(DemoTest, EveryCommunityGridLayoutIsClean) {
  auto tx = Read();
  auto villages = PlacesAt(*tx, Level::kVillage);
  ASSERT_EQ(static_cast<int64_t>(villages.size()), summary_->villages);
  int exclusive = 0;
  for (const Place& v : villages) {
    EXPECT_TRUE(v.kind == "community" || v.kind == "village") << v.kind;
    EXPECT_TRUE(geo::ValidatePolygon(v.boundary).ok()) << v.code;
    auto grids = Grids(*tx, v);
    ASSERT_FALSE(grids.empty());
    for (auto& g : grids) exclusive += geo::IsExclusiveGridCode(g.code) ? 1 : 0;
    auto report = geo::ValidateGridLayout(v.boundary, grids, BandForKind(v.kind));
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    for (const auto& p : report->problems) ADD_FAILURE() << v.code << ": " << p.message_en;
  }
  EXPECT_GE(exclusive, 1);
  for (const Place& t : PlacesAt(*tx, Level::kTownship))
    EXPECT_TRUE(geo::ValidatePolygon(t.boundary).ok()) << t.code;
}

TEST_F(DemoTest, MovingOneVertexIsReportedForThatGrid) {
  auto tx = Read();
  auto villages = PlacesAt(*tx, Level::kVillage);
  ASSERT_FALSE(villages.empty());
  const Place& v = villages.front();
  auto grids = Grids(*tx, v);
  ASSERT_GE(grids.size(), 2u);
  // Push the south-east corner of the first grid 0.001° (~100 m) east and south.
  auto gj = nlohmann::json::parse(grids[0].geojson);
  auto& ring = gj["coordinates"][0];
  ring[1][0] = ring[1][0].get<double>() + 0.001;
  ring[1][1] = ring[1][1].get<double>() - 0.001;
  grids[0].geojson = gj.dump();
  auto report = geo::ValidateGridLayout(v.boundary, grids, BandForKind(v.kind));
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->problems.empty());
  bool named = false;
  for (const auto& p : report->problems)
    for (const auto& code : p.grids) named = named || code == grids[0].code;
  EXPECT_TRUE(named);
}

TEST_F(DemoTest, LeadersAreResidentsOfTheirPlace) {
  auto tx = Read();
  for (Level level : {Level::kGrid, Level::kHouseholdUnit}) {
    for (const Place& p : PlacesAt(*tx, level)) {
      ASSERT_TRUE(p.leader_person_id.has_value()) << p.code;
      EXPECT_FALSE(p.leader_name.empty());
      EXPECT_EQ(p.version, 2);
      auto person = tx->people().GetPerson(*p.leader_person_id);
      ASSERT_TRUE(person.ok());
      EXPECT_TRUE(IsWithin(person->place_code, p.code))
          << p.code << " leader lives in " << person->place_code;
    }
  }
  auto buildings =
      All<Building>([&](const storage::PageRequest& pg) { return tx->people().Buildings("530326", pg); });
  EXPECT_EQ(static_cast<int64_t>(buildings.size()), summary_->buildings);
  for (const Building& b : buildings) {
    ASSERT_TRUE(b.leader_person_id.has_value()) << b.name;
    auto person = tx->people().GetPerson(*b.leader_person_id);
    ASSERT_TRUE(person.ok());
    ASSERT_TRUE(person->household_id.has_value());
    auto hh = tx->people().GetHousehold(*person->household_id);
    ASSERT_TRUE(hh.ok());
    EXPECT_EQ(hh->building_id, b.id);
  }
}

TEST_F(DemoTest, OrganizationsAndDepartments) {
  auto tx = Read();
  auto cov = tx->orgs().Coverage("530326");
  ASSERT_TRUE(cov.ok());
  EXPECT_EQ(cov->total, summary_->organizations);
  EXPECT_GT(cov->with_party_org, 0);
  EXPECT_LT(cov->with_party_org, cov->total);
  EXPECT_GE(cov->with_work, cov->with_party_org);
  auto depts =
      All<Department>([&](const storage::PageRequest& p) { return tx->departments().List("530326", p); });
  std::set<std::string> codes;
  for (const auto& d : depts) codes.insert(d.code);
  EXPECT_EQ(codes, (std::set<std::string>{"chengguan", "gongan", "minzheng", "scjg", "sifa", "weijian",
                                          "xinfang", "zhujian"}));
}

// Every division name shipped in data/divisions (province to township, the whole country) follows the name
// rule places are held to (CleanName): the rule must not refuse a real place. So does every shipped holiday.
TEST(ShippedNamesTest, EveryDivisionAndHolidayNamePassesTheNameRule) {
  size_t checked = 0;
  for (const char* file : {"provinces.csv", "cities.csv", "areas.csv", "streets.csv"}) {
    std::ifstream in(SourceDir() + "/data/divisions/" + file, std::ios::binary);
    ASSERT_TRUE(in) << file;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto rows = csv::Parse(text);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    for (size_t i = 1; i < rows->size(); ++i) {
      const auto& f = (*rows)[i].fields;
      ASSERT_GE(f.size(), 2u) << file << ":" << (*rows)[i].line;
      auto r = CleanName(f[1], "name", 50);
      EXPECT_TRUE(r.ok()) << file << ":" << (*rows)[i].line << " " << f[1] << ": " << r.status().ToString();
      ++checked;
    }
  }
  EXPECT_GT(checked, 40000u);
  // and every shipped holiday name (categories are checked by ValidateCategory when the demo seeds them)
  std::ifstream in(SourceDir() + "/data/holidays.csv", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto rows = csv::Parse(text);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_GT(rows->size(), 10u);
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& f = (*rows)[i].fields;
    ASSERT_EQ(f.size(), 3u);
    auto r = CleanName(f[2], "name", 20, false);
    EXPECT_TRUE(r.ok()) << "holidays.csv:" << (*rows)[i].line << " " << f[2] << ": " << r.status().ToString();
  }
}

TEST_F(DemoTest, PartyOrgTreeAndGridCoverage) {
  auto tx = Read();
  auto orgs = All<PartyOrg>([&](const storage::PageRequest& p) { return tx->party().List("530326", p); });
  ASSERT_FALSE(orgs.empty());
  EXPECT_EQ(static_cast<int64_t>(orgs.size()), summary_->party_orgs);
  std::map<int64_t, PartyOrg> by_id;
  std::map<std::string, int> per_kind;
  for (const auto& o : orgs) {
    by_id[o.id] = o;
    per_kind[o.kind] += 1;
  }
  EXPECT_EQ(per_kind["street_committee"], summary_->townships);
  EXPECT_EQ(per_kind["village_org"], summary_->villages);
  EXPECT_GT(per_kind["grid_branch"], 0);
  EXPECT_LT(per_kind["grid_branch"], summary_->grids);
  EXPECT_GT(per_kind["building_group"], 0);
  const std::vector<std::string> rank = {"street_committee", "village_org", "grid_branch", "building_group",
                                         "member_household"};
  auto rank_of = [&](const std::string& k) { return std::find(rank.begin(), rank.end(), k) - rank.begin(); };
  for (const auto& o : orgs) {
    PartyOrg copy = o;
    EXPECT_TRUE(ValidatePartyOrg(&copy).ok()) << o.name;
    EXPECT_NE(o.name.find("党"), std::string::npos) << o.name;
    if (o.kind == "street_committee") {
      EXPECT_FALSE(o.parent_id.has_value()) << o.name;
      continue;
    }
    ASSERT_TRUE(o.parent_id.has_value()) << o.name;
    auto it = by_id.find(*o.parent_id);
    ASSERT_NE(it, by_id.end()) << o.name;
    EXPECT_LT(rank_of(it->second.kind), rank_of(o.kind)) << o.name;
    EXPECT_EQ(o.place_code.compare(0, it->second.place_code.size(), it->second.place_code), 0) << o.name;
  }
  auto cov = tx->party().GridCoverage("530326");
  ASSERT_TRUE(cov.ok());
  EXPECT_EQ(cov->grids, summary_->grids);
  const double rate = static_cast<double>(cov->grids_covered) / static_cast<double>(cov->grids);
  EXPECT_GE(rate, 0.8);
  EXPECT_LT(rate, 1.0);
}

TEST_F(DemoTest, AccountsForEveryRoleWithWorkingPasswords) {
  auto tx = Read();
  std::set<std::string> roles;
  ASSERT_EQ(summary_->accounts.size(), kDemoAccountCount);
  for (const DemoAccount& a : summary_->accounts) {
    auto u = tx->users().GetByName(a.username);
    ASSERT_TRUE(u.ok()) << a.username;
    EXPECT_EQ(u->role, a.role);
    EXPECT_EQ(u->place_code, a.place_code);
    EXPECT_FALSE(u->must_change_password);
    auto hash = tx->users().PasswordHash(u->id);
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(VerifyPassword(*hash, a.password)) << a.username;
    EXPECT_TRUE(CheckPasswordStrength(a.password).ok());
    if (!a.place_code.empty()) {
      EXPECT_TRUE(tx->places().Get(a.place_code).ok()) << a.place_code;
    }
    if (a.role == "unit_leader" || a.role == "resident" || a.role == "party_member") {
      ASSERT_TRUE(u->person_id.has_value()) << a.username;
      auto p = tx->people().GetPerson(*u->person_id);
      ASSERT_TRUE(p.ok());
      EXPECT_TRUE(IsWithin(p->place_code, a.place_code));
      EXPECT_EQ(p->name, a.display_name);
      if (a.role == "party_member") {
        EXPECT_EQ(p->political_status, "中共党员");
      }
    }
    if (a.role == "hotline_operator") {
      EXPECT_EQ(a.place_code, "530326");
    }
    if (a.role == "mediator") {  // the secretary's village committee
      EXPECT_EQ(a.place_code.size(), 12u);
    }
    if (a.role == "department_handler") {
      ASSERT_TRUE(u->department_id.has_value());
      auto d = tx->departments().Get(*u->department_id);
      ASSERT_TRUE(d.ok());
      EXPECT_EQ(d->code, "gongan");
    }
    roles.insert(a.role);
  }
  std::set<std::string> all;
  for (Role r : AllRoles()) all.insert(std::string(RoleName(r)));
  EXPECT_EQ(roles, all);
}

TEST_F(DemoTest, AuditRowRecordsTheBuild) {
  auto tx = Read();
  auto page = tx->audit().List("530326", storage::PageRequest{"", 50});
  ASSERT_TRUE(page.ok());
  bool found = false;
  for (const auto& e : page->items)
    if (e.action == "demo.build") {
      found = true;
      EXPECT_EQ(e.entity, "county");
      EXPECT_EQ(e.entity_id, "530326");
      EXPECT_EQ(e.username, "system");
      auto d = nlohmann::json::parse(e.detail);
      EXPECT_EQ(d["people"].get<int64_t>(), summary_->people);
      EXPECT_EQ(d["households"].get<int64_t>(), summary_->households);
    }
  EXPECT_TRUE(found);
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason;
}

TEST_F(DemoTest, SecondRunIsRefused) {
  DemoOptions opt;
  opt.scale = "small";
  opt.divisions_dir = SourceDir() + "/data/divisions";
  auto again = BuildDemo(*db_, *cipher_, opt);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
}

// ------------------------------------------------------------------ the order history

TEST_F(DemoTest, OrderHistoryHasAYearOfOrders) {
  EXPECT_GE(summary_->orders, 2800);
  EXPECT_LE(summary_->orders, 3300);
  EXPECT_GT(summary_->order_events, summary_->orders * 4);
  EXPECT_LT(summary_->order_events, summary_->orders * 12);
  auto tx = Read();
  auto orders = Orders(*tx);
  ASSERT_EQ(static_cast<int64_t>(orders.size()), summary_->orders);
  int64_t first = orders.front().received_at, last = first;
  for (const auto& o : orders) {
    first = std::min(first, o.received_at);
    last = std::max(last, o.received_at);
  }
  EXPECT_GE(first, now_ - 366 * 86400);
  EXPECT_LT(first, now_ - 350 * 86400);
  EXPECT_LT(last, now_);
  EXPECT_GT(last, now_ - 3 * 86400);
  // Ids follow receipt time.
  for (size_t i = 1; i < orders.size(); ++i) EXPECT_LE(orders[i - 1].received_at, orders[i].received_at);
  // The audit row.
  auto page = tx->audit().List("530326", storage::PageRequest{"", 50});
  ASSERT_TRUE(page.ok());
  bool found = false;
  for (const auto& e : page->items)
    if (e.action == "demo.orders") {
      found = true;
      auto d = nlohmann::json::parse(e.detail);
      EXPECT_EQ(d["orders"].get<int64_t>(), summary_->orders);
      EXPECT_EQ(d["events"].get<int64_t>(), summary_->order_events);
    }
  EXPECT_TRUE(found);
}

TEST_F(DemoTest, OrdersCoverEveryStateChannelTierAndPlace) {
  auto tx = Read();
  auto orders = Orders(*tx);
  std::map<order::State, int> states;
  std::map<std::string, int> channels, tiers, classes;
  std::map<int, int> urgency;
  int with_coords = 0, on_village = 0;
  for (const auto& o : orders) {
    states[o.state]++;
    channels[o.channel]++;
    urgency[o.urgency]++;
    classes[o.category.substr(0, 2)]++;
    if (o.state == order::State::kClosed || o.state == order::State::kVerified) tiers[o.tier]++;
    EXPECT_TRUE(IsWithin(o.place_code, "530326"));
    EXPECT_TRUE(o.place_code.size() == 15 || o.place_code.size() == 12) << o.place_code;
    if (o.place_code.size() == 12) ++on_village;
    if (o.lat) {
      ++with_coords;
      ASSERT_EQ(o.place_code.size(), 15u);
      auto grid = tx->places().Get(o.place_code);
      ASSERT_TRUE(grid.ok());
      auto ring = nlohmann::json::parse(grid->boundary)["coordinates"][0];
      double w = 180, e = -180, s = 90, n = -90;
      for (const auto& pt : ring) {
        w = std::min(w, pt[0].get<double>());
        e = std::max(e, pt[0].get<double>());
        s = std::min(s, pt[1].get<double>());
        n = std::max(n, pt[1].get<double>());
      }
      EXPECT_GT(*o.lon, w);
      EXPECT_LT(*o.lon, e);
      EXPECT_GT(*o.lat, s);
      EXPECT_LT(*o.lat, n);
    }
    EXPECT_FALSE(o.title.empty());
    EXPECT_FALSE(o.description.empty());
  }
  // Every state an event can reach (the demo's orders are events; 已分流 is a dispute's).
  uint32_t event_states = 0;
  for (const order::Rule& r : order::Rules())
    if (r.kind == order::Kind::kEvent) event_states |= r.to;
  for (int s = 0; s < order::kStateCount; ++s) {
    if (!(event_states & (1u << s))) continue;
    EXPECT_GT(states[static_cast<order::State>(s)], 0) << order::StateName(static_cast<order::State>(s));
  }
  EXPECT_EQ(states[order::State::kTransferred], 0);
  const double n = static_cast<double>(orders.size());
  EXPECT_NEAR(channels["patrol"] / n, 0.55, 0.06);
  EXPECT_NEAR(channels["web"] / n, 0.20, 0.05);
  EXPECT_NEAR(channels["hotline"] / n, 0.20, 0.05);
  EXPECT_NEAR(channels["open311"] / n, 0.05, 0.03);
  for (const char* t : {"grid", "village", "township", "county", "department"}) EXPECT_GT(tiers[t], 0) << t;
  EXPECT_GT(urgency[1], urgency[2]);
  EXPECT_GT(urgency[2], urgency[3]);
  EXPECT_GT(urgency[3], 0);
  // 市容环境 and 街面秩序 lead the mix; 突发事件 is rare.
  EXPECT_GT(classes["01"], classes["07"]);
  EXPECT_GT(classes["04"], classes["08"]);
  EXPECT_LT(classes["05"], n * 0.02);
  EXPECT_GT(with_coords, n * 0.8);
  EXPECT_GT(on_village, 0);
}

TEST_F(DemoTest, CountyIndicatorsLookLikeARealCounty) {
  auto tx = Read();
  const int32_t today = cal::LocalDay(now_);
  storage::RollupQuery q{"530326", today - 370, today, "", static_cast<int>(order::Kind::kEvent)};
  auto m = tx->orders().SumRollup(q);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ((*m)[order::kReceived], summary_->orders);
  const order::Rates r = order::ComputeRates(*m);
  EXPECT_GE(r.response, 0.85);
  EXPECT_LE(r.response, 0.99);
  EXPECT_GE(r.satisfaction, 0.85);
  EXPECT_LE(r.satisfaction, 0.99);
  EXPECT_GE(r.resolution, 0.80);
  EXPECT_LE(r.resolution, 0.99);
  EXPECT_GT(r.on_time, 0.75);
  EXPECT_GT(r.reopen, 0.02);
  EXPECT_LT(r.reopen, 0.12);
  EXPECT_GT(r.return_rate, 0.01);
  EXPECT_LT(r.return_rate, 0.15);
  // 微事不出格: the grid settles the largest share.
  for (int i = 1; i < 5; ++i) EXPECT_GT(r.tier_share[0], r.tier_share[static_cast<size_t>(i)]) << i;
  const double rated = static_cast<double>((*m)[order::kRated]) / static_cast<double>((*m)[order::kResolved]);
  EXPECT_GT(rated, 0.55);
  EXPECT_LT(rated, 0.85);
  EXPECT_GT((*m)[order::kOpenCount], 0);
  EXPECT_GT((*m)[order::kOverdueOpen], 0);
  EXPECT_GT((*m)[order::kMergedCount], 0);
  EXPECT_GT((*m)[order::kRefusedCount], 0);
}

TEST_F(DemoTest, RollupsEqualARecomputationFromOrders) {
  auto tx = Read();
  const int32_t today = cal::LocalDay(now_);
  auto towns = PlacesAt(*tx, Level::kTownship);
  ASSERT_FALSE(towns.empty());
  auto villages = PlacesAt(*tx, Level::kVillage);
  ASSERT_FALSE(villages.empty());
  auto depts =
      All<Department>([&](const storage::PageRequest& p) { return tx->departments().List("530326", p); });
  ASSERT_FALSE(depts.empty());
  std::vector<std::string> subjects = {"530326", towns.front().code, towns.back().code, villages.front().code,
                                       "d:" + std::to_string(depts.front().id)};
  for (const std::string& subject : subjects) {
    for (auto [from, to] : {std::pair{today - 370, today}, std::pair{today - 100, today - 40}}) {
      storage::RollupQuery q{subject, from, to, "", std::nullopt};
      auto a = tx->orders().SumRollup(q);
      auto b = tx->orders().RecomputeFromOrders(q);
      ASSERT_TRUE(a.ok()) << a.status().ToString();
      ASSERT_TRUE(b.ok()) << b.status().ToString();
      for (int k = 0; k < order::kMetricCount; ++k)
        EXPECT_EQ((*a)[k], (*b)[k]) << subject << " " << order::MetricName(k);
    }
  }
}

TEST_F(DemoTest, OrderFieldsAreWhatTheEngineGivesAtNow) {
  auto tx = Read();
  auto orders = Orders(*tx);
  int yellow = 0, red = 0;
  std::map<order::State, int> open;
  for (order::Order o : orders) {
    EXPECT_GE(o.accept_due, o.received_at) << o.id;
    if (o.responded_at) {
      EXPECT_GE(o.responded_at, o.received_at) << o.id;
    }
    if (o.accepted_at) {
      EXPECT_GE(o.handle_due, o.accepted_at) << o.id;
      EXPECT_GE(o.phase_start, o.accepted_at) << o.id;
      EXPECT_GE(o.handle_due, o.phase_start) << o.id;
    } else {
      EXPECT_EQ(o.handle_due, 0) << o.id;
    }
    if (o.finished_at) {
      EXPECT_GE(o.finished_at, o.accepted_at) << o.id;
    }
    if (o.state == order::State::kClosed) {
      EXPECT_GE(o.closed_at, o.finished_at) << o.id;
      EXPECT_FALSE(o.tier.empty()) << o.id;
    }
    if (o.state == order::State::kMerged) {
      ASSERT_TRUE(o.merged_into.has_value()) << o.id;
      EXPECT_LT(*o.merged_into, o.id);
      auto t = tx->orders().Get(*o.merged_into);
      ASSERT_TRUE(t.ok());
      EXPECT_EQ(t->category, o.category);
      EXPECT_EQ(t->place_code.substr(0, 12), o.place_code.substr(0, 12));
    }
    if (o.handler_user_id) {
      EXPECT_GT(*o.handler_user_id, 0) << o.id;
    }
    EXPECT_EQ(o.command_place.substr(0, 6), "530326");
    EXPECT_TRUE(o.command_place == "530326" || o.command_place == o.place_code.substr(0, 9)) << o.id;
    EXPECT_GE(o.version, 1);
    EXPECT_LE(o.updated_at, now_);
    // Colour and alarm as the scheduler leaves them at `now`: nothing left to fire.
    EXPECT_FALSE(order::RefreshAlarm(o, now_)) << o.id;
    if (o.alarm_at) {
      EXPECT_GT(o.alarm_at, now_) << o.id;
    }
    if (order::IsOpen(o.state) || o.state == order::State::kVerified) open[o.state]++;
    if (order::IsOpen(o.state) && o.warn == 1) ++yellow;
    if (order::IsOpen(o.state) && o.warn == 2) ++red;
  }
  for (order::State s :
       {order::State::kReported, order::State::kAccepted, order::State::kDispatched, order::State::kHandling,
        order::State::kReturned, order::State::kFinished, order::State::kVerified})
    EXPECT_GT(open[s], 0) << order::StateName(s);
  EXPECT_GT(yellow, 0);
  EXPECT_GT(red, 0);
  auto due = tx->orders().DueAlarms(now_, 10);
  ASSERT_TRUE(due.ok());
  EXPECT_TRUE(due->empty());
}

TEST_F(DemoTest, TimelinesFollowTheEngine) {
  auto tx = Read();
  auto orders = Orders(*tx);
  std::map<std::string, int> actions;
  int64_t events = 0, callins = 0;
  for (const auto& o : orders) {
    auto ev = tx->orders().Events(o.id);
    ASSERT_TRUE(ev.ok());
    ASSERT_FALSE(ev->empty());
    events += static_cast<int64_t>(ev->size());
    EXPECT_TRUE(ev->front().action == "report" || ev->front().action == "settle") << o.id;
    EXPECT_EQ(ev->front().from_state, -1);
    EXPECT_EQ(ev->front().at, o.received_at);
    int state = -1;
    int64_t at = 0;
    for (const auto& e : *ev) {
      EXPECT_GE(e.at, at) << o.id << " " << e.action;
      at = e.at;
      actions[e.action]++;
      EXPECT_FALSE(e.role.empty());
      EXPECT_FALSE(e.user_name.empty());
      EXPECT_TRUE(nlohmann::json::accept(e.data)) << e.data;
      if (e.action == "merged_in" || e.action == "callin_overdue") continue;
      if (state >= 0) {
        EXPECT_EQ(e.from_state, state) << o.id << " " << e.action;
      }
      state = e.to_state;
      auto a = order::ActionFromName(e.action);
      ASSERT_TRUE(a.has_value()) << e.action;
      const order::Rule* rule = order::FindRule(order::Kind::kEvent, *a);
      ASSERT_NE(rule, nullptr);
      EXPECT_TRUE(rule->to & (1u << e.to_state)) << o.id << " " << e.action;
    }
    EXPECT_EQ(state, static_cast<int>(o.state)) << o.id;
    EXPECT_LE(at, now_);
    auto ci = tx->orders().Callins(o.id);
    ASSERT_TRUE(ci.ok());
    callins += static_cast<int64_t>(ci->size());
    for (const auto& c : *ci) {
      EXPECT_GE(c.due_at, c.called_at);
      if (c.acked_at) {
        EXPECT_GE(c.acked_at, c.called_at);
      }
      EXPECT_EQ(c.overdue_notified, (c.acked_at ? c.acked_at : now_) > c.due_at) << o.id;
    }
  }
  EXPECT_EQ(events, summary_->order_events);
  EXPECT_GT(callins, 0);
  for (const char* a : {"report",
                        "settle",
                        "accept",
                        "refuse",
                        "merge",
                        "dispatch",
                        "claim",
                        "progress",
                        "finish",
                        "return",
                        "escalate",
                        "whistle",
                        "ack",
                        "request_extension",
                        "approve_extension",
                        "verify_pass",
                        "verify_fail",
                        "rate",
                        "supervise",
                        "auto_close",
                        "alarm",
                        "merged_in"})
    EXPECT_GT(actions[a], 0) << a;
  // ~35 % of patrol reports settled on the spot.
  int64_t patrol = 0;
  for (const auto& o : orders) patrol += o.channel == "patrol";
  EXPECT_NEAR(static_cast<double>(actions["settle"]) / static_cast<double>(patrol), 0.35, 0.07);
}

TEST_F(DemoTest, DemoAccountsAppearInTheHistory) {
  auto tx = Read();
  std::map<std::string, int64_t> ids;
  for (const char* name : {"gridworker", "hotline", "county", "township", "police"}) {
    auto u = tx->users().GetByName(name);
    ASSERT_TRUE(u.ok()) << name;
    ids[name] = u->id;
  }
  storage::OrderQuery q;
  q.handler = ids["gridworker"];
  q.page.limit = 10;
  auto handled = tx->orders().List(q);
  ASSERT_TRUE(handled.ok());
  EXPECT_FALSE(handled->items.empty());
  q.handler.reset();
  q.reporter = ids["gridworker"];
  auto reported = tx->orders().List(q);
  ASSERT_TRUE(reported.ok());
  EXPECT_FALSE(reported->items.empty());
  auto dept =
      All<Department>([&](const storage::PageRequest& p) { return tx->departments().List("530326", p); });
  for (const Department& d : dept)
    if (d.code == "gongan") {
      storage::OrderQuery dq;
      dq.dept = d.id;
      dq.page.limit = 10;
      auto l = tx->orders().List(dq);
      ASSERT_TRUE(l.ok());
      EXPECT_FALSE(l->items.empty());
    }
}

TEST_F(DemoTest, ReporterContactIsStoredOnlyEncrypted) {
  auto tx = Read();
  auto orders = Orders(*tx);
  std::vector<std::string> phones, names;
  for (const auto& o : orders) {
    if (o.channel != "hotline") continue;
    EXPECT_EQ(o.reporter_user_id, 0);
    EXPECT_TRUE(o.reporter_phone.empty());
    ASSERT_FALSE(o.reporter_phone_enc.empty()) << o.id;
    auto phone = cipher_->Decrypt(o.reporter_phone_enc);
    ASSERT_TRUE(phone.ok());
    EXPECT_TRUE(ValidatePhone(*phone).ok()) << *phone;
    EXPECT_EQ(phone->substr(0, 3), "154");
    EXPECT_EQ(o.reporter_phone_masked, MaskPhone(*phone));
    EXPECT_NE(o.reporter_phone_masked, *phone);
    auto name = cipher_->Decrypt(o.reporter_name_enc);
    ASSERT_TRUE(name.ok());
    EXPECT_FALSE(name->empty());
    if (phones.size() < 50) {
      phones.push_back(*phone);
      names.push_back(*name);
    }
  }
  ASSERT_FALSE(phones.empty());
  // No plaintext phone number anywhere in the database files.
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream f(dir_ / (std::string("wangge.db") + suffix), std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  ASSERT_GT(bytes.size(), 100000u);
  for (const std::string& p : phones) EXPECT_EQ(bytes.find(p), std::string::npos) << p;
}

TEST_F(DemoTest, SameSeedAndNowGiveTheSameHistory) {
  fs::path dir = dir_ / "again";
  fs::create_directories(dir);
  storage::DatabaseOptions so;
  so.synchronous_commit = false;
  auto db = storage::OpenDatabase((dir / "wangge.db").string(), so);
  ASSERT_TRUE(db.ok());
  DemoOptions opt;
  opt.scale = "small";
  opt.divisions_dir = SourceDir() + "/data/divisions";
  opt.now = now_;
  auto s = BuildDemo(**db, *cipher_, opt);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->orders, summary_->orders);
  EXPECT_EQ(s->order_events, summary_->order_events);
  auto tx1 = Read();
  auto tx2 = (*db)->Read();
  ASSERT_TRUE(tx2.ok());
  auto a = Orders(*tx1);
  auto b = Orders(**tx2);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].category, b[i].category);
    EXPECT_EQ(a[i].state, b[i].state);
    EXPECT_EQ(a[i].received_at, b[i].received_at);
    EXPECT_EQ(a[i].handle_due, b[i].handle_due);
    EXPECT_EQ(a[i].place_code, b[i].place_code);
    EXPECT_EQ(a[i].rating, b[i].rating);
    EXPECT_EQ(a[i].warn, b[i].warn);
  }
}

TEST(DemoOptionsTest, BadOptionsAreInvalidArgument) {
  InitCrypto();
  auto cipher = FieldCipher::FromMasterKey(FieldCipher::GenerateMasterKey());
  ASSERT_TRUE(cipher.ok());
  fs::path dir = fs::temp_directory_path() / ("wangge_demo_opt_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    auto db = storage::OpenDatabase((dir / "x.db").string());
    ASSERT_TRUE(db.ok());
    DemoOptions opt;
    opt.divisions_dir = SourceDir() + "/data/divisions";
    opt.scale = "huge";
    EXPECT_EQ(BuildDemo(**db, *cipher, opt).status().code(), StatusCode::kInvalidArgument);
    opt.scale = "small";
    opt.county = "530399";  // no such county
    EXPECT_EQ(BuildDemo(**db, *cipher, opt).status().code(), StatusCode::kInvalidArgument);
    opt.county = "530326";
    opt.divisions_dir = (dir / "nowhere").string();
    EXPECT_EQ(BuildDemo(**db, *cipher, opt).status().code(), StatusCode::kInvalidArgument);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace wangge::cli
