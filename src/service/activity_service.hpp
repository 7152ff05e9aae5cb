// 志愿服务活动 (MISSION 20): community staff publish an activity with a sign-up limit; residents and party
// members sign up on the phone, check in with the activity's code (its QR) and check out, their position
// recorded; the organiser can check people in and out or confirm hours for someone without a phone. Hours
// are computed in whole half hours, never more than the activity lasted, and deposited in the 时间银行 with
// their points, once (LedgerService::CreditService). docs/ledger.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "service/context.hpp"
#include "service/ledger_service.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct ActivityInput {
  std::string place_code;  // the community
  std::string title, description, address;
  std::string starts_at, ends_at;  // ISO 8601 local times ("2026-12-12T09:00:00")
  int capacity = 0;
};

struct Attendance {
  int64_t person_id = 0;  // 0 = the caller's own person
  std::string code;       // the activity's check-in code (required when people check themselves in)
  std::optional<double> lat, lon;
  std::optional<int64_t> minutes;  // the organiser's confirmed hours (Credit)
};

struct ActivityView {
  activity::Activity activity;
  std::vector<activity::Signup> signups;  // staff: everyone's; a person: their own (0 or 1)
  bool staff = false;                     // the caller organises here (sees the code and everyone)
};

class ActivityService {
 public:
  ActivityService(storage::Database* db, LedgerService* ledger) : db_(db), ledger_(ledger) {}

  // points.award, a community in scope. Audited (activity.create).
  Result<activity::Activity> Create(const Ctx& ctx, ActivityInput in);
  // Staff: activities in scope; a person (points.redeem): their community's. Those not ended more than
  // 30 days ago, the soonest first.
  Result<std::vector<activity::Activity>> List(const Ctx& ctx, const std::string& scope);
  Result<ActivityView> Get(const Ctx& ctx, int64_t id);
  // Staff in scope; the version read. Sign-ups stay, nothing more can happen.
  Result<activity::Activity> Cancel(const Ctx& ctx, int64_t id, int64_t version);
  // A person for themselves (points.redeem, their own community's activity) or staff for a person in scope:
  // kFailedPrecondition when it has ended or is cancelled, or is full ("capacity"); kConflict when signed up.
  Result<activity::Signup> SignUp(const Ctx& ctx, int64_t id, Attendance in);
  // From an hour before the start to the end. A person needs the activity's code; staff check people in
  // (a walk-in is signed up first, if there is room). kConflict when the person is checked in at another
  // activity (overlapping check-ins) or here already.
  Result<activity::Signup> CheckIn(const Ctx& ctx, int64_t id, Attendance in);
  // After a check-in only (kFailedPrecondition "status" otherwise): the hours from check-in (or the start) to
  // now (or the end), in whole half hours, are deposited with their points.
  Result<activity::Signup> CheckOut(const Ctx& ctx, int64_t id, Attendance in);
  // Staff confirm a person's hours (in.minutes: whole half hours, at most the activity's duration — 400
  // "hours" beyond it) for a sign-up not yet credited; deposited as a check-out is.
  Result<activity::Signup> Credit(const Ctx& ctx, int64_t id, Attendance in);

 private:
  Result<int64_t> Who(storage::Tx& tx, const Ctx& ctx, const activity::Activity& a, int64_t person_id,
                      bool* staff);
  Status Deposit(storage::Tx& tx, const Ctx& ctx, const activity::Activity& a, activity::Signup* s,
                 int64_t now);
  storage::Database* db_;
  LedgerService* ledger_;
};

}  // namespace wangge::service
