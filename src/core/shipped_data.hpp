// Code tables shipped inside the binary, so the server needs no data directory at run time. The text is
// the file under data/ byte for byte, embedded at build time by cmake/embed_text.cmake.
#pragma once

#include <string_view>

namespace wangge::data {

// data/holidays.csv: public holidays and make-up working days (cal::Calendar::FromCsv).
std::string_view HolidaysCsv();

// data/categories.csv: the event category table (ParseCategoriesCsv).
std::string_view CategoriesCsv();

// data/points_rules.csv: what earns how many 积分 (ledger::ParsePointsRulesCsv).
std::string_view PointsRulesCsv();

// data/roll_criteria.csv: the county's template of 红黑榜 criteria (roll::ParseCriteriaCsv).
std::string_view RollCriteriaCsv();

// data/duty_lists.csv: the county's template of 准入清单, 小微权力清单 and 为民服务事项清单
// (duty::ParseTemplateCsv).
std::string_view DutyListsCsv();

}  // namespace wangge::data
