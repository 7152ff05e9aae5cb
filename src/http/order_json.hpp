// JSON mapping of the event loop: orders with their timeline, indicators, categories, notifications.
#pragma once

#include <nlohmann/json.hpp>

#include "http/json_writer.hpp"
#include "service/dispute_service.hpp"
#include "service/order_service.hpp"

namespace wangge::http {

using json = nlohmann::json;

// An order as JSON: written straight to text (the hot path: lists, a new order, the detail) or as a DOM
// for the few callers that add to it.
void WriteOrder(JsonWriter& w, const service::OrderView& v, bool detail);
std::string OrderJsonText(const service::OrderView& v, bool detail);
json OrderJson(const service::OrderView& v, bool detail);
// A page of orders in list form (no detail): {"items": [...], "next": cursor or null}.
std::string OrderPageJsonText(const storage::Page<service::OrderView>& page);
json OrderEventJson(const storage::OrderEvent& e, bool masked);
json MetricsJson(const order::Metrics& m, const order::Rates& r);
json IndicatorJson(const service::IndicatorReport& r);
json CategoryJson(const Category& c);
json NotificationJson(const storage::Notification& n);
json WebhookJson(const storage::Webhook& w);
json DeliveryJson(const storage::WebhookDelivery& d);
json RuleJson(const order::Rule& r);
// A party of a case or a petitioner: masked unless the view is in clear.
json PartyJson(const service::PartyView& v);
// "2026-11-22T09:30:00+08:00", or null for 0.
json TimeJson(int64_t unix_seconds);

}  // namespace wangge::http
