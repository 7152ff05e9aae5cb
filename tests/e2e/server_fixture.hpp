// The end-to-end fixture: a demo county (`wangge demo --scale small`) in a temporary data directory and a
// real `wangge serve` child process on a free loopback port, shared by every test of the binary (a gtest
// Environment, registered in fixture_test.cpp). Tests talk to it over HTTP only.
//
// The demo is built once per binary run. To keep `ctest` (one process per test) fast, the pristine demo
// data directory and its accounts table are cached under $TMPDIR/wangge-e2e-<uid>/<binary mtime-size>/ and
// copied for each run; set WANGGE_E2E_NO_CACHE=1 to always rebuild.
//
// The backend: SQLite (the data directory's wangge.db), or PostgreSQL when WANGGE_TEST_BACKEND=postgresql
// (CTest's pg.* copies of the e2e, authz and crash suites, label postgresql): then each test process gets its
// own database on the tests' PostgreSQL server (CTest's fixture "postgres"), created from a template
// database that holds the demo (built once per server and binary), and WANGGE_DB names it for every
// `wangge` the tests start — the server, check, the CLI — so they all work on it, as an operator would
// with `export WANGGE_DB=postgresql://…`.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/citizen_id.hpp"
#include "http_client.hpp"
#include "pii_scan.hpp"
#include "storage/postgres/pg_test_util.hpp"

extern char** environ;

namespace wangge::e2e {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::string WanggeBin() {
  if (const char* b = std::getenv("WANGGE_BIN"); b != nullptr && *b != '\0') return b;
#ifdef WANGGE_BIN
  return WANGGE_BIN;
#else
  return "wangge";
#endif
}

// Whether the suites run on PostgreSQL (WANGGE_TEST_BACKEND=postgresql).
inline bool OnPostgres() {
  const char* b = std::getenv("WANGGE_TEST_BACKEND");
  return b != nullptr && std::string(b) == "postgresql";
}

inline std::string SourceDir() {
  if (const char* d = std::getenv("WANGGE_SOURCE_DIR"); d != nullptr && *d != '\0') return d;
#ifdef WANGGE_SOURCE_DIR
  return WANGGE_SOURCE_DIR;
#else
  return "";
#endif
}

inline std::string ReadFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline void WriteFile(const fs::path& p, const std::string& data) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << data;
}

// argv/envp arrays that stay valid until exec.
struct ExecArgs {
  std::vector<std::string> args, env;
  std::vector<char*> argv, envp;
  ExecArgs(std::vector<std::string> a, const std::vector<std::string>& extra_env) : args(std::move(a)) {
    std::set<std::string> overridden;
    for (const auto& e : extra_env) overridden.insert(e.substr(0, e.find('=')));
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      std::string s(*e);
      if (!overridden.count(s.substr(0, s.find('=')))) env.push_back(s);
    }
    for (const auto& e : extra_env) env.push_back(e);
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env) envp.push_back(s.data());
    envp.push_back(nullptr);
  }
};

// Runs a command to completion; its stdout is returned in *out, stderr goes to `stderr_file`.
inline int RunCapture(const std::vector<std::string>& args, const std::vector<std::string>& extra_env,
                      std::string* out, const std::string& stderr_file) {
  ExecArgs ea(args, extra_env);
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return -1;
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    int errfd = ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (errfd >= 0) ::dup2(errfd, 2);
    ::execve(ea.argv[0], ea.argv.data(), ea.envp.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    out->append(buf, static_cast<size_t>(n));
  }
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A port that was free a moment ago (bind port 0, read it, close).
inline int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

struct Account {
  std::string username, password, role, place, name;
};

// Parses the accounts table `wangge demo` prints: "username password role place name".
inline std::map<std::string, Account> ParseAccounts(const std::string& out) {
  std::map<std::string, Account> accounts;
  std::istringstream in(out);
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::vector<std::string> f;
    std::string w;
    while (ls >> w) f.push_back(w);
    if (f.size() >= 4 && f[0] == "username" && f[1] == "password" && f[2] == "role") {
      in_table = true;
      continue;
    }
    if (!in_table || f.size() < 4) continue;
    Account a{f[0], f[1], f[2], f[3] == "(all)" ? "" : f[3], ""};
    for (size_t i = 4; i < f.size(); ++i) a.name += (i > 4 ? " " : "") + f[i];
    accounts[a.username] = a;
  }
  return accounts;
}

// A `wangge serve` child process.
class Server {
 public:
  Server() = default;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server() { Stop(); }

  // Starts the server on a free port and waits for GET /healthz; a few ports are tried.
  bool Start(const std::string& data_dir, const std::vector<std::string>& extra_env,
             const std::string& log_file, std::string* err) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      int port = FreePort();
      if (port == 0) continue;
      // As scripts/run.sh starts it: no --web, so the server finds the built web UI (web/dist) itself and
      // serves it beside the API, the way users run it (E2E::SetUp checks that it does).
      ExecArgs ea({WanggeBin(), "serve", "--data-dir", data_dir, "--port", std::to_string(port)}, extra_env);
      pid_t pid = ::fork();
      if (pid < 0) {
        *err = "fork failed";
        return false;
      }
      if (pid == 0) {
        int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
          ::dup2(fd, 1);
          ::dup2(fd, 2);
        }
        ::execve(ea.argv[0], ea.argv.data(), ea.envp.data());
        ::_exit(127);
      }
      pid_ = pid;
      port_ = port;
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      bool exited = false;
      while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          exited = true;
          break;
        }
        Request r;
        r.target = "/healthz";
        Response resp = Send(port, r, 5);
        if (resp.status == 200) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (!exited) Stop();
      pid_ = -1;
      *err = "server did not come up on port " + std::to_string(port) + "; log:\n" + ReadFile(log_file);
    }
    return false;
  }

  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (true) {
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_ || (r < 0 && errno != EINTR)) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
  }

  // SIGKILL: the process gets no chance to flush or finish anything (the crash tests).
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }

  // One request; `token` as a Bearer token when not empty. Every answer goes through the personal-data scan
  // (pii_scan.hpp), which fails the running test when it holds a citizen ID or phone the caller may not see.
  Response Call(const std::string& method, const std::string& target, const std::string& token = "",
                const std::string& body = "", const std::string& content_type = "application/json",
                const Headers& extra = {}) const {
    Request r;
    r.method = method;
    r.target = target;
    if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty() && !content_type.empty()) r.headers.emplace_back("Content-Type", content_type);
    for (const auto& h : extra) r.headers.push_back(h);
    r.body = body;
    Response resp = Send(port_, r);
    pii::Scanner::Get().Observe(r, resp);
    return resp;
  }

  Response Login(const std::string& username, const std::string& password) const {
    return Call("POST", "/api/v1/auth/login", "",
                json{{"username", username}, {"password", password}}.dump());
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// The shared environment: demo data, the main server, the demo accounts and their sessions.
class E2E : public ::testing::Environment {
 public:
  static E2E*& Instance() {
    static E2E* p = nullptr;
    return p;
  }
  static E2E& Get() { return *Instance(); }

  E2E() { Instance() = this; }

  void SetUp() override {
    work_ = fs::temp_directory_path() / ("wangge-e2e-run-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    std::string err;
    if (!PrepareDemo(&err)) Abort(err);
    if (OnPostgres()) ::setenv("WANGGE_DB", db_url_.c_str(), 1);  // every `wangge` started from here on
    if (!server_.Start(data_dir(), {}, (work_ / "server.log").string(), &err)) Abort(err);
    // The suites run against the server as deployed: with the web UI (a route shadowed by the UI's fallback
    // once answered every Open311 GET with the HTML page, and a server without the UI could not see it).
    Response home = server_.Call("GET", "/");
    if (!(home.status == 200 && home.Header("content-type").rfind("text/html", 0) == 0))
      Abort(
          "wangge serve did not serve the built web UI at / (build it with scripts/build.sh or "
          "scripts/build-web.sh): " +
          home.Brief());
  }

  // A set-up that fails ends the run with a failure. (A fatal failure here would make gtest skip every test,
  // and CTest counts a skipped test as not failed: a demo that no longer built once let every suite pass.)
  [[noreturn]] void Abort(const std::string& why) {
    std::fprintf(stderr, "e2e set-up failed: %s\n", why.c_str());
    std::fflush(stderr);
    server_.Stop();
    std::_Exit(1);
  }

  void TearDown() override {
    pii::Scanner::Get().Report();
    server_.Stop();
    if (OnPostgres() && !db_name_.empty()) {
      try {
        storage::testing::Exec(storage::testing::ServerUrl(),
                               "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    }
    if (std::getenv("WANGGE_E2E_KEEP") == nullptr) {
      std::error_code ec;
      fs::remove_all(work_, ec);
    }
  }

  const Server& server() const { return server_; }
  // The crash tests kill the server and start it again on the same data directory (sessions survive).
  void KillServer() { server_.Kill(); }
  bool RestartServer(std::string* err) {
    server_.Stop();
    return server_.Start(data_dir(), {}, (work_ / "server.log").string(), err);
  }
  std::string data_dir() const { return (work_ / "data").string(); }
  // The database URL on PostgreSQL ("" on SQLite: the data directory's file).
  const std::string& db_url() const { return db_url_; }
  const fs::path& work_dir() const { return work_; }
  const std::map<std::string, Account>& accounts() const { return accounts_; }

  const Account& account(const std::string& user) const {
    auto it = accounts_.find(user);
    if (it == accounts_.end()) throw std::runtime_error("no demo account " + user);
    return it->second;
  }
  // The jurisdiction code of a demo account ("" for admin).
  std::string place(const std::string& user) const { return account(user).place; }

  // A session token for a demo account (logged in once, then reused).
  std::string Token(const std::string& user) {
    std::lock_guard lk(mu_);
    auto it = tokens_.find(user);
    if (it != tokens_.end()) return it->second;
    const Account& a = account(user);
    Response r = server_.Login(a.username, a.password);
    if (r.status != 200) throw std::runtime_error("login of " + user + " failed: " + r.Brief());
    std::string token = r.Json().value("token", "");
    tokens_[user] = token;
    return token;
  }

  // A request as a demo account with a JSON body (null: no body).
  Response As(const std::string& user, const std::string& method, const std::string& target,
              const json& body = nullptr) {
    return server_.Call(method, target, Token(user), body.is_null() ? "" : body.dump());
  }
  // A request as a demo account with raw body bytes.
  Response AsRaw(const std::string& user, const std::string& method, const std::string& target,
                 const std::string& body, const std::string& content_type, const Headers& extra = {}) {
    return server_.Call(method, target, Token(user), body, content_type, extra);
  }

 private:
  bool PrepareDemo(std::string* err) {
    const std::string bin = WanggeBin();
    struct stat st {};
    if (::stat(bin.c_str(), &st) != 0) {
      *err = "wangge binary not found: " + bin;
      return false;
    }
    std::string accounts_text;
    const bool no_cache = std::getenv("WANGGE_E2E_NO_CACHE") != nullptr;
    if (OnPostgres()) {
      if (!PreparePostgresDemo(st, &accounts_text, err)) return false;
    } else if (no_cache) {
      if (!BuildDemo(data_dir(), &accounts_text, err)) return false;
    } else {
      fs::path root = fs::temp_directory_path() / ("wangge-e2e-" + std::to_string(::getuid()));
      fs::create_directories(root);
      std::string key = std::to_string(static_cast<long long>(st.st_mtim.tv_sec)) + "." +
                        std::to_string(static_cast<long long>(st.st_mtim.tv_nsec)) + "-" +
                        std::to_string(static_cast<long long>(st.st_size));
      fs::path tmpl = root / key;
      int lock = ::open((root / "lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
      if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
        *err = "cannot lock the demo cache " + root.string();
        if (lock >= 0) ::close(lock);
        return false;
      }
      bool ok = true;
      if (!fs::exists(tmpl / "ready")) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(root, ec))  // older binaries' templates
          if (entry.is_directory()) fs::remove_all(entry.path(), ec);
        fs::create_directories(tmpl);
        ok = BuildDemo((tmpl / "data").string(), &accounts_text, err);
        if (ok) {
          WriteFile(tmpl / "accounts.txt", accounts_text);
          WriteFile(tmpl / "ready", "ok\n");
        }
      } else {
        accounts_text = ReadFile(tmpl / "accounts.txt");
      }
      if (ok) {
        std::error_code ec;
        fs::copy(tmpl / "data", data_dir(), fs::copy_options::recursive, ec);
        if (ec) {
          ok = false;
          *err = "cannot copy the demo template: " + ec.message();
        }
      }
      ::flock(lock, LOCK_UN);
      ::close(lock);
      if (!ok) return false;
    }
    accounts_ = ParseAccounts(accounts_text);
    if (accounts_.size() < 11) {
      *err = "expected 11 demo accounts, parsed " + std::to_string(accounts_.size()) + " from:\n" +
             accounts_text;
      return false;
    }
    return true;
  }

  // PostgreSQL: the demo's template database "e2e_tmpl_<binary>" (with its data directory: the key file and
  // the blobs) is built once per server under the cache lock; this process's database is a copy of it
  // (CREATE DATABASE … TEMPLATE: a file copy on the server, far faster than building the demo again).
  bool PreparePostgresDemo(const struct stat& bin, std::string* accounts_text, std::string* err) {
    namespace st = storage::testing;
    try {
      const std::string server = st::ServerUrl();
      const std::string key = std::to_string(static_cast<long long>(bin.st_mtim.tv_sec)) + "_" +
                              std::to_string(static_cast<long long>(bin.st_mtim.tv_nsec % 1000000)) + "_" +
                              std::to_string(static_cast<long long>(bin.st_size));
      const std::string tmpl_db = "e2e_tmpl_" + key;
      fs::path root = fs::temp_directory_path() / ("wangge-e2e-pg-" + std::to_string(::getuid()));
      fs::create_directories(root);
      fs::path tmpl = root / key;
      int lock = ::open((root / "lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
      if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
        *err = "cannot lock the demo cache " + root.string();
        if (lock >= 0) ::close(lock);
        return false;
      }
      bool ok = true;
      // The server is new for every ctest run: a template directory without its database is stale.
      if (!st::Exists(server, tmpl_db) || !fs::exists(tmpl / "ready")) {
        std::error_code ec;
        fs::remove_all(tmpl, ec);
        fs::create_directories(tmpl);
        st::Exec(server, "DROP DATABASE IF EXISTS " + tmpl_db + " WITH (FORCE)");
        st::Exec(server, "CREATE DATABASE " + tmpl_db);
        ok = BuildDemo((tmpl / "data").string(), accounts_text, err,
                       {"WANGGE_DB=" + st::WithDatabase(server, tmpl_db)});
        if (ok) {
          WriteFile(tmpl / "accounts.txt", *accounts_text);
          WriteFile(tmpl / "ready", "ok\n");
        }
      } else {
        *accounts_text = ReadFile(tmpl / "accounts.txt");
      }
      if (ok) {
        db_name_ = "e2e_" + std::to_string(::getpid());
        st::Exec(server, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
        st::Exec(server, "CREATE DATABASE " + db_name_ + " TEMPLATE " + tmpl_db);
        db_url_ = st::WithDatabase(server, db_name_);
        std::error_code ec;
        fs::copy(tmpl / "data", data_dir(), fs::copy_options::recursive, ec);
        if (ec) {
          ok = false;
          *err = "cannot copy the demo template: " + ec.message();
        }
      }
      ::flock(lock, LOCK_UN);
      ::close(lock);
      return ok;
    } catch (const std::exception& e) {
      *err = e.what();
      return false;
    }
  }

  bool BuildDemo(const std::string& dir, std::string* out, std::string* err,
                 const std::vector<std::string>& env = {}) {
    std::vector<std::string> args = {WanggeBin(), "demo", "--data-dir", dir, "--scale", "small"};
    std::string src = SourceDir();
    if (!src.empty() && fs::exists(fs::path(src) / "data/divisions")) {
      args.push_back("--divisions");
      args.push_back(src + "/data/divisions");
    }
    std::string log = (work_ / "demo.stderr").string();
    int rc = RunCapture(args, env, out, log);
    if (rc != 0) {
      *err = "wangge demo failed with exit code " + std::to_string(rc) + "\nstdout:\n" + *out +
             "\nstderr:\n" + ReadFile(log);
      return false;
    }
    return true;
  }

  fs::path work_;
  std::string db_name_, db_url_;  // PostgreSQL: this process's database
  Server server_;
  std::map<std::string, Account> accounts_;
  std::mutex mu_;
  std::map<std::string, std::string> tokens_;
};

inline E2E& Env() { return E2E::Get(); }

// The environment for a `wangge` working on a database of its own (a test's second server): on PostgreSQL a
// fresh database "e2e_<pid>_<name>" (WANGGE_DB names it; dropped with the server at the end of the run), on
// SQLite nothing (the data directory's file).
inline std::vector<std::string> OwnDatabaseEnv(const std::string& name) {
  if (!OnPostgres()) return {};
  const std::string db = "e2e_" + std::to_string(::getpid()) + "_" + name;
  storage::testing::Exec(storage::testing::ServerUrl(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
  storage::testing::Exec(storage::testing::ServerUrl(), "CREATE DATABASE " + db);
  return {"WANGGE_DB=" + storage::testing::WithDatabase(storage::testing::ServerUrl(), db)};
}

// ------------------------------------------------------------------------------------------------ checks

inline bool HasNonAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

// A problem+json error response: the status, the media type, the status member, an English `detail` and a
// Chinese `detail_zh`; `field` when given.
inline ::testing::AssertionResult IsProblem(const Response& r, int status, const std::string& field = "") {
  if (r.status != status)
    return ::testing::AssertionFailure() << "expected HTTP " << status << ", got " << r.Brief();
  if (r.Header("content-type").rfind("application/problem+json", 0) != 0)
    return ::testing::AssertionFailure()
           << "content-type is '" << r.Header("content-type") << "', " << r.Brief();
  json j = r.Json();
  if (!j.is_object()) return ::testing::AssertionFailure() << "body is not a JSON object: " << r.Brief();
  if (!j.contains("status") || !j["status"].is_number_integer() || j["status"].get<int>() != status)
    return ::testing::AssertionFailure()
           << "problem member status should equal the HTTP status " << status << ": " << r.Brief();
  if (!j.contains("type") || !j["type"].is_string() || j["type"].get<std::string>().empty())
    return ::testing::AssertionFailure() << "problem without type: " << r.Brief();
  if (!j.contains("title") || !j["title"].is_string() || j["title"].get<std::string>().empty())
    return ::testing::AssertionFailure() << "problem without title: " << r.Brief();
  if (!j.contains("detail") || !j["detail"].is_string() || j["detail"].get<std::string>().empty())
    return ::testing::AssertionFailure() << "problem without English detail: " << r.Brief();
  if (!j.contains("detail_zh") || !j["detail_zh"].is_string() ||
      !HasNonAscii(j["detail_zh"].get<std::string>()))
    return ::testing::AssertionFailure() << "problem without Chinese detail_zh: " << r.Brief();
  if (!j.contains("message") || !j["message"].is_string() || j["message"].get<std::string>().empty())
    return ::testing::AssertionFailure() << "problem without message: " << r.Brief();
  if (!field.empty() && j.value("field", "") != field)
    return ::testing::AssertionFailure() << "expected field '" << field << "', got " << r.Brief();
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult IsStatus(const Response& r, int status) {
  if (r.status == status) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected HTTP " << status << ", got " << r.Brief();
}

// counts.<key> of a place, read as `user` (-1 on failure).
inline int64_t PlaceCount(const std::string& user, const std::string& code,
                          const std::string& key = "people") {
  Response r = Env().As(user, "GET", "/api/v1/places/" + code);
  if (r.status != 200) {
    ADD_FAILURE() << "GET /api/v1/places/" << code << " as " << user << ": " << r.Brief();
    return -1;
  }
  return r.Json()["counts"].value(key, int64_t{-1});
}

// The centre of a grid's bounding box as (lon, lat), read through the API: a point inside the demo's grids,
// which are convex. A MultiPolygon's first polygon is used; nullopt when the grid has no boundary.
inline std::optional<std::pair<double, double>> GridCentre(const std::string& grid,
                                                           const std::string& user = "county") {
  Response r = Env().As(user, "GET", "/api/v1/places/" + grid);
  if (r.status != 200) return std::nullopt;
  const json& b = r.Json()["boundary"];
  if (!b.is_object() || !b["coordinates"].is_array() || b["coordinates"].empty()) return std::nullopt;
  const json& ring = b.value("type", "") == "MultiPolygon" ? b["coordinates"][0][0] : b["coordinates"][0];
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (const json& p : ring) {
    x0 = std::min(x0, p[0].get<double>());
    x1 = std::max(x1, p[0].get<double>());
    y0 = std::min(y0, p[1].get<double>());
    y1 = std::max(y1, p[1].get<double>());
  }
  return std::make_pair((x0 + x1) / 2, (y0 + y1) / 2);
}

// A department's id by its code ("gongan"); a test failure and 0 when there is none.
inline int64_t DepartmentId(const std::string& code) {
  Response r = Env().As("county", "GET", "/api/v1/departments?limit=100");
  EXPECT_EQ(r.status, 200) << r.Brief();
  if (r.status == 200)
    for (const json& d : r.Json()["items"])
      if (d.value("code", "") == code) return d["id"].get<int64_t>();
  ADD_FAILURE() << "no department " << code;
  return 0;
}

inline int64_t CountyPeople() { return PlaceCount("county", Env().place("county"), "people"); }

// Every item of a paged list, following `next`.
inline std::vector<json> ListAll(const std::string& user, const std::string& target,
                                 size_t max_items = 100000) {
  std::vector<json> out;
  std::string after;
  const char sep = target.find('?') == std::string::npos ? '?' : '&';
  for (int guard = 0; guard < 10000; ++guard) {
    std::string t = target + sep + "limit=1000" + (after.empty() ? "" : "&after=" + UrlEncode(after));
    Response r = Env().As(user, "GET", t);
    if (r.status != 200) {
      ADD_FAILURE() << "GET " << t << " as " << user << ": " << r.Brief();
      return out;
    }
    json j = r.Json();
    for (auto& it : j["items"]) out.push_back(it);
    if (out.size() >= max_items || !j["next"].is_string()) break;
    after = j["next"].get<std::string>();
  }
  return out;
}

// Logs every demo account in (logins write audit rows: do it before counting audit rows).
// A 1×1 PNG: a photo the attachment API accepts.
inline std::string TinyPng() {
  static const unsigned char png[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
      0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00,
      0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01,
      0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(png), sizeof png);
}

inline void LoginAll() {
  for (const auto& [user, a] : Env().accounts()) Env().Token(user);
}

// The newest audit row's seq visible to `user` (0 when none).
inline int64_t NewestAuditSeq(const std::string& user = "admin") {
  Response r = Env().As(user, "GET", "/api/v1/audit?limit=1");
  if (r.status != 200) {
    ADD_FAILURE() << "GET /api/v1/audit as " << user << ": " << r.Brief();
    return -1;
  }
  json j = r.Json();
  return j["items"].empty() ? 0 : j["items"][0].value("seq", int64_t{0});
}

// A valid citizen ID (address 530326, the given year, sequence 900-999) that no person in the database has
// and that no other test of this process has been given.
// Now, China time, formatted by strftime ("%Y-%m-%d" today, "%Y-%m" this month): the county's days whatever
// the machine's zone.
inline std::string ChinaNow(const char* format = "%Y-%m-%d") {
  const std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

inline std::string FreshCitizenId(int year) {
  static std::mutex mu;
  static std::map<int, int> next;  // year -> counter
  for (int attempt = 0; attempt < 2000; ++attempt) {
    int n;
    {
      std::lock_guard lk(mu);
      n = next[year]++;
    }
    int seq = 900 + n % 100;
    int day_index = n / 100;  // 0..
    int month = 1 + day_index % 12;
    int day = 1 + (day_index / 12) % 28;
    std::string id = MakeCitizenId("530326", year, month, day, seq);
    if (id.empty()) continue;
    Response r = Env().As("admin", "GET", "/api/v1/people?include_retired=true&citizen_id=" + id);
    if (r.status == 200 && r.Json()["items"].empty()) return id;
  }
  ADD_FAILURE() << "no fresh citizen ID for year " << year;
  return "";
}

inline const std::regex& MaskedIdRe() {
  static const std::regex re(R"(^\d{6}\*{8}\d{3}[\dX]$)");
  return re;
}
inline const std::regex& MaskedPhoneRe() {
  static const std::regex re(R"(^(|\d{3}\*+\d{4})$)");
  return re;
}

}  // namespace wangge::e2e
