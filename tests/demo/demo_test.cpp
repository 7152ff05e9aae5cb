// The demo generator at SMALL scale, written into a fresh SQLite file: counts, citizen IDs, tags, grid
// layouts, leaders, organisations, accounts, the audit row, and the refusal to run twice.
#include "cli/demo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/crypto.hpp"
#include "core/roles.hpp"
#include "core/tags.hpp"
#include "core/validation.hpp"
#include "geo/geo.hpp"
#include "storage/store.hpp"

namespace wangge::cli {
namespace {

namespace fs = std::filesystem;

std::string SourceDir() {
#ifdef WANGGE_SOURCE_DIR
  return WANGGE_SOURCE_DIR;
#else
  const char* d = std::getenv("WANGGE_SOURCE_DIR");
  return d ? d : ".";
#endif
}

// Every page of a paged query.
template <typename T, typename Fn>
std::vector<T> All(Fn fetch) {
  std::vector<T> out;
  storage::PageRequest page{"", 1000};
  for (;;) {
    auto r = fetch(page);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return out;
    for (auto& x : r->items) out.push_back(std::move(x));
    if (r->next.empty()) return out;
    page.after = r->next;
  }
}

class DemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    InitCrypto();
    dir_ = fs::temp_directory_path() / ("wangge_demo_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto cipher = FieldCipher::FromMasterKey(FieldCipher::GenerateMasterKey());
    ASSERT_TRUE(cipher.ok());
    cipher_ = new FieldCipher(std::move(cipher).value());
    storage::SqliteOptions so;
    so.synchronous_full = false;
    auto db = storage::OpenSqlite((dir_ / "wangge.db").string(), so);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value().release();
    DemoOptions opt;
    opt.scale = "small";
    opt.divisions_dir = SourceDir() + "/data/divisions";
    auto s = BuildDemo(*db_, *cipher_, opt);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    summary_ = new DemoSummary(std::move(s).value());
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete db_;
    delete cipher_;
    summary_ = nullptr;
    db_ = nullptr;
    cipher_ = nullptr;
    fs::remove_all(dir_);
  }
  void SetUp() override { ASSERT_NE(summary_, nullptr) << "BuildDemo failed"; }

  std::unique_ptr<storage::Tx> Read() {
    auto tx = db_->Read();
    EXPECT_TRUE(tx.ok());
    return std::move(tx).value();
  }
  std::vector<Place> PlacesAt(storage::Tx& tx, Level level) {
    return All<Place>([&](const storage::PageRequest& p) {
      return tx.places().InScope("530326", static_cast<int>(level), false, p);
    });
  }
  std::vector<Person> People(storage::Tx& tx) {
    return All<Person>([&](const storage::PageRequest& p) {
      storage::PersonQuery q;
      q.scope = "530326";
      q.page = p;
      return tx.people().Search(q);
    });
  }
  // The grids of a community with their household counts.
  std::vector<geo::GridShape> Grids(storage::Tx& tx, const Place& village) {
    std::vector<geo::GridShape> out;
    auto grids = All<Place>([&](const storage::PageRequest& p) { return tx.places().Children(village.code, false, p); });
    for (const Place& g : grids) {
      auto counts = tx.places().Counts(g.code);
      EXPECT_TRUE(counts.ok());
      out.push_back(geo::GridShape{g.code, g.boundary, static_cast<int>(counts->households)});
    }
    return out;
  }

  static inline fs::path dir_;
  static inline FieldCipher* cipher_ = nullptr;
  static inline storage::Database* db_ = nullptr;
  static inline DemoSummary* summary_ = nullptr;
};

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
  auto households = All<Household>(
      [&](const storage::PageRequest& p) { return tx->people().Households("530326", p); });
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
  for (const Person& p : people)
    for (const PersonTag& t : p.tags) {
      const TagDef* def = FindTag(t.tag);
      ASSERT_NE(def, nullptr) << t.tag;
      auto v = ValidateTagFields(*def, t.fields_json);
      EXPECT_TRUE(v.ok()) << t.tag << " " << t.fields_json << ": " << v.status().ToString();
      EXPECT_FALSE(t.since.empty());
      EXPECT_LE(t.since, "2026-06-30");
      EXPECT_GE(t.since, p.birth_date);
      ++per_tag[t.tag];
    }
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
  for (const Place& t : PlacesAt(*tx, Level::kTownship)) EXPECT_TRUE(geo::ValidatePolygon(t.boundary).ok()) << t.code;
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
      EXPECT_TRUE(IsWithin(person->place_code, p.code)) << p.code << " leader lives in " << person->place_code;
    }
  }
  auto buildings = All<Building>([&](const storage::PageRequest& pg) { return tx->people().Buildings("530326", pg); });
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
  auto depts = All<Department>([&](const storage::PageRequest& p) { return tx->users().Departments("530326", p); });
  std::set<std::string> codes;
  for (const auto& d : depts) codes.insert(d.code);
  EXPECT_EQ(codes, (std::set<std::string>{"chengguan", "gongan", "minzheng", "scjg", "sifa", "weijian", "xinfang",
                                          "zhujian"}));
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
  ASSERT_EQ(summary_->accounts.size(), 11u);
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
    if (a.role == "department_handler") {
      ASSERT_TRUE(u->department_id.has_value());
      auto d = tx->users().GetDepartment(*u->department_id);
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

TEST(DemoOptionsTest, BadOptionsAreInvalidArgument) {
  InitCrypto();
  auto cipher = FieldCipher::FromMasterKey(FieldCipher::GenerateMasterKey());
  ASSERT_TRUE(cipher.ok());
  fs::path dir = fs::temp_directory_path() / ("wangge_demo_opt_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    auto db = storage::OpenSqlite((dir / "x.db").string());
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
