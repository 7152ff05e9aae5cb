// 红色代办 (errands) over HTTP against the server as deployed: the demo party member is the runner of the
// demo resident's household; the resident asks for an errand, the runner takes it (接办), records the
// documents taken, cannot finish, hand it back or have it cancelled while holding one, returns them, finishes
// with the hours; the household rates it and the hours land in the runner's 时间银行 once. The roster refuses
// a ninth household, another community's account and a stale version; a runner registers an errand for a
// member of a household he covers (the member is its reporter and rates it); nobody else registers for a
// household.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

double Hours(const std::string& user) {
  const json body = Env().As(user, "GET", "/api/v1/ledger/me").Json();
  for (const json& a : body["items"])
    if (a.value("currency", "") == "hours") return a["balance"].get<double>();
  return -1;
}

int64_t UserId(const std::string& user) {
  return Env().As(user, "GET", "/api/v1/me").Json().value("user_id", int64_t{0});
}

std::string Act(int64_t id, const std::string& action) {
  return "/api/v1/orders/" + std::to_string(id) + "/" + action;
}
std::string Path(int64_t id, const std::string& tail = "") {
  return "/api/v1/errands/" + std::to_string(id) + tail;
}

TEST(Errands, AskTakeHoldReturnFinishRateAndDepositOnce) {
  const int64_t runner = UserId("partymember");
  Response own = Env().As("resident", "GET", "/api/v1/errands/household");
  ASSERT_TRUE(IsStatus(own, 200)) << own.body;
  const json h = own.Json();
  ASSERT_EQ(h.value("runner_user_id", int64_t{0}), runner)
      << "the demo party member runs the resident's errands";
  ASSERT_GE(h["members"].size(), 1u);
  EXPECT_NE(h["members"][0].value("name", "").find('*'), std::string::npos) << "member names are masked";

  // 委托代办: not a class-16 category, an unknown authorisation: refused, nothing written.
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/errands",
                                 json{{"category", "1401"}, {"description", "帮忙办医保"}}),
                        400, "category"));
  EXPECT_TRUE(
      IsProblem(Env().As("resident", "POST", "/api/v1/errands",
                         json{{"category", "1601"}, {"description", "帮忙办医保"}, {"authorisation", "x"}}),
                400, "authorisation"));
  Response asked = Env().As("resident", "POST", "/api/v1/errands",
                            json{{"category", "1601"},
                                 {"description", "帮忙去县医保局办理门诊慢特病报销"},
                                 {"authorisation", "written"}});
  ASSERT_TRUE(IsStatus(asked, 201)) << asked.body;
  const json e = asked.Json();
  const int64_t id = e.value("id", int64_t{0});
  EXPECT_EQ(e.value("kind", ""), "errand");
  EXPECT_EQ(e.value("state", ""), "accepted");
  EXPECT_EQ(e["errand"].value("household_id", int64_t{0}), h.value("household_id", int64_t{0}));
  EXPECT_EQ(e["errand"].value("authorisation_zh", ""), "书面委托");
  EXPECT_EQ(e["errand"].value("fee", -1), 0);

  // The runner's 待接办 lists it; another provider of the community cannot take it.
  Response hall = Env().As("partymember", "GET", "/api/v1/errands?mine=hall");
  ASSERT_TRUE(IsStatus(hall, 200));
  bool listed = false;
  for (const json& x : hall.Json()["items"]) listed |= x.value("id", int64_t{0}) == id;
  EXPECT_TRUE(listed) << hall.body;
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", Act(id, "grab"), json::object()), 403));
  // Documents are recorded by the runner running it: not before he takes it.
  EXPECT_TRUE(
      IsProblem(Env().As("partymember", "POST", Path(id, "/documents"), json{{"name", "身份证"}}), 403));
  ASSERT_TRUE(IsStatus(Env().As("partymember", "POST", Act(id, "grab"), json::object()), 200));
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", Act(id, "grab"), json::object()), 409));
  EXPECT_TRUE(
      IsProblem(Env().As("partymember", "POST", Path(id, "/documents"), json{{"name", ""}}), 400, "name"));
  EXPECT_TRUE(IsProblem(
      Env().As("partymember", "POST", Path(id, "/documents"), json{{"name", "户口簿"}, {"copies", 0}}), 400,
      "copies"));
  Response card = Env().As("partymember", "POST", Path(id, "/documents"), json{{"name", "身份证"}});
  ASSERT_TRUE(IsStatus(card, 201)) << card.body;
  Response book =
      Env().As("partymember", "POST", Path(id, "/documents"), json{{"name", "医保卡"}, {"copies", 1}});
  ASSERT_TRUE(IsStatus(book, 201));
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", Path(id, "/documents"), json{{"name", "户口簿"}}), 403));

  // Holding documents: no 办结, no 退回, no 取消 — each says why.
  Response early = Env().As("partymember", "POST", Act(id, "finish"), json{{"note", "已报销"}, {"hours", 2}});
  ASSERT_TRUE(IsProblem(early, 409)) << early.body;
  EXPECT_NE(early.body.find("2 份材料"), std::string::npos) << early.body;
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", Act(id, "return"), json{{"reason", "没空"}}), 409));
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", Act(id, "refuse"), json{{"reason", "不办了"}}), 409));
  json detail = Env().As("resident", "GET", Path(id)).Json();
  EXPECT_EQ(detail["errand"].value("held", 0), 2);
  for (const json& a : detail["actions"]) EXPECT_NE(a.get<std::string>(), "refuse");

  // Returned (once each; a stale version is refused), then finished with the hours.
  const json c = card.Json();
  const json b = book.Json();
  const std::string ret_c = Path(id, "/documents/" + std::to_string(c.value("id", int64_t{0})) + "/return");
  Response back = Env().As("partymember", "POST", ret_c, json{{"version", c.value("version", int64_t{0})}});
  ASSERT_TRUE(IsStatus(back, 200)) << back.body;
  EXPECT_FALSE(back.Json()["returned_at"].is_null());
  EXPECT_TRUE(IsProblem(
      Env().As("partymember", "POST", ret_c, json{{"version", c.value("version", int64_t{0})}}), 409));
  ASSERT_TRUE(
      IsStatus(Env().As("partymember", "POST",
                        Path(id, "/documents/" + std::to_string(b.value("id", int64_t{0})) + "/return"),
                        json{{"version", b.value("version", int64_t{0})}}),
               200));
  const double before = Hours("partymember");
  Response done = Env().As("partymember", "POST", Act(id, "finish"),
                           json{{"note", "已报销，款项三个工作日内到账"}, {"hours", 2}});
  ASSERT_TRUE(IsStatus(done, 200)) << done.body;
  EXPECT_EQ(done.Json().value("state", ""), "finished");
  // Returned documents stay on record with both times.
  detail = Env().As("resident", "GET", Path(id)).Json();
  ASSERT_EQ(detail["errand"]["documents"].size(), 2u);
  for (const json& d : detail["errand"]["documents"]) EXPECT_FALSE(d["returned_at"].is_null());
  EXPECT_EQ(detail["errand"].value("held", -1), 0);

  // The household rates it: closed, the hours in the runner's time bank once.
  Response rated = Env().As("resident", "POST", Act(id, "rate"), json{{"rating", 1}});
  ASSERT_TRUE(IsStatus(rated, 200)) << rated.body;
  EXPECT_EQ(rated.Json().value("state", ""), "closed");
  EXPECT_EQ(Hours("partymember"), before + 2);
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", Act(id, "rate"), json{{"rating", 1}}), 409));
  EXPECT_EQ(Hours("partymember"), before + 2);

  // Never on the public board.
  Response board = Env().server().Call("GET", "/api/v1/public/service-board?kind=errand");
  EXPECT_TRUE(IsProblem(board, 400, "kind"));
}

TEST(Errands, RosterCapsAtEightAndChecksWhoMayRun) {
  Response roster = Env().As("secretary", "GET", "/api/v1/errand-runners");
  ASSERT_TRUE(IsStatus(roster, 200)) << roster.body;
  const json r = roster.Json();
  EXPECT_EQ(r.value("max_households", 0), 8);
  const int64_t runner = UserId("partymember");
  int covered = -1;
  for (const json& x : r["runners"])
    if (x.value("user_id", int64_t{0}) == runner) covered = x.value("households", 0);
  ASSERT_GE(covered, 5) << roster.body;
  ASSERT_LE(covered, 8);
  // Fill the party member up to 8 from households without a runner, then the ninth is refused.
  std::vector<json> free;
  for (const json& x : r["households"])
    if (x["runner_user_id"].is_null()) free.push_back(x);
  ASSERT_GT(free.size(), static_cast<size_t>(9 - covered)) << "the demo leaves households without a runner";
  size_t k = 0;
  for (; covered < 8; ++covered, ++k) {
    Response put =
        Env().As("secretary", "PUT",
                 "/api/v1/errand-runners/" + std::to_string(free[k].value("household_id", int64_t{0})),
                 json{{"runner_user_id", runner}, {"version", 0}});
    ASSERT_TRUE(IsStatus(put, 200)) << put.body;
  }
  const std::string ninth =
      "/api/v1/errand-runners/" + std::to_string(free[k].value("household_id", int64_t{0}));
  Response refused = Env().As("secretary", "PUT", ninth, json{{"runner_user_id", runner}, {"version", 0}});
  ASSERT_TRUE(IsProblem(refused, 409, "runner_user_id")) << refused.body;
  // Nothing was written: the household still has no runner.
  for (const json& x : Env().As("secretary", "GET", "/api/v1/errand-runners").Json()["households"]) {
    if (x.value("household_id", int64_t{0}) == free[k].value("household_id", int64_t{0})) {
      EXPECT_TRUE(x["runner_user_id"].is_null());
    }
  }
  // Not a provider of the community (the county account); a stale version; a resident may not keep it.
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "PUT", ninth, json{{"runner_user_id", UserId("county")}, {"version", 0}}), 400,
      "runner_user_id"));
  EXPECT_TRUE(
      IsProblem(Env().As("resident", "PUT", ninth, json{{"runner_user_id", runner}, {"version", 0}}), 403));
  const std::string first =
      "/api/v1/errand-runners/" + std::to_string(free[0].value("household_id", int64_t{0}));
  EXPECT_TRUE(
      IsProblem(Env().As("secretary", "PUT", first, json{{"runner_user_id", runner}, {"version", 0}}), 409));
  // Removing one frees a place: the ninth fits then.
  ASSERT_TRUE(IsStatus(Env().As("secretary", "DELETE", first + "?version=1"), 204));
  ASSERT_TRUE(
      IsStatus(Env().As("secretary", "PUT", ninth, json{{"runner_user_id", runner}, {"version", 0}}), 200));

  // The runner's households, members masked; he registers an errand for a member of one of them.
  Response mine = Env().As("partymember", "GET", "/api/v1/errand-runners/mine");
  ASSERT_TRUE(IsStatus(mine, 200));
  const json hs = mine.Json()["households"];
  ASSERT_EQ(hs.size(), 8u);
  const json own = Env().As("resident", "GET", "/api/v1/errands/household").Json();
  json target;  // another household than the resident's
  for (const json& x : hs)
    if (!x["members"].empty() && x.value("household_id", int64_t{0}) != own.value("household_id", int64_t{0}))
      target = x;
  ASSERT_FALSE(target.is_null());
  const int64_t member = target["members"][0].value("person_id", int64_t{0});
  // A member of another household is not an authoriser of this one.
  const int64_t stranger = own["members"][0].value("person_id", int64_t{0});
  EXPECT_TRUE(IsProblem(Env().As("partymember", "POST", "/api/v1/errands",
                                 json{{"household_id", target.value("household_id", int64_t{0})},
                                      {"authoriser_person_id", stranger},
                                      {"category", "1604"},
                                      {"description", "代缴电费"}}),
                        400, "authoriser_person_id"));
  Response reg = Env().As("partymember", "POST", "/api/v1/errands",
                          json{{"household_id", target.value("household_id", int64_t{0})},
                               {"authoriser_person_id", member},
                               {"authorisation", "phone"},
                               {"category", "1604"},
                               {"description", "代缴本月电费"}});
  ASSERT_TRUE(IsStatus(reg, 201)) << reg.body;
  const json e = reg.Json();
  EXPECT_EQ(e.value("channel", ""), "register");
  EXPECT_TRUE(e["reporter_user_id"].is_null() || e["reporter_user_id"].get<int64_t>() != runner)
      << "the runner is not its reporter: the member is (without an account here)";
  // He may take what he registered (he did not ask for it).
  ASSERT_TRUE(
      IsStatus(Env().As("partymember", "POST", Act(e.value("id", int64_t{0}), "grab"), json::object()), 200));
  // A resident registers for no other household.
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/errands",
                                 json{{"household_id", target.value("household_id", int64_t{0})},
                                      {"authoriser_person_id", member},
                                      {"category", "1604"},
                                      {"description", "代缴电费"}}),
                        403));
}

}  // namespace
}  // namespace wangge::e2e
