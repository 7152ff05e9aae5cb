// Row readers of the screening domain shared by the backends (sqlite/screenings_repo.cpp,
// postgres/screenings_repo.cpp): templates over the backend's statement type, whose columns each backend
// selects in the order given here (its SCREENING_COLS).
#pragma once

#include <vector>

#include "core/screening.hpp"
#include "core/status.hpp"
#include "storage/screenings_repo.hpp"

namespace wangge::storage {

// id, place_code, period_first, period_last, cycle, found, resolved, note, recorded_by, recorded_at, late,
// the recorder's display name (a join; NULL when the account is gone)
template <class Stmt>
screening::Record ReadScreeningRow(const Stmt& s) {
  screening::Record r;
  r.id = s.Int(0);
  r.place_code = s.Text(1);
  r.period = {s.Int(2), s.Int(3)};
  r.cycle = s.Text(4);
  r.found = static_cast<int>(s.Int(5));
  r.resolved = static_cast<int>(s.Int(6));
  r.note = s.Text(7);
  r.recorded_by = s.Int(8);
  r.recorded_at = s.Int(9);
  r.late = s.Int(10) != 0;
  r.recorded_by_name = s.Text(11);
  return r;
}

template <class Stmt>
Result<std::vector<screening::Record>> ReadScreeningRows(Stmt& s) {
  std::vector<screening::Record> out;
  while (s.Step()) out.push_back(ReadScreeningRow(s));
  RETURN_IF_ERROR(s.status());
  return out;
}

// child, records, late, found, resolved
template <class Stmt>
Result<std::vector<ScreeningTally>> ReadTallyRows(Stmt& s) {
  std::vector<ScreeningTally> out;
  while (s.Step()) out.push_back({s.Text(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4)});
  RETURN_IF_ERROR(s.status());
  return out;
}

}  // namespace wangge::storage
