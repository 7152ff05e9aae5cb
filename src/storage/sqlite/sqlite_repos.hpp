// SQLite implementations of the repositories in storage/store.hpp, all bound to one connection.
#pragma once

#include <map>
#include <unordered_map>
#include <optional>
#include <utility>

#include "storage/sqlite/sqlite_conn.hpp"
#include "storage/store.hpp"

namespace wangge::storage::sqlite {

class SqliteTx;

class SqlitePlaceRepo final : public PlaceRepo {
 public:
  explicit SqlitePlaceRepo(SqliteTx* tx) : tx_(tx) {}
  Result<Place> Get(const std::string& code) override;
  Result<Page<Place>> Children(const std::string& parent_code, bool include_retired, const PageRequest& page) override;
  Result<Page<Place>> InScope(const std::string& scope, int level, bool include_retired, const PageRequest& page) override;
  Result<PlaceCounts> Counts(const std::string& code) override;
  Status Insert(const Place& p) override;
  Status Update(const Place& p) override;
  Status Rekey(const std::string& old_code, const std::string& new_code, const std::string& new_parent) override;
  void AddCount(const std::string& code, const std::string& metric, int64_t delta) override;
  Result<int64_t> RebuildCounts() override;
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

// A transaction over one connection. The writer reuses one SqliteTx for every job; `FlushCounts` runs at
// the end of each job inside its savepoint, and `Forget` drops cached state when a job is rolled back.
class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Conn* conn) : conn_(conn), places_(this), people_(this), orgs_(this), party_(this), users_(this), audit_(this) {}
  PlaceRepo& places() override { return places_; }
  PeopleRepo& people() override { return people_; }
  OrgRepo& orgs() override { return orgs_; }
  PartyOrgRepo& party() override { return party_; }
  UserRepo& users() override { return users_; }
  AuditRepo& audit() override { return audit_; }

  Conn& conn() { return *conn_; }
  Status FlushCounts();
  void Forget() {
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

 private:
  Conn* conn_;
  SqlitePlaceRepo places_;
  SqlitePeopleRepo people_;
  SqliteOrgRepo orgs_;
  SqlitePartyOrgRepo party_;
  SqliteUserRepo users_;
  SqliteAuditRepo audit_;
  std::string now_;
};

}  // namespace wangge::storage::sqlite
