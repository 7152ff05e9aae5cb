#include "core/roles.hpp"

#include <array>

namespace wangge {
namespace {

struct RoleRow {
  Role role;
  std::string_view name;
  std::string_view zh;
  int min_scope;  // shortest allowed scope code
  int max_scope;  // longest allowed scope code
  PersonView view;
  std::vector<Permission> perms;
};

using P = Permission;

// Who may do what. Rules chosen where the seeds are silent (docs/architecture.md, "Roles"):
// - sensitive groups are seen only by 综治 roles: county command centre and township official;
// - grid workers and community secretaries may unmask (they visit households) but every unmasked read is
//   audited with its purpose;
// - department handlers get a narrow people view (name, sex, birth date, place, care groups), no identity;
// - party members and residents see the tree and counts, not people.
const std::array<RoleRow, 12>& Rows() {
  static const std::array<RoleRow, 12> rows = {{
      {Role::kSystemAdmin,
       "system_admin",
       "系统管理员",
       0,
       18,
       {true, true, true},
       {P::kPlaceRead,   P::kPlaceWrite,    P::kHouseholdRead, P::kHouseholdWrite,  P::kPersonRead,
        P::kPersonWrite, P::kPersonUnmask,  P::kSensitiveRead, P::kSensitiveWrite,  P::kOrgRead,
        P::kOrgWrite,    P::kImport,        P::kExport,        P::kUserAdmin,       P::kAuditRead,
        P::kOrderReport, P::kOrderRead,     P::kOrderCommand,  P::kOrderHandle,     P::kOrderSupervise,
        P::kOrderRate,   P::kIndicatorRead, P::kCatalogAdmin,  P::kDisputeRegister, P::kPetitionRegister,
        P::kPointsAward, P::kPointsManage,  P::kServiceManage, P::kListManage}},
      {Role::kCountyCommand,
       "county_command",
       "县综治中心",
       6,
       6,
       {true, true, true},
       {P::kPlaceRead,     P::kPlaceWrite,      P::kHouseholdRead,    P::kHouseholdWrite, P::kPersonRead,
        P::kPersonWrite,   P::kPersonUnmask,    P::kSensitiveRead,    P::kSensitiveWrite, P::kOrgRead,
        P::kOrgWrite,      P::kImport,          P::kExport,           P::kUserAdmin,      P::kAuditRead,
        P::kOrderReport,   P::kOrderRead,       P::kOrderCommand,     P::kOrderSupervise, P::kOrderRate,
        P::kIndicatorRead, P::kDisputeRegister, P::kPetitionRegister, P::kPointsAward,    P::kPointsManage,
        P::kServiceManage, P::kListManage}},
      {Role::kTownshipOfficial,
       "township_official",
       "乡镇(街道)干部",
       9,
       9,
       {true, true, true},
       {P::kPlaceRead,       P::kPlaceWrite,       P::kHouseholdRead, P::kHouseholdWrite,
        P::kPersonRead,      P::kPersonWrite,      P::kPersonUnmask,  P::kSensitiveRead,
        P::kSensitiveWrite,  P::kOrgRead,          P::kOrgWrite,      P::kImport,
        P::kExport,          P::kOrderReport,      P::kOrderRead,     P::kOrderCommand,
        P::kOrderHandle,     P::kOrderSupervise,   P::kOrderRate,     P::kIndicatorRead,
        P::kDisputeRegister, P::kPetitionRegister, P::kPointsAward,   P::kPointsManage,
        P::kServiceManage}},
      {Role::kCommunitySecretary,
       "community_secretary",
       "村(社区)书记",
       12,
       12,
       {true, true, true},
       {P::kPlaceRead,     P::kPlaceWrite,      P::kHouseholdRead, P::kHouseholdWrite, P::kPersonRead,
        P::kPersonWrite,   P::kPersonUnmask,    P::kOrgRead,       P::kOrgWrite,       P::kImport,
        P::kExport,        P::kOrderReport,     P::kOrderRead,     P::kOrderHandle,    P::kOrderSupervise,
        P::kIndicatorRead, P::kDisputeRegister, P::kPointsAward,   P::kPointsManage,   P::kServiceManage}},
      {Role::kGridWorker,
       "grid_worker",
       "网格员",
       15,
       15,
       {true, true, true},
       {P::kPlaceRead, P::kHouseholdRead, P::kHouseholdWrite, P::kPersonRead, P::kPersonWrite,
        P::kPersonUnmask, P::kOrgRead, P::kImport, P::kExport, P::kOrderReport, P::kOrderRead,
        P::kOrderHandle, P::kIndicatorRead, P::kDisputeRegister, P::kPointsAward}},
      {Role::kUnitLeader,
       "unit_leader",
       "联户长",
       18,
       18,
       {false, true, true},
       {P::kPlaceRead, P::kHouseholdRead, P::kPersonRead, P::kOrderReport, P::kOrderRead, P::kServiceProvide,
        P::kPointsRedeem}},
      {Role::kDepartmentHandler,
       "department_handler",
       "部门经办人",
       6,
       12,
       {false, false, true},
       {P::kPlaceRead, P::kPersonRead, P::kOrgRead, P::kOrderRead, P::kOrderHandle, P::kIndicatorRead,
        P::kTaskAssign}},
      {Role::kPartyMember,
       "party_member",
       "党员",
       6,
       18,
       {false, false, false},
       {P::kPlaceRead, P::kOrderReport, P::kOrderRead, P::kServiceProvide, P::kPointsRedeem}},
      {Role::kResident,
       "resident",
       "群众",
       6,
       18,
       {false, false, false},
       {P::kPlaceRead, P::kOrderReport, P::kOrderRead, P::kServiceProvide, P::kPointsRedeem}},
      {Role::kHotlineOperator,
       "hotline_operator",
       "12345热线话务员",
       6,
       6,
       {false, false, false},
       {P::kPlaceRead, P::kOrderReport, P::kOrderRead, P::kOrderRate}},
      // A mediator sees the people of 一张表 as a grid worker does (parties are looked up there), reads the
      // dispute cases given to their committee and those they registered, nothing else of the order list.
      {Role::kMediator,
       "mediator",
       "人民调解员",
       9,
       12,
       {true, true, false},
       {P::kPlaceRead, P::kPersonRead, P::kOrderRead, P::kIndicatorRead, P::kDisputeRegister,
        P::kDisputeMediate}},
      // The petition desk (信访办) of the county or a township: registers petitions and follows them; sees
      // the people of 一张表 as a mediator does (petitioners are looked up there), and the events of its
      // scope (a petition is linked to the events and cases of its matter).
      {Role::kPetitionOfficer,
       "petition_officer",
       "信访干部",
       6,
       9,
       {true, true, false},
       {P::kPlaceRead, P::kPersonRead, P::kOrderRead, P::kIndicatorRead, P::kPetitionRegister}},
  }};
  return rows;
}

const RoleRow& Row(Role r) { return Rows()[static_cast<size_t>(r)]; }

}  // namespace

std::string_view RoleName(Role r) { return Row(r).name; }
std::string_view RoleNameZh(Role r) { return Row(r).zh; }

std::optional<Role> RoleFromName(std::string_view name) {
  for (const auto& row : Rows())
    if (row.name == name) return row.role;
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> all = [] {
    std::vector<Role> v;
    for (const auto& row : Rows()) v.push_back(row.role);
    return v;
  }();
  return all;
}

bool HasPermission(Role r, Permission p) {
  for (Permission q : Row(r).perms)
    if (q == p) return true;
  return false;
}

std::string_view PermissionName(Permission p) {
  static constexpr std::string_view kNames[] = {
      "place.read",        "place.write",    "household.read", "household.write",  "person.read",
      "person.write",      "person.unmask",  "sensitive.read", "sensitive.write",  "org.read",
      "org.write",         "import",         "export",         "user.admin",       "audit.read",
      "order.report",      "order.read",     "order.command",  "order.handle",     "order.supervise",
      "order.rate",        "indicator.read", "catalog.admin",  "dispute.register", "dispute.mediate",
      "petition.register", "points.award",   "points.manage",  "service.manage",   "service.provide",
      "points.redeem",     "task.assign",    "list.manage"};
  static_assert(std::size(kNames) == kPermissionCount);
  return kNames[static_cast<int>(p)];
}

PersonView ViewOf(Role r) { return Row(r).view; }
int MinScopeLength(Role r) { return Row(r).min_scope; }
int MaxScopeLength(Role r) { return Row(r).max_scope; }

bool MayGrant(Role granter, Role granted) {
  if (granter == Role::kSystemAdmin) return true;
  if (granter == Role::kCountyCommand) return granted != Role::kSystemAdmin;
  return false;
}

OrderVisibility OrderVisibilityOf(Role r) {
  switch (r) {
    case Role::kDepartmentHandler:
      return OrderVisibility::kDepartment;
    case Role::kUnitLeader:
    case Role::kPartyMember:
    case Role::kResident:
    case Role::kMediator:
      return OrderVisibility::kOwn;
    default:
      return OrderVisibility::kScope;
  }
}

bool SeesReporterContact(Role r) {
  return r == Role::kSystemAdmin || r == Role::kCountyCommand || r == Role::kTownshipOfficial ||
         r == Role::kHotlineOperator;
}

}  // namespace wangge
