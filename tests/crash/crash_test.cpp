// Crash safety: concurrent order intake and transitions over HTTP while the server is killed with SIGKILL at
// random moments, then restarted on the same data directory. After every kill:
//   - `wangge check` passes on the data directory as the kill left it (database file, audit chain,
//     counters and indicator roll-ups equal to a recomputation from the orders);
//   - every write that got a 2xx answer, in this cycle or any earlier one, is present and intact;
//   - a write whose answer never came is either fully applied or not at all (its order's timeline, version
//     and state agree with each other).
// WANGGE_CRASH_CYCLES sets the number of kills (default 3 for the default run; the long run uses 20).
#include <random>

#include "../e2e/server_fixture.hpp"

namespace wangge::e2e {
namespace {

[[maybe_unused]] ::testing::Environment* const kEnvironment = ::testing::AddGlobalTestEnvironment(new E2E);

// The steps every test order goes through, one request each; an order is advanced only by the thread that
// created it, so its expected state is known exactly.
struct Step {
  const char* action;  // "" = the report itself
  const char* user;    // demo account
  const char* state;   // the order's state after the step
};
const std::vector<Step>& Steps() {
  static const std::vector<Step> steps = {
      {"", "gridworker", "reported"},         {"accept", "township", "accepted"},
      {"dispatch", "township", "dispatched"}, {"claim", "police", "handling"},
      {"progress", "police", "handling"},     {"finish", "police", "finished"},
  };
  return steps;
}

struct Tracked {
  std::string description;
  int64_t id = 0;       // 0: the report was never answered
  int acked_step = -1;  // the last step answered with 2xx
  int64_t acked_version = 0;
  bool pending = false;  // a request for step acked_step + 1 was sent and never answered
};

struct Tally {
  std::atomic<int64_t> acked{0}, unanswered{0}, refused{0};
};

int Cycles() {
  const char* env = std::getenv("WANGGE_CRASH_CYCLES");
  return env != nullptr && std::atoi(env) > 0 ? std::atoi(env) : 3;
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoginAll();
    grid_ = Env().place("gridworker");
    auto centre = GridCentre(grid_);
    ASSERT_TRUE(centre.has_value()) << "no boundary for grid " << grid_;
    std::tie(lon_, lat_) = *centre;
    police_ = DepartmentId("gongan");
    ASSERT_GT(police_, 0);
  }

  // One request for the order's next step. Returns false when the server did not answer (it was killed).
  bool Advance(Tracked& t, Tally& tally) {
    const int next = t.acked_step + 1;
    const Step& step = Steps()[static_cast<size_t>(next)];
    Response r;
    if (next == 0) {
      r = Env().As(step.user, "POST", "/api/v1/orders",
                   json{{"category", "0101"}, {"description", t.description}, {"lat", lat_}, {"lon", lon_}});
    } else {
      json body = json::object();
      if (std::string(step.action) == "dispatch") body["target_dept"] = police_;
      if (std::string(step.action) == "progress") body["note"] = "已派人到场 " + t.description;
      if (std::string(step.action) == "finish") body["note"] = "已办结 " + t.description;
      r = Env().As(step.user, "POST", "/api/v1/orders/" + std::to_string(t.id) + "/" + step.action, body);
    }
    if (r.status == 0) {
      t.pending = true;
      ++tally.unanswered;
      return false;
    }
    if (r.status / 100 != 2) {
      ++tally.refused;
      ADD_FAILURE() << "step " << next << " of '" << t.description << "' refused: " << r.Brief();
      return true;
    }
    json j = r.Json();
    if (next == 0) t.id = j.value("id", int64_t{0});
    t.acked_step = next;
    t.acked_version = j.value("version", int64_t{0});
    EXPECT_EQ(j.value("state", ""), step.state) << t.description;
    ++tally.acked;
    return true;
  }

  // The whole state of one order as the server has it: timeline length, version, state, description. The
  // order as read is left in *got.
  ::testing::AssertionResult Verify(const Tracked& t, json* got) {
    Response r = Env().As("county", "GET", "/api/v1/orders/" + std::to_string(t.id));
    if (r.status != 200)
      return ::testing::AssertionFailure() << "order " << t.id << " (" << t.description << "): " << r.Brief();
    json& j = *got = r.Json();
    if (j.value("description", "") != t.description)
      return ::testing::AssertionFailure()
             << "order " << t.id << " description changed: " << j.value("description", "");
    const json& events = j["events"];
    const int applied = static_cast<int>(events.size()) - 1;  // steps applied: one timeline event each
    const int lo = t.acked_step, hi = t.pending ? t.acked_step + 1 : t.acked_step;
    if (applied < lo || applied > hi)
      return ::testing::AssertionFailure() << "order " << t.id << " '" << t.description
                                           << "': " << events.size() << " timeline events, acknowledged step "
                                           << t.acked_step << (t.pending ? " (+1 unanswered)" : "");
    const Step& step = Steps()[static_cast<size_t>(applied)];
    if (j.value("state", "") != step.state)
      return ::testing::AssertionFailure() << "order " << t.id << ": state " << j.value("state", "")
                                           << " after " << applied << " steps, expected " << step.state;
    if (applied > 0 && events.back().value("action", "") != step.action)
      return ::testing::AssertionFailure() << "order " << t.id << ": last event " << events.back().dump();
    if (applied == t.acked_step && j.value("version", int64_t{0}) != t.acked_version)
      return ::testing::AssertionFailure()
             << "order " << t.id << ": version " << j.value("version", int64_t{0}) << ", acknowledged "
             << t.acked_version;
    return ::testing::AssertionSuccess();
  }

  // Finds the order of a report whose answer never came (by its unique description among the grid worker's
  // newest reports): 0 when it was not applied.
  int64_t FindUnansweredReport(const std::string& description) {
    std::string after;
    for (int page = 0; page < 20; ++page) {
      Response r = Env().As(
          "gridworker", "GET",
          "/api/v1/orders?mine=reported&sort=newest&limit=200" + (after.empty() ? "" : "&after=" + after));
      if (r.status != 200) {
        ADD_FAILURE() << r.Brief();
        return 0;
      }
      json j = r.Json();
      for (const json& o : j["items"])
        if (o.value("description", "") == description) return o["id"].get<int64_t>();
      after = j["next"].is_string() ? j["next"].get<std::string>() : "";
      if (after.empty()) break;
    }
    return 0;
  }

  std::string grid_;
  double lon_ = 0, lat_ = 0;
  int64_t police_ = 0;
};

TEST_F(CrashTest, AcknowledgedWritesSurviveSigkillAndNothingIsHalfApplied) {
  const int cycles = Cycles();
  constexpr int kThreads = 6;
  std::mt19937 rng(static_cast<unsigned>(::getpid()));
  std::vector<std::vector<Tracked>> orders(kThreads);
  int64_t checked = 0, lost = 0, applied_unanswered = 0, dropped_unanswered = 0;
  Tally tally;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    SCOPED_TRACE("cycle " + std::to_string(cycle));
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        std::mt19937 trng(static_cast<unsigned>(cycle * 100 + t));
        auto& mine = orders[static_cast<size_t>(t)];
        int n = 0;
        while (!stop) {
          // Mostly advance an unfinished order of this thread; sometimes report a new one.
          std::vector<size_t> open;
          for (size_t i = 0; i < mine.size(); ++i)
            if (mine[i].id > 0 && !mine[i].pending &&
                mine[i].acked_step + 1 < static_cast<int>(Steps().size()))
              open.push_back(i);
          Tracked* target = nullptr;
          if (open.empty() || trng() % 3 == 0) {
            mine.push_back(Tracked{"崩溃测试 c" + std::to_string(cycle) + " t" + std::to_string(t) + " n" +
                                   std::to_string(n++)});
            target = &mine.back();
          } else {
            target = &mine[open[trng() % open.size()]];
          }
          if (!Advance(*target, tally)) return;  // killed
        }
      });
    }
    // Kill at a random moment 0.3-2 s into the load.
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 1700));
    Env().KillServer();
    stop = true;
    for (auto& th : threads) th.join();

    // The data directory exactly as the kill left it.
    std::string out;
    const std::string err_file = (Env().work_dir() / "check.stderr").string();
    int rc = RunCapture({WanggeBin(), "check", "--data-dir", Env().data_dir()}, {}, &out, err_file);
    EXPECT_EQ(rc, 0) << out << ReadFile(err_file);

    std::string err;
    ASSERT_TRUE(Env().RestartServer(&err)) << err;
    for (auto& mine : orders) {
      for (Tracked& t : mine) {
        if (t.id == 0 && t.pending) {  // a report that was never answered: applied completely, or not at all
          t.id = FindUnansweredReport(t.description);
          if (t.id == 0) {
            ++dropped_unanswered;
            t.pending = false;
            continue;
          }
          ++applied_unanswered;
          t.acked_step = 0;  // its state is checked below like any other order's
          t.pending = false;
          t.acked_version = Env()
                                .As("county", "GET", "/api/v1/orders/" + std::to_string(t.id))
                                .Json()
                                .value("version", int64_t{0});
        }
        if (t.id == 0) continue;
        ++checked;
        json now;
        auto v = Verify(t, &now);
        if (!v) {
          ++lost;
          ADD_FAILURE() << v.message();
          continue;
        }
        if (t.pending) {  // a transition that was never answered: take the order as it now stands
          const int applied = static_cast<int>(now["events"].size()) - 1;
          if (applied > t.acked_step)
            ++applied_unanswered;
          else
            ++dropped_unanswered;
          t.acked_step = applied;
          t.acked_version = now.value("version", int64_t{0});
          t.pending = false;
        }
      }
    }
    // The next cycle's reports go on from a clean slate: drop the records of reports that never landed.
    for (auto& mine : orders)
      mine.erase(std::remove_if(mine.begin(), mine.end(), [](const Tracked& t) { return t.id == 0; }),
                 mine.end());
  }
  int64_t total_orders = 0;
  for (auto& mine : orders) total_orders += static_cast<int64_t>(mine.size());
  std::cout << "[ crash    ] " << cycles << " SIGKILL cycles, " << total_orders << " orders, " << tally.acked
            << " acknowledged writes, " << checked << " order checks after restarts, lost " << lost
            << "; unanswered " << tally.unanswered << " (applied " << applied_unanswered << ", not applied "
            << dropped_unanswered << ")\n";
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(tally.refused, 0);
  EXPECT_GT(tally.acked, 10 * cycles) << "the load should get writes through before each kill";
}

}  // namespace
}  // namespace wangge::e2e
