// Petitions (信访) over HTTP against the server as deployed, on both backends: the county's petition desk
// registers a visit (越级 flagged) and the same person's same matter again (重复信访), accepts it, hands it
// to the police, the county centre puts the township leader in charge (their 包案 list), the police ask for
// the one extension the leader approves — a second is refused —, answer, and the desk closes it; who sees a
// petition and its petitioners. Time limits that need days to pass are in the service tests
// (petition_service_test.cpp).
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

Response Act(const std::string& user, int64_t id, const std::string& action,
             const json& body = json::object()) {
  return Env().As(user, "POST", "/api/v1/orders/" + std::to_string(id) + "/" + action, body);
}

json Petition(const std::string& channel, const std::string& cid, const std::string& place) {
  return json{
      {"category", "1302"},
      {"channel", channel},
      {"place_code", place},
      {"description", "反映征地补偿款被截留，多次反映未果"},
      {"petitioners", json::array({json{{"name", "吴六"}, {"citizen_id", cid}, {"phone", "13712345678"}}})}};
}

int64_t UserId(const std::string& user) {
  Response me = Env().As(user, "GET", "/api/v1/me");
  return me.Json().value("user_id", int64_t{0});
}

TEST(Petitions, RegisteredRepeatedLedExtendedOnceAnsweredAndClosed) {
  const std::string place = Env().place("gridworker");
  const std::string cid = FreshCitizenId(1958);
  Response first = Env().As("petition", "POST", "/api/v1/petitions", Petition("visit", cid, place));
  ASSERT_TRUE(IsStatus(first, 201));
  const json f = first.Json();
  EXPECT_EQ(f.value("kind", ""), "petition");
  EXPECT_EQ(f.value("channel", ""), "visit");
  EXPECT_TRUE(f.value("skip_level", false)) << "a first visit at the county desk skips the township";
  EXPECT_FALSE(f.value("repeat", true));
  ASSERT_EQ(f["petitioners"].size(), 1u);
  EXPECT_EQ(f["petitioners"][0].value("name", ""), "吴*");
  EXPECT_EQ(f["petitioners"][0].value("citizen_id", ""), MaskCitizenId(cid));

  Response again = Env().As("petition", "POST", "/api/v1/petitions", Petition("online", cid, place));
  ASSERT_TRUE(IsStatus(again, 201));
  const int64_t id = again.Json().value("id", int64_t{0});
  EXPECT_EQ(again.Json().value("repeat_of", int64_t{0}), f.value("id", int64_t{0}));
  EXPECT_FALSE(again.Json().value("skip_level", true)) << "the web is a channel, not a level skipped";
  EXPECT_EQ(again.Json().value("state_zh", ""), "待受理");

  // Who sees it: the desk and the 综治 roles; not a grid worker, a secretary, a resident or a department it
  // was not given to.
  const std::string path = "/api/v1/petitions/" + std::to_string(id);
  EXPECT_TRUE(IsStatus(Env().As("county", "GET", path), 200));
  EXPECT_TRUE(IsStatus(Env().As("gridworker", "GET", path), 404));
  EXPECT_TRUE(IsStatus(Env().As("secretary", "GET", path), 404));
  EXPECT_TRUE(IsStatus(Env().As("police", "GET", path), 404));
  EXPECT_TRUE(IsStatus(Env().As("resident", "GET", path), 404));
  Response desk_list = Env().As("petition", "GET", "/api/v1/petitions?limit=200");
  ASSERT_TRUE(IsStatus(desk_list, 200));
  bool listed = false;
  for (const json& it : desk_list.Json()["items"]) listed = listed || it.value("id", int64_t{0}) == id;
  EXPECT_TRUE(listed);
  Response grid_list = Env().As("gridworker", "GET", "/api/v1/petitions?limit=200");
  ASSERT_TRUE(IsStatus(grid_list, 200));
  for (const json& it : grid_list.Json()["items"]) EXPECT_NE(it.value("id", int64_t{0}), id);
  // The desk's list filters on the petition's facts on the server, and shows the petitioners masked.
  auto filtered = [&](const std::string& query) {
    Response list = Env().As("petition", "GET", "/api/v1/petitions?limit=200&" + query);
    EXPECT_TRUE(IsStatus(list, 200)) << query;
    std::set<int64_t> ids;
    for (const json& it : list.Json()["items"]) {
      ids.insert(it.value("id", int64_t{0}));
      if (query == "channel=online" && it.value("id", int64_t{0}) == id) {
        EXPECT_EQ(it["people"], json::array({"吴*"}));
      }
      EXPECT_TRUE(query != "repeat=true" || it.value("repeat", false)) << it.dump();
    }
    return ids;
  };
  const int64_t first_id = f.value("id", int64_t{0});
  EXPECT_TRUE(filtered("repeat=true").count(id));
  EXPECT_FALSE(filtered("repeat=true").count(first_id));
  EXPECT_TRUE(filtered("skip_level=true&channel=visit").count(first_id));
  EXPECT_FALSE(filtered("skip_level=true").count(id));
  EXPECT_TRUE(filtered("channel=online").count(id));
  EXPECT_FALSE(filtered("channel=letter").count(id));
  EXPECT_FALSE(filtered("led=true").count(id));
  // The petitioners in clear: the desk, with a purpose; the department never.
  Response clear =
      Env().As("petition", "POST", path + "/unmask", json{{"purpose", "电话告知信访人受理情况"}});
  ASSERT_TRUE(IsStatus(clear, 200));
  EXPECT_EQ(clear.Json()["petitioners"][0].value("citizen_id", ""), cid);

  ASSERT_TRUE(IsStatus(Act("petition", id, "accept"), 200));
  const int64_t police_dept = DepartmentId("gongan");
  ASSERT_GT(police_dept, 0);
  ASSERT_TRUE(IsStatus(Act("petition", id, "dispatch", {{"target_dept", police_dept}}), 200));
  EXPECT_TRUE(IsStatus(Env().As("police", "GET", path), 200));
  EXPECT_TRUE(
      IsStatus(Env().As("police", "POST", path + "/unmask", json{{"purpose", "核实信访人身份"}}), 403));
  ASSERT_TRUE(IsStatus(Act("police", id, "claim"), 200));
  // 下访: a 办理 note that says how the petitioner was met; the detail offers the field.
  Response handling = Env().As("police", "GET", path);
  ASSERT_TRUE(IsStatus(handling, 200));
  EXPECT_EQ(handling.Json()["action_options"]["progress"], json::array({"visit"}));
  EXPECT_TRUE(
      IsProblem(Act("police", id, "progress", {{"note", "到家中走访"}, {"visit", "fax"}}), 400, "visit"));
  ASSERT_TRUE(IsStatus(
      Act("police", id, "progress", {{"note", "到信访人家中走访，实地查看"}, {"visit", "home"}}), 200));
  bool visited = false;
  const json timeline = Env().As("police", "GET", path).Json();
  for (const json& e : timeline["events"])
    visited = visited || (e.value("action", "") == "progress" && e["data"].value("visit", "") == "home");
  EXPECT_TRUE(visited);

  // 领导包案 by the county centre; the leader's own list.
  const int64_t leader = UserId("township");
  ASSERT_GT(leader, 0);
  EXPECT_TRUE(IsStatus(Act("petition", id, "lead", {{"leader", leader}}), 403));
  ASSERT_TRUE(IsStatus(Act("county", id, "lead", {{"leader", leader}}), 200));
  Response led = Env().As("township", "GET", "/api/v1/petitions?mine=lead");
  ASSERT_TRUE(IsStatus(led, 200));
  ASSERT_FALSE(led.Json()["items"].empty());
  EXPECT_EQ(led.Json()["items"][0].value("id", int64_t{0}), id);
  EXPECT_EQ(led.Json()["items"][0].value("leader_user_id", int64_t{0}), leader);
  EXPECT_TRUE(filtered("led=true").count(id));

  // One extension of at most 30 days, approved by the leader in charge; a second is refused.
  ASSERT_TRUE(
      IsStatus(Act("police", id, "request_extension", {{"days", 20}, {"reason", "需调取征地档案"}}), 200));
  ASSERT_TRUE(IsStatus(Act("township", id, "approve_extension"), 200));
  Response second = Act("police", id, "request_extension", {{"days", 5}, {"reason", "仍需时间"}});
  EXPECT_TRUE(IsProblem(second, 409)) << second.Brief();

  // 答复 and 销案; the detail says until when a 复查 may be asked.
  ASSERT_TRUE(IsStatus(Act("police", id, "finish", {{"note", "经查补偿款已足额发放，答复如下"}}), 200));
  Response answered = Env().As("petition", "GET", path);
  ASSERT_TRUE(IsStatus(answered, 200));
  EXPECT_EQ(answered.Json().value("state_zh", ""), "已答复");
  EXPECT_FALSE(answered.Json()["review_until"].is_null());
  EXPECT_EQ(answered.Json()["action_labels"].value("review", ""), "复查");
  ASSERT_TRUE(IsStatus(Act("petition", id, "close_case", {{"note", "信访人对答复无异议"}}), 200));
  EXPECT_EQ(Env().As("petition", "GET", path).Json().value("state_zh", ""), "已销案");

  // The petition figures come from the roll-ups: 重复信访, 越级 and 包案 counted and their rates.
  Response fig = Env().As("county", "GET", "/api/v1/indicators?kind=petition&place=" + place.substr(0, 9));
  ASSERT_TRUE(IsStatus(fig, 200));
  const json counts = fig.Json()["counts"];
  EXPECT_GE(counts.value("repeated", 0), 1);
  EXPECT_GE(counts.value("skip_level", 0), 1);
  EXPECT_GE(counts.value("led", 0), 1);
  EXPECT_GT(fig.Json()["rates"].value("repeat", 0.0), 0.0);
  EXPECT_GT(fig.Json()["rates"].value("lead", 0.0), 0.0);
  Response events = Env().As("county", "GET", "/api/v1/indicators?place=" + place.substr(0, 9));
  ASSERT_TRUE(IsStatus(events, 200));
  EXPECT_EQ(events.Json()["counts"].value("repeated", -1), 0) << "events count no petitions";
}

TEST(Petitions, BadInputIsAClearProblem) {
  const std::string place = Env().place("gridworker");
  json bad = Petition("fax", FreshCitizenId(1970), place);
  Response r = Env().As("petition", "POST", "/api/v1/petitions", bad);
  EXPECT_TRUE(IsProblem(r, 400));
  EXPECT_EQ(r.Json().value("field", ""), "channel");
  bad = Petition("letter", FreshCitizenId(1970), place);
  bad["category"] = "0101";
  r = Env().As("petition", "POST", "/api/v1/petitions", bad);
  EXPECT_TRUE(IsProblem(r, 400));
  EXPECT_EQ(r.Json().value("field", ""), "category");
  bad = Petition("letter", FreshCitizenId(1970), place);
  bad["superior"] = "市信访局 曲信转〔2026〕3号";
  r = Env().As("petition", "POST", "/api/v1/petitions", bad);
  EXPECT_TRUE(IsProblem(r, 400));
  EXPECT_EQ(r.Json().value("field", ""), "superior_due");
  // The petitions' class is not an event's, nor an Open311 service.
  r = Env().As("gridworker", "POST", "/api/v1/orders",
               json{{"category", "1301"}, {"description", "x 信访"}, {"place_code", place}});
  EXPECT_TRUE(IsProblem(r, 400));
  Response services = Env().server().Call("GET", "/open311/v2/services.json");
  ASSERT_TRUE(IsStatus(services, 200));
  for (const json& s : services.Json()) EXPECT_NE(s.value("service_code", "").substr(0, 2), "13");
  // The list's filters are checked: a channel petitions do not have, a risk level, a flag that is no boolean.
  for (const std::string bad : {"channel=patrol", "risk=high", "repeat=maybe", "outcome=won", "to=yesterday"})
    EXPECT_TRUE(
        IsProblem(Env().As("petition", "GET", "/api/v1/petitions?" + bad), 400, bad.substr(0, bad.find('='))))
        << bad;
  // Only the desk and the 综治 roles register.
  EXPECT_TRUE(IsProblem(
      Env().As("gridworker", "POST", "/api/v1/petitions", Petition("letter", FreshCitizenId(1971), place)),
      403));
}

}  // namespace
}  // namespace wangge::e2e
