// The storage contract of the dispatch catalogue and holiday calendar (catalogue_repo.hpp).
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/catalogue_repo.hpp"

#include <gmock/gmock.h>

#include <string>
#include <tuple>
#include <vector>

#include "core/calendar.hpp"
#include "core/category.hpp"
#include "storage/contract_test.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;

Category MakeCategory(const std::string& code, const std::string& name) {
  Category c;
  c.code = code;
  c.parent = code.size() == 4 ? code.substr(0, 2) : "";
  c.name_zh = name;
  c.name_en = "Category " + code;
  c.default_urgency = 2;
  c.accept_limit = cal::Limit{cal::LimitUnit::kWorkingHours, 2};
  c.handle_limit[0] = cal::Limit{cal::LimitUnit::kWorkingDays, 5};
  c.handle_limit[1] = cal::Limit{cal::LimitUnit::kWorkingDays, 2};
  c.handle_limit[2] = cal::Limit{cal::LimitUnit::kNaturalHours, 24};
  c.handling_level = "department";
  c.default_department = "zhujian";
  c.micro = true;
  c.attributes_json = R"([{"code":"depth","datatype":"number","required":false,"description":"深度"}])";
  return c;
}

TEST_P(StorageContractTest, CatalogCategoriesCalendarAndVersion) {
  int64_t v0 = 0;
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    v0 = *tx->catalog().CatalogVersion();
    EXPECT_TRUE(tx->catalog().Categories()->empty());
  }
  auto version = [&] {
    auto tx = R();
    return tx ? *tx->catalog().CatalogVersion() : -1;
  };
  const Category c0101 = MakeCategory("0101", "井盖缺失");
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.catalog().InsertCategory(c0101));
    Category cls = MakeCategory("01", "市容环境");
    cls.micro = false;
    cls.active = false;
    cls.attributes_json = "[]";
    return tx.catalog().InsertCategory(cls);
  }));
  const int64_t v1 = version();
  EXPECT_GT(v1, v0);
  EXPECT_CODE(W([&](Tx& tx) { return tx.catalog().InsertCategory(MakeCategory("0101", "重复")); }),
              StatusCode::kConflict);
  EXPECT_EQ(version(), v1) << "a failed write bumps nothing";
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->catalog().GetCategory("0101");
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->code, "0101");
    EXPECT_EQ(got->parent, "01");
    EXPECT_EQ(got->name_zh, "井盖缺失");
    EXPECT_EQ(got->name_en, "Category 0101");
    EXPECT_EQ(got->default_urgency, 2);
    EXPECT_EQ(got->accept_limit, c0101.accept_limit);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(got->handle_limit[i], c0101.handle_limit[i]) << i;
    EXPECT_EQ(got->handling_level, "department");
    EXPECT_EQ(got->default_department, "zhujian");
    EXPECT_TRUE(got->micro);
    EXPECT_EQ(got->attributes_json, c0101.attributes_json);
    EXPECT_TRUE(got->active);
    EXPECT_EQ(got->version, 1);
    auto all = tx->catalog().Categories();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].code, "01");
    EXPECT_FALSE((*all)[0].active);
    EXPECT_EQ((*all)[1].code, "0101");
    EXPECT_EQ(tx->catalog().GetCategory("0199").status().code(), StatusCode::kNotFound);
  }
  Category upd = c0101;
  upd.name_zh = "井盖缺失或破损";
  upd.handle_limit[2] = cal::Limit{cal::LimitUnit::kWorkingHours, 4};
  ASSERT_OK(W([&](Tx& tx) { return tx.catalog().UpdateCategory(upd); }));
  const int64_t v2 = version();
  EXPECT_GT(v2, v1);
  EXPECT_CODE(W([&](Tx& tx) { return tx.catalog().UpdateCategory(upd); }), StatusCode::kConflict);  // stale
  Category ghost = MakeCategory("0901", "不存在");
  EXPECT_CODE(W([&](Tx& tx) { return tx.catalog().UpdateCategory(ghost); }), StatusCode::kNotFound);
  EXPECT_EQ(version(), v2);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto got = tx->catalog().GetCategory("0101");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->name_zh, "井盖缺失或破损");
    EXPECT_EQ(got->handle_limit[2], (cal::Limit{cal::LimitUnit::kWorkingHours, 4}));
    EXPECT_EQ(got->version, 2);
  }
  // Calendar: put, replace, delete.
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.catalog().PutCalendarDay("2025-10-01", cal::DayType::kHoliday, "国庆节"));
    RETURN_IF_ERROR(tx.catalog().PutCalendarDay("2025-09-28", cal::DayType::kWorkday, "国庆节调休"));
    return tx.catalog().PutCalendarDay("2025-10-02", cal::DayType::kHoliday, "");
  }));
  const int64_t v3 = version();
  EXPECT_GT(v3, v2);
  ASSERT_OK(
      W([&](Tx& tx) { return tx.catalog().PutCalendarDay("2025-10-02", cal::DayType::kHoliday, "国庆节"); }));
  const int64_t v4 = version();
  EXPECT_GT(v4, v3);
  ASSERT_OK(W([&](Tx& tx) { return tx.catalog().DeleteCalendarDay("2025-09-28"); }));
  const int64_t v5 = version();
  EXPECT_GT(v5, v4);
  EXPECT_CODE(W([&](Tx& tx) { return tx.catalog().DeleteCalendarDay("2025-09-28"); }), StatusCode::kNotFound);
  EXPECT_EQ(version(), v5);
  Reopen();
  auto tx = R();
  ASSERT_TRUE(tx);
  auto days = tx->catalog().CalendarDays();
  ASSERT_TRUE(days.ok());
  using Day = std::tuple<std::string, cal::DayType, std::string>;
  EXPECT_THAT(*days, ElementsAre(Day{"2025-10-01", cal::DayType::kHoliday, "国庆节"},
                                 Day{"2025-10-02", cal::DayType::kHoliday, "国庆节"}));
  EXPECT_EQ(*tx->catalog().CatalogVersion(), v5);
}

}  // namespace
}  // namespace wangge::storage::testing
