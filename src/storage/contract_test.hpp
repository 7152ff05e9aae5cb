// The storage contract suite: every test in contract_test.cpp is a TEST_P over a BackendFactory, so a backend
// (storage/sqlite/, later storage/postgres/) joins the suite by instantiating it with its own factory:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StorageContractTest, ::testing::Values(SqliteFactory()), FactoryName);
//
// Only the factory knows how the backend stores its data; the tests speak the Database/Tx interfaces of
// storage/store.hpp, except where they must reach behind them (tampering with the audit trail).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "storage/store.hpp"

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
  // The destination to pass to Database::Backup so that open(dir) afterwards opens the copy (`dir` exists
  // and is empty).
  std::function<std::string(const std::string& dir)> backup_path;
};

inline void PrintTo(const BackendFactory& f, std::ostream* os) { *os << f.name; }
inline std::string FactoryName(const ::testing::TestParamInfo<BackendFactory>& info) { return info.param.name; }

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

}  // namespace wangge::storage::testing
