// For the PostgreSQL tests: the server CTest's fixture "postgres" started (tests/postgres/pg_server.sh), SQL
// behind the storage layer, and a fixture giving each test a fresh database.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace wangge::storage::testing {

// The URL of the tests' server (postgresql://wangge:…@127.0.0.1:port/postgres).
inline std::string ServerUrl() {
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
inline std::string WithDatabase(const std::string& url, const std::string& db) {
  const size_t slash = url.rfind('/');
  return url.substr(0, slash + 1) + db;
}

// One database per test dir: "t_" + the dir's random suffix and the process id.
inline std::string DbName(const std::string& dir) {
  std::string suffix = std::filesystem::path(dir).filename().string();
  std::string name = "t_" + std::to_string(getpid()) + "_";
  for (char c : suffix)
    if (std::isalnum(static_cast<unsigned char>(c))) name += static_cast<char>(std::tolower(c));
  return name;
}

// Runs SQL on the server or one of its databases, bypassing the storage layer; returns the changed rows.
inline int64_t Exec(const std::string& url, const std::string& sql) {
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

// The first column of the first row of a query ("" when there is none).
inline std::string QueryOne(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  std::string out;
  const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  std::string msg = PQresultErrorMessage(r);
  if (ok && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("postgresql: " + msg + " in: " + sql);
  return out;
}

// The server's data directory (tests/postgres/pg_server.sh keeps it in WANGGE_PG_STATE/datadir).
inline std::string ServerDataDir() {
  std::ifstream in(std::string(WANGGE_PG_STATE) + "/datadir");
  std::string dir;
  in >> dir;
  return dir + "/data";
}

inline bool Exists(const std::string& url, const std::string& db) {
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

// A fresh database of the tests' server, dropped at the end of the test.
class PgBackend : public ::testing::Test {
 protected:
  void SetUp() override {
    name_ = "t_" + std::to_string(getpid()) + "_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()).substr(0, 30);
    for (char& c : name_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Exec(ServerUrl(), "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    Exec(ServerUrl(), "CREATE DATABASE " + name_);
    url_ = WithDatabase(ServerUrl(), name_);
  }
  void TearDown() override { Exec(ServerUrl(), "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  std::string name_, url_;
};

}  // namespace wangge::storage::testing
