// The PostgreSQL backend's transaction: PgTx holds one connection, the repositories of every domain (made by
// the factories below, one per line of storage/repos.def, each defined in postgres/<domain>_repo.cpp next to
// its repository class) and the state those repositories share within a transaction (pending counters,
// roll-up deltas, the audit chains' tails, the clock of the write). The same shape as
// sqlite/sqlite_repos.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/indicators.hpp"
#include "storage/database.hpp"
#include "storage/orders_repo.hpp"
#include "storage/postgres/pg_conn.hpp"

namespace wangge::storage::postgres {

class PgTx;

// The factory of each domain's repository: `RepoPtr<PlaceRepo> NewPgPlaceRepo(PgTx*)` … (a line of
// repos.def without its factory is a link error).
#define WANGGE_REPO(accessor, Interface) RepoPtr<Interface> NewPg##Interface(PgTx* tx);
#include "storage/repos.def"
#undef WANGGE_REPO

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

// A transaction over one connection. A writer reuses one PgTx for every job of its batches; `FlushCounts`
// runs at the end of each job inside its savepoint, the batch's roll-ups just before COMMIT, and `Forget`
// drops cached state when a job or a batch is rolled back.
class PgTx final : public Tx {
 public:
  explicit PgTx(Conn* conn) : conn_(conn) {}
  // One accessor per line of repos.def; each repository is made by its domain's factory on first use, so a
  // transaction pays only for the repositories it touches.
#define WANGGE_REPO(accessor, Interface)                    \
  Interface& accessor() override {                          \
    if (!accessor##_) accessor##_ = NewPg##Interface(this); \
    return *accessor##_;                                    \
  }
#include "storage/repos.def"
#undef WANGGE_REPO

  Conn& conn() { return *conn_; }
  Status FlushCounts();
  // Applies the buffered roll-up deltas: one UPSERT per distinct key.
  Status FlushRollups();
  // A successful job's roll-up deltas join the batch's (many orders of one group commit share county,
  // township and category rows); the batch's are written once, just before COMMIT (FlushBatchRollups).
  void KeepRollups() {
    // A rebuild in this job recomputed its rows (every row, or one county's) from the orders, which include
    // the earlier jobs' changes.
    if (rebuilt_in_job_) DropRollupsOf(&batch_rollups_, rebuilt_county_);
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
  // A new transaction: the audit tails cached by the last one are not protected by a lock any more.
  void Begin() { last_audit_.clear(); }
  void Forget() {
    pending_rollups_.clear();
    rebuilt_in_job_ = false;
    rebuilt_county_.clear();
    pending_counts_.clear();
    pending_members_.clear();
    last_audit_.clear();
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
  // Cached (seq, hash) of each county's audit chain tail written in this transaction (audit_repo.cpp), whose
  // advisory lock this transaction holds.
  std::unordered_map<std::string, std::pair<int64_t, std::string>> last_audit_;
  // Roll-up deltas of the job, summed per row (OrderRepo::AddRollup); applied by FlushRollups.
  std::unordered_map<RollupKey, order::Metrics, RollupKeyHash> pending_rollups_;
  std::unordered_map<RollupKey, order::Metrics, RollupKeyHash> batch_rollups_;
  bool rebuilt_in_job_ = false;
  std::string rebuilt_county_;  // the county the rebuild covered ("" = all)
  // Erases the buffered deltas of `county`'s rows ("" = all) from `buffer` (orders_rollup.cpp).
  static void DropRollupsOf(std::unordered_map<RollupKey, order::Metrics, RollupKeyHash>* buffer,
                            const std::string& county);

 private:
  Conn* conn_;
#define WANGGE_REPO(accessor, Interface) RepoPtr<Interface> accessor##_{nullptr, nullptr};
#include "storage/repos.def"
#undef WANGGE_REPO
  std::string now_;
};

}  // namespace wangge::storage::postgres
