// The route table: every endpoint with its method, path pattern, documentation and limits. The same table
// drives dispatch, the OpenAPI document (openapi.cpp) and the authorization-matrix test.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/metrics.hpp"
#include "http/rate_limit.hpp"
#include "http/types.hpp"
#include "service/app.hpp"

namespace wangge::http {

constexpr size_t kDefaultMaxBody = 1 << 20;    // 1 MiB for JSON bodies
constexpr size_t kImportMaxBody = 256u << 20;  // 256 MiB for spreadsheet uploads

class Call;
using Handler = std::function<HttpResponse(Call&)>;

struct QueryParam {
  std::string name;
  std::string type;  // "string" | "integer" | "number" | "boolean"
  std::string description;
  bool required = false;
};

struct Route {
  std::string method;               // GET POST PATCH PUT DELETE
  std::string pattern;              // "/api/v1/people/{id}"; {id} digits (int64), {code} digits
  std::vector<std::string> tokens;  // path parameters that match [A-Za-z0-9_.-]{1,128} instead of digits
  std::string tag;                  // OpenAPI tag ("places", "people" …)
  std::string summary;              // English
  std::string summary_zh;
  bool auth = true;  // requires a session
  // A public route (auth = false) is rate-limited per client address (RateLimiter, 429) unless it is one of
  // the operational ones a monitor calls (health, metrics, the OpenAPI document).
  bool unlimited = false;
  // Who may call it. The Router checks this after authentication and before the handler (403 problem+json,
  // the services' message), and the OpenAPI document publishes it (x-wangge-access, x-wangge-permissions,
  // x-wangge-roles), so the authorization-matrix test knows the expected answer of every route and a
  // declaration cannot drift from behaviour. A route with `auth` declares either `any_user` or at least one
  // permission; Add() refuses a route that declares neither. The service still checks jurisdiction (404 for a
  // record outside it, 403 for a target outside it) and its richer rules (an order action's state and the
  // caller's relation to the order).
  std::vector<Permission> any_of;  // the role must hold one of these
  bool any_user = false;           // any signed-in user (/me, /inbox, /auth/logout …)
  std::vector<Role> roles;         // and be one of these roles (empty: any role holding a permission)
  size_t max_body = kDefaultMaxBody;
  std::vector<QueryParam> query;
  std::string request_body;       // "" none | "json" | "file" (spreadsheet) | "upload" (image/PDF) | "form"
  std::string response = "json";  // "json" | "file" (spreadsheet) | "binary" | "text" | "xml"
  Handler handler;
};

// One request being handled: the route's parameters, the caller and helpers to read validated input.
class Call {
 public:
  Call(const HttpRequest& req, service::App& app, std::map<std::string, std::string> params)
      : req_(req), app_(app), params_(std::move(params)) {}
  const HttpRequest& req() const { return req_; }
  service::App& app() { return app_; }
  service::Ctx& ctx() { return ctx_; }
  const service::Ctx& ctx() const { return ctx_; }
  const std::string& token() const { return token_; }
  bool english() const;

  // Path parameters ({id} is already known to be digits; out-of-range values are 404).
  Result<int64_t> PathId(const std::string& name = "id") const;
  std::string PathParam(const std::string& name) const;
  // Query parameters: absent -> default; malformed -> kInvalidArgument naming the parameter.
  std::string Query(const std::string& name, const std::string& def = "") const;
  Result<int64_t> QueryInt(const std::string& name, int64_t def, int64_t min, int64_t max) const;
  Result<double> QueryNumber(const std::string& name) const;
  Result<bool> QueryBool(const std::string& name, bool def) const;
  // after + limit (1..1000, default 50), the cursor validated.
  Result<storage::PageRequest> Page() const;
  // The body as a JSON object (kInvalidArgument for malformed JSON, invalid UTF-8 or a non-object).
  Result<nlohmann::json> JsonBody() const;

  // Set by the router.
  void SetAuth(service::Principal who, std::string token) {
    ctx_.who = std::move(who);
    token_ = std::move(token);
  }
  void SetMeta(std::string ip, std::string request_id) {
    ctx_.ip = std::move(ip);
    ctx_.request_id = std::move(request_id);
  }

 private:
  const HttpRequest& req_;
  service::App& app_;
  std::map<std::string, std::string> params_;
  service::Ctx ctx_;
  std::string token_;
};

class Router {
 public:
  // `app` may be null to build the table for documentation only (no dispatch).
  explicit Router(service::App* app);
  // Throws std::logic_error for a route without an access declaration (see Route::any_of): a programming
  // error found when the table is built, at start-up and by every test.
  void Add(Route r);
  const std::vector<Route>& routes() const { return routes_; }
  // Matches, authenticates, checks limits, runs the handler and records metrics. Never throws.
  HttpResponse Dispatch(const HttpRequest& req);
  // Whether the server should read a request body of `length` bytes, asked as soon as the head is in (`head`:
  // method, path and headers, no body): no when it is over the limit of the route the request would reach
  // (kDefaultMaxBody when none), or, with `check_session`, when it is over kDefaultMaxBody on a route that
  // needs a session and the head carries no valid one — so nobody unauthenticated makes the server buffer
  // more than 1 MiB. A refused body reaches Dispatch with `declared_length` set and is answered 413 or 401
  // there.
  bool AdmitBody(const HttpRequest& head, uint64_t length, bool check_session) const;
  // Whether some route's pattern matches `path` (decoded, without the query), whatever its method: such a
  // path is the API's, and the web UI never answers it (web_ui.hpp).
  bool Claims(const std::string& path) const;
  Metrics& metrics() { return metrics_; }
  // The per-address limit of the public routes (requests a minute; 0 = none). Default kPublicPerMinute.
  void SetPublicRate(int per_minute) { public_limit_.SetPerMinute(per_minute); }
  static constexpr int kPublicPerMinute = 300;
  // Session cookie name used by the browser.
  static constexpr const char* kCookie = "wangge_session";

 private:
  struct Compiled {
    std::vector<std::string> segments;  // literal or "{name}"
    std::vector<bool> token;            // per segment: a token parameter
  };
  std::optional<std::map<std::string, std::string>> Match(const Compiled& c,
                                                          const std::vector<std::string>& parts) const;
  // The route for a method and decoded path (HEAD finds GET), its parameters, and in *allow the methods of
  // the routes whose path matched; null when none.
  const Route* Find(const std::string& method, const std::string& path,
                    std::map<std::string, std::string>* params, std::string* allow) const;
  service::App* app_;
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
  Metrics metrics_;
  RateLimiter public_limit_{kPublicPerMinute};
};

// A request body as a JSON object: what Call::JsonBody() does with the request's Content-Type and body.
// Errors: kUnsupportedMedia for a Content-Type that is set and does not mention json; kInvalidArgument
// (field "body") for invalid UTF-8, malformed JSON or a value that is not an object. Never throws.
Result<nlohmann::json> ParseJsonBody(std::string_view content_type, std::string_view body);

// JSON success helpers.
HttpResponse Json(const nlohmann::json& j, int status = 200);
// A body already serialised (JsonWriter).
HttpResponse JsonText(std::string body, int status = 200);
HttpResponse Error(const Call& call, const Status& st);

// Registers every route of the product: the domains listed in routes.def (one routes_<domain>.cpp each), in
// that order.
void RegisterAllRoutes(Router& r);

}  // namespace wangge::http
