// OrderService::Indicators: the figures of a place subtree, a department or a worker over a date range, read
// from the roll-ups the transitions maintain (docs/indicators.md).
#include <algorithm>
#include <cstdio>
#include <map>

#include "core/codes.hpp"
#include "service/authz.hpp"
#include "service/order_service.hpp"
#include "storage/departments_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {

Result<IndicatorReport> OrderService::Indicators(const Ctx& ctx, const IndicatorQuery& q) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kIndicatorRead));
  IndicatorReport rep;
  // Date range.
  const int32_t today = cal::LocalDay(Now());
  int32_t to = today, from = 0;
  if (!q.to.empty()) {
    ASSIGN_OR_RETURN(to, cal::DayFromIso(q.to, "to"));
  }
  if (!q.from.empty()) {
    ASSIGN_OR_RETURN(from, cal::DayFromIso(q.from, "from"));
  } else {
    from = order::FirstDayOfMonth(order::MonthOfDay(to) - 11);
  }
  if (from > to) return InvalidArgument("开始日期晚于结束日期", "from is after to", "from");
  if (to - from > 3700)
    return InvalidArgument("时间范围最长 10 年", "the range may span at most 10 years", "from");
  if (!q.category.empty() &&
      (q.category.size() > 4 || q.category.find_first_not_of("0123456789") != std::string::npos))
    return InvalidArgument("事件分类编码应为 2 或 4 位数字", "category must be 2 or 4 digits", "category");
  rep.from = cal::IsoFromDay(from);
  rep.to = cal::IsoFromDay(to);
  rep.group_by = q.group_by;
  if (!q.group_by.empty() && q.group_by != "child" && q.group_by != "month" && q.group_by != "category" &&
      q.group_by != "department")
    return InvalidArgument("group_by 只能是 child、month、category 或 department",
                           "group_by must be child, month, category or department", "group_by");

  ASSIGN_OR_RETURN(auto tx, db_->Read());
  std::string place;  // the place the subject is inside (for child/department grouping)
  if (q.user) {
    ASSIGN_OR_RETURN(User u, tx->users().Get(*q.user));
    if (u.id != who.user_id &&
        !(OrderVisibilityOf(who.role) == OrderVisibility::kScope && !u.place_code.empty() &&
          IsWithin(u.place_code, who.scope) && u.place_code != who.scope))
      return RecordNotFound();
    rep.subject = "u:" + std::to_string(u.id);
    rep.name = u.display_name;
  } else if (q.dept || who.role == Role::kDepartmentHandler) {
    const int64_t dept_id = q.dept ? *q.dept : who.department_id.value_or(0);
    if (who.role == Role::kDepartmentHandler && (!who.department_id || *who.department_id != dept_id))
      return PermissionDenied("只能查看本部门的指标", "you may read only your own department's indicators");
    auto d = tx->departments().Get(dept_id);
    if (!d.ok() || !IsWithin(d->place_code, who.scope)) return RecordNotFound();
    rep.subject = "d:" + std::to_string(d->id);
    rep.name = d->name;
  } else {
    ASSIGN_OR_RETURN(place, Authz::ListScope(who, Permission::kIndicatorRead, q.place));
    if (place.empty()) {
      return InvalidArgument("请指定地点", "place is required", "place");
    }
    auto p = tx->places().Get(place);
    if (!p.ok()) return RecordNotFound();
    rep.subject = place;
    rep.name = p->name;
  }
  // Roles that may not see sensitive groups see no figure of their orders (class 10 特殊人群), totals
  // included.
  const std::string hidden =
      HasPermission(who.role, Permission::kSensitiveRead) ? "" : std::string(kSensitiveCategoryClass);
  storage::RollupQuery rq{rep.subject, from, to, q.category, static_cast<int>(q.kind), hidden};
  ASSIGN_OR_RETURN(rep.total, tx->orders().SumRollup(rq));
  rep.rates = order::ComputeRates(rep.total);
  auto row = [](std::string key, std::string name, const order::Metrics& m) {
    return IndicatorRow{std::move(key), std::move(name), m, order::ComputeRates(m)};
  };
  if (q.group_by == "child") {
    if (place.empty())
      return InvalidArgument("按下级分组须指定地点", "group_by=child needs a place", "group_by");
    ASSIGN_OR_RETURN(auto kids, LiveChildren(*tx, place));
    for (const Place& k : kids) {
      storage::RollupQuery kq{k.code, from, to, q.category, static_cast<int>(q.kind), hidden};
      ASSIGN_OR_RETURN(auto m, tx->orders().SumRollup(kq));
      rep.groups.push_back(row(k.code, k.name, m));
    }
  } else if (q.group_by == "month") {
    ASSIGN_OR_RETURN(auto months, tx->orders().RollupByMonth(rq));
    for (auto& [month, m] : months) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d", month / 12, month % 12 + 1);
      rep.groups.push_back(row(buf, buf, m));
    }
  } else if (q.group_by == "category") {
    ASSIGN_OR_RETURN(auto catalog, catalog_->Get());
    ASSIGN_OR_RETURN(auto cats, tx->orders().RollupByCategory(rq));
    for (auto& [code, m] : cats) {
      const Category* c = catalog->Find(code);
      rep.groups.push_back(row(code, c ? c->name_zh : code, m));
    }
  } else if (q.group_by == "department") {
    if (place.empty())
      return InvalidArgument("按部门分组须指定地点", "group_by=department needs a place", "group_by");
    // The live departments of the place's county (retired ones are not ranked). A department's roll-up counts
    // its orders wherever they lie, which is the answer for a whole county; for a place inside it (a
    // township, village, grid: anyone below the county centre) the figures are those of the orders located
    // there, from the orders.
    storage::PageRequest page;
    page.limit = 1000;
    ASSIGN_OR_RETURN(auto depts,
                     tx->departments().List(place.substr(0, std::min<size_t>(6, place.size())), page));
    std::erase_if(depts.items, [](const Department& d) { return d.retired; });
    if (place.size() <= 6) {
      for (const Department& d : depts.items) {
        storage::RollupQuery dq{"d:" + std::to_string(d.id), from,  to, q.category,
                                static_cast<int>(q.kind),    hidden};
        ASSIGN_OR_RETURN(auto m, tx->orders().SumRollup(dq));
        rep.groups.push_back(row("d:" + std::to_string(d.id), d.name, m));
      }
    } else {
      ASSIGN_OR_RETURN(auto by, tx->orders().RecomputeByDepartment(rq));
      std::map<int64_t, order::Metrics> figures(by.begin(), by.end());
      for (const Department& d : depts.items)
        rep.groups.push_back(row("d:" + std::to_string(d.id), d.name, figures[d.id]));
    }
  }
  return rep;
}

}  // namespace wangge::service
