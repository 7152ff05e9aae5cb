#include "service/webhook_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <climits>
#include <future>
#include <map>
#include <string>
#include <thread>

#include "core/crypto.hpp"

namespace wangge::service {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
// Timing bounds only tell "at the deadline" from "at once" or "never": an answer that must not wait for the
// deadline gets kLongTimeout and must come in under half of it; a deadline must hold within kNoHang ms.
constexpr std::chrono::milliseconds kLongTimeout = 30s;
constexpr long long kNoHang = 10'000;

// A one-shot HTTP server on 127.0.0.1 (a kernel-chosen port) in its own thread: it accepts one connection,
// reads one request (head and Content-Length body), records it, then sends `answer` verbatim, or nothing at
// all when `answer` is nullopt (holding the connection open until the test ends).
class OneShotServer {
 public:
  explicit OneShotServer(std::optional<std::string> answer, bool read_request = true)
      : answer_(std::move(answer)), read_request_(read_request) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(listen_fd_, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 4), 0);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~OneShotServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The raw request as received ("" if none arrived within 5 s).
  std::string request() {
    auto f = received_.get_future();
    if (f.wait_for(5s) != std::future_status::ready) return "";
    return f.get();
  }

 private:
  // Waits until `fd` is readable or the server is stopped; false when stopped or after 5 s.
  bool WaitReadable(int fd) {
    for (int waited = 0; !stop_ && waited < 5000; waited += 20) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) return true;
    }
    return false;
  }

  void Serve() {
    std::string req;
    if (!WaitReadable(listen_fd_)) {
      received_.set_value(req);
      return;
    }
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      received_.set_value(req);
      return;
    }
    if (read_request_) {
      char buf[4096];
      size_t need = std::string::npos;
      while (req.size() < need && WaitReadable(fd)) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        req.append(buf, static_cast<size_t>(n));
        size_t head_end = req.find("\r\n\r\n");
        if (need == std::string::npos && head_end != std::string::npos) {
          size_t cl = req.find("Content-Length: ");
          size_t body_len = cl < head_end ? std::stoul(req.substr(cl + 16)) : 0;
          need = head_end + 4 + body_len;
        }
      }
    }
    received_.set_value(req);
    if (answer_) {
      // MSG_NOSIGNAL: the client may have gone (it stops reading after the status line).
      size_t off = 0;
      while (off < answer_->size()) {
        ssize_t n = ::send(fd, answer_->data() + off, answer_->size() - off, MSG_NOSIGNAL);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
      }
    } else {
      while (!stop_) std::this_thread::sleep_for(10ms);  // accept, read, never answer
    }
    ::close(fd);
  }

  std::optional<std::string> answer_;
  bool read_request_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::promise<std::string> received_;
  std::thread thread_;
};

struct ParsedRequest {
  std::string request_line;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

ParsedRequest ParseRequest(const std::string& raw) {
  ParsedRequest out;
  size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return out;
  out.body = raw.substr(head_end + 4);
  size_t pos = raw.find("\r\n");
  out.request_line = raw.substr(0, pos);
  while (pos < head_end) {
    size_t next = raw.find("\r\n", pos + 2);
    std::string line = raw.substr(pos + 2, next - pos - 2);
    size_t colon = line.find(": ");
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(out.headers.count(name), 0u) << "duplicate header " << name;
    out.headers[name] = line.substr(colon + 2);
    pos = next;
  }
  return out;
}

WebhookRequest MakeRequest(const std::string& url) {
  WebhookRequest r;
  r.url = url;
  r.secret = "网格密钥";
  r.event = "order.dispatched";
  r.delivery_id = "dlv-20240425-000042";
  r.body = R"({"order":"WO-2024-0042","title":"路灯不亮","grid":"G-03"})";
  r.timestamp = 1714000000;
  return r;
}

class WebhookClientTest : public ::testing::Test {
 protected:
  void SetUp() override { InitCrypto(); }
};

TEST_F(WebhookClientTest, DeliveredOn200WithSignatureHeadersAndExactBody) {
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  WebhookRequest req = MakeRequest(server.url("/hooks/wangge?tenant=7"));
  WebhookResult res = PostWebhook(req, 2000ms);
  EXPECT_TRUE(res.delivered) << res.error;
  EXPECT_EQ(res.http_status, 200);
  EXPECT_EQ(res.error, "");
  EXPECT_GE(res.elapsed_ms, 0);

  ParsedRequest got = ParseRequest(server.request());
  EXPECT_EQ(got.request_line, "POST /hooks/wangge?tenant=7 HTTP/1.1");
  EXPECT_EQ(got.body, req.body);
  EXPECT_EQ(got.headers["host"], "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(got.headers["content-type"], "application/json; charset=utf-8");
  EXPECT_EQ(got.headers["content-length"], std::to_string(req.body.size()));
  EXPECT_EQ(got.headers["user-agent"], "wangge-webhook/1");
  EXPECT_EQ(got.headers["x-wangge-event"], "order.dispatched");
  EXPECT_EQ(got.headers["x-wangge-delivery"], "dlv-20240425-000042");
  EXPECT_EQ(got.headers["x-wangge-timestamp"], "1714000000");
  EXPECT_EQ(got.headers["connection"], "close");
  EXPECT_EQ(got.headers.size(), 9u);
  // What a receiver does: recompute over "<timestamp>.<body as received>" with the shared secret.
  EXPECT_EQ(got.headers["x-wangge-signature"],
            "sha256=" + HmacSha256Hex(req.secret, got.headers["x-wangge-timestamp"] + "." + got.body));
}

TEST_F(WebhookClientTest, DefaultPathIsSlash) {
  OneShotServer server("HTTP/1.0 204 No Content\r\n\r\n");
  WebhookResult res = PostWebhook(MakeRequest("http://127.0.0.1:" + std::to_string(server.port())), 2000ms);
  EXPECT_TRUE(res.delivered) << res.error;
  EXPECT_EQ(res.http_status, 204);
  EXPECT_EQ(ParseRequest(server.request()).request_line, "POST / HTTP/1.1");
}

TEST_F(WebhookClientTest, ResolvesAHostName) {
  OneShotServer server("HTTP/1.1 200 OK\r\n\r\n");
  // localhost may resolve to ::1 first; the client then tries the next address (127.0.0.1).
  WebhookResult res =
      PostWebhook(MakeRequest("http://localhost:" + std::to_string(server.port()) + "/h"), 2000ms);
  EXPECT_TRUE(res.delivered) << res.error;
  EXPECT_EQ(ParseRequest(server.request()).headers["host"], "localhost:" + std::to_string(server.port()));
}

TEST_F(WebhookClientTest, ServerErrorIsNotDelivered) {
  OneShotServer server("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
  WebhookResult res = PostWebhook(MakeRequest(server.url()), 2000ms);
  EXPECT_FALSE(res.delivered);
  EXPECT_EQ(res.http_status, 500);
  EXPECT_EQ(res.error, "HTTP 500");
}

TEST_F(WebhookClientTest, RedirectIsNotFollowed) {
  OneShotServer server("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\n\r\n");
  WebhookResult res = PostWebhook(MakeRequest(server.url()), 2000ms);
  EXPECT_FALSE(res.delivered);
  EXPECT_EQ(res.http_status, 302);
  EXPECT_EQ(res.error, "HTTP 302");
}

TEST_F(WebhookClientTest, InterimContinueIsSkipped) {
  OneShotServer server("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
  WebhookResult res = PostWebhook(MakeRequest(server.url()), 2000ms);
  EXPECT_TRUE(res.delivered) << res.error;
  EXPECT_EQ(res.http_status, 202);
}

TEST_F(WebhookClientTest, SilentServerTimesOut) {
  OneShotServer server(std::nullopt);
  const auto start = Clock::now();
  WebhookResult res = PostWebhook(MakeRequest(server.url()), 300ms);
  const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  EXPECT_FALSE(res.delivered);
  EXPECT_EQ(res.http_status, 0);
  EXPECT_EQ(res.error, "timeout");
  // Not before the deadline; after it, within a bound no loaded machine reaches but a client that waited
  // per read (or forever) does. No tighter timing: test machines are noisy.
  EXPECT_GE(res.elapsed_ms, 290);
  EXPECT_LT(wall, 300 + kNoHang);
  EXPECT_FALSE(server.request().empty());  // the request did arrive; only the answer is missing
}

TEST_F(WebhookClientTest, ServerThatNeverReadsTimesOut) {
  // Accepts but reads nothing and answers nothing; a body larger than the socket buffers blocks the write.
  OneShotServer server(std::nullopt, /*read_request=*/false);
  WebhookRequest req = MakeRequest(server.url());
  req.body = "\"" + std::string(8 * 1024 * 1024, 'x') + "\"";
  const auto start = Clock::now();
  WebhookResult res = PostWebhook(req, 300ms);
  const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  EXPECT_EQ(res.error, "timeout");
  EXPECT_LT(wall, 300 + kNoHang);  // the deadline covers the blocked write, too
}

TEST_F(WebhookClientTest, ConnectionRefused) {
  // A socket bound to a port but not listening: the kernel answers a connect with RST. Holding it keeps any
  // other process from taking the port during the test.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  WebhookResult res = PostWebhook(
      MakeRequest("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/x"), kLongTimeout);
  ::close(fd);
  EXPECT_FALSE(res.delivered);
  EXPECT_EQ(res.http_status, 0);
  EXPECT_EQ(res.error, "connection refused");
  EXPECT_LT(res.elapsed_ms, kLongTimeout.count() / 2);  // at once, not at the deadline
}

TEST_F(WebhookClientTest, GarbageAnswersAreInvalid) {
  const std::string kAnswers[] = {
      "garbage\r\n\r\n",
      "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
      "HTTP/1.1 2OO OK\r\n\r\n",
      "HTTP/1.1 200OK\r\n\r\n",
      "HTTP/1.1 999 Nine\r\n\r\n",
      "HTTP/2 200\r\n\r\n",
      "<html>hello</html>",                           // no line end, then the server closes
      "HTTP/1.1 200 " + std::string(70 * 1024, 'x'),  // a status line over the 64 KiB cap
  };
  for (const std::string& answer : kAnswers) {
    SCOPED_TRACE(answer.substr(0, 40));
    OneShotServer server(answer);
    WebhookResult res = PostWebhook(MakeRequest(server.url()), kLongTimeout);
    EXPECT_FALSE(res.delivered);
    EXPECT_EQ(res.http_status, 0);
    EXPECT_EQ(res.error, "invalid response");
    EXPECT_LT(res.elapsed_ms, kLongTimeout.count() / 2);
  }
}

TEST_F(WebhookClientTest, GarbageWithoutLineEndFailsWithoutWaitingForTimeout) {
  // The server sends a few non-HTTP bytes and keeps the connection open: no need to wait for a line end.
  OneShotServer server(std::string("\x16\x03\x01\x02\x00", 5));
  WebhookResult res = PostWebhook(MakeRequest(server.url()), kLongTimeout);
  EXPECT_EQ(res.error, "invalid response");
  EXPECT_LT(res.elapsed_ms, kLongTimeout.count() / 2);
}

TEST_F(WebhookClientTest, ClosedWithoutAnswer) {
  OneShotServer server(std::string{});
  WebhookResult res = PostWebhook(MakeRequest(server.url()), 2000ms);
  EXPECT_FALSE(res.delivered);
  EXPECT_EQ(res.http_status, 0);
  EXPECT_EQ(res.error, "connection closed before response");
}

TEST_F(WebhookClientTest, RefusesBadRequestsWithoutConnecting) {
  WebhookRequest https = MakeRequest("https://hooks.example.cn/x");
  WebhookResult res = PostWebhook(https, 2000ms);
  EXPECT_FALSE(res.delivered);
  EXPECT_EQ(res.http_status, 0);
  EXPECT_EQ(res.error.rfind("invalid url: ", 0), 0u) << res.error;
  EXPECT_NE(res.error.find("https"), std::string::npos) << res.error;

  OneShotServer server(std::string("HTTP/1.1 200 OK\r\n\r\n"));
  WebhookRequest injected = MakeRequest(server.url());
  injected.event = "order.dispatched\r\nX-Evil: 1";
  EXPECT_EQ(PostWebhook(injected, 2000ms).error.rfind("invalid event", 0), 0u);
  WebhookRequest no_id = MakeRequest(server.url());
  no_id.delivery_id = "";
  EXPECT_EQ(PostWebhook(no_id, 2000ms).error.rfind("invalid delivery id", 0), 0u);
}

TEST(WebhookSignatureTest, KnownValues) {
  InitCrypto();
  // Computed independently: python3 hmac.new(key, msg, hashlib.sha256).hexdigest()
  EXPECT_EQ(WebhookSignature("s3cret", 1700000000, R"({"a":1})"),
            "sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940");
  EXPECT_EQ(WebhookSignature("网格密钥", 1714000000, R"({"title":"路灯不亮"})"),
            "sha256=a24c46ab867f9860bb22e5b1a1f1f07f7242526a1712cc73892f71716b803f5b");
  EXPECT_NE(WebhookSignature("s3cret", 1700000001, R"({"a":1})"),
            WebhookSignature("s3cret", 1700000000, R"({"a":1})"));
}

TEST(ParseWebhookUrlTest, Accepted) {
  struct Case {
    std::string_view url;
    std::string_view host;
    int port;
    std::string_view path;
  };
  const Case kCases[] = {
      {"http://hooks.example.cn/wangge", "hooks.example.cn", 80, "/wangge"},
      {"HTTP://Hooks.Example.CN:8080", "hooks.example.cn", 8080, "/"},
      {"http://127.0.0.1:1/a/b?x=1&y=%E4%B8%AD", "127.0.0.1", 1, "/a/b?x=1&y=%E4%B8%AD"},
      {"http://10.0.0.5:65535?token=abc", "10.0.0.5", 65535, "/?token=abc"},
      {"http://[::1]:9000/hook", "::1", 9000, "/hook"},
      {"http://[FE80::1]/", "fe80::1", 80, "/"},
      {"http://relay.local/hook#frag", "relay.local", 80, "/hook"},
      {"http://relay-1.internal/", "relay-1.internal", 80, "/"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.url);
    auto r = ParseWebhookUrl(c.url);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->host, c.host);
    EXPECT_EQ(r->port, c.port);
    EXPECT_EQ(r->path, c.path);
  }
}

TEST(ParseWebhookUrlTest, Refused) {
  const std::string kCases[] = {
      "",
      "https://hooks.example.cn/x",
      "HTTPS://hooks.example.cn/x",
      "ftp://hooks.example.cn/x",
      "file:///etc/passwd",
      "javascript://alert(1)",
      "hooks.example.cn/x",
      "//hooks.example.cn/x",
      "http://",
      "http:///path",
      "http://:8080/path",
      "http://?x=1",
      "http://host:0/",
      "http://host:65536/",
      "http://host:99999/",
      "http://host:-1/",
      "http://host:80a/",
      "http://host:/",
      "http://host:+80/",
      "http://user:pass@host/",
      "http://user@host/",
      "http://host@evil.example/",
      "http://ho st/",
      "http://host_name/",
      "http://.host/",
      "http://a..b/",
      "http://[::1/",
      "http://[::1]x/",
      "http://[not-v6]/",
      "http://host/a b",
      "http://host/a\r\nX-Evil: 1",
      "http://host/路径",
      "http://host/" + std::string(2000, 'a'),
  };
  for (const std::string& url : kCases) {
    SCOPED_TRACE(testing::PrintToString(url.substr(0, 80)));
    auto r = ParseWebhookUrl(url);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "url");
    EXPECT_FALSE(r.status().zh().empty());
    EXPECT_FALSE(r.status().en().empty());
  }
}

TEST(ParseWebhookUrlTest, SpecificMessages) {
  EXPECT_NE(ParseWebhookUrl("https://a/").status().en().find("https is not supported"), std::string::npos);
  EXPECT_NE(ParseWebhookUrl("https://a/").status().zh().find("https"), std::string::npos);
  EXPECT_NE(ParseWebhookUrl("http://u:p@a/").status().en().find("password"), std::string::npos);
  EXPECT_NE(ParseWebhookUrl("http://a:70000/").status().en().find("port"), std::string::npos);
  EXPECT_NE(ParseWebhookUrl("http:///x").status().en().find("missing host"), std::string::npos);
  // Exactly at the length limit is fine.
  std::string at_limit = "http://host/";
  at_limit += std::string(2000 - at_limit.size(), 'a');
  EXPECT_TRUE(ParseWebhookUrl(at_limit).ok());
}

TEST(WebhookBackoffTest, Schedule) {
  EXPECT_EQ(WebhookBackoffSeconds(1), 30);
  EXPECT_EQ(WebhookBackoffSeconds(2), 120);
  EXPECT_EQ(WebhookBackoffSeconds(3), 480);
  EXPECT_EQ(WebhookBackoffSeconds(4), 1920);
  EXPECT_EQ(WebhookBackoffSeconds(5), 7680);
  EXPECT_EQ(WebhookBackoffSeconds(6), 21600);  // 30720 capped at 6 h
  EXPECT_EQ(WebhookBackoffSeconds(7), 21600);
  EXPECT_EQ(WebhookBackoffSeconds(kWebhookMaxAttempts), 21600);
  EXPECT_EQ(WebhookBackoffSeconds(1000), 21600);
  EXPECT_EQ(WebhookBackoffSeconds(INT_MAX), 21600);
  EXPECT_EQ(WebhookBackoffSeconds(0), 30);
  EXPECT_EQ(WebhookBackoffSeconds(-3), 30);
  EXPECT_EQ(kWebhookMaxAttempts, 8);
  int64_t total = 0;
  for (int a = 1; a < kWebhookMaxAttempts; ++a) total += WebhookBackoffSeconds(a);
  EXPECT_EQ(total, 53430);  // the header's "last attempt about 14.8 hours after the first"
}

}  // namespace
}  // namespace wangge::service
