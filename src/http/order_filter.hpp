// The filters every order list route reads (events, dispute cases, petitions): the page, open, overdue,
// scope, state, category and sort. A route adds its own (the event list's warn, mine, from, to; the
// petitions' mine).
#pragma once

#include "http/router.hpp"
#include "service/order_service.hpp"

namespace wangge::http {

inline Result<service::OrderFilter> ReadOrderFilter(Call& c) {
  service::OrderFilter f;
  auto page = c.Page();
  auto open = c.QueryBool("open", false);
  auto overdue = c.QueryBool("overdue", false);
  for (const Status& s : {page.status(), open.status(), overdue.status()})
    if (!s.ok()) return s;
  f.page = *page;
  f.open_only = *open;
  f.overdue_only = *overdue;
  f.scope = c.Query("scope");
  f.state = c.Query("state");
  f.category = c.Query("category");
  f.sort = c.Query("sort");
  return f;
}

}  // namespace wangge::http
