// 服务工单 (六单一体) and 微心愿 over HTTP against the server as deployed: the community sets its 服务清单; a
// resident orders from it; the community sends a provider who takes it (接单), or providers race for an open
// order in the 抢单大厅 (one wins, the other gets 409 and nothing changes); the provider finishes with the
// hours served; the resident rates it and the hours and points land in the provider's 时间银行 once; the
// public 晒单 board shows it masked. A wish goes submit → publish → 认领 → 实现 (photo) → 致谢. And the bad
// inputs: an item the community withdrew, hours not in half hours, a provider from another community.
#include <future>

#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

double Hours(const std::string& user) {
  Response me = Env().As(user, "GET", "/api/v1/ledger/me");
  const json body = me.Json();
  for (const json& a : body["items"])
    if (a.value("currency", "") == "hours") return a["balance"].get<double>();
  return -1;
}

int64_t UserId(const std::string& user) {
  Response me = Env().As(user, "GET", "/api/v1/me");
  return me.Json().value("user_id", int64_t{0});
}

json Order(const std::string& user, int64_t id) {
  Response r = Env().As(user, "GET", "/api/v1/orders/" + std::to_string(id));
  return r.Json();
}

std::string Act(int64_t id, const std::string& action) {
  return "/api/v1/orders/" + std::to_string(id) + "/" + action;
}

TEST(Services, MenuOrderDispatchServeRateAndDeposit) {
  const std::string village = Env().place("secretary");
  ASSERT_EQ(Env().place("partymember").substr(0, 12), village) << "the demo's party member lives there";
  ASSERT_EQ(Env().place("resident").substr(0, 12), village);

  // The menu: the shipped items with their defaults; the community sets its own promise for one.
  Response menu = Env().As("resident", "GET", "/api/v1/service-menu");
  ASSERT_TRUE(IsStatus(menu, 200));
  const json m = menu.Json();
  EXPECT_EQ(m.value("community", ""), village);
  ASSERT_GE(m["items"].size(), 8u) << menu.body;
  json item;
  for (const json& i : m["items"])
    if (i.value("category", "") == "1403") item = i;
  ASSERT_FALSE(item.is_null());
  Response set = Env().As("secretary", "PUT", "/api/v1/service-menu/" + village + "/1403",
                          json{{"provider", "any"},
                               {"promise_hours", 24},
                               {"active", true},
                               {"version", item.value("version", int64_t{0})}});
  ASSERT_TRUE(IsStatus(set, 200)) << set.body;
  // The same version again is stale.
  EXPECT_TRUE(IsProblem(
      Env().As(
          "secretary", "PUT", "/api/v1/service-menu/" + village + "/1403",
          json{{"provider", "any"}, {"promise_hours", 12}, {"version", item.value("version", int64_t{0})}}),
      409, "version"));
  // A resident may not keep the menu.
  EXPECT_TRUE(IsProblem(Env().As("resident", "PUT", "/api/v1/service-menu/" + village + "/1403",
                                 json{{"provider", "any"}, {"promise_hours", 12}, {"version", 1}}),
                        403));

  // 点单: the deadline is the community's promise (24 hours).
  Response placed =
      Env().As("resident", "POST", "/api/v1/service-orders",
               json{{"category", "1403"}, {"description", "厨房水龙头漏水，想请人帮忙换个垫片"}});
  ASSERT_TRUE(IsStatus(placed, 201)) << placed.body;
  const json o = placed.Json();
  const int64_t id = o.value("id", int64_t{0});
  EXPECT_EQ(o.value("kind", ""), "service");
  EXPECT_EQ(o.value("state", ""), "accepted");

  // 派单 to the party member; a resident of the county centre's scope is not a provider of the community.
  const int64_t pm = UserId("partymember");
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", Act(id, "dispatch"), json{{"target_user", 999999}}),
                        400, "target_user"));
  EXPECT_TRUE(
      IsProblem(Env().As("secretary", "POST", Act(id, "dispatch"), json::object()), 400, "target_user"));
  ASSERT_TRUE(IsStatus(Env().As("secretary", "POST", Act(id, "dispatch"), json{{"target_user", pm}}), 200));
  // Sent to the party member: another provider cannot take it, the party member can (接单).
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", Act(id, "claim"), json::object()), 403));
  Response claimed = Env().As("partymember", "POST", Act(id, "claim"), json::object());
  ASSERT_TRUE(IsStatus(claimed, 200)) << claimed.body;
  // The provider reaches the person served.
  const json seen = claimed.Json();
  EXPECT_EQ(seen.value("handler_name", "").empty(), false);

  // 完成服务: hours in half hours, required.
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", Act(id, "finish"), json{{"note", "已更换垫片"}}), 400,
                        "hours"));
  EXPECT_TRUE(IsProblem(
      Env().As("partymember", "POST", Act(id, "finish"), json{{"note", "已更换垫片"}, {"hours", 1.2}}), 400,
      "hours"));
  const double before = Hours("partymember");
  ASSERT_TRUE(IsStatus(Env().As("partymember", "POST", Act(id, "finish"),
                                json{{"note", "已更换垫片，试水不漏"}, {"hours", 1.5}}),
                       200));
  EXPECT_EQ(Hours("partymember"), before) << "hours are deposited when the resident rates, not before";

  // 评单 by the resident: closed, 1.5 hours in the time bank, once.
  Response rated = Env().As("resident", "POST", Act(id, "rate"), json{{"rating", 1}});
  ASSERT_TRUE(IsStatus(rated, 200)) << rated.body;
  EXPECT_EQ(rated.Json().value("state", ""), "closed");
  EXPECT_EQ(rated.Json().value("hours", 0.0), 1.5);
  EXPECT_EQ(Hours("partymember"), before + 1.5);
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", Act(id, "rate"), json{{"rating", 1}}), 409));
  EXPECT_EQ(Hours("partymember"), before + 1.5);

  // 晒单: on the public board, the provider's name masked, no requester.
  Response board = Env().server().Call("GET", "/api/v1/public/service-board?place=" + village);
  ASSERT_TRUE(IsStatus(board, 200));
  bool found = false;
  const json b = board.Json();
  for (const json& x : b["items"])
    if (x.value("id", int64_t{0}) == id) {
      found = true;
      EXPECT_EQ(x.value("reporter_name", "absent"), "absent");
      EXPECT_EQ(x.value("address", ""), "") << "a service is at someone's home";
      EXPECT_NE(x.value("handler_name", "").find('*'), std::string::npos) << x.dump();
    }
  EXPECT_TRUE(found) << board.body;

  // Nobody serves what they asked for; the one who ordered may cancel an order not yet taken.
  Response own = Env().As("resident", "POST", "/api/v1/service-orders",
                          json{{"category", "1402"}, {"description", "帮忙代买降压药"}});
  ASSERT_TRUE(IsStatus(own, 201)) << own.body;
  const int64_t own_id = own.Json().value("id", int64_t{0});
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", Act(own_id, "grab"), json::object()), 403));
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", Act(own_id, "dispatch"), json{{"target_user", UserId("resident")}}), 400,
      "target_user"));
  Response cancelled = Env().As("resident", "POST", Act(own_id, "refuse"), json{{"reason", "家人已买到"}});
  ASSERT_TRUE(IsStatus(cancelled, 200)) << cancelled.body;
  EXPECT_EQ(cancelled.Json().value("state", ""), "refused");

  // A withdrawn item cannot be ordered.
  Response withdraw =
      Env().As("secretary", "PUT", "/api/v1/service-menu/" + village + "/1406",
               json{{"provider", "party"}, {"promise_hours", 72}, {"active", false}, {"version", 0}});
  ASSERT_TRUE(IsStatus(withdraw, 200)) << withdraw.body;
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/service-orders",
                                 json{{"category", "1406"}, {"description", "想理个发"}}),
                        400, "category"));
}

TEST(Services, TwoProvidersGrabOneOrderOneWins) {
  Response placed = Env().As("gridworker", "POST", "/api/v1/service-orders",
                             json{{"category", "1401"},
                                  {"description", "独居老人周三要去县医院复查，需要有人陪同"},
                                  {"reporter_name", "李桂芬"},
                                  {"reporter_phone", "13987654321"}});
  ASSERT_TRUE(IsStatus(placed, 201)) << placed.body;
  const int64_t id = placed.Json().value("id", int64_t{0});
  // Ordered for someone: the name is required.
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/service-orders",
                                 json{{"category", "1401"}, {"description", "陪同就医"}}),
                        400, "reporter_name"));

  // It waits in the hall of the community's providers.
  Response hall = Env().As("partymember", "GET", "/api/v1/service-orders?mine=hall");
  ASSERT_TRUE(IsStatus(hall, 200)) << hall.body;
  bool listed = false;
  const json h = hall.Json();
  for (const json& x : h["items"]) listed = listed || x.value("id", int64_t{0}) == id;
  EXPECT_TRUE(listed);

  // Both grab at once: exactly one wins; the other gets 409.
  auto a = std::async(std::launch::async,
                      [&] { return Env().As("partymember", "POST", Act(id, "grab"), json::object()); });
  auto b = std::async(std::launch::async,
                      [&] { return Env().As("resident", "POST", Act(id, "grab"), json::object()); });
  Response ra = a.get(), rb = b.get();
  const int ok = (ra.status == 200) + (rb.status == 200);
  EXPECT_EQ(ok, 1) << ra.body << "\n" << rb.body;
  EXPECT_TRUE(ra.status == 409 || rb.status == 409) << ra.status << " " << rb.status;
  const json now = Order("secretary", id);
  EXPECT_EQ(now.value("state", ""), "handling");
  const int64_t winner = ra.status == 200 ? UserId("partymember") : UserId("resident");
  EXPECT_EQ(now.value("handler_user_id", int64_t{0}), winner);
  // Gone from the hall.
  Response after = Env().As("partymember", "GET", "/api/v1/service-orders?mine=hall");
  const json ah = after.Json();
  for (const json& x : ah["items"]) EXPECT_NE(x.value("id", int64_t{0}), id);
}

TEST(Services, WishSubmitPublishClaimFulfilThank) {
  Response placed = Env().As("resident", "POST", "/api/v1/wishes",
                             json{{"category", "1501"}, {"description", "孙子想要一套课外读物"}});
  ASSERT_TRUE(IsStatus(placed, 201)) << placed.body;
  const int64_t id = placed.Json().value("id", int64_t{0});
  EXPECT_EQ(placed.Json().value("state", ""), "reported");
  // Not published yet: nobody can claim it.
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", Act(id, "grab"), json::object()), 409));
  ASSERT_TRUE(IsStatus(Env().As("secretary", "POST", Act(id, "accept"), json::object()), 200));
  ASSERT_TRUE(IsStatus(Env().As("partymember", "POST", Act(id, "grab"), json::object()), 200));
  // 实现 needs a photo.
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", Act(id, "finish"), json{{"note", "已送到"}}), 400,
                        "attachments"));
  Response up =
      Env().AsRaw("partymember", "POST", "/api/v1/attachments", TinyPng(), "application/octet-stream");
  ASSERT_TRUE(IsStatus(up, 201)) << up.body;
  const std::string photo = up.Json().value("id", "");
  ASSERT_TRUE(IsStatus(Env().As("partymember", "POST", Act(id, "finish"),
                                json{{"note", "书已送到家中"}, {"attachments", json::array({photo})}}),
                       200));
  Response thanked = Env().As("resident", "POST", Act(id, "rate"), json{{"rating", 1}});
  ASSERT_TRUE(IsStatus(thanked, 200)) << thanked.body;
  EXPECT_EQ(thanked.Json().value("state", ""), "closed");
  // 微事务 are the community's: a resident may not post one; the community does, naming nobody.
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/wishes",
                                 json{{"category", "1502"}, {"description", "整理活动室图书"}}),
                        400, "category"));
  Response task = Env().As("secretary", "POST", "/api/v1/wishes",
                           json{{"category", "1502"}, {"description", "社区活动室需要志愿者帮忙整理图书"}});
  ASSERT_TRUE(IsStatus(task, 201)) << task.body;
  Response board = Env().server().Call("GET", "/api/v1/public/service-board?kind=wish");
  ASSERT_TRUE(IsStatus(board, 200));
  EXPECT_NE(board.body.find("\"id\":" + std::to_string(id)), std::string::npos);
}

}  // namespace
}  // namespace wangge::e2e
