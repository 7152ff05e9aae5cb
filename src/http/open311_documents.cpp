// The documents of the Open311 adapter (open311.hpp, "documents"): discovery, services, service definitions,
// service requests, tokens and errors as ordered JSON, and their rendering as JSON or XML.
#include <pugixml.hpp>
#include <sstream>

#include "core/calendar.hpp"
#include "http/open311.hpp"

namespace wangge::http::open311 {
namespace {

// Appends `s` with every character XML 1.0 does not allow (and every invalid UTF-8 sequence) replaced by
// U+FFFD. pugixml escapes & < > itself but writes other control characters as numeric references, which
// are not well-formed XML 1.0, so they never reach it.
std::string XmlSafe(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        out += kReplacement;
      else
        out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    size_t n = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      cp = c & 0x07;
    }
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok) {
      const uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) ok = false;
    }
    if (!ok) {  // not UTF-8: one replacement per byte that starts nothing valid
      out += kReplacement;
      ++i;
      continue;
    }
    // Well-formed, but a noncharacter XML 1.0 excludes: one replacement for the whole character.
    if (cp == 0xFFFE || cp == 0xFFFF)
      out += kReplacement;
    else
      out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

void AppendXml(pugi::xml_node node, const ojson& v, std::string_view name) {
  switch (v.type()) {
    case ojson::value_t::null:
    case ojson::value_t::discarded:
      return;
    case ojson::value_t::array: {
      const std::string item(ItemName(name));
      for (const auto& el : v) AppendXml(node.append_child(item.c_str()), el, item);
      return;
    }
    case ojson::value_t::object:
      for (const auto& [k, el] : v.items()) AppendXml(node.append_child(k.c_str()), el, k);
      return;
    case ojson::value_t::boolean:
      node.text().set(v.get<bool>() ? "true" : "false");
      return;
    case ojson::value_t::string:
      node.text().set(XmlSafe(v.get_ref<const std::string&>()).c_str());
      return;
    default:  // numbers
      node.text().set(v.dump().c_str());
      return;
  }
}

ojson Str(const std::string& s) { return s.empty() ? ojson() : ojson(s); }
ojson Time(int64_t t) { return t == 0 ? ojson() : ojson(cal::IsoLocal(t)); }

}  // namespace

// ---------------------------------------------------------------------------------------------- documents

// Class 10 (特殊人群) is never public; nor is a class another kind owns (13 信访事项: petitions are
// registered by the petition desk, not reported as service requests).
bool IsPublicCategoryCode(std::string_view code) {
  return code.substr(0, 2) != "10" && !order::KindOwningCategory(code);
}

bool IsPublicService(const Category& c) { return c.active && IsPublicCategoryCode(c.code); }

std::string_view PublicStatus(order::State s) {
  return s == order::State::kClosed || s == order::State::kRefused || s == order::State::kMerged ? "closed"
                                                                                                 : "open";
}

std::string ServiceNotice(const Category& c, int urgency) {
  const cal::Limit& handle = c.handle_limit[urgency >= 1 && urgency <= 3 ? urgency - 1 : 0];
  return "受理时限" + cal::DescribeLimitZh(c.accept_limit) + "，办结时限" + cal::DescribeLimitZh(handle) +
         "（" + std::string(UrgencyZh(urgency >= 1 && urgency <= 3 ? urgency : 1)) + "） / accepted within " +
         cal::DescribeLimitEn(c.accept_limit) + ", handled within " + cal::DescribeLimitEn(handle);
}

ojson DiscoveryJson(const std::string& endpoint_url, const std::string& changeset) {
  ojson endpoint = ojson::object();
  endpoint["specification"] = "http://wiki.open311.org/GeoReport_v2";
  endpoint["url"] = endpoint_url;
  endpoint["changeset"] = changeset;
  endpoint["type"] = "production";
  endpoint["formats"] = ojson::array({"application/json", "text/xml"});
  ojson j = ojson::object();
  j["changeset"] = changeset;
  j["contact"] = "县级综治中心（平台管理员） / the county command centre (platform administrator)";
  j["key_service"] =
      "API 密钥由系统管理员或县级综治中心为 12345 热线或群众账号签发（POST /api/v1/users/{id}/api-keys） / "
      "API keys are "
      "issued by a system administrator or the county command centre to a hotline or resident account "
      "(POST /api/v1/users/{id}/api-keys)";
  j["endpoints"] = ojson::array({endpoint});
  return j;
}

ojson ServiceJson(const Category& c, std::string_view group) {
  ojson attrs = ojson::parse(c.attributes_json.empty() ? "[]" : c.attributes_json, nullptr, false);
  ojson j = ojson::object();
  j["service_code"] = c.code;
  j["service_name"] = c.name_zh;
  j["description"] = c.name_zh + " / " + c.name_en;
  j["metadata"] = attrs.is_array() && !attrs.empty();
  j["type"] = "realtime";
  j["keywords"] = c.name_en;
  j["group"] = std::string(group);
  return j;
}

Result<ojson> ServiceDefinitionJson(const Category& c) {
  ojson attrs = ojson::parse(c.attributes_json.empty() ? "[]" : c.attributes_json, nullptr, false);
  if (!attrs.is_array()) return Internal("category " + c.code + " has malformed attributes");
  ojson list = ojson::array();
  int position = 0;
  for (const auto& a : attrs) {
    ++position;
    if (!a.is_object()) return Internal("category " + c.code + " has malformed attributes");
    ojson o = ojson::object();
    o["variable"] = a.value("variable", true);
    o["code"] = a.value("code", "");
    o["datatype"] = a.value("datatype", "string");
    o["required"] = a.value("required", false);
    o["datatype_description"] = a.contains("datatype_description") ? a["datatype_description"] : ojson();
    o["order"] = a.contains("order") ? a["order"] : ojson(position);
    o["description"] = a.value("description", "");
    ojson values = ojson::array();
    if (a.contains("values") && a["values"].is_array())
      for (const auto& kv : a["values"])
        values.push_back(ojson{{"key", kv.value("key", "")}, {"name", kv.value("name", "")}});
    o["values"] = values;
    list.push_back(o);
  }
  ojson j = ojson::object();
  j["service_code"] = c.code;
  j["attributes"] = list;
  return j;
}

ojson RequestJson(const service::OrderView& v, const Category* c, const cal::Calendar* calendar) {
  const order::Order& o = v.o;
  ojson j = ojson::object();
  j["service_request_id"] = v.tracking_no;
  j["status"] = std::string(PublicStatus(o.state));
  j["status_notes"] = std::string(order::StateNameZh(o.state));
  j["service_name"] = Str(c ? c->name_zh : v.category_name);
  j["service_code"] = o.category;
  j["description"] = Str(o.description);
  j["agency_responsible"] = Str(!v.assignee_dept_name.empty() ? v.assignee_dept_name : v.assignee_place_name);
  j["service_notice"] = c ? ojson(ServiceNotice(*c, o.urgency)) : ojson();
  j["requested_datetime"] = Time(o.received_at);
  j["updated_datetime"] = Time(o.updated_at != 0 ? o.updated_at : o.received_at);
  // 办结: when the matter is expected to be handled, never the accept deadline.
  j["expected_datetime"] = Time(calendar != nullptr ? order::ExpectedDone(o, *calendar, c) : o.handle_due);
  j["address"] = Str(o.address);
  j["address_id"] = Str(o.place_code);
  j["zipcode"] = ojson();
  j["lat"] = o.lat ? ojson(*o.lat) : ojson();
  j["long"] = o.lon ? ojson(*o.lon) : ojson();
  j["media_url"] = Str(MediaUrlOf(o.description));
  return j;
}

ojson SubmittedJson(const std::string& service_request_id, const std::string& token,
                    const std::string& notice, const std::string& account_id) {
  ojson j = ojson::object();
  j["service_request_id"] = service_request_id;
  j["token"] = Str(token);
  j["service_notice"] = Str(notice);
  j["account_id"] = Str(account_id);
  return ojson::array({j});
}

ojson TokenJson(const std::string& service_request_id, const std::string& token) {
  ojson j = ojson::object();
  j["service_request_id"] = Str(service_request_id);
  j["token"] = token;
  return ojson::array({j});
}

ojson ErrorsJson(int http_status, const std::string& description) {
  ojson j = ojson::object();
  j["code"] = http_status;
  j["description"] = description;
  return ojson::array({j});
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
      return 403;
    case StatusCode::kTooLarge:
      return 413;
    case StatusCode::kTooManyRequests:
      return 429;
    case StatusCode::kInternal:
      return 500;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInvalidArgument:
    case StatusCode::kConflict:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kUnsupportedMedia:
      return 400;
  }
  return 400;
}

std::string Describe(const Status& st) {
  if (st.zh().empty()) return st.en();
  if (st.en().empty()) return st.zh();
  return st.zh() + " / " + st.en();
}

std::string_view ItemName(std::string_view list_name) {
  static const std::map<std::string_view, std::string_view> kNames = {
      {"attributes", "attribute"}, {"values", "value"},     {"endpoints", "endpoint"},
      {"formats", "format"},       {"services", "service"}, {"service_requests", "request"},
      {"errors", "error"}};
  auto it = kNames.find(list_name);
  return it == kNames.end() ? std::string_view("item") : it->second;
}

std::string ToXml(const ojson& j, std::string_view root) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  const std::string root_name(root);
  AppendXml(doc.append_child(root_name.c_str()), j, root_name);
  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return os.str();
}

HttpResponse Render(const ojson& j, Format format, std::string_view xml_root, int status) {
  HttpResponse r;
  r.status = status;
  if (format == Format::kXml) {
    r.content_type = kXmlContentType;
    r.body = ToXml(j, xml_root);
  } else {
    r.content_type = kJsonContentType;
    r.body = j.dump(-1, ' ', false, ojson::error_handler_t::replace);
  }
  return r;
}

HttpResponse ErrorResponse(const Status& st, Format format) {
  const int code = HttpStatusFor(st.code());
  return Render(ErrorsJson(code, Describe(st)), format, "errors", code);
}

}  // namespace wangge::http::open311
