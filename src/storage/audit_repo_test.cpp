// The storage contract of the audit trail (audit_repo.hpp): the chain, tamper and gap detection, rolled-back
// appends. Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/audit_repo.hpp"

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "storage/contract_test.hpp"
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;

TEST_P(StorageContractTest, AuditAppendsAChain) {
  std::vector<AuditEntry> appended;
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(W([&](Tx& tx) {
      for (int j = 0; j < 2; ++j) {  // two per write job
        AuditEntry e;
        RETURN_IF_ERROR(AppendAudit(tx, "person.create", std::to_string(i * 2 + j), i == 1 ? kT2 : kT1, &e));
        appended.push_back(e);
      }
      return Status::Ok();
    }));
  }
  ASSERT_EQ(appended.size(), 6u);
  for (size_t i = 0; i < appended.size(); ++i) {
    EXPECT_EQ(appended[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(appended[i].prev_hash, i == 0 ? "" : appended[i - 1].hash);
    EXPECT_EQ(appended[i].hash, AuditHash(appended[i]));
    EXPECT_FALSE(appended[i].at.empty());
  }
  auto tx = R();
  ASSERT_TRUE(tx);
  auto stored = AllAudit(*tx, "", 4);  // newest first, over two pages
  ASSERT_EQ(stored.size(), 6u);
  for (size_t i = 0; i < stored.size(); ++i) {
    const AuditEntry& want = appended[appended.size() - 1 - i];
    EXPECT_EQ(stored[i].seq, want.seq);
    EXPECT_EQ(stored[i].hash, want.hash);
    EXPECT_EQ(stored[i].prev_hash, want.prev_hash);
    EXPECT_EQ(stored[i].detail, want.detail);
    EXPECT_EQ(stored[i].at, want.at);
    EXPECT_EQ(stored[i].username, "tester");
    EXPECT_EQ(stored[i].user_id, 7);
  }
  EXPECT_EQ(AllAudit(*tx, kT2).size(), 2u);
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->rows_checked, 6);
  EXPECT_EQ(v->first_bad_seq, 0);
}

TEST_P(StorageContractTest, AuditVerifyDetectsATamperedRow) {
  ASSERT_OK(W([&](Tx& tx) {
    for (int i = 1; i <= 6; ++i) RETURN_IF_ERROR(AppendAudit(tx, "person.update", std::to_string(i)));
    return Status::Ok();
  }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_TRUE(tx->audit().Verify()->ok);
  }
  Close();
  factory().tamper_audit(dir_, 3);
  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 3);
  EXPECT_EQ(v->reason, "hash mismatch");
}

TEST_P(StorageContractTest, AuditVerifyDetectsAMissingRow) {
  ASSERT_OK(W([&](Tx& tx) {
    for (int i = 1; i <= 8; ++i) RETURN_IF_ERROR(AppendAudit(tx, "person.update", std::to_string(i)));
    return Status::Ok();
  }));
  Close();
  factory().delete_audit(dir_, 5);
  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_seq, 5);
  EXPECT_EQ(v->reason, "missing row");
}

TEST_P(StorageContractTest, AuditAppendsOfARolledBackJobLeaveNoTrace) {
  AuditEntry first, lost, next;
  ASSERT_OK(W([&](Tx& tx) { return AppendAudit(tx, "a", "1", kCounty, &first); }));
  EXPECT_CODE(W([&](Tx& tx) {
                RETURN_IF_ERROR(AppendAudit(tx, "b", "2", kCounty, &lost));
                return InvalidArgument("坏", "bad");
              }),
              StatusCode::kInvalidArgument);
  EXPECT_EQ(lost.seq, 2);
  ASSERT_OK(W([&](Tx& tx) { return AppendAudit(tx, "c", "3", kCounty, &next); }));
  EXPECT_EQ(next.seq, 2);
  EXPECT_EQ(next.prev_hash, first.hash);

  // Again, with the failing job between two good ones that are queued behind a slow job (one commit).
  AuditEntry a, bad, c;
  {
    WriterGate gate(db_.get());
    std::thread ta([&] { EXPECT_OK(W([&](Tx& tx) { return AppendAudit(tx, "a", "4", kCounty, &a); })); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread tb([&] {
      EXPECT_CODE(W([&](Tx& tx) {
                    RETURN_IF_ERROR(AppendAudit(tx, "b", "5", kCounty, &bad));
                    return InvalidArgument("坏", "bad");
                  }),
                  StatusCode::kInvalidArgument);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread tc([&] { EXPECT_OK(W([&](Tx& tx) { return AppendAudit(tx, "c", "6", kCounty, &c); })); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gate.Open();
    ta.join();
    tb.join();
    tc.join();
  }
  EXPECT_EQ(a.seq, 3);
  EXPECT_EQ(a.prev_hash, next.hash);
  EXPECT_EQ(c.seq, 4);
  EXPECT_EQ(c.prev_hash, a.hash);

  auto tx = R();
  ASSERT_TRUE(tx);
  auto all = AllAudit(*tx);
  ASSERT_EQ(all.size(), 4u);
  std::vector<std::string> actions;
  for (auto& e : all) actions.push_back(e.action);
  EXPECT_THAT(actions, ElementsAre("c", "a", "c", "a"));
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
  EXPECT_EQ(v->rows_checked, 4);
}

}  // namespace
}  // namespace wangge::storage::testing
