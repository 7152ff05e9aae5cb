// The storage contract of attachment metadata (attachments_repo.hpp).
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/attachments_repo.hpp"

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "storage/contract_test.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;

TEST_P(StorageContractTest, AttachmentsInsertIsIdempotentAndRefsAreASet) {
  const std::string sha(64, 'a'), other(64, 'b');
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.attachments().Insert({sha, 1234, "image/jpeg", 7, 1000}));
    RETURN_IF_ERROR(tx.attachments().Insert({sha, 9999, "image/png", 8, 2000}));  // known: nothing changes
    RETURN_IF_ERROR(tx.attachments().AddRef(sha, 30));
    RETURN_IF_ERROR(tx.attachments().AddRef(sha, 10));
    RETURN_IF_ERROR(tx.attachments().AddRef(sha, 30));
    return tx.attachments().AddRef(other, 10);
  }));
  ASSERT_OK(W([&](Tx& tx) { return tx.attachments().AddRef(sha, 20); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto a = tx->attachments().Get(sha);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->sha256, sha);
  EXPECT_EQ(a->size, 1234);
  EXPECT_EQ(a->mime, "image/jpeg");
  EXPECT_EQ(a->uploaded_by, 7);
  EXPECT_EQ(a->uploaded_at, 1000);
  EXPECT_EQ(tx->attachments().Get(other).status().code(), StatusCode::kNotFound);
  EXPECT_THAT(*tx->attachments().OrdersReferencing(sha, 10), ElementsAre(10, 20, 30));
  EXPECT_THAT(*tx->attachments().OrdersReferencing(sha, 2), ElementsAre(10, 20));
  EXPECT_THAT(*tx->attachments().OrdersReferencing(other, 10), ElementsAre(10));
  EXPECT_TRUE(tx->attachments().OrdersReferencing(std::string(64, 'c'), 10)->empty());
}

}  // namespace
}  // namespace wangge::storage::testing
