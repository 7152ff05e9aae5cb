// The storage contract of places (places_repo.hpp): the tree, its keyset pages, optimistic locking, the
// maintained counters and moving a subtree (Rekey). Part of the suite in contract_test.hpp: every test is a
// TEST_P run against every backend.
#include "storage/places_repo.hpp"

#include <gmock/gmock.h>

#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/codes.hpp"
#include "storage/contract_test.hpp"
#include "storage/orgs_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

std::vector<std::string> Codes(const std::vector<Place>& ps) {
  std::vector<std::string> out;
  for (auto& p : ps) out.push_back(p.code);
  return out;
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
  auto grids_t1 =
      tx->places().InScope(kT1, static_cast<int>(Level::kGrid), false, {.after = "", .limit = 50});
  ASSERT_TRUE(grids_t1.ok());
  EXPECT_EQ(Codes(grids_t1->items), (std::vector<std::string>{kG1, kG2, kG3}));
  auto units_v1 =
      tx->places().InScope(kV1, static_cast<int>(Level::kHouseholdUnit), false, {.after = "", .limit = 50});
  ASSERT_TRUE(units_v1.ok());
  EXPECT_EQ(Codes(units_v1->items), (std::vector<std::string>{kU1, kU2, kU3}));
  auto villages =
      tx->places().InScope(kCounty, static_cast<int>(Level::kVillage), false, {.after = "", .limit = 50});
  ASSERT_TRUE(villages.ok());
  EXPECT_EQ(Codes(villages->items), (std::vector<std::string>{kV1, kV2, kV3}));
  auto t2_units =
      tx->places().InScope(kT2, static_cast<int>(Level::kHouseholdUnit), false, {.after = "", .limit = 50});
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
  auto in_scope =
      tx->places().InScope(kV1, static_cast<int>(Level::kGrid), false, {.after = "", .limit = 50});
  ASSERT_TRUE(in_scope.ok());
  EXPECT_EQ(Codes(in_scope->items), (std::vector<std::string>{kG1}));
  EXPECT_EQ(*tx->places().CountInScope(kV1, static_cast<int>(Level::kGrid)), 1);
  EXPECT_EQ(FlatCounts(*tx, kV1)["grids"], 1);
  EXPECT_EQ(FlatCounts(*tx, "")["grids"], 3);
}

// ================================================================ counters

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
    ASSIGN_OR_RETURN(
        id, tx.people().InsertPerson(MakePerson(1, kU2, hh, "赵七", {"dibao", "left_behind_elder"})));
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
  EXPECT_EQ(c->tags,
            (std::vector<std::pair<std::string, int64_t>>{{"dibao", 1}}));  // zero tags are not reported
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
    for (auto& [code, f] : maintained)
      EXPECT_EQ(f, m.Expected(code)) << "maintained counts of '" << code << "'";
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

// ================================================================ rekey (moving a subtree)

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
    ASSIGN_OR_RETURN(
        org, tx.orgs().Insert(Organization{.place_code = kU1, .name = "某公司", .kind = "enterprise"}));
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
  ASSERT_EQ(
      before[kG1],
      (Flat{
          {"households", 2}, {"people", 3}, {"tag:dibao", 2}, {"tag:tekun", 1}, {"grids", 1}, {"units", 2}}));

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

}  // namespace
}  // namespace wangge::storage::testing
