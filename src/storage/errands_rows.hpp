// The row readers of 红色代办 shared by the backends (sqlite/ and postgres/ errands_repo.cpp), whose columns
// each selects in the order of the WANGGE_ERRAND_* lists.
#pragma once

#include "storage/errands_repo.hpp"

namespace wangge::storage {

#define WANGGE_ERRAND_RUNNER_COLS \
  "household_id, place_code, runner_user_id, assigned_by, assigned_at, version "
#define WANGGE_ERRAND_COLS "order_id, household_id, authoriser_person_id, authorisation, created_at "
#define WANGGE_ERRAND_DOC_COLS \
  "id, order_id, name, copies, received_at, received_by, returned_at, returned_by, version "

template <class Stmt>
ErrandRunner ReadErrandRunnerRow(const Stmt& s) {
  ErrandRunner r;
  r.household_id = s.Int(0);
  r.place_code = s.Text(1);
  r.runner_user_id = s.Int(2);
  r.assigned_by = s.Int(3);
  r.assigned_at = s.Int(4);
  r.version = s.Int(5);
  return r;
}

template <class Stmt>
Errand ReadErrandRow(const Stmt& s) {
  Errand e;
  e.order_id = s.Int(0);
  e.household_id = s.Int(1);
  e.authoriser_person_id = s.Int(2);
  e.authorisation = s.Text(3);
  e.created_at = s.Int(4);
  return e;
}

template <class Stmt>
ErrandDocument ReadErrandDocRow(const Stmt& s) {
  ErrandDocument d;
  d.id = s.Int(0);
  d.order_id = s.Int(1);
  d.name = s.Text(2);
  d.copies = static_cast<int>(s.Int(3));
  d.received_at = s.Int(4);
  d.received_by = s.Int(5);
  d.returned_at = s.Int(6);
  d.returned_by = s.Int(7);
  d.version = s.Int(8);
  return d;
}

}  // namespace wangge::storage
