#include "cli/demo/points.hpp"

#include <algorithm>
#include <map>
#include <random>

#include "core/dates.hpp"
#include "core/ledger.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/shop_repo.hpp"

namespace wangge::cli {
namespace {

constexpr uint64_t kStream = 0x706f696e74733134ULL;  // "points14": this generator's own random stream

struct Goods {
  const char* name;
  int64_t points;
};
const Goods kGoods[] = {{"洗衣液 2 kg", 20}, {"食用油 5 L", 50}, {"大米 5 kg", 40}, {"毛巾 2 条", 10},
                        {"香皂 3 块", 8},    {"牙膏", 12},       {"酱油 1 L", 15},  {"折叠雨伞", 30},
                        {"保温杯", 35},      {"挂面 2 kg", 18}};

// Rules people earn by, with weights (how often they come up).
struct Weighted {
  const char* rule;
  int weight;
};
const Weighted kRules[] = {{"waste_sorting", 30}, {"activity_join", 18}, {"clean_courtyard", 14},
                           {"filial", 8},         {"safety_tip", 6},     {"conflict_help", 4},
                           {"wish_fulfilled", 6}, {"errand", 6},         {"double_report", 6},
                           {"service_order", 4}};

const char* const kServices[] = {"陪独居老人就医", "为空巢老人打扫卫生", "义务理发",     "辅导留守儿童功课",
                                 "代购生活用品",   "慰问困难群众",       "参与河道清理", "协助疫苗接种登记",
                                 "维护小区秩序",   "为残疾人送餐上门"};

}  // namespace

Result<DemoPointsSummary> BuildDemoPoints(storage::Database& db, const DemoPointsOptions& opt) {
  std::mt19937_64 rng(opt.seed ^ kStream);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  const int64_t today = ChinaDay(opt.now);
  const int first_day = static_cast<int>(today - 365);
  const int this_period = ledger::PeriodOfDay(today);
  int rule_weights = 0;
  for (const Weighted& w : kRules) rule_weights += w.weight;
  auto at = [&](int64_t day) { return day * 86400 - 8 * 3600 + 9 * 3600 + pick(9 * 3600); };  // 09-18 h
  DemoPointsSummary sum;

  for (const std::string& village : opt.villages) {
    // Who takes part: people of the village, and the demo accounts' people who live there.
    std::vector<int64_t> people;
    {
      ASSIGN_OR_RETURN(auto tx, db.Read());
      storage::PersonQuery q;
      q.scope = village;
      q.page.limit = opt.participants * 4;
      ASSIGN_OR_RETURN(auto page, tx->people().Search(q));
      for (const auto& p : page.items)
        if (pick(4) == 0 && static_cast<int>(people.size()) < opt.participants) people.push_back(p.id);
      for (int64_t id : opt.always) {
        auto p = tx->people().GetPerson(id);
        if (p.ok() && p->place_code.rfind(village, 0) == 0 &&
            std::find(people.begin(), people.end(), id) == people.end())
          people.push_back(id);
      }
    }
    if (people.empty()) continue;
    const int64_t by = village == opt.keeper_village ? opt.keeper : 0;
    DemoPointsSummary here;
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      here = {};
      const int64_t opened = (first_day - 1) * 86400;
      ASSIGN_OR_RETURN(auto issue, tx.ledger().OpenAccount(village, ledger::Currency::kPoints,
                                                           ledger::Holder::kCommunity, 0, {}, opened));
      ASSIGN_OR_RETURN(auto pool, tx.ledger().OpenAccount(village, ledger::Currency::kHours,
                                                          ledger::Holder::kCommunity, 0, {}, opened));
      ASSIGN_OR_RETURN(auto shop, tx.ledger().OpenAccount(village, ledger::Currency::kPoints,
                                                          ledger::Holder::kShop, 0, {}, opened));
      struct Member {
        int64_t points_account = 0, hours_account = 0, balance = 0;
        bool volunteer = false, always = false;
        int zeal = 0;                                           // chances in 1000 a day of earning points
        std::map<std::pair<std::string, int>, int64_t> earned;  // (rule, period) -> points
      };
      std::vector<Member> members(people.size());
      for (size_t i = 0; i < people.size(); ++i) {
        Member& m = members[i];
        m.always = std::find(opt.always.begin(), opt.always.end(), people[i]) != opt.always.end();
        ASSIGN_OR_RETURN(auto pa, tx.ledger().OpenAccount(
                                      village, ledger::Currency::kPoints, ledger::Holder::kPerson, people[i],
                                      ledger::DefaultLimits(ledger::Holder::kPerson), opened));
        ASSIGN_OR_RETURN(auto ha, tx.ledger().OpenAccount(
                                      village, ledger::Currency::kHours, ledger::Holder::kPerson, people[i],
                                      ledger::DefaultLimits(ledger::Holder::kPerson), opened));
        m.points_account = pa.id;
        m.hours_account = ha.id;
        m.volunteer = m.always || pick(10) < 4;
        m.zeal = m.always ? 150 : 20 + pick(80);
      }
      // The shop.
      std::vector<storage::ShopItem> items;
      const int n_items = 5 + pick(4);
      std::vector<int> order(std::size(kGoods));
      for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
      std::shuffle(order.begin(), order.end(), rng);
      for (int i = 0; i < n_items; ++i) {
        storage::ShopItem it;
        it.place_code = village;
        it.name = kGoods[order[static_cast<size_t>(i)]].name;
        it.points = kGoods[order[static_cast<size_t>(i)]].points;
        it.stock = 20 + pick(41);
        it.created_at = opened;
        RETURN_IF_ERROR(tx.shop().InsertItem(&it));
        items.push_back(it);
      }
      here.items = static_cast<int64_t>(items.size());
      auto post = [&](ledger::Entry& e) -> Status {
        RETURN_IF_ERROR(ledger::ValidateEntry(&e));
        RETURN_IF_ERROR(tx.ledger().Post(&e));
        ++here.entries;
        return Status::Ok();
      };
      int last_period = 0;
      for (int64_t day = first_day; day < today; ++day) {
        const int period = ledger::PeriodOfDay(day);
        if (period != last_period && last_period != 0)  // month start: the shop restocks what ran low
          for (auto& it : items)
            if (it.stock < 15) {
              it.stock += 30;
              RETURN_IF_ERROR(tx.shop().UpdateItem(&it));
            }
        last_period = period;
        for (Member& m : members) {
          // Points by a rule, within its monthly cap.
          if (pick(1000) < m.zeal) {
            int roll = pick(rule_weights);
            const Weighted* w = &kRules[0];
            for (const Weighted& x : kRules)
              if ((roll -= x.weight) < 0) {
                w = &x;
                break;
              }
            const ledger::PointsRule* rule = ledger::FindPointsRule(w->rule);
            if (rule == nullptr) return Internal(std::string("demo: no points rule ") + w->rule);
            int64_t& earned = m.earned[{rule->code, period}];
            if (rule->monthly_cap == 0 || earned + rule->points <= rule->monthly_cap) {
              ledger::Entry e;
              e.place_code = village;
              e.currency = ledger::Currency::kPoints;
              e.kind = ledger::Kind::kAward;
              e.period = period;
              e.rule = rule->code;
              e.created_by = by;
              e.created_at = at(day);
              e.movements = {{issue.id, -rule->points}, {m.points_account, rule->points}};
              RETURN_IF_ERROR(post(e));
              earned += rule->points;
              m.balance += rule->points;
            }
          }
          // Volunteers' hours of public service, and the points they earn by the hour.
          if (m.volunteer && pick(1000) < (m.always ? 60 : 25)) {
            const int64_t minutes = 30 * (2 + pick(7));
            ledger::Entry e;
            e.place_code = village;
            e.currency = ledger::Currency::kHours;
            e.kind = ledger::Kind::kService;
            e.period = period;
            e.memo = kServices[pick(static_cast<int>(std::size(kServices)))];
            e.created_by = by;
            e.created_at = at(day);
            e.movements = {{pool.id, -minutes}, {m.hours_account, minutes}};
            RETURN_IF_ERROR(post(e));
            const ledger::PointsRule* rule = ledger::FindPointsRule("volunteer_hour");
            if (rule == nullptr) return Internal("demo: no points rule volunteer_hour");
            int64_t& earned = m.earned[{"volunteer_hour", period}];
            const int64_t pts = std::min(rule->points * (minutes / 60), rule->monthly_cap - earned);
            if (pts > 0) {
              ledger::Entry a;
              a.place_code = village;
              a.currency = ledger::Currency::kPoints;
              a.kind = ledger::Kind::kAward;
              a.period = period;
              a.rule = rule->code;
              a.memo = e.memo;
              a.created_by = by;
              a.created_at = e.created_at + 60;
              a.movements = {{issue.id, -pts}, {m.points_account, pts}};
              RETURN_IF_ERROR(post(a));
              earned += pts;
              m.balance += pts;
            }
          }
          // A redemption when the points reach an item in stock (the demo accounts' people on their last
          // day).
          const bool last_day = day == today - 1;
          if ((pick(1000) < 25) || (m.always && last_day)) {
            std::vector<storage::ShopItem*> affordable;
            for (auto& it : items)
              if (it.stock > 0 && it.points <= m.balance) affordable.push_back(&it);
            if (affordable.empty()) continue;
            storage::ShopItem& it =
                *affordable[static_cast<size_t>(pick(static_cast<int>(affordable.size())))];
            ASSIGN_OR_RETURN(const bool taken, tx.shop().TakeStock(it.id, 1));
            if (!taken) return Internal("demo: the shop's stock went out of step");
            --it.stock;
            ledger::Entry e;
            e.place_code = village;
            e.currency = ledger::Currency::kPoints;
            e.kind = ledger::Kind::kRedeem;
            e.period = period;
            e.memo = it.name + " × 1";
            e.ref = "shop:" + std::to_string(it.id);
            e.created_by = by;
            e.created_at = at(day);
            e.movements = {{m.points_account, -it.points}, {shop.id, it.points}};
            RETURN_IF_ERROR(post(e));
            m.balance -= it.points;
            storage::Redemption r;
            r.place_code = village;
            r.item_id = it.id;
            r.item_name = it.name;
            r.person_id = people[static_cast<size_t>(&m - members.data())];
            r.points = it.points;
            r.entry_id = e.id;
            r.idem_key = "demo-" + std::to_string(e.id);
            r.created_by = by;
            r.created_at = e.created_at;
            RETURN_IF_ERROR(tx.shop().InsertRedemption(&r));
            ++here.redemptions;
            if (day >= today - 7 || (m.always && last_day)) continue;  // still waiting at the shop
            const int64_t done_day = std::min<int64_t>(day + 1 + pick(3), today - 1);
            if (pick(100) < 3) {  // cancelled: the points come back, the item goes back on the shelf
              const int64_t when = at(done_day);
              ledger::Entry back =
                  ledger::ReversalOf(e, ledger::PeriodOfDay(done_day), "居民取消兑换", by, when);
              RETURN_IF_ERROR(post(back));
              RETURN_IF_ERROR(tx.shop().ReturnStock(it.id, 1));
              ++it.stock;
              m.balance += it.points;
              RETURN_IF_ERROR(tx.shop().SetRedemptionStatus(r.id, "pending", "cancelled", by, when));
            } else {
              RETURN_IF_ERROR(tx.shop().SetRedemptionStatus(r.id, "pending", "handed", by, at(done_day)));
            }
          }
        }
      }
      // Every month before the current one is closed, on the first day of the next.
      for (int p = ledger::PeriodOfDay(first_day); p < this_period;) {
        const int next = p % 100 == 12 ? p + 89 : p + 1;
        const int64_t when = ledger::PeriodFirstDay(next) * 86400 - 8 * 3600 + 10 * 3600;
        for (ledger::Currency c : {ledger::Currency::kPoints, ledger::Currency::kHours})
          RETURN_IF_ERROR(tx.ledger().ClosePeriod(village, c, p, by, when).status());
        p = next;
      }
      return Status::Ok();
    }));
    sum.entries += here.entries;
    sum.redemptions += here.redemptions;
    sum.items += here.items;
  }
  return sum;
}

}  // namespace wangge::cli
