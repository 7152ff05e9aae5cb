// The storage contract: what every backend must do, written once against storage/store.hpp and run for each
// backend through its BackendFactory (see contract_test.hpp; SQLite: sqlite/sqlite_factory_test.cpp).
#include "storage/contract_test.hpp"

#include <gmock/gmock.h>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <vector>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/crypto.hpp"
#include "core/validation.hpp"

namespace wangge::storage::testing {

// ---------------------------------------------------------------- fixture

void StorageContractTest::SetUp() {
  InitCrypto();
  std::string tmpl = (std::filesystem::temp_directory_path() / "wangge-storage-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << "mkdtemp failed";
  dir_ = tmpl;
  db_ = factory().open(dir_);
  ASSERT_NE(db_, nullptr);
}

void StorageContractTest::TearDown() {
  db_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void StorageContractTest::Reopen() {
  db_.reset();
  db_ = factory().open(dir_);
  ASSERT_NE(db_, nullptr);
}

std::unique_ptr<Tx> StorageContractTest::R() {
  auto r = db_->Read();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return nullptr;
  return std::move(r).value();
}

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

// ---------------------------------------------------------------- test data

// A small administrative tree: one county, two townships, three villages, four grids, five household units.
const std::string kProv = "53";
const std::string kPref = "5303";
const std::string kCounty = "530326";
const std::string kT1 = "530326001";
const std::string kT2 = "530326002";
const std::string kV1 = "530326001001";
const std::string kV2 = "530326001002";
const std::string kV3 = "530326002001";
const std::string kG1 = "530326001001001";
const std::string kG2 = "530326001001002";
const std::string kG3 = "530326001002001";
const std::string kG4 = "530326002001001";
const std::string kU1 = "530326001001001001";
const std::string kU2 = "530326001001001002";
const std::string kU3 = "530326001001002001";
const std::string kU4 = "530326001002001001";
const std::string kU5 = "530326002001001001";

const std::vector<std::string>& TreeCodes() {
  static const std::vector<std::string> v = {kProv, kPref, kCounty, kT1, kT2, kV1, kV2, kV3, kG1,
                                             kG2,   kG3,   kG4,     kU1, kU2, kU3, kU4, kU5};
  return v;
}

Place MakePlace(const std::string& code, const std::string& name = "") {
  Place p;
  p.code = code;
  p.name = name.empty() ? "地点" + code : name;
  auto level = ParseCode(code);
  if (!level.ok()) throw std::logic_error("bad test code " + code);
  p.level = static_cast<int>(*level);
  p.parent_code = ParentCode(code);
  if (*level == Level::kVillage) p.kind = "community";
  if (*level == Level::kGrid) p.kind = IsExclusiveGrid(code) ? "exclusive" : "comprehensive";
  return p;
}

Status InsertTree(Tx& tx) {
  for (const auto& c : TreeCodes()) RETURN_IF_ERROR(tx.places().Insert(MakePlace(c)));
  return Status::Ok();
}

const FieldCipher& Cipher() {
  static const FieldCipher c = *FieldCipher::FromMasterKey(std::string(32, 'k'));
  return c;
}

// The n-th distinct valid citizen ID (n < 23,520,000).
std::string CitizenIdNo(int n) {
  int d = n / 1000;
  std::string id = MakeCitizenId("530326", 1950 + d / 336, 1 + (d / 28) % 12, 1 + d % 28, n % 1000);
  if (id.empty()) throw std::logic_error("MakeCitizenId failed");
  return id;
}

std::string CidHash(int n) { return CitizenIdIndex(Cipher(), CitizenIdNo(n)); }

// A sealed person at `place` (the household's place when it has one); `n` picks the citizen ID.
Person MakePerson(int n, const std::string& place, std::optional<int64_t> household, const std::string& name,
                  std::vector<std::string> tags = {}) {
  Person p;
  p.place_code = place;
  p.household_id = household;
  p.name = name;
  p.citizen_id = CitizenIdNo(n);
  auto parsed = ParseCitizenId(p.citizen_id);
  if (!parsed.ok()) throw std::logic_error("bad test citizen ID " + p.citizen_id);
  p.sex = std::string(1, parsed->sex);
  p.birth_date = parsed->BirthDate();
  p.ethnicity = "汉族";
  p.political_status = "群众";
  p.residence_type = "户籍";
  p.relation = household ? "户主" : "";
  p.phone = n % 2 == 0 ? "1381234" + std::to_string(1000 + n % 9000) : "";
  for (auto& t : tags) p.tags.push_back(PersonTag{t, "{}", "2020-01-01"});
  SealPersonalData(Cipher(), &p);
  return p;
}

Household MakeHousehold(const std::string& place, const std::string& no = "") {
  Household h;
  h.place_code = place;
  h.address = "门牌 " + no;
  h.household_no = no;
  h.residence_type = "户籍";
  return h;
}

// Counts as a map without zero entries: {"households": 2, "people": 3, "tag:dibao": 1, ...}.
using Flat = std::map<std::string, int64_t>;

Flat FlatCounts(Tx& tx, const std::string& code) {
  auto c = tx.places().Counts(code);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  Flat f;
  if (!c.ok()) return f;
  auto put = [&](const std::string& k, int64_t n) {
    if (n != 0) f[k] += n;
  };
  put("households", c->households);
  put("people", c->people);
  put("grids", c->grids);
  put("units", c->units);
  for (auto& [t, n] : c->tags) put("tag:" + t, n);
  return f;
}

// Every place code (retired ones too, all levels) plus "".
std::vector<std::string> AllCodes(Tx& tx) {
  std::vector<std::string> out{""};
  for (int level = 1; level <= 7; ++level) {
    PageRequest pr{.after = "", .limit = 1000};
    while (true) {
      auto page = tx.places().InScope("", level, true, pr);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return out;
      for (auto& p : page->items) out.push_back(p.code);
      if (page->next.empty()) break;
      pr.after = page->next;
    }
  }
  return out;
}

std::map<std::string, Flat> AllCounts(Tx& tx) {
  std::map<std::string, Flat> out;
  for (auto& c : AllCodes(tx)) out[c] = FlatCounts(tx, c);
  return out;
}

// Pages through a search and returns every person id, checking that no id repeats across pages.
std::vector<int64_t> SearchAll(Tx& tx, PersonQuery q, int* pages = nullptr) {
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  int n = 0;
  for (int guard = 0; guard < 10000; ++guard) {
    auto page = tx.people().Search(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    ++n;
    for (auto& p : page->items) {
      EXPECT_TRUE(seen.insert(p.id).second) << "person " << p.id << " repeated on page " << n;
      ids.push_back(p.id);
    }
    if (page->next.empty()) break;
    EXPECT_FALSE(page->items.empty()) << "an empty page with a next cursor";
    q.page.after = page->next;
  }
  if (pages) *pages = n;
  return ids;
}

// Appends one audit row for `entity_id`.
Status AppendAudit(Tx& tx, const std::string& action, const std::string& entity_id, const std::string& place = kCounty,
                   AuditEntry* out = nullptr) {
  AuditEntry e;
  e.user_id = 7;
  e.username = "tester";
  e.action = action;
  e.entity = "person";
  e.entity_id = entity_id;
  e.place_code = place;
  e.detail = R"({"n":")" + entity_id + R"("})";
  RETURN_IF_ERROR(tx.audit().Append(&e));
  if (out) *out = e;
  return Status::Ok();
}

std::vector<AuditEntry> AllAudit(Tx& tx, const std::string& scope = "", int limit = 1000) {
  std::vector<AuditEntry> out;
  PageRequest pr{.after = "", .limit = limit};
  for (int guard = 0; guard < 100000; ++guard) {
    auto page = tx.audit().List(scope, pr);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    for (auto& e : page->items) out.push_back(e);
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  return out;
}

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    ::wangge::Status _s = (expr);                         \
    ASSERT_TRUE(_s.ok()) << #expr << ": " << _s.ToString(); \
  } while (0)
#define EXPECT_OK(expr)                                   \
  do {                                                    \
    ::wangge::Status _s = (expr);                         \
    EXPECT_TRUE(_s.ok()) << #expr << ": " << _s.ToString(); \
  } while (0)
#define EXPECT_CODE(expr, want)                                                             \
  do {                                                                                      \
    ::wangge::Status _s = (expr);                                                           \
    EXPECT_EQ(_s.code(), (want)) << #expr << ": " << _s.ToString();                         \
  } while (0)

std::vector<std::string> Codes(const std::vector<Place>& ps) {
  std::vector<std::string> out;
  for (auto& p : ps) out.push_back(p.code);
  return out;
}

// Holds the writer busy with a slow job until Open(), so that jobs submitted meanwhile queue up and share a batch.
class WriterGate {
 public:
  explicit WriterGate(Database* db) : slow_([this, db] {
    EXPECT_OK(db->Write([this](Tx&) {
      entered_ = true;
      while (!release_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return Status::Ok();
    }));
  }) {
    while (!entered_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void Open() {
    release_ = true;
    if (slow_.joinable()) slow_.join();
  }
  ~WriterGate() { Open(); }

 private:
  std::atomic<bool> entered_{false};
  std::atomic<bool> release_{false};
  std::thread slow_;
};

// ================================================================ 1. places

TEST_P(StorageContractTest, PlaceInsertAndGet) {
  Place g = MakePlace(kG1, "第一网格");
  g.boundary = R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})";
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.places().Insert(MakePlace(kV1, "和平社区")));
    return tx.places().Insert(g);
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->places().Get(kG1);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->code, kG1);
  EXPECT_EQ(got->name, "第一网格");
  EXPECT_EQ(got->level, static_cast<int>(Level::kGrid));
  EXPECT_EQ(got->parent_code, kV1);
  EXPECT_EQ(got->kind, "comprehensive");
  EXPECT_EQ(got->boundary, g.boundary);
  EXPECT_FALSE(got->leader_person_id.has_value());
  EXPECT_FALSE(got->retired);
  EXPECT_EQ(got->version, 1);
  EXPECT_FALSE(got->updated_at.empty());
  EXPECT_EQ(tx->places().Get("530326001001009").status().code(), StatusCode::kNotFound);
}

TEST_P(StorageContractTest, PlaceDuplicateCodeIsConflict) {
  ASSERT_OK(W([&](Tx& tx) { return tx.places().Insert(MakePlace(kV1, "甲")); }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.places().Insert(MakePlace(kV1, "乙")); }), StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->places().Get(kV1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "甲");
}

TEST_P(StorageContractTest, PlaceChildrenKeysetPagination) {
  // Five villages, inserted out of order, plus a village of another township that must not show up.
  std::vector<std::string> want;
  for (int seq : {1, 2, 3, 4, 5}) want.push_back(*ChildCode(kT1, seq));
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.places().Insert(MakePlace(kT1)));
    for (int seq : {4, 2, 5, 1, 3}) RETURN_IF_ERROR(tx.places().Insert(MakePlace(*ChildCode(kT1, seq))));
    RETURN_IF_ERROR(tx.places().Insert(MakePlace(kV3)));
    return tx.places().Insert(MakePlace(*ChildCode(want[0], 1)));  // a grandchild
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  std::vector<std::string> got;
  std::vector<size_t> sizes;
  PageRequest pr{.after = "", .limit = 2};
  int pages = 0;
  while (pages < 10) {
    auto page = tx->places().Children(kT1, false, pr);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    sizes.push_back(page->items.size());
    for (auto& p : page->items) got.push_back(p.code);
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(sizes, ElementsAre(2, 2, 1));
  EXPECT_EQ(got, want);  // ordered by code, no duplicates, nothing missing

  // Exactly one page's worth: no dangling next cursor.
  auto one = tx->places().Children(kT1, false, {.after = "", .limit = 5});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->items.size(), 5u);
  EXPECT_EQ(one->next, "");
  auto none = tx->places().Children(kU1, false, {.after = "", .limit = 5});
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(none->items, IsEmpty());
  EXPECT_EQ(none->next, "");
}

TEST_P(StorageContractTest, PlaceInScopeByLevel) {
  ASSERT_OK(W(InsertTree));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto grids_t1 = tx->places().InScope(kT1, static_cast<int>(Level::kGrid), false, {.after = "", .limit = 50});
  ASSERT_TRUE(grids_t1.ok());
  EXPECT_EQ(Codes(grids_t1->items), (std::vector<std::string>{kG1, kG2, kG3}));
  auto units_v1 = tx->places().InScope(kV1, static_cast<int>(Level::kHouseholdUnit), false, {.after = "", .limit = 50});
  ASSERT_TRUE(units_v1.ok());
  EXPECT_EQ(Codes(units_v1->items), (std::vector<std::string>{kU1, kU2, kU3}));
  auto villages = tx->places().InScope(kCounty, static_cast<int>(Level::kVillage), false, {.after = "", .limit = 50});
  ASSERT_TRUE(villages.ok());
  EXPECT_EQ(Codes(villages->items), (std::vector<std::string>{kV1, kV2, kV3}));
  auto t2_units = tx->places().InScope(kT2, static_cast<int>(Level::kHouseholdUnit), false, {.after = "", .limit = 50});
  ASSERT_TRUE(t2_units.ok());
  EXPECT_EQ(Codes(t2_units->items), (std::vector<std::string>{kU5}));

  // Paginated: 5 units with limit 2.
  std::vector<std::string> all;
  PageRequest pr{.after = "", .limit = 2};
  for (int i = 0; i < 10; ++i) {
    auto page = tx->places().InScope("", static_cast<int>(Level::kHouseholdUnit), false, pr);
    ASSERT_TRUE(page.ok());
    for (auto& p : page->items) all.push_back(p.code);
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  EXPECT_EQ(all, (std::vector<std::string>{kU1, kU2, kU3, kU4, kU5}));
  EXPECT_EQ(*tx->places().CountInScope(kT1, static_cast<int>(Level::kGrid)), 3);
  EXPECT_EQ(*tx->places().CountInScope(kCounty, static_cast<int>(Level::kHouseholdUnit)), 5);
}

TEST_P(StorageContractTest, PlaceUpdateBumpsVersionAndRejectsStale) {
  ASSERT_OK(W([&](Tx& tx) { return tx.places().Insert(MakePlace(kV1, "旧名")); }));
  Place p;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    p = *tx->places().Get(kV1);
  }
  ASSERT_EQ(p.version, 1);
  Place edit = p;
  edit.name = "新名";
  edit.kind = "village";
  ASSERT_OK(W([&](Tx& tx) { return tx.places().Update(edit); }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->places().Get(kV1);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->version, 2);
    EXPECT_EQ(got->name, "新名");
    EXPECT_EQ(got->kind, "village");
  }
  // A second edit based on version 1 loses.
  Place stale = p;
  stale.name = "过期";
  EXPECT_CODE(W([&](Tx& tx) { return tx.places().Update(stale); }), StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->places().Get(kV1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->name, "新名");
}

TEST_P(StorageContractTest, PlaceRetireHidesFromChildren) {
  ASSERT_OK(W(InsertTree));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_EQ(FlatCounts(*tx, kV1)["grids"], 2);
  }
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(Place g, tx.places().Get(kG2));
    g.retired = true;
    return tx.places().Update(g);
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto live = tx->places().Children(kV1, false, {.after = "", .limit = 50});
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(Codes(live->items), (std::vector<std::string>{kG1}));
  auto all = tx->places().Children(kV1, true, {.after = "", .limit = 50});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Codes(all->items), (std::vector<std::string>{kG1, kG2}));
  EXPECT_TRUE(all->items[1].retired);
  auto in_scope = tx->places().InScope(kV1, static_cast<int>(Level::kGrid), false, {.after = "", .limit = 50});
  ASSERT_TRUE(in_scope.ok());
  EXPECT_EQ(Codes(in_scope->items), (std::vector<std::string>{kG1}));
  EXPECT_EQ(*tx->places().CountInScope(kV1, static_cast<int>(Level::kGrid)), 1);
  EXPECT_EQ(FlatCounts(*tx, kV1)["grids"], 1);
  EXPECT_EQ(FlatCounts(*tx, "")["grids"], 3);
}

// ================================================================ 2. counters

TEST_P(StorageContractTest, CountersFollowInsertsUpTheTree) {
  ASSERT_OK(W(InsertTree));
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(int64_t h1, tx.people().InsertHousehold(MakeHousehold(kU1, "H1")));
    ASSIGN_OR_RETURN(int64_t h2, tx.people().InsertHousehold(MakeHousehold(kU1, "H2")));
    RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(1, kU1, h1, "张一", {"dibao", "disabled"})).status());
    RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(2, kU1, h1, "张二", {"dibao"})).status());
    return tx.people().InsertPerson(MakePerson(3, kU1, h2, "李三")).status();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  Flat base{{"households", 2}, {"people", 3}, {"tag:dibao", 2}, {"tag:disabled", 1}};
  auto with = [&](int64_t grids, int64_t units) {
    Flat f = base;
    if (grids) f["grids"] = grids;
    if (units) f["units"] = units;
    return f;
  };
  EXPECT_EQ(FlatCounts(*tx, kU1), with(0, 1));
  EXPECT_EQ(FlatCounts(*tx, kG1), with(1, 2));
  EXPECT_EQ(FlatCounts(*tx, kV1), with(2, 3));
  EXPECT_EQ(FlatCounts(*tx, kT1), with(3, 4));
  EXPECT_EQ(FlatCounts(*tx, kCounty), with(4, 5));
  EXPECT_EQ(FlatCounts(*tx, kPref), with(4, 5));
  EXPECT_EQ(FlatCounts(*tx, ""), with(4, 5));
  // Siblings untouched.
  EXPECT_EQ(FlatCounts(*tx, kU2), (Flat{{"units", 1}}));
  EXPECT_EQ(FlatCounts(*tx, kG2), (Flat{{"grids", 1}, {"units", 1}}));
  EXPECT_EQ(FlatCounts(*tx, kT2), (Flat{{"grids", 1}, {"units", 1}}));
  auto c = tx->places().Counts(kV1);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->tags, (std::vector<std::pair<std::string, int64_t>>{{"dibao", 2}, {"disabled", 1}}));
  EXPECT_EQ(*tx->people().CountPeople(kV1), 3);
  auto h = tx->people().Households(kU1, {.after = "", .limit = 10});
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->items.size(), 2u);
  EXPECT_EQ(h->items[0].member_count, 2);
  EXPECT_EQ(h->items[1].member_count, 1);
}

TEST_P(StorageContractTest, CountersMoveWithUpdatePerson) {
  ASSERT_OK(W(InsertTree));
  int64_t id = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(id, tx.people().InsertPerson(MakePerson(1, kU1, std::nullopt, "王五", {"tekun"})));
    return tx.people().InsertPerson(MakePerson(2, kU1, std::nullopt, "王六")).status();
  }));
  Flat before_county;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    before_county = FlatCounts(*tx, kCounty);
  }
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(id));
    p.place_code = kG3;  // another grid in another village of the same township
    return tx.people().UpdatePerson(p);
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(FlatCounts(*tx, kU1), (Flat{{"people", 1}, {"units", 1}}));
  EXPECT_EQ(FlatCounts(*tx, kG1), (Flat{{"people", 1}, {"grids", 1}, {"units", 2}}));
  EXPECT_EQ(FlatCounts(*tx, kV1), (Flat{{"people", 1}, {"grids", 2}, {"units", 3}}));
  EXPECT_EQ(FlatCounts(*tx, kG3), (Flat{{"people", 1}, {"tag:tekun", 1}, {"grids", 1}, {"units", 1}}));
  EXPECT_EQ(FlatCounts(*tx, kV2), (Flat{{"people", 1}, {"tag:tekun", 1}, {"grids", 1}, {"units", 1}}));
  EXPECT_EQ(FlatCounts(*tx, kT1), (Flat{{"people", 2}, {"tag:tekun", 1}, {"grids", 3}, {"units", 4}}));
  EXPECT_EQ(FlatCounts(*tx, kCounty), before_county);
  EXPECT_EQ(FlatCounts(*tx, ""), before_county);
  auto moved = tx->people().GetPerson(id);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->place_code, kG3);
  EXPECT_EQ(moved->version, 2);
}

TEST_P(StorageContractTest, CountersRetiringAPersonDecrements) {
  ASSERT_OK(W(InsertTree));
  int64_t id = 0, hh = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(hh, tx.people().InsertHousehold(MakeHousehold(kU2, "H9")));
    ASSIGN_OR_RETURN(id, tx.people().InsertPerson(MakePerson(1, kU2, hh, "赵七", {"dibao", "left_behind_elder"})));
    return tx.people().InsertPerson(MakePerson(2, kU2, hh, "赵八", {"dibao"})).status();
  }));
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(id));
    p.retired = true;
    return tx.people().UpdatePerson(p);
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  for (const auto& code : {kU2, kG1, kV1, kT1, kCounty, std::string()}) {
    Flat f = FlatCounts(*tx, code);
    EXPECT_EQ(f["people"], 1) << code;
    EXPECT_EQ(f["tag:dibao"], 1) << code;
    EXPECT_EQ(f.count("tag:left_behind_elder"), 0u) << code;
    EXPECT_EQ(f["households"], 1) << code;
  }
  auto c = tx->places().Counts(kU2);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->tags, (std::vector<std::pair<std::string, int64_t>>{{"dibao", 1}}));  // zero tags are not reported
  EXPECT_EQ(tx->people().GetHousehold(hh)->member_count, 1);
  EXPECT_EQ(*tx->people().CountPeople(kU2), 1);
}

// A model of the base data, to derive the expected counters independently of the backend.
struct Model {
  struct P {
    std::string place;
    std::optional<int64_t> hh;
    bool retired = false;
    std::set<std::string> tags;
  };
  struct H {
    std::string place;
    bool retired = false;
  };
  std::map<int64_t, P> people;
  std::map<int64_t, H> households;
  std::map<std::string, bool> place_retired;  // grids and units

  Flat Expected(const std::string& code) const {
    auto within = [&](const std::string& place) { return place.compare(0, code.size(), code) == 0; };
    Flat f;
    for (auto& [id, p] : people) {
      if (p.retired || !within(p.place)) continue;
      ++f["people"];
      for (auto& t : p.tags) ++f["tag:" + t];
    }
    for (auto& [id, h] : households)
      if (!h.retired && within(h.place)) ++f["households"];
    for (auto& [c, retired] : place_retired) {
      if (retired || !within(c)) continue;
      ++f[c.size() == 15 ? "grids" : "units"];
    }
    return f;
  }
  int64_t Members(int64_t hh) const {
    int64_t n = 0;
    for (auto& [id, p] : people)
      if (!p.retired && p.hh == hh) ++n;
    return n;
  }
};

TEST_P(StorageContractTest, RebuildCountsMatchesMaintainedAfterRandomOperations) {
  ASSERT_OK(W(InsertTree));
  Model m;
  const std::vector<std::string> anchors = {kG1, kG2, kG3, kG4, kU1, kU2, kU3, kU4, kU5};
  for (auto& a : anchors) m.place_retired[a] = false;
  const std::vector<std::string> tag_pool = {"dibao", "tekun", "disabled", "left_behind_elder"};
  std::mt19937 rng(20261121);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  auto random_tags = [&]() {
    std::vector<std::string> out;
    for (auto& t : tag_pool)
      if (rng() % 3 == 0) out.push_back(t);
    return out;
  };
  auto random_person = [&]() {
    auto it = m.people.begin();
    std::advance(it, pick(m.people.size()));
    return it->first;
  };
  auto random_household = [&]() {
    auto it = m.households.begin();
    std::advance(it, pick(m.households.size()));
    return it->first;
  };
  int next_cid = 1;
  int ops = 0;
  std::map<int, int> op_histogram;
  // Rewrites a person from the model's view (place follows its household), keeping the stored version.
  auto put_person = [&](Tx& tx, int64_t id) -> Status {
    Model::P& mp = m.people[id];
    if (mp.hh) mp.place = m.households[*mp.hh].place;
    ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(id));
    p.place_code = mp.place;
    p.household_id = mp.hh;
    p.retired = mp.retired;
    p.tags.clear();
    for (auto& t : mp.tags) p.tags.push_back(PersonTag{t, "{}", "2021-06-01"});
    return tx.people().UpdatePerson(p);
  };
  auto one_op = [&](Tx& tx) -> Status {
    int op = static_cast<int>(pick(9));
    if (m.people.empty() && op >= 3 && op <= 5) op = 1;
    if (m.households.empty() && (op == 6 || op == 7)) op = 0;
    ++op_histogram[op];
    switch (op) {
      case 0: {  // new household
        std::string place = anchors[pick(anchors.size())];
        ASSIGN_OR_RETURN(int64_t id, tx.people().InsertHousehold(MakeHousehold(place)));
        m.households[id] = {place, false};
        return Status::Ok();
      }
      case 1:
      case 2: {  // new person, in a household or directly in a grid/unit, sometimes already retired
        Model::P mp;
        if (!m.households.empty() && rng() % 5 < 3) {
          mp.hh = random_household();
          mp.place = m.households[*mp.hh].place;
        } else {
          mp.place = anchors[pick(anchors.size())];
        }
        auto tags = random_tags();
        mp.tags = {tags.begin(), tags.end()};
        const int cid = next_cid++;
        Person p = MakePerson(cid, mp.place, mp.hh, "随机" + std::to_string(cid), tags);
        p.retired = mp.retired = rng() % 10 == 0;
        ASSIGN_OR_RETURN(int64_t id, tx.people().InsertPerson(p));
        m.people[id] = mp;
        return Status::Ok();
      }
      case 3: {  // move a person to another household or grid/unit
        int64_t id = random_person();
        Model::P& mp = m.people[id];
        if (!m.households.empty() && rng() % 2 == 0) {
          mp.hh = random_household();
        } else {
          mp.hh.reset();
          mp.place = anchors[pick(anchors.size())];
        }
        return put_person(tx, id);
      }
      case 4: {  // retire / reinstate a person
        int64_t id = random_person();
        m.people[id].retired = !m.people[id].retired;
        return put_person(tx, id);
      }
      case 5: {  // change the tag set
        int64_t id = random_person();
        auto tags = random_tags();
        m.people[id].tags = {tags.begin(), tags.end()};
        return put_person(tx, id);
      }
      case 6: {  // move a household: its live members follow
        int64_t id = random_household();
        std::string to = anchors[pick(anchors.size())];
        ASSIGN_OR_RETURN(Household h, tx.people().GetHousehold(id));
        h.place_code = to;
        RETURN_IF_ERROR(tx.people().UpdateHousehold(h));
        m.households[id].place = to;
        for (auto& [pid, p] : m.people)
          if (p.hh == id && !p.retired) p.place = to;
        return Status::Ok();
      }
      case 7: {  // retire / reinstate a household
        int64_t id = random_household();
        ASSIGN_OR_RETURN(Household h, tx.people().GetHousehold(id));
        h.retired = !h.retired;
        RETURN_IF_ERROR(tx.people().UpdateHousehold(h));
        m.households[id].retired = h.retired;
        return Status::Ok();
      }
      default: {  // retire / reinstate a grid or unit
        std::string code = anchors[pick(anchors.size())];
        ASSIGN_OR_RETURN(Place p, tx.places().Get(code));
        p.retired = !p.retired;
        RETURN_IF_ERROR(tx.places().Update(p));
        m.place_retired[code] = p.retired;
        return Status::Ok();
      }
    }
  };
  while (ops < 300) {
    int n = std::min(300 - ops, 1 + static_cast<int>(pick(4)));  // several operations per write job
    Status st = W([&](Tx& tx) {
      for (int i = 0; i < n; ++i) RETURN_IF_ERROR(one_op(tx));
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << "at operation " << ops << ": " << st.ToString();
    ops += n;
  }
  for (int op = 0; op <= 8; ++op) EXPECT_GT(op_histogram[op], 0) << "operation kind " << op << " never ran";

  std::map<std::string, Flat> maintained;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    maintained = AllCounts(*tx);
    ASSERT_EQ(maintained.size(), TreeCodes().size() + 1);
    for (auto& [code, f] : maintained) EXPECT_EQ(f, m.Expected(code)) << "maintained counts of '" << code << "'";
    for (auto& [id, h] : m.households) {
      auto got = tx->people().GetHousehold(id);
      ASSERT_TRUE(got.ok());
      EXPECT_EQ(got->member_count, m.Members(id)) << "household " << id;
      EXPECT_EQ(got->place_code, h.place);
    }
    EXPECT_EQ(*tx->people().CountPeople(""), maintained[""]["people"]);
    auto check = tx->places().CheckCounts();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_EQ(check->mismatches, 0) << check->first;
    EXPECT_GT(check->rows, static_cast<int64_t>(maintained.size()));
  }
  // A counter that drifted from the base tables is found (and the rebuild below repairs it).
  ASSERT_OK(W([&](Tx& tx) {
    tx.places().AddCount(kG1, "people", 1);
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto check = tx->places().CheckCounts();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_GT(check->mismatches, 0);
    EXPECT_NE(check->first.find("people"), std::string::npos) << check->first;
  }
  int64_t rows = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(rows, tx.places().RebuildCounts());
    return Status::Ok();
  }));
  EXPECT_GT(rows, 0);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto rebuilt = AllCounts(*tx);
  for (auto& [code, f] : rebuilt) EXPECT_EQ(f, maintained[code]) << "rebuilt counts of '" << code << "'";
  EXPECT_EQ(rebuilt.size(), maintained.size());
  EXPECT_EQ(tx->places().CheckCounts()->mismatches, 0);
}

// ================================================================ 3. rekey

TEST_P(StorageContractTest, RekeyMovesASubtreeAndItsCounters) {
  ASSERT_OK(W(InsertTree));
  const std::string new_grid = "530326002001005";  // under kV3, in the other township
  int64_t h1 = 0, h2 = 0, p1 = 0, p2 = 0, p3 = 0, b1 = 0, org = 0, user = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(b1, tx.people().InsertBuilding(Building{.place_code = kU1, .name = "3栋"}));
    ASSIGN_OR_RETURN(h1, tx.people().InsertHousehold(MakeHousehold(kU1, "R1")));
    ASSIGN_OR_RETURN(h2, tx.people().InsertHousehold(MakeHousehold(kU2, "R2")));
    ASSIGN_OR_RETURN(p1, tx.people().InsertPerson(MakePerson(1, kU1, h1, "甲", {"dibao"})));
    ASSIGN_OR_RETURN(p2, tx.people().InsertPerson(MakePerson(2, kU2, h2, "乙", {"dibao", "tekun"})));
    ASSIGN_OR_RETURN(p3, tx.people().InsertPerson(MakePerson(3, kG1, std::nullopt, "丙")));
    // Outside the moved grid.
    RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(4, kU3, std::nullopt, "丁", {"dibao"})).status());
    RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(5, kU5, std::nullopt, "戊")).status());
    ASSIGN_OR_RETURN(org, tx.orgs().Insert(Organization{.place_code = kU1, .name = "某公司", .kind = "enterprise"}));
    User u{.username = "gridman", .display_name = "网格员", .role = "grid_worker", .place_code = kG1};
    ASSIGN_OR_RETURN(user, tx.users().Insert(u, "hash"));
    return Status::Ok();
  }));
  std::map<std::string, Flat> before;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    before = AllCounts(*tx);
  }
  ASSERT_EQ(before[kG1], (Flat{{"households", 2}, {"people", 3}, {"tag:dibao", 2}, {"tag:tekun", 1}, {"grids", 1},
                               {"units", 2}}));

  // The target taken: conflict, nothing changes.
  EXPECT_CODE(W([&](Tx& tx) { return tx.places().Rekey(kG1, kG4, kV3); }), StatusCode::kConflict);
  ASSERT_OK(W([&](Tx& tx) { return tx.places().Rekey(kG1, new_grid, kV3); }));

  auto tx = R();
  ASSERT_TRUE(tx);
  auto sub = [&](const std::string& old_code) { return new_grid + old_code.substr(kG1.size()); };
  // Places.
  EXPECT_EQ(tx->places().Get(kG1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(tx->places().Get(kU1).status().code(), StatusCode::kNotFound);
  auto g = tx->places().Get(new_grid);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->parent_code, kV3);
  EXPECT_EQ(g->level, static_cast<int>(Level::kGrid));
  for (const auto& u : {kU1, kU2}) {
    auto moved = tx->places().Get(sub(u));
    ASSERT_TRUE(moved.ok()) << sub(u);
    EXPECT_EQ(moved->parent_code, new_grid);
  }
  auto kids = tx->places().Children(kV1, true, {.after = "", .limit = 50});
  ASSERT_TRUE(kids.ok());
  EXPECT_EQ(Codes(kids->items), (std::vector<std::string>{kG2}));
  kids = tx->places().Children(kV3, true, {.after = "", .limit = 50});
  ASSERT_TRUE(kids.ok());
  EXPECT_EQ(Codes(kids->items), (std::vector<std::string>{kG4, new_grid}));
  kids = tx->places().Children(new_grid, true, {.after = "", .limit = 50});
  ASSERT_TRUE(kids.ok());
  EXPECT_EQ(Codes(kids->items), (std::vector<std::string>{sub(kU1), sub(kU2)}));
  // Base data.
  EXPECT_EQ(tx->people().GetHousehold(h1)->place_code, sub(kU1));
  EXPECT_EQ(tx->people().GetHousehold(h2)->place_code, sub(kU2));
  EXPECT_EQ(tx->people().GetPerson(p1)->place_code, sub(kU1));
  EXPECT_EQ(tx->people().GetPerson(p2)->place_code, sub(kU2));
  EXPECT_EQ(tx->people().GetPerson(p3)->place_code, new_grid);
  EXPECT_EQ(tx->people().GetBuilding(b1)->place_code, sub(kU1));
  EXPECT_EQ(tx->orgs().Get(org)->place_code, sub(kU1));
  EXPECT_EQ(tx->users().Get(user)->place_code, new_grid);
  EXPECT_THAT(SearchAll(*tx, {.scope = kT2, .tag = "dibao"}), UnorderedElementsAreArray({p1, p2}));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .tag = "dibao"}), ::testing::SizeIs(1));
  EXPECT_THAT(SearchAll(*tx, {.scope = new_grid}), UnorderedElementsAreArray({p1, p2, p3}));
  EXPECT_THAT(SearchAll(*tx, {.scope = kG1}), IsEmpty());

  // Counters: the subtree's totals leave the old ancestors and arrive at the new ones.
  const Flat moved = before[kG1];
  auto minus = [](Flat a, const Flat& b) {
    for (auto& [k, v] : b) a[k] -= v;
    std::erase_if(a, [](auto& kv) { return kv.second == 0; });
    return a;
  };
  auto plus = [](Flat a, const Flat& b) {
    for (auto& [k, v] : b) a[k] += v;
    return a;
  };
  EXPECT_EQ(FlatCounts(*tx, new_grid), moved);
  EXPECT_EQ(FlatCounts(*tx, sub(kU1)), before[kU1]);
  EXPECT_EQ(FlatCounts(*tx, sub(kU2)), before[kU2]);
  EXPECT_EQ(FlatCounts(*tx, kG1), Flat{});
  EXPECT_EQ(FlatCounts(*tx, kU1), Flat{});
  EXPECT_EQ(FlatCounts(*tx, kV1), minus(before[kV1], moved));
  EXPECT_EQ(FlatCounts(*tx, kT1), minus(before[kT1], moved));
  EXPECT_EQ(FlatCounts(*tx, kV3), plus(before[kV3], moved));
  EXPECT_EQ(FlatCounts(*tx, kT2), plus(before[kT2], moved));
  EXPECT_EQ(FlatCounts(*tx, kCounty), before[kCounty]);
  EXPECT_EQ(FlatCounts(*tx, ""), before[""]);
  EXPECT_EQ(FlatCounts(*tx, kG2), before[kG2]);

  // And they agree with a rebuild.
  auto maintained = AllCounts(*tx);
  tx.reset();
  ASSERT_OK(W([&](Tx& w) { return w.places().RebuildCounts().status(); }));
  tx = R();
  ASSERT_TRUE(tx);
  auto rebuilt = AllCounts(*tx);
  EXPECT_EQ(rebuilt, maintained);
}

// ================================================================ 4. people

TEST_P(StorageContractTest, PeopleCitizenIdAndHouseholdNoAreUnique) {
  ASSERT_OK(W(InsertTree));
  int64_t other = 0;
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(1, kU1, std::nullopt, "甲")).status());
    ASSIGN_OR_RETURN(other, tx.people().InsertPerson(MakePerson(2, kU1, std::nullopt, "乙")));
    return Status::Ok();
  }));
  // Same citizen ID, different person: conflict, on insert and on update.
  EXPECT_CODE(W([&](Tx& tx) { return tx.people().InsertPerson(MakePerson(1, kU5, std::nullopt, "假甲")).status(); }),
              StatusCode::kConflict);
  EXPECT_CODE(W([&](Tx& tx) {
                ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(other));
                Person clash = MakePerson(1, p.place_code, std::nullopt, p.name);
                clash.id = p.id;
                clash.version = p.version;
                return tx.people().UpdatePerson(clash);
              }),
              StatusCode::kConflict);
  // Household numbers too (when given; empty ones never clash).
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "HN-1")).status());
    RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "")).status());
    return tx.people().InsertHousehold(MakeHousehold(kU2, "")).status();
  }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.people().InsertHousehold(MakeHousehold(kU5, "HN-1")).status(); }),
              StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->people().CountPeople(""), 2);
  EXPECT_EQ(FlatCounts(*tx, "")["people"], 2);
  EXPECT_EQ(FlatCounts(*tx, "")["households"], 3);
  EXPECT_EQ(FlatCounts(*tx, kU5)["households"], 0);
  EXPECT_EQ(tx->people().GetPerson(other)->citizen_id_hash, CidHash(2));
  auto found = tx->people().FindPersonByCidHash(CidHash(1));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_NE(**found, other);
  EXPECT_FALSE(tx->people().FindPersonByCidHash(CidHash(99))->has_value());
}

TEST_P(StorageContractTest, PeopleUpdateRejectsStaleVersion) {
  ASSERT_OK(W(InsertTree));
  int64_t id = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(id, tx.people().InsertPerson(MakePerson(1, kU1, std::nullopt, "甲")));
    return Status::Ok();
  }));
  Person p;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    p = *tx->people().GetPerson(id);
  }
  Person a = p;
  a.name = "甲一";
  ASSERT_OK(W([&](Tx& tx) { return tx.people().UpdatePerson(a); }));
  Person b = p;
  b.name = "甲二";
  b.place_code = kU5;
  EXPECT_CODE(W([&](Tx& tx) { return tx.people().UpdatePerson(b); }), StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->people().GetPerson(id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "甲一");
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(FlatCounts(*tx, kU1)["people"], 1);
  EXPECT_EQ(FlatCounts(*tx, kU5)["people"], 0);
}

TEST_P(StorageContractTest, PeopleRoundTripWithTags) {
  ASSERT_OK(W(InsertTree));
  Person in = MakePerson(4, kU1, std::nullopt, "欧阳娜娜");
  in.tags = {PersonTag{"disabled", R"({"disability_type":"肢体","grade":"二级"})", "2019-05-05"},
             PersonTag{"dibao", R"({"cert_no":"DB-001"})", "2020-01-01"}};
  in.phone = "13812345678";
  SealPersonalData(Cipher(), &in);
  int64_t id = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(id, tx.people().InsertPerson(in));
    return Status::Ok();
  }));
  Person got;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto r = tx->people().GetPerson(id);
    ASSERT_TRUE(r.ok());
    got = *r;
  }
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.name, in.name);
  EXPECT_EQ(got.place_code, kU1);
  EXPECT_EQ(got.sex, in.sex);
  EXPECT_EQ(got.birth_date, in.birth_date);
  EXPECT_EQ(got.ethnicity, "汉族");
  EXPECT_EQ(got.political_status, "群众");
  EXPECT_EQ(got.residence_type, "户籍");
  EXPECT_EQ(got.citizen_id_enc, in.citizen_id_enc);
  EXPECT_EQ(got.citizen_id_hash, in.citizen_id_hash);
  EXPECT_EQ(got.citizen_id_masked, in.citizen_id_masked);
  EXPECT_EQ(got.phone_enc, in.phone_enc);
  EXPECT_EQ(got.phone_hash, in.phone_hash);
  EXPECT_EQ(got.phone_masked, "138****5678");
  EXPECT_TRUE(got.citizen_id.empty()) << "storage must not hold the plaintext";
  EXPECT_EQ(*Cipher().Decrypt(got.citizen_id_enc), in.citizen_id);
  EXPECT_EQ(got.version, 1);
  ASSERT_EQ(got.tags.size(), 2u);  // ordered by tag
  EXPECT_EQ(got.tags[0].tag, "dibao");
  EXPECT_EQ(got.tags[0].fields_json, R"({"cert_no":"DB-001"})");
  EXPECT_EQ(got.tags[0].since, "2020-01-01");
  EXPECT_EQ(got.tags[1].tag, "disabled");
  EXPECT_EQ(got.tags[1].fields_json, R"({"disability_type":"肢体","grade":"二级"})");
  EXPECT_EQ(got.tags[1].since, "2019-05-05");

  // Replace the tag set; drop the phone.
  Person edit = got;
  edit.tags = {PersonTag{"tekun", R"({"support_mode":"分散供养"})", "2022-02-02"}};
  edit.phone_enc.clear();
  edit.phone_hash.clear();
  edit.phone_masked.clear();
  ASSERT_OK(W([&](Tx& tx) { return tx.people().UpdatePerson(edit); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto again = tx->people().GetPerson(id);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->tags.size(), 1u);
  EXPECT_EQ(again->tags[0].tag, "tekun");
  EXPECT_EQ(again->tags[0].fields_json, R"({"support_mode":"分散供养"})");
  EXPECT_EQ(again->tags[0].since, "2022-02-02");
  EXPECT_TRUE(again->phone_enc.empty());
  EXPECT_EQ(again->phone_masked, "");
  EXPECT_EQ(FlatCounts(*tx, kU1), (Flat{{"people", 1}, {"tag:tekun", 1}, {"units", 1}}));
  // A duplicate tag in one person is refused and leaves nothing.
  Person dup = *again;
  dup.tags = {PersonTag{"dibao", "{}", ""}, PersonTag{"dibao", "{}", ""}};
  EXPECT_CODE(W([&](Tx& w) { return w.people().UpdatePerson(dup); }), StatusCode::kConflict);
  tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->people().GetPerson(id)->tags.size(), 1u);
  EXPECT_EQ(FlatCounts(*tx, kU1), (Flat{{"people", 1}, {"tag:tekun", 1}, {"units", 1}}));
}

// People for the search tests: names with a shared prefix inside and outside the scope, ties on the name.
struct SearchData {
  std::vector<int64_t> zhang_t1;      // name starts with 张, in township 1
  std::vector<int64_t> zhang_t2;      // name starts with 张, in township 2
  std::vector<int64_t> others_t1;     // other names in township 1
  std::vector<int64_t> dibao_t1, dibao_t2;
  std::vector<int64_t> household_members;
  int64_t household = 0;
  int64_t retired_zhang = 0;
  int64_t zhangzi = 0;  // 章子, township 1
};

Status InsertSearchData(Tx& tx, SearchData* d) {
  RETURN_IF_ERROR(InsertTree(tx));
  ASSIGN_OR_RETURN(d->household, tx.people().InsertHousehold(MakeHousehold(kU3, "S1")));
  int n = 100;
  const std::vector<std::string> t1_places = {kU1, kU2, kU3, kU4, kG1, kG3};
  for (int i = 0; i < 13; ++i) {
    // Seven people share the exact name 张伟 (ties broken by id).
    std::string name = i < 7 ? "张伟" : "张" + std::to_string(i);
    const std::string& place = t1_places[i % t1_places.size()];
    bool in_hh = place == kU3 && i % 2 == 0;
    std::vector<std::string> tags;
    if (i % 3 == 0) tags.push_back("dibao");
    ASSIGN_OR_RETURN(int64_t id, tx.people().InsertPerson(MakePerson(n++, place, in_hh ? std::optional(d->household)
                                                                                         : std::nullopt,
                                                                      name, tags)));
    d->zhang_t1.push_back(id);
    if (!tags.empty()) d->dibao_t1.push_back(id);
    if (in_hh) d->household_members.push_back(id);
  }
  for (int i = 0; i < 6; ++i) {
    ASSIGN_OR_RETURN(int64_t id, tx.people().InsertPerson(MakePerson(n++, kU3, d->household, "李" + std::to_string(i),
                                                                      {"dibao"})));
    d->others_t1.push_back(id);
    d->dibao_t1.push_back(id);
    d->household_members.push_back(id);
  }
  for (int i = 0; i < 4; ++i) {
    ASSIGN_OR_RETURN(int64_t id, tx.people().InsertPerson(MakePerson(n++, i % 2 ? kU5 : kG4, std::nullopt, "张伟", {"dibao"})));
    d->zhang_t2.push_back(id);
    d->dibao_t2.push_back(id);
  }
  // "张三丰" is retired: hidden by default.
  Person r = MakePerson(n++, kU3, d->household, "张三丰", {"dibao"});
  r.retired = true;
  ASSIGN_OR_RETURN(d->retired_zhang, tx.people().InsertPerson(r));
  // "章" sorts after "张" but must not match the prefix.
  ASSIGN_OR_RETURN(d->zhangzi, tx.people().InsertPerson(MakePerson(n++, kU1, std::nullopt, "章子")));
  return Status::Ok();
}

TEST_P(StorageContractTest, PeopleSearchByNamePrefixWithinScope) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  int pages = 0;
  auto t1 = SearchAll(*tx, {.scope = kT1, .name_prefix = "张", .page = {.after = "", .limit = 3}}, &pages);
  EXPECT_THAT(t1, UnorderedElementsAreArray(d.zhang_t1));
  EXPECT_EQ(pages, 5);  // 13 people, 3 per page
  auto t2 = SearchAll(*tx, {.scope = kT2, .name_prefix = "张", .page = {.after = "", .limit = 3}});
  EXPECT_THAT(t2, UnorderedElementsAreArray(d.zhang_t2));
  // The whole name as prefix, across the tie.
  auto wei = SearchAll(*tx, {.scope = kCounty, .name_prefix = "张伟", .page = {.after = "", .limit = 2}});
  EXPECT_EQ(wei.size(), 11u);
  std::vector<int64_t> sorted = wei;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(wei, sorted) << "people with the same name come in id order";
  // Retired ones on request only.
  auto with_retired = SearchAll(*tx, {.scope = kT1, .name_prefix = "张三", .include_retired = true});
  EXPECT_THAT(with_retired, ElementsAre(d.retired_zhang));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .name_prefix = "张三"}), IsEmpty());
  // Outside the scope: nothing.
  EXPECT_THAT(SearchAll(*tx, {.scope = kV3, .name_prefix = "李"}), IsEmpty());
  EXPECT_THAT(SearchAll(*tx, {.scope = kU3, .name_prefix = "李"}), UnorderedElementsAreArray(d.others_t1));
  // Results carry their tags.
  auto page = tx->people().Search({.scope = kU3, .name_prefix = "李0"});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  ASSERT_EQ(page->items[0].tags.size(), 1u);
  EXPECT_EQ(page->items[0].tags[0].tag, "dibao");
}

TEST_P(StorageContractTest, PeopleSearchByCidHash) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto person = tx->people().GetPerson(d.zhang_t1[4]);
  ASSERT_TRUE(person.ok());
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .cid_hash = person->citizen_id_hash}), ElementsAre(d.zhang_t1[4]));
  EXPECT_THAT(SearchAll(*tx, {.scope = "", .cid_hash = person->citizen_id_hash}), ElementsAre(d.zhang_t1[4]));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT2, .cid_hash = person->citizen_id_hash}), IsEmpty());
  EXPECT_THAT(SearchAll(*tx, {.scope = "", .cid_hash = CidHash(99999)}), IsEmpty());
}

TEST_P(StorageContractTest, PeopleSearchByTagWithinScope) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  int pages = 0;
  auto t1 = SearchAll(*tx, {.scope = kT1, .tag = "dibao", .page = {.after = "", .limit = 2}}, &pages);
  EXPECT_THAT(t1, UnorderedElementsAreArray(d.dibao_t1));
  EXPECT_EQ(pages, static_cast<int>((d.dibao_t1.size() + 1) / 2));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT2, .tag = "dibao", .page = {.after = "", .limit = 3}}),
              UnorderedElementsAreArray(d.dibao_t2));
  std::vector<int64_t> all = d.dibao_t1;
  all.insert(all.end(), d.dibao_t2.begin(), d.dibao_t2.end());
  EXPECT_THAT(SearchAll(*tx, {.scope = "", .tag = "dibao", .page = {.after = "", .limit = 4}}),
              UnorderedElementsAreArray(all));
  all.push_back(d.retired_zhang);
  EXPECT_THAT(SearchAll(*tx, {.scope = "", .tag = "dibao", .include_retired = true}), UnorderedElementsAreArray(all));
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .tag = "tekun"}), IsEmpty());
  // Tag and name prefix together.
  std::vector<int64_t> zhang_dibao;
  for (int64_t id : d.zhang_t1)
    if (std::find(d.dibao_t1.begin(), d.dibao_t1.end(), id) != d.dibao_t1.end()) zhang_dibao.push_back(id);
  EXPECT_THAT(SearchAll(*tx, {.scope = kT1, .name_prefix = "张", .tag = "dibao"}),
              UnorderedElementsAreArray(zhang_dibao));
  EXPECT_EQ(FlatCounts(*tx, kT1)["tag:dibao"], static_cast<int64_t>(d.dibao_t1.size()));
}

TEST_P(StorageContractTest, PeopleSearchByHousehold) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  int pages = 0;
  auto members = SearchAll(*tx, {.household_id = d.household, .page = {.after = "", .limit = 3}}, &pages);
  EXPECT_THAT(members, UnorderedElementsAreArray(d.household_members));
  EXPECT_EQ(pages, static_cast<int>((d.household_members.size() + 2) / 3));
  EXPECT_EQ(tx->people().GetHousehold(d.household)->member_count, static_cast<int>(d.household_members.size()));
  std::vector<int64_t> with_retired = d.household_members;
  with_retired.push_back(d.retired_zhang);
  EXPECT_THAT(SearchAll(*tx, {.household_id = d.household, .include_retired = true}),
              UnorderedElementsAreArray(with_retired));
  EXPECT_THAT(SearchAll(*tx, {.household_id = d.household + 1000}), IsEmpty());
}

TEST_P(StorageContractTest, PeopleSearchPaginationEqualsTheFullSet) {
  SearchData d;
  ASSERT_OK(W([&](Tx& tx) { return InsertSearchData(tx, &d); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  std::vector<int64_t> t1 = d.zhang_t1;
  t1.insert(t1.end(), d.others_t1.begin(), d.others_t1.end());
  t1.push_back(d.zhangzi);
  auto full = SearchAll(*tx, {.scope = kT1, .page = {.after = "", .limit = 1000}});
  EXPECT_THAT(full, UnorderedElementsAreArray(t1));  // the 20 live people of township 1 (章子 included)
  for (int limit : {1, 2, 3, 7, 20, 21}) {
    int pages = 0;
    auto paged = SearchAll(*tx, {.scope = kT1, .page = {.after = "", .limit = limit}}, &pages);
    EXPECT_EQ(paged, full) << "limit " << limit;  // same order too
    EXPECT_EQ(pages, static_cast<int>((full.size() + limit - 1) / limit)) << "limit " << limit;
  }
  EXPECT_EQ(static_cast<int64_t>(full.size()), *tx->people().CountPeople(kT1));
  EXPECT_EQ(static_cast<int64_t>(full.size()), FlatCounts(*tx, kT1)["people"]);
}

// ================================================================ 5. organisations

TEST_P(StorageContractTest, OrgCoverageFigures) {
  ASSERT_OK(W(InsertTree));
  auto org = [](const std::string& place, int members, const std::string& org_type, const std::string& instructor,
                bool retired = false) {
    static int n = 0;
    return Organization{.place_code = place, .name = "组织" + std::to_string(++n), .kind = "enterprise",
                        .employees = 10, .party_members = members, .party_org_type = org_type,
                        .instructor_name = instructor, .retired = retired};
  };
  int64_t first = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(first, tx.orgs().Insert(org(kU1, 5, "standalone", "")));  // org, work, members, members+org
    RETURN_IF_ERROR(tx.orgs().Insert(org(kG1, 0, "", "王指导")).status());        // work, no members, no-members+work
    RETURN_IF_ERROR(tx.orgs().Insert(org(kU3, 2, "", "")).status());             // members only
    RETURN_IF_ERROR(tx.orgs().Insert(org(kV2, 0, "joint", "")).status());        // org, work, no members, +work
    RETURN_IF_ERROR(tx.orgs().Insert(org(kT1, 0, "", "")).status());            // no members
    RETURN_IF_ERROR(tx.orgs().Insert(org(kU2, 9, "standalone", "李", true)).status());  // retired: not counted
    return tx.orgs().Insert(org(kU5, 3, "area", "")).status();                  // township 2
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto tuple = [](const OrgCoverage& c) {
    return std::vector<int64_t>{c.total, c.with_party_org, c.with_work, c.with_members, c.with_members_and_org,
                                c.without_members, c.without_members_with_work};
  };
  auto t1 = tx->orgs().Coverage(kT1);
  ASSERT_TRUE(t1.ok());
  EXPECT_EQ(tuple(*t1), (std::vector<int64_t>{5, 2, 3, 2, 1, 3, 2}));
  auto county = tx->orgs().Coverage(kCounty);
  ASSERT_TRUE(county.ok());
  EXPECT_EQ(tuple(*county), (std::vector<int64_t>{6, 3, 4, 3, 2, 3, 2}));
  auto v1 = tx->orgs().Coverage(kV1);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(tuple(*v1), (std::vector<int64_t>{3, 1, 2, 2, 1, 1, 1}));
  auto empty = tx->orgs().Coverage(kG3);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(tuple(*empty), (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 0}));
  // Listing agrees.
  auto list = tx->orgs().List(kT1, {.after = "", .limit = 100});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->items.size(), 5u);
  // An update changes the figures.
  Organization o = *tx->orgs().Get(first);
  tx.reset();
  o.party_org_type = "";
  ASSERT_OK(W([&](Tx& w) { return w.orgs().Update(o); }));
  tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tuple(*tx->orgs().Coverage(kT1)), (std::vector<int64_t>{5, 1, 2, 2, 0, 3, 2}));
}

TEST_P(StorageContractTest, PartyOrgInsertGetUpdate) {
  ASSERT_OK(W(InsertTree));
  int64_t top = 0, branch = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(top, tx.party().Insert(PartyOrg{.place_code = kT1, .name = "古城街道党工委",
                                                     .kind = "street_committee", .secretary_name = "张书记",
                                                     .members = 500}));
    ASSIGN_OR_RETURN(branch, tx.party().Insert(PartyOrg{.place_code = kG1, .name = "第一网格党支部",
                                                        .kind = "grid_branch", .parent_id = top, .members = 12}));
    return Status::Ok();
  }));
  EXPECT_NE(top, branch);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto t = tx->party().Get(top);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    EXPECT_EQ(t->place_code, kT1);
    EXPECT_EQ(t->name, "古城街道党工委");
    EXPECT_EQ(t->kind, "street_committee");
    EXPECT_EQ(t->parent_id, std::nullopt);
    EXPECT_EQ(t->secretary_name, "张书记");
    EXPECT_EQ(t->members, 500);
    EXPECT_FALSE(t->retired);
    EXPECT_EQ(t->version, 1);
    auto b = tx->party().Get(branch);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->parent_id, std::optional<int64_t>(top));
    EXPECT_EQ(tx->party().Get(branch + 1000).status().code(), StatusCode::kNotFound);
  }
  PartyOrg b = *R()->party().Get(branch);
  b.members = 15;
  b.secretary_name = "李支书";
  ASSERT_OK(W([&](Tx& tx) { return tx.party().Update(b); }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.party().Update(b); }), StatusCode::kConflict);  // stale version
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->party().Get(branch);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->members, 15);
  EXPECT_EQ(got->secretary_name, "李支书");
  EXPECT_EQ(got->version, 2);
}

TEST_P(StorageContractTest, PartyOrgListScopedAndPaginated) {
  ASSERT_OK(W(InsertTree));
  std::vector<int64_t> t1_ids;
  ASSERT_OK(W([&](Tx& tx) {
    int n = 0;
    for (const auto& code : {kU1, kG1, kV1, kG3, kT1, kU3, kG2}) {
      const size_t len = code.size();
      std::string kind = len == 9 ? "street_committee" : len == 12 ? "village_org" : len == 15 ? "grid_branch"
                                                                                                 : "building_group";
      ASSIGN_OR_RETURN(int64_t id, tx.party().Insert(PartyOrg{.place_code = code, .name = "党组织" + std::to_string(++n),
                                                              .kind = kind}));
      t1_ids.push_back(id);
    }
    RETURN_IF_ERROR(tx.party().Insert(PartyOrg{.place_code = kG4, .name = "乡二", .kind = "grid_branch"}).status());
    return tx.party().Insert(PartyOrg{.place_code = kG2, .name = "撤销", .kind = "grid_branch", .retired = true})
        .status();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  // Pages of 2 walk the whole township in (place_code, id) order, without the retired one.
  std::vector<std::string> codes;
  std::set<int64_t> ids;
  PageRequest pr{.after = "", .limit = 2};
  for (int guard = 0; guard < 20; ++guard) {
    auto page = tx->party().List(kT1, pr);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_LE(page->items.size(), 2u);
    for (auto& o : page->items) {
      codes.push_back(o.place_code);
      ids.insert(o.id);
    }
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  EXPECT_EQ(codes, (std::vector<std::string>{kT1, kV1, kG1, kU1, kG2, kU3, kG3}));
  EXPECT_EQ(ids, std::set<int64_t>(t1_ids.begin(), t1_ids.end()));
  auto g1 = tx->party().List(kG1, {.after = "", .limit = 50});
  ASSERT_TRUE(g1.ok());
  EXPECT_EQ(g1->items.size(), 2u);
  auto county = tx->party().List(kCounty, {.after = "", .limit = 50});
  ASSERT_TRUE(county.ok());
  EXPECT_EQ(county->items.size(), 8u);
}

TEST_P(StorageContractTest, PartyOrgGridCoverageFigures) {
  ASSERT_OK(W(InsertTree));
  int64_t g3_branch = 0;
  ASSERT_OK(W([&](Tx& tx) {
    // kG1: a building group at one of its units covers it. kG2: only a village org above it: not covered.
    RETURN_IF_ERROR(tx.party().Insert(PartyOrg{.place_code = kU1, .name = "楼栋党小组", .kind = "building_group"}).status());
    RETURN_IF_ERROR(tx.party().Insert(PartyOrg{.place_code = kV1, .name = "村党总支", .kind = "village_org"}).status());
    // kG2: a member household does not count; a retired branch does not either.
    RETURN_IF_ERROR(tx.party().Insert(PartyOrg{.place_code = kU3, .name = "中心户", .kind = "member_household"}).status());
    RETURN_IF_ERROR(
        tx.party().Insert(PartyOrg{.place_code = kG2, .name = "旧支部", .kind = "grid_branch", .retired = true}).status());
    // kG3: a grid branch.
    ASSIGN_OR_RETURN(g3_branch, tx.party().Insert(PartyOrg{.place_code = kG3, .name = "三网格党支部", .kind = "grid_branch"}));
    // kG4 (township 2): a grid branch.
    return tx.party().Insert(PartyOrg{.place_code = kG4, .name = "四网格党支部", .kind = "grid_branch"}).status();
  }));
  auto pair = [](const GridPartyCoverage& c) { return std::pair<int64_t, int64_t>{c.grids, c.grids_covered}; };
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_EQ(pair(*tx->party().GridCoverage(kCounty)), (std::pair<int64_t, int64_t>{4, 3}));
    EXPECT_EQ(pair(*tx->party().GridCoverage(kT1)), (std::pair<int64_t, int64_t>{3, 2}));
    EXPECT_EQ(pair(*tx->party().GridCoverage(kV1)), (std::pair<int64_t, int64_t>{2, 1}));
    EXPECT_EQ(pair(*tx->party().GridCoverage(kG2)), (std::pair<int64_t, int64_t>{1, 0}));
    EXPECT_EQ(pair(*tx->party().GridCoverage(kU1)), (std::pair<int64_t, int64_t>{0, 0}));
    EXPECT_EQ(pair(*tx->party().GridCoverage("")), (std::pair<int64_t, int64_t>{4, 3}));
  }
  // Retiring the kG3 branch uncovers kG3; retiring grid kG2 removes it from the denominator.
  PartyOrg b = *R()->party().Get(g3_branch);
  b.retired = true;
  ASSERT_OK(W([&](Tx& tx) { return tx.party().Update(b); }));
  Place g2 = *R()->places().Get(kG2);
  g2.retired = true;
  ASSERT_OK(W([&](Tx& tx) { return tx.places().Update(g2); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(pair(*tx->party().GridCoverage(kT1)), (std::pair<int64_t, int64_t>{2, 1}));   // kG1, kG3: kG1
  EXPECT_EQ(pair(*tx->party().GridCoverage(kCounty)), (std::pair<int64_t, int64_t>{3, 2}));  // + kG4
}

TEST_P(StorageContractTest, PartyOrgsMoveWithRekey) {
  ASSERT_OK(W(InsertTree));
  int64_t id = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(id, tx.party().Insert(PartyOrg{.place_code = kU1, .name = "楼栋党小组", .kind = "building_group"}));
    return Status::Ok();
  }));
  const std::string new_grid = "530326002001005";
  ASSERT_OK(W([&](Tx& tx) { return tx.places().Rekey(kG1, new_grid, kV3); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto o = tx->party().Get(id);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->place_code, new_grid + kU1.substr(15));
  EXPECT_EQ(tx->party().GridCoverage(kT2)->grids_covered, 1);
}

// ================================================================ 6. users, departments, sessions

TEST_P(StorageContractTest, UsersAndDepartments) {
  int64_t dept = 0, uid = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(dept, tx.users().InsertDepartment(Department{.code = "gongan", .name = "县公安局", .place_code = kCounty}));
    User u{.username = "zhang.wei", .display_name = "张伟", .role = "grid_worker", .place_code = kG1,
           .department_id = dept, .must_change_password = true};
    ASSIGN_OR_RETURN(uid, tx.users().Insert(u, "$argon2id$fake"));
    return Status::Ok();
  }));
  EXPECT_CODE(W([&](Tx& tx) {
                User u{.username = "zhang.wei", .display_name = "另一个", .role = "grid_worker", .place_code = kG2};
                return tx.users().Insert(u, "x").status();
              }),
              StatusCode::kConflict);
  EXPECT_CODE(W([&](Tx& tx) {
                return tx.users().InsertDepartment(Department{.code = "gongan", .name = "重复", .place_code = kCounty})
                    .status();
              }),
              StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto u = tx->users().GetByName("zhang.wei");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->id, uid);
  EXPECT_EQ(u->display_name, "张伟");
  EXPECT_EQ(u->role, "grid_worker");
  EXPECT_EQ(u->place_code, kG1);
  EXPECT_EQ(u->department_id, std::optional<int64_t>(dept));
  EXPECT_FALSE(u->person_id.has_value());
  EXPECT_TRUE(u->must_change_password);
  EXPECT_FALSE(u->disabled);
  EXPECT_FALSE(u->created_at.empty());
  EXPECT_EQ(*tx->users().PasswordHash(uid), "$argon2id$fake");
  EXPECT_EQ(tx->users().Get(uid)->username, "zhang.wei");
  EXPECT_EQ(tx->users().GetByName("nobody").status().code(), StatusCode::kNotFound);
  auto d = tx->users().GetDepartment(dept);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->code, "gongan");
  EXPECT_EQ(d->name, "县公安局");
  EXPECT_EQ(d->place_code, kCounty);
  auto list = tx->users().List(kT1, {.after = "", .limit = 10});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_TRUE(tx->users().List(kT2, {.after = "", .limit = 10})->items.empty());
  tx.reset();
  ASSERT_OK(W([&](Tx& w) { return w.users().SetPassword(uid, "$argon2id$new", false); }));
  tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->users().PasswordHash(uid), "$argon2id$new");
  EXPECT_FALSE(tx->users().Get(uid)->must_change_password);
}

TEST_P(StorageContractTest, Sessions) {
  int64_t a = 0, b = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(a, tx.users().Insert(User{.username = "alice", .display_name = "A", .role = "system_admin"}, "h"));
    ASSIGN_OR_RETURN(b, tx.users().Insert(User{.username = "bob", .display_name = "B", .role = "system_admin"}, "h"));
    RETURN_IF_ERROR(tx.users().InsertSession(Session{"tokA1", a, 1000, 2000}));
    RETURN_IF_ERROR(tx.users().InsertSession(Session{"tokA2", a, 1001, 2001}));
    return tx.users().InsertSession(Session{"tokB1", b, 1002, 2002});
  }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.users().InsertSession(Session{"tokA1", b, 1, 2}); }), StatusCode::kConflict);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto s = tx->users().GetSession("tokA2");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->token_hash, "tokA2");
    EXPECT_EQ(s->user_id, a);
    EXPECT_EQ(s->created_at, 1001);
    EXPECT_EQ(s->expires_at, 2001);
    EXPECT_EQ(tx->users().GetSession("nope").status().code(), StatusCode::kNotFound);
  }
  ASSERT_OK(W([&](Tx& tx) { return tx.users().DeleteSession("tokA2"); }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_EQ(tx->users().GetSession("tokA2").status().code(), StatusCode::kNotFound);
    EXPECT_TRUE(tx->users().GetSession("tokA1").ok());
  }
  ASSERT_OK(W([&](Tx& tx) { return tx.users().DeleteSessionsOf(a); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->users().GetSession("tokA1").status().code(), StatusCode::kNotFound);
  auto bs = tx->users().GetSession("tokB1");
  ASSERT_TRUE(bs.ok());
  EXPECT_EQ(bs->user_id, b);
}

// ================================================================ 7. audit

TEST_P(StorageContractTest, AuditAppendsAChain) {
  std::vector<AuditEntry> appended;
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(W([&](Tx& tx) {
      for (int j = 0; j < 2; ++j) {  // two per write job
        AuditEntry e;
        RETURN_IF_ERROR(AppendAudit(tx, "person.create", std::to_string(i * 2 + j), i == 1 ? kT2 : kT1, &e));
        appended.push_back(e);
      }
      return Status::Ok();
    }));
  }
  ASSERT_EQ(appended.size(), 6u);
  for (size_t i = 0; i < appended.size(); ++i) {
    EXPECT_EQ(appended[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(appended[i].prev_hash, i == 0 ? "" : appended[i - 1].hash);
    EXPECT_EQ(appended[i].hash, AuditHash(appended[i]));
    EXPECT_FALSE(appended[i].at.empty());
  }
  auto tx = R();
  ASSERT_TRUE(tx);
  auto stored = AllAudit(*tx, "", 4);  // newest first, over two pages
  ASSERT_EQ(stored.size(), 6u);
  for (size_t i = 0; i < stored.size(); ++i) {
    const AuditEntry& want = appended[appended.size() - 1 - i];
    EXPECT_EQ(stored[i].seq, want.seq);
    EXPECT_EQ(stored[i].hash, want.hash);
    EXPECT_EQ(stored[i].prev_hash, want.prev_hash);
    EXPECT_EQ(stored[i].detail, want.detail);
    EXPECT_EQ(stored[i].at, want.at);
    EXPECT_EQ(stored[i].username, "tester");
    EXPECT_EQ(stored[i].user_id, 7);
  }
  EXPECT_EQ(AllAudit(*tx, kT2).size(), 2u);
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->rows_checked, 6);
  EXPECT_EQ(v->first_bad_seq, 0);
}

TEST_P(StorageContractTest, AuditVerifyDetectsATamperedRow) {
  ASSERT_OK(W([&](Tx& tx) {
    for (int i = 1; i <= 6; ++i) RETURN_IF_ERROR(AppendAudit(tx, "person.update", std::to_string(i)));
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_TRUE(tx->audit().Verify()->ok);
  }
  Close();
  factory().tamper_audit(dir_, 3);
  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 3);
  EXPECT_EQ(v->reason, "hash mismatch");
}

TEST_P(StorageContractTest, AuditVerifyDetectsAMissingRow) {
  ASSERT_OK(W([&](Tx& tx) {
    for (int i = 1; i <= 8; ++i) RETURN_IF_ERROR(AppendAudit(tx, "person.update", std::to_string(i)));
    return Status::Ok();
  }));
  Close();
  factory().delete_audit(dir_, 5);
  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 5);
  EXPECT_EQ(v->reason, "missing row");
}

TEST_P(StorageContractTest, AuditAppendsOfARolledBackJobLeaveNoTrace) {
  AuditEntry first, lost, next;
  ASSERT_OK(W([&](Tx& tx) { return AppendAudit(tx, "a", "1", kCounty, &first); }));
  EXPECT_CODE(W([&](Tx& tx) {
                RETURN_IF_ERROR(AppendAudit(tx, "b", "2", kCounty, &lost));
                return InvalidArgument("坏", "bad");
              }),
              StatusCode::kInvalidArgument);
  EXPECT_EQ(lost.seq, 2);
  ASSERT_OK(W([&](Tx& tx) { return AppendAudit(tx, "c", "3", kCounty, &next); }));
  EXPECT_EQ(next.seq, 2);
  EXPECT_EQ(next.prev_hash, first.hash);

  // Again, with the failing job between two good ones that are queued behind a slow job (one commit).
  AuditEntry a, bad, c;
  {
    WriterGate gate(db_.get());
    std::thread ta([&] { EXPECT_OK(W([&](Tx& tx) { return AppendAudit(tx, "a", "4", kCounty, &a); })); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread tb([&] {
      EXPECT_CODE(W([&](Tx& tx) {
                    RETURN_IF_ERROR(AppendAudit(tx, "b", "5", kCounty, &bad));
                    return InvalidArgument("坏", "bad");
                  }),
                  StatusCode::kInvalidArgument);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread tc([&] { EXPECT_OK(W([&](Tx& tx) { return AppendAudit(tx, "c", "6", kCounty, &c); })); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gate.Open();
    ta.join();
    tb.join();
    tc.join();
  }
  EXPECT_EQ(a.seq, 3);
  EXPECT_EQ(a.prev_hash, next.hash);
  EXPECT_EQ(c.seq, 4);
  EXPECT_EQ(c.prev_hash, a.hash);

  auto tx = R();
  ASSERT_TRUE(tx);
  auto all = AllAudit(*tx);
  ASSERT_EQ(all.size(), 4u);
  std::vector<std::string> actions;
  for (auto& e : all) actions.push_back(e.action);
  EXPECT_THAT(actions, ElementsAre("c", "a", "c", "a"));
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
  EXPECT_EQ(v->rows_checked, 4);
}

// ================================================================ 8. group commit

TEST_P(StorageContractTest, GroupCommitManyWritersAllDurable) {
  ASSERT_OK(W(InsertTree));
  WriterStats before = db_->Stats();
  constexpr int kThreads = 64, kWrites = 20;
  const std::vector<std::string> units = {kU1, kU2, kU3, kU4, kU5};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        std::string no = "G" + std::to_string(t) + "-" + std::to_string(i);
        Status st = W([&](Tx& tx) -> Status {
          ASSIGN_OR_RETURN(int64_t id, tx.people().InsertHousehold(MakeHousehold(units[(t + i) % units.size()], no)));
          return AppendAudit(tx, "household.create", std::to_string(id));
        });
        if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << no << ": " << st.ToString();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  WriterStats after = db_->Stats();
  const int64_t jobs = after.jobs - before.jobs;
  const int64_t batches = after.batches - before.batches;
  EXPECT_EQ(jobs, kThreads * kWrites);
  EXPECT_LT(batches, jobs) << "no group commit happened";
  EXPECT_GT(batches, 0);
  EXPECT_EQ(after.failed_jobs, before.failed_jobs);
  ASSERT_EQ(after.batch_size_histogram.size(), 7u);
  int64_t hist_total = 0;
  for (int64_t n : after.batch_size_histogram) hist_total += n;
  EXPECT_EQ(hist_total, after.batches);
  int64_t multi = hist_total - after.batch_size_histogram[0];
  EXPECT_GT(multi, 0) << "no batch held more than one job";

  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(FlatCounts(*tx, "")["households"], kThreads * kWrites);
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kWrites; ++i) {
      std::string no = "G" + std::to_string(t) + "-" + std::to_string(i);
      auto id = tx->people().FindHouseholdByNo(no);
      ASSERT_TRUE(id.ok());
      EXPECT_TRUE(id->has_value()) << no << " lost";
    }
  std::set<int64_t> ids;
  PageRequest pr{.after = "", .limit = 100};
  for (int guard = 0; guard < 1000; ++guard) {
    auto page = tx->people().Households("", pr);
    ASSERT_TRUE(page.ok());
    for (auto& h : page->items) EXPECT_TRUE(ids.insert(h.id).second);
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kWrites));
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
  EXPECT_EQ(v->rows_checked, kThreads * kWrites);
}

TEST_P(StorageContractTest, GroupCommitFailingJobLeavesNoTrace) {
  ASSERT_OK(W(InsertTree));
  WriterStats before = db_->Stats();
  constexpr int kGood = 24;
  std::vector<std::thread> threads;
  Status bad_status;
  {
    WriterGate gate(db_.get());
    auto good = [&](int i) {
      return [&, i] {
        EXPECT_OK(W([&, i](Tx& tx) -> Status {
          std::string no = "OK" + std::to_string(i);
          ASSIGN_OR_RETURN(int64_t id, tx.people().InsertHousehold(MakeHousehold(kU1, no)));
          RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(i, kU1, id, "好" + std::to_string(i), {"dibao"})).status());
          return AppendAudit(tx, "household.create", no);
        }));
      };
    };
    for (int i = 0; i < kGood / 2; ++i) threads.emplace_back(good(i));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    threads.emplace_back([&] {
      bad_status = W([&](Tx& tx) -> Status {
        ASSIGN_OR_RETURN(int64_t id, tx.people().InsertHousehold(MakeHousehold(kU2, "BAD")));
        RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(999, kU2, id, "坏人", {"tekun"})).status());
        RETURN_IF_ERROR(tx.places().Insert(MakePlace("530326002001009")));
        tx.places().AddCount(kU2, "people", 100);
        RETURN_IF_ERROR(AppendAudit(tx, "household.create", "BAD"));
        return InvalidArgument("无效", "invalid on purpose");
      });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (int i = kGood / 2; i < kGood; ++i) threads.emplace_back(good(i));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gate.Open();
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(bad_status.code(), StatusCode::kInvalidArgument) << bad_status.ToString();
  WriterStats after = db_->Stats();
  EXPECT_EQ(after.failed_jobs - before.failed_jobs, 1);
  EXPECT_EQ(after.jobs - before.jobs, kGood + 2);
  EXPECT_LT(after.batches - before.batches, after.jobs - before.jobs) << "the queued jobs should have shared a commit";

  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_FALSE(tx->people().FindHouseholdByNo("BAD")->has_value());
  EXPECT_FALSE(tx->people().FindPersonByCidHash(CidHash(999))->has_value());
  EXPECT_EQ(tx->places().Get("530326002001009").status().code(), StatusCode::kNotFound);
  for (int i = 0; i < kGood; ++i)
    EXPECT_TRUE(tx->people().FindHouseholdByNo("OK" + std::to_string(i))->has_value()) << i;
  EXPECT_EQ(FlatCounts(*tx, kU2), (Flat{{"units", 1}}));
  EXPECT_EQ(FlatCounts(*tx, kU1), (Flat{{"households", kGood}, {"people", kGood}, {"tag:dibao", kGood}, {"units", 1}}));
  EXPECT_EQ(FlatCounts(*tx, ""), (Flat{{"households", kGood}, {"people", kGood}, {"tag:dibao", kGood}, {"grids", 4},
                                      {"units", 5}}));
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
  EXPECT_EQ(v->rows_checked, kGood);
  for (auto& e : AllAudit(*tx)) EXPECT_NE(e.entity_id, "BAD");
}

TEST_P(StorageContractTest, GroupCommitThrowingJobIsInternalAndLeavesNoTrace) {
  ASSERT_OK(W(InsertTree));
  Status thrown, ok_before, ok_after;
  {
    WriterGate gate(db_.get());
    std::thread a([&] {
      ok_before = W([](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "BEFORE")).status());
        return AppendAudit(tx, "x", "before");
      });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread b([&] {
      thrown = W([](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "THROWN")).status());
        RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(5, kU1, std::nullopt, "异常")).status());
        RETURN_IF_ERROR(AppendAudit(tx, "x", "thrown"));
        throw std::runtime_error("boom");
      });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread c([&] {
      ok_after = W([](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "AFTER")).status());
        return AppendAudit(tx, "x", "after");
      });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gate.Open();
    a.join();
    b.join();
    c.join();
  }
  EXPECT_EQ(thrown.code(), StatusCode::kInternal) << thrown.ToString();
  EXPECT_OK(ok_before);
  EXPECT_OK(ok_after);
  // The writer survives: a later write works.
  ASSERT_OK(W([](Tx& tx) { return tx.people().InsertHousehold(MakeHousehold(kU1, "LATER")).status(); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_FALSE(tx->people().FindHouseholdByNo("THROWN")->has_value());
  EXPECT_FALSE(tx->people().FindPersonByCidHash(CidHash(5))->has_value());
  EXPECT_TRUE(tx->people().FindHouseholdByNo("BEFORE")->has_value());
  EXPECT_TRUE(tx->people().FindHouseholdByNo("AFTER")->has_value());
  EXPECT_TRUE(tx->people().FindHouseholdByNo("LATER")->has_value());
  EXPECT_EQ(FlatCounts(*tx, kU1), (Flat{{"households", 3}, {"units", 1}}));
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->rows_checked, 2);
}

// ================================================================ 9. read snapshots

TEST_P(StorageContractTest, ReadSnapshotDoesNotSeeLaterWrites) {
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(InsertTree(tx));
    return tx.people().InsertPerson(MakePerson(1, kU1, std::nullopt, "旧")).status();
  }));
  auto untouched = R();  // opened, nothing read yet
  ASSERT_TRUE(untouched);
  auto touched = R();  // opened and already read from
  ASSERT_TRUE(touched);
  ASSERT_TRUE(touched->places().Get(kG1).ok());

  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.places().Insert(MakePlace("530326001001003", "新网格")));
    ASSIGN_OR_RETURN(Place g, tx.places().Get(kG1));
    g.name = "改名";
    RETURN_IF_ERROR(tx.places().Update(g));
    return tx.people().InsertPerson(MakePerson(2, kU1, std::nullopt, "新")).status();
  }));

  for (Tx* old : {untouched.get(), touched.get()}) {
    EXPECT_EQ(old->places().Get("530326001001003").status().code(), StatusCode::kNotFound);
    EXPECT_EQ(old->places().Get(kG1)->name, "地点" + kG1);
    EXPECT_EQ(old->places().Get(kG1)->version, 1);
    EXPECT_EQ(*old->people().CountPeople(""), 1);
    EXPECT_EQ(FlatCounts(*old, kU1)["people"], 1);
    EXPECT_EQ(FlatCounts(*old, "")["grids"], 4);
  }
  auto fresh = R();
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(fresh->places().Get("530326001001003").ok());
  EXPECT_EQ(fresh->places().Get(kG1)->name, "改名");
  EXPECT_EQ(*fresh->people().CountPeople(""), 2);
  EXPECT_EQ(FlatCounts(*fresh, kU1)["people"], 2);
  EXPECT_EQ(FlatCounts(*fresh, "")["grids"], 5);
}

TEST_P(StorageContractTest, WritesThroughAReadTxFail) {
  ASSERT_OK(W(InsertTree));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_CODE(tx->places().Insert(MakePlace("530326001001003")), StatusCode::kInternal);
    EXPECT_CODE(tx->people().InsertHousehold(MakeHousehold(kU1, "RO")).status(), StatusCode::kInternal);
  }
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->places().Get("530326001001003").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(tx->people().FindHouseholdByNo("RO")->has_value());
}

// ================================================================ 10. backup

TEST_P(StorageContractTest, BackupDuringWritesIsConsistent) {
  ASSERT_OK(W(InsertTree));
  // Make the database big enough (~40 MB) that a backup cannot copy it in one small step: villages with large
  // boundaries (they carry no counters).
  const std::string boundary(512 * 1024, ' ');
  for (int j = 0; j < 4; ++j) {
    ASSERT_OK(W([&](Tx& tx) {
      for (int i = 0; i < 20; ++i) {
        Place v = MakePlace(*ChildCode(kT2, 10 + j * 20 + i));
        v.boundary = R"({"type":"Polygon","coordinates":[]})" + boundary;
        RETURN_IF_ERROR(tx.places().Insert(v));
      }
      return Status::Ok();
    }));
  }
  const std::vector<std::string> units = {kU1, kU2, kU3, kU4, kU5};
  std::atomic<int> next{1};
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  // Each job: a person with a tag, a household and an audit row naming the person, so any committed state has
  // people == households == audit rows and the audit rows name exactly the people.
  auto writer = [&] {
    while (!stop.load()) {
      int n = next++;
      Status st = W([&](Tx& tx) -> Status {
        const std::string& u = units[n % units.size()];
        ASSIGN_OR_RETURN(int64_t hh, tx.people().InsertHousehold(MakeHousehold(u)));
        ASSIGN_OR_RETURN(int64_t id, tx.people().InsertPerson(MakePerson(n, u, hh, "备" + std::to_string(n), {"dibao"})));
        return AppendAudit(tx, "person.create", std::to_string(id), u);
      });
      EXPECT_OK(st);
      if (st.ok()) ++written;
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back(writer);
  while (written.load() < 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const std::string backup_dir = dir_ + "/backup";
  std::filesystem::create_directory(backup_dir);
  // The backup must finish while the writers keep going; if it has not after 20 s the writers are stopped
  // (so the test ends) and the test fails.
  Status backup;
  std::atomic<bool> backup_done{false};
  std::thread backup_thread([&] {
    backup = db_->Backup(factory().backup_path(backup_dir));
    backup_done = true;
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!backup_done.load() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const bool finished_under_load = backup_done.load();
  const int at_backup_end = written.load();
  if (finished_under_load) {
    while (written.load() < at_backup_end + 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop = true;
  for (auto& t : threads) t.join();
  backup_thread.join();
  EXPECT_TRUE(finished_under_load) << "Backup() did not finish within 20 s while writes went on (" << at_backup_end
                                   << " writes)";
  ASSERT_OK(backup);
  const int total = written.load();

  auto copy = factory().open(backup_dir);
  ASSERT_NE(copy, nullptr);
  {
    auto r = copy->Read();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    Tx& tx = **r;
    auto people = SearchAll(tx, {.scope = "", .page = {.after = "", .limit = 500}});
    const int64_t n = static_cast<int64_t>(people.size());
    EXPECT_GE(n, 50);
    EXPECT_LE(n, total);
    EXPECT_EQ(*tx.people().CountPeople(""), n);
    EXPECT_EQ(FlatCounts(tx, ""), (Flat{{"households", n}, {"people", n}, {"tag:dibao", n}, {"grids", 4}, {"units", 5}}));
    auto v = tx.audit().Verify();
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
    EXPECT_EQ(v->rows_checked, n);
    std::set<std::string> audited, person_ids;
    for (auto& e : AllAudit(tx)) audited.insert(e.entity_id);
    for (int64_t id : people) person_ids.insert(std::to_string(id));
    EXPECT_EQ(audited, person_ids);
  }
  // The copy is a working database: it takes writes and continues the chain.
  AuditEntry e;
  ASSERT_OK(copy->Write([&](Tx& tx) { return AppendAudit(tx, "restore.check", "0", kCounty, &e); }));
  {
    auto r = copy->Read();
    ASSERT_TRUE(r.ok());
    auto v = (*r)->audit().Verify();
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->ok);
    EXPECT_EQ(v->rows_checked, e.seq);
  }
  copy.reset();
  // The original has everything.
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->people().CountPeople(""), total);
  EXPECT_EQ(tx->audit().Verify()->rows_checked, total);
}

// ================================================================ 11. work orders

// Day numbers and instants of the orders below: 2025-01-01 00:00 China time and on.
const int32_t kDay0 = 20089;  // 2025-01-01
int64_t DayAt(int32_t day, int64_t seconds = 0) { return cal::DayStart(day) + seconds; }

// An order with every field set (optional ones too).
order::Order FullOrder() {
  order::Order o;
  o.kind = order::Kind::kEvent;
  o.state = order::State::kHandling;
  o.category = "0102";
  o.urgency = 2;
  o.channel = "patrol";
  o.title = "井盖缺失";
  o.description = "人民路 12 号门口井盖缺失，夜间有安全隐患";
  o.address = "人民路 12 号";
  o.lat = 25.491234;
  o.lon = 103.786543;
  o.place_code = kG1;
  o.reporter_user_id = 7;
  o.reporter_name_enc = std::string("\x01\x00\xffname", 7);
  o.reporter_phone_enc = std::string("\x02\x00\xfephone", 8);
  o.reporter_name_masked = "张*";
  o.reporter_phone_masked = "138****1234";
  o.command_place = kT1;
  o.assignee_dept = 3;
  o.assignee_place = kV1;
  o.handler_user_id = 9;
  o.received_at = DayAt(kDay0, 36000);
  o.accept_due = o.received_at + 7200;
  o.responded_at = o.received_at + 600;
  o.accepted_at = o.received_at + 600;
  o.phase_start = o.received_at + 600;
  o.handle_due = o.received_at + 5 * 86400;
  o.finished_at = o.received_at + 4000;
  o.verified_at = o.received_at + 5000;
  o.closed_at = o.received_at + 6000;
  o.alarm_at = o.received_at + 4 * 86400;
  o.warn = 1;
  o.accept_late = true;
  o.handle_late = true;
  o.ever_dispatched = true;
  o.ever_finished = true;
  o.ext_pending_days = 3;
  o.extensions = 1;
  o.return_count = 2;
  o.reopen_count = 1;
  o.escalate_count = 1;
  o.supervise_count = 2;
  o.supervise_level = 3;
  o.rating = 2;
  o.tier = "village";
  o.merged_into = 42;
  o.version = 5;
  o.updated_at = o.received_at + 7000;
  return o;
}

// Compares every stored field (the plaintext reporter members are never stored).
void ExpectSameOrder(const order::Order& got, const order::Order& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.state, want.state);
  EXPECT_EQ(got.category, want.category);
  EXPECT_EQ(got.urgency, want.urgency);
  EXPECT_EQ(got.channel, want.channel);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.address, want.address);
  EXPECT_EQ(got.lat, want.lat);
  EXPECT_EQ(got.lon, want.lon);
  EXPECT_EQ(got.place_code, want.place_code);
  EXPECT_EQ(got.reporter_user_id, want.reporter_user_id);
  EXPECT_EQ(got.reporter_name_enc, want.reporter_name_enc);
  EXPECT_EQ(got.reporter_phone_enc, want.reporter_phone_enc);
  EXPECT_EQ(got.reporter_name_masked, want.reporter_name_masked);
  EXPECT_EQ(got.reporter_phone_masked, want.reporter_phone_masked);
  EXPECT_TRUE(got.reporter_name.empty());
  EXPECT_TRUE(got.reporter_phone.empty());
  EXPECT_EQ(got.command_place, want.command_place);
  EXPECT_EQ(got.assignee_dept, want.assignee_dept);
  EXPECT_EQ(got.assignee_place, want.assignee_place);
  EXPECT_EQ(got.handler_user_id, want.handler_user_id);
  EXPECT_EQ(got.received_at, want.received_at);
  EXPECT_EQ(got.accept_due, want.accept_due);
  EXPECT_EQ(got.responded_at, want.responded_at);
  EXPECT_EQ(got.accepted_at, want.accepted_at);
  EXPECT_EQ(got.phase_start, want.phase_start);
  EXPECT_EQ(got.handle_due, want.handle_due);
  EXPECT_EQ(got.finished_at, want.finished_at);
  EXPECT_EQ(got.verified_at, want.verified_at);
  EXPECT_EQ(got.closed_at, want.closed_at);
  EXPECT_EQ(got.alarm_at, want.alarm_at);
  EXPECT_EQ(got.warn, want.warn);
  EXPECT_EQ(got.accept_late, want.accept_late);
  EXPECT_EQ(got.handle_late, want.handle_late);
  EXPECT_EQ(got.ever_dispatched, want.ever_dispatched);
  EXPECT_EQ(got.ever_finished, want.ever_finished);
  EXPECT_EQ(got.ext_pending_days, want.ext_pending_days);
  EXPECT_EQ(got.extensions, want.extensions);
  EXPECT_EQ(got.return_count, want.return_count);
  EXPECT_EQ(got.reopen_count, want.reopen_count);
  EXPECT_EQ(got.escalate_count, want.escalate_count);
  EXPECT_EQ(got.supervise_count, want.supervise_count);
  EXPECT_EQ(got.supervise_level, want.supervise_level);
  EXPECT_EQ(got.rating, want.rating);
  EXPECT_EQ(got.tier, want.tier);
  EXPECT_EQ(got.merged_into, want.merged_into);
  EXPECT_EQ(got.version, want.version);
  EXPECT_EQ(got.updated_at, want.updated_at);
}

// A minimal order at `place` received at `at`.
order::Order SimpleOrder(const std::string& place, int64_t at, const std::string& category = "0101",
                         order::State state = order::State::kReported) {
  order::Order o;
  o.state = state;
  o.category = category;
  o.channel = "web";
  o.title = "测试工单";
  o.place_code = place;
  o.command_place = order::CommandPlaceFor(place);
  o.received_at = at;
  o.accept_due = at + 7200;
  o.updated_at = at;
  return o;
}

std::vector<int64_t> Ids(const std::vector<order::Order>& v) {
  std::vector<int64_t> out;
  for (auto& o : v) out.push_back(o.id);
  return out;
}

// Pages through a List and returns the ids, checking that no id repeats and no page is empty but the last.
std::vector<int64_t> ListAll(Tx& tx, OrderQuery q, int* pages = nullptr) {
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  int n = 0;
  for (int guard = 0; guard < 10000; ++guard) {
    auto page = tx.orders().List(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    ++n;
    for (auto& o : page->items) {
      EXPECT_TRUE(seen.insert(o.id).second) << "order " << o.id << " repeated on page " << n;
      ids.push_back(o.id);
    }
    if (page->next.empty()) break;
    EXPECT_FALSE(page->items.empty()) << "an empty page with a next cursor";
    q.page.after = page->next;
  }
  if (pages) *pages = n;
  return ids;
}

TEST_P(StorageContractTest, OrderInsertGetUpdateRoundTripsEveryField) {
  order::Order full = FullOrder();
  order::Order bare = SimpleOrder(kV2, DayAt(kDay0, 100));  // optional members unset, blobs empty
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(full.id, tx.orders().Insert(full));
    ASSIGN_OR_RETURN(bare.id, tx.orders().Insert(bare));
    return Status::Ok();
  }));
  EXPECT_GT(full.id, 0);
  EXPECT_NE(full.id, bare.id);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->orders().Get(full.id);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectSameOrder(*got, full);
    auto got_bare = tx->orders().Get(bare.id);
    ASSERT_TRUE(got_bare.ok());
    ExpectSameOrder(*got_bare, bare);
    EXPECT_FALSE(got_bare->lat.has_value());
    EXPECT_FALSE(got_bare->assignee_dept.has_value());
    EXPECT_FALSE(got_bare->handler_user_id.has_value());
    EXPECT_FALSE(got_bare->merged_into.has_value());
    EXPECT_EQ(tx->orders().Get(full.id + bare.id + 100).status().code(), StatusCode::kNotFound);
  }
  // Update writes every field (and clears the optional ones) and bumps the version.
  order::Order changed = bare;
  changed.id = full.id;
  changed.version = full.version;
  changed.lat = -33.8688197;
  changed.lon = 151.2092955;
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().Update(changed); }));
  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->orders().Get(full.id);
  ASSERT_TRUE(got.ok());
  order::Order want = changed;
  want.version = full.version + 1;
  ExpectSameOrder(*got, want);
  EXPECT_EQ(got->lat, std::optional<double>(-33.8688197));
}

TEST_P(StorageContractTest, OrderUpdateRejectsStaleVersionAndMissingIds) {
  order::Order o = SimpleOrder(kG1, DayAt(kDay0, 100));
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().Insert(o).status(); }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto page = tx->orders().List({});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    o = page->items[0];
  }
  EXPECT_EQ(o.version, 1);
  order::Order a = o, b = o;
  a.title = "甲改";
  b.title = "乙改";
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().Update(a); }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().Update(b); }), StatusCode::kConflict);
  order::Order missing = o;
  missing.id = o.id + 1000;
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().Update(missing); }), StatusCode::kNotFound);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->orders().Get(o.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "甲改");
  EXPECT_EQ(got->version, 2);
}

// A random order for the list and roll-up tests: any state, flags, counts and dates; deadlines and closing
// times are coarse so that ties exercise the id tie-break.
order::Order RandomOrder(std::mt19937& rng, int days) {
  static const std::vector<std::string> kPlaces = {kCounty, kT1, kT2, kV1, kV2, kV3, kG1, kG2, kG3, kG4, kU1, kU3};
  static const std::vector<std::string> kCats = {"01", "0101", "0102", "02", "0201", "12", "1203"};
  static const std::vector<std::string> kTiers = {"", "grid", "village", "township", "county", "department"};
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto coin = [&] { return rng() % 2 == 0; };
  order::Order o;
  o.kind = static_cast<order::Kind>(pick(4) == 0 ? 1 : 0);  // a second kind exercises the kind filter
  o.state = static_cast<order::State>(pick(order::kStateCount));
  o.category = kCats[static_cast<size_t>(pick(static_cast<int>(kCats.size())))];
  o.urgency = 1 + pick(3);
  o.channel = coin() ? "patrol" : "hotline";
  o.title = "随机工单";
  o.place_code = kPlaces[static_cast<size_t>(pick(static_cast<int>(kPlaces.size())))];
  o.command_place = order::CommandPlaceFor(o.place_code);
  o.reporter_user_id = pick(3) == 0 ? 0 : 11 + pick(2);
  if (pick(3) != 0) o.assignee_dept = 1 + pick(3);
  if (pick(2) == 0) o.handler_user_id = 21 + pick(3);
  o.received_at = DayAt(kDay0) + static_cast<int64_t>(rng() % static_cast<unsigned>(days * 86400));
  o.accept_due = pick(8) == 0 ? 0 : DayAt(kDay0) + 3600 * pick(24 * 30);
  o.responded_at = coin() ? o.received_at + pick(20000) : 0;
  o.accepted_at = coin() ? o.received_at + pick(20000) : 0;
  o.phase_start = o.accepted_at;
  o.handle_due = pick(8) == 0 ? 0 : DayAt(kDay0) + 3600 * pick(24 * 30);
  o.finished_at = coin() ? o.received_at + pick(900000) : 0;
  o.verified_at = coin() ? o.finished_at + 100 : 0;
  o.closed_at = o.state == order::State::kClosed ? DayAt(kDay0) + 86400 * pick(400) : 0;
  o.alarm_at = coin() ? DayAt(kDay0) + 600 * pick(1000) : 0;
  o.warn = pick(3);
  o.accept_late = coin();
  o.handle_late = coin();
  o.ever_dispatched = coin();
  o.ever_finished = coin();
  o.return_count = pick(3);
  o.reopen_count = pick(2);
  o.supervise_count = pick(2);
  o.rating = pick(4);
  o.tier = kTiers[static_cast<size_t>(pick(static_cast<int>(kTiers.size())))];
  o.updated_at = o.received_at;
  return o;
}

// What List must return for `q` (the contract of OrderQuery), in order.
std::vector<int64_t> ExpectedList(const std::vector<order::Order>& orders,
                                  const std::set<std::pair<int64_t, int64_t>>& callins, const OrderQuery& q) {
  std::vector<const order::Order*> hit;
  for (const auto& o : orders) {
    if (q.dept) {
      if (o.assignee_dept != q.dept && !callins.count({o.id, *q.dept})) continue;
    } else if (!q.reporter && o.place_code.rfind(q.scope, 0) != 0) {
      continue;
    }
    if (q.reporter && o.reporter_user_id != *q.reporter) continue;
    if (q.handler && o.handler_user_id != q.handler) continue;
    if (q.state && o.state != *q.state) continue;
    if (q.open_only && !order::IsOpen(o.state)) continue;
    if (q.overdue_only && !(order::IsOpen(o.state) && o.warn == 2)) continue;
    if (o.warn < q.min_warn) continue;
    if (o.category.rfind(q.category, 0) != 0) continue;
    if (q.received_from && o.received_at < q.received_from) continue;
    if (q.received_to && o.received_at >= q.received_to) continue;
    if (q.sort == "deadline" && order::CurrentDeadline(o) == 0) continue;
    if (q.sort == "closed" && o.state != order::State::kClosed) continue;
    hit.push_back(&o);
  }
  std::sort(hit.begin(), hit.end(), [&](const order::Order* a, const order::Order* b) {
    if (q.sort == "deadline")
      return std::make_pair(order::CurrentDeadline(*a), a->id) < std::make_pair(order::CurrentDeadline(*b), b->id);
    if (q.sort == "closed") return std::make_pair(a->closed_at, a->id) > std::make_pair(b->closed_at, b->id);
    return a->id > b->id;
  });
  std::vector<int64_t> ids;
  for (auto* o : hit) ids.push_back(o->id);
  return ids;
}

TEST_P(StorageContractTest, OrderListFiltersSortsAndPaginates) {
  std::mt19937 rng(20250101);
  std::vector<order::Order> orders;
  std::set<std::pair<int64_t, int64_t>> callins;
  ASSERT_OK(W([&](Tx& tx) {
    for (int i = 0; i < 240; ++i) {
      order::Order o = RandomOrder(rng, 60);
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
      orders.push_back(o);
      if (rng() % 6 == 0) {  // 吹哨: a department called in, sometimes the assigned one itself
        int64_t dept = 1 + static_cast<int64_t>(rng() % 3);
        RETURN_IF_ERROR(tx.orders().InsertCallin(OrderCallin{o.id, dept, o.received_at, o.received_at + 3600}));
        callins.insert({o.id, dept});
      }
    }
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  std::vector<OrderQuery> access = {
      {.scope = ""},       {.scope = kCounty},       {.scope = kT1},           {.scope = kV1},
      {.scope = kG1},      {.scope = kU1},           {.scope = "530327"},      {.dept = 1},
      {.dept = 3},         {.scope = kT2, .dept = 2},  // scope ignored for a department
      {.reporter = 11},    {.scope = kT1, .reporter = 12},
      {.handler = 21},     {.scope = kT1, .handler = 22},
      {.dept = 2, .reporter = 11},
  };
  std::vector<std::function<void(OrderQuery&)>> filters = {
      [](OrderQuery&) {},
      [](OrderQuery& q) { q.state = order::State::kHandling; },
      [](OrderQuery& q) { q.state = order::State::kClosed; },
      [](OrderQuery& q) { q.open_only = true; },
      [](OrderQuery& q) { q.overdue_only = true; },
      [](OrderQuery& q) { q.min_warn = 1; },
      [](OrderQuery& q) { q.category = "01"; },
      [](OrderQuery& q) { q.category = "0102"; },
      [](OrderQuery& q) { q.received_from = DayAt(kDay0 + 10); },
      [](OrderQuery& q) {
        q.received_from = DayAt(kDay0 + 5);
        q.received_to = DayAt(kDay0 + 30);
        q.category = "0";
        q.min_warn = 1;
      },
  };
  int checked = 0, multi_page = 0;
  for (const std::string sort : {"newest", "deadline", "closed"}) {
    for (const auto& base : access) {
      for (const auto& f : filters) {
        OrderQuery q = base;
        f(q);
        q.sort = sort;
        q.page.limit = 4;
        int pages = 0;
        auto got = ListAll(*tx, q, &pages);
        auto want = ExpectedList(orders, callins, q);
        ASSERT_EQ(got, want) << "sort " << sort << " scope '" << q.scope << "' dept " << q.dept.value_or(0)
                             << " reporter " << q.reporter.value_or(0) << " handler " << q.handler.value_or(0)
                             << " filter #" << (&f - filters.data());
        ++checked;
        if (pages > 2) ++multi_page;
      }
    }
  }
  EXPECT_EQ(checked, 3 * 15 * 10);
  EXPECT_GT(multi_page, 100) << "the data should make most lists span several pages";
  // One big page equals the paged result.
  OrderQuery all{.page = {.after = "", .limit = 1000}};
  auto one = tx->orders().List(all);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(Ids(one->items), ExpectedList(orders, callins, all));
  EXPECT_TRUE(one->next.empty());
  EXPECT_EQ(tx->orders().List({.sort = "oldest"}).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StorageContractTest, OrderNearbyFindsTheCategoryInTheBoxAndWindow) {
  auto at = [](double lat, double lon, int64_t t, const std::string& cat = "0101") {
    order::Order o = SimpleOrder(kG1, t, cat);
    o.lat = lat;
    o.lon = lon;
    return o;
  };
  const int64_t t0 = DayAt(kDay0);
  std::vector<order::Order> orders = {
      at(25.4900, 103.7800, t0 + 100),            // 0 inside
      at(25.4950, 103.7850, t0 + 200),            // 1 inside
      at(25.5200, 103.7800, t0 + 300),            // 2 north of the box
      at(25.4900, 103.7500, t0 + 400),            // 3 west of the box
      at(25.4910, 103.7810, t0 + 500, "0102"),    // 4 other category
      at(25.4920, 103.7820, t0 - 100),            // 5 before the window
      at(25.4930, 103.7830, t0 + 86400),          // 6 at the window's end (exclusive)
      SimpleOrder(kG1, t0 + 600),                 // 7 no coordinates
  };
  ASSERT_OK(W([&](Tx& tx) {
    for (auto& o : orders) {
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
    }
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->orders().Nearby("0101", t0, t0 + 86400, 25.48, 25.50, 103.77, 103.79, 10);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_THAT(Ids(*got), UnorderedElementsAreArray({orders[0].id, orders[1].id}));
  auto one = tx->orders().Nearby("0101", t0, t0 + 86400, 25.48, 25.50, 103.77, 103.79, 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  EXPECT_TRUE(tx->orders().Nearby("0103", t0, t0 + 86400, 25.48, 25.50, 103.77, 103.79, 10)->empty());
}

TEST_P(StorageContractTest, OrderDueAlarmsAndNextAlarm) {
  const int64_t t0 = DayAt(kDay0);
  std::vector<order::Order> orders;
  for (int64_t alarm : {0, 300, 100, 200, 100}) {
    order::Order o = SimpleOrder(kG1, t0);
    o.alarm_at = alarm == 0 ? 0 : t0 + alarm;
    orders.push_back(o);
  }
  orders[3].state = order::State::kClosed;  // not open: never due
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto none = tx->orders().NextAlarm();
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
  }
  ASSERT_OK(W([&](Tx& tx) {
    for (auto& o : orders) {
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
    }
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_EQ(*tx->orders().NextAlarm(), std::optional<int64_t>(t0 + 100));
    auto due = tx->orders().DueAlarms(t0 + 250, 10);
    ASSERT_TRUE(due.ok());
    EXPECT_THAT(Ids(*due), ElementsAre(orders[2].id, orders[4].id));  // oldest alarm first, then id
    EXPECT_THAT(Ids(*tx->orders().DueAlarms(t0 + 1000, 1)), ElementsAre(orders[2].id));
    EXPECT_TRUE(tx->orders().DueAlarms(t0 + 99, 10)->empty());
  }
  // The scheduler fires the first two: their alarms move on or clear.
  ASSERT_OK(W([&](Tx& tx) {
    orders[2].alarm_at = 0;
    orders[4].alarm_at = t0 + 400;
    RETURN_IF_ERROR(tx.orders().Update(orders[2]));
    return tx.orders().Update(orders[4]);
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->orders().NextAlarm(), std::optional<int64_t>(t0 + 300));
  EXPECT_THAT(Ids(*tx->orders().DueAlarms(t0 + 1000, 10)), ElementsAre(orders[1].id, orders[4].id));
}

TEST_P(StorageContractTest, OrderOpen311Tokens) {
  int64_t a = 0, b = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(a, tx.orders().Insert(SimpleOrder(kG1, DayAt(kDay0))));
    ASSIGN_OR_RETURN(b, tx.orders().Insert(SimpleOrder(kG2, DayAt(kDay0))));
    return tx.orders().SetToken(a, "tok-a");
  }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().SetToken(b, "tok-a"); }), StatusCode::kConflict);
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().SetToken(a + b + 10, "tok-x"); }), StatusCode::kNotFound);
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().SetToken(b, "tok-b"); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->orders().FindByToken("tok-a"), std::optional<int64_t>(a));
  EXPECT_EQ(*tx->orders().FindByToken("tok-b"), std::optional<int64_t>(b));
  EXPECT_FALSE(tx->orders().FindByToken("tok-x")->has_value());
  EXPECT_FALSE(tx->orders().FindByToken("")->has_value());
}

TEST_P(StorageContractTest, OrderEventsKeepTheirOrder) {
  int64_t a = 0, b = 0;
  std::vector<OrderEvent> appended;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(a, tx.orders().Insert(SimpleOrder(kG1, DayAt(kDay0))));
    ASSIGN_OR_RETURN(b, tx.orders().Insert(SimpleOrder(kG2, DayAt(kDay0))));
    const char* actions[] = {"report", "accept", "dispatch", "claim", "finish"};
    for (int i = 0; i < 5; ++i) {
      OrderEvent e{.order_id = i % 2 == 0 ? a : b, .at = DayAt(kDay0, 100 - i), .action = actions[i],
                   .from_state = i == 0 ? -1 : i - 1, .to_state = i, .user_id = 10 + i, .user_name = "用户",
                   .role = "grid_worker", .reason = i == 3 ? "原因" : "", .note = "备注", .data = ""};
      if (i == 2) e.data = R"({"target":{"dept":3}})";
      RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
      appended.push_back(e);
    }
    return Status::Ok();
  }));
  for (auto& e : appended) EXPECT_GT(e.id, 0);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto ea = tx->orders().Events(a);
  ASSERT_TRUE(ea.ok());
  ASSERT_EQ(ea->size(), 3u);
  std::vector<std::string> actions;
  for (auto& e : *ea) actions.push_back(e.action);
  EXPECT_THAT(actions, ElementsAre("report", "dispatch", "finish"));  // append order, not time order
  const OrderEvent& d = (*ea)[1];
  EXPECT_EQ(d.id, appended[2].id);
  EXPECT_EQ(d.order_id, a);
  EXPECT_EQ(d.at, DayAt(kDay0, 98));
  EXPECT_EQ(d.from_state, 1);
  EXPECT_EQ(d.to_state, 2);
  EXPECT_EQ(d.user_id, 12);
  EXPECT_EQ(d.user_name, "用户");
  EXPECT_EQ(d.role, "grid_worker");
  EXPECT_EQ(d.note, "备注");
  EXPECT_EQ(d.data, R"({"target":{"dept":3}})");
  EXPECT_EQ((*ea)[0].from_state, -1);
  EXPECT_EQ((*ea)[0].data, "{}");
  EXPECT_EQ(tx->orders().Events(b)->size(), 2u);
  EXPECT_EQ((*tx->orders().Events(b))[1].reason, "原因");
  EXPECT_TRUE(tx->orders().Events(a + b + 1)->empty());
}

TEST_P(StorageContractTest, OrderCallinsDuplicatesAndDueList) {
  int64_t a = 0, b = 0;
  const int64_t t0 = DayAt(kDay0);
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(a, tx.orders().Insert(SimpleOrder(kG1, t0)));
    ASSIGN_OR_RETURN(b, tx.orders().Insert(SimpleOrder(kG2, t0)));
    RETURN_IF_ERROR(tx.orders().InsertCallin({a, 2, t0, t0 + 300}));
    RETURN_IF_ERROR(tx.orders().InsertCallin({a, 1, t0, t0 + 200}));
    RETURN_IF_ERROR(tx.orders().InsertCallin({b, 1, t0, t0 + 100}));
    return tx.orders().InsertCallin({b, 3, t0, t0 + 200, /*acked_at=*/t0 + 50});
  }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().InsertCallin({a, 2, t0 + 1, t0 + 900}); }), StatusCode::kConflict);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto ca = tx->orders().Callins(a);
    ASSERT_TRUE(ca.ok());
    ASSERT_EQ(ca->size(), 2u);
    EXPECT_EQ((*ca)[0].dept_id, 1);
    EXPECT_EQ((*ca)[1].dept_id, 2);
    EXPECT_EQ((*ca)[1].due_at, t0 + 300);  // the duplicate changed nothing
    EXPECT_EQ((*ca)[1].called_at, t0);
    auto due = tx->orders().DueCallins(t0 + 250, 10);
    ASSERT_TRUE(due.ok());
    std::vector<std::pair<int64_t, int64_t>> got;
    for (auto& c : *due) got.emplace_back(c.order_id, c.dept_id);
    EXPECT_THAT(got, ElementsAre(std::make_pair(b, int64_t{1}), std::make_pair(a, int64_t{1})));
    EXPECT_EQ(*tx->orders().NextCallinDue(), std::optional<int64_t>(t0 + 100));
  }
  // 报到 by one, overdue notice for the other: both leave the due list.
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.orders().UpdateCallin({b, 1, t0, t0 + 100, t0 + 90, false}));
    return tx.orders().UpdateCallin({a, 1, t0, t0 + 200, 0, true});
  }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.orders().UpdateCallin({a, 9, t0, t0, 0, false}); }), StatusCode::kNotFound);
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_TRUE(tx->orders().DueCallins(t0 + 250, 10)->empty());
  EXPECT_EQ(*tx->orders().NextCallinDue(), std::optional<int64_t>(t0 + 300));
  auto cb = tx->orders().Callins(b);
  ASSERT_TRUE(cb.ok());
  ASSERT_EQ(cb->size(), 2u);
  EXPECT_EQ((*cb)[0].acked_at, t0 + 90);
  EXPECT_TRUE((*tx->orders().Callins(a))[0].overdue_notified);
  auto d = tx->orders().DueCallins(t0 + 300, 10);
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].order_id, a);
  EXPECT_EQ((*d)[0].dept_id, 2);
}

// ================================================================ 12. roll-ups

// Adds `sign` × the order's contribution to its day and month rows of every subject.
void Roll(OrderRepo& repo, const order::Order& o, int sign) {
  order::Metrics m = order::Contribution(o);
  if (sign < 0) {
    order::Metrics neg;
    neg -= m;
    m = neg;
  }
  const int32_t day = order::ReceivedDay(o);
  for (const auto& s : order::Subjects(o)) {
    repo.AddRollup({s, 0, day, static_cast<int>(o.kind), o.category}, m);
    repo.AddRollup({s, 1, order::MonthOfDay(day), static_cast<int>(o.kind), o.category}, m);
  }
}

std::string MetricsString(const order::Metrics& m) {
  std::string s;
  for (int i = 0; i < order::kMetricCount; ++i)
    if (m[i] != 0) s += std::string(order::MetricName(i)) + "=" + std::to_string(m[i]) + " ";
  return s.empty() ? "zero" : s;
}

TEST_P(StorageContractTest, RollupBufferIsDroppedWhenTheJobFails) {
  order::Order o = SimpleOrder(kG1, DayAt(kDay0, 3600));
  const RollupQuery q{.subject = kT1, .from_day = kDay0, .to_day = kDay0};
  EXPECT_CODE(W([&](Tx& tx) -> Status {
                ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
                Roll(tx.orders(), o, +1);
                return InvalidArgument("无效", "invalid on purpose");
              }),
              StatusCode::kInvalidArgument);
  // A later good job in the same writer sees none of the failed job's deltas.
  ASSERT_OK(W([&](Tx& tx) {
    order::Order other = SimpleOrder(kG2, DayAt(kDay0, 7200));
    ASSIGN_OR_RETURN(other.id, tx.orders().Insert(other));
    Roll(tx.orders(), other, +1);
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto sum = tx->orders().SumRollup(q);
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ((*sum)[order::kReceived], 1);
  EXPECT_EQ((*sum)[order::kOpenCount], 1);
  EXPECT_EQ(*sum, *tx->orders().RecomputeFromOrders(q));
  EXPECT_EQ(tx->orders().List({})->items.size(), 1u);
}

TEST_P(StorageContractTest, RollupRangesAcrossMonthEdgesEqualTheSumOfDays) {
  // Orders on both sides of the month edges of January-April 2025, some at 23:59 and 00:00 China time.
  std::mt19937 rng(7);
  std::vector<order::Order> orders;
  const int32_t jan1 = kDay0, feb1 = kDay0 + 31, mar1 = feb1 + 28, apr1 = mar1 + 31, may1 = apr1 + 30;
  ASSERT_EQ(order::FirstDayOfMonth(order::MonthOfDay(mar1)), mar1);
  ASSERT_EQ(order::FirstDayOfMonth(order::MonthOfDay(may1)), may1);
  for (int32_t edge : {feb1, mar1, apr1, may1})
    for (int64_t off : {-86400 * 2, -1, 0, 1, 86400 * 3}) {
      order::Order o = RandomOrder(rng, 1);
      o.received_at = DayAt(edge) + off;
      orders.push_back(o);
    }
  for (int i = 0; i < 60; ++i) {
    order::Order o = RandomOrder(rng, 130);
    orders.push_back(o);
  }
  ASSERT_OK(W([&](Tx& tx) {
    for (auto& o : orders) {
      ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
      Roll(tx.orders(), o, +1);
    }
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  struct Range {
    int32_t from, to;
  };
  const std::vector<Range> ranges = {
      {jan1 + 14, mar1 + 9}, {feb1, mar1 - 1}, {feb1, apr1 - 1}, {jan1, may1 - 1}, {feb1 + 1, apr1},
      {feb1 - 1, feb1},      {mar1, mar1},     {jan1 + 3, jan1 + 20}, {mar1 + 5, mar1 - 5}};
  for (const std::string& subject : {kCounty, kT1, kV1, kG1, std::string("d:1"), std::string("u:21")}) {
    for (const Range& r : ranges) {
      RollupQuery q{.subject = subject, .from_day = r.from, .to_day = r.to};
      auto whole = tx->orders().SumRollup(q);
      ASSERT_TRUE(whole.ok()) << whole.status().ToString();
      order::Metrics days;
      for (int32_t d = r.from; d <= r.to; ++d) {
        RollupQuery one{.subject = subject, .from_day = d, .to_day = d};
        days += *tx->orders().SumRollup(one);
      }
      EXPECT_EQ(MetricsString(*whole), MetricsString(days)) << subject << " " << r.from << ".." << r.to;
      EXPECT_EQ(MetricsString(*whole), MetricsString(*tx->orders().RecomputeFromOrders(q)))
          << subject << " " << r.from << ".." << r.to;
    }
  }
}

// Whether the order rolls up to the query's rows (category by prefix, or exactly when `exact_category`).
bool RollsUpTo(const order::Order& o, const RollupQuery& q, bool exact_category = false) {
  const int32_t day = order::ReceivedDay(o);
  if (day < q.from_day || day > q.to_day) return false;
  if (exact_category ? o.category != q.category : o.category.rfind(q.category, 0) != 0) return false;
  if (q.kind && static_cast<int>(o.kind) != *q.kind) return false;
  auto subjects = order::Subjects(o);
  return std::find(subjects.begin(), subjects.end(), q.subject) != subjects.end();
}

// Σ Contribution over the orders that roll up to the query's rows, computed in C++.
order::Metrics ExpectedSum(const std::vector<order::Order>& orders, const RollupQuery& q, bool exact_category = false) {
  order::Metrics m;
  for (const auto& o : orders)
    if (RollsUpTo(o, q, exact_category)) m += order::Contribution(o);
  return m;
}

TEST_P(StorageContractTest, RollupPropertyMaintainedEqualsRecomputedEqualsRebuilt) {
  const auto started = std::chrono::steady_clock::now();
  std::mt19937 rng(4242);
  constexpr int kOrders = 2000, kDays = 425;  // ~14 months
  std::vector<order::Order> orders;
  orders.reserve(kOrders);
  // Inserts in jobs of 250, each adding its orders' contributions.
  for (int job = 0; job < kOrders / 250; ++job) {
    ASSERT_OK(W([&](Tx& tx) {
      for (int i = 0; i < 250; ++i) {
        order::Order o = RandomOrder(rng, kDays);
        ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
        Roll(tx.orders(), o, +1);
        orders.push_back(o);
      }
      return Status::Ok();
    }));
  }
  // State changes: take the old contribution out and put the new one in (subjects may change too: another
  // department or handler); some orders change twice in one job.
  for (int job = 0; job < 6; ++job) {
    ASSERT_OK(W([&](Tx& tx) {
      for (int i = 0; i < 150; ++i) {
        order::Order& o = orders[rng() % orders.size()];
        order::Order n = RandomOrder(rng, kDays);
        n.id = o.id;
        n.version = o.version;
        n.received_at = o.received_at;  // the receipt day and the place never change
        n.place_code = o.place_code;
        n.command_place = o.command_place;
        n.category = o.category;
        n.kind = o.kind;
        RETURN_IF_ERROR(tx.orders().Update(n));
        Roll(tx.orders(), o, -1);
        Roll(tx.orders(), n, +1);
        o = n;
        o.version = n.version + 1;
      }
      return Status::Ok();
    }));
  }
  const auto loaded = std::chrono::steady_clock::now();

  const std::vector<std::string> subjects = {kCounty, kT1, kT2, kV1, kV3, kG1, kG4, kU1, "d:1", "d:3", "u:21", "u:23"};
  const std::vector<std::string> categories = {"", "01", "0102", "12", "1203", "0"};
  std::vector<RollupQuery> queries;
  for (const auto& s : subjects)
    for (int i = 0; i < 12; ++i) {
      int32_t a = kDay0 - 5 + static_cast<int32_t>(rng() % (kDays + 10));
      int32_t b = kDay0 - 5 + static_cast<int32_t>(rng() % (kDays + 10));
      if (a > b) std::swap(a, b);
      if (i == 0) a = kDay0 - 10, b = kDay0 + kDays + 10;  // everything
      RollupQuery q{.subject = s, .from_day = a, .to_day = b, .category = categories[rng() % categories.size()]};
      if (i % 3 == 1) q.kind = static_cast<int>(rng() % 2);
      queries.push_back(q);
    }
  auto check_all = [&](Tx& tx, const char* stage) {
    int nonzero = 0;
    for (const auto& q : queries) {
      const std::string where = std::string(stage) + " subject " + q.subject + " days " + std::to_string(q.from_day) +
                                ".." + std::to_string(q.to_day) + " category '" + q.category + "' kind " +
                                (q.kind ? std::to_string(*q.kind) : "any");
      order::Metrics want = ExpectedSum(orders, q);
      auto sum = tx.orders().SumRollup(q);
      ASSERT_TRUE(sum.ok()) << sum.status().ToString();
      auto recomputed = tx.orders().RecomputeFromOrders(q);
      ASSERT_TRUE(recomputed.ok()) << recomputed.status().ToString();
      ASSERT_EQ(MetricsString(*sum), MetricsString(want)) << where;
      ASSERT_EQ(MetricsString(*recomputed), MetricsString(want)) << where;
      if (!want.IsZero()) ++nonzero;
      // Grouped by category and by month: each group equals its own C++ sum; the groups add up to the total.
      auto by_cat = tx.orders().RollupByCategory(q);
      ASSERT_TRUE(by_cat.ok()) << by_cat.status().ToString();
      std::vector<std::pair<std::string, std::string>> got_c, want_c;
      for (auto& [cat, m] : *by_cat) got_c.emplace_back(cat, MetricsString(m));
      std::map<std::string, order::Metrics> want_cats;
      std::map<int32_t, order::Metrics> want_months;
      for (const auto& o : orders)
        if (RollsUpTo(o, q)) {
          want_cats[o.category] += order::Contribution(o);
          want_months[order::MonthOfDay(order::ReceivedDay(o))] += order::Contribution(o);
        }
      for (auto& [cat, m] : want_cats) want_c.emplace_back(cat, MetricsString(m));
      ASSERT_EQ(got_c, want_c) << where << " (by category)";
      auto by_month = tx.orders().RollupByMonth(q);
      ASSERT_TRUE(by_month.ok()) << by_month.status().ToString();
      std::vector<std::pair<int32_t, std::string>> got_m, want_m;
      for (auto& [mo, m] : *by_month) got_m.emplace_back(mo, MetricsString(m));
      for (auto& [mo, m] : want_months) want_m.emplace_back(mo, MetricsString(m));
      ASSERT_EQ(got_m, want_m) << where << " (by month)";
    }
    EXPECT_GT(nonzero, static_cast<int>(queries.size()) * 3 / 4) << "most queries should match some orders";
  };
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    check_all(*tx, "maintained");
    auto check = tx->orders().CheckRollups();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_EQ(check->mismatches, 0) << check->first;
    EXPECT_GT(check->rows, kOrders);
  }
  // A roll-up row that drifted from the orders is found (and the rebuild below repairs it).
  ASSERT_OK(W([&](Tx& tx) {
    order::Metrics drift;
    drift[0] = 1;
    tx.orders().AddRollup(RollupKey{"drift-subject", 0, 20000, 0, "01"}, drift);
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto check = tx->orders().CheckRollups();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_EQ(check->mismatches, 1);
    EXPECT_NE(check->first.find("drift-subject"), std::string::npos) << check->first;
  }
  const auto checked = std::chrono::steady_clock::now();
  int64_t rows = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(rows, tx.orders().RebuildRollups());
    return Status::Ok();
  }));
  EXPECT_GT(rows, kOrders);
  const auto rebuilt = std::chrono::steady_clock::now();
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    check_all(*tx, "rebuilt");
    EXPECT_EQ(tx->orders().CheckRollups()->mismatches, 0);
  }
  auto ms = [](auto a, auto b) { return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count(); };
  std::cout << "[ timing   ] roll-up property: load+maintain " << ms(started, loaded) << " ms, " << queries.size()
            << " queries (sum, recompute, by category, by month) " << ms(loaded, checked) << " ms, rebuild (" << rows << " rows) "
            << ms(checked, rebuilt) << " ms\n";
}

// ================================================================ settings and the sealed rewrite (key rotation)

TEST_P(StorageContractTest, SettingsAndTheSealedRewrite) {
  ASSERT_OK(W(InsertTree));
  int64_t with_phone = 0, without_phone = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto missing, tx.settings().Get("k"));
    if (missing) return Internal("a setting that was never written");
    RETURN_IF_ERROR(tx.settings().Put("k", "v1"));
    RETURN_IF_ERROR(tx.settings().Put("k", "v2"));
    ASSIGN_OR_RETURN(with_phone, tx.people().InsertPerson(MakePerson(2, kU1, std::nullopt, "甲")));
    ASSIGN_OR_RETURN(without_phone, tx.people().InsertPerson(MakePerson(3, kU1, std::nullopt, "乙")));
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto v = tx->settings().Get("k");
    ASSERT_TRUE(v.ok() && v->has_value());
    EXPECT_EQ(**v, "v2");
  }
  std::map<int64_t, std::set<std::string>> seen;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t rows, tx.settings().RewriteSealed([&](SealedRow& row) -> Status {
      if (row.table != "people") return Status::Ok();
      for (auto& [column, blob] : row.columns) {
        seen[row.id].insert(column);
        blob = "new " + column + " " + std::to_string(row.id);
      }
      row.columns.erase("phone_enc");  // erased columns become NULL
      row.columns.erase("phone_hash");
      return Status::Ok();
    }));
    if (rows < 2) return Internal("the pass saw " + std::to_string(rows) + " rows");
    return Status::Ok();
  }));
  EXPECT_EQ(seen[with_phone], (std::set<std::string>{"cid_enc", "cid_hash", "phone_enc", "phone_hash"}));
  EXPECT_EQ(seen[without_phone], (std::set<std::string>{"cid_enc", "cid_hash"}));  // NULL columns are absent
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto p = tx->people().GetPerson(with_phone);
    ASSERT_TRUE(p.ok());
    const std::string id = " " + std::to_string(with_phone);
    EXPECT_EQ(p->citizen_id_enc, "new cid_enc" + id);
    EXPECT_EQ(p->citizen_id_hash, "new cid_hash" + id);
    EXPECT_TRUE(p->phone_enc.empty());
    auto found = tx->people().FindPersonByCidHash("new cid_hash" + id);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ(**found, with_phone);
  }
  // An error from fn stops the pass, and the job changes nothing.
  Status st = W([&](Tx& tx) -> Status {
    return tx.settings()
        .RewriteSealed([](SealedRow& row) -> Status {
          row.columns["cid_enc"] = "half-written";
          return row.id > 0 ? Internal("stop") : Status::Ok();
        })
        .status();
  });
  EXPECT_FALSE(st.ok());
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->people().GetPerson(with_phone)->citizen_id_enc, "new cid_enc " + std::to_string(with_phone));
}

// ================================================================ 13. catalog

Category MakeCategory(const std::string& code, const std::string& name) {
  Category c;
  c.code = code;
  c.parent = code.size() == 4 ? code.substr(0, 2) : "";
  c.name_zh = name;
  c.name_en = "Category " + code;
  c.default_urgency = 2;
  c.accept_limit = cal::Limit{cal::LimitUnit::kWorkingHours, 2};
  c.handle_limit[0] = cal::Limit{cal::LimitUnit::kWorkingDays, 5};
  c.handle_limit[1] = cal::Limit{cal::LimitUnit::kWorkingDays, 2};
  c.handle_limit[2] = cal::Limit{cal::LimitUnit::kNaturalHours, 24};
  c.handling_level = "department";
  c.default_department = "zhujian";
  c.micro = true;
  c.attributes_json = R"([{"code":"depth","datatype":"number","required":false,"description":"深度"}])";
  return c;
}

TEST_P(StorageContractTest, CatalogCategoriesCalendarAndVersion) {
  int64_t v0 = 0;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    v0 = *tx->catalog().CatalogVersion();
    EXPECT_TRUE(tx->catalog().Categories()->empty());
  }
  auto version = [&] {
    auto tx = R();
    return tx ? *tx->catalog().CatalogVersion() : -1;
  };
  const Category c0101 = MakeCategory("0101", "井盖缺失");
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.catalog().InsertCategory(c0101));
    Category cls = MakeCategory("01", "市容环境");
    cls.micro = false;
    cls.active = false;
    cls.attributes_json = "[]";
    return tx.catalog().InsertCategory(cls);
  }));
  const int64_t v1 = version();
  EXPECT_GT(v1, v0);
  EXPECT_CODE(W([&](Tx& tx) { return tx.catalog().InsertCategory(MakeCategory("0101", "重复")); }),
              StatusCode::kConflict);
  EXPECT_EQ(version(), v1) << "a failed write bumps nothing";
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->catalog().GetCategory("0101");
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->code, "0101");
    EXPECT_EQ(got->parent, "01");
    EXPECT_EQ(got->name_zh, "井盖缺失");
    EXPECT_EQ(got->name_en, "Category 0101");
    EXPECT_EQ(got->default_urgency, 2);
    EXPECT_EQ(got->accept_limit, c0101.accept_limit);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(got->handle_limit[i], c0101.handle_limit[i]) << i;
    EXPECT_EQ(got->handling_level, "department");
    EXPECT_EQ(got->default_department, "zhujian");
    EXPECT_TRUE(got->micro);
    EXPECT_EQ(got->attributes_json, c0101.attributes_json);
    EXPECT_TRUE(got->active);
    EXPECT_EQ(got->version, 1);
    auto all = tx->catalog().Categories();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].code, "01");
    EXPECT_FALSE((*all)[0].active);
    EXPECT_EQ((*all)[1].code, "0101");
    EXPECT_EQ(tx->catalog().GetCategory("0199").status().code(), StatusCode::kNotFound);
  }
  Category upd = c0101;
  upd.name_zh = "井盖缺失或破损";
  upd.handle_limit[2] = cal::Limit{cal::LimitUnit::kWorkingHours, 4};
  ASSERT_OK(W([&](Tx& tx) { return tx.catalog().UpdateCategory(upd); }));
  const int64_t v2 = version();
  EXPECT_GT(v2, v1);
  EXPECT_CODE(W([&](Tx& tx) { return tx.catalog().UpdateCategory(upd); }), StatusCode::kConflict);  // stale
  Category ghost = MakeCategory("0901", "不存在");
  EXPECT_CODE(W([&](Tx& tx) { return tx.catalog().UpdateCategory(ghost); }), StatusCode::kNotFound);
  EXPECT_EQ(version(), v2);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->catalog().GetCategory("0101");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->name_zh, "井盖缺失或破损");
    EXPECT_EQ(got->handle_limit[2], (cal::Limit{cal::LimitUnit::kWorkingHours, 4}));
    EXPECT_EQ(got->version, 2);
  }
  // Calendar: put, replace, delete.
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.catalog().PutCalendarDay("2025-10-01", cal::DayType::kHoliday, "国庆节"));
    RETURN_IF_ERROR(tx.catalog().PutCalendarDay("2025-09-28", cal::DayType::kWorkday, "国庆节调休"));
    return tx.catalog().PutCalendarDay("2025-10-02", cal::DayType::kHoliday, "");
  }));
  const int64_t v3 = version();
  EXPECT_GT(v3, v2);
  ASSERT_OK(W([&](Tx& tx) { return tx.catalog().PutCalendarDay("2025-10-02", cal::DayType::kHoliday, "国庆节"); }));
  const int64_t v4 = version();
  EXPECT_GT(v4, v3);
  ASSERT_OK(W([&](Tx& tx) { return tx.catalog().DeleteCalendarDay("2025-09-28"); }));
  const int64_t v5 = version();
  EXPECT_GT(v5, v4);
  EXPECT_CODE(W([&](Tx& tx) { return tx.catalog().DeleteCalendarDay("2025-09-28"); }), StatusCode::kNotFound);
  EXPECT_EQ(version(), v5);
  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  auto days = tx->catalog().CalendarDays();
  ASSERT_TRUE(days.ok());
  using Day = std::tuple<std::string, cal::DayType, std::string>;
  EXPECT_THAT(*days, ElementsAre(Day{"2025-10-01", cal::DayType::kHoliday, "国庆节"},
                                 Day{"2025-10-02", cal::DayType::kHoliday, "国庆节"}));
  EXPECT_EQ(*tx->catalog().CatalogVersion(), v5);
}

// ================================================================ 14. notifications and webhooks

TEST_P(StorageContractTest, NotificationsInboxUnreadAndMarkRead) {
  std::vector<int64_t> ids;
  ASSERT_OK(W([&](Tx& tx) {
    for (int i = 0; i < 5; ++i) {
      Notification n{.user_id = 1, .at = 1000 + i, .kind = i % 2 ? "overdue" : "dispatched", .order_id = 10 + i,
                     .title = "工单 " + std::to_string(i), .body = "正文"};
      ASSIGN_OR_RETURN(int64_t id, tx.notify().InsertNotification(n));
      ids.push_back(id);
    }
    return tx.notify().InsertNotification({.user_id = 2, .at = 2000, .kind = "whistle", .title = "别人的"}).status();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    std::vector<int64_t> got;
    PageRequest pr{.after = "", .limit = 2};
    for (int guard = 0; guard < 10; ++guard) {
      auto page = tx->notify().Inbox(1, false, pr);
      ASSERT_TRUE(page.ok());
      for (auto& n : page->items) got.push_back(n.id);
      if (page->next.empty()) break;
      pr.after = page->next;
    }
    EXPECT_THAT(got, ElementsAre(ids[4], ids[3], ids[2], ids[1], ids[0]));
    auto first = tx->notify().Inbox(1, false, {.after = "", .limit = 1});
    ASSERT_EQ(first->items.size(), 1u);
    const Notification& n = first->items[0];
    EXPECT_EQ(n.user_id, 1);
    EXPECT_EQ(n.at, 1004);
    EXPECT_EQ(n.kind, "dispatched");
    EXPECT_EQ(n.order_id, 14);
    EXPECT_EQ(n.title, "工单 4");
    EXPECT_EQ(n.body, "正文");
    EXPECT_EQ(n.read_at, 0);
    EXPECT_EQ(*tx->notify().UnreadCount(1), 5);
    EXPECT_EQ(*tx->notify().UnreadCount(2), 1);
    EXPECT_EQ(*tx->notify().UnreadCount(3), 0);
  }
  int64_t changed = -1;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(changed, tx.notify().MarkRead(1, ids[1], 3000));
    return Status::Ok();
  }));
  EXPECT_EQ(changed, 1);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(changed, tx.notify().MarkRead(2, ids[2], 3000));  // not theirs
    return Status::Ok();
  }));
  EXPECT_EQ(changed, 0);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_EQ(*tx->notify().UnreadCount(1), 4);
    auto unread = tx->notify().Inbox(1, true, {.after = "", .limit = 10});
    std::vector<int64_t> got;
    for (auto& n : unread->items) got.push_back(n.id);
    EXPECT_THAT(got, ElementsAre(ids[4], ids[3], ids[2], ids[0]));
    auto all = tx->notify().Inbox(1, false, {.after = "", .limit = 10});
    EXPECT_EQ(all->items[3].read_at, 3000);
  }
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(changed, tx.notify().MarkRead(1, 0, 4000));
    return Status::Ok();
  }));
  EXPECT_EQ(changed, 4);
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->notify().UnreadCount(1), 0);
  EXPECT_EQ(*tx->notify().UnreadCount(2), 1);
  EXPECT_TRUE(tx->notify().Inbox(1, true, {})->items.empty());
  EXPECT_EQ(tx->notify().Inbox(1, false, {})->items.size(), 5u);
}

TEST_P(StorageContractTest, WebhooksAndDeliveries) {
  Webhook w{.url = "https://example.org/hook", .secret_enc = std::string("\x00\x01sealed", 8), .events = "order.*",
            .scope = kT1, .created_by = 5};
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(w.id, tx.notify().InsertWebhook(w));
    return tx.notify().InsertWebhook({.url = "https://example.org/b", .events = "*"}).status();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->notify().GetWebhook(w.id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->url, w.url);
    EXPECT_EQ(got->secret_enc, w.secret_enc);
    EXPECT_TRUE(got->secret.empty());
    EXPECT_EQ(got->events, "order.*");
    EXPECT_EQ(got->scope, kT1);
    EXPECT_TRUE(got->active);
    EXPECT_EQ(got->created_by, 5);
    EXPECT_FALSE(got->created_at.empty());
    EXPECT_EQ(got->version, 1);
    auto all = tx->notify().Webhooks();
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, w.id);
    EXPECT_EQ(tx->notify().GetWebhook(w.id + 100).status().code(), StatusCode::kNotFound);
  }
  Webhook upd = w;
  upd.active = false;
  upd.events = "order.closed";
  ASSERT_OK(W([&](Tx& tx) { return tx.notify().UpdateWebhook(upd); }));
  EXPECT_CODE(W([&](Tx& tx) { return tx.notify().UpdateWebhook(upd); }), StatusCode::kConflict);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->notify().GetWebhook(w.id);
    EXPECT_FALSE(got->active);
    EXPECT_EQ(got->events, "order.closed");
    EXPECT_EQ(got->version, 2);
  }
  // Deliveries: due by next_at among the pending ones.
  std::vector<int64_t> d;
  ASSERT_OK(W([&](Tx& tx) {
    for (int64_t next : {500, 100, 300, 100}) {
      WebhookDelivery x{.webhook_id = w.id, .event = "order.closed", .payload = R"({"id":1})", .next_at = next,
                        .created_at = 50};
      ASSIGN_OR_RETURN(int64_t id, tx.notify().EnqueueDelivery(x));
      d.push_back(id);
    }
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    std::vector<int64_t> due;
    auto listed = tx->notify().DueDeliveries(300, 10);
    ASSERT_TRUE(listed.ok());
    for (auto& x : *listed) due.push_back(x.id);
    EXPECT_THAT(due, ElementsAre(d[1], d[3], d[2]));
    EXPECT_EQ(*tx->notify().NextDeliveryAt(), std::optional<int64_t>(100));
    EXPECT_EQ(tx->notify().DueDeliveries(300, 1)->size(), 1u);
  }
  ASSERT_OK(W([&](Tx& tx) -> Status {
    auto due = tx.notify().DueDeliveries(100, 10);
    if (!due.ok()) return due.status();
    WebhookDelivery a = (*due)[0], b = (*due)[1];
    a.status = "delivered";
    a.attempts = 1;
    a.last_status = 204;
    a.delivered_at = 120;
    b.attempts = 1;
    b.next_at = 700;
    b.last_status = 503;
    b.last_error = "service unavailable";
    RETURN_IF_ERROR(tx.notify().UpdateDelivery(a));
    return tx.notify().UpdateDelivery(b);
  }));
  EXPECT_CODE(W([&](Tx& tx) {
                WebhookDelivery ghost{.id = d[3] + 100};
                return tx.notify().UpdateDelivery(ghost);
              }),
              StatusCode::kNotFound);
  auto tx = R();
  ASSERT_TRUE(tx);
  std::vector<int64_t> due;
  auto due_now = tx->notify().DueDeliveries(1000, 10);
  ASSERT_TRUE(due_now.ok());
  for (auto& x : *due_now) due.push_back(x.id);
  EXPECT_THAT(due, ElementsAre(d[2], d[0], d[3]));
  EXPECT_EQ(*tx->notify().NextDeliveryAt(), std::optional<int64_t>(300));
  std::vector<WebhookDelivery> listed;
  PageRequest pr{.after = "", .limit = 3};
  for (int guard = 0; guard < 10; ++guard) {
    auto page = tx->notify().Deliveries(w.id, pr);
    ASSERT_TRUE(page.ok());
    for (auto& x : page->items) listed.push_back(x);
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[0].id, d[3]);
  EXPECT_EQ(listed[3].id, d[0]);
  const WebhookDelivery& a = listed[2];  // d[1], delivered
  EXPECT_EQ(a.id, d[1]);
  EXPECT_EQ(a.webhook_id, w.id);
  EXPECT_EQ(a.event, "order.closed");
  EXPECT_EQ(a.payload, R"({"id":1})");
  EXPECT_EQ(a.status, "delivered");
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(a.last_status, 204);
  EXPECT_EQ(a.created_at, 50);
  EXPECT_EQ(a.delivered_at, 120);
  EXPECT_EQ(listed[0].last_error, "service unavailable");
  EXPECT_EQ(listed[0].next_at, 700);
  EXPECT_TRUE(tx->notify().Deliveries(w.id + 100, {})->items.empty());
}

// ================================================================ 15. attachments, recipients

TEST_P(StorageContractTest, AttachmentsInsertIsIdempotentAndRefsAreASet) {
  const std::string sha(64, 'a'), other(64, 'b');
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.attachments().Insert({sha, 1234, "image/jpeg", 7, 1000}));
    RETURN_IF_ERROR(tx.attachments().Insert({sha, 9999, "image/png", 8, 2000}));  // known: nothing changes
    RETURN_IF_ERROR(tx.attachments().AddRef(sha, 30));
    RETURN_IF_ERROR(tx.attachments().AddRef(sha, 10));
    RETURN_IF_ERROR(tx.attachments().AddRef(sha, 30));
    return tx.attachments().AddRef(other, 10);
  }));
  ASSERT_OK(W([&](Tx& tx) { return tx.attachments().AddRef(sha, 20); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto a = tx->attachments().Get(sha);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->sha256, sha);
  EXPECT_EQ(a->size, 1234);
  EXPECT_EQ(a->mime, "image/jpeg");
  EXPECT_EQ(a->uploaded_by, 7);
  EXPECT_EQ(a->uploaded_at, 1000);
  EXPECT_EQ(tx->attachments().Get(other).status().code(), StatusCode::kNotFound);
  EXPECT_THAT(*tx->attachments().OrdersReferencing(sha, 10), ElementsAre(10, 20, 30));
  EXPECT_THAT(*tx->attachments().OrdersReferencing(sha, 2), ElementsAre(10, 20));
  EXPECT_THAT(*tx->attachments().OrdersReferencing(other, 10), ElementsAre(10));
  EXPECT_TRUE(tx->attachments().OrdersReferencing(std::string(64, 'c'), 10)->empty());
}

TEST_P(StorageContractTest, NotificationRecipientsByDepartmentAndPlace) {
  int64_t dept = 0, other_dept = 0;
  std::map<std::string, int64_t> uid;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(dept, tx.users().InsertDepartment({.code = "zhujian", .name = "县住建局", .place_code = kCounty}));
    ASSIGN_OR_RETURN(other_dept, tx.users().InsertDepartment({.code = "gongan", .name = "县公安局", .place_code = kCounty}));
    auto add = [&](const std::string& name, const std::string& role, const std::string& place,
                   std::optional<int64_t> d, bool disabled) -> Status {
      User u{.username = name, .display_name = name, .role = role, .place_code = place, .department_id = d,
             .disabled = disabled};
      ASSIGN_OR_RETURN(uid[name], tx.users().Insert(u, "h"));
      return Status::Ok();
    };
    RETURN_IF_ERROR(add("d1", "dept_handler", kCounty, dept, false));
    RETURN_IF_ERROR(add("d2", "dept_handler", kCounty, dept, false));
    RETURN_IF_ERROR(add("d3", "dept_handler", kCounty, dept, true));
    RETURN_IF_ERROR(add("g1", "dept_handler", kCounty, other_dept, false));
    RETURN_IF_ERROR(add("t1", "township_command", kT1, std::nullopt, false));
    RETURN_IF_ERROR(add("t2", "township_command", kT1, std::nullopt, true));
    RETURN_IF_ERROR(add("t3", "grid_worker", kT1, std::nullopt, false));
    RETURN_IF_ERROR(add("t4", "township_command", kT2, std::nullopt, false));
    return add("v1", "township_command", kV1, std::nullopt, false);  // below the township: not "at" it
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto names = [](const Result<std::vector<User>>& r) {
    std::vector<std::string> out;
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok())
      for (auto& u : *r) out.push_back(u.username);
    return out;
  };
  EXPECT_THAT(names(tx->users().UsersOfDepartment(dept)), ElementsAre("d1", "d2"));
  EXPECT_THAT(names(tx->users().UsersOfDepartment(other_dept)), ElementsAre("g1"));
  EXPECT_THAT(names(tx->users().UsersOfDepartment(other_dept + 100)), IsEmpty());
  EXPECT_THAT(names(tx->users().UsersAt(kT1, "township_command")), ElementsAre("t1"));
  EXPECT_THAT(names(tx->users().UsersAt(kT1, "grid_worker")), ElementsAre("t3"));
  EXPECT_THAT(names(tx->users().UsersAt(kG1, "grid_worker")), IsEmpty());
}

}  // namespace
}  // namespace wangge::storage::testing
