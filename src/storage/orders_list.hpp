// The order list (OrderRepo::List) as both backends run it: the sort, the parameters every List statement
// takes and the page read back. Templates over the backend's statement type; each backend writes its own SQL
// (sqlite/orders_repo.cpp, postgres/orders_repo.cpp) over these numbered parameters:
//   1 2 scope range   3 dept   4 reporter   5 handler   6 state (NULL = any)   7 open_only   8 overdue_only
//   9 min_warn   10 11 category range   12 received_from   13 received_to   14 cursor id   15 cursor key
//   16 limit + 1   17-21 the hidden class and its exceptions   22 kind (-1 = any)
//   the case filters: 23 risk (-1 = any)   24 outcome mask (0 = any)   25 routes ",a,b," (NULL = any)
//   26 channel (NULL = any)   27 repeats only   28 越级 only   29 包案 only   30 leader (NULL = any)
#pragma once

#include <charconv>
#include <climits>
#include <string>

#include "core/codes.hpp"
#include "storage/cursor.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::storage {

enum class ListSort { kNewest, kDeadline, kClosed };
inline constexpr int kListSortCount = 3;

inline Result<ListSort> ParseListSort(const std::string& sort) {
  if (sort == "newest" || sort.empty()) return ListSort::kNewest;
  if (sort == "deadline") return ListSort::kDeadline;
  if (sort == "closed") return ListSort::kClosed;
  return InvalidArgument("不支持的排序方式 " + sort, "unknown sort '" + sort + "' (newest, deadline, closed)",
                         "sort");
}

// A cursor's sort key, or `dflt` when it is not a number.
inline int64_t ParseCursorKey(const std::string& key, int64_t dflt) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
  if (key.empty() || ec != std::errc() || p != key.data() + key.size()) return dflt;
  return v;
}

// Binds parameters 1..30 (above). A statement that leaves a filter out ignores its parameter.
template <class Stmt>
void BindListParams(Stmt& s, const OrderQuery& q, ListSort sort, int limit) {
  const Cursor c = DecodeCursor(q.page.after);
  const bool first = q.page.after.empty() || (c.id == 0 && c.key.empty());
  CodeRange scope = PrefixRange(q.scope);
  CodeRange cat = PrefixRange(q.category);
  s.Bind(1, scope.begin).Bind(2, scope.end).Bind(3, q.dept).Bind(4, q.reporter).Bind(5, q.handler);
  if (q.state)
    s.Bind(6, static_cast<int>(*q.state));
  else
    s.BindNull(6);
  s.Bind(7, q.open_only).Bind(8, q.overdue_only).Bind(9, q.min_warn).Bind(10, cat.begin).Bind(11, cat.end);
  s.Bind(12, q.received_from).Bind(13, q.received_to);
  switch (sort) {
    case ListSort::kNewest:
      s.Bind(14, first ? INT64_MAX : c.id).Bind(15, int64_t{0});
      break;
    case ListSort::kDeadline:
      s.Bind(14, first ? int64_t{0} : c.id).Bind(15, first ? INT64_MIN : ParseCursorKey(c.key, INT64_MIN));
      break;
    case ListSort::kClosed:
      s.Bind(14, first ? INT64_MAX : c.id).Bind(15, first ? INT64_MAX : ParseCursorKey(c.key, INT64_MAX));
      break;
  }
  s.Bind(16, limit + 1);
  // The hidden class as a code range, and its exceptions (NULL when unset, so that an order without an
  // assignee place is not taken for one assigned to "").
  CodeRange hidden = PrefixRange(q.hide_class);
  s.Bind(17, hidden.begin).Bind(18, hidden.end);
  if (q.hide_except_reporter)
    s.Bind(19, q.hide_except_reporter);
  else
    s.BindNull(19);
  if (!q.hide_except_place.empty())
    s.Bind(20, q.hide_except_place);
  else
    s.BindNull(20);
  if (q.hide_except_dept)
    s.Bind(21, q.hide_except_dept);
  else
    s.BindNull(21);
  s.Bind(22, q.kind ? static_cast<int>(*q.kind) : -1);
  s.Bind(23, q.risk ? *q.risk : -1).Bind(24, q.outcome_mask);
  if (q.routes.empty()) {
    s.BindNull(25);
  } else {
    std::string routes = ",";
    for (const std::string& r : q.routes) routes += r + ",";
    s.Bind(25, routes);
  }
  if (q.channel.empty())
    s.BindNull(26);
  else
    s.Bind(26, q.channel);
  s.Bind(27, q.repeat_only).Bind(28, q.skip_level_only).Bind(29, q.led_only).Bind(30, q.leader);
}

// Reads a page of at most `limit` orders; the cursor carries the sort key as stored (`key_column` is the
// statement's `deadline` column), not as recomputed from the row.
template <class Stmt, class ReadRow>
Result<Page<order::Order>> ReadListPage(Stmt& s, ListSort sort, int limit, int key_column, ReadRow read) {
  Page<order::Order> page;
  int64_t last_key = 0;
  while (s.Step()) {
    if (static_cast<int>(page.items.size()) == limit) {
      const order::Order& last = page.items.back();
      page.next = sort == ListSort::kNewest ? EncodeCursor("", last.id)
                                            : EncodeCursor(std::to_string(last_key), last.id);
      break;
    }
    page.items.push_back(read(s));
    last_key = sort == ListSort::kDeadline ? s.Int(key_column) : page.items.back().closed_at;
  }
  if (!s.status().ok()) return s.status();
  return page;
}

}  // namespace wangge::storage
