// 志愿服务活动 over HTTP: publish, list, one activity with its sign-ups, cancel; sign up, check in (the QR's
// code on a phone, or the organiser), check out, and the organiser's confirmed hours.
#include "core/calendar.hpp"
#include "core/ledger.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

json ActivityJson(const activity::Activity& a) {
  json j{{"id", a.id},
         {"place_code", a.place_code},
         {"title", a.title},
         {"description", a.description},
         {"address", a.address},
         {"starts_at", cal::IsoLocal(a.starts_at)},
         {"ends_at", cal::IsoLocal(a.ends_at)},
         {"hours", static_cast<double>(activity::DurationMinutes(a)) / 60.0},
         {"capacity", a.capacity},
         {"signed_up", a.signed_up},
         {"cancelled", a.cancelled},
         {"organizer", a.organizer},
         {"version", a.version}};
  j["code"] = a.code.empty() ? json(nullptr) : json(a.code);  // staff only: what the QR carries
  return j;
}

std::string_view SignupStatusZh(const std::string& s) {
  if (s == "signed") return "已报名";
  if (s == "present") return "已签到";
  if (s == "done") return "已签退";
  if (s == "cancelled") return "已取消";
  return "";
}

json SignupJson(const activity::Signup& s) {
  return {{"activity_id", s.activity_id},
          {"person_id", s.person_id},
          {"person_name", s.person_name},
          {"status", s.status},
          {"status_zh", SignupStatusZh(s.status)},
          {"signed_at", cal::IsoLocal(s.signed_at)},
          {"checkin_at", s.checkin_at ? json(cal::IsoLocal(s.checkin_at)) : json(nullptr)},
          {"checkout_at", s.checkout_at ? json(cal::IsoLocal(s.checkout_at)) : json(nullptr)},
          {"lat", s.lat ? json(*s.lat) : json(nullptr)},
          {"lon", s.lon ? json(*s.lon) : json(nullptr)},
          {"hours", static_cast<double>(s.minutes) / 60.0},
          {"entry_id", s.entry_id ? json(s.entry_id) : json(nullptr)}};
}

Status ReadAttendance(const json& body, service::Attendance* in, bool hours) {
  JsonIn j(body);
  std::optional<double> h;
  j.Int("person_id", &in->person_id).Str("code", &in->code).Num("lat", &in->lat).Num("lon", &in->lon);
  if (hours) j.Num("hours", &h);
  RETURN_IF_ERROR(j.Finish());
  if (hours) {
    ASSIGN_OR_RETURN(const int64_t minutes, ledger::MinutesOfHours(h));
    in->minutes = minutes;
  }
  return Status::Ok();
}

using Act = Result<activity::Signup> (service::ActivityService::*)(const service::Ctx&, int64_t,
                                                                   service::Attendance);

HttpResponse Attend(Call& c, Act act, bool hours) {
  auto id = c.PathId();
  if (!id.ok()) return Error(c, id.status());
  auto body = c.JsonBody();
  if (!body.ok()) return Error(c, body.status());
  service::Attendance in;
  if (Status s = ReadAttendance(*body, &in, hours); !s.ok()) return Error(c, s);
  auto res = (c.app().activities.*act)(c.ctx(), *id, std::move(in));
  if (!res.ok()) return Error(c, res.status());
  return Json(SignupJson(*res));
}

}  // namespace

void RegisterActivityRoutes(Router& r) {
  const std::vector<Permission> anyone = {Permission::kPointsAward, Permission::kPointsManage,
                                          Permission::kPointsRedeem};
  r.Add({.method = "GET",
         .pattern = "/api/v1/activities",
         .tag = "activities",
         .summary =
             "Volunteer activities: staff see their scope's, a person their community's (not ended more "
             "than 30 days ago, soonest first)",
         .summary_zh = "志愿服务活动：工作人员看辖区的，居民看本村（社区）的（结束 30 天内，按开始时间）",
         .any_of = anyone,
         .query = {{"scope", "string", "place code prefix (staff)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().activities.List(c.ctx(), c.Query("scope"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& a : *res) items.push_back(ActivityJson(a));
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/activities",
         .tag = "activities",
         .summary = "Publish a volunteer activity of a community (time, place, sign-up limit)",
         .summary_zh = "发布村（社区）志愿服务活动（时间、地点、报名名额）",
         .any_of = {Permission::kPointsAward},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::ActivityInput in;
           JsonIn j(*body);
           j.Str("place_code", &in.place_code, true)
               .Str("title", &in.title, true)
               .Str("description", &in.description)
               .Str("address", &in.address)
               .Str("starts_at", &in.starts_at, true)
               .Str("ends_at", &in.ends_at, true)
               .Int("capacity", &in.capacity, true);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto res = c.app().activities.Create(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(ActivityJson(*res), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/activities/{id}",
         .tag = "activities",
         .summary = "One activity: staff see every sign-up and the check-in code, a person their own sign-up",
         .summary_zh = "活动详情：工作人员看全部报名和签到码，居民看本人报名",
         .any_of = anyone,
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().activities.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           json signups = json::array();
           for (const auto& s : res->signups) signups.push_back(SignupJson(s));
           json out = ActivityJson(res->activity);
           out["signups"] = signups;
           out["staff"] = res->staff;
           return Json(out);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/activities/{id}/cancel",
         .tag = "activities",
         .summary = "Cancel an activity (version required)",
         .summary_zh = "取消活动（须带 version）",
         .any_of = {Permission::kPointsAward},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           int64_t version = 0;
           JsonIn j(*body);
           j.Int("version", &version, true);
           if (Status s = j.Finish(); !s.ok()) return Error(c, s);
           auto res = c.app().activities.Cancel(c.ctx(), *id, version);
           if (!res.ok()) return Error(c, res.status());
           return Json(ActivityJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/activities/{id}/signup",
         .tag = "activities",
         .summary =
             "Sign up for an activity: a person for themselves, staff for a person (person_id); full is 409",
         .summary_zh = "活动报名：居民本人报名，工作人员代报名（person_id）；名额已满为 409",
         .any_of = anyone,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return Attend(c, &service::ActivityService::SignUp, false);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/activities/{id}/checkin",
         .tag = "activities",
         .summary =
             "Check in: a person with the activity's code (its QR) and position, or staff for a person; "
             "from an hour before the start to the end; one activity at a time",
         .summary_zh = "签到：居民扫码（签到码）并记录位置，或工作人员代签到；开始前一小时至结束；同一时间只"
                       "能在一个活动签到",
         .any_of = anyone,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return Attend(c, &service::ActivityService::CheckIn, false);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/activities/{id}/checkout",
         .tag = "activities",
         .summary =
             "Check out: the hours since check-in, in whole half hours and at most the activity's duration, "
             "go into the time bank with their points",
         .summary_zh = "签退：签到至签退的时长按半小时计（不超过活动时长），记入时间银行并积分",
         .any_of = anyone,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return Attend(c, &service::ActivityService::CheckOut, false);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/activities/{id}/hours",
         .tag = "activities",
         .summary =
             "The organiser confirms a person's hours (at most the activity's duration) when they did not "
             "check in and out on a phone",
         .summary_zh = "组织者确认志愿者时长（不超过活动时长），用于未用手机签到签退的志愿者",
         .any_of = {Permission::kPointsAward},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return Attend(c, &service::ActivityService::Credit, true);
         }});
}

}  // namespace wangge::http
