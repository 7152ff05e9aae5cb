// 矛盾纠纷排查 over HTTP against the server as deployed, on both backends: a grid worker records this week's
// round of their grid, once; the township's board shows it under its village; the bad inputs of issue 13 (a
// grid outside the worker's own) and of every route (wrong types, unknown keys) are refused with
// problem+json.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

TEST(Screenings, AGridWorkerRecordsTheWeekAndTheTownshipSeesIt) {
  const std::string grid = Env().place("gridworker");
  ASSERT_EQ(grid.size(), 15u);
  Response rec =
      Env().As("gridworker", "POST", "/api/v1/screenings",
               json{{"place_code", grid}, {"found", 1}, {"resolved", 1}, {"note", "邻里噪音纠纷，当场调解"}});
  ASSERT_TRUE(IsStatus(rec, 201));
  EXPECT_EQ(rec.Json().value("cycle", ""), "week");
  EXPECT_FALSE(rec.Json().value("late", true));
  EXPECT_EQ(rec.Json().value("found", 0), 1);
  const std::string first = rec.Json().value("period_first", "");
  // Once per period.
  Response again =
      Env().As("gridworker", "POST", "/api/v1/screenings", json{{"place_code", grid}, {"found", 0}});
  EXPECT_TRUE(IsProblem(again, 409));
  // Not another grid; not a secretary (the route's roles); not with wrong types or unknown keys.
  EXPECT_TRUE(IsStatus(Env().As("gridworker", "POST", "/api/v1/screenings",
                                json{{"place_code", Env().place("gridworker2")}, {"found", 0}}),
                       403));
  EXPECT_TRUE(IsStatus(
      Env().As("secretary", "POST", "/api/v1/screenings", json{{"place_code", grid}, {"found", 0}}), 403));
  Response typed = Env().As("gridworker2", "POST", "/api/v1/screenings",
                            json{{"place_code", Env().place("gridworker2")}, {"found", "一起"}});
  EXPECT_TRUE(IsProblem(typed, 400, "found"));
  Response unknown = Env().As("gridworker2", "POST", "/api/v1/screenings",
                              json{{"place_code", Env().place("gridworker2")}, {"found", 0}, {"grid", 1}});
  EXPECT_TRUE(IsProblem(unknown, 400));
  Response future =
      Env().As("gridworker2", "POST", "/api/v1/screenings",
               json{{"place_code", Env().place("gridworker2")}, {"found", 0}, {"date", "2999-01-01"}});
  EXPECT_TRUE(IsProblem(future, 400, "date"));

  // The township's board of this week: the grid's village counts it on time.
  const std::string township = grid.substr(0, 9), village = grid.substr(0, 12);
  Response board = Env().As("township", "GET", "/api/v1/screenings/board?scope=" + township);
  ASSERT_TRUE(IsStatus(board, 200));
  EXPECT_EQ(board.Json()["grids"].value("period_first", ""), first);
  bool seen = false;
  for (const json& row : board.Json()["grids"]["rows"]) {
    if (row.value("code", "") != village) continue;
    seen = true;
    EXPECT_GE(row.value("on_time", 0), 1);
    EXPECT_GE(row.value("required", 0), row.value("on_time", 0) + row.value("late", 0));
  }
  EXPECT_TRUE(seen) << board.body;
  // The village's board lists the grid with its record and recorder.
  Response vboard = Env().As("county", "GET", "/api/v1/screenings/board?scope=" + village);
  ASSERT_TRUE(IsStatus(vboard, 200));
  bool grid_seen = false;
  for (const json& row : vboard.Json()["grids"]["rows"])
    if (row.value("code", "") == grid) {
      grid_seen = true;
      ASSERT_TRUE(row["record"].is_object()) << row.dump();
      EXPECT_EQ(row["record"].value("note", ""), "邻里噪音纠纷，当场调解");
      EXPECT_FALSE(row["record"].value("recorded_by_name", "").empty());
    }
  EXPECT_TRUE(grid_seen);
  Response sched = Env().As("gridworker", "GET", "/api/v1/screenings/schedule");
  ASSERT_TRUE(IsStatus(sched, 200));
  EXPECT_EQ(sched.Json().value("grid", ""), "week");
  EXPECT_EQ(sched.Json().value("township", ""), "half_month");
}

}  // namespace
}  // namespace wangge::e2e
