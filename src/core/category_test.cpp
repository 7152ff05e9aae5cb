#include "core/category.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "core/shipped_data.hpp"

namespace wangge {
namespace {

using ::testing::HasSubstr;

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(WANGGE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::set<std::string> kDepartments = {"gongan", "chengguan", "scjg",    "minzheng",
                                            "sifa",   "xinfang",   "zhujian", "weijian"};

// A valid subcategory to break one member at a time.
Category Valid() {
  Category c;
  c.code = "0501";
  c.parent = "05";
  c.name_zh = "火灾隐患/险情";
  c.name_en = "Fire Hazard or Fire";
  c.default_urgency = 3;
  c.accept_limit = {cal::LimitUnit::kNaturalHours, 1};
  c.handle_limit[0] = {cal::LimitUnit::kWorkingDays, 2};
  c.handle_limit[1] = {cal::LimitUnit::kWorkingDays, 1};
  c.handle_limit[2] = {cal::LimitUnit::kNaturalHours, 2};
  c.handling_level = "county";
  c.attributes_json =
      R"([{"code":"hazard_level","datatype":"singlevaluelist","required":true,"description":"险情等级",)"
      R"("values":[{"key":"smoke","name":"冒烟"},{"key":"fire","name":"明火"}]}])";
  return c;
}

// ---- Shipped table ----

TEST(ShippedCategoriesTest, EmbeddedTextEqualsTheFile) {
  const std::string file = ReadSourceFile("data/categories.csv");
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(data::CategoriesCsv(), file);
}

TEST(ShippedCategoriesTest, ParsesWithTheSeventeenClasses) {
  const Result<std::vector<Category>> parsed = ParseCategoriesCsv(ReadSourceFile("data/categories.csv"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const std::vector<Category>& all = *parsed;
  const std::map<std::string, std::string> kClasses = {
      {"01", "市容环境"}, {"02", "宣传广告"},    {"03", "施工管理"}, {"04", "街面秩序"}, {"05", "突发事件"},
      {"06", "其他"},     {"07", "民生服务"},    {"08", "矛盾纠纷"}, {"09", "治安隐患"}, {"10", "特殊人群"},
      {"11", "社情民意"}, {"12", "安全生产"},    {"13", "信访事项"}, {"14", "为民服务"}, {"15", "微心愿"},
      {"16", "红色代办"}, {"17", "部门交办事项"}};
  std::map<std::string, std::string> classes;
  std::map<std::string, int> subcategories;
  int with_attributes = 0;
  int with_required_attribute = 0;
  for (const Category& c : all) {
    if (c.parent.empty()) {
      classes[c.code] = c.name_zh;
    } else {
      ++subcategories[c.parent];
    }
    if (c.handling_level == "department") {
      EXPECT_TRUE(kDepartments.contains(c.default_department)) << c.code << " " << c.default_department;
    }
    if (!c.default_department.empty()) {
      EXPECT_TRUE(kDepartments.contains(c.default_department)) << c.code;
    }
    // Emergencies are accepted within 1 natural hour, petitions (信访, class 13: the kind's own limits
    // apply) within 15 days as the 信访工作条例 says, 微心愿 (class 15) checked and published within 2
    // working days, everything else within 1-4 working hours.
    if (c.code.starts_with("05")) {
      EXPECT_EQ(c.accept_limit, (cal::Limit{cal::LimitUnit::kNaturalHours, 1})) << c.code;
    } else if (c.code.starts_with("13")) {
      EXPECT_EQ(c.accept_limit, (cal::Limit{cal::LimitUnit::kNaturalDays, 15})) << c.code;
    } else if (c.code.starts_with("15")) {
      EXPECT_EQ(c.accept_limit, (cal::Limit{cal::LimitUnit::kWorkingDays, 2})) << c.code;
    } else if (c.code.starts_with("16") || c.code.starts_with("17")) {
      // 红色代办: taken by the household's runner within a working day; 部门交办: received by the community
      EXPECT_EQ(c.accept_limit, (cal::Limit{cal::LimitUnit::kWorkingDays, 1})) << c.code;
    } else {
      EXPECT_EQ(c.accept_limit.unit, cal::LimitUnit::kWorkingHours) << c.code;
      EXPECT_LE(c.accept_limit.amount, 4) << c.code;
    }
    const nlohmann::json attrs = nlohmann::json::parse(c.attributes_json);
    if (!attrs.empty()) ++with_attributes;
    for (const auto& a : attrs) {
      if (a["required"].get<bool>()) {
        ++with_required_attribute;
        break;
      }
    }
  }
  EXPECT_EQ(classes, kClasses);
  for (const auto& [code, name] : kClasses) {
    EXPECT_GE(subcategories[code], 3) << code;
    EXPECT_LE(subcategories[code], 8) << code;
  }
  EXPECT_GE(with_attributes, 4);
  EXPECT_LE(with_attributes, 6);
  EXPECT_GE(with_required_attribute, 2);
  // Examples named in the design.
  const auto find = [&](std::string_view code) -> const Category* {
    for (const Category& c : all) {
      if (c.code == code) return &c;
    }
    return nullptr;
  };
  ASSERT_NE(find("0101"), nullptr);
  EXPECT_EQ(find("0101")->name_zh, "暴露垃圾");
  ASSERT_NE(find("0401"), nullptr);
  EXPECT_EQ(find("0401")->name_zh, "占道经营");
  ASSERT_NE(find("0801"), nullptr);
  EXPECT_EQ(find("0801")->name_zh, "邻里纠纷");
  ASSERT_NE(find("0501"), nullptr);
  EXPECT_THAT(find("0501")->attributes_json, HasSubstr(R"("code":"hazard_level")"));
  // Written back, the table is the file byte for byte.
  EXPECT_EQ(CategoriesToCsv(all), data::CategoriesCsv());
}

// ---- Levels ----

TEST(HandlingLevelTest, NamesAndCodeLengths) {
  EXPECT_EQ(HandlingLevels().size(), 5u);
  EXPECT_EQ(HandlingLevelZh("grid"), "网格");
  EXPECT_EQ(HandlingLevelZh("village"), "村(社区)");
  EXPECT_EQ(HandlingLevelZh("township"), "乡镇(街道)");
  EXPECT_EQ(HandlingLevelZh("county"), "县级");
  EXPECT_EQ(HandlingLevelZh("department"), "职能部门");
  EXPECT_EQ(HandlingLevelZh("city"), "");
  EXPECT_EQ(HandlingLevelCodeLength("grid"), 15);
  EXPECT_EQ(HandlingLevelCodeLength("village"), 12);
  EXPECT_EQ(HandlingLevelCodeLength("township"), 9);
  EXPECT_EQ(HandlingLevelCodeLength("county"), 6);
  EXPECT_EQ(HandlingLevelCodeLength("department"), 0);
  EXPECT_EQ(HandlingLevelCodeLength("Grid"), -1);
  EXPECT_EQ(UrgencyZh(1), "一般");
  EXPECT_EQ(UrgencyZh(3), "特急");
  EXPECT_EQ(UrgencyZh(4), "");
}

// ---- Validation ----

TEST(ValidateCategoryTest, AcceptsAndNormalises) {
  Category c = Valid();
  c.name_zh = "  火灾隐患/险情\u3000";
  c.attributes_json =
      R"( [ {"code": "x", "datatype": "string", "required": false, "description": "说明"} ] )";
  ASSERT_TRUE(ValidateCategory(&c).ok());
  EXPECT_EQ(c.name_zh, "火灾隐患/险情");
  EXPECT_EQ(c.attributes_json, R"([{"code":"x","datatype":"string","required":false,"description":"说明"}])");
  c.attributes_json = "";
  ASSERT_TRUE(ValidateCategory(&c).ok());
  EXPECT_EQ(c.attributes_json, "[]");

  Category cls = Valid();
  cls.code = "05";
  cls.parent = "";
  cls.handling_level = "department";
  cls.default_department = "gongan";
  EXPECT_TRUE(ValidateCategory(&cls).ok());
}

TEST(ValidateCategoryTest, RejectsEachKindOfBadValue) {
  struct Case {
    const char* what;
    void (*change)(Category*);
    const char* field;
  };
  const Case kCases[] = {
      {"1-digit code", [](Category* c) { c->code = "5"; }, "code"},
      {"3-digit code", [](Category* c) { c->code = "050"; }, "code"},
      {"6-digit code", [](Category* c) { c->code = "050101"; }, "code"},
      {"letter in code", [](Category* c) { c->code = "05a1"; }, "code"},
      {"class 00",
       [](Category* c) {
         c->code = "0001";
         c->parent = "00";
       },
       "code"},
      {"subcategory 00", [](Category* c) { c->code = "0500"; }, "code"},
      {"wrong parent", [](Category* c) { c->parent = "04"; }, "parent"},
      {"missing parent", [](Category* c) { c->parent = ""; }, "parent"},
      {"class with parent", [](Category* c) { c->code = "05"; }, "parent"},
      {"empty name_zh", [](Category* c) { c->name_zh = "  "; }, "name_zh"},
      {"long name_zh", [](Category* c) { c->name_zh = std::string(41 * 3, 'x'); }, "name_zh"},
      {"control char", [](Category* c) { c->name_en = "Fire\x01"; }, "name_en"},
      {"empty name_en", [](Category* c) { c->name_en = ""; }, "name_en"},
      {"urgency 0", [](Category* c) { c->default_urgency = 0; }, "default_urgency"},
      {"urgency 4", [](Category* c) { c->default_urgency = 4; }, "default_urgency"},
      {"accept 0", [](Category* c) { c->accept_limit.amount = 0; }, "accept_limit"},
      {"handle 10000", [](Category* c) { c->handle_limit[0].amount = 10000; }, "handle_normal"},
      {"handle bad unit", [](Category* c) { c->handle_limit[2].unit = static_cast<cal::LimitUnit>(7); },
       "handle_critical"},
      {"unknown level", [](Category* c) { c->handling_level = "city"; }, "handling_level"},
      {"empty level", [](Category* c) { c->handling_level = ""; }, "handling_level"},
      {"department level without department", [](Category* c) { c->handling_level = "department"; },
       "default_department"},
      {"upper-case department", [](Category* c) { c->default_department = "GongAn"; }, "default_department"},
      {"1-char department", [](Category* c) { c->default_department = "g"; }, "default_department"},
      {"not JSON", [](Category* c) { c->attributes_json = "[{"; }, "attributes"},
      {"not an array", [](Category* c) { c->attributes_json = R"({"code":"x"})"; }, "attributes"},
      {"element not an object", [](Category* c) { c->attributes_json = "[1]"; }, "attributes[0]"},
      {"missing code",
       [](Category* c) {
         c->attributes_json = R"([{"datatype":"string","required":true,"description":"d"}])";
       },
       "attributes[0].code"},
      {"empty code",
       [](Category* c) {
         c->attributes_json = R"([{"code":"","datatype":"string","required":true,"description":"d"}])";
       },
       "attributes[0].code"},
      {"duplicate code",
       [](Category* c) {
         c->attributes_json = R"([{"code":"a","datatype":"string","required":true,"description":"d"},)"
                              R"({"code":"a","datatype":"text","required":false,"description":"e"}])";
       },
       "attributes[1].code"},
      {"unknown datatype",
       [](Category* c) {
         c->attributes_json = R"([{"code":"a","datatype":"int","required":true,"description":"d"}])";
       },
       "attributes[0].datatype"},
      {"required not boolean",
       [](Category* c) {
         c->attributes_json = R"([{"code":"a","datatype":"string","required":"yes","description":"d"}])";
       },
       "attributes[0].required"},
      {"required missing",
       [](Category* c) { c->attributes_json = R"([{"code":"a","datatype":"string","description":"d"}])"; },
       "attributes[0].required"},
      {"description missing",
       [](Category* c) { c->attributes_json = R"([{"code":"a","datatype":"string","required":true}])"; },
       "attributes[0].description"},
      {"order negative",
       [](Category* c) {
         c->attributes_json =
             R"([{"code":"a","datatype":"string","required":true,"description":"d","order":-1}])";
       },
       "attributes[0].order"},
      {"unknown member",
       [](Category* c) {
         c->attributes_json = R"([{"code":"a","datatype":"string","requried":true,"description":"d"}])";
       },
       "attributes[0]"},
      {"list without values",
       [](Category* c) {
         c->attributes_json =
             R"([{"code":"a","datatype":"multivaluelist","required":true,"description":"d"}])";
       },
       "attributes[0].values"},
      {"list with empty values",
       [](Category* c) {
         c->attributes_json =
             R"([{"code":"a","datatype":"singlevaluelist","required":true,"description":"d","values":[]}])";
       },
       "attributes[0].values"},
      {"values on a string",
       [](Category* c) {
         c->attributes_json = R"([{"code":"a","datatype":"string","required":true,"description":"d",)"
                              R"("values":[{"key":"k","name":"n"}]}])";
       },
       "attributes[0].values"},
      {"value without name",
       [](Category* c) {
         c->attributes_json =
             R"([{"code":"a","datatype":"singlevaluelist","required":true,"description":"d",)"
             R"("values":[{"key":"k"}]}])";
       },
       "attributes[0].values[0]"},
      {"duplicate value key",
       [](Category* c) {
         c->attributes_json =
             R"([{"code":"a","datatype":"singlevaluelist","required":true,"description":"d",)"
             R"("values":[{"key":"k","name":"n"},{"key":"k","name":"m"}]}])";
       },
       "attributes[0].values[1].key"},
  };
  for (const Case& k : kCases) {
    Category c = Valid();
    ASSERT_TRUE(ValidateCategory(&c).ok());
    k.change(&c);
    const Status st = ValidateCategory(&c);
    ASSERT_FALSE(st.ok()) << k.what;
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << k.what;
    EXPECT_EQ(st.field(), k.field) << k.what << ": " << st.ToString();
    EXPECT_FALSE(st.zh().empty()) << k.what;
    EXPECT_FALSE(st.en().empty()) << k.what;
  }
  // Messages name the member in both languages.
  Category c = Valid();
  c.handling_level = "city";
  const Status st = ValidateCategory(&c);
  EXPECT_THAT(st.zh(), HasSubstr("承办层级"));
  EXPECT_THAT(st.en(), HasSubstr("handling_level"));
  c = Valid();
  c.name_zh = "";
  EXPECT_THAT(ValidateCategory(&c).zh(), HasSubstr("中文名称"));
}

// ---- CSV ----

constexpr std::string_view kHeader =
    "code,parent,name_zh,name_en,default_urgency,accept_limit,handle_normal,handle_urgent,handle_critical,"
    "handling_level,default_department,micro,attributes\n";

TEST(CategoriesCsvTest, RoundTrips) {
  const std::string text =
      std::string(kHeader) +
      "07,,民生服务,Public Services,1,4wh,10wd,5wd,2wd,village,minzheng,0,\n"
      "0705,07,水电气暖,\"Water, Power, Gas and Heating\",1,2wh,5wd,2wd,8h,department,zhujian,0,"
      "\"[{\"\"code\"\":\"\"utility\"\",\"\"datatype\"\":\"\"string\"\",\"\"required\"\":true,"
      "\"\"description\"\":\"\"问题类别\"\"}]\"\n"
      "0704,07,代办帮办,Errands,1,4wh,5wd,3wd,1wd,grid,,1,\n";
  const Result<std::vector<Category>> r = ParseCategoriesCsv(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  const Category& c = (*r)[1];
  EXPECT_EQ(c.name_en, "Water, Power, Gas and Heating");
  EXPECT_EQ(c.handle_limit[2], (cal::Limit{cal::LimitUnit::kNaturalHours, 8}));
  EXPECT_EQ(c.default_department, "zhujian");
  EXPECT_THAT(c.attributes_json, HasSubstr(R"("code":"utility")"));
  EXPECT_TRUE((*r)[2].micro);
  EXPECT_EQ((*r)[2].attributes_json, "[]");
  EXPECT_TRUE(c.active);
  EXPECT_EQ(c.version, 1);
  EXPECT_EQ(CategoriesToCsv(*r), text);
}

TEST(CategoriesCsvTest, RejectsBadRowsWithLineNumbers) {
  const std::string h(kHeader);
  const std::string cls = "07,,民生服务,Public Services,1,4wh,10wd,5wd,2wd,village,minzheng,0,\n";
  struct Case {
    std::string csv;
    int line;
    const char* en_part;
  };
  const Case kCases[] = {
      {"", 1, "header"},
      {cls, 1, "header"},
      {"code,parent,name_zh\n", 1, "header"},
      {h + "07,,民生服务,Public Services,1,4wh,10wd,5wd,2wd,village,minzheng,0\n", 2, "expected 13 fields"},
      {h + cls + "0701,07,社会救助,Social Assistance,4,4wh,15wd,5wd,2wd,village,,0,\n", 3, "default_urgency"},
      {h + cls + "0701,07,社会救助,Social Assistance,1,4dd,15wd,5wd,2wd,village,,0,\n", 3, "(accept_limit)"},
      {h + cls + "0701,07,社会救助,Social Assistance,1,4wh,15wd,5wd,0wd,village,,0,\n", 3,
       "(handle_critical)"},
      {h + cls + "0701,07,社会救助,Social Assistance,1,4wh,15wd,5wd,2wd,village,,yes,\n", 3, "micro"},
      {h + cls + "0701,07,社会救助,Social Assistance,1,4wh,15wd,5wd,2wd,department,,0,\n", 3,
       "(default_department)"},
      {h + cls + "0701,07,社会救助,Social Assistance,1,4wh,15wd,5wd,2wd,village,,0,[1]\n", 3,
       "(attributes[0])"},
      {h + cls + cls, 3, "listed twice"},
      {h + cls + "\n0801,08,邻里纠纷,Neighbour Disputes,1,2wh,10wd,3wd,1wd,grid,,1,\n", 4,
       "08 is not in the table"},
      {h + "0701,,社会救助,Social Assistance,1,4wh,15wd,5wd,2wd,village,,0,\n", 2, "(parent)"},
      {h + cls + "0701,07,\"社会救助,Social Assistance,1,4wh,15wd,5wd,2wd,village,,0,\n", 3, "never closed"},
  };
  for (const Case& c : kCases) {
    const Result<std::vector<Category>> r = ParseCategoriesCsv(c.csv);
    ASSERT_FALSE(r.ok()) << c.csv;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    const std::string l = std::to_string(c.line);
    EXPECT_THAT(r.status().en(), HasSubstr("line " + l)) << c.csv;
    EXPECT_THAT(r.status().zh(), HasSubstr("第 " + l + " 行")) << c.csv;
    EXPECT_THAT(r.status().en(), HasSubstr(c.en_part)) << c.csv;
  }
}

}  // namespace
}  // namespace wangge
