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
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/calendar.hpp"
#include "core/category.hpp"
#include "core/entities.hpp"
#include "core/indicators.hpp"
#include "core/order.hpp"
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
  std::string scope;        // code prefix ("" = all)
  std::string name_prefix;  // 姓名 prefix
  std::string cid_hash;     // blind index of a citizen ID (exact match)
  std::string tag;          // care/sensitive group id
  std::optional<int64_t> household_id;
  bool include_retired = false;
  PageRequest page;
};

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t created_at = 0;  // unix seconds
  int64_t expires_at = 0;
  std::string kind =
      "session";     // "session" (a login) | "apikey" (an Open311 API key: the Open311 routes only)
  std::string hint;  // an API key's first characters ("wgk_Ab3d"), to recognise it by in a list
};

struct AuditEntry {
  int64_t seq = 0;
  std::string at;  // ISO 8601 UTC with milliseconds
  int64_t user_id = 0;
  std::string username;
  std::string action;  // "person.create", "person.unmask", "place.update" …
  std::string entity;  // "person", "place" …
  std::string entity_id;
  std::string place_code;
  std::string detail;  // JSON object (never plaintext personal data)
  std::string prev_hash;
  std::string hash;
};

// Result of checking the audit chain.
struct AuditVerification {
  bool ok = true;
  int64_t rows_checked = 0;
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string reason;         // "hash mismatch", "missing row", "prev_hash mismatch"
};

// The audit row hash: SHA-256 over prev_hash and every other field, so any edit breaks the chain.
std::string AuditHash(const AuditEntry& e);

// A comparison of derived rows (counters, roll-ups) with a recomputation from the base tables (`wangge
// check`, the crash tests).
struct DerivedCheck {
  int64_t rows = 0;        // rows compared
  int64_t mismatches = 0;  // rows missing, extra (non-zero) or with other figures than the recomputation
  std::string first;       // the first mismatch, readable
};

class PlaceRepo {
 public:
  virtual ~PlaceRepo() = default;
  // kNotFound when absent.
  virtual Result<Place> Get(const std::string& code) = 0;
  // Only the name (no boundary): for labels on lists. NotFound when absent.
  virtual Result<std::string> Name(const std::string& code) = 0;
  // Children ordered by code, retired ones only when asked.
  virtual Result<Page<Place>> Children(const std::string& parent_code, bool include_retired,
                                       const PageRequest& page) = 0;
  // All places of one level inside a scope, ordered by code.
  virtual Result<Page<Place>> InScope(const std::string& scope, int level, bool include_retired,
                                      const PageRequest& page) = 0;
  // Subtree totals for the node (maintained counters).
  virtual Result<PlaceCounts> Counts(const std::string& code) = 0;
  // kConflict when the code exists.
  virtual Status Insert(const Place& p) = 0;
  // Writes every field but code; kConflict when p.version is not the stored version (optimistic lock);
  // bumps the version.
  virtual Status Update(const Place& p) = 0;
  // Moves the place and everything below it to a new code (prefix rewrite in every table); kConflict when
  // the new code exists.
  virtual Status Rekey(const std::string& old_code, const std::string& new_code,
                       const std::string& new_parent) = 0;
  // Adds `delta` to the counter `metric` ("people", "households", "grids", "units", "tag:<id>") of `code`
  // and each of its ancestors. Applied when the surrounding write commits.
  virtual void AddCount(const std::string& code, const std::string& metric, int64_t delta) = 0;
  // Recomputes every counter from the base tables (demo, import, repair); returns rows written.
  virtual Result<int64_t> RebuildCounts() = 0;
  // Compares every counter (place subtree totals, household member counts) with a recomputation; read-only.
  virtual Result<DerivedCheck> CheckCounts() = 0;
  // Every place code in every table the registry lists (registry.hpp) names a place (live or retired): rows
  // checked, codes naming none (historical columns and counters are not checked; "" is none where allowed).
  virtual Result<DerivedCheck> CheckPlaceCodes() = 0;
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
  // Sessions of one kind ("apikey"), newest first, at most `limit`.
  virtual Result<std::vector<Session>> SessionsOfKind(const std::string& kind, int limit) = 0;

  // Notification recipients: active users of a department; active users of a role scoped exactly to a place.
  virtual Result<std::vector<User>> UsersOfDepartment(int64_t dept_id) = 0;
  virtual Result<std::vector<User>> UsersAt(const std::string& place_code, const std::string& role) = 0;
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

// ------------------------------------------------------------------ orders (the event loop)

// One step of an order's timeline (who, when, what).
struct OrderEvent {
  int64_t id = 0;
  int64_t order_id = 0;
  int64_t at = 0;       // unix seconds
  std::string action;   // order::ActionName
  int from_state = -1;  // -1 when the action created the order
  int to_state = 0;
  int64_t user_id = 0;    // 0 = the system (scheduler)
  std::string user_name;  // display name at the time
  std::string role;       // role identifier at the time
  std::string reason;
  std::string note;
  std::string data = "{}";  // JSON: attachments, target, departments, rating, strength, days …
};

// 吹哨: a department called in to an order, which must 报到 by due_at.
struct OrderCallin {
  int64_t order_id = 0;
  int64_t dept_id = 0;
  int64_t called_at = 0;
  int64_t due_at = 0;
  int64_t acked_at = 0;  // 0 = not yet
  bool overdue_notified = false;
};

struct OrderQuery {
  std::string scope;            // place prefix ("" = all); ignored when dept/reporter set
  std::optional<int64_t> dept;  // assigned to, or called in (吹哨) and not acknowledged… or acknowledged
  std::optional<int64_t> reporter;  // reporter_user_id
  std::optional<int64_t> handler;   // handler_user_id
  std::optional<order::State> state;
  bool open_only = false;       // order::IsOpen states only
  bool overdue_only = false;    // open and red
  int min_warn = 0;             // 1 = yellow or red
  std::string category;         // category code prefix ("" = all)
  int64_t received_from = 0;    // unix seconds, inclusive (0 = unbounded)
  int64_t received_to = 0;      // exclusive (0 = unbounded)
  std::string sort = "newest";  // "newest" (id desc) | "deadline" (current deadline asc, open only) |
                                // "closed" (closed_at desc, closed orders only: the public board)
  // A category class left out ("" = none: class 10 特殊人群 for callers that may not see it), except the
  // orders whose reporter is `hide_except_reporter`, whose assignee place is `hide_except_place` or assignee
  // department `hide_except_dept`, and those the department `dept` was called in to (0 / "" = no exception).
  std::string hide_class;
  int64_t hide_except_reporter = 0;
  std::string hide_except_place;
  int64_t hide_except_dept = 0;
  PageRequest page;
};

// Roll-up key: subject (place code, "d:<dept>", "u:<user>"), grain (0 day, 1 month), period (day number or
// month number, order::MonthOfDay), kind, category.
struct RollupKey {
  std::string subject;
  int grain = 0;
  int32_t period = 0;
  int kind = 0;
  std::string category;
  bool operator==(const RollupKey&) const = default;
};

struct RollupQuery {
  std::string subject;   // one subject (a place code, "d:<id>", "u:<id>")
  int32_t from_day = 0;  // inclusive, order::ReceivedDay numbering
  int32_t to_day = 0;    // inclusive
  std::string category;  // code prefix ("" = all)
  std::optional<int> kind;
  std::string
      exclude_category;  // a code prefix left out ("" = none): class 10 for roles without kSensitiveRead
};

class OrderRepo {
 public:
  virtual ~OrderRepo() = default;
  // RecordNotFound when absent.
  virtual Result<order::Order> Get(int64_t id) = 0;
  // Inserts with a new id (returned); o.version is stored as given.
  virtual Result<int64_t> Insert(const order::Order& o) = 0;
  // Writes every field; kConflict when o.version is not the stored version; bumps the stored version.
  virtual Status Update(const order::Order& o) = 0;
  virtual Result<Page<order::Order>> List(const OrderQuery& q) = 0;
  // Orders of `category` received in [from, to) whose coordinates lie in the box (duplicate suggestion).
  virtual Result<std::vector<order::Order>> Nearby(const std::string& category, int64_t from, int64_t to,
                                                   double lat_min, double lat_max, double lon_min,
                                                   double lon_max, int limit) = 0;
  // The scheduler's index: open orders with 0 < alarm_at <= now, oldest alarm first.
  virtual Result<std::vector<order::Order>> DueAlarms(int64_t now, int limit) = 0;
  // The earliest alarm_at > 0 (nullopt when none).
  virtual Result<std::optional<int64_t>> NextAlarm() = 0;
  // Open311: the token handed out at submission.
  virtual Status SetToken(int64_t order_id, const std::string& token) = 0;
  virtual Result<std::optional<int64_t>> FindByToken(const std::string& token) = 0;

  // Timeline. Append fills e->id.
  virtual Status AppendEvent(OrderEvent* e) = 0;
  virtual Result<std::vector<OrderEvent>> Events(int64_t order_id) = 0;

  // 吹哨. Insert is kConflict when the department is already called in to the order.
  virtual Status InsertCallin(const OrderCallin& c) = 0;
  virtual Status UpdateCallin(const OrderCallin& c) = 0;
  virtual Result<std::vector<OrderCallin>> Callins(int64_t order_id) = 0;
  // Unacknowledged call-ins past due and not yet notified.
  virtual Result<std::vector<OrderCallin>> DueCallins(int64_t now, int limit) = 0;
  virtual Result<std::optional<int64_t>> NextCallinDue() = 0;

  // Roll-ups: adds delta to the row (created at zero when absent). Buffered and applied when the job commits.
  virtual void AddRollup(const RollupKey& key, const order::Metrics& delta) = 0;
  // Σ over the subject's rows for the day range: whole months from month rows, the rest from day rows.
  virtual Result<order::Metrics> SumRollup(const RollupQuery& q) = 0;
  // The same, grouped by category code (2-level codes as stored) / by month.
  virtual Result<std::vector<std::pair<std::string, order::Metrics>>> RollupByCategory(
      const RollupQuery& q) = 0;
  virtual Result<std::vector<std::pair<int32_t, order::Metrics>>> RollupByMonth(const RollupQuery& q) = 0;
  // The same figures computed from the raw orders (a GROUP BY over `orders`): the check and the benchmark's
  // baseline. `subject` as in RollupQuery.
  virtual Result<order::Metrics> RecomputeFromOrders(const RollupQuery& q) = 0;
  // The figures of the orders located in the place `q.subject` (a code), grouped by their assigned
  // department, computed from the orders (the department roll-ups "d:<id>" count a department's orders
  // everywhere):
  // [(department id, metrics)] in id order; departments without orders there are absent.
  virtual Result<std::vector<std::pair<int64_t, order::Metrics>>> RecomputeByDepartment(
      const RollupQuery& q) = 0;
  // The order side of moving the place `old_code` (and everything under it) to `new_code` (PlaceRepo::Rekey
  // calls it before rewriting the place columns): the figures of the moved subtree leave the old ancestors'
  // roll-ups and join the new ancestors', its roll-up subjects are renamed, and its orders owned by the old
  // township's command centre are owned by the new township's. Applied with the surrounding write.
  virtual Status MovePlace(const std::string& old_code, const std::string& new_code) = 0;
  // Drops and rebuilds every roll-up row from the raw orders (demo bulk load, repair). Returns rows written.
  virtual Result<int64_t> RebuildRollups() = 0;
  // Compares every roll-up row with what RebuildRollups would write; read-only (works in a read snapshot).
  virtual Result<DerivedCheck> CheckRollups() = 0;
};

// Categories (派单目录) and the holiday calendar.
class CatalogRepo {
 public:
  virtual ~CatalogRepo() = default;
  virtual Result<std::vector<Category>> Categories() = 0;             // all, by code
  virtual Result<Category> GetCategory(const std::string& code) = 0;  // RecordNotFound
  virtual Status InsertCategory(const Category& c) = 0;               // kConflict when the code exists
  virtual Status UpdateCategory(const Category& c) = 0;  // kConflict on version; bumps the version
  virtual Result<std::vector<std::tuple<std::string, cal::DayType, std::string>>>
  CalendarDays() = 0;  // (YYYY-MM-DD, type, name)
  virtual Status PutCalendarDay(const std::string& date, cal::DayType type, const std::string& name) = 0;
  virtual Status DeleteCalendarDay(const std::string& date) = 0;  // RecordNotFound when absent
  // Bumped on every category or calendar change, so caches can tell they are stale.
  virtual Result<int64_t> CatalogVersion() = 0;
};

struct Notification {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t at = 0;
  std::string kind;      // "dispatched", "overdue", "supervise", "whistle", "returned", "reopened", …
  int64_t order_id = 0;  // 0 when none
  std::string title;     // Chinese, short
  std::string body;
  int64_t read_at = 0;
};

struct Webhook {
  int64_t id = 0;
  std::string url;
  std::string secret;      // plaintext in memory only
  std::string secret_enc;  // storage
  std::string events;      // comma-separated event names, "*" = all
  std::string scope;       // place prefix of orders it receives ("" = all)
  bool active = true;
  int64_t created_by = 0;
  std::string created_at;
  int64_t version = 1;
};

struct WebhookDelivery {
  int64_t id = 0;
  int64_t webhook_id = 0;
  std::string event;
  std::string payload;  // JSON body
  int attempts = 0;
  int64_t next_at = 0;             // when to try next (unix seconds)
  std::string status = "pending";  // pending | delivered | failed
  int last_status = 0;             // last HTTP status, 0 when none
  std::string last_error;
  int64_t created_at = 0;
  int64_t delivered_at = 0;
};

class NotifyRepo {
 public:
  virtual ~NotifyRepo() = default;
  virtual Result<int64_t> InsertNotification(const Notification& n) = 0;
  // Newest first; unread only when asked.
  virtual Result<Page<Notification>> Inbox(int64_t user_id, bool unread_only, const PageRequest& page) = 0;
  virtual Result<int64_t> UnreadCount(int64_t user_id) = 0;
  // Marks one (id) or all (id 0) of the user's notifications read; returns how many changed.
  virtual Result<int64_t> MarkRead(int64_t user_id, int64_t id, int64_t at) = 0;

  virtual Result<std::vector<Webhook>> Webhooks() = 0;  // all, by id
  virtual Result<Webhook> GetWebhook(int64_t id) = 0;   // RecordNotFound
  virtual Result<int64_t> InsertWebhook(const Webhook& w) = 0;
  virtual Status UpdateWebhook(const Webhook& w) = 0;  // kConflict on version
  virtual Result<int64_t> EnqueueDelivery(const WebhookDelivery& d) = 0;
  virtual Status UpdateDelivery(const WebhookDelivery& d) = 0;
  // Pending deliveries with next_at <= now, oldest first.
  virtual Result<std::vector<WebhookDelivery>> DueDeliveries(int64_t now, int limit) = 0;
  virtual Result<std::optional<int64_t>> NextDeliveryAt() = 0;
  virtual Result<Page<WebhookDelivery>> Deliveries(int64_t webhook_id,
                                                   const PageRequest& page) = 0;  // newest first
};

struct Attachment {
  std::string sha256;
  int64_t size = 0;
  std::string mime;
  int64_t uploaded_by = 0;
  int64_t uploaded_at = 0;
};

class AttachmentRepo {
 public:
  virtual ~AttachmentRepo() = default;
  // Inserts the metadata; does nothing when the blob is already known.
  virtual Status Insert(const Attachment& a) = 0;
  virtual Result<Attachment> Get(const std::string& sha256) = 0;           // RecordNotFound
  virtual Status AddRef(const std::string& sha256, int64_t order_id) = 0;  // idempotent
  virtual Result<std::vector<int64_t>> OrdersReferencing(const std::string& sha256, int limit) = 0;
  // Records that `user_id` uploaded the blob (idempotent; the same bytes may come from several people).
  virtual Status AddUploader(const std::string& sha256, int64_t user_id, int64_t at) = 0;
  // Whether `user_id` uploaded the blob.
  virtual Result<bool> UploadedBy(const std::string& sha256, int64_t user_id) = 0;
};

// One row's encrypted values and blind indexes, by column name: people (cid_enc, cid_hash, phone_enc,
// phone_hash), orders (reporter_name_enc, reporter_phone_enc), webhooks (secret_enc), person_tags (fields:
// the tag's JSON, some of whose fields the service seals; `tag` names the tag, `id` is the person; every tag
// row is offered and written back only when fn changed it). A NULL column is absent.
struct SealedRow {
  std::string table;
  int64_t id = 0;
  std::string tag;
  std::map<std::string, std::string> columns;
};

// Settings of the installation, and the pass over every sealed value that a key rotation makes.
class SettingsRepo {
 public:
  virtual ~SettingsRepo() = default;
  virtual Result<std::optional<std::string>> Get(const std::string& key) = 0;
  virtual Status Put(const std::string& key, const std::string& value) = 0;
  // Calls fn for every row holding encrypted values (in id order per table) and writes back the columns fn
  // leaves in the row (same names; a column fn erases becomes NULL). fn's error stops the pass.
  virtual Result<int64_t> RewriteSealed(const std::function<Status(SealedRow&)>& fn) = 0;
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
  virtual OrderRepo& orders() = 0;
  virtual CatalogRepo& catalog() = 0;
  virtual NotifyRepo& notify() = 0;
  virtual AttachmentRepo& attachments() = 0;
  virtual SettingsRepo& settings() = 0;
};

struct WriterStats {
  int64_t batches = 0;                        // commits
  int64_t jobs = 0;                           // write functions run
  int64_t failed_jobs = 0;                    // rolled back individually
  std::vector<int64_t> batch_size_histogram;  // buckets: 1, 2-3, 4-7, 8-15, 16-31, 32-63, 64+
  // Memory the database's connections keep cached (SQLite: every connection's pages, parsed schema and
  // prepared statements, as of its last use). It grows as the caches fill and as the read pool grows to its
  // size; the soak test subtracts it from the server's RSS to tell filling caches from a leak.
  int64_t cache_bytes = 0;
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
  // The backend's own consistency check of its files (SQLite: PRAGMA integrity_check): "ok" or the problems.
  virtual Result<std::string> IntegrityCheck() = 0;
  virtual std::string Backend() const = 0;
  // The live schema: every table of the product (not the backend's own) with its column names, as the
  // backend's catalog says (the registry test compares it with registry.hpp).
  virtual Result<std::map<std::string, std::vector<std::string>>> Schema() = 0;
};

struct SqliteOptions {
  int read_connections = 40;     // idle read connections kept open: at least the HTTP workers (32) and the
                                 // scheduler, or requests pay for opening one (schema parse, cold cache)
  int max_batch = 256;           // jobs per group commit
  bool synchronous_full = true;  // PRAGMA synchronous=FULL (durable on return)
  int checkpoint_pages = 4000;   // WAL frames (4 KiB pages) after which a commit checkpoints (~16 MiB)
  // Page cache of the writer and of each read connection. The caches fill as the load reaches more of the
  // database, so the server's memory grows towards writer + read_connections × reader before it levels off.
  int writer_cache_kib = 256 * 1024;
  int reader_cache_kib = 16 * 1024;
};

// Opens (creating if absent) a SQLite database and applies pending migrations.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const SqliteOptions& options = {});

// The current UTC time as ISO 8601 with milliseconds ("2026-11-21T10:00:00.123Z").
std::string NowIso();
int64_t NowUnix();

}  // namespace wangge::storage
