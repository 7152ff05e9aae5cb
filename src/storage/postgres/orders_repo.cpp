// PostgreSQL: work orders (工单) with their timeline and call-ins (吹哨) (orders_repo.hpp); the roll-ups and
// PgTx::FlushRollups are in orders_rollup.cpp. Every row carries its order's county (migration 0009); lookups
// by order id or token go without it (an index on id: one server).
#include "storage/orders_repo.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/codes.hpp"
#include "storage/coords.hpp"
#include "storage/cursor.hpp"
#include "storage/orders_list.hpp"
#include "storage/postgres/orders_rollup.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {

using order::Metrics;
using order::State;

static_assert(static_cast<int>(State::kReported) == 0 && static_cast<int>(State::kRefused) == 1 &&
                  static_cast<int>(State::kAccepted) == 2 && static_cast<int>(State::kDispatched) == 3 &&
                  static_cast<int>(State::kHandling) == 4 && static_cast<int>(State::kReturned) == 5 &&
                  static_cast<int>(State::kFinished) == 6 && static_cast<int>(State::kVerified) == 7 &&
                  static_cast<int>(State::kClosed) == 8 && static_cast<int>(State::kMerged) == 9 &&
                  static_cast<int>(State::kTransferred) == 10,
              "the SQL of the orders domain spells state numbers out");

namespace {

constexpr int kMaxEvents = 5000;   // one order's timeline
constexpr int kMaxCallins = 1000;  // departments called in to one order
constexpr int kMaxNearby = 200;

// Binds every stored field but id, track_key and county as $1..$48 and $51..$62 (the column order of
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
  s.Bind(51, o.risk).Bind(52, o.outcome).Bind(53, o.route).Bind(54, o.route_ref).Bind(55, o.followups);
  s.Bind(56, o.linked_order).Bind(57, o.leader_user_id).Bind(58, o.repeat_of).Bind(59, o.skip_level);
  s.Bind(60, o.superior).Bind(61, o.superior_due).Bind(62, o.service_minutes);
}

Result<std::vector<order::Order>> ReadOrders(Stmt& s) {
  std::vector<order::Order> out;
  while (s.Step()) out.push_back(ReadOrder(s));
  if (!s.status().ok()) return s.status();
  return out;
}

// ---------------------------------------------------------------- List plans

// How List reaches its rows (the first filter that is set decides), and in which order it returns them.
// PostgreSQL's planner picks the index itself, so a village and a township scope share one statement (SQLite
// steers them to different indexes).
enum class Access { kPlace, kDept, kReporter, kHandler, kKind, kLeader };
using Sort = ListSort;
constexpr int kAccessCount = 6, kSortCount = kListSortCount;

// Parameters of every List statement: $1..$29 as storage/orders_list.hpp numbers them. Each statement names
// them all, typed, in a condition without columns (planned as a one-time filter), since a plan leaves some
// out and PostgreSQL must know the type of every parameter it is sent.
#define LIST_PARAMS                                                                                       \
  "num_nulls($1::text, $2::text, $3::bigint, $4::bigint, $5::bigint, $6::integer, $7::boolean, "          \
  "$8::boolean, "                                                                                         \
  "$9::integer, $10::text, $11::text, $12::bigint, $13::bigint, $14::bigint, $15::bigint, $16::bigint, "  \
  "$17::text, $18::text, $19::bigint, $20::text, $21::bigint, $22::integer, $23::integer, $24::integer, " \
  "$25::text, $26::text, $27::boolean, $28::boolean, $29::boolean, $30::bigint) >= 0"

// The filters of the query on the orders aliased `o`. `people` adds the reporter and handler filters; `hide`
// the OrderQuery::hide_class filter ($17 $18 the class range, $19 reporter, $20 assignee place, $21 assignee
// department as its exceptions), which the arm of the orders a department was called in to (`called`) skips.
std::string ListFilters(bool people, bool hide, bool called = false) {
  std::string f =
      " AND ($6 IS NULL OR o.state = $6) AND (NOT $7 OR o.state IN " PG_OPEN_STATES
      ") AND (NOT $8 OR (o.warn = 2 AND o.state IN " PG_OPEN_STATES
      ")) AND o.warn >= $9 AND o.category >= $10 AND o.category < $11 AND ($12 = 0 OR o.received_at >= $12) "
      "AND ($13 = 0 OR o.received_at < $13) AND ($22 < 0 OR o.kind = $22) AND ($23 < 0 OR o.risk = $23) "
      "AND ($24 = 0 OR ((1 << o.outcome) & $24) <> 0) "
      "AND ($25 IS NULL OR strpos($25, ',' || o.route || ',') > 0) AND ($26 IS NULL OR o.channel = $26) "
      "AND (NOT $27 OR o.repeat_of IS NOT NULL) AND (NOT $28 OR o.skip_level) "
      "AND (NOT $29 OR o.leader_user_id IS NOT NULL)";
  if (hide && !called)
    f += " AND (o.category < $17 OR o.category >= $18 OR o.reporter_user_id = $19 OR o.assignee_place = $20 "
         "OR "
         "o.assignee_dept = $21)";
  if (people) f += " AND ($4 IS NULL OR o.reporter_user_id = $4) AND ($5 IS NULL OR o.handler_user_id = $5)";
  return f;
}

std::string ListSql(Access a, Sort sort, bool hide) {
  std::string keyset, order_by;
  switch (sort) {
    case Sort::kNewest:
      keyset = " AND o.id < $14";
      order_by = " ORDER BY o.id DESC";
      break;
    case Sort::kDeadline:
      keyset = " AND o.deadline IS NOT NULL AND (o.deadline, o.id) > ($15, $14)";
      order_by = " ORDER BY o.deadline, o.id";
      break;
    case Sort::kClosed:
      keyset = " AND o.state = 8 AND (o.closed_at, o.id) < ($15, $14)";
      order_by = " ORDER BY o.closed_at DESC, o.id DESC";
      break;
  }
  auto arm = [&](const std::string& from_where, bool people) {
    return "SELECT " PG_ORDER_COLS + from_where + ListFilters(people, hide) + keyset;
  };
  std::string sql;
  switch (a) {
    case Access::kPlace:
      sql = arm("FROM orders o WHERE " LIST_PARAMS " AND o.place_code >= $1 AND o.place_code < $2", false) +
            order_by;
      break;
    case Access::kKind:
      // Cases of a kind other than events in a township or more: that kind's own sort index (migration 0017;
      // the literal `o.kind <> 0` proves the partial index's predicate).
      sql = arm("FROM orders o WHERE " LIST_PARAMS
                " AND o.kind = $22 AND o.kind <> 0 AND o.place_code >= $1 AND o.place_code < $2",
                false) +
            order_by;
      break;
    case Access::kDept: {
      // Assigned to the department, or called in (吹哨): the ORDER BY of the union names result columns.
      std::string compound_order = order_by;
      for (size_t p; (p = compound_order.find("o.")) != std::string::npos;) compound_order.erase(p, 2);
      sql =
          arm("FROM orders o WHERE " LIST_PARAMS " AND o.assignee_dept = $3", true) + " UNION ALL SELECT " +
          PG_ORDER_COLS
          "FROM order_callins c JOIN orders o ON o.county = c.county AND o.id = c.order_id WHERE " LIST_PARAMS
          " AND c.dept_id = $3 AND o.assignee_dept IS DISTINCT FROM $3" +
          ListFilters(true, hide, /*called=*/true) + keyset + compound_order;
      break;
    }
    case Access::kReporter:
      sql = arm("FROM orders o WHERE " LIST_PARAMS " AND o.reporter_user_id = $4", true) + order_by;
      break;
    case Access::kHandler:
      sql = arm("FROM orders o WHERE " LIST_PARAMS
                " AND o.handler_user_id = $5 AND o.place_code >= $1 AND o.place_code < $2",
                true) +
            order_by;
      break;
    case Access::kLeader:  // a leader's 包案 (the orders_leader index)
      sql = arm("FROM orders o WHERE " LIST_PARAMS " AND o.leader_user_id = $30", true) + order_by;
      break;
  }
  return sql + " LIMIT $16";
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

class PgOrderRepo final : public OrderRepo {
 public:
  explicit PgOrderRepo(PgTx* tx) : tx_(tx) {}
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

  // Roll-ups (orders_rollup.cpp). A delta's county: CountyOf(subject) for a place subject of a county or
  // below; for any other subject ("d:<id>", "u:<id>", the province and prefecture) that of the order this
  // repository last inserted or updated — the service rolls an order up right after writing it (migration
  // 0009 explains the choice).
  void AddRollup(const RollupKey& key, const Metrics& delta) override {
    if (delta.IsZero()) return;
    rollup::Add(tx_, IsCountySubject(key.subject) ? CountyOf(key.subject) : last_county_, key, delta);
  }
  Result<Metrics> SumRollup(const RollupQuery& q) override { return rollup::Sum(tx_->conn(), q); }
  Result<std::vector<std::pair<std::string, Metrics>>> RollupByCategory(const RollupQuery& q) override {
    return rollup::ByCategory(tx_->conn(), q);
  }
  Result<std::vector<std::pair<int32_t, Metrics>>> RollupByMonth(const RollupQuery& q) override {
    return rollup::ByMonth(tx_->conn(), q);
  }
  Result<Metrics> RecomputeFromOrders(const RollupQuery& q) override {
    return rollup::RecomputeFromOrders(tx_->conn(), q);
  }
  Result<std::vector<std::pair<int64_t, Metrics>>> RecomputeByDepartment(const RollupQuery& q) override {
    return rollup::RecomputeByDepartment(tx_->conn(), q);
  }
  Status MovePlace(const std::string& old_code, const std::string& new_code) override {
    return rollup::MovePlace(tx_, old_code, new_code);
  }
  Result<int64_t> RebuildRollups(const std::string& county) override { return rollup::Rebuild(tx_, county); }
  Result<DerivedCheck> CheckRollups() override { return rollup::Check(tx_->conn()); }

 private:
  PgTx* tx_;
  std::string last_county_ = CountyOf("");  // of the order last inserted or updated (AddRollup)
};

}  // namespace

RepoPtr<OrderRepo> NewPgOrderRepo(PgTx* tx) { return MakeRepo<OrderRepo, PgOrderRepo>(tx); }

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

bool IsPlaceSubject(const std::string& subject) {
  return !subject.empty() && subject[0] >= '0' && subject[0] <= '9';
}

bool IsCountySubject(const std::string& subject) { return IsPlaceSubject(subject) && subject.size() >= 6; }

Result<order::Order> PgOrderRepo::Get(int64_t id) {
  return GetById<order::Order>(tx_->conn(), "SELECT " PG_ORDER_COLS " FROM orders o WHERE o.id = $1", id,
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

Result<int64_t> PgOrderRepo::Insert(const order::Order& o) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO orders(county, " ORDER_WRITE_COLS
      ", track_key, risk, outcome, route, route_ref, followups, linked_order, leader_user_id, repeat_of, "
      "skip_level, superior, superior_due, service_minutes) "
      "VALUES($50,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,"
      "$26,"
      "$27,$28,$29,$30,$31,$32,$33,$34,$35,$36,$37,$38,$39,$40,$41,$42,$43,$44,$45,$46,$47,$48,$49,$51,$52,$"
      "53,"
      "$54,$55,$56,$57,$58,$59,$60,$61,$62) "
      "RETURNING id");
  BindOrder(s, o);
  const std::string county = CountyOf(o.place_code);
  s.Bind(49, o.track_key);  // written once: Update leaves it
  s.Bind(50, county);
  if (!s.Step()) return s.status().ok() ? Internal("INSERT … RETURNING gave no row") : s.status();
  last_county_ = county;
  return s.Int(0);
}

Status PgOrderRepo::Update(const order::Order& o) {
  // The county follows the place code (which the service never changes; a place move goes through
  // MovePlace): the foreign keys carry a change to the timeline and the call-ins.
  auto s = tx_->conn().Prepare(
      "UPDATE orders SET county=$50, kind=$1, state=$2, category=$3, urgency=$4, channel=$5, title=$6, "
      "description=$7, address=$8, lat_e7=$9, lon_e7=$10, place_code=$11, reporter_user_id=$12, "
      "reporter_name_enc=$13, reporter_phone_enc=$14, reporter_name_masked=$15, reporter_phone_masked=$16, "
      "command_place=$17, assignee_dept=$18, assignee_place=$19, handler_user_id=$20, received_at=$21, "
      "accept_due=$22, responded_at=$23, accepted_at=$24, phase_start=$25, handle_due=$26, finished_at=$27, "
      "verified_at=$28, closed_at=$29, alarm_at=$30, warn=$31, accept_late=$32, handle_late=$33, "
      "ever_dispatched=$34, ever_finished=$35, ext_pending_days=$36, extensions=$37, return_count=$38, "
      "reopen_count=$39, escalate_count=$40, supervise_count=$41, supervise_level=$42, rating=$43, tier=$44, "
      "merged_into=$45, version=version+1, updated_at=$47, deadline=$48, risk=$51, outcome=$52, route=$53, "
      "route_ref=$54, followups=$55, linked_order=$56, leader_user_id=$57, repeat_of=$58, skip_level=$59, "
      "superior=$60, superior_due=$61, service_minutes=$62 WHERE id=$49 AND version=$46");
  BindOrder(s, o);
  const std::string county = CountyOf(o.place_code);
  s.Bind(49, o.id).Bind(50, county);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 1) {
    last_county_ = county;
    return Status::Ok();
  }
  auto e = tx_->conn().Prepare("SELECT 1 FROM orders WHERE id = $1");
  e.Bind(1, o.id);
  if (e.Step()) return StaleVersion();
  RETURN_IF_ERROR(e.status());
  return RecordNotFound();
}

Result<Page<order::Order>> PgOrderRepo::List(const OrderQuery& q) {
  ASSIGN_OR_RETURN(Sort sort, ParseListSort(q.sort));
  Access access = Access::kPlace;
  if (q.scope.size() < 12 && q.kind && *q.kind != order::Kind::kEvent) access = Access::kKind;
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

Result<std::vector<order::Order>> PgOrderRepo::Nearby(const std::string& category, int64_t from, int64_t to,
                                                      double lat_min, double lat_max, double lon_min,
                                                      double lon_max, int limit) {
  auto s =
      tx_->conn().Prepare("SELECT " PG_ORDER_COLS
                          " FROM orders o WHERE o.category = $1 AND o.received_at >= $2 AND "
                          "o.received_at < $3 AND o.lat_e7 BETWEEN $4 AND $5 AND o.lon_e7 BETWEEN $6 AND $7 "
                          "ORDER BY o.received_at DESC LIMIT $8");
  s.Bind(1, category).Bind(2, from).Bind(3, to).Bind(4, E7Bound(lat_min)).Bind(5, E7Bound(lat_max));
  s.Bind(6, E7Bound(lon_min)).Bind(7, E7Bound(lon_max)).Bind(8, Clamp(limit, kMaxNearby));
  return ReadOrders(s);
}

Result<std::vector<order::Order>> PgOrderRepo::DueAlarms(int64_t now, int limit) {
  auto s = tx_->conn().Prepare(
      "SELECT " PG_ORDER_COLS
      " FROM orders o WHERE o.alarm_at > 0 AND o.alarm_at <= $1 AND o.state IN " PG_OPEN_STATES
      " ORDER BY o.alarm_at, o.id LIMIT $2");
  s.Bind(1, now).Bind(2, Clamp(limit, kMaxDue));
  return ReadOrders(s);
}

Result<std::optional<int64_t>> PgOrderRepo::NextAlarm() {
  // The same rows DueAlarms takes, so the scheduler never wakes for an alarm it would not be given.
  auto s = tx_->conn().Prepare(
      "SELECT o.alarm_at FROM orders o WHERE o.alarm_at > 0 AND o.state IN " PG_OPEN_STATES
      " ORDER BY o.alarm_at LIMIT 1");
  return OptionalInt(s);
}

Status PgOrderRepo::SetToken(int64_t order_id, const std::string& token) {
  auto s = tx_->conn().Prepare("UPDATE orders SET open311_token = $1 WHERE id = $2");
  s.Bind(1, token).Bind(2, order_id);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict) return Conflict("令牌已被使用", "token already in use", "token");
  RETURN_IF_ERROR(st);
  if (s.Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Result<std::optional<int64_t>> PgOrderRepo::FindByToken(const std::string& token) {
  // Unique per county only (migration 0009): the lowest id answers should two counties share a token.
  auto s = tx_->conn().Prepare("SELECT id FROM orders WHERE open311_token = $1 ORDER BY id LIMIT 1");
  s.Bind(1, token);
  return OptionalInt(s);
}

Status PgOrderRepo::AppendEvent(OrderEvent* e) {
  // The event takes its order's county; an event of a missing order is refused (the foreign key).
  auto s = tx_->conn().Prepare(
      "INSERT INTO order_events(county, order_id, at, action, from_state, to_state, user_id, user_name, "
      "role, "
      "reason, note, data) SELECT o.county, o.id, $2::bigint, $3::text, $4::integer, $5::integer, "
      "$6::bigint, "
      "$7::text, $8::text, $9::text, $10::text, $11::text FROM orders o WHERE o.id = $1 RETURNING id");
  s.Bind(1, e->order_id).Bind(2, e->at).Bind(3, e->action).Bind(4, e->from_state).Bind(5, e->to_state);
  s.Bind(6, e->user_id).Bind(7, e->user_name).Bind(8, e->role).Bind(9, e->reason).Bind(10, e->note);
  s.Bind(11, e->data.empty() ? std::string("{}") : e->data);
  if (!s.Step()) return s.status().ok() ? RecordNotFound() : s.status();
  e->id = s.Int(0);
  return Status::Ok();
}

Result<std::vector<OrderEvent>> PgOrderRepo::Events(int64_t order_id) {
  auto s = tx_->conn().Prepare(
      "SELECT id, order_id, at, action, from_state, to_state, user_id, user_name, role, reason, note, data "
      "FROM order_events WHERE order_id = $1 ORDER BY id LIMIT $2");
  s.Bind(1, order_id).Bind(2, kMaxEvents);
  std::vector<OrderEvent> out;
  while (s.Step()) out.push_back(ReadEvent(s));
  if (!s.status().ok()) return s.status();
  return out;
}

Status PgOrderRepo::InsertCallin(const OrderCallin& c) {
  // The call-in takes its order's county; one of a missing order is refused (the foreign key).
  auto s = tx_->conn().Prepare(
      "INSERT INTO order_callins(county, " CALLIN_COLS
      ") SELECT o.county, o.id, $2::bigint, $3::bigint, $4::bigint, $5::bigint, $6::boolean FROM orders o "
      "WHERE o.id = $1");
  s.Bind(1, c.order_id).Bind(2, c.dept_id).Bind(3, c.called_at).Bind(4, c.due_at).Bind(5, c.acked_at);
  s.Bind(6, c.overdue_notified);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("该部门已被吹哨", "the department is already called in to this order", "departments");
  RETURN_IF_ERROR(st);
  if (s.Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Status PgOrderRepo::UpdateCallin(const OrderCallin& c) {
  auto s = tx_->conn().Prepare(
      "UPDATE order_callins SET called_at = $3, due_at = $4, acked_at = $5, overdue_notified = $6 "
      "WHERE order_id = $1 AND dept_id = $2");
  s.Bind(1, c.order_id).Bind(2, c.dept_id).Bind(3, c.called_at).Bind(4, c.due_at).Bind(5, c.acked_at);
  s.Bind(6, c.overdue_notified);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Result<std::vector<OrderCallin>> PgOrderRepo::Callins(int64_t order_id) {
  auto s = tx_->conn().Prepare("SELECT " CALLIN_COLS
                               " FROM order_callins WHERE order_id = $1 ORDER BY dept_id LIMIT $2");
  s.Bind(1, order_id).Bind(2, kMaxCallins);
  return ReadCallins(s);
}

Result<std::vector<OrderCallin>> PgOrderRepo::DueCallins(int64_t now, int limit) {
  auto s =
      tx_->conn().Prepare("SELECT " CALLIN_COLS
                          " FROM order_callins WHERE acked_at = 0 AND NOT overdue_notified AND due_at <= $1 "
                          "ORDER BY due_at, order_id, dept_id LIMIT $2");
  s.Bind(1, now).Bind(2, Clamp(limit, kMaxDue));
  return ReadCallins(s);
}

Result<std::optional<int64_t>> PgOrderRepo::NextCallinDue() {
  auto s = tx_->conn().Prepare(
      "SELECT min(due_at) FROM order_callins WHERE acked_at = 0 AND NOT overdue_notified");
  return OptionalInt(s);
}

}  // namespace wangge::storage::postgres
