// 红黑榜 (MISSION 21): a community's criteria citing its 村规民约, nominations with evidence, the review by
// the two committees, the public notice (公示) with objections, the monthly publication that lists the
// entries whose notice is over, and the black list's expiry, early removal and appeal. Listing posts its
// effects: a red entry the 上红榜 points, a household reaching five stars the 评为文明户 points (星级文明户);
// a black listing suspends the household's stars while in force. The rules are in core/roll.hpp,
// docs/rolls.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"
#include "storage/rolls_repo.hpp"

namespace wangge::service {

struct CriterionInput {
  std::string community;  // on adding
  std::string side;       // on adding
  std::string title;
  std::string article;
  std::string description;
};

struct CriteriaView {
  std::string community;
  std::string community_name;
  std::vector<storage::RollCriterion> items;
};

struct NominationInput {
  int64_t person_id = 0;
  std::string side;
  std::string subject = "person";
  std::string period;  // YYYY-MM
  std::vector<int64_t> criteria;
  std::string evidence;
};

struct ReviewInput {
  std::string committee;  // party | village
  bool approve = false;
  std::string opinion;
  std::string met_on;
  int64_t version = 0;
};

struct RollEntryView {
  storage::RollEntry entry;
  std::string community_name;
  std::string grid_name;
  std::string name;  // masked unless the caller is staff in scope or the person
  std::vector<storage::RollCriterion> criteria;
  std::string nominated_by_name;
  std::string party_by_name;
  std::string village_by_name;
  std::vector<storage::RollObjection> objections;
  int64_t open_objections = 0;
  bool ready = false;        // publishable now
  bool notice_over = false;  // in notice, and its period has ended
  bool active = false;       // listed and in force (black: not expired)
  bool expired = false;      // black, listed, past listed_until
  int64_t points = 0;        // red: points posted on listing
  bool can_appeal = false;
};

struct PublicationView {
  storage::RollPublication publication;
  std::string community_name;
  std::string published_by_name;
  std::vector<RollEntryView> entries;  // on a single read
};

struct StarRow {
  int64_t household_id = 0;
  std::string label;
  std::string grid_name;
  std::vector<int> items;
  bool suspended = false;
  bool star_household = false;
  int64_t awarded_points = 0;  // 评为文明户 points posted this year
};

struct StarsView {
  std::string community;
  std::string community_name;
  int threshold = 0;
  int of = 0;  // active red items
  std::vector<StarRow> items;
};

// An objection the caller raised, with the entry it is about (as the board shows it).
struct MyObjection {
  storage::RollObjection objection;
  RollEntryView entry;
};

struct BoardView {
  std::string community;
  std::string community_name;
  std::vector<RollEntryView> notices;
  std::optional<PublicationView> publication;
};

class RollService {
 public:
  RollService(storage::Database* db, OrderService* orders) : db_(db), orders_(orders) {}

  // Staff of the community (points.award or points.manage in scope) or its residents.
  Result<CriteriaView> Criteria(const Ctx& ctx, const std::string& community, bool with_retired);
  // points.manage in scope.
  Result<storage::RollCriterion> AddCriterion(const Ctx& ctx, CriterionInput in);
  // The successor: the old row retired, a new one with the same seq.
  Result<storage::RollCriterion> EditCriterion(const Ctx& ctx, int64_t id, CriterionInput in);
  Result<storage::RollCriterion> RetireCriterion(const Ctx& ctx, int64_t id);
  // Copies the county's template when the community has no active criteria (kConflict otherwise).
  Result<CriteriaView> Adopt(const Ctx& ctx, const std::string& community);

  // points.award / points.manage in scope.
  Result<std::vector<RollEntryView>> Entries(const Ctx& ctx, const std::string& community,
                                             const std::string& status, const std::string& side,
                                             const std::string& period, std::string* community_out,
                                             std::string* community_name_out);
  Result<RollEntryView> Get(const Ctx& ctx, int64_t id);
  // points.award, the person in scope.
  Result<RollEntryView> Nominate(const Ctx& ctx, NominationInput in);
  // points.manage: a committee's decision, once each.
  Result<RollEntryView> Review(const Ctx& ctx, int64_t id, ReviewInput in);
  // A resident of the community or staff, during the notice.
  Result<RollEntryView> Object(const Ctx& ctx, int64_t id, const std::string& reason);
  // points.manage: upheld withdraws the entry.
  Result<RollEntryView> DecideObjection(const Ctx& ctx, int64_t objection_id, bool uphold,
                                        const std::string& note);
  // points.manage: the month's publication of the ready entries (or of exactly `entry_ids`, each of which
  // must be ready).
  Result<PublicationView> Publish(const Ctx& ctx, const std::string& community, const std::string& period,
                                  const std::optional<std::vector<int64_t>>& entry_ids);
  Result<std::vector<PublicationView>> Publications(const Ctx& ctx, const std::string& community);
  Result<PublicationView> Publication(const Ctx& ctx, int64_t id);
  // points.manage: a black listing lifted early after rectification.
  Result<RollEntryView> Remove(const Ctx& ctx, int64_t id, const std::string& reason, int64_t version);
  // The listed person, or points.manage for them.
  Result<RollEntryView> Appeal(const Ctx& ctx, int64_t id, const std::string& reason);
  Result<RollEntryView> DecideAppeal(const Ctx& ctx, int64_t id, bool uphold, const std::string& note,
                                     int64_t version);
  // The caller's own entries.
  Result<std::vector<RollEntryView>> Mine(const Ctx& ctx);
  // The objections the caller raised and what was decided on them (the latest 100).
  Result<std::vector<MyObjection>> MyObjections(const Ctx& ctx);
  // 星级文明户 of a community: staff in scope.
  Result<StarsView> Stars(const Ctx& ctx, const std::string& community);
  // No sign-in: the notices and the latest publication, names masked.
  Result<BoardView> Board(const std::string& community);

  // Inside a write: lists `entries` (ready, of `community`) by the publication `pub` at `now` and posts the
  // effects — the 上红榜 points of each red entry, the 评为文明户 points of each household these listings
  // take to five stars (once a year). Returns how many households were named 星级文明户. Publish and the
  // demo both list through it.
  static Result<int> ListEntries(storage::Tx& tx, const std::string& community,
                                 const storage::RollPublication& pub,
                                 std::vector<storage::RollEntry>* entries, int64_t by, int64_t now);
  // Inside a write: the county's template (data/roll_criteria.csv) as the community's criteria. Adopt and the
  // demo both adopt through it.
  static Result<std::vector<storage::RollCriterion>> AdoptTemplate(storage::Tx& tx,
                                                                   const std::string& community, int64_t by,
                                                                   int64_t at);
  // The idempotency key of a household's 星级文明户 points in the year of `now`.
  static std::string StarKey(int64_t household, int64_t now);

 private:
  storage::Database* db_;
  OrderService* orders_;
};

}  // namespace wangge::service
