// The event category table (派单目录) of the order engine ("网格吹哨、部门报到"): two levels, a class
// (大类, 2-digit code) and its subcategories (小类, the class code + 2 digits). Classes 01-06 are the event
// classes of GB/T 30428.2 (数字化城市管理信息系统 第2部分：管理部件和事件); 07-12 are the grassroots
// governance classes. Each row carries the defaults a new work order takes: urgency, the time limits to
// accept (受理) and to handle (办结) per urgency, the level that handles it, the department it is sent to,
// whether a grid worker may settle it on the spot (就地办结), and the extra fields to ask for when it is
// reported, as Open311 GeoReport v2 service-definition attributes. Classes are valid rows too: their
// values apply when only the class of an event is known.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/status.hpp"

namespace wangge {

struct Category {
  std::string code;    // "05" (class) or "0501" (subcategory)
  std::string parent;  // "" for a class, the class code for a subcategory
  std::string name_zh;
  std::string name_en;
  int default_urgency = 1;  // 1 一般, 2 紧急, 3 特急
  cal::Limit accept_limit;
  cal::Limit handle_limit[3];          // by urgency: [0] 一般, [1] 紧急, [2] 特急
  std::string handling_level;          // grid | village | township | county | department
  std::string default_department;      // a department code ("gongan"), required for handling_level department
  bool micro = false;                  // a grid worker may settle it on the spot (就地办结)
  std::string attributes_json = "[]";  // Open311 service-definition attributes (a JSON array)
  bool active = true;
  int64_t version = 1;
};

// The CSV header of the category table (data/categories.csv).
// Class 10 特殊人群 (community correction, serious mental disorders, drug users …): its orders concern the
// people of the sensitive groups. They are never public (board, /track, Open311), and among staff only roles
// that may see sensitive groups (kSensitiveRead: the 综治 roles) see them, besides those the order is given
// to — its reporter, assignee and called-in departments (docs/architecture.md).
inline constexpr std::string_view kSensitiveCategoryClass = "10";
inline bool IsSensitiveCategory(std::string_view code) {
  return code.substr(0, 2) == kSensitiveCategoryClass;
}

inline constexpr std::string_view kCategoriesCsvHeader =
    "code,parent,name_zh,name_en,default_urgency,accept_limit,handle_normal,handle_urgent,handle_critical,"
    "handling_level,default_department,micro,attributes";

// The handling levels, from the grid up, then "department".
const std::vector<std::string_view>& HandlingLevels();

// Chinese name of a handling level: grid 网格, village 村(社区), township 乡镇(街道), county 县级,
// department 职能部门; "" when unknown.
std::string_view HandlingLevelZh(std::string_view level);

// The length of the place code of the unit that handles at `level`: grid 15, village 12, township 9,
// county 6, department 0 (a department is not a place); -1 when unknown.
int HandlingLevelCodeLength(std::string_view level);

// 一般 / 紧急 / 特急 for urgency 1 / 2 / 3; "" otherwise.
std::string_view UrgencyZh(int urgency);

// The Open311 attribute datatypes: string, number, datetime, text, singlevaluelist, multivaluelist.
const std::vector<std::string_view>& Open311Datatypes();

// Checks the attributes of a category and returns them as compact JSON (members in their given order).
// `json` must be a JSON array ("" counts as "[]") of objects with only the members code (non-empty, 1-40
// of [A-Za-z0-9_-], unique in the array), datatype (Open311Datatypes()), required (boolean), description
// (non-empty string, at most 200 characters), and optionally variable (boolean), datatype_description
// (string, at most 200 characters), order (integer 0-9999) and values (an array of {key, name}, both
// non-empty strings, keys unique; non-empty for singlevaluelist and multivaluelist, absent or empty for the
// other datatypes). Errors: kInvalidArgument, field "attributes" or "attributes[i].<member>" (0-based i).
Result<std::string> NormalizeCategoryAttributes(std::string_view json);

// Checks and normalises a category in place: code 2 or 4 ASCII digits with no 00 segment ("00", "0100"
// are invalid); parent "" for a class and the first 2 digits of the code for a subcategory; name_zh and
// name_en 1-40 characters of the name rule (CleanName in core/text.hpp); default_urgency 1-3; accept and
// handle limits with amounts 1-9999; handling_level one of HandlingLevels(); default_department empty or 2-20
// of [a-z0-9_], and required when handling_level is "department"; attributes_json per
// NormalizeCategoryAttributes and replaced by its compact form. Errors: kInvalidArgument, zh + en, field =
// the member name ("code", "parent", "name_zh", "name_en", "default_urgency", "accept_limit",
// "handle_normal", "handle_urgent", "handle_critical", "handling_level", "default_department",
// "attributes[…]").
Status ValidateCategory(Category* c);

// Reads the category table: the header kCategoriesCsvHeader exactly, then one row per category with
// limits as cal::ParseLimit text, default_urgency 1-3, micro 0 or 1, attributes "" or a JSON array. Rows
// are returned in file order, each validated (ValidateCategory), active, version 1. Errors
// (kInvalidArgument, zh "第 N 行（field）：..." / en "line N (field): ..."): CSV syntax; a missing or
// different header; a row without 13 fields; a bad value; a code listed twice; a subcategory whose class
// is not in the table.
Result<std::vector<Category>> ParseCategoriesCsv(std::string_view csv_text);

// The categories in ParseCategoriesCsv's format, in the given order; attributes "[]" are written as an
// empty field. For validated categories ParseCategoriesCsv(CategoriesToCsv(v)) gives v back (active and
// version aside). Never fails.
std::string CategoriesToCsv(const std::vector<Category>& categories);

}  // namespace wangge
