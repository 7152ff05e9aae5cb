// 志愿服务活动 (MISSION 20): a community's volunteer activity with a sign-up limit, check-in and check-out on
// the phone (the activity's code from its QR, the position recorded) or confirmed by the organiser, and the
// hours of service computed in whole half hours, never more than the activity lasted. The hours are deposited
// in the 时间银行 and earn points by the rules (core/ledger.hpp), once per person and activity.
// docs/ledger.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.hpp"

namespace wangge::activity {

struct Activity {
  int64_t id = 0;
  std::string place_code;  // the community (12 digits)
  std::string title;
  std::string description;
  std::string address;
  int64_t starts_at = 0;  // unix seconds
  int64_t ends_at = 0;
  int capacity = 0;  // sign-ups allowed (1-2000)
  std::string code;  // the check-in code the QR carries (random, 8 characters)
  bool cancelled = false;
  int64_t organizer = 0;  // the user who created it
  int64_t created_at = 0;
  int64_t version = 1;
  // Filled on reads.
  int64_t signed_up = 0;  // sign-ups that count against the capacity (not cancelled)
};

// title 1-60, description ≤ 1000 (multi-line), address ≤ 100, ends after it starts and lasts at most 24
// hours, capacity 1-2000. kInvalidArgument with the field, zh + en.
Status ValidateActivity(Activity* a);
// Minutes the activity lasts.
inline int64_t DurationMinutes(const Activity& a) { return (a.ends_at - a.starts_at) / 60; }
// Check-in opens an hour before the start and closes at the end.
inline constexpr int64_t kCheckinEarly = 3600;
bool CheckinOpen(const Activity& a, int64_t now);

// One person's sign-up and attendance.
struct Signup {
  int64_t activity_id = 0;
  int64_t person_id = 0;
  std::string status = "signed";  // signed | present (checked in) | done (hours posted) | cancelled
  int64_t signed_at = 0;
  int64_t checkin_at = 0;
  int64_t checkout_at = 0;
  std::optional<double> lat, lon;  // where the check-in was made (the phone's position), when given
  int64_t minutes = 0;             // hours credited, in minutes (whole half hours)
  int64_t entry_id = 0;            // the time-bank entry
  std::string person_name;         // filled on reads
};

}  // namespace wangge::activity
