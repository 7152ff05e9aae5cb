// PostgreSQL restarted while the server is under write load (the pg.* copy of this suite; skipped on
// SQLite, which has no server to restart): while the database is down every request is answered 503
// problem+json (never 500, never a hang), requests succeed again once it is back without restarting wangge,
// and every write acknowledged with 2xx — before, during or after the restart — is there afterwards.
#include "../e2e/server_fixture.hpp"

namespace wangge::e2e {
namespace {

int64_t DeptIdOf(const std::string& code) {
  const Response r = Env().As("admin", "GET", "/api/v1/departments?limit=200");
  const json j = r.Json();
  for (const json& d : j["items"])
    if (d.value("code", "") == code) return d.value("id", int64_t{0});
  return 0;
}

TEST(PgRestart, RequestsAre503WhileTheDatabaseIsDownAndNoAcknowledgedWriteIsLost) {
  // Registered with CTest only as pg.PgRestart.* (tests/CMakeLists.txt); this guards a direct run on SQLite.
  if (!OnPostgres()) GTEST_SKIP() << "PostgreSQL only: restarts the database server";
  LoginAll();
  const std::string grid = Env().place("gridworker");
  auto centre = GridCentre(grid);
  ASSERT_TRUE(centre.has_value());
  const auto [lon, lat] = *centre;
  ASSERT_GT(DeptIdOf("gongan"), 0);

  std::mutex mu;
  std::map<int64_t, std::string> acked;  // order id -> description
  std::atomic<int> n503{0}, other{0}, sent{0};
  std::atomic<bool> stop{false}, restarted{false};
  std::atomic<int> acked_after{0};
  std::string first_other;
  auto writer = [&](int w) {
    for (int i = 0; !stop.load(); ++i) {
      const std::string desc = "重启测试 " + std::to_string(w) + "-" + std::to_string(i);
      ++sent;
      Response r = Env().As("gridworker", "POST", "/api/v1/orders",
                            json{{"category", "0101"}, {"description", desc}, {"lat", lat}, {"lon", lon}});
      if (r.status / 100 == 2) {
        std::lock_guard lk(mu);
        acked[r.Json().value("id", int64_t{0})] = desc;
        if (restarted.load()) ++acked_after;
      } else if (IsProblem(r, 503)) {
        ++n503;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      } else {
        std::lock_guard lk(mu);
        if (other++ == 0) first_other = r.Brief();
      }
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) threads.emplace_back(writer, w);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto acked_count = [&] {
    std::lock_guard lk(mu);
    return acked.size();
  };
  while (acked_count() < 40 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const std::string cmd = SourceDir() + "/tests/postgres/pg_server.sh restart " WANGGE_PG_STATE;
  const int rc = std::system(cmd.c_str());
  restarted = true;
  while (acked_after.load() < 40 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_EQ(rc, 0) << cmd;
  EXPECT_EQ(other.load(), 0) << "answers other than 2xx or 503 problem+json, the first: " << first_other;
  EXPECT_GT(n503.load(), 0) << "no request saw the database down (" << sent.load() << " sent)";
  EXPECT_GE(acked_after.load(), 40) << "writes did not succeed again after the restart";

  // Every acknowledged order is there, intact.
  int missing = 0;
  for (const auto& [id, desc] : acked) {
    Response r = Env().As("county", "GET", "/api/v1/orders/" + std::to_string(id));
    if (r.status != 200 || r.Json().value("description", "") != desc) {
      if (missing++ < 5) ADD_FAILURE() << "acknowledged order " << id << " (" << desc << "): " << r.Brief();
    }
  }
  EXPECT_EQ(missing, 0) << "of " << acked.size() << " acknowledged";
  // And the database checks out (counters, roll-ups, audit chains).
  std::string out;
  const std::string err_file = (Env().work_dir() / "check.stderr").string();
  EXPECT_EQ(RunCapture({WanggeBin(), "check", "--data-dir", Env().data_dir()}, {}, &out, err_file), 0)
      << out << ReadFile(err_file);
}

}  // namespace
}  // namespace wangge::e2e
