// 矛盾纠纷排查 (screening rounds, MISSION 16): grid workers record their grid's round and township 综治中心
// their township's, once per period of the county's schedule (core/screening.hpp); the board shows, for a
// place and one period, which of the places below it screened on time, late, or not at all, with the
// 排查按时率.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/screening.hpp"
#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct ScreeningInput {
  std::string place_code;  // the caller's own grid (grid worker) or township (township official)
  std::string date;        // a day of the period screened (YYYY-MM-DD); "" = today
  int found = 0;
  int resolved = 0;
  std::string note;
};

// One row of the board: a place below the board's scope and its places' rounds in the period.
struct BoardRow {
  std::string code;
  std::string name;
  int64_t required = 0;  // places under it that screen on this cycle (live grids; or the township itself)
  int64_t on_time = 0;
  int64_t late = 0;
  int64_t found = 0;
  int64_t resolved = 0;
  std::optional<screening::Record> record;  // when the row is one screening place (a grid, a township)
};

struct BoardSection {
  screening::Cycle cycle = screening::Cycle::kWeek;
  screening::Period period;
  bool ended = false;  // the period is over: places without a record are missing, not pending
  std::vector<BoardRow> rows;
  BoardRow total;  // the sums; total.code is the scope
};

struct ScreeningBoard {
  std::string scope;
  std::string scope_name;
  screening::Schedule schedule;
  BoardSection grids;      // the grids' rounds, per child of the scope
  BoardSection townships;  // the townships' own rounds (scopes of a county or above, or a township)
};

class ScreeningService {
 public:
  ScreeningService(storage::Database* db, OrderService* orders) : db_(db), orders_(orders) {}

  // dispute.register. A grid worker records for their own grid, a township official for their own township;
  // anyone else, or another place: kPermissionDenied. The date must not be in the future nor more than a year
  // back; the period is the one of the county's cycle containing it; a record made after the period ended is
  // kept and flagged late. One record per place and period (kConflict). Audited (screening.record).
  Result<screening::Record> Record(const Ctx& ctx, ScreeningInput in);
  // indicator.read, scope inside the caller's ("" = the caller's). The period containing `date` ("" = today).
  Result<ScreeningBoard> Board(const Ctx& ctx, const std::string& scope, const std::string& date);
  // indicator.read: the records of places inside the scope whose period starts in [from, to] (dates; "" =
  // the last 90 days up to today), latest first, at most 500.
  Result<std::vector<screening::Record>> List(const Ctx& ctx, const std::string& scope,
                                              const std::string& from, const std::string& to);
  // The county's schedule (the defaults until the county sets one): anyone with dispute.register or
  // indicator.read inside that county.
  Result<screening::Schedule> GetSchedule(const Ctx& ctx, const std::string& county);
  // The county command centre (order.command, scope the county or above) sets its county's schedule; audited.
  Result<screening::Schedule> SetSchedule(const Ctx& ctx, const std::string& county, screening::Schedule s);

 private:
  static Result<screening::Schedule> ScheduleOf(storage::Tx& tx, const std::string& place_code);
  Result<BoardSection> Section(storage::Tx& tx, const std::string& scope, screening::Cycle cycle, int64_t day,
                               size_t place_len);
  storage::Database* db_;
  OrderService* orders_;
};

}  // namespace wangge::service
