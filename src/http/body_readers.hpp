// The readers that turn a decoded request body (ParseJsonBody) into the input of a service call. They are
// defined in the routes_*.cpp file of their area, next to the routes that use them, and declared here so
// that they can be driven without a server (the fuzz targets in tests/fuzz/).
//
// Contract shared by all of them: never throw, whatever the JSON; a field of the wrong type, a string over
// 64 KiB, an integer out of range or a list too long is kInvalidArgument naming the field. The JsonIn
// variants leave the unknown-key check to the caller's JsonIn::Finish(); the json variants run it
// themselves. They check shape only: what the values mean (codes, ID numbers, limits) is the services' job.
#pragma once

#include "core/entities.hpp"
#include "core/order.hpp"
#include "http/json_io.hpp"
#include "service/order_service.hpp"

namespace wangge::http {

// routes_people.cpp: the settable fields of buildings, households and people (ReadPerson also reads
// "tags", see ReadTags).
Status ReadBuilding(JsonIn& in, Building* b);
Status ReadHousehold(JsonIn& in, Household* h);
Status ReadPerson(JsonIn& in, Person* p);

// routes_places.cpp: name, kind, leader_person_id and boundary (a GeoJSON object, kept as text; null
// clears it; any other type is kInvalidArgument). Returns OK even when `in` has failed: check
// in.status() or in.Finish().
Status ReadPlaceFields(JsonIn& in, Place* p);

// routes_admin.cpp: the settable fields of users, 两新组织 and party organisations.
Status ReadUserFields(JsonIn& in, User* u);
Status ReadOrg(JsonIn& in, Organization* o);
Status ReadPartyOrg(JsonIn& in, PartyOrg* o);

// routes_orders.cpp: POST /orders (urgency 0-3, category and description required) and an order action
// (rating and strength 0-3, days 0-365).
Result<service::ReportInput> ReadReport(const json& body);
Result<order::Input> ReadAction(order::Action action, const json& body);

// routes_catalogue.cpp: a category (creating: code and the names and limits required; otherwise version
// required; limits parsed by cal::ParseLimit).
Status ReadCategory(const json& body, Category* c, bool creating);

}  // namespace wangge::http
