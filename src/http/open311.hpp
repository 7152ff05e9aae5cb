// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): the pure half of the adapter — form
// decoding, request parameters, attribute validation, and the JSON/XML documents of services, service
// definitions, service requests, tokens and errors (open311.cpp the input, open311_documents.cpp the
// documents). No I/O: routes_open311.cpp wires these to the services (and states the rules of the whole
// adapter at its top); open311_test.cpp tests them without a server.
//
// Every document is built once as ordered JSON (members in the order the specification lists them) and
// rendered either as JSON or, element for element, as XML: an array becomes a list element whose children
// are named by ItemName() ("services" -> "service", "attributes" -> "attribute" …), null becomes an empty
// element, booleans "true"/"false".
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/category.hpp"
#include "core/status.hpp"
#include "http/types.hpp"
#include "service/order_service.hpp"

namespace wangge::http::open311 {

using ojson = nlohmann::ordered_json;

enum class Format { kJson, kXml };

// ---------------------------------------------------------------------------------------------- formats

struct FormatName {
  std::string stem;  // "0301" of "0301.json"
  Format format = Format::kJson;
};

// Splits a path segment "<stem>.json" / "<stem>.xml" at its last dot. nullopt when the suffix is anything
// else (".csv", ".JSON", none) or the stem is empty.
std::optional<FormatName> SplitFormat(std::string_view file);

inline constexpr const char* kXmlContentType = "text/xml; charset=utf-8";
inline constexpr const char* kJsonContentType = "application/json; charset=utf-8";

// ---------------------------------------------------------------------------------------------- form input

struct FormLimits {
  size_t max_bytes = 64 * 1024;        // the whole body (kTooLarge above it)
  size_t max_pairs = 200;              // key=value pairs
  size_t max_key_bytes = 100;          // decoded
  size_t max_value_bytes = 16 * 1024;  // decoded
};

using FormPairs = std::vector<std::pair<std::string, std::string>>;

// Decodes an application/x-www-form-urlencoded body strictly: pairs separated by '&' (empty pairs are
// skipped), '+' is a space, %XX escapes (either case); a pair without '=' has an empty value. Pairs are
// returned in body order, duplicates included. Errors: kTooLarge when the body exceeds max_bytes;
// kInvalidArgument (zh + en, field = the key when known) for a malformed escape ("%", "%4", "%zz"), an
// empty key, too many pairs, an over-long key or value, a key or value that is not valid UTF-8 after
// decoding, or a key with control characters.
Result<FormPairs> DecodeForm(std::string_view body, const FormLimits& limits = {});

// The parameters of POST requests.{fmt}. Empty values count as absent.
struct ServiceRequestForm {
  std::string api_key;
  std::string jurisdiction_id;  // accepted and ignored (one jurisdiction per deployment)
  std::string service_code;
  std::optional<double> lat, lon;
  std::string address_string;
  std::string address_id;  // a grid or village code (the address_id of request objects)
  std::string email;       // accepted and checked for shape; not stored
  std::string device_id;   // accepted; not stored
  std::string account_id;  // echoed in the response; not stored
  std::string first_name, last_name;
  std::string phone;
  std::string description;
  std::string media_url;
  // attribute[CODE]=v and attribute[CODE][]=v, values in body order.
  std::map<std::string, std::vector<std::string>> attributes;
};

// Reads the pairs of a POST. Unknown keys are ignored (clients send extras such as "locale"). Errors
// (kInvalidArgument, field = the parameter): a scalar parameter given twice; attribute keys that are not
// "attribute[CODE]" or "attribute[CODE][]" with CODE 1-40 of [A-Za-z0-9_-]; lat/long not a plain decimal
// number ("-12.5"; no exponent, at most 32 characters) or out of range; only one of lat and long; an email
// that is not local@domain (at most 100 characters); device_id/account_id over 100 characters or with
// control characters; media_url that is not an http(s) URL of at most 500 printable ASCII characters
// without spaces, quotes, '<', '>' or '\'. Missing api_key, service_code or description are not errors
// here: the handler checks them in its own order (api_key first, for the 403).
Result<ServiceRequestForm> ParseServiceRequestForm(const FormPairs& pairs);

// The reporter's name: last_name + first_name with no space when either contains a non-ASCII character
// (姓 + 名, "张" + "三" -> "张三"), "first last" otherwise; "" when both are empty.
std::string ReporterName(std::string_view first_name, std::string_view last_name);

// The line appended to the description for a media_url ("附件链接：<url>"), and its reverse: the last such
// link in a description ("" when none).
inline constexpr std::string_view kMediaMarker = "附件链接：";
std::string MediaUrlOf(std::string_view description);

// Builds the order report. Location: lat+long (located to a grid by the order service), else address_id
// (a grid or village code), else, with only address_string, `address_place`: the village the address names
// (PlaceService::VillageByAddress, in the key owner's county; "" when it names none or several). The rule is
// the same for every key, whatever the account's own place. Errors (kInvalidArgument): no location at all;
// address_string alone naming no single village; description missing; attribute answers rejected by
// ValidateAttributes.
Result<service::ReportInput> ToReportInput(const ServiceRequestForm& form, const Category& category,
                                           const std::string& address_place);

// ---------------------------------------------------------------------------------------------- attributes

// Checks answers against a category's attributes (Category::attributes_json, as normalised by
// core/category.hpp) and returns them as a compact JSON object {code: value} in the attributes' order:
// string (single line, at most 200 characters) and text (multi-line, at most 2000) as cleaned strings;
// number as a JSON number (plain decimal "-12.5", at most 32 characters); datetime as "YYYY-MM-DD" or an
// RFC 3339 time, stored as cal::IsoLocal text; singlevaluelist as the chosen key; multivaluelist as an array
// of keys. Empty values count as absent. Errors (kInvalidArgument, field "attribute[CODE]", zh + en): an
// unknown code; a value for a non-variable (informational) attribute; a required variable attribute
// missing ("缺少必填属性 CODE" / "required attribute CODE is missing"); more than one value for anything
// but multivaluelist; a key not among the attribute's values; a key listed twice; a malformed number or
// datetime; text that fails CleanText. "" when there are no answers and nothing is required.
Result<std::string> ValidateAttributes(std::string_view attributes_json,
                                       const std::map<std::string, std::vector<std::string>>& answers);

// ---------------------------------------------------------------------------------------------- GET requests

struct ListQuery {
  std::vector<std::string> ids;    // service_request_id list; when set every other filter is ignored
  std::vector<std::string> codes;  // service_code list (a class code also matches its subcategories)
  bool open = true, closed = true;
  int64_t from = 0, to = 0;  // requested_datetime in [from, to), unix seconds
  int64_t page = 1;          // 1-based
  int64_t page_size = 1000;
};

inline constexpr size_t kMaxListIds = 100;
inline constexpr size_t kMaxListCodes = 20;
inline constexpr int64_t kMaxPageSize = 1000;
inline constexpr int64_t kMaxListDepth = 10000;  // page * page_size (each order read costs ~0.1 ms)
inline constexpr int64_t kDefaultWindowSeconds = 90 * 86400;

// Reads the query of GET requests.{fmt} at time `now`. service_request_id, service_code and status are
// comma lists (blank items ignored); start_date/end_date are RFC 3339 times or "YYYY-MM-DD" dates (a date
// starts at local midnight; an end_date date includes that whole day). Window: neither -> the 90 days up to
// now; only end_date -> the 90 days up to it; only start_date -> the 90 days from it; both -> at most 90
// days apart. Errors (kInvalidArgument, field = the parameter): a parameter given twice; more than 100 ids
// or 20 codes; an id that is not a tracking number shape (WG + 16 digits); a code that is not 2 or 4
// digits; a status other than open/closed; a bad date; end before start; a window over 90 days; page not
// 1-1000000, page_size not 1-1000; page * page_size over kMaxListDepth.
Result<ListQuery> ParseListQuery(const std::multimap<std::string, std::string>& query, int64_t now);

// One source of orders, newest (highest id) first, paged by storage cursors.
using PageSource = std::function<Result<storage::Page<service::OrderView>>(const storage::PageRequest&)>;

// Merges sources that each list orders by id descending: skips the first `skip` distinct kept orders and
// returns the next `take` (an order in two sources counts once). `keep` filters; *more says whether a
// further kept order exists. Fetches pages of min(skip + take + 1, 1000) lazily. Errors: a source's.
Result<std::vector<service::OrderView>> MergeNewestFirst(
    std::vector<PageSource> sources, size_t skip, size_t take,
    const std::function<bool(const service::OrderView&)>& keep, bool* more);

// ---------------------------------------------------------------------------------------------- documents

// Classes whose categories are not public services (10 特殊人群 special groups: community correction,
// released prisoners, mental disorders, drug users …): never listed, never accepted, their orders never
// shown.
bool IsPublicCategoryCode(std::string_view code);
// Active and public.
bool IsPublicService(const Category& c);

// "open" for every state but closed, refused and merged ("closed").
std::string_view PublicStatus(order::State s);

// "受理时限2个工作小时，办结时限5个工作日 / accepted within 2 working hours, handled within 5 working days"
// for urgency 1-3 (others as 1).
std::string ServiceNotice(const Category& c, int urgency);

ojson DiscoveryJson(const std::string& endpoint_url, const std::string& changeset);
// service_code, service_name (name_zh), description ("name_zh / name_en"), metadata (has attributes),
// type "realtime", keywords (name_en), group (the class's name_zh).
ojson ServiceJson(const Category& c, std::string_view group);
// {service_code, attributes:[{variable, code, datatype, required, datatype_description, order, description,
// values:[{key, name}]}]}; variable defaults to true, datatype_description to null, order to its position.
// Errors: kInternal when the stored attributes do not parse (they are validated on write).
Result<ojson> ServiceDefinitionJson(const Category& c);
// A request object (see routes_open311.cpp for the members); `c` may be null (category deleted), `calendar`
// too (expected_datetime is then the handling deadline only once the order has one).
ojson RequestJson(const service::OrderView& v, const Category* c, const cal::Calendar* calendar = nullptr);
ojson SubmittedJson(const std::string& service_request_id, const std::string& token,
                    const std::string& notice, const std::string& account_id);
ojson TokenJson(const std::string& service_request_id, const std::string& token);
// [{"code": http_status, "description": text}]
ojson ErrorsJson(int http_status, const std::string& description);

// The Open311 HTTP status of a failure: 400 for bad input (and every other client-side code), 403 for
// kPermissionDenied/kUnauthenticated, 404, 413, 429, 503 and 500 for kInternal.
int HttpStatusFor(StatusCode code);
// "中文 / English".
std::string Describe(const Status& st);

// The child element name of an array member: attributes→attribute, values→value, endpoints→endpoint,
// formats→format, services→service, service_requests→request, errors→error; otherwise "item".
std::string_view ItemName(std::string_view list_name);
// `j` as an XML document (UTF-8 declaration, two-space indentation) under the element `root`: an array's
// elements become <ItemName(root)> children; an object's members become child elements. Text is escaped;
// characters XML 1.0 forbids (C0 controls but \t \n \r, U+FFFE/U+FFFF) and invalid UTF-8 become U+FFFD.
std::string ToXml(const ojson& j, std::string_view root);
// The response in `format` (content types above).
HttpResponse Render(const ojson& j, Format format, std::string_view xml_root, int status = 200);
// An Open311 error response for `st`.
HttpResponse ErrorResponse(const Status& st, Format format);

}  // namespace wangge::http::open311
