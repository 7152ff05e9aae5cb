#include "service/service_order_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/codes.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/order_parties.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using order::Kind;

constexpr int kMaxPromiseHours = 720;                    // 30 days
constexpr std::string_view kMicroTaskCategory = "1502";  // 微事务 (data/categories.csv)

bool IsMenuCategory(const Category& c) {
  return c.parent == order::SpecOf(Kind::kService).category_class && c.active;
}

}  // namespace

storage::MenuItem DefaultMenuItem(const std::string& community, const Category& c) {
  storage::MenuItem m;
  m.place_code = community;
  m.category = c.code;
  m.provider = "any";
  const cal::Limit l = c.handle_limit[0];
  const bool hours = l.unit == cal::LimitUnit::kNaturalHours || l.unit == cal::LimitUnit::kWorkingHours;
  m.promise_hours = std::clamp(hours ? l.amount : l.amount * 24, 1, kMaxPromiseHours);
  return m;
}

Result<std::string> ServiceOrderService::CommunityOf(const Principal& who, const std::string& community) {
  if (community.empty()) {
    if (who.scope.size() < 12)
      return InvalidArgument("请指定村(社区)", "name the community (community)", "community");
    return who.scope.substr(0, 12);
  }
  auto lvl = ParseCode(community);
  if (!lvl.ok() || *lvl != Level::kVillage)
    return InvalidArgument("村(社区)编码应为 12 位", "community must be a 12-digit village code",
                           "community");
  // Staff whose scope covers it, and the people living or working in it.
  if (!IsWithin(community, who.scope) && !IsWithin(who.scope, community))
    return PermissionDenied("该村(社区)不在您的范围内", "the community is outside your scope");
  return community;
}

Result<MenuView> ServiceOrderService::Menu(const Ctx& ctx, const std::string& community) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrderRead));
  ASSIGN_OR_RETURN(std::string code, CommunityOf(ctx.who, community));
  ASSIGN_OR_RETURN(auto cat, catalog_->Get());
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  auto place = tx->places().Get(code);
  if (!place.ok() || place->retired) return NotFound("村(社区) " + code + " 不存在", "no community " + code);
  ASSIGN_OR_RETURN(auto rows, tx->services().Menu(code));
  const bool manager = HasPermission(ctx.who.role, Permission::kServiceManage);
  MenuView v;
  v.community = code;
  v.community_name = place->name;
  for (const auto& [c_code, c] : cat->categories) {
    if (!IsMenuCategory(c)) continue;
    MenuEntry e;
    e.category = c;
    e.item = DefaultMenuItem(code, c);
    for (const storage::MenuItem& r : rows)
      if (r.category == c.code) {
        e.item = r;
        e.custom = true;
      }
    if (e.item.active || manager) v.items.push_back(std::move(e));
  }
  return v;
}

Result<MenuEntry> ServiceOrderService::SetMenuItem(const Ctx& ctx, const std::string& community,
                                                   const std::string& category, const MenuItemInput& in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  ASSIGN_OR_RETURN(std::string code, CommunityOf(who, community));
  if (!Authz::InScope(who, code))
    return PermissionDenied("该村(社区)不在您的管辖范围内", "the community is outside your jurisdiction");
  ASSIGN_OR_RETURN(auto cat, catalog_->Get());
  const Category* c = cat->Find(category);
  if (!c || !IsMenuCategory(*c))
    return NotFound("服务清单中没有项目 " + category.substr(0, 10), "no menu item " + category.substr(0, 10));
  if (in.provider != "any" && in.provider != "party")
    return InvalidArgument("承接人只能是 any（党员和志愿者）或 party（仅党员）",
                           "provider must be any or party", "provider");
  if (in.promise_hours < 1 || in.promise_hours > kMaxPromiseHours)
    return InvalidArgument("承诺时限应为 1 至 720 小时", "promise_hours must be 1 to 720", "promise_hours");
  if (in.version < 0) return InvalidArgument("version 无效", "version must not be negative", "version");
  storage::MenuItem m;
  m.place_code = code;
  m.category = c->code;
  m.provider = in.provider;
  m.promise_hours = static_cast<int>(in.promise_hours);
  m.active = in.active;
  ASSIGN_OR_RETURN(m.note, CleanText(in.note, "note", 200, false));
  m.version = in.version;
  m.updated_by = who.user_id;
  m.updated_at = orders_->Now();
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto place = tx.places().Get(code);
    if (!place.ok() || place->retired)
      return NotFound("村(社区) " + code + " 不存在", "no community " + code);
    Status st = tx.services().UpsertMenuItem(&m);
    if (st.code() == StatusCode::kConflict)
      return Conflict("服务清单已被他人修改，请刷新后重试", "the menu item was changed meanwhile: reload it",
                      "version");
    RETURN_IF_ERROR(st);
    return Audit(tx, ctx, "service.menu", "service_menu", code + ":" + c->code, code,
                 nlohmann::json{{"provider", m.provider},
                                {"promise_hours", m.promise_hours},
                                {"active", m.active},
                                {"version", m.version}}
                     .dump());
  }));
  return MenuEntry{*c, m, true};
}

Result<OrderView> ServiceOrderService::Place(const Ctx& ctx, ServiceOrderInput in) {
  const Principal& who = ctx.who;
  if (!order::SpecOf(in.kind).community)
    return InvalidArgument("只能是服务工单或微心愿", "kind must be service or wish", "kind");
  RETURN_IF_ERROR(Authz::Can(who, Permission::kOrderReport));
  if (in.place_code.empty()) {
    if (who.scope.size() < 12)
      return InvalidArgument("请指定服务地点（网格或村(社区)）", "give place_code (a grid or village)",
                             "place_code");
    in.place_code = who.scope.substr(0, std::min<size_t>(15, who.scope.size()));
  }
  // 微事务 are the community's own small tasks: published by its staff, nobody named.
  const bool task = in.kind == Kind::kWish && in.category == kMicroTaskCategory;
  if (task && !HasPermission(who.role, Permission::kServiceManage))
    return InvalidArgument("微事务由村(社区)发布；个人请提交微心愿",
                           "micro-tasks are published by the community", "category");
  ReportInput r;
  r.kind = in.kind;
  r.own_task = task;
  r.category = in.category;
  r.title = std::move(in.title);
  r.description = std::move(in.description);
  r.address = std::move(in.address);
  r.place_code = in.place_code;
  r.reporter_name = std::move(in.reporter_name);
  r.reporter_phone = std::move(in.reporter_phone);
  if (in.kind == Kind::kService && in.place_code.size() >= 12) {
    // The community's menu: the item must be offered there, and its promise is the deadline.
    const std::string community = in.place_code.substr(0, 12);
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(auto row, tx->services().GetMenuItem(community, in.category));
    if (row && !row->active)
      return InvalidArgument("本社区服务清单暂不提供该项目", "the community does not offer this item now",
                             "category");
    if (row) r.handle_limit = cal::Limit{cal::LimitUnit::kNaturalHours, row->promise_hours};
  }
  return orders_->Report(ctx, std::move(r));
}

Result<std::vector<User>> ServiceOrderService::Providers(const Ctx& ctx, const std::string& community) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  ASSIGN_OR_RETURN(std::string code, CommunityOf(who, community));
  if (!Authz::InScope(who, code))
    return PermissionDenied("该村(社区)不在您的管辖范围内", "the community is outside your jurisdiction");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return ProviderAccounts(*tx, code);
}

}  // namespace wangge::service
