#include "http/order_json.hpp"

#include "core/calendar.hpp"
#include "core/category.hpp"
#include "core/citizen_id.hpp"
#include "core/dispute.hpp"
#include "core/duty.hpp"
#include "storage/notifications_repo.hpp"
#include "storage/webhooks_repo.hpp"

namespace wangge::http {

json TimeJson(int64_t t) { return t == 0 ? json() : json(cal::IsoLocal(t)); }

namespace {
const char* kWarn[] = {"normal", "yellow", "red"};

void Time(JsonWriter& w, std::string_view key, int64_t t) {
  w.Key(key);
  if (t == 0)
    w.Null();
  else
    w.Str(cal::IsoLocal(t));
}

std::string_view StateOrEmpty(int s) { return order::StateName(static_cast<order::State>(s)); }

// `kind`: the order's, for the action's label (a dispute's progress is 调解).
void WriteEvent(JsonWriter& w, const storage::OrderEvent& e, bool masked,
                order::Kind kind = order::Kind::kEvent) {
  w.BeginObject();
  Time(w, "at", e.at);
  w.Field("action", e.action);
  w.Key("from_state");
  if (e.from_state < 0)
    w.Null();
  else
    w.Str(StateOrEmpty(e.from_state));
  w.Field("to_state", StateOrEmpty(e.to_state));
  if (auto a = order::ActionFromName(e.action)) w.Field("action_zh", order::ActionLabelZh(kind, *a));
  if (!masked) {
    w.Field("id", e.id).Field("user_id", e.user_id).Field("user_name", e.user_name).Field("role", e.role);
    w.Field("reason", e.reason).Field("note", e.note);
    json data = json::parse(e.data.empty() ? "{}" : e.data, nullptr, false);
    w.Key("data").Json(data.is_discarded() ? json::object() : data);
  }
  w.EndObject();
}
}  // namespace

json OrderEventJson(const storage::OrderEvent& e, bool masked) {
  JsonWriter w;
  WriteEvent(w, e, masked);
  return json::parse(w.str());
}

void WriteOrder(JsonWriter& w, const service::OrderView& v, bool detail) {
  const order::Order& o = v.o;
  w.BeginObject();
  w.Field("id", o.id).Field("tracking_no", v.tracking_no);
  if (!v.track_code.empty()) w.Field("track_code", v.track_code);
  w.Field("kind", order::KindName(o.kind));
  w.Field("state", order::StateName(o.state)).Field("state_zh", order::StateLabelZh(o.kind, o.state));
  w.Field("category", o.category).Field("category_name", v.category_name).Field("urgency", o.urgency);
  w.Field("channel", o.channel).Field("title", o.title).Field("description", o.description);
  w.Field("address", o.address).FieldOrNull("lat", o.lat).FieldOrNull("lon", o.lon);
  w.Field("place_code", o.place_code).Field("place_name", v.place_name);
  Time(w, "received_at", o.received_at);
  Time(w, "accept_due", o.accept_due);
  Time(w, "handle_due", o.handle_due);
  Time(w, "deadline", order::CurrentDeadline(o));
  w.Field("warn", kWarn[std::clamp(o.warn, 0, 2)]);
  Time(w, "finished_at", o.finished_at);
  Time(w, "closed_at", o.closed_at);
  w.FieldOrNull("rating", o.rating == 0 ? std::nullopt : std::optional<int64_t>(o.rating));
  w.TextOrNull("tier", o.tier);
  if (order::SpecOf(o.kind)
          .community) {  // 服务工单, 微心愿: the time served and who served (晒单 masks them)
    w.FieldOrNull("hours", o.service_minutes > 0 ? std::optional<double>(o.service_minutes / 60.0)
                                                 : std::optional<double>());
    w.Field("handler_name", v.masked_public ? MaskName(v.handler_name) : v.handler_name);
  }
  if (v.masked_public) {
    w.EndObject();
    return;
  }
  w.Field("command_place", o.command_place).Field("command_place_name", v.command_place_name);
  if (o.kind == order::Kind::kDispute) {  // a case's fields, in lists too
    w.Field("risk", o.risk).Field("outcome", order::OutcomeName(o.outcome));
    w.Field("outcome_zh", order::OutcomeNameZh(o.outcome)).Field("route", o.route);
    w.Field("route_zh", order::RouteNameZh(o.route)).Field("route_ref", o.route_ref);
    w.Field("followups", o.followups);
  }
  if (o.kind == order::Kind::kPetition) {  // a petition's facts, in lists too
    w.FieldOrNull("repeat_of", o.repeat_of).Field("repeat", o.repeat_of.has_value());
    w.Field("skip_level", o.skip_level).Field("superior", o.superior);
    Time(w, "superior_due", o.superior_due);
    Time(w, "review_until", v.review_until);
  }
  if (v.task) {  // 部门交办: what it cites and who sent it, in lists too
    const auto type = duty::TaskTypeFromName(v.task->type);
    const auto section = duty::SectionFromName(v.task->section);
    w.Key("task").BeginObject();
    w.Field("dept_id", v.task->dept_id).Field("dept_name", v.issuer_dept_name);
    w.Field("item_id", v.task->item_id).Field("item_seq", static_cast<int64_t>(v.task->item_seq));
    w.Field("item_title", v.task->item_title).Field("section", v.task->section);
    w.Field("section_zh", section ? duty::SectionNameZh(*section) : std::string_view());
    w.Field("list_version", static_cast<int64_t>(v.task->list_version)).Field("type", v.task->type);
    w.Field("type_zh", type ? duty::TaskTypeNameZh(*type) : std::string_view());
    w.EndObject();
  }
  if (!detail && o.kind != order::Kind::kEvent) {  // a case's people, masked, in lists
    w.Key("people").BeginArray();
    for (const std::string& name : v.people) w.Str(name);
    w.EndArray();
  }
  w.FieldOrNull("leader_user_id", o.leader_user_id);  // 领导包案 (any kind)
  w.FieldOrNull("linked_order", o.linked_order);      // an event and the dispute case it became, both ways
  w.FieldOrNull("assignee_dept", o.assignee_dept);
  w.Field("assignee_dept_name", v.assignee_dept_name).TextOrNull("assignee_place", o.assignee_place);
  w.Field("assignee_place_name", v.assignee_place_name).FieldOrNull("handler_user_id", o.handler_user_id);
  w.FieldOrNull("reporter_user_id",
                o.reporter_user_id == 0 ? std::nullopt : std::optional<int64_t>(o.reporter_user_id));
  w.Field("reporter_name", v.contact_visible ? o.reporter_name : o.reporter_name_masked);
  w.Field("reporter_phone", v.contact_visible ? o.reporter_phone : o.reporter_phone_masked);
  Time(w, "accepted_at", o.accepted_at);
  Time(w, "verified_at", o.verified_at);
  w.Field("accept_late", o.accept_late).Field("handle_late", o.handle_late);
  w.Field("extension_pending_days", o.ext_pending_days).Field("extensions", o.extensions);
  w.Field("return_count", o.return_count).Field("reopen_count", o.reopen_count);
  w.Field("escalate_count", o.escalate_count).Field("supervise_count", o.supervise_count);
  w.Field("supervise_level", o.supervise_level).FieldOrNull("merged_into", o.merged_into);
  w.Field("version", o.version);
  w.Key("actions").BeginArray();
  for (order::Action a : v.actions) w.Str(order::ActionName(a));
  w.EndArray();
  if (!v.warning.empty()) w.Field("warning", v.warning);
  if (detail) {
    // Per action: its label for this kind of order (a dispute's progress is 调解) and the fields its input
    // needs.
    w.Key("action_labels").BeginObject();
    for (order::Action a : v.actions) w.Field(order::ActionName(a), order::ActionLabelZh(o.kind, a));
    w.EndObject();
    w.Key("action_needs").BeginObject();
    for (order::Action a : v.actions) {
      w.Key(order::ActionName(a)).BeginArray();
      if (const order::Rule* r = order::FindRule(o.kind, a))
        for (std::string_view f : order::NeedFields(r->needs, o.kind)) w.Str(f);
      w.EndArray();
    }
    w.EndObject();
    w.Key("action_options").BeginObject();  // the fields an action may carry besides (a 办理's visit)
    for (order::Action a : v.actions) {
      const order::Rule* r = order::FindRule(o.kind, a);
      if (!r || order::OptionalFields(r->needs).empty()) continue;
      w.Key(order::ActionName(a)).BeginArray();
      for (std::string_view f : order::OptionalFields(r->needs)) w.Str(f);
      w.EndArray();
    }
    w.EndObject();
    w.Key("events").BeginArray();
    for (const auto& e : v.events) WriteEvent(w, e, false, o.kind);
    w.EndArray();
    w.Key("callins").BeginArray();
    for (const auto& c : v.callins) {
      w.BeginObject().Field("dept_id", c.dept_id);
      Time(w, "called_at", c.called_at);
      Time(w, "due_at", c.due_at);
      Time(w, "acked_at", c.acked_at);
      w.Field("late", c.acked_at == 0 ? c.overdue_notified != 0 : c.acked_at > c.due_at).EndObject();
    }
    w.EndArray();
    w.Key("duplicates").BeginArray();
    for (const auto& d : v.duplicates) {
      w.BeginObject().Field("id", d.id).Field("tracking_no", d.tracking_no).Field("title", d.title);
      w.Field("state", order::StateName(d.state));
      Time(w, "received_at", d.received_at);
      w.Field("distance_m", static_cast<int64_t>(d.distance_m)).EndObject();
    }
    w.EndArray();
    w.TextOrNull("suggested_level", v.suggested_level).FieldOrNull("suggested_dept", v.suggested_dept);
  }
  w.EndObject();
}

std::string OrderJsonText(const service::OrderView& v, bool detail) {
  JsonWriter w;
  WriteOrder(w, v, detail);
  return w.Take();
}

json OrderJson(const service::OrderView& v, bool detail) { return json::parse(OrderJsonText(v, detail)); }

std::string OrderPageJsonText(const storage::Page<service::OrderView>& page) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& v : page.items) WriteOrder(w, v, false);
  w.EndArray().TextOrNull("next", page.next).EndObject();
  return w.Take();
}

json MetricsJson(const order::Metrics& m, const order::Rates& r) {
  json counts = json::object();
  for (int i = 0; i < order::kMetricCount; ++i) counts[std::string(order::MetricName(i))] = m[i];
  auto pct = [](double x) { return std::round(x * 10000.0) / 100.0; };  // percent with 2 decimals
  return {{"counts", counts},
          {"rates",
           {{"response", pct(r.response)},
            {"resolution", pct(r.resolution)},
            {"satisfaction", pct(r.satisfaction)},
            {"on_time", pct(r.on_time)},
            {"reopen", pct(r.reopen)},
            {"return", pct(r.return_rate)},
            {"avg_handle_hours", std::round(r.avg_handle_hours * 10.0) / 10.0},
            {"settle", pct(r.settle)},
            {"mediation_success", pct(r.mediation_success)},
            {"followup", pct(r.followup)},
            {"repeat", pct(r.repeat)},
            {"skip_level", pct(r.skip_level)},
            {"lead", pct(r.lead)},
            {"tier",
             {{"grid", pct(r.tier_share[0])},
              {"village", pct(r.tier_share[1])},
              {"township", pct(r.tier_share[2])},
              {"county", pct(r.tier_share[3])},
              {"department", pct(r.tier_share[4])}}}}}};
}

json IndicatorJson(const service::IndicatorReport& r) {
  json j = MetricsJson(r.total, r.rates);
  j["subject"] = r.subject;
  j["name"] = r.name;
  j["from"] = r.from;
  j["to"] = r.to;
  if (!r.group_by.empty()) {
    j["group_by"] = r.group_by;
    json g = json::array();
    for (const auto& row : r.groups) {
      json x = MetricsJson(row.m, row.r);
      x["key"] = row.key;
      x["name"] = row.name;
      g.push_back(std::move(x));
    }
    j["groups"] = g;
  }
  return j;
}

json CategoryJson(const Category& c) {
  return {{"code", c.code},
          {"parent", c.parent.empty() ? json() : json(c.parent)},
          {"name_zh", c.name_zh},
          {"name_en", c.name_en},
          {"default_urgency", c.default_urgency},
          {"accept_limit", cal::FormatLimit(c.accept_limit)},
          {"handle_normal", cal::FormatLimit(c.handle_limit[0])},
          {"handle_urgent", cal::FormatLimit(c.handle_limit[1])},
          {"handle_critical", cal::FormatLimit(c.handle_limit[2])},
          {"handling_level", c.handling_level},
          {"default_department", c.default_department},
          {"micro", c.micro},
          {"attributes", json::parse(c.attributes_json.empty() ? "[]" : c.attributes_json, nullptr, false)},
          {"active", c.active},
          {"version", c.version}};
}

json NotificationJson(const storage::Notification& n) {
  return {{"id", n.id},
          {"at", TimeJson(n.at)},
          {"kind", n.kind},
          {"order_id", n.order_id == 0 ? json() : json(n.order_id)},
          {"title", n.title},
          {"body", n.body},
          {"read", n.read_at != 0}};
}

json WebhookJson(const storage::Webhook& w) {
  return {{"id", w.id},       {"url", w.url},       {"secret", w.secret},         {"events", w.events},
          {"scope", w.scope}, {"active", w.active}, {"created_at", w.created_at}, {"version", w.version}};
}

json DeliveryJson(const storage::WebhookDelivery& d) {
  return {{"id", d.id},
          {"webhook_id", d.webhook_id},
          {"event", d.event},
          {"attempts", d.attempts},
          {"status", d.status},
          {"next_at", TimeJson(d.status == "pending" ? d.next_at : 0)},
          {"last_status", d.last_status == 0 ? json() : json(d.last_status)},
          {"last_error", d.last_error},
          {"created_at", TimeJson(d.created_at)},
          {"delivered_at", TimeJson(d.delivered_at)}};
}

json RuleJson(const order::Rule& r) {
  json from = json::array(), to = json::array();
  for (int i = 0; i < order::kStateCount; ++i) {
    if (r.from & (1u << i)) from.push_back(order::StateName(static_cast<order::State>(i)));
    if (r.to & (1u << i)) to.push_back(order::StateName(static_cast<order::State>(i)));
  }
  return {{"kind", order::KindName(r.kind)},
          {"action", order::ActionName(r.action)},
          {"action_zh", order::ActionNameZh(r.action)},
          {"from", from},
          {"to", to}};
}

json PartyJson(const service::PartyView& v) {
  const dispute::Party& p = v.p;
  return {{"id", p.id},
          {"role", p.role},
          {"role_zh", dispute::PartyRoleZh(p.role)},
          {"person_id", p.person_id ? json(*p.person_id) : json(nullptr)},
          {"name", v.clear ? p.name : p.name_masked},
          {"citizen_id", v.clear ? p.citizen_id : p.cid_masked},
          {"phone", v.clear ? p.phone : p.phone_masked},
          {"address", p.address},
          {"masked", !v.clear}};
}

}  // namespace wangge::http
