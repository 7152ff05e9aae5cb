// Repository interfaces: what the service layer may ask of a database. One implementation per backend
// (storage/sqlite/, later storage/postgres/); the contract tests in storage/contract_test.cpp run against
// every backend. SQL lives only under storage/<backend>/.
//
// Transactions: Database::Read() gives a consistent snapshot; Database::Write() runs a function inside a
// write transaction that is group-committed with others and returns only once it is durable. A write
// function that returns a non-OK Status changes nothing (its savepoint is rolled back).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/entities.hpp"
#include "core/status.hpp"

namespace wangge::storage {

// Keyset pagination: `after` is the opaque cursor from the previous page's `next` ("" = first page).
struct PageRequest {
  std::string after;
  int limit = 50;
};
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next;  // "" when there is no further page
};

struct PersonQuery {
  std::string scope;         // code prefix ("" = all)
  std::string name_prefix;   // 姓名 prefix
  std::string cid_hash;      // blind index of a citizen ID (exact match)
  std::string tag;           // care/sensitive group id
  std::optional<int64_t> household_id;
  bool include_retired = false;
  PageRequest page;
};

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t created_at = 0;   // unix seconds
  int64_t expires_at = 0;
};

struct AuditEntry {
  int64_t seq = 0;
  std::string at;           // ISO 8601 UTC with milliseconds
  int64_t user_id = 0;
  std::string username;
  std::string action;       // "person.create", "person.unmask", "place.update" …
  std::string entity;       // "person", "place" …
  std::string entity_id;
  std::string place_code;
  std::string detail;       // JSON object (never plaintext personal data)
  std::string prev_hash;
  std::string hash;
};

// Result of checking the audit chain.
struct AuditVerification {
  bool ok = true;
  int64_t rows_checked = 0;
  int64_t first_bad_seq = 0;   // 0 when ok
  std::string reason;          // "hash mismatch", "missing row", "prev_hash mismatch"
};

// The audit row hash: SHA-256 over prev_hash and every other field, so any edit breaks the chain.
std::string AuditHash(const AuditEntry& e);

class PlaceRepo {
 public:
  virtual ~PlaceRepo() = default;
  // kNotFound when absent.
  virtual Result<Place> Get(const std::string& code) = 0;
  // Children ordered by code, retired ones only when asked.
  virtual Result<Page<Place>> Children(const std::string& parent_code, bool include_retired, const PageRequest& page) = 0;
  // All places of one level inside a scope, ordered by code.
  virtual Result<Page<Place>> InScope(const std::string& scope, int level, bool include_retired, const PageRequest& page) = 0;
  // Subtree totals for the node (maintained counters).
  virtual Result<PlaceCounts> Counts(const std::string& code) = 0;
  // kConflict when the code exists.
  virtual Status Insert(const Place& p) = 0;
  // Writes every field but code; kConflict when p.version is not the stored version (optimistic lock);
  // bumps the version.
  virtual Status Update(const Place& p) = 0;
  // Moves the place and everything below it to a new code (prefix rewrite in every table); kConflict when
  // the new code exists.
  virtual Status Rekey(const std::string& old_code, const std::string& new_code, const std::string& new_parent) = 0;
  // Adds `delta` to the counter `metric` ("people", "households", "grids", "units", "tag:<id>") of `code`
  // and each of its ancestors. Applied when the surrounding write commits.
  virtual void AddCount(const std::string& code, const std::string& metric, int64_t delta) = 0;
  // Recomputes every counter from the base tables (demo, import, repair); returns rows written.
  virtual Result<int64_t> RebuildCounts() = 0;
  // Number of live places in the scope at the level (for tests).
  virtual Result<int64_t> CountInScope(const std::string& scope, int level) = 0;
};

class PeopleRepo {
 public:
  virtual ~PeopleRepo() = default;
  virtual Result<Building> GetBuilding(int64_t id) = 0;
  virtual Result<Page<Building>> Buildings(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> InsertBuilding(const Building& b) = 0;
  virtual Status UpdateBuilding(const Building& b) = 0;

  virtual Result<Household> GetHousehold(int64_t id) = 0;
  virtual Result<Page<Household>> Households(const std::string& scope, const PageRequest& page) = 0;
  // kConflict when household_no is taken.
  virtual Result<int64_t> InsertHousehold(const Household& h) = 0;
  virtual Status UpdateHousehold(const Household& h) = 0;
  virtual Result<std::optional<int64_t>> FindHouseholdByNo(const std::string& household_no) = 0;

  // With tags. kNotFound when absent.
  virtual Result<Person> GetPerson(int64_t id) = 0;
  virtual Result<std::optional<int64_t>> FindPersonByCidHash(const std::string& cid_hash) = 0;
  virtual Result<Page<Person>> Search(const PersonQuery& q) = 0;
  // kConflict when the citizen ID (hash) exists. Tags are inserted too.
  virtual Result<int64_t> InsertPerson(const Person& p) = 0;
  // Replaces every field and the tag set; kConflict on version mismatch or a taken citizen ID.
  virtual Status UpdatePerson(const Person& p) = 0;
  virtual Result<int64_t> CountPeople(const std::string& scope) = 0;
};

class OrgRepo {
 public:
  virtual ~OrgRepo() = default;
  virtual Result<Organization> Get(int64_t id) = 0;
  virtual Result<Page<Organization>> List(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> Insert(const Organization& o) = 0;
  virtual Status Update(const Organization& o) = 0;
  virtual Result<OrgCoverage> Coverage(const std::string& scope) = 0;
};

// 党组织 tree. Kinds and place levels are checked by the service (validation.hpp); the repo stores them.
class PartyOrgRepo {
 public:
  virtual ~PartyOrgRepo() = default;
  // RecordNotFound when absent (retired ones are returned).
  virtual Result<PartyOrg> Get(int64_t id) = 0;
  // Live party orgs in the scope, ordered by (place_code, id).
  virtual Result<Page<PartyOrg>> List(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> Insert(const PartyOrg& o) = 0;
  // Writes every field; kConflict when o.version is not the stored version; bumps the version.
  virtual Status Update(const PartyOrg& o) = 0;
  // "一网格一支部(小组)": live grids in the scope, and those with a live grid_branch or building_group whose
  // place code is the grid or lies below it.
  virtual Result<GridPartyCoverage> GridCoverage(const std::string& scope) = 0;
};

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  virtual Result<User> Get(int64_t id) = 0;
  virtual Result<User> GetByName(const std::string& username) = 0;
  virtual Result<std::string> PasswordHash(int64_t user_id) = 0;
  virtual Result<Page<User>> List(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> Insert(const User& u, const std::string& password_hash) = 0;
  virtual Status Update(const User& u) = 0;
  virtual Status SetPassword(int64_t user_id, const std::string& password_hash, bool must_change) = 0;

  virtual Result<Department> GetDepartment(int64_t id) = 0;
  virtual Result<Page<Department>> Departments(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> InsertDepartment(const Department& d) = 0;
  virtual Status UpdateDepartment(const Department& d) = 0;

  virtual Status InsertSession(const Session& s) = 0;
  virtual Result<Session> GetSession(const std::string& token_hash) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOf(int64_t user_id) = 0;
};

class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  // Appends with the next seq, prev_hash of the last row and its own hash; fills seq/at/hashes of *e.
  virtual Status Append(AuditEntry* e) = 0;
  virtual Result<Page<AuditEntry>> List(const std::string& scope, const PageRequest& page) = 0;
  // Walks the whole chain in seq order.
  virtual Result<AuditVerification> Verify() = 0;
};

// One transaction. Writes through a read transaction fail with kInternal.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual PlaceRepo& places() = 0;
  virtual PeopleRepo& people() = 0;
  virtual OrgRepo& orgs() = 0;
  virtual PartyOrgRepo& party() = 0;
  virtual UserRepo& users() = 0;
  virtual AuditRepo& audit() = 0;
};

struct WriterStats {
  int64_t batches = 0;       // commits
  int64_t jobs = 0;          // write functions run
  int64_t failed_jobs = 0;   // rolled back individually
  std::vector<int64_t> batch_size_histogram;  // buckets: 1, 2-3, 4-7, 8-15, 16-31, 32-63, 64+
};

class Database {
 public:
  virtual ~Database() = default;
  // A read snapshot. kUnavailable when the database is closed.
  virtual Result<std::unique_ptr<Tx>> Read() = 0;
  // Runs fn in the group-committed write transaction; returns fn's Status once the commit is durable
  // (or kInternal if the commit failed, in which case nothing of fn remains).
  virtual Status Write(const std::function<Status(Tx&)>& fn) = 0;
  virtual WriterStats Stats() const = 0;
  // Online backup to a new file (SQLite backup API / pg_dump equivalent).
  virtual Status Backup(const std::string& dest_path) = 0;
  virtual std::string Backend() const = 0;
};

struct SqliteOptions {
  int read_connections = 8;
  int max_batch = 256;           // jobs per group commit
  bool synchronous_full = true;  // PRAGMA synchronous=FULL (durable on return)
};

// Opens (creating if absent) a SQLite database and applies pending migrations.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const SqliteOptions& options = {});

// The current UTC time as ISO 8601 with milliseconds ("2026-11-21T10:00:00.123Z").
std::string NowIso();
int64_t NowUnix();

}  // namespace wangge::storage
