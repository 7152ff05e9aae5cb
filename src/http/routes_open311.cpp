// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) under /open311/v2, and the API keys it uses.
// The documents and the input rules are pure functions in open311.hpp; this file wires them to the services.
// clang-format off
//
// Rules
// -----
// Endpoints. Each in .json and .xml, in the route table (tag "open311", .auth = false: they are public or
// check their api_key themselves):
//   GET  /open311/v2/discovery.{json,xml}
//        The endpoint list; its url is built from the Host header (and X-Forwarded-Proto).
//   GET  /open311/v2/services.{json,xml}
//        Every active public category, classes (2-digit codes) included: service_code = category code,
//        service_name = name_zh, description = "name_zh / name_en", metadata = true when the category
//        has attributes, type = "realtime", keywords = name_en, group = the class's name_zh.
//        Class 10 特殊人群 (special groups) is not public: its categories are never listed or accepted and
//        its orders never shown anywhere under /open311.
//   GET  /open311/v2/services/{code}.{json,xml}
//        {service_code, attributes: [{variable, code, datatype, required, datatype_description, order,
//        description, values: [{key, name}]}]}; variable defaults to true, order to the position.
//        404 for an unknown, inactive or non-public code.
//   POST /open311/v2/requests.{json,xml}
//        Body: application/x-www-form-urlencoded, UTF-8 (no Content-Type is read as the form; any other
//        type, multipart included, is 400). At most 64 KiB (413 in the Open311 shape; over 1 MiB the
//        router answers 413 problem+json first), 200 pairs, keys of 100 bytes, values of 16 KiB; strict
//        %XX escapes and valid UTF-8 (else 400). Checked in this order:
//        1. api_key. Missing: 403. Unknown, expired, of a disabled account, of an account that is not
//           hotline_operator or resident (another role's session token), or without the report
//           permission: the same 403 "api_key 无效 / invalid api_key", never saying whether it exists.
//        2. The other parameters: a scalar given twice is 400; unknown ones (jurisdiction_id, locale …)
//           are ignored.
//        3. service_code: missing, unknown, inactive or non-public is 400.
//        4. Location: lat+long (plain decimals, both or neither), located to a grid (outside every grid:
//           400); else address_id (a grid or village code, as in request objects); else address_string
//           alone, placed at the one village or community of the key owner's county that it names (its
//           name, and the township's when several villages share it: "娜姑镇柳厂村第12村民小组"); naming none
//           or several is 400. The same rule for a hotline key and a resident key. Failures from the order
//           service are said in Open311's words (address_id, lat/long), never place_code.
//        5. description: required (400 when missing or blank), at most 2000 characters.
//        6. attribute[CODE]=v, and attribute[CODE][]=v repeated for multivaluelist: an unknown code, a
//           value for an informational (variable=false) attribute, a missing required attribute, a key not
//           among the values, a key listed twice, a bad number or datetime are 400
//           ("缺少必填属性 CODE / required attribute CODE is missing" …).
//        first_name + last_name become the reporter's name (姓名 with no space when either is Chinese,
//        "first last" otherwise) and phone the call-back number, both stored encrypted like a hotline
//        caller's; email (checked for shape), device_id and account_id are accepted but not stored
//        (account_id is echoed back). media_url (http or https, at most 500 characters) is never fetched:
//        it is appended to the description as the line "附件链接：<url>" and read back from there.
//        The order is reported as the key's account with channel "open311" (a hotline key only inside its
//        county: outside is 400 with the order service's message).
//        201 [{service_request_id (the tracking number WG…), token, service_notice, account_id}]; the token
//        is random and stored with the order (null in the rare case that storing it failed: the order stands).
//   GET  /open311/v2/requests.{json,xml}
//        service_request_id: comma list of tracking numbers (at most 100); overrides every other filter;
//          unknown ones are left out.
//        service_code: comma list (at most 20); a class code includes its subcategories; unknown or
//          non-public codes are 400.
//        status: open | closed, comma list.
//        start_date / end_date: W3C datetime or YYYY-MM-DD (a date covers its whole day). Default: the 90
//          days up to now; with only one of them, the 90 days from / up to it; more than 90 days apart: 400.
//        page (1-based) and page_size (1-1000, default 1000) are our extension; page x page_size <= 10000
//          (narrow the dates to reach further). Newest first. When a further page exists the response
//          has the header  Link: <...page=N+1>; rel="next".
//   GET  /open311/v2/requests/{id}.{json,xml}
//        id = tracking number; an array of one request; 404 when unknown or of a non-public category.
//   GET  /open311/v2/tokens/{token}.{json,xml}
//        [{service_request_id, token}]; 404 for an unknown token.
//
// Request objects: service_request_id (tracking number); status ("closed" for the engine's closed,
// refused and merged states, "open" for every other); status_notes (the state's Chinese name);
// service_name; service_code; description (phone and ID numbers scrubbed by the order service, which may
// also mask long digit runs inside a media link); agency_responsible (the assignee department's name, else
// the assignee place's, else null); service_notice (the category's accept and handle limits for the
// order's urgency); requested_datetime; updated_datetime; expected_datetime (the current deadline, null
// when none); address; address_id (the grid or village code); zipcode (null); lat; long; media_url.
// Times are RFC 3339 with +08:00. Absent values are null in JSON and empty elements in XML.
//
// Errors use Open311 bodies: JSON [{"code":400,"description":"中文 / English"}], XML
// <errors><error><code>400</code><description>...</description></error></errors>.
//   400 bad or missing parameters, unknown service_code, attribute problems;
//   403 missing or bad api_key;
//   404 unknown service, request or token;
//   413 body over 64 KiB;
//   500 only for server faults, never for input.
// A {code}/{id}/{token} segment with an unsupported suffix (.csv, or none) is 404 with a JSON Open311
// error; a fixed path with one (/open311/v2/services.csv) matches no route: the router's 404 problem+json.
//
// XML: written with pugixml, every text node escaped, characters XML 1.0 forbids replaced by U+FFFD,
// UTF-8 declaration, Content-Type text/xml; charset=utf-8 (what the specification's examples and discovery use).
//
// API keys: POST /api/v1/users/{id}/api-keys (signed in as system_admin or county_command) issues a key to
// an existing hotline_operator or resident account inside the caller's jurisdiction (missing or outside:
// 404; another role or a disabled account: 409) and returns {api_key, user_id, expires_at} once. The key
// ("wgk_" + 43 random characters) is stored only as its SHA-256 in the sessions table (kind "apikey"), valid five
// years, with the audit row "apikey.issue" (service/apikey_service.hpp). It opens the Open311 routes only: as a
// Bearer token on /api/v1 it is 401, and a login's token is no api_key. GET /api/v1/api-keys lists the keys (id =
// the first 16 hex characters of the hash, the key's first 8 characters as a hint, account, dates); DELETE
// /api/v1/api-keys/{key_id} revokes one (audited "apikey.revoke"). Keys also end with the account's other sessions
// on a password change or reset.
// clang-format on
#include <spdlog/spdlog.h>

#include <cctype>
#include <set>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "http/open311.hpp"
#include "http/router.hpp"
#include "service/apikey_service.hpp"
#include "service/authz.hpp"

namespace wangge::http {
namespace {

using open311::Format;
using open311::ojson;

constexpr const char* kChangeset = "2026-01-01T00:00:00+08:00";  // when these endpoints last changed shape

std::string Ext(Format f) { return f == Format::kJson ? "json" : "xml"; }

HttpResponse Fail(const Status& st, Format f) { return open311::ErrorResponse(st, f); }

HttpResponse UnsupportedFormat() {
  return Fail(NotFound("不支持的格式，请使用 .json 或 .xml", "unsupported format: use .json or .xml"),
              Format::kJson);
}

Status UnknownService(const std::string& code) {
  return InvalidArgument("未知的服务代码 " + code.substr(0, 20), "unknown service_code " + code.substr(0, 20),
                         "service_code");
}

Status RequestNotFound() { return NotFound("未找到该服务请求", "service request not found"); }

// The order service speaks of its own fields (place_code, lat/lon); an Open311 client knows lat, long and
// address_id, so its failures are said in those words.
Status InOpen311Terms(const Status& st) {
  // Permission was checked before reporting: a denial left is a location outside the account's jurisdiction.
  if (st.code() == StatusCode::kPermissionDenied)
    return InvalidArgument("事发位置不在该 api_key 所属账号的辖区内",
                           "the location is outside the jurisdiction of the api_key's account", "lat");
  auto words = [](std::string text) {
    for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"place_code", "address_id"},
                            {"lat/lon", "lat/long"},
                            {"give lat and lon", "give lat and long"}})
      for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
  };
  const std::string field = st.field() == "place_code" ? "address_id"
                            : st.field() == "lon"      ? "long"
                                                       : st.field();
  return Status(st.code(), words(st.zh()), words(st.en()), field);
}

// The catalogue's class name of a category (its own name for a class).
std::string GroupOf(const service::Catalog& cat, const Category& c) {
  const Category* cls = cat.Find(c.code.substr(0, 2));
  return cls ? cls->name_zh : "";
}

// The endpoint's own URL for discovery: scheme from X-Forwarded-Proto, host from Host (when it looks like a
// host name), else a relative URL.
std::string EndpointUrl(const HttpRequest& req) {
  const std::string host = req.Header("host");
  bool ok = !host.empty() && host.size() <= 255;
  for (char ch : host)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
          ch == '-' || ch == ':' || ch == '[' || ch == ']'))
      ok = false;
  if (!ok) return "/open311/v2";
  return (req.Header("x-forwarded-proto") == "https" ? "https://" : "http://") + host + "/open311/v2";
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
        ch == '_' || ch == '.' || ch == '~' || ch == ',' || ch == ':') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

// A public order by tracking number: RequestNotFound when unknown, mismatched or of a non-public category.
Result<service::OrderView> PublicOrder(service::App& app, const std::string& tracking_no) {
  auto id = service::ParseTrackingNo(tracking_no);
  if (!id) return RequestNotFound();
  auto v = app.orders.PublicGet(*id);
  if (!v.ok()) return v.status().code() == StatusCode::kNotFound ? RequestNotFound() : v.status();
  if (v->tracking_no != tracking_no || !open311::IsPublicCategoryCode(v->o.category))
    return RequestNotFound();
  return v;
}

HttpResponse Requests(Call& c, const std::vector<service::OrderView>& views, Format f) {
  auto cat = c.app().catalog.Get();
  if (!cat.ok()) return Fail(cat.status(), f);
  ojson list = ojson::array();
  for (const auto& v : views)
    list.push_back(open311::RequestJson(v, (*cat)->Find(v.o.category), &(*cat)->calendar));
  return open311::Render(list, f, "service_requests");
}

HttpResponse Discovery(Call& c, Format f) {
  return open311::Render(open311::DiscoveryJson(EndpointUrl(c.req()), kChangeset), f, "discovery");
}

HttpResponse Services(Call& c, Format f) {
  auto cat = c.app().catalog.Get();
  if (!cat.ok()) return Fail(cat.status(), f);
  ojson list = ojson::array();
  for (const auto& [code, category] : (*cat)->categories)
    if (open311::IsPublicService(category))
      list.push_back(open311::ServiceJson(category, GroupOf(**cat, category)));
  return open311::Render(list, f, "services");
}

HttpResponse ServiceDefinition(Call& c) {
  auto file = open311::SplitFormat(c.PathParam("file"));
  if (!file) return UnsupportedFormat();
  auto cat = c.app().catalog.Get();
  if (!cat.ok()) return Fail(cat.status(), file->format);
  const Category* category = (*cat)->Find(file->stem);
  if (!category || !open311::IsPublicService(*category))
    return Fail(NotFound("未知的服务代码 " + file->stem.substr(0, 20),
                         "unknown service_code " + file->stem.substr(0, 20)),
                file->format);
  auto def = open311::ServiceDefinitionJson(*category);
  if (!def.ok()) return Fail(def.status(), file->format);
  return open311::Render(*def, file->format, "service_definition");
}

HttpResponse Submit(Call& c, Format f) {
  // Content type: the form, UTF-8.
  std::string ct = c.req().Header("content-type");
  for (char& ch : ct) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!ct.empty()) {
    if (ct.rfind("application/x-www-form-urlencoded", 0) != 0)
      return Fail(
          InvalidArgument(
              "请求体须为 application/x-www-form-urlencoded 表单（不支持 multipart，图片请用 media_url）",
              "the body must be application/x-www-form-urlencoded (no multipart: send media_url)",
              "content-type"),
          f);
    const size_t cs = ct.find("charset=");
    if (cs != std::string::npos) {
      std::string charset = ct.substr(cs + 8);
      charset = charset.substr(0, charset.find(';'));
      if (charset != "utf-8" && charset != "\"utf-8\"" && charset != "utf8")
        return Fail(InvalidArgument("表单须为 UTF-8 编码", "the form must be UTF-8", "content-type"), f);
    }
  }
  auto pairs = open311::DecodeForm(c.req().body);
  if (!pairs.ok()) return Fail(pairs.status(), f);

  // api_key first, so that nothing else is said to a caller without a valid key.
  std::vector<std::string> keys;
  for (const auto& [k, v] : *pairs)
    if (k == "api_key") keys.push_back(Trim(v));
  if (keys.size() > 1)
    return Fail(InvalidArgument("参数 api_key 重复", "parameter api_key given more than once", "api_key"), f);
  if (keys.empty() || keys[0].empty())
    return Fail(PermissionDenied("缺少 api_key", "api_key is required"), f);
  auto who = c.app().auth.AuthenticateApiKey(keys[0]);
  if (!who.ok() && who.status().code() != StatusCode::kUnauthenticated) return Fail(who.status(), f);
  // Keys are issued to these two roles only; any other account's session token is refused the same way.
  if (!who.ok() || (who->role != Role::kHotlineOperator && who->role != Role::kResident) ||
      !service::Authz::Can(*who, Permission::kOrderReport).ok())
    return Fail(PermissionDenied("api_key 无效", "invalid api_key"), f);
  c.SetAuth(*who, "");

  auto form = open311::ParseServiceRequestForm(*pairs);
  if (!form.ok()) return Fail(form.status(), f);
  if (form->service_code.empty())
    return Fail(InvalidArgument("缺少 service_code", "service_code is required", "service_code"), f);
  auto cat = c.app().catalog.Get();
  if (!cat.ok()) return Fail(cat.status(), f);
  const Category* category = (*cat)->Find(form->service_code);
  if (!category || !open311::IsPublicService(*category)) return Fail(UnknownService(form->service_code), f);
  std::string address_place;
  if (!(form->lat && form->lon) && form->address_id.empty() && !Trim(form->address_string).empty()) {
    auto named = c.app().places.VillageByAddress(who->scope.substr(0, std::min<size_t>(6, who->scope.size())),
                                                 form->address_string);
    if (!named.ok()) return Fail(named.status(), f);
    address_place = named->value_or("");
  }
  auto in = open311::ToReportInput(*form, *category, address_place);
  if (!in.ok()) return Fail(in.status(), f);

  auto res = c.app().orders.Report(c.ctx(), std::move(*in));
  if (!res.ok()) return Fail(InOpen311Terms(res.status()), f);
  std::string token = RandomToken(24);
  if (Status st = c.app().orders.SetOpen311Token(res->o.id, token); !st.ok()) {
    spdlog::warn("open311: storing the token of order {} failed: {}", res->o.id, st.ToString());
    token.clear();
  }
  return open311::Render(
      open311::SubmittedJson(res->tracking_no, token, open311::ServiceNotice(*category, res->o.urgency),
                             form->account_id),
      f, "service_requests", 201);
}

HttpResponse List(Call& c, Format f) {
  auto q = open311::ParseListQuery(c.req().query, storage::NowUnix());
  if (!q.ok()) return Fail(q.status(), f);
  std::vector<service::OrderView> views;
  if (!q->ids.empty()) {
    std::set<std::string> seen;
    for (const std::string& id : q->ids) {
      if (!seen.insert(id).second) continue;
      auto v = PublicOrder(c.app(), id);
      if (v.ok())
        views.push_back(std::move(*v));
      else if (v.status().code() != StatusCode::kNotFound)
        return Fail(v.status(), f);
    }
    return Requests(c, views, f);
  }
  auto cat = c.app().catalog.Get();
  if (!cat.ok()) return Fail(cat.status(), f);
  std::vector<std::string> codes = q->codes;
  for (const std::string& code : codes) {
    const Category* category = (*cat)->Find(code);
    if (!category || !open311::IsPublicCategoryCode(code)) return Fail(UnknownService(code), f);
  }
  if (codes.empty()) codes.push_back("");
  // One storage query per (code, state set); open = the engine's open states + verified.
  std::vector<std::pair<std::optional<order::State>, bool>> states;  // (state, open_only)
  if (q->open && q->closed) {
    states.push_back({std::nullopt, false});
  } else if (q->open) {
    states.push_back({std::nullopt, true});
    states.push_back({order::State::kVerified, false});
  } else {
    for (order::State s : {order::State::kClosed, order::State::kRefused, order::State::kMerged})
      states.push_back({s, false});
  }
  std::vector<open311::PageSource> sources;
  for (const std::string& code : codes)
    for (const auto& [state, open_only] : states) {
      storage::OrderQuery base;
      base.category = code;
      base.state = state;
      base.open_only = open_only;
      base.received_from = q->from;
      base.received_to = q->to;
      base.sort = "newest";
      sources.push_back([&c, base](const storage::PageRequest& page) {
        storage::OrderQuery oq = base;
        oq.page = page;
        return c.app().orders.PublicList(oq);
      });
    }
  bool more = false;
  auto merged = open311::MergeNewestFirst(
      std::move(sources), static_cast<size_t>((q->page - 1) * q->page_size),
      static_cast<size_t>(q->page_size),
      [](const service::OrderView& v) { return open311::IsPublicCategoryCode(v.o.category); }, &more);
  if (!merged.ok()) return Fail(merged.status(), f);
  HttpResponse resp = Requests(c, *merged, f);
  if (more && resp.status == 200) {
    std::string next = "/open311/v2/requests." + Ext(f) + "?";
    for (const auto& [k, v] : c.req().query)
      if (k != "page") next += UrlEncode(k) + "=" + UrlEncode(v) + "&";
    next += "page=" + std::to_string(q->page + 1);
    resp.headers.emplace_back("Link", "<" + next + ">; rel=\"next\"");
  }
  return resp;
}

HttpResponse OneRequest(Call& c) {
  auto file = open311::SplitFormat(c.PathParam("file"));
  if (!file) return UnsupportedFormat();
  auto v = PublicOrder(c.app(), file->stem);
  if (!v.ok()) return Fail(v.status(), file->format);
  return Requests(c, {std::move(*v)}, file->format);
}

HttpResponse Token(Call& c) {
  auto file = open311::SplitFormat(c.PathParam("file"));
  if (!file) return UnsupportedFormat();
  const Status unknown = NotFound("未找到该令牌", "token not found");
  auto id = c.app().orders.FindByToken(file->stem);
  if (!id.ok()) return Fail(id.status(), file->format);
  if (!*id) return Fail(unknown, file->format);
  auto v = c.app().orders.PublicGet(**id);
  if (!v.ok()) return Fail(v.status().code() == StatusCode::kNotFound ? unknown : v.status(), file->format);
  return open311::Render(open311::TokenJson(v->tracking_no, file->stem), file->format, "service_requests");
}

}  // namespace

void RegisterOpen311Routes(Router& r) {
  for (Format f : {Format::kJson, Format::kXml}) {
    const std::string ext = Ext(f);
    const std::string response = f == Format::kJson ? "json" : "xml";
    r.Add({.method = "GET",
           .pattern = "/open311/v2/discovery." + ext,
           .tag = "open311",
           .summary = "Open311 GeoReport v2 discovery (" + ext + ")",
           .summary_zh = "Open311 接口发现（" + ext + "）",
           .auth = false,
           .response = response,
           .handler = [f](Call& c) { return Discovery(c, f); }});
    r.Add({.method = "GET",
           .pattern = "/open311/v2/services." + ext,
           .tag = "open311",
           .summary = "Open311 service list: the public event categories (" + ext + ")",
           .summary_zh = "Open311 服务列表：可受理的事件分类（" + ext + "）",
           .auth = false,
           .response = response,
           .handler = [f](Call& c) { return Services(c, f); }});
    r.Add({.method = "POST",
           .pattern = "/open311/v2/requests." + ext,
           .tag = "open311",
           .summary = "Open311: submit a service request (form-urlencoded, api_key required) (" + ext + ")",
           .summary_zh = "Open311 提交诉求（表单编码，须提供 api_key）（" + ext + "）",
           .auth = false,
           .request_body = "form",
           .response = response,
           .handler = [f](Call& c) { return Submit(c, f); }});
    r.Add({.method = "GET",
           .pattern = "/open311/v2/requests." + ext,
           .tag = "open311",
           .summary = "Open311: public service requests, newest first (" + ext + ")",
           .summary_zh = "Open311 诉求列表（公开，最新在前）（" + ext + "）",
           .auth = false,
           .query = {{"service_request_id", "string",
                      "comma list of tracking numbers (overrides the other filters)"},
                     {"service_code", "string", "comma list of category codes"},
                     {"start_date", "string", "W3C datetime or YYYY-MM-DD (default: 90 days ago)"},
                     {"end_date", "string", "W3C datetime or YYYY-MM-DD (default: now)"},
                     {"status", "string", "open | closed (comma list)"},
                     {"page", "integer", "1-based page (extension)"},
                     {"page_size", "integer", "1-1000, default 1000 (extension)"}},
           .response = response,
           .handler = [f](Call& c) { return List(c, f); }});
  }
  r.Add({.method = "GET",
         .pattern = "/open311/v2/services/{file}",
         .tokens = {"file"},
         .tag = "open311",
         .summary = "Open311 service definition with its attributes; file = <service_code>.json or .xml",
         .summary_zh = "Open311 服务定义（附加属性）；file 为 分类代码.json 或 .xml",
         .auth = false,
         .handler = [](Call& c) { return ServiceDefinition(c); }});
  r.Add({.method = "GET",
         .pattern = "/open311/v2/requests/{file}",
         .tokens = {"file"},
         .tag = "open311",
         .summary = "Open311: one service request; file = <tracking number>.json or .xml",
         .summary_zh = "Open311 查询单个诉求；file 为 查询编号.json 或 .xml",
         .auth = false,
         .handler = [](Call& c) { return OneRequest(c); }});
  r.Add({.method = "GET",
         .pattern = "/open311/v2/tokens/{file}",
         .tokens = {"file"},
         .tag = "open311",
         .summary = "Open311: the service request id of a submission token; file = <token>.json or .xml",
         .summary_zh = "Open311 按提交令牌查询诉求编号；file 为 令牌.json 或 .xml",
         .auth = false,
         .handler = [](Call& c) { return Token(c); }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/users/{id}/api-keys",
         .tag = "admin",
         .summary = "Issue an Open311 API key to a hotline or resident account (shown once, valid 5 years)",
         .summary_zh = "为 12345 热线或群众账号签发 Open311 API 密钥（仅显示一次，有效期 5 年）",
         // ApiKeyService::Issue: user administrators, and of those only the two roles that run a county's
         // platform.
         .any_of = {Permission::kUserAdmin},
         .roles = {Role::kSystemAdmin, Role::kCountyCommand},
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           service::ApiKeyService keys(&c.app().db());
           auto res = keys.Issue(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(nlohmann::json{{"api_key", res->api_key},
                                      {"key_id", res->key_id},
                                      {"user_id", res->user_id},
                                      {"expires_at", cal::IsoLocal(res->expires_at)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/api-keys",
         .tag = "admin",
         .summary = "The unexpired Open311 API keys of accounts in the caller's jurisdiction (never the keys "
                    "themselves)",
         .summary_zh = "Open311 API 密钥列表（不含密钥本身）",
         .any_of = {Permission::kUserAdmin},
         .roles = {Role::kSystemAdmin, Role::kCountyCommand},
         .query = {{"user_id", "integer", "one account's keys"}},
         .handler = [](Call& c) -> HttpResponse {
           auto uid = c.QueryInt("user_id", 0, 0, INT64_MAX);
           if (!uid.ok()) return Error(c, uid.status());
           service::ApiKeyService keys(&c.app().db());
           auto res = keys.List(c.ctx(), *uid);
           if (!res.ok()) return Error(c, res.status());
           nlohmann::json items = nlohmann::json::array();
           for (const auto& k : *res)
             items.push_back({{"key_id", k.key_id},
                              {"hint", k.hint},
                              {"user_id", k.user_id},
                              {"username", k.username},
                              {"display_name", k.display_name},
                              {"role", k.role},
                              {"place_code", k.place_code},
                              {"created_at", cal::IsoLocal(k.created_at)},
                              {"expires_at", cal::IsoLocal(k.expires_at)}});
           return Json(nlohmann::json{{"items", items}});
         }});
  r.Add({.method = "DELETE",
         .pattern = "/api/v1/api-keys/{key}",
         .tokens = {"key"},
         .tag = "admin",
         .summary = "Revoke an Open311 API key by its key_id (it stops working at once; audited)",
         .summary_zh = "吊销 Open311 API 密钥（立即失效，留痕）",
         .any_of = {Permission::kUserAdmin},
         .roles = {Role::kSystemAdmin, Role::kCountyCommand},
         .handler = [](Call& c) -> HttpResponse {
           service::ApiKeyService keys(&c.app().db());
           if (Status st = keys.Revoke(c.ctx(), c.PathParam("key")); !st.ok()) return Error(c, st);
           HttpResponse r;
           r.status = 204;
           return r;
         }});
}

}  // namespace wangge::http
