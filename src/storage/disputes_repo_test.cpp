// The storage contract of dispute parties and agreements (disputes_repo.hpp).
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/disputes_repo.hpp"

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "storage/contract_test.hpp"
#include "storage/orders_repo.hpp"
#include "storage/orders_test_util.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;

// A party as the service stores it: sealed forms only (opaque bytes here; the cipher is the service's).
dispute::Party StoredParty(int64_t order_id, const std::string& role, const std::string& cid_hash,
                           const std::string& phone_hash) {
  dispute::Party p;
  p.order_id = order_id;
  p.role = role;
  p.name_enc = std::string("\x01\x00name", 6);
  p.name_masked = "张*";
  p.cid_enc = cid_hash.empty() ? "" : std::string("\x02\x00cid", 5);
  p.cid_hash = cid_hash;
  p.cid_masked = cid_hash.empty() ? "" : "530326********123X";
  p.phone_enc = phone_hash.empty() ? "" : std::string("\x03\xffphone", 7);
  p.phone_hash = phone_hash;
  p.phone_masked = phone_hash.empty() ? "" : "138****1234";
  p.address = "人民路 1 号";
  p.created_at = 1000;
  return p;
}

TEST_P(StorageContractTest, DisputePartiesRoundTripAndAreFoundByEitherIndex) {
  const std::string cid(std::string("\xaa\x00\x01", 3)), phone(std::string("\xbb\x00\x02", 3));
  int64_t case1 = 0, case2 = 0;
  std::vector<int64_t> ids;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    order::Order o = SimpleOrder(kG1, DayAt(kDay0, 3600), "0802");
    o.kind = order::Kind::kDispute;
    ASSIGN_OR_RETURN(case1, tx.orders().Insert(o));
    ASSIGN_OR_RETURN(case2, tx.orders().Insert(o));
    for (auto [order_id, role, c, ph] :
         std::vector<std::tuple<int64_t, std::string, std::string, std::string>>{
             {case1, "applicant", cid, ""},
             {case1, "respondent", "", ""},
             {case2, "third", "", phone},
             {case2, "applicant", cid, phone}}) {
      dispute::Party p = StoredParty(order_id, role, c, ph);
      p.person_id = role == "applicant" ? std::optional<int64_t>(77) : std::nullopt;
      RETURN_IF_ERROR(tx.disputes().InsertParty(&p));
      ids.push_back(p.id);
    }
    dispute::Party orphan = StoredParty(999999, "applicant", "", "");
    EXPECT_CODE(tx.disputes().InsertParty(&orphan), StatusCode::kNotFound);
    return Status::Ok();
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto parties = tx->disputes().Parties(case1);
  ASSERT_TRUE(parties.ok()) << parties.status().ToString();
  ASSERT_EQ(parties->size(), 2u);
  const dispute::Party& a = (*parties)[0];
  EXPECT_EQ(a.id, ids[0]);
  EXPECT_EQ(a.order_id, case1);
  EXPECT_EQ(a.role, "applicant");
  EXPECT_EQ(a.person_id, 77);
  EXPECT_EQ(a.name_enc, std::string("\x01\x00name", 6));
  EXPECT_EQ(a.name_masked, "张*");
  EXPECT_EQ(a.cid_hash, cid);
  EXPECT_EQ(a.cid_masked, "530326********123X");
  EXPECT_TRUE(a.phone_enc.empty());
  EXPECT_TRUE(a.phone_hash.empty());
  EXPECT_EQ(a.address, "人民路 1 号");
  EXPECT_EQ(a.created_at, 1000);
  EXPECT_TRUE(a.name.empty());  // clear fields are never stored
  EXPECT_EQ((*parties)[1].person_id, std::nullopt);
  // History: by the citizen ID's index (cases 1 and 2) and by the phone's (case 2 twice), newest first.
  std::vector<int64_t> by_cid, by_phone;
  auto cid_history = tx->disputes().PartiesByIndex(cid, 10);
  auto phone_history = tx->disputes().PartiesByIndex(phone, 10);
  ASSERT_TRUE(cid_history.ok() && phone_history.ok());
  for (const auto& p : *cid_history) by_cid.push_back(p.id);
  for (const auto& p : *phone_history) by_phone.push_back(p.id);
  EXPECT_THAT(by_cid, ElementsAre(ids[3], ids[0]));
  EXPECT_THAT(by_phone, ElementsAre(ids[3], ids[2]));
  EXPECT_EQ(tx->disputes().PartiesByIndex(cid, 1)->size(), 1u);
  EXPECT_TRUE(tx->disputes().PartiesByIndex("", 10)->empty());
}

TEST_P(StorageContractTest, DisputeAgreementIsWrittenOnceThenByVersion) {
  int64_t id = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    order::Order o = SimpleOrder(kG1, DayAt(kDay0, 3600), "0802");
    o.kind = order::Kind::kDispute;
    ASSIGN_OR_RETURN(id, tx.orders().Insert(o));
    return Status::Ok();
  }));
  dispute::Agreement a;
  a.order_id = id;
  a.facts = "宅基地界址争议";
  a.responsibility = "双方各负其责";
  a.terms = "以老墙为界";
  a.performance_manner = "当场确认界桩";
  a.performance_location = "村委会";
  a.performance_due = "2025-02-01";
  a.signed_by = {3, 5};
  a.mediator = "李调解";
  a.signed_at = 5000;
  a.recorded_by = 9;
  a.updated_at = 5001;
  int64_t v = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(v, tx.disputes().PutAgreement(a));
    return Status::Ok();
  }));
  EXPECT_EQ(v, 1);
  // A second "new" agreement, and a stale version, are conflicts.
  EXPECT_CODE(W([&](Tx& tx) { return tx.disputes().PutAgreement(a).status(); }), StatusCode::kConflict);
  a.version = 1;
  a.terms = "以老墙为界，东侧归张家";
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(v, tx.disputes().PutAgreement(a));
    return Status::Ok();
  }));
  EXPECT_EQ(v, 2);
  EXPECT_CODE(W([&](Tx& tx) { return tx.disputes().PutAgreement(a).status(); }), StatusCode::kConflict);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto got = tx->disputes().GetAgreement(id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  const dispute::Agreement& g = **got;
  EXPECT_EQ(g.order_id, id);
  EXPECT_EQ(g.facts, a.facts);
  EXPECT_EQ(g.responsibility, a.responsibility);
  EXPECT_EQ(g.terms, "以老墙为界，东侧归张家");
  EXPECT_EQ(g.performance_manner, a.performance_manner);
  EXPECT_EQ(g.performance_location, a.performance_location);
  EXPECT_EQ(g.performance_due, "2025-02-01");
  EXPECT_THAT(g.signed_by, ElementsAre(3, 5));
  EXPECT_EQ(g.mediator, "李调解");
  EXPECT_EQ(g.signed_at, 5000);
  EXPECT_EQ(g.recorded_by, 9);
  EXPECT_EQ(g.updated_at, 5001);
  EXPECT_EQ(g.version, 2);
  EXPECT_FALSE(tx->disputes().GetAgreement(id + 1000)->has_value());
}

}  // namespace
}  // namespace wangge::storage::testing
