// The event loop over HTTP against a real server: the whole loop, every bad-input case of the issue,
// attachments, indicators, the inbox and webhooks to receivers that fail.
#include <netinet/in.h>
#include <sys/socket.h>

#include <future>

#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

std::pair<double, double> CentreOf(const std::string& grid) {
  auto c = GridCentre(grid);
  EXPECT_TRUE(c.has_value()) << "no boundary for grid " << grid;
  return c.value_or(std::make_pair(0.0, 0.0));
}

// The command-centre account whose scope covers the grid (the township account, or the county's).
std::string CommandFor(const std::string& grid) {
  return grid.rfind(Env().place("township"), 0) == 0 ? "township" : "county";
}

json Report(const std::string& user, const std::string& category, const std::string& grid,
            const std::string& text = "路边垃圾堆积，影响通行") {
  auto [lon, lat] = CentreOf(grid);
  Response r = Env().As(user, "POST", "/api/v1/orders",
                        json{{"category", category}, {"description", text}, {"lat", lat}, {"lon", lon}});
  EXPECT_EQ(r.status, 201) << r.Brief();
  return r.Json();
}

Response Act(const std::string& user, int64_t id, const std::string& action,
             const json& body = json::object()) {
  return Env().As(user, "POST", "/api/v1/orders/" + std::to_string(id) + "/" + action, body);
}

// A caller's citizen ID typed into an order's free text is stored masked: description, the title cut from
// it, and a transition note (the e2e PII scan checks every answer besides).
TEST(Orders, CitizenIdsTypedIntoFreeTextAreStoredMasked) {
  const std::string grid = Env().place("gridworker");
  const std::string cmd = CommandFor(grid);
  const std::string id = FreshCitizenId(1968);
  json o = Report("gridworker", "0101", grid, "居民王五（身份证" + id + "）反映楼道堆放杂物");
  const int64_t order = o.value("id", int64_t{0});
  ASSERT_GT(order, 0);
  EXPECT_EQ(o.value("description", ""), "居民王五（身份证" + MaskCitizenId(id) + "）反映楼道堆放杂物");
  EXPECT_EQ(o.value("title", "").find(id.substr(6, 8)), std::string::npos) << o.value("title", "");
  ASSERT_TRUE(IsStatus(Act(cmd, order, "accept", {{"note", "核实来电人 " + id + " 无误"}}), 200));
  Response detail = Env().As(cmd, "GET", "/api/v1/orders/" + std::to_string(order));
  ASSERT_TRUE(IsStatus(detail, 200));
  EXPECT_EQ(detail.body.find(id), std::string::npos);
  EXPECT_NE(detail.body.find("核实来电人 " + MaskCitizenId(id) + " 无误"), std::string::npos) << detail.body;
}

TEST(Orders, ResidentReportsCommandDispatchesDepartmentFinishesResidentRates) {
  const std::string grid = Env().place("gridworker");
  const std::string cmd = CommandFor(grid);
  json o = Report("resident", "0101", grid);
  const int64_t id = o["id"].get<int64_t>();
  EXPECT_EQ(o["place_code"], grid);
  EXPECT_EQ(o["state"], "reported");
  EXPECT_EQ(o["channel"], "web");
  const std::string no = o["tracking_no"];
  const std::string code = o.value("track_code", "");
  EXPECT_EQ(code.rfind(no + "-", 0), 0u) << "the reporter gets the tracking code: " << code;

  ASSERT_TRUE(IsStatus(Act(cmd, id, "accept"), 200));
  const int64_t police = DepartmentId("gongan");
  Response d = Act(cmd, id, "dispatch", {{"target_dept", police}});
  ASSERT_TRUE(IsStatus(d, 200));
  EXPECT_EQ(d.Json()["assignee_dept"], police);
  // The department's handler sees it in the inbox and in their list.
  Response inbox = Env().As("police", "GET", "/api/v1/inbox?unread=true");
  ASSERT_TRUE(IsStatus(inbox, 200));
  EXPECT_GE(inbox.Json()["unread"].get<int64_t>(), 1);
  ASSERT_TRUE(IsStatus(Act("police", id, "claim"), 200));
  ASSERT_TRUE(IsStatus(Act("police", id, "progress", {{"note", "已派人到场"}}), 200));
  ASSERT_TRUE(IsStatus(Act("police", id, "finish", {{"note", "已清理完毕"}}), 200));
  ASSERT_TRUE(IsStatus(Act("resident", id, "verify_pass"), 200));
  Response rated = Act("resident", id, "rate", {{"rating", 1}});
  ASSERT_TRUE(IsStatus(rated, 200));
  EXPECT_EQ(rated.Json()["state"], "closed");
  EXPECT_EQ(rated.Json()["tier"], "department");
  // Rating twice.
  EXPECT_TRUE(IsProblem(Act("resident", id, "rate", {{"rating", 2}}), 409));
  // The timeline has every step with who did it.
  Response full = Env().As(cmd, "GET", "/api/v1/orders/" + std::to_string(id));
  ASSERT_TRUE(IsStatus(full, 200));
  std::vector<std::string> steps;
  for (const json& e : full.Json()["events"]) steps.push_back(e["action"]);
  EXPECT_EQ(steps, (std::vector<std::string>{"report", "accept", "dispatch", "claim", "progress", "finish",
                                             "verify_pass", "rate"}));
  // Public tracking and the board, without personal data.
  Response track = Env().server().Call("GET", "/api/v1/track?no=" + code, "");
  ASSERT_TRUE(IsStatus(track, 200));
  EXPECT_FALSE(track.Json().contains("track_code"));
  EXPECT_EQ(track.Json()["state"], "closed");
  EXPECT_FALSE(track.Json().contains("reporter_name"));
  Response board = Env().server().Call("GET", "/api/v1/board?limit=200", "");
  ASSERT_TRUE(IsStatus(board, 200));
  bool found = false;
  for (const json& it : board.Json()["items"])
    if (it["id"] == id) found = true;
  EXPECT_TRUE(found);
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/track?no=WG2026010199999999", ""), 404));
  // The sequential tracking number alone, or with a wrong key, is the same 404 as an unknown one.
  Response bare = Env().server().Call("GET", "/api/v1/track?no=" + no, "");
  EXPECT_TRUE(IsProblem(bare, 404));
  Response wrong = Env().server().Call("GET", "/api/v1/track?no=" + no + "-0000000000", "");
  EXPECT_TRUE(IsProblem(wrong, 404));
  EXPECT_EQ(bare.Json().value("detail", ""), wrong.Json().value("detail", ""));
}

TEST(Orders, IllegalTransitionsAreRefusedAndChangeNothing) {
  const std::string grid = Env().place("gridworker");
  const std::string cmd = CommandFor(grid);
  json o = Report("resident", "0101", grid);
  const int64_t id = o["id"].get<int64_t>();
  // Wrong state: claim before dispatch.
  EXPECT_TRUE(IsProblem(Act("gridworker", id, "claim"), 409));
  // Wrong role: a resident cannot accept.
  EXPECT_TRUE(IsProblem(Act("resident", id, "accept"), 403));
  // Someone else's order: another resident-like account does not see it at all.
  EXPECT_TRUE(IsProblem(Act("partymember", id, "verify_pass"), 404));
  EXPECT_TRUE(IsProblem(Env().As("partymember", "GET", "/api/v1/orders/" + std::to_string(id)), 404));
  // Missing reason.
  EXPECT_TRUE(IsProblem(Act(cmd, id, "refuse"), 400, "reason"));
  // Unknown fields and wrong types.
  EXPECT_TRUE(IsProblem(Act(cmd, id, "accept", {{"bogus", 1}}), 400));
  EXPECT_TRUE(IsProblem(Act(cmd, id, "dispatch", {{"target_dept", "x"}}), 400));
  Response after = Env().As(cmd, "GET", "/api/v1/orders/" + std::to_string(id));
  ASSERT_TRUE(IsStatus(after, 200));
  EXPECT_EQ(after.Json()["state"], "reported");
  EXPECT_EQ(after.Json()["version"], o.value("version", 1));
  EXPECT_EQ(after.Json()["events"].size(), 1u);
  // A second claim of a claimed order.
  ASSERT_TRUE(IsStatus(Act(cmd, id, "accept"), 200));
  ASSERT_TRUE(IsStatus(Act(cmd, id, "dispatch", {{"target_place", grid}}), 200));
  ASSERT_TRUE(IsStatus(Act("gridworker", id, "claim"), 200));
  EXPECT_TRUE(IsProblem(Act("gridworker", id, "claim"), 409));
  // A grid worker of another grid is not the assignee.
  EXPECT_NE(Env().place("gridworker2"), grid);
  EXPECT_GE(Act("gridworker2", id, "finish", {{"note", "x"}}).status, 403);
}

TEST(Orders, TwoHandlersRacingToFinishExactlyOneWins) {
  const std::string grid = Env().place("gridworker");
  const std::string cmd = CommandFor(grid);
  const int64_t police = DepartmentId("gongan");
  // A second handler of the same department.
  Response nu = Env().As("admin", "POST", "/api/v1/users",
                         {{"username", "police_race_" + std::to_string(::getpid())},
                          {"display_name", "民警乙"},
                          {"role", "department_handler"},
                          {"place_code", Env().place("police")},
                          {"department_id", police}});
  ASSERT_TRUE(IsStatus(nu, 201));
  Response login = Env().server().Login(nu.Json()["username"], nu.Json()["initial_password"]);
  ASSERT_TRUE(IsStatus(login, 200));
  std::string token2 = login.Json()["token"];
  // A new account must change its initial password first (which ends its other sessions: log in again).
  const std::string pw = "Race-" + std::to_string(::getpid()) + "-pw9";
  ASSERT_TRUE(IsStatus(
      Env().server().Call("POST", "/api/v1/me/password", token2,
                          json{{"old_password", nu.Json()["initial_password"]}, {"new_password", pw}}.dump()),
      200));
  login = Env().server().Login(nu.Json()["username"], pw);
  ASSERT_TRUE(IsStatus(login, 200));
  token2 = login.Json()["token"].get<std::string>();
  for (int round = 0; round < 3; ++round) {
    json o = Report("resident", "0901", grid, "夜间有人翻越围墙");
    const int64_t id = o["id"].get<int64_t>();
    ASSERT_TRUE(IsStatus(Act(cmd, id, "accept"), 200));
    ASSERT_TRUE(IsStatus(Act(cmd, id, "dispatch", {{"target_dept", police}}), 200));
    ASSERT_TRUE(IsStatus(Act("police", id, "claim"), 200));
    const std::string path = "/api/v1/orders/" + std::to_string(id) + "/finish";
    const std::string body = json{{"note", "已处置"}}.dump();
    auto a = std::async(std::launch::async,
                        [&] { return Env().server().Call("POST", path, Env().Token("police"), body); });
    auto b = std::async(std::launch::async, [&] { return Env().server().Call("POST", path, token2, body); });
    Response ra = a.get(), rb = b.get();
    const int ok = (ra.status == 200) + (rb.status == 200);
    const int conflict = (ra.status == 409) + (rb.status == 409);
    EXPECT_EQ(ok, 1) << ra.Brief() << " / " << rb.Brief();
    EXPECT_EQ(conflict, 1) << ra.Brief() << " / " << rb.Brief();
    Response after = Env().As(cmd, "GET", "/api/v1/orders/" + std::to_string(id));
    int finishes = 0;
    for (const json& e : after.Json()["events"]) finishes += e["action"] == "finish";
    EXPECT_EQ(finishes, 1);
  }
}

TEST(Orders, BadReportsAre400WithTheField) {
  const std::string grid = Env().place("gridworker");
  // Coordinates outside every grid (the middle of the Pacific).
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/orders",
                                 {{"category", "0101"}, {"description", "x"}, {"lat", 0.5}, {"lon", 170.0}}),
                        400, "lat"));
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/orders",
                                 {{"category", "9988"}, {"description", "x"}, {"place_code", grid}}),
                        400, "category"));
  EXPECT_TRUE(
      IsProblem(Env().As("resident", "POST", "/api/v1/orders", {{"category", "0101"}, {"place_code", grid}}),
                400, "description"));
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/orders",
                                 {{"category", "0101"}, {"description", "x"}, {"lat", "26"}, {"lon", 103.0}}),
                        400, "lat"));
  EXPECT_TRUE(IsProblem(
      Env().AsRaw("resident", "POST", "/api/v1/orders", "{\"category\":", "application/json"), 400));
  // A grid worker outside their own grid.
  EXPECT_TRUE(IsProblem(
      Env().As("gridworker", "POST", "/api/v1/orders",
               {{"category", "0101"}, {"description", "x"}, {"place_code", Env().place("gridworker2")}}),
      403));
  // Settling on the spot needs a photo.
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/orders",
                                 {{"category", "0101"},
                                  {"description", "x"},
                                  {"place_code", grid},
                                  {"settle", true},
                                  {"note", "已清理"}}),
                        400, "attachments"));
}

TEST(Orders, GridWorkerSettlesOnTheSpotWithAPhoto) {
  const std::string grid = Env().place("gridworker");
  Response up =
      Env().AsRaw("gridworker", "POST", "/api/v1/attachments", TinyPng(), "application/octet-stream");
  ASSERT_TRUE(IsStatus(up, 201));
  EXPECT_EQ(up.Json()["mime"], "image/png");
  const std::string sha = up.Json()["id"];
  Response r = Env().As("gridworker", "POST", "/api/v1/orders",
                        {{"category", "0101"},
                         {"description", "垃圾桶满溢"},
                         {"place_code", grid},
                         {"settle", true},
                         {"note", "已联系保洁清运"},
                         {"attachments", json::array({sha})}});
  ASSERT_TRUE(IsStatus(r, 201));
  EXPECT_EQ(r.Json()["state"], "finished");
  EXPECT_EQ(r.Json()["tier"], "grid");
  EXPECT_EQ(r.Json()["channel"], "patrol");
  // The command centre sees the photo; a resident who has nothing to do with it does not.
  Response img = Env().As(CommandFor(grid), "GET", "/api/v1/attachments/" + sha);
  ASSERT_TRUE(IsStatus(img, 200));
  EXPECT_EQ(img.body, TinyPng());
  EXPECT_EQ(img.Header("content-type"), "image/png");
  EXPECT_TRUE(IsProblem(Env().As("resident", "GET", "/api/v1/attachments/" + sha), 404));
  EXPECT_TRUE(IsProblem(Env().As("resident", "GET", "/api/v1/attachments/..%2F..%2Fetc%2Fpasswd"), 404));
}

// Citing someone else's file by its hash neither opens it nor says it exists: the same 400 as for a hash
// nobody uploaded, and the file stays 404 to the caller. Uploading the same bytes oneself makes them one's
// own.
TEST(Orders, AnotherUsersAttachmentCannotBeCitedByItsHash) {
  const std::string grid = Env().place("gridworker");
  std::string mine = TinyPng();
  mine[mine.size() - 5] ^= 0x5A;  // a variant nobody else has uploaded (the type is sniffed from the header)
  mine += "gridworker-only";
  Response up = Env().AsRaw("gridworker", "POST", "/api/v1/attachments", mine, "application/octet-stream");
  ASSERT_TRUE(IsStatus(up, 201));
  const std::string sha = up.Json()["id"];
  auto cite = [&](const std::string& user, const std::string& hash) {
    return Env().As(
        user, "POST", "/api/v1/orders",
        {{"category", "0101"},
         {"description", "引用他人附件"},
         {"place_code", Env().place("resident").size() >= 12 ? Env().place("resident").substr(0, 12) : grid},
         {"attachments", json::array({hash})}});
  };
  Response theirs = cite("resident", sha);
  Response unknown = cite("resident", std::string(64, 'a'));
  EXPECT_TRUE(IsProblem(theirs, 400, "attachments"));
  EXPECT_TRUE(IsProblem(unknown, 400, "attachments"));
  auto without_hash = [](std::string d, const std::string& h) {
    const size_t at = d.find(h.substr(0, 12));
    return at == std::string::npos ? d : d.replace(at, 12, "");
  };
  EXPECT_EQ(without_hash(theirs.Json().value("detail", ""), sha),
            without_hash(unknown.Json().value("detail", ""), std::string(64, 'a')))
      << "the answer must not tell an existing file from a missing one";
  EXPECT_TRUE(IsProblem(Env().As("resident", "GET", "/api/v1/attachments/" + sha), 404));
  // The same bytes uploaded by the resident are the resident's too.
  ASSERT_TRUE(IsStatus(Env().AsRaw("resident", "POST", "/api/v1/attachments", mine, "image/png"), 201));
  EXPECT_TRUE(IsStatus(cite("resident", sha), 201));
}

TEST(Orders, OversizeAndNonImageUploadsAreRefused) {
  Response html = Env().AsRaw("resident", "POST", "/api/v1/attachments",
                              "<html><script>alert(1)</script></html>", "image/png");
  EXPECT_TRUE(IsProblem(html, 415));
  std::string big = TinyPng() + std::string(9u << 20, 'x');
  EXPECT_TRUE(IsProblem(Env().AsRaw("resident", "POST", "/api/v1/attachments", big, "image/png"), 413));
  EXPECT_TRUE(IsProblem(Env().AsRaw("resident", "POST", "/api/v1/attachments", "", "image/png"), 400));
}

TEST(Orders, OpenListSortedByDeadlineAndIndicators) {
  const std::string township = Env().place("township");
  Response list = Env().As("township", "GET", "/api/v1/orders?sort=deadline&limit=20");
  ASSERT_TRUE(IsStatus(list, 200));
  std::string prev;
  for (const json& it : list.Json()["items"]) {
    std::string d = it["deadline"].is_string() ? it["deadline"].get<std::string>() : "";
    EXPECT_FALSE(d.empty());
    EXPECT_LE(prev, d);
    prev = d;
    EXPECT_EQ(it["place_code"].get<std::string>().rfind(township, 0), 0u);
  }
  Response ind = Env().As("county", "GET", "/api/v1/indicators?group_by=child");
  ASSERT_TRUE(IsStatus(ind, 200));
  json j = ind.Json();
  EXPECT_GT(j["counts"]["received"].get<int64_t>(), 0);
  EXPECT_GE(j["rates"]["response"].get<double>(), 0.0);
  int64_t sum = 0;
  for (const json& g : j["groups"]) sum += g["counts"]["received"].get<int64_t>();
  EXPECT_EQ(sum, j["counts"]["received"].get<int64_t>()) << "children add up to the county";
  EXPECT_TRUE(IsStatus(Env().As("county", "GET", "/api/v1/indicators?group_by=month"), 200));
  EXPECT_TRUE(IsStatus(Env().As("police", "GET", "/api/v1/indicators"), 200));
  EXPECT_TRUE(IsProblem(Env().As("resident", "GET", "/api/v1/indicators"), 403));
  EXPECT_TRUE(IsProblem(Env().As("township", "GET", "/api/v1/indicators?place=530326999"), 403));
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/indicators?from=2026-13-01"), 400, "from"));
  EXPECT_TRUE(IsProblem(Env().As("county", "GET", "/api/v1/indicators?group_by=galaxy"), 400, "group_by"));
}

// A loopback receiver that answers every request with `status`, or never answers (status 0).
class Receiver {
 public:
  explicit Receiver(int status) : status_(status) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] {
      while (!stop_) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) break;
        ++hits_;
        char buf[8192];
        (void)::recv(c, buf, sizeof buf, 0);
        if (status_ == 0) {
          held_.push_back(c);  // never answer
          continue;
        }
        std::string resp =
            "HTTP/1.1 " + std::to_string(status_) + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
        ::close(c);
      }
    });
  }
  ~Receiver() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    for (int c : held_) ::close(c);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  int hits() const { return hits_.load(); }

 private:
  int status_, fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> hits_{0};
  std::vector<int> held_;
  std::thread thread_;
};

// Waits until the webhook has a delivery attempt recorded; returns the newest delivery.
json WaitForAttempt(int64_t hook, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    Response r = Env().As("admin", "GET", "/api/v1/webhooks/" + std::to_string(hook) + "/deliveries");
    if (r.status == 200 && !r.Json()["items"].empty() && r.Json()["items"][0]["attempts"].get<int>() > 0)
      return r.Json()["items"][0];
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return json();
}

TEST(Orders, WebhookReceiversThatFailOrHangAreRetriedLater) {
  const std::string grid = Env().place("gridworker");
  for (int status : {500, 0}) {
    Receiver rx(status);
    Response w = Env().As("admin", "POST", "/api/v1/webhooks",
                          {{"url", rx.url()}, {"events", "order.report"}, {"scope", grid}});
    ASSERT_TRUE(IsStatus(w, 201));
    EXPECT_GE(w.Json()["secret"].get<std::string>().size(), 16u);
    const int64_t hook = w.Json()["id"].get<int64_t>();
    Report("resident", "0101", grid);
    json d = WaitForAttempt(hook, status == 0 ? 15 : 8);
    ASSERT_FALSE(d.is_null()) << "no delivery attempt recorded";
    EXPECT_EQ(d["status"], "pending") << d.dump();
    EXPECT_EQ(d["attempts"], 1);
    if (status == 500) {
      EXPECT_EQ(d["last_status"], 500);
    } else {
      EXPECT_EQ(d["last_error"], "timeout") << d.dump();
    }
    EXPECT_FALSE(d["next_at"].is_null()) << "a retry is scheduled";
    EXPECT_GE(rx.hits(), 1);
    // Disable it so later tests do not post to a closed port.
    Response off = Env().As("admin", "PATCH", "/api/v1/webhooks/" + std::to_string(hook),
                            {{"version", 1}, {"active", false}});
    EXPECT_TRUE(IsStatus(off, 200));
  }
  // A webhook URL that is not http is refused.
  EXPECT_TRUE(
      IsProblem(Env().As("admin", "POST", "/api/v1/webhooks", {{"url", "ftp://example.org/x"}}), 400));
}

TEST(Orders, CategoriesAndCalendarAreEditableByAdminsOnly) {
  Response cats = Env().As("resident", "GET", "/api/v1/categories");
  ASSERT_TRUE(IsStatus(cats, 200));
  EXPECT_GE(cats.Json()["items"].size(), 60u);
  Response one = Env().As("admin", "GET", "/api/v1/categories/0101");
  ASSERT_TRUE(IsStatus(one, 200));
  const int64_t v = one.Json()["version"].get<int64_t>();
  EXPECT_TRUE(IsProblem(
      Env().As("county", "PATCH", "/api/v1/categories/0101", {{"version", v}, {"accept_limit", "3wh"}}),
      403));
  Response ok =
      Env().As("admin", "PATCH", "/api/v1/categories/0101", {{"version", v}, {"accept_limit", "3wh"}});
  ASSERT_TRUE(IsStatus(ok, 200));
  EXPECT_EQ(ok.Json()["accept_limit"], "3wh");
  EXPECT_TRUE(IsProblem(
      Env().As("admin", "PATCH", "/api/v1/categories/0101", {{"version", v}, {"accept_limit", "2wh"}}), 409));
  EXPECT_TRUE(IsProblem(Env().As("admin", "PATCH", "/api/v1/categories/0101",
                                 {{"version", v + 1}, {"accept_limit", "2 hours"}}),
                        400, "accept_limit"));
  ASSERT_TRUE(IsStatus(
      Env().As("admin", "PATCH", "/api/v1/categories/0101", {{"version", v + 1}, {"accept_limit", "2wh"}}),
      200));
  // Calendar: the 2025 Spring Festival make-up Sunday is a working day; deadlines follow it.
  Response cal = Env().As("resident", "GET", "/api/v1/calendar?year=2025");
  ASSERT_TRUE(IsStatus(cal, 200));
  bool makeup = false;
  for (const json& d : cal.Json()["items"]) makeup |= d["date"] == "2025-01-26" && d["type"] == "workday";
  EXPECT_TRUE(makeup);
  Response dl =
      Env().As("resident", "GET", "/api/v1/calendar/deadline?start=2025-01-27T17:00:00%2B08:00&limit=2wh");
  ASSERT_TRUE(IsStatus(dl, 200));
  // Monday 27 Jan 17:00 + 2 working hours: 1 h that day, then the holiday (28 Jan - 4 Feb), next working day
  // is Wednesday 5 Feb: 09:30.
  EXPECT_EQ(dl.Json()["deadline"], "2025-02-05T09:30:00+08:00");
  EXPECT_TRUE(IsProblem(
      Env().As("county", "PUT", "/api/v1/calendar", {{"date", "2027-01-01"}, {"type", "holiday"}}), 403));
  ASSERT_TRUE(IsStatus(Env().As("admin", "PUT", "/api/v1/calendar",
                                {{"date", "2027-01-01"}, {"type", "holiday"}, {"name", "元旦"}}),
                       200));
  EXPECT_TRUE(IsProblem(
      Env().As("admin", "PUT", "/api/v1/calendar", {{"date", "2027-01-04"}, {"type", "workday"}}), 400));
  ASSERT_TRUE(IsStatus(Env().As("admin", "DELETE", "/api/v1/calendar?date=2027-01-01"), 200));
}

}  // namespace
}  // namespace wangge::e2e
