// 双报到 (dual registration, MISSION 20): 机关、企事业单位党组织 registered with a community (报到单位, with
// the resources they pledge), in-service party members registered with the community they live in (linked to
// their person record and employer, placed in a grid), the community's posts (岗位) members claim, and the
// hours members report that the community confirms. Backends: sqlite/dual_repo.cpp, postgres/dual_repo.cpp;
// contract: dual_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// A unit registered with a community (报到单位).
struct DualUnit {
  int64_t id = 0;
  std::string place_code;  // the community (12 digits)
  std::string name;
  std::string kind;  // organ | institution | enterprise | other
  std::string party_org;
  std::string liaison_name;  // 联络人 (a name, no phone: the office phone is the unit's)
  std::string office_phone;
  std::string resources;          // pledged, a comma list of venue|funds|volunteers|expertise|supplies
  std::string pledge;             // what they pledge, in words
  std::string status = "active";  // active | withdrawn
  int64_t registered_at = 0;
  int64_t registered_by = 0;
  int64_t withdrawn_at = 0;
  int64_t version = 1;
};

// An in-service party member registered with their residential community (在职党员报到). One active
// registration per person (a second, with any community, is kConflict).
struct DualMember {
  int64_t id = 0;
  std::string place_code;  // the community
  std::string grid_code;   // "" until the community places the member in a grid
  int64_t person_id = 0;
  int64_t user_id = 0;  // the member's account (0 = none)
  int64_t unit_id = 0;  // the employer when it is a registered unit (0 = not registered)
  std::string employer_name;
  std::string status = "active";  // active | left
  int64_t registered_at = 0;
  int64_t registered_by = 0;
  int64_t left_at = 0;
  int64_t version = 1;
  std::string name;  // filled on reads (people.name)
};

// A post (岗位) of a community, or of one of its grids; members claim it up to `slots`.
struct DualPost {
  int64_t id = 0;
  std::string place_code;  // the community
  std::string grid_code;   // "" = the whole community
  std::string title;
  std::string description;
  int slots = 1;
  std::string status = "open";  // open | closed
  int64_t created_at = 0;
  int64_t created_by = 0;
  int64_t version = 1;
  int taken = 0;  // filled on reads: active claims
};

struct DualClaim {
  int64_t id = 0;
  int64_t post_id = 0;
  int64_t member_id = 0;
  int64_t claimed_at = 0;
  int64_t released_at = 0;  // 0 = held
};

// Hours a member served, reported by the member and confirmed (or sent back) by the community; a confirmed
// one is in the 时间银行 (entry_id).
struct DualLog {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string place_code;  // the member's community
  int64_t post_id = 0;     // 0 = none
  std::string served_on;   // YYYY-MM-DD
  int64_t minutes = 0;     // whole half hours
  std::string note;
  std::string status = "pending";  // pending | confirmed | rejected
  std::string reason;              // why it was sent back
  int64_t decided_by = 0;
  int64_t decided_at = 0;
  int64_t entry_id = 0;
  int64_t created_at = 0;
  int64_t version = 1;
};

// 双报到 registered now in a group of places (DualRepo::Coverage).
struct DualCoverageRow {
  std::string key;
  int64_t units = 0;    // active units
  int64_t members = 0;  // active members
  int64_t placed = 0;   // … placed in a grid
};

class DualRepo {
 public:
  virtual ~DualRepo() = default;

  // Units of the communities under `scope` (a code prefix), status "" = all, by community and id.
  virtual Result<std::vector<DualUnit>> Units(const std::string& scope, const std::string& status) = 0;
  virtual Result<std::optional<DualUnit>> GetUnit(int64_t id) = 0;
  // Fills u->id; kConflict when an active unit of that name is registered with the community.
  virtual Status InsertUnit(DualUnit* u) = 0;
  // Writes every field when u->version is current (kConflict otherwise); bumps it.
  virtual Status UpdateUnit(DualUnit* u) = 0;
  // Active members per employer unit (unit_id, count).
  virtual Result<std::vector<std::pair<int64_t, int64_t>>> MembersPerUnit() = 0;

  // Members of a community, status "" = all, by name order of id.
  virtual Result<std::vector<DualMember>> Members(const std::string& community,
                                                  const std::string& status) = 0;
  virtual Result<std::optional<DualMember>> GetMember(int64_t id) = 0;
  // The person's active registration, with any community.
  virtual Result<std::optional<DualMember>> ActiveOfPerson(int64_t person_id) = 0;
  // Fills m->id; kConflict when the person has an active registration.
  virtual Status InsertMember(DualMember* m) = 0;
  // grid_code, unit_id, employer_name, status, left_at when m->version is current; bumps it.
  virtual Status UpdateMember(DualMember* m) = 0;

  virtual Result<std::vector<DualPost>> Posts(const std::string& community) = 0;
  virtual Result<std::optional<DualPost>> GetPost(int64_t id) = 0;
  virtual Status InsertPost(DualPost* p) = 0;
  // title, description, slots, status when p->version is current; bumps it.
  virtual Status UpdatePost(DualPost* p) = 0;
  // Active claims of a post, or of a member (post_id 0 / member_id 0 = any), by id.
  virtual Result<std::vector<DualClaim>> Claims(int64_t post_id, int64_t member_id) = 0;
  // Bumps the post's version from `post_version` (kConflict when it moved: someone claimed or released
  // meanwhile) and inserts the claim (kConflict when the member holds the post).
  virtual Status Claim(DualClaim* c, int64_t post_version) = 0;
  // Ends the member's claim on the post at `at`, bumping the post's version; RecordNotFound when none.
  virtual Status Release(int64_t post_id, int64_t member_id, int64_t at) = 0;

  // Fills l->id.
  virtual Status InsertLog(DualLog* l) = 0;
  virtual Result<std::optional<DualLog>> GetLog(int64_t id) = 0;
  // Logs of a community (member_id 0) or a member, status "" = all, newest first, at most `limit`.
  virtual Result<std::vector<DualLog>> Logs(const std::string& community, int64_t member_id,
                                            const std::string& status, int limit) = 0;
  // The community's confirmed logs served between two days (YYYY-MM-DD, both included), by id: the quarter's.
  virtual Result<std::vector<DualLog>> ConfirmedIn(const std::string& community, const std::string& from,
                                                   const std::string& to) = 0;
  // Active units and members of the communities under `scope`, grouped by the first `key_len` characters of
  // the community code.
  virtual Result<std::vector<DualCoverageRow>> Coverage(const std::string& scope, int key_len) = 0;
  // Records the decision (status, reason, decided_*, entry_id) of a pending log of that version; kConflict
  // when stale or decided already.
  virtual Status DecideLog(DualLog* l) = 0;
};

}  // namespace wangge::storage
