// 减负 lists (MISSION 23): a county's 社区工作事项准入清单, 小微权力清单 and 为民服务事项清单, each with
// versions. The county command centre (list.manage) opens a draft (a copy of the current version's items, or
// of the shipped template when the county has none), edits its items, and publishes it as the next version,
// which supersedes the one before; an item of the current version can be withdrawn at once. Everyone signed
// in reads the lists of their county, and anyone the current versions (GET /public/duty-lists: they are
// public documents); a community's desk looks up whether a certificate asked for is one the community no
// longer issues. docs/duties.md.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"
#include "storage/duties_repo.hpp"

namespace wangge::service {

struct DutyListView {
  storage::DutyList list;
  std::vector<std::pair<std::string, int64_t>> counts;  // active items by section
  std::vector<storage::DutyItem> items;                 // filled by Get
  std::string county_name;
  std::string created_by_name, published_by_name;
};

struct DutyItemInput {
  std::string section;
  std::string group;
  std::string title;
  std::string basis;
  std::string department;
  std::string alternative;
  int64_t version = 0;  // as read (updates)
};

class DutyService {
 public:
  DutyService(storage::Database* db, OrderService* orders) : db_(db), orders_(orders) {}

  // Every version of the county's lists (county "" = the caller's), newest version first within a kind.
  Result<std::vector<DutyListView>> Lists(const Ctx& ctx, const std::string& county);
  // One version with its items.
  Result<DutyListView> Get(const Ctx& ctx, int64_t id);
  // The county's current version of a kind, with its items (kNotFound when none is published).
  Result<DutyListView> Current(const Ctx& ctx, const std::string& county, const std::string& kind);
  // list.manage: opens the next version as a draft: a copy of the current version's items, or of the
  // shipped template's for the kind when none is published. kConflict when a draft is open.
  Result<DutyListView> OpenDraft(const Ctx& ctx, const std::string& county, const std::string& kind,
                                 const std::string& title, const std::string& note);
  // list.manage, on a draft only (kFailedPrecondition for a published version: withdraw instead).
  Result<storage::DutyItem> AddItem(const Ctx& ctx, int64_t list_id, const DutyItemInput& in);
  Result<storage::DutyItem> UpdateItem(const Ctx& ctx, int64_t list_id, int64_t item_id,
                                       const DutyItemInput& in);
  Status DeleteItem(const Ctx& ctx, int64_t list_id, int64_t item_id, int64_t version);
  // list.manage: the draft becomes the current version; the one before is superseded (tasks citing it are
  // refused from now on). A draft without items is refused.
  Result<DutyListView> Publish(const Ctx& ctx, int64_t list_id, int64_t version);
  // list.manage: an item of the current version withdrawn at once, with the reason.
  Result<storage::DutyItem> WithdrawItem(const Ctx& ctx, int64_t list_id, int64_t item_id,
                                         const std::string& reason, int64_t version);
  // The cancelled certificates of the county's (county "" = the caller's) current admission list whose title
  // contains `q` (all when empty), each with its alternative.
  Result<std::vector<storage::DutyItem>> Certificates(const Ctx& ctx, const std::string& county,
                                                      const std::string& q);

  // The public page (no sign-in): the county's current version of a kind, with its active items only (the
  // names of who drafted and published it left out by the route).
  Result<DutyListView> Public(const std::string& county, const std::string& kind);

  // The county's current admission list (for the citation check and the task form); nullopt when none.
  static Result<std::optional<storage::DutyList>> CurrentAdmission(storage::Tx& tx,
                                                                   const std::string& county);
  // Publishes version 1 of each kind from the shipped template for a county without lists (the demo).
  static Status PublishTemplate(storage::Tx& tx, const std::string& county, int64_t by, int64_t at);

 private:
  Result<std::string> CountyOf(const Principal& who, const std::string& county);
  Result<storage::DutyList> EditableDraft(storage::Tx& tx, const Principal& who, int64_t list_id);
  storage::Database* db_;
  OrderService* orders_;
};

}  // namespace wangge::service
