#include "service/participation.hpp"

#include <map>

#include "core/calendar.hpp"
#include "core/codes.hpp"
#include "core/indicators.hpp"
#include "service/authz.hpp"
#include "storage/dual_repo.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::service {

Result<ParticipationReport> ParticipationService::Figures(const Ctx& ctx, const std::string& place_in,
                                                          const std::string& from_in,
                                                          const std::string& to_in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kIndicatorRead));
  // The period, as GET /api/v1/indicators reads it: China days, both included; 12 calendar months by default.
  const int32_t today = cal::LocalDay(orders_->Now());
  int32_t to = today, from = 0;
  if (!to_in.empty()) {
    ASSIGN_OR_RETURN(to, cal::DayFromIso(to_in, "to"));
  }
  if (!from_in.empty()) {
    ASSIGN_OR_RETURN(from, cal::DayFromIso(from_in, "from"));
  } else {
    from = order::FirstDayOfMonth(order::MonthOfDay(to) - 11);
  }
  if (from > to) return InvalidArgument("开始日期晚于结束日期", "from is after to", "from");
  if (to - from > 3700)
    return InvalidArgument("时间范围最长 10 年", "the range may span at most 10 years", "from");
  ASSIGN_OR_RETURN(std::string place, Authz::ListScope(who, Permission::kIndicatorRead, place_in));
  if (place.empty()) return InvalidArgument("请指定地点", "place is required", "place");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  auto p = tx->places().Get(place);
  if (!p.ok()) return RecordNotFound();
  ParticipationReport rep;
  rep.from = cal::IsoFromDay(from);
  rep.to = cal::IsoFromDay(to);
  const int64_t t0 = cal::DayStart(from), t1 = cal::DayStart(to + 1);
  const int own = static_cast<int>(place.size());
  // The records name a community (12 digits): places below a village have no rows of their own.
  const int key = own < 12 ? CodeLength(static_cast<Level>(p->level + 1)) : own;
  auto fill = [&](ParticipationFigures* f, const storage::ServiceHoursRow* h,
                  const storage::DualCoverageRow* d) {
    if (h) f->minutes = h->minutes, f->people = h->people, f->entries = h->entries;
    if (d) f->dual_units = d->units, f->dual_members = d->members, f->dual_placed = d->placed;
  };
  // Below a village: the village's figures (the records name a community), under the village's code and name.
  const std::string scope = own < 12 ? place : place.substr(0, 12);
  rep.totals.key = scope;
  rep.totals.name = p->name;
  if (own > 12) {
    ASSIGN_OR_RETURN(rep.totals.name, tx->places().Name(scope));
  }
  {
    ASSIGN_OR_RETURN(auto hours, tx->ledger().ServiceHours(scope, t0, t1, static_cast<int>(scope.size())));
    ASSIGN_OR_RETURN(auto dual, tx->dual().Coverage(scope, static_cast<int>(scope.size())));
    fill(&rep.totals, hours.empty() ? nullptr : &hours[0], dual.empty() ? nullptr : &dual[0]);
  }
  if (own >= 12) return rep;
  ASSIGN_OR_RETURN(auto hours, tx->ledger().ServiceHours(place, t0, t1, key));
  ASSIGN_OR_RETURN(auto dual, tx->dual().Coverage(place, key));
  std::map<std::string, ParticipationFigures> groups;
  storage::PageRequest page;
  page.limit = 1000;
  ASSIGN_OR_RETURN(auto children, tx->places().Children(place, false, page));
  for (const Place& c : children.items) groups[c.code] = ParticipationFigures{c.code, c.name};
  for (const auto& h : hours)
    if (auto it = groups.find(h.key); it != groups.end()) fill(&it->second, &h, nullptr);
  for (const auto& d : dual)
    if (auto it = groups.find(d.key); it != groups.end()) fill(&it->second, nullptr, &d);
  for (auto& [code, g] : groups) rep.groups.push_back(std::move(g));
  return rep;
}

}  // namespace wangge::service
