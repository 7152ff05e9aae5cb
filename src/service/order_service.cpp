#include "service/order_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/crypto.hpp"
#include "core/number_runs.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/order_actions.hpp"
#include "service/order_parties.hpp"
#include "storage/attachments_repo.hpp"
#include "storage/departments_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using order::Action;
using order::Order;
using order::State;
using json = nlohmann::json;

constexpr double kDuplicateRadiusM = 300;         // same category within 300 m …
constexpr int64_t kDuplicateWindowS = 72 * 3600;  // … reported within 72 hours
constexpr int kMaxAttachments = 9;

// "a,b" → {"a", "b"}; "" → {}.
std::vector<std::string_view> SplitList(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    out.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) out.emplace_back();  // a trailing comma names an empty value: refused
  }
  return out;
}

// The list's case filters (OrderFilter) into the query: each value checked, a wrong one a 400 naming it.
Status ReadCaseFilters(const OrderFilter& f, storage::OrderQuery* q) {
  if (!f.risk.empty()) {
    if (f.risk.size() != 1 || f.risk[0] < '0' || f.risk[0] > '3')
      return InvalidArgument("risk 只能是 0（未研判）、1（低）、2（中）、3（高）",
                             "risk must be 0 (not assessed), 1 (low), 2 (medium) or 3 (high)", "risk");
    q->risk = f.risk[0] - '0';
  }
  // outcome and route take a comma-separated list; route "transfer" is the three transfer routes (已分流).
  for (std::string_view name : SplitList(f.outcome)) {
    int bit = -1;
    if (name == "none") bit = 0;
    for (int o : {order::kOutcomeSettled, order::kOutcomePartly, order::kOutcomeFailed})
      if (name == order::OutcomeName(o)) bit = o;
    if (bit < 0)
      return InvalidArgument(
          "outcome 只能是 settled（调解成功）、partly（部分达成）、failed（调解不成）或 "
          "none，可用逗号分隔多个",
          "outcome must be settled, partly, failed or none (comma-separated)", "outcome");
    q->outcome_mask |= 1 << bit;
  }
  for (std::string_view name : SplitList(f.route)) {
    if (name == "transfer") {
      for (const char* r : {"litigation", "arbitration", "administrative"}) q->routes.emplace_back(r);
    } else if (!order::RouteNameZh(name).empty()) {
      q->routes.emplace_back(name);
    } else {
      return InvalidArgument(
          "route 只能是 confirm（司法确认）、litigation（诉讼）、arbitration（仲裁）、"
          "administrative（行政处理）或 transfer（三者之一），可用逗号分隔多个",
          "route must be confirm, litigation, arbitration, administrative or transfer "
          "(comma-separated)",
          "route");
    }
  }
  if (!f.channel.empty()) {
    if (!order::IsChannelOf(f.kind, f.channel))
      return InvalidArgument("此类工单没有渠道 " + f.channel.substr(0, 20),
                             "no such channel for this kind: " + f.channel.substr(0, 20), "channel");
    q->channel = f.channel;
  }
  q->repeat_only = f.repeat;
  q->skip_level_only = f.skip_level;
  q->led_only = f.led;
  return Status::Ok();
}

double DistanceM(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kR = 6371000.0, kRad = M_PI / 180.0;
  const double x = (lon2 - lon1) * kRad * std::cos((lat1 + lat2) / 2 * kRad);
  const double y = (lat2 - lat1) * kRad;
  return std::sqrt(x * x + y * y) * kR;
}

// Roll-up deltas of one state change: Contribution(after) − Contribution(before) on every subject of each.
void RollUp(storage::Tx& tx, const Order* before, const Order& after) {
  std::map<std::string, order::Metrics> delta;
  if (before) {
    const order::Metrics m = order::Contribution(*before);
    for (const std::string& s : order::Subjects(*before)) delta[s] -= m;
  }
  const order::Metrics m = order::Contribution(after);
  for (const std::string& s : order::Subjects(after)) delta[s] += m;
  const int32_t day = order::ReceivedDay(after);
  const int32_t month = order::MonthOfDay(day);
  for (const auto& [subject, d] : delta) {
    if (d.IsZero()) continue;
    tx.orders().AddRollup({subject, 0, day, static_cast<int>(after.kind), after.category}, d);
    tx.orders().AddRollup({subject, 1, month, static_cast<int>(after.kind), after.category}, d);
  }
}

json EventData(const order::Input& in) {
  json d = json::object();
  if (!in.attachments.empty()) d["attachments"] = in.attachments;
  if (in.target_dept) d["target_dept"] = *in.target_dept;
  if (!in.target_place.empty()) d["target_place"] = in.target_place;
  if (!in.departments.empty()) d["departments"] = in.departments;
  if (in.rating) d["rating"] = in.rating;
  if (in.strength) d["strength"] = in.strength;
  if (in.days) d["days"] = in.days;
  if (in.merge_into) d["merge_into"] = *in.merge_into;
  if (in.override_catalogue) d["override_catalogue"] = true;
  // A dispute's steps: what the step set (the order keeps only the latest value).
  if (in.risk) d["risk"] = in.risk;
  if (in.outcome) d["outcome"] = order::OutcomeName(in.outcome);
  if (!in.route.empty()) d["route"] = in.route;
  if (!in.reference.empty()) d["reference"] = in.reference;
  if (in.performed) d["performed"] = true;
  if (!in.consents.empty()) d["consents"] = in.consents;
  if (in.leader) d["leader"] = *in.leader;
  if (!in.visit.empty()) d["visit"] = in.visit;
  return d;
}

}  // namespace

std::string StepData(const order::Input& in) { return EventData(in).dump(); }

namespace {

// An order may show only what its author may already see: a blob they uploaded, or one shown by an order they
// see. Anything else — an unknown hash or someone else's file — gets the same answer, so citing a hash
// neither opens a file nor tells whether it exists.
Status CheckAttachments(storage::Tx& tx, const Principal& who, const std::vector<std::string>& shas) {
  if (shas.size() > static_cast<size_t>(kMaxAttachments))
    return InvalidArgument("最多附 9 个附件", "at most 9 attachments", "attachments");
  const bool system = who.user_id == 0 && who.username == "system";
  for (const std::string& sha : shas) {
    const Status refused = InvalidArgument(
        "附件 " + sha.substr(0, 12) + " 不存在或不是您上传的，请先上传",
        "attachment " + sha.substr(0, 12) + " does not exist or was not uploaded by you; upload it first",
        "attachments");
    auto a = tx.attachments().Get(sha);
    if (!a.ok()) return a.status().code() == StatusCode::kNotFound ? refused : a.status();
    if (system) continue;
    bool allowed = false;
    if (who.user_id != 0) {
      ASSIGN_OR_RETURN(allowed, tx.attachments().UploadedBy(sha, who.user_id));
    }
    if (!allowed) {
      ASSIGN_OR_RETURN(auto ids, tx.attachments().OrdersReferencing(sha, 50));
      for (int64_t id : ids) {
        auto o = tx.orders().Get(id);
        if (!o.ok()) continue;
        ASSIGN_OR_RETURN(auto callins, tx.orders().Callins(id));
        if (CanSee(who, *o, callins)) {
          allowed = true;
          break;
        }
      }
    }
    if (!allowed) return refused;
  }
  return Status::Ok();
}

// The webhook body of one order event (no personal data).
std::string EventPayload(const Order& o, const std::string& action, int64_t now) {
  return json{{"event", "order." + action},   {"id", o.id},
              {"tracking_no", TrackingNo(o)}, {"state", order::StateName(o.state)},
              {"category", o.category},       {"place_code", o.place_code},
              {"at", cal::IsoLocal(now)}}
      .dump();
}

}  // namespace

// ------------------------------------------------------------------ helpers exposed in the header

std::string TrackingNo(const Order& o) {
  cal::CivilDate d = cal::CivilFromDay(cal::LocalDay(o.received_at));
  char buf[40];
  std::snprintf(buf, sizeof buf, "WG%04d%02d%02d%08lld", d.year, d.month, d.day,
                static_cast<long long>(o.id));
  return buf;
}

std::string TrackCode(const Order& o) {
  return o.track_key.empty() ? std::string() : TrackingNo(o) + "-" + o.track_key;
}

std::optional<int64_t> ParseTrackingNo(std::string_view no) {
  if (no.size() != 18 || no.substr(0, 2) != "WG") return std::nullopt;
  for (char c : no.substr(2))
    if (c < '0' || c > '9') return std::nullopt;
  int64_t id = std::stoll(std::string(no.substr(10)));
  if (id <= 0) return std::nullopt;
  return id;
}

std::string ScrubPersonalData(std::string_view text) { return ScrubNumbersForPublic(text); }

std::string OrderService::MaskIds(std::string_view text) {
  // A 15-digit number may be a legacy citizen ID or a grid's code: the places table tells them apart (asked
  // only when such a number is there).
  return MaskIdsInText(text, {}, [this](std::string_view code) {
    auto tx = db_->Read();
    return tx.ok() && (*tx)->places().Name(std::string(code)).ok();
  });
}

Status OrderService::EncryptReporter(const FieldCipher& cipher, Order* o) {
  if (!o->reporter_name.empty()) {
    o->reporter_name_enc = cipher.Encrypt(o->reporter_name);
    o->reporter_name_masked = MaskName(o->reporter_name);
  }
  if (!o->reporter_phone.empty()) {
    o->reporter_phone_enc = cipher.Encrypt(o->reporter_phone);
    o->reporter_phone_masked = MaskPhone(o->reporter_phone);
  }
  return Status::Ok();
}

// ------------------------------------------------------------------ views

Result<OrderView> OrderService::View(storage::Tx& tx, const Principal& who, Order o, bool detail,
                                     Names* names) {
  RETURN_IF_ERROR(KindFacts(tx, &o));
  OrderView v;
  v.tracking_no = TrackingNo(o);
  ASSIGN_OR_RETURN(auto cat, catalog_->Get());
  if (const Category* c = cat->Find(o.category)) v.category_name = c->name_zh;
  Names local;
  if (names == nullptr) names = &local;
  auto place_name = [&](const std::string& code) -> std::string {
    auto [it, fresh] = names->places.try_emplace(code);
    if (fresh)
      if (auto name = tx.places().Name(code); name.ok()) it->second = std::move(*name);
    return it->second;
  };
  v.place_name = place_name(o.place_code);
  if (o.assignee_dept) {
    auto [it, fresh] = names->depts.try_emplace(*o.assignee_dept);
    if (fresh)
      if (auto d = tx.departments().Get(*o.assignee_dept); d.ok()) it->second = d->name;
    v.assignee_dept_name = it->second;
  }
  if (!o.assignee_place.empty()) v.assignee_place_name = place_name(o.assignee_place);
  if (!o.command_place.empty()) v.command_place_name = place_name(o.command_place);
  v.contact_visible = SeesReporterContact(who.role) && IsWithin(o.place_code, who.scope);
  if (order::SpecOf(o.kind).community) {
    // A service or wish: the community that sends providers, and the provider serving it while it is open,
    // reach the person served.
    v.contact_visible =
        v.contact_visible ||
        (HasPermission(who.role, Permission::kServiceManage) && IsWithin(o.place_code, who.scope)) ||
        (who.user_id != 0 && o.handler_user_id == who.user_id && order::IsOpen(o.state));
    if (o.handler_user_id) {
      auto u = tx.users().Get(*o.handler_user_id);
      if (u.ok()) v.handler_name = u->display_name;
    }
  }
  if (order::SpecOf(o.kind).issued) {
    ASSIGN_OR_RETURN(v.task, tx.duties().GetTask(o.id));
    if (v.task) {
      auto [it, fresh] = names->depts.try_emplace(v.task->dept_id);
      if (fresh)
        if (auto d = tx.departments().Get(v.task->dept_id); d.ok()) it->second = d->name;
      v.issuer_dept_name = it->second;
    }
  }
  if (v.contact_visible || (who.user_id != 0 && who.user_id == o.reporter_user_id))
    v.track_code = TrackCode(o);
  if (v.contact_visible) {
    if (!o.reporter_name_enc.empty()) {
      ASSIGN_OR_RETURN(o.reporter_name, cipher_->Decrypt(o.reporter_name_enc));
    }
    if (!o.reporter_phone_enc.empty()) {
      ASSIGN_OR_RETURN(o.reporter_phone, cipher_->Decrypt(o.reporter_phone_enc));
    }
  }
  std::vector<storage::OrderCallin> callins;
  if (detail) {
    ASSIGN_OR_RETURN(v.events, tx.orders().Events(o.id));
    ASSIGN_OR_RETURN(callins, tx.orders().Callins(o.id));
    v.callins = callins;
  }
  const uint32_t rel = RelationsOf(who, o, callins);
  for (const order::Rule& r : order::Rules()) {
    if (r.kind != o.kind || r.from == 0 || r.relations == order::kRelSystem) continue;
    if (order::Allowed(o, r.action, who.role, rel).ok()) v.actions.push_back(r.action);
  }
  // 复查 is asked within the kind's window of the answer: the last moment is shown, and the action goes once
  // it has passed (the engine refuses it then too).
  if (const int days = order::SpecOf(o.kind).review_days;
      days > 0 && o.state == State::kFinished && o.reopen_count == 0 && o.finished_at > 0) {
    v.review_until = cat->calendar.Deadline(o.finished_at, cal::Limit{cal::LimitUnit::kNaturalDays, days});
    if (Now() > v.review_until) std::erase(v.actions, order::Action::kReview);
  }
  if (detail && (rel & order::kRelCommand)) {
    if (const Category* c = cat->Find(o.category)) {
      v.suggested_level = c->handling_level;
      if (!c->default_department.empty()) {
        storage::PageRequest page;
        page.limit = 200;
        ASSIGN_OR_RETURN(auto depts, tx.departments().List(o.place_code.substr(0, 6), page));
        for (const Department& d : depts.items)
          if (d.code == c->default_department) v.suggested_dept = d.id;
      }
    }
    if (o.lat && o.lon && (o.state == State::kReported || o.state == State::kAccepted)) {
      const double dlat = kDuplicateRadiusM / 111320.0;
      const double dlon = dlat / std::max(0.1, std::cos(*o.lat * M_PI / 180.0));
      ASSIGN_OR_RETURN(auto near, tx.orders().Nearby(o.category, o.received_at - kDuplicateWindowS,
                                                     o.received_at + kDuplicateWindowS, *o.lat - dlat,
                                                     *o.lat + dlat, *o.lon - dlon, *o.lon + dlon, 20));
      for (const Order& n : near) {
        if (n.id == o.id || n.state == State::kMerged || n.state == State::kRefused) continue;
        const double d = DistanceM(*o.lat, *o.lon, *n.lat, *n.lon);
        if (d > kDuplicateRadiusM) continue;
        v.duplicates.push_back({n.id, TrackingNo(n), n.title, n.state, n.received_at, d});
      }
    }
  }
  v.o = std::move(o);
  return v;
}

// ------------------------------------------------------------------ report

Result<OrderView> OrderService::Report(const Ctx& ctx, ReportInput in) {
  const Principal& who = ctx.who;
  // The kind's report rule says which permission creates one (events: order.report; cases: dispute.register;
  // petitions: petition.register).
  RETURN_IF_ERROR(Authz::Can(who, order::FindRule(in.kind, order::Action::kReport)->permission));
  ASSIGN_OR_RETURN(auto cat, catalog_->Get());
  const Category* c = cat->Find(in.category);
  if (in.category.empty()) return InvalidArgument("请选择事件分类", "category is required", "category");
  if (!c || !c->active)
    return InvalidArgument("未知的事件分类 " + in.category.substr(0, 20),
                           "unknown category " + in.category.substr(0, 20), "category");
  const order::KindSpec& spec = order::SpecOf(in.kind);
  if (!spec.category_class.empty() && c->code.substr(0, 2) != spec.category_class)
    return InvalidArgument(
        "「" + std::string(spec.zh) + "」须选择 " + std::string(spec.category_class) + " 类分类",
        "a " + std::string(spec.name) + " needs a category of class " + std::string(spec.category_class),
        "category");
  if (const auto owner = order::KindOwningCategory(c->code); owner && *owner != in.kind)
    return InvalidArgument(
        "「" + c->name_zh + "」类分类只能用于" + std::string(order::SpecOf(*owner).zh),
        "category " + c->code + " is for orders of kind " + std::string(order::KindName(*owner)) + " only",
        "category");
  if (in.kind != order::Kind::kEvent && in.settle)
    return InvalidArgument("只有事件可以就地办结", "only events are settled on the spot", "settle");
  if (in.urgency == 0) in.urgency = c->default_urgency;
  if (in.urgency < 1 || in.urgency > 3)
    return InvalidArgument("紧急程度只能是 1 一般、2 紧急、3 特急", "urgency must be 1, 2 or 3", "urgency");
  Order o;
  o.kind = in.kind;
  o.linked_order = in.linked_order;
  o.category = c->code;
  o.urgency = in.urgency;
  o.track_key = RandomHexUpper(5);
  // Free text never keeps a citizen ID (a caller's, typed by an operator): the masked form is stored (before
  // a title is cut from the description, so no ID is cut in half either).
  ASSIGN_OR_RETURN(o.description, CleanText(in.description, "description", 2000, true, true));
  o.description = MaskIds(o.description);
  ASSIGN_OR_RETURN(o.title, CleanText(in.title, "title", 60, false));
  o.title = MaskIds(o.title);
  if (o.title.empty()) {
    // The first line of the description, at most 30 characters.
    std::string first = o.description.substr(0, o.description.find('\n'));
    size_t chars = 0, i = 0;
    while (i < first.size() && chars < 30) {
      ++i;
      while (i < first.size() && (first[i] & 0xC0) == 0x80) ++i;
      ++chars;
    }
    o.title = first.substr(0, i);
  }
  ASSIGN_OR_RETURN(o.address, CleanText(in.address, "address", 200, false));
  o.address = MaskIds(o.address);

  // Where: coordinates located to a grid, or a named grid/village.
  if (in.lat.has_value() != in.lon.has_value())
    return InvalidArgument("经度和纬度须同时提供", "give both lat and lon", in.lat ? "lon" : "lat");
  if (in.lat) {
    if (!std::isfinite(*in.lat) || !std::isfinite(*in.lon) || *in.lat < -90 || *in.lat > 90 ||
        *in.lon < -180 || *in.lon > 180)
      return InvalidArgument("坐标超出范围", "coordinates out of range", "lat");
    ASSIGN_OR_RETURN(auto locator, places_->Locator());
    auto grid = locator->Locate(*in.lon, *in.lat);
    if (!grid)
      return InvalidArgument("该位置不在任何网格内，请核对坐标或改填所在网格",
                             "the point lies outside every grid; check the coordinates or give place_code",
                             "lat");
    o.place_code = *grid;
    o.lat = in.lat;
    o.lon = in.lon;
  } else if (!in.place_code.empty()) {
    auto lvl = ParseCode(in.place_code);
    if (!lvl.ok() || (*lvl != Level::kGrid && *lvl != Level::kVillage))
      return InvalidArgument("所在地点须为网格或村(社区)编码", "place_code must be a grid or village code",
                             "place_code");
    o.place_code = in.place_code;
  } else {
    return InvalidArgument("请提供事发位置（坐标或所在网格）", "give the location: lat/lon or place_code",
                           "lat");
  }
  const bool community = spec.community;
  if (community) {
    // A service or wish is made in one's own community: staff within their scope, people where they live.
    const bool lives_there = who.scope.size() > 12 && IsWithin(who.scope, o.place_code.substr(0, 12));
    if (!IsWithin(o.place_code, who.scope) && !lives_there)
      return PermissionDenied("只能在本人所在的村(社区)或管辖范围内点单",
                              "order in your own community or inside your jurisdiction");
  } else if ((OrderVisibilityOf(who.role) == OrderVisibility::kScope || in.kind != order::Kind::kEvent) &&
             !IsWithin(o.place_code, who.scope)) {
    return PermissionDenied("事发地点不在您的管辖范围内", "the location is outside your jurisdiction");
  }

  // Channel and reporter.
  // Staff order a service or wish for someone (register: the person's name and phone are given); people
  // order for themselves (web).
  const bool staff_for_someone = community && !in.own_task &&
                                 (in.for_someone || HasPermission(who.role, Permission::kOrderHandle) ||
                                  HasPermission(who.role, Permission::kServiceManage));
  if (in.kind == order::Kind::kPetition)
    o.channel = in.channel;  // 来信、来访、网上、12345、领导信箱 (PetitionService checks it)
  else if (community)
    o.channel = staff_for_someone ? "register" : "web";
  else if (in.kind != order::Kind::kEvent)
    o.channel = "register";
  else if (in.channel == "open311")
    o.channel = "open311";
  else if (who.role == Role::kGridWorker)
    o.channel = "patrol";
  else if (who.role == Role::kHotlineOperator)
    o.channel = "hotline";
  else
    o.channel = "web";
  const bool on_behalf = o.channel == "hotline" || o.channel == "open311";
  // A service's staff stays its reporter (rates for them); an errand's reporter is who authorised it.
  o.reporter_user_id = on_behalf ? 0 : in.for_someone ? in.for_user : who.user_id;
  if (staff_for_someone) {
    ASSIGN_OR_RETURN(o.reporter_name, CleanText(in.reporter_name, "reporter_name", 30, false));
    ASSIGN_OR_RETURN(o.reporter_phone, CleanText(in.reporter_phone, "reporter_phone", 20, false));
    if (o.reporter_name.empty())
      return InvalidArgument("代为点单须填写服务对象姓名", "name the person the order is for",
                             "reporter_name");
    if (!o.reporter_phone.empty()) RETURN_IF_ERROR(ValidatePhone(o.reporter_phone));
  } else if (on_behalf) {
    ASSIGN_OR_RETURN(o.reporter_name, CleanText(in.reporter_name, "reporter_name", 30, false));
    ASSIGN_OR_RETURN(o.reporter_phone, CleanText(in.reporter_phone, "reporter_phone", 20, false));
    if (!o.reporter_phone.empty()) RETURN_IF_ERROR(ValidatePhone(o.reporter_phone));
    if (o.channel == "hotline" && o.reporter_phone.empty())
      return InvalidArgument("热线工单须登记来电号码以便回访",
                             "a hotline order needs the caller's phone for the call back", "reporter_phone");
  } else {
    o.reporter_name = who.display_name;
  }
  RETURN_IF_ERROR(EncryptReporter(*cipher_, &o));

  order::Input act;
  act.action = in.settle ? Action::kSettle : Action::kReport;
  act.attachments = in.attachments;
  if (in.settle) {
    ASSIGN_OR_RETURN(act.note, CleanText(in.note, "note", 2000, false, true));
    act.note = MaskIds(act.note);
    if (!c->micro)
      return InvalidArgument("该类事件不属于可就地办结的小事", "this category may not be settled on the spot",
                             "settle");
  }
  uint32_t rel = order::kRelNew;
  if (who.role == Role::kGridWorker && who.scope == o.place_code) rel |= order::kRelGridWorker;
  RETURN_IF_ERROR(order::Check(o, act, who.role, rel));

  const int64_t now = Now();
  // A community's own promise for a menu item (服务清单) replaces the category's handling limit.
  Category promised;
  if (in.handle_limit) {
    promised = *c;
    for (cal::Limit& l : promised.handle_limit) l = *in.handle_limit;
    c = &promised;
  }
  order::Env env{now, &cat->calendar, c, who.user_id};
  RETURN_IF_ERROR(order::Apply(o, act, env));
  json detail = {{"category", o.category}, {"channel", o.channel}, {"urgency", o.urgency}};
  Names names;
  Status st = db_->Write([&](storage::Tx& tx) -> Status {
    auto place = tx.places().Get(o.place_code);
    if (!place.ok() || place->retired)
      return InvalidArgument("地点 " + o.place_code + " 不存在或已撤销",
                             "place " + o.place_code + " does not exist", "place_code");
    names.places[o.place_code] = place->name;
    RETURN_IF_ERROR(CheckAttachments(tx, who, act.attachments));
    if (in.before) RETURN_IF_ERROR(in.before(tx, o));
    ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
    for (const std::string& sha : act.attachments) RETURN_IF_ERROR(tx.attachments().AddRef(sha, o.id));
    storage::OrderEvent e;
    e.order_id = o.id;
    e.at = now;
    e.action = std::string(order::ActionName(act.action));
    e.from_state = -1;
    e.to_state = static_cast<int>(o.state);
    e.user_id = who.user_id;
    e.user_name = who.display_name;
    e.role = std::string(RoleName(who.role));
    e.note = act.note;
    json data = EventData(act);
    if (!in.attributes_json.empty() && in.attributes_json != "{}")
      data["attributes"] = json::parse(in.attributes_json);
    e.data = data.dump();
    RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
    RETURN_IF_ERROR(
        Audit(tx, ctx, "order." + e.action, "order", std::to_string(o.id), o.place_code, detail.dump()));
    RollUp(tx, nullptr, o);
    if (in.also) RETURN_IF_ERROR(in.also(tx, o));
    if (o.kind != order::Kind::kEvent) return Status::Ok();  // webhooks carry events only
    return notify_->Enqueue(tx, "order." + e.action, o.place_code, EventPayload(o, e.action, now), now);
  });
  RETURN_IF_ERROR(st);
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return View(*tx, who, std::move(o), false, &names);
}

// ------------------------------------------------------------------ read

Result<OrderView> OrderService::Get(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrderRead));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  auto o = tx->orders().Get(id);
  if (!o.ok()) return o.status().code() == StatusCode::kNotFound ? RecordNotFound() : o.status();
  RETURN_IF_ERROR(KindFacts(*tx, &*o));
  ASSIGN_OR_RETURN(auto callins, tx->orders().Callins(id));
  if (!CanSee(ctx.who, *o, callins)) return RecordNotFound();
  return View(*tx, ctx.who, std::move(*o), true);
}

bool OrderService::MaySee(const Ctx& ctx, int64_t id) {
  auto tx = db_->Read();
  if (!tx.ok()) return false;
  auto o = (*tx)->orders().Get(id);
  if (!o.ok() || !KindFacts(**tx, &*o).ok()) return false;
  auto callins = (*tx)->orders().Callins(id);
  return callins.ok() && CanSee(ctx.who, *o, *callins);
}

Result<storage::Page<OrderView>> OrderService::List(const Ctx& ctx, const OrderFilter& f) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kOrderRead));
  storage::OrderQuery q;
  const OrderVisibility vis = OrderVisibilityOf(who.role);
  if (f.mine == "hall") {
    // 抢单大厅: the open service orders or wishes of the caller's community, for its providers.
    if (!order::SpecOf(f.kind).community)
      return InvalidArgument("抢单大厅只有服务工单和微心愿", "mine=hall lists service orders and wishes only",
                             "mine");
    if (!HasPermission(who.role, Permission::kServiceProvide) || who.scope.size() < 12)
      return PermissionDenied("抢单大厅只对本社区的党员和志愿者开放",
                              "the hall is for the providers of a community");
    q.scope = who.scope.substr(0, 12);
    q.state = State::kAccepted;
  } else if (f.mine == "lead") {
    // 领导包案: the orders the caller is the leader in charge of — they see them as leader, whatever the
    // kind's visibility and their scope.
    q.leader = who.user_id;
  } else if (f.mine == "handling") {
    q.handler = who.user_id;
  } else if (f.mine == "reported" || vis == OrderVisibility::kOwn) {
    q.reporter = who.user_id;
  } else if (vis == OrderVisibility::kDepartment) {
    if (!who.department_id) return PermissionDenied("您未归属任何部门", "you belong to no department");
    q.dept = who.department_id;
    if (f.mine == "todo")
      q.open_only = true;  // the department's 待办: its open orders
    else if (!f.mine.empty())
      return InvalidArgument("mine 只能是 reported、handling、todo 或 lead",
                             "mine must be reported, handling, todo or lead", "mine");
  } else if (f.mine == "todo") {
    // The caller's unit's work: its place (as assignee) — open orders under the caller's scope sorted by
    // deadline.
    ASSIGN_OR_RETURN(q.scope, Authz::ListScope(who, Permission::kOrderRead, f.scope));
    q.open_only = true;
  } else if (!f.mine.empty()) {
    return InvalidArgument("mine 只能是 reported、handling、todo 或 lead",
                           "mine must be reported, handling, todo or lead", "mine");
  } else {
    ASSIGN_OR_RETURN(q.scope, Authz::ListScope(who, Permission::kOrderRead, f.scope));
  }
  if (!f.state.empty() && f.mine != "hall") {
    auto s = order::StateFromName(f.state);
    if (!s) return InvalidArgument("未知的工单状态 " + f.state.substr(0, 20), "unknown state", "state");
    q.state = *s;
  }
  q.open_only = q.open_only || f.open_only;
  q.overdue_only = f.overdue_only;
  if (f.min_warn < 0 || f.min_warn > 2)
    return InvalidArgument("warn 只能是 0、1、2", "warn must be 0, 1 or 2", "warn");
  q.min_warn = f.min_warn;
  if (!f.category.empty()) {
    if (f.category.size() > 4 || f.category.find_first_not_of("0123456789") != std::string::npos)
      return InvalidArgument("事件分类编码应为 2 或 4 位数字", "category must be 2 or 4 digits", "category");
    q.category = f.category;
  }
  if (!f.from.empty()) {
    ASSIGN_OR_RETURN(int32_t d, cal::DayFromIso(f.from, "from"));
    q.received_from = cal::DayStart(d);
  }
  if (!f.to.empty()) {
    ASSIGN_OR_RETURN(int32_t d, cal::DayFromIso(f.to, "to"));
    q.received_to = cal::DayStart(d + 1);
  }
  RETURN_IF_ERROR(ReadCaseFilters(f, &q));
  q.sort = f.sort.empty() ? (q.open_only ? "deadline" : "newest") : f.sort;
  if (q.sort != "newest" && q.sort != "deadline")
    return InvalidArgument("sort 只能是 newest 或 deadline", "sort must be newest or deadline", "sort");
  if (q.sort == "deadline") q.open_only = true;
  q.page = f.page;
  q.kind = f.kind;
  if (!q.leader && f.mine != "hall") RestrictToVisible(who, &q);
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto page, tx->orders().List(q));
  storage::Page<OrderView> out;
  out.next = page.next;
  Names names;
  for (Order& o : page.items) {
    ASSIGN_OR_RETURN(OrderView v, View(*tx, who, std::move(o), false, &names));
    out.items.push_back(std::move(v));
  }
  return out;
}

// ------------------------------------------------------------------ transitions

Status OrderService::Transition(storage::Tx& tx, const Ctx& ctx, const Catalog& cat, Order& o,
                                const order::Input& in, int64_t now, OrderView* out) {
  const Principal& who = ctx.who;
  const bool system = who.user_id == 0 && who.username == "system";
  RETURN_IF_ERROR(KindFacts(tx, &o));
  ASSIGN_OR_RETURN(auto callins, tx.orders().Callins(o.id));
  if (!system && !CanSee(who, o, callins)) return RecordNotFound();
  const uint32_t rel = system ? order::kRelSystem : RelationsOf(who, o, callins);
  RETURN_IF_ERROR(order::Check(o, in, who.role, rel));
  const Category* c = cat.Find(o.category);
  if (!c) return FailedPrecondition("工单的事件分类已不存在", "the order's category no longer exists");
  RETURN_IF_ERROR(CheckAttachments(tx, who, in.attachments));

  // The action's own steps (order_actions.hpp: validate, record, apply, notify) around what every action
  // does.
  const ActionSteps& steps = StepsOf(in.action);
  ActionContext a{
      .tx = tx, .who = who, .catalog = cat, .category = *c, .in = in, .now = now, .o = o, .callins = callins};
  if (steps.validate) RETURN_IF_ERROR(steps.validate(a));

  const Order before = o;
  a.before = &before;
  order::Env env{now, &cat.calendar, c, who.user_id};
  RETURN_IF_ERROR(order::Apply(o, in, env));
  RETURN_IF_ERROR(tx.orders().Update(o));
  o.version++;
  for (const std::string& sha : in.attachments) RETURN_IF_ERROR(tx.attachments().AddRef(sha, o.id));

  storage::OrderEvent e;
  e.order_id = o.id;
  e.at = now;
  e.action = std::string(order::ActionName(in.action));
  e.from_state = static_cast<int>(before.state);
  e.to_state = static_cast<int>(o.state);
  e.user_id = who.user_id;
  e.user_name = who.display_name;
  e.role = system ? "system" : std::string(RoleName(who.role));
  e.reason = in.reason;
  e.note = in.note;
  json data = EventData(in);
  if (!a.warning.empty()) data["warning"] = a.warning;
  if (steps.record) steps.record(a, data);
  e.data = data.dump();
  RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
  json detail = {{"from", order::StateName(before.state)}, {"to", order::StateName(o.state)}};
  if (in.target_dept) detail["target_dept"] = *in.target_dept;
  if (!in.target_place.empty()) detail["target_place"] = in.target_place;
  if (in.rating) detail["rating"] = in.rating;
  RETURN_IF_ERROR(
      Audit(tx, ctx, "order." + e.action, "order", std::to_string(o.id), o.place_code, detail.dump()));
  RollUp(tx, &before, o);

  if (steps.apply) RETURN_IF_ERROR(steps.apply(a));
  if (steps.notify) RETURN_IF_ERROR(steps.notify(a));
  RETURN_IF_ERROR(
      notify_->Enqueue(tx, "order." + e.action, o.place_code, EventPayload(o, e.action, now), now));
  if (out) out->warning = a.warning;
  return Status::Ok();
}

Result<OrderView> OrderService::Act(const Ctx& ctx, int64_t id, const order::Input& raw) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrderRead));
  if (raw.action == Action::kReport || raw.action == Action::kSettle)
    return InvalidArgument("上报请使用新建工单接口", "create orders with POST /orders", "action");
  order::Input in = raw;
  ASSIGN_OR_RETURN(in.reason, CleanText(in.reason, "reason", 500, false, true));
  ASSIGN_OR_RETURN(in.note, CleanText(in.note, "note", 2000, false, true));
  in.reason = MaskIds(in.reason);
  in.note = MaskIds(in.note);
  if (!in.target_place.empty() && !ParseCode(in.target_place).ok())
    return InvalidArgument("承办单位编码无效", "target_place is not a valid code", "target_place");
  ASSIGN_OR_RETURN(auto cat, catalog_->Get());
  const int64_t now = Now();
  Order o;
  OrderView result;
  Status st = db_->Write([&](storage::Tx& tx) -> Status {
    auto got = tx.orders().Get(id);
    if (!got.ok()) return got.status().code() == StatusCode::kNotFound ? RecordNotFound() : got.status();
    o = std::move(*got);
    return Transition(tx, ctx, *cat, o, in, now, &result);
  });
  RETURN_IF_ERROR(st);
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  std::string warning = result.warning;
  ASSIGN_OR_RETURN(result, View(*tx, ctx.who, std::move(o), true));
  result.warning = warning;
  return result;
}

// ------------------------------------------------------------------ public

namespace {
void MaskPublic(OrderView& v) {
  v.masked_public = true;
  v.contact_visible = false;
  v.track_code.clear();
  v.o.track_key.clear();
  v.o.reporter_name.clear();
  v.o.reporter_phone.clear();
  v.o.reporter_user_id = 0;
  v.o.handler_user_id.reset();
  if (order::SpecOf(v.o.kind).community) v.o.address.clear();  // a service is at someone's home
  v.o.title = ScrubPersonalData(v.o.title);
  v.o.description = ScrubPersonalData(v.o.description);
  v.o.address = ScrubPersonalData(v.o.address);
  v.actions.clear();
  v.events.clear();
  v.callins.clear();
  v.duplicates.clear();
}
}  // namespace

Result<OrderView> OrderService::Track(const std::string& track_code) {
  const Status unknown =
      NotFound("查询码不存在或不完整（请输入报事时得到的完整查询码，含“-”后的部分）",
               "no order with this tracking code (give the whole code you got when reporting, "
               "with the part after the '-')");
  const std::string code = Trim(track_code);
  const size_t dash = code.find('-');
  if (dash == std::string::npos) return unknown;
  auto id = ParseTrackingNo(std::string_view(code).substr(0, dash));
  if (!id) return unknown;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  auto o = tx->orders().Get(*id);
  if (!o.ok()) return o.status().code() == StatusCode::kNotFound ? unknown : o.status();
  // The key is compared in constant time; every failure reads the same, and class 10 is never public.
  // Only events are public: a dispute case is never followed without signing in.
  if (o->track_key.empty() || !ConstantTimeEquals(TrackCode(*o), code) || IsSensitiveCategory(o->category) ||
      o->kind != order::Kind::kEvent)
    return unknown;
  Principal nobody;
  ASSIGN_OR_RETURN(OrderView v, View(*tx, nobody, std::move(*o), true));
  // Keep the public steps of the timeline (what and when, not who or why).
  std::vector<storage::OrderEvent> steps;
  for (auto& e : v.events) {
    storage::OrderEvent s;
    s.at = e.at;
    s.action = e.action;
    s.from_state = e.from_state;
    s.to_state = e.to_state;
    if (e.action != "alarm") steps.push_back(std::move(s));
  }
  MaskPublic(v);
  v.events = std::move(steps);
  return v;
}

Result<storage::Page<OrderView>> OrderService::Board(const std::string& scope,
                                                     const storage::PageRequest& page, order::Kind kind) {
  storage::OrderQuery q;
  q.kind = kind;
  if (!scope.empty()) {
    if (!ParseCode(scope).ok()) return InvalidArgument("地点编码无效", "place is not a valid code", "place");
    q.scope = scope;
  }
  q.state = State::kClosed;
  q.sort = "closed";
  q.page = page;
  return PublicList(q);
}

Result<storage::Page<OrderView>> OrderService::PublicList(storage::OrderQuery q) {
  // Class 10 特殊人群 is never public, with no exception; nor is any kind but events and the service kinds
  // (服务工单 and 微心愿 on the 晒单 board).
  // 红色代办 are a household's own matters: never public.
  if (!q.kind || !order::SpecOf(*q.kind).community || order::SpecOf(*q.kind).holds_documents)
    q.kind = order::Kind::kEvent;
  q.hide_class = std::string(kSensitiveCategoryClass);
  q.hide_except_reporter = 0;
  q.hide_except_place.clear();
  q.hide_except_dept = 0;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto page, tx->orders().List(q));
  storage::Page<OrderView> out;
  out.next = page.next;
  Principal nobody;
  Names names;
  for (Order& o : page.items) {
    ASSIGN_OR_RETURN(OrderView v, View(*tx, nobody, std::move(o), false, &names));
    MaskPublic(v);
    out.items.push_back(std::move(v));
  }
  return out;
}

Result<OrderView> OrderService::PublicGet(int64_t id) {
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  auto o = tx->orders().Get(id);
  if (!o.ok()) return o.status();
  // Never public, and not said to exist: class 10 and every kind but events.
  if (IsSensitiveCategory(o->category) || o->kind != order::Kind::kEvent) return RecordNotFound();
  Principal nobody;
  ASSIGN_OR_RETURN(OrderView v, View(*tx, nobody, std::move(*o), false));
  MaskPublic(v);
  return v;
}

Status OrderService::SetOpen311Token(int64_t order_id, const std::string& token) {
  return db_->Write([&](storage::Tx& tx) { return tx.orders().SetToken(order_id, token); });
}

Result<std::optional<int64_t>> OrderService::FindByToken(const std::string& token) {
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->orders().FindByToken(token);
}

// ------------------------------------------------------------------ scheduler

Result<int> OrderService::RunDue(int64_t now, int64_t* next) {
  ASSIGN_OR_RETURN(auto cat, catalog_->Get());
  std::vector<int64_t> due_ids;
  std::vector<storage::OrderCallin> late_callins;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(auto due, tx->orders().DueAlarms(now, 500));
    for (const Order& o : due) due_ids.push_back(o.id);
    ASSIGN_OR_RETURN(late_callins, tx->orders().DueCallins(now, 500));
  }
  Ctx ctx;
  ctx.who = SystemPrincipal();
  ctx.request_id = "scheduler";
  int changed = 0;
  for (int64_t id : due_ids) {
    Status st = db_->Write([&](storage::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(Order o, tx.orders().Get(id));
      if (o.alarm_at == 0 || o.alarm_at > now) return Status::Ok();  // changed meanwhile
      order::Input in;
      // Waiting for its rating (checked events, finished services and wishes): archived unrated.
      in.action = o.state == order::RatingState(o.kind) ? Action::kAutoClose : Action::kAlarm;
      if (in.action == Action::kAlarm && !order::IsOpen(o.state)) {
        o.alarm_at = 0;  // stale alarm on a closed order
        RETURN_IF_ERROR(tx.orders().Update(o));
        return Status::Ok();
      }
      return Transition(tx, ctx, *cat, o, in, now, nullptr);
    });
    if (st.ok()) {
      ++changed;
    } else {
      // An alarm that cannot fire (e.g. its category was removed) must not come back every tick and starve
      // the others: clear it and say so.
      spdlog::warn("scheduler: alarm of order {} failed: {}; cleared", id, st.en());
      (void)db_->Write([&](storage::Tx& tx) -> Status {
        ASSIGN_OR_RETURN(Order o, tx.orders().Get(id));
        o.alarm_at = 0;
        return tx.orders().Update(o);
      });
    }
  }
  for (storage::OrderCallin ci : late_callins) {
    Status st = db_->Write([&](storage::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(Order o, tx.orders().Get(ci.order_id));
      ci.overdue_notified = true;
      RETURN_IF_ERROR(tx.orders().UpdateCallin(ci));
      ASSIGN_OR_RETURN(auto ids, DepartmentUsers(tx, ci.dept_id));
      ASSIGN_OR_RETURN(auto cmd, CommandUsers(tx, o));
      ids.insert(ids.end(), cmd.begin(), cmd.end());
      RETURN_IF_ERROR(NotifyService::Notify(tx, ids, 0, "callin_overdue", o.id, "吹哨部门超时未报到",
                                            NotificationText(o), now));
      storage::OrderEvent e;
      e.order_id = o.id;
      e.at = now;
      e.action = "callin_overdue";
      e.from_state = e.to_state = static_cast<int>(o.state);
      e.role = "system";
      e.user_name = "系统";
      e.data = json{{"dept", ci.dept_id}}.dump();
      return tx.orders().AppendEvent(&e);
    });
    if (st.ok()) ++changed;
  }
  if (next) {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(auto a, tx->orders().NextAlarm());
    ASSIGN_OR_RETURN(auto b, tx->orders().NextCallinDue());
    int64_t n = 0;
    if (a) n = *a;
    if (b && (n == 0 || *b < n)) n = *b;
    *next = n;
  }
  return changed;
}

}  // namespace wangge::service
