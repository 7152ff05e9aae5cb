// The storage contract of each community's 服务清单 (services_repo.hpp) and of an order's service_minutes.
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/services_repo.hpp"

#include <gmock/gmock.h>

#include "storage/contract_test.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::storage::testing {
namespace {

MenuItem Item(const std::string& place, const std::string& category, int hours) {
  MenuItem m;
  m.place_code = place;
  m.category = category;
  m.provider = "party";
  m.promise_hours = hours;
  m.note = "周末不上门";
  m.updated_by = 7;
  m.updated_at = 1'780'000'000;
  return m;
}

TEST_P(StorageContractTest, ServiceMenuInsertOnceUpdateByVersionPerCommunity) {
  MenuItem a = Item(kV1, "1401", 24), b = Item(kV2, "1401", 48), c = Item(kV1, "1403", 12);
  ASSERT_OK(W([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.services().UpsertMenuItem(&a));
    RETURN_IF_ERROR(tx.services().UpsertMenuItem(&b));
    return tx.services().UpsertMenuItem(&c);
  }));
  EXPECT_EQ(a.version, 1);
  // A second insert of the same item (version 0) is a conflict, and changes nothing.
  MenuItem again = Item(kV1, "1401", 99);
  EXPECT_EQ(W([&](Tx& tx) { return tx.services().UpsertMenuItem(&again); }).code(), StatusCode::kConflict);
  // An update with the current version wins once; the same version again is stale.
  MenuItem upd = a;
  upd.promise_hours = 8;
  upd.active = false;
  upd.provider = "any";
  ASSERT_OK(W([&](Tx& tx) { return tx.services().UpsertMenuItem(&upd); }));
  EXPECT_EQ(upd.version, 2);
  MenuItem stale = a;
  stale.promise_hours = 1;
  EXPECT_EQ(W([&](Tx& tx) { return tx.services().UpsertMenuItem(&stale); }).code(), StatusCode::kConflict);

  auto tx = R();
  auto menu = tx->services().Menu(kV1);
  ASSERT_TRUE(menu.ok());
  ASSERT_EQ(menu->size(), 2u);
  EXPECT_EQ((*menu)[0].category, "1401");
  EXPECT_EQ((*menu)[0].promise_hours, 8);
  EXPECT_FALSE((*menu)[0].active);
  EXPECT_EQ((*menu)[0].provider, "any");
  EXPECT_EQ((*menu)[0].note, "周末不上门");
  EXPECT_EQ((*menu)[1].category, "1403");
  auto other = tx->services().GetMenuItem(kV2, "1401");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->has_value());
  EXPECT_EQ((*other)->promise_hours, 48);
  EXPECT_TRUE((*other)->active);
  auto none = tx->services().GetMenuItem(kV2, "1403");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(StorageContractTest, OrderKeepsTheMinutesServed) {
  order::Order o;
  o.kind = order::Kind::kService;
  o.state = order::State::kFinished;
  o.category = "1401";
  o.channel = "web";
  o.title = "陪同就医";
  o.place_code = kV1;
  o.command_place = kV1;
  o.handler_user_id = 3;
  o.service_minutes = 90;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
    return Status::Ok();
  }));
  {
    auto tx = R();
    auto got = tx->orders().Get(o.id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->service_minutes, 90);
    EXPECT_EQ(got->kind, order::Kind::kService);
  }
  o.service_minutes = 120;
  ASSERT_OK(W([&](Tx& tx) { return tx.orders().Update(o); }));
  auto tx = R();
  EXPECT_EQ(tx->orders().Get(o.id)->service_minutes, 120);
}

}  // namespace
}  // namespace wangge::storage::testing
