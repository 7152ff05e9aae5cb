// Test data shared by the Open311 unit tests (open311_test.cpp, open311_documents_test.cpp).
#pragma once

#include "core/calendar.hpp"
#include "core/category.hpp"

namespace wangge::http::open311::testdata {

// As normalised by core/category.hpp.
inline const char* kFire =
    R"([{"code":"hazard_level","datatype":"singlevaluelist","required":true,"description":"险情等级","order":1,)"
    R"("values":[{"key":"hazard","name":"隐患"},{"key":"smoke","name":"冒烟"},{"key":"fire","name":"明火"}]},)"
    R"({"code":"signs","datatype":"multivaluelist","required":false,"description":"表现","order":2,)"
    R"("values":[{"key":"a","name":"A"},{"key":"b","name":"B"},{"key":"c","name":"C"}]},)"
    R"({"code":"people","datatype":"number","required":false,"description":"人数","order":3},)"
    R"({"code":"since","datatype":"datetime","required":false,"description":"时间","order":4},)"
    R"({"code":"note","datatype":"text","required":false,"description":"说明","order":5},)"
    R"({"code":"who","datatype":"string","required":false,"description":"单位","order":6},)"
    R"({"code":"info","datatype":"string","required":true,"variable":false,"description":"提示","order":7}])";

inline Category FireCategory() {
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
  c.attributes_json = kFire;
  return c;
}

}  // namespace wangge::http::open311::testdata
