// The storage layer's entry point, backend-neutral: a Database opened from a URL, its transactions (Tx) and
// the repositories a transaction offers, one per domain. Nothing here names a backend's types; SQL lives only
// under storage/<backend>/.
//
// Layout (docs/architecture.md, "Storage"):
//   database.hpp           Database, Tx, paging, OpenDatabase(url)
//   repos.def              the repository registry: one WANGGE_REPO(accessor, Interface) line per domain
//   <domain>_repo.hpp      one domain's repository interface and its structs (places_repo.hpp,
//   orders_repo.hpp …) registry.hpp           the table registry: every table, its place-code and sealed
//   columns sqlite/<domain>_repo.cpp, later postgres/<domain>_repo.cpp: one file per domain per backend
//   <domain>_repo_test.cpp the domain's part of the storage contract suite (TEST_P, run for every backend)
// A new domain adds <domain>_repo.hpp, its line in repos.def, one <domain>_repo.cpp per backend and its
// <domain>_repo_test.cpp; Tx, Database and the backends' shared files do not change.
//
// Transactions: Database::Read() gives a consistent snapshot; Database::Write() runs a function inside a
// write transaction that is group-committed with others and returns only once it is durable. A write
// function that returns a non-OK Status changes nothing (its savepoint is rolled back).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

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

// A comparison of derived rows (counters, roll-ups) with a recomputation from the base tables (`wangge
// check`, the crash tests).
struct DerivedCheck {
  int64_t rows = 0;        // rows compared
  int64_t mismatches = 0;  // rows missing, extra (non-zero) or with other figures than the recomputation
  std::string first;       // the first mismatch, readable
};

// Every repository interface, by name; each is defined in its domain's header (repos.def names it).
#define WANGGE_REPO(accessor, Interface) class Interface;
#include "storage/repos.def"
#undef WANGGE_REPO

// One transaction: one repository per domain (repos.def), all seeing the same snapshot (a read) or writing
// in the same transaction (a write). Writes through a read transaction fail with kInternal.
class Tx {
 public:
  virtual ~Tx() = default;
#define WANGGE_REPO(accessor, Interface) virtual Interface& accessor() = 0;
#include "storage/repos.def"
#undef WANGGE_REPO
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

// The knobs every backend understands (a backend ignores what it has no use for).
struct DatabaseOptions {
  int read_connections = 40;  // idle read connections kept open: at least the HTTP workers (32) and the
                              // scheduler, or requests pay for opening one (schema parse, cold cache)
  int max_batch = 256;        // jobs per group commit
  // Writer threads, each group-committing its own batches (PostgreSQL; SQLite has one writer whatever this
  // says). bench/backends_bench.sh measures 1 against more.
  int writers = 1;
  // A write returns only once it is durable (SQLite: PRAGMA synchronous=FULL; off: NORMAL, which may lose
  // the last commits on power loss — tests and bulk loads only).
  bool synchronous_commit = true;
  // Page cache of the writer and of each read connection. The caches fill as the load reaches more of the
  // database, so the server's memory grows towards writer + read_connections × reader before it levels off.
  int writer_cache_kib = 256 * 1024;
  int reader_cache_kib = 16 * 1024;
};

// Opens (creating if absent) the database that `url` names and applies pending migrations:
//   - a file path ("var/wangge.db") or "sqlite:///abs/path/wangge.db" (also "sqlite://localhost/abs/path"):
//     SQLite; the path after the scheme is taken as written (no %-decoding, no query);
//   - "postgresql://…" / "postgres://…": PostgreSQL (a libpq connection URI; storage/postgres/pg_db.hpp);
//     kFailedPrecondition when the database's schema is newer than this binary.
// kInvalidArgument for another scheme, a SQLite URL with a host or without a path, or an empty url;
// kUnavailable when the database cannot be opened; kInternal when a migration fails.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, const DatabaseOptions& options = {});

// The file a database URL names (a SQLite file: a path, sqlite:///path), or "" for a database on a server
// (postgresql://…) or a URL OpenDatabase refuses. File operations (owner-only modes, lock files, restore by
// copying) apply only to a file.
std::string DatabaseFile(const std::string& url);

// The URL as it may be shown in logs and messages: a password in it replaced by "***"
// ("postgresql://wangge:***@db:5432/wangge").
std::string RedactUrl(const std::string& url);

// The current UTC time as ISO 8601 with milliseconds ("2026-11-21T10:00:00.123Z").
std::string NowIso();
int64_t NowUnix();

// ---------------------------------------------------------------- for backends

// How a backend's Tx owns its repositories. The deleter comes from the domain's factory, where the concrete
// class is complete, so the Tx holds every repository knowing its interface only by the name repos.def
// declares above, and never includes a domain's header.
template <typename Repo>
using RepoPtr = std::unique_ptr<Repo, void (*)(Repo*)>;

// A new `Impl` (a backend's repository class) as a RepoPtr to its interface `Repo`; for the factories.
template <typename Repo, typename Impl, typename... Args>
RepoPtr<Repo> MakeRepo(Args&&... args) {
  return RepoPtr<Repo>(new Impl(std::forward<Args>(args)...), [](Repo* r) { delete r; });
}

}  // namespace wangge::storage
