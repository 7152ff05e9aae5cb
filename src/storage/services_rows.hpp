// The row reader of the 服务清单 shared by the backends (sqlite/ and postgres/ services_repo.cpp), whose
// columns each selects in the order of WANGGE_MENU_COLS.
#pragma once

#include "storage/services_repo.hpp"

namespace wangge::storage {

#define WANGGE_MENU_COLS \
  "place_code, category, provider, promise_hours, active, note, version, updated_by, updated_at "

template <class Stmt>
MenuItem ReadMenuRow(const Stmt& s) {
  MenuItem m;
  m.place_code = s.Text(0);
  m.category = s.Text(1);
  m.provider = s.Text(2);
  m.promise_hours = static_cast<int>(s.Int(3));
  m.active = s.Int(4) != 0;
  m.note = s.Text(5);
  m.version = s.Int(6);
  m.updated_by = s.Int(7);
  m.updated_at = s.Int(8);
  return m;
}

}  // namespace wangge::storage
