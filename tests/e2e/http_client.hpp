// A small blocking HTTP/1.1 client for the end-to-end tests: one request per connection over a POSIX
// socket on the loopback interface ("Connection: close"), Content-Length bodies. Header-only, since the
// test CMake globs only *_test.cpp.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wangge::e2e {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

struct Response {
  int status = 0;                                   // 0: no response (connection failed)
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string error;  // transport error, if any

  std::string Header(const std::string& name) const {
    auto it = headers.find(Lower(name));
    return it == headers.end() ? std::string() : it->second;
  }
  std::vector<std::string> HeaderAll(const std::string& name) const {
    std::vector<std::string> out;
    auto [b, e] = headers.equal_range(Lower(name));
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
  }
  // The body as JSON (parsed once, kept with the response, so references into it live as long as the
  // Response); a discarded value when it does not parse. Non-const so that json[key] on a missing key
  // gives null instead of undefined behaviour.
  nlohmann::json& Json() const {
    if (!parsed_) parsed_ = nlohmann::json::parse(body, nullptr, false);
    return *parsed_;
  }
  // For assertion messages.
  std::string Brief() const {
    return "HTTP " + std::to_string(status) + (error.empty() ? "" : " (" + error + ")") +
           " body: " + body.substr(0, 600);
  }

 private:
  mutable std::optional<nlohmann::json> parsed_;
};

struct Request {
  std::string method = "GET";
  std::string target = "/";  // path and query, already encoded
  Headers headers;
  std::string body;
  bool send_content_length = true;
  std::string
      source_ip;  // connect from this loopback address (127.0.0.2 …) to be another client; "" = default
};

// Percent-encodes a query parameter value (UTF-8 bytes as %XX, unreserved characters kept).
inline std::string UrlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

namespace detail {

inline bool SendAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

// Parses "HTTP/1.1 200 OK\r\nName: v\r\n...\r\n\r\nbody"; returns false when the head is incomplete.
inline bool ParseHead(const std::string& raw, Response* r, size_t* body_start) {
  size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  size_t line_end = raw.find("\r\n");
  std::string status_line = raw.substr(0, line_end);
  size_t sp = status_line.find(' ');
  if (sp == std::string::npos) return false;
  r->status = std::atoi(status_line.c_str() + sp + 1);
  size_t pos = line_end + 2;
  while (pos < end) {
    size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    pos = eol + 2;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = Lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(value.begin());
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    r->headers.emplace(std::move(name), std::move(value));
  }
  *body_start = end + 4;
  return true;
}

}  // namespace detail

// Sends one request to 127.0.0.1:port and reads the whole response (the server closes the connection).
inline Response Send(int port, const Request& req, int timeout_seconds = 60) {
  Response r;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    r.error = std::string("socket: ") + std::strerror(errno);
    return r;
  }
  timeval tv{timeout_seconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (!req.source_ip.empty()) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    if (::inet_pton(AF_INET, req.source_ip.c_str(), &from.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
      r.error = "bind " + req.source_ip + ": " + std::strerror(errno);
      ::close(fd);
      return r;
    }
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    r.error = std::string("connect: ") + std::strerror(errno);
    ::close(fd);
    return r;
  }
  std::string head = req.method + " " + req.target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                     "\r\nConnection: close\r\n";
  for (const auto& [k, v] : req.headers) head += k + ": " + v + "\r\n";
  if (req.send_content_length &&
      (!req.body.empty() || req.method == "POST" || req.method == "PATCH" || req.method == "PUT"))
    head += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
  head += "\r\n";
  if (!detail::SendAll(fd, head) || !detail::SendAll(fd, req.body)) {
    // The server may answer (e.g. 413) before reading everything; still try to read its response.
    r.error = std::string("send: ") + std::strerror(errno);
  }
  std::string raw;
  char buf[65536];
  size_t body_start = 0;
  bool have_head = false;
  long long content_length = -1;
  while (true) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (r.error.empty()) r.error = std::string("recv: ") + std::strerror(errno);
      break;
    }
    if (n == 0) break;
    raw.append(buf, static_cast<size_t>(n));
    if (!have_head) {
      Response tmp;
      if (detail::ParseHead(raw, &tmp, &body_start)) {
        have_head = true;
        r.status = tmp.status;
        r.headers = std::move(tmp.headers);
        std::string cl = r.Header("content-length");
        if (!cl.empty()) content_length = std::atoll(cl.c_str());
      }
    }
    if (have_head && content_length >= 0 && raw.size() - body_start >= static_cast<size_t>(content_length))
      break;
  }
  ::close(fd);
  if (!have_head) {
    r.status = 0;
    if (r.error.empty()) r.error = "no complete response head";
    return r;
  }
  r.error.clear();
  r.body = raw.substr(body_start);
  if (content_length >= 0 && r.body.size() > static_cast<size_t>(content_length))
    r.body.resize(static_cast<size_t>(content_length));
  if (req.method == "HEAD") r.body.clear();
  return r;
}

}  // namespace wangge::e2e
