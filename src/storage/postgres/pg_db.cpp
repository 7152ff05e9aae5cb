// PostgreSQL Database: writer threads that group-commit write functions, and a pool of read connections.
//
// Writes keep the SQLite backend's contract (database.hpp): each job runs inside its own SAVEPOINT, a batch
// of jobs commits once, and every job's caller is woken only after COMMIT returned with
// synchronous_commit=on (the WAL record is flushed: durable). A batch that fails with a serialization
// failure or a deadlock (possible only with several writers) is rolled back and run again as a whole.
// When the server goes away, the jobs of the batch are answered kUnavailable (503) and the next batch
// reconnects; reads reconnect the same way.
#include "storage/postgres/pg_db.hpp"

#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/postgres/pg_conn.hpp"
#include "storage/postgres/pg_repos.hpp"

extern char** environ;

namespace wangge::storage::postgres {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};
const std::vector<Migration> kMigrations = {
#include "pg_migrations.inc"
};

// Any key that this binary's processes agree on: the advisory lock serialising migrations.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7140427)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7140427)";

Status ApplyMigrations(Conn& c) {
  RETURN_IF_ERROR(c.Run(kMigrationLock));
  auto unlock = [&c](Status st) {
    (void)c.Run(kMigrationUnlock);
    return st;
  };
  Status st = c.Run(
      "CREATE TABLE IF NOT EXISTS schema_migrations(version integer PRIMARY KEY, name text NOT NULL, "
      "applied_at text NOT NULL)");
  if (!st.ok()) return unlock(st);
  int current = 0;
  {
    auto s = c.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (s.Step()) current = static_cast<int>(s.Int(0));
    if (!s.status().ok()) return unlock(s.status());
  }
  const int known = kMigrations.empty() ? 0 : kMigrations.back().version;
  if (current > known)
    return unlock(FailedPrecondition("数据库结构版本 " + std::to_string(current) + " 比本程序（" +
                                         std::to_string(known) + "）新，请升级程序",
                                     "the database schema is version " + std::to_string(current) +
                                         ", newer than this binary knows (" + std::to_string(known) +
                                         "): upgrade wangge"));
  for (const auto& m : kMigrations) {
    if (m.version <= current) continue;
    st = c.Run("BEGIN");
    if (st.ok()) st = c.Run(m.sql);
    if (st.ok()) {
      auto s = c.Prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES($1, $2, $3)");
      s.Bind(1, m.version).Bind(2, m.name).Bind(3, NowIso());
      st = s.Exec();
    }
    if (!st.ok()) {
      (void)c.Run("ROLLBACK");
      return unlock(Internal(std::string("migration ") + m.name + " failed: " + st.en()));
    }
    st = c.Run("COMMIT");
    if (!st.ok()) return unlock(st);
    spdlog::info("applied migration {}", m.name);
  }
  return unlock(Status::Ok());
}

int Bucket(size_t n) {
  int b = 0;
  while (n > 1 && b < 6) {
    n >>= 1;
    ++b;
  }
  return b;
}

bool Retryable(const Conn& c) { return c.last_sqlstate() == "40001" || c.last_sqlstate() == "40P01"; }
// The connection is gone or going: closed, or the server said so (08xxx connection exceptions, 57Pxx
// shutdown).
bool Lost(const Conn& c) {
  const std::string& s = c.last_sqlstate();
  return !c.Ok() || s.rfind("08", 0) == 0 || s.rfind("57P", 0) == 0;
}

class PgDatabase;

// A read transaction: holds a pooled connection for its lifetime.
class ReadTx final : public Tx {
 public:
  ReadTx(PgDatabase* db, std::unique_ptr<Conn> conn) : db_(db), conn_(std::move(conn)), tx_(conn_.get()) {}
  ~ReadTx() override;
#define WANGGE_REPO(accessor, Interface) \
  Interface& accessor() override { return tx_.accessor(); }
#include "storage/repos.def"
#undef WANGGE_REPO

 private:
  PgDatabase* db_;
  std::unique_ptr<Conn> conn_;
  PgTx tx_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, PgOptions opt) : url_(std::move(url)), opt_(opt) {
    stats_.batch_size_histogram.assign(7, 0);
    if (opt_.writers < 1) opt_.writers = 1;
  }

  Status Open() {
    ASSIGN_OR_RETURN(auto first, Connect(/*writer=*/true));
    RETURN_IF_ERROR(ApplyMigrations(*first));
    writers_.resize(opt_.writers);
    writers_[0].conn = std::move(first);
    for (int i = 1; i < opt_.writers; ++i) {
      ASSIGN_OR_RETURN(writers_[i].conn, Connect(true));
    }
    for (auto& w : writers_) {
      w.tx = std::make_unique<PgTx>(w.conn.get());
      w.thread = std::thread([this, &w] { WriterLoop(w); });
    }
    return Status::Ok();
  }

  ~PgDatabase() override {
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& w : writers_)
      if (w.thread.joinable()) w.thread.join();
    writers_.clear();
    std::lock_guard lk(pool_mu_);
    pool_.clear();
  }

  Result<std::unique_ptr<Tx>> Read() override {
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<Conn> conn;
      {
        std::lock_guard lk(pool_mu_);
        if (!pool_.empty()) {
          conn = std::move(pool_.back());
          pool_.pop_back();
        }
      }
      if (!conn) {
        ASSIGN_OR_RETURN(conn, Connect(false));
      }
      // The snapshot is taken by the first statement: take it now, so it is the moment of Read().
      Status st = conn->Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1");
      if (st.ok()) return std::unique_ptr<Tx>(new ReadTx(this, std::move(conn)));
      // A pooled connection the server closed (restart): drop it and try a new one once.
      if (conn->Ok() || attempt > 0) return st;
    }
  }

  void Return(std::unique_ptr<Conn> conn) {
    if (!conn->Ok() || !conn->Run("ROLLBACK").ok()) return;  // a broken connection is dropped
    std::lock_guard lk(pool_mu_);
    if (static_cast<int>(pool_.size()) < opt_.read_connections) pool_.push_back(std::move(conn));
  }

  Status Write(const std::function<Status(Tx&)>& fn) override {
    Job job{&fn, {}};
    auto fut = job.done.get_future();
    {
      std::lock_guard lk(mu_);
      if (stopping_) return Status(StatusCode::kUnavailable, "服务正在停止", "database is shutting down");
      queue_.push_back(&job);
    }
    cv_.notify_one();
    return fut.get();
  }

  WriterStats Stats() const override {
    std::lock_guard lk(stats_mu_);
    return stats_;  // cache_bytes: the server's caches are not this process's memory
  }

  Status Backup(const std::string& dest_path) override;

  Result<std::string> IntegrityCheck() override {
    ASSIGN_OR_RETURN(auto c, Connect(false));
    // PostgreSQL checks pages as it reads them (with data checksums on, every read); what it found is
    // counted per database. No extension (amcheck) is assumed to be installed.
    auto s = c->Prepare(
        "SELECT coalesce(checksum_failures, 0) FROM pg_stat_database WHERE datname = current_database()");
    int64_t failures = 0;
    if (s.Step()) failures = s.Int(0);
    RETURN_IF_ERROR(s.status());
    if (failures > 0) return std::to_string(failures) + " checksum failures reported by the server";
    return std::string("ok");
  }

  std::string Backend() const override { return "postgresql"; }

  Result<std::map<std::string, std::vector<std::string>>> Schema() override {
    ASSIGN_OR_RETURN(auto c, Connect(false));
    std::map<std::string, std::vector<std::string>> out;
    auto s = c->Prepare(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables "
        "t ON t.table_schema = c.table_schema AND t.table_name = c.table_name WHERE c.table_schema = "
        "current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position");
    while (s.Step()) out[s.Text(0)].push_back(s.Text(1));
    RETURN_IF_ERROR(s.status());
    return out;
  }

 private:
  struct Job {
    const std::function<Status(Tx&)>* fn;
    std::promise<Status> done;
  };
  struct Writer {
    std::unique_ptr<Conn> conn;
    std::unique_ptr<PgTx> tx;
    std::thread thread;
  };

  Result<std::unique_ptr<Conn>> Connect(bool writer) {
    ASSIGN_OR_RETURN(auto c, Conn::Open(url_));
    // Durable commits (a 2xx means committed) unless the caller asked otherwise (bulk loads, tests).
    std::string set =
        opt_.synchronous_commit ? "SET synchronous_commit = on" : "SET synchronous_commit = off";
    set += "; SET TIME ZONE 'UTC'";
    // Reads plan every execution with its parameter values: the list statements carry optional filters
    // ("$6 IS NULL OR o.state = $6") and code ranges whose best index depends on the values, and the generic
    // plan PostgreSQL switches to after five executions scanned a township's open orders by category (open
    // list p99 224 -> 38 ms on the full demo). Writers keep the default: re-planning every insert halved the
    // demo's and the intake's speed (bench/results/backends.md).
    if (!writer) set += "; SET default_transaction_read_only = on; SET plan_cache_mode = force_custom_plan";
    RETURN_IF_ERROR(c->Run(set));
    return c;
  }

  void WriterLoop(Writer& w) {
    std::vector<Job*> batch;
    while (true) {
      {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) return;
        while (!queue_.empty() && static_cast<int>(batch.size()) < opt_.max_batch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      RunBatch(w, batch);
      batch.clear();
    }
  }

  // A lost connection is replaced before the batch runs; false (and `st`) when no new one can be made.
  bool EnsureConnected(Writer& w, Status* st) {
    if (w.conn && w.conn->Ok()) return true;
    auto c = Connect(true);
    if (!c.ok()) {
      *st = c.status();
      return false;
    }
    w.tx.reset();
    w.conn = std::move(c).value();
    w.tx = std::make_unique<PgTx>(w.conn.get());
    return true;
  }

  // Runs the batch once: per-job results in `results`; the commit's status is returned, and *retry says
  // whether it failed with a serialization failure or a deadlock (worth running again).
  Status RunOnce(Writer& w, std::vector<Job*>& batch, std::vector<Status>& results, int64_t* failed,
                 bool* retry) {
    Conn& c = *w.conn;
    PgTx& tx = *w.tx;
    *failed = 0;
    *retry = false;
    RETURN_IF_ERROR(c.Run("BEGIN"));
    tx.Begin();
    for (size_t i = 0; i < batch.size(); ++i) {
      Status st = c.Run("SAVEPOINT job");
      if (!st.ok()) {
        *retry = Retryable(c);
        (void)c.Run("ROLLBACK");
        tx.Forget();
        tx.ForgetBatch();
        return st;
      }
      try {
        st = (*batch[i]->fn)(tx);
        if (st.ok()) st = tx.FlushCounts();
        if (st.ok()) tx.KeepRollups();
      } catch (const std::exception& e) {
        spdlog::error("write job threw: {}", e.what());
        st = Internal(std::string("write failed: ") + e.what());
      } catch (...) {
        spdlog::error("write job threw a non-standard exception");
        st = Internal("write failed: unknown exception");
      }
      // A lost connection or a serialization failure ends the whole batch (it is retried or answered).
      // The job's own answer is then not to be trusted: a read that failed on the lost connection looked
      // like a missing record to it (a 400 "place does not exist" while the server restarted), so the
      // batch is answered with the database's state (503), whatever the job said.
      if (!st.ok() && (Lost(c) || Retryable(c))) {
        *retry = Retryable(c);
        if (st.code() != StatusCode::kUnavailable)
          st = *retry
                   ? Status(StatusCode::kUnavailable, "数据库繁忙，请稍后重试", "database busy: " + st.en())
                   : Status(StatusCode::kUnavailable, "数据库暂时不可用，请稍后重试",
                            "database unavailable: the connection was lost during the write");
        (void)c.Run("ROLLBACK");
        tx.Forget();
        tx.ForgetBatch();
        tx.EndJob();
        return st;
      }
      if (st.ok()) {
        st = c.Run("RELEASE job");
      } else {
        ++*failed;
        (void)c.Run("ROLLBACK TO job");
        (void)c.Run("RELEASE job");
        tx.Forget();
      }
      tx.EndJob();
      results[i] = std::move(st);
    }
    Status commit = tx.FlushBatchRollups();
    if (commit.ok()) commit = c.Run("COMMIT");
    if (!commit.ok()) {
      *retry = Retryable(c);
      (void)c.Run("ROLLBACK");
      tx.Forget();
      tx.ForgetBatch();
    }
    return commit;
  }

  void RunBatch(Writer& w, std::vector<Job*>& batch) {
    std::vector<Status> results(batch.size());
    int64_t failed = 0;
    Status commit;
    for (int attempt = 0;; ++attempt) {
      if (!EnsureConnected(w, &commit)) break;
      bool retry = false;
      commit = RunOnce(w, batch, results, &failed, &retry);
      if (commit.ok() || !retry || attempt >= opt_.retries) break;
      spdlog::info("write batch of {} retried after {}", batch.size(), commit.en());
    }
    if (!commit.ok()) {
      spdlog::error("group commit failed: {}", commit.en());
      for (auto& r : results) r = commit;
      failed = static_cast<int64_t>(batch.size());
    }
    {
      std::lock_guard lk(stats_mu_);
      ++stats_.batches;
      stats_.jobs += static_cast<int64_t>(batch.size());
      stats_.failed_jobs += failed;
      ++stats_.batch_size_histogram[Bucket(batch.size())];
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
  }

  std::string url_;
  PgOptions opt_;
  std::vector<Writer> writers_;  // sized once in Open(), before the threads start
  std::mutex mu_;                // guards queue_ and stopping_
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  mutable std::mutex pool_mu_;  // guards pool_
  std::vector<std::unique_ptr<Conn>> pool_;
  mutable std::mutex stats_mu_;  // guards stats_
  WriterStats stats_;
};

ReadTx::~ReadTx() { db_->Return(std::move(conn_)); }

// pg_dump of the same major version as the server Debian ships (postgresql-client-15), else the one on PATH.
std::string PgDumpPath() {
  const char* fixed = "/usr/lib/postgresql/15/bin/pg_dump";
  return access(fixed, X_OK) == 0 ? fixed : "pg_dump";
}

// A consistent dump in pg_dump's custom format (restore with pg_restore): pg_dump reads from one snapshot,
// so writers go on meanwhile. The password reaches pg_dump through its environment (PGPASSWORD), not its
// command line, where other users of the machine could read it.
Status PgDatabase::Backup(const std::string& dest_path) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url_.c_str(), &err);
  if (opts == nullptr) {
    std::string msg = err != nullptr ? err : "out of memory";
    PQfreemem(err);
    return InvalidArgument("数据库地址无效", "bad database URL: " + msg, "database");
  }
  std::string conninfo;
  std::string password;
  for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    if (std::strcmp(o->keyword, "password") == 0) {
      password = o->val;
      continue;
    }
    std::string v;
    for (const char* p = o->val; *p != '\0'; ++p) {
      if (*p == '\\' || *p == '\'') v += '\\';
      v += *p;
    }
    conninfo += std::string(conninfo.empty() ? "" : " ") + o->keyword + "='" + v + "'";
  }
  PQconninfoFree(opts);
  const std::string pg_dump = PgDumpPath();
  std::vector<std::string> args = {pg_dump, "--format=custom", "--no-owner", "--file=" + dest_path,
                                   "--dbname=" + conninfo};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e)
    if (std::strncmp(*e, "PGPASSWORD=", 11) != 0) env_strings.emplace_back(*e);
  if (!password.empty()) env_strings.push_back("PGPASSWORD=" + password);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, pg_dump.c_str(), nullptr, nullptr, argv.data(), envp.data());
  if (rc != 0) return Internal("cannot run " + pg_dump + ": " + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Internal("pg_dump failed (exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                    ") writing " + dest_path);
  return Status::Ok();
}

}  // namespace
}  // namespace wangge::storage::postgres

namespace wangge::storage {

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const PgOptions& options) {
  auto db = std::make_unique<postgres::PgDatabase>(url, options);
  RETURN_IF_ERROR(db->Open());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace wangge::storage
