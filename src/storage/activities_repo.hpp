// 志愿服务活动 and their sign-ups (core/activity.hpp). Backends: sqlite/activities_repo.cpp,
// postgres/activities_repo.cpp; contract: activities_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

class ActivityRepo {
 public:
  virtual ~ActivityRepo() = default;
  virtual Status Insert(activity::Activity* a) = 0;
  // With signed_up; nullopt when none.
  virtual Result<std::optional<activity::Activity>> Get(int64_t id) = 0;
  // Activities of communities inside `scope` ending at or after `from` (unix seconds), the soonest first, at
  // most `limit` (1-500).
  virtual Result<std::vector<activity::Activity>> List(const std::string& scope, int64_t from, int limit) = 0;
  // Cancels it when `version` is current (kConflict otherwise).
  virtual Status Cancel(int64_t id, int64_t version) = 0;

  // A sign-up while the activity has room: kConflict ("person_id") when the person signed up before,
  // kFailedPrecondition ("capacity") when it is full. The count and the insert are one statement.
  virtual Status InsertSignup(const activity::Signup& s, int capacity) = 0;
  virtual Result<std::optional<activity::Signup>> GetSignup(int64_t activity_id, int64_t person_id) = 0;
  // The activity's sign-ups with the people's names, by sign-up time.
  virtual Result<std::vector<activity::Signup>> Signups(int64_t activity_id) = 0;
  // Writes status, check-in, check-out, position, minutes and entry when the sign-up is still in `from`;
  // kConflict otherwise (two phones racing: one wins).
  virtual Status UpdateSignup(const activity::Signup& s, const std::string& from) = 0;
  // The activity the person is checked in at and not yet out of (another's check-in overlaps it); 0 = none.
  virtual Result<int64_t> OpenCheckin(int64_t person_id) = 0;
};

}  // namespace wangge::storage
