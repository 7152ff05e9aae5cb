// 红黑榜 over HTTP against the server as deployed, on the demo county's year of lists: the community's
// criteria cite its 村规民约 (an item without its article is refused); a grid worker nominates with evidence
// (criteria of the other side, a month long past, thin evidence refused); the two committees approve, which
// starts the notice; publishing it — or a black entry — before its notice is over is refused with the end
// named and nothing written; a resident objects during the notice; the month's publication lists what is
// ready (the demo's entry whose notice ended) and posts its points, once a month; an upheld objection
// withdraws the entry. Then 星级文明户, the resident's own record and the public board with names masked,
// and who may not do what.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

std::string ThisMonth() { return ChinaNow("%Y-%m"); }
std::string Today() { return ChinaNow(); }

// The criteria ids of a side.
std::vector<int64_t> Criteria(const json& list, const std::string& side) {
  std::vector<int64_t> out;
  for (const json& c : list["items"])
    if (c.value("side", "") == side && c.value("status", "") == "active")
      out.push_back(c.value("id", int64_t{0}));
  return out;
}

// Nominates the first person of the grid worker's grid who has no entry of that side this month.
json NominateSomeone(const std::string& side, const std::vector<int64_t>& criteria, int skip = 0) {
  const std::string grid = Env().place("gridworker");
  Response people = Env().As("gridworker", "GET", "/api/v1/people?limit=100&scope=" + grid);
  EXPECT_TRUE(IsStatus(people, 200)) << people.body;
  for (const json& p : people.Json()["items"]) {
    if (skip-- > 0) continue;
    Response r = Env().As("gridworker", "POST", "/api/v1/rolls/entries",
                          json{{"person_id", p["id"]},
                               {"side", side},
                               {"period", ThisMonth()},
                               {"criteria", {criteria[0]}},
                               {"evidence", side == "red" ? "主动帮助同组独居老人挑水、代购药品"
                                                          : "长期在公路边乱倒建筑垃圾，屡劝不改"}});
    if (r.status == 201) return r.Json();
    // listed this month already, or on the black list: the next one
    EXPECT_TRUE(r.status == 409 || r.status == 412 || r.status == 422) << r.body;
  }
  ADD_FAILURE() << "nobody to nominate in " << grid;
  return json::object();
}

json Approve(const json& entry) {
  json e = entry;
  for (const char* committee : {"party", "village"}) {
    Response r =
        Env().As("secretary", "POST", "/api/v1/rolls/entries/" + std::to_string(e.value("id", 0)) + "/review",
                 json{{"committee", committee},
                      {"approve", true},
                      {"opinion", "同意"},
                      {"met_on", Today()},
                      {"version", e["version"]}});
    EXPECT_TRUE(IsStatus(r, 200)) << r.body;
    e = r.Json();
  }
  return e;
}

size_t Publications(const std::string& village) {
  Response r = Env().As("secretary", "GET", "/api/v1/rolls/publications?community=" + village);
  EXPECT_TRUE(IsStatus(r, 200)) << r.body;
  return r.Json()["items"].size();
}

TEST(Rolls, NominateReviewNoticeObjectAndPublishTheMonth) {
  const std::string village = Env().place("secretary");
  ASSERT_EQ(village.size(), 12u);
  Response criteria = Env().As("secretary", "GET", "/api/v1/rolls/criteria?community=" + village);
  ASSERT_TRUE(IsStatus(criteria, 200)) << criteria.body;
  const auto red = Criteria(criteria.Json(), "red");
  const auto black = Criteria(criteria.Json(), "black");
  ASSERT_EQ(red.size(), 9u);
  ASSERT_EQ(black.size(), 9u);
  for (const json& c : criteria.Json()["items"]) EXPECT_FALSE(c.value("article", "").empty()) << c;
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/rolls/criteria/adopt", json{{"community", village}}), 409));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/rolls/criteria",
                                 json{{"side", "red"}, {"title", "勤俭节约"}, {"article", ""}}),
                        400, "article"));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/rolls/criteria",
                                 json{{"side", "grey"}, {"title", "勤俭节约"}, {"article", "第十二条"}}),
                        400, "side"));

  // Bad nominations: nothing written.
  const std::string grid = Env().place("gridworker");
  Response people = Env().As("gridworker", "GET", "/api/v1/people?limit=1&scope=" + grid);
  ASSERT_TRUE(IsStatus(people, 200)) << people.body;
  const json person = people.Json()["items"][0];
  auto nomination = [&](json patch) {
    json body = {{"person_id", person["id"]},
                 {"side", "red"},
                 {"period", ThisMonth()},
                 {"criteria", {red[0]}},
                 {"evidence", "主动帮助同组独居老人挑水、代购药品"}};
    body.update(patch);
    return Env().As("gridworker", "POST", "/api/v1/rolls/entries", body);
  };
  EXPECT_TRUE(IsProblem(nomination({{"criteria", {black[0]}}}), 400, "criteria"));
  EXPECT_TRUE(IsProblem(nomination({{"criteria", json::array()}}), 400, "criteria"));
  EXPECT_TRUE(IsProblem(nomination({{"period", "2020-01"}}), 400, "period"));
  EXPECT_TRUE(IsProblem(nomination({{"evidence", "好人"}}), 400, "evidence"));
  EXPECT_TRUE(IsProblem(nomination({{"side", "gold"}}), 400, "side"));
  EXPECT_TRUE(IsProblem(nomination({{"person_id", "12"}}), 400, "person_id"));
  EXPECT_TRUE(IsProblem(nomination({{"nominee", "x"}}), 400, "nominee"));
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/rolls/entries", json::object()), 403));

  // A red entry: reviewed by both committees (not by a grid worker), then in its five-day notice.
  json e = NominateSomeone("red", red);
  ASSERT_TRUE(e.contains("id"));
  EXPECT_EQ(e.value("status", ""), "nominated");
  const std::string path = "/api/v1/rolls/entries/" + std::to_string(e.value("id", 0));
  EXPECT_TRUE(IsProblem(
      Env().As(
          "gridworker", "POST", path + "/review",
          json{{"committee", "party"}, {"approve", true}, {"met_on", Today()}, {"version", e["version"]}}),
      403));
  EXPECT_TRUE(IsProblem(
      Env().As(
          "secretary", "POST", path + "/review",
          json{{"committee", "party"}, {"approve", false}, {"met_on", Today()}, {"version", e["version"]}}),
      400, "opinion"));  // a rejection says why
  e = Approve(e);
  ASSERT_EQ(e.value("status", ""), "notice");
  EXPECT_FALSE(e.value("ready", true));

  // The black-list entry published without its notice period, and the red one too: refused, nothing written.
  json b = Approve(NominateSomeone("black", black, 3));
  ASSERT_EQ(b.value("status", ""), "notice");
  const size_t before = Publications(village);
  for (const json& x : {b, e}) {
    Response early =
        Env().As("secretary", "POST", "/api/v1/rolls/publications",
                 json{{"community", village}, {"period", ThisMonth()}, {"entry_ids", {x["id"]}}});
    EXPECT_TRUE(IsProblem(early, 409, "entry_ids")) << early.body;
    EXPECT_NE(early.body.find("公示期未满"), std::string::npos) << early.body;
  }
  EXPECT_EQ(Publications(village), before);
  Response still = Env().As("secretary", "GET", "/api/v1/rolls/entries/" + std::to_string(b.value("id", 0)));
  ASSERT_TRUE(IsStatus(still, 200)) << still.body;
  EXPECT_EQ(still.Json().value("status", ""), "notice");
  EXPECT_TRUE(still.Json()["listed_at"].is_null());

  // A resident of the community objects during the notice; the public board shows the notice, name masked.
  Response objected =
      Env().As("resident", "POST", path + "/objections", json{{"reason", "该户并未照顾老人，情况不实"}});
  ASSERT_TRUE(IsStatus(objected, 201)) << objected.body;
  EXPECT_NE(objected.Json().value("name", ""), e.value("name", ""));  // masked for the resident
  Response board = Env().server().Call("GET", "/api/v1/public/rolls?community=" + village, "");
  ASSERT_TRUE(IsStatus(board, 200)) << board.body;
  bool noticed = false;
  for (const json& n : board.Json()["notices"])
    if (n.value("id", 0) == e.value("id", 0)) {
      noticed = true;
      EXPECT_NE(n.value("name", ""), e.value("name", ""));
      EXPECT_FALSE(n.contains("evidence"));
    }
  EXPECT_TRUE(noticed);

  // The month's publication: the demo's entry whose notice is over, not these; its points posted; once.
  Response pub = Env().As("secretary", "POST", "/api/v1/rolls/publications",
                          json{{"community", village}, {"period", ThisMonth()}});
  ASSERT_TRUE(IsStatus(pub, 201)) << pub.body;
  ASSERT_FALSE(pub.Json()["entries"].empty());
  for (const json& x : pub.Json()["entries"]) {
    EXPECT_NE(x.value("id", 0), e.value("id", 0));
    EXPECT_NE(x.value("id", 0), b.value("id", 0));
    EXPECT_EQ(x.value("status", ""), "listed");
    if (x.value("side", "") == "red") {
      EXPECT_EQ(x.value("points", 0), 10) << x;
    }
  }
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/rolls/publications",
                                 json{{"community", village}, {"period", ThisMonth()}}),
                        409, "period"));

  // The objection upheld withdraws the entry; deciding it again is a conflict.
  Response read = Env().As("secretary", "GET", path);
  ASSERT_TRUE(IsStatus(read, 200)) << read.body;
  ASSERT_EQ(read.Json()["objections"].size(), 1u);
  const std::string decide =
      "/api/v1/rolls/objections/" + std::to_string(read.Json()["objections"][0].value("id", 0)) + "/decide";
  Response upheld = Env().As("secretary", "POST", decide, json{{"uphold", true}, {"note", "经核实情况不实"}});
  ASSERT_TRUE(IsStatus(upheld, 200)) << upheld.body;
  EXPECT_EQ(upheld.Json().value("status", ""), "withdrawn");
  EXPECT_TRUE(
      IsProblem(Env().As("secretary", "POST", decide, json{{"uphold", false}, {"note", "再议"}}), 409));
  // The resident reads what became of their objection.
  Response mine = Env().As("resident", "GET", "/api/v1/rolls/objections/mine");
  ASSERT_TRUE(IsStatus(mine, 200)) << mine.body;
  bool seen = false;
  for (const json& o : mine.Json()["items"])
    if (o.value("entry_id", 0) == e.value("id", 0)) {
      seen = true;
      EXPECT_EQ(o.value("status", ""), "upheld");
      EXPECT_EQ(o.value("note", ""), "经核实情况不实");
      EXPECT_EQ(o["entry"].value("status", ""), "withdrawn");
      EXPECT_FALSE(o["entry"].contains("evidence"));
    }
  EXPECT_TRUE(seen) << mine.body;
  Response none = Env().As("gridworker", "GET", "/api/v1/rolls/objections/mine");
  ASSERT_TRUE(IsStatus(none, 200)) << none.body;
  for (const json& o : none.Json()["items"]) EXPECT_NE(o.value("entry_id", 0), e.value("id", 0));
}

TEST(Rolls, StarsTheResidentsRecordThePublicBoardAndWhoMayNot) {
  const std::string village = Env().place("secretary");
  Response stars = Env().As("secretary", "GET", "/api/v1/rolls/stars?community=" + village);
  ASSERT_TRUE(IsStatus(stars, 200)) << stars.body;
  EXPECT_EQ(stars.Json().value("threshold", 0), 5);
  EXPECT_EQ(stars.Json().value("of", 0), 9);
  int star_households = 0;
  for (const json& s : stars.Json()["items"]) {
    EXPECT_EQ(s.value("stars", 0), static_cast<int>(s["items"].size()));
    if (s.value("star_household", false)) {
      ++star_households;
      EXPECT_GE(s.value("stars", 0), 5);
      EXPECT_EQ(s.value("awarded_points", 0), 20) << s;
    }
  }
  EXPECT_GE(star_households, 1);

  // The demo resident was on the red list two months ago: their own record, name in clear.
  Response mine = Env().As("resident", "GET", "/api/v1/rolls/mine");
  ASSERT_TRUE(IsStatus(mine, 200)) << mine.body;
  bool listed = false;
  for (const json& x : mine.Json()["items"])
    listed |= x.value("status", "") == "listed" && x.value("side", "") == "red";
  EXPECT_TRUE(listed) << mine.body;
  Response criteria = Env().As("resident", "GET", "/api/v1/rolls/criteria");
  ASSERT_TRUE(IsStatus(criteria, 200)) << criteria.body;
  EXPECT_EQ(criteria.Json().value("community", ""), village);

  // The public board: the latest publication, names masked, no evidence.
  Response board = Env().server().Call("GET", "/api/v1/public/rolls?community=" + village, "");
  ASSERT_TRUE(IsStatus(board, 200)) << board.body;
  ASSERT_TRUE(board.Json()["publication"].is_object()) << board.body;
  for (const json& x : board.Json()["publication"]["entries"]) {
    EXPECT_NE(x.value("name", "").find('*'), std::string::npos) << x;
    EXPECT_FALSE(x.contains("evidence"));
    EXPECT_FALSE(x.contains("person_id"));
  }
  EXPECT_TRUE(
      IsProblem(Env().server().Call("GET", "/api/v1/public/rolls?community=5303", ""), 400, "community"));

  // Who may not: a resident reads no entries and publishes nothing; another community's secretary sees
  // nothing of this one; the county reads it.
  EXPECT_TRUE(IsProblem(Env().As("resident", "GET", "/api/v1/rolls/entries"), 403));
  EXPECT_TRUE(IsProblem(
      Env().As("resident", "POST", "/api/v1/rolls/publications", json{{"period", ThisMonth()}}), 403));
  EXPECT_TRUE(IsProblem(Env().As("resident", "GET", "/api/v1/rolls/criteria?community=530326999999"), 403));
  Response county = Env().As("county", "GET", "/api/v1/rolls/entries?status=listed&community=" + village);
  ASSERT_TRUE(IsStatus(county, 200)) << county.body;
  EXPECT_FALSE(county.Json()["items"].empty());
  EXPECT_TRUE(IsProblem(Env().As("secretary", "GET", "/api/v1/rolls/entries?community=530326999999"), 403));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "GET", "/api/v1/rolls/entries?period=2026-13"), 400, "period"));
}

}  // namespace
}  // namespace wangge::e2e
