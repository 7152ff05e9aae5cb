// 减负 (MISSION 23): a county's lists with their versions and items (准入清单, 小微权力清单,
// 为民服务事项清单), the citation of each department task (an order of kind task) and the tasks the platform
// refused, the inspections (督导检查备案) with the county's cap, and the counts of the load view. The rules
// are in core/duty.hpp and docs/duties.md. Backends: sqlite/duties_repo.cpp, postgres/duties_repo.cpp;
// contract: duties_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// One version of one of a county's lists.
struct DutyList {
  int64_t id = 0;
  std::string place_code;  // the county (6 digits)
  std::string kind;        // admission | micro_power | service
  int list_version = 0;    // 1, 2 …: the version number users cite
  std::string title;
  std::string note;              // what changed in this version
  std::string status = "draft";  // draft | published | superseded
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t published_by = 0;
  int64_t published_at = 0;
  int64_t superseded_at = 0;
  int64_t version = 1;  // the row's, for optimistic updates
};

// An item of a list version. Publishing a new version copies the items, so an item row belongs to one
// version and a citation (item id) names the version too.
struct DutyItem {
  int64_t id = 0;
  int64_t list_id = 0;
  std::string place_code;  // the list's county
  int seq = 0;             // the item's number within its list version (1, 2 …)
  std::string section;     // duty | assist | cancelled | power | service
  std::string group;       // 分类
  std::string title;
  std::string basis;
  std::string department;
  std::string alternative;        // a cancelled certificate's replacement
  std::string status = "active";  // active | withdrawn
  std::string withdrawn_reason;
  int64_t withdrawn_by = 0;
  int64_t withdrawn_at = 0;
  int64_t version = 1;
};

// The citation of a department task (one per order of kind task).
struct DutyTask {
  int64_t order_id = 0;
  std::string place_code;  // the community (12 digits)
  int64_t dept_id = 0;     // the issuing department
  int64_t item_id = 0;
  int64_t list_id = 0;
  int list_version = 0;
  std::string section;  // the item's, when cited
  std::string type;     // work | form | certificate
  int period = 0;       // YYYYMM of issue (China time)
  int64_t created_at = 0;
  // Filled on reads.
  int item_seq = 0;
  std::string item_title;
  int state = 0;  // the order's state
};

// A task the platform refused (nothing was sent; the attempt is kept for the load view).
struct DutyRefusal {
  int64_t id = 0;
  std::string place_code;  // the community
  int64_t dept_id = 0;
  int64_t user_id = 0;
  int64_t item_id = 0;  // as cited (0: none)
  int list_version = 0;
  std::string type;
  std::string title;
  std::string code;  // duty::Refusal::code
  std::string reason;
  int period = 0;
  int64_t at = 0;
};

// 督导检查备案.
struct Inspection {
  int64_t id = 0;
  std::string place_code;  // the community inspected
  int64_t dept_id = 0;
  std::string planned_on;  // YYYY-MM-DD
  std::string period_key;  // the cap's period it counts in ("2026-Q4")
  std::string subject;
  std::string purpose;
  int64_t item_id = 0;  // the admission item it concerns (0: none)
  bool over_cap = false;
  std::string status = "filed";  // filed | pending | approved | refused | held | cancelled
  int64_t filed_by = 0;
  int64_t filed_at = 0;
  int64_t decided_by = 0;
  int64_t decided_at = 0;
  std::string decision_note;
  int64_t closed_by = 0;  // held or cancelled by
  int64_t closed_at = 0;
  std::string findings;  // held: what was found; cancelled: why
  int period = 0;        // YYYYMM of planned_on (the load view's month)
  int64_t version = 1;
};

// A county's cap on inspections of one community.
struct InspectionCap {
  std::string place_code;  // the county
  int cap = 0;
  std::string period;  // month | quarter | year
  int64_t updated_by = 0;
  int64_t updated_at = 0;
  int64_t version = 0;  // 0: no row yet
};

struct DutyTaskFilter {
  std::string scope;    // community code prefix ("" = all)
  int64_t dept_id = 0;  // 0 = any
  int state = -1;       // -1 = any
  int limit = 50;
  int64_t before = 0;  // order ids below it (paging; 0 = from the newest)
};

struct InspectionFilter {
  std::string scope;  // community code prefix
  int64_t dept_id = 0;
  std::string status;
  int limit = 100;
};

// One count of the load view: `n` rows of `what` (a task type, "returned", "refused", an inspection
// status, "over_cap") for a community, a month and a department.
struct LoadCount {
  std::string place_code;
  int period = 0;
  int64_t dept_id = 0;
  std::string what;
  int64_t n = 0;
};

class DutyRepo {
 public:
  virtual ~DutyRepo() = default;

  // Every version of the county's lists, newest version first within a kind.
  virtual Result<std::vector<DutyList>> Lists(const std::string& county) = 0;
  virtual Result<std::optional<DutyList>> GetList(int64_t id) = 0;
  // The county's list of the kind in a status ("published": the current one; "draft").
  virtual Result<std::optional<DutyList>> ListIn(const std::string& county, const std::string& kind,
                                                 const std::string& status) = 0;
  // Fills l->id; kConflict when the county has a draft of the kind or the version exists.
  virtual Status InsertList(DutyList* l) = 0;
  // Writes title, note, status, published_*, superseded_at when l->version is current; bumps it.
  virtual Status UpdateList(DutyList* l) = 0;

  // A list version's items by seq.
  virtual Result<std::vector<DutyItem>> Items(int64_t list_id) = 0;
  virtual Result<std::optional<DutyItem>> GetItem(int64_t id) = 0;
  // Fills i->id; i->seq 0 takes the next number in the list.
  virtual Status InsertItem(DutyItem* i) = 0;
  // Writes every field but list_id and place_code when i->version is current; bumps it.
  virtual Status UpdateItem(DutyItem* i) = 0;
  virtual Status DeleteItem(int64_t id, int64_t version) = 0;
  // Items of a list by section (for the list pages' counts).
  virtual Result<std::vector<std::pair<std::string, int64_t>>> ItemCounts(int64_t list_id) = 0;

  virtual Status InsertTask(const DutyTask& t) = 0;
  virtual Result<std::optional<DutyTask>> GetTask(int64_t order_id) = 0;
  // Tasks by the filter, newest first, with the cited item's seq and title and the order's state.
  virtual Result<std::vector<DutyTask>> Tasks(const DutyTaskFilter& f) = 0;
  // Fills r->id.
  virtual Status InsertRefusal(DutyRefusal* r) = 0;
  // Refusals of communities under `scope` (and of one department when dept_id != 0), newest first.
  virtual Result<std::vector<DutyRefusal>> Refusals(const std::string& scope, int64_t dept_id, int limit) = 0;

  // Fills i->id.
  virtual Status InsertInspection(Inspection* i) = 0;
  virtual Result<std::optional<Inspection>> GetInspection(int64_t id) = 0;
  // Writes status, decided_*, decision_note, closed_*, findings when i->version is current; bumps it.
  virtual Status UpdateInspection(Inspection* i) = 0;
  // By planned day, newest first.
  virtual Result<std::vector<Inspection>> Inspections(const InspectionFilter& f) = 0;
  // Inspections of the community in the period that count against the cap (filed, approved, held).
  virtual Result<int64_t> CountAgainstCap(const std::string& community, const std::string& period_key) = 0;

  virtual Result<std::optional<InspectionCap>> GetCap(const std::string& county) = 0;
  // Inserts (c->version 0) or updates the current version; kConflict otherwise. Bumps c->version.
  virtual Status PutCap(InspectionCap* c) = 0;

  // The load of the communities under `scope` for months from..to (YYYYMM, inclusive): tasks by type,
  // tasks returned or withdrawn ("returned"), refusals ("refused"), inspections by status and those beyond
  // the cap ("over_cap").
  virtual Result<std::vector<LoadCount>> Load(const std::string& scope, int from, int to) = 0;
};

}  // namespace wangge::storage
