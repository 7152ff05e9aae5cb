// The registry (registry.hpp) against the live schema of each backend: every table is declared, every
// declared column exists, and every column that looks like a place code or a sealed value is declared as one
// — so a table or column added without its registry line fails here instead of being missed by a place move,
// `wangge check` or key rotation.
#include "storage/registry.hpp"

#include <set>

#include "storage/contract_test.hpp"

namespace wangge::storage::testing {
namespace {

bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Column names that hold a place code by the schema's conventions.
bool LooksLikePlace(const std::string& table, const std::string& column) {
  return column == "place_code" || EndsWith(column, "_place") || column == "scope" ||
         column == "parent_code" || (table == "places" && column == "code") ||
         (table == "place_counts" && column == "code") || (table == "order_rollup" && column == "subject");
}
// Hashes that are not sealed personal data: an argon2id password hash, session and key digests, the audit
// chain.
bool LooksSealed(const std::string& table, const std::string& column) {
  static const std::set<std::string> kNotSealed = {"users.password_hash", "sessions.token_hash",
                                                   "audit.prev_hash"};
  return (EndsWith(column, "_enc") || EndsWith(column, "_hash")) && !kNotSealed.count(table + "." + column);
}

TEST_P(StorageContractTest, RegistryMatchesTheLiveSchema) {
  auto schema = db_->Schema();
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  std::set<std::string> declared;
  for (const TableInfo& t : Tables()) {
    declared.insert(std::string(t.name));
    auto live = schema->find(std::string(t.name));
    ASSERT_NE(live, schema->end()) << "registry table " << t.name << " is not in the " << factory().name
                                   << " schema";
    const std::set<std::string> cols(live->second.begin(), live->second.end());
    for (const PlaceColumn& pc : t.places)
      EXPECT_TRUE(cols.count(std::string(pc.column)))
          << t.name << "." << pc.column << " is declared, not in the schema";
    for (const SealedColumn& sc : t.sealed)
      EXPECT_TRUE(cols.count(std::string(sc.column)))
          << t.name << "." << sc.column << " is declared, not in the schema";
  }
  for (const auto& [table, columns] : *schema) {
    const TableInfo* t = FindTable(table);
    EXPECT_NE(t, nullptr) << "table " << table
                          << " has no line in storage/registry.cpp (place codes, sealed columns, "
                          << "kind): add one";
    if (t == nullptr) continue;
    for (const std::string& c : columns) {
      if (LooksLikePlace(table, c)) {
        bool found = false;
        for (const PlaceColumn& pc : t->places) found = found || pc.column == c;
        EXPECT_TRUE(found) << table << "." << c
                           << " looks like a place code but the registry does not list it";
      }
      if (LooksSealed(table, c)) {
        bool found = false;
        for (const SealedColumn& sc : t->sealed) found = found || sc.column == c;
        EXPECT_TRUE(found) << table << "." << c << " looks sealed but the registry does not list it";
      }
    }
  }
}

}  // namespace
}  // namespace wangge::storage::testing
