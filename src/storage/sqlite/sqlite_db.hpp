// The SQLite backend's entry point (OpenDatabase calls it for a file path or a sqlite:// URL): one file in
// WAL mode, one writer thread that group-commits, a pool of read connections (sqlite_db.cpp). Only code that
// needs SQLite itself (its own tests) calls it directly; everything else opens a database by URL.
#pragma once

#include <memory>
#include <string>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// DatabaseOptions and what only SQLite has.
struct SqliteOptions : DatabaseOptions {
  int checkpoint_pages = 4000;  // WAL frames (4 KiB pages) after which a commit checkpoints (~16 MiB)
};

// Opens (creating if absent) a SQLite database file and applies pending migrations. kUnavailable when the
// file cannot be opened; kInternal when a migration fails.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const SqliteOptions& options = {});

}  // namespace wangge::storage
