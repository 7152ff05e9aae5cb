// Runs the storage contract suite (contract_test.hpp: the <domain>_repo_test.cpp files) against PostgreSQL:
// the server that CTest's fixture "postgres" started (tests/postgres/pg_server.sh; its URL is in
// WANGGE_PG_STATE/url), one fresh database per test, dropped afterwards.
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/contract_test.hpp"
#include "storage/places_repo.hpp"
#include "storage/postgres/pg_db.hpp"
#include "storage/postgres/pg_test_util.hpp"

namespace wangge::storage::testing {
namespace {

std::string BackupFile(const std::string& dir) { return dir + "/backup.dump"; }

// A dump written by Database::Backup into the test's (empty) database, as an operator would restore it.
void Restore(const std::string& url, const std::string& file) {
  std::string cmd = "/usr/lib/postgresql/15/bin/pg_restore --no-owner --exit-on-error --dbname='" + url +
                    "' '" + file + "' 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("pg_restore failed: " + cmd);
  std::filesystem::remove(file);
}

void ChangeAudit(const std::string& dir, const std::string& sql) {
  const std::string url = WithDatabase(ServerUrl(), DbName(dir));
  if (Exec(url, "ALTER TABLE audit DISABLE TRIGGER USER; " + sql) != 1)
    throw std::runtime_error("expected to change one audit row: " + sql);
}

BackendFactory PostgresFactory() {
  BackendFactory f;
  f.name = "postgresql";
  f.open = [](const std::string& dir) -> std::unique_ptr<Database> {
    const std::string server = ServerUrl();
    const std::string name = DbName(dir);
    const std::string url = WithDatabase(server, name);
    if (!Exists(server, name)) {
      Exec(server, "CREATE DATABASE " + name);
      if (std::filesystem::exists(BackupFile(dir))) Restore(url, BackupFile(dir));
    }
    auto db = OpenPostgres(url);
    if (!db.ok()) throw std::runtime_error("OpenPostgres: " + db.status().ToString());
    return std::move(db).value();
  };
  // Audit rows are per county chain (docs/scale-out.md); the tests append to the county kCounty.
  f.tamper_audit = [](const std::string& dir, int64_t seq) {
    ChangeAudit(dir, "UPDATE audit SET detail = '{\"tampered\":true}' WHERE county = '" + kCounty +
                         "' AND seq = " + std::to_string(seq));
  };
  f.delete_audit = [](const std::string& dir, int64_t seq) {
    ChangeAudit(dir, "DELETE FROM audit WHERE county = '" + kCounty + "' AND seq = " + std::to_string(seq));
  };
  f.refuses = [](const std::string& dir, const std::string& sql) {
    try {
      Exec(WithDatabase(ServerUrl(), DbName(dir)), sql);
      return false;
    } catch (const std::exception&) {
      return true;
    }
  };
  // Backup writes a pg_dump file into the (new, empty) dir; open(dir) then finds no database of that dir,
  // creates one and restores the dump into it.
  f.backup_path = [](const std::string& dir) { return BackupFile(dir); };
  f.cleanup = [](const std::string& dir) {
    Exec(ServerUrl(), "DROP DATABASE IF EXISTS " + DbName(dir) + " WITH (FORCE)");
  };
  return f;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Postgres, StorageContractTest, ::testing::Values(PostgresFactory()), FactoryName);

// A database migrated by a newer binary (a migration this one does not know) is refused, not opened.
TEST_F(PgBackend, ADatabaseOfANewerSchemaIsRefused) {
  {
    auto db = OpenPostgres(url_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
  }
  Exec(url_, "INSERT INTO schema_migrations(version, name, applied_at) VALUES(9999, '9999_future', '')");
  auto again = OpenPostgres(url_);
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition) << again.status().ToString();
  EXPECT_NE(again.status().en().find("newer than this binary"), std::string::npos) << again.status().en();
}

// A wrong password is refused with the server's reason, and the message does not echo the password.
TEST_F(PgBackend, AWrongPasswordIsRefusedClearly) {
  std::string url = url_;
  const size_t at = url.find('@');
  const size_t colon = url.rfind(':', at);
  url = url.substr(0, colon + 1) + "not-the-password" + url.substr(at);
  auto db = OpenDatabase(url);
  ASSERT_EQ(db.status().code(), StatusCode::kUnavailable) << db.status().ToString();
  EXPECT_NE(db.status().en().find("password authentication failed"), std::string::npos) << db.status().en();
  EXPECT_EQ(db.status().en().find("not-the-password"), std::string::npos) << db.status().en();
}

// No server at the address: kUnavailable at once (connection refused), with the address in the message.
TEST_F(PgBackend, NoServerIsUnavailable) {
  auto db = OpenDatabase("postgresql://wangge:x@127.0.0.1:1/wangge?connect_timeout=5");
  ASSERT_EQ(db.status().code(), StatusCode::kUnavailable) << db.status().ToString();
  EXPECT_NE(db.status().en().find("127.0.0.1"), std::string::npos) << db.status().en();
}

// Several writer connections (DatabaseOptions::writers) commit batches concurrently: counters, members and
// the audit chains of two counties stay exact, and the chains verify. Every write here touches the same
// ancestor counters and a county's audit lock, so concurrent batches deadlock often (PostgreSQL detects it
// after deadlock_timeout, 1 s) and are run again: correct, but slower than one writer — which is why one
// writer is the default (bench/backends_bench.sh measures both).
TEST_F(PgBackend, ConcurrentWritersKeepCountersAndAuditChainsExact) {
  InitCrypto();
  PgOptions opt;
  opt.writers = 2;
  opt.max_batch = 4;  // small batches, so that they overlap
  opt.retries = 50;
  auto opened = OpenPostgres(url_, opt);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<Database> db = std::move(opened).value();
  const std::vector<std::string> other = {"530381", "530381001", "530381001001", "530381001001001",
                                          "530381001001001001"};
  ASSERT_OK(db->Write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertTree(tx));
    for (const auto& c : other) RETURN_IF_ERROR(tx.places().Insert(MakePlace(c)));
    return Status::Ok();
  }));
  const std::vector<std::string> units = {kU1, kU2, kU3, kU4, kU5, other.back()};
  constexpr int kThreads = 4, kEach = 24;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int n = t * kEach + i;
        const std::string& u = units[n % units.size()];
        Status st = db->Write([&](Tx& tx) -> Status {
          ASSIGN_OR_RETURN(int64_t hh, tx.people().InsertHousehold(MakeHousehold(u)));
          ASSIGN_OR_RETURN(int64_t id, tx.people().InsertPerson(
                                           MakePerson(n, u, hh, "并" + std::to_string(n), {"dibao"})));
          return AppendAudit(tx, "person.create", std::to_string(id), u);
        });
        if (!st.ok()) {
          ++failed;
          ADD_FAILURE() << st.ToString();
        }
      }
    });
  for (auto& th : threads) th.join();
  ASSERT_EQ(failed.load(), 0);
  const int64_t total = kThreads * kEach;
  const int64_t in_other = total / static_cast<int64_t>(units.size());  // every 6th write
  auto r = db->Read();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Tx& tx = **r;
  const Flat all = FlatCounts(tx, "");
  EXPECT_EQ(all.at("people"), total);
  EXPECT_EQ(all.at("households"), total);
  EXPECT_EQ(all.at("tag:dibao"), total);
  EXPECT_EQ(FlatCounts(tx, "530381").at("people"), in_other);
  EXPECT_EQ(FlatCounts(tx, kCounty).at("people"), total - in_other);
  auto v = tx.audit().Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok) << v->reason << " at " << v->first_bad_seq;
  EXPECT_EQ(v->rows_checked, total);
  EXPECT_GT(db->Stats().batches, 1);
}

// The writer's connection dies in the middle of a job (the server restarted): whatever the job then answers —
// here the "no such place" a failed lookup looks like to a service — the write is answered 503
// (kUnavailable), not the job's 400; nothing of it is kept, and the next write reconnects and commits.
TEST_F(PgBackend, AJobWhoseConnectionDiesIsUnavailableWhateverItAnswered) {
  auto opened = OpenPostgres(url_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<Database> db = std::move(opened).value();
  Status st = db->Write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.places().Insert(MakePlace(kCounty)));
    Exec(url_,
         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid "
         "<> pg_backend_pid()");
    auto p = tx.places().Get(kCounty);
    if (!p.ok()) return InvalidArgument("地点不存在", "place does not exist", "place_code");
    return Status::Ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();
  ASSERT_OK(db->Write([&](Tx& tx) -> Status { return tx.places().Insert(MakePlace(kCounty)); }));
  auto r = db->Read();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE((*r)->places().Get(kCounty).ok());
}

// Two processes starting on one empty database at once migrate it once (the advisory lock), and both open.
TEST_F(PgBackend, ConcurrentOpensMigrateOnce) {
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      auto db = OpenPostgres(url_);
      results[i] = db.status();
    });
  for (auto& t : threads) t.join();
  for (const Status& st : results) EXPECT_TRUE(st.ok()) << st.ToString();
}

}  // namespace wangge::storage::testing
