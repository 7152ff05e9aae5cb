#include "http/problem.hpp"

#include <nlohmann/json.hpp>

namespace wangge::http {
namespace {
struct Row {
  StatusCode code;
  int http;
  const char* slug;
  const char* title;
};
constexpr Row kTable[] = {
    {StatusCode::kOk, 200, "ok", "OK"},
    {StatusCode::kInvalidArgument, 400, "invalid-argument", "Invalid input"},
    {StatusCode::kNotFound, 404, "not-found", "Not found"},
    {StatusCode::kPermissionDenied, 403, "forbidden", "Forbidden"},
    {StatusCode::kUnauthenticated, 401, "unauthenticated", "Login required"},
    {StatusCode::kConflict, 409, "conflict", "Conflict"},
    {StatusCode::kFailedPrecondition, 409, "failed-precondition", "Not allowed in the current state"},
    {StatusCode::kTooLarge, 413, "too-large", "Payload too large"},
    {StatusCode::kUnsupportedMedia, 415, "unsupported-media-type", "Unsupported media type"},
    {StatusCode::kTooManyRequests, 429, "too-many-requests", "Too many requests"},
    {StatusCode::kInternal, 500, "internal", "Internal error"},
    {StatusCode::kUnavailable, 503, "unavailable", "Service unavailable"},
};
const Row& RowOf(StatusCode c) {
  for (const Row& r : kTable)
    if (r.code == c) return r;
  return kTable[10];
}
}  // namespace

int HttpStatusOf(StatusCode code) { return RowOf(code).http; }

bool PrefersEnglish(const HttpRequest& req) {
  std::string al = req.Header("accept-language");
  return al.rfind("en", 0) == 0;
}

HttpResponse Problem(const Status& st, bool english) {
  const Row& r = RowOf(st.code());
  nlohmann::json j{{"type", std::string("/api/v1/problems/") + r.slug},
                   {"title", r.title},
                   {"status", r.http},
                   {"detail", st.en()},
                   {"detail_zh", st.zh()},
                   {"message", english ? st.en() : st.zh()}};
  if (!st.field().empty()) j["field"] = st.field();
  HttpResponse resp;
  resp.status = r.http;
  resp.content_type = "application/problem+json; charset=utf-8";
  resp.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (r.http == 401) resp.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"wangge\"");
  return resp;
}

HttpResponse MethodNotAllowed(const std::string& allow, bool english) {
  std::string zh = "该路径不支持此方法，可用：" + allow,
              en = "method not allowed for this path; allowed: " + allow;
  nlohmann::json j{{"type", "/api/v1/problems/method-not-allowed"},
                   {"title", "Method not allowed"},
                   {"status", 405},
                   {"detail", en},
                   {"detail_zh", zh},
                   {"message", english ? en : zh}};
  HttpResponse resp;
  resp.status = 405;
  resp.content_type = "application/problem+json; charset=utf-8";
  resp.body = j.dump();
  resp.headers.emplace_back("Allow", allow);
  return resp;
}

}  // namespace wangge::http
