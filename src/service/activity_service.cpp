#include "service/activity_service.hpp"

#include <algorithm>
#include <cctype>

#include "core/calendar.hpp"
#include "core/citizen_id.hpp"
#include "core/crypto.hpp"
#include "core/ledger.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/activities_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::service {
namespace {

using activity::Activity;
using activity::Signup;

constexpr int64_t kListPast = 30 * 86400;

// Staff organise the activities of the communities in their scope, and a grid worker those of the
// community their grid belongs to (a community's activity is its grids' too).
bool Organises(const Principal& who, const std::string& community) {
  if (!LedgerService::IsStaff(who)) return false;
  if (Authz::InScope(who, community)) return true;
  return who.scope.size() > community.size() && community.size() == 12 && who.scope.rfind(community, 0) == 0;
}

// "2 小时 10 分钟": a duration as people read it.
std::string Minutes(int64_t m) {
  std::string s;
  if (m >= 60) s += std::to_string(m / 60) + " 小时";
  if (m % 60 != 0) s += (s.empty() ? "" : " ") + std::to_string(m % 60) + " 分钟";
  return s.empty() ? "0 分钟" : s;
}

Status Closed(const Activity& a, int64_t now) {
  if (a.cancelled) return FailedPrecondition("活动已取消", "the activity is cancelled");
  if (now > a.ends_at) return FailedPrecondition("活动已结束", "the activity has ended");
  return Status::Ok();
}

Status ValidPosition(const Attendance& in) {
  if (in.lat.has_value() != in.lon.has_value())
    return InvalidArgument("经纬度须同时给出", "lat and lon go together", "lat");
  if (in.lat && (*in.lat < -90 || *in.lat > 90 || *in.lon < -180 || *in.lon > 180))
    return InvalidArgument("经纬度超出范围", "lat/lon out of range", "lat");
  return Status::Ok();
}

}  // namespace

Result<Activity> ActivityService::Create(const Ctx& ctx, ActivityInput in) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsAward));
  if (in.place_code.size() != 12)
    return InvalidArgument("志愿服务活动由村（社区）组织：请给出 12 位村（社区）编码",
                           "an activity belongs to a village or community: give its 12-digit code",
                           "place_code");
  if (!Organises(ctx.who, in.place_code))
    return PermissionDenied("代码 " + in.place_code + " 不在您的管辖范围内",
                            "code " + in.place_code + " is outside your jurisdiction");
  Activity a;
  a.place_code = in.place_code;
  a.title = std::move(in.title);
  a.description = std::move(in.description);
  a.address = std::move(in.address);
  a.capacity = in.capacity;
  if (in.starts_at.empty()) return InvalidArgument("缺少开始时间", "starts_at is required", "starts_at");
  if (in.ends_at.empty()) return InvalidArgument("缺少结束时间", "ends_at is required", "ends_at");
  ASSIGN_OR_RETURN(a.starts_at, cal::ParseIsoTime(in.starts_at, "starts_at"));
  ASSIGN_OR_RETURN(a.ends_at, cal::ParseIsoTime(in.ends_at, "ends_at"));
  RETURN_IF_ERROR(activity::ValidateActivity(&a));
  const int64_t now = ledger_->Now();
  if (a.ends_at < now)
    return InvalidArgument("不能发布已经结束的活动", "the activity has already ended", "ends_at");
  a.code = RandomHexUpper(4);
  a.organizer = ctx.who.user_id;
  a.created_at = now;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Place place, tx.places().Get(a.place_code));
    if (place.retired) return FailedPrecondition("该村（社区）已撤销", "the community is retired");
    RETURN_IF_ERROR(tx.activities().Insert(&a));
    return Audit(tx, ctx, "activity.create", "activity", std::to_string(a.id), a.place_code,
                 "{\"capacity\":" + std::to_string(a.capacity) + "}");
  }));
  return a;
}

Result<std::vector<Activity>> ActivityService::List(const Ctx& ctx, const std::string& scope) {
  const int64_t from = ledger_->Now() - kListPast;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  if (LedgerService::IsStaff(ctx.who)) {
    ASSIGN_OR_RETURN(const std::string s, Authz::ListScope(ctx.who, Permission::kPointsAward, scope));
    // A grid's activities are its community's.
    return tx->activities().List(s.size() > 12 ? s.substr(0, 12) : s, from, 500);
  }
  RETURN_IF_ERROR(Authz::ListScope(ctx.who, Permission::kPointsRedeem, scope).status());
  ASSIGN_OR_RETURN(const int64_t me, LedgerService::PersonOf(*tx, ctx.who));
  if (me == 0) return std::vector<Activity>{};
  ASSIGN_OR_RETURN(Person p, tx->people().GetPerson(me));
  if (p.place_code.size() < 12) return std::vector<Activity>{};
  ASSIGN_OR_RETURN(auto list, tx->activities().List(LedgerService::CommunityOf(p.place_code), from, 500));
  for (Activity& a : list) a.code.clear();
  return list;
}

Result<int64_t> ActivityService::Who(storage::Tx& tx, const Ctx& ctx, const Activity& a, int64_t person_id,
                                     bool* staff) {
  *staff = Organises(ctx.who, a.place_code);
  if (*staff && person_id != 0) {
    ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(person_id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPointsAward, p.place_code));
    if (p.retired) return FailedPrecondition("此人已注销", "the person's record is retired");
    return person_id;
  }
  if (*staff && !HasPermission(ctx.who.role, Permission::kPointsRedeem))
    return InvalidArgument("请指明为哪位居民办理（person_id）", "person_id is required", "person_id");
  if (!HasPermission(ctx.who.role, Permission::kPointsRedeem)) return RecordNotFound();
  ASSIGN_OR_RETURN(const int64_t me, LedgerService::PersonOf(tx, ctx.who));
  if (me == 0)
    return FailedPrecondition("您的账号未关联一张表中的人员",
                              "your account is not linked to a person record");
  if (person_id != 0 && person_id != me) return RecordNotFound();
  ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(me));
  if (!*staff && (p.place_code.size() < 12 || LedgerService::CommunityOf(p.place_code) != a.place_code))
    return RecordNotFound();  // another community's activity
  *staff = false;             // acting for oneself
  return me;
}

Result<ActivityView> ActivityService::Get(const Ctx& ctx, int64_t id) {
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto a, tx->activities().Get(id));
  if (!a) return RecordNotFound();
  ActivityView v;
  v.activity = std::move(*a);
  if (Organises(ctx.who, v.activity.place_code)) {
    v.staff = true;
    ASSIGN_OR_RETURN(v.signups, tx->activities().Signups(id));
    if (!HasPermission(ctx.who.role, Permission::kPersonRead))
      for (Signup& s : v.signups) s.person_name = MaskName(s.person_name);
    return v;
  }
  bool staff = false;
  ASSIGN_OR_RETURN(const int64_t me, Who(*tx, ctx, v.activity, 0, &staff));
  v.activity.code.clear();
  ASSIGN_OR_RETURN(auto mine, tx->activities().GetSignup(id, me));
  if (mine) v.signups.push_back(std::move(*mine));
  return v;
}

Result<Activity> ActivityService::Cancel(const Ctx& ctx, int64_t id, int64_t version) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsAward));
  Activity out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto a, tx.activities().Get(id));
    if (!a) return RecordNotFound();
    if (!Organises(ctx.who, a->place_code)) return RecordNotFound();
    if (a->cancelled) return FailedPrecondition("活动已取消", "the activity is cancelled already");
    RETURN_IF_ERROR(tx.activities().Cancel(id, version));
    out = *a;
    out.cancelled = true;
    ++out.version;
    return Audit(tx, ctx, "activity.cancel", "activity", std::to_string(id), a->place_code);
  }));
  return out;
}

Result<Signup> ActivityService::SignUp(const Ctx& ctx, int64_t id, Attendance in) {
  Signup out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto a, tx.activities().Get(id));
    if (!a) return RecordNotFound();
    bool staff = false;
    ASSIGN_OR_RETURN(const int64_t person, Who(tx, ctx, *a, in.person_id, &staff));
    const int64_t now = ledger_->Now();
    RETURN_IF_ERROR(Closed(*a, now));
    out = Signup{};
    out.activity_id = id;
    out.person_id = person;
    out.signed_at = now;
    RETURN_IF_ERROR(tx.activities().InsertSignup(out, a->capacity));
    ASSIGN_OR_RETURN(auto stored, tx.activities().GetSignup(id, person));  // with the person's name
    if (stored) out = std::move(*stored);
    return Audit(tx, ctx, "activity.signup", "activity", std::to_string(id), a->place_code,
                 "{\"person\":" + std::to_string(person) + "}");
  }));
  return out;
}

Result<Signup> ActivityService::CheckIn(const Ctx& ctx, int64_t id, Attendance in) {
  RETURN_IF_ERROR(ValidPosition(in));
  Signup out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto a, tx.activities().Get(id));
    if (!a) return RecordNotFound();
    bool staff = false;
    ASSIGN_OR_RETURN(const int64_t person, Who(tx, ctx, *a, in.person_id, &staff));
    const int64_t now = ledger_->Now();
    if (a->cancelled) return FailedPrecondition("活动已取消", "the activity is cancelled");
    if (!activity::CheckinOpen(*a, now))
      return Status(StatusCode::kFailedPrecondition, "不在签到时间内（开始前一小时至结束）",
                    "check-in is open from an hour before the start to the end", "status");
    std::string code = in.code;  // the code is read out or typed too: letters in either case
    for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!staff && !ConstantTimeEquals(code, a->code))
      return InvalidArgument("签到码不正确：请扫描活动现场的二维码",
                             "wrong check-in code: scan the activity's QR code", "code");
    ASSIGN_OR_RETURN(const int64_t elsewhere, tx.activities().OpenCheckin(person));
    if (elsewhere != 0 && elsewhere != id)
      return Conflict("此人已在另一活动签到，须先在那里签退",
                      "the person is checked in at another activity: check out there first", "person_id");
    ASSIGN_OR_RETURN(auto s, tx.activities().GetSignup(id, person));
    if (!s) {  // a walk-in: signed up now, if there is room
      Signup fresh;
      fresh.activity_id = id;
      fresh.person_id = person;
      fresh.signed_at = now;
      RETURN_IF_ERROR(tx.activities().InsertSignup(fresh, a->capacity));
      s = fresh;
    }
    if (s->status != "signed")
      return Conflict(s->status == "cancelled" ? "报名已取消" : "已经签到过",
                      "already checked in (or cancelled)", "status");
    out = *s;
    out.status = "present";
    out.checkin_at = now;
    out.lat = in.lat;
    out.lon = in.lon;
    RETURN_IF_ERROR(tx.activities().UpdateSignup(out, "signed"));
    return Audit(
        tx, ctx, "activity.checkin", "activity", std::to_string(id), a->place_code,
        "{\"person\":" + std::to_string(person) + ",\"by_staff\":" + (staff ? "true" : "false") + "}");
  }));
  return out;
}

Status ActivityService::Deposit(storage::Tx& tx, const Ctx& ctx, const Activity& a, Signup* s, int64_t now) {
  if (s->minutes >= 30) {
    ASSIGN_OR_RETURN(
        ledger::Entry e,
        LedgerService::CreditService(
            tx, a.place_code, s->person_id, s->minutes, a.title, "activity:" + std::to_string(a.id),
            "activity:" + std::to_string(a.id) + ":" + std::to_string(s->person_id), ctx.who.user_id, now));
    s->entry_id = e.id;
  }
  return Status::Ok();
}

Result<Signup> ActivityService::CheckOut(const Ctx& ctx, int64_t id, Attendance in) {
  RETURN_IF_ERROR(ValidPosition(in));
  Signup out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto a, tx.activities().Get(id));
    if (!a) return RecordNotFound();
    bool staff = false;
    ASSIGN_OR_RETURN(const int64_t person, Who(tx, ctx, *a, in.person_id, &staff));
    ASSIGN_OR_RETURN(auto s, tx.activities().GetSignup(id, person));
    if (!s || s->status != "present")
      return Status(StatusCode::kFailedPrecondition,
                    s && s->status == "done" ? "已经签退，时长已记入" : "尚未签到，不能签退",
                    s && s->status == "done" ? "already checked out: the hours are credited"
                                             : "not checked in: check in first",
                    "status");
    const int64_t now = ledger_->Now();
    out = *s;
    out.status = "done";
    out.checkout_at = now;
    out.minutes = ledger::HoursOf(std::max(s->checkin_at, a->starts_at), std::min(now, a->ends_at),
                                  activity::DurationMinutes(*a));
    RETURN_IF_ERROR(Deposit(tx, ctx, *a, &out, now));
    RETURN_IF_ERROR(tx.activities().UpdateSignup(out, "present"));
    return Audit(
        tx, ctx, "activity.checkout", "activity", std::to_string(id), a->place_code,
        "{\"person\":" + std::to_string(person) + ",\"minutes\":" + std::to_string(out.minutes) + "}");
  }));
  return out;
}

Result<Signup> ActivityService::Credit(const Ctx& ctx, int64_t id, Attendance in) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPointsAward));
  if (!in.minutes || *in.minutes < 30 || *in.minutes % 30 != 0)
    return InvalidArgument("时长须按半小时计，至少 0.5 小时", "hours are whole half hours, at least 0.5",
                           "hours");
  if (in.person_id == 0) return InvalidArgument("缺少 person_id", "person_id is required", "person_id");
  Signup out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto a, tx.activities().Get(id));
    if (!a) return RecordNotFound();
    if (!Organises(ctx.who, a->place_code)) return RecordNotFound();
    bool staff = false;
    ASSIGN_OR_RETURN(const int64_t person, Who(tx, ctx, *a, in.person_id, &staff));
    if (*in.minutes > activity::DurationMinutes(*a))
      return InvalidArgument("确认的时长超过活动时长（" + Minutes(activity::DurationMinutes(*a)) + "）",
                             "the hours exceed the activity's duration", "hours");
    const int64_t now = ledger_->Now();
    if (now < a->starts_at) return FailedPrecondition("活动尚未开始", "the activity has not started");
    ASSIGN_OR_RETURN(auto s, tx.activities().GetSignup(id, person));
    if (!s || (s->status != "signed" && s->status != "present"))
      return Status(
          StatusCode::kFailedPrecondition, s && s->status == "done" ? "时长已记入" : "此人未报名该活动",
          s && s->status == "done" ? "the hours are credited already" : "the person did not sign up",
          "status");
    const std::string from = s->status;
    out = *s;
    out.status = "done";
    out.checkout_at = now;
    out.minutes = *in.minutes;
    RETURN_IF_ERROR(Deposit(tx, ctx, *a, &out, now));
    RETURN_IF_ERROR(tx.activities().UpdateSignup(out, from));
    return Audit(
        tx, ctx, "activity.credit", "activity", std::to_string(id), a->place_code,
        "{\"person\":" + std::to_string(person) + ",\"minutes\":" + std::to_string(out.minutes) + "}");
  }));
  return out;
}

}  // namespace wangge::service
