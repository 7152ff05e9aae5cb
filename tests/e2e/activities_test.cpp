// 志愿服务活动 over HTTP against the server as deployed, on both backends: the secretary publishes an
// activity, a resident signs up, checks in with the QR's code and checks out; the organiser confirms hours
// that go into the time bank; and the bad inputs of issue 14 — checking out before checking in, overlapping
// check-ins of one person, hours beyond the activity's duration, a full activity, a wrong code — each refused
// with problem+json.
#include <cctype>
#include <ctime>

#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

std::string LocalIso(std::time_t t) {
  t += 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

json Publish(const std::string& title, int capacity, std::time_t start, std::time_t end) {
  Response r = Env().As("secretary", "POST", "/api/v1/activities",
                        json{{"place_code", Env().place("secretary")},
                             {"title", title},
                             {"address", "村委会广场"},
                             {"starts_at", LocalIso(start)},
                             {"ends_at", LocalIso(end)},
                             {"capacity", capacity}});
  EXPECT_TRUE(IsStatus(r, 201));
  return r.Json();
}

double Hours(const std::string& user) {
  const json me = Env().As(user, "GET", "/api/v1/ledger/me").Json();  // kept: the loop reads into it
  for (const json& a : me["items"])
    if (a.value("currency", "") == "hours") return a["balance"].get<double>();
  return -1;
}

TEST(Activities, SignUpCheckInOutAndEveryRefusal) {
  const std::time_t now = std::time(nullptr);
  const json a = Publish("清理河道垃圾", 50, now - 600, now + 2 * 3600);
  const json b = Publish("陪老人聊天", 1, now - 600, now + 3600);
  const int64_t aid = a.value("id", int64_t{0}), bid = b.value("id", int64_t{0});
  const std::string code = a.value("code", "");
  ASSERT_EQ(code.size(), 8u);
  const std::string base = "/api/v1/activities/";
  // The resident sees the activities of their community, without the code.
  Response list = Env().As("resident", "GET", "/api/v1/activities");
  ASSERT_TRUE(IsStatus(list, 200));
  bool seen = false;
  for (const json& x : list.Json()["items"])
    if (x.value("id", int64_t{0}) == aid) {
      seen = true;
      EXPECT_TRUE(x["code"].is_null());
    }
  EXPECT_TRUE(seen) << list.body;

  // Sign up once; a full activity refuses the next person.
  ASSERT_TRUE(
      IsStatus(Env().As("resident", "POST", base + std::to_string(aid) + "/signup", json::object()), 200));
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", base + std::to_string(aid) + "/signup", json::object()),
                        409, "person_id"));
  ASSERT_TRUE(
      IsStatus(Env().As("partymember", "POST", base + std::to_string(bid) + "/signup", json::object()), 200));
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", base + std::to_string(bid) + "/signup", json::object()),
                        409, "capacity"));

  // Checking out before checking in; a wrong code; then in with the QR's code and the phone's position.
  EXPECT_TRUE(IsProblem(
      Env().As("resident", "POST", base + std::to_string(aid) + "/checkout", json::object()), 409, "status"));
  EXPECT_TRUE(IsProblem(
      Env().As("resident", "POST", base + std::to_string(aid) + "/checkin", json{{"code", "WRONG"}}), 400,
      "code"));
  std::string typed = code;  // typed by hand in lower case: the code is the same
  for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  Response in = Env().As("resident", "POST", base + std::to_string(aid) + "/checkin",
                         json{{"code", typed}, {"lat", 26.4102}, {"lon", 103.2977}});
  ASSERT_TRUE(IsStatus(in, 200));
  EXPECT_EQ(in.Json().value("status", ""), "present");
  EXPECT_NEAR(in.Json()["lat"].get<double>(), 26.4102, 1e-6);
  // Overlapping check-ins of one person: refused at another activity until checked out here.
  const json c = Publish("文明劝导", 20, now - 600, now + 3600);
  const int64_t cid = c.value("id", int64_t{0});
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", base + std::to_string(cid) + "/checkin",
                                 json{{"code", c.value("code", "")}}),
                        409, "person_id"));
  // Out again at once: under half an hour earns nothing, and the sign-up is done.
  const double before = Hours("resident");
  Response out = Env().As("resident", "POST", base + std::to_string(aid) + "/checkout", json::object());
  ASSERT_TRUE(IsStatus(out, 200));
  EXPECT_EQ(out.Json().value("status", ""), "done");
  EXPECT_EQ(out.Json()["hours"].get<double>(), 0);
  EXPECT_EQ(Hours("resident"), before);
  EXPECT_TRUE(IsProblem(
      Env().As("resident", "POST", base + std::to_string(aid) + "/checkout", json::object()), 409, "status"));

  // The organiser confirms the party member's hours: not beyond the activity's hour, in half hours.
  Response pm = Env().As("partymember", "GET", "/api/v1/ledger/me");
  const int64_t pm_person = pm.Json()["items"][0].value("person_id", int64_t{0});
  ASSERT_GT(pm_person, 0);
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", base + std::to_string(bid) + "/hours",
                                 json{{"person_id", pm_person}, {"hours", 2}}),
                        400, "hours"));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", base + std::to_string(bid) + "/hours",
                                 json{{"person_id", pm_person}, {"hours", 0.7}}),
                        400, "hours"));
  const double pm_before = Hours("partymember");
  Response credit = Env().As("secretary", "POST", base + std::to_string(bid) + "/hours",
                             json{{"person_id", pm_person}, {"hours", 1}});
  ASSERT_TRUE(IsStatus(credit, 200));
  EXPECT_EQ(credit.Json()["hours"].get<double>(), 1);
  EXPECT_FALSE(credit.Json()["entry_id"].is_null());
  EXPECT_EQ(Hours("partymember"), pm_before + 1);
  // Once: the same confirmation again is refused and nothing more is deposited.
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", base + std::to_string(bid) + "/hours",
                                 json{{"person_id", pm_person}, {"hours", 1}}),
                        409, "status"));
  EXPECT_EQ(Hours("partymember"), pm_before + 1);

  // The organiser's view lists everyone with their status; a resident sees only their own sign-up.
  Response staff = Env().As("secretary", "GET", base + std::to_string(aid));
  ASSERT_TRUE(IsStatus(staff, 200));
  EXPECT_EQ(staff.Json().value("code", ""), code);
  EXPECT_GE(staff.Json()["signups"].size(), 1u);
  Response own = Env().As("resident", "GET", base + std::to_string(bid));
  ASSERT_TRUE(IsStatus(own, 200));
  EXPECT_TRUE(own.Json()["code"].is_null());
  EXPECT_EQ(own.Json()["signups"].size(), 0u);  // the party member's sign-up is not the resident's to see

  // A grid worker organises the activities of the grid's community; the sign-up answer names the person.
  const std::string grid_village = Env().place("gridworker").substr(0, 12);
  Response by_grid = Env().As("gridworker", "POST", "/api/v1/activities",
                              json{{"place_code", grid_village},
                                   {"title", "网格清扫"},
                                   {"starts_at", LocalIso(now + 3600)},
                                   {"ends_at", LocalIso(now + 7200)},
                                   {"capacity", 10}});
  ASSERT_TRUE(IsStatus(by_grid, 201));
  Response grid_list = Env().As("gridworker", "GET", "/api/v1/activities");
  ASSERT_TRUE(IsStatus(grid_list, 200));
  bool grid_seen = false;
  for (const json& x : grid_list.Json()["items"])
    grid_seen = grid_seen || x.value("id", int64_t{0}) == by_grid.Json().value("id", int64_t{0});
  EXPECT_TRUE(grid_seen) << grid_list.body;
  Response pm_signup = Env().As("partymember", "GET", base + std::to_string(bid));
  ASSERT_TRUE(IsStatus(pm_signup, 200));
  ASSERT_EQ(pm_signup.Json()["signups"].size(), 1u);
  EXPECT_FALSE(pm_signup.Json()["signups"][0].value("person_name", "").empty());

  // Bad input: an activity that ends before it starts, or longer than a day; residents do not publish.
  Response backwards = Env().As("secretary", "POST", "/api/v1/activities",
                                json{{"place_code", Env().place("secretary")},
                                     {"title", "倒序"},
                                     {"starts_at", LocalIso(now + 7200)},
                                     {"ends_at", LocalIso(now + 3600)},
                                     {"capacity", 5}});
  EXPECT_TRUE(IsProblem(backwards, 400, "ends_at"));
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/activities",
                                 json{{"place_code", Env().place("secretary")},
                                      {"title", "x"},
                                      {"starts_at", LocalIso(now)},
                                      {"ends_at", LocalIso(now + 60)},
                                      {"capacity", 5}}),
                        403));
}

}  // namespace
}  // namespace wangge::e2e
