// Row readers of the activities domain shared by the backends (sqlite/ and postgres/ activities_repo.cpp),
// whose columns each backend selects in the order given here (its ACTIVITY_COLS, SIGNUP_COLS).
#pragma once

#include <optional>

#include "core/activity.hpp"
#include "storage/coords.hpp"

namespace wangge::storage {

// id, place_code, title, description, address, starts_at, ends_at, capacity, code, cancelled, organizer,
// created_at, version, signed_up
template <class Stmt>
activity::Activity ReadActivityRow(const Stmt& s) {
  activity::Activity a;
  a.id = s.Int(0);
  a.place_code = s.Text(1);
  a.title = s.Text(2);
  a.description = s.Text(3);
  a.address = s.Text(4);
  a.starts_at = s.Int(5);
  a.ends_at = s.Int(6);
  a.capacity = static_cast<int>(s.Int(7));
  a.code = s.Text(8);
  a.cancelled = s.Int(9) != 0;
  a.organizer = s.Int(10);
  a.created_at = s.Int(11);
  a.version = s.Int(12);
  a.signed_up = s.Int(13);
  return a;
}

// activity_id, person_id, status, signed_at, checkin_at, checkout_at, lat_e7, lon_e7, minutes, entry_id,
// the person's name
template <class Stmt>
activity::Signup ReadSignupRow(const Stmt& s) {
  activity::Signup x;
  x.activity_id = s.Int(0);
  x.person_id = s.Int(1);
  x.status = s.Text(2);
  x.signed_at = s.Int(3);
  x.checkin_at = s.Int(4);
  x.checkout_at = s.Int(5);
  x.lat = FromE7(s.OptInt(6));
  x.lon = FromE7(s.OptInt(7));
  x.minutes = s.Int(8);
  x.entry_id = s.Int(9);
  x.person_name = s.Text(10);
  return x;
}

}  // namespace wangge::storage
