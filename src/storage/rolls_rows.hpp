// The row readers of 红黑榜 shared by the backends (sqlite/ and postgres/ rolls_repo.cpp), whose columns each
// selects in the order of the WANGGE_ROLL_* lists. An entry's criteria are stored as the text "12,15"; each
// committee's review as five columns (party_*, village_*).
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/rolls_repo.hpp"

namespace wangge::storage {

#define WANGGE_ROLL_CRITERION_COLS                                                                 \
  "c.id, c.place_code, c.side, c.seq, c.title, c.article, c.description, c.status, c.created_at, " \
  "c.created_by, c.retired_at "
#define WANGGE_ROLL_ENTRY_COLS                                                                               \
  "e.id, e.place_code, e.period, e.side, e.subject, e.person_id, e.household_id, e.criteria, e.evidence, "   \
  "e.status, e.nominated_by, e.nominated_at, e.party_approve, e.party_opinion, e.party_met_on, e.party_by, " \
  "e.party_at, e.village_approve, e.village_opinion, e.village_met_on, e.village_by, e.village_at, "         \
  "e.notice_from, e.notice_until, e.listed_at, e.listed_until, e.publication_id, e.ledger_entry_id, "        \
  "e.closed_reason, e.closed_by, e.closed_at, e.appeal_status, e.appeal_reason, e.appeal_by, e.appeal_at, "  \
  "e.appeal_note, e.appeal_decided_by, e.appeal_decided_at, e.version, COALESCE(p.name, '') "
#define WANGGE_ROLL_OBJECTION_COLS \
  "id, entry_id, reason, raised_by, raised_at, status, note, decided_by, decided_at "
// The counts are of every entry the publication listed, whatever became of it since.
#define WANGGE_ROLL_PUBLICATION_COLS                                                                        \
  "t.id, t.place_code, t.period, t.published_at, t.published_by, "                                          \
  "(SELECT COUNT(*) FROM roll_entries e WHERE e.publication_id = t.id AND e.publication_id > 0 AND e.side " \
  "= 'red'), "                                                                                              \
  "(SELECT COUNT(*) FROM roll_entries e WHERE e.publication_id = t.id AND e.publication_id > 0 AND e.side " \
  "= 'black') "

// RollEntry::criteria as stored: the ids joined by commas ("12,15").
inline std::string RollCriteriaText(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}
// The ids of a stored criteria text; anything that is not a number is skipped.
inline std::vector<int64_t> ParseRollCriteria(std::string_view text) {
  std::vector<int64_t> ids;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    int64_t id = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
    if (ec == std::errc() && end == part.data() + part.size()) ids.push_back(id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return ids;
}

template <class Stmt>
RollCriterion ReadRollCriterionRow(const Stmt& s) {
  RollCriterion c;
  c.id = s.Int(0);
  c.place_code = s.Text(1);
  c.side = s.Text(2);
  c.seq = static_cast<int>(s.Int(3));
  c.title = s.Text(4);
  c.article = s.Text(5);
  c.description = s.Text(6);
  c.status = s.Text(7);
  c.created_at = s.Int(8);
  c.created_by = s.Int(9);
  c.retired_at = s.Int(10);
  return c;
}

// A committee's five columns from `col` on.
template <class Stmt>
RollReview ReadRollReview(const Stmt& s, int col) {
  RollReview r;
  r.approve = static_cast<int>(s.Int(col));
  r.opinion = s.Text(col + 1);
  r.met_on = s.Text(col + 2);
  r.by = s.Int(col + 3);
  r.at = s.Int(col + 4);
  return r;
}

template <class Stmt>
RollEntry ReadRollEntryRow(const Stmt& s) {
  RollEntry e;
  e.id = s.Int(0);
  e.place_code = s.Text(1);
  e.period = static_cast<int>(s.Int(2));
  e.side = s.Text(3);
  e.subject = s.Text(4);
  e.person_id = s.Int(5);
  e.household_id = s.Int(6);
  e.criteria = ParseRollCriteria(s.Text(7));
  e.evidence = s.Text(8);
  e.status = s.Text(9);
  e.nominated_by = s.Int(10);
  e.nominated_at = s.Int(11);
  e.party = ReadRollReview(s, 12);
  e.village = ReadRollReview(s, 17);
  e.notice_from = s.Int(22);
  e.notice_until = s.Int(23);
  e.listed_at = s.Int(24);
  e.listed_until = s.Int(25);
  e.publication_id = s.Int(26);
  e.ledger_entry_id = s.Int(27);
  e.closed_reason = s.Text(28);
  e.closed_by = s.Int(29);
  e.closed_at = s.Int(30);
  e.appeal_status = s.Text(31);
  e.appeal_reason = s.Text(32);
  e.appeal_by = s.Int(33);
  e.appeal_at = s.Int(34);
  e.appeal_note = s.Text(35);
  e.appeal_decided_by = s.Int(36);
  e.appeal_decided_at = s.Int(37);
  e.version = s.Int(38);
  e.name = s.Text(39);
  return e;
}

template <class Stmt>
RollObjection ReadRollObjectionRow(const Stmt& s) {
  RollObjection o;
  o.id = s.Int(0);
  o.entry_id = s.Int(1);
  o.reason = s.Text(2);
  o.raised_by = s.Int(3);
  o.raised_at = s.Int(4);
  o.status = s.Text(5);
  o.note = s.Text(6);
  o.decided_by = s.Int(7);
  o.decided_at = s.Int(8);
  return o;
}

template <class Stmt>
RollPublication ReadRollPublicationRow(const Stmt& s) {
  RollPublication p;
  p.id = s.Int(0);
  p.place_code = s.Text(1);
  p.period = static_cast<int>(s.Int(2));
  p.published_at = s.Int(3);
  p.published_by = s.Int(4);
  p.red = static_cast<int>(s.Int(5));
  p.black = static_cast<int>(s.Int(6));
  return p;
}

// The Entries statement for a filter: its most selective equality (publication, person, household) leads the
// WHERE ("e.publication_id = ?8 AND e.publication_id > 0 AND …": the literal lets the planner prove the
// partial index's condition), so the planner takes that index rather than scanning the place range. `rest` is
// the backend's statement after "WHERE " with its parameter marks ('?' or '$'; 6 person, 7 household, 8
// publication). The four texts are built once: the SQLite statement cache is keyed by the text's address.
inline const char* RollEntriesSql(const RollEntryFilter& f, char mark, const char* rest) {
  struct Texts {
    std::string lead[4];
  };
  auto build = [&] {
    const std::string head = "SELECT " WANGGE_ROLL_ENTRY_COLS
                             "FROM roll_entries e LEFT JOIN people p ON p.id = e.person_id WHERE ";
    const std::string k(1, mark);
    return Texts{{head + rest, head + "e.person_id = " + k + "6 AND " + rest,
                  head + "e.household_id = " + k + "7 AND e.household_id > 0 AND " + rest,
                  head + "e.publication_id = " + k + "8 AND e.publication_id > 0 AND " + rest}};
  };
  const int i = f.publication_id != 0 ? 3 : f.person_id != 0 ? 1 : f.household_id != 0 ? 2 : 0;
  if (mark == '?') {
    static const Texts sqlite = build();
    return sqlite.lead[i].c_str();
  }
  static const Texts pg = build();
  return pg.lead[i].c_str();
}

}  // namespace wangge::storage
