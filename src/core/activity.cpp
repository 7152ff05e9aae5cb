#include "core/activity.hpp"

#include "core/text.hpp"

namespace wangge::activity {

Status ValidateActivity(Activity* a) {
  ASSIGN_OR_RETURN(a->title, CleanText(a->title, "title", 60));
  ASSIGN_OR_RETURN(a->description, CleanText(a->description, "description", 1000, false, true));
  ASSIGN_OR_RETURN(a->address, CleanText(a->address, "address", 100, false));
  if (a->starts_at <= 0) return InvalidArgument("缺少开始时间", "starts_at is required", "starts_at");
  if (a->ends_at <= a->starts_at)
    return InvalidArgument("结束时间须晚于开始时间", "the activity must end after it starts", "ends_at");
  if (a->ends_at - a->starts_at > 24 * 3600)
    return InvalidArgument("一次活动至多 24 小时", "an activity lasts at most 24 hours", "ends_at");
  if (a->capacity < 1 || a->capacity > 2000)
    return InvalidArgument("报名名额须为 1-2000", "capacity must be 1-2000", "capacity");
  return Status::Ok();
}

bool CheckinOpen(const Activity& a, int64_t now) {
  return now >= a.starts_at - kCheckinEarly && now <= a.ends_at;
}

}  // namespace wangge::activity
