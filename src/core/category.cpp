#include "core/category.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_set>

#include "core/csv.hpp"
#include "core/text.hpp"

namespace wangge {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxNameChars = 40;
constexpr size_t kMaxAttributeText = 200;

struct LevelInfo {
  std::string_view level;
  std::string_view zh;
  int code_length;
};

constexpr std::array<LevelInfo, 5> kLevels = {{
    {"grid", "网格", 15},
    {"village", "村(社区)", 12},
    {"township", "乡镇(街道)", 9},
    {"county", "县级", 6},
    {"department", "职能部门", 0},
}};

const LevelInfo* FindLevel(std::string_view level) {
  for (const LevelInfo& l : kLevels) {
    if (l.level == level) return &l;
  }
  return nullptr;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsDepartmentCode(std::string_view s) {
  if (s.size() < 2 || s.size() > 20) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool IsAttributeCode(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool IsListType(std::string_view datatype) {
  return datatype == "singlevaluelist" || datatype == "multivaluelist";
}

// The zh label of a category member, for messages.
std::string_view MemberZh(std::string_view field) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"code", "分类代码"},
      {"parent", "上级分类"},
      {"name_zh", "中文名称"},
      {"name_en", "英文名称"},
      {"default_urgency", "默认紧急程度"},
      {"accept_limit", "受理时限"},
      {"handle_normal", "一般件办理时限"},
      {"handle_urgent", "紧急件办理时限"},
      {"handle_critical", "特急件办理时限"},
      {"handling_level", "承办层级"},
      {"default_department", "默认承办部门"},
      {"micro", "可就地办结"},
      {"attributes", "附加字段"},
  };
  for (const auto& [f, zh] : kLabels) {
    if (f == field) return zh;
  }
  return field;
}

Status Bad(std::string_view field, std::string_view zh, std::string_view en) {
  return InvalidArgument(std::string(MemberZh(field)) + std::string(zh), std::string(field) + std::string(en),
                         std::string(field));
}

Status AttrError(const std::string& where, std::string_view zh, std::string_view en) {
  return InvalidArgument("附加字段 " + where + std::string(zh), where + std::string(en), where);
}

// Checks one optional text member of an attribute.
Status CheckText(const Json& attr, const std::string& where, const char* member, bool required) {
  const std::string at = where + "." + member;
  const auto it = attr.find(member);
  if (it == attr.end()) {
    if (required) return AttrError(at, " 缺失", " is missing");
    return Status::Ok();
  }
  if (!it->is_string()) return AttrError(at, " 应为字符串", " must be a string");
  const std::string& s = it->get_ref<const std::string&>();
  if (!IsValidUtf8(s)) return AttrError(at, " 不是有效的 UTF-8 文本", " is not valid UTF-8 text");
  if (required && Trim(s).empty()) return AttrError(at, " 不能为空", " must not be empty");
  if (Utf8Length(s) > kMaxAttributeText) {
    return AttrError(at, " 超过 200 个字符", " must be at most 200 characters");
  }
  return Status::Ok();
}

Status CheckAttribute(const Json& attr, size_t index, std::set<std::string>* codes) {
  const std::string where = "attributes[" + std::to_string(index) + "]";
  if (!attr.is_object()) return AttrError(where, " 应为对象", " must be an object");
  static const std::set<std::string, std::less<>> kMembers = {
      "code", "variable", "datatype", "required", "datatype_description", "order", "description", "values"};
  for (const auto& [key, value] : attr.items()) {
    if (!kMembers.contains(key)) {
      return AttrError(where, " 含有未知成员“" + key + "”", " has an unknown member \"" + key + "\"");
    }
  }
  // code
  const auto code = attr.find("code");
  if (code == attr.end()) return AttrError(where + ".code", " 缺失", " is missing");
  if (!code->is_string() || !IsAttributeCode(code->get_ref<const std::string&>())) {
    return AttrError(where + ".code", " 应为 1-40 个字母、数字、下划线或连字符",
                     " must be 1-40 letters, digits, '_' or '-'");
  }
  if (!codes->insert(code->get<std::string>()).second) {
    return AttrError(where + ".code", " 重复：" + code->get<std::string>(),
                     " is used twice: " + code->get<std::string>());
  }
  // datatype
  const auto datatype = attr.find("datatype");
  if (datatype == attr.end()) return AttrError(where + ".datatype", " 缺失", " is missing");
  const std::vector<std::string_view>& types = Open311Datatypes();
  if (!datatype->is_string() ||
      std::find(types.begin(), types.end(), datatype->get_ref<const std::string&>()) == types.end()) {
    return AttrError(where + ".datatype",
                     " 应为 string、number、datetime、text、singlevaluelist 或 multivaluelist 之一",
                     " must be one of string, number, datetime, text, singlevaluelist, multivaluelist");
  }
  // required, variable
  const auto required = attr.find("required");
  if (required == attr.end()) return AttrError(where + ".required", " 缺失", " is missing");
  if (!required->is_boolean())
    return AttrError(where + ".required", " 应为 true 或 false", " must be true or false");
  if (const auto variable = attr.find("variable"); variable != attr.end() && !variable->is_boolean()) {
    return AttrError(where + ".variable", " 应为 true 或 false", " must be true or false");
  }
  RETURN_IF_ERROR(CheckText(attr, where, "description", /*required=*/true));
  RETURN_IF_ERROR(CheckText(attr, where, "datatype_description", /*required=*/false));
  if (const auto order = attr.find("order"); order != attr.end()) {
    if (!order->is_number_integer() || order->get<int64_t>() < 0 || order->get<int64_t>() > 9999) {
      return AttrError(where + ".order", " 应为 0-9999 的整数", " must be an integer 0-9999");
    }
  }
  // values
  const bool list = IsListType(datatype->get_ref<const std::string&>());
  const auto values = attr.find("values");
  if (values == attr.end() || (values->is_array() && values->empty())) {
    if (list) {
      return AttrError(where + ".values", " 不能为空：列表类型须给出选项",
                       " must not be empty for a list datatype");
    }
    return Status::Ok();
  }
  if (!values->is_array()) return AttrError(where + ".values", " 应为数组", " must be an array");
  if (!list) {
    return AttrError(where + ".values", " 只能用于 singlevaluelist 或 multivaluelist",
                     " is only allowed for singlevaluelist and multivaluelist");
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < values->size(); ++i) {
    const Json& v = (*values)[i];
    const std::string at = where + ".values[" + std::to_string(i) + "]";
    if (!v.is_object() || v.size() != 2 || !v.contains("key") || !v.contains("name")) {
      return AttrError(at, " 应为 {\"key\",\"name\"} 对象", " must be an object {\"key\", \"name\"}");
    }
    RETURN_IF_ERROR(CheckText(v, at, "key", /*required=*/true));
    RETURN_IF_ERROR(CheckText(v, at, "name", /*required=*/true));
    const std::string& key = v.at("key").get_ref<const std::string&>();
    if (!keys.insert(key).second) {
      return AttrError(at + ".key", " 重复：" + key, " is used twice: " + key);
    }
  }
  return Status::Ok();
}

Status CheckLimit(const cal::Limit& limit, std::string_view field) {
  const bool unit_ok =
      limit.unit == cal::LimitUnit::kNaturalHours || limit.unit == cal::LimitUnit::kWorkingHours ||
      limit.unit == cal::LimitUnit::kWorkingDays || limit.unit == cal::LimitUnit::kNaturalDays;
  if (!unit_ok || limit.amount < 1 || limit.amount > cal::kMaxLimitAmount) {
    return Bad(field, " 无效：数值应为 1-9999", " is invalid: the amount must be 1-9999");
  }
  return Status::Ok();
}

constexpr std::string_view kHandleFields[3] = {"handle_normal", "handle_urgent", "handle_critical"};

}  // namespace

const std::vector<std::string_view>& HandlingLevels() {
  static const std::vector<std::string_view> v = {"grid", "village", "township", "county", "department"};
  return v;
}

std::string_view HandlingLevelZh(std::string_view level) {
  const LevelInfo* l = FindLevel(level);
  return l == nullptr ? std::string_view() : l->zh;
}

int HandlingLevelCodeLength(std::string_view level) {
  const LevelInfo* l = FindLevel(level);
  return l == nullptr ? -1 : l->code_length;
}

std::string_view UrgencyZh(int urgency) {
  switch (urgency) {
    case 1:
      return "一般";
    case 2:
      return "紧急";
    case 3:
      return "特急";
    default:
      return {};
  }
}

const std::vector<std::string_view>& Open311Datatypes() {
  static const std::vector<std::string_view> v = {"string", "number",          "datetime",
                                                  "text",   "singlevaluelist", "multivaluelist"};
  return v;
}

Result<std::string> NormalizeCategoryAttributes(std::string_view json) {
  if (Trim(json).empty()) return std::string("[]");
  Json doc = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return InvalidArgument("附加字段不是有效的 JSON", "attributes is not valid JSON", "attributes");
  }
  if (!doc.is_array()) {
    return InvalidArgument("附加字段应为 JSON 数组", "attributes must be a JSON array", "attributes");
  }
  std::set<std::string> codes;
  for (size_t i = 0; i < doc.size(); ++i) RETURN_IF_ERROR(CheckAttribute(doc[i], i, &codes));
  return doc.dump();
}

Status ValidateCategory(Category* c) {
  // code and parent
  const std::string_view code = c->code;
  if (!AllDigits(code) || (code.size() != 2 && code.size() != 4)) {
    return Bad("code", "应为 2 位（大类）或 4 位（小类）数字，实际为“" + c->code + "”",
               " must be 2 digits (class) or 4 digits (subcategory), got \"" + c->code + "\"");
  }
  if (code.substr(0, 2) == "00") return Bad("code", "的大类段不能为 00", " must not have class segment 00");
  if (code.size() == 4 && code.substr(2) == "00") {
    return Bad("code", "的小类段不能为 00", " must not have subcategory segment 00");
  }
  if (code.size() == 2 && !c->parent.empty()) {
    return Bad("parent", "应为空：大类没有上级分类", " must be empty for a class (2-digit code)");
  }
  if (code.size() == 4 && c->parent != code.substr(0, 2)) {
    return Bad("parent", "应为分类代码的前 2 位 " + std::string(code.substr(0, 2)),
               " must be the first 2 digits of the code, " + std::string(code.substr(0, 2)));
  }
  // names
  // names: labels on charts and menus, so the name rule (core/text.hpp CleanName)
  ASSIGN_OR_RETURN(c->name_zh, CleanName(c->name_zh, "name_zh", kMaxNameChars, true, MemberZh("name_zh")));
  ASSIGN_OR_RETURN(c->name_en, CleanName(c->name_en, "name_en", kMaxNameChars, true, MemberZh("name_en")));
  // urgency and limits
  if (c->default_urgency < 1 || c->default_urgency > 3) {
    return Bad("default_urgency", "应为 1（一般）、2（紧急）或 3（特急）",
               " must be 1 (normal), 2 (urgent) or 3 (critical)");
  }
  RETURN_IF_ERROR(CheckLimit(c->accept_limit, "accept_limit"));
  for (int i = 0; i < 3; ++i) RETURN_IF_ERROR(CheckLimit(c->handle_limit[i], kHandleFields[i]));
  // handling level and department
  if (FindLevel(c->handling_level) == nullptr) {
    return Bad("handling_level",
               "应为 grid、village、township、county 或 department，实际为“" + c->handling_level + "”",
               " must be grid, village, township, county or department, got \"" + c->handling_level + "\"");
  }
  if (!c->default_department.empty() && !IsDepartmentCode(c->default_department)) {
    return Bad("default_department", "应为 2-20 个小写字母、数字或下划线",
               " must be 2-20 lower-case letters, digits or '_'");
  }
  if (c->handling_level == "department" && c->default_department.empty()) {
    return Bad("default_department", "不能为空：承办层级为职能部门时须指定部门",
               " must be given when handling_level is department");
  }
  ASSIGN_OR_RETURN(c->attributes_json, NormalizeCategoryAttributes(c->attributes_json));
  return Status::Ok();
}

Result<std::vector<Category>> ParseCategoriesCsv(std::string_view csv_text) {
  ASSIGN_OR_RETURN(std::vector<csv::Record> records, csv::Parse(csv_text));
  RETURN_IF_ERROR(csv::ExpectHeader(records, kCategoriesCsvHeader));
  constexpr size_t kColumns = 13;
  std::vector<Category> out;
  out.reserve(records.size() - 1);
  std::unordered_set<std::string> codes;
  std::vector<std::pair<int, std::string>> subcategories;  // (line, code)
  for (size_t r = 1; r < records.size(); ++r) {
    const csv::Record& rec = records[r];
    const int line = rec.line;
    const std::vector<std::string>& f = rec.fields;
    if (f.size() != kColumns) {
      return csv::AtLine(line, InvalidArgument("应有 13 列，实际为 " + std::to_string(f.size()) + " 列",
                                               "expected 13 fields, got " + std::to_string(f.size())));
    }
    Category c;
    c.code = f[0];
    c.parent = f[1];
    c.name_zh = f[2];
    c.name_en = f[3];
    if (f[4] != "1" && f[4] != "2" && f[4] != "3") {
      return csv::AtLine(line, Bad("default_urgency", "应为 1（一般）、2（紧急）或 3（特急）",
                                   " must be 1 (normal), 2 (urgent) or 3 (critical)"));
    }
    c.default_urgency = f[4][0] - '0';
    const std::string_view limit_fields[4] = {"accept_limit", kHandleFields[0], kHandleFields[1],
                                              kHandleFields[2]};
    cal::Limit* limits[4] = {&c.accept_limit, &c.handle_limit[0], &c.handle_limit[1], &c.handle_limit[2]};
    for (int i = 0; i < 4; ++i) {
      Result<cal::Limit> limit = cal::ParseLimit(f[5 + i], limit_fields[i]);
      if (!limit.ok()) return csv::AtLine(line, limit.status());
      *limits[i] = *limit;
    }
    c.handling_level = f[9];
    c.default_department = f[10];
    if (f[11] != "0" && f[11] != "1") {
      return csv::AtLine(line, Bad("micro", "应为 0 或 1", " must be 0 or 1"));
    }
    c.micro = f[11] == "1";
    c.attributes_json = f[12];
    if (Status st = ValidateCategory(&c); !st.ok()) return csv::AtLine(line, st);
    if (!codes.insert(c.code).second) {
      return csv::AtLine(line, Bad("code", " " + c.code + " 重复出现", " " + c.code + " is listed twice"));
    }
    if (!c.parent.empty()) subcategories.emplace_back(line, c.code);
    out.push_back(std::move(c));
  }
  for (const auto& [line, code] : subcategories) {
    const std::string parent = code.substr(0, 2);
    if (!codes.contains(parent)) {
      return csv::AtLine(line,
                         Bad("parent", " " + parent + " 不在表中：小类的大类须在表中",
                             " " + parent + " is not in the table (a subcategory's class must be listed)"));
    }
  }
  return out;
}

std::string CategoriesToCsv(const std::vector<Category>& categories) {
  std::string out(kCategoriesCsvHeader);
  out += '\n';
  for (const Category& c : categories) {
    const std::string urgency = std::to_string(c.default_urgency);
    const std::string accept = cal::FormatLimit(c.accept_limit);
    const std::string h0 = cal::FormatLimit(c.handle_limit[0]);
    const std::string h1 = cal::FormatLimit(c.handle_limit[1]);
    const std::string h2 = cal::FormatLimit(c.handle_limit[2]);
    const std::string_view attributes = c.attributes_json == "[]" ? std::string_view() : c.attributes_json;
    csv::AppendRow(&out, {c.code, c.parent, c.name_zh, c.name_en, urgency, accept, h0, h1, h2,
                          c.handling_level, c.default_department, c.micro ? "1" : "0", attributes});
  }
  return out;
}

}  // namespace wangge
