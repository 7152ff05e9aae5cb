// The storage contract of 双报到 (dual_repo.hpp): units registered once by name per community, one active
// registration per person whatever the community, posts claimed under the post's version (a claim that lost
// the race is a conflict), logs decided once. Part of the suite in contract_test.hpp: every test is a TEST_P
// run against every backend.
#include "storage/dual_repo.hpp"

#include <gmock/gmock.h>

#include "storage/contract_test.hpp"
#include "storage/people_repo.hpp"

namespace wangge::storage::testing {
namespace {

DualUnit Unit(const std::string& place, const std::string& name) {
  DualUnit u;
  u.place_code = place;
  u.name = name;
  u.kind = "organ";
  u.resources = "venue,volunteers";
  u.registered_at = 1'780'000'000;
  u.registered_by = 1;
  return u;
}

DualMember Member(const std::string& place, int64_t person) {
  DualMember m;
  m.place_code = place;
  m.person_id = person;
  m.employer_name = "县财政局";
  m.registered_at = 1'780'000'000;
  m.registered_by = 1;
  return m;
}

TEST_P(StorageContractTest, DualUnitsAreOneActiveNamePerCommunity) {
  DualUnit a = Unit(kV1, "县财政局"), b = Unit(kV2, "县财政局"), c = Unit(kV3, "县医院");
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.dual().InsertUnit(&a));
    RETURN_IF_ERROR(tx.dual().InsertUnit(&b));
    return tx.dual().InsertUnit(&c);
  }));
  DualUnit again = Unit(kV1, "县财政局");
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().InsertUnit(&again); }).code(), StatusCode::kConflict);
  // Withdrawn, the name is free again; a stale version changes nothing.
  DualUnit w = a;
  w.status = "withdrawn";
  w.withdrawn_at = 1'780'000'100;
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().UpdateUnit(&w); }));
  EXPECT_EQ(w.version, 2);
  DualUnit stale = a;
  stale.name = "改名";
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().UpdateUnit(&stale); }).code(), StatusCode::kConflict);
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().InsertUnit(&again); }));
  auto tx = R();
  auto t1 = tx->dual().Units(kT1, "");
  ASSERT_TRUE(t1.ok());
  ASSERT_EQ(t1->size(), 3u);  // a (withdrawn), again (kV1), b (kV2)
  EXPECT_EQ((*t1)[0].place_code, kV1);
  EXPECT_EQ(tx->dual().Units(kT1, "active")->size(), 2u);
  EXPECT_EQ(tx->dual().Units(kCounty, "")->size(), 4u);
  auto got = tx->dual().GetUnit(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->status, "withdrawn");
  EXPECT_EQ((*got)->resources, "venue,volunteers");
}

TEST_P(StorageContractTest, DualMemberHasOneActiveRegistrationWhateverTheCommunity) {
  int64_t p1 = 0, p2 = 0;
  DualUnit u = Unit(kV2, "县教育局");
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    ASSIGN_OR_RETURN(p1, tx.people().InsertPerson(MakePerson(1, kG1, std::nullopt, "张三")));
    ASSIGN_OR_RETURN(p2, tx.people().InsertPerson(MakePerson(2, kG1, std::nullopt, "李四")));
    return tx.dual().InsertUnit(&u);
  }));
  DualMember a = Member(kV1, p1);
  a.unit_id = u.id;
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().InsertMember(&a); }));
  // The same person with another community, while registered: a conflict.
  DualMember twice = Member(kV2, p1);
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().InsertMember(&twice); }).code(), StatusCode::kConflict);
  DualMember b = Member(kV1, p2);
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().InsertMember(&b); }));
  {
    auto tx = R();
    auto of = tx->dual().ActiveOfPerson(p1);
    ASSERT_TRUE(of.ok() && of->has_value());
    EXPECT_EQ((*of)->id, a.id);
    EXPECT_EQ((*of)->name, "张三");
    auto per = tx->dual().MembersPerUnit();
    ASSERT_TRUE(per.ok());
    ASSERT_EQ(per->size(), 1u);
    EXPECT_EQ((*per)[0], std::make_pair(u.id, int64_t{1}));
  }
  // Placed in a grid, then left: free to register again (elsewhere).
  a.grid_code = kG1;
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().UpdateMember(&a); }));
  DualMember stale = a;
  stale.version = 1;
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().UpdateMember(&stale); }).code(), StatusCode::kConflict);
  a.status = "left";
  a.left_at = 1'780'000'500;
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().UpdateMember(&a); }));
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().InsertMember(&twice); }));
  auto tx = R();
  auto v1 = tx->dual().Members(kV1, "");
  ASSERT_TRUE(v1.ok());
  ASSERT_EQ(v1->size(), 2u);
  EXPECT_EQ((*v1)[0].grid_code, kG1);
  EXPECT_EQ((*v1)[0].status, "left");
  EXPECT_EQ(tx->dual().Members(kV1, "active")->size(), 1u);
  EXPECT_EQ((*tx->dual().ActiveOfPerson(p1))->place_code, kV2);
  // Registered now, by township: kV1 holds p2 (not placed) and unit "县教育局" is kV2's; kV2 holds p1.
  auto cov = tx->dual().Coverage(kCounty, 9);
  ASSERT_TRUE(cov.ok()) << cov.status().ToString();
  ASSERT_EQ(cov->size(), 1u);
  EXPECT_EQ((*cov)[0].key, kT1);
  EXPECT_EQ((*cov)[0].units, 1);
  EXPECT_EQ((*cov)[0].members, 2);
  EXPECT_EQ((*cov)[0].placed, 0);
  auto villages = tx->dual().Coverage(kT1, 12);
  ASSERT_TRUE(villages.ok());
  ASSERT_EQ(villages->size(), 2u);
  EXPECT_EQ((*villages)[0].key, kV1);
  EXPECT_EQ((*villages)[0].members, 1);
  EXPECT_EQ((*villages)[1].units, 1);
}

TEST_P(StorageContractTest, DualPostClaimsMoveThePostVersionAndLogsAreDecidedOnce) {
  int64_t p1 = 0;
  DualMember m;
  DualPost post;
  post.place_code = kV1;
  post.title = "楼栋文明劝导";
  post.slots = 2;
  post.created_at = 1'780'000'000;
  post.created_by = 1;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    ASSIGN_OR_RETURN(p1, tx.people().InsertPerson(MakePerson(1, kG1, std::nullopt, "张三")));
    m = Member(kV1, p1);
    RETURN_IF_ERROR(tx.dual().InsertMember(&m));
    return tx.dual().InsertPost(&post);
  }));
  DualClaim c;
  c.post_id = post.id;
  c.member_id = m.id;
  c.claimed_at = 1'780'000'100;
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().Claim(&c, post.version); }));
  // A claim under the version read before: someone claimed meanwhile.
  DualClaim late = c;
  late.member_id = m.id + 1000;
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().Claim(&late, post.version); }).code(), StatusCode::kConflict);
  {
    auto tx = R();
    auto got = tx->dual().GetPost(post.id);
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ((*got)->taken, 1);
    EXPECT_EQ((*got)->version, 2);
    EXPECT_EQ(tx->dual().Claims(0, m.id)->size(), 1u);
  }
  // Holding it twice is refused by the rows even under the current version.
  DualClaim twice = c;
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().Claim(&twice, 2); }).code(), StatusCode::kConflict);
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().Release(post.id, m.id, 1'780'000'200); }));
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().Release(post.id, m.id, 1'780'000'300); }).code(),
            StatusCode::kNotFound);
  {
    auto tx = R();
    EXPECT_EQ((*tx->dual().GetPost(post.id))->taken, 0);
    EXPECT_EQ(tx->dual().Posts(kV1)->size(), 1u);
  }
  // A closed post takes no claim.
  auto closed = *R()->dual().GetPost(post.id);
  closed->status = "closed";
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().UpdatePost(&*closed); }));
  DualClaim after = c;
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().Claim(&after, closed->version); }).code(),
            StatusCode::kConflict);

  DualLog l;
  l.member_id = m.id;
  l.place_code = kV1;
  l.post_id = post.id;
  l.served_on = "2026-11-20";
  l.minutes = 90;
  l.created_at = 1'780'000'400;
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().InsertLog(&l); }));
  DualLog yes = l;
  yes.status = "confirmed";
  yes.decided_by = 2;
  yes.decided_at = 1'780'000'500;
  yes.entry_id = 77;
  ASSERT_OK(W([&](Tx& tx) { return tx.dual().DecideLog(&yes); }));
  DualLog no = yes;  // decided already, whatever the version
  no.status = "rejected";
  EXPECT_EQ(W([&](Tx& tx) { return tx.dual().DecideLog(&no); }).code(), StatusCode::kConflict);
  auto tx = R();
  auto logs = tx->dual().Logs(kV1, 0, "confirmed", 10);
  ASSERT_TRUE(logs.ok());
  ASSERT_EQ(logs->size(), 1u);
  EXPECT_EQ((*logs)[0].entry_id, 77);
  EXPECT_EQ((*logs)[0].minutes, 90);
  EXPECT_EQ(tx->dual().Logs("", m.id, "pending", 10)->size(), 0u);
  EXPECT_EQ(tx->dual().Logs(kV2, 0, "", 10)->size(), 0u);
  // The quarter's confirmed logs, by the day served.
  EXPECT_EQ(tx->dual().ConfirmedIn(kV1, "2026-10-01", "2026-12-31")->size(), 1u);
  EXPECT_EQ(tx->dual().ConfirmedIn(kV1, "2026-11-21", "2026-12-31")->size(), 0u);
  EXPECT_EQ(tx->dual().ConfirmedIn(kV1, "2026-07-01", "2026-11-20")->size(), 1u);
}

}  // namespace
}  // namespace wangge::storage::testing
