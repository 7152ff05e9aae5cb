// PostgreSQL, inside the orders domain only: what orders_repo.cpp (the orders, their timeline and call-ins)
// and orders_rollup.cpp (the maintained roll-ups, PgTx::FlushRollups) share — the orders' columns and the
// roll-up operations PgOrderRepo delegates to.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/indicators.hpp"
#include "core/order.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"
#include "storage/orders_repo.hpp"
#include "storage/postgres/pg_conn.hpp"

namespace wangge::storage::postgres {

class PgTx;

// The order::State numbers the SQL spells out (orders.state stores the enum values; checked in
// orders_repo.cpp). order::IsOpen, in SQL:
#define PG_OPEN_STATES "(0,2,3,4,5,6,10)"
#define PG_RESOLVED_STATES "(7,8)"
#define PG_OUT_STATES "(1,9)"

// Every stored field of an order, as ReadOrder reads them; column 48 (deadline) is read only as a sort key.
#define PG_ORDER_COLS                                                                                      \
  "o.id, o.kind, o.state, o.category, o.urgency, o.channel, o.title, o.description, o.address, o.lat_e7, " \
  "o.lon_e7, o.place_code, o.reporter_user_id, o.reporter_name_enc, o.reporter_phone_enc, "                \
  "o.reporter_name_masked, o.reporter_phone_masked, o.command_place, o.assignee_dept, o.assignee_place, "  \
  "o.handler_user_id, o.received_at, o.accept_due, o.responded_at, o.accepted_at, o.phase_start, "         \
  "o.handle_due, o.finished_at, o.verified_at, o.closed_at, o.alarm_at, o.warn, o.accept_late, "           \
  "o.handle_late, o.ever_dispatched, o.ever_finished, o.ext_pending_days, o.extensions, o.return_count, "  \
  "o.reopen_count, o.escalate_count, o.supervise_count, o.supervise_level, o.rating, o.tier, "             \
  "o.merged_into, o.version, o.updated_at, o.deadline, o.track_key, o.risk, o.outcome, o.route, "          \
  "o.route_ref, o.followups, o.linked_order, o.leader_user_id, o.repeat_of, o.skip_level, o.superior, "    \
  "o.superior_due, o.service_minutes "

// How many columns PG_ORDER_COLS selects: a column a statement adds after them is column kOrderColCount.
inline constexpr int kOrderColCount = 62;

order::Order ReadOrder(const Stmt& s);

// Whether a roll-up subject is a place code (it starts with a digit) rather than "d:<id>", "u:<id>" …; the
// county of a place subject's rows is CountyOf(subject). order_rollup_other indexes the other subjects.
bool IsPlaceSubject(const std::string& subject);
// A place subject of a county or below (6 digits or more): its rows lie in its own county. The province's
// and prefectures' subjects (2 and 4 digits) have rows in every county under them, as departments' do.
bool IsCountySubject(const std::string& subject);

namespace rollup {

// Buffers a delta of the row (`county`, key) in the job's pending roll-ups (PgTx::FlushRollups writes them).
void Add(PgTx* tx, const std::string& county, const RollupKey& key, const order::Metrics& delta);
Result<order::Metrics> Sum(Conn& conn, const RollupQuery& q);
Result<std::vector<std::pair<std::string, order::Metrics>>> ByCategory(Conn& conn, const RollupQuery& q);
Result<std::vector<std::pair<int32_t, order::Metrics>>> ByMonth(Conn& conn, const RollupQuery& q);
Result<order::Metrics> RecomputeFromOrders(Conn& conn, const RollupQuery& q);
Result<std::vector<std::pair<int64_t, order::Metrics>>> RecomputeByDepartment(Conn& conn,
                                                                              const RollupQuery& q);
Status MovePlace(PgTx* tx, const std::string& old_code, const std::string& new_code);
// Rebuilds the rows of `county` ("" = every row) from its orders (OrderRepo::RebuildRollups).
Result<int64_t> Rebuild(PgTx* tx, const std::string& county);
Result<DerivedCheck> Check(Conn& conn);

}  // namespace rollup
}  // namespace wangge::storage::postgres
