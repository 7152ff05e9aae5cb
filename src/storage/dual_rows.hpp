// The row readers of 双报到 shared by the backends (sqlite/ and postgres/ dual_repo.cpp), whose columns each
// selects in the order of the WANGGE_DUAL_* lists.
#pragma once

#include "storage/dual_repo.hpp"

namespace wangge::storage {

#define WANGGE_DUAL_UNIT_COLS                                                                                \
  "u.id, u.place_code, u.name, u.kind, u.party_org, u.liaison_name, u.office_phone, u.resources, u.pledge, " \
  "u.status, u.registered_at, u.registered_by, u.withdrawn_at, u.version "
#define WANGGE_DUAL_MEMBER_COLS                                                                     \
  "m.id, m.place_code, m.grid_code, m.person_id, m.user_id, m.unit_id, m.employer_name, m.status, " \
  "m.registered_at, m.registered_by, m.left_at, m.version, COALESCE(p.name, '') "
#define WANGGE_DUAL_POST_COLS                                                                                \
  "t.id, t.place_code, t.grid_code, t.title, t.description, t.slots, t.status, t.created_at, t.created_by, " \
  "t.version, (SELECT COUNT(*) FROM dual_claims c WHERE c.post_id = t.id AND c.released_at = 0) "
#define WANGGE_DUAL_CLAIM_COLS "id, post_id, member_id, claimed_at, released_at "
#define WANGGE_DUAL_LOG_COLS                                                                               \
  "id, member_id, place_code, post_id, served_on, minutes, note, status, reason, decided_by, decided_at, " \
  "entry_id, created_at, version "

template <class Stmt>
DualUnit ReadDualUnitRow(const Stmt& s) {
  DualUnit u;
  u.id = s.Int(0);
  u.place_code = s.Text(1);
  u.name = s.Text(2);
  u.kind = s.Text(3);
  u.party_org = s.Text(4);
  u.liaison_name = s.Text(5);
  u.office_phone = s.Text(6);
  u.resources = s.Text(7);
  u.pledge = s.Text(8);
  u.status = s.Text(9);
  u.registered_at = s.Int(10);
  u.registered_by = s.Int(11);
  u.withdrawn_at = s.Int(12);
  u.version = s.Int(13);
  return u;
}

template <class Stmt>
DualMember ReadDualMemberRow(const Stmt& s) {
  DualMember m;
  m.id = s.Int(0);
  m.place_code = s.Text(1);
  m.grid_code = s.Text(2);
  m.person_id = s.Int(3);
  m.user_id = s.Int(4);
  m.unit_id = s.Int(5);
  m.employer_name = s.Text(6);
  m.status = s.Text(7);
  m.registered_at = s.Int(8);
  m.registered_by = s.Int(9);
  m.left_at = s.Int(10);
  m.version = s.Int(11);
  m.name = s.Text(12);
  return m;
}

template <class Stmt>
DualPost ReadDualPostRow(const Stmt& s) {
  DualPost p;
  p.id = s.Int(0);
  p.place_code = s.Text(1);
  p.grid_code = s.Text(2);
  p.title = s.Text(3);
  p.description = s.Text(4);
  p.slots = static_cast<int>(s.Int(5));
  p.status = s.Text(6);
  p.created_at = s.Int(7);
  p.created_by = s.Int(8);
  p.version = s.Int(9);
  p.taken = static_cast<int>(s.Int(10));
  return p;
}

template <class Stmt>
DualClaim ReadDualClaimRow(const Stmt& s) {
  DualClaim c;
  c.id = s.Int(0);
  c.post_id = s.Int(1);
  c.member_id = s.Int(2);
  c.claimed_at = s.Int(3);
  c.released_at = s.Int(4);
  return c;
}

template <class Stmt>
DualLog ReadDualLogRow(const Stmt& s) {
  DualLog l;
  l.id = s.Int(0);
  l.member_id = s.Int(1);
  l.place_code = s.Text(2);
  l.post_id = s.Int(3);
  l.served_on = s.Text(4);
  l.minutes = s.Int(5);
  l.note = s.Text(6);
  l.status = s.Text(7);
  l.reason = s.Text(8);
  l.decided_by = s.Int(9);
  l.decided_at = s.Int(10);
  l.entry_id = s.Int(11);
  l.created_at = s.Int(12);
  l.version = s.Int(13);
  return l;
}

}  // namespace wangge::storage
