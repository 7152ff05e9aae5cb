// The storage contract of settings and the sealed rewrite of a key rotation (settings_repo.hpp).
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/settings_repo.hpp"

#include <gmock/gmock.h>

#include <map>
#include <string>
#include <vector>

#include "storage/contract_test.hpp"
#include "storage/people_repo.hpp"

namespace wangge::storage::testing {
namespace {

TEST_P(StorageContractTest, SettingsAndTheSealedRewrite) {
  ASSERT_OK(W(InsertTree));
  int64_t with_phone = 0, without_phone = 0;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto missing, tx.settings().Get("k"));
    if (missing) return Internal("a setting that was never written");
    RETURN_IF_ERROR(tx.settings().Put("k", "v1"));
    RETURN_IF_ERROR(tx.settings().Put("k", "v2"));
    ASSIGN_OR_RETURN(with_phone, tx.people().InsertPerson(MakePerson(2, kU1, std::nullopt, "甲")));
    ASSIGN_OR_RETURN(without_phone, tx.people().InsertPerson(MakePerson(3, kU1, std::nullopt, "乙")));
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto v = tx->settings().Get("k");
    ASSERT_TRUE(v.ok() && v->has_value());
    EXPECT_EQ(**v, "v2");
  }
  std::map<int64_t, std::set<std::string>> seen;
  ASSERT_OK(W([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t rows, tx.settings().RewriteSealed([&](SealedRow& row) -> Status {
      if (row.table != "people") return Status::Ok();
      for (auto& [column, blob] : row.columns) {
        seen[row.id].insert(column);
        blob = "new " + column + " " + std::to_string(row.id);
      }
      row.columns.erase("phone_enc");  // erased columns become NULL
      row.columns.erase("phone_hash");
      return Status::Ok();
    }));
    if (rows < 2) return Internal("the pass saw " + std::to_string(rows) + " rows");
    return Status::Ok();
  }));
  EXPECT_EQ(seen[with_phone], (std::set<std::string>{"cid_enc", "cid_hash", "phone_enc", "phone_hash"}));
  EXPECT_EQ(seen[without_phone], (std::set<std::string>{"cid_enc", "cid_hash"}));  // NULL columns are absent
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto p = tx->people().GetPerson(with_phone);
    ASSERT_TRUE(p.ok());
    const std::string id = " " + std::to_string(with_phone);
    EXPECT_EQ(p->citizen_id_enc, "new cid_enc" + id);
    EXPECT_EQ(p->citizen_id_hash, "new cid_hash" + id);
    EXPECT_TRUE(p->phone_enc.empty());
    auto found = tx->people().FindPersonByCidHash("new cid_hash" + id);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ(**found, with_phone);
  }
  // An error from fn stops the pass, and the job changes nothing.
  Status st = W([&](Tx& tx) -> Status {
    return tx.settings()
        .RewriteSealed([](SealedRow& row) -> Status {
          row.columns["cid_enc"] = "half-written";
          return row.id > 0 ? Internal("stop") : Status::Ok();
        })
        .status();
  });
  EXPECT_FALSE(st.ok());
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->people().GetPerson(with_phone)->citizen_id_enc, "new cid_enc " + std::to_string(with_phone));
}

}  // namespace
}  // namespace wangge::storage::testing
