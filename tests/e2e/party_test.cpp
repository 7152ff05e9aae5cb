// The 党组织 tree over HTTP: the county lists it, the grid coverage (网格党组织覆盖率) is computed and sane,
// another township's party org is 404 by id, grid workers may not write (403), a community secretary adds a
// 楼栋党小组 under one of their grids (201), and a kind at the wrong place level is 400.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

TEST(PartyOrgs, CountyListsTheTree) {
  std::vector<json> items = ListAll("county", "/api/v1/party-orgs");
  ASSERT_FALSE(items.empty());
  std::map<std::string, int> per_kind;
  for (const json& o : items) {
    per_kind[o.value("kind", "")] += 1;
    EXPECT_EQ(o.value("place_code", "").rfind(Env().place("county"), 0), 0u) << o.dump();
    EXPECT_FALSE(o.value("retired", true)) << o.dump();
    EXPECT_GE(o.value("version", int64_t{0}), 1) << o.dump();
  }
  EXPECT_GE(per_kind["street_committee"], 1);
  EXPECT_GE(per_kind["village_org"], 1);
  EXPECT_GE(per_kind["grid_branch"], 1);
}

TEST(PartyOrgs, GridCoverageIsComputed) {
  Response r = Env().As("county", "GET", "/api/v1/party-orgs/coverage");
  ASSERT_TRUE(IsStatus(r, 200));
  const json j = r.Json();
  const int64_t grids = j.value("grids", int64_t{-1}), covered = j.value("grids_covered", int64_t{-1});
  EXPECT_GT(grids, 0);
  EXPECT_GT(covered, 0);
  EXPECT_LE(covered, grids);
  const double rate = j.value("grid_coverage", -1.0);
  EXPECT_NEAR(rate, static_cast<double>(covered) / static_cast<double>(grids), 1e-9);
  EXPECT_GT(rate, 0.5);
  EXPECT_LE(rate, 1.0);
  // A township's figures fit inside the county's; another township's scope is forbidden.
  const std::string township = Env().place("township");
  Response t = Env().As("township", "GET", "/api/v1/party-orgs/coverage?scope=" + township);
  ASSERT_TRUE(IsStatus(t, 200));
  EXPECT_GT(t.Json().value("grids", int64_t{-1}), 0);
  EXPECT_LE(t.Json().value("grids", int64_t{0}), grids);
  EXPECT_TRUE(IsProblem(Env().As("township2", "GET", "/api/v1/party-orgs/coverage?scope=" + township), 403));
}

TEST(PartyOrgs, AnotherTownshipsPartyOrgIs404) {
  const std::string township = Env().place("township");
  Response list = Env().As("township", "GET", "/api/v1/party-orgs?limit=1&scope=" + township);
  ASSERT_TRUE(IsStatus(list, 200));
  ASSERT_FALSE(list.Json()["items"].empty());
  const json org = list.Json()["items"][0];
  const std::string target = "/api/v1/party-orgs/" + std::to_string(org.value("id", int64_t{0}));
  ASSERT_TRUE(IsStatus(Env().As("township", "GET", target), 200));
  EXPECT_TRUE(IsProblem(Env().As("township2", "GET", target), 404));
  EXPECT_TRUE(IsProblem(Env().As("township2", "PATCH", target,
                                 {{"version", org.value("version", int64_t{1})}, {"name", "越权党支部"}}),
                        404));
  Response after = Env().As("township", "GET", target);
  ASSERT_TRUE(IsStatus(after, 200));
  EXPECT_EQ(after.Json().value("name", ""), org.value("name", ""));
}

TEST(PartyOrgs, GridWorkerMayNotWrite) {
  json body = {{"place_code", Env().place("gridworker")}, {"name", "越权党支部"}, {"kind", "grid_branch"}};
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/party-orgs", body), 403));
  // Reading is allowed.
  EXPECT_TRUE(IsStatus(Env().As("gridworker", "GET", "/api/v1/party-orgs?limit=5"), 200));
}

TEST(PartyOrgs, SecretaryAddsABuildingGroupUnderTheirGrid) {
  const std::string village = Env().place("secretary");
  std::vector<json> items = ListAll("secretary", "/api/v1/party-orgs?scope=" + village);
  json branch, village_org;
  for (const json& o : items) {
    if (o.value("kind", "") == "grid_branch" && branch.is_null()) branch = o;
    if (o.value("kind", "") == "village_org") village_org = o;
  }
  ASSERT_TRUE(village_org.is_object()) << "no village org in " << village;
  if (branch.is_null()) {  // the community's grids all lack a branch: add one first
    Response grids = Env().As("secretary", "GET", "/api/v1/places/" + village + "/children?limit=1");
    ASSERT_TRUE(IsStatus(grids, 200));
    ASSERT_FALSE(grids.Json()["items"].empty());
    Response c = Env().As("secretary", "POST", "/api/v1/party-orgs",
                          {{"place_code", grids.Json()["items"][0].value("code", "")},
                           {"name", "测试网格党支部"},
                           {"kind", "grid_branch"},
                           {"parent_id", village_org["id"]}});
    ASSERT_TRUE(IsStatus(c, 201));
    branch = c.Json();
  }
  const std::string grid = branch.value("place_code", "");
  ASSERT_EQ(grid.size(), 15u);
  Response r = Env().As("secretary", "POST", "/api/v1/party-orgs",
                        {{"place_code", grid},
                         {"name", "测试楼栋党小组"},
                         {"kind", "building_group"},
                         {"parent_id", branch["id"]},
                         {"secretary_name", "王组长"},
                         {"members", 5}});
  ASSERT_TRUE(IsStatus(r, 201));
  const json g = r.Json();
  EXPECT_EQ(g.value("kind", ""), "building_group");
  EXPECT_EQ(g.value("place_code", ""), grid);
  EXPECT_EQ(g["parent_id"], branch["id"]);
  EXPECT_EQ(g.value("members", 0), 5);
  EXPECT_EQ(g.value("version", int64_t{0}), 1);
  const std::string target = "/api/v1/party-orgs/" + std::to_string(g.value("id", int64_t{0}));
  // Update with the version, then a stale version is a conflict.
  Response u = Env().As("secretary", "PATCH", target, {{"version", 1}, {"members", 7}});
  ASSERT_TRUE(IsStatus(u, 200));
  EXPECT_EQ(u.Json().value("members", 0), 7);
  EXPECT_EQ(u.Json().value("version", int64_t{0}), 2);
  EXPECT_TRUE(IsProblem(Env().As("secretary", "PATCH", target, {{"version", 1}, {"members", 8}}), 409));
  // A parent of a lower kind is refused.
  EXPECT_TRUE(IsProblem(
      Env().As(
          "secretary", "POST", "/api/v1/party-orgs",
          {{"place_code", grid}, {"name", "错层党支部"}, {"kind", "grid_branch"}, {"parent_id", g["id"]}}),
      400, "parent_id"));
}

TEST(PartyOrgs, KindAtTheWrongLevelIs400) {
  const std::string village = Env().place("secretary");
  EXPECT_TRUE(
      IsProblem(Env().As("secretary", "POST", "/api/v1/party-orgs",
                         {{"place_code", village}, {"name", "错层网格党支部"}, {"kind", "grid_branch"}}),
                400, "place_code"));
  EXPECT_TRUE(
      IsProblem(Env().As("secretary", "POST", "/api/v1/party-orgs",
                         {{"place_code", village}, {"name", "未知党组织"}, {"kind", "party_committee"}}),
                400, "kind"));
}

}  // namespace
}  // namespace wangge::e2e
