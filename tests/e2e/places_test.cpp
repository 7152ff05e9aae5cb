// Places: creating grids (boundary validation, grid-check), jurisdiction on the tree, counts, keyset pages.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

struct BBox {
  double min_x = 1e9, min_y = 1e9, max_x = -1e9, max_y = -1e9;
  bool valid() const { return min_x <= max_x && min_y <= max_y; }
};

void Walk(const json& j, BBox* b) {
  if (!j.is_array()) return;
  if (j.size() >= 2 && j[0].is_number() && j[1].is_number()) {
    double x = j[0].get<double>(), y = j[1].get<double>();
    b->min_x = std::min(b->min_x, x);
    b->max_x = std::max(b->max_x, x);
    b->min_y = std::min(b->min_y, y);
    b->max_y = std::max(b->max_y, y);
    return;
  }
  for (const json& e : j) Walk(e, b);
}

BBox BoundsOf(const json& geojson) {
  BBox b;
  if (geojson.is_object() && geojson.contains("coordinates")) Walk(geojson["coordinates"], &b);
  return b;
}

json Rect(double x0, double y0, double x1, double y1) {
  return json{{"type", "Polygon"},
              {"coordinates",
               json::array({json::array({json::array({x0, y0}), json::array({x1, y0}), json::array({x1, y1}),
                                         json::array({x0, y1}), json::array({x0, y0})})})}};
}

// The next unused comprehensive grid code of a community (retired grids count as used).
std::string NextGridCode(const std::string& community) {
  int max_seq = 0;
  for (const json& g : ListAll("county", "/api/v1/places/" + community + "/children?include_retired=true")) {
    std::string code = g.value("code", "");
    if (code.size() != 15) continue;
    int seq = std::stoi(code.substr(12));
    if (seq < 900) max_seq = std::max(max_seq, seq);
  }
  std::string seq = std::to_string(max_seq + 1);
  return community + std::string(3 - std::min<size_t>(3, seq.size()), '0') + seq;
}

TEST(Places, SelfIntersectingGridBoundaryIs400) {
  const std::string community = Env().place("secretary");
  const std::string code = NextGridCode(community);
  const int64_t grids_before = PlaceCount("secretary", community, "grids");
  const json bowtie{
      {"type", "Polygon"},
      {"coordinates", json::array({json::array({json::array({103.0, 26.0}), json::array({103.01, 26.01}),
                                                json::array({103.01, 26.0}), json::array({103.0, 26.01}),
                                                json::array({103.0, 26.0})})})}};
  struct Case {
    std::string name;
    json boundary;
  };
  const std::vector<Case> cases = {
      {"bow-tie", bowtie},
      {"unclosed ring",
       json{{"type", "Polygon"},
            {"coordinates", json::array({json::array({json::array({103.0, 26.0}), json::array({103.01, 26.0}),
                                                      json::array({103.01, 26.01})})})}}},
      {"not a polygon", json{{"type", "Point"}, {"coordinates", json::array({103.0, 26.0})}}},
      {"coordinates not numbers", json{{"type", "Polygon"}, {"coordinates", "abc"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Response r = Env().As("secretary", "POST", "/api/v1/places",
                          json{{"code", code}, {"name", "测试网格"}, {"boundary", c.boundary}});
    EXPECT_TRUE(IsProblem(r, 400, "boundary"));
  }
  // A boundary that is not an object at all.
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/places",
                                 json{{"code", code}, {"name", "测试网格"}, {"boundary", "POLYGON"}}),
                        400, "boundary"));
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/places/" + code), 404));
  EXPECT_EQ(PlaceCount("secretary", community, "grids"), grids_before);
}

TEST(Places, NewOverlappingGridIsCreatedAndReportedByGridCheck) {
  const std::string community = Env().place("secretary");
  Response c = Env().As("secretary", "GET", "/api/v1/places/" + community);
  ASSERT_TRUE(IsStatus(c, 200));
  BBox b = BoundsOf(c.Json()["boundary"]);
  if (!b.valid()) {  // no community boundary: use the union of its grids' boundaries
    for (const json& g :
         ListAll("secretary", "/api/v1/places/" + community + "/children?with_boundary=true")) {
      BBox gb = BoundsOf(g["boundary"]);
      if (!gb.valid()) continue;
      b.min_x = std::min(b.min_x, gb.min_x), b.min_y = std::min(b.min_y, gb.min_y);
      b.max_x = std::max(b.max_x, gb.max_x), b.max_y = std::max(b.max_y, gb.max_y);
    }
  }
  ASSERT_TRUE(b.valid()) << c.body.substr(0, 500);
  // A rectangle over the whole community and a little beyond: it overlaps the existing grids and sticks out.
  const double dx = (b.max_x - b.min_x) * 0.1, dy = (b.max_y - b.min_y) * 0.1;
  const json rect = Rect(b.min_x - dx, b.min_y - dy, b.max_x + dx, b.max_y + dy);
  const std::string code = NextGridCode(community);
  const int64_t grids_before = PlaceCount("secretary", community, "grids");
  Response created = Env().As("secretary", "POST", "/api/v1/places",
                              json{{"code", code}, {"name", "测试新网格"}, {"boundary", rect}});
  ASSERT_TRUE(IsStatus(created, 201));
  json g = created.Json();
  EXPECT_EQ(g.value("code", ""), code);
  EXPECT_EQ(g.value("level", ""), "grid");
  EXPECT_EQ(g.value("kind", ""), "comprehensive");
  EXPECT_EQ(g.value("parent_code", ""), community);
  EXPECT_EQ(g.value("name", ""), "测试新网格");
  EXPECT_TRUE(g["boundary"].is_object());
  EXPECT_EQ(PlaceCount("secretary", community, "grids"), grids_before + 1);
  // The same code again is a conflict.
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/places",
                                 json{{"code", code}, {"name", "重复"}, {"boundary", rect}}),
                        409));

  Response check = Env().As("secretary", "GET", "/api/v1/places/" + community + "/grid-check");
  ASSERT_TRUE(IsStatus(check, 200));
  json rep = check.Json();
  EXPECT_FALSE(rep.value("ok", true));
  std::set<std::string> kinds_naming_it;
  for (const json& p : rep["problems"]) {
    bool names = false;
    for (const json& gc : p["grids"]) names = names || gc == code;
    if (names) kinds_naming_it.insert(p.value("kind", ""));
    if (names && (p.value("kind", "") == "overlap" || p.value("kind", "") == "outside_community")) {
      EXPECT_GT(p.value("area_m2", 0.0), 0.0) << p.dump();
      EXPECT_NE(p.value("message_en", "").find(code), std::string::npos) << p.dump();
      EXPECT_NE(p.value("message_zh", "").find(code), std::string::npos) << p.dump();
    }
  }
  EXPECT_TRUE(kinds_naming_it.count("overlap") || kinds_naming_it.count("outside_community"))
      << rep.dump().substr(0, 3000);
  if (c.Json()["boundary"].is_object()) {
    EXPECT_TRUE(kinds_naming_it.count("outside_community")) << rep.dump().substr(0, 3000);
  }

  // The grid worker of another grid can neither check nor see it; cleanup: retire the (empty) grid.
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "GET", "/api/v1/places/" + code), 404));
  Response retire = Env().As("secretary", "PATCH", "/api/v1/places/" + code,
                             json{{"version", g.value("version", int64_t{0})}, {"retired", true}});
  ASSERT_TRUE(IsStatus(retire, 200));
  EXPECT_TRUE(retire.Json().value("retired", false));
  EXPECT_EQ(PlaceCount("secretary", community, "grids"), grids_before);
}

TEST(Places, EditingAGridBoundaryIntoItsNeighbourIs409AndChangesNothing) {
  const std::string community = Env().place("secretary");
  std::vector<json> grids;
  for (const json& g : ListAll("secretary", "/api/v1/places/" + community + "/children?with_boundary=true"))
    if (BoundsOf(g["boundary"]).valid()) grids.push_back(g);
  ASSERT_GE(grids.size(), 2u);
  const std::string code = grids[0].value("code", "");
  Response before = Env().As("secretary", "GET", "/api/v1/places/" + code);
  ASSERT_TRUE(IsStatus(before, 200));
  const int64_t version = before.Json().value("version", int64_t{0});
  // Grid 0 stretched over the bounding box of grid 0 and grid 1: it now covers (part of) grid 1.
  BBox a = BoundsOf(grids[0]["boundary"]), b = BoundsOf(grids[1]["boundary"]);
  const json stretched = Rect(std::min(a.min_x, b.min_x), std::min(a.min_y, b.min_y),
                              std::max(a.max_x, b.max_x), std::max(a.max_y, b.max_y));
  Response r = Env().As("secretary", "PATCH", "/api/v1/places/" + code,
                        json{{"version", version}, {"boundary", stretched}});
  ASSERT_TRUE(IsProblem(r, 409)) << r.body;
  EXPECT_EQ(r.Json().value("field", ""), "boundary");
  EXPECT_NE(r.Json().value("detail_zh", "").find("重叠"), std::string::npos) << r.body;
  Response after = Env().As("secretary", "GET", "/api/v1/places/" + code);
  EXPECT_EQ(after.Json()["boundary"], before.Json()["boundary"]);
  EXPECT_EQ(after.Json().value("version", int64_t{0}), version);
  // Saving its own boundary again (a rename) is still fine.
  Response same = Env().As(
      "secretary", "PATCH", "/api/v1/places/" + code,
      json{{"version", version}, {"boundary", before.Json()["boundary"]}, {"name", before.Json()["name"]}});
  EXPECT_TRUE(IsStatus(same, 200)) << same.body;
}

TEST(Places, CreatingOrWritingOutsideTheJurisdictionIs403) {
  const std::string other_village = Env().place("township2") + "998";
  ASSERT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/places/" + other_village), 404));
  LoginAll();
  const int64_t audit_before = NewestAuditSeq();
  struct Case {
    std::string user;
    json body;
    int status;
  };
  const std::vector<Case> cases = {
      {"township", {{"code", other_village}, {"name", "越权村"}, {"kind", "village"}}, 403},
      {"secretary", {{"code", Env().place("gridworker2").substr(0, 12) + "898"}, {"name", "越权网格"}}, 403},
      {"gridworker",
       {{"code", Env().place("gridworker") + "998"}, {"name", "十联户"}},
       403},  // no place write at all
      {"township", {{"code", "530325001"}, {"name", "越权乡"}, {"kind", "town"}}, 403},
      {"county", {{"code", "53"}, {"name", "省"}}, 403},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.user + " " + c.body.dump());
    EXPECT_TRUE(IsProblem(Env().As(c.user, "POST", "/api/v1/places", c.body), c.status));
  }
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/places/" + other_village), 404));
  // Editing or moving a place of the other township.
  Response t2 = Env().As("township2", "GET", "/api/v1/places/" + Env().place("township2"));
  ASSERT_TRUE(IsStatus(t2, 200));
  EXPECT_TRUE(IsProblem(Env().As("township", "PATCH", "/api/v1/places/" + Env().place("gridworker2"),
                                 json{{"version", 1}, {"name", "越权"}}),
                        404));
  EXPECT_TRUE(IsProblem(Env().As("township", "POST", "/api/v1/places/" + Env().place("secretary") + "/move",
                                 json{{"new_code", Env().place("township2") + "997"}}),
                        403));
  EXPECT_EQ(NewestAuditSeq(), audit_before);
  EXPECT_TRUE(IsStatus(Env().As("county", "GET", "/api/v1/places/" + Env().place("secretary")), 200));
}

TEST(Places, PlacesOutsideTheScopeAre404) {
  const std::string a = Env().place("township");
  for (const std::string& target :
       {"/api/v1/places/" + a, "/api/v1/places/" + Env().place("secretary"),
        "/api/v1/places/" + Env().place("gridworker"), "/api/v1/places/" + a + "/children",
        "/api/v1/places/" + Env().place("secretary") + "/grid-check"}) {
    SCOPED_TRACE(target);
    EXPECT_TRUE(IsStatus(Env().As("township", "GET", target), 200));
    EXPECT_TRUE(IsProblem(Env().As("township2", "GET", target), 404));
  }
  // A code that does not exist inside the scope is 404 as well, and so is one above the scope.
  EXPECT_TRUE(IsProblem(Env().As("township", "GET", "/api/v1/places/" + a + "997"), 404));
  EXPECT_TRUE(IsProblem(Env().As("township", "GET", "/api/v1/places/530326"), 404));
}

// Another grid of the grid worker's community ("" when it has only one).
std::string SiblingGrid(const std::string& grid, const std::string& community) {
  for (const json& g : ListAll("secretary", "/api/v1/places/" + community + "/children"))
    if (g.value("code", "") != grid) return g.value("code", "");
  return "";
}

TEST(Places, GridWorkerSeesOnlyTheirGrid) {
  const std::string grid = Env().place("gridworker");
  const std::string community = Env().place("secretary");
  const std::string sibling = SiblingGrid(grid, community);
  ASSERT_FALSE(sibling.empty()) << "the secretary's community has a single grid";
  EXPECT_TRUE(IsStatus(Env().As("gridworker", "GET", "/api/v1/places/" + grid), 200));
  EXPECT_TRUE(IsStatus(Env().As("gridworker", "GET", "/api/v1/places/" + grid + "/children"), 200));
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "GET", "/api/v1/places/" + sibling), 404));
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "GET", "/api/v1/places/" + community), 404));
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "GET", "/api/v1/places/" + community + "/children"), 404));
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "GET", "/api/v1/places/" + Env().place("township")), 404));
  Response roots = Env().As("gridworker", "GET", "/api/v1/places");
  ASSERT_TRUE(IsStatus(roots, 200));
  ASSERT_EQ(roots.Json()["items"].size(), 1u);
  EXPECT_EQ(roots.Json()["items"][0].value("code", ""), grid);
  // Their people and households all lie in the grid.
  for (const char* kind : {"people", "households"})
    for (const json& item : ListAll("gridworker", std::string("/api/v1/") + kind))
      EXPECT_EQ(item.value("place_code", "").rfind(grid, 0), 0u) << item.dump();
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "GET", "/api/v1/people?scope=" + sibling), 403));
}

TEST(Places, ChildrenCountsSumToTheParent) {
  for (const std::string& code : {std::string("530326"), Env().place("township"), Env().place("secretary")}) {
    SCOPED_TRACE(code);
    Response parent = Env().As("county", "GET", "/api/v1/places/" + code);
    ASSERT_TRUE(IsStatus(parent, 200));
    const json pc = parent.Json()["counts"];
    std::vector<json> kids = ListAll("county", "/api/v1/places/" + code + "/children");
    ASSERT_FALSE(kids.empty());
    int64_t people = 0, households = 0, grids = 0;
    std::map<std::string, int64_t> tags;
    for (const json& k : kids) {
      EXPECT_EQ(k.value("parent_code", ""), code);
      people += k["counts"].value("people", int64_t{0});
      households += k["counts"].value("households", int64_t{0});
      grids += k["counts"].value("grids", int64_t{0});  // a grid counts itself
      for (auto it = k["counts"]["tags"].begin(); it != k["counts"]["tags"].end(); ++it)
        tags[it.key()] += it.value().get<int64_t>();
    }
    EXPECT_GT(pc.value("people", int64_t{0}), 0);
    EXPECT_EQ(pc.value("people", int64_t{-1}), people);
    EXPECT_EQ(pc.value("households", int64_t{-1}), households);
    EXPECT_EQ(pc.value("grids", int64_t{-1}), grids);
    for (const auto& [tag, n] : tags) EXPECT_EQ(pc["tags"].value(tag, int64_t{-1}), n) << tag;
  }
}

// Counts are maintained incrementally: they must follow a person's creation, move, tag change and retirement.
TEST(Places, CountsFollowEditsOfAPerson) {
  const std::string grid = Env().place("gridworker");
  const std::string community = Env().place("secretary");
  const std::string sibling = SiblingGrid(grid, community);
  ASSERT_FALSE(sibling.empty());
  auto counts = [&](const std::string& code) {
    Response r = Env().As("county", "GET", "/api/v1/places/" + code);
    EXPECT_TRUE(IsStatus(r, 200));
    return r.Json()["counts"];
  };
  auto tag = [](const json& c, const std::string& t) { return c["tags"].value(t, int64_t{0}); };
  const json g0 = counts(grid), s0 = counts(sibling), c0 = counts(community), k0 = counts("530326");

  json body{{"place_code", grid},
            {"name", "测试计数"},
            {"citizen_id", FreshCitizenId(1938)},
            {"tags", json::array({json{{"tag", "dibao"}}})}};
  Response created = Env().As("secretary", "POST", "/api/v1/people", body);
  ASSERT_TRUE(IsStatus(created, 201));
  const std::string target = "/api/v1/people/" + std::to_string(created.Json().value("id", int64_t{0}));
  int64_t v = created.Json().value("version", int64_t{0});
  EXPECT_EQ(counts(grid).value("people", int64_t{-1}), g0.value("people", int64_t{0}) + 1);
  EXPECT_EQ(tag(counts(grid), "dibao"), tag(g0, "dibao") + 1);
  EXPECT_EQ(counts("530326").value("people", int64_t{-1}), k0.value("people", int64_t{0}) + 1);

  // Move to the sibling grid and swap the tag.
  Response moved = Env().As("secretary", "PATCH", target,
                            json{{"version", v},
                                 {"place_code", sibling},
                                 {"tags", json::array({json{{"tag", "left_behind_elder"}}})}});
  ASSERT_TRUE(IsStatus(moved, 200));
  v = moved.Json().value("version", int64_t{0});
  json g1 = counts(grid), s1 = counts(sibling), c1 = counts(community);
  EXPECT_EQ(g1.value("people", int64_t{-1}), g0.value("people", int64_t{0}));
  EXPECT_EQ(s1.value("people", int64_t{-1}), s0.value("people", int64_t{0}) + 1);
  EXPECT_EQ(c1.value("people", int64_t{-1}), c0.value("people", int64_t{0}) + 1);
  EXPECT_EQ(tag(g1, "dibao"), tag(g0, "dibao"));
  EXPECT_EQ(tag(s1, "left_behind_elder"), tag(s0, "left_behind_elder") + 1);
  EXPECT_EQ(tag(c1, "dibao"), tag(c0, "dibao"));

  // Retire: back to the starting counts everywhere.
  Response retired = Env().As("secretary", "PATCH", target, json{{"version", v}, {"retired", true}});
  ASSERT_TRUE(IsStatus(retired, 200));
  EXPECT_TRUE(retired.Json().value("retired", false));
  EXPECT_EQ(counts(grid), g0);
  EXPECT_EQ(counts(sibling), s0);
  EXPECT_EQ(counts(community), c0);
  EXPECT_EQ(counts("530326"), k0);
}

TEST(Places, KeysetPaginationVisitsEveryChildOnce) {
  const std::string township = Env().place("township");
  std::vector<json> all = ListAll("county", "/api/v1/places/" + township + "/children");
  ASSERT_GE(all.size(), 2u);
  std::multiset<std::string> seen;
  std::string after;
  int pages = 0;
  while (pages < 10000) {
    std::string t = "/api/v1/places/" + township + "/children?limit=1" +
                    (after.empty() ? "" : "&after=" + UrlEncode(after));
    Response r = Env().As("county", "GET", t);
    ASSERT_TRUE(IsStatus(r, 200));
    json j = r.Json();
    ASSERT_LE(j["items"].size(), 1u);
    for (const json& it : j["items"]) seen.insert(it.value("code", ""));
    ++pages;
    if (j["next"].is_null()) break;
    ASSERT_TRUE(j["next"].is_string());
    ASSERT_NE(j["next"].get<std::string>(), after) << "cursor did not advance";
    after = j["next"].get<std::string>();
  }
  std::multiset<std::string> expected;
  for (const json& k : all) expected.insert(k.value("code", ""));
  EXPECT_EQ(seen, expected);
  for (const auto& code : seen) EXPECT_EQ(seen.count(code), 1u) << code;
  EXPECT_LE(pages, static_cast<int>(all.size()) + 1);
}

TEST(Places, BadPaginationParametersAre400) {
  const std::string base = "/api/v1/places/" + Env().place("township") + "/children";
  struct Case {
    std::string query;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"after=zz.1", "after"},
      {"after=abc", "after"},
      {"after=.", "after"},
      {"after=61.-1", "after"},
      {"limit=0", "limit"},
      {"limit=5000", "limit"},
      {"limit=-1", "limit"},
      {"limit=abc", "limit"},
      {"limit=1.5", "limit"},
      {"include_retired=maybe", "include_retired"},
      {"with_boundary=2", "with_boundary"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_TRUE(IsProblem(Env().As("county", "GET", base + "?" + c.query), 400, c.field));
  }
  for (const char* list : {"/api/v1/people", "/api/v1/households", "/api/v1/audit", "/api/v1/users"}) {
    SCOPED_TRACE(list);
    EXPECT_TRUE(IsProblem(Env().As("county", "GET", std::string(list) + "?limit=0"), 400, "limit"));
    EXPECT_TRUE(IsProblem(Env().As("county", "GET", std::string(list) + "?after=%21%21"), 400, "after"));
  }
  EXPECT_TRUE(IsStatus(Env().As("county", "GET", base + "?limit=1000"), 200));
  EXPECT_TRUE(IsStatus(Env().As("county", "GET", base + "?limit=1"), 200));
}

}  // namespace
}  // namespace wangge::e2e
