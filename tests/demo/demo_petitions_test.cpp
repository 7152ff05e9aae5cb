// The demo county's petitions (demo/petitions.hpp) at SMALL scale: they play the engine's petition rules step
// by step, carry one sealed petitioner each, and their 重复信访 flags follow the rule registration applies
// (service::FindPetitionRepeats: the same person and category within the year).
#include <gtest/gtest.h>

#include <map>

#include "demo_fixture.hpp"
#include "service/petition_service.hpp"
#include "storage/disputes_repo.hpp"

namespace wangge::cli {
namespace {

using demo_test::DemoTest;

TEST_F(DemoTest, PetitionsFollowThePetitionRulesAndTheirFlagsAreWhatRegistrationFinds) {
  auto tx = Read();
  auto petitions = Orders(*tx, order::Kind::kPetition);
  EXPECT_EQ(static_cast<int64_t>(petitions.size()), summary_->petitions);
  EXPECT_GE(petitions.size(), 25u);  // 30 drawn; those registered after `now` are not there yet
  std::map<order::State, int> states;
  int repeats = 0, skipped = 0;
  for (const order::Order& o : petitions) {
    states[o.state]++;
    EXPECT_EQ(o.category.substr(0, 2), "13") << o.id;
    EXPECT_TRUE(o.channel == "letter" || o.channel == "visit" || o.channel == "online" ||
                o.channel == "hotline" || o.channel == "mailbox")
        << o.channel;
    // The timeline: each step a petition rule, in time order, from the state the last one left.
    auto ev = tx->orders().Events(o.id);
    ASSERT_TRUE(ev.ok());
    int state = -1;
    for (const auto& e : *ev) {
      EXPECT_LE(e.at, now_);
      auto a = order::ActionFromName(e.action);
      ASSERT_TRUE(a.has_value()) << e.action;
      const order::Rule* rule = order::FindRule(order::Kind::kPetition, *a);
      ASSERT_NE(rule, nullptr) << e.action;
      if (state >= 0) {
        EXPECT_TRUE(rule->from & (1u << state)) << o.id << " " << e.action;
      }
      EXPECT_TRUE(rule->to & (1u << e.to_state)) << o.id << " " << e.action;
      state = e.to_state;
    }
    EXPECT_EQ(state, static_cast<int>(o.state)) << o.id;
    EXPECT_LE(o.extensions, 1) << o.id;
    // One petitioner, sealed and masked.
    auto parties = tx->disputes().Parties(o.id);
    ASSERT_TRUE(parties.ok());
    ASSERT_EQ(parties->size(), 1u) << o.id;
    const dispute::Party& p = (*parties)[0];
    EXPECT_EQ(p.role, "petitioner");
    EXPECT_FALSE(p.name_enc.empty());
    EXPECT_FALSE(p.phone_hash.empty());
    // 重复信访 as registration finds it: the newest earlier petition of the same person (here by phone: every
    // demo petitioner has one) and category within the year.
    std::optional<int64_t> expected;
    for (const order::Order& e : petitions)
      if (e.id < o.id && e.category == o.category &&
          e.received_at >= o.received_at - service::kRepeatWindowSeconds) {
        auto ep = tx->disputes().Parties(e.id);
        ASSERT_TRUE(ep.ok());
        if (!ep->empty() && (*ep)[0].phone_hash == p.phone_hash) expected = e.id;
      }
    EXPECT_EQ(o.repeat_of, expected) << o.id;
    repeats += o.repeat_of.has_value();
    skipped += o.skip_level;
  }
  EXPECT_GE(states[order::State::kClosed], 1);
  EXPECT_GE(skipped, 1);
  (void)repeats;
}

}  // namespace
}  // namespace wangge::cli
