// SQLite Database: one writer thread that group-commits write functions, and a pool of read connections.
//
// Why a single writer: SQLite allows one writer at a time anyway; funnelling every write through one thread
// lets many requests share one transaction and one fsync (group commit) instead of queueing on the lock.
// Each job runs inside its own SAVEPOINT so a failing job rolls back alone; the batch commits once, and
// every job's caller is woken only after COMMIT returned (synchronous=FULL: durable).
//
// Checkpoints (copying WAL frames back into the database file) run in the writer after a commit once the WAL
// holds SqliteOptions::checkpoint_pages frames (SQLite's auto-checkpoint, at 4x its default of 1,000): a page
// rewritten by many commits (an index leaf, a roll-up row) is copied once per checkpoint, and the WAL starts
// over right after. (A checkpointer thread was measured slower: racing the writer it never copies the last
// frames, so the WAL never restarts, and on two cores it only takes CPU from the writer.)
#include "storage/sqlite/sqlite_db.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "storage/sqlite/sqlite_conn.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};
const Migration kMigrations[] = {
#include "sqlite_migrations.inc"
};

Status ApplyMigrations(Conn& c) {
  RETURN_IF_ERROR(
      c.ExecScript("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, name TEXT NOT "
                   "NULL, applied_at TEXT NOT NULL)"));
  int current = 0;
  {
    auto s = c.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (s.Step()) current = static_cast<int>(s.Int(0));
    RETURN_IF_ERROR(s.status());
  }
  const int known = kMigrations[std::size(kMigrations) - 1].version;
  if (current > known)
    return FailedPrecondition("数据库结构版本 " + std::to_string(current) + " 比本程序（" +
                                  std::to_string(known) + "）新，请升级程序",
                              "the database schema is version " + std::to_string(current) +
                                  ", newer than this binary knows (" + std::to_string(known) +
                                  "): upgrade wangge");
  for (const auto& m : kMigrations) {
    if (m.version <= current) continue;
    RETURN_IF_ERROR(c.ExecScript("BEGIN IMMEDIATE"));
    Status st = c.ExecScript(m.sql);
    if (st.ok()) {
      auto s = c.Prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES(?,?,?)");
      s.Bind(1, m.version).Bind(2, m.name).Bind(3, NowIso());
      st = s.Exec();
    }
    if (!st.ok()) {
      (void)c.ExecScript("ROLLBACK");
      return Internal(std::string("migration ") + m.name + " failed: " + st.en());
    }
    RETURN_IF_ERROR(c.ExecScript("COMMIT"));
    spdlog::info("applied migration {}", m.name);
  }
  return Status::Ok();
}

int Bucket(size_t n) {
  int b = 0;
  while (n > 1 && b < 6) {
    n >>= 1;
    ++b;
  }
  return b;
}

class SqliteDatabase;

// A read transaction: holds a pooled connection for its lifetime.
class ReadTx final : public Tx {
 public:
  ReadTx(SqliteDatabase* db, std::unique_ptr<Conn> conn)
      : db_(db), conn_(std::move(conn)), tx_(conn_.get()) {}
  ~ReadTx() override;
#define WANGGE_REPO(accessor, Interface) \
  Interface& accessor() override { return tx_.accessor(); }
#include "storage/repos.def"
#undef WANGGE_REPO

 private:
  SqliteDatabase* db_;
  std::unique_ptr<Conn> conn_;
  SqliteTx tx_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, SqliteOptions opt) : path_(std::move(path)), opt_(opt) {
    stats_.batch_size_histogram.assign(7, 0);
  }

  Status Open() {
    try {
      writer_conn_ = std::make_unique<Conn>(path_, /*create=*/true);
    } catch (const std::exception& e) {
      return Status(StatusCode::kUnavailable, "无法打开数据库", e.what());
    }
    RETURN_IF_ERROR(writer_conn_->ExecScript("PRAGMA journal_mode=WAL"));
    RETURN_IF_ERROR(writer_conn_->ExecScript(opt_.synchronous_commit ? "PRAGMA synchronous=FULL"
                                                                     : "PRAGMA synchronous=NORMAL"));
    RETURN_IF_ERROR(writer_conn_->ExecScript("PRAGMA foreign_keys=ON; PRAGMA cache_size=-" +
                                             std::to_string(opt_.writer_cache_kib) +
                                             "; PRAGMA temp_store=MEMORY"));
    RETURN_IF_ERROR(
        writer_conn_->ExecScript("PRAGMA wal_autocheckpoint=" + std::to_string(opt_.checkpoint_pages)));
    RETURN_IF_ERROR(ApplyMigrations(*writer_conn_));
    writer_tx_ = std::make_unique<SqliteTx>(writer_conn_.get());
    writer_ = std::thread([this] { WriterLoop(); });
    return Status::Ok();
  }

  ~SqliteDatabase() override {
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    writer_tx_.reset();
    std::lock_guard lk(pool_mu_);
    pool_.clear();
    reader_cache_bytes_.clear();
  }

  Result<std::unique_ptr<Tx>> Read() override {
    std::unique_ptr<Conn> conn;
    {
      std::unique_lock lk(pool_mu_);
      if (!pool_.empty()) {
        conn = std::move(pool_.back());
        pool_.pop_back();
      }
    }
    if (!conn) {
      try {
        conn = std::make_unique<Conn>(path_, false);
        RETURN_IF_ERROR(conn->ExecScript("PRAGMA query_only=ON; PRAGMA cache_size=-" +
                                         std::to_string(opt_.reader_cache_kib) +
                                         "; PRAGMA temp_store=MEMORY"));
      } catch (const std::exception& e) {
        return Status(StatusCode::kUnavailable, "无法打开数据库", e.what());
      }
    }
    // A deferred BEGIN takes its snapshot at the first read, so read now: the snapshot is the moment of
    // Read().
    RETURN_IF_ERROR(conn->Run("BEGIN"));
    Status snap = conn->Run("SELECT 1 FROM sqlite_master LIMIT 1");
    if (!snap.ok()) {
      (void)conn->Run("ROLLBACK");
      return snap;
    }
    return std::unique_ptr<Tx>(new ReadTx(this, std::move(conn)));
  }

  void Return(std::unique_ptr<Conn> conn) {
    (void)conn->Run("ROLLBACK");
    const int64_t cache = CacheBytes(*conn);
    std::lock_guard lk(pool_mu_);
    if (static_cast<int>(pool_.size()) < opt_.read_connections) {
      reader_cache_bytes_[conn.get()] = cache;
      pool_.push_back(std::move(conn));
    } else {
      reader_cache_bytes_.erase(conn.get());
    }
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
    WriterStats s;
    {
      std::lock_guard lk(stats_mu_);
      s = stats_;
    }
    // Each connection's caches as of its last use (SQLite's global memory statistics are compiled out in
    // Debian's build, and a connection in use by another thread is not ours to ask).
    std::lock_guard lk(pool_mu_);
    s.cache_bytes = writer_cache_bytes_;
    for (const auto& [conn, bytes] : reader_cache_bytes_) s.cache_bytes += bytes;
    return s;
  }

  Status Backup(const std::string& dest_path) override {
    sqlite3* dest = nullptr;
    if (sqlite3_open(dest_path.c_str(), &dest) != SQLITE_OK) {
      sqlite3_close(dest);
      return InvalidArgument("无法创建备份文件", "cannot create backup file " + dest_path, "dest");
    }
    Conn src(path_, false);
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", src.raw(), "main");
    if (b == nullptr) {
      std::string msg = sqlite3_errmsg(dest);
      sqlite3_close(dest);
      return Internal("backup init: " + msg);
    }
    int rc;
    // Copy everything in one step, i.e. from one read snapshot: in WAL mode that never blocks the writer,
    // whereas copying in several steps restarts from scratch whenever a commit lands between two steps, so
    // under steady writes a database larger than one step never finished backing up.
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
      sqlite3_sleep(1);
    sqlite3_backup_finish(b);
    int close_rc = sqlite3_close(dest);
    if (rc != SQLITE_DONE || close_rc != SQLITE_OK)
      return Internal(std::string("backup failed: ") + sqlite3_errstr(rc));
    return Status::Ok();
  }

  Result<std::string> IntegrityCheck() override {
    Conn c(path_, false);
    auto s = c.Prepare("PRAGMA integrity_check(20)");
    std::string out;
    while (s.Step()) out += (out.empty() ? "" : "; ") + s.Text(0);
    RETURN_IF_ERROR(s.status());
    return out;
  }

  std::string Backend() const override { return "sqlite"; }

  Result<std::map<std::string, std::vector<std::string>>> Schema() override {
    Conn c(path_, false);
    std::map<std::string, std::vector<std::string>> out;
    auto tables =
        c.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (tables.Step()) out[tables.Text(0)];
    RETURN_IF_ERROR(tables.status());
    auto cols = c.Prepare("SELECT name FROM pragma_table_info(?1)");
    for (auto& [table, columns] : out) {
      cols.Bind(1, table);
      while (cols.Step()) columns.push_back(cols.Text(0));
      RETURN_IF_ERROR(cols.status());
      cols.Reset();
    }
    return out;
  }

 private:
  struct Job {
    const std::function<Status(Tx&)>* fn;
    std::promise<Status> done;
  };

  void WriterLoop() {
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
      RunBatch(batch);
      batch.clear();
    }
  }

  void RunBatch(std::vector<Job*>& batch) {
    std::vector<Status> results(batch.size());
    Conn& c = *writer_conn_;
    Status begin = c.Run("BEGIN IMMEDIATE");
    int64_t failed = 0;
    if (!begin.ok()) {
      for (auto& r : results) r = begin;
    } else {
      for (size_t i = 0; i < batch.size(); ++i) {
        (void)c.Run("SAVEPOINT job");
        Status st;
        try {
          st = (*batch[i]->fn)(*writer_tx_);
          if (st.ok()) st = writer_tx_->FlushCounts();
          if (st.ok()) writer_tx_->KeepRollups();
        } catch (const std::exception& e) {
          spdlog::error("write job threw: {}", e.what());
          st = Internal(std::string("write failed: ") + e.what());
        } catch (...) {
          spdlog::error("write job threw a non-standard exception");
          st = Internal("write failed: unknown exception");
        }
        if (st.ok()) {
          (void)c.Run("RELEASE job");
        } else {
          ++failed;
          (void)c.Run("ROLLBACK TO job");
          (void)c.Run("RELEASE job");
          writer_tx_->Forget();
        }
        writer_tx_->EndJob();
        results[i] = std::move(st);
      }
      Status commit = writer_tx_->FlushBatchRollups();
      if (commit.ok()) commit = c.Run("COMMIT");
      if (!commit.ok()) {
        spdlog::error("group commit failed: {}", commit.en());
        (void)c.Run("ROLLBACK");
        writer_tx_->Forget();
        writer_tx_->ForgetBatch();
        for (auto& r : results)
          if (r.ok()) r = commit;
      }
    }
    {
      const int64_t cache = CacheBytes(c);
      std::lock_guard lk(pool_mu_);
      writer_cache_bytes_ = cache;
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

  std::string path_;
  SqliteOptions opt_;
  std::unique_ptr<Conn> writer_conn_;
  std::unique_ptr<SqliteTx> writer_tx_;
  std::thread writer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  // The heap memory a connection keeps: its page cache, its parsed schema and its cached prepared statements.
  static int64_t CacheBytes(Conn& c) {
    int64_t total = 0;
    for (int op : {SQLITE_DBSTATUS_CACHE_USED, SQLITE_DBSTATUS_SCHEMA_USED, SQLITE_DBSTATUS_STMT_USED}) {
      int cur = 0, high = 0;
      if (sqlite3_db_status(c.raw(), op, &cur, &high, 0) == SQLITE_OK) total += cur;
    }
    return total;
  }

  mutable std::mutex pool_mu_;
  std::vector<std::unique_ptr<Conn>> pool_;
  std::unordered_map<const Conn*, int64_t> reader_cache_bytes_;  // of the pooled connections, at their return
  int64_t writer_cache_bytes_ = 0;                               // after the last commit
  mutable std::mutex stats_mu_;
  WriterStats stats_;
};

ReadTx::~ReadTx() { db_->Return(std::move(conn_)); }

}  // namespace
}  // namespace wangge::storage::sqlite

namespace wangge::storage {

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const SqliteOptions& options) {
  // No global allocation statistics: they take a process-wide mutex on every SQLite malloc and free.
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  auto db = std::make_unique<sqlite::SqliteDatabase>(path, options);
  RETURN_IF_ERROR(db->Open());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace wangge::storage
