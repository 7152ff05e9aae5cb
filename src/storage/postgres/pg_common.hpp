// Helpers shared by the repository files of the PostgreSQL backend (<domain>_repo.cpp): paging, lookups by
// id, the optimistic-lock error, limits. A helper used by one domain stays in that domain's file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/codes.hpp"
#include "core/status.hpp"
#include "storage/cursor.hpp"
#include "storage/database.hpp"
#include "storage/postgres/pg_conn.hpp"

namespace wangge::storage::postgres {

inline constexpr int kMaxPage = 1000;
inline constexpr int kMaxDue = 1000;  // scheduler batches
// The page size asked for, 50 when unset, at most kMaxPage.
inline int PageLimit(const PageRequest& p) {
  return p.limit <= 0 ? 50 : (p.limit > kMaxPage ? kMaxPage : p.limit);
}
// A row limit asked for, at least 1 and at most `max`.
inline int Clamp(int limit, int max) { return limit <= 0 ? 1 : (limit > max ? max : limit); }

// kConflict for an optimistic-lock miss.
Status StaleVersion();

// The first column of the statement's one row; nullopt when there is no row or it is NULL.
Result<std::optional<int64_t>> OptionalInt(Stmt& s);

// Binds a blob, or NULL when it is empty.
void BindBlobOrNull(Stmt& s, int i, const std::string& v);

// The county (区县) code a row is distributed by: the first 6 digits of its place code, zero-padded
// ("53" -> "530000", "5303" -> "530300"; "" -> "000000", the installation itself). docs/scale-out.md.
std::string CountyOf(const std::string& place_code);

// Runs a keyset page over statement `s` (which asks for limit + 1 rows) whose rows are read by `read`; `key`
// gives the cursor of an item.
template <typename T, typename ReadFn, typename KeyFn>
Result<Page<T>> RunPage(Stmt& s, int limit, ReadFn read, KeyFn key) {
  Page<T> page;
  while (s.Step()) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next = key(page.items.back());
      break;
    }
    page.items.push_back(read(s));
  }
  if (!s.status().ok()) return s.status();
  return page;
}

// Runs a single-row lookup by id; RecordNotFound() when absent (the same answer as out of scope).
template <typename T, typename ReadFn>
Result<T> GetById(Conn& conn, const char* sql, int64_t id, ReadFn read) {
  auto s = conn.Prepare(sql);
  s.Bind(1, id);
  if (s.Step()) return read(s);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

// Runs a list scoped to a code prefix, keyset-paginated on (place_code, id). `sql` binds $1/$2 to the prefix
// range, $3/$4 to the cursor and $5 to the limit.
template <typename T, typename ReadFn>
Result<Page<T>> ScopedPage(Conn& conn, const char* sql, const std::string& scope, const PageRequest& page,
                           ReadFn read) {
  auto s = conn.Prepare(sql);
  CodeRange r = PrefixRange(scope);
  Cursor c = DecodeCursor(page.after);
  int limit = PageLimit(page);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, c.key).Bind(4, c.id).Bind(5, limit + 1);
  return RunPage<T>(s, limit, read, [](const T& t) { return EncodeCursor(t.place_code, t.id); });
}

}  // namespace wangge::storage::postgres
