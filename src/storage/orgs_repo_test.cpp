// The storage contract of 两新组织 (orgs_repo.hpp): the coverage figures.
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/orgs_repo.hpp"

#include <gmock/gmock.h>

#include <string>

#include "storage/contract_test.hpp"

namespace wangge::storage::testing {
namespace {

TEST_P(StorageContractTest, OrgCoverageFigures) {
  ASSERT_OK(W(InsertTree));
  auto org = [](const std::string& place, int members, const std::string& org_type,
                const std::string& instructor, bool retired = false) {
    static int n = 0;
    return Organization{.place_code = place,
                        .name = "组织" + std::to_string(++n),
                        .kind = "enterprise",
                        .employees = 10,
                        .party_members = members,
                        .party_org_type = org_type,
                        .instructor_name = instructor,
                        .retired = retired};
  };
  int64_t first = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(first,
                     tx.orgs().Insert(org(kU1, 5, "standalone", "")));  // org, work, members, members+org
    RETURN_IF_ERROR(
        tx.orgs().Insert(org(kG1, 0, "", "王指导")).status());        // work, no members, no-members+work
    RETURN_IF_ERROR(tx.orgs().Insert(org(kU3, 2, "", "")).status());  // members only
    RETURN_IF_ERROR(tx.orgs().Insert(org(kV2, 0, "joint", "")).status());  // org, work, no members, +work
    RETURN_IF_ERROR(tx.orgs().Insert(org(kT1, 0, "", "")).status());       // no members
    RETURN_IF_ERROR(
        tx.orgs().Insert(org(kU2, 9, "standalone", "李", true)).status());  // retired: not counted
    return tx.orgs().Insert(org(kU5, 3, "area", "")).status();              // township 2
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto tuple = [](const OrgCoverage& c) {
    return std::vector<int64_t>{
        c.total,           c.with_party_org,           c.with_work, c.with_members, c.with_members_and_org,
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

}  // namespace
}  // namespace wangge::storage::testing
