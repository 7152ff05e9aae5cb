#include "service/webhook_client.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <asio.hpp>
#include <cctype>
#include <exception>

#include "core/crypto.hpp"

namespace wangge::service {
namespace {

using Clock = std::chrono::steady_clock;
using asio::ip::tcp;

constexpr size_t kMaxUrlBytes = 2000;
constexpr size_t kMaxResponseBytes = 64 * 1024;
constexpr int64_t kFirstBackoffSeconds = 30;
constexpr int64_t kMaxBackoffSeconds = 6 * 3600;

Status BadUrl(const std::string& zh, const std::string& en) {
  return InvalidArgument("Webhook 地址无效：" + zh, "invalid webhook URL: " + en, "url");
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsIpv4(const std::string& host) {
  in_addr a;
  return ::inet_pton(AF_INET, host.c_str(), &a) == 1;
}
bool IsIpv6(const std::string& host) {
  in6_addr a;
  return ::inet_pton(AF_INET6, host.c_str(), &a) == 1;
}

bool IsHostName(std::string_view h) {
  if (h.empty() || h.size() > 253 || h.front() == '.' || h.front() == '-' || h.find("..") != h.npos)
    return false;
  return std::all_of(h.begin(), h.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

// Header values are copied into the request verbatim: CR or LF would let a value inject headers.
bool IsHeaderValue(std::string_view v) {
  return !v.empty() && v.size() <= 200 &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

enum class Parse { kNeedMore, kDone, kInvalid };

// Looks for the final status line in what has been read so far. Interim 1xx answers (a server may send
// "100 Continue" unasked) are skipped together with their header block.
Parse ParseStatusLine(std::string_view buf, bool eof, int* status) {
  size_t pos = 0;
  for (;;) {
    std::string_view rest = buf.substr(pos);
    constexpr std::string_view kProto = "HTTP/1.";
    // Fail early on an answer that is not HTTP at all rather than waiting for a line end that may never come.
    if (rest.substr(0, kProto.size()) != kProto.substr(0, std::min(rest.size(), kProto.size()))) {
      return Parse::kInvalid;
    }
    size_t eol = rest.find("\r\n");
    if (eol == rest.npos) return eof ? Parse::kInvalid : Parse::kNeedMore;
    std::string_view line = rest.substr(0, eol);
    // "HTTP/1.x NNN" then the end of the line or " reason"
    if (line.size() < 12 || !std::isdigit(static_cast<unsigned char>(line[7])) || line[8] != ' ' ||
        (line.size() > 12 && line[12] != ' ')) {
      return Parse::kInvalid;
    }
    int code = 0;
    for (size_t i = 9; i < 12; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(line[i]))) return Parse::kInvalid;
      code = code * 10 + (line[i] - '0');
    }
    if (code < 100 || code > 599) return Parse::kInvalid;
    if (code >= 200) {
      *status = code;
      return Parse::kDone;
    }
    size_t end = rest.find("\r\n\r\n");
    if (end == rest.npos) return eof ? Parse::kInvalid : Parse::kNeedMore;
    pos += end + 4;
  }
}

std::string ConnectError(const asio::error_code& ec) {
  if (ec == asio::error::connection_refused) return "connection refused";
  if (ec == asio::error::timed_out) return "timeout";
  if (ec == asio::error::host_unreachable) return "host unreachable";
  if (ec == asio::error::network_unreachable) return "network unreachable";
  return "connection failed: " + ec.message();
}

// One delivery attempt on a private io_context: resolve → connect → write → read the status line, all under
// one deadline timer that closes the socket when it fires (which completes every pending operation).
class Attempt {
 public:
  Attempt(ParsedUrl url, std::string request, std::chrono::milliseconds timeout)
      : url_(std::move(url)), request_(std::move(request)), resolver_(io_), socket_(io_), deadline_(io_) {
    deadline_.expires_after(timeout);
  }

  // Returns the error ("" when a status line arrived) and sets *status.
  std::string Run(int* status) {
    deadline_.async_wait([this](const asio::error_code& ec) {
      if (ec || done_) return;  // cancelled: the attempt finished first
      timed_out_ = true;
      resolver_.cancel();
      asio::error_code ignored;
      socket_.close(ignored);
    });
    auto flags = tcp::resolver::numeric_service;
    // An IP literal must never reach DNS.
    if (IsIpv4(url_.host) || IsIpv6(url_.host)) flags |= tcp::resolver::numeric_host;
    resolver_.async_resolve(url_.host, std::to_string(url_.port), flags,
                            [this](const asio::error_code& ec, tcp::resolver::results_type results) {
                              OnResolve(ec, std::move(results));
                            });
    io_.run();
    *status = status_;
    return error_;
  }

 private:
  void Finish(std::string error) {
    done_ = true;
    error_ = std::move(error);
    deadline_.cancel();
    asio::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  void OnResolve(const asio::error_code& ec, tcp::resolver::results_type results) {
    if (timed_out_) return Finish("timeout");
    if (ec) return Finish("resolve failed: " + ec.message());
    asio::async_connect(socket_, results, [this](const asio::error_code& ec, const tcp::endpoint&) {
      if (timed_out_) return Finish("timeout");
      if (ec) return Finish(ConnectError(ec));
      asio::error_code ignored;
      socket_.set_option(tcp::no_delay(true), ignored);
      asio::async_write(socket_, asio::buffer(request_), [this](const asio::error_code& ec, size_t) {
        if (timed_out_) return Finish("timeout");
        if (ec) return Finish("send failed: " + ec.message());
        ReadMore();
      });
    });
  }

  void ReadMore() {
    socket_.async_read_some(asio::buffer(chunk_), [this](const asio::error_code& ec, size_t n) {
      if (timed_out_) return Finish("timeout");
      bool eof = ec == asio::error::eof;
      if (ec && !eof) {
        if (ec == asio::error::connection_reset) return Finish("connection reset");
        return Finish("receive failed: " + ec.message());
      }
      response_.append(chunk_.data(), std::min(n, kMaxResponseBytes - response_.size()));
      if (eof && response_.empty()) return Finish("connection closed before response");
      switch (ParseStatusLine(response_, eof, &status_)) {
        case Parse::kDone:
          return Finish("");
        case Parse::kInvalid:
          return Finish("invalid response");
        case Parse::kNeedMore:
          if (response_.size() >= kMaxResponseBytes) return Finish("invalid response");
          return ReadMore();
      }
    });
  }

  ParsedUrl url_;
  std::string request_;
  asio::io_context io_;
  tcp::resolver resolver_;
  tcp::socket socket_;
  asio::steady_timer deadline_;
  std::array<char, 4096> chunk_;
  std::string response_;
  std::string error_;
  int status_ = 0;
  bool timed_out_ = false;
  bool done_ = false;
};

}  // namespace

Result<ParsedUrl> ParseWebhookUrl(std::string_view url) {
  if (url.empty()) return BadUrl("地址为空", "empty");
  if (url.size() > kMaxUrlBytes) return BadUrl("长度超过 2000 字节", "longer than 2000 bytes");
  size_t sep = url.find("://");
  if (sep == url.npos) return BadUrl("须以 http:// 开头", "must start with http://");
  std::string scheme = Lower(url.substr(0, sep));
  if (scheme == "https") {
    return BadUrl(
        "暂不支持 https（尚无 TLS），请填写 http 地址，可经本机中继转发到 https",
        "https is not supported yet (no TLS); use an http URL, e.g. a local relay that forwards to https");
  }
  if (scheme != "http") return BadUrl("仅支持 http 协议", "only the http scheme is supported");

  std::string_view rest = url.substr(sep + 3);
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail = authority_end == rest.npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != authority.npos) {
    return BadUrl("不允许在地址中包含用户名或密码", "user name or password in the URL is not allowed");
  }
  if (authority.empty()) return BadUrl("缺少主机名", "missing host");

  ParsedUrl out;
  std::string_view port_text;
  bool has_port = false;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == authority.npos) return BadUrl("IPv6 地址缺少 ]", "unterminated IPv6 address");
    out.host = Lower(authority.substr(1, close - 1));
    if (!IsIpv6(out.host)) return BadUrl("IPv6 地址格式错误", "malformed IPv6 address");
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return BadUrl("主机名格式错误", "malformed host");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    size_t colon = authority.find(':');
    out.host = Lower(authority.substr(0, colon));
    if (colon != authority.npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    if (out.host.empty()) return BadUrl("缺少主机名", "missing host");
    if (!IsHostName(out.host)) return BadUrl("主机名格式错误", "malformed host");
  }
  if (has_port) {
    bool digits = !port_text.empty() && port_text.size() <= 5 &&
                  std::all_of(port_text.begin(), port_text.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    int port = 0;
    for (char c : digits ? port_text : std::string_view()) port = port * 10 + (c - '0');
    if (!digits || port < 1 || port > 65535) return BadUrl("端口须为 1-65535", "port must be 1-65535");
    out.port = static_cast<uint16_t>(port);
  }

  tail = tail.substr(0, tail.find('#'));
  // Only printable ASCII: the path goes into the request line verbatim.
  if (!std::all_of(tail.begin(), tail.end(), [](char c) { return c > 0x20 && c < 0x7F; })) {
    return BadUrl("路径含空格、控制字符或未编码的非 ASCII 字符",
                  "path contains spaces, control characters or non-ASCII bytes (percent-encode them)");
  }
  if (tail.empty()) {
    out.path = "/";
  } else if (tail.front() == '?') {
    out.path = "/" + std::string(tail);
  } else {
    out.path = std::string(tail);
  }
  return out;
}

std::string WebhookSignature(std::string_view secret, int64_t timestamp, std::string_view body) {
  std::string message = std::to_string(timestamp);
  message += '.';
  message += body;
  return "sha256=" + HmacSha256Hex(secret, message);
}

int64_t WebhookBackoffSeconds(int attempt) {
  int64_t seconds = kFirstBackoffSeconds;
  for (int i = 1; i < attempt && seconds < kMaxBackoffSeconds; ++i) seconds *= 4;
  return std::min(seconds, kMaxBackoffSeconds);
}

WebhookResult PostWebhook(const WebhookRequest& req, std::chrono::milliseconds timeout) {
  const auto start = Clock::now();
  WebhookResult out;
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  };

  auto url = ParseWebhookUrl(req.url);
  if (!url.ok()) {
    out.error = "invalid url: " + url.status().en();
  } else if (!IsHeaderValue(req.event)) {
    out.error = "invalid event name (1-200 printable ASCII characters)";
  } else if (!IsHeaderValue(req.delivery_id)) {
    out.error = "invalid delivery id (1-200 printable ASCII characters)";
  }
  if (!out.error.empty()) {
    out.elapsed_ms = elapsed();
    return out;
  }

  std::string host = IsIpv6(url->host) ? "[" + url->host + "]" : url->host;
  if (url->port != 80) host += ":" + std::to_string(url->port);
  std::string request;
  request.reserve(512 + req.body.size());
  request += "POST " + url->path + " HTTP/1.1\r\n";
  request += "Host: " + host + "\r\n";
  request += "Content-Type: application/json; charset=utf-8\r\n";
  request += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
  request += "User-Agent: wangge-webhook/1\r\n";
  request += "X-Wangge-Event: " + req.event + "\r\n";
  request += "X-Wangge-Delivery: " + req.delivery_id + "\r\n";
  request += "X-Wangge-Timestamp: " + std::to_string(req.timestamp) + "\r\n";
  request += "X-Wangge-Signature: " + WebhookSignature(req.secret, req.timestamp, req.body) + "\r\n";
  request += "Connection: close\r\n\r\n";
  request += req.body;

  try {
    Attempt attempt(std::move(url).value(), std::move(request), timeout);
    out.error = attempt.Run(&out.http_status);
  } catch (const std::exception& e) {  // asio throws only when the system is out of resources
    out.error = std::string("internal error: ") + e.what();
  }
  if (out.error.empty()) {
    out.delivered = out.http_status >= 200 && out.http_status < 300;
    if (!out.delivered) out.error = "HTTP " + std::to_string(out.http_status);
  }
  out.elapsed_ms = elapsed();
  return out;
}

}  // namespace wangge::service
