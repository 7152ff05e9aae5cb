// The storage contract of the 党组织 tree (party_repo.hpp): round trip, scoped pages, grid coverage, moving
// with a place. Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/party_repo.hpp"

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "storage/contract_test.hpp"
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {
namespace {

TEST_P(StorageContractTest, PartyOrgInsertGetUpdate) {
  ASSERT_OK(W(InsertTree));
  int64_t top = 0, branch = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(top, tx.party().Insert(PartyOrg{.place_code = kT1,
                                                     .name = "古城街道党工委",
                                                     .kind = "street_committee",
                                                     .secretary_name = "张书记",
                                                     .members = 500}));
    ASSIGN_OR_RETURN(branch, tx.party().Insert(PartyOrg{.place_code = kG1,
                                                        .name = "第一网格党支部",
                                                        .kind = "grid_branch",
                                                        .parent_id = top,
                                                        .members = 12}));
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
      std::string kind = len == 9    ? "street_committee"
                         : len == 12 ? "village_org"
                         : len == 15 ? "grid_branch"
                                     : "building_group";
      ASSIGN_OR_RETURN(int64_t id,
                       tx.party().Insert(PartyOrg{
                           .place_code = code, .name = "党组织" + std::to_string(++n), .kind = kind}));
      t1_ids.push_back(id);
    }
    RETURN_IF_ERROR(
        tx.party().Insert(PartyOrg{.place_code = kG4, .name = "乡二", .kind = "grid_branch"}).status());
    return tx.party()
        .Insert(PartyOrg{.place_code = kG2, .name = "撤销", .kind = "grid_branch", .retired = true})
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
    RETURN_IF_ERROR(tx.party()
                        .Insert(PartyOrg{.place_code = kU1, .name = "楼栋党小组", .kind = "building_group"})
                        .status());
    RETURN_IF_ERROR(
        tx.party().Insert(PartyOrg{.place_code = kV1, .name = "村党总支", .kind = "village_org"}).status());
    // kG2: a member household does not count; a retired branch does not either.
    RETURN_IF_ERROR(tx.party()
                        .Insert(PartyOrg{.place_code = kU3, .name = "中心户", .kind = "member_household"})
                        .status());
    RETURN_IF_ERROR(
        tx.party()
            .Insert(PartyOrg{.place_code = kG2, .name = "旧支部", .kind = "grid_branch", .retired = true})
            .status());
    // kG3: a grid branch.
    ASSIGN_OR_RETURN(g3_branch, tx.party().Insert(PartyOrg{
                                    .place_code = kG3, .name = "三网格党支部", .kind = "grid_branch"}));
    // kG4 (township 2): a grid branch.
    return tx.party()
        .Insert(PartyOrg{.place_code = kG4, .name = "四网格党支部", .kind = "grid_branch"})
        .status();
  }));
  auto pair = [](const GridPartyCoverage& c) {
    return std::pair<int64_t, int64_t>{c.grids, c.grids_covered};
  };
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
  EXPECT_EQ(pair(*tx->party().GridCoverage(kT1)), (std::pair<int64_t, int64_t>{2, 1}));      // kG1, kG3: kG1
  EXPECT_EQ(pair(*tx->party().GridCoverage(kCounty)), (std::pair<int64_t, int64_t>{3, 2}));  // + kG4
}

TEST_P(StorageContractTest, PartyOrgsMoveWithRekey) {
  ASSERT_OK(W(InsertTree));
  int64_t id = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(
        id, tx.party().Insert(PartyOrg{.place_code = kU1, .name = "楼栋党小组", .kind = "building_group"}));
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

}  // namespace
}  // namespace wangge::storage::testing
