// The dispatch catalogue (派单目录: event categories with time limits, handling level and default
// department) and the working-time calendar (holidays and 调休 make-up days). Shipped as data
// (data/categories.csv, data/holidays.csv, embedded in the binary), seeded into an empty database, edited by
// admins through the API; kept in memory as an immutable snapshot that every order transition reads.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/category.hpp"
#include "service/context.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct Catalog {
  std::map<std::string, Category> categories;  // by code
  cal::Calendar calendar;
  const Category* Find(const std::string& code) const {
    auto it = categories.find(code);
    return it == categories.end() ? nullptr : &it->second;
  }
};

class CatalogService {
 public:
  explicit CatalogService(storage::Database* db) : db_(db) {}

  // Seeds categories and calendar days from the shipped data when the tables are empty (App::Open).
  Status SeedIfEmpty();
  // The current snapshot (loaded on first use, replaced after every edit).
  Result<std::shared_ptr<const Catalog>> Get();

  // Anyone signed in may read the catalogue (reporting needs it).
  Result<std::vector<Category>> Categories(const Ctx& ctx);
  Result<Category> GetCategory(const Ctx& ctx, const std::string& code);
  // kCatalogAdmin. Validated (core/category.hpp); a subcategory's class must exist; a default department must
  // exist as a department code.
  Result<Category> CreateCategory(const Ctx& ctx, Category c);
  Result<Category> UpdateCategory(const Ctx& ctx, const std::string& code, int64_t version,
                                  const std::function<Status(Category&)>& apply);

  struct Day {
    std::string date;
    cal::DayType type;
    std::string name;
  };
  // Calendar overrides of a year (0 = all).
  Result<std::vector<Day>> CalendarDays(const Ctx& ctx, int year);
  // kCatalogAdmin. A workday override must fall on a Saturday or Sunday; a holiday on any day.
  Result<Day> PutCalendarDay(const Ctx& ctx, Day d);
  Status DeleteCalendarDay(const Ctx& ctx, const std::string& date);
  // Deadline preview for the admin screen and tests.
  Result<int64_t> Deadline(int64_t start, const std::string& limit);

 private:
  Result<std::shared_ptr<const Catalog>> Load();
  void Invalidate();
  storage::Database* db_;
  std::mutex mu_;
  std::shared_ptr<const Catalog> snap_;
};

}  // namespace wangge::service
