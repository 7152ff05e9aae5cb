// The input half of the Open311 adapter (open311.hpp): formats, form decoding, attributes, GET parameters.
#include "http/open311.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "core/calendar.hpp"
#include "core/text.hpp"

namespace wangge::http::open311 {
namespace {

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict percent-decoding: '+' is a space, '%' must be followed by two hex digits.
bool FormUnescape(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      out->push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = HexVal(in[i + 1]);
      const int lo = HexVal(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool HasControl(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

// A plain decimal number: optional sign, digits, optional fraction. No exponent, no inf/nan, no hex.
std::optional<double> ParsePlainNumber(std::string_view s) {
  if (s.empty() || s.size() > 32) return std::nullopt;
  size_t i = 0;
  if (s[0] == '-' || s[0] == '+') ++i;
  const size_t int_begin = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == int_begin) return std::nullopt;
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    const size_t frac_begin = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == frac_begin || i != s.size()) return std::nullopt;
  }
  // from_chars does not accept a leading '+'.
  std::string_view digits = s[0] == '+' ? s.substr(1) : s;
  double v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool IsAttributeCode(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

Status Bad(std::string zh, std::string en, std::string field) {
  return InvalidArgument(std::move(zh), std::move(en), std::move(field));
}

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    std::string item = Trim(s.substr(i, j - i));
    if (!item.empty()) out.push_back(std::move(item));
    i = j + 1;
  }
  return out;
}

// start_date / end_date: "YYYY-MM-DD" or an RFC 3339 time. Returns the instant (for an end, exclusive).
Result<int64_t> ParseDateParam(const std::string& text, const std::string& field, bool end) {
  if (text.size() == 10) {
    auto day = cal::DayFromIso(text, field);
    if (!day.ok()) return day.status();
    return cal::DayStart(end ? *day + 1 : *day);
  }
  auto t = cal::ParseIsoTime(text, field);
  if (!t.ok())
    return Bad("参数 " + field + " 应为 W3C 日期时间（如 2026-01-31T08:00:00+08:00）或日期 YYYY-MM-DD",
               "parameter " + field +
                   " must be a W3C datetime (e.g. 2026-01-31T08:00:00+08:00) or a date YYYY-MM-DD",
               field);
  return end ? *t + 1 : *t;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- formats

std::optional<FormatName> SplitFormat(std::string_view file) {
  const size_t dot = file.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string_view ext = file.substr(dot + 1);
  FormatName out;
  out.stem = std::string(file.substr(0, dot));
  if (ext == "json")
    out.format = Format::kJson;
  else if (ext == "xml")
    out.format = Format::kXml;
  else
    return std::nullopt;
  return out;
}

// ---------------------------------------------------------------------------------------------- form input

Result<FormPairs> DecodeForm(std::string_view body, const FormLimits& limits) {
  if (body.size() > limits.max_bytes)
    return Status(StatusCode::kTooLarge,
                  "请求体过大（上限 " + std::to_string(limits.max_bytes / 1024) + " KiB）",
                  "request body too large (limit " + std::to_string(limits.max_bytes / 1024) + " KiB)");
  FormPairs out;
  size_t i = 0;
  while (i <= body.size()) {
    size_t j = body.find('&', i);
    if (j == std::string_view::npos) j = body.size();
    std::string_view piece = body.substr(i, j - i);
    i = j + 1;
    if (piece.empty()) continue;
    if (out.size() >= limits.max_pairs)
      return Bad("参数过多（上限 " + std::to_string(limits.max_pairs) + " 个）",
                 "too many parameters (limit " + std::to_string(limits.max_pairs) + ")", "body");
    const size_t eq = piece.find('=');
    std::string key, value;
    if (!FormUnescape(piece.substr(0, eq), &key))
      return Bad("参数名中的百分号编码无效", "malformed percent-encoding in a parameter name", "body");
    if (key.empty()) return Bad("参数名为空", "empty parameter name", "body");
    if (key.size() > limits.max_key_bytes) return Bad("参数名过长", "parameter name too long", "body");
    if (!IsValidUtf8(key) || HasControl(key))
      return Bad("参数名含有无效字符", "parameter name contains invalid characters", "body");
    if (eq != std::string_view::npos && !FormUnescape(piece.substr(eq + 1), &value))
      return Bad("参数 " + key + " 的百分号编码无效", "malformed percent-encoding in parameter " + key, key);
    if (value.size() > limits.max_value_bytes)
      return Bad(
          "参数 " + key + " 过长（上限 " + std::to_string(limits.max_value_bytes) + " 字节）",
          "parameter " + key + " too long (limit " + std::to_string(limits.max_value_bytes) + " bytes)", key);
    if (!IsValidUtf8(value))
      return Bad("参数 " + key + " 不是有效的 UTF-8 文本", "parameter " + key + " is not valid UTF-8", key);
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

Result<ServiceRequestForm> ParseServiceRequestForm(const FormPairs& pairs) {
  ServiceRequestForm f;
  std::string lat, lon;
  const std::map<std::string_view, std::string*> scalars = {{"api_key", &f.api_key},
                                                            {"jurisdiction_id", &f.jurisdiction_id},
                                                            {"service_code", &f.service_code},
                                                            {"lat", &lat},
                                                            {"long", &lon},
                                                            {"address_string", &f.address_string},
                                                            {"address_id", &f.address_id},
                                                            {"email", &f.email},
                                                            {"device_id", &f.device_id},
                                                            {"account_id", &f.account_id},
                                                            {"first_name", &f.first_name},
                                                            {"last_name", &f.last_name},
                                                            {"phone", &f.phone},
                                                            {"description", &f.description},
                                                            {"media_url", &f.media_url}};
  std::set<std::string> seen;
  for (const auto& [key, value] : pairs) {
    if (auto it = scalars.find(key); it != scalars.end()) {
      if (!seen.insert(key).second)
        return Bad("参数 " + key + " 重复", "parameter " + key + " given more than once", key);
      *it->second = Trim(value);
      continue;
    }
    if (key.rfind("attribute[", 0) != 0) continue;  // unknown parameters are ignored
    std::string_view rest = std::string_view(key).substr(10);
    const size_t close = rest.find(']');
    std::string_view code = close == std::string_view::npos ? std::string_view() : rest.substr(0, close);
    std::string_view tail = close == std::string_view::npos ? std::string_view() : rest.substr(close + 1);
    if (!IsAttributeCode(code) || !(tail.empty() || tail == "[]"))
      return Bad("属性参数格式应为 attribute[代码] 或 attribute[代码][]",
                 "attribute parameters must be attribute[CODE] or attribute[CODE][]", Utf8Prefix(key, 60));
    f.attributes[std::string(code)].push_back(value);
  }
  if (!lat.empty() || !lon.empty()) {
    if (lat.empty() || lon.empty())
      return Bad("纬度 lat 和经度 long 须同时提供", "give both lat and long", lat.empty() ? "lat" : "long");
    f.lat = ParsePlainNumber(lat);
    f.lon = ParsePlainNumber(lon);
    if (!f.lat || *f.lat < -90 || *f.lat > 90)
      return Bad("纬度 lat 应为 -90 到 90 的数字", "lat must be a number from -90 to 90", "lat");
    if (!f.lon || *f.lon < -180 || *f.lon > 180)
      return Bad("经度 long 应为 -180 到 180 的数字", "long must be a number from -180 to 180", "long");
  }
  if (!f.email.empty()) {
    const size_t at = f.email.find('@');
    if (f.email.size() > 100 || at == 0 || at == std::string::npos || at + 1 >= f.email.size() ||
        f.email.find('@', at + 1) != std::string::npos || f.email.find(' ') != std::string::npos ||
        HasControl(f.email))
      return Bad("电子邮箱格式不正确", "email is not a valid address", "email");
  }
  for (auto [name, value] :
       {std::pair<const char*, const std::string*>{"device_id", &f.device_id}, {"account_id", &f.account_id}})
    if (Utf8Length(*value) > 100 || HasControl(*value))
      return Bad(std::string(name) + " 超过 100 个字符或含有控制字符",
                 std::string(name) + " must be at most 100 characters without control characters", name);
  if (!f.media_url.empty()) {
    bool ok = f.media_url.size() <= 500 &&
              (f.media_url.rfind("http://", 0) == 0 || f.media_url.rfind("https://", 0) == 0);
    for (unsigned char c : f.media_url)
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '\'' || c == '`')
        ok = false;
    if (!ok)
      return Bad("media_url 应为不超过 500 个字符的 http(s) 网址",
                 "media_url must be an http(s) URL of at most 500 characters", "media_url");
  }
  return f;
}

std::string ReporterName(std::string_view first_name, std::string_view last_name) {
  std::string first = Trim(first_name), last = Trim(last_name);
  if (first.empty()) return last;
  if (last.empty()) return first;
  if (!IsAscii(first) || !IsAscii(last)) return last + first;
  return first + " " + last;
}

std::string MediaUrlOf(std::string_view description) {
  const size_t pos = description.rfind(kMediaMarker);
  if (pos == std::string_view::npos) return "";
  std::string_view rest = description.substr(pos + kMediaMarker.size());
  return Trim(rest.substr(0, rest.find('\n')));
}

Result<service::ReportInput> ToReportInput(const ServiceRequestForm& form, const Category& category,
                                           const std::string& address_place) {
  service::ReportInput in;
  in.category = category.code;
  in.channel = "open311";
  in.description = Trim(form.description);
  if (in.description.empty())
    return Bad("缺少问题描述 description", "description is required", "description");
  if (!form.media_url.empty()) in.description += "\n" + std::string(kMediaMarker) + form.media_url;
  in.address = form.address_string;
  if (form.lat && form.lon) {
    in.lat = form.lat;
    in.lon = form.lon;
  } else if (!form.address_id.empty()) {
    if (!AllDigits(form.address_id) || (form.address_id.size() != 12 && form.address_id.size() != 15))
      return Bad("address_id 应为网格（15 位）或村(社区)（12 位）编码",
                 "address_id must be a grid (15 digits) or village (12 digits) code", "address_id");
    in.place_code = form.address_id;
  } else if (!form.address_string.empty()) {
    if (address_place.size() != 12 && address_place.size() != 15)
      return Bad(
          "无法从地址 address_string 确定所在村(社区)：请写明乡镇和村(社区)名称，或提供经纬度 lat/long "
          "或网格编码 "
          "address_id",
          "address_string names no single village or community of this county: write the township and "
          "village names, or give lat/long or address_id",
          "address_string");
    in.place_code = address_place;
  } else {
    return Bad("缺少事发位置：请提供经纬度 lat/long 或地址 address_string",
               "give the location: lat/long or address_string", "lat");
  }
  in.reporter_name = ReporterName(form.first_name, form.last_name);
  in.reporter_phone = form.phone;
  ASSIGN_OR_RETURN(in.attributes_json, ValidateAttributes(category.attributes_json, form.attributes));
  return in;
}

// ---------------------------------------------------------------------------------------------- attributes

Result<std::string> ValidateAttributes(std::string_view attributes_json,
                                       const std::map<std::string, std::vector<std::string>>& answers) {
  ojson attrs = attributes_json.empty() ? ojson::array() : ojson::parse(attributes_json, nullptr, false);
  if (!attrs.is_array()) return Internal("category attributes are not a JSON array");
  std::map<std::string, const ojson*> by_code;
  for (const auto& a : attrs)
    if (a.is_object() && a.contains("code") && a["code"].is_string())
      by_code[a["code"].get<std::string>()] = &a;
  for (const auto& [code, values] : answers)
    if (!by_code.count(code))
      return Bad("未知属性 " + code, "unknown attribute " + code, "attribute[" + code + "]");
  ojson out = ojson::object();
  for (const auto& a : attrs) {
    if (!a.is_object() || !a.contains("code") || !a["code"].is_string()) continue;
    const std::string code = a["code"].get<std::string>();
    const std::string field = "attribute[" + code + "]";
    const std::string datatype = a.value("datatype", "string");
    std::vector<std::string> values;
    if (auto it = answers.find(code); it != answers.end())
      for (const std::string& v : it->second)
        if (!Trim(v).empty()) values.push_back(v);
    if (!a.value("variable", true)) {
      if (!values.empty())
        return Bad("属性 " + code + " 仅作说明，不接受填写",
                   "attribute " + code + " is informational and takes no value", field);
      continue;
    }
    if (values.empty()) {
      if (a.value("required", false))
        return Bad("缺少必填属性 " + code, "required attribute " + code + " is missing", field);
      continue;
    }
    if (datatype != "multivaluelist" && values.size() > 1)
      return Bad("属性 " + code + " 只能填写一个值", "attribute " + code + " takes a single value", field);
    auto key_known = [&](const std::string& key) {
      if (a.contains("values") && a["values"].is_array())
        for (const auto& kv : a["values"])
          if (kv.is_object() && kv.value("key", "") == key) return true;
      return false;
    };
    if (datatype == "number") {
      auto n = ParsePlainNumber(Trim(values[0]));
      if (!n) return Bad("属性 " + code + " 应为数字", "attribute " + code + " must be a number", field);
      if (*n == std::floor(*n) && std::fabs(*n) < 9.0e15)
        out[code] = static_cast<int64_t>(*n);
      else
        out[code] = *n;
    } else if (datatype == "datetime") {
      std::string t = Trim(values[0]);
      auto at = ParseDateParam(t, field, false);
      if (!at.ok())
        return Bad(
            "属性 " + code + " 应为日期时间（如 2026-01-31T08:00:00+08:00）或日期 YYYY-MM-DD",
            "attribute " + code + " must be a datetime (e.g. 2026-01-31T08:00:00+08:00) or a date YYYY-MM-DD",
            field);
      out[code] = t.size() == 10 ? t : cal::IsoLocal(*at);
    } else if (datatype == "singlevaluelist") {
      std::string key = Trim(values[0]);
      if (!key_known(key))
        return Bad("属性 " + code + " 的取值 " + Utf8Prefix(key, 40) + " 不在可选项中",
                   "attribute " + code + " has no value " + Utf8Prefix(key, 40), field);
      out[code] = key;
    } else if (datatype == "multivaluelist") {
      ojson keys = ojson::array();
      std::set<std::string> seen;
      for (const std::string& v : values) {
        std::string key = Trim(v);
        if (!key_known(key))
          return Bad("属性 " + code + " 的取值 " + Utf8Prefix(key, 40) + " 不在可选项中",
                     "attribute " + code + " has no value " + Utf8Prefix(key, 40), field);
        if (!seen.insert(key).second)
          return Bad("属性 " + code + " 的取值 " + Utf8Prefix(key, 40) + " 重复",
                     "attribute " + code + " lists " + Utf8Prefix(key, 40) + " twice", field);
        keys.push_back(key);
      }
      out[code] = keys;
    } else {
      const bool text = datatype == "text";
      auto clean = CleanText(values[0], field, text ? 2000 : 200, true, text);
      if (!clean.ok()) return clean.status();
      out[code] = *clean;
    }
  }
  if (out.empty()) return std::string();
  return out.dump();
}

// ---------------------------------------------------------------------------------------------- GET requests

Result<ListQuery> ParseListQuery(const std::multimap<std::string, std::string>& query, int64_t now) {
  ListQuery q;
  for (const char* name :
       {"service_request_id", "service_code", "start_date", "end_date", "status", "page", "page_size"})
    if (query.count(name) > 1)
      return Bad("参数 " + std::string(name) + " 重复",
                 "parameter " + std::string(name) + " given more than once", name);
  auto get = [&](const char* name) -> std::string {
    auto it = query.find(name);
    return it == query.end() ? std::string() : Trim(it->second);
  };
  q.ids = SplitComma(get("service_request_id"));
  if (q.ids.size() > kMaxListIds)
    return Bad("service_request_id 最多 100 个", "at most 100 service_request_id values",
               "service_request_id");
  for (const std::string& id : q.ids)
    if (id.size() != 18 || id.rfind("WG", 0) != 0 || !AllDigits(std::string_view(id).substr(2)))
      return Bad("service_request_id 应为查询编号（WG 加 16 位数字）",
                 "service_request_id must be a tracking number (WG + 16 digits)", "service_request_id");
  q.codes = SplitComma(get("service_code"));
  if (q.codes.size() > kMaxListCodes)
    return Bad("service_code 最多 20 个", "at most 20 service_code values", "service_code");
  for (const std::string& c : q.codes)
    if (!AllDigits(c) || (c.size() != 2 && c.size() != 4))
      return Bad("service_code 应为 2 或 4 位分类代码", "service_code must be a 2- or 4-digit category code",
                 "service_code");
  const std::vector<std::string> statuses = SplitComma(get("status"));
  if (!statuses.empty()) {
    q.open = q.closed = false;
    for (const std::string& s : statuses) {
      if (s == "open")
        q.open = true;
      else if (s == "closed")
        q.closed = true;
      else
        return Bad("status 只能是 open 或 closed", "status must be open or closed", "status");
    }
  }
  const std::string start = get("start_date"), end = get("end_date");
  int64_t from = 0, to = 0;
  if (!start.empty()) {
    ASSIGN_OR_RETURN(from, ParseDateParam(start, "start_date", false));
  }
  if (!end.empty()) {
    ASSIGN_OR_RETURN(to, ParseDateParam(end, "end_date", true));
  }
  if (start.empty() && end.empty()) {
    to = now + 1;
    from = to - kDefaultWindowSeconds;
  } else if (start.empty()) {
    from = to - kDefaultWindowSeconds;
  } else if (end.empty()) {
    to = from + kDefaultWindowSeconds;
  } else {
    if (to <= from) return Bad("end_date 早于 start_date", "end_date is before start_date", "end_date");
    if (to - from > kDefaultWindowSeconds + 1)
      return Bad("start_date 与 end_date 相隔不能超过 90 天",
                 "start_date and end_date may not span more than 90 days", "end_date");
  }
  q.from = from;
  q.to = to;
  auto int_param = [&](const char* name, int64_t def, int64_t max, int64_t* out) -> Status {
    const std::string s = get(name);
    if (s.empty()) {
      *out = def;
      return Status::Ok();
    }
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 1 || v > max)
      return Bad("参数 " + std::string(name) + " 应为 1 到 " + std::to_string(max) + " 的整数",
                 "parameter " + std::string(name) + " must be an integer from 1 to " + std::to_string(max),
                 name);
    *out = v;
    return Status::Ok();
  };
  RETURN_IF_ERROR(int_param("page", 1, 1000000, &q.page));
  RETURN_IF_ERROR(int_param("page_size", kMaxPageSize, kMaxPageSize, &q.page_size));
  if (q.page * q.page_size > kMaxListDepth)
    return Bad("page × page_size 不能超过 " + std::to_string(kMaxListDepth) + "，请缩小时间范围",
               "page × page_size may not exceed " + std::to_string(kMaxListDepth) + "; narrow the date range",
               "page");
  return q;
}

Result<std::vector<service::OrderView>> MergeNewestFirst(
    std::vector<PageSource> sources, size_t skip, size_t take,
    const std::function<bool(const service::OrderView&)>& keep, bool* more) {
  struct Cursor {
    PageSource fetch;
    std::vector<service::OrderView> buf;
    size_t pos = 0;
    std::string next;
    bool started = false, done = false;
  };
  const int chunk = static_cast<int>(std::min<size_t>(skip + take + 1, 1000));
  std::vector<Cursor> cur;
  for (auto& s : sources) cur.push_back(Cursor{std::move(s)});
  // Makes sure the cursor has a current item unless it is exhausted.
  auto fill = [&](Cursor& c) -> Status {
    while (!c.done && c.pos >= c.buf.size()) {
      if (c.started && c.next.empty()) {
        c.done = true;
        break;
      }
      storage::PageRequest pr;
      pr.limit = chunk;
      pr.after = c.next;
      ASSIGN_OR_RETURN(auto page, c.fetch(pr));
      c.started = true;
      c.buf = std::move(page.items);
      c.pos = 0;
      c.next = std::move(page.next);
      if (c.buf.empty()) c.done = true;
    }
    return Status::Ok();
  };
  std::vector<service::OrderView> out;
  *more = false;
  size_t skipped = 0;
  int64_t last_id = -1;
  while (true) {
    Cursor* best = nullptr;
    for (Cursor& c : cur) {
      RETURN_IF_ERROR(fill(c));
      if (c.done) continue;
      if (!best || c.buf[c.pos].o.id > best->buf[best->pos].o.id) best = &c;
    }
    if (!best) break;
    service::OrderView v = std::move(best->buf[best->pos++]);
    if (v.o.id == last_id) continue;  // the same order from another source
    last_id = v.o.id;
    if (keep && !keep(v)) continue;
    if (skipped < skip) {
      ++skipped;
      continue;
    }
    if (out.size() == take) {
      *more = true;
      break;
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace wangge::http::open311
