// The demo county the demo tests share (tests/demo/*_test.cpp): BuildDemo at SMALL scale into a fresh SQLite
// file once per test binary run of the suite, at a fixed present, and the readers the tests use.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/demo/demo.hpp"
#include "core/codes.hpp"
#include "core/crypto.hpp"
#include "core/order.hpp"
#include "geo/geo.hpp"
#include "storage/database.hpp"
#include "storage/orders_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::cli::demo_test {

namespace fs = std::filesystem;

inline std::string SourceDir() {
#ifdef WANGGE_SOURCE_DIR
  return WANGGE_SOURCE_DIR;
#else
  const char* d = std::getenv("WANGGE_SOURCE_DIR");
  return d ? d : ".";
#endif
}

// Every page of a paged query.
template <typename T, typename Fn>
std::vector<T> All(Fn fetch) {
  std::vector<T> out;
  storage::PageRequest page{"", 1000};
  for (;;) {
    auto r = fetch(page);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return out;
    for (auto& x : r->items) out.push_back(std::move(x));
    if (r->next.empty()) return out;
    page.after = r->next;
  }
}

class DemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    InitCrypto();
    dir_ = fs::temp_directory_path() / ("wangge_demo_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto cipher = FieldCipher::FromMasterKey(FieldCipher::GenerateMasterKey());
    ASSERT_TRUE(cipher.ok());
    cipher_ = new FieldCipher(std::move(cipher).value());
    storage::DatabaseOptions so;
    so.synchronous_commit = false;
    auto db = storage::OpenDatabase((dir_ / "wangge.db").string(), so);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value().release();
    DemoOptions opt;
    opt.scale = "small";
    opt.divisions_dir = SourceDir() + "/data/divisions";
    // The order history's present: an ordinary working morning (Wednesday 2026-11-18 10:30 +08:00), so what
    // is open and in which colour does not depend on the day the tests run (in a long holiday nothing turns
    // yellow, as in a real county).
    now_ = 1794969000;
    opt.now = now_;
    auto s = BuildDemo(*db_, *cipher_, opt);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    summary_ = new DemoSummary(std::move(s).value());
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete db_;
    delete cipher_;
    summary_ = nullptr;
    db_ = nullptr;
    cipher_ = nullptr;
    fs::remove_all(dir_);
  }
  void SetUp() override { ASSERT_NE(summary_, nullptr) << "BuildDemo failed"; }

  std::unique_ptr<storage::Tx> Read() {
    auto tx = db_->Read();
    EXPECT_TRUE(tx.ok());
    return std::move(tx).value();
  }
  std::vector<Place> PlacesAt(storage::Tx& tx, Level level) {
    return All<Place>([&](const storage::PageRequest& p) {
      return tx.places().InScope("530326", static_cast<int>(level), false, p);
    });
  }
  std::vector<Person> People(storage::Tx& tx) {
    return All<Person>([&](const storage::PageRequest& p) {
      storage::PersonQuery q;
      q.scope = "530326";
      q.page = p;
      return tx.people().Search(q);
    });
  }
  // The grids of a community with their household counts.
  std::vector<geo::GridShape> Grids(storage::Tx& tx, const Place& village) {
    std::vector<geo::GridShape> out;
    auto grids = All<Place>(
        [&](const storage::PageRequest& p) { return tx.places().Children(village.code, false, p); });
    for (const Place& g : grids) {
      auto counts = tx.places().Counts(g.code);
      EXPECT_TRUE(counts.ok());
      out.push_back(geo::GridShape{g.code, g.boundary, static_cast<int>(counts->households)});
    }
    return out;
  }

  // Every order of the county of one kind (the event loop's by default), oldest first.
  std::vector<order::Order> Orders(storage::Tx& tx, order::Kind kind = order::Kind::kEvent) {
    auto v = All<order::Order>([&](const storage::PageRequest& p) {
      storage::OrderQuery q;
      q.scope = "530326";
      q.kind = kind;
      q.page = p;
      return tx.orders().List(q);
    });
    std::sort(v.begin(), v.end(), [](const order::Order& a, const order::Order& b) { return a.id < b.id; });
    return v;
  }

  static inline fs::path dir_;
  static inline int64_t now_ = 0;
  static inline FieldCipher* cipher_ = nullptr;
  static inline storage::Database* db_ = nullptr;
  static inline DemoSummary* summary_ = nullptr;
};

}  // namespace wangge::cli::demo_test
