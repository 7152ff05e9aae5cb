#include "http/order_json.hpp"

#include "core/calendar.hpp"

namespace wangge::http {

json TimeJson(int64_t t) { return t == 0 ? json() : json(cal::IsoLocal(t)); }

namespace {
json OptId(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }
const char* kWarn[] = {"normal", "yellow", "red"};
}  // namespace

json OrderEventJson(const storage::OrderEvent& e, bool masked) {
  json j{{"at", TimeJson(e.at)},
         {"action", e.action},
         {"from_state", e.from_state < 0 ? json() : json(order::StateName(static_cast<order::State>(e.from_state)))},
         {"to_state", order::StateName(static_cast<order::State>(e.to_state))}};
  if (auto a = order::ActionFromName(e.action)) j["action_zh"] = order::ActionNameZh(*a);
  if (!masked) {
    j["id"] = e.id;
    j["user_id"] = e.user_id;
    j["user_name"] = e.user_name;
    j["role"] = e.role;
    j["reason"] = e.reason;
    j["note"] = e.note;
    j["data"] = json::parse(e.data.empty() ? "{}" : e.data, nullptr, false);
  }
  return j;
}

json OrderJson(const service::OrderView& v, bool detail) {
  const order::Order& o = v.o;
  json j{{"id", o.id},
         {"tracking_no", v.tracking_no},
         {"kind", order::KindName(o.kind)},
         {"state", order::StateName(o.state)},
         {"state_zh", order::StateNameZh(o.state)},
         {"category", o.category},
         {"category_name", v.category_name},
         {"urgency", o.urgency},
         {"channel", o.channel},
         {"title", o.title},
         {"description", o.description},
         {"address", o.address},
         {"lat", o.lat ? json(*o.lat) : json()},
         {"lon", o.lon ? json(*o.lon) : json()},
         {"place_code", o.place_code},
         {"place_name", v.place_name},
         {"received_at", TimeJson(o.received_at)},
         {"accept_due", TimeJson(o.accept_due)},
         {"handle_due", TimeJson(o.handle_due)},
         {"deadline", TimeJson(order::CurrentDeadline(o))},
         {"warn", kWarn[std::clamp(o.warn, 0, 2)]},
         {"finished_at", TimeJson(o.finished_at)},
         {"closed_at", TimeJson(o.closed_at)},
         {"rating", o.rating == 0 ? json() : json(o.rating)},
         {"tier", o.tier.empty() ? json() : json(o.tier)}};
  if (v.masked_public) return j;
  j["command_place"] = o.command_place;
  j["assignee_dept"] = OptId(o.assignee_dept);
  j["assignee_dept_name"] = v.assignee_dept_name;
  j["assignee_place"] = o.assignee_place.empty() ? json() : json(o.assignee_place);
  j["assignee_place_name"] = v.assignee_place_name;
  j["handler_user_id"] = OptId(o.handler_user_id);
  j["reporter_user_id"] = o.reporter_user_id == 0 ? json() : json(o.reporter_user_id);
  j["reporter_name"] = v.contact_visible ? o.reporter_name : o.reporter_name_masked;
  j["reporter_phone"] = v.contact_visible ? o.reporter_phone : o.reporter_phone_masked;
  j["accepted_at"] = TimeJson(o.accepted_at);
  j["verified_at"] = TimeJson(o.verified_at);
  j["accept_late"] = o.accept_late;
  j["handle_late"] = o.handle_late;
  j["extension_pending_days"] = o.ext_pending_days;
  j["extensions"] = o.extensions;
  j["return_count"] = o.return_count;
  j["reopen_count"] = o.reopen_count;
  j["escalate_count"] = o.escalate_count;
  j["supervise_count"] = o.supervise_count;
  j["supervise_level"] = o.supervise_level;
  j["merged_into"] = OptId(o.merged_into);
  j["version"] = o.version;
  json actions = json::array();
  for (order::Action a : v.actions) actions.push_back(order::ActionName(a));
  j["actions"] = actions;
  if (!v.warning.empty()) j["warning"] = v.warning;
  if (detail) {
    json ev = json::array();
    for (const auto& e : v.events) ev.push_back(OrderEventJson(e, false));
    j["events"] = ev;
    json ci = json::array();
    for (const auto& c : v.callins)
      ci.push_back({{"dept_id", c.dept_id}, {"called_at", TimeJson(c.called_at)}, {"due_at", TimeJson(c.due_at)},
                    {"acked_at", TimeJson(c.acked_at)}, {"late", c.acked_at == 0 ? c.overdue_notified : c.acked_at > c.due_at}});
    j["callins"] = ci;
    json dup = json::array();
    for (const auto& d : v.duplicates)
      dup.push_back({{"id", d.id}, {"tracking_no", d.tracking_no}, {"title", d.title},
                     {"state", order::StateName(d.state)}, {"received_at", TimeJson(d.received_at)},
                     {"distance_m", static_cast<int64_t>(d.distance_m)}});
    j["duplicates"] = dup;
    j["suggested_level"] = v.suggested_level.empty() ? json() : json(v.suggested_level);
    j["suggested_dept"] = OptId(v.suggested_dept);
  }
  return j;
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
  return {{"id", n.id},       {"at", TimeJson(n.at)},   {"kind", n.kind},
          {"order_id", n.order_id == 0 ? json() : json(n.order_id)}, {"title", n.title}, {"body", n.body},
          {"read", n.read_at != 0}};
}

json WebhookJson(const storage::Webhook& w) {
  return {{"id", w.id},         {"url", w.url},         {"secret", w.secret}, {"events", w.events},
          {"scope", w.scope},   {"active", w.active},   {"created_at", w.created_at}, {"version", w.version}};
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
  return {{"kind", order::KindName(r.kind)}, {"action", order::ActionName(r.action)},
          {"action_zh", order::ActionNameZh(r.action)}, {"from", from}, {"to", to}};
}

}  // namespace wangge::http
