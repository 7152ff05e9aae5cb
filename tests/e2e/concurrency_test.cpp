// Concurrent writes over many connections: every create lands exactly once, the counts follow, and
// optimistic locking lets exactly one of several same-version edits through.
#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

TEST(Concurrency, ThirtyTwoParallelCreatesAllLand) {
  constexpr int kThreads = 32;
  const std::string grid = Env().place("gridworker");
  const std::string token = Env().Token("county");
  std::vector<std::string> ids;
  for (int i = 0; i < kThreads; ++i) ids.push_back(FreshCitizenId(i % 2 == 0 ? 1930 : 1931));
  for (const auto& id : ids) ASSERT_FALSE(id.empty());
  ASSERT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  const int64_t county_before = CountyPeople();
  const int64_t grid_before = PlaceCount("county", grid, "people");

  std::vector<Response> results(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      json body{{"place_code", grid},
                {"name", "并发测试"},
                {"citizen_id", ids[i]},
                {"phone", "1390000" + std::to_string(1000 + i)}};
      ready++;
      while (ready.load() < kThreads) std::this_thread::yield();  // start together
      results[i] = Env().server().Call("POST", "/api/v1/people", token, body.dump());
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> person_ids;
  for (int i = 0; i < kThreads; ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(IsStatus(results[i], 201));
    json p = results[i].Json();
    person_ids.insert(p.value("id", int64_t{0}));
    EXPECT_EQ(p.value("citizen_id", ""), ids[i].substr(0, 6) + "********" + ids[i].substr(14));
  }
  EXPECT_EQ(person_ids.size(), static_cast<size_t>(kThreads));
  EXPECT_EQ(CountyPeople(), county_before + kThreads);
  EXPECT_EQ(PlaceCount("county", grid, "people"), grid_before + kThreads);
  for (const auto& id : ids) {
    Response s = Env().As("county", "GET", "/api/v1/people?citizen_id=" + id);
    ASSERT_TRUE(IsStatus(s, 200));
    EXPECT_EQ(s.Json()["items"].size(), 1u) << id;
  }
}

TEST(Concurrency, SameVersionEditsLetExactlyOneThrough) {
  constexpr int kThreads = 8;
  const std::string grid = Env().place("gridworker");
  Response created =
      Env().As("county", "POST", "/api/v1/people",
               json{{"place_code", grid}, {"name", "并发编辑"}, {"citizen_id", FreshCitizenId(1931)}});
  ASSERT_TRUE(IsStatus(created, 201));
  const std::string target = "/api/v1/people/" + std::to_string(created.Json().value("id", int64_t{0}));
  const int64_t v = created.Json().value("version", int64_t{0});
  const std::string token = Env().Token("county");
  const std::vector<std::string> names = {"甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八"};
  std::vector<Response> results(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      std::string body = json{{"version", v}, {"name", names[i]}}.dump();
      ready++;
      while (ready.load() < kThreads) std::this_thread::yield();
      results[i] = Env().server().Call("PATCH", target, token, body);
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0;
  std::string winner;
  for (int i = 0; i < kThreads; ++i) {
    if (results[i].status == 200) {
      ++ok;
      winner = names[i];
    } else {
      EXPECT_TRUE(IsProblem(results[i], 409, "version"));
    }
  }
  EXPECT_EQ(ok, 1);
  Response now = Env().As("county", "GET", target);
  ASSERT_TRUE(IsStatus(now, 200));
  EXPECT_EQ(now.Json().value("version", int64_t{-1}), v + 1);
  EXPECT_EQ(now.Json().value("name", ""), winner);
}

}  // namespace
}  // namespace wangge::e2e
