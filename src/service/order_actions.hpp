// The service's part of each order action, as one table: a row per order::Action (order_actions.cpp,
// kSteps) with the steps OrderService::Transition runs around the engine. What an action may do — the states
// it fires from and leads to, the permission, the caller's relations, the input's required fields and the
// new state's timestamps and deadlines — is the engine's rule table (core/order.cpp); the steps here are what
// needs the database. A row leaves a step empty when the action needs nothing there.
//
//   validate  before the engine applies the action: what the input names, checked against the database
//             (the dispatch target and the dispatch catalogue, the merge target, the departments to call in,
//             a pending call-in to acknowledge)
//   record    after the engine applied it: fields for the timeline row besides the input's (the alarm colour)
//   apply     after the order, its timeline row, audit row and roll-ups are written: the rows beside them
//             (call-ins, acknowledgements, the merge target's timeline)
//   notify    inbox rows: who is told, with which kind and title
//
// One transition, in order (all in the caller's transaction): visibility (else RecordNotFound) → engine
// Check → the order's category → attachments → validate → engine Apply → order row → timeline row (record) →
// audit row → roll-ups → apply → notify → webhook deliveries. Any step failing rolls the whole transition
// back. A new action adds its engine rule and its row here; report and settle create orders
// (OrderService::Report) and have no steps.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/order.hpp"
#include "service/catalog_service.hpp"
#include "service/context.hpp"
#include "storage/database.hpp"
#include "storage/departments_repo.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::service {

// What the steps of one transition share.
struct ActionContext {
  storage::Tx& tx;
  const Principal& who;
  const Catalog& catalog;
  const Category& category;  // the order's
  const order::Input& in;    // cleaned by OrderService::Act, and checked by the engine
  int64_t now;
  order::Order& o;                                   // as read before Apply; the new state from record on
  const std::vector<storage::OrderCallin>& callins;  // the order's call-ins before the action
  const order::Order* before = nullptr;              // the order before Apply (record, apply, notify)

  // Set by validate for the later steps.
  std::string warning;                 // kept in the timeline and answered to the caller (catalogue override)
  std::vector<Department> called;      // whistle: the departments called in
  std::optional<order::Order> target;  // merge: the order merged into
  std::string leader_name;             // lead: the leader put in charge
};

struct ActionSteps {
  order::Action action;
  // Errors are the answer to the caller: kInvalidArgument naming the field, kConflict, kFailedPrecondition.
  Status (*validate)(ActionContext&) = nullptr;
  void (*record)(const ActionContext&, nlohmann::json& data) = nullptr;
  Status (*apply)(ActionContext&) = nullptr;
  Status (*notify)(ActionContext&) = nullptr;
};

// The row of `action` (every action has one).
const ActionSteps& StepsOf(order::Action action);

// The text of a notification about the order: its tracking number and title (or description).
std::string NotificationText(const order::Order& o);

}  // namespace wangge::service
