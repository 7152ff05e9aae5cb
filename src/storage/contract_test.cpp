// The storage contract: what every backend must do, written once against storage/store.hpp and run for each
// backend through its BackendFactory (see contract_test.hpp; SQLite: sqlite/sqlite_factory_test.cpp).
#include "storage/contract_test.hpp"

#include <gmock/gmock.h>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
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

}  // namespace
}  // namespace wangge::storage::testing
