// 双报到 over HTTP against the server as deployed: the community registers a unit (报到单位) with what it
// pledges; the demo party member registers with the community they live in (报到), naming the unit as
// employer; a second registration — with this community or any other — is refused (409) while the first is
// active, and nothing is written; the community places the member in a grid and opens a post; the member
// claims it, a full post refuses the next claim; the member reports hours, the community confirms them into
// the 时间银行 once (a second decision is 409); the quarterly report counts them under the employer, and its
// .xlsx export carries the row. Bad input: unknown kinds and resources, a grid of another community, hours
// not in half hours or in the future, a quarter that is not YYYY-Qn, someone else's community.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

double Hours(const std::string& user) {
  const json body = Env().As(user, "GET", "/api/v1/ledger/me").Json();
  for (const json& a : body["items"])
    if (a.value("currency", "") == "hours") return a["balance"].get<double>();
  return -1;
}

// This quarter, China time ("2026-Q4").
std::string ThisQuarter() {
  const std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return std::to_string(tm.tm_year + 1900) + "-Q" + std::to_string(tm.tm_mon / 3 + 1);
}

std::string Today() { return ChinaNow(); }

TEST(Dual, RegisterPlaceClaimReportConfirmAndTheQuarterlyRecord) {
  const std::string village = Env().place("secretary");
  ASSERT_EQ(village.size(), 12u);

  // 报到单位: bad kind, bad resource, then registered; the same name again is a conflict.
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/dual/units", json{{"name", "县税务局"}, {"kind", "x"}}), 400,
      "kind"));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/dual/units",
                                 json{{"name", "县税务局"}, {"kind", "organ"}, {"resources", {"money"}}}),
                        400, "resources"));
  Response unit = Env().As("secretary", "POST", "/api/v1/dual/units",
                           json{{"name", "县税务局"},
                                {"kind", "organ"},
                                {"party_org", "县税务局机关党委"},
                                {"liaison_name", "王明"},
                                {"office_phone", "0874-5123456"},
                                {"resources", {"volunteers", "expertise"}},
                                {"pledge", "每季度开展一次税法宣传进社区"}});
  ASSERT_TRUE(IsStatus(unit, 201)) << unit.body;
  const int64_t unit_id = unit.Json().value("id", int64_t{0});
  EXPECT_EQ(unit.Json().value("community", ""), village);
  EXPECT_EQ(unit.Json()["resources"], json({"volunteers", "expertise"}));
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/dual/units", json{{"name", "县税务局"}, {"kind", "organ"}}),
      409));
  // A member sees the county's units (the employer picker), not another county's.
  Response units = Env().As("partymember", "GET", "/api/v1/dual/units?status=active");
  ASSERT_TRUE(IsStatus(units, 200)) << units.body;
  bool listed = false;
  for (const json& u : units.Json()["items"]) listed |= u.value("id", int64_t{0}) == unit_id;
  EXPECT_TRUE(listed);
  EXPECT_TRUE(IsProblem(Env().As("partymember", "GET", "/api/v1/dual/units?scope=110101"), 403));

  // 报到: not yet, then registered with the community the member lives in.
  EXPECT_TRUE(IsProblem(Env().As("partymember", "GET", "/api/v1/dual/members/mine"), 404));
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", "/api/v1/dual/members", json::object()), 400,
                        "employer_name"));
  EXPECT_TRUE(IsProblem(
      Env().As("resident", "POST", "/api/v1/dual/members", json{{"employer_name", "某公司"}}), 403));
  Response reg = Env().As("partymember", "POST", "/api/v1/dual/members", json{{"unit_id", unit_id}});
  ASSERT_TRUE(IsStatus(reg, 201)) << reg.body;
  json m = reg.Json();
  const int64_t member_id = m.value("id", int64_t{0});
  const int64_t person_id = m.value("person_id", int64_t{0});
  EXPECT_EQ(m.value("community", ""), village);
  EXPECT_EQ(m.value("employer_name", ""), "县税务局");
  EXPECT_EQ(m.value("grid_code", "x"), "");
  // Twice at once: refused, whoever asks, and nothing written.
  EXPECT_TRUE(IsProblem(
      Env().As("partymember", "POST", "/api/v1/dual/members", json{{"employer_name", "县医院"}}), 409));
  EXPECT_TRUE(IsProblem(Env().As("county", "POST", "/api/v1/dual/members",
                                 json{{"person_id", person_id}, {"employer_name", "县医院"}}),
                        409));
  // The member moves to another village: registering there while still registered here is refused too.
  {
    const std::string other_village = village.substr(0, 9) + (village.substr(9) == "001" ? "002" : "001");
    Response grids = Env().As("county", "GET", "/api/v1/places/" + other_village + "/children");
    ASSERT_TRUE(IsStatus(grids, 200)) << grids.body;
    ASSERT_FALSE(grids.Json()["items"].empty());
    const std::string other_grid = grids.Json()["items"][0].value("code", "");
    Response person = Env().As("county", "GET", "/api/v1/people/" + std::to_string(person_id));
    ASSERT_TRUE(IsStatus(person, 200)) << person.body;
    const std::string home = person.Json().value("place_code", "");
    Response moved = Env().As("county", "PATCH", "/api/v1/people/" + std::to_string(person_id),
                              json{{"version", person.Json().value("version", int64_t{0})},
                                   {"place_code", other_grid},
                                   {"household_id", nullptr}});
    ASSERT_TRUE(IsStatus(moved, 200)) << moved.body;
    Response there = Env().As("county", "POST", "/api/v1/dual/members",
                              json{{"person_id", person_id}, {"employer_name", "县医院"}});
    EXPECT_TRUE(IsProblem(there, 409)) << there.body;
    EXPECT_NE(there.body.find("同一时间只能向一个村(社区)报到"), std::string::npos) << there.body;
    Response back = Env().As("county", "PATCH", "/api/v1/people/" + std::to_string(person_id),
                             json{{"version", moved.Json().value("version", int64_t{0})},
                                  {"place_code", home},
                                  {"household_id", person.Json()["household_id"]}});
    ASSERT_TRUE(IsStatus(back, 200)) << back.body;
  }
  Response roster = Env().As("secretary", "GET", "/api/v1/dual/members?community=" + village);
  ASSERT_TRUE(IsStatus(roster, 200)) << roster.body;
  int mine = 0;
  for (const json& x : roster.Json()["items"]) mine += x.value("person_id", int64_t{0}) == person_id;
  EXPECT_EQ(mine, 1);
  ASSERT_FALSE(roster.Json()["grids"].empty());
  const std::string grid = roster.Json()["grids"][0].value("code", "");

  // 编入网格: a grid of another community is refused; a stale version too.
  const std::string path = "/api/v1/dual/members/" + std::to_string(member_id);
  EXPECT_TRUE(IsProblem(Env().As("secretary", "PUT", path + "/grid",
                                 json{{"grid_code", "530326999999001"}, {"version", m["version"]}}),
                        400, "grid_code"));
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "PUT", path + "/grid", json{{"grid_code", grid}, {"version", 99}}), 409));
  Response placed =
      Env().As("secretary", "PUT", path + "/grid", json{{"grid_code", grid}, {"version", m["version"]}});
  ASSERT_TRUE(IsStatus(placed, 200)) << placed.body;
  EXPECT_EQ(placed.Json().value("grid_code", ""), grid);

  // 岗位: opened with one slot; claimed; the member cannot claim twice.
  Response post = Env().As("secretary", "POST", "/api/v1/dual/posts",
                           json{{"title", "周末楼栋文明劝导"}, {"grid_code", grid}, {"slots", 1}});
  ASSERT_TRUE(IsStatus(post, 201)) << post.body;
  const int64_t post_id = post.Json().value("id", int64_t{0});
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/dual/posts", json{{"title", "x"}, {"slots", 0}}), 400, "slots"));
  const std::string ppath = "/api/v1/dual/posts/" + std::to_string(post_id);
  Response claim = Env().As("partymember", "POST", ppath + "/claim", json::object());
  ASSERT_TRUE(IsStatus(claim, 200)) << claim.body;
  EXPECT_TRUE(claim.Json().value("mine", false));
  EXPECT_EQ(claim.Json().value("taken", 0), 1);
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", ppath + "/claim", json::object()), 409));
  // A post below its claims cannot shrink.
  Response edit = Env().As("secretary", "PUT", ppath,
                           json{{"version", claim.Json()["version"]},
                                {"title", "周末楼栋文明劝导"},
                                {"slots", 1},
                                {"status", "open"}});
  EXPECT_TRUE(IsStatus(edit, 200)) << edit.body;

  // 服务记录: bad hours and dates refused; reported, confirmed once into the 时间银行.
  const double before = Hours("partymember");
  ASSERT_GE(before, 0);
  EXPECT_TRUE(IsProblem(
      Env().As("partymember", "POST", "/api/v1/dual/logs", json{{"served_on", Today()}, {"hours", 1.2}}), 400,
      "hours"));
  for (const double bad : {1e300, -2.0, 0.0, 24.5})
    EXPECT_TRUE(IsProblem(
        Env().As("partymember", "POST", "/api/v1/dual/logs", json{{"served_on", Today()}, {"hours", bad}}),
        400, "hours"))
        << bad;
  EXPECT_TRUE(IsProblem(
      Env().As("partymember", "POST", "/api/v1/dual/logs", json{{"served_on", "2099-01-01"}, {"hours", 2}}),
      400, "served_on"));
  Response log =
      Env().As("partymember", "POST", "/api/v1/dual/logs",
               json{{"post_id", post_id}, {"served_on", Today()}, {"hours", 2}, {"note", "劝导乱停车"}});
  ASSERT_TRUE(IsStatus(log, 201)) << log.body;
  EXPECT_EQ(log.Json().value("status", ""), "pending");
  const std::string lpath = "/api/v1/dual/logs/" + std::to_string(log.Json().value("id", int64_t{0}));
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", lpath + "/confirm", json{{"version", 1}}), 403));
  EXPECT_TRUE(
      IsProblem(Env().As("secretary", "POST", lpath + "/reject", json{{"version", 1}}), 400, "reason"));
  Response ok = Env().As("secretary", "POST", lpath + "/confirm", json{{"version", 1}});
  ASSERT_TRUE(IsStatus(ok, 200)) << ok.body;
  EXPECT_GT(ok.Json().value("entry_id", int64_t{0}), 0);
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", lpath + "/confirm", json{{"version", 2}}), 409));
  EXPECT_DOUBLE_EQ(Hours("partymember"), before + 2);

  // 季度报告: the member under the employer, with the hours; the export is a spreadsheet.
  EXPECT_TRUE(IsProblem(Env().As("secretary", "GET", "/api/v1/dual/reports?quarter=2026Q4"), 400, "quarter"));
  Response report = Env().As("secretary", "GET", "/api/v1/dual/reports?quarter=" + ThisQuarter());
  ASSERT_TRUE(IsStatus(report, 200)) << report.body;
  bool found = false;
  for (const json& e : report.Json()["employers"]) {
    if (e.value("unit_id", int64_t{0}) != unit_id) continue;
    for (const json& x : e["members"]) {
      if (x.value("member_id", int64_t{0}) != member_id) continue;
      found = true;
      EXPECT_EQ(x.value("logs", 0), 1);
      EXPECT_DOUBLE_EQ(x.value("hours_posts", 0.0), 2.0);
      EXPECT_EQ(x["posts"], json({"周末楼栋文明劝导"}));
    }
  }
  EXPECT_TRUE(found) << report.body;
  Response xlsx = Env().As("secretary", "GET", "/api/v1/dual/reports/export?quarter=" + ThisQuarter());
  ASSERT_TRUE(IsStatus(xlsx, 200));
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  // Another community is outside the secretary's jurisdiction.
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "GET", "/api/v1/dual/reports?community=530326999999&quarter=" + ThisQuarter()),
      403));

  // 转出: the post is released; registering again is possible.
  Response left =
      Env().As("partymember", "POST", path + "/leave", json{{"version", placed.Json()["version"]}});
  ASSERT_TRUE(IsStatus(left, 200)) << left.body;
  EXPECT_EQ(left.Json().value("status", ""), "left");
  Response after = Env().As("secretary", "GET", "/api/v1/dual/posts");
  ASSERT_TRUE(IsStatus(after, 200));
  for (const json& p : after.Json()["items"])
    if (p.value("id", int64_t{0}) == post_id) {
      EXPECT_EQ(p.value("taken", -1), 0);
    }
  EXPECT_TRUE(IsProblem(Env().As("partymember", "GET", "/api/v1/dual/members/mine"), 404));
}

// The dashboard's 志愿服务与双报到 figures: the places below add up to the place (people: at least), a
// confirmation moves the hours of the place and of its township by exactly the hours confirmed, a grid
// answers its village's, bad input and another jurisdiction are refused.
TEST(Dual, ParticipationFiguresAddUpAndFollowAConfirmation) {
  const std::string village = Env().place("secretary");
  const std::string county = village.substr(0, 6), township = village.substr(0, 9);
  auto figures = [](const std::string& user, const std::string& place) {
    Response r = Env().As(user, "GET", "/api/v1/indicators/participation?place=" + place);
    EXPECT_TRUE(IsStatus(r, 200)) << r.body;
    return r.Json();
  };
  const json before = figures("county", county);
  const json& t = before["totals"];
  EXPECT_GT(t.value("hours", 0.0), 0.0) << "the demo year holds service hours";
  EXPECT_GT(t.value("dual_members", 0), 0);
  EXPECT_LE(t.value("dual_placed", 0), t.value("dual_members", 0));
  double hours = 0;
  int64_t entries = 0, people = 0, units = 0, members = 0, placed = 0;
  double township_hours = -1;
  for (const json& g : before["groups"]) {
    EXPECT_EQ(g.value("key", "").size(), 9u);
    hours += g.value("hours", 0.0);
    entries += g.value("entries", int64_t{0});
    people += g.value("people", int64_t{0});
    units += g.value("dual_units", int64_t{0});
    members += g.value("dual_members", int64_t{0});
    placed += g.value("dual_placed", int64_t{0});
    if (g.value("key", "") == township) township_hours = g.value("hours", 0.0);
  }
  EXPECT_NEAR(hours, t.value("hours", 0.0), 1e-6);
  EXPECT_EQ(entries, t.value("entries", int64_t{0}));
  EXPECT_GE(people, t.value("people", int64_t{0}));
  EXPECT_EQ(units, t.value("dual_units", int64_t{0}));
  EXPECT_EQ(members, t.value("dual_members", int64_t{0}));
  EXPECT_EQ(placed, t.value("dual_placed", int64_t{0}));
  ASSERT_GE(township_hours, 0.0) << "the secretary's township is a group";

  // The community confirms a pending log (the demo leaves some in every village): exactly its hours more.
  Response pending = Env().As("secretary", "GET", "/api/v1/dual/logs?status=pending");
  ASSERT_TRUE(IsStatus(pending, 200)) << pending.body;
  ASSERT_FALSE(pending.Json()["items"].empty());
  const json log = pending.Json()["items"][0];
  Response ok = Env().As("secretary", "POST",
                         "/api/v1/dual/logs/" + std::to_string(log.value("id", int64_t{0})) + "/confirm",
                         json{{"version", log["version"]}});
  ASSERT_TRUE(IsStatus(ok, 200)) << ok.body;
  const json after = figures("county", county);
  EXPECT_NEAR(after["totals"].value("hours", 0.0), t.value("hours", 0.0) + log.value("hours", 0.0), 1e-6);
  for (const json& g : after["groups"])
    if (g.value("key", "") == township) {
      EXPECT_NEAR(g.value("hours", 0.0), township_hours + log.value("hours", 0.0), 1e-6);
    }
  const json v = figures("secretary", village);
  EXPECT_EQ(v.value("place", ""), village);
  EXPECT_TRUE(v["groups"].empty()) << "no rows below a community";
  // A grid answers its village's figures.
  Response grids = Env().As("county", "GET", "/api/v1/places/" + village + "/children");
  ASSERT_TRUE(IsStatus(grids, 200));
  const std::string grid = grids.Json()["items"][0].value("code", "");
  const json g = figures("county", grid);
  EXPECT_EQ(g.value("place", ""), village);
  EXPECT_NEAR(g["totals"].value("hours", 0.0), v["totals"].value("hours", 0.0), 1e-6);

  EXPECT_TRUE(IsProblem(
      Env().As("county", "GET", "/api/v1/indicators/participation?place=" + county + "&from=2026-13-01"), 400,
      "from"));
  Response outside = Env().As("secretary", "GET", "/api/v1/indicators/participation?place=" + county);
  EXPECT_TRUE(outside.status == 403 || outside.status == 404) << outside.body;
  EXPECT_TRUE(
      IsProblem(Env().As("resident", "GET", "/api/v1/indicators/participation?place=" + village), 403));
}

}  // namespace
}  // namespace wangge::e2e
