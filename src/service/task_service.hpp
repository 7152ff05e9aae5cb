// 减负 on the communities' side (MISSION 23): department tasks (部门交办, orders of kind task) that must cite
// an active item of the county's current 准入清单 — refused otherwise, with the reason, and the refused
// attempt kept — the inspections (督导检查备案) a department files in advance, within the county's cap per
// community and period or else pending the county's approval, and the load view: what each community
// received per month, against the list. The task's later steps (接收, 退回, 办结, 验收 …) are the order
// engine's, through OrderService::Act. docs/duties.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"
#include "storage/duties_repo.hpp"

namespace wangge::service {

struct TaskInput {
  std::string community;  // the village (12 digits) it is sent to
  int64_t item_id = 0;    // the admitted item cited
  int list_version = 0;   // the version of the admission list cited
  std::string type;       // work | form | certificate
  std::string title;
  std::string description;
  int due_days = 0;  // working days to finish it (0: the category's)
};

struct InspectionInput {
  std::string community;
  std::string planned_on;  // YYYY-MM-DD, at least a day ahead
  std::string subject;
  std::string purpose;
  int64_t item_id = 0;  // optional: the admitted item it concerns
};

struct InspectionView {
  storage::Inspection i;
  std::string place_name, dept_name;
  int cap = 0;             // the county's cap …
  std::string cap_period;  // … and its period, when filed
  int64_t counted = 0;     // inspections of the community in the period that count against it
};

struct CapView {
  std::string county;
  int cap = 0;
  std::string period;
  int64_t version = 0;  // 0: the default, not yet set
};

// The load of one community (or the totals) over the months asked.
struct LoadRow {
  std::string place_code, place_name;
  int64_t tasks = 0, work = 0, forms = 0, certificates = 0;
  int64_t returned = 0;     // 退回 by the community or 撤回 by the department
  int64_t refused = 0;      // refused by the platform (no admitted item cited)
  int64_t inspections = 0;  // filed, approved or held
  int64_t pending = 0, refused_inspections = 0, over_cap = 0;
};
struct LoadMonth {
  int period = 0;
  LoadRow row;
};
struct LoadDept {
  int64_t dept_id = 0;
  std::string name;
  LoadRow row;
};
struct LoadView {
  std::string scope, scope_name;
  int from = 0, to = 0;
  LoadRow total;
  std::vector<LoadRow> communities;  // by tasks, most first
  std::vector<LoadMonth> months;
  std::vector<LoadDept> departments;
  int admission_version = 0;  // the county's current 准入清单 …
  int64_t admitted = 0;       // … its duty and assist items
  int64_t cancelled = 0;      // … and its cancelled certificates
  CapView cap;
};

class TaskService {
 public:
  TaskService(storage::Database* db, OrderService* orders) : db_(db), orders_(orders) {}

  // task.assign (a department handler): the task, sent to the community at once. Refused (kInvalidArgument,
  // field item_id, the reason in zh and en) when the citation does not hold (duty::CheckCitation); the
  // refusal is kept (duty_refusals) and nothing is sent.
  Result<OrderView> Assign(const Ctx& ctx, const TaskInput& in);
  // A department's tasks (its own), or the tasks of the communities in the caller's scope; `scope` narrows
  // it, `state` (an order state name) filters, paging by order id.
  Result<std::vector<OrderView>> Tasks(const Ctx& ctx, const std::string& scope, const std::string& state,
                                       int64_t before, int limit);
  Result<std::vector<storage::DutyRefusal>> Refusals(const Ctx& ctx, const std::string& scope, int limit);

  // task.assign: files an inspection; beyond the cap it waits for the county (pending).
  Result<InspectionView> File(const Ctx& ctx, const InspectionInput& in);
  // list.manage: approves or refuses a pending inspection (a refusal needs the reason).
  Result<InspectionView> Decide(const Ctx& ctx, int64_t id, bool approve, const std::string& note,
                                int64_t version);
  // The filing department: held (with what was found; not before the day) or cancelled (with why).
  Result<InspectionView> Close(const Ctx& ctx, int64_t id, bool held, const std::string& text,
                               int64_t version);
  Result<std::vector<InspectionView>> Inspections(const Ctx& ctx, const std::string& scope,
                                                  const std::string& status, int limit);
  Result<CapView> Cap(const Ctx& ctx, const std::string& county);
  Result<CapView> SetCap(const Ctx& ctx, const std::string& county, int cap, const std::string& period,
                         int64_t version);

  // indicator.read: the load of the communities in `scope` for months from..to (YYYYMM; default the last
  // twelve).
  Result<LoadView> Load(const Ctx& ctx, const std::string& scope, const std::string& from,
                        const std::string& to);

 private:
  Result<InspectionView> InspectionOf(storage::Tx& tx, storage::Inspection i);
  storage::Database* db_;
  OrderService* orders_;
};

}  // namespace wangge::service
