// Registers the e2e environment (a small demo and a real `wangge serve`) for the hostile-client tests, with
// the server's read time limit shortened to kReadTimeout seconds so that cutting off slow and idle clients
// can be watched within the default run.
#include <cstdlib>

#include "abuse.hpp"

namespace wangge::abuse {
namespace {

[[maybe_unused]] ::testing::Environment* const kEnvironment = [] {
  ::setenv("WANGGE_HTTP_READ_TIMEOUT", std::to_string(kReadTimeout).c_str(), 1);
  return ::testing::AddGlobalTestEnvironment(new E2E);
}();

TEST(AbuseFixture, ANormalClientIsAnsweredAndTheProbeSeesIt) {
  Probe probe;
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_TRUE(probe.Healthy("no abuse"));
  EXPECT_TRUE(ServerAlive());
}

}  // namespace
}  // namespace wangge::abuse
