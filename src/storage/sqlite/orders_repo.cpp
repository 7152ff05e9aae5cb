// SQLite: work orders (工单) with their timeline, call-ins (吹哨) and indicator roll-ups (orders_repo.hpp),
// and SqliteTx::FlushRollups, which writes the roll-up deltas a batch buffered.
#include "storage/orders_repo.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/codes.hpp"
#include "storage/coords.hpp"
#include "storage/cursor.hpp"
#include "storage/orders_list.hpp"
#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

using order::Metrics;
using order::State;

// The state numbers the SQL below spells out (the orders table stores the enum values).
static_assert(static_cast<int>(State::kReported) == 0 && static_cast<int>(State::kRefused) == 1 &&
                  static_cast<int>(State::kAccepted) == 2 && static_cast<int>(State::kDispatched) == 3 &&
                  static_cast<int>(State::kHandling) == 4 && static_cast<int>(State::kReturned) == 5 &&
                  static_cast<int>(State::kFinished) == 6 && static_cast<int>(State::kVerified) == 7 &&
                  static_cast<int>(State::kClosed) == 8 && static_cast<int>(State::kMerged) == 9 &&
                  static_cast<int>(State::kTransferred) == 10,
              "the SQL in this file spells state numbers out");
// order::IsOpen, in SQL.
#define OPEN_STATES "(0,2,3,4,5,6,10)"
#define RESOLVED_STATES "(7,8)"
#define OUT_STATES "(1,9)"
static_assert(order::kMetricCount == 34, "RECOMPUTE_SUMS and the order_rollup table list every metric");

constexpr int kMaxEvents = 5000;   // one order's timeline
constexpr int kMaxCallins = 1000;  // departments called in to one order
constexpr int kMaxNearby = 200;

// ---------------------------------------------------------------- orders: columns

order::Order ReadOrder(const Stmt& s) {
  order::Order o;
  o.id = s.Int(0);
  o.kind = static_cast<order::Kind>(s.Int(1));
  o.state = static_cast<State>(s.Int(2));
  o.category = s.Text(3);
  o.urgency = static_cast<int>(s.Int(4));
  o.channel = s.Text(5);
  o.title = s.Text(6);
  o.description = s.Text(7);
  o.address = s.Text(8);
  o.lat = FromE7(s.OptInt(9));
  o.lon = FromE7(s.OptInt(10));
  o.place_code = s.Text(11);
  o.reporter_user_id = s.Int(12);
  o.reporter_name_enc = s.Blob(13);
  o.reporter_phone_enc = s.Blob(14);
  o.reporter_name_masked = s.Text(15);
  o.reporter_phone_masked = s.Text(16);
  o.command_place = s.Text(17);
  o.assignee_dept = s.OptInt(18);
  o.assignee_place = s.Text(19);
  o.handler_user_id = s.OptInt(20);
  o.received_at = s.Int(21);
  o.accept_due = s.Int(22);
  o.responded_at = s.Int(23);
  o.accepted_at = s.Int(24);
  o.phase_start = s.Int(25);
  o.handle_due = s.Int(26);
  o.finished_at = s.Int(27);
  o.verified_at = s.Int(28);
  o.closed_at = s.Int(29);
  o.alarm_at = s.Int(30);
  o.warn = static_cast<int>(s.Int(31));
  o.accept_late = s.Int(32) != 0;
  o.handle_late = s.Int(33) != 0;
  o.ever_dispatched = s.Int(34) != 0;
  o.ever_finished = s.Int(35) != 0;
  o.ext_pending_days = static_cast<int>(s.Int(36));
  o.extensions = static_cast<int>(s.Int(37));
  o.return_count = static_cast<int>(s.Int(38));
  o.reopen_count = static_cast<int>(s.Int(39));
  o.escalate_count = static_cast<int>(s.Int(40));
  o.supervise_count = static_cast<int>(s.Int(41));
  o.supervise_level = static_cast<int>(s.Int(42));
  o.rating = static_cast<int>(s.Int(43));
  o.tier = s.Text(44);
  o.merged_into = s.OptInt(45);
  o.version = s.Int(46);
  o.updated_at = s.Int(47);
  o.track_key = s.Text(49);
  o.risk = static_cast<int>(s.Int(50));
  o.outcome = static_cast<int>(s.Int(51));
  o.route = s.Text(52);
  o.route_ref = s.Text(53);
  o.followups = static_cast<int>(s.Int(54));
  o.linked_order = s.OptInt(55);
  o.leader_user_id = s.OptInt(56);
  o.repeat_of = s.OptInt(57);
  o.skip_level = s.Int(58) != 0;
  o.superior = s.Text(59);
  o.superior_due = s.Int(60);
  o.service_minutes = static_cast<int>(s.Int(61));
  return o;
}
// Column 48 (deadline) is read only as a sort key of List.
#define ORDER_COLS                                                                                         \
  "o.id, o.kind, o.state, o.category, o.urgency, o.channel, o.title, o.description, o.address, o.lat_e7, " \
  "o.lon_e7, o.place_code, o.reporter_user_id, o.reporter_name_enc, o.reporter_phone_enc, "                \
  "o.reporter_name_masked, o.reporter_phone_masked, o.command_place, o.assignee_dept, o.assignee_place, "  \
  "o.handler_user_id, o.received_at, o.accept_due, o.responded_at, o.accepted_at, o.phase_start, "         \
  "o.handle_due, o.finished_at, o.verified_at, o.closed_at, o.alarm_at, o.warn, o.accept_late, "           \
  "o.handle_late, "                                                                                        \
  "o.ever_dispatched, o.ever_finished, o.ext_pending_days, o.extensions, o.return_count, o.reopen_count, " \
  "o.escalate_count, o.supervise_count, o.supervise_level, o.rating, o.tier, o.merged_into, o.version, "   \
  "o.updated_at, o.deadline, o.track_key, o.risk, o.outcome, o.route, o.route_ref, o.followups, "          \
  "o.linked_order, o.leader_user_id, o.repeat_of, o.skip_level, o.superior, o.superior_due, "              \
  "o.service_minutes "

// Binds every stored field but id and track_key as ?1..?48 and ?50..?60 (the column order of
// ORDER_WRITE_COLS).
void BindOrder(Stmt& s, const order::Order& o) {
  s.Bind(1, static_cast<int>(o.kind))
      .Bind(2, static_cast<int>(o.state))
      .Bind(3, o.category)
      .Bind(4, o.urgency);
  s.Bind(5, o.channel).Bind(6, o.title).Bind(7, o.description).Bind(8, o.address);
  s.Bind(9, ToE7(o.lat)).Bind(10, ToE7(o.lon)).Bind(11, o.place_code).Bind(12, o.reporter_user_id);
  BindBlobOrNull(s, 13, o.reporter_name_enc);
  BindBlobOrNull(s, 14, o.reporter_phone_enc);
  s.Bind(15, o.reporter_name_masked).Bind(16, o.reporter_phone_masked).Bind(17, o.command_place);
  s.Bind(18, o.assignee_dept).Bind(19, o.assignee_place).Bind(20, o.handler_user_id);
  s.Bind(21, o.received_at).Bind(22, o.accept_due).Bind(23, o.responded_at).Bind(24, o.accepted_at);
  s.Bind(25, o.phase_start).Bind(26, o.handle_due).Bind(27, o.finished_at).Bind(28, o.verified_at);
  s.Bind(29, o.closed_at)
      .Bind(30, o.alarm_at)
      .Bind(31, o.warn)
      .Bind(32, o.accept_late)
      .Bind(33, o.handle_late);
  s.Bind(34, o.ever_dispatched).Bind(35, o.ever_finished).Bind(36, o.ext_pending_days).Bind(37, o.extensions);
  s.Bind(38, o.return_count).Bind(39, o.reopen_count).Bind(40, o.escalate_count).Bind(41, o.supervise_count);
  s.Bind(42, o.supervise_level)
      .Bind(43, o.rating)
      .Bind(44, o.tier)
      .Bind(45, o.merged_into)
      .Bind(46, o.version);
  s.Bind(47, o.updated_at);
  const int64_t deadline = order::CurrentDeadline(o);
  s.Bind(48, deadline == 0 ? std::optional<int64_t>() : std::optional<int64_t>(deadline));
  s.Bind(50, o.risk).Bind(51, o.outcome).Bind(52, o.route).Bind(53, o.route_ref).Bind(54, o.followups);
  s.Bind(55, o.linked_order).Bind(56, o.leader_user_id).Bind(57, o.repeat_of).Bind(58, o.skip_level);
  s.Bind(59, o.superior).Bind(60, o.superior_due).Bind(61, o.service_minutes);
}

Result<std::vector<order::Order>> ReadOrders(Stmt& s) {
  std::vector<order::Order> out;
  while (s.Step()) out.push_back(ReadOrder(s));
  if (!s.status().ok()) return s.status();
  return out;
}

// ---------------------------------------------------------------- orders: List plans

// How List reaches its rows (the first filter that is set decides), and in which order it returns them.
enum class Access { kPlaceSmall, kPlaceLarge, kDept, kReporter, kHandler, kKindLarge, kLeader };
using Sort = ListSort;
constexpr int kAccessCount = 7, kSortCount = kListSortCount;

// Parameters of every List statement:
//   ?1 ?2 scope range   ?3 dept   ?4 reporter   ?5 handler   ?6 state (NULL = any)   ?7 open_only
//   ?8 overdue_only   ?9 min_warn   ?10 ?11 category range   ?12 received_from   ?13 received_to
//   ?14 cursor id   ?15 cursor key   ?16 limit + 1   ?17-?21 the hidden class and its exceptions
//   (ListFilters)   ?22 kind (-1 = any)
// Filter columns carry a unary + so that the planner never mistakes them for the access path. `people` adds
// the reporter and handler filters (absent where the access path makes them moot, to keep orders_place
// covering).
// `hide`: the OrderQuery::hide_class filter (?17 ?18 the class range, ?19 reporter, ?20 assignee place, ?21
// assignee department as its exceptions), in the statements of callers that may not see the class only, since
// it reads columns outside the covering orders_place; `called`: the arm of the orders a department was called
// in to, which the filter keeps.
std::string ListFilters(const std::string& t, bool people, bool hide, bool called = false) {
  std::string f = " AND (?6 IS NULL OR +" + t + ".state = ?6) AND (?7 = 0 OR +" + t +
                  ".state IN " OPEN_STATES ") AND (?8 = 0 OR (+" + t + ".warn = 2 AND +" + t +
                  ".state IN " OPEN_STATES ")) AND +" + t + ".warn >= ?9 AND +" + t +
                  ".category >= ?10 AND +" + t + ".category < ?11 AND (?12 = 0 OR +" + t +
                  ".received_at >= ?12) AND (?13 = 0 OR +" + t + ".received_at < ?13) AND (?22 < 0 OR +" + t +
                  ".kind = ?22) AND (?23 < 0 OR +" + t + ".risk = ?23) AND (?24 = 0 OR ((1 << +" + t +
                  ".outcome) & ?24) <> 0) AND (?25 IS NULL OR instr(?25, ',' || +" + t +
                  ".route || ',') > 0) AND (?26 IS NULL OR +" + t + ".channel = ?26) AND (?27 = 0 OR +" + t +
                  ".repeat_of IS NOT NULL) AND (?28 = 0 OR +" + t + ".skip_level = 1) AND (?29 = 0 OR +" + t +
                  ".leader_user_id IS NOT NULL)";
  if (hide && !called)
    f += " AND (+" + t + ".category < ?17 OR +" + t + ".category >= ?18 OR +" + t +
         ".reporter_user_id = ?19 OR +" + t + ".assignee_place = ?20 OR +" + t + ".assignee_dept = ?21)";
  if (people)
    f += " AND (?4 IS NULL OR +" + t + ".reporter_user_id = ?4) AND (?5 IS NULL OR +" + t +
         ".handler_user_id = ?5)";
  return f;
}

std::string ListSql(Access a, Sort sort, bool hide) {
  std::string keyset, order_by;  // with "T." for the table alias
  switch (sort) {
    case Sort::kNewest:
      keyset = " AND T.id < ?14";
      order_by = " ORDER BY T.id DESC";
      break;
    case Sort::kDeadline:
      keyset = " AND T.deadline IS NOT NULL AND (T.deadline, T.id) > (?15, ?14)";
      order_by = " ORDER BY T.deadline, T.id";
      break;
    case Sort::kClosed:
      keyset = " AND T.state = 8 AND (T.closed_at, T.id) < (?15, ?14)";
      order_by = " ORDER BY T.closed_at DESC, T.id DESC";
      break;
  }
  auto alias = [](std::string text, const std::string& t) {
    for (size_t p = 0; (p = text.find("T.", p)) != std::string::npos; p += t.size() + 1)
      text.replace(p, 1, t);
    return text;
  };
  auto arm = [&](const std::string& from_where, bool people) {
    return "SELECT " ORDER_COLS + from_where + ListFilters("o", people, hide) + alias(keyset, "o");
  };
  std::string sql;
  switch (a) {
    case Access::kPlaceSmall:
      // A village or grid holds a few thousand orders at most. By deadline: the open ones by place, sorted.
      // Newest or closed: filter and sort on the covering orders_place alone, then read the page's rows.
      if (sort == Sort::kDeadline) {
        sql = arm("FROM orders o INDEXED BY orders_open_place WHERE o.place_code >= ?1 AND o.place_code < ?2",
                  false) +
              alias(order_by, "o");
      } else {
        sql = "SELECT " ORDER_COLS
              "FROM orders o WHERE o.id IN (SELECT x.id FROM orders x INDEXED BY orders_place "
              "WHERE x.place_code >= ?1 AND x.place_code < ?2" +
              ListFilters("x", false, hide) + alias(keyset, "x") + alias(order_by, "x") + " LIMIT ?16)" +
              alias(order_by, "o");
      }
      break;
    case Access::kPlaceLarge: {
      // A township or more: walk the sort order and filter by place, which fills a page after a few rows.
      std::string from = "FROM orders o";
      if (sort == Sort::kDeadline) from += " INDEXED BY orders_open_deadline";
      if (sort == Sort::kClosed) from += " INDEXED BY orders_closed";
      sql = arm(from + " WHERE +o.place_code >= ?1 AND +o.place_code < ?2", true) + alias(order_by, "o");
      break;
    }
    case Access::kKindLarge: {
      // A township or more, cases of a kind other than events (a few in a hundred orders): walk that kind's
      // own sort index (0010_case_lists.sql; `o.kind <> 0` lets the planner use the partial index).
      const char* index = sort == Sort::kDeadline ? "orders_kind_deadline"
                          : sort == Sort::kClosed ? "orders_kind_closed"
                                                  : "orders_kind_newest";
      sql = arm(std::string("FROM orders o INDEXED BY ") + index +
                    " WHERE o.kind = ?22 AND o.kind <> 0 AND +o.place_code >= ?1 AND +o.place_code < ?2",
                true) +
            alias(order_by, "o");
      break;
    }
    case Access::kDept: {
      // Assigned to the department, or called in (吹哨): two ordered streams merged by the compound ORDER BY
      // (which names result columns, hence no alias).
      std::string compound_order = order_by;
      for (size_t p; (p = compound_order.find("T.")) != std::string::npos;) compound_order.erase(p, 2);
      sql = arm("FROM orders o WHERE o.assignee_dept = ?3", true) + " UNION ALL " +
            "SELECT " ORDER_COLS
            "FROM order_callins c JOIN orders o ON o.id = c.order_id WHERE c.dept_id = ?3 "
            "AND o.assignee_dept IS NOT ?3" +
            ListFilters("o", true, hide, /*called=*/true) + alias(keyset, "o") + compound_order;
      break;
    }
    case Access::kReporter:
      sql = arm("FROM orders o WHERE o.reporter_user_id = ?4", true) + alias(order_by, "o");
      break;
    case Access::kHandler:
      sql = arm("FROM orders o WHERE o.handler_user_id = ?5 AND +o.place_code >= ?1 AND +o.place_code < ?2",
                true) +
            alias(order_by, "o");
      break;
    case Access::kLeader:
      // A leader's 包案: a few dozen orders, read by the leader index whatever the sort.
      sql = arm("FROM orders o INDEXED BY orders_leader WHERE o.leader_user_id = ?30", true) +
            alias(order_by, "o");
      break;
  }
  return sql + " LIMIT ?16";
}

const char* ListStatement(Access a, Sort sort, bool hide) {
  constexpr int kPlans = kAccessCount * kSortCount;
  static const std::array<std::string, kPlans* 2> all = [] {
    std::array<std::string, kPlans * 2> v;
    for (int h = 0; h < 2; ++h)
      for (int i = 0; i < kAccessCount; ++i)
        for (int j = 0; j < kSortCount; ++j)
          v[h * kPlans + i * kSortCount + j] = ListSql(static_cast<Access>(i), static_cast<Sort>(j), h == 1);
    return v;
  }();
  return all[(hide ? kPlans : 0) + static_cast<int>(a) * kSortCount + static_cast<int>(sort)].c_str();
}

// ---------------------------------------------------------------- roll-ups: SQL built from MetricName

// "received, responded_in_time, …"
std::string MetricColumns(const char* prefix = "") {
  std::string out;
  for (int m = 0; m < order::kMetricCount; ++m) {
    if (m) out += ", ";
    out += prefix;
    out += order::MetricName(m);
  }
  return out;
}

std::string MetricSums() {
  std::string out;
  for (int m = 0; m < order::kMetricCount; ++m) {
    if (m) out += ", ";
    out += "coalesce(sum(" + std::string(order::MetricName(m)) + "), 0)";
  }
  return out;
}

std::string RollupInsertSql(bool upsert) {
  std::string sql =
      "INSERT INTO order_rollup(subject, grain, period, kind, category, " + MetricColumns() + ") VALUES(";
  for (int i = 1; i <= 5 + order::kMetricCount; ++i) sql += (i > 1 ? ", ?" : "?") + std::to_string(i);
  sql += ")";
  if (upsert) {
    sql += " ON CONFLICT(subject, grain, period, kind, category) DO UPDATE SET ";
    for (int m = 0; m < order::kMetricCount; ++m) {
      std::string c(order::MetricName(m));
      sql += (m ? ", " : "") + c + " = " + c + " + excluded." + c;
    }
  }
  return sql;
}

// The roll-up range statements: ?1 subject, ?2 grain, ?3..?4 periods, ?5 kind (-1 = any), ?6..?7 category
// range. Equality on (subject, grain) and a range on period: a primary-key range scan; kind and category are
// read from the same index entries.
constexpr const char* kRollupWhere =
    " FROM order_rollup WHERE subject = ?1 AND grain = ?2 AND period >= ?3 AND period <= ?4"
    " AND (?5 < 0 OR kind = ?5) AND category >= ?6 AND category < ?7 AND (?8 = ?9 OR category < ?8 OR "
    "category >= ?9)";

struct RollupSql {
  std::string upsert, insert, sum, by_category, by_period;
};
const RollupSql& RollupStatements() {
  static const RollupSql sql = [] {
    RollupSql r;
    r.upsert = RollupInsertSql(true);
    r.insert = RollupInsertSql(false);
    r.sum = "SELECT " + MetricSums() + kRollupWhere;
    r.by_category =
        "SELECT category, " + MetricSums() + kRollupWhere + " GROUP BY category ORDER BY category";
    r.by_period = "SELECT period, " + MetricSums() + kRollupWhere + " GROUP BY period ORDER BY period";
    return r;
  }();
  return sql;
}

void BindRollupRow(Stmt& s, const RollupKey& k, const Metrics& m) {
  s.Bind(1, k.subject)
      .Bind(2, k.grain)
      .Bind(3, static_cast<int64_t>(k.period))
      .Bind(4, k.kind)
      .Bind(5, k.category);
  for (int i = 0; i < order::kMetricCount; ++i) s.Bind(6 + i, m[i]);
}

Metrics ReadMetrics(const Stmt& s, int first_col) {
  Metrics m;
  for (int i = 0; i < order::kMetricCount; ++i) m[i] = s.Int(first_col + i);
  return m;
}

// A day range split into the rows that cover it: month rows (grain 1) for the whole months inside it, day
// rows (grain 0) for the partial months at either edge.
struct Span {
  int grain;
  int32_t lo, hi;  // inclusive periods
  int sign = 1;    // -1: rows to subtract (the complement of a partial month)
};
// Whole months from month rows; a partial month at an edge from its day rows inside the range, or — when
// fewer of its days lie outside the range — from its month row minus the day rows outside (a range ending
// today reads the current month's row, not one row per day so far).
std::vector<Span> SplitDays(int32_t from, int32_t to) {
  std::vector<Span> out;
  if (from > to) return out;
  auto first = [](int32_t m) { return order::FirstDayOfMonth(m); };
  auto last = [](int32_t m) { return order::FirstDayOfMonth(m + 1) - 1; };
  // Adds days [lo, hi] of month m (a partial month): direct, or as month − complement.
  auto partial = [&](int32_t m, int32_t lo, int32_t hi) {
    const int32_t inside = hi - lo + 1, outside = (last(m) - first(m) + 1) - inside;
    if (outside + 1 < inside) {
      out.push_back({1, m, m, 1});
      if (lo > first(m)) out.push_back({0, first(m), lo - 1, -1});
      if (hi < last(m)) out.push_back({0, hi + 1, last(m), -1});
    } else {
      out.push_back({0, lo, hi, 1});
    }
  };
  const int32_t m_from = order::MonthOfDay(from), m_to = order::MonthOfDay(to);
  if (m_from == m_to) {
    if (from == first(m_from) && to == last(m_to))
      out.push_back({1, m_from, m_from, 1});
    else
      partial(m_from, from, to);
    return out;
  }
  int32_t m_first = m_from, m_last = m_to;
  if (from != first(m_from)) {
    partial(m_from, from, last(m_from));
    ++m_first;
  }
  if (to != last(m_to)) {
    partial(m_to, first(m_to), to);
    --m_last;
  }
  if (m_first <= m_last) out.push_back({1, m_first, m_last, 1});
  return out;
}

// Runs `sql` once per span of the query, calling row(stmt, span) for every result row.
template <typename RowFn>
Status ForEachSpan(Conn& conn, const std::string& sql, const RollupQuery& q, RowFn row) {
  CodeRange cat = PrefixRange(q.category);
  const CodeRange excluded = q.exclude_category.empty() ? CodeRange{"", ""} : PrefixRange(q.exclude_category);
  auto s = conn.Prepare(sql.c_str());
  for (const Span& span : SplitDays(q.from_day, q.to_day)) {
    s.Bind(1, q.subject)
        .Bind(2, span.grain)
        .Bind(3, static_cast<int64_t>(span.lo))
        .Bind(4, static_cast<int64_t>(span.hi));
    s.Bind(5, q.kind ? *q.kind : -1).Bind(6, cat.begin).Bind(7, cat.end);
    s.Bind(8, excluded.begin).Bind(9, excluded.end);
    while (s.Step()) row(s, span);
    RETURN_IF_ERROR(s.status());
    s.Reset();
  }
  return Status::Ok();
}

// order::Contribution, in SQL: one column per metric, in Metric order, summed over the matching orders.
#define RECOMPUTE_SUMS                                                                        \
  "count(*), "                                                                                \
  "coalesce(sum(CASE WHEN o.responded_at <> 0 AND o.accept_late = 0 THEN 1 ELSE 0 END), 0), " \
  "coalesce(sum(CASE WHEN o.state = 1 THEN 1 ELSE 0 END), 0), "                               \
  "coalesce(sum(CASE WHEN o.state = 9 THEN 1 ELSE 0 END), 0), "                               \
  "coalesce(sum(CASE WHEN o.ever_dispatched <> 0 THEN 1 ELSE 0 END), 0), "                    \
  "coalesce(sum(CASE WHEN o.return_count > 0 THEN 1 ELSE 0 END), 0), "                        \
  "coalesce(sum(CASE WHEN o.accepted_at <> 0 AND o.state NOT IN " OUT_STATES                  \
  " AND (o.state IN " RESOLVED_STATES                                                         \
  " OR o.handle_late <> 0) THEN 1 ELSE 0 END), 0), "                                          \
  "coalesce(sum(CASE WHEN o.state IN " RESOLVED_STATES                                        \
  " THEN 1 ELSE 0 END), 0), "                                                                 \
  "coalesce(sum(CASE WHEN o.state IN " RESOLVED_STATES                                        \
  " AND o.handle_late = 0 THEN 1 ELSE 0 END), 0), "                                           \
  "coalesce(sum(CASE WHEN o.ever_finished <> 0 THEN 1 ELSE 0 END), 0), "                      \
  "coalesce(sum(CASE WHEN o.reopen_count > 0 THEN 1 ELSE 0 END), 0), "                        \
  "coalesce(sum(CASE WHEN o.rating <> 0 THEN 1 ELSE 0 END), 0), "                             \
  "coalesce(sum(CASE WHEN o.rating = 1 THEN 1 ELSE 0 END), 0), "                              \
  "coalesce(sum(CASE WHEN o.rating = 2 THEN 1 ELSE 0 END), 0), "                              \
  "coalesce(sum(CASE WHEN o.rating = 3 THEN 1 ELSE 0 END), 0), "                              \
  "coalesce(sum(CASE WHEN o.state IN " RESOLVED_STATES                                        \
  " AND o.finished_at > o.accepted_at THEN o.finished_at - o.accepted_at ELSE 0 END), 0), "   \
  "coalesce(sum(CASE WHEN o.state IN " RESOLVED_STATES                                        \
  " AND o.tier = 'grid' THEN 1 ELSE 0 END), 0), "                                             \
  "coalesce(sum(CASE WHEN o.state IN " RESOLVED_STATES                                        \
  " AND o.tier = 'village' THEN 1 ELSE 0 END), 0), "                                          \
  "coalesce(sum(CASE WHEN o.state IN " RESOLVED_STATES                                        \
  " AND o.tier = 'township' THEN 1 ELSE 0 END), 0), "                                         \
  "coalesce(sum(CASE WHEN o.state IN " RESOLVED_STATES                                        \
  " AND o.tier = 'county' THEN 1 ELSE 0 END), 0), "                                           \
  "coalesce(sum(CASE WHEN o.state IN " RESOLVED_STATES                                        \
  " AND o.tier = 'department' THEN 1 ELSE 0 END), 0), "                                       \
  "coalesce(sum(CASE WHEN o.state IN " OPEN_STATES                                            \
  " THEN 1 ELSE 0 END), 0), "                                                                 \
  "coalesce(sum(CASE WHEN o.state IN " OPEN_STATES                                            \
  " AND o.warn = 2 THEN 1 ELSE 0 END), 0), "                                                  \
  "coalesce(sum(CASE WHEN o.outcome = 1 THEN 1 ELSE 0 END), 0), "                             \
  "coalesce(sum(CASE WHEN o.outcome = 2 THEN 1 ELSE 0 END), 0), "                             \
  "coalesce(sum(CASE WHEN o.outcome = 3 THEN 1 ELSE 0 END), 0), "                             \
  "coalesce(sum(CASE WHEN o.route IN ('litigation', 'arbitration', 'administrative') "        \
  "THEN 1 ELSE 0 END), 0), "                                                                  \
  "coalesce(sum(CASE WHEN o.route = 'litigation' THEN 1 ELSE 0 END), 0), "                    \
  "coalesce(sum(CASE WHEN o.route = 'confirm' THEN 1 ELSE 0 END), 0), "                       \
  "coalesce(sum(CASE WHEN o.followups > 0 THEN 1 ELSE 0 END), 0), "                           \
  "coalesce(sum(CASE WHEN o.risk = 3 THEN 1 ELSE 0 END), 0), "                                \
  "coalesce(sum(CASE WHEN o.repeat_of IS NOT NULL THEN 1 ELSE 0 END), 0), "                   \
  "coalesce(sum(CASE WHEN o.skip_level <> 0 THEN 1 ELSE 0 END), 0), "                         \
  "coalesce(sum(CASE WHEN o.leader_user_id IS NOT NULL THEN 1 ELSE 0 END), 0) "
// ?3..?4 received_at range, ?5 kind (-1 = any), ?6..?7 category range, ?8..?9 the excluded category range.
#define RECOMPUTE_FILTER                                                         \
  " AND o.received_at >= ?3 AND o.received_at < ?4 AND (?5 < 0 OR o.kind = ?5) " \
  "AND +o.category >= ?6 AND +o.category < ?7 AND (?8 = ?9 OR +o.category < ?8 OR +o.category >= ?9)"

// ?3..?9 of RECOMPUTE_FILTER from a query.
void BindRecomputeFilter(Stmt& s, const RollupQuery& q) {
  CodeRange cat = PrefixRange(q.category);
  const CodeRange excluded = q.exclude_category.empty() ? CodeRange{"", ""} : PrefixRange(q.exclude_category);
  s.Bind(3, cal::DayStart(q.from_day)).Bind(4, cal::DayStart(q.to_day + 1)).Bind(5, q.kind ? *q.kind : -1);
  s.Bind(6, cat.begin).Bind(7, cat.end).Bind(8, excluded.begin).Bind(9, excluded.end);
}

// "d:12" -> 12; nullopt when `subject` has another form.
std::optional<int64_t> SubjectId(const std::string& subject, std::string_view prefix) {
  if (subject.size() <= prefix.size() || subject.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  int64_t v = 0;
  const char* b = subject.data() + prefix.size();
  const char* e = subject.data() + subject.size();
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || p != e) return std::nullopt;
  return v;
}

// ---------------------------------------------------------------- other rows

OrderEvent ReadEvent(const Stmt& s) {
  OrderEvent e;
  e.id = s.Int(0);
  e.order_id = s.Int(1);
  e.at = s.Int(2);
  e.action = s.Text(3);
  e.from_state = static_cast<int>(s.Int(4));
  e.to_state = static_cast<int>(s.Int(5));
  e.user_id = s.Int(6);
  e.user_name = s.Text(7);
  e.role = s.Text(8);
  e.reason = s.Text(9);
  e.note = s.Text(10);
  e.data = s.Text(11);
  return e;
}

OrderCallin ReadCallin(const Stmt& s) {
  return OrderCallin{s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4), s.Int(5) != 0};
}
#define CALLIN_COLS "order_id, dept_id, called_at, due_at, acked_at, overdue_notified "

Result<std::vector<OrderCallin>> ReadCallins(Stmt& s) {
  std::vector<OrderCallin> out;
  while (s.Step()) out.push_back(ReadCallin(s));
  if (!s.status().ok()) return s.status();
  return out;
}

class SqliteOrderRepo final : public OrderRepo {
 public:
  explicit SqliteOrderRepo(SqliteTx* tx) : tx_(tx) {}
  Result<order::Order> Get(int64_t id) override;
  Result<int64_t> Insert(const order::Order& o) override;
  Status Update(const order::Order& o) override;
  Result<Page<order::Order>> List(const OrderQuery& q) override;
  Result<std::vector<order::Order>> Nearby(const std::string& category, int64_t from, int64_t to,
                                           double lat_min, double lat_max, double lon_min, double lon_max,
                                           int limit) override;
  Result<std::vector<order::Order>> DueAlarms(int64_t now, int limit) override;
  Result<std::optional<int64_t>> NextAlarm() override;
  Status SetToken(int64_t order_id, const std::string& token) override;
  Result<std::optional<int64_t>> FindByToken(const std::string& token) override;
  Status AppendEvent(OrderEvent* e) override;
  Result<std::vector<OrderEvent>> Events(int64_t order_id) override;
  Status InsertCallin(const OrderCallin& c) override;
  Status UpdateCallin(const OrderCallin& c) override;
  Result<std::vector<OrderCallin>> Callins(int64_t order_id) override;
  Result<std::vector<OrderCallin>> DueCallins(int64_t now, int limit) override;
  Result<std::optional<int64_t>> NextCallinDue() override;
  void AddRollup(const RollupKey& key, const order::Metrics& delta) override;
  Result<order::Metrics> SumRollup(const RollupQuery& q) override;
  Result<std::vector<std::pair<std::string, order::Metrics>>> RollupByCategory(const RollupQuery& q) override;
  Result<std::vector<std::pair<int32_t, order::Metrics>>> RollupByMonth(const RollupQuery& q) override;
  Result<order::Metrics> RecomputeFromOrders(const RollupQuery& q) override;
  Result<std::vector<std::pair<int64_t, order::Metrics>>> RecomputeByDepartment(
      const RollupQuery& q) override;
  Status MovePlace(const std::string& old_code, const std::string& new_code) override;
  Result<int64_t> RebuildRollups(const std::string& county) override;
  Result<DerivedCheck> CheckRollups() override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<OrderRepo> NewSqliteOrderRepo(SqliteTx* tx) { return MakeRepo<OrderRepo, SqliteOrderRepo>(tx); }

Result<order::Order> SqliteOrderRepo::Get(int64_t id) {
  return GetById<order::Order>(tx_->conn(), "SELECT " ORDER_COLS " FROM orders o WHERE o.id = ?", id,
                               ReadOrder);
}

#define ORDER_WRITE_COLS                                                                                     \
  "kind, state, category, urgency, channel, title, description, address, lat_e7, lon_e7, place_code, "       \
  "reporter_user_id, reporter_name_enc, reporter_phone_enc, reporter_name_masked, reporter_phone_masked, "   \
  "command_place, assignee_dept, assignee_place, handler_user_id, received_at, accept_due, responded_at, "   \
  "accepted_at, phase_start, handle_due, finished_at, verified_at, closed_at, alarm_at, warn, accept_late, " \
  "handle_late, ever_dispatched, ever_finished, ext_pending_days, extensions, return_count, reopen_count, "  \
  "escalate_count, supervise_count, supervise_level, rating, tier, merged_into, version, updated_at, "       \
  "deadline"

Result<int64_t> SqliteOrderRepo::Insert(const order::Order& o) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO orders(" ORDER_WRITE_COLS
      ", track_key, risk, outcome, route, route_ref, followups, linked_order, leader_user_id, repeat_of, "
      "skip_level, superior, superior_due, service_minutes) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,"
      "?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?43,?44,?45,?46,?47,?48,?49,?50,?51,?"
      "52,"
      "?53,?54,?55,?56,?57,?58,?59,?60,?61)");
  BindOrder(s, o);
  s.Bind(49, o.track_key);  // written once: Update leaves it
  RETURN_IF_ERROR(s.Exec());
  return tx_->conn().LastInsertId();
}

Status SqliteOrderRepo::Update(const order::Order& o) {
  auto s = tx_->conn().Prepare(
      "UPDATE orders SET kind=?1, state=?2, category=?3, urgency=?4, channel=?5, title=?6, description=?7, "
      "address=?8, lat_e7=?9, lon_e7=?10, place_code=?11, reporter_user_id=?12, reporter_name_enc=?13, "
      "reporter_phone_enc=?14, reporter_name_masked=?15, reporter_phone_masked=?16, command_place=?17, "
      "assignee_dept=?18, assignee_place=?19, handler_user_id=?20, received_at=?21, accept_due=?22, "
      "responded_at=?23, accepted_at=?24, phase_start=?25, handle_due=?26, finished_at=?27, verified_at=?28, "
      "closed_at=?29, alarm_at=?30, warn=?31, accept_late=?32, handle_late=?33, ever_dispatched=?34, "
      "ever_finished=?35, ext_pending_days=?36, extensions=?37, return_count=?38, reopen_count=?39, "
      "escalate_count=?40, supervise_count=?41, supervise_level=?42, rating=?43, tier=?44, merged_into=?45, "
      "version=version+1, updated_at=?47, deadline=?48, risk=?50, outcome=?51, route=?52, route_ref=?53, "
      "followups=?54, linked_order=?55, leader_user_id=?56, repeat_of=?57, skip_level=?58, superior=?59, "
      "superior_due=?60, service_minutes=?61 WHERE id=?49 AND version=?46");
  BindOrder(s, o);
  s.Bind(49, o.id);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 1) return Status::Ok();
  auto e = tx_->conn().Prepare("SELECT 1 FROM orders WHERE id = ?");
  e.Bind(1, o.id);
  if (e.Step()) return StaleVersion();
  RETURN_IF_ERROR(e.status());
  return RecordNotFound();
}

Result<Page<order::Order>> SqliteOrderRepo::List(const OrderQuery& q) {
  ASSIGN_OR_RETURN(Sort sort, ParseListSort(q.sort));
  // The access path: the most selective filter that is set. Scopes of a village and below hold few orders
  // and are read by place; larger ones walk the sort order (see ListSql).
  Access access = q.scope.size() >= 12 ? Access::kPlaceSmall : Access::kPlaceLarge;
  if (access == Access::kPlaceLarge && q.kind && *q.kind != order::Kind::kEvent) access = Access::kKindLarge;
  if (q.leader)
    access = Access::kLeader;
  else if (q.dept)
    access = Access::kDept;
  else if (q.reporter)
    access = Access::kReporter;
  else if (q.handler)
    access = Access::kHandler;

  auto s = tx_->conn().Prepare(ListStatement(access, sort, !q.hide_class.empty()));
  const int limit = PageLimit(q.page);
  BindListParams(s, q, sort, limit);
  // Column 48 is `deadline`.
  return ReadListPage(s, sort, limit, 48, [](const Stmt& st) { return ReadOrder(st); });
}

Result<std::vector<order::Order>> SqliteOrderRepo::Nearby(const std::string& category, int64_t from,
                                                          int64_t to, double lat_min, double lat_max,
                                                          double lon_min, double lon_max, int limit) {
  // The category's orders in the time window (orders_category), filtered by the box.
  auto s =
      tx_->conn().Prepare("SELECT " ORDER_COLS
                          " FROM orders o INDEXED BY orders_category WHERE o.category = ?1 "
                          "AND o.received_at >= ?2 AND o.received_at < ?3 AND o.lat_e7 BETWEEN ?4 AND ?5 "
                          "AND o.lon_e7 BETWEEN ?6 AND ?7 ORDER BY o.received_at DESC LIMIT ?8");
  s.Bind(1, category).Bind(2, from).Bind(3, to).Bind(4, E7Bound(lat_min)).Bind(5, E7Bound(lat_max));
  s.Bind(6, E7Bound(lon_min)).Bind(7, E7Bound(lon_max)).Bind(8, Clamp(limit, kMaxNearby));
  return ReadOrders(s);
}

Result<std::vector<order::Order>> SqliteOrderRepo::DueAlarms(int64_t now, int limit) {
  auto s =
      tx_->conn().Prepare("SELECT " ORDER_COLS
                          " FROM orders o INDEXED BY orders_alarm WHERE o.alarm_at > 0 AND o.alarm_at <= ?1 "
                          "AND o.state IN " OPEN_STATES " ORDER BY o.alarm_at, o.id LIMIT ?2");
  s.Bind(1, now).Bind(2, Clamp(limit, kMaxDue));
  return ReadOrders(s);
}

Result<std::optional<int64_t>> SqliteOrderRepo::NextAlarm() {
  // The same rows DueAlarms takes, so the scheduler never wakes for an alarm it would not be given.
  auto s = tx_->conn().Prepare(
      "SELECT o.alarm_at FROM orders o INDEXED BY orders_alarm WHERE o.alarm_at > 0 "
      "AND o.state IN " OPEN_STATES " ORDER BY o.alarm_at LIMIT 1");
  return OptionalInt(s);
}

Status SqliteOrderRepo::SetToken(int64_t order_id, const std::string& token) {
  auto s = tx_->conn().Prepare("UPDATE orders SET open311_token = ?1 WHERE id = ?2");
  s.Bind(1, token).Bind(2, order_id);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict) return Conflict("令牌已被使用", "token already in use", "token");
  RETURN_IF_ERROR(st);
  if (tx_->conn().Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Result<std::optional<int64_t>> SqliteOrderRepo::FindByToken(const std::string& token) {
  auto s = tx_->conn().Prepare("SELECT id FROM orders WHERE open311_token = ?1");
  s.Bind(1, token);
  return OptionalInt(s);
}

Status SqliteOrderRepo::AppendEvent(OrderEvent* e) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO order_events(order_id, at, action, from_state, to_state, user_id, user_name, role, "
      "reason, "
      "note, data) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  s.Bind(1, e->order_id).Bind(2, e->at).Bind(3, e->action).Bind(4, e->from_state).Bind(5, e->to_state);
  s.Bind(6, e->user_id).Bind(7, e->user_name).Bind(8, e->role).Bind(9, e->reason).Bind(10, e->note);
  s.Bind(11, e->data.empty() ? std::string("{}") : e->data);
  RETURN_IF_ERROR(s.Exec());
  e->id = tx_->conn().LastInsertId();
  return Status::Ok();
}

Result<std::vector<OrderEvent>> SqliteOrderRepo::Events(int64_t order_id) {
  auto s = tx_->conn().Prepare(
      "SELECT id, order_id, at, action, from_state, to_state, user_id, user_name, role, reason, note, data "
      "FROM order_events WHERE order_id = ?1 ORDER BY id LIMIT ?2");
  s.Bind(1, order_id).Bind(2, kMaxEvents);
  std::vector<OrderEvent> out;
  while (s.Step()) out.push_back(ReadEvent(s));
  if (!s.status().ok()) return s.status();
  return out;
}

Status SqliteOrderRepo::InsertCallin(const OrderCallin& c) {
  auto s = tx_->conn().Prepare("INSERT INTO order_callins(" CALLIN_COLS ") VALUES(?,?,?,?,?,?)");
  s.Bind(1, c.order_id).Bind(2, c.dept_id).Bind(3, c.called_at).Bind(4, c.due_at).Bind(5, c.acked_at);
  s.Bind(6, c.overdue_notified);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("该部门已被吹哨", "the department is already called in to this order", "departments");
  return st;
}

Status SqliteOrderRepo::UpdateCallin(const OrderCallin& c) {
  auto s = tx_->conn().Prepare(
      "UPDATE order_callins SET called_at = ?3, due_at = ?4, acked_at = ?5, overdue_notified = ?6 "
      "WHERE order_id = ?1 AND dept_id = ?2");
  s.Bind(1, c.order_id).Bind(2, c.dept_id).Bind(3, c.called_at).Bind(4, c.due_at).Bind(5, c.acked_at);
  s.Bind(6, c.overdue_notified);
  RETURN_IF_ERROR(s.Exec());
  if (tx_->conn().Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Result<std::vector<OrderCallin>> SqliteOrderRepo::Callins(int64_t order_id) {
  auto s = tx_->conn().Prepare("SELECT " CALLIN_COLS
                               " FROM order_callins WHERE order_id = ?1 ORDER BY dept_id LIMIT ?2");
  s.Bind(1, order_id).Bind(2, kMaxCallins);
  return ReadCallins(s);
}

Result<std::vector<OrderCallin>> SqliteOrderRepo::DueCallins(int64_t now, int limit) {
  auto s =
      tx_->conn().Prepare("SELECT " CALLIN_COLS
                          " FROM order_callins WHERE acked_at = 0 AND overdue_notified = 0 AND due_at <= ?1 "
                          "ORDER BY due_at, order_id, dept_id LIMIT ?2");
  s.Bind(1, now).Bind(2, Clamp(limit, kMaxDue));
  return ReadCallins(s);
}

Result<std::optional<int64_t>> SqliteOrderRepo::NextCallinDue() {
  auto s = tx_->conn().Prepare(
      "SELECT min(due_at) FROM order_callins WHERE acked_at = 0 AND overdue_notified = 0");
  return OptionalInt(s);
}

// ---------------------------------------------------------------- roll-ups

void SqliteOrderRepo::AddRollup(const RollupKey& key, const Metrics& delta) {
  if (delta.IsZero()) return;
  tx_->pending_rollups_[key] += delta;
}

Status SqliteTx::FlushRollups() {
  if (pending_rollups_.empty()) return Status::Ok();
  auto s = conn_->Prepare(RollupStatements().upsert.c_str());
  for (const auto& [key, m] : pending_rollups_) {
    if (m.IsZero()) continue;  // deltas that cancelled out within the job
    BindRollupRow(s, key, m);
    RETURN_IF_ERROR(s.Exec());
    s.Reset();
  }
  pending_rollups_.clear();
  return Status::Ok();
}

Result<Metrics> SqliteOrderRepo::SumRollup(const RollupQuery& q) {
  Metrics total;
  RETURN_IF_ERROR(ForEachSpan(tx_->conn(), RollupStatements().sum, q, [&](const Stmt& s, const Span& span) {
    if (span.sign > 0)
      total += ReadMetrics(s, 0);
    else
      total -= ReadMetrics(s, 0);
  }));
  return total;
}

Result<std::vector<std::pair<std::string, Metrics>>> SqliteOrderRepo::RollupByCategory(const RollupQuery& q) {
  std::map<std::string, Metrics> by;
  RETURN_IF_ERROR(
      ForEachSpan(tx_->conn(), RollupStatements().by_category, q, [&](const Stmt& s, const Span& span) {
        if (span.sign > 0)
          by[s.Text(0)] += ReadMetrics(s, 1);
        else
          by[s.Text(0)] -= ReadMetrics(s, 1);
      }));
  std::vector<std::pair<std::string, Metrics>> out;
  for (auto& [cat, m] : by)
    if (!m.IsZero()) out.emplace_back(cat, m);
  return out;
}

Result<std::vector<std::pair<int32_t, Metrics>>> SqliteOrderRepo::RollupByMonth(const RollupQuery& q) {
  std::map<int32_t, Metrics> by;
  RETURN_IF_ERROR(
      ForEachSpan(tx_->conn(), RollupStatements().by_period, q, [&](const Stmt& s, const Span& span) {
        const auto period = static_cast<int32_t>(s.Int(0));
        Metrics& m = by[span.grain == 1 ? period : order::MonthOfDay(period)];
        if (span.sign > 0)
          m += ReadMetrics(s, 1);
        else
          m -= ReadMetrics(s, 1);
      }));
  std::vector<std::pair<int32_t, Metrics>> out;
  for (auto& [month, m] : by)
    if (!m.IsZero()) out.emplace_back(month, m);
  return out;
}

Status SqliteOrderRepo::MovePlace(const std::string& old_code, const std::string& new_code) {
  RETURN_IF_ERROR(tx_->FlushRollups());
  Conn& c = tx_->conn();
  // The moved subtree's figures are the rows of its own subject: each ancestor that only the old code has
  // loses them, each that only the new code has gains them (order::Subjects: place prefixes from the
  // province down).
  auto ancestors = [](const std::string& code) {
    std::vector<std::string> a;
    for (size_t len : {2u, 4u, 6u, 9u, 12u, 15u})
      if (len < code.size()) a.push_back(code.substr(0, len));
    return a;
  };
  const std::vector<std::string> from = ancestors(old_code), to = ancestors(new_code);
  static const std::string kShift = [] {
    std::string sql = "INSERT INTO order_rollup(subject, grain, period, kind, category, " + MetricColumns() +
                      ") SELECT ?1, grain, period, kind, category";
    for (int m = 0; m < order::kMetricCount; ++m) sql += ", ?3 * " + std::string(order::MetricName(m));
    sql +=
        " FROM order_rollup WHERE subject = ?2 ON CONFLICT(subject, grain, period, kind, category) DO UPDATE "
        "SET ";
    for (int m = 0; m < order::kMetricCount; ++m) {
      const std::string col(order::MetricName(m));
      sql += (m ? ", " : "") + col + " = " + col + " + excluded." + col;
    }
    return sql;
  }();
  auto shift = [&](const std::string& subject, int sign) -> Status {
    auto s = c.Prepare(kShift.c_str());
    s.Bind(1, subject).Bind(2, old_code).Bind(3, sign);
    return s.Exec();
  };
  for (const std::string& a : from)
    if (std::find(to.begin(), to.end(), a) == to.end()) RETURN_IF_ERROR(shift(a, -1));
  for (const std::string& a : to)
    if (std::find(from.begin(), from.end(), a) == from.end()) RETURN_IF_ERROR(shift(a, +1));
  CodeRange r = PrefixRange(old_code);
  const int tail = static_cast<int>(old_code.size()) + 1;
  {
    auto s = c.Prepare(
        "UPDATE order_rollup SET subject = ?3 || substr(subject, ?4) WHERE subject >= ?1 AND subject < ?2");
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code).Bind(4, tail);
    RETURN_IF_ERROR(s.Exec());
  }
  // Orders land at the township of their place: those the old township owned now belong to the new one (an
  // order escalated to the county stays there).
  if (old_code.size() > 9 && old_code.substr(0, 9) != new_code.substr(0, 9)) {
    auto s = c.Prepare(
        "UPDATE orders SET command_place = ?3 WHERE place_code >= ?1 AND place_code < ?2 AND command_place = "
        "?4");
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code.substr(0, 9)).Bind(4, old_code.substr(0, 9));
    RETURN_IF_ERROR(s.Exec());
  }
  return Status::Ok();
}

Result<Metrics> SqliteOrderRepo::RecomputeFromOrders(const RollupQuery& q) {
  Metrics m;
  if (q.from_day > q.to_day) return m;
  // A county or more is most of the table: scan it. Below, the subtree's orders by orders_place.
  static const char* kByPlace =
      "SELECT " RECOMPUTE_SUMS
      "FROM orders o INDEXED BY orders_place WHERE o.place_code >= ?1 AND o.place_code < ?2" RECOMPUTE_FILTER;
  static const char* kByWidePlace =
      "SELECT " RECOMPUTE_SUMS
      "FROM orders o NOT INDEXED WHERE o.place_code >= ?1 AND o.place_code < ?2" RECOMPUTE_FILTER;
  static const char* kByDept =
      "SELECT " RECOMPUTE_SUMS "FROM orders o WHERE o.assignee_dept = ?1 AND ?2 = ?2" RECOMPUTE_FILTER;
  static const char* kByHandler =
      "SELECT " RECOMPUTE_SUMS "FROM orders o WHERE o.handler_user_id = ?1 AND ?2 = ?2" RECOMPUTE_FILTER;
  std::optional<int64_t> dept = SubjectId(q.subject, "d:"), user = SubjectId(q.subject, "u:");
  const char* sql = dept ? kByDept : (user ? kByHandler : (q.subject.size() <= 6 ? kByWidePlace : kByPlace));
  if (!dept && !user && q.subject.find(':') != std::string::npos)
    return InvalidArgument("统计对象格式错误", "subject must be a place code, d:<dept id> or u:<user id>",
                           "subject");
  auto s = tx_->conn().Prepare(sql);
  if (dept || user) {
    s.Bind(1, dept ? *dept : *user).Bind(2, int64_t{0});
  } else {
    CodeRange r = PrefixRange(q.subject);
    s.Bind(1, r.begin).Bind(2, r.end);
  }
  BindRecomputeFilter(s, q);
  if (!s.Step()) return s.status().ok() ? Internal("aggregate returned no row") : s.status();
  return ReadMetrics(s, 0);
}

Result<std::vector<std::pair<int64_t, Metrics>>> SqliteOrderRepo::RecomputeByDepartment(
    const RollupQuery& q) {
  std::vector<std::pair<int64_t, Metrics>> out;
  if (q.from_day > q.to_day) return out;
  if (q.subject.find(':') != std::string::npos)
    return InvalidArgument("统计对象须为地点编码", "subject must be a place code", "subject");
  static const char* kSql =
      "SELECT o.assignee_dept, " RECOMPUTE_SUMS
      "FROM orders o INDEXED BY orders_place WHERE o.place_code >= ?1 AND o.place_code < ?2 "
      "AND o.assignee_dept IS NOT NULL" RECOMPUTE_FILTER " GROUP BY o.assignee_dept";
  auto s = tx_->conn().Prepare(kSql);
  CodeRange r = PrefixRange(q.subject);
  s.Bind(1, r.begin).Bind(2, r.end);
  BindRecomputeFilter(s, q);
  while (s.Step()) out.emplace_back(s.Int(0), ReadMetrics(s, 1));
  RETURN_IF_ERROR(s.status());
  return out;
}

namespace {
// Every roll-up row a rebuild from the orders produces, in primary-key order (subject, grain, period, kind,
// category; text in byte order, as SQLite's BINARY collation sorts it).
Status ForEachRecomputedRollup(Conn& conn,
                               const std::function<Status(const RollupKey&, const Metrics&)>& fn) {
  // Aggregation by sorting instead of a hash map of rows: one small entry per (order, row) and one
  // contribution per order keep a county's 300k orders (~1.5M rows) within ~150 MB; sorting the entries in
  // primary-key order also makes the insert an append.
  struct Entry {
    uint32_t subject;   // interned; renumbered in string order before sorting
    uint32_t category;  // likewise
    int32_t period;
    uint8_t grain;
    uint8_t kind;
    uint32_t order;  // index into contributions
  };
  std::vector<Entry> entries;
  std::vector<Metrics> contributions;
  std::vector<std::string> subjects, categories;
  std::unordered_map<std::string, uint32_t> subject_ids, category_ids;
  auto intern = [](std::vector<std::string>& names, std::unordered_map<std::string, uint32_t>& ids,
                   const std::string& name) {
    auto [it, added] = ids.emplace(name, static_cast<uint32_t>(names.size()));
    if (added) names.push_back(name);
    return it->second;
  };
  {
    auto s = conn.Prepare("SELECT " ORDER_COLS " FROM orders o ORDER BY o.id");
    while (s.Step()) {
      const order::Order o = ReadOrder(s);
      const auto idx = static_cast<uint32_t>(contributions.size());
      contributions.push_back(order::Contribution(o));
      const uint32_t cat = intern(categories, category_ids, o.category);
      const int32_t day = order::ReceivedDay(o);
      const int32_t month = order::MonthOfDay(day);
      const auto kind = static_cast<uint8_t>(o.kind);
      for (const std::string& subject : order::Subjects(o)) {
        const uint32_t sub = intern(subjects, subject_ids, subject);
        entries.push_back(Entry{sub, cat, day, 0, kind, idx});
        entries.push_back(Entry{sub, cat, month, 1, kind, idx});
      }
    }
    RETURN_IF_ERROR(s.status());
  }
  // Subjects and categories numbered in string order, so that sorting by number is primary-key order.
  auto to_ranks = [](const std::vector<std::string>& names) {
    std::vector<uint32_t> by_name(names.size()), rank(names.size());
    for (uint32_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
    std::sort(by_name.begin(), by_name.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
    for (uint32_t r = 0; r < by_name.size(); ++r) rank[by_name[r]] = r;
    return rank;
  };
  const std::vector<uint32_t> subject_rank = to_ranks(subjects), category_rank = to_ranks(categories);
  std::vector<std::string> subject_names(subjects.size()), category_names(categories.size());
  for (size_t i = 0; i < subjects.size(); ++i) subject_names[subject_rank[i]] = std::move(subjects[i]);
  for (size_t i = 0; i < categories.size(); ++i) category_names[category_rank[i]] = std::move(categories[i]);
  for (Entry& e : entries) {
    e.subject = subject_rank[e.subject];
    e.category = category_rank[e.category];
  }
  auto key_of = [](const Entry& e) {
    return std::make_tuple(e.subject, e.grain, e.period, e.kind, e.category);
  };
  std::sort(entries.begin(), entries.end(),
            [&](const Entry& a, const Entry& b) { return key_of(a) < key_of(b); });

  for (size_t i = 0; i < entries.size();) {
    const Entry& head = entries[i];
    Metrics sum;
    size_t j = i;
    for (; j < entries.size() && key_of(entries[j]) == key_of(head); ++j)
      sum += contributions[entries[j].order];
    RollupKey key{subject_names[head.subject], head.grain, head.period, head.kind,
                  category_names[head.category]};
    RETURN_IF_ERROR(fn(key, sum));
    i = j;
  }
  return Status::Ok();
}

std::string RollupKeyText(const RollupKey& k) {
  return k.subject + (k.grain == 0 ? " day " : " month ") + std::to_string(k.period) + " kind " +
         std::to_string(k.kind) + " category " + k.category;
}
}  // namespace

Result<int64_t> SqliteOrderRepo::RebuildRollups(const std::string& /*county: every row, see the interface*/) {
  // The rows are rebuilt from the orders as they stand, which already include this job's changes.
  tx_->pending_rollups_.clear();
  tx_->rebuilt_in_job_ = true;  // on success, earlier jobs' buffered deltas are dropped too (KeepRollups)
  Conn& conn = tx_->conn();
  RETURN_IF_ERROR(conn.ExecScript("DELETE FROM order_rollup"));
  auto ins = conn.Prepare(RollupStatements().insert.c_str());
  int64_t rows = 0;
  RETURN_IF_ERROR(ForEachRecomputedRollup(conn, [&](const RollupKey& key, const Metrics& sum) {
    BindRollupRow(ins, key, sum);
    RETURN_IF_ERROR(ins.Exec());
    ins.Reset();
    ++rows;
    return Status::Ok();
  }));
  return rows;
}

Result<DerivedCheck> SqliteOrderRepo::CheckRollups() {
  // A merge of the stored rows and the recomputed ones, both in primary-key order. Stored rows whose figures
  // are all zero (an order moved away from them) equal an absent row.
  Conn& conn = tx_->conn();
  // Static: the statement cache is keyed by the text's address.
  static const std::string kStored = "SELECT subject, grain, period, kind, category, " + MetricColumns() +
                                     " FROM order_rollup ORDER BY subject, grain, period, kind, category";
  auto stored = conn.Prepare(kStored.c_str());
  DerivedCheck check;
  RollupKey skey;
  Metrics smet;
  bool have_stored = false;
  auto next_stored = [&] {
    have_stored = stored.Step();
    if (have_stored) {
      skey = RollupKey{stored.Text(0), static_cast<int>(stored.Int(1)), static_cast<int32_t>(stored.Int(2)),
                       static_cast<int>(stored.Int(3)), stored.Text(4)};
      smet = ReadMetrics(stored, 5);
    }
  };
  auto order_of = [](const RollupKey& k) {
    return std::tie(k.subject, k.grain, k.period, k.kind, k.category);
  };
  auto mismatch = [&](const RollupKey& k, const std::string& what) {
    if (check.mismatches++ == 0) check.first = RollupKeyText(k) + ": " + what;
  };
  auto stored_only = [&] {
    ++check.rows;
    if (!smet.IsZero()) mismatch(skey, "stored, not in the recomputation");
    next_stored();
  };
  next_stored();
  RETURN_IF_ERROR(ForEachRecomputedRollup(conn, [&](const RollupKey& key, const Metrics& sum) {
    while (have_stored && order_of(skey) < order_of(key)) stored_only();
    ++check.rows;
    if (have_stored && skey == key) {
      if (!(smet == sum)) mismatch(key, "stored figures differ from the recomputation");
      next_stored();
    } else if (!sum.IsZero()) {
      mismatch(key, "missing");
    }
    return Status::Ok();
  }));
  while (have_stored) stored_only();
  RETURN_IF_ERROR(stored.status());
  return check;
}

}  // namespace wangge::storage::sqlite
