// 红黑榜 (red and black lists, MISSION 21): each community's published criteria citing its 村规民约, the
// nominations (entries) with their evidence, the two committees' review, the public notice (公示) with its
// objections, the monthly publications, and the black list's expiry, removal and appeal. The rules are in
// core/roll.hpp and docs/rolls.md. Backends: sqlite/rolls_repo.cpp, postgres/rolls_repo.cpp; contract:
// rolls_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// One item of a community's criteria (评选标准): a red (positive) or black (negative) item citing the
// article of the 村规民约 it rests on. An edit retires the row and inserts its successor with the same seq,
// so an entry always cites the text it was nominated under.
struct RollCriterion {
  int64_t id = 0;
  std::string place_code;  // the community (12 digits)
  std::string side;        // red | black
  int seq = 0;             // the item's number within its side (1, 2 …), kept by its successors
  std::string title;
  std::string article;  // the 村规民约 article it cites ("第五条")
  std::string description;
  std::string status = "active";  // active | retired
  int64_t created_at = 0;
  int64_t created_by = 0;
  int64_t retired_at = 0;
};

// A committee's decision on an entry (村党组织 or 村民委员会): approve 1, reject 0, not yet -1.
struct RollReview {
  int approve = -1;
  std::string opinion;
  std::string met_on;  // the meeting's day, YYYY-MM-DD
  int64_t by = 0;
  int64_t at = 0;
};

// A nomination and, once both committees approve, its notice and listing.
struct RollEntry {
  int64_t id = 0;
  std::string place_code;  // the person's place when nominated (community, grid or unit code)
  int period = 0;          // YYYYMM: the month it is nominated for
  std::string side;        // red | black
  std::string subject;     // person | household
  int64_t person_id = 0;
  int64_t household_id = 0;       // the person's household (0 = none)
  std::vector<int64_t> criteria;  // criterion ids of the entry's side, at least one
  std::string evidence;
  // nominated | rejected | notice | withdrawn | listed | removed | revoked (core/roll.hpp)
  std::string status = "nominated";
  int64_t nominated_by = 0;
  int64_t nominated_at = 0;
  RollReview party;    // 村(社区)党组织
  RollReview village;  // 村(居)民委员会
  int64_t notice_from = 0;
  int64_t notice_until = 0;  // publication only after it
  int64_t listed_at = 0;
  int64_t listed_until = 0;  // black: the listing's expiry (0 for red)
  int64_t publication_id = 0;
  int64_t ledger_entry_id = 0;  // red: the points posted on listing (0 = none, e.g. the monthly cap)
  std::string closed_reason;    // why it was rejected, withdrawn, removed or revoked
  int64_t closed_by = 0;
  int64_t closed_at = 0;
  std::string appeal_status;  // "" | open | upheld | dismissed
  std::string appeal_reason;
  int64_t appeal_by = 0;
  int64_t appeal_at = 0;
  std::string appeal_note;
  int64_t appeal_decided_by = 0;
  int64_t appeal_decided_at = 0;
  int64_t version = 1;
  std::string name;  // filled on reads (people.name)
};

// An objection raised during the notice.
struct RollObjection {
  int64_t id = 0;
  int64_t entry_id = 0;
  std::string reason;
  int64_t raised_by = 0;
  int64_t raised_at = 0;
  std::string status = "open";  // open | upheld | dismissed
  std::string note;             // the decision's reason
  int64_t decided_by = 0;
  int64_t decided_at = 0;
};

// A community's monthly publication (one per month).
struct RollPublication {
  int64_t id = 0;
  std::string place_code;  // the community
  int period = 0;          // YYYYMM
  int64_t published_at = 0;
  int64_t published_by = 0;
  int red = 0;  // filled on reads: entries listed by it
  int black = 0;
};

struct RollEntryFilter {
  std::string scope;  // place code prefix ("" = all)
  std::string status;
  std::string side;
  int period = 0;              // 0 = any
  int64_t person_id = 0;       // 0 = any
  int64_t household_id = 0;    // 0 = any
  int64_t publication_id = 0;  // 0 = any
  int64_t listed_from = 0;     // entries listed at or after it (0 = any)
  int limit = 500;
};

class RollRepo {
 public:
  virtual ~RollRepo() = default;

  // The community's criteria, retired ones too when asked, by side (red first), seq, id.
  virtual Result<std::vector<RollCriterion>> Criteria(const std::string& community, bool with_retired) = 0;
  virtual Result<std::optional<RollCriterion>> GetCriterion(int64_t id) = 0;
  // Fills c->id; c->seq 0 takes the next number of its side in the community.
  virtual Status InsertCriterion(RollCriterion* c) = 0;
  // Retires an active criterion at `at`; kConflict when it is retired already.
  virtual Status RetireCriterion(int64_t id, int64_t at) = 0;

  // Entries by the filter, newest first.
  virtual Result<std::vector<RollEntry>> Entries(const RollEntryFilter& f) = 0;
  virtual Result<std::optional<RollEntry>> GetEntry(int64_t id) = 0;
  // Fills e->id; kConflict when the person has an open or listed entry of that side for that period
  // (statuses nominated, notice, listed).
  virtual Status InsertEntry(RollEntry* e) = 0;
  // Writes every field after `criteria` and `evidence` when e->version is current (kConflict otherwise);
  // bumps it.
  virtual Status UpdateEntry(RollEntry* e) = 0;

  virtual Result<std::vector<RollObjection>> Objections(int64_t entry_id) = 0;
  virtual Result<std::optional<RollObjection>> GetObjection(int64_t id) = 0;
  // Fills o->id.
  virtual Status InsertObjection(RollObjection* o) = 0;
  // Records the decision (status, note, decided_*) of an open objection; kConflict when decided already.
  virtual Status DecideObjection(RollObjection* o) = 0;
  // The objections a user raised, newest first, at most `limit`.
  virtual Result<std::vector<RollObjection>> ObjectionsBy(int64_t user_id, int limit) = 0;
  // Open objections of an entry.
  virtual Result<int64_t> OpenObjections(int64_t entry_id) = 0;

  // Fills p->id; kConflict when the community has a publication for that month.
  virtual Status InsertPublication(RollPublication* p) = 0;
  virtual Result<std::optional<RollPublication>> GetPublication(int64_t id) = 0;
  // Publications of the communities under `scope`, newest month first, at most `limit`.
  virtual Result<std::vector<RollPublication>> Publications(const std::string& scope, int limit) = 0;
};

}  // namespace wangge::storage
