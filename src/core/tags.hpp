// Care groups (关爱群体) and sensitive groups (特殊人群, visible to 综治 roles only) that a person can be
// tagged with, each with its own fields (MISSION 8). The list is data; the order is the display order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wangge {

struct TagField {
  std::string_view key;   // JSON key, e.g. "cert_no"
  std::string_view zh;    // 证号
  std::string_view type;  // "text" | "date" | "int" | "enum" | "phone" | "disability_cert" (残疾人证号)
  std::vector<std::string_view> options;  // for "enum"
  bool required = false;
};

struct TagDef {
  std::string_view id;     // "dibao"
  std::string_view zh;     // 低保
  bool sensitive = false;  // true: only roles with kSensitiveRead see or set it
  std::vector<TagField> fields;
};

const std::vector<TagDef>& AllTags();
// nullptr when unknown. FindTagByZh accepts the Chinese name used in import files ("低保").
const TagDef* FindTag(std::string_view id);
const TagDef* FindTagByZh(std::string_view zh);

// Validates `fields_json` (a JSON object) against the tag's fields: unknown keys, wrong types, missing
// required fields, enum values outside the options, over-long text (200 chars) give kInvalidArgument
// naming "tags.<id>.<key>". Returns the normalised JSON text (keys sorted, empty object "{}"). `today`
// ("YYYY-MM-DD", "" = the current date) bounds the birth date inside a 残疾人证号.
Result<std::string> ValidateTagFields(const TagDef& def, std::string_view fields_json,
                                      std::string_view today = {});

}  // namespace wangge
