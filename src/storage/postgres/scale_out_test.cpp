// The rules that let the schema be distributed by county code (Citus: create_distributed_table on `county`;
// docs/scale-out.md), checked on the live PostgreSQL catalog of a freshly migrated database. The queries use
// pg_catalog only, so the test passes unchanged on a Citus coordinator, whose catalog holds the logical
// tables:
//   - every table is in the registry (registry.cpp), which says whether it is per-county data (kData) or a
//     reference/system table;
//   - a kData table's first column is `county` (text, NOT NULL, collation "C"), its primary key exists and
//     leads with county, and so does every unique index (Citus enforces uniqueness only with the
//     distribution column in the key);
//   - a foreign key of a kData table either points at a reference/system table or includes county on both
//     sides at the same position (co-located: the parent row lives in the same shard);
//   - a reference/system table has foreign keys only to reference/system tables.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "storage/postgres/pg_conn.hpp"
#include "storage/postgres/pg_db.hpp"
#include "storage/postgres/pg_test_util.hpp"
#include "storage/registry.hpp"

namespace wangge::storage::testing {
namespace {

using postgres::Conn;

std::vector<std::vector<std::string>> Rows(Conn& c, const char* sql) {
  std::vector<std::vector<std::string>> out;
  auto s = c.Prepare(sql);
  while (s.Step()) {
    std::vector<std::string> row;
    for (int i = 0; i < 8; ++i) row.push_back(s.Text(i));  // every query selects 8 columns
    out.push_back(std::move(row));
  }
  EXPECT_TRUE(s.status().ok()) << s.status().ToString();
  return out;
}

bool IsData(const std::string& table) {
  const TableInfo* t = FindTable(table);
  return t != nullptr && t->kind == TableKind::kData;
}

TEST_F(PgBackend, EveryTableCanBeDistributedByCountyOrIsAReferenceTable) {
  {
    auto db = OpenPostgres(url_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
  }
  auto conn = Conn::Open(url_);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  Conn& c = **conn;

  // Tables of the product's schema with their first column, its type, nullability and collation.
  const auto tables = Rows(c,
                           "SELECT cl.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
                           "a.attnotnull::text, coalesce(co.collname, ''), '', '', '' "
                           "FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace "
                           "JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = ("
                           "  SELECT min(attnum) FROM pg_attribute WHERE attrelid = cl.oid AND attnum > 0 "
                           "  AND NOT attisdropped) "
                           "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                           "WHERE n.nspname = current_schema() AND cl.relkind IN ('r', 'p') ORDER BY 1");
  ASSERT_FALSE(tables.empty());
  std::set<std::string> seen;
  int data_tables = 0;
  for (const auto& t : tables) {
    const std::string& name = t[0];
    seen.insert(name);
    const TableInfo* info = FindTable(name);
    EXPECT_NE(info, nullptr) << "table " << name << " is not in the registry (registry.cpp)";
    if (info == nullptr || info->kind != TableKind::kData) continue;
    ++data_tables;
    EXPECT_EQ(t[1], "county") << name << ": a per-county table's first column must be county";
    EXPECT_EQ(t[2], "text") << name << ".county type";
    EXPECT_EQ(t[3], "true") << name << ".county must be NOT NULL";
    EXPECT_EQ(t[4], "C") << name << ".county must compare bytewise (COLLATE \"C\")";
  }
  EXPECT_GT(data_tables, 10);
  for (const TableInfo& t : Tables())
    EXPECT_TRUE(seen.count(std::string(t.name))) << "registry table " << t.name << " missing in PostgreSQL";

  // Primary keys and unique indexes: the first key column of each, per table.
  const auto keys = Rows(c,
                         "SELECT cl.relname, i.relname, ix.indisprimary::text, a.attname, '', '', '', '' "
                         "FROM pg_index ix JOIN pg_class cl ON cl.oid = ix.indrelid "
                         "JOIN pg_class i ON i.oid = ix.indexrelid "
                         "JOIN pg_namespace n ON n.oid = cl.relnamespace "
                         "LEFT JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = ix.indkey[0] "
                         "WHERE n.nspname = current_schema() AND ix.indisunique ORDER BY 1, 2");
  std::set<std::string> with_pk;
  for (const auto& k : keys) {
    if (k[2] == "true") with_pk.insert(k[0]);
    if (!IsData(k[0])) continue;
    EXPECT_EQ(k[3], "county") << k[0] << ": unique index " << k[1]
                              << " must lead with county (Citus enforces uniqueness only with it)";
  }
  for (const auto& t : tables) {
    if (IsData(t[0])) {
      EXPECT_TRUE(with_pk.count(t[0])) << t[0] << " has no primary key";
    }
  }

  // Foreign keys: child, parent, and whether county sits at the same position on both sides.
  const auto fks = Rows(c,
                        "SELECT ch.relname, pa.relname, con.conname, "
                        "  (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.conkey) WITH "
                        "ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = "
                        "k.n), "
                        "  (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.confkey) WITH "
                        "ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = "
                        "k.n), '', '', '' "
                        "FROM pg_constraint con JOIN pg_class ch ON ch.oid = con.conrelid "
                        "JOIN pg_class pa ON pa.oid = con.confrelid "
                        "JOIN pg_namespace n ON n.oid = ch.relnamespace "
                        "WHERE n.nspname = current_schema() AND con.contype = 'f' ORDER BY 1, 3");
  for (const auto& f : fks) {
    const std::string &child = f[0], &parent = f[1], &name = f[2], &cols = f[3], &pcols = f[4];
    if (!IsData(child)) {
      EXPECT_FALSE(IsData(parent)) << "reference table " << child << " references per-county table " << parent
                                   << " (" << name << ")";
      continue;
    }
    if (!IsData(parent)) continue;  // a per-county row pointing at a reference table: allowed
    std::vector<std::string> a, b;
    size_t pos = 0;
    for (std::string s = cols + ","; (pos = s.find(',')) != std::string::npos; s.erase(0, pos + 1))
      a.push_back(s.substr(0, pos));
    for (std::string s = pcols + ","; (pos = s.find(',')) != std::string::npos; s.erase(0, pos + 1))
      b.push_back(s.substr(0, pos));
    bool colocated = false;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (a[i] == "county" && b[i] == "county") colocated = true;
    EXPECT_TRUE(colocated) << child << "(" << cols << ") -> " << parent << "(" << pcols << ") [" << name
                           << "]: a foreign key between per-county tables must include county on both sides";
  }
}

}  // namespace
}  // namespace wangge::storage::testing
