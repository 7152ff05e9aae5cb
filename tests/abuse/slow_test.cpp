// Slow clients and idle connections: slowloris (a header byte a second), slow bodies, readers that never
// read, thousands of idle connections, and more connections than the server has file descriptors. While each
// goes on, a normal client keeps being answered; afterwards the server is up, the abusers have been cut off
// at the read time limit, and the data is as it was.
#include <sys/wait.h>

#include "abuse.hpp"

namespace wangge::abuse {
namespace {

// Slack on top of the read time limit before a connection still open counts as not cut off: RESTinio checks
// its timers once a second, and this machine is shared.
constexpr int kCutOffSlack = 3;

TEST(AbuseSlow, SlowlorisAndSlowBodiesAreCutOffAndDoNotStarveOthers) {
  RaiseFileLimit(4096);
  const Snapshot before = Snapshot::Take();
  const int port = Env().server().port();
  const int kConns = 200;
  const int seconds = AbuseSeconds(kReadTimeout + kCutOffSlack + 3);
  // Half dribble a header line, half a declared body, one byte a second; a connection the server closes is
  // replaced, so the abuse keeps its strength for the whole run.
  struct Slow {
    Raw conn;
    Clock::time_point opened;
  };
  auto open = [&](int i) {
    Slow s{Raw(port), Clock::now()};
    if (i % 2 == 0)
      s.conn.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    else
      s.conn.Send(
          "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          "Content-Length: 600\r\n\r\n{\"username\":\"");
    return s;
  };
  std::vector<Slow> conns;
  for (int i = 0; i < kConns; ++i) {
    conns.push_back(open(i));
    ASSERT_TRUE(conns.back().conn.ok()) << "connection " << i << ": " << std::strerror(errno);
  }
  Probe probe;
  int cut_off = 0, answered = 0, overdue = 0;
  double longest_s = 0;
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < end) {
    for (int i = 0; i < kConns; ++i) {
      Slow& s = conns[static_cast<size_t>(i)];
      const double age = std::chrono::duration<double>(Clock::now() - s.opened).count();
      if (s.conn.PeerClosed() || !s.conn.Send("a")) {
        Outcome o = s.conn.Read(0);
        if (o.responses > 0) ++answered;  // a slow client must never get as far as a response
        ++cut_off;
        longest_s = std::max(longest_s, age);
        s = open(i);
      } else if (age > kReadTimeout + kCutOffSlack) {
        ++overdue;
        s = open(i);
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  EXPECT_TRUE(probe.Healthy("200 slowloris / slow-body connections"));
  std::printf(
      "[slow] %d s: %d slow connections cut off by the server (the longest lived %.1f s; limit %d s), %d "
      "still open after %d s\n",
      seconds, cut_off, longest_s, kReadTimeout, overdue, kReadTimeout + kCutOffSlack);
  EXPECT_GE(cut_off, kConns) << "every slow connection outlives the read time limit and must be cut off";
  EXPECT_EQ(overdue, 0) << "slow connections still open well past the read time limit";
  EXPECT_EQ(answered, 0) << "a request that never completed was answered";
  conns.clear();
  EXPECT_TRUE(ServerAlive());
  EXPECT_TRUE(before.Unchanged());
}

TEST(AbuseSlow, ReadersThatNeverReadDoNotStarveOthers) {
  RaiseFileLimit(4096);
  const Snapshot before = Snapshot::Take();
  const int port = Env().server().port();
  // 100 connections ask for large answers (a 200-order page of 250 KB, the OpenAPI document) and never
  // read them: the server's writes block on full socket buffers.
  const std::string token = Env().Token("county");
  std::vector<Raw> conns;
  for (int i = 0; i < 100; ++i) {
    Raw c(port);
    ASSERT_TRUE(c.ok());
    int rcvbuf = 4096;
    ::setsockopt(c.fd(), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    std::string target = i % 2 ? "/api/v1/orders?limit=200" : "/api/v1/openapi.json";
    std::string req =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    ASSERT_TRUE(c.Send(req + req + req));  // pipelined: the next ones wait behind the unread answer
    conns.push_back(std::move(c));
  }
  Probe probe;
  std::this_thread::sleep_for(std::chrono::seconds(AbuseSeconds(5)));
  EXPECT_TRUE(probe.Healthy("100 connections that never read their answers"));
  conns.clear();
  EXPECT_TRUE(ServerAlive());
  EXPECT_TRUE(before.Unchanged());
}

TEST(AbuseIdle, ThousandsOfIdleConnectionsDoNotStarveOthersAndAreClosed) {
  // 3,000, or as many as this process's open-file limit allows (the server raises its own limit).
  const int kConns = static_cast<int>(std::min<rlim_t>(3000, RaiseFileLimit(3000 + 512) - 512));
  ASSERT_GE(kConns, 500) << "ulimit -n is too low for this test";
  const Snapshot before = Snapshot::Take();
  const int port = Env().server().port();
  Probe probe;
  // A third say nothing, a third start a request line, a third finish a request and then idle on keep-alive.
  std::vector<Raw> conns;
  conns.reserve(kConns);
  auto t0 = Clock::now();
  for (int i = 0; i < kConns; ++i) {
    Raw c(port);
    ASSERT_TRUE(c.ok()) << "connection " << i << ": " << std::strerror(errno);
    if (i % 3 == 1) c.Send("GET /api/v1/me HTTP/1.1\r\n");
    if (i % 3 == 2) c.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    conns.push_back(std::move(c));
  }
  const double open_ms = Ms(Clock::now() - t0);
  // Keep-alive connections got their answer.
  int answered = 0;
  for (int i = 2; i < kConns; i += 3)
    if (conns[static_cast<size_t>(i)].Read(Probe::kProbeTimeout * 1000).status == 200) ++answered;
  EXPECT_EQ(answered, kConns / 3);
  // Hold them until the server closes every one at the read (idle) time limit.
  const auto deadline = Clock::now() + std::chrono::seconds(kReadTimeout + kCutOffSlack);
  int open = kConns;
  while (open > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    open = 0;
    for (auto& c : conns)
      if (!c.PeerClosed()) ++open;
  }
  EXPECT_TRUE(probe.Healthy(std::to_string(kConns) + " idle connections"));
  std::printf(
      "[idle] %d connections opened in %.0f ms; %d/%d keep-alive requests answered; %d still open %d s after "
      "the last was opened (read limit %d s)\n",
      kConns, open_ms, answered, kConns / 3, open, kReadTimeout + kCutOffSlack, kReadTimeout);
  EXPECT_EQ(open, 0) << "idle connections must be closed at the read time limit";
  conns.clear();
  EXPECT_TRUE(ServerAlive());
  EXPECT_TRUE(before.Unchanged());
}

// A second server on a copy of the data, started under a low open-file limit (as under systemd's default
// 1024): more connections than descriptors must queue, not stop the server accepting for good.
TEST(AbuseIdle, MoreConnectionsThanFileDescriptorsDoNotStopTheServerAccepting) {
  RaiseFileLimit(4096);
  const fs::path dir = Env().work_dir() / "lowfd";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string out;
  ASSERT_EQ(RunCapture({WanggeBin(), "backup", (dir / "wangge.db").string(), "--data-dir", Env().data_dir()},
                       {}, &out, (dir / "backup.err").string()),
            0)
      << out << ReadFile(dir / "backup.err");
  fs::copy_file(fs::path(Env().data_dir()) / "wangge.key", dir / "wangge.key");
  fs::permissions(dir / "wangge.key", fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);

  const rlim_t kFiles = 600;
  const int port = FreePort();
  ExecArgs ea({WanggeBin(), "serve", "--data-dir", dir.string(), "--port", std::to_string(port), "--no-web"},
              {});
  const std::string log = (dir / "server.log").string();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    rlimit rl{kFiles, kFiles};
    ::setrlimit(RLIMIT_NOFILE, &rl);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execve(ea.argv[0], ea.argv.data(), ea.envp.data());
    ::_exit(127);
  }
  auto healthz = [&](int timeout_s) {
    Request r;
    r.target = "/healthz";
    return Send(port, r, timeout_s).status;
  };
  auto stop = [&] {
    ::kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200 && ::waitpid(pid, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (::waitpid(pid, &status, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
  };
  bool up = false;
  for (int i = 0; i < 300 && !up; ++i) {
    up = healthz(2) == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!up) {
    stop();
    FAIL() << "the low-fd server did not come up; log:\n" << ReadFile(log);
  }
  // Twice the descriptors the server has, each sending a request head; then all closed at once.
  std::vector<Raw> conns;
  for (rlim_t i = 0; i < 2 * kFiles; ++i) {
    Raw c(port, /*blocking_connect=*/false);
    if (c.ok()) conns.push_back(std::move(c));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  for (auto& c : conns) c.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const size_t opened = conns.size();
  conns.clear();
  // Accepting must go on: a new client is answered.
  int status = 0;
  auto t0 = Clock::now();
  for (int i = 0; i < 3 && status != 200; ++i) status = healthz(Probe::kProbeTimeout);
  const double ms = Ms(Clock::now() - t0);
  const std::string server_log = ReadFile(log);
  stop();
  std::printf(
      "[fd] server with %llu descriptors, %zu connections opened and closed; then /healthz: %d after %.0f "
      "ms\n",
      static_cast<unsigned long long>(kFiles), opened, status, ms);
  EXPECT_EQ(status, 200) << "the server stopped accepting after running out of descriptors; log:\n"
                         << server_log.substr(0, 4000);
  EXPECT_NE(server_log.find("allows"), std::string::npos)
      << "the server should warn that its limit caps connections";
}

}  // namespace
}  // namespace wangge::abuse
