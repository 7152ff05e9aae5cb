// The Open311 adapter's input side (http/open311): DecodeForm, ParseServiceRequestForm, ToReportInput with
// attribute validation, ParseListQuery, and the XML/JSON documents written back from what was accepted.
// Input: an application/x-www-form-urlencoded body. The category is the shipped one named by service_code
// (else one with every attribute datatype); when the input starts with '[' its first line is instead a
// category's attributes JSON (NormalizeCategoryAttributes decides whether it is usable) and the rest the
// form.
#include <pugixml.hpp>
#include <string>

#include "core/category.hpp"
#include "core/shipped_data.hpp"
#include "core/text.hpp"
#include "fuzz.hpp"
#include "http/open311.hpp"

namespace wangge::fuzz {
namespace {

namespace o311 = http::open311;

constexpr int64_t kNow = 1782777600;  // 2026-06-30 08:00 +08:00: runs do not depend on the clock

// A category whose attributes use every datatype, for forms that name no shipped category.
constexpr std::string_view kAllTypes =
    R"([{"code":"kind","datatype":"singlevaluelist","required":true,"description":"类别",)"
    R"("values":[{"key":"a","name":"甲"},{"key":"b","name":"乙"}]},)"
    R"({"code":"tags","datatype":"multivaluelist","required":false,"description":"标签",)"
    R"("values":[{"key":"x","name":"X"},{"key":"y","name":"Y"}]},)"
    R"({"code":"count","datatype":"number","required":false,"description":"数量"},)"
    R"({"code":"since","datatype":"datetime","required":false,"description":"开始时间"},)"
    R"({"code":"note","datatype":"text","required":false,"description":"说明"},)"
    R"({"code":"who","datatype":"string","required":false,"description":"联系人"},)"
    R"({"code":"info","datatype":"string","required":false,"variable":false,"description":"仅说明"}])";

const std::vector<Category>& Shipped() {
  static const std::vector<Category> categories = [] {
    auto parsed = ParseCategoriesCsv(data::CategoriesCsv());
    FUZZ_CHECK(parsed.ok());
    return *parsed;
  }();
  return categories;
}

// The text pugixml reads back from ToXml: the document must be well-formed whatever the strings were.
void CheckXml(const o311::ojson& j, std::string_view root) {
  const std::string xml = o311::ToXml(j, root);
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size());
  FUZZ_CHECK_MSG(r, std::string(r.description()) + " in " + xml.substr(0, 2000));
  FUZZ_CHECK(std::string_view(doc.document_element().name()) == root);
}

void CheckError(const Status& st) {
  FUZZ_CHECK_MSG(st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kTooLarge,
                 st.ToString());
  FUZZ_CHECK_MSG(IsValidUtf8(st.zh()) && IsValidUtf8(st.en()), st.ToString());
  // The error documents, as the routes send them.
  const int http = o311::HttpStatusFor(st.code());
  FUZZ_CHECK(http == 400 || http == 413);
  CheckXml(o311::ErrorsJson(http, o311::Describe(st)), "errors");
  (void)o311::ErrorResponse(st, o311::Format::kJson);
}

void Submit(const o311::ServiceRequestForm& form, const Category& category) {
  auto in = o311::ToReportInput(form, category, "530326001001001");
  if (!in.ok()) {
    CheckError(in.status());
    return;
  }
  FUZZ_CHECK(in->category == category.code && in->channel == "open311");
  FUZZ_CHECK(!Trim(in->description).empty());
  FUZZ_CHECK(in->lat.has_value() || in->place_code.size() == 12 || in->place_code.size() == 15);
  if (!form.media_url.empty()) FUZZ_CHECK(o311::MediaUrlOf(in->description) == form.media_url);
  if (!in->attributes_json.empty()) {
    auto answers = o311::ojson::parse(in->attributes_json, nullptr, false);
    FUZZ_CHECK_MSG(answers.is_object() && !answers.empty(), in->attributes_json);
  }
  // The request object and the submission receipt as a client would get them.
  service::OrderView v;
  v.tracking_no = "WG2026063000000001";
  v.o.category = in->category;
  v.o.description = in->description;
  v.o.address = in->address;
  v.o.place_code = in->place_code;
  v.o.lat = in->lat;
  v.o.lon = in->lon;
  v.o.received_at = kNow;
  const o311::ojson request = o311::ojson::array({o311::RequestJson(v, &category)});
  CheckXml(request, "service_requests");
  (void)o311::Render(request, o311::Format::kJson, "service_requests");
  CheckXml(o311::SubmittedJson(v.tracking_no, "tok", o311::ServiceNotice(category, 1), form.account_id),
           "service_requests");
}

}  // namespace

int Open311(const uint8_t* data, size_t size) {
  std::string_view in = AsText(data, size);
  std::optional<Category> custom;
  if (in.starts_with("[")) {
    const size_t nl = in.find('\n');
    const std::string_view attrs = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    auto normal = NormalizeCategoryAttributes(attrs);
    if (!normal.ok()) {
      FUZZ_CHECK(normal.status().code() == StatusCode::kInvalidArgument);
      return 0;
    }
    custom.emplace(Shipped().front());
    custom->code = "9901";
    custom->attributes_json = *normal;
    // A normalised attribute list always makes a service definition (the route's 500 must not happen).
    auto def = o311::ServiceDefinitionJson(*custom);
    FUZZ_CHECK_MSG(def.ok(), def.status().ToString());
    CheckXml(*def, "service_definition");
  }

  auto pairs = o311::DecodeForm(in);
  if (!pairs.ok()) {
    CheckError(pairs.status());
    return 0;
  }
  FUZZ_CHECK(pairs->size() <= o311::FormLimits{}.max_pairs);
  o311::ojson echo = o311::ojson::object();
  for (const auto& [k, v] : *pairs) {
    FUZZ_CHECK(!k.empty() && IsValidUtf8(k) && IsValidUtf8(v));
    echo["value"] = v;  // any decoded value can be written as XML text
  }
  CheckXml(echo, "echo");

  // GET requests.{fmt}: the same pairs as a query.
  std::multimap<std::string, std::string> query(pairs->begin(), pairs->end());
  auto list = o311::ParseListQuery(query, kNow);
  if (list.ok()) {
    FUZZ_CHECK(list->ids.size() <= o311::kMaxListIds && list->codes.size() <= o311::kMaxListCodes);
    FUZZ_CHECK(list->page >= 1 && list->page_size >= 1 && list->page_size <= o311::kMaxPageSize);
    FUZZ_CHECK(list->page * list->page_size <= o311::kMaxListDepth);
    FUZZ_CHECK(list->from < list->to && list->to - list->from <= o311::kDefaultWindowSeconds + 1);
    FUZZ_CHECK(list->open || list->closed);
  } else {
    CheckError(list.status());
  }

  // POST requests.{fmt}.
  auto form = o311::ParseServiceRequestForm(*pairs);
  if (!form.ok()) {
    CheckError(form.status());
    return 0;
  }
  FUZZ_CHECK(form->lat.has_value() == form->lon.has_value());
  if (form->lat) FUZZ_CHECK(*form->lat >= -90 && *form->lat <= 90 && *form->lon >= -180 && *form->lon <= 180);
  for (const auto& [code, values] : form->attributes)
    FUZZ_CHECK(!code.empty() && code.size() <= 40 && !values.empty());
  if (custom) {
    Submit(*form, *custom);
    return 0;
  }
  const Category* category = nullptr;
  for (const Category& c : Shipped())
    if (c.code == form->service_code) category = &c;
  if (category == nullptr) {
    static const Category all_types = [] {
      Category c = Shipped().front();
      c.code = "9901";
      auto normal = NormalizeCategoryAttributes(kAllTypes);
      FUZZ_CHECK_MSG(normal.ok(), normal.status().ToString());
      c.attributes_json = *normal;
      return c;
    }();
    category = &all_types;
  }
  Submit(*form, *category);
  return 0;
}

}  // namespace wangge::fuzz
