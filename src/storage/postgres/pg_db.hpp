// The PostgreSQL backend's entry point (OpenDatabase calls it for a postgresql:// or postgres:// URL): writer
// threads that group-commit write functions on their own connections, and a pool of read connections
// (pg_db.cpp). Only code that needs PostgreSQL itself (its own tests) calls it directly.
#pragma once

#include <memory>
#include <string>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// DatabaseOptions and what only PostgreSQL has.
struct PgOptions : DatabaseOptions {
  // Times a batch that failed with a serialization failure or a deadlock (SQLSTATE 40001/40P01) is run
  // again before its jobs are answered kUnavailable.
  int retries = 3;
};

// Connects to the database `url` names (a libpq URI: postgresql://user:password@host:port/dbname), applies
// pending migrations (under an advisory lock, so two processes starting at once migrate once). Errors:
// kUnavailable when the server cannot be reached or refuses the login (the message says which);
// kFailedPrecondition when the database's schema is newer than this binary knows; kInternal when a
// migration fails.
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const PgOptions& options = {});

}  // namespace wangge::storage
