// The storage contract of 红色代办 (errands_repo.hpp): the roster of runners by household, an errand's
// authorisation, its documents held and returned, and a runner's open errands. Part of the suite in
// contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/errands_repo.hpp"

#include <gmock/gmock.h>

#include "storage/contract_test.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::storage::testing {
namespace {

ErrandRunner Runner(int64_t household, const std::string& place, int64_t user) {
  ErrandRunner r;
  r.household_id = household;
  r.place_code = place;
  r.runner_user_id = user;
  r.assigned_by = 1;
  r.assigned_at = 1'780'000'000;
  return r;
}

TEST_P(StorageContractTest, ErrandRosterInsertsOnceMovesByVersionAndRemoves) {
  ErrandRunner a = Runner(11, kV1, 7), b = Runner(12, kV1, 7), c = Runner(13, kV2, 8);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.errands().PutRunner(&a));
    RETURN_IF_ERROR(tx.errands().PutRunner(&b));
    return tx.errands().PutRunner(&c);
  }));
  EXPECT_EQ(a.version, 1);
  // A household has one runner: a second insert is a conflict and changes nothing.
  ErrandRunner again = Runner(11, kV1, 9);
  EXPECT_EQ(W([&](Tx& tx) { return tx.errands().PutRunner(&again); }).code(), StatusCode::kConflict);
  // Moving it to another runner needs the current version.
  ErrandRunner moved = a;
  moved.runner_user_id = 8;
  ASSERT_OK(W([&](Tx& tx) { return tx.errands().PutRunner(&moved); }));
  EXPECT_EQ(moved.version, 2);
  ErrandRunner stale = a;
  stale.runner_user_id = 9;
  EXPECT_EQ(W([&](Tx& tx) { return tx.errands().PutRunner(&stale); }).code(), StatusCode::kConflict);
  {
    auto tx = R();
    auto v1 = tx->errands().Runners(kV1);
    ASSERT_TRUE(v1.ok());
    ASSERT_EQ(v1->size(), 2u);
    EXPECT_EQ((*v1)[0].household_id, 11);
    EXPECT_EQ((*v1)[0].runner_user_id, 8);
    EXPECT_EQ((*v1)[1].runner_user_id, 7);
    auto by8 = tx->errands().CoveredBy(8);
    ASSERT_TRUE(by8.ok());
    ASSERT_EQ(by8->size(), 2u);  // 11 (kV1) and 13 (kV2)
    EXPECT_EQ((*by8)[0].household_id, 11);
    EXPECT_EQ((*by8)[1].household_id, 13);
    auto none = tx->errands().RunnerOf(99);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
  }
  // Removing needs the current version too.
  EXPECT_EQ(W([&](Tx& tx) { return tx.errands().RemoveRunner(11, 1); }).code(), StatusCode::kConflict);
  ASSERT_OK(W([&](Tx& tx) { return tx.errands().RemoveRunner(11, 2); }));
  auto tx = R();
  EXPECT_FALSE(tx->errands().RunnerOf(11)->has_value());
  EXPECT_EQ(tx->errands().CoveredBy(8)->size(), 1u);
}

TEST_P(StorageContractTest, ErrandDocumentsAreHeldUntilReturnedOnce) {
  order::Order o;
  o.kind = order::Kind::kErrand;
  o.state = order::State::kAccepted;
  o.category = "1601";
  o.channel = "web";
  o.title = "代办医保报销";
  o.place_code = kU1;
  o.command_place = kV1;
  Errand e;
  e.household_id = 21;
  e.authoriser_person_id = 5;
  e.authorisation = "written";
  e.created_at = 1'780'000'000;
  ErrandRunner r = Runner(21, kV1, 7);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
    e.order_id = o.id;
    RETURN_IF_ERROR(tx.errands().InsertErrand(e));
    return tx.errands().PutRunner(&r);
  }));
  // One errand row per order.
  EXPECT_EQ(W([&](Tx& tx) { return tx.errands().InsertErrand(e); }).code(), StatusCode::kConflict);
  // A document of an order without an errand row: not found.
  ErrandDocument orphan;
  orphan.order_id = o.id + 1000;
  orphan.name = "身份证";
  EXPECT_EQ(W([&](Tx& tx) { return tx.errands().AddDocument(&orphan); }).code(), StatusCode::kNotFound);

  ErrandDocument id_card, book;
  id_card.order_id = book.order_id = o.id;
  id_card.name = "身份证";
  book.name = "户口簿";
  book.copies = 2;
  id_card.received_at = book.received_at = 1'780'000'100;
  id_card.received_by = book.received_by = 7;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.errands().AddDocument(&id_card));
    return tx.errands().AddDocument(&book);
  }));
  EXPECT_GT(book.id, id_card.id);
  {
    auto tx = R();
    EXPECT_EQ(*tx->errands().Held(o.id), 2);
    auto open = tx->errands().OpenFor(7, 10);
    ASSERT_TRUE(open.ok());
    EXPECT_THAT(*open, ::testing::ElementsAre(o.id));
    EXPECT_TRUE(tx->errands().OpenFor(8, 10)->empty());
    auto got = tx->errands().GetErrand(o.id);
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ((*got)->authorisation, "written");
    EXPECT_EQ((*got)->authoriser_person_id, 5);
  }
  ErrandDocument ret = id_card;
  ret.returned_at = 1'780'000'900;
  ret.returned_by = 7;
  ASSERT_OK(W([&](Tx& tx) { return tx.errands().ReturnDocument(&ret); }));
  EXPECT_EQ(ret.version, 2);
  // Returned once: the same version again, or the new one, is a conflict.
  ErrandDocument twice = id_card;
  twice.returned_at = 1'780'001'000;
  EXPECT_EQ(W([&](Tx& tx) { return tx.errands().ReturnDocument(&twice); }).code(), StatusCode::kConflict);
  twice.version = 2;
  EXPECT_EQ(W([&](Tx& tx) { return tx.errands().ReturnDocument(&twice); }).code(), StatusCode::kConflict);
  auto tx = R();
  EXPECT_EQ(*tx->errands().Held(o.id), 1);
  auto docs = tx->errands().Documents(o.id);
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].returned_at, 1'780'000'900);
  EXPECT_EQ((*docs)[0].returned_by, 7);
  EXPECT_EQ((*docs)[1].returned_at, 0);
  EXPECT_EQ((*docs)[1].copies, 2);
}

}  // namespace
}  // namespace wangge::storage::testing
