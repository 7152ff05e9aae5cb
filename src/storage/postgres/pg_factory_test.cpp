// Runs the storage contract suite (contract_test.hpp: the <domain>_repo_test.cpp files) against PostgreSQL:
// the server that CTest's fixture "postgres" started (tests/postgres/pg_server.sh; its URL is in
// WANGGE_PG_STATE/url), one fresh database per test, dropped afterwards.
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>

#include "storage/contract_test.hpp"
#include "storage/postgres/pg_db.hpp"

namespace wangge::storage::testing {
namespace {

// The URL of the tests' server (postgresql://wangge:…@127.0.0.1:port/postgres).
std::string ServerUrl() {
  const char* env = std::getenv("WANGGE_TEST_PG_URL");
  if (env != nullptr && *env != '\0') return env;
  std::ifstream in(std::string(WANGGE_PG_STATE) + "/url");
  std::string url;
  if (!(in >> url))
    throw std::runtime_error(
        "no PostgreSQL server for the tests: run them through ctest (its fixture \"postgres\" starts one) or "
        "tests/postgres/pg_server.sh start " WANGGE_PG_STATE);
  return url;
}

// The URL of another database on the same server.
std::string WithDatabase(const std::string& url, const std::string& db) {
  const size_t slash = url.rfind('/');
  return url.substr(0, slash + 1) + db;
}

// One database per test dir: "t_" + the dir's random suffix and the process id.
std::string DbName(const std::string& dir) {
  std::string suffix = std::filesystem::path(dir).filename().string();
  std::string name = "t_" + std::to_string(getpid()) + "_";
  for (char c : suffix)
    if (std::isalnum(static_cast<unsigned char>(c))) name += static_cast<char>(std::tolower(c));
  return name;
}

// Runs SQL on the server or one of its databases, bypassing the storage layer; returns the changed rows.
int64_t Exec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect: " + msg);
  }
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(c, sql.c_str());
  const auto st = PQresultStatus(r);
  std::string msg = PQresultErrorMessage(r);
  const char* n = PQcmdTuples(r);
  int64_t changed = (n != nullptr && *n != '\0') ? std::atoll(n) : 0;
  PQclear(r);
  PQfinish(c);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    throw std::runtime_error("postgresql: " + msg + " in: " + sql);
  return changed;
}

bool Exists(const std::string& url, const std::string& db) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect: " + msg);
  }
  const char* params[] = {db.c_str()};
  PGresult* r = PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, nullptr, params, nullptr,
                             nullptr, 0);
  bool found = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
  PQclear(r);
  PQfinish(c);
  return found;
}

std::string BackupFile(const std::string& dir) { return dir + "/backup.dump"; }

// A dump written by Database::Backup into the test's (empty) database, as an operator would restore it.
void Restore(const std::string& url, const std::string& file) {
  std::string cmd = "/usr/lib/postgresql/15/bin/pg_restore --no-owner --exit-on-error --dbname='" + url +
                    "' '" + file + "' 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("pg_restore failed: " + cmd);
  std::filesystem::remove(file);
}

void ChangeAudit(const std::string& dir, const std::string& sql) {
  const std::string url = WithDatabase(ServerUrl(), DbName(dir));
  if (Exec(url, "ALTER TABLE audit DISABLE TRIGGER USER; " + sql) != 1)
    throw std::runtime_error("expected to change one audit row: " + sql);
}

BackendFactory PostgresFactory() {
  BackendFactory f;
  f.name = "postgresql";
  f.open = [](const std::string& dir) -> std::unique_ptr<Database> {
    const std::string server = ServerUrl();
    const std::string name = DbName(dir);
    const std::string url = WithDatabase(server, name);
    if (!Exists(server, name)) {
      Exec(server, "CREATE DATABASE " + name);
      if (std::filesystem::exists(BackupFile(dir))) Restore(url, BackupFile(dir));
    }
    auto db = OpenPostgres(url);
    if (!db.ok()) throw std::runtime_error("OpenPostgres: " + db.status().ToString());
    return std::move(db).value();
  };
  // Audit rows are per county chain (docs/scale-out.md); the tests append to the county kCounty.
  f.tamper_audit = [](const std::string& dir, int64_t seq) {
    ChangeAudit(dir, "UPDATE audit SET detail = '{\"tampered\":true}' WHERE county = '" + kCounty +
                         "' AND seq = " + std::to_string(seq));
  };
  f.delete_audit = [](const std::string& dir, int64_t seq) {
    ChangeAudit(dir, "DELETE FROM audit WHERE county = '" + kCounty + "' AND seq = " + std::to_string(seq));
  };
  // Backup writes a pg_dump file into the (new, empty) dir; open(dir) then finds no database of that dir,
  // creates one and restores the dump into it.
  f.backup_path = [](const std::string& dir) { return BackupFile(dir); };
  f.cleanup = [](const std::string& dir) {
    Exec(ServerUrl(), "DROP DATABASE IF EXISTS " + DbName(dir) + " WITH (FORCE)");
  };
  return f;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Postgres, StorageContractTest, ::testing::Values(PostgresFactory()), FactoryName);

}  // namespace wangge::storage::testing
