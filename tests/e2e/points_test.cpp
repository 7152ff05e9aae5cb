// 时间银行, 积分 and the 积分超市 over HTTP against the server as deployed, on both backends: a secretary
// awards points and stocks the shop, a resident redeems, the shopkeeper cancels; and the bad inputs of issue
// 14 — a redemption with too few points or too little stock, the same redemption replayed, editing a ledger
// entry, reversing twice, posting into a closed period — each refused with problem+json and nothing changed.
#include <ctime>

#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

double Balance(const std::string& user, const std::string& currency) {
  Response me = Env().As(user, "GET", "/api/v1/ledger/me");
  for (const json& a : me.Json()["items"])
    if (a.value("currency", "") == currency) return a["balance"].get<double>();
  return -1;
}

int64_t Stock(int64_t item) {
  Response r = Env().As("secretary", "GET", "/api/v1/shop/items?all=true");
  for (const json& i : r.Json()["items"])
    if (i.value("id", int64_t{0}) == item) return i.value("stock", int64_t{-1});
  return -1;
}

TEST(Points, AwardRedeemCancelAndEveryRefusal) {
  const std::string village = Env().place("secretary");
  Response me = Env().As("resident", "GET", "/api/v1/ledger/me");
  ASSERT_TRUE(IsStatus(me, 200));
  ASSERT_EQ(me.Json()["items"].size(), 2u) << me.body;  // hours and points, opened on first read
  const int64_t person = me.Json()["items"][0].value("person_id", int64_t{0});
  ASSERT_GT(person, 0);
  const double start = Balance("resident", "points");

  // An award posts once per Idempotency-Key.
  const Headers key{{"Idempotency-Key", "award-" + std::to_string(::getpid())}};
  const std::string award_body = json{{"person_id", person}, {"rule", "civilized_family"}}.dump();
  Response award =
      Env().AsRaw("secretary", "POST", "/api/v1/ledger/awards", award_body, "application/json", key);
  ASSERT_TRUE(IsStatus(award, 201));
  const int64_t award_id = award.Json()["entry"].value("id", int64_t{0});
  Response again =
      Env().AsRaw("secretary", "POST", "/api/v1/ledger/awards", award_body, "application/json", key);
  ASSERT_TRUE(IsStatus(again, 200));
  EXPECT_TRUE(again.Json().value("replayed", false));
  EXPECT_EQ(again.Json()["entry"].value("id", int64_t{0}), award_id);
  EXPECT_EQ(Balance("resident", "points"), start + 20);

  // The shop: 5 points, 2 in stock.
  Response item = Env().As("secretary", "POST", "/api/v1/shop/items",
                           json{{"place_code", village}, {"name", "洗衣液"}, {"points", 5}, {"stock", 2}});
  ASSERT_TRUE(IsStatus(item, 201));
  const int64_t item_id = item.Json().value("id", int64_t{0});
  Response seen = Env().As("resident", "GET", "/api/v1/shop/items");
  ASSERT_TRUE(IsStatus(seen, 200));
  bool listed = false;
  for (const json& i : seen.Json()["items"]) listed = listed || i.value("id", int64_t{0}) == item_id;
  EXPECT_TRUE(listed) << seen.body;

  // A redemption needs a key; with one it redeems once.
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/shop/redemptions", json{{"item_id", item_id}}),
                        400, "idempotency_key"));
  const json redeem{{"item_id", item_id}, {"qty", 1}, {"idempotency_key", "r1"}};
  Response r1 = Env().As("resident", "POST", "/api/v1/shop/redemptions", redeem);
  ASSERT_TRUE(IsStatus(r1, 201));
  EXPECT_EQ(r1.Json().value("status", ""), "pending");
  Response r1again = Env().As("resident", "POST", "/api/v1/shop/redemptions", redeem);
  ASSERT_TRUE(IsStatus(r1again, 200));
  EXPECT_TRUE(r1again.Json().value("replayed", false));
  EXPECT_EQ(r1again.Json().value("id", int64_t{0}), r1.Json().value("id", int64_t{0}));
  EXPECT_EQ(Balance("resident", "points"), start + 15);
  EXPECT_EQ(Stock(item_id), 1);
  // A redemption is undone in the shop (which puts the stock back), not by reversing its entry.
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST",
                                 "/api/v1/ledger/entries/" +
                                     std::to_string(r1.Json().value("entry_id", int64_t{0})) + "/reverse",
                                 json{{"reason", "想退"}}),
                        409));
  // The same key for another quantity is refused.
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/shop/redemptions",
                                 json{{"item_id", item_id}, {"qty", 2}, {"idempotency_key", "r1"}}),
                        409, "idempotency_key"));
  // Out of stock: 409, nothing taken.
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/shop/redemptions",
                                 json{{"item_id", item_id}, {"qty", 2}, {"idempotency_key", "r2"}}),
                        409, "stock"));
  // Too few points: 409, the stock not taken either.
  Response dear =
      Env().As("secretary", "POST", "/api/v1/shop/items",
               json{{"place_code", village}, {"name", "电饭煲"}, {"points", 100000}, {"stock", 3}});
  ASSERT_TRUE(IsStatus(dear, 201));
  const int64_t dear_id = dear.Json().value("id", int64_t{0});
  EXPECT_TRUE(IsProblem(Env().As("resident", "POST", "/api/v1/shop/redemptions",
                                 json{{"item_id", dear_id}, {"idempotency_key", "r3"}}),
                        409, "points"));
  EXPECT_EQ(Stock(dear_id), 3);
  EXPECT_EQ(Balance("resident", "points"), start + 15);

  // An entry is never edited: no method but GET and the reversal.
  for (const char* method : {"PATCH", "PUT", "DELETE"}) {
    Response edit = Env().As("secretary", method, "/api/v1/ledger/entries/" + std::to_string(award_id),
                             method == std::string("DELETE") ? json(nullptr) : json{{"memo", "改"}});
    EXPECT_TRUE(IsProblem(edit, 405)) << method;
  }
  Response entry = Env().As("secretary", "GET", "/api/v1/ledger/entries/" + std::to_string(award_id));
  ASSERT_TRUE(IsStatus(entry, 200));
  EXPECT_EQ(entry.Json()["movements"].size(), 2u);

  // Spend every point: reversing the award would then overdraw, and is refused until that is cancelled.
  const double held = Balance("resident", "points");
  Response all = Env().As("secretary", "POST", "/api/v1/shop/items",
                          json{{"place_code", village},
                               {"name", "全部积分"},
                               {"points", static_cast<int64_t>(held)},
                               {"stock", 1}});
  ASSERT_TRUE(IsStatus(all, 201));
  Response spent = Env().As("resident", "POST", "/api/v1/shop/redemptions",
                            json{{"item_id", all.Json().value("id", int64_t{0})}, {"idempotency_key", "r4"}});
  ASSERT_TRUE(IsStatus(spent, 201));
  EXPECT_EQ(Balance("resident", "points"), 0);
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/ledger/entries/" + std::to_string(award_id) + "/reverse",
               json{{"reason", "评错了"}}),
      409));
  ASSERT_TRUE(IsStatus(
      Env().As("secretary", "POST",
               "/api/v1/shop/redemptions/" + std::to_string(spent.Json().value("id", int64_t{0})) + "/cancel",
               json::object()),
      200));
  EXPECT_EQ(Balance("resident", "points"), held);
  const int64_t red_id = r1.Json().value("id", int64_t{0});
  Response cancel =
      Env().As("resident", "POST", "/api/v1/shop/redemptions/" + std::to_string(red_id) + "/cancel",
               json{{"reason", "不要了"}});
  ASSERT_TRUE(IsStatus(cancel, 200));
  EXPECT_EQ(cancel.Json().value("status", ""), "cancelled");
  EXPECT_EQ(Stock(item_id), 2);
  EXPECT_EQ(Balance("resident", "points"), start + 20);
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/shop/redemptions/" + std::to_string(red_id) + "/hand-over"),
      409));
  Response rev =
      Env().As("secretary", "POST", "/api/v1/ledger/entries/" + std::to_string(award_id) + "/reverse",
               json{{"reason", "评错了"}});
  ASSERT_TRUE(IsStatus(rev, 201));
  EXPECT_EQ(rev.Json().value("reverses", int64_t{0}), award_id);
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/ledger/entries/" + std::to_string(award_id) + "/reverse",
               json{{"reason", "再冲"}}),
      409, "reverses"));
  EXPECT_EQ(Balance("resident", "points"), start);
  // The resident's statement shows the four entries, newest first, with balances.
  Response mine = Env().As("resident", "GET", "/api/v1/ledger/me");
  int64_t account = 0;
  for (const json& a : mine.Json()["items"])
    if (a.value("currency", "") == "points") account = a.value("id", int64_t{0});
  Response st = Env().As("resident", "GET",
                         "/api/v1/ledger/accounts/" + std::to_string(account) + "/statement?limit=4");
  ASSERT_TRUE(IsStatus(st, 200));
  ASSERT_EQ(st.Json()["items"].size(), 4u);
  EXPECT_EQ(st.Json()["items"][0].value("kind", ""), "reversal");
  EXPECT_EQ(st.Json()["items"][0]["balance"].get<double>(), start);
  // Another person's account is not the resident's to read.
  EXPECT_TRUE(
      IsProblem(Env().As("partymember", "GET", "/api/v1/ledger/accounts/" + std::to_string(account)), 404));
}

// A grid worker posts hours to a person of the grid and reads that person's account (the books are the
// community's); a key replayed with another request is refused; a redemption's entry is not reversed by hand.
TEST(Points, GridWorkerReadsTheGridsPeopleAndKeysAreForOneRequest) {
  Response people = Env().As("gridworker", "GET", "/api/v1/people?limit=5");
  ASSERT_TRUE(IsStatus(people, 200));
  ASSERT_FALSE(people.Json()["items"].empty());
  const int64_t person = people.Json()["items"][0].value("id", int64_t{0});
  Response h =
      Env().As("gridworker", "POST", "/api/v1/ledger/hours", json{{"person_id", person}, {"hours", 0.5}});
  ASSERT_TRUE(IsStatus(h, 201));
  int64_t account = 0;
  for (const json& m : h.Json()["entry"]["movements"])
    if (m["amount"].get<double>() > 0) account = m.value("account_id", int64_t{0});
  ASSERT_GT(account, 0);
  EXPECT_TRUE(
      IsStatus(Env().As("gridworker", "GET", "/api/v1/ledger/accounts/" + std::to_string(account)), 200));
  EXPECT_TRUE(IsStatus(
      Env().As("gridworker", "GET", "/api/v1/ledger/accounts/" + std::to_string(account) + "/statement"),
      200));
  Response mine = Env().As("gridworker", "GET", "/api/v1/ledger/accounts?currency=hours&limit=1000");
  ASSERT_TRUE(IsStatus(mine, 200));
  bool listed = false;
  for (const json& a : mine.Json()["items"]) listed = listed || a.value("id", int64_t{0}) == account;
  EXPECT_TRUE(listed) << mine.body;
  // One person's accounts, as the shop counter looks them up.
  Response one = Env().As("secretary", "GET",
                          "/api/v1/ledger/accounts?currency=hours&person_id=" + std::to_string(person));
  ASSERT_TRUE(IsStatus(one, 200));
  ASSERT_EQ(one.Json()["items"].size(), 1u);
  EXPECT_EQ(one.Json()["items"][0].value("id", int64_t{0}), account);

  // The same key for another request.
  const std::string key = "grid-" + std::to_string(::getpid());
  ASSERT_TRUE(IsStatus(Env().As("gridworker", "POST", "/api/v1/ledger/hours",
                                json{{"person_id", person}, {"hours", 1}, {"idempotency_key", key}}),
                       201));
  EXPECT_TRUE(IsProblem(Env().As("gridworker", "POST", "/api/v1/ledger/hours",
                                 json{{"person_id", person}, {"hours", 2}, {"idempotency_key", key}}),
                        409, "idempotency_key"));
  // The community's months are read by the community and above, not a grid.
  EXPECT_TRUE(IsProblem(
      Env().As("gridworker", "GET",
               "/api/v1/ledger/periods?period=2026-01&place=" + Env().place("gridworker").substr(0, 12)),
      403));
}

TEST(Points, ClosedMonthsCapsAndHours) {
  const std::string village = Env().place("secretary");
  const int64_t person =
      Env().As("resident", "GET", "/api/v1/ledger/me").Json()["items"][0].value("person_id", int64_t{0});
  ASSERT_GT(person, 0);
  // The demo closed every month before this one: last month is among the closed ones, closing it again is a
  // conflict, and so is closing this month, which has not ended. A month before the demo's year closes
  // (empty).
  std::time_t now = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char this_month[32], last_month[32], last_day[32], old_month[32];
  std::snprintf(this_month, sizeof this_month, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  const int ly = tm.tm_mon == 0 ? tm.tm_year + 1899 : tm.tm_year + 1900, lm = tm.tm_mon == 0 ? 12 : tm.tm_mon;
  std::snprintf(last_month, sizeof last_month, "%04d-%02d", ly, lm);
  std::snprintf(last_day, sizeof last_day, "%04d-%02d-15", ly, lm);
  std::snprintf(old_month, sizeof old_month, "%04d-%02d", tm.tm_year + 1898, tm.tm_mon + 1);
  Response closed = Env().As("secretary", "GET", "/api/v1/ledger/periods/closed?scope=" + village);
  ASSERT_TRUE(IsStatus(closed, 200));
  bool last_closed = false;
  for (const json& p : closed.Json()["items"])
    last_closed = last_closed || (p.value("period", "") == last_month &&
                                  p.value("place_code", "") == village && p.value("balanced", false));
  EXPECT_TRUE(last_closed) << closed.body;
  Response close = Env().As("secretary", "POST", "/api/v1/ledger/periods/close",
                            json{{"place", village}, {"period", old_month}});
  ASSERT_TRUE(IsStatus(close, 201));
  EXPECT_TRUE(close.Json().value("closed", false));
  EXPECT_TRUE(close.Json().value("balanced", false));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/ledger/periods/close",
                                 json{{"place", village}, {"period", last_month}}),
                        409, "period"));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/ledger/periods/close",
                                 json{{"place", village}, {"period", this_month}}),
                        409, "period"));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/ledger/awards",
                                 json{{"person_id", person}, {"rule", "filial"}, {"date", last_day}}),
                        409, "period"));
  // A rule's monthly cap; an unknown rule; hours in half hours only; the served must differ from the server.
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/ledger/awards",
                                 json{{"person_id", person}, {"rule", "waste_sorting"}, {"count", 11}}),
                        409, "count"));
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/ledger/awards", json{{"person_id", person}, {"rule", "x"}}), 400,
      "rule"));
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/ledger/hours", json{{"person_id", person}, {"hours", 0.75}}),
      400, "hours"));
  EXPECT_TRUE(IsProblem(
      Env().As("secretary", "POST", "/api/v1/ledger/hours", json{{"person_id", person}, {"hours", "两"}}),
      400, "hours"));
  EXPECT_TRUE(IsProblem(Env().As("secretary", "POST", "/api/v1/ledger/hours",
                                 json{{"person_id", person}, {"from_person_id", person}, {"hours", 1}}),
                        400, "from_person_id"));
  const double hours = Balance("resident", "hours");
  Response h =
      Env().As("secretary", "POST", "/api/v1/ledger/hours", json{{"person_id", person}, {"hours", 1.5}});
  ASSERT_TRUE(IsStatus(h, 201));
  EXPECT_EQ(h.Json()["entry"].value("kind", ""), "service");
  EXPECT_EQ(Balance("resident", "hours"), hours + 1.5);
  // A resident posts nothing; residents redeem, they do not award.
  EXPECT_TRUE(IsProblem(
      Env().As("resident", "POST", "/api/v1/ledger/awards", json{{"person_id", person}, {"rule", "filial"}}),
      403));
  // The month's figures balance.
  Response month = Env().As(
      "secretary", "GET",
      "/api/v1/ledger/periods?place=" + village + "&currency=hours&period=" + std::string(this_month));
  ASSERT_TRUE(IsStatus(month, 200));
  EXPECT_TRUE(month.Json().value("balanced", false));
  EXPECT_GE(month.Json().value("entries", 0), 1);
}

}  // namespace
}  // namespace wangge::e2e
