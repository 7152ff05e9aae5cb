// 红色代办 (errands, MISSION 19): a runner (代办员: a party member or volunteer of the community,
// service.provide) covers 5-8 households; a household member authorises the runner for one matter (in person,
// by phone or in writing); the runner takes the documents it needs, runs it, returns every document, finishes
// with the hours served; the household rates it. No fee. The errand is a work order of kind errand: its
// transitions (接办, 派代办员, 办结, 评价 …) go through OrderService::Act like every order's, finishing waits
// until nothing is held (core kNeedNothingHeld), and its hours reach the 时间银行 when it closes
// (order_actions.cpp DepositHours). This service keeps the roster, registers errands and records the
// documents. docs/errands.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"
#include "storage/errands_repo.hpp"

namespace wangge::service {

// The norm of the seed reports: one runner covers 5-8 households. More than kMaxHouseholds is refused; fewer
// than kMinHouseholds is shown to the community as a runner with room.
inline constexpr int kMinHouseholds = 5;
inline constexpr int kMaxHouseholds = 8;

struct RosterRunner {
  User user;
  int households = 0;
};

struct RosterHousehold {
  Household household;
  std::optional<storage::ErrandRunner> runner;  // nullopt: no runner yet
  std::string runner_name;
};

struct RosterView {
  std::string community;
  std::string community_name;
  std::vector<RosterRunner> runners;  // the community's providers with accounts, by name
  std::vector<RosterHousehold> households;
};

struct MemberView {
  int64_t person_id = 0;
  std::string name;  // masked (张*华)
};

// A household as its runner or its own member sees it.
struct HouseholdView {
  Household household;
  std::vector<MemberView> members;
  std::optional<int64_t> runner_user_id;
  std::string runner_name;
};

struct ErrandInput {
  std::optional<int64_t> household_id;          // a resident's own when omitted
  std::optional<int64_t> authoriser_person_id;  // the resident themself when omitted
  std::string authorisation = "in_person";      // in_person | phone | written
  std::string category;                         // class 16
  std::string title;
  std::string description;
};

struct ErrandView {
  OrderView order;
  storage::Errand errand;
  Household household;
  std::string authoriser_name;  // clear for whoever sees the order's contact, masked otherwise
  std::vector<storage::ErrandDocument> documents;
  int held = 0;
};

class ErrandService {
 public:
  ErrandService(storage::Database* db, OrderService* orders) : db_(db), orders_(orders) {}

  // service.manage with the community in scope ("" = the caller's own): its households and their runners,
  // and the accounts that may run errands there.
  Result<RosterView> Roster(const Ctx& ctx, const std::string& community);
  // service.manage: the household's runner (version as read, 0 when it has none). The runner provides in the
  // household's community and is linked to a person; kConflict beyond kMaxHouseholds or for a stale version.
  Result<RosterHousehold> SetRunner(const Ctx& ctx, int64_t household_id, int64_t runner_user_id,
                                    int64_t version);
  Status RemoveRunner(const Ctx& ctx, int64_t household_id, int64_t version);
  // service.provide: the households the caller covers, with their members (names masked).
  Result<std::vector<HouseholdView>> Covered(const Ctx& ctx);
  // The caller's own household (their account's person) with its runner; RecordNotFound when none.
  Result<HouseholdView> OwnHousehold(const Ctx& ctx);

  // 委托代办: a member for their own household (authorising themself), the household's runner or the
  // community's staff for a household member who authorised them (channel register).
  Result<ErrandView> Create(const Ctx& ctx, ErrandInput in);
  Result<ErrandView> Get(const Ctx& ctx, int64_t id);
  // The open errands of the households the caller covers (待接办), newest first.
  Result<std::vector<OrderView>> Hall(const Ctx& ctx);
  // The one running it, while running it: a document taken (收取) and its return (归还).
  Result<storage::ErrandDocument> AddDocument(const Ctx& ctx, int64_t id, const std::string& name,
                                              int copies);
  Result<storage::ErrandDocument> ReturnDocument(const Ctx& ctx, int64_t id, int64_t doc_id, int64_t version);

 private:
  Result<std::string> CommunityOf(const Principal& who, const std::string& community);
  storage::Database* db_;
  OrderService* orders_;
};

std::string_view AuthorisationNameZh(std::string_view authorisation);  // 当面委托 | 电话委托 | 书面委托

}  // namespace wangge::service
