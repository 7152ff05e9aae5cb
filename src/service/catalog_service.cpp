#include "service/catalog_service.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "core/entities.hpp"
#include "core/order.hpp"
#include "core/shipped_data.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/catalogue_repo.hpp"
#include "storage/departments_repo.hpp"

namespace wangge::service {
namespace {

Status NeedSignedIn(const Ctx& ctx) {
  if (ctx.who.user_id == 0 && ctx.who.username.empty())
    return Status(StatusCode::kUnauthenticated, "请先登录", "sign in first");
  return Status::Ok();
}

nlohmann::json CategoryDetail(const Category& c) {
  return {{"name_zh", c.name_zh},
          {"accept_limit", cal::FormatLimit(c.accept_limit)},
          {"handle",
           {cal::FormatLimit(c.handle_limit[0]), cal::FormatLimit(c.handle_limit[1]),
            cal::FormatLimit(c.handle_limit[2])}},
          {"handling_level", c.handling_level},
          {"default_department", c.default_department},
          {"micro", c.micro},
          {"active", c.active}};
}

Status CheckDepartment(storage::Tx& tx, const Category& c) {
  if (c.default_department.empty()) return Status::Ok();
  storage::PageRequest page;
  page.limit = 500;
  ASSIGN_OR_RETURN(auto depts, tx.departments().List("", page));
  for (const Department& d : depts.items)
    if (d.code == c.default_department) return Status::Ok();
  return InvalidArgument("默认承办部门 " + c.default_department + " 不存在",
                         "default department " + c.default_department + " does not exist",
                         "default_department");
}

}  // namespace

Status CatalogService::SeedIfEmpty() {
  Status st = db_->Write([](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cats, tx.catalog().Categories());
    ASSIGN_OR_RETURN(auto shipped, ParseCategoriesCsv(data::CategoriesCsv()));
    // An empty catalogue gets the shipped one; an existing one the categories of the classes a kind of order
    // owns (信访 13, 服务清单 14, 微心愿 15) that it lacks — a kind added by an upgrade comes with its
    // classes (a category an administrator changed or deactivated stays as it is).
    std::set<std::string> have;
    for (const Category& c : cats) have.insert(c.code);
    for (const Category& c : shipped)
      if (cats.empty() || (order::KindOwningCategory(c.code) && !have.contains(c.code)))
        RETURN_IF_ERROR(tx.catalog().InsertCategory(c));
    ASSIGN_OR_RETURN(auto days, tx.catalog().CalendarDays());
    if (days.empty()) {
      ASSIGN_OR_RETURN(cal::Calendar shipped, cal::Calendar::FromCsv(data::HolidaysCsv()));
      for (const cal::DayOverride& d : shipped.Overrides())
        RETURN_IF_ERROR(tx.catalog().PutCalendarDay(cal::IsoFromDay(d.day), d.type, d.name));
    }
    return Status::Ok();
  });
  Invalidate();
  return st;
}

void CatalogService::Invalidate() {
  std::lock_guard lock(mu_);
  snap_.reset();
}

Result<std::shared_ptr<const Catalog>> CatalogService::Load() {
  auto cat = std::make_shared<Catalog>();
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto cats, tx->catalog().Categories());
  for (Category& c : cats) cat->categories.emplace(c.code, std::move(c));
  ASSIGN_OR_RETURN(auto days, tx->catalog().CalendarDays());
  for (const auto& [date, type, name] : days) {
    ASSIGN_OR_RETURN(int32_t day, cal::DayFromIso(date));
    RETURN_IF_ERROR(cat->calendar.SetDay(day, type, name));
  }
  return std::shared_ptr<const Catalog>(std::move(cat));
}

Result<std::shared_ptr<const Catalog>> CatalogService::Get() {
  {
    std::lock_guard lock(mu_);
    if (snap_) return snap_;
  }
  ASSIGN_OR_RETURN(auto fresh, Load());
  std::lock_guard lock(mu_);
  if (!snap_) snap_ = fresh;
  return snap_;
}

Result<std::vector<Category>> CatalogService::Categories(const Ctx& ctx) {
  RETURN_IF_ERROR(NeedSignedIn(ctx));
  ASSIGN_OR_RETURN(auto cat, Get());
  std::vector<Category> out;
  out.reserve(cat->categories.size());
  for (const auto& [code, c] : cat->categories) out.push_back(c);
  return out;
}

Result<Category> CatalogService::GetCategory(const Ctx& ctx, const std::string& code) {
  RETURN_IF_ERROR(NeedSignedIn(ctx));
  ASSIGN_OR_RETURN(auto cat, Get());
  const Category* c = cat->Find(code);
  if (!c) return NotFound("事件分类 " + code + " 不存在", "category " + code + " does not exist");
  return *c;
}

Result<Category> CatalogService::CreateCategory(const Ctx& ctx, Category c) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kCatalogAdmin));
  RETURN_IF_ERROR(ValidateCategory(&c));
  c.version = 1;
  Status st = db_->Write([&](storage::Tx& tx) -> Status {
    if (!c.parent.empty()) {
      auto parent = tx.catalog().GetCategory(c.parent);
      if (!parent.ok())
        return InvalidArgument("大类 " + c.parent + " 不存在", "class " + c.parent + " does not exist",
                               "parent");
    }
    RETURN_IF_ERROR(CheckDepartment(tx, c));
    RETURN_IF_ERROR(tx.catalog().InsertCategory(c));
    return Audit(tx, ctx, "category.create", "category", c.code, "", CategoryDetail(c).dump());
  });
  Invalidate();
  RETURN_IF_ERROR(st);
  return c;
}

Result<Category> CatalogService::UpdateCategory(const Ctx& ctx, const std::string& code, int64_t version,
                                                const std::function<Status(Category&)>& apply) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kCatalogAdmin));
  Category out;
  Status st = db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Category c, tx.catalog().GetCategory(code));
    if (c.version != version)
      return Conflict("该分类已被他人修改，请刷新后重试",
                      "the category was changed by someone else; reload it", "version");
    RETURN_IF_ERROR(apply(c));
    c.code = code;
    RETURN_IF_ERROR(ValidateCategory(&c));
    RETURN_IF_ERROR(CheckDepartment(tx, c));
    RETURN_IF_ERROR(tx.catalog().UpdateCategory(c));
    c.version++;
    out = c;
    return Audit(tx, ctx, "category.update", "category", c.code, "", CategoryDetail(c).dump());
  });
  Invalidate();
  RETURN_IF_ERROR(st);
  return out;
}

Result<std::vector<CatalogService::Day>> CatalogService::CalendarDays(const Ctx& ctx, int year) {
  RETURN_IF_ERROR(NeedSignedIn(ctx));
  ASSIGN_OR_RETURN(auto cat, Get());
  std::vector<Day> out;
  for (const cal::DayOverride& d : cat->calendar.Overrides()) {
    std::string iso = cal::IsoFromDay(d.day);
    if (year != 0 && iso.compare(0, 4, std::to_string(year)) != 0) continue;
    out.push_back({iso, d.type, d.name});
  }
  return out;
}

Result<CatalogService::Day> CatalogService::PutCalendarDay(const Ctx& ctx, Day d) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kCatalogAdmin));
  ASSIGN_OR_RETURN(int32_t day, cal::DayFromIso(d.date));
  // A holiday's name is a label: the name rule (core/text.hpp). Checked here, where names come in, not in
  // Calendar::SetDay, which also loads the days already stored.
  ASSIGN_OR_RETURN(d.name, CleanName(d.name, "name", cal::kMaxDayNameChars, /*required=*/false));
  cal::Calendar probe;  // validates the type against the weekday and cleans the name
  RETURN_IF_ERROR(probe.SetDay(day, d.type, d.name));
  d.name = probe.Find(day)->name;
  Status st = db_->Write([&](storage::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.catalog().PutCalendarDay(d.date, d.type, d.name));
    return Audit(tx, ctx, "calendar.put", "calendar_day", d.date, "",
                 nlohmann::json{{"type", cal::DayTypeName(d.type)}, {"name", d.name}}.dump());
  });
  Invalidate();
  RETURN_IF_ERROR(st);
  return d;
}

Status CatalogService::DeleteCalendarDay(const Ctx& ctx, const std::string& date) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kCatalogAdmin));
  ASSIGN_OR_RETURN(int32_t day, cal::DayFromIso(date));
  (void)day;
  Status st = db_->Write([&](storage::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.catalog().DeleteCalendarDay(date));
    return Audit(tx, ctx, "calendar.delete", "calendar_day", date, "");
  });
  Invalidate();
  return st;
}

Result<int64_t> CatalogService::Deadline(int64_t start, const std::string& limit) {
  ASSIGN_OR_RETURN(cal::Limit l, cal::ParseLimit(limit));
  ASSIGN_OR_RETURN(auto cat, Get());
  return cat->calendar.Deadline(start, l);
}

}  // namespace wangge::service
