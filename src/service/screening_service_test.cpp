// Screening rounds through the service on a real SQLite database: who may record for which place (issue 13's
// bad input: a grid outside the worker's own), one round per period, late rounds flagged, the board per
// village and per grid with the on-time counts, and a county changing its schedule.
#include "service/screening_service.hpp"

#include <gtest/gtest.h>

#include "core/dates.hpp"
#include "service/service_test_county.hpp"

namespace wangge::service {
namespace {

class ScreeningServiceTest : public testing::ServiceCountyTest {
 protected:
  ScreeningInput In(const std::string& place, int found = 0, const std::string& note = "") {
    ScreeningInput in;
    in.place_code = place;
    in.found = found;
    in.note = note;
    return in;
  }
  int64_t Day(int y, int m, int d) { return DaysFromCivil(y, m, d); }
};

TEST_F(ScreeningServiceTest, EachRecordsTheirOwnPlaceOncePerPeriod) {
  // 2026-01-01 is a Thursday: the grid's week runs from Monday 2025-12-29, the township's half month from
  // the 1st.
  auto mine = app_->screenings.Record(As(grid_workers_[0]), In(grids_[0]));
  ASSERT_TRUE(mine.ok()) << mine.status().en();
  EXPECT_EQ(mine->period, (screening::Period{Day(2025, 12, 29), Day(2026, 1, 4)}));
  EXPECT_EQ(mine->cycle, "week");
  EXPECT_FALSE(mine->late);
  EXPECT_EQ(mine->recorded_by, grid_workers_[0].user_id);
  EXPECT_EQ(app_->screenings.Record(As(grid_workers_[0]), In(grids_[0], 1, "又发现一起")).status().code(),
            StatusCode::kConflict);
  // Another grid, the village, somebody else's role: refused, whatever the scope covers.
  for (const auto& [who, place] :
       std::vector<std::pair<Principal, std::string>>{{grid_workers_[0], grids_[1]},
                                                      {grid_workers_[0], "530326101001"},
                                                      {secretaries_[0], grids_[0]},
                                                      {county_, "530326101"},
                                                      {mediators_[0], grids_[0]}}) {
    auto r = app_->screenings.Record(As(who), In(place));
    EXPECT_FALSE(r.ok()) << who.username << " " << place;
    if (place.size() == 12)
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    else
      EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied) << who.username << " " << place;
  }
  EXPECT_EQ(app_->screenings.Record(As(residents_[0]), In(grids_[0])).status().code(),
            StatusCode::kPermissionDenied);
  // The township records its own round, per half month.
  auto township = app_->screenings.Record(As(township_), In("530326101", 2, "两起土地纠纷，已转调委会"));
  ASSERT_TRUE(township.ok()) << township.status().en();
  EXPECT_EQ(township->period, (screening::Period{Day(2026, 1, 1), Day(2026, 1, 15)}));
  EXPECT_EQ(township->cycle, "half_month");

  // Bad input: something found but not said; a future day; more than a year back.
  EXPECT_EQ(app_->screenings.Record(As(grid_workers_[1]), In(grids_[1], 1)).status().field(), "note");
  ScreeningInput future = In(grids_[1]);
  future.date = "2026-01-05";
  EXPECT_EQ(app_->screenings.Record(As(grid_workers_[1]), future).status().field(), "date");
  ScreeningInput old = In(grids_[1]);
  old.date = "2024-12-01";
  EXPECT_EQ(app_->screenings.Record(As(grid_workers_[1]), old).status().field(), "date");
  old.date = "2025-13-01";
  EXPECT_EQ(app_->screenings.Record(As(grid_workers_[1]), old).status().field(), "date");

  // A round of last week recorded now: kept, flagged late.
  ScreeningInput last_week = In(grids_[1], 1, "邻里噪音纠纷，当场调解");
  last_week.date = "2025-12-24";
  last_week.resolved = 1;
  auto late = app_->screenings.Record(As(grid_workers_[1]), last_week);
  ASSERT_TRUE(late.ok()) << late.status().en();
  EXPECT_TRUE(late->late);
  EXPECT_EQ(late->period, (screening::Period{Day(2025, 12, 22), Day(2025, 12, 28)}));
}

TEST_F(ScreeningServiceTest, TheBoardCountsOnTimeLateMissingPerPlaceBelowTheScope) {
  ASSERT_TRUE(app_->screenings.Record(As(grid_workers_[0]), In(grids_[0])).ok());
  ScreeningInput late = In(grids_[2], 2, "两起宅基地纠纷");
  late.date = "2025-12-22";
  ASSERT_TRUE(app_->screenings.Record(As(grid_workers_[2]), late).ok());

  // The township's board of this week: per village; nothing is missing yet (the week is not over).
  auto now = app_->screenings.Board(As(township_), "", "");
  ASSERT_TRUE(now.ok()) << now.status().en();
  EXPECT_EQ(now->scope, "530326101");
  EXPECT_FALSE(now->grids.ended);
  ASSERT_EQ(now->grids.rows.size(), 2u);
  EXPECT_EQ(now->grids.rows[0].code, "530326101001");
  EXPECT_EQ(now->grids.rows[0].required, 2);
  EXPECT_EQ(now->grids.rows[0].on_time, 1);
  EXPECT_EQ(now->grids.rows[1].on_time + now->grids.rows[1].late, 0);
  EXPECT_EQ(now->grids.total.required, 4);
  EXPECT_EQ(now->grids.total.on_time, 1);
  ASSERT_EQ(now->townships.rows.size(), 1u);  // the township's own round: not yet
  EXPECT_FALSE(now->townships.rows[0].record.has_value());

  // Last week's, as the county sees it: ended; the late round counts as late, not on time.
  auto last = app_->screenings.Board(As(county_), "530326101", "2025-12-24");
  ASSERT_TRUE(last.ok()) << last.status().en();
  EXPECT_TRUE(last->grids.ended);
  EXPECT_EQ(last->grids.total.required, 4);
  EXPECT_EQ(last->grids.total.on_time, 0);
  EXPECT_EQ(last->grids.total.late, 1);
  EXPECT_EQ(last->grids.total.found, 2);
  EXPECT_EQ(last->grids.rows[1].late, 1);

  // A village's board lists its grids with their records.
  auto village = app_->screenings.Board(As(secretaries_[0]), "", "");
  ASSERT_TRUE(village.ok()) << village.status().en();
  ASSERT_EQ(village->grids.rows.size(), 2u);
  ASSERT_TRUE(village->grids.rows[0].record.has_value());
  EXPECT_EQ(village->grids.rows[0].record->recorded_by_name, grid_workers_[0].display_name);
  EXPECT_FALSE(village->grids.rows[1].record.has_value());
  EXPECT_TRUE(village->townships.rows.empty());
  // Outside the caller's scope: refused; a grid worker's board is their grid.
  EXPECT_EQ(app_->screenings.Board(As(secretaries_[0]), "530326101", "").status().code(),
            StatusCode::kPermissionDenied);
  auto grid = app_->screenings.Board(As(grid_workers_[0]), "", "");
  ASSERT_TRUE(grid.ok());
  ASSERT_EQ(grid->grids.rows.size(), 1u);
  EXPECT_EQ(grid->grids.total.on_time, 1);

  // The records themselves, latest period first.
  auto list = app_->screenings.List(As(county_), "", "2025-12-01", "");
  ASSERT_TRUE(list.ok()) << list.status().en();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].place_code, grids_[0]);
  EXPECT_EQ(app_->screenings.List(As(county_), "", "2026-01-02", "2026-01-01").status().field(), "from");
}

TEST_F(ScreeningServiceTest, ACountySetsItsSchedule) {
  auto defaults = app_->screenings.GetSchedule(As(grid_workers_[0]), "530326");
  ASSERT_TRUE(defaults.ok()) << defaults.status().en();
  EXPECT_EQ(*defaults, screening::Schedule{});
  screening::Schedule s{.grid = screening::Cycle::kHalfMonth, .township = screening::Cycle::kMonth};
  EXPECT_EQ(app_->screenings.SetSchedule(As(township_), "530326", s).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(app_->screenings.SetSchedule(As(county_), "530326101", s).status().field(), "county");
  ASSERT_TRUE(app_->screenings.SetSchedule(As(county_), "530326", s).ok());
  EXPECT_EQ(*app_->screenings.GetSchedule(As(township_), "530326"), s);
  EXPECT_EQ(app_->screenings.GetSchedule(As(township_), "530327").status().code(), StatusCode::kNotFound);
  auto r = app_->screenings.Record(As(grid_workers_[0]), In(grids_[0]));
  ASSERT_TRUE(r.ok()) << r.status().en();
  EXPECT_EQ(r->cycle, "half_month");
  EXPECT_EQ(r->period, (screening::Period{Day(2026, 1, 1), Day(2026, 1, 15)}));
}

}  // namespace
}  // namespace wangge::service
