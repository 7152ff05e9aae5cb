// The row readers of 减负 shared by the backends (sqlite/ and postgres/ duties_repo.cpp), whose columns each
// selects in the order of the WANGGE_DUTY_* lists.
#pragma once

#include "storage/duties_repo.hpp"

namespace wangge::storage {

#define WANGGE_DUTY_LIST_COLS                                                                       \
  "id, place_code, kind, list_version, title, note, status, created_by, created_at, published_by, " \
  "published_at, superseded_at, version "
#define WANGGE_DUTY_ITEM_COLS                                                                   \
  "id, list_id, place_code, seq, section, grp, title, basis, department, alternative, status, " \
  "withdrawn_reason, withdrawn_by, withdrawn_at, version "
#define WANGGE_DUTY_TASK_COLS                                                                      \
  "t.order_id, t.place_code, t.dept_id, t.item_id, t.list_id, t.list_version, t.section, t.type, " \
  "t.period, t.created_at, COALESCE(i.seq, 0), COALESCE(i.title, ''), COALESCE(o.state, 0) "
#define WANGGE_DUTY_TASK_FROM \
  "FROM duty_tasks t LEFT JOIN duty_items i ON i.id = t.item_id LEFT JOIN orders o ON o.id = t.order_id "
#define WANGGE_DUTY_REFUSAL_COLS \
  "id, place_code, dept_id, user_id, item_id, list_version, type, title, code, reason, period, at "
#define WANGGE_INSPECTION_COLS                                                                          \
  "id, place_code, dept_id, planned_on, period_key, subject, purpose, item_id, over_cap, status, "      \
  "filed_by, filed_at, decided_by, decided_at, decision_note, closed_by, closed_at, findings, period, " \
  "version "
#define WANGGE_INSPECTION_CAP_COLS "place_code, cap, period, updated_by, updated_at, version "

template <class Stmt>
DutyList ReadDutyListRow(const Stmt& s) {
  DutyList l;
  l.id = s.Int(0);
  l.place_code = s.Text(1);
  l.kind = s.Text(2);
  l.list_version = static_cast<int>(s.Int(3));
  l.title = s.Text(4);
  l.note = s.Text(5);
  l.status = s.Text(6);
  l.created_by = s.Int(7);
  l.created_at = s.Int(8);
  l.published_by = s.Int(9);
  l.published_at = s.Int(10);
  l.superseded_at = s.Int(11);
  l.version = s.Int(12);
  return l;
}

template <class Stmt>
DutyItem ReadDutyItemRow(const Stmt& s) {
  DutyItem i;
  i.id = s.Int(0);
  i.list_id = s.Int(1);
  i.place_code = s.Text(2);
  i.seq = static_cast<int>(s.Int(3));
  i.section = s.Text(4);
  i.group = s.Text(5);
  i.title = s.Text(6);
  i.basis = s.Text(7);
  i.department = s.Text(8);
  i.alternative = s.Text(9);
  i.status = s.Text(10);
  i.withdrawn_reason = s.Text(11);
  i.withdrawn_by = s.Int(12);
  i.withdrawn_at = s.Int(13);
  i.version = s.Int(14);
  return i;
}

template <class Stmt>
DutyTask ReadDutyTaskRow(const Stmt& s) {
  DutyTask t;
  t.order_id = s.Int(0);
  t.place_code = s.Text(1);
  t.dept_id = s.Int(2);
  t.item_id = s.Int(3);
  t.list_id = s.Int(4);
  t.list_version = static_cast<int>(s.Int(5));
  t.section = s.Text(6);
  t.type = s.Text(7);
  t.period = static_cast<int>(s.Int(8));
  t.created_at = s.Int(9);
  t.item_seq = static_cast<int>(s.Int(10));
  t.item_title = s.Text(11);
  t.state = static_cast<int>(s.Int(12));
  return t;
}

template <class Stmt>
DutyRefusal ReadDutyRefusalRow(const Stmt& s) {
  DutyRefusal r;
  r.id = s.Int(0);
  r.place_code = s.Text(1);
  r.dept_id = s.Int(2);
  r.user_id = s.Int(3);
  r.item_id = s.Int(4);
  r.list_version = static_cast<int>(s.Int(5));
  r.type = s.Text(6);
  r.title = s.Text(7);
  r.code = s.Text(8);
  r.reason = s.Text(9);
  r.period = static_cast<int>(s.Int(10));
  r.at = s.Int(11);
  return r;
}

template <class Stmt>
Inspection ReadInspectionRow(const Stmt& s) {
  Inspection i;
  i.id = s.Int(0);
  i.place_code = s.Text(1);
  i.dept_id = s.Int(2);
  i.planned_on = s.Text(3);
  i.period_key = s.Text(4);
  i.subject = s.Text(5);
  i.purpose = s.Text(6);
  i.item_id = s.Int(7);
  i.over_cap = s.Int(8) != 0;
  i.status = s.Text(9);
  i.filed_by = s.Int(10);
  i.filed_at = s.Int(11);
  i.decided_by = s.Int(12);
  i.decided_at = s.Int(13);
  i.decision_note = s.Text(14);
  i.closed_by = s.Int(15);
  i.closed_at = s.Int(16);
  i.findings = s.Text(17);
  i.period = static_cast<int>(s.Int(18));
  i.version = s.Int(19);
  return i;
}

template <class Stmt>
InspectionCap ReadInspectionCapRow(const Stmt& s) {
  InspectionCap c;
  c.place_code = s.Text(0);
  c.cap = static_cast<int>(s.Int(1));
  c.period = s.Text(2);
  c.updated_by = s.Int(3);
  c.updated_at = s.Int(4);
  c.version = s.Int(5);
  return c;
}

// The load view's query: one UNION ALL over the three tables, (place_code, period, dept_id, what, n), for
// communities whose code starts with the scope (bound as a range: ?1 ≤ place_code < ?2) and months ?3..?4.
#define WANGGE_DUTY_LOAD_SQL(P1, P2, P3, P4)                                                          \
  "SELECT place_code, period, dept_id, type, COUNT(*) FROM duty_tasks WHERE place_code >= " P1        \
  " AND place_code < " P2 " AND period BETWEEN " P3 " AND " P4                                        \
  " GROUP BY place_code, period, dept_id, type "                                                      \
  "UNION ALL SELECT t.place_code, t.period, t.dept_id, 'returned', COUNT(*) FROM duty_tasks t JOIN "  \
  "orders o ON o.id = t.order_id WHERE t.place_code >= " P1 " AND t.place_code < " P2                 \
  " AND t.period BETWEEN " P3 " AND " P4                                                              \
  " AND o.state = 1 GROUP BY t.place_code, t.period, t.dept_id "                                      \
  "UNION ALL SELECT place_code, period, dept_id, 'refused', COUNT(*) FROM duty_refusals WHERE "       \
  "place_code >= " P1 " AND place_code < " P2 " AND period BETWEEN " P3 " AND " P4                    \
  " GROUP BY place_code, period, dept_id "                                                            \
  "UNION ALL SELECT place_code, period, dept_id, 'inspection_' || status, COUNT(*) FROM inspections " \
  "WHERE place_code >= " P1 " AND place_code < " P2 " AND period BETWEEN " P3 " AND " P4              \
  " GROUP BY place_code, period, dept_id, status "                                                    \
  "UNION ALL SELECT place_code, period, dept_id, 'over_cap', COUNT(*) FROM inspections WHERE "        \
  "place_code >= " P1 " AND place_code < " P2 " AND period BETWEEN " P3 " AND " P4                    \
  " AND over_cap = 1 GROUP BY place_code, period, dept_id"

template <class Stmt>
LoadCount ReadLoadRow(const Stmt& s) {
  LoadCount c;
  c.place_code = s.Text(0);
  c.period = static_cast<int>(s.Int(1));
  c.dept_id = s.Int(2);
  c.what = s.Text(3);
  c.n = s.Int(4);
  return c;
}

}  // namespace wangge::storage
