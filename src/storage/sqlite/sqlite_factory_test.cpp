// Runs the storage contract suite (contract_test.hpp: the <domain>_repo_test.cpp files) against SQLite.
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "storage/contract_test.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace wangge::storage::testing {
namespace {

std::string DbPath(const std::string& dir) { return dir + "/wangge.db"; }

// Runs SQL on the database file directly, bypassing the storage layer (and its append-only triggers).
void ExecBehindTheApi(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(DbPath(dir).c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + DbPath(dir) + ": " + msg);
  }
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  int changes = sqlite3_changes(db);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("sqlite: " + msg + " in: " + sql);
  if (changes != 1)
    throw std::runtime_error("expected to change one audit row, changed " + std::to_string(changes));
}

BackendFactory SqliteFactory() {
  BackendFactory f;
  f.name = "sqlite";
  f.open = [](const std::string& dir) -> std::unique_ptr<Database> {
    auto db = OpenSqlite(DbPath(dir));
    if (!db.ok()) throw std::runtime_error("OpenSqlite: " + db.status().ToString());
    return std::move(db).value();
  };
  f.tamper_audit = [](const std::string& dir, int64_t seq) {
    ExecBehindTheApi(dir,
                     "DROP TRIGGER IF EXISTS audit_no_update; "
                     "UPDATE audit SET detail = '{\"tampered\":true}' WHERE seq = " +
                         std::to_string(seq));
  };
  f.delete_audit = [](const std::string& dir, int64_t seq) {
    ExecBehindTheApi(
        dir, "DROP TRIGGER IF EXISTS audit_no_delete; DELETE FROM audit WHERE seq = " + std::to_string(seq));
  };
  f.refuses = [](const std::string& dir, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(DbPath(dir).c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      throw std::runtime_error("cannot open " + DbPath(dir));
    }
    sqlite3_busy_timeout(db, 5000);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc != SQLITE_OK;
  };
  f.backup_path = [](const std::string& dir) { return DbPath(dir); };
  return f;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, StorageContractTest, ::testing::Values(SqliteFactory()), FactoryName);

// A database written by a newer binary (a migration this one does not know) is refused, not opened.
TEST(SqliteBackend, ADatabaseOfANewerSchemaIsRefused) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "wangge-newer-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  {
    auto db = OpenSqlite(DbPath(tmpl));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
  }
  ExecBehindTheApi(
      tmpl, "INSERT INTO schema_migrations(version, name, applied_at) VALUES(9999, '9999_future', '')");
  auto again = OpenSqlite(DbPath(tmpl));
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition) << again.status().ToString();
  EXPECT_NE(again.status().en().find("newer than this binary"), std::string::npos) << again.status().en();
  std::filesystem::remove_all(tmpl);
}

}  // namespace wangge::storage::testing
