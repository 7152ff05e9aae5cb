// 红黑榜 through the service on a real SQLite database, with the test clock: the way from nomination through
// the two committees and the notice to the month's publication and its points; an entry published before
// its notice is over (red five days, black seven) or with an objection open is refused; a black listing
// suspends the household's stars, takes one appeal within 30 days, is lifted early or lapses after six
// months; five distinct red items in a year make a 星级文明户, whose points are posted once.
#include "service/roll_service.hpp"

#include <gtest/gtest.h>

#include "core/citizen_id.hpp"
#include "core/ledger.hpp"
#include "core/roll.hpp"
#include "service/service_test_county.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

constexpr int64_t kDay = 86400;

class RollServiceTest : public testing::ServiceCountyTest {
 protected:
  void SetUp() override {
    ServiceCountyTest::SetUp();
    secretary_ = secretaries_[0];  // 530326101001
    worker_ = grid_workers_[0];    // its first grid
    Household h;
    h.place_code = grids_[0];
    h.address = "龙祥路 8 号";
    auto hh = app_->people.CreateHousehold(As(county_), h);
    ASSERT_TRUE(hh.ok()) << hh.status().en();
    household_ = hh->id;
    for (int i = 0; i < 3; ++i) {
      Person p;
      p.place_code = grids_[0];
      if (i < 2) p.household_id = household_;
      p.name = i == 0 ? "张明" : i == 1 ? "李红" : "王刚";
      std::string first17 = "53032619800101" + std::to_string(100 + i);
      p.citizen_id = first17 + CheckDigit(first17);
      p.ethnicity = "汉族";
      p.political_status = "群众";
      p.residence_type = "户籍";
      p.relation = i == 0 ? "户主" : i == 1 ? "配偶" : "";
      auto made = app_->people.CreatePerson(As(county_), p);
      ASSERT_TRUE(made.ok()) << made.status().en();
      people_.push_back(made->id);
    }
    // The third person's own account: a resident of the community.
    ASSERT_TRUE(app_->db()
                    .Write([&](storage::Tx& tx) -> Status {
                      User u;
                      u.username = "wanggang";
                      u.display_name = "王刚";
                      u.role = "resident";
                      u.place_code = "530326101001";
                      u.person_id = people_[2];
                      ASSIGN_OR_RETURN(int64_t id, tx.users().Insert(u, "x"));
                      neighbour_.user_id = id;
                      neighbour_.username = u.username;
                      neighbour_.display_name = u.display_name;
                      neighbour_.role = Role::kResident;
                      neighbour_.scope = u.place_code;
                      u.username = "zhangming";
                      u.person_id = people_[0];
                      ASSIGN_OR_RETURN(id, tx.users().Insert(u, "x"));
                      listed_ = neighbour_;
                      listed_.user_id = id;
                      return Status::Ok();
                    })
                    .ok());
    auto adopted = app_->rolls.Adopt(As(secretary_), "530326101001");
    ASSERT_TRUE(adopted.ok()) << adopted.status().en();
    for (const auto& c : adopted->items) (c.side == "red" ? red_ : black_).push_back(c.id);
  }

  std::string Month() const { return ledger::FormatPeriod(ledger::PeriodOfUnix(now_)); }
  std::string Today() const { return FormatDate(ChinaDay(now_)); }

  Result<RollEntryView> Nominate(int64_t person, const std::string& side, std::vector<int64_t> criteria) {
    NominationInput in;
    in.person_id = person;
    in.side = side;
    in.period = Month();
    in.criteria = std::move(criteria);
    in.evidence = side == "red" ? "常年照顾瘫痪在床的婆婆，邻里有目共睹" : "拒不赡养老人，经两次调解仍不改正";
    return app_->rolls.Nominate(As(worker_), in);
  }
  // Both committees approve: the entry enters its notice.
  RollEntryView Approve(RollEntryView e) {
    for (const char* committee : {"party", "village"}) {
      ReviewInput in{committee, true, "同意", Today(), e.entry.version};
      auto r = app_->rolls.Review(As(secretary_), e.entry.id, in);
      EXPECT_TRUE(r.ok()) << r.status().en();
      if (r.ok()) e = *r;
    }
    return e;
  }
  Result<PublicationView> Publish(std::vector<int64_t> ids) {
    std::optional<std::vector<int64_t>> chosen;  // none: every ready entry
    if (!ids.empty()) chosen = std::move(ids);
    return app_->rolls.Publish(As(secretary_), "530326101001", Month(), chosen);
  }
  int64_t Points(int64_t person) {
    auto tx = app_->db().Read();
    EXPECT_TRUE(tx.ok());
    auto accounts = (*tx)->ledger().PersonAccounts(person);
    int64_t points = 0;
    if (accounts.ok())
      for (const auto& a : *accounts)
        if (a.currency == ledger::Currency::kPoints) points += a.balance;
    return points;
  }
  const StarRow* StarsOf(const StarsView& v) {
    for (const auto& r : v.items)
      if (r.household_id == household_) return &r;
    return nullptr;
  }

  Principal secretary_, worker_, neighbour_, listed_;
  int64_t household_ = 0;
  std::vector<int64_t> people_, red_, black_;
};

TEST_F(RollServiceTest, ARedEntryGoesThroughBothCommitteesAndItsWholeNoticeToTheList) {
  EXPECT_EQ(app_->rolls.Adopt(As(secretary_), "530326101001").status().code(), StatusCode::kConflict);
  auto e = Nominate(people_[0], "red", {red_[0], red_[1]});
  ASSERT_TRUE(e.ok()) << e.status().en();
  EXPECT_EQ(e->entry.status, "nominated");
  // a second red nomination of the person for the month; criteria of the other side
  EXPECT_EQ(Nominate(people_[0], "red", {red_[2]}).status().code(), StatusCode::kConflict);
  EXPECT_EQ(Nominate(people_[1], "red", {black_[0]}).status().code(), StatusCode::kInvalidArgument);
  // not reviewed: not publishable
  auto early = Publish({e->entry.id});
  EXPECT_EQ(early.status().code(), StatusCode::kConflict);
  EXPECT_NE(early.status().zh().find("尚未经两委审议"), std::string::npos) << early.status().zh();
  // a grid worker cannot review; a committee reviews once
  ReviewInput party{"party", true, "同意", Today(), e->entry.version};
  EXPECT_EQ(app_->rolls.Review(As(worker_), e->entry.id, party).status().code(),
            StatusCode::kPermissionDenied);
  auto once = app_->rolls.Review(As(secretary_), e->entry.id, party);
  ASSERT_TRUE(once.ok()) << once.status().en();
  EXPECT_EQ(once->entry.status, "nominated");
  party.version = once->entry.version;
  EXPECT_EQ(app_->rolls.Review(As(secretary_), e->entry.id, party).status().code(), StatusCode::kConflict);
  ReviewInput village{"village", true, "同意", Today(), once->entry.version};
  auto noticed = app_->rolls.Review(As(secretary_), e->entry.id, village);
  ASSERT_TRUE(noticed.ok()) << noticed.status().en();
  EXPECT_EQ(noticed->entry.status, "notice");
  EXPECT_EQ(noticed->entry.notice_until, now_ + 5 * kDay);
  // one second before its notice is over: refused with the end named
  now_ += 5 * kDay - 1;
  auto before = Publish({e->entry.id});
  EXPECT_EQ(before.status().code(), StatusCode::kConflict);
  EXPECT_NE(before.status().zh().find("公示期未满"), std::string::npos) << before.status().zh();
  // a resident of the community objects within the notice; an open objection holds the publication
  auto objected = app_->rolls.Object(As(neighbour_), e->entry.id, "该户并未照顾婆婆，情况不实");
  ASSERT_TRUE(objected.ok()) << objected.status().en();
  EXPECT_EQ(objected->name, "张*");  // the neighbour reads the name masked
  now_ += 1;
  EXPECT_EQ(app_->rolls.Object(As(neighbour_), e->entry.id, "公示已结束后的异议").status().code(),
            StatusCode::kConflict);
  auto held = Publish({});
  EXPECT_EQ(held.status().code(), StatusCode::kConflict);  // nothing ready: the only entry has an objection
  auto all = app_->rolls.Get(As(secretary_), e->entry.id);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->objections.size(), 1u);
  EXPECT_FALSE(all->ready);
  auto dismissed =
      app_->rolls.DecideObjection(As(secretary_), all->objections[0].id, false, "经核实情况属实");
  ASSERT_TRUE(dismissed.ok()) << dismissed.status().en();
  EXPECT_TRUE(dismissed->ready);
  const int64_t points_before = Points(people_[0]);
  auto pub = Publish({});
  ASSERT_TRUE(pub.ok()) << pub.status().en();
  ASSERT_EQ(pub->entries.size(), 1u);
  EXPECT_EQ(pub->entries[0].entry.status, "listed");
  EXPECT_EQ(pub->entries[0].points, 10);  // the red_list rule
  EXPECT_EQ(Points(people_[0]) - points_before, 10);
  EXPECT_EQ(Publish({}).status().code(), StatusCode::kConflict);  // once a month
  auto board = app_->rolls.Board("530326101001");
  ASSERT_TRUE(board.ok());
  ASSERT_TRUE(board->publication);
  ASSERT_EQ(board->publication->entries.size(), 1u);
  EXPECT_EQ(board->publication->entries[0].name, "张*");
}

TEST_F(RollServiceTest, ABlackEntryWaitsSevenDaysSuspendsStarsAndTakesOneAppealWithinThirtyDays) {
  auto red = Nominate(people_[1], "red", {red_[0]});
  ASSERT_TRUE(red.ok()) << red.status().en();
  Approve(*red);
  auto e = Nominate(people_[0], "black", {black_[0]});
  ASSERT_TRUE(e.ok()) << e.status().en();
  auto noticed = Approve(*e);
  EXPECT_EQ(noticed.entry.notice_until, now_ + 7 * kDay);
  // six days on the red one is ready, the black one is not: published without its notice, refused
  now_ += 6 * kDay;
  auto black_early = Publish({e->entry.id});
  EXPECT_EQ(black_early.status().code(), StatusCode::kConflict);
  EXPECT_NE(black_early.status().zh().find("公示期未满"), std::string::npos) << black_early.status().zh();
  auto first = Publish({});  // what is ready: the red one only
  ASSERT_TRUE(first.ok()) << first.status().en();
  ASSERT_EQ(first->entries.size(), 1u);
  EXPECT_EQ(first->entries[0].entry.side, "red");
  auto stars = app_->rolls.Stars(As(secretary_), "530326101001");
  ASSERT_TRUE(stars.ok());
  ASSERT_NE(StarsOf(*stars), nullptr);
  EXPECT_FALSE(StarsOf(*stars)->suspended);
  // next month the black one is listed for six months
  now_ += 30 * kDay;
  auto second = Publish({e->entry.id});
  ASSERT_TRUE(second.ok()) << second.status().en();
  const auto& listed = second->entries[0].entry;
  EXPECT_EQ(listed.listed_until, roll::AddMonths(now_, 6));
  stars = app_->rolls.Stars(As(secretary_), "530326101001");
  ASSERT_TRUE(stars.ok());
  ASSERT_NE(StarsOf(*stars), nullptr);
  EXPECT_TRUE(StarsOf(*stars)->suspended);
  // no red nomination while on the black list
  EXPECT_EQ(Nominate(people_[0], "red", {red_[1]}).status().code(), StatusCode::kFailedPrecondition);
  // the listed person appeals once; a neighbour may not appeal for them
  EXPECT_EQ(app_->rolls.Appeal(As(neighbour_), listed.id, "情况有误请求撤销").status().code(),
            StatusCode::kNotFound);
  auto appealed = app_->rolls.Appeal(As(listed_), listed.id, "已经把老人接回家照顾，请求撤销");
  ASSERT_TRUE(appealed.ok()) << appealed.status().en();
  EXPECT_EQ(appealed->entry.appeal_status, "open");
  EXPECT_EQ(appealed->name, "张明");  // their own name in clear
  EXPECT_EQ(app_->rolls.Appeal(As(listed_), listed.id, "再次申诉请求撤销").status().code(),
            StatusCode::kConflict);
  auto revoked =
      app_->rolls.DecideAppeal(As(secretary_), listed.id, true, "经核实已整改", appealed->entry.version);
  ASSERT_TRUE(revoked.ok()) << revoked.status().en();
  EXPECT_EQ(revoked->entry.status, "revoked");
  stars = app_->rolls.Stars(As(secretary_), "530326101001");
  ASSERT_TRUE(stars.ok());
  EXPECT_FALSE(StarsOf(*stars)->suspended);
}

TEST_F(RollServiceTest, ABlackListingPastThirtyDaysCannotBeAppealedAndLapsesAfterSixMonths) {
  auto e = Nominate(people_[0], "black", {black_[1]});
  ASSERT_TRUE(e.ok()) << e.status().en();
  Approve(*e);
  now_ += 7 * kDay;
  auto pub = Publish({e->entry.id});
  ASSERT_TRUE(pub.ok()) << pub.status().en();
  const int64_t until = pub->entries[0].entry.listed_until;
  now_ += 31 * kDay;
  EXPECT_EQ(app_->rolls.Appeal(As(listed_), e->entry.id, "请求撤销上榜记录").status().code(),
            StatusCode::kConflict);
  now_ = until;
  auto lapsed = app_->rolls.Get(As(secretary_), e->entry.id);
  ASSERT_TRUE(lapsed.ok());
  EXPECT_TRUE(lapsed->expired);
  EXPECT_FALSE(lapsed->active);
  EXPECT_EQ(app_->rolls.Remove(As(secretary_), e->entry.id, "已整改", lapsed->entry.version).status().code(),
            StatusCode::kConflict);
  EXPECT_TRUE(Nominate(people_[0], "red", {red_[0]}).ok());  // off the black list
}

TEST_F(RollServiceTest, FiveDistinctRedItemsInAYearMakeAStarHouseholdOnce) {
  const int64_t before = Points(people_[0]) + Points(people_[1]);
  int64_t listed = 0;
  for (int k = 0; k < 6; ++k) {
    // the two members of the household take turns; the sixth item is the same as the first
    auto e = Nominate(people_[k % 2], "red", {red_[static_cast<size_t>(k % 5)]});
    ASSERT_TRUE(e.ok()) << k << " " << e.status().en();
    Approve(*e);
    now_ += 5 * kDay;
    auto pub = Publish({});
    ASSERT_TRUE(pub.ok()) << k << " " << pub.status().en();
    listed += 10;
    now_ += 26 * kDay;  // the next month
  }
  auto stars = app_->rolls.Stars(As(secretary_), "530326101001");
  ASSERT_TRUE(stars.ok());
  const StarRow* row = StarsOf(*stars);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->items.size(), 5u);
  EXPECT_TRUE(row->star_household);
  EXPECT_EQ(row->awarded_points, 20);  // 评为文明户, once in the year although listed again after
  EXPECT_EQ(Points(people_[0]) + Points(people_[1]) - before, listed + 20);
}

}  // namespace
}  // namespace wangge::service
