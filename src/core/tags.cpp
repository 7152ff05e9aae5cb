#include "core/tags.hpp"

#include <nlohmann/json.hpp>

#include "core/citizen_id.hpp"
#include "core/dates.hpp"
#include "core/text.hpp"

namespace wangge {

const std::vector<TagDef>& AllTags() {
  static const std::vector<TagDef> tags = {
      {"dibao",
       "低保",
       false,
       {{"cert_no", "低保证号", "text", {}, false},
        {"monthly_amount", "月保障金额(元)", "int", {}, false},
        {"approved_on", "批准日期", "date", {}, false}}},
      {"tekun",
       "特困",
       false,
       {{"support_mode", "供养方式", "enum", {"集中供养", "分散供养"}, true},
        {"approved_on", "批准日期", "date", {}, false}}},
      {"left_behind_child",
       "留守儿童",
       false,
       {{"guardian", "监护人", "text", {}, true},
        {"guardian_phone", "监护人电话", "phone", {}, false},
        {"school", "就读学校", "text", {}, false}}},
      {"left_behind_woman", "留守妇女", false, {{"spouse_workplace", "配偶务工地", "text", {}, false}}},
      {"left_behind_elder",
       "留守老人",
       false,
       {{"caregiver", "照料人", "text", {}, false}, {"caregiver_phone", "照料人电话", "phone", {}, false}}},
      {"living_alone_elder",
       "独居老人",
       false,
       {{"caregiver", "照料人", "text", {}, false},
        {"health", "健康状况", "enum", {"健康", "慢性病", "失能", "半失能"}, false}}},
      {"disabled",
       "残疾人",
       false,
       {{"disability_type",
         "残疾类别",
         "enum",
         {"视力", "听力", "言语", "肢体", "智力", "精神", "多重"},
         true},
        {"grade", "残疾等级", "enum", {"一级", "二级", "三级", "四级"}, true},
        {"cert_no", "残疾证号", "disability_cert", {}, false}}},
      {"entitled",
       "优抚对象",
       false,
       {{"category",
         "优抚类别",
         "enum",
         {"伤残军人", "烈属", "因公牺牲军人遗属", "病故军人遗属", "在乡老复员军人", "带病回乡退伍军人",
          "其他"},
         true}}},
      {"community_correction",
       "社区矫正",
       true,
       {{"start_on", "矫正开始日期", "date", {}, true},
        {"end_on", "矫正结束日期", "date", {}, true},
        {"type", "矫正类别", "enum", {"管制", "缓刑", "假释", "暂予监外执行"}, true}}},
      {"released_prisoner",
       "刑满释放",
       true,
       {{"released_on", "释放日期", "date", {}, true},
        {"resettled", "安置情况", "enum", {"已安置", "未安置"}, false}}},
      {"severe_mental_disorder",
       "严重精神障碍",
       true,
       {{"risk_level", "危险性评估等级", "enum", {"0级", "1级", "2级", "3级", "4级", "5级"}, true},
        {"guardian", "监护人", "text", {}, false},
        {"guardian_phone", "监护人电话", "phone", {}, false}}},
      {"drug_user",
       "吸毒人员",
       true,
       {{"status", "管控状态", "enum", {"社区戒毒", "社区康复", "戒断三年未复吸", "其他"}, true}}},
      {"key_youth",
       "重点青少年",
       true,
       {{"type",
         "类别",
         "enum",
         {"闲散青少年", "流浪乞讨", "服刑人员未成年子女", "有不良行为", "其他"},
         true}}},
      {"key_petitioner", "重点信访人员", true, {{"matter", "信访事项", "text", {}, true}}},
  };
  return tags;
}

const TagDef* FindTag(std::string_view id) {
  for (const auto& t : AllTags())
    if (t.id == id) return &t;
  return nullptr;
}

const TagDef* FindTagByZh(std::string_view zh) {
  for (const auto& t : AllTags())
    if (t.zh == zh) return &t;
  return nullptr;
}

Result<std::string> ValidateTagFields(const TagDef& def, std::string_view fields_json,
                                      std::string_view today) {
  const std::string prefix = "tags." + std::string(def.id) + ".";
  nlohmann::json in;
  if (fields_json.empty()) {
    in = nlohmann::json::object();
  } else {
    in = nlohmann::json::parse(fields_json, nullptr, /*allow_exceptions=*/false);
    if (in.is_discarded() || !in.is_object())
      return InvalidArgument(std::string(def.zh) + " 的字段必须是 JSON 对象",
                             std::string(def.id) + " fields must be a JSON object",
                             "tags." + std::string(def.id));
  }
  nlohmann::json out = nlohmann::json::object();
  for (auto it = in.begin(); it != in.end(); ++it) {
    const TagField* field = nullptr;
    for (const auto& f : def.fields)
      if (f.key == it.key()) field = &f;
    if (field == nullptr)
      return InvalidArgument(std::string(def.zh) + " 没有字段 " + it.key(),
                             std::string(def.id) + " has no field " + it.key(), prefix + it.key());
  }
  for (const auto& f : def.fields) {
    const std::string name = prefix + std::string(f.key);
    auto it = in.find(std::string(f.key));
    if (it == in.end() || it->is_null() || (it->is_string() && Trim(it->get<std::string>()).empty())) {
      if (f.required)
        return InvalidArgument(std::string(def.zh) + " 缺少必填字段 " + std::string(f.zh),
                               std::string(def.id) + " requires field " + std::string(f.key), name);
      continue;
    }
    if (f.type == "int") {
      if (!it->is_number_integer() || it->get<int64_t>() < 0)
        return InvalidArgument(std::string(f.zh) + " 必须是非负整数",
                               std::string(f.key) + " must be a non-negative integer", name);
      out[std::string(f.key)] = it->get<int64_t>();
      continue;
    }
    if (!it->is_string())
      return InvalidArgument(std::string(f.zh) + " 必须是文本", std::string(f.key) + " must be a string",
                             name);
    const std::string raw = it->get<std::string>();
    if (f.type == "date") {
      RETURN_IF_ERROR(ValidateDate(raw, name));
    } else if (f.type == "enum") {
      bool found = false;
      std::string allowed;
      for (auto o : f.options) {
        found = found || o == raw;
        allowed += (allowed.empty() ? "" : "、") + std::string(o);
      }
      if (!found)
        return InvalidArgument(std::string(f.zh) + " 只能是：" + allowed,
                               std::string(f.key) + " must be one of: " + allowed, name);
    } else if (f.type == "phone") {
      RETURN_IF_ERROR(ValidatePhone(raw));
    } else if (f.type == "disability_cert") {
      ASSIGN_OR_RETURN(out[std::string(f.key)], ParseDisabilityCert(raw, today, name));
      continue;
    }
    ASSIGN_OR_RETURN(std::string clean, CleanText(raw, name, 200));
    out[std::string(f.key)] = clean;
  }
  return out.dump();
}

}  // namespace wangge
