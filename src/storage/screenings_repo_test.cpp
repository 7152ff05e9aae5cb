// The storage contract of screening records (screenings_repo.hpp).
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/screenings_repo.hpp"

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "storage/contract_test.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::storage::testing {
namespace {

screening::Record Rec(const std::string& place, int64_t first, int found, bool late, int64_t by) {
  screening::Record r;
  r.place_code = place;
  r.period = {first, first + 6};
  r.cycle = "week";
  r.found = found;
  r.resolved = found > 0 ? 1 : 0;
  r.note = found > 0 ? "发现邻里纠纷" : "";
  r.recorded_by = by;
  r.recorded_at = (first + 3) * 86400;
  r.late = late;
  return r;
}

TEST_P(StorageContractTest, ScreeningsOnePerPlaceAndPeriodListedAndTalliedByChild) {
  const int64_t w1 = 20454, w2 = w1 + 7;  // two Mondays
  int64_t worker = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    User u;
    u.username = "gw1";
    u.display_name = "李网格";
    u.role = "grid_worker";
    u.place_code = kG1;
    ASSIGN_OR_RETURN(worker, tx.users().Insert(u, "x"));
    for (screening::Record r :
         {Rec(kG1, w1, 0, false, worker), Rec(kG2, w1, 2, true, worker), Rec(kG3, w1, 1, false, worker),
          Rec(kG4, w1, 0, false, worker), Rec(kG1, w2, 3, false, worker), Rec(kT1, w1, 0, false, 999999)}) {
      RETURN_IF_ERROR(tx.screenings().Insert(&r));
      EXPECT_GT(r.id, 0);
    }
    return Status::Ok();
  }));
  // The same place and period twice: a conflict, and the first record stands.
  EXPECT_CODE(W([&](Tx& tx) {
                screening::Record again = Rec(kG1, w1, 5, true, worker);
                return tx.screenings().Insert(&again);
              }),
              StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->screenings().Get(kG2, w1);
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status().ToString();
  EXPECT_EQ((*got)->found, 2);
  EXPECT_EQ((*got)->resolved, 1);
  EXPECT_TRUE((*got)->late);
  EXPECT_EQ((*got)->period, (screening::Period{w1, w1 + 6}));
  EXPECT_EQ((*got)->note, "发现邻里纠纷");
  EXPECT_EQ((*got)->recorded_by_name, "李网格");
  auto first = tx->screenings().Get(kG1, w1);
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->found, 0);
  auto none = tx->screenings().Get(kG3, w2);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto orphan = tx->screenings().Get(kT1, w1);  // recorded by an account that is gone: no name
  ASSERT_TRUE(orphan.ok() && orphan->has_value());
  EXPECT_EQ((*orphan)->recorded_by_name, "");

  // The township's records: latest period first, then by place.
  auto list = tx->screenings().List(kT1, w1, w2, 100);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  std::vector<std::pair<std::string, int64_t>> seen;
  for (const auto& r : *list) seen.emplace_back(r.place_code, r.period.first);
  EXPECT_THAT(seen, ::testing::ElementsAre(std::pair{kG1, w2}, std::pair{kT1, w1}, std::pair{kG1, w1},
                                           std::pair{kG2, w1}, std::pair{kG3, w1}));
  auto only_w2 = tx->screenings().List(kCounty, w2, w2, 100);
  ASSERT_TRUE(only_w2.ok());
  ASSERT_EQ(only_w2->size(), 1u);
  EXPECT_EQ(tx->screenings().List(kCounty, w1, w2, 2)->size(), 2u);

  // Grid records of w1 per township under the county, and per village under township 1.
  auto by_township = tx->screenings().Tally(kCounty, 15, 9, w1);
  ASSERT_TRUE(by_township.ok()) << by_township.status().ToString();
  ASSERT_EQ(by_township->size(), 2u);
  EXPECT_EQ((*by_township)[0].child, kT1);
  EXPECT_EQ((*by_township)[0].records, 3);
  EXPECT_EQ((*by_township)[0].late, 1);
  EXPECT_EQ((*by_township)[0].found, 3);
  EXPECT_EQ((*by_township)[0].resolved, 2);
  EXPECT_EQ((*by_township)[1].child, kT2);
  EXPECT_EQ((*by_township)[1].records, 1);
  auto by_village = tx->screenings().Tally(kT1, 15, 12, w1);
  ASSERT_TRUE(by_village.ok());
  ASSERT_EQ(by_village->size(), 2u);
  EXPECT_EQ((*by_village)[0].child, kV1);
  EXPECT_EQ((*by_village)[0].records, 2);
  EXPECT_EQ((*by_village)[1].child, kV2);
  auto townships = tx->screenings().Tally(kCounty, 9, 9, w1);  // the townships' own rounds
  ASSERT_TRUE(townships.ok());
  ASSERT_EQ(townships->size(), 1u);
  EXPECT_EQ((*townships)[0].child, kT1);
}

TEST_P(StorageContractTest, ScreeningsFollowTheirPlaceWhenItMoves) {
  const int64_t w1 = 20454;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    screening::Record r = Rec(kG3, w1, 1, false, 1);
    return tx.screenings().Insert(&r);
  }));
  const std::string moved = kV3 + "009";
  ASSERT_OK(W([&](Tx& tx) { return tx.places().Rekey(kG3, moved, kV3); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto old = tx->screenings().Get(kG3, w1);
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->has_value());
  auto now = tx->screenings().Get(moved, w1);
  ASSERT_TRUE(now.ok() && now->has_value()) << now.status().ToString();
  EXPECT_EQ((*now)->found, 1);
  EXPECT_EQ(tx->screenings().Tally(kT2, 15, 12, w1)->size(), 1u);
}

}  // namespace
}  // namespace wangge::storage::testing
