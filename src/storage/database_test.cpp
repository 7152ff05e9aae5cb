// The storage contract of the Database itself (database.hpp), across domains: group commit, read snapshots,
// backup. Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend. Also
// OpenDatabase's URLs (plain tests: which backend a URL names).
#include "storage/database.hpp"

#include <gmock/gmock.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/codes.hpp"
#include "storage/audit_repo.hpp"
#include "storage/contract_test.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {
namespace {

// ================================================================ group commit

TEST_P(StorageContractTest, GroupCommitManyWritersAllDurable) {
  ASSERT_OK(W(InsertTree));
  WriterStats before = db_->Stats();
  constexpr int kThreads = 64, kWrites = 20;
  const std::vector<std::string> units = {kU1, kU2, kU3, kU4, kU5};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        std::string no = "G" + std::to_string(t) + "-" + std::to_string(i);
        Status st = W([&](Tx& tx) -> Status {
          ASSIGN_OR_RETURN(int64_t id,
                           tx.people().InsertHousehold(MakeHousehold(units[(t + i) % units.size()], no)));
          return AppendAudit(tx, "household.create", std::to_string(id));
        });
        if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << no << ": " << st.ToString();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  WriterStats after = db_->Stats();
  const int64_t jobs = after.jobs - before.jobs;
  const int64_t batches = after.batches - before.batches;
  EXPECT_EQ(jobs, kThreads * kWrites);
  EXPECT_LT(batches, jobs) << "no group commit happened";
  EXPECT_GT(batches, 0);
  EXPECT_EQ(after.failed_jobs, before.failed_jobs);
  ASSERT_EQ(after.batch_size_histogram.size(), 7u);
  int64_t hist_total = 0;
  for (int64_t n : after.batch_size_histogram) hist_total += n;
  EXPECT_EQ(hist_total, after.batches);
  int64_t multi = hist_total - after.batch_size_histogram[0];
  EXPECT_GT(multi, 0) << "no batch held more than one job";

  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(FlatCounts(*tx, "")["households"], kThreads * kWrites);
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kWrites; ++i) {
      std::string no = "G" + std::to_string(t) + "-" + std::to_string(i);
      auto id = tx->people().FindHouseholdByNo(no);
      ASSERT_TRUE(id.ok());
      EXPECT_TRUE(id->has_value()) << no << " lost";
    }
  std::set<int64_t> ids;
  PageRequest pr{.after = "", .limit = 100};
  for (int guard = 0; guard < 1000; ++guard) {
    auto page = tx->people().Households("", pr);
    ASSERT_TRUE(page.ok());
    for (auto& h : page->items) EXPECT_TRUE(ids.insert(h.id).second);
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kWrites));
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
  EXPECT_EQ(v->rows_checked, kThreads * kWrites);
}

TEST_P(StorageContractTest, GroupCommitFailingJobLeavesNoTrace) {
  ASSERT_OK(W(InsertTree));
  WriterStats before = db_->Stats();
  constexpr int kGood = 24;
  std::vector<std::thread> threads;
  Status bad_status;
  {
    WriterGate gate(db_.get());
    auto good = [&](int i) {
      return [&, i] {
        EXPECT_OK(W([&, i](Tx& tx) -> Status {
          std::string no = "OK" + std::to_string(i);
          ASSIGN_OR_RETURN(int64_t id, tx.people().InsertHousehold(MakeHousehold(kU1, no)));
          RETURN_IF_ERROR(
              tx.people().InsertPerson(MakePerson(i, kU1, id, "好" + std::to_string(i), {"dibao"})).status());
          return AppendAudit(tx, "household.create", no);
        }));
      };
    };
    for (int i = 0; i < kGood / 2; ++i) threads.emplace_back(good(i));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    threads.emplace_back([&] {
      bad_status = W([&](Tx& tx) -> Status {
        ASSIGN_OR_RETURN(int64_t id, tx.people().InsertHousehold(MakeHousehold(kU2, "BAD")));
        RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(999, kU2, id, "坏人", {"tekun"})).status());
        RETURN_IF_ERROR(tx.places().Insert(MakePlace("530326002001009")));
        tx.places().AddCount(kU2, "people", 100);
        RETURN_IF_ERROR(AppendAudit(tx, "household.create", "BAD"));
        return InvalidArgument("无效", "invalid on purpose");
      });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (int i = kGood / 2; i < kGood; ++i) threads.emplace_back(good(i));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gate.Open();
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(bad_status.code(), StatusCode::kInvalidArgument) << bad_status.ToString();
  WriterStats after = db_->Stats();
  EXPECT_EQ(after.failed_jobs - before.failed_jobs, 1);
  EXPECT_EQ(after.jobs - before.jobs, kGood + 2);
  EXPECT_LT(after.batches - before.batches, after.jobs - before.jobs)
      << "the queued jobs should have shared a commit";

  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_FALSE(tx->people().FindHouseholdByNo("BAD")->has_value());
  EXPECT_FALSE(tx->people().FindPersonByCidHash(CidHash(999))->has_value());
  EXPECT_EQ(tx->places().Get("530326002001009").status().code(), StatusCode::kNotFound);
  for (int i = 0; i < kGood; ++i)
    EXPECT_TRUE(tx->people().FindHouseholdByNo("OK" + std::to_string(i))->has_value()) << i;
  EXPECT_EQ(FlatCounts(*tx, kU2), (Flat{{"units", 1}}));
  EXPECT_EQ(FlatCounts(*tx, kU1),
            (Flat{{"households", kGood}, {"people", kGood}, {"tag:dibao", kGood}, {"units", 1}}));
  EXPECT_EQ(
      FlatCounts(*tx, ""),
      (Flat{{"households", kGood}, {"people", kGood}, {"tag:dibao", kGood}, {"grids", 4}, {"units", 5}}));
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
  EXPECT_EQ(v->rows_checked, kGood);
  for (auto& e : AllAudit(*tx)) EXPECT_NE(e.entity_id, "BAD");
}

TEST_P(StorageContractTest, GroupCommitThrowingJobIsInternalAndLeavesNoTrace) {
  ASSERT_OK(W(InsertTree));
  Status thrown, ok_before, ok_after;
  {
    WriterGate gate(db_.get());
    std::thread a([&] {
      ok_before = W([](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "BEFORE")).status());
        return AppendAudit(tx, "x", "before");
      });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread b([&] {
      thrown = W([](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "THROWN")).status());
        RETURN_IF_ERROR(tx.people().InsertPerson(MakePerson(5, kU1, std::nullopt, "异常")).status());
        RETURN_IF_ERROR(AppendAudit(tx, "x", "thrown"));
        throw std::runtime_error("boom");
      });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::thread c([&] {
      ok_after = W([](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.people().InsertHousehold(MakeHousehold(kU1, "AFTER")).status());
        return AppendAudit(tx, "x", "after");
      });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gate.Open();
    a.join();
    b.join();
    c.join();
  }
  EXPECT_EQ(thrown.code(), StatusCode::kInternal) << thrown.ToString();
  EXPECT_OK(ok_before);
  EXPECT_OK(ok_after);
  // The writer survives: a later write works.
  ASSERT_OK(W([](Tx& tx) { return tx.people().InsertHousehold(MakeHousehold(kU1, "LATER")).status(); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_FALSE(tx->people().FindHouseholdByNo("THROWN")->has_value());
  EXPECT_FALSE(tx->people().FindPersonByCidHash(CidHash(5))->has_value());
  EXPECT_TRUE(tx->people().FindHouseholdByNo("BEFORE")->has_value());
  EXPECT_TRUE(tx->people().FindHouseholdByNo("AFTER")->has_value());
  EXPECT_TRUE(tx->people().FindHouseholdByNo("LATER")->has_value());
  EXPECT_EQ(FlatCounts(*tx, kU1), (Flat{{"households", 3}, {"units", 1}}));
  auto v = tx->audit().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->rows_checked, 2);
}

// ================================================================ read snapshots

TEST_P(StorageContractTest, ReadSnapshotDoesNotSeeLaterWrites) {
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(InsertTree(tx));
    return tx.people().InsertPerson(MakePerson(1, kU1, std::nullopt, "旧")).status();
  }));
  auto untouched = R();  // opened, nothing read yet
  ASSERT_TRUE(untouched);
  auto touched = R();  // opened and already read from
  ASSERT_TRUE(touched);
  ASSERT_TRUE(touched->places().Get(kG1).ok());

  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.places().Insert(MakePlace("530326001001003", "新网格")));
    ASSIGN_OR_RETURN(Place g, tx.places().Get(kG1));
    g.name = "改名";
    RETURN_IF_ERROR(tx.places().Update(g));
    return tx.people().InsertPerson(MakePerson(2, kU1, std::nullopt, "新")).status();
  }));

  for (Tx* old : {untouched.get(), touched.get()}) {
    EXPECT_EQ(old->places().Get("530326001001003").status().code(), StatusCode::kNotFound);
    EXPECT_EQ(old->places().Get(kG1)->name, "地点" + kG1);
    EXPECT_EQ(old->places().Get(kG1)->version, 1);
    EXPECT_EQ(*old->people().CountPeople(""), 1);
    EXPECT_EQ(FlatCounts(*old, kU1)["people"], 1);
    EXPECT_EQ(FlatCounts(*old, "")["grids"], 4);
  }
  auto fresh = R();
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(fresh->places().Get("530326001001003").ok());
  EXPECT_EQ(fresh->places().Get(kG1)->name, "改名");
  EXPECT_EQ(*fresh->people().CountPeople(""), 2);
  EXPECT_EQ(FlatCounts(*fresh, kU1)["people"], 2);
  EXPECT_EQ(FlatCounts(*fresh, "")["grids"], 5);
}

TEST_P(StorageContractTest, WritesThroughAReadTxFail) {
  ASSERT_OK(W(InsertTree));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_CODE(tx->places().Insert(MakePlace("530326001001003")), StatusCode::kInternal);
    EXPECT_CODE(tx->people().InsertHousehold(MakeHousehold(kU1, "RO")).status(), StatusCode::kInternal);
  }
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->places().Get("530326001001003").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(tx->people().FindHouseholdByNo("RO")->has_value());
}

// ================================================================ backup

TEST_P(StorageContractTest, BackupDuringWritesIsConsistent) {
  ASSERT_OK(W(InsertTree));
  // Make the database big enough (~40 MB) that a backup cannot copy it in one small step: villages with large
  // boundaries (they carry no counters).
  const std::string boundary(512 * 1024, ' ');
  for (int j = 0; j < 4; ++j) {
    ASSERT_OK(W([&](Tx& tx) {
      for (int i = 0; i < 20; ++i) {
        Place v = MakePlace(*ChildCode(kT2, 10 + j * 20 + i));
        v.boundary = R"({"type":"Polygon","coordinates":[]})" + boundary;
        RETURN_IF_ERROR(tx.places().Insert(v));
      }
      return Status::Ok();
    }));
  }
  const std::vector<std::string> units = {kU1, kU2, kU3, kU4, kU5};
  std::atomic<int> next{1};
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  // Each job: a person with a tag, a household and an audit row naming the person, so any committed state has
  // people == households == audit rows and the audit rows name exactly the people.
  auto writer = [&] {
    while (!stop.load()) {
      int n = next++;
      Status st = W([&](Tx& tx) -> Status {
        const std::string& u = units[n % units.size()];
        ASSIGN_OR_RETURN(int64_t hh, tx.people().InsertHousehold(MakeHousehold(u)));
        ASSIGN_OR_RETURN(int64_t id,
                         tx.people().InsertPerson(MakePerson(n, u, hh, "备" + std::to_string(n), {"dibao"})));
        return AppendAudit(tx, "person.create", std::to_string(id), u);
      });
      EXPECT_OK(st);
      if (st.ok()) ++written;
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back(writer);
  while (written.load() < 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const std::string backup_dir = dir_ + "/backup";
  std::filesystem::create_directory(backup_dir);
  // The backup must finish while the writers keep going; if it has not after 20 s the writers are stopped
  // (so the test ends) and the test fails.
  Status backup;
  std::atomic<bool> backup_done{false};
  std::thread backup_thread([&] {
    backup = db_->Backup(factory().backup_path(backup_dir));
    backup_done = true;
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!backup_done.load() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const bool finished_under_load = backup_done.load();
  const int at_backup_end = written.load();
  if (finished_under_load) {
    while (written.load() < at_backup_end + 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop = true;
  for (auto& t : threads) t.join();
  backup_thread.join();
  EXPECT_TRUE(finished_under_load) << "Backup() did not finish within 20 s while writes went on ("
                                   << at_backup_end << " writes)";
  ASSERT_OK(backup);
  const int total = written.load();

  auto copy = factory().open(backup_dir);
  ASSERT_NE(copy, nullptr);
  {
    auto r = copy->Read();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    Tx& tx = **r;
    auto people = SearchAll(tx, {.scope = "", .page = {.after = "", .limit = 500}});
    const int64_t n = static_cast<int64_t>(people.size());
    EXPECT_GE(n, 50);
    EXPECT_LE(n, total);
    EXPECT_EQ(*tx.people().CountPeople(""), n);
    EXPECT_EQ(FlatCounts(tx, ""),
              (Flat{{"households", n}, {"people", n}, {"tag:dibao", n}, {"grids", 4}, {"units", 5}}));
    auto v = tx.audit().Verify();
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
    EXPECT_EQ(v->rows_checked, n);
    std::set<std::string> audited, person_ids;
    for (auto& e : AllAudit(tx)) audited.insert(e.entity_id);
    for (int64_t id : people) person_ids.insert(std::to_string(id));
    EXPECT_EQ(audited, person_ids);
  }
  // The copy is a working database: it takes writes and continues the chain.
  AuditEntry e;
  ASSERT_OK(copy->Write([&](Tx& tx) { return AppendAudit(tx, "restore.check", "0", kCounty, &e); }));
  {
    auto r = copy->Read();
    ASSERT_TRUE(r.ok());
    auto v = (*r)->audit().Verify();
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->ok);
    EXPECT_EQ(v->rows_checked, e.seq);
  }
  copy.reset();
  // The original has everything.
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->people().CountPeople(""), total);
  EXPECT_EQ(tx->audit().Verify()->rows_checked, total);
}

// ================================================================ OpenDatabase

// A fresh directory under the temp dir, removed at the end of the test.
class OpenDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "wangge-open-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = std::filesystem::absolute(tmpl).string();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string dir_;
};

TEST_F(OpenDatabaseTest, APathOrASqliteUrlOpensSqlite) {
  for (const std::string& url :
       {dir_ + "/plain.db", "sqlite://" + dir_ + "/url.db", "sqlite://localhost" + dir_ + "/host.db"}) {
    auto db = OpenDatabase(url, {.read_connections = 2, .synchronous_commit = false});
    ASSERT_TRUE(db.ok()) << url << ": " << db.status().ToString();
    EXPECT_EQ((*db)->Backend(), "sqlite") << url;
    EXPECT_OK((*db)->Write([](Tx& tx) { return InsertTree(tx); }));
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/plain.db"));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/url.db"));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/host.db"));
}

TEST_F(OpenDatabaseTest, OtherUrlsAreInvalidArgument) {
  for (const std::string& url :
       {std::string(), std::string("mysql://db/wangge"), std::string("sqlite://otherhost/x.db"),
        std::string("sqlite://relative.db"), std::string("sqlite:///")}) {
    auto db = OpenDatabase(url);
    EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument) << "'" << url << "'";
  }
}

// postgresql:// and postgres:// go to the PostgreSQL backend: with no server there, kUnavailable.
TEST_F(OpenDatabaseTest, PostgresUrlsReachThePostgresBackend) {
  for (const std::string& url : {std::string("postgresql://wangge:x@127.0.0.1:1/wangge"),
                                 std::string("postgres://wangge:x@127.0.0.1:1/wangge")}) {
    auto db = OpenDatabase(url);
    EXPECT_EQ(db.status().code(), StatusCode::kUnavailable) << url << ": " << db.status().ToString();
  }
}

TEST(DatabaseUrls, FileAndRedaction) {
  EXPECT_EQ(DatabaseFile("var/wangge.db"), "var/wangge.db");
  EXPECT_EQ(DatabaseFile("sqlite:///abs/w.db"), "/abs/w.db");
  EXPECT_EQ(DatabaseFile("sqlite://localhost/abs/w.db"), "/abs/w.db");
  EXPECT_EQ(DatabaseFile("postgresql://u:p@h/db"), "");
  EXPECT_EQ(RedactUrl("postgresql://wangge:s3cret@db:5432/wangge"), "postgresql://wangge:***@db:5432/wangge");
  EXPECT_EQ(RedactUrl("postgresql://wangge@db/wangge"), "postgresql://wangge@db/wangge");
  EXPECT_EQ(RedactUrl("postgresql://db/wangge?user=u&password=s3cret&sslmode=require"),
            "postgresql://db/wangge?user=u&password=***&sslmode=require");
  EXPECT_EQ(RedactUrl("var/wangge.db"), "var/wangge.db");
}

}  // namespace
}  // namespace wangge::storage::testing
