// Dispute cases (矛盾纠纷) over HTTP against the server as deployed, on both backends: a secretary registers
// a case, the county centre accepts and gives it to the village committee, its mediator unmasks the parties
// with a purpose, mediates, records the agreement, and 回访 ends the case; the bad inputs of issue 13 on the
// way; who sees what.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

Response Act(const std::string& user, int64_t id, const std::string& action,
             const json& body = json::object()) {
  return Env().As(user, "POST", "/api/v1/orders/" + std::to_string(id) + "/" + action, body);
}

TEST(Disputes, RegisteredMediatedAgreedFollowedUpToItsEnd) {
  const std::string village = Env().place("mediator");
  ASSERT_EQ(village, Env().place("secretary"));
  const std::string cid = FreshCitizenId(1961);
  Response reg = Env().As(
      "secretary", "POST", "/api/v1/disputes",
      json{{"category", "0803"},
           {"place_code", village},
           {"description", "两户因承包地边界发生争执，曾发生推搡"},
           {"parties",
            json::array(
                {json{{"role", "applicant"}, {"name", "赵大"}, {"citizen_id", cid}, {"phone", "13512345678"}},
                 json{{"role", "respondent"}, {"name", "钱二"}, {"phone", "13687654321"}}})}});
  ASSERT_TRUE(IsStatus(reg, 201));
  const json c = reg.Json();
  const int64_t id = c.value("id", int64_t{0});
  ASSERT_GT(id, 0);
  EXPECT_EQ(c.value("kind", ""), "dispute");
  EXPECT_EQ(c.value("state_zh", ""), "待受理");
  ASSERT_EQ(c["parties"].size(), 2u);
  EXPECT_EQ(c["parties"][0].value("name", ""), "赵*");
  EXPECT_EQ(c["parties"][0].value("citizen_id", ""), MaskCitizenId(cid));
  EXPECT_TRUE(c["parties"][0].value("masked", false));
  const int64_t a = c["parties"][0].value("id", int64_t{0}), b = c["parties"][1].value("id", int64_t{0});

  ASSERT_TRUE(IsStatus(Act("county", id, "accept"), 200));
  ASSERT_TRUE(IsStatus(Act("county", id, "dispatch", {{"target_place", village}}), 200));
  // Not the grid worker's, not the other township's; a resident's role has no dispute routes at all.
  EXPECT_TRUE(IsStatus(Env().As("gridworker2", "GET", "/api/v1/disputes/" + std::to_string(id)), 404));
  EXPECT_TRUE(IsStatus(Env().As("township2", "GET", "/api/v1/disputes/" + std::to_string(id)), 404));
  EXPECT_TRUE(IsStatus(Env().As("resident", "GET", "/api/v1/disputes/" + std::to_string(id)), 403));
  ASSERT_TRUE(IsStatus(Act("mediator", id, "claim"), 200));
  // The case tells the mediator what they may do now, under the case's own labels, and what each needs.
  Response mine = Env().As("mediator", "GET", "/api/v1/disputes/" + std::to_string(id));
  ASSERT_TRUE(IsStatus(mine, 200));
  EXPECT_EQ(mine.Json()["action_labels"].value("progress", ""), "调解");
  EXPECT_EQ(mine.Json()["action_needs"]["agree"], json::array({"outcome"}));
  EXPECT_EQ(mine.Json()["action_needs"]["extend"], json::array({"days", "consents", "reason"}));
  EXPECT_FALSE(mine.Json()["action_needs"].contains("accept"));  // the command centre's, done already
  Response clear = Env().As("mediator", "POST", "/api/v1/disputes/" + std::to_string(id) + "/unmask",
                            json{{"purpose", "电话通知双方到村委会调解"}});
  ASSERT_TRUE(IsStatus(clear, 200));
  EXPECT_EQ(clear.Json()["parties"][0].value("citizen_id", ""), cid);
  EXPECT_EQ(clear.Json()["parties"][1].value("phone", ""), "13687654321");
  EXPECT_TRUE(IsStatus(Env().As("secretary", "POST", "/api/v1/disputes/" + std::to_string(id) + "/unmask",
                                json{{"purpose", "看看"}}),
                       403));
  ASSERT_TRUE(IsStatus(Act("mediator", id, "progress", {{"note", "第一次调解：实地查看界桩"}}), 200));
  // An extension needs both parties' consent.
  Response ext =
      Act("mediator", id, "extend", {{"days", 10}, {"reason", "等待土地确权资料"}, {"consents", {a}}});
  EXPECT_TRUE(IsStatus(ext, 400));
  EXPECT_EQ(ext.Json().value("field", ""), "consents");
  ASSERT_TRUE(IsStatus(
      Act("mediator", id, "extend", {{"days", 10}, {"reason", "等待土地确权资料"}, {"consents", {a, b}}}),
      200));
  // An agreement missing a required element; then a complete one signed by both.
  const std::string path = "/api/v1/disputes/" + std::to_string(id) + "/agreement";
  json agreement{{"facts", "双方对承包地东侧边界有争议"},
                 {"terms", "以 1998 年确权图为准，重新埋设界桩"},
                 {"performance_manner", "双方到场共同埋桩"},
                 {"performance_location", "争议地块"},
                 {"performance_due", "2027-01-15"},
                 {"mediator", "孙调解"},
                 {"signed_by", {a, b}},
                 {"version", 0}};
  json missing = agreement;
  missing.erase("performance_due");
  Response bad = Env().As("mediator", "PUT", path, missing);
  EXPECT_TRUE(IsStatus(bad, 400));
  EXPECT_EQ(bad.Json().value("field", ""), "performance_due");
  EXPECT_TRUE(IsStatus(Env().As("county", "PUT", path, agreement), 403));  // not a mediator
  ASSERT_TRUE(IsStatus(Env().As("mediator", "PUT", path, agreement), 200));
  Response agreed = Act("mediator", id, "agree", {{"outcome", "settled"}});
  ASSERT_TRUE(IsStatus(agreed, 200));
  EXPECT_EQ(agreed.Json().value("state", ""), "finished");
  ASSERT_TRUE(IsStatus(Act("mediator", id, "confirm", {{"reference", "（2026）云0326民特3号"}}), 200));
  ASSERT_TRUE(IsStatus(Act("mediator", id, "follow_up", {{"note", "界桩已埋设"}, {"performed", true}}), 200));
  Response done = Env().As("county", "GET", "/api/v1/disputes/" + std::to_string(id));
  ASSERT_TRUE(IsStatus(done, 200));
  EXPECT_EQ(done.Json().value("state_zh", ""), "案结事了");
  EXPECT_EQ(done.Json().value("outcome", ""), "settled");
  EXPECT_EQ(done.Json().value("route", ""), "confirm");
  EXPECT_EQ(done.Json()["agreement"].value("terms", ""), "以 1998 年确权图为准，重新埋设界桩");

  // The event list never shows it; the dispute list does, to the county and the mediator.
  Response events = Env().As("county", "GET", "/api/v1/orders?limit=200");
  ASSERT_TRUE(IsStatus(events, 200));
  for (const json& o : events.Json()["items"]) EXPECT_NE(o.value("id", int64_t{0}), id);
  for (const std::string user : {"county", "mediator", "secretary"}) {
    Response list = Env().As(user, "GET", "/api/v1/disputes?limit=200");
    ASSERT_TRUE(IsStatus(list, 200)) << user;
    bool found = false;
    for (const json& o : list.Json()["items"]) found = found || o.value("id", int64_t{0}) == id;
    EXPECT_TRUE(found) << user;
  }
  // The list filters on the case's own facts, and shows its parties masked.
  auto listed = [&](const std::string& query) {
    Response list = Env().As("county", "GET", "/api/v1/disputes?limit=200&scope=" + village + "&" + query);
    EXPECT_TRUE(IsStatus(list, 200)) << query;
    for (const json& o : list.Json()["items"])
      if (o.value("id", int64_t{0}) == id) return o;
    return json();
  };
  const json row = listed("outcome=settled&route=confirm&risk=0");
  ASSERT_FALSE(row.is_null());
  EXPECT_EQ(row["people"], json::array({"赵*", "钱*"}));
  EXPECT_FALSE(listed("outcome=partly,settled&route=transfer,confirm").is_null());
  EXPECT_TRUE(listed("outcome=failed").is_null());
  EXPECT_TRUE(listed("route=transfer").is_null());
  EXPECT_TRUE(listed("route=litigation").is_null());
  EXPECT_TRUE(listed("risk=3").is_null());
  EXPECT_TRUE(listed("open=true").is_null());
  for (const std::string bad : {"risk=4", "outcome=won", "outcome=settled,", "route=court", "route=confirm,x",
                                "channel=letter", "from=2026-13-01"})
    EXPECT_TRUE(
        IsProblem(Env().As("county", "GET", "/api/v1/disputes?" + bad), 400, bad.substr(0, bad.find('='))))
        << bad;
  // The figures count cases apart from events: the village's dispute figures hold this settled, confirmed
  // and followed-up case; its event figures do not count it (kinds are never summed).
  Response figures = Env().As("county", "GET", "/api/v1/indicators?place=" + village + "&kind=dispute");
  ASSERT_TRUE(IsStatus(figures, 200));
  EXPECT_EQ(figures.Json().value("kind", ""), "dispute");
  EXPECT_GE(figures.Json()["counts"].value("settled", 0), 1);
  EXPECT_GE(figures.Json()["counts"].value("confirmed", 0), 1);
  EXPECT_GT(figures.Json()["rates"].value("settle", 0.0), 0.0);
  EXPECT_GT(figures.Json()["rates"].value("mediation_success", 0.0), 0.0);
  Response events_fig = Env().As("county", "GET", "/api/v1/indicators?place=" + village);
  ASSERT_TRUE(IsStatus(events_fig, 200));
  EXPECT_EQ(events_fig.Json().value("kind", ""), "event");
  EXPECT_EQ(events_fig.Json()["counts"].value("settled", -1), 0);
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/indicators?place=" + village + "&kind=bogus"), 400,
                        "kind"));
  // A party's history: the 综治 roles, with a purpose.
  EXPECT_TRUE(IsStatus(
      Env().As("gridworker", "POST", "/api/v1/disputes/history", json{{"q", cid}, {"purpose", "研判"}}),
      403));
  Response history = Env().As("county", "POST", "/api/v1/disputes/history",
                              json{{"q", cid}, {"purpose", "研判是否重复纠纷"}});
  ASSERT_TRUE(IsStatus(history, 200));
  ASSERT_GE(history.Json()["items"].size(), 1u);
  EXPECT_EQ(history.Json()["items"][0].value("id", int64_t{0}), id);
}

}  // namespace
}  // namespace wangge::e2e
