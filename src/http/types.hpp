// Plain request/response types the handlers see. RESTinio appears only in server.cpp; everything else in
// http/ works on these, so handlers are testable without a socket.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace wangge::http {

struct HttpRequest {
  std::string method;                             // "GET", "POST" …
  std::string path;                               // decoded path without the query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // lower-case names
  std::string body;
  std::string remote_ip;
  // The Content-Length of a body the server refused to read (over the route's limit, or a large body without
  // a valid session: Router::AdmitBody); `body` is then empty and Dispatch answers 413 or 401. 0 otherwise.
  uint64_t declared_length = 0;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Splits "a=1&b=%E4%B8%AD" into decoded pairs ('+' is a space). Malformed escapes are kept literally.
std::multimap<std::string, std::string> ParseQuery(std::string_view q);
std::string UrlDecode(std::string_view s, bool plus_is_space);

}  // namespace wangge::http
