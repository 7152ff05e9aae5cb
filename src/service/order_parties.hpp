// The parties to a work order: how a caller stands to it (the engine's relations, core/order.hpp), whether
// they may see it, and the users who handle or command it (whom its notifications go to). Shared by the order
// service (order_service.cpp) and the steps of its actions (order_actions.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/order.hpp"
#include "core/status.hpp"
#include "service/context.hpp"
#include "storage/database.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::service {

// The role that handles at an assignee place of this code length: grid_worker (15), community_secretary
// (12), township_official (9), county_command otherwise.
std::string HandlerRoleAt(size_t len);

// The caller's relations to the order (order::Relation bits): reporter, command, assignee, called,
// grid worker, visitor, supervisor (docs/architecture.md, "The event loop"). `callins` are the order's 吹哨
// call-ins.
// Whether `p` is a provider (service.provide) living in `community` (a village code): who may take its open
// service orders and wishes (抢单, 认领).
bool ProvidesIn(const Principal& p, std::string_view community);
// The same for an account (an active one of a known role): who may be sent to serve (派单) or take an order.
bool AccountProvidesIn(const User& u, std::string_view community);
// The accounts that may be sent to serve in `community` (a village code): those AccountProvidesIn, linked to
// a person of 一张表 (their hours go to that person's account), by role and name — 派单's providers and
// 红色代办's runners.
Result<std::vector<User>> ProviderAccounts(storage::Tx& tx, const std::string& community);

// Reads the facts of the order's kind that live beside it (not in its row) onto it, before anyone asks who
// may see or act on it: for a kind that holds documents (红色代办), how many the runner holds and who is the
// runner of its household (Order::documents_held, Order::runner_user_id); for a department task, the
// department that issued it (Order::issuer_dept). Nothing for the other kinds.
Status KindFacts(storage::Tx& tx, order::Order* o);

// 部门交办: whether `p` is a handler (task.assign) of the department that issued the task (kRelIssuer), and
// the users of that department (whom its 办结, 退回 and extension requests are told).
bool Issues(const Principal& p, const order::Order& o);
Result<std::vector<int64_t>> IssuerUsers(storage::Tx& tx, const order::Order& o);

uint32_t RelationsOf(const Principal& p, const order::Order& o,
                     const std::vector<storage::OrderCallin>& callins);

// Whether `p` may see the order: its reporter; place-scoped roles within their scope; department handlers
// when their department is assigned or called in; 特殊人群 orders and dispute cases only for the 综治 roles
// in scope and those it was given to (a dispute's mediators: role mediator scoped to its assignee place).
// Whatever is not seen is answered RecordNotFound by the callers.
bool CanSee(const Principal& p, const order::Order& o, const std::vector<storage::OrderCallin>& callins);

// CanSee's rules that go beyond the jurisdiction, written into a list query of q->kind (whose scope,
// department or reporter the caller's visibility already set): outside the 综治 roles (sensitive.read), a
// dispute list holds only the cases the caller registered and those given to their place (a committee's
// mediators, the handler role of a place); any other list leaves out class 10 特殊人群 but where the caller
// is the order's reporter or assignee (or called in).
void RestrictToVisible(const Principal& p, storage::OrderQuery* q);

// User ids of the order's assignee: the assigned department's users, or the handler role at the assigned
// place (none when unassigned).
Result<std::vector<int64_t>> AssigneeUsers(storage::Tx& tx, const order::Order& o);
// User ids of the owning command centre: county_command for a county (6 digits), township_official for a
// township.
Result<std::vector<int64_t>> CommandUsers(storage::Tx& tx, const order::Order& o);
// User ids of a department.
Result<std::vector<int64_t>> DepartmentUsers(storage::Tx& tx, int64_t dept_id);

}  // namespace wangge::service
