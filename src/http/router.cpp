#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <set>
#include <stdexcept>
#include <vector>

#include "core/text.hpp"
#include "http/problem.hpp"
#include "service/authz.hpp"
#include "storage/cursor.hpp"

namespace wangge::http {
namespace {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && s.size() <= 19 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string TokenFrom(const HttpRequest& req) {
  std::string auth = req.Header("authorization");
  if (auth.size() > 7 && (auth.rfind("Bearer ", 0) == 0 || auth.rfind("bearer ", 0) == 0))
    return Trim(auth.substr(7));
  std::string cookie = req.Header("cookie");
  std::string key = std::string(Router::kCookie) + "=";
  size_t pos = 0;
  while ((pos = cookie.find(key, pos)) != std::string::npos) {
    if (pos == 0 || cookie[pos - 1] == ' ' || cookie[pos - 1] == ';') {
      size_t end = cookie.find(';', pos);
      return cookie.substr(pos + key.size(),
                           end == std::string::npos ? std::string::npos : end - pos - key.size());
    }
    pos += key.size();
  }
  return "";
}

std::atomic<uint64_t> g_request_seq{0};

}  // namespace

bool Call::english() const { return PrefersEnglish(req_); }

Result<int64_t> Call::PathId(const std::string& name) const {
  auto it = params_.find(name);
  int64_t v = 0;
  if (it == params_.end()) return NotFound("记录不存在", "not found");
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || v <= 0) return NotFound("记录不存在", "not found");
  return v;
}

std::string Call::PathParam(const std::string& name) const {
  auto it = params_.find(name);
  return it == params_.end() ? std::string() : it->second;
}

std::string Call::Query(const std::string& name, const std::string& def) const {
  auto it = req_.query.find(name);
  return it == req_.query.end() ? def : it->second;
}

Result<int64_t> Call::QueryInt(const std::string& name, int64_t def, int64_t min, int64_t max) const {
  auto it = req_.query.find(name);
  if (it == req_.query.end() || it->second.empty()) return def;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || v < min || v > max)
    return InvalidArgument(
        "参数 " + name + " 应为 " + std::to_string(min) + " 到 " + std::to_string(max) + " 的整数",
        "parameter " + name + " must be an integer from " + std::to_string(min) + " to " +
            std::to_string(max),
        name);
  return v;
}

Result<double> Call::QueryNumber(const std::string& name) const {
  auto it = req_.query.find(name);
  if (it == req_.query.end() || it->second.empty())
    return InvalidArgument("缺少参数 " + name, "missing parameter " + name, name);
  char* end = nullptr;
  double v = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str() || *end != '\0' || !std::isfinite(v))
    return InvalidArgument("参数 " + name + " 应为数字", "parameter " + name + " must be a number", name);
  return v;
}

Result<bool> Call::QueryBool(const std::string& name, bool def) const {
  auto it = req_.query.find(name);
  if (it == req_.query.end() || it->second.empty()) return def;
  if (it->second == "true" || it->second == "1") return true;
  if (it->second == "false" || it->second == "0") return false;
  return InvalidArgument("参数 " + name + " 应为 true 或 false",
                         "parameter " + name + " must be true or false", name);
}

Result<storage::PageRequest> Call::Page() const {
  storage::PageRequest p;
  ASSIGN_OR_RETURN(int64_t limit, QueryInt("limit", 50, 1, 1000));
  p.limit = static_cast<int>(limit);
  p.after = Query("after");
  if (!storage::IsValidCursor(p.after))
    return InvalidArgument("分页游标无效", "invalid pagination cursor", "after");
  return p;
}

Result<nlohmann::json> Call::JsonBody() const {
  return ParseJsonBody(req_.Header("content-type"), req_.body);
}

Result<nlohmann::json> ParseJsonBody(std::string_view content_type, std::string_view body) {
  if (!content_type.empty() && content_type.find("json") == std::string_view::npos)
    return Status(StatusCode::kUnsupportedMedia, "请求体须为 JSON（Content-Type: application/json）",
                  "the body must be JSON (Content-Type: application/json)");
  if (!IsValidUtf8(body))
    return InvalidArgument("请求体含有无效的 UTF-8 字符", "the body is not valid UTF-8", "body");
  // A key given twice in one object is refused, not "last wins": two parts of a system reading the same body
  // differently (a proxy's check, then our parser) is how a checked value gets smuggled past.
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  auto watch = [&](int, nlohmann::json::parse_event_t ev, nlohmann::json& parsed) {
    if (ev == nlohmann::json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (ev == nlohmann::json::parse_event_t::object_end) {
      if (!keys.empty()) keys.pop_back();
    } else if (ev == nlohmann::json::parse_event_t::key && !keys.empty() && duplicate.empty()) {
      if (!keys.back().insert(parsed.get<std::string>()).second) duplicate = parsed.get<std::string>();
    }
    return true;
  };
  auto j = nlohmann::json::parse(body, watch, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("请求体不是有效的 JSON", "the body is not valid JSON", "body");
  if (!duplicate.empty()) {
    const std::string key = Utf8Prefix(duplicate, 40);
    return InvalidArgument("请求体中的字段 " + key + " 出现了多次",
                           "the field " + key + " is given more than once", key);
  }
  if (!j.is_object())
    return InvalidArgument("请求体须为 JSON 对象", "the body must be a JSON object", "body");
  return j;
}

HttpResponse Json(const nlohmann::json& j, int status) {
  HttpResponse r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

HttpResponse JsonText(std::string body, int status) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse Error(const Call& call, const Status& st) { return Problem(st, call.english()); }

Router::Router(service::App* app) : app_(app) {}

void Router::Add(Route r) {
  const std::string name = r.method + " " + r.pattern;
  if (r.auth && r.any_of.empty() && !r.any_user)
    throw std::logic_error("route " + name +
                           " needs a session but declares no permission (any_of) nor any_user");
  if (r.any_user && !r.any_of.empty())
    throw std::logic_error("route " + name + " declares both any_user and permissions");
  if (!r.auth && (r.any_user || !r.any_of.empty() || !r.roles.empty()))
    throw std::logic_error("public route " + name + " declares permissions");
  if (!r.roles.empty() && r.any_of.empty())
    throw std::logic_error("route " + name + " limits roles without a permission");
  Compiled c;
  c.segments = SplitPath(r.pattern);
  for (const std::string& seg : c.segments)
    c.token.push_back(seg.size() > 2 && seg.front() == '{' &&
                      std::find(r.tokens.begin(), r.tokens.end(), seg.substr(1, seg.size() - 2)) !=
                          r.tokens.end());
  compiled_.push_back(std::move(c));
  routes_.push_back(std::move(r));
}

namespace {
bool IsToken(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
          ch == '.' || ch == '-'))
      return false;
  return true;
}
}  // namespace

std::optional<std::map<std::string, std::string>> Router::Match(const Compiled& c,
                                                                const std::vector<std::string>& parts) const {
  if (c.segments.size() != parts.size()) return std::nullopt;
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = c.segments[i];
    if (seg.size() > 2 && seg.front() == '{') {
      if (c.token[i] ? !IsToken(parts[i]) : !AllDigits(parts[i])) return std::nullopt;
      params[seg.substr(1, seg.size() - 2)] = parts[i];
    } else if (seg != parts[i]) {
      return std::nullopt;
    }
  }
  return params;
}

const Route* Router::Find(const std::string& method, const std::string& path,
                          std::map<std::string, std::string>* params, std::string* allow) const {
  std::vector<std::string> parts = SplitPath(path);
  for (size_t i = 0; i < routes_.size(); ++i) {
    auto m = Match(compiled_[i], parts);
    if (!m) continue;
    if (allow) *allow += (allow->empty() ? "" : ", ") + routes_[i].method;
    if (routes_[i].method == method || (method == "HEAD" && routes_[i].method == "GET")) {
      if (params) *params = std::move(*m);
      return &routes_[i];
    }
  }
  return nullptr;
}

bool Router::Claims(const std::string& path) const {
  std::string allow;
  Find("", path, nullptr, &allow);
  return !allow.empty();
}

bool Router::AdmitBody(const HttpRequest& head, uint64_t length, bool check_session) const {
  const Route* route = Find(head.method, head.path, nullptr, nullptr);
  if (length > (route ? route->max_body : kDefaultMaxBody)) return false;
  if (check_session && length > kDefaultMaxBody && route != nullptr && route->auth && app_ != nullptr)
    return app_->auth.Authenticate(TokenFrom(head)).ok();
  return true;
}

HttpResponse Router::Dispatch(const HttpRequest& req) {
  auto t0 = std::chrono::steady_clock::now();
  const bool en = PrefersEnglish(req);
  std::map<std::string, std::string> params;
  std::string allow;  // methods of the routes whose path matched
  const Route* route = Find(req.method, req.path, &params, &allow);
  HttpResponse resp;
  std::string label = route ? route->method + " " + route->pattern : "unmatched";
  if (route == nullptr) {
    resp = !allow.empty()
               ? MethodNotAllowed(allow, en)
               : Problem(NotFound("没有这个接口：" + req.path, "no such endpoint: " + req.path), en);
  } else {
    Call call(req, *app_, std::move(params));
    call.SetMeta(req.remote_ip, std::to_string(++g_request_seq));
    try {
      resp = [&]() -> HttpResponse {
        // A body the server did not read (AdmitBody) never reaches a handler: 401 when it was refused for
        // want of a session, 413 otherwise.
        const uint64_t size = std::max<uint64_t>(req.body.size(), req.declared_length);
        if (req.declared_length > req.body.size() && size <= route->max_body && route->auth) {
          auto who = app_->auth.Authenticate(TokenFrom(req));
          if (!who.ok()) return Problem(who.status(), en);
        }
        if (size > route->max_body || req.declared_length > req.body.size())
          return Problem(
              Status(StatusCode::kTooLarge,
                     "请求体过大（上限 " + std::to_string(route->max_body / 1024) + " KiB）",
                     "request body too large (limit " + std::to_string(route->max_body / 1024) + " KiB)"),
              en);
        if (!route->auth && !route->unlimited) {
          int retry = 0;
          if (!public_limit_.Allow(req.remote_ip, &retry)) {
            HttpResponse busy = Problem(Status(StatusCode::kTooManyRequests, "请求过于频繁，请稍后再试",
                                               "too many requests from this address; try again later"),
                                        en);
            busy.headers.emplace_back("Retry-After", std::to_string(retry));
            return busy;
          }
        }
        if (route->auth) {
          std::string token = TokenFrom(req);
          auto who = app_->auth.Authenticate(token);
          if (!who.ok()) return Problem(who.status(), en);
          if (who->must_change_password && route->pattern != "/api/v1/me" &&
              route->pattern != "/api/v1/me/password" && route->pattern != "/api/v1/auth/logout")
            return Problem(PermissionDenied("请先修改初始密码", "change your initial password first"), en);
          if (!route->any_user)
            if (Status st = service::Authz::CanAny(*who, route->any_of, route->roles); !st.ok())
              return Problem(st, en);
          call.SetAuth(*who, token);
        }
        return route->handler(call);
      }();
    } catch (const nlohmann::json::exception& e) {
      // A type mismatch that a handler did not check explicitly: still the caller's input.
      resp = Problem(InvalidArgument("请求字段类型错误", std::string("wrong field type: ") + e.what()), en);
    } catch (const std::exception& e) {
      spdlog::error("handler {} threw: {}", label, e.what());
      resp = Problem(Internal(e.what()), en);
    }
  }
  resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
  resp.headers.emplace_back("Cache-Control", "no-store");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  metrics_.Observe(label, resp.status, secs);
  return resp;
}

}  // namespace wangge::http
