// The filters every order list route reads (events, dispute cases, petitions): the page, open, overdue,
// scope, state, category, sort, the received date range and the case filters (risk, outcome, route,
// channel, repeat, skip_level, led), with their OpenAPI parameters. A route adds its own (the event list's
// warn and mine; the petitions' mine=lead).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "http/router.hpp"
#include "service/order_service.hpp"

namespace wangge::http {

inline Result<service::OrderFilter> ReadOrderFilter(Call& c) {
  service::OrderFilter f;
  auto page = c.Page();
  auto open = c.QueryBool("open", false);
  auto overdue = c.QueryBool("overdue", false);
  auto repeat = c.QueryBool("repeat", false);
  auto skip_level = c.QueryBool("skip_level", false);
  auto led = c.QueryBool("led", false);
  for (const Status& s :
       {page.status(), open.status(), overdue.status(), repeat.status(), skip_level.status(), led.status()})
    if (!s.ok()) return s;
  f.page = *page;
  f.open_only = *open;
  f.overdue_only = *overdue;
  f.repeat = *repeat;
  f.skip_level = *skip_level;
  f.led = *led;
  f.scope = c.Query("scope");
  f.state = c.Query("state");
  f.category = c.Query("category");
  f.sort = c.Query("sort");
  f.from = c.Query("from");
  f.to = c.Query("to");
  f.risk = c.Query("risk");
  f.outcome = c.Query("outcome");
  f.route = c.Query("route");
  f.channel = c.Query("channel");
  return f;
}

// The parameters ReadOrderFilter reads, for the route's OpenAPI entry; `extra` (the route's own) go before
// the paging ones. `noun` names what is listed ("orders", "cases", "petitions"); `category` describes the
// category filter of the kind.
inline std::vector<QueryParam> OrderFilterParams(const std::string& noun, const std::string& category,
                                                 std::vector<QueryParam> extra = {}) {
  std::vector<QueryParam> p = {
      {"scope", "string", "place code prefix"},
      {"state", "string", "state name"},
      {"open", "boolean", "open " + noun + " only"},
      {"overdue", "boolean", "overdue (red) only"},
      {"category", "string", category},
      {"sort", "string", "newest | deadline"},
      {"from", "string", "received from YYYY-MM-DD"},
      {"to", "string", "received to YYYY-MM-DD (inclusive)"},
      {"risk", "string", "risk level 0 (not assessed) | 1 | 2 | 3 (high)"},
      {"outcome", "string", "mediation outcomes, comma-separated: settled | partly | failed | none"},
      {"route", "string",
       "where a case went, comma-separated: confirm | litigation | arbitration | administrative | transfer "
       "(the last three)"},
      {"channel", "string",
       "channel: patrol | web | hotline | open311 (events); letter | visit | online | hotline | mailbox "
       "(petitions)"},
      {"repeat", "boolean", "重复信访 only"},
      {"skip_level", "boolean", "越级 only"},
      {"led", "boolean", "领导包案 only (a leader in charge)"},
  };
  for (auto& q : extra) p.push_back(std::move(q));
  p.push_back({"after", "string", "cursor"});
  p.push_back({"limit", "integer", "page size"});
  return p;
}

}  // namespace wangge::http
