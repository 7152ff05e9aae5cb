// Work orders (工单), the one record of the event loop (网格吹哨、部门报到) and of every kind of order the
// engine in core/order.hpp drives: the order itself, its timeline (who, when, what), the departments called
// in to it (吹哨) and the indicator roll-ups kept per (subject, day/month, kind, category) in the transaction
// of each change, so a dashboard is a handful of index reads. Backends: sqlite/orders_repo.cpp; contract:
// orders_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/indicators.hpp"
#include "core/order.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// One step of an order's timeline (who, when, what).
struct OrderEvent {
  int64_t id = 0;
  int64_t order_id = 0;
  int64_t at = 0;       // unix seconds
  std::string action;   // order::ActionName
  int from_state = -1;  // -1 when the action created the order
  int to_state = 0;
  int64_t user_id = 0;    // 0 = the system (scheduler)
  std::string user_name;  // display name at the time
  std::string role;       // role identifier at the time
  std::string reason;
  std::string note;
  std::string data = "{}";  // JSON: attachments, target, departments, rating, strength, days …
};

// 吹哨: a department called in to an order, which must 报到 by due_at.
struct OrderCallin {
  int64_t order_id = 0;
  int64_t dept_id = 0;
  int64_t called_at = 0;
  int64_t due_at = 0;
  int64_t acked_at = 0;  // 0 = not yet
  bool overdue_notified = false;
};

struct OrderQuery {
  std::string scope;              // place prefix ("" = all); ignored when leader/dept/reporter set
  std::optional<int64_t> leader;  // the leader in charge (领导包案: a leader's "my cases")
  std::optional<int64_t> dept;  // assigned to, or called in (吹哨) and not acknowledged… or acknowledged
  std::optional<int64_t> reporter;  // reporter_user_id
  std::optional<int64_t> handler;   // handler_user_id
  std::optional<order::State> state;
  bool open_only = false;           // order::IsOpen states only
  bool overdue_only = false;        // open and red
  int min_warn = 0;                 // 1 = yellow or red
  std::string category;             // category code prefix ("" = all)
  std::optional<order::Kind> kind;  // one kind of order (nullopt = every kind)
  int64_t received_from = 0;        // unix seconds, inclusive (0 = unbounded)
  int64_t received_to = 0;          // exclusive (0 = unbounded)
  std::string sort = "newest";      // "newest" (id desc) | "deadline" (current deadline asc, open only) |
                                    // "closed" (closed_at desc, closed orders only: the public board)
  // A category class left out ("" = none: class 10 特殊人群 for callers that may not see it), except the
  // orders whose reporter is `hide_except_reporter`, whose assignee place is `hide_except_place` or assignee
  // department `hide_except_dept`, and those the department `dept` was called in to (0 / "" = no exception).
  std::string hide_class;
  int64_t hide_except_reporter = 0;
  std::string hide_except_place;
  int64_t hide_except_dept = 0;
  // The case filters (dispute cases, petitions; an event order carries none of these but channel).
  std::optional<int> risk;          // 风险等级 0..3 exactly (0 = 未研判)
  int outcome_mask = 0;             // the outcomes kept: bit 1 << order::kOutcome* (bit 0: none yet); 0 = any
  std::vector<std::string> routes;  // the routes kept (RouteNameZh; "" = none yet); empty = any
  std::string channel;              // channel exactly ("" = any)
  bool repeat_only = false;         // 重复信访: repeat_of set
  bool skip_level_only = false;     // 越级
  bool led_only = false;            // 领导包案: a leader in charge
  PageRequest page;
};

// Roll-up key: subject (place code, "d:<dept>", "u:<user>"), grain (0 day, 1 month), period (day number or
// month number, order::MonthOfDay), kind, category.
struct RollupKey {
  std::string subject;
  int grain = 0;
  int32_t period = 0;
  int kind = 0;
  std::string category;
  bool operator==(const RollupKey&) const = default;
};

struct RollupQuery {
  std::string subject;   // one subject (a place code, "d:<id>", "u:<id>")
  int32_t from_day = 0;  // inclusive, order::ReceivedDay numbering
  int32_t to_day = 0;    // inclusive
  std::string category;  // code prefix ("" = all)
  std::optional<int> kind;
  std::string
      exclude_category;  // a code prefix left out ("" = none): class 10 for roles without kSensitiveRead
};

class OrderRepo {
 public:
  virtual ~OrderRepo() = default;
  // RecordNotFound when absent.
  virtual Result<order::Order> Get(int64_t id) = 0;
  // Inserts with a new id (returned); o.version is stored as given.
  virtual Result<int64_t> Insert(const order::Order& o) = 0;
  // Writes every field; kConflict when o.version is not the stored version; bumps the stored version.
  virtual Status Update(const order::Order& o) = 0;
  virtual Result<Page<order::Order>> List(const OrderQuery& q) = 0;
  // Orders of `category` received in [from, to) whose coordinates lie in the box (duplicate suggestion).
  virtual Result<std::vector<order::Order>> Nearby(const std::string& category, int64_t from, int64_t to,
                                                   double lat_min, double lat_max, double lon_min,
                                                   double lon_max, int limit) = 0;
  // The scheduler's index: open orders with 0 < alarm_at <= now, oldest alarm first.
  virtual Result<std::vector<order::Order>> DueAlarms(int64_t now, int limit) = 0;
  // The earliest alarm_at > 0 (nullopt when none).
  virtual Result<std::optional<int64_t>> NextAlarm() = 0;
  // Open311: the token handed out at submission.
  virtual Status SetToken(int64_t order_id, const std::string& token) = 0;
  virtual Result<std::optional<int64_t>> FindByToken(const std::string& token) = 0;

  // Timeline. Append fills e->id.
  virtual Status AppendEvent(OrderEvent* e) = 0;
  virtual Result<std::vector<OrderEvent>> Events(int64_t order_id) = 0;

  // 吹哨. Insert is kConflict when the department is already called in to the order.
  virtual Status InsertCallin(const OrderCallin& c) = 0;
  virtual Status UpdateCallin(const OrderCallin& c) = 0;
  virtual Result<std::vector<OrderCallin>> Callins(int64_t order_id) = 0;
  // Unacknowledged call-ins past due and not yet notified.
  virtual Result<std::vector<OrderCallin>> DueCallins(int64_t now, int limit) = 0;
  virtual Result<std::optional<int64_t>> NextCallinDue() = 0;

  // Roll-ups: adds delta to the row (created at zero when absent). Buffered and applied when the job commits.
  virtual void AddRollup(const RollupKey& key, const order::Metrics& delta) = 0;
  // Σ over the subject's rows for the day range: whole months from month rows, the rest from day rows.
  virtual Result<order::Metrics> SumRollup(const RollupQuery& q) = 0;
  // The same, grouped by category code (2-level codes as stored) / by month.
  virtual Result<std::vector<std::pair<std::string, order::Metrics>>> RollupByCategory(
      const RollupQuery& q) = 0;
  virtual Result<std::vector<std::pair<int32_t, order::Metrics>>> RollupByMonth(const RollupQuery& q) = 0;
  // The same figures computed from the raw orders (a GROUP BY over `orders`): the check and the benchmark's
  // baseline. `subject` as in RollupQuery.
  virtual Result<order::Metrics> RecomputeFromOrders(const RollupQuery& q) = 0;
  // The figures of the orders located in the place `q.subject` (a code), grouped by their assigned
  // department, computed from the orders (the department roll-ups "d:<id>" count a department's orders
  // everywhere):
  // [(department id, metrics)] in id order; departments without orders there are absent.
  virtual Result<std::vector<std::pair<int64_t, order::Metrics>>> RecomputeByDepartment(
      const RollupQuery& q) = 0;
  // The order side of moving the place `old_code` (and everything under it) to `new_code` (PlaceRepo::Rekey
  // calls it before rewriting the place columns): the figures of the moved subtree leave the old ancestors'
  // roll-ups and join the new ancestors', its roll-up subjects are renamed, and its orders owned by the old
  // township's command centre are owned by the new township's. Applied with the surrounding write.
  virtual Status MovePlace(const std::string& old_code, const std::string& new_code) = 0;
  // Drops and rebuilds roll-up rows from the raw orders (demo bulk load, repair): those of `county`'s orders
  // ("" = every row). PostgreSQL keeps each county's rows apart (also its part of the province's and
  // prefecture's figures) and rebuilds that county alone; SQLite's rows above a county add up every county,
  // so it rebuilds every row whatever `county` says. Returns rows written.
  virtual Result<int64_t> RebuildRollups(const std::string& county) = 0;
  // Compares every roll-up row with what RebuildRollups would write; read-only (works in a read snapshot).
  virtual Result<DerivedCheck> CheckRollups() = 0;
};

}  // namespace wangge::storage
