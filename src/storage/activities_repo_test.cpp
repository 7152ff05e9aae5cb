// The storage contract of 志愿服务活动 (activities_repo.hpp). Part of the suite in contract_test.hpp: every
// test is a TEST_P run against every backend.
#include "storage/activities_repo.hpp"

#include <gmock/gmock.h>

#include "storage/contract_test.hpp"

namespace wangge::storage::testing {
namespace {

activity::Activity Make(const std::string& place, int64_t start, int capacity) {
  activity::Activity a;
  a.place_code = place;
  a.title = "清理河道";
  a.starts_at = start;
  a.ends_at = start + 2 * 3600;
  a.capacity = capacity;
  a.code = "ABCD1234";
  a.organizer = 1;
  a.created_at = start - 86400;
  return a;
}

activity::Signup Sign(int64_t activity, int64_t person) {
  activity::Signup s;
  s.activity_id = activity;
  s.person_id = person;
  s.signed_at = 100;
  return s;
}

TEST_P(StorageContractTest, ActivitiesCapacityOneSignupEachAndOneCheckinAtATime) {
  activity::Activity a = Make(kV1, 1'780'000'000, 2), b = Make(kV2, 1'780'000'000, 5),
                     old = Make(kV1, 1'700'000'000, 5);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.activities().Insert(&a));
    RETURN_IF_ERROR(tx.activities().Insert(&b));
    return tx.activities().Insert(&old);
  }));
  ASSERT_OK(W([&](Tx& tx) { return tx.activities().InsertSignup(Sign(a.id, 1), a.capacity); }));
  EXPECT_EQ(W([&](Tx& tx) { return tx.activities().InsertSignup(Sign(a.id, 1), a.capacity); }).code(),
            StatusCode::kConflict);
  ASSERT_OK(W([&](Tx& tx) { return tx.activities().InsertSignup(Sign(a.id, 2), a.capacity); }));
  Status full = W([&](Tx& tx) { return tx.activities().InsertSignup(Sign(a.id, 3), a.capacity); });
  EXPECT_EQ(full.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(full.field(), "capacity");
  // Check in at one; a second update from the old status loses.
  activity::Signup in = Sign(a.id, 1);
  in.status = "present";
  in.checkin_at = 1'780'000'100;
  in.lat = 26.41;
  in.lon = 103.29;
  ASSERT_OK(W([&](Tx& tx) { return tx.activities().UpdateSignup(in, "signed"); }));
  EXPECT_EQ(W([&](Tx& tx) { return tx.activities().UpdateSignup(in, "signed"); }).code(),
            StatusCode::kConflict);
  auto tx = R();
  auto open = tx->activities().OpenCheckin(1);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(*open, a.id);
  EXPECT_EQ(*tx->activities().OpenCheckin(2), 0);
  auto got = tx->activities().GetSignup(a.id, 1);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->status, "present");
  ASSERT_TRUE((*got)->lat.has_value());
  EXPECT_NEAR(*(*got)->lat, 26.41, 1e-6);
  auto act = tx->activities().Get(a.id);
  ASSERT_TRUE(act.ok() && act->has_value());
  EXPECT_EQ((*act)->signed_up, 2);
  auto list = tx->activities().List(kT1, 1'750'000'000, 100);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);  // not the old one, not another township's
  auto signups = tx->activities().Signups(a.id);
  ASSERT_TRUE(signups.ok());
  EXPECT_EQ(signups->size(), 2u);
  tx.reset();
  EXPECT_EQ(W([&](Tx& t) { return t.activities().Cancel(a.id, 7); }).code(), StatusCode::kConflict);
  ASSERT_OK(W([&](Tx& t) { return t.activities().Cancel(a.id, a.version); }));
  auto after = R()->activities().Get(a.id);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_TRUE((*after)->cancelled);
}

}  // namespace
}  // namespace wangge::storage::testing
