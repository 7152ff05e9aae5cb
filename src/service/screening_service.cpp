#include "service/screening_service.hpp"

#include "core/codes.hpp"
#include "core/dates.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/place_service.hpp"
#include "storage/places_repo.hpp"
#include "storage/screenings_repo.hpp"
#include "storage/settings_repo.hpp"

namespace wangge::service {
namespace {

using screening::Cycle;
using screening::Period;

constexpr int64_t kMostDaysBack = 366;  // a round recorded late: at most a year after
constexpr int kMostListed = 500;
constexpr int kDefaultListDays = 90;

std::string ScheduleKey(const std::string& county) { return "screening.schedule." + county; }

// The code length of the level below `len` (a township below a county …); 0 below a grid.
size_t ChildLength(size_t len) {
  switch (len) {
    case 0:
      return 2;
    case 2:
      return 4;
    case 4:
      return 6;
    case 6:
      return 9;
    case 9:
      return 12;
    case 12:
      return 15;
    default:
      return 0;
  }
}

Result<int64_t> DayOf(const std::string& date, std::string_view field, int64_t today) {
  if (date.empty()) return today;
  int64_t day = 0;
  RETURN_IF_ERROR(ValidateDate(date, field, &day));
  return day;
}

void Add(BoardRow* total, const BoardRow& r) {
  total->required += r.required;
  total->on_time += r.on_time;
  total->late += r.late;
  total->found += r.found;
  total->resolved += r.resolved;
}

}  // namespace

Result<screening::Schedule> ScreeningService::ScheduleOf(storage::Tx& tx, const std::string& place_code) {
  ASSIGN_OR_RETURN(auto stored, tx.settings().Get(ScheduleKey(place_code.substr(0, 6))));
  if (!stored) return screening::Schedule{};
  return screening::ParseSchedule(*stored);
}

Result<screening::Record> ScreeningService::Record(const Ctx& ctx, ScreeningInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kDisputeRegister));
  auto level = ParseCode(in.place_code);
  if (!level.ok())
    return Status(level.status().code(), level.status().zh(), level.status().en(), "place_code");
  if (!screening::Screens(in.place_code))
    return InvalidArgument("排查按网格或乡镇（街道）登记",
                           "a screening round is recorded for a grid or a township", "place_code");
  const bool own =
      in.place_code == who.scope && ((who.role == Role::kGridWorker && *level == Level::kGrid) ||
                                     (who.role == Role::kTownshipOfficial && *level == Level::kTownship));
  if (!own)
    return PermissionDenied("排查由网格员登记本网格、乡镇（街道）综治中心登记本乡镇，不能代他人登记",
                            "a grid worker records their own grid's round and a township official their own "
                            "township's");
  screening::Record r;
  r.place_code = in.place_code;
  r.found = in.found;
  r.resolved = in.resolved;
  r.note = std::move(in.note);
  RETURN_IF_ERROR(screening::ValidateRecord(&r));
  const int64_t now = orders_->Now();
  const int64_t today = ChinaDay(now);
  ASSIGN_OR_RETURN(const int64_t day, DayOf(in.date, "date", today));
  if (day > today)
    return InvalidArgument("不能登记未来的排查", "a round cannot be recorded for a future day", "date");
  if (day < today - kMostDaysBack)
    return InvalidArgument("只能补登一年以内的排查", "a round can be recorded at most a year late", "date");
  r.recorded_by = who.user_id;
  r.recorded_by_name = who.display_name;
  r.recorded_at = now;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Place place, tx.places().Get(r.place_code));
    if (place.retired) return FailedPrecondition("该地点已撤销，不能登记排查", "the place is retired");
    ASSIGN_OR_RETURN(const screening::Schedule schedule, ScheduleOf(tx, r.place_code));
    const Cycle cycle = screening::CycleFor(schedule, r.place_code);
    r.cycle = std::string(screening::CycleName(cycle));
    r.period = screening::PeriodOf(cycle, day);
    r.late = today > r.period.last;
    RETURN_IF_ERROR(tx.screenings().Insert(&r));
    const std::string detail = "{\"period\":\"" + FormatDate(r.period.first) +
                               "\",\"found\":" + std::to_string(r.found) +
                               ",\"late\":" + (r.late ? "true" : "false") + "}";
    return Audit(tx, ctx, "screening.record", "screening", std::to_string(r.id), r.place_code, detail);
  }));
  return r;
}

Result<BoardSection> ScreeningService::Section(storage::Tx& tx, const std::string& scope, Cycle cycle,
                                               int64_t day, size_t place_len) {
  BoardSection sec;
  sec.cycle = cycle;
  sec.period = screening::PeriodOf(cycle, day);
  sec.ended = ChinaDay(orders_->Now()) > sec.period.last;
  sec.total.code = scope;
  if (scope.size() > place_len) return sec;
  if (scope.size() == place_len) {  // the board of one screening place
    ASSIGN_OR_RETURN(Place p, tx.places().Get(scope));
    BoardRow row{.code = scope, .name = p.name, .required = p.retired ? 0 : 1};
    ASSIGN_OR_RETURN(row.record, tx.screenings().Get(scope, sec.period.first));
    if (row.record) {
      (row.record->late ? row.late : row.on_time) = 1;
      row.found = row.record->found;
      row.resolved = row.record->resolved;
    }
    Add(&sec.total, row);
    sec.rows.push_back(std::move(row));
    return sec;
  }
  const size_t child_len = ChildLength(scope.size());
  ASSIGN_OR_RETURN(auto children, LiveChildren(tx, scope));
  ASSIGN_OR_RETURN(auto tallies, tx.screenings().Tally(scope, place_len, child_len, sec.period.first));
  size_t t = 0;
  for (const Place& c : children) {
    BoardRow row{.code = c.code, .name = c.name};
    if (child_len == place_len) {
      row.required = 1;
      ASSIGN_OR_RETURN(row.record, tx.screenings().Get(c.code, sec.period.first));
    } else if (place_len == screening::kGridCodeLength) {
      ASSIGN_OR_RETURN(PlaceCounts counts, tx.places().Counts(c.code));
      row.required = counts.grids;
    } else {
      ASSIGN_OR_RETURN(row.required, tx.places().CountInScope(c.code, static_cast<int>(Level::kTownship)));
    }
    while (t < tallies.size() && tallies[t].child < c.code) ++t;
    if (t < tallies.size() && tallies[t].child == c.code) {
      row.late = tallies[t].late;
      row.on_time = tallies[t].records - tallies[t].late;
      row.found = tallies[t].found;
      row.resolved = tallies[t].resolved;
    }
    Add(&sec.total, row);
    sec.rows.push_back(std::move(row));
  }
  return sec;
}

Result<ScreeningBoard> ScreeningService::Board(const Ctx& ctx, const std::string& scope_in,
                                               const std::string& date) {
  ASSIGN_OR_RETURN(std::string scope, Authz::ListScope(ctx.who, Permission::kIndicatorRead, scope_in));
  const int64_t today = ChinaDay(orders_->Now());
  ASSIGN_OR_RETURN(const int64_t day, DayOf(date, "date", today));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ScreeningBoard b;
  b.scope = scope;
  if (!scope.empty()) {
    ASSIGN_OR_RETURN(Place p, tx->places().Get(scope));
    b.scope_name = p.name;
  }
  // Above a county, every county has its own schedule: the board uses the defaults' periods.
  if (scope.size() >= 6) {
    ASSIGN_OR_RETURN(b.schedule, ScheduleOf(*tx, scope));
  }
  ASSIGN_OR_RETURN(b.grids, Section(*tx, scope, b.schedule.grid, day, screening::kGridCodeLength));
  ASSIGN_OR_RETURN(b.townships,
                   Section(*tx, scope, b.schedule.township, day, screening::kTownshipCodeLength));
  return b;
}

Result<std::vector<screening::Record>> ScreeningService::List(const Ctx& ctx, const std::string& scope_in,
                                                              const std::string& from,
                                                              const std::string& to) {
  ASSIGN_OR_RETURN(std::string scope, Authz::ListScope(ctx.who, Permission::kIndicatorRead, scope_in));
  const int64_t today = ChinaDay(orders_->Now());
  ASSIGN_OR_RETURN(const int64_t last, DayOf(to, "to", today));
  ASSIGN_OR_RETURN(const int64_t first, DayOf(from, "from", last - kDefaultListDays));
  if (first > last) return InvalidArgument("起始日期晚于截止日期", "from is after to", "from");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->screenings().List(scope, first, last, kMostListed);
}

Result<screening::Schedule> ScreeningService::GetSchedule(const Ctx& ctx, const std::string& county) {
  RETURN_IF_ERROR(Authz::CanAny(ctx.who, {Permission::kDisputeRegister, Permission::kIndicatorRead}));
  auto level = ParseCode(county);
  if (!level.ok() || *level != Level::kCounty)
    return InvalidArgument("请给出县级代码（6 位）", "county must be a county code (6 digits)", "county");
  if (!Authz::InScope(ctx.who, county) && !IsWithin(ctx.who.scope, county)) return RecordNotFound();
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return ScheduleOf(*tx, county);
}

Result<screening::Schedule> ScreeningService::SetSchedule(const Ctx& ctx, const std::string& county,
                                                          screening::Schedule s) {
  auto level = ParseCode(county);
  if (!level.ok() || *level != Level::kCounty)
    return InvalidArgument("请给出县级代码（6 位）", "county must be a county code (6 digits)", "county");
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kOrderCommand, county));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.places().Get(county).status());
    RETURN_IF_ERROR(tx.settings().Put(ScheduleKey(county), screening::FormatSchedule(s)));
    return Audit(tx, ctx, "screening.schedule", "place", county, county,
                 "{\"schedule\":\"" + screening::FormatSchedule(s) + "\"}");
  }));
  return s;
}

}  // namespace wangge::service
