// The storage contract suite: every test in <domain>_repo_test.cpp (and database_test.cpp, registry_test.cpp)
// is a TEST_P over a BackendFactory, so a backend (storage/sqlite/, storage/postgres/) joins the suite
// by instantiating it with its own factory:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StorageContractTest, ::testing::Values(SqliteFactory()), FactoryName);
//
// Only the factory knows how the backend stores its data; the tests speak the Database/Tx interfaces of
// storage/database.hpp and the repositories of storage/<domain>_repo.hpp, except where they must reach behind
// them (tampering with the audit trail). A new domain's tests go to its own <domain>_repo_test.cpp, with the
// test data below (contract_test.cpp) where they need it.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "core/entities.hpp"
#include "storage/audit_repo.hpp"
#include "storage/database.hpp"
#include "storage/people_repo.hpp"

namespace wangge::storage::testing {

struct BackendFactory {
  std::string name;
  // Opens the database that belongs to `dir` (an empty temp dir on first use: a fresh database). Called again
  // with the same dir it reopens the same data (close/reopen tests). Throws on failure.
  std::function<std::unique_ptr<Database>(const std::string& dir)> open;
  // Alters one audit row behind the API (e.g. its detail) so the stored hash no longer matches. The database
  // of `dir` is closed while this runs. Throws on failure.
  std::function<void(const std::string& dir, int64_t seq)> tamper_audit;
  // Removes one audit row behind the API. The database of `dir` is closed while this runs. Throws on failure.
  std::function<void(const std::string& dir, int64_t seq)> delete_audit;
  // Runs `sql` on the database of `dir` behind the API (the database stays open) and says whether the
  // database refused it (the schema's own guards: the ledger's append-only triggers).
  std::function<bool(const std::string& dir, const std::string& sql)> refuses;
  // The destination to pass to Database::Backup so that open(dir) afterwards opens the copy (`dir` exists
  // and is empty).
  std::function<std::string(const std::string& dir)> backup_path;
  // Frees what open(dir) made outside `dir` (PostgreSQL: the test's database), after the last close. May be
  // empty.
  std::function<void(const std::string& dir)> cleanup;
};

inline void PrintTo(const BackendFactory& f, std::ostream* os) { *os << f.name; }
inline std::string FactoryName(const ::testing::TestParamInfo<BackendFactory>& info) {
  return info.param.name;
}

class StorageContractTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Closes the database (every Tx must be gone) and opens it again from the same dir.
  void Reopen();
  void Close() { db_.reset(); }
  // A read transaction; fails the test (and returns nullptr) when Read() fails.
  std::unique_ptr<Tx> R();
  Status W(const std::function<Status(Tx&)>& fn) { return db_->Write(fn); }

  const BackendFactory& factory() const { return GetParam(); }

  std::string dir_;
  std::unique_ptr<Database> db_;
};

// ---------------------------------------------------------------- test data shared by the domains' tests

#define ASSERT_OK(expr)                                     \
  do {                                                      \
    ::wangge::Status _s = (expr);                           \
    ASSERT_TRUE(_s.ok()) << #expr << ": " << _s.ToString(); \
  } while (0)
#define EXPECT_OK(expr)                                     \
  do {                                                      \
    ::wangge::Status _s = (expr);                           \
    EXPECT_TRUE(_s.ok()) << #expr << ": " << _s.ToString(); \
  } while (0)
#define EXPECT_CODE(expr, want)                                     \
  do {                                                              \
    ::wangge::Status _s = (expr);                                   \
    EXPECT_EQ(_s.code(), (want)) << #expr << ": " << _s.ToString(); \
  } while (0)

// A small administrative tree: one county, two townships, three villages, four grids, five household units.
inline const std::string kProv = "53";
inline const std::string kPref = "5303";
inline const std::string kCounty = "530326";
inline const std::string kT1 = "530326001";
inline const std::string kT2 = "530326002";
inline const std::string kV1 = "530326001001";
inline const std::string kV2 = "530326001002";
inline const std::string kV3 = "530326002001";
inline const std::string kG1 = "530326001001001";
inline const std::string kG2 = "530326001001002";
inline const std::string kG3 = "530326001002001";
inline const std::string kG4 = "530326002001001";
inline const std::string kU1 = "530326001001001001";
inline const std::string kU2 = "530326001001001002";
inline const std::string kU3 = "530326001001002001";
inline const std::string kU4 = "530326001002001001";
inline const std::string kU5 = "530326002001001001";

// Every code of the tree, parents first.
const std::vector<std::string>& TreeCodes();
// A place of the tree's shape at `code` (level, parent and kind from the code; name "地点<code>" unless
// given).
Place MakePlace(const std::string& code, const std::string& name = "");
// Inserts the whole tree.
Status InsertTree(Tx& tx);

// The field cipher of the test data (a fixed key).
const FieldCipher& Cipher();
// The n-th distinct valid citizen ID (n < 23,520,000).
std::string CitizenIdNo(int n);
// The blind index of CitizenIdNo(n).
std::string CidHash(int n);
// A sealed person at `place` (the household's place when it has one); `n` picks the citizen ID.
Person MakePerson(int n, const std::string& place, std::optional<int64_t> household, const std::string& name,
                  std::vector<std::string> tags = {});
Household MakeHousehold(const std::string& place, const std::string& no = "");

// Counts as a map without zero entries: {"households": 2, "people": 3, "tag:dibao": 1, ...}.
using Flat = std::map<std::string, int64_t>;
Flat FlatCounts(Tx& tx, const std::string& code);

// Pages through a search and returns every person id, checking that no id repeats across pages.
std::vector<int64_t> SearchAll(Tx& tx, PersonQuery q, int* pages = nullptr);

// Appends one audit row for `entity_id`.
Status AppendAudit(Tx& tx, const std::string& action, const std::string& entity_id,
                   const std::string& place = kCounty, AuditEntry* out = nullptr);
// Every audit row in the scope, newest first, read in pages of `limit`.
std::vector<AuditEntry> AllAudit(Tx& tx, const std::string& scope = "", int limit = 1000);

// Holds the writer busy with a slow job until Open(), so that jobs submitted meanwhile queue up and share a
// batch.
class WriterGate {
 public:
  explicit WriterGate(Database* db)
      : slow_([this, db] {
          EXPECT_OK(db->Write([this](Tx&) {
            entered_ = true;
            while (!release_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return Status::Ok();
          }));
        }) {
    while (!entered_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void Open() {
    release_ = true;
    if (slow_.joinable()) slow_.join();
  }
  ~WriterGate() { Open(); }

 private:
  std::atomic<bool> entered_{false};
  std::atomic<bool> release_{false};
  std::thread slow_;
};

}  // namespace wangge::storage::testing
