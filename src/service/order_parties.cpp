#include "service/order_parties.hpp"

#include <algorithm>

#include "core/codes.hpp"
#include "storage/duties_repo.hpp"
#include "storage/errands_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using order::Order;

bool Has(const Principal& p, Permission perm) { return HasPermission(p.role, perm); }

bool Called(const Principal& p, const std::vector<storage::OrderCallin>& callins) {
  if (!p.department_id) return false;
  for (const auto& c : callins)
    if (c.dept_id == *p.department_id) return true;
  return false;
}

// Whether `p` is who the order was given to: its assignee department's handler or the handler role of its
// assignee place (relations kRelAssignee), or a handler of a called-in department (kRelCalled).
bool GivenTo(const Principal& p, const Order& o, const std::vector<storage::OrderCallin>& callins) {
  const uint32_t r = RelationsOf(p, o, callins);
  return (r & (order::kRelAssignee | order::kRelCalled)) != 0;
}

std::vector<int64_t> IdsOf(const std::vector<User>& users) {
  std::vector<int64_t> ids;
  for (const User& u : users) ids.push_back(u.id);
  return ids;
}

}  // namespace

std::string HandlerRoleAt(size_t len) {
  switch (len) {
    case 15:
      return "grid_worker";
    case 12:
      return "community_secretary";
    case 9:
      return "township_official";
    default:
      return "county_command";
  }
}

bool ProvidesIn(const Principal& p, std::string_view community) {
  return Has(p, Permission::kServiceProvide) && community.size() == 12 && p.scope.size() >= 12 &&
         IsWithin(p.scope, community);
}

bool AccountProvidesIn(const User& u, std::string_view community) {
  const auto role = RoleFromName(u.role);
  if (u.disabled || !role) return false;
  Principal p;
  p.role = *role;
  p.scope = u.place_code;
  return ProvidesIn(p, community);
}

Status KindFacts(storage::Tx& tx, Order* o) {
  if (order::SpecOf(o->kind).issued && o->id != 0) {
    ASSIGN_OR_RETURN(auto t, tx.duties().GetTask(o->id));
    o->issuer_dept.reset();
    if (t) o->issuer_dept = t->dept_id;
    return Status::Ok();
  }
  if (!order::SpecOf(o->kind).holds_documents || o->id == 0) return Status::Ok();
  ASSIGN_OR_RETURN(o->documents_held, tx.errands().Held(o->id));
  ASSIGN_OR_RETURN(auto e, tx.errands().GetErrand(o->id));
  o->runner_user_id.reset();
  if (e) {
    ASSIGN_OR_RETURN(auto r, tx.errands().RunnerOf(e->household_id));
    if (r) o->runner_user_id = r->runner_user_id;
  }
  return Status::Ok();
}

bool Issues(const Principal& p, const Order& o) {
  return order::SpecOf(o.kind).issued && p.role == Role::kDepartmentHandler &&
         Has(p, Permission::kTaskAssign) && p.department_id && o.issuer_dept &&
         *p.department_id == *o.issuer_dept;
}

Result<std::vector<int64_t>> IssuerUsers(storage::Tx& tx, const Order& o) {
  if (!o.issuer_dept) return std::vector<int64_t>{};
  return DepartmentUsers(tx, *o.issuer_dept);
}

Result<std::vector<User>> ProviderAccounts(storage::Tx& tx, const std::string& community) {
  constexpr int kMaxPages = 20;  // 20 × 200 accounts of one community
  std::vector<User> out;
  storage::PageRequest page;
  page.limit = 200;
  for (int i = 0; i < kMaxPages; ++i) {
    ASSIGN_OR_RETURN(auto got, tx.users().List(community, page));
    for (User& u : got.items)
      if (u.person_id && AccountProvidesIn(u, community)) out.push_back(std::move(u));
    if (got.next.empty()) break;
    page.after = got.next;
  }
  std::sort(out.begin(), out.end(), [](const User& a, const User& b) {
    return a.role == b.role ? a.display_name < b.display_name : a.role < b.role;
  });
  return out;
}

uint32_t RelationsOf(const Principal& p, const Order& o, const std::vector<storage::OrderCallin>& callins) {
  uint32_t r = 0;
  if (p.user_id != 0 && p.user_id == o.reporter_user_id) r |= order::kRelReporter;
  // 回访 and 督办 in scope, for every kind.
  if (Has(p, Permission::kOrderRate) && IsWithin(o.place_code, p.scope)) r |= order::kRelVisitor;
  // 督办 of a department's task to a community is the township's and the county's, not the community's own.
  if (Has(p, Permission::kOrderSupervise) && IsWithin(o.place_code, p.scope) &&
      !(order::SpecOf(o.kind).issued && p.scope.size() >= o.place_code.size()))
    r |= order::kRelSupervisor;
  if (order::SpecOf(o.kind).community) {
    // 服务工单 and 微心愿: the community (service.manage in scope) sends and publishes; whoever was sent or
    // took it serves; the community's providers may take the open ones.
    if (Has(p, Permission::kServiceManage) && IsWithin(o.command_place, p.scope) &&
        p.scope.size() <= o.command_place.size())
      r |= order::kRelCommand;
    if (p.user_id != 0 && o.handler_user_id == p.user_id) r |= order::kRelAssignee;
    // An errand is taken by its household's runner only; a service order or wish by any provider there.
    if (order::SpecOf(o.kind).holds_documents
            ? Has(p, Permission::kServiceProvide) && p.user_id != 0 && o.runner_user_id == p.user_id
            : ProvidesIn(p, o.command_place))
      r |= order::kRelProvider;
    return r;
  }
  // A petition's command relation is the desk's too (信访: petition.register), a leader's is theirs alone.
  const bool commands = Has(p, Permission::kOrderCommand) ||
                        (o.kind == order::Kind::kPetition && Has(p, Permission::kPetitionRegister));
  if (commands && IsWithin(o.command_place, p.scope) && p.scope.size() <= o.command_place.size())
    r |= order::kRelCommand;
  if (p.user_id != 0 && o.leader_user_id && *o.leader_user_id == p.user_id) r |= order::kRelLeader;
  if (Issues(p, o)) r |= order::kRelIssuer;
  if (Has(p, Permission::kOrderHandle)) {
    if (o.assignee_dept && p.department_id && *p.department_id == *o.assignee_dept &&
        p.role == Role::kDepartmentHandler)
      r |= order::kRelAssignee;
    if (!o.assignee_place.empty() && p.scope == o.assignee_place &&
        RoleName(p.role) == HandlerRoleAt(o.assignee_place.size()))
      r |= order::kRelAssignee;
    if (p.role == Role::kDepartmentHandler && Called(p, callins)) r |= order::kRelCalled;
  }
  // A dispute given to a committee (a village or township place) is its mediators' case.
  if (o.kind == order::Kind::kDispute && p.role == Role::kMediator && !o.assignee_place.empty() &&
      p.scope == o.assignee_place)
    r |= order::kRelAssignee;
  if (p.role == Role::kGridWorker && p.scope == o.place_code) r |= order::kRelGridWorker;
  return r;
}

bool CanSee(const Principal& p, const Order& o, const std::vector<storage::OrderCallin>& callins) {
  if (!Has(p, Permission::kOrderRead)) return false;
  if (p.user_id != 0 && p.user_id == o.reporter_user_id) return true;
  // 部门交办: the issuing department and the staff whose scope covers the community.
  if (order::SpecOf(o.kind).issued)
    return Issues(p, o) ||
           (OrderVisibilityOf(p.role) == OrderVisibility::kScope && IsWithin(o.place_code, p.scope));
  // 服务工单 and 微心愿: staff by scope, the one serving it, and the providers of its community (the 抢单大厅
  // shows them what is open; the requester's name and phone stay masked for them).
  // 红色代办 (a household's own matters): staff by scope, the one running it and the household's runner.
  if (order::SpecOf(o.kind).holds_documents)
    return (p.user_id != 0 && (o.handler_user_id == p.user_id || o.runner_user_id == p.user_id)) ||
           (OrderVisibilityOf(p.role) == OrderVisibility::kScope && IsWithin(o.place_code, p.scope));
  if (order::SpecOf(o.kind).community)
    return (p.user_id != 0 && o.handler_user_id == p.user_id) || ProvidesIn(p, o.command_place) ||
           (OrderVisibilityOf(p.role) == OrderVisibility::kScope && IsWithin(o.place_code, p.scope));
  // Dispute cases (their parties are personal data): the 综治 roles in scope and those the case was given to.
  if (o.kind == order::Kind::kDispute)
    return (Has(p, Permission::kSensitiveRead) && IsWithin(o.place_code, p.scope)) || GivenTo(p, o, callins);
  // Petitions (信访): the desk and the 综治 roles in scope (petition.register), the leader in charge, and
  // those the petition was given to or called in (联合处置).
  if (o.kind == order::Kind::kPetition)
    return (Has(p, Permission::kPetitionRegister) && IsWithin(o.place_code, p.scope)) ||
           (p.user_id != 0 && o.leader_user_id == p.user_id) || GivenTo(p, o, callins);
  // 特殊人群 orders: the 综治 roles in scope, and those the order was given to; nobody else, whatever their
  // scope.
  if (IsSensitiveCategory(o.category) && !Has(p, Permission::kSensitiveRead)) return GivenTo(p, o, callins);
  switch (OrderVisibilityOf(p.role)) {
    case OrderVisibility::kScope:
      return IsWithin(o.place_code, p.scope);
    case OrderVisibility::kDepartment:
      return p.department_id &&
             ((o.assignee_dept && *o.assignee_dept == *p.department_id) || Called(p, callins));
    case OrderVisibility::kOwn:
      return false;
  }
  return false;
}

void RestrictToVisible(const Principal& p, storage::OrderQuery* q) {
  if (q->kind == order::Kind::kPetition && Has(p, Permission::kPetitionRegister)) {
    q->hide_class.clear();
    return;
  }
  if (Has(p, Permission::kSensitiveRead) && q->kind != order::Kind::kPetition) return;
  // A department's petitions: those given to it or calling it in (联合处置), as its events are.
  if (q->kind == order::Kind::kPetition && p.role == Role::kDepartmentHandler && q->dept) {
    q->hide_class.clear();
    return;
  }
  if (q->kind == order::Kind::kDispute || q->kind == order::Kind::kPetition) {
    q->dept.reset();
    q->handler.reset();
    if (p.scope.empty() || p.role == Role::kDepartmentHandler) {
      q->scope.clear();
      q->reporter = p.user_id;
      return;
    }
    q->scope = p.scope;
    q->reporter.reset();
    q->hide_class = order::SpecOf(*q->kind).category_class;
    q->hide_except_reporter = p.user_id;
    if (p.role == Role::kMediator || RoleName(p.role) == HandlerRoleAt(p.scope.size()))
      q->hide_except_place = p.scope;
    return;
  }
  q->hide_class = std::string(kSensitiveCategoryClass);
  q->hide_except_reporter = p.user_id;
  if (p.role == Role::kDepartmentHandler)
    q->hide_except_dept = p.department_id.value_or(0);
  else if (!p.scope.empty() && RoleName(p.role) == HandlerRoleAt(p.scope.size()))
    q->hide_except_place = p.scope;
}

Result<std::vector<int64_t>> AssigneeUsers(storage::Tx& tx, const Order& o) {
  std::vector<User> users;
  if (order::SpecOf(o.kind).community)
    return o.handler_user_id ? std::vector<int64_t>{*o.handler_user_id} : std::vector<int64_t>{};
  if (o.assignee_dept) {
    ASSIGN_OR_RETURN(users, tx.users().UsersOfDepartment(*o.assignee_dept));
  } else if (!o.assignee_place.empty()) {
    // A dispute given to a committee is its mediators' (RelationsOf); a place without a mediator account
    // yet falls back to the place's handler, so the notice still reaches someone who can act.
    if (o.kind == order::Kind::kDispute) {
      ASSIGN_OR_RETURN(users, tx.users().UsersAt(o.assignee_place, std::string(RoleName(Role::kMediator))));
    }
    if (users.empty()) {
      ASSIGN_OR_RETURN(users, tx.users().UsersAt(o.assignee_place, HandlerRoleAt(o.assignee_place.size())));
    }
  }
  return IdsOf(users);
}

Result<std::vector<int64_t>> CommandUsers(storage::Tx& tx, const Order& o) {
  ASSIGN_OR_RETURN(auto users, tx.users().UsersAt(o.command_place, HandlerRoleAt(o.command_place.size())));
  std::vector<int64_t> ids = IdsOf(users);
  // A petition's notices reach the desk at its command place too, and the leader in charge.
  if (o.kind == order::Kind::kPetition) {
    ASSIGN_OR_RETURN(auto desk,
                     tx.users().UsersAt(o.command_place, std::string(RoleName(Role::kPetitionOfficer))));
    for (const User& u : desk) ids.push_back(u.id);
    if (o.leader_user_id) ids.push_back(*o.leader_user_id);
  }
  return ids;
}

Result<std::vector<int64_t>> DepartmentUsers(storage::Tx& tx, int64_t dept_id) {
  ASSIGN_OR_RETURN(auto users, tx.users().UsersOfDepartment(dept_id));
  return IdsOf(users);
}

}  // namespace wangge::service
