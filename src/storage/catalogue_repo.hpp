// The dispatch catalogue (派单目录): event categories with their time limits, handling level and default
// department, and the holiday calendar (with make-up working days, 调休) the time limits are counted on.
// Both are reference tables, the same for every county. Backends: sqlite/catalogue_repo.cpp; contract:
// catalogue_repo_test.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "core/calendar.hpp"
#include "core/category.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// Categories (派单目录) and the holiday calendar.
class CatalogRepo {
 public:
  virtual ~CatalogRepo() = default;
  virtual Result<std::vector<Category>> Categories() = 0;             // all, by code
  virtual Result<Category> GetCategory(const std::string& code) = 0;  // RecordNotFound
  virtual Status InsertCategory(const Category& c) = 0;               // kConflict when the code exists
  virtual Status UpdateCategory(const Category& c) = 0;  // kConflict on version; bumps the version
  virtual Result<std::vector<std::tuple<std::string, cal::DayType, std::string>>>
  CalendarDays() = 0;  // (YYYY-MM-DD, type, name)
  virtual Status PutCalendarDay(const std::string& date, cal::DayType type, const std::string& name) = 0;
  virtual Status DeleteCalendarDay(const std::string& date) = 0;  // RecordNotFound when absent
  // Bumped on every category or calendar change, so caches can tell they are stale.
  virtual Result<int64_t> CatalogVersion() = 0;
};

}  // namespace wangge::storage
