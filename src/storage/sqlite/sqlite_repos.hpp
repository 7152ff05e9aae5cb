// SQLite implementations of the repositories in storage/store.hpp, all bound to one connection.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/sqlite/sqlite_conn.hpp"
#include "storage/store.hpp"

namespace wangge::storage::sqlite {

class SqliteTx;

// ---- helpers shared by the repository files of this backend

inline constexpr int kMaxPage = 1000;
// The page size asked for, 50 when unset, at most kMaxPage.
inline int PageLimit(const PageRequest& p) {
  return p.limit <= 0 ? 50 : (p.limit > kMaxPage ? kMaxPage : p.limit);
}

// kConflict for an optimistic-lock miss.
Status StaleVersion();

// Runs a keyset page over statement `s` (which asks for limit + 1 rows) whose rows are read by `read`; `key`
// gives the cursor of an item.
template <typename T, typename ReadFn, typename KeyFn>
Result<Page<T>> RunPage(Stmt& s, int limit, ReadFn read, KeyFn key) {
  Page<T> page;
  while (s.Step()) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next = key(page.items.back());
      break;
    }
    page.items.push_back(read(s));
  }
  if (!s.status().ok()) return s.status();
  return page;
}

// Runs a single-row lookup by id; RecordNotFound() when absent (the same answer as out of scope).
template <typename T, typename ReadFn>
Result<T> GetById(Conn& conn, const char* sql, int64_t id, ReadFn read) {
  auto s = conn.Prepare(sql);
  s.Bind(1, id);
  if (s.Step()) return read(s);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

class SqlitePlaceRepo final : public PlaceRepo {
 public:
  explicit SqlitePlaceRepo(SqliteTx* tx) : tx_(tx) {}
  Result<Place> Get(const std::string& code) override;
  Result<std::string> Name(const std::string& code) override;
  Result<Page<Place>> Children(const std::string& parent_code, bool include_retired,
                               const PageRequest& page) override;
  Result<Page<Place>> InScope(const std::string& scope, int level, bool include_retired,
                              const PageRequest& page) override;
  Result<PlaceCounts> Counts(const std::string& code) override;
  Status Insert(const Place& p) override;
  Status Update(const Place& p) override;
  Status Rekey(const std::string& old_code, const std::string& new_code,
               const std::string& new_parent) override;
  void AddCount(const std::string& code, const std::string& metric, int64_t delta) override;
  Result<int64_t> RebuildCounts() override;
  Result<DerivedCheck> CheckCounts() override;
  Result<DerivedCheck> CheckPlaceCodes() override;
  Result<int64_t> CountInScope(const std::string& scope, int level) override;

 private:
  SqliteTx* tx_;
};

class SqlitePeopleRepo final : public PeopleRepo {
 public:
  explicit SqlitePeopleRepo(SqliteTx* tx) : tx_(tx) {}
  Result<Building> GetBuilding(int64_t id) override;
  Result<Page<Building>> Buildings(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> InsertBuilding(const Building& b) override;
  Status UpdateBuilding(const Building& b) override;
  Result<Household> GetHousehold(int64_t id) override;
  Result<Page<Household>> Households(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> InsertHousehold(const Household& h) override;
  Status UpdateHousehold(const Household& h) override;
  Result<std::optional<int64_t>> FindHouseholdByNo(const std::string& household_no) override;
  Result<Person> GetPerson(int64_t id) override;
  Result<std::optional<int64_t>> FindPersonByCidHash(const std::string& cid_hash) override;
  Result<Page<Person>> Search(const PersonQuery& q) override;
  Result<int64_t> InsertPerson(const Person& p) override;
  Status UpdatePerson(const Person& p) override;
  Result<int64_t> CountPeople(const std::string& scope) override;

 private:
  Status LoadTags(Person* p);
  Status WriteTags(const Person& p);
  SqliteTx* tx_;
};

class SqliteOrgRepo final : public OrgRepo {
 public:
  explicit SqliteOrgRepo(SqliteTx* tx) : tx_(tx) {}
  Result<Organization> Get(int64_t id) override;
  Result<Page<Organization>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const Organization& o) override;
  Status Update(const Organization& o) override;
  Result<OrgCoverage> Coverage(const std::string& scope) override;

 private:
  SqliteTx* tx_;
};

class SqlitePartyOrgRepo final : public PartyOrgRepo {
 public:
  explicit SqlitePartyOrgRepo(SqliteTx* tx) : tx_(tx) {}
  Result<PartyOrg> Get(int64_t id) override;
  Result<Page<PartyOrg>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const PartyOrg& o) override;
  Status Update(const PartyOrg& o) override;
  Result<GridPartyCoverage> GridCoverage(const std::string& scope) override;

 private:
  SqliteTx* tx_;
};

class SqliteUserRepo final : public UserRepo {
 public:
  explicit SqliteUserRepo(SqliteTx* tx) : tx_(tx) {}
  Result<User> Get(int64_t id) override;
  Result<User> GetByName(const std::string& username) override;
  Result<std::string> PasswordHash(int64_t user_id) override;
  Result<Page<User>> List(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> Insert(const User& u, const std::string& password_hash) override;
  Status Update(const User& u) override;
  Status SetPassword(int64_t user_id, const std::string& password_hash, bool must_change) override;
  Result<Department> GetDepartment(int64_t id) override;
  Result<Page<Department>> Departments(const std::string& scope, const PageRequest& page) override;
  Result<int64_t> InsertDepartment(const Department& d) override;
  Status UpdateDepartment(const Department& d) override;
  Status InsertSession(const Session& s) override;
  Result<Session> GetSession(const std::string& token_hash) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteSessionsOf(int64_t user_id) override;
  Result<std::vector<Session>> SessionsOfKind(const std::string& kind, int limit) override;
  Result<std::vector<User>> UsersOfDepartment(int64_t dept_id) override;
  Result<std::vector<User>> UsersAt(const std::string& place_code, const std::string& role) override;

 private:
  SqliteTx* tx_;
};

class SqliteAuditRepo final : public AuditRepo {
 public:
  explicit SqliteAuditRepo(SqliteTx* tx) : tx_(tx) {}
  Status Append(AuditEntry* e) override;
  Result<Page<AuditEntry>> List(const std::string& scope, const PageRequest& page) override;
  Result<AuditVerification> Verify() override;

 private:
  SqliteTx* tx_;
};

// Work orders, their timeline, call-ins and roll-ups (sqlite_order_repos.cpp).
class SqliteOrderRepo final : public OrderRepo {
 public:
  explicit SqliteOrderRepo(SqliteTx* tx) : tx_(tx) {}
  Result<order::Order> Get(int64_t id) override;
  Result<int64_t> Insert(const order::Order& o) override;
  Status Update(const order::Order& o) override;
  Result<Page<order::Order>> List(const OrderQuery& q) override;
  Result<std::vector<order::Order>> Nearby(const std::string& category, int64_t from, int64_t to,
                                           double lat_min, double lat_max, double lon_min, double lon_max,
                                           int limit) override;
  Result<std::vector<order::Order>> DueAlarms(int64_t now, int limit) override;
  Result<std::optional<int64_t>> NextAlarm() override;
  Status SetToken(int64_t order_id, const std::string& token) override;
  Result<std::optional<int64_t>> FindByToken(const std::string& token) override;
  Status AppendEvent(OrderEvent* e) override;
  Result<std::vector<OrderEvent>> Events(int64_t order_id) override;
  Status InsertCallin(const OrderCallin& c) override;
  Status UpdateCallin(const OrderCallin& c) override;
  Result<std::vector<OrderCallin>> Callins(int64_t order_id) override;
  Result<std::vector<OrderCallin>> DueCallins(int64_t now, int limit) override;
  Result<std::optional<int64_t>> NextCallinDue() override;
  void AddRollup(const RollupKey& key, const order::Metrics& delta) override;
  Result<order::Metrics> SumRollup(const RollupQuery& q) override;
  Result<std::vector<std::pair<std::string, order::Metrics>>> RollupByCategory(const RollupQuery& q) override;
  Result<std::vector<std::pair<int32_t, order::Metrics>>> RollupByMonth(const RollupQuery& q) override;
  Result<order::Metrics> RecomputeFromOrders(const RollupQuery& q) override;
  Result<std::vector<std::pair<int64_t, order::Metrics>>> RecomputeByDepartment(
      const RollupQuery& q) override;
  Status MovePlace(const std::string& old_code, const std::string& new_code) override;
  Result<int64_t> RebuildRollups() override;
  Result<DerivedCheck> CheckRollups() override;

 private:
  SqliteTx* tx_;
};

class SqliteCatalogRepo final : public CatalogRepo {
 public:
  explicit SqliteCatalogRepo(SqliteTx* tx) : tx_(tx) {}
  Result<std::vector<Category>> Categories() override;
  Result<Category> GetCategory(const std::string& code) override;
  Status InsertCategory(const Category& c) override;
  Status UpdateCategory(const Category& c) override;
  Result<std::vector<std::tuple<std::string, cal::DayType, std::string>>> CalendarDays() override;
  Status PutCalendarDay(const std::string& date, cal::DayType type, const std::string& name) override;
  Status DeleteCalendarDay(const std::string& date) override;
  Result<int64_t> CatalogVersion() override;

 private:
  SqliteTx* tx_;
};

class SqliteNotifyRepo final : public NotifyRepo {
 public:
  explicit SqliteNotifyRepo(SqliteTx* tx) : tx_(tx) {}
  Result<int64_t> InsertNotification(const Notification& n) override;
  Result<Page<Notification>> Inbox(int64_t user_id, bool unread_only, const PageRequest& page) override;
  Result<int64_t> UnreadCount(int64_t user_id) override;
  Result<int64_t> MarkRead(int64_t user_id, int64_t id, int64_t at) override;
  Result<std::vector<Webhook>> Webhooks() override;
  Result<Webhook> GetWebhook(int64_t id) override;
  Result<int64_t> InsertWebhook(const Webhook& w) override;
  Status UpdateWebhook(const Webhook& w) override;
  Result<int64_t> EnqueueDelivery(const WebhookDelivery& d) override;
  Status UpdateDelivery(const WebhookDelivery& d) override;
  Result<std::vector<WebhookDelivery>> DueDeliveries(int64_t now, int limit) override;
  Result<std::optional<int64_t>> NextDeliveryAt() override;
  Result<Page<WebhookDelivery>> Deliveries(int64_t webhook_id, const PageRequest& page) override;

 private:
  SqliteTx* tx_;
};

class SqliteAttachmentRepo final : public AttachmentRepo {
 public:
  explicit SqliteAttachmentRepo(SqliteTx* tx) : tx_(tx) {}
  Status Insert(const Attachment& a) override;
  Result<Attachment> Get(const std::string& sha256) override;
  Status AddRef(const std::string& sha256, int64_t order_id) override;
  Result<std::vector<int64_t>> OrdersReferencing(const std::string& sha256, int limit) override;
  Status AddUploader(const std::string& sha256, int64_t user_id, int64_t at) override;
  Result<bool> UploadedBy(const std::string& sha256, int64_t user_id) override;

 private:
  SqliteTx* tx_;
};

class SqliteSettingsRepo final : public SettingsRepo {
 public:
  explicit SqliteSettingsRepo(SqliteTx* tx) : tx_(tx) {}
  Result<std::optional<std::string>> Get(const std::string& key) override;
  Status Put(const std::string& key, const std::string& value) override;
  Result<int64_t> RewriteSealed(const std::function<Status(SealedRow&)>& fn) override;

 private:
  SqliteTx* tx_;
};

struct RollupKeyHash {
  size_t operator()(const RollupKey& k) const noexcept {
    size_t h = std::hash<std::string>()(k.subject);
    auto mix = [&h](size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(static_cast<size_t>(k.grain));
    mix(static_cast<size_t>(static_cast<uint32_t>(k.period)));
    mix(static_cast<size_t>(k.kind));
    mix(std::hash<std::string>()(k.category));
    return h;
  }
};

// A transaction over one connection. The writer reuses one SqliteTx for every job; `FlushCounts` runs at
// the end of each job inside its savepoint (then `FlushRollups`), and `Forget` drops cached state when a job
// is rolled back.
class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Conn* conn)
      : conn_(conn),
        places_(this),
        people_(this),
        orgs_(this),
        party_(this),
        users_(this),
        audit_(this),
        orders_(this),
        catalog_(this),
        notify_(this),
        attachments_(this),
        settings_(this) {}
  PlaceRepo& places() override { return places_; }
  PeopleRepo& people() override { return people_; }
  OrgRepo& orgs() override { return orgs_; }
  PartyOrgRepo& party() override { return party_; }
  UserRepo& users() override { return users_; }
  AuditRepo& audit() override { return audit_; }
  OrderRepo& orders() override { return orders_; }
  CatalogRepo& catalog() override { return catalog_; }
  NotifyRepo& notify() override { return notify_; }
  AttachmentRepo& attachments() override { return attachments_; }
  SettingsRepo& settings() override { return settings_; }

  Conn& conn() { return *conn_; }
  Status FlushCounts();
  // Applies the buffered roll-up deltas: one UPSERT per distinct key.
  Status FlushRollups();
  // A successful job's roll-up deltas join the batch's (many orders of one group commit share county,
  // township and category rows); the batch's are written once, just before COMMIT (FlushBatchRollups).
  void KeepRollups() {
    // A rebuild in this job recomputed every row from the orders, which include the earlier jobs' changes.
    if (rebuilt_in_job_) batch_rollups_.clear();
    rebuilt_in_job_ = false;
    for (auto& [key, m] : pending_rollups_) batch_rollups_[key] += m;
    pending_rollups_.clear();
  }
  Status FlushBatchRollups() {
    pending_rollups_.swap(batch_rollups_);
    batch_rollups_.clear();
    return FlushRollups();
  }
  void ForgetBatch() { batch_rollups_.clear(); }
  void Forget() {
    pending_rollups_.clear();
    rebuilt_in_job_ = false;
    pending_counts_.clear();
    pending_members_.clear();
    last_audit_.reset();
    now_.clear();
  }
  // The write's timestamp: one per job, so a bulk job does not format the clock per row.
  const std::string& Now() {
    if (now_.empty()) now_ = NowIso();
    return now_;
  }
  void EndJob() { now_.clear(); }
  // Counter deltas per leaf ("code\x1fmetric"); FlushCounts expands them to every ancestor, so a bulk job
  // pays one hash update per row instead of one per ancestor.
  std::unordered_map<std::string, int64_t> pending_counts_;
  // Household member-count deltas, applied with the counters (GetHousehold adds them meanwhile).
  std::unordered_map<int64_t, int64_t> pending_members_;
  std::optional<std::pair<int64_t, std::string>> last_audit_;  // cached (seq, hash) of the chain's tail
  // Roll-up deltas of the job, summed per row (OrderRepo::AddRollup); applied by FlushRollups.
  std::unordered_map<RollupKey, order::Metrics, RollupKeyHash> pending_rollups_;
  std::unordered_map<RollupKey, order::Metrics, RollupKeyHash> batch_rollups_;
  bool rebuilt_in_job_ = false;

 private:
  Conn* conn_;
  SqlitePlaceRepo places_;
  SqlitePeopleRepo people_;
  SqliteOrgRepo orgs_;
  SqlitePartyOrgRepo party_;
  SqliteUserRepo users_;
  SqliteAuditRepo audit_;
  SqliteOrderRepo orders_;
  SqliteCatalogRepo catalog_;
  SqliteNotifyRepo notify_;
  SqliteAttachmentRepo attachments_;
  SqliteSettingsRepo settings_;
  std::string now_;
};

}  // namespace wangge::storage::sqlite
