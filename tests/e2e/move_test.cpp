// Moving a village into another township carries everything with it (the registry of place-code columns,
// storage/registry.hpp, drives it): its orders (place, owning command centre, assignee place), their roll-up
// figures (out of the old township's, into the new one's), its people, webhooks scoped to it; and `wangge
// check` then passes, every place code naming a place and every roll-up equal to a recomputation. Before the
// registry the orders and roll-ups stayed under a code that no longer existed and `wangge check` still said
// "passed".
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

int64_t Received(const json& indicators) { return indicators["counts"].value("received", int64_t{-1}); }

json Indicators(const std::string& place) {
  Response r = Env().As("admin", "GET", "/api/v1/indicators?place=" + place + "&from=2017-01-01");
  EXPECT_TRUE(IsStatus(r, 200));
  return r.Json();
}

TEST(Move, AVillageMovesWithItsOrdersFiguresPeopleAndWebhooks) {
  // A village of the other township (not the `township` account's), with orders.
  const std::string from_township = Env().place("gridworker2").substr(0, 9);
  const std::string to_township = Env().place("township");
  ASSERT_NE(from_township, to_township);
  std::string village;
  int64_t village_orders = 0;
  for (const json& v : ListAll("admin", "/api/v1/places/" + from_township + "/children")) {
    const int64_t n = Received(Indicators(v.value("code", "")));
    if (n > 0) {
      village = v.value("code", "");
      village_orders = n;
      break;
    }
  }
  ASSERT_FALSE(village.empty()) << "no village with orders in " << from_township;
  std::string target;
  for (int seq = 199; seq < 999 && target.empty(); ++seq) {
    const std::string code = to_township + std::to_string(seq);
    if (Env().As("admin", "GET", "/api/v1/places/" + code).status == 404) target = code;
  }
  ASSERT_FALSE(target.empty());
  const int64_t from_before = Received(Indicators(from_township)),
                to_before = Received(Indicators(to_township));
  const int64_t people = PlaceCount("admin", village);
  Response hook = Env().As("admin", "POST", "/api/v1/webhooks",
                           {{"url", "http://127.0.0.1:9/move"}, {"events", "*"}, {"scope", village}});
  ASSERT_TRUE(IsStatus(hook, 201));

  Response moved = Env().As("admin", "POST", "/api/v1/places/" + village + "/move", {{"new_code", target}});
  ASSERT_TRUE(IsStatus(moved, 200)) << moved.Brief();

  // The figures followed: the new village has them, the old township lost them and the new one gained them.
  EXPECT_EQ(Received(Indicators(target)), village_orders);
  EXPECT_EQ(Received(Indicators(from_township)), from_before - village_orders);
  EXPECT_EQ(Received(Indicators(to_township)), to_before + village_orders);
  EXPECT_EQ(Env().As("admin", "GET", "/api/v1/places/" + village).status, 404);
  EXPECT_EQ(PlaceCount("admin", target), people);
  // The orders followed: located in the new village, owned by the new township's centre (unless escalated).
  const std::vector<json> orders = ListAll("admin", "/api/v1/orders?scope=" + target);
  EXPECT_EQ(static_cast<int64_t>(orders.size()), village_orders);
  for (const json& o : orders) {
    EXPECT_EQ(o.value("place_code", "").rfind(target, 0), 0u) << o.dump();
    const std::string cmd = o.value("command_place", "");
    EXPECT_TRUE(cmd == to_township || cmd.size() == 6) << "order " << o.value("id", 0) << " owned by " << cmd;
    const std::string assignee =
        o["assignee_place"].is_string() ? o["assignee_place"].get<std::string>() : "";
    EXPECT_NE(assignee.rfind(village, 0), 0u) << "assignee place left behind: " << assignee;
  }
  EXPECT_TRUE(ListAll("admin", "/api/v1/orders?scope=" + village).empty());
  // The new township's centre now sees them; the old one no longer does.
  if (!orders.empty()) {
    const std::string path = "/api/v1/orders/" + std::to_string(orders[0].value("id", int64_t{0}));
    EXPECT_EQ(Env().As("township", "GET", path).status, 200);
  }
  // The webhook scoped to the village follows it.
  bool hook_moved = false;
  const Response hooks = Env().As("admin", "GET", "/api/v1/webhooks");
  for (const json& h : hooks.Json()["items"])
    if (h.value("id", int64_t{0}) == hook.Json().value("id", int64_t{0}))
      hook_moved = h.value("scope", "") == target;
  EXPECT_TRUE(hook_moved) << "webhook " << hook.body << " after the move: " << hooks.body;
  // And the database checks out: place codes, counters, roll-ups (read-only, safe beside the running server).
  std::string out;
  const int rc = RunCapture({WanggeBin(), "check", "--data-dir", Env().data_dir()}, {}, &out,
                            (Env().work_dir() / "check.stderr").string());
  EXPECT_EQ(rc, 0) << out << ReadFile(Env().work_dir() / "check.stderr");
  EXPECT_NE(out.find("place codes"), std::string::npos) << out;
}

}  // namespace
}  // namespace wangge::e2e
