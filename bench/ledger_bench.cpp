// In-process benchmark of the 时间银行/积分 ledger and the 积分超市 on a built demo county
// (WANGGE_BENCH_DIR, a data dir made by `wangge demo`; WANGGE_DB, a postgresql:// URL, runs it on
// PostgreSQL). It writes its own records into that county: one shop item, points for 64 people of a
// village, and a year of movements on one account — run it on a scratch demo.
//   - Redemptions under concurrency (issue 14): 64 clients (threads, each its own person) redeem one
//     item with 100 in stock, 3 attempts each; exactly 100 must succeed, the stock must end at 0 (never
//     negative) and every balance must equal the sum of its movements (LedgerRepo::CheckBalances).
//     Prints the counts, the wall time and the per-redemption latency.
//   - An account's balance with a year of movements (~3,650 entries on one person's account): the
//     maintained balance as the API reads it (LedgerService::GetAccount), the derived sum of its
//     movements (SumMovements, what `wangge check` recomputes) and the first statement page — target
//     p99 < 5 ms.
// Prints one "RESULT {json}" line per figure (bench/lib.sh format); exits 2 when WANGGE_BENCH_DIR is
// unset, 1 when a correctness check fails. Iterations: BENCH_ITER (default 1000).
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.hpp"
#include "service/ledger_service.hpp"
#include "service/shop_service.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/shop_repo.hpp"

namespace {

using wangge::bench::Clock;
using wangge::bench::Ms;
using wangge::bench::Pct;
namespace ledger = wangge::ledger;
namespace storage = wangge::storage;

void Emit(const char* metric, double value, const char* unit, const char* target) {
  wangge::bench::Emit("ledger", metric, value, unit, target);
}

constexpr int kClients = 64;
constexpr int kAttempts = 3;
constexpr int64_t kStock = 100;
constexpr int64_t kPrice = 5;

// Points for a person straight into the ledger (no rule, so no monthly cap: the bench may run again).
wangge::Status Grant(storage::Tx& tx, const std::string& village, int64_t person, int64_t points, int64_t now,
                     int period) {
  ASSIGN_OR_RETURN(auto from, wangge::service::LedgerService::SystemAccount(
                                  tx, village, ledger::Currency::kPoints, ledger::Holder::kCommunity, now));
  ASSIGN_OR_RETURN(auto to, wangge::service::LedgerService::PersonAccount(
                                tx, village, ledger::Currency::kPoints, person, now));
  ledger::Entry e;
  e.place_code = village;
  e.currency = ledger::Currency::kPoints;
  e.kind = ledger::Kind::kAward;
  e.period = period;
  e.memo = "压测";
  e.created_at = now;
  e.movements = {{from.id, -points}, {to.id, points}};
  RETURN_IF_ERROR(ledger::ValidateEntry(&e));
  return tx.ledger().Post(&e);
}

}  // namespace

int main() {
  wangge::bench::County county;
  if (int rc = wangge::bench::OpenCounty("ledger_bench", &county); rc != 0) return rc;
  const int iters = std::getenv("BENCH_ITER") ? std::max(10, std::atoi(std::getenv("BENCH_ITER"))) : 1000;
  auto& app = *county.app;
  const wangge::service::Ctx& ctx = county.ctx;
  const int64_t now = app.ledger.Now();
  const int period = ledger::PeriodOfUnix(now);

  // A village with at least 65 people.
  std::string village;
  std::vector<int64_t> people;
  {
    auto tx = app.db().Read();
    if (!tx.ok()) return 1;
    for (const std::string& township : county.townships) {
      storage::PersonQuery q;
      q.scope = township;
      q.page.limit = 1000;
      auto page = (*tx)->people().Search(q);
      if (!page.ok()) return 1;
      std::map<std::string, std::vector<int64_t>> by_village;
      for (const auto& p : page->items)
        if (p.place_code.size() >= 12) by_village[p.place_code.substr(0, 12)].push_back(p.id);
      for (auto& [v, ids] : by_village)
        if (ids.size() > kClients) {
          village = v;
          people = ids;
          break;
        }
      if (!village.empty()) break;
    }
  }
  if (village.empty()) {
    std::fprintf(stderr, "ledger_bench: no village with %d people\n", kClients + 1);
    return 1;
  }

  // The item and the points (20 each: enough for all three attempts).
  wangge::service::ItemInput in;
  in.place_code = village;
  in.name = "压测商品 " + std::to_string(now);
  in.points = kPrice;
  in.stock = kStock;
  auto item = app.shop.CreateItem(ctx, in);
  if (!item.ok()) {
    std::fprintf(stderr, "ledger_bench: %s\n", item.status().ToString().c_str());
    return 1;
  }
  wangge::Status granted = app.db().Write([&](storage::Tx& tx) -> wangge::Status {
    for (int i = 0; i < kClients; ++i)
      RETURN_IF_ERROR(Grant(tx, village, people[i], kPrice * kAttempts, now, period));
    return wangge::Status::Ok();
  });
  if (!granted.ok()) {
    std::fprintf(stderr, "ledger_bench: %s\n", granted.ToString().c_str());
    return 1;
  }
  int64_t shop_id = 0, shop_before = 0;
  wangge::Status opened = app.db().Write([&](storage::Tx& tx) -> wangge::Status {
    ASSIGN_OR_RETURN(auto shop, wangge::service::LedgerService::SystemAccount(
                                    tx, village, ledger::Currency::kPoints, ledger::Holder::kShop, now));
    shop_id = shop.id;
    shop_before = shop.balance;
    return wangge::Status::Ok();
  });
  if (!opened.ok()) return 1;

  std::atomic<int> ok{0}, out_of_stock{0}, other{0};
  std::mutex mu;
  std::vector<double> latencies;
  std::string first_other;
  const auto t0 = Clock::now();
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i)
    clients.emplace_back([&, i] {
      for (int a = 0; a < kAttempts; ++a) {
        wangge::service::RedeemInput r;
        r.item_id = item->id;
        r.person_id = people[i];
        r.idem_key = "bench-" + std::to_string(now) + "-" + std::to_string(i) + "-" + std::to_string(a);
        const auto s = Clock::now();
        auto res = app.shop.Redeem(ctx, r);
        const double ms = Ms(Clock::now() - s);
        std::lock_guard<std::mutex> lock(mu);
        latencies.push_back(ms);
        if (res.ok()) {
          ++ok;
        } else if (res.status().code() == wangge::StatusCode::kConflict && res.status().field() == "stock") {
          ++out_of_stock;
        } else {
          if (other++ == 0) first_other = res.status().ToString();
        }
      }
    });
  for (auto& t : clients) t.join();
  const double wall = Ms(Clock::now() - t0);

  int64_t stock_after = -1, shop_after = 0;
  storage::DerivedCheck check;
  {
    auto tx = app.db().Read();
    auto it = (*tx)->shop().GetItem(item->id);
    if (it.ok() && it->has_value()) stock_after = (*it)->stock;
    auto shop = (*tx)->ledger().GetAccount(shop_id);
    if (shop.ok() && shop->has_value()) shop_after = (*shop)->balance;
    auto c = (*tx)->ledger().CheckBalances();
    if (c.ok()) check = *c;
  }
  Emit("redeem_64_clients_succeeded", ok.load(), "redemptions", "exactly 100");
  Emit("redeem_64_clients_out_of_stock", out_of_stock.load(), "answers", "92 (409 stock)");
  Emit("redeem_64_clients_other_errors", other.load(), "answers", "0");
  Emit("redeem_64_clients_stock_after", static_cast<double>(stock_after), "items", "0");
  Emit("redeem_64_clients_shop_points", static_cast<double>(shop_after - shop_before), "points", "500");
  Emit("redeem_64_clients_balance_mismatches", static_cast<double>(check.mismatches), "accounts", "0");
  Emit("redeem_64_clients_wall", wall, "ms", "");
  Emit("redeem_latency_p50", Pct(latencies, 0.5), "ms", "");
  Emit("redeem_latency_p99", Pct(latencies, 0.99), "ms", "");
  const bool correct = ok == kStock && stock_after == 0 && other == 0 && check.mismatches == 0 &&
                       shop_after - shop_before == kStock * kPrice;
  if (!first_other.empty())
    std::fprintf(stderr, "ledger_bench: first other error: %s\n", first_other.c_str());

  // A year's worth of movements on one account: ten entries a day for 365 days, awards and spending.
  const int64_t busy = people[kClients];
  int64_t account = 0;
  {
    for (int batch = 0; batch < 365; batch += 73) {
      wangge::Status w = app.db().Write([&](storage::Tx& tx) -> wangge::Status {
        ASSIGN_OR_RETURN(auto shop, wangge::service::LedgerService::SystemAccount(
                                        tx, village, ledger::Currency::kPoints, ledger::Holder::kShop, now));
        for (int d = batch; d < batch + 73; ++d) {
          // The current month: the demo closed the earlier ones (the balance does not care which month).
          const int p = period;
          for (int k = 0; k < 5; ++k) RETURN_IF_ERROR(Grant(tx, village, busy, 3, now, p));
          ASSIGN_OR_RETURN(auto acct, wangge::service::LedgerService::PersonAccount(
                                          tx, village, ledger::Currency::kPoints, busy, now));
          account = acct.id;
          for (int k = 0; k < 5; ++k) {
            ledger::Entry e;
            e.place_code = village;
            e.currency = ledger::Currency::kPoints;
            e.kind = ledger::Kind::kRedeem;
            e.period = p;
            e.created_at = now;
            e.movements = {{acct.id, -1}, {shop.id, 1}};
            RETURN_IF_ERROR(ledger::ValidateEntry(&e));
            RETURN_IF_ERROR(tx.ledger().Post(&e));
          }
        }
        return wangge::Status::Ok();
      });
      if (!w.ok()) {
        std::fprintf(stderr, "ledger_bench: %s\n", w.ToString().c_str());
        return 1;
      }
    }
  }
  std::vector<double> maintained, derived, statement;
  int64_t a = 0, b = 0;
  for (int i = 0; i < iters; ++i) {
    auto s = Clock::now();
    auto v = app.ledger.GetAccount(ctx, account);
    maintained.push_back(Ms(Clock::now() - s));
    if (v.ok()) a = v->account.balance;
    s = Clock::now();
    auto tx = app.db().Read();
    auto sums = (*tx)->ledger().SumMovements(account, 299912);
    derived.push_back(Ms(Clock::now() - s));
    if (sums.ok()) b = sums->total;
    s = Clock::now();
    auto page = app.ledger.Statement(ctx, account, {"", 50});
    statement.push_back(Ms(Clock::now() - s));
  }
  Emit("balance_year_of_movements_p50", Pct(maintained, 0.5), "ms", "");
  Emit("balance_year_of_movements_p99", Pct(maintained, 0.99), "ms", "< 5 ms");
  Emit("balance_derived_sum_p99", Pct(derived, 0.99), "ms", "< 5 ms");
  Emit("statement_first_page_p99", Pct(statement, 0.99), "ms", "");
  Emit("balance_equals_sum", a == b ? 1 : 0, "bool", "1");
  return correct && a == b ? 0 : 1;
}
