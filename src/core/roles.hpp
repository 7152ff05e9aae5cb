// Roles and permissions. The table in roles.cpp is the single source of who may do what; jurisdiction
// (a code prefix) is checked beside it by service/authz.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge {

enum class Role {
  kSystemAdmin,         // 系统管理员
  kCountyCommand,       // 县级综治中心 (county command centre)
  kTownshipOfficial,    // 乡镇(街道)干部 / 乡镇综治中心
  kCommunitySecretary,  // 村(社区)党组织书记
  kGridWorker,          // 网格员
  kUnitLeader,          // 联户长
  kDepartmentHandler,   // 职能部门经办人
  kPartyMember,         // 党员
  kResident,            // 群众
  kHotlineOperator,     // 12345 热线话务员 (county)
  kMediator,            // 人民调解员 of a village or township 调委会 (scope: the committee's place)
  kPetitionOfficer,     // 信访干部 of the county or a township 信访办 (the petition desk)
};

enum class Permission {
  kPlaceRead,   // tree, grids, units, counts
  kPlaceWrite,  // create/edit/move/retire places, grids, units, buildings
  kHouseholdRead,
  kHouseholdWrite,
  kPersonRead,  // people with the role's field view
  kPersonWrite,
  kPersonUnmask,   // see citizen ID / phone in clear (with a purpose, audited)
  kSensitiveRead,  // sensitive groups (社区矫正, 刑满释放 …): 综治 roles only
  kSensitiveWrite,
  kOrgRead,  // 两新组织 ledger and the 党组织 tree
  kOrgWrite,
  kImport,
  kExport,
  kUserAdmin,  // users, roles, departments within the scope
  kAuditRead,
  kOrderReport,     // report an event (上报 / 群众诉求)
  kOrderRead,       // see orders: in scope, of the department, or own reports (OrderVisibility)
  kOrderCommand,    // command centre: accept, refuse, merge, dispatch, extensions, check
  kOrderHandle,     // handler: claim, progress, finish, return, escalate, 吹哨, 报到, settle on the spot
  kOrderSupervise,  // 督办
  kOrderRate,       // 回访 and rate on the reporter's behalf
  kIndicatorRead,   // indicators of places, departments and workers in scope
  kCatalogAdmin,    // categories, time limits, holiday calendar, webhooks
  kDisputeRegister,  // 矛盾纠纷: register a case (登记), 风险研判, 分流, 司法确认, 回访 — 综治 roles, grid
                     // workers, secretaries and mediators; the case's own rules say which relation is needed
  kDisputeMediate,  // 人民调解员: take a case given to their committee, hold sessions, record the agreement
  kPetitionRegister,  // 信访: register petitions, decide acceptance, 交办, 复查, 销案, see petitions in scope
                      // — the petition desk and the 综治 roles
  kPointsAward,   // 时间银行 and 积分: post hours and points to people of the scope by the rules, read
                  // their accounts — community staff, grid workers and above
  kPointsManage,  // reverse entries, close periods, set limits, run expiry, keep the 积分超市 (items,
                  // stock, hand-over) — community secretaries and above
  kServiceManage,  // 服务清单 of the community, 派单 of service orders, publishing 微心愿 (secretaries and
                   // above)
  kServiceProvide,  // 抢单 / 接单 of service orders and 认领 of 微心愿 in one's own community (党员, 志愿者)
  kPointsRedeem,  // one's own accounts and redemptions in the 积分超市 — residents and party members
  kTaskAssign,  // 部门交办: assign tasks to communities citing an admitted item, file 督导检查 of them,
                // check the tasks' results — department handlers
  kListManage,  // 准入清单, 小微权力清单, 为民服务事项清单 (versions, publication), the 督导检查 cap and
                // approvals over it — the county command centre
};

// Which orders a role sees with kOrderRead.
enum class OrderVisibility {
  kScope,       // every order whose place lies in the caller's scope
  kDepartment,  // orders assigned to or calling in the caller's department
  kOwn,         // the caller's own reports
};

// Field view of a person record for a role ("一张表" field-level sharing).
struct PersonView {
  bool identity = false;   // citizen ID (masked), phone (masked), ethnicity, political status
  bool household = false;  // household link, relation, residence type
  bool care_tags = false;  // care groups (低保, 留守 …)
};

std::string_view RoleName(Role r);    // "grid_worker"
std::string_view RoleNameZh(Role r);  // "网格员"
std::optional<Role> RoleFromName(std::string_view name);
const std::vector<Role>& AllRoles();
bool HasPermission(Role r, Permission p);
// "order.command" …: the permission's name in /api/v1/me (the web UI shows what the role may do).
std::string_view PermissionName(Permission p);
inline constexpr int kPermissionCount = static_cast<int>(Permission::kListManage) + 1;
PersonView ViewOf(Role r);
// The deepest level (code length) a user of this role may be scoped to, and the shallowest. A grid worker
// is scoped to a grid (15), a unit leader to a unit (18), a township official to a township (9) …
int MinScopeLength(Role r);
int MaxScopeLength(Role r);
// Roles that may be granted by a user of role `granter` (an admin grants any; a county command centre
// grants everything below it; others grant none).
bool MayGrant(Role granter, Role granted);
OrderVisibility OrderVisibilityOf(Role r);
// Whether the role sees a reporter's name and phone in clear (to call back): command centres, 12345.
bool SeesReporterContact(Role r);

}  // namespace wangge
