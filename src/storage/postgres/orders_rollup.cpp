// PostgreSQL: the maintained indicator roll-ups of the orders (orders_repo.hpp: AddRollup … CheckRollups, for
// PgOrderRepo in orders_repo.cpp) and PgTx::FlushRollups, which writes the roll-up deltas a batch buffered.
// Every row carries a county (migration 0009 says which); the buffered keys carry it in front of the subject
// ("<county>\x1f<subject>"), since RollupKey has no member for it.
#include "storage/postgres/orders_rollup.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/codes.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {

using order::Metrics;

static_assert(order::kMetricCount == 34, "RECOMPUTE_SUMS and the order_rollup table list every metric");

namespace {

constexpr char kCountySep = '\x1f';      // between the county and the subject of a buffered key
constexpr int kRowsPerStatement = 2000;  // rows of one bulk INSERT (rebuild) and of one page read (check)

// ---------------------------------------------------------------- SQL built from MetricName

// "received, responded_in_time, …"
std::string MetricColumns() {
  std::string out;
  for (int m = 0; m < order::kMetricCount; ++m) {
    if (m) out += ", ";
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

// " DO UPDATE SET received = order_rollup.received + excluded.received, …"
std::string AddExcluded() {
  std::string sql = " ON CONFLICT (county, subject, grain, period, kind, category) DO UPDATE SET ";
  for (int m = 0; m < order::kMetricCount; ++m) {
    const std::string c(order::MetricName(m));
    sql += (m ? ", " : "") + c + " = order_rollup." + c + " + excluded." + c;
  }
  return sql;
}

// The range statements: $1 subject, $2 grain, $3..$4 periods, $5 kind (-1 = any), $6..$7 category range,
// $8..$9 the excluded category range; a place subject of a county or below also $10 its county (a
// primary-key range scan); any other subject's rows — a department's, a user's, the province's and the
// prefectures' (IsCountySubject) — lie in every county and are found through order_rollup_other, whose
// predicate the statement repeats (migration 0014).
constexpr const char* kRollupWherePlace =
    " FROM order_rollup WHERE county = $10 AND subject = $1 AND grain = $2 AND period >= $3 AND period <= $4"
    " AND ($5::integer < 0 OR kind = $5) AND category >= $6 AND category < $7 AND ($8::text = $9::text OR "
    "category < $8 OR category >= $9)";
constexpr const char* kRollupWhereOther =
    " FROM order_rollup WHERE (subject < '0' OR subject >= ':' OR length(subject) < 6) AND subject = $1 AND "
    "grain = $2 AND period >= $3 AND period <= $4 AND ($5::integer < 0 OR kind = $5) AND category >= $6 AND "
    "category < $7 AND "
    "($8::text = $9::text OR category < $8 OR category >= $9)";

struct RangeSql {
  std::string place, other;
};
struct RollupSql {
  std::string upsert, bulk_insert, stored_first, stored_next;
  RangeSql sum, by_category, by_period;
};
const RollupSql& Statements() {
  static const RollupSql sql = [] {
    RollupSql r;
    const std::string cols = "county, subject, grain, period, kind, category, " + MetricColumns();
    r.upsert = "INSERT INTO order_rollup(" + cols + ") VALUES($1, $2, $3, $4, $5, $6";
    for (int i = 0; i < order::kMetricCount; ++i) r.upsert += ", $" + std::to_string(7 + i);
    r.upsert += ")" + AddExcluded();
    r.bulk_insert = "INSERT INTO order_rollup(" + cols +
                    ") SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::integer[], "
                    "$5::integer[], $6::text[]";
    for (int i = 0; i < order::kMetricCount; ++i)
      r.bulk_insert += ", $" + std::to_string(7 + i) + "::bigint[]";
    r.bulk_insert += ")";
    // A page of the stored rows in primary-key order: the first ($1 rows), the next after a key ($1..$6).
    const std::string pk = " ORDER BY county, subject, grain, period, kind, category LIMIT ";
    r.stored_first = "SELECT " + cols + " FROM order_rollup" + pk + "$1";
    r.stored_next =
        "SELECT " + cols +
        " FROM order_rollup WHERE (county, subject, grain, period, kind, category) > ($1, $2, $3, $4, "
        "$5, $6)" +
        pk + "$7";
    auto range = [](const std::string& select, const std::string& tail) {
      return RangeSql{select + kRollupWherePlace + tail, select + kRollupWhereOther + tail};
    };
    r.sum = range("SELECT " + MetricSums(), "");
    r.by_category = range("SELECT category, " + MetricSums(), " GROUP BY category ORDER BY category");
    r.by_period = range("SELECT period, " + MetricSums(), " GROUP BY period ORDER BY period");
    return r;
  }();
  return sql;
}

// A roll-up row's full key: its county and the RollupKey.
struct RowKey {
  std::string county;
  RollupKey key;
  auto Tie() const { return std::tie(county, key.subject, key.grain, key.period, key.kind, key.category); }
};

// The buffered key's county and subject ("<county>\x1f<subject>"; a key without the county is a place
// subject's).
std::pair<std::string_view, std::string_view> SplitBuffered(const std::string& subject) {
  if (subject.size() > 6 && subject[6] == kCountySep)
    return {std::string_view(subject).substr(0, 6), std::string_view(subject).substr(7)};
  return {{}, subject};
}

void BindRow(Stmt& s, const std::string& county, const RollupKey& k, const Metrics& m) {
  s.Bind(1, county).Bind(2, k.subject).Bind(3, k.grain).Bind(4, static_cast<int64_t>(k.period));
  s.Bind(5, k.kind).Bind(6, k.category);
  for (int i = 0; i < order::kMetricCount; ++i) s.Bind(7 + i, m[i]);
}

Metrics ReadMetrics(const Stmt& s, int first_col) {
  Metrics m;
  for (int i = 0; i < order::kMetricCount; ++i) m[i] = s.Int(first_col + i);
  return m;
}

// ---------------------------------------------------------------- day ranges

// A day range split into the rows that cover it: month rows (grain 1) for the whole months inside it, day
// rows (grain 0) for the partial months at either edge.
struct Span {
  int grain;
  int32_t lo, hi;  // inclusive periods
  int sign = 1;    // -1: rows to subtract (the complement of a partial month)
};
// Whole months from month rows; a partial month at an edge from its day rows inside the range, or — when
// fewer of its days lie outside the range — from its month row minus the day rows outside.
std::vector<Span> SplitDays(int32_t from, int32_t to) {
  std::vector<Span> out;
  if (from > to) return out;
  auto first = [](int32_t m) { return order::FirstDayOfMonth(m); };
  auto last = [](int32_t m) { return order::FirstDayOfMonth(m + 1) - 1; };
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

// Runs the statement of `sql` that fits the subject once per span of the query, calling row(stmt, span) for
// every result row.
template <typename RowFn>
Status ForEachSpan(Conn& conn, const RangeSql& sql, const RollupQuery& q, RowFn row) {
  const CodeRange cat = PrefixRange(q.category);
  const CodeRange excluded = q.exclude_category.empty() ? CodeRange{"", ""} : PrefixRange(q.exclude_category);
  const bool place = IsCountySubject(q.subject);
  auto s = conn.Prepare(place ? sql.place.c_str() : sql.other.c_str());
  for (const Span& span : SplitDays(q.from_day, q.to_day)) {
    s.Bind(1, q.subject)
        .Bind(2, span.grain)
        .Bind(3, static_cast<int64_t>(span.lo))
        .Bind(4, static_cast<int64_t>(span.hi));
    s.Bind(5, q.kind ? *q.kind : -1).Bind(6, cat.begin).Bind(7, cat.end);
    s.Bind(8, excluded.begin).Bind(9, excluded.end);
    if (place) s.Bind(10, CountyOf(q.subject));
    while (s.Step()) row(s, span);
    RETURN_IF_ERROR(s.status());
    s.Reset();
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- recomputation from the orders

// order::Contribution, in SQL: one column per metric, in Metric order, summed over the matching orders.
#define RECOMPUTE_SUMS                                                                        \
  "count(*), "                                                                                \
  "coalesce(sum(CASE WHEN o.responded_at <> 0 AND NOT o.accept_late THEN 1 ELSE 0 END), 0), " \
  "coalesce(sum(CASE WHEN o.state = 1 THEN 1 ELSE 0 END), 0), "                               \
  "coalesce(sum(CASE WHEN o.state = 9 THEN 1 ELSE 0 END), 0), "                               \
  "coalesce(sum(CASE WHEN o.ever_dispatched THEN 1 ELSE 0 END), 0), "                         \
  "coalesce(sum(CASE WHEN o.return_count > 0 THEN 1 ELSE 0 END), 0), "                        \
  "coalesce(sum(CASE WHEN o.accepted_at <> 0 AND o.state NOT IN " PG_OUT_STATES               \
  " AND (o.state IN " PG_RESOLVED_STATES                                                      \
  " OR o.handle_late) THEN 1 ELSE 0 END), 0), "                                               \
  "coalesce(sum(CASE WHEN o.state IN " PG_RESOLVED_STATES                                     \
  " THEN 1 ELSE 0 END), 0), "                                                                 \
  "coalesce(sum(CASE WHEN o.state IN " PG_RESOLVED_STATES                                     \
  " AND NOT o.handle_late THEN 1 ELSE 0 END), 0), "                                           \
  "coalesce(sum(CASE WHEN o.ever_finished THEN 1 ELSE 0 END), 0), "                           \
  "coalesce(sum(CASE WHEN o.reopen_count > 0 THEN 1 ELSE 0 END), 0), "                        \
  "coalesce(sum(CASE WHEN o.rating <> 0 THEN 1 ELSE 0 END), 0), "                             \
  "coalesce(sum(CASE WHEN o.rating = 1 THEN 1 ELSE 0 END), 0), "                              \
  "coalesce(sum(CASE WHEN o.rating = 2 THEN 1 ELSE 0 END), 0), "                              \
  "coalesce(sum(CASE WHEN o.rating = 3 THEN 1 ELSE 0 END), 0), "                              \
  "coalesce(sum(CASE WHEN o.state IN " PG_RESOLVED_STATES                                     \
  " AND o.finished_at > o.accepted_at THEN o.finished_at - o.accepted_at ELSE 0 END), 0), "   \
  "coalesce(sum(CASE WHEN o.state IN " PG_RESOLVED_STATES                                     \
  " AND o.tier = 'grid' THEN 1 ELSE 0 END), 0), "                                             \
  "coalesce(sum(CASE WHEN o.state IN " PG_RESOLVED_STATES                                     \
  " AND o.tier = 'village' THEN 1 ELSE 0 END), 0), "                                          \
  "coalesce(sum(CASE WHEN o.state IN " PG_RESOLVED_STATES                                     \
  " AND o.tier = 'township' THEN 1 ELSE 0 END), 0), "                                         \
  "coalesce(sum(CASE WHEN o.state IN " PG_RESOLVED_STATES                                     \
  " AND o.tier = 'county' THEN 1 ELSE 0 END), 0), "                                           \
  "coalesce(sum(CASE WHEN o.state IN " PG_RESOLVED_STATES                                     \
  " AND o.tier = 'department' THEN 1 ELSE 0 END), 0), "                                       \
  "coalesce(sum(CASE WHEN o.state IN " PG_OPEN_STATES                                         \
  " THEN 1 ELSE 0 END), 0), "                                                                 \
  "coalesce(sum(CASE WHEN o.state IN " PG_OPEN_STATES                                         \
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
  "coalesce(sum(CASE WHEN o.skip_level THEN 1 ELSE 0 END), 0), "                              \
  "coalesce(sum(CASE WHEN o.leader_user_id IS NOT NULL THEN 1 ELSE 0 END), 0) "
// $3..$4 received_at range, $5 kind (-1 = any), $6..$7 category range, $8..$9 the excluded category range.
#define RECOMPUTE_FILTER                                                                     \
  " AND o.received_at >= $3 AND o.received_at < $4 AND ($5::integer < 0 OR o.kind = $5) "    \
  "AND o.category >= $6 AND o.category < $7 AND ($8::text = $9::text OR o.category < $8 OR " \
  "o.category >= $9)"

void BindRecomputeFilter(Stmt& s, const RollupQuery& q) {
  const CodeRange cat = PrefixRange(q.category);
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

// Every roll-up row a rebuild from the orders produces, in primary-key order (county, subject, grain, period,
// kind, category; text in byte order, as COLLATE "C" sorts it): of every county, or of `county` only. The
// orders are read in pages by id.
Status ForEachRecomputedRollup(Conn& conn, const std::string& county,
                               const std::function<Status(const RowKey&, const Metrics&)>& fn) {
  // Aggregation by sorting: one small entry per (order, row) and one contribution per order (see the SQLite
  // backend); county, subject and category interned and renumbered in string order before sorting.
  struct Entry {
    uint32_t county;
    uint32_t subject;
    uint32_t category;
    int32_t period;
    uint8_t grain;
    uint8_t kind;
    uint32_t order;  // index into contributions
  };
  std::vector<Entry> entries;
  std::vector<Metrics> contributions;
  struct Names {
    std::vector<std::string> names;
    std::unordered_map<std::string, uint32_t> ids;
    uint32_t Intern(const std::string& name) {
      auto [it, added] = ids.emplace(name, static_cast<uint32_t>(names.size()));
      if (added) names.push_back(name);
      return it->second;
    }
    // Renumbers in string order; returns the old number -> rank map and leaves `names` in rank order.
    std::vector<uint32_t> Rank() {
      std::vector<uint32_t> by_name(names.size()), rank(names.size());
      for (uint32_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
      std::sort(by_name.begin(), by_name.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
      for (uint32_t r = 0; r < by_name.size(); ++r) rank[by_name[r]] = r;
      std::vector<std::string> sorted(names.size());
      for (size_t i = 0; i < names.size(); ++i) sorted[rank[i]] = std::move(names[i]);
      names = std::move(sorted);
      return rank;
    }
  } counties, subjects, categories;
  auto s = county.empty()
               ? conn.Prepare("SELECT " PG_ORDER_COLS
                              ", o.county FROM orders o WHERE o.id > $1 ORDER BY o.id LIMIT $2")
               : conn.Prepare("SELECT " PG_ORDER_COLS
                              ", o.county FROM orders o WHERE o.county = $3 AND o.id > $1 ORDER BY "
                              "o.id LIMIT $2");
  for (int64_t after = 0;;) {
    s.Bind(1, after).Bind(2, kRowsPerStatement);
    if (!county.empty()) s.Bind(3, county);
    int rows = 0;
    while (s.Step()) {
      ++rows;
      const order::Order o = ReadOrder(s);
      after = o.id;
      const auto idx = static_cast<uint32_t>(contributions.size());
      contributions.push_back(order::Contribution(o));
      const uint32_t county = counties.Intern(s.Text(kOrderColCount));
      const uint32_t cat = categories.Intern(o.category);
      const int32_t day = order::ReceivedDay(o);
      const int32_t month = order::MonthOfDay(day);
      const auto kind = static_cast<uint8_t>(o.kind);
      for (const std::string& subject : order::Subjects(o)) {
        const uint32_t sub = subjects.Intern(subject);
        entries.push_back(Entry{county, sub, cat, day, 0, kind, idx});
        entries.push_back(Entry{county, sub, cat, month, 1, kind, idx});
      }
    }
    RETURN_IF_ERROR(s.status());
    s.Reset();
    if (rows < kRowsPerStatement) break;
  }
  const std::vector<uint32_t> county_rank = counties.Rank(), subject_rank = subjects.Rank(),
                              category_rank = categories.Rank();
  for (Entry& e : entries) {
    e.county = county_rank[e.county];
    e.subject = subject_rank[e.subject];
    e.category = category_rank[e.category];
  }
  auto key_of = [](const Entry& e) {
    return std::make_tuple(e.county, e.subject, e.grain, e.period, e.kind, e.category);
  };
  std::sort(entries.begin(), entries.end(),
            [&](const Entry& a, const Entry& b) { return key_of(a) < key_of(b); });
  for (size_t i = 0; i < entries.size();) {
    const Entry& head = entries[i];
    Metrics sum;
    size_t j = i;
    for (; j < entries.size() && key_of(entries[j]) == key_of(head); ++j)
      sum += contributions[entries[j].order];
    const RowKey key{counties.names[head.county],
                     RollupKey{subjects.names[head.subject], head.grain, head.period, head.kind,
                               categories.names[head.category]}};
    RETURN_IF_ERROR(fn(key, sum));
    i = j;
  }
  return Status::Ok();
}

std::string RowKeyText(const RowKey& k) {
  return k.key.subject + " (county " + k.county + ")" + (k.key.grain == 0 ? " day " : " month ") +
         std::to_string(k.key.period) + " kind " + std::to_string(k.key.kind) + " category " + k.key.category;
}

// A PostgreSQL array literal of the values ("{1,2}", "{\"a\",\"b\"}").
template <typename T, typename Get>
std::string ArrayLiteral(const std::vector<T>& rows, Get get) {
  std::string out = "{";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) out += ',';
    if constexpr (std::is_same_v<decltype(get(rows[i])), std::string>) {
      out += '"';
      for (char c : get(rows[i])) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += '"';
    } else {
      out += std::to_string(get(rows[i]));
    }
  }
  return out + "}";
}

}  // namespace

// ---------------------------------------------------------------- buffering and the flush

namespace rollup {

void Add(PgTx* tx, const std::string& county, const RollupKey& key, const Metrics& delta) {
  if (delta.IsZero()) return;
  RollupKey k = key;
  k.subject = county + kCountySep + key.subject;
  tx->pending_rollups_[k] += delta;
}

}  // namespace rollup

void PgTx::DropRollupsOf(std::unordered_map<RollupKey, Metrics, RollupKeyHash>* buffer,
                         const std::string& county) {
  if (county.empty()) {
    buffer->clear();
    return;
  }
  for (auto it = buffer->begin(); it != buffer->end();) {
    auto [c, subject] = SplitBuffered(it->first.subject);
    const bool of_county = c.empty() ? CountyOf(std::string(subject)) == county : c == county;
    it = of_county ? buffer->erase(it) : std::next(it);
  }
}

// One UPSERT per distinct row, in primary-key order, so that writers that touch the same rows lock them in
// the same order and cannot deadlock.
Status PgTx::FlushRollups() {
  if (pending_rollups_.empty()) return Status::Ok();
  struct Row {
    std::string county;
    RollupKey key;
    const Metrics* delta;
  };
  std::vector<Row> rows;
  rows.reserve(pending_rollups_.size());
  for (const auto& [key, m] : pending_rollups_) {
    if (m.IsZero()) continue;  // deltas that cancelled out within the job
    auto [county, subject] = SplitBuffered(key.subject);
    rows.push_back(Row{county.empty() ? CountyOf(std::string(subject)) : std::string(county),
                       RollupKey{std::string(subject), key.grain, key.period, key.kind, key.category}, &m});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.county, a.key.subject, a.key.grain, a.key.period, a.key.kind, a.key.category) <
           std::tie(b.county, b.key.subject, b.key.grain, b.key.period, b.key.kind, b.key.category);
  });
  auto s = conn_->Prepare(Statements().upsert.c_str());
  for (const Row& r : rows) {
    BindRow(s, r.county, r.key, *r.delta);
    RETURN_IF_ERROR(s.Exec());
    s.Reset();
  }
  pending_rollups_.clear();
  return Status::Ok();
}

namespace rollup {

Result<Metrics> Sum(Conn& conn, const RollupQuery& q) {
  Metrics total;
  RETURN_IF_ERROR(ForEachSpan(conn, Statements().sum, q, [&](const Stmt& s, const Span& span) {
    if (span.sign > 0)
      total += ReadMetrics(s, 0);
    else
      total -= ReadMetrics(s, 0);
  }));
  return total;
}

Result<std::vector<std::pair<std::string, Metrics>>> ByCategory(Conn& conn, const RollupQuery& q) {
  std::map<std::string, Metrics> by;
  RETURN_IF_ERROR(ForEachSpan(conn, Statements().by_category, q, [&](const Stmt& s, const Span& span) {
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

Result<std::vector<std::pair<int32_t, Metrics>>> ByMonth(Conn& conn, const RollupQuery& q) {
  std::map<int32_t, Metrics> by;
  RETURN_IF_ERROR(ForEachSpan(conn, Statements().by_period, q, [&](const Stmt& s, const Span& span) {
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

Status MovePlace(PgTx* tx, const std::string& old_code, const std::string& new_code) {
  RETURN_IF_ERROR(tx->FlushRollups());
  Conn& c = tx->conn();
  // The moved subtree's figures are the rows of its own subject: each ancestor that only the old code has
  // loses them, each that only the new code has gains them (order::Subjects: place prefixes from the province
  // down). Each ancestor is a row key (county, subject): a place of 6 digits or more lies in its own county;
  // the province's and prefecture's rows are kept per county, so the moved figures leave the old county's
  // and join the new county's (only villages and smaller are moved: PlaceService::Move).
  auto ancestors = [](const std::string& code) {
    std::vector<std::pair<std::string, std::string>> a;  // (county, subject)
    for (size_t len : {2u, 4u, 6u, 9u, 12u, 15u})
      if (len < code.size()) {
        const std::string subject = code.substr(0, len);
        a.emplace_back(len < 6 ? CountyOf(code) : CountyOf(subject), subject);
      }
    return a;
  };
  const std::vector<std::pair<std::string, std::string>> from = ancestors(old_code), to = ancestors(new_code);
  static const std::string kShift = [] {
    std::string sql = "INSERT INTO order_rollup(county, subject, grain, period, kind, category, " +
                      MetricColumns() + ") SELECT $4::text, $1::text, grain, period, kind, category";
    for (int m = 0; m < order::kMetricCount; ++m)
      sql += ", $3::bigint * " + std::string(order::MetricName(m));
    return sql + " FROM order_rollup WHERE county = $5 AND subject = $2" + AddExcluded();
  }();
  auto shift = [&](const std::pair<std::string, std::string>& row, int sign) -> Status {
    auto s = c.Prepare(kShift.c_str());
    s.Bind(1, row.second).Bind(2, old_code).Bind(3, sign).Bind(4, row.first).Bind(5, CountyOf(old_code));
    return s.Exec();
  };
  for (const auto& a : from)
    if (std::find(to.begin(), to.end(), a) == to.end()) RETURN_IF_ERROR(shift(a, -1));
  for (const auto& a : to)
    if (std::find(from.begin(), from.end(), a) == from.end()) RETURN_IF_ERROR(shift(a, +1));
  const CodeRange r = PrefixRange(old_code);
  const int tail = static_cast<int>(old_code.size()) + 1;
  // The counties the subtree's rows lie in: one, or every county of a shorter (prefecture) code.
  std::string county_lo = old_code.substr(0, 6), county_hi = county_lo;
  county_lo.resize(6, '0');
  county_hi.resize(6, '9');
  if (old_code.size() >= 6) county_hi = county_lo;
  {
    // Subjects renamed; a place subject's county is CountyOf(subject) (rpad truncates or pads to 6).
    auto s = c.Prepare(
        "UPDATE order_rollup SET county = rpad($3::text || substr(subject, $4), 6, '0'), subject = $3::text "
        "|| substr(subject, $4) WHERE county >= $5 AND county <= $6 AND subject >= $1 AND subject < $2");
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code).Bind(4, tail).Bind(5, county_lo).Bind(6, county_hi);
    RETURN_IF_ERROR(s.Exec());
  }
  if (old_code.size() < 6 || CountyOf(old_code) != CountyOf(new_code)) {
    // Orders that change county take their department and handler figures ("d:…", "u:…" rows, kept under
    // the order's county) along. Their own county is rewritten by PlaceRepo::Rekey with their place code
    // (after this, it finds them by their old county), and the foreign keys carry it to the timeline and
    // the call-ins.
    auto s =
        c.Prepare("SELECT " PG_ORDER_COLS
                  ", o.county FROM orders o WHERE o.county >= $5 AND o.county <= $6 AND o.place_code >= $1 "
                  "AND o.place_code < $2 AND o.county <> rpad($3::text || substr(o.place_code, $4), 6, '0')");
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code).Bind(4, tail).Bind(5, county_lo).Bind(6, county_hi);
    while (s.Step()) {
      const order::Order o = ReadOrder(s);
      const std::string old_county = s.Text(kOrderColCount);
      const std::string new_county = CountyOf(new_code + o.place_code.substr(old_code.size()));
      const Metrics m = order::Contribution(o);
      Metrics neg;
      neg -= m;
      const int32_t day = order::ReceivedDay(o);
      for (const std::string& subject : order::Subjects(o)) {
        if (IsPlaceSubject(subject)) continue;  // renamed above
        for (const RollupKey& k :
             {RollupKey{subject, 0, day, static_cast<int>(o.kind), o.category},
              RollupKey{subject, 1, order::MonthOfDay(day), static_cast<int>(o.kind), o.category}}) {
          Add(tx, old_county, k, neg);
          Add(tx, new_county, k, m);
        }
      }
    }
    RETURN_IF_ERROR(s.status());
  }
  // Orders land at the township of their place: those the old township owned now belong to the new one (an
  // order escalated to the county stays there).
  if (old_code.size() > 9 && old_code.substr(0, 9) != new_code.substr(0, 9)) {
    auto s = c.Prepare(
        "UPDATE orders SET command_place = $3 WHERE place_code >= $1 AND place_code < $2 AND command_place = "
        "$4");
    s.Bind(1, r.begin).Bind(2, r.end).Bind(3, new_code.substr(0, 9)).Bind(4, old_code.substr(0, 9));
    RETURN_IF_ERROR(s.Exec());
  }
  return Status::Ok();
}

Result<Metrics> RecomputeFromOrders(Conn& conn, const RollupQuery& q) {
  Metrics m;
  if (q.from_day > q.to_day) return m;
  static const char* kByPlace =
      "SELECT " RECOMPUTE_SUMS
      "FROM orders o WHERE o.place_code >= $1 AND o.place_code < $2" RECOMPUTE_FILTER;
  static const char* kByDept =
      "SELECT " RECOMPUTE_SUMS "FROM orders o WHERE o.assignee_dept = $1 AND $2::bigint = 0" RECOMPUTE_FILTER;
  static const char* kByHandler =
      "SELECT " RECOMPUTE_SUMS
      "FROM orders o WHERE o.handler_user_id = $1 AND $2::bigint = 0" RECOMPUTE_FILTER;
  std::optional<int64_t> dept = SubjectId(q.subject, "d:"), user = SubjectId(q.subject, "u:");
  if (!dept && !user && q.subject.find(':') != std::string::npos)
    return InvalidArgument("统计对象格式错误", "subject must be a place code, d:<dept id> or u:<user id>",
                           "subject");
  auto s = conn.Prepare(dept ? kByDept : (user ? kByHandler : kByPlace));
  if (dept || user) {
    s.Bind(1, dept ? *dept : *user).Bind(2, int64_t{0});
  } else {
    const CodeRange r = PrefixRange(q.subject);
    s.Bind(1, r.begin).Bind(2, r.end);
  }
  BindRecomputeFilter(s, q);
  if (!s.Step()) return s.status().ok() ? Internal("aggregate returned no row") : s.status();
  return ReadMetrics(s, 0);
}

Result<std::vector<std::pair<int64_t, Metrics>>> RecomputeByDepartment(Conn& conn, const RollupQuery& q) {
  std::vector<std::pair<int64_t, Metrics>> out;
  if (q.from_day > q.to_day) return out;
  if (q.subject.find(':') != std::string::npos)
    return InvalidArgument("统计对象须为地点编码", "subject must be a place code", "subject");
  static const char* kSql =
      "SELECT o.assignee_dept, " RECOMPUTE_SUMS
      "FROM orders o WHERE o.place_code >= $1 AND o.place_code < $2 AND o.assignee_dept IS NOT "
      "NULL" RECOMPUTE_FILTER " GROUP BY o.assignee_dept ORDER BY o.assignee_dept";
  auto s = conn.Prepare(kSql);
  const CodeRange r = PrefixRange(q.subject);
  s.Bind(1, r.begin).Bind(2, r.end);
  BindRecomputeFilter(s, q);
  while (s.Step()) out.emplace_back(s.Int(0), ReadMetrics(s, 1));
  RETURN_IF_ERROR(s.status());
  return out;
}

Result<int64_t> Rebuild(PgTx* tx, const std::string& county) {
  // The rows are rebuilt from the orders as they stand, which already include this job's changes.
  PgTx::DropRollupsOf(&tx->pending_rollups_, county);
  // On success, earlier jobs' buffered deltas of these rows are dropped too (KeepRollups). A county's rows
  // are its own (the county column), also those of the province and prefecture subjects.
  tx->rebuilt_in_job_ = true;
  tx->rebuilt_county_ = county;
  Conn& conn = tx->conn();
  if (county.empty()) {
    RETURN_IF_ERROR(conn.Run("DELETE FROM order_rollup"));
  } else {
    auto del = conn.Prepare("DELETE FROM order_rollup WHERE county = $1");
    del.Bind(1, county);
    RETURN_IF_ERROR(del.Exec());
  }
  // Inserted kRowsPerStatement rows at a time, as arrays (one round trip per statement, not per row).
  struct Row {
    RowKey key;
    Metrics m;
  };
  std::vector<Row> rows;
  int64_t written = 0;
  auto flush = [&]() -> Status {
    if (rows.empty()) return Status::Ok();
    auto s = conn.Prepare(Statements().bulk_insert.c_str());
    s.Bind(1, ArrayLiteral(rows, [](const Row& r) { return r.key.county; }));
    s.Bind(2, ArrayLiteral(rows, [](const Row& r) { return r.key.key.subject; }));
    s.Bind(3, ArrayLiteral(rows, [](const Row& r) { return int64_t{r.key.key.grain}; }));
    s.Bind(4, ArrayLiteral(rows, [](const Row& r) { return int64_t{r.key.key.period}; }));
    s.Bind(5, ArrayLiteral(rows, [](const Row& r) { return int64_t{r.key.key.kind}; }));
    s.Bind(6, ArrayLiteral(rows, [](const Row& r) { return r.key.key.category; }));
    for (int i = 0; i < order::kMetricCount; ++i)
      s.Bind(7 + i, ArrayLiteral(rows, [i](const Row& r) { return r.m[i]; }));
    RETURN_IF_ERROR(s.Exec());
    written += static_cast<int64_t>(rows.size());
    rows.clear();
    return Status::Ok();
  };
  RETURN_IF_ERROR(ForEachRecomputedRollup(conn, county, [&](const RowKey& key, const Metrics& sum) -> Status {
    rows.push_back(Row{key, sum});
    if (static_cast<int>(rows.size()) == kRowsPerStatement) return flush();
    return Status::Ok();
  }));
  RETURN_IF_ERROR(flush());
  return written;
}

Result<DerivedCheck> Check(Conn& conn) {
  // A merge of the stored rows (read in primary-key order, a page at a time) and the recomputed ones, in the
  // same order. Stored rows whose figures are all zero (an order moved away from them) equal an absent row.
  struct Stored {
    RowKey key;
    Metrics m;
  };
  std::vector<Stored> page;
  size_t at = 0;
  bool more = true;
  Status read_status;
  auto load = [&]() {
    const bool first = page.empty();
    auto s = conn.Prepare(first ? Statements().stored_first.c_str() : Statements().stored_next.c_str());
    if (first) {
      s.Bind(1, kRowsPerStatement);
    } else {
      const RowKey& k = page.back().key;
      s.Bind(1, k.county)
          .Bind(2, k.key.subject)
          .Bind(3, k.key.grain)
          .Bind(4, static_cast<int64_t>(k.key.period));
      s.Bind(5, k.key.kind).Bind(6, k.key.category).Bind(7, kRowsPerStatement);
    }
    page.clear();
    at = 0;
    while (s.Step())
      page.push_back(Stored{
          RowKey{s.Text(0), RollupKey{s.Text(1), static_cast<int>(s.Int(2)), static_cast<int32_t>(s.Int(3)),
                                      static_cast<int>(s.Int(4)), s.Text(5)}},
          ReadMetrics(s, 6)});
    read_status = s.status();
    more = read_status.ok() && static_cast<int>(page.size()) == kRowsPerStatement;
  };
  // The current stored row, or nullptr when there is none left.
  auto current = [&]() -> const Stored* {
    if (at < page.size()) return &page[at];
    if (!more) return nullptr;
    load();
    return at < page.size() ? &page[at] : nullptr;
  };
  DerivedCheck check;
  auto mismatch = [&](const RowKey& k, const std::string& what) {
    if (check.mismatches++ == 0) check.first = RowKeyText(k) + ": " + what;
  };
  auto stored_only = [&](const Stored& st) {
    ++check.rows;
    if (!st.m.IsZero()) mismatch(st.key, "stored, not in the recomputation");
    ++at;
  };
  load();
  RETURN_IF_ERROR(read_status);
  RETURN_IF_ERROR(ForEachRecomputedRollup(conn, "", [&](const RowKey& key, const Metrics& sum) -> Status {
    const Stored* st = current();
    for (; st != nullptr && st->key.Tie() < key.Tie(); st = current()) stored_only(*st);
    RETURN_IF_ERROR(read_status);
    ++check.rows;
    if (st != nullptr && st->key.Tie() == key.Tie()) {
      if (!(st->m == sum)) mismatch(key, "stored figures differ from the recomputation");
      ++at;
    } else if (!sum.IsZero()) {
      mismatch(key, "missing");
    }
    return Status::Ok();
  }));
  for (const Stored* st = current(); st != nullptr; st = current()) stored_only(*st);
  RETURN_IF_ERROR(read_status);
  return check;
}

}  // namespace rollup
}  // namespace wangge::storage::postgres
