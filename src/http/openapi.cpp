#include "http/openapi.hpp"

#include <algorithm>

namespace wangge::http {
namespace {
using nlohmann::json;

json ProblemRef() { return json{{"$ref", "#/components/responses/Problem"}}; }

std::string OperationId(const Route& r) {
  std::string id = r.method;
  std::transform(id.begin(), id.end(), id.begin(), ::tolower);
  for (char ch : r.pattern) {
    if (ch == '/' || ch == '{' || ch == '}' || ch == '-' || ch == '.') {
      if (id.back() != '_') id += '_';
    } else {
      id += ch;
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}
}  // namespace

json OpenApiDocument(const std::vector<Route>& routes) {
  json paths = json::object();
  for (const Route& r : routes) {
    json op{{"operationId", OperationId(r)},
            {"summary", r.summary},
            {"description", r.summary_zh},
            {"tags", json::array({r.tag})}};
    json params = json::array();
    size_t pos = 0;
    while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
      size_t end = r.pattern.find('}', pos);
      std::string name = r.pattern.substr(pos + 1, end - pos - 1);
      const bool token = std::find(r.tokens.begin(), r.tokens.end(), name) != r.tokens.end();
      params.push_back(
          json{{"name", name},
               {"in", "path"},
               {"required", true},
               {"schema", json{{"type", "string"}, {"pattern", token ? "^[A-Za-z0-9_.-]+$" : "^[0-9]+$"}}}});
      pos = end;
    }
    for (const QueryParam& q : r.query)
      params.push_back(json{{"name", q.name},
                            {"in", "query"},
                            {"required", q.required},
                            {"description", q.description},
                            {"schema", json{{"type", q.type}}}});
    if (!params.empty()) op["parameters"] = params;
    if (r.request_body == "json")
      op["requestBody"] =
          json{{"required", true},
               {"content", json{{"application/json", json{{"schema", json{{"type", "object"}}}}}}}};
    else if (r.request_body == "file")
      op["requestBody"] =
          json{{"required", true},
               {"content",
                json{{"text/csv", json::object()},
                     {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", json::object()}}}};
    else if (r.request_body == "form")
      op["requestBody"] =
          json{{"required", true},
               {"content",
                json{{"application/x-www-form-urlencoded", json{{"schema", json{{"type", "object"}}}}}}}};
    else if (r.request_body == "upload")
      op["requestBody"] = json{{"required", true},
                               {"content", json{{"image/jpeg", json::object()},
                                                {"image/png", json::object()},
                                                {"image/webp", json::object()},
                                                {"image/gif", json::object()},
                                                {"application/pdf", json::object()}}}};
    json ok;
    if (r.response == "file")
      ok =
          json{{"description", "file"},
               {"content",
                json{{"text/csv", json::object()},
                     {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", json::object()}}}};
    else if (r.response == "xml")
      ok = json{{"description", "XML"}, {"content", json{{"text/xml", json::object()}}}};
    else if (r.response == "binary")
      ok = json{{"description", "the stored bytes"},
                {"content", json{{"application/octet-stream", json::object()}}}};
    else if (r.response == "text")
      ok = json{{"description", "text"}, {"content", json{{"text/plain", json::object()}}}};
    else
      ok = json{{"description", "OK"},
                {"content", json{{"application/json", json{{"schema", json{{"type", "object"}}}}}}}};
    // A POST straight on a collection (/api/v1/<things>) creates: 201.
    size_t depth = std::count(r.pattern.begin(), r.pattern.end(), '/');
    json responses{{r.method == "POST" && depth == 3 ? "201" : "200", ok}, {"4XX", ProblemRef()}};
    op["responses"] = responses;
    if (r.auth)
      op["security"] = json::array({json{{"bearer", json::array()}}, json{{"cookie", json::array()}}});
    // Who may call it, as the Router enforces it (router.hpp, Route::any_of): "public", "signed-in" (any user
    // with a session) or "permission" (the role holds one of x-wangge-permissions, and is one of
    // x-wangge-roles when given). Jurisdiction and an order action's state and relations are checked by the
    // service.
    op["x-wangge-access"] = !r.auth ? "public" : r.any_user ? "signed-in" : "permission";
    if (!r.any_of.empty()) {
      json perms = json::array();
      for (Permission p : r.any_of) perms.push_back(PermissionName(p));
      op["x-wangge-permissions"] = perms;
    }
    if (!r.roles.empty()) {
      json roles = json::array();
      for (Role role : r.roles) roles.push_back(RoleName(role));
      op["x-wangge-roles"] = roles;
    }
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    paths[r.pattern][method] = op;
  }
  json problem_schema{
      {"type", "object"},
      {"properties",
       json{{"type", json{{"type", "string"}}},
            {"title", json{{"type", "string"}}},
            {"status", json{{"type", "integer"}}},
            {"detail", json{{"type", "string"}, {"description", "English message"}}},
            {"detail_zh", json{{"type", "string"}, {"description", "中文说明"}}},
            {"message", json{{"type", "string"}, {"description", "message in the preferred language"}}},
            {"field", json{{"type", "string"}}}}}};
  return json{
      {"openapi", "3.0.3"},
      {"info", json{{"title", "wangge 网格 — grassroots governance platform API"},
                    {"version", "1"},
                    {"description",
                     "JSON REST API. Errors are RFC 9457 problem+json with Chinese and English messages. "
                     "Lists use keyset pagination: pass the previous page's `next` as `after`."}}},
      {"servers", json::array({json{{"url", "/"}}})},
      {"paths", paths},
      {"components",
       json{{"securitySchemes",
             json{{"bearer", json{{"type", "http"}, {"scheme", "bearer"}}},
                  {"cookie", json{{"type", "apiKey"}, {"in", "cookie"}, {"name", Router::kCookie}}}}},
            {"schemas", json{{"Problem", problem_schema}}},
            {"responses",
             json{{"Problem",
                   json{{"description",
                         "problem+json error",
                         {"content",
                          json{{"application/problem+json",
                                json{{"schema", json{{"$ref", "#/components/schemas/Problem"}}}}}}}}}}}}}},
  };
}

}  // namespace wangge::http
