// Helpers for the hostile-client tests: raw TCP connections that send bytes no well-behaved client would, a
// probe that keeps acting as a normal client while the abuse goes on, and a snapshot of the data to prove the
// abuse changed nothing. The server is the e2e fixture's (a real `wangge serve` on a fresh small demo),
// started with WANGGE_HTTP_READ_TIMEOUT=kReadTimeout so that the tests can watch slow and idle clients being
// cut off.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "../e2e/server_fixture.hpp"

namespace wangge::abuse {

using namespace wangge::e2e;
using Clock = std::chrono::steady_clock;

// The server's read time limit in these tests (seconds; 60 in production).
constexpr int kReadTimeout = 4;

// How long the abuse lasts in the default run; WANGGE_ABUSE_SECONDS makes it longer.
inline int AbuseSeconds(int def) {
  if (const char* s = std::getenv("WANGGE_ABUSE_SECONDS"); s != nullptr && std::atoi(s) > 0)
    return std::atoi(s);
  return def;
}

inline double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Raises this process's open-file soft limit to `want` (or the hard limit); returns the new soft limit.
inline rlim_t RaiseFileLimit(rlim_t want) {
  rlimit rl{};
  ::getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < want) {
    rl.rlim_cur = std::min(want, rl.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &rl);
    ::getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur;
}

// What came back on a raw connection.
struct Outcome {
  int status = 0;          // the first response's status; 0 when none arrived
  int responses = 0;       // complete response heads seen
  bool closed = false;     // the server closed (FIN or RST)
  bool timed_out = false;  // neither a response nor a close before the deadline
  std::string raw;         // everything received

  std::string Brief() const {
    std::string head = raw.substr(0, std::min<size_t>(raw.size(), 300));
    for (char& c : head)
      if (c == '\r' || c == '\n') c = ' ';
    return "status " + std::to_string(status) + ", " + std::to_string(responses) + " response(s)" +
           (closed ? ", closed" : "") + (timed_out ? ", TIMED OUT" : "") + ": " + head;
  }
};

// A raw TCP connection to the server on loopback.
class Raw {
 public:
  explicit Raw(int port, bool blocking_connect = true) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!blocking_connect) ::fcntl(fd_, F_SETFL, O_NONBLOCK);
    int rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (rc != 0 && !(errno == EINPROGRESS && !blocking_connect)) Close();
  }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  Raw(Raw&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Raw& operator=(Raw&& o) noexcept {
    if (this != &o) {
      Close();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  ~Raw() { Close(); }

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // Sends everything (blocking, 10 s at most); false when the peer has closed or reset the connection.
  bool Send(std::string_view data) {
    auto deadline = Clock::now() + std::chrono::seconds(10);
    size_t off = 0;
    while (off < data.size() && fd_ >= 0) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        off += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && Clock::now() < deadline) {
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, 100);
        continue;
      }
      return false;
    }
    return fd_ >= 0 && off == data.size();
  }

  // Reads until `want` complete responses arrived, the server closed, or `timeout_ms` passed.
  Outcome Read(int timeout_ms, int want = 1) {
    Outcome o;
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    char buf[65536];
    while (fd_ >= 0) {
      Count(&o);
      if (o.responses >= want) return o;
      int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
      if (left <= 0) {
        o.timed_out = true;
        return o;
      }
      pollfd p{fd_, POLLIN, 0};
      int pr = ::poll(&p, 1, std::min(left, 200));
      if (pr < 0 && errno != EINTR) break;
      if (pr <= 0) continue;
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        o.raw.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      o.closed = true;  // 0: FIN; <0: ECONNRESET and the like
      break;
    }
    Count(&o);
    return o;
  }

  // Whether the server has closed the connection, without waiting.
  bool PeerClosed() {
    if (fd_ < 0) return true;
    char c;
    ssize_t n = ::recv(fd_, &c, 1, MSG_DONTWAIT | MSG_PEEK);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
  }

  // Closes with a TCP reset (SO_LINGER 0) instead of a FIN.
  void Reset() {
    if (fd_ < 0) return;
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    Close();
  }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  // Counts complete responses in o.raw (Content-Length bodies; a response without one runs to the close).
  static void Count(Outcome* o) {
    o->responses = 0;
    size_t pos = 0;
    while (true) {
      size_t end = o->raw.find("\r\n\r\n", pos);
      if (end == std::string::npos) break;
      Response r;
      size_t body_start = 0;
      if (!e2e::detail::ParseHead(o->raw.substr(pos), &r, &body_start)) break;
      if (o->responses == 0) o->status = r.status;
      std::string cl = r.Header("content-length");
      size_t len = cl.empty() ? 0 : static_cast<size_t>(std::atoll(cl.c_str()));
      if (pos + body_start + len > o->raw.size()) break;
      ++o->responses;
      pos += body_start + len;
    }
  }

  int fd_ = -1;
};

// Keeps acting as a normal client on its own thread: GET /healthz and, as the county command centre, the
// first page of orders — both must answer 200 with the right content. Every failure and the slowest answer
// are recorded; a request that gets no answer within kProbeTimeout counts as a failure (the server hung for
// others).
class Probe {
 public:
  static constexpr int kProbeTimeout = 10;  // seconds

  Probe() : token_(Env().Token("county")) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~Probe() { Stop(); }

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  int requests() const { return requests_; }
  const std::vector<std::string>& failures() const { return failures_; }
  double slowest_ms() const { return slowest_ms_; }

  // Stops the probe and checks it: requests were made, none failed. Prints the figures.
  ::testing::AssertionResult Healthy(const std::string& what) {
    Stop();
    std::printf("[probe] %s: %d requests by a normal client, slowest %.1f ms, %zu failed\n", what.c_str(),
                requests_, slowest_ms_, failures_.size());
    if (requests_ < 2)
      return ::testing::AssertionFailure() << "the probe made only " << requests_ << " requests";
    if (!failures_.empty()) {
      auto f = ::testing::AssertionFailure() << failures_.size() << " of " << requests_
                                             << " normal requests failed during " << what << "; first: ";
      for (size_t i = 0; i < std::min<size_t>(3, failures_.size()); ++i) f << "\n  " << failures_[i];
      return f;
    }
    return ::testing::AssertionSuccess();
  }

 private:
  void One(const Request& req, bool orders) {
    auto t0 = Clock::now();
    Response r = Send(Env().server().port(), req, kProbeTimeout);
    double ms = Ms(Clock::now() - t0);
    ++requests_;
    slowest_ms_ = std::max(slowest_ms_, ms);
    bool good = r.status == 200 && (orders ? r.Json().contains("items") && r.Json()["items"].is_array()
                                           : r.Json().value("status", "") == "ok");
    if (!good)
      failures_.push_back(req.target + " after " + std::to_string(static_cast<int>(ms)) +
                          " ms: " + r.Brief());
  }

  void Loop() {
    Request health;
    health.target = "/healthz";
    Request orders;
    orders.target = "/api/v1/orders?limit=5";
    orders.headers.emplace_back("Authorization", "Bearer " + token_);
    // At least one round even when the abuse is over before the thread first runs (413s take a millisecond).
    do {
      One(health, false);
      One(orders, true);
      for (int i = 0; i < 5 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(40));
    } while (!stop_);
  }

  std::string token_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  int requests_ = 0;
  double slowest_ms_ = 0;
  std::vector<std::string> failures_;
};

// What pure abuse must leave as it was: the people count, the first page of orders, and the audit trail apart
// from rows the scheduler writes on its own (time-limit alarms, user id 0).
struct Snapshot {
  int64_t audit_seq = 0;
  int64_t people = 0;
  std::string orders;

  static Snapshot Take() {
    LoginAll();  // logins write audit rows: every account the tests use logs in before the snapshot
    Snapshot s;
    s.audit_seq = NewestAuditSeq("admin");
    s.people = CountyPeople();
    s.orders = Env().As("county", "GET", "/api/v1/orders?limit=20").body;
    return s;
  }

  // The audit rows written since by anyone but the scheduler, as "seq action username".
  std::vector<std::string> UserAuditSince() const {
    std::vector<std::string> out;
    Response r = Env().As("admin", "GET", "/api/v1/audit?limit=200");
    for (const json& row : r.Json()["items"])
      if (row.value("seq", int64_t{0}) > audit_seq && row.value("user_id", int64_t{0}) != 0)
        out.push_back(std::to_string(row.value("seq", int64_t{0})) + " " + row.value("action", "") + " " +
                      row.value("username", ""));
    return out;
  }

  ::testing::AssertionResult Unchanged() const {
    Snapshot now;
    now.people = CountyPeople();
    auto audit = UserAuditSince();
    if (!audit.empty()) {
      auto f = ::testing::AssertionFailure() << "the abuse wrote audit rows:";
      for (const auto& a : audit) f << "\n  " << a;
      return f;
    }
    if (now.people != people)
      return ::testing::AssertionFailure() << "people count changed from " << people << " to " << now.people;
    // Orders may only have changed by scheduler alarms (warn level), so compare ids and states.
    auto ids = [](const std::string& body) {
      std::string out;
      json j = json::parse(body, nullptr, false);
      if (j.is_discarded() || !j.contains("items")) return std::string("(unreadable)");
      for (const json& o : j["items"])
        out += std::to_string(o.value("id", int64_t{0})) + ":" + o.value("state", "") + " ";
      return out;
    };
    std::string before = ids(orders), after = ids(Env().As("county", "GET", "/api/v1/orders?limit=20").body);
    if (before != after)
      return ::testing::AssertionFailure() << "orders changed:\n  " << before << "\n  " << after;
    return ::testing::AssertionSuccess();
  }
};

// The server is still there and answering.
inline ::testing::AssertionResult ServerAlive() {
  Response r = Env().server().Call("GET", "/healthz");
  if (r.status != 200) return ::testing::AssertionFailure() << "GET /healthz after the abuse: " << r.Brief();
  Response me = Env().As("county", "GET", "/api/v1/me");
  if (me.status != 200)
    return ::testing::AssertionFailure() << "GET /api/v1/me after the abuse: " << me.Brief();
  return ::testing::AssertionSuccess();
}

}  // namespace wangge::abuse
