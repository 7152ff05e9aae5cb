// The `wangge` subcommands, callable from main.cpp, tests and benchmarks.
#pragma once

#include <string>

namespace wangge::cli {

const char* Version();

struct Common {
  std::string data_dir = "var";
  std::string db_path;
  std::string key_path;
};

// `wangge init`: data dir and key file (0600), database migrated. Idempotent.
int Init(const Common& c);
// `wangge serve`.
int Serve(const Common& c, const std::string& host, int port, int workers, const std::string& web_dir);
// `wangge demo`: init + demo county + prints the accounts and passwords.
int Demo(const Common& c, const std::string& scale, uint64_t seed, const std::string& divisions_dir,
         const std::string& county);
// `wangge import people FILE`: as a system administrator (or --as USER's rights).
int ImportPeople(const Common& c, const std::string& file, const std::string& mode, bool dry_run,
                 const std::string& as_user);
// `wangge export people`.
int ExportPeople(const Common& c, const std::string& out, const std::string& scope,
                 const std::string& format);
// `wangge verify-audit`: exit 0 when intact, 1 with the first bad row.
int VerifyAudit(const Common& c);
// `wangge backup DEST`.
int Backup(const Common& c, const std::string& dest);
// `wangge check`: database file integrity, audit chain, counters and indicator roll-ups against a
// recomputation (read-only; safe while the server runs). Exit 0 when all pass, 1 otherwise.
int Check(const Common& c);
// `wangge restore BACKUP --data-dir NEW [--key-from KEY]`: a backup into a data directory without a database,
// then the checks of `wangge check`; undone (files removed) when they fail.
int Restore(const Common& c, const std::string& backup, const std::string& key_from);
// `wangge rotate-key`: a new master key for the data directory (server stopped); see App::RotateKey.
int RotateKey(const Common& c);
// `wangge user add` / `wangge user passwd`.
int UserAdd(const Common& c, const std::string& username, const std::string& display_name,
            const std::string& role, const std::string& place, const std::string& password);
int UserPasswd(const Common& c, const std::string& username, const std::string& password);
// `wangge openapi`: prints the OpenAPI document generated from the route table.
int PrintOpenApi();

}  // namespace wangge::cli
