// 减负 over HTTP against the server as deployed, on the demo county (its lists published from the template,
// a second 准入清单 version that withdrew an item, a year of tasks and inspections): a department's task
// citing an item of the current version goes to the community, is received, finished and checked; tasks
// citing nothing, a withdrawn item, the old version or a cancelled certificate are refused with the reason,
// the attempt kept and nothing sent; malformed and mistyped bodies are 400s; an inspection beyond the
// quarter's cap waits for the county's approval, one in the past is refused; who may not do what.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

json Current() {
  Response r = Env().As("county", "GET", "/api/v1/duty-lists/current?kind=admission");
  EXPECT_TRUE(IsStatus(r, 200)) << r.body;
  return r.Json();
}

size_t Count(const std::string& user, const std::string& target) {
  Response r = Env().As(user, "GET", target);
  EXPECT_TRUE(IsStatus(r, 200)) << r.body;
  return r.Json()["items"].size();
}

json TaskBody(int64_t item, int version) {
  return json{{"community", Env().place("secretary")},
              {"item_id", item},
              {"list_version", version},
              {"type", "form"},
              {"title", "报送本月燃气用户安全检查台账"},
              {"description", "请于五个工作日内报送本社区燃气用户安全检查台账。"}};
}

TEST(Duties, ATaskCitingTheCurrentListGoesRoundAndBadCitationsAreRefusedWithNothingSent) {
  const json current = Current();
  ASSERT_EQ(current.value("list_version", 0), 2);
  int64_t admitted = 0, withdrawn = 0, cancelled = 0;
  std::string alternative;
  for (const json& i : current["items"]) {
    if (i["status"] == "withdrawn")
      withdrawn = i["id"];
    else if (i["section"] == "cancelled" && cancelled == 0) {
      cancelled = i["id"];
      alternative = i["alternative"];
    } else if (i["section"] != "cancelled" && admitted == 0)
      admitted = i["id"];
  }
  ASSERT_NE(admitted, 0);
  ASSERT_NE(withdrawn, 0);
  ASSERT_NE(cancelled, 0);
  // The old version's items: listed with the county's versions.
  Response lists = Env().As("police", "GET", "/api/v1/duty-lists");
  ASSERT_TRUE(IsStatus(lists, 200)) << lists.body;
  int64_t v1 = 0;
  for (const json& l : lists.Json()["items"])
    if (l["kind"] == "admission" && l["list_version"] == 1) {
      EXPECT_EQ(l["status"], "superseded");
      v1 = l["id"];
    }
  ASSERT_NE(v1, 0);
  Response old = Env().As("police", "GET", "/api/v1/duty-lists/" + std::to_string(v1));
  ASSERT_TRUE(IsStatus(old, 200));
  const int64_t old_item = old.Json()["items"][0]["id"];

  const size_t tasks = Count("police", "/api/v1/tasks?limit=200");
  const size_t refusals = Count("police", "/api/v1/tasks/refusals?limit=500");
  struct Bad {
    json body;
    std::string says;
  };
  json none = TaskBody(0, 2);
  none.erase("item_id");
  const std::vector<Bad> bad = {
      {none, "须引用社区工作事项准入清单"},     {TaskBody(withdrawn, 2), "已从准入清单中撤销"},
      {TaskBody(old_item, 1), "现行为第 2 版"}, {TaskBody(cancelled, 2), "替代方式：" + alternative},
      {TaskBody(admitted, 1), "与所引版本"},
  };
  for (const Bad& b : bad) {
    Response r = Env().As("police", "POST", "/api/v1/tasks", b.body);
    EXPECT_TRUE(IsProblem(r, 400, "item_id")) << r.body;
    EXPECT_NE(r.body.find(b.says), std::string::npos) << r.body;
  }
  EXPECT_EQ(Count("police", "/api/v1/tasks?limit=200"), tasks);  // nothing sent
  EXPECT_EQ(Count("police", "/api/v1/tasks/refusals?limit=500"), refusals + bad.size());
  // Malformed and mistyped bodies.
  EXPECT_TRUE(
      IsProblem(Env().AsRaw("police", "POST", "/api/v1/tasks", "{\"community\":", "application/json"), 400));
  json wrong = TaskBody(admitted, 2);
  wrong["item_id"] = "七";
  EXPECT_TRUE(IsProblem(Env().As("police", "POST", "/api/v1/tasks", wrong), 400, "item_id"));
  wrong = TaskBody(admitted, 2);
  wrong["type"] = "chore";
  EXPECT_TRUE(IsProblem(Env().As("police", "POST", "/api/v1/tasks", wrong), 400, "type"));
  wrong = TaskBody(admitted, 2);
  wrong["community"] = "530326999999";
  EXPECT_TRUE(IsProblem(Env().As("police", "POST", "/api/v1/tasks", wrong), 404));
  EXPECT_EQ(Count("police", "/api/v1/tasks/refusals?limit=500"), refusals + bad.size());
  // Only a department assigns.
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/tasks", TaskBody(admitted, 2)), 403));
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/tasks", TaskBody(admitted, 2)), 403));

  // The good one: sent to the community, received, finished, checked.
  Response t = Env().As("police", "POST", "/api/v1/tasks", TaskBody(admitted, 2));
  ASSERT_TRUE(IsStatus(t, 201)) << t.body;
  EXPECT_EQ(t.Json()["kind"], "task");
  EXPECT_EQ(t.Json()["state"], "dispatched");
  EXPECT_EQ(t.Json()["task"]["item_id"], admitted);  // the citation, on the order itself
  EXPECT_EQ(t.Json()["task"]["list_version"], 2);
  EXPECT_EQ(t.Json()["task"]["dept_name"], "县公安局");
  const std::string id = std::to_string(t.Json().value("id", 0));
  auto act = [&](const std::string& user, const std::string& action, json body = json::object()) {
    return Env().As(user, "POST", "/api/v1/orders/" + id + "/" + action, body);
  };
  EXPECT_TRUE(IsProblem(act("police", "claim"), 403));
  ASSERT_TRUE(IsStatus(act("secretary", "claim"), 200));
  Response fin = act("secretary", "finish", json{{"note", "已报送台账"}});
  ASSERT_TRUE(IsStatus(fin, 200)) << fin.body;
  EXPECT_TRUE(IsProblem(act("secretary", "verify_pass"), 403));
  Response done = act("police", "verify_pass");
  ASSERT_TRUE(IsStatus(done, 200)) << done.body;
  EXPECT_EQ(done.Json()["state"], "closed");
  // The secretary sees it among the community's tasks.
  bool seen = false;
  Response mine = Env().As("secretary", "GET", "/api/v1/tasks?limit=200");
  ASSERT_TRUE(IsStatus(mine, 200));
  for (const json& x : mine.Json()["items"])
    if (std::to_string(x.value("id", 0)) == id) {
      seen = true;
      EXPECT_EQ(x["task"]["item_id"], admitted);
      EXPECT_EQ(x["task"]["type"], "form");
    }
  EXPECT_TRUE(seen);
}

TEST(Duties, InspectionsBeyondTheCapWaitForTheCountyAndTheLoadCountsThem) {
  const std::string village = Env().place("secretary");
  Response cap = Env().As("police", "GET", "/api/v1/inspection-cap");
  ASSERT_TRUE(IsStatus(cap, 200)) << cap.body;
  EXPECT_EQ(cap.Json()["period"], "quarter");
  // A day next quarter (the demo files some there already): file until one is beyond the cap.
  const std::string year = ChinaNow("%Y");
  const int month = std::stoi(ChinaNow("%m"));
  const int next_q_month = ((month - 1) / 3 + 1) * 3 + 1;
  const std::string day =
      next_q_month > 12 ? std::to_string(std::stoi(year) + 1) + "-01-15"
                        : year + "-" + (next_q_month < 10 ? "0" : "") + std::to_string(next_q_month) + "-15";
  json pending;
  for (int i = 0; i < 8 && pending.is_null(); ++i) {
    Response r = Env().As("police", "POST", "/api/v1/inspections",
                          json{{"community", village}, {"planned_on", day}, {"subject", "消防安全检查"}});
    ASSERT_TRUE(IsStatus(r, 201)) << r.body;
    if (r.Json()["status"] == "pending")
      pending = r.Json();
    else
      EXPECT_LT(r.Json().value("counted", 0), r.Json().value("cap", 0) + 1);
  }
  ASSERT_FALSE(pending.is_null());
  EXPECT_TRUE(pending["over_cap"].get<bool>());
  const std::string pid = std::to_string(pending.value("id", 0));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/inspections/" + pid + "/decide",
                                 json{{"approve", true}, {"version", pending["version"]}}),
                        403));
  EXPECT_TRUE(IsProblem(Env().As("county", "POST", "/api/v1/inspections/" + pid + "/decide",
                                 json{{"approve", false}, {"version", pending["version"]}}),
                        400, "note"));
  Response ok = Env().As("county", "POST", "/api/v1/inspections/" + pid + "/decide",
                         json{{"approve", true}, {"note", "年度重点工作"}, {"version", pending["version"]}});
  ASSERT_TRUE(IsStatus(ok, 200)) << ok.body;
  EXPECT_EQ(ok.Json()["status"], "approved");
  // Not in advance, not a date, a community outside the department's county.
  for (const char* bad : {"2020-01-01", "2026-02-30", "明天"})
    EXPECT_TRUE(IsProblem(Env().As("police", "POST", "/api/v1/inspections",
                                   json{{"community", village}, {"planned_on", bad}, {"subject", "检查"}}),
                          400, "planned_on"))
        << bad;
  // The load: the community's own, and the county's including it.
  Response load = Env().As("secretary", "GET", "/api/v1/load");
  ASSERT_TRUE(IsStatus(load, 200)) << load.body;
  EXPECT_GT(load.Json()["total"].value("tasks", 0), 0);
  EXPECT_EQ(load.Json()["admission_version"], 2);
  EXPECT_EQ(load.Json()["admitted"], 12);
  EXPECT_EQ(load.Json()["cancelled"], 20);
  for (const json& c : load.Json()["communities"]) EXPECT_EQ(c["community"], village);
  Response county = Env().As("county", "GET", "/api/v1/load?from=2020-01&to=2022-12");
  ASSERT_TRUE(IsStatus(county, 200));
  EXPECT_EQ(county.Json()["total"].value("tasks", -1), 0);
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/load?from=2010-01&to=2022-12"), 400, "from"));
  EXPECT_TRUE(IsProblem(Env().As("resident", "GET", "/api/v1/load"), 403));
  EXPECT_TRUE(IsProblem(Env().As("police", "GET", "/api/v1/load"), 403));
}

}  // namespace
}  // namespace wangge::e2e
